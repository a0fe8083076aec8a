//! Shared inputs for the benches and the latency example: the benchmark lexicons (generated
//! deterministically from the bundled data by `cargo run -p xtask --release -- gen-scaling`,
//! run on first use), and fixed query sets.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The text of `target/namefix-bench/lexicon-{label}.tsv` (label: 10k, 100k, 150k, 1m),
/// generating the files first when they are missing.
pub(crate) fn scaling_lexicon(label: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let path = target
        .join("namefix-bench")
        .join(format!("lexicon-{label}.tsv"));
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["run", "-q", "-p", "xtask", "--release", "--", "gen-scaling"])
            .current_dir(root)
            .status()
            .expect("run xtask gen-scaling");
        assert!(status.success(), "xtask gen-scaling failed");
    }
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Exact names (already canonical).
pub(crate) const EXACT: &[&str] = &[
    "Olivia Colman",
    "Heartstopper",
    "Netflix",
    "The Shawshank Redemption",
    "Keira Knightley",
    "Stranger Things",
    "Benedict Cumberbatch",
    "Doctor Who",
    "Happy Valley",
    "Pedro Pascal",
];

/// Names that differ only by case, spacing, punctuation or diacritics.
pub(crate) const NORMALIZED: &[&str] = &[
    "olivia colman",
    "heart stopper",
    "NETFLIX",
    "Strangerthings",
    "Cormac Hyde Corrin",
    "Conan OBrien",
    "Beyonce",
    "Spider Man",
    "joe locke",
    "doctor-who",
];

/// Misspellings (typos).
pub(crate) const FUZZY: &[&str] = &[
    "The Shawshank Redemtion",
    "Benedcit Cumberbach",
    "Jodie Comar",
    "Olvia Colman",
    "Heartstoper",
    "Kizzy Edgel",
    "Sally Wainright",
    "Jesse Armstong",
    "Bella Ramsy",
    "Peter Capaldy",
    "Line of Dutty",
    "Winona Rider",
    "David Tenant",
    "Sherlok",
    "Liam Hemsword",
    "Lord of Rings",
    "The Wolf of the Wall Street",
    "Pedro Pascall",
];

/// Misspellings that sound like the name.
pub(crate) const PHONETIC: &[&str] = &[
    "Olivia Coleman",
    "Alice Osseman",
    "Kiera Knightly",
    "Matthew McConaughy",
    "Sara Lancashire",
    "Millie Bobbie Brown",
    "Jodie Whitaker",
];

/// Mentions that must be rejected.
pub(crate) const MISS: &[&str] = &[
    "good morning",
    "heart rate",
    "the weather",
    "Johnson",
    "qwertyuiop asdf",
    "completely unrelated words",
    "zzzz",
    "the cat sat on the mat",
];

/// Every mention of the evaluation sets (`tests/eval/*/mentions.tsv`: real ASR output, real
/// and synthetic misspellings), in file order: a realistic mix of garbled mentions, most of
/// them not in the benchmark lexicons.
pub(crate) fn eval_mentions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/eval")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("mentions.tsv").exists())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for d in dirs {
        let text = std::fs::read_to_string(d.join("mentions.tsv")).expect("mentions.tsv");
        out.extend(
            text.lines()
                .filter_map(|l| l.split('\t').next())
                .filter(|m| !m.is_empty())
                .map(str::to_string),
        );
    }
    out
}

/// About 100 KB of English prose with names in it (the clean Wikipedia paragraphs of the
/// evaluation data, cut at a char boundary).
pub(crate) fn prose_100k() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/eval/clean-text/squad-paragraphs.txt"))
        .expect("clean text");
    let mut end = 100_000.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}
