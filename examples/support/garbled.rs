//! Garbled mentions of bundled entities in sentences of public prose
//! (`tests/eval/garbled-prose/garbled.tsv`, made by `cargo run --release --example garble`),
//! shared by the `evaluate` example and `tests/eval.rs`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use namefix::Matcher;

/// One garbled sentence, in both renderings.
pub(crate) struct Item {
    pub(crate) half: String,
    pub(crate) noise: String,
    pub(crate) kind: String,
    pub(crate) id: String,
    /// (sentence, gold start, gold end, gold replacement) for the cased and lowercase renderings.
    pub(crate) cased: (String, usize, usize, String),
    pub(crate) lower: (String, usize, usize, String),
}

/// Reads the committed set.
pub(crate) fn items() -> Vec<Item> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/garbled-prose/garbled.tsv");
    let text = std::fs::read_to_string(p).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 16, "garbled.tsv: bad line {l:?}");
            let item = Item {
                half: c[0].to_string(),
                noise: c[1].to_string(),
                kind: c[2].to_string(),
                id: c[3].to_string(),
                cased: (
                    c[6].to_string(),
                    c[7].parse().unwrap(),
                    c[8].parse().unwrap(),
                    c[10].to_string(),
                ),
                lower: (
                    c[11].to_string(),
                    c[12].parse().unwrap(),
                    c[13].parse().unwrap(),
                    c[15].to_string(),
                ),
            };
            assert_eq!(&item.cased.0[item.cased.1..item.cased.2], c[9], "{l}");
            assert_eq!(&item.lower.0[item.lower.1..item.lower.2], c[14], "{l}");
            item
        })
        .collect()
}

/// Gold mentions, correct proposals and all proposals.
#[derive(Default, Clone, Copy)]
pub(crate) struct Tally {
    pub(crate) gold: usize,
    pub(crate) correct: usize,
    pub(crate) proposals: usize,
}

impl Tally {
    pub(crate) fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }

    pub(crate) fn precision(&self) -> f64 {
        if self.proposals == 0 {
            1.0
        } else {
            self.correct as f64 / self.proposals as f64
        }
    }

    fn add(&mut self, o: Tally) {
        self.gold += o.gold;
        self.correct += o.correct;
        self.proposals += o.proposals;
    }
}

/// Tallies keyed by (rendering, half, "noise" | "kind" | "all", value).
pub(crate) type Tallies = BTreeMap<(String, String, String, String), Tally>;

/// Checks every sentence (every `step`-th item when given, for tests) in both renderings; a
/// proposal is correct when its span and replacement equal the gold, and every other proposal
/// in the sentence is false. Also returns the differences, for review.
pub(crate) fn evaluate(m: &Matcher, step: usize) -> (Tallies, Vec<String>) {
    let mut t = Tallies::new();
    let mut notes = Vec::new();
    for it in items().iter().step_by(step.max(1)) {
        for (rendering, (s, a, b, gold)) in [("cased", &it.cased), ("lowercase", &it.lower)] {
            let props = m.check(s);
            let correct = props
                .iter()
                .filter(|c| c.start() == *a && c.end() == *b && c.replacement() == gold)
                .count();
            let one = Tally {
                gold: 1,
                correct,
                proposals: props.len(),
            };
            if correct == 0 || props.len() > 1 {
                let got: Vec<String> = props
                    .iter()
                    .map(|c| format!("{:?} -> {:?}", c.original(), c.replacement()))
                    .collect();
                notes.push(format!(
                    "{rendering}\t{}\t{}\t{}\t{:?} -> {:?}\tproposed: {}\t{s}",
                    it.half,
                    it.noise,
                    it.kind,
                    &s[*a..*b],
                    gold,
                    got.join("; ")
                ));
            }
            for (by, v) in [
                ("noise", it.noise.as_str()),
                ("kind", it.kind.as_str()),
                ("all", "all"),
            ] {
                t.entry((rendering.into(), it.half.clone(), by.into(), v.into()))
                    .or_default()
                    .add(one);
            }
        }
    }
    (t, notes)
}
