//! Accuracy floors on the evaluation sets (each with its own lexicon), the false-correction
//! ceilings on clean prose, and floors on running text (real ASR output, garbled prose) and on
//! people lookups. The floors sit a little below what `cargo run --release --example
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
/// proposed correction per 10,000 words with the bundled lexicon, besides the reviewed true
/// fixes of `tests/eval/clean-text/true-fixes.tsv` (the questions have typos of their own).
#[test]
fn clean_text_is_left_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/clean-text");
    let mut words = 0;
    let mut proposed = Vec::new();
    let listed = std::fs::read_to_string(dir.join("true-fixes.tsv")).unwrap();
    let true_fixes: Vec<(&str, usize, &str, &str)> = listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0], c[1].parse().unwrap(), c[2], c[3])
        })
        .collect();
    for file in ["squad-paragraphs.txt", "squad-questions.txt"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        words += text.split_whitespace().count();
        for c in Matcher::bundled().check(&text) {
            // Reviewed proposals that truly fix the text (tests/eval/clean-text/true-fixes.tsv).
            let listed = true_fixes.iter().any(|(f, start, original, replacement)| {
                *f == file
                    && *start == c.start()
                    && *original == c.original()
                    && *replacement == c.replacement()
            });
            if listed {
                continue;
            }
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
/// written (145 now), 264 before real-word swaps were penalised; the ceiling (5%) catches
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

// ---- Running text and lookups (issue 15's measurements; figures from
// `cargo run --release --example evaluate`, floors and ceilings with margins). ----

#[path = "../examples/support/clean_text.rs"]
mod clean_text;
#[path = "../examples/support/earnings21.rs"]
mod earnings21;
#[path = "../examples/support/garbled.rs"]
mod garbled;
#[path = "../examples/support/lookups.rs"]
mod lookups;

/// Proposals per 10,000 words on the other clean-text files (the first 1.5 MB of each, to keep
/// the test quick), not counting the reviewed true fixes. Measured 2026-12-07 on these cuts:
/// brown 0.59, nlp-corpus 0.37, Debian docs 0.16 (whole files: 0.34, 0.47, 0.14; the news
/// at the start of Brown names more people than the rest).
#[test]
fn clean_prose_ceilings() {
    let m = Matcher::bundled();
    let mut report = Vec::new();
    for (file, ceiling) in [
        ("brown.txt", 0.7),
        ("nlp-corpus.txt", 0.5),
        ("debian-docs.txt", 0.3),
    ] {
        let (row, props) = clean_text::check_file(m, file, Some(1_500_000));
        assert!(row.words > 150_000, "{file}: {} words", row.words);
        report.push(format!("{file}: {:.2} per 10k words", row.per_10k()));
        let listed: Vec<String> = props
            .iter()
            .filter(|p| !p.true_fix)
            .take(30)
            .map(|p| format!("{:?} -> {:?}", p.original, p.replacement))
            .collect();
        assert!(
            row.per_10k() <= ceiling,
            "{file}: {:.2} proposals per 10k words > {ceiling}, e.g.\n{}",
            row.per_10k(),
            listed.join("\n")
        );
    }
    eprintln!("{}", report.join("\n"));
}

/// Every reviewed true fix is still a row of its file: the list names real proposals' spans.
#[test]
fn true_fixes_point_at_their_text() {
    for (file, start, original, _) in clean_text::true_fixes() {
        let text = std::fs::read_to_string(clean_text::dir().join(&file)).unwrap();
        assert_eq!(
            text.get(start..start + original.len()),
            Some(original.as_str()),
            "true-fixes.tsv: {file} @{start}"
        );
    }
}

/// The Rust port of earnings21-text/score.py gives score.py's figures on proposals that
/// exercise every branch (score.py's output is committed as score-py-synthetic.txt).
#[test]
fn earnings21_scorer_port_equals_score_py() {
    let (rows, _) = earnings21::synthetic_counts();
    let expected =
        std::fs::read_to_string(earnings21::dir().join("score-py-synthetic.txt")).unwrap();
    let mut all = earnings21::Counts::default();
    for (_, c) in &rows {
        all.add(c);
    }
    let mut checked = 0;
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let c = match f[0] {
            "ALL" => &all,
            "overall:" => break,
            s => &rows.iter().find(|r| r.0 == s).expect("system").1,
        };
        let ours = vec![
            c.gold.to_string(),
            format!("{:.3}", c.recall()),
            format!("{:.3}", c.loose_recall()),
            format!("{:.3}", c.reach()),
            c.props.to_string(),
            c.good.to_string(),
            c.false_.to_string(),
            c.neutral.to_string(),
            c.refok.to_string(),
            format!("{:.3}", c.precision()),
            c.keep.to_string(),
            format!("{:.2}%", 100.0 * c.damaged_share()),
            format!("{:.1}", c.per_10k()),
        ];
        assert_eq!(ours, f[1..], "{}", f[0]);
        checked += 1;
    }
    assert_eq!(checked, 8);
}

/// Real ASR output with the call set's own lexicon, over all seven systems. Measured
/// 2026-12-07: recall 0.017, within reach 0.034, precision 0.869, damaged 0.00%.
#[test]
fn earnings21_text_floors() {
    let m = earnings21::matcher();
    let (rows, _) = earnings21::evaluate(&m, None, &mut Vec::new());
    let mut all = earnings21::Counts::default();
    for (_, c) in &rows {
        all.add(c);
    }
    eprintln!(
        "earnings21-text: recall {:.3} reach {:.3} precision {:.3} damaged {:.4}",
        all.recall(),
        all.reach(),
        all.precision(),
        all.damaged_share()
    );
    assert_eq!(rows.len(), 7);
    assert!(all.recall() >= 0.015, "recall {:.3}", all.recall());
    assert!(all.reach() >= 0.030, "within reach {:.3}", all.reach());
    assert!(all.precision() >= 0.84, "precision {:.3}", all.precision());
    assert!(
        all.damaged_share() <= 0.01,
        "damaged {:.4}",
        all.damaged_share()
    );
}

/// Garbled mentions in prose, report half. Measured 2026-12-07: cased recall 0.540 at
/// precision 0.987, lowercase 0.608 at 0.984, after a sentence naming the entity 0.584 at
/// 0.980 (the floors leave a little room; the precision target is 0.95).
#[test]
fn garbled_prose_floors() {
    let (t, _) = garbled::evaluate(Matcher::bundled(), 1);
    for (rendering, min_r, min_p) in [
        ("cased", 0.50, 0.95),
        ("lowercase", 0.56, 0.95),
        ("named-before", 0.54, 0.95),
    ] {
        let x = t[&(
            rendering.to_string(),
            "report".to_string(),
            "all".to_string(),
            "all".to_string(),
        )];
        eprintln!(
            "garbled-prose {rendering}: recall {:.3} precision {:.3} (n {})",
            x.recall(),
            x.precision(),
            x.gold
        );
        assert!(x.gold > 1000);
        assert!(x.recall() >= min_r, "{rendering}: recall {:.3}", x.recall());
        assert!(
            x.precision() >= min_p,
            "{rendering}: precision {:.3}",
            x.precision()
        );
    }
}

/// Lookups of bundled people under another first name, and of real people outside the
/// lexicon. Measured 2026-12-06: recall 0.913; 3.7% answered with a (different) person.
#[test]
fn lookup_people_floors() {
    let m = Matcher::bundled();
    let v = lookups::variants(m, 1);
    eprintln!(
        "first-name variants: recall {:.3} of {}",
        v.recall(),
        v.scored
    );
    assert!(v.scored > 1000);
    assert!(
        v.recall() >= 0.89,
        "recall {:.3}: {:?}",
        v.recall(),
        v.examples
    );
    let o = lookups::others(m, 1);
    eprintln!(
        "other people: {:.3} answered with a person of {}",
        o.person_share(),
        o.scored
    );
    assert!(o.scored > 3000);
    assert!(
        o.person_share() <= 0.045,
        "{:.3} answered with a person: {:?}",
        o.person_share(),
        o.examples
    );
}
