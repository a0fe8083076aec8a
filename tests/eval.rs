//! Accuracy floors on the evaluation sets (each with its own lexicon) and the false-correction
//! ceiling on clean prose. The floors sit a little below what `cargo run --release --example
//! evaluate` measured (see README.md), so a regression fails here.

use std::path::Path;

use namefix::{Lexicon, Matcher};

fn eval_set(name: &str) -> (f64, f64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval")
        .join(name);
    let lex =
        Lexicon::from_tsv(&std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap()).unwrap();
    let m = Matcher::new(lex);
    let mentions = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
    let (mut positives, mut accepted, mut correct) = (0, 0, 0);
    for line in mentions.lines().filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (mention, gold) = (cols.next().unwrap(), cols.next().unwrap_or(""));
        if !gold.is_empty() {
            positives += 1;
        }
        if let Some(hit) = m.lookup(mention) {
            accepted += 1;
            if hit.id() == gold {
                correct += 1;
            }
        }
    }
    let recall = correct as f64 / positives as f64;
    let precision = correct as f64 / accepted.max(1) as f64;
    eprintln!("{name}: recall {recall:.3} precision {precision:.3}");
    (recall, precision)
}

#[track_caller]
fn floors(name: &str, min_recall: f64, min_precision: f64) {
    let (r, p) = eval_set(name);
    assert!(r >= min_recall, "{name}: recall {r:.3} < {min_recall}");
    assert!(
        p >= min_precision,
        "{name}: precision {p:.3} < {min_precision}"
    );
}

#[test]
fn human_misspellings() {
    floors("human-misspellings", 0.95, 0.99);
}

#[test]
fn febrl_names() {
    floors("febrl-names", 0.63, 0.91);
}

#[test]
fn noiseqa_natural() {
    floors("noiseqa-natural", 0.33, 0.89);
}

#[test]
fn earnings21_asr() {
    floors("earnings21-asr", 0.20, 0.69);
}

/// Correct English prose (42,000 words of Wikipedia paragraphs and questions): at most one
/// proposed correction per 10,000 words with the bundled lexicon.
#[test]
fn clean_text_is_left_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/clean-text");
    let mut words = 0;
    let mut proposed = Vec::new();
    for file in ["squad-paragraphs.txt", "squad-questions.txt"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        words += text.split_whitespace().count();
        for c in Matcher::bundled().check(&text) {
            proposed.push(format!(
                "{file}: {:?} -> {:?}",
                c.original(),
                c.replacement()
            ));
        }
    }
    assert!(words > 40_000);
    let allowed = words / 10_000;
    assert!(
        proposed.len() <= allowed,
        "{} corrections on {words} words of clean text (allowed {allowed}):\n{}",
        proposed.len(),
        proposed.join("\n")
    );
}

/// Private persons' names (the febrl-names lexicon: synthetic records, not public figures)
/// looked up in the bundled lexicon. They are other people's names, so a fuzzy answer ("Troy
/// Reid" -> "Tara Reid", "Olivia" -> "Bolivia") is almost always wrong; exact answers (a real
/// "Harry Reid") are not counted. Measured 152 fuzzy answers of 4,045 (3.8%) when this test was
/// written (143 now), 264 before real-word swaps were penalised; the ceiling (5%) catches
/// regressions.
#[test]
fn private_names_are_not_turned_into_public_ones() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/febrl-names/lexicon.tsv");
    let lex = Lexicon::from_tsv(&std::fs::read_to_string(path).unwrap()).unwrap();
    let m = Matcher::bundled();
    let mut fuzzy = Vec::new();
    for e in lex.entities() {
        if let Some(hit) = m.lookup(e.name()) {
            if !matches!(
                hit.match_kind(),
                namefix::MatchKind::Exact
                    | namefix::MatchKind::Normalized
                    | namefix::MatchKind::Alias
            ) {
                fuzzy.push(format!("{:?} -> {:?}", e.name(), hit.name()));
            }
        }
    }
    eprintln!(
        "{} fuzzy answers for {} private names",
        fuzzy.len(),
        lex.len()
    );
    assert!(
        fuzzy.len() * 100 <= lex.len() * 5,
        "{} fuzzy answers for {} private names, e.g.\n{}",
        fuzzy.len(),
        lex.len(),
        fuzzy[..fuzzy.len().min(20)].join("\n")
    );
}
