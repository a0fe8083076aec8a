//! data/lexicon.tsv, data/relations.tsv, data/names.tsv and data/known-people.tsv must be what
//! the generator makes from the sources (typos-style codegen check).
//!
//! When `../shared/data/sources` exists (or `NAMEFIX_SOURCES` names a directory), this runs
//! `cargo run -p xtask --release -- gen-data --check`, which fails when a checked-in file differs.
//! `NAMEFIX_BLESS=1 cargo test --test data_freshness` rewrites the files instead; the files
//! made from them are then rewritten with `BLESS=1 cargo test -p namefix --lib
//! bundled_index_is_fresh` (data/bundled.nfx) and, after it, `... bundled_relations_are_fresh`
//! (data/relations.bin, which numbers the relations' ids by bundled entity). Without the
//! sources the test prints SKIPPED and passes.

use std::path::PathBuf;
use std::process::Command;

const STALE: &str =
    "generated data (data/lexicon.tsv, relations.tsv, names.tsv, known-people.tsv) is stale: \
     run NAMEFIX_BLESS=1 cargo test --test data_freshness";

fn sources() -> PathBuf {
    match std::env::var_os("NAMEFIX_SOURCES") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/sources"),
    }
}

#[test]
fn bundled_lexicon_is_fresh() {
    let src = sources();
    if !src.is_dir() {
        let msg =
            "SKIPPED: ../shared/data/sources not found; freshness of the generated data files (data/lexicon.tsv, relations.tsv, names.tsv, known-people.tsv) not checked";
        eprintln!("{msg}");
        println!("{msg}");
        return;
    }
    let bless = std::env::var("NAMEFIX_BLESS").is_ok_and(|v| v == "1");
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "-q", "-p", "xtask", "--release", "--", "gen-data"])
        .env("NAMEFIX_SOURCES", &src);
    if !bless {
        cmd.arg("--check");
    }
    let out = cmd.output().expect("could not run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if bless {
        assert!(out.status.success(), "gen-data failed:\n{stderr}");
        eprintln!("blessed the generated data files\n{stderr}");
        return;
    }
    assert!(
        out.status.success(),
        "{STALE}\n\ngenerator output:\n{stderr}"
    );
}
