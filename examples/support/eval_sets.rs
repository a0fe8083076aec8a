//! The evaluation sets of `tests/eval/` (shared by the `calibrate` and `evaluate` examples).

use std::path::PathBuf;

/// Every folder of `tests/eval/` that holds a `mentions.tsv`, sorted by path.
pub(crate) fn eval_set_dirs() -> Vec<PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut sets: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/eval")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("mentions.tsv").exists())
        .collect();
    sets.sort();
    sets
}
