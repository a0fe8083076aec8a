//! Replays the inputs kept under `tests/fixtures/robustness/` through the same code as the fuzz
//! targets (`fuzz/fuzz_targets/common.rs`), so CI checks them without cargo-fuzz.
//!
//! * `check/`, `lookup/`, `lexicon_tsv/`, `lexicon_jsonl/`: crash inputs found by the target of
//!   that name (none so far) and a small sample of its corpus (seeds and minimised entries);
//! * `idempotence/`: inputs on which `fix(fix(t)) != fix(t)` (known bug, ignored test).
//!
//! To add a crash found by `cargo fuzz run TARGET`, copy `fuzz/artifacts/TARGET/crash-*` into
//! the directory of that target; see ROBUSTNESS.md.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/robustness")
        .join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let data = std::fs::read(&p).unwrap();
            (p, data)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

fn replay(target: &str, run: impl Fn(&[u8])) {
    let mut failed = Vec::new();
    for (path, data) in inputs(target) {
        if catch_unwind(AssertUnwindSafe(|| run(&data))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target}: inputs failing: {failed:#?}");
}

#[test]
fn check_inputs() {
    replay("check", |d| common::run_check(d, false));
}

#[test]
fn lookup_inputs() {
    replay("lookup", common::run_lookup);
}

#[test]
fn lexicon_tsv_inputs() {
    replay("lexicon_tsv", common::run_lexicon_tsv);
}

#[test]
fn index_inputs() {
    replay("index", common::run_index);
}

#[test]
fn lexicon_jsonl_inputs() {
    replay("lexicon_jsonl", common::run_lexicon_jsonl);
}

/// The idempotence inputs still satisfy every other invariant of the check target.
#[test]
fn idempotence_inputs_pass_the_other_checks() {
    replay("idempotence", |d| common::run_check(d, false));
}

#[test]
fn idempotence_inputs() {
    replay("idempotence", |d| {
        let mut d = d.to_vec();
        d[0] |= 2; // ask run_check for the idempotence assertion
        common::run_check(&d, true)
    });
}
