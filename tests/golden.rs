//! Golden files: the seed article and our own articles, each with its gold edits.
//!
//! The seed article (`tests/golden/`) must come out exactly: every gold edit, byte for byte,
//! and no other. Our own articles (`tests/articles/`, written in the seed's style with traps)
//! are held to the precision and recall measured when they were written (see README.md;
//! `cargo run --release --example articles` prints the table).

use std::path::{Path, PathBuf};

use namefix::Matcher;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// (start, end, original, replacement) rows of an `.edits.tsv` file.
fn gold_edits(path: &Path) -> Vec<(usize, usize, String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].parse().unwrap(),
                c[1].parse().unwrap(),
                c[2].to_string(),
                c[3].to_string(),
            )
        })
        .collect()
}

fn found_edits(text: &str) -> Vec<(usize, usize, String, String)> {
    Matcher::bundled()
        .check(text)
        .iter()
        .map(|c| {
            (
                c.start(),
                c.end(),
                c.original().to_string(),
                c.replacement().to_string(),
            )
        })
        .collect()
}

fn read(dir: &str, name: &str, ext: &str) -> String {
    std::fs::read_to_string(root().join(dir).join(format!("{name}.{ext}"))).unwrap()
}

#[test]
fn seed_article_heartstopper_bloopers() {
    let text = read("tests/golden", "heartstopper-bloopers", "txt");
    let gold = read("tests/golden", "heartstopper-bloopers", "gold.txt");
    let want = gold_edits(&root().join("tests/golden/heartstopper-bloopers.edits.tsv"));
    assert_eq!(want.len(), 11);
    assert_eq!(found_edits(&text), want);
    assert_eq!(Matcher::bundled().fix(&text), gold);
    // Fixing fixed text changes nothing.
    assert!(Matcher::bundled().check(&gold).is_empty());
}

/// Checks one of our articles against the precision and recall floors it was measured at.
fn article(name: &str, min_recall: f64) {
    let text = read("tests/articles", name, "txt");
    let want = gold_edits(&root().join(format!("tests/articles/{name}.edits.tsv")));
    let found = found_edits(&text);
    let correct = found.iter().filter(|e| want.contains(e)).count();
    let wrong: Vec<_> = found.iter().filter(|e| !want.contains(e)).collect();
    assert!(wrong.is_empty(), "{name}: edits not in the gold: {wrong:?}");
    let recall = correct as f64 / want.len() as f64;
    assert!(
        recall >= min_recall,
        "{name}: recall {recall:.2} below {min_recall}"
    );
    // Whatever was fixed, fixing again changes nothing.
    let fixed = Matcher::bundled().fix(&text);
    assert_eq!(
        Matcher::bundled().fix(&fixed),
        fixed,
        "{name}: fix is not idempotent"
    );
}

#[test]
fn article_happy_valley_finale() {
    article("happy-valley-finale", 0.85);
}

#[test]
fn article_stranger_things_cast() {
    article("stranger-things-cast", 0.66);
}

#[test]
fn article_succession_awards() {
    article("succession-awards", 0.70);
}

#[test]
fn article_doctor_who_return() {
    article("doctor-who-return", 0.75);
}
