//! Garbled mentions of bundled entities in sentences of public prose
//! (`tests/eval/garbled-prose/garbled.tsv`, made by `cargo run --release --example garble`),
//! shared by the `evaluate` example and `tests/eval.rs`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use namefix::{Matcher, ScanOptions};

/// One garbled sentence, in both renderings.
pub(crate) struct Item {
    pub(crate) half: String,
    pub(crate) noise: String,
    pub(crate) kind: String,
    pub(crate) id: String,
    /// (sentence, gold start, gold end, gold replacement) for the cased and lowercase renderings.
    pub(crate) cased: (String, usize, usize, String),
    pub(crate) lower: (String, usize, usize, String),
    /// The lowercase rendering's text with the cased sentence's capitals (`None` where
    /// lowercasing changed a length, so that offsets would not agree).
    pub(crate) lower_with_case: Option<String>,
    /// The source sentence as written, naming the entity exactly.
    pub(crate) original: String,
}

impl Item {
    /// A proposal on the lowercase rendering that only restores the capitals of the cased
    /// sentence ("los angeles" -> "Los Angeles" where the sentence wrote Los Angeles): what a
    /// speech transcript needs, not a false correction. Such proposals are neither right nor
    /// wrong unless they are the gold.
    pub(crate) fn restores_case(&self, start: usize, end: usize, replacement: &str) -> bool {
        restores_case(
            &self.lower.0,
            self.lower_with_case.as_deref(),
            start,
            end,
            replacement,
        )
    }
}

/// [`Item::restores_case`] on the columns of a row: the lowercase rendering and its text with
/// the cased sentence's capitals.
pub(crate) fn restores_case(
    lower: &str,
    with_case: Option<&str>,
    start: usize,
    end: usize,
    replacement: &str,
) -> bool {
    let (Some(cased), Some(written)) = (
        with_case.and_then(|c| c.get(start..end)),
        lower.get(start..end),
    ) else {
        return false;
    };
    cased == replacement && written != replacement
}

/// The lowercase rendering with the cased sentence's capitals, when its offsets agree with the
/// lowercase rendering's.
pub(crate) fn with_case(cased_sentence: &str, lower_sentence: &str) -> Option<String> {
    let (kept, _) = render(cased_sentence, false);
    (kept.len() == lower_sentence.len() && kept.to_lowercase() == lower_sentence).then_some(kept)
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
            // The lowercase rendering is the cased sentence's, as `garble` made it.
            assert_eq!(render(c[6], true).0, c[11], "{l}");
            let lower_with_case = with_case(c[6], c[11]);
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
                lower_with_case,
                original: c[5].to_string(),
            };
            assert_eq!(&item.cased.0[item.cased.1..item.cased.2], c[9], "{l}");
            assert_eq!(&item.lower.0[item.lower.1..item.lower.2], c[14], "{l}");
            item
        })
        .collect()
}

/// The unpunctuated rendering of `s` (lowercase when `lower`, as from a speech recogniser),
/// with a map from each byte offset of `s` to the offset of the rendering (for the gold span).
/// Letters and digits are kept (lowercased when `lower`); apostrophes between letters are
/// kept; other punctuation is dropped, except hyphens, dashes and slashes, which become
/// spaces; spaces are collapsed and trimmed. `garble` writes the lowercase rendering; the one
/// that keeps case tells which re-casings of it restore the cased text.
pub(crate) fn render(s: &str, lower: bool) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut map = vec![0; s.len() + 1];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        map[i..i + c.len_utf8()].fill(out.len());
        let prev_alpha = k > 0 && chars[k - 1].1.is_alphanumeric();
        let next_alpha = chars.get(k + 1).is_some_and(|c| c.1.is_alphanumeric());
        if c.is_alphanumeric() {
            if lower {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        } else if (c == '\'' || c == '’') && prev_alpha && next_alpha {
            out.push('\'');
        } else if (c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/'))
            && !out.is_empty()
            && !out.ends_with(' ')
        {
            out.push(' ');
        }
    }
    map[s.len()] = out.len();
    // Trailing space.
    if out.ends_with(' ') {
        out.pop();
        let n = out.len();
        for m in map.iter_mut() {
            *m = (*m).min(n);
        }
    }
    (out, map)
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

/// Checks every sentence (every `step`-th item when given, for tests) in its renderings; a
/// proposal is correct when its span and replacement equal the gold, and every other proposal
/// in the sentence is false, except, in the lowercase rendering, one that restores the cased
/// sentence's capitals ([`Item::restores_case`]). Also returns the differences, for review.
///
/// The renderings: `cased` and `lowercase` (the sentence alone), and `named-before`: the cased
/// sentence after its source sentence, which names the entity exactly (a document that names
/// the entity elsewhere, as an article does; every proposal in either sentence counts).
pub(crate) fn evaluate(m: &Matcher, step: usize) -> (Tallies, Vec<String>) {
    evaluate_with(m, step, &ScanOptions::default())
}

/// [`evaluate`] with scan options (a threshold).
pub(crate) fn evaluate_with(
    m: &Matcher,
    step: usize,
    opts: &ScanOptions,
) -> (Tallies, Vec<String>) {
    let mut t = Tallies::new();
    let mut notes = Vec::new();
    for it in items().iter().step_by(step.max(1)) {
        let shift = it.original.len() + 1;
        let named_before = (
            format!("{} {}", it.original, it.cased.0),
            it.cased.1 + shift,
            it.cased.2 + shift,
            it.cased.3.clone(),
        );
        for (rendering, (s, a, b, gold)) in [
            ("cased", &it.cased),
            ("lowercase", &it.lower),
            ("named-before", &named_before),
        ] {
            let props = m.check_with(s, opts);
            let correct = props
                .iter()
                .filter(|c| c.start() == *a && c.end() == *b && c.replacement() == gold)
                .count();
            // In the lowercase rendering, a proposal that only restores the cased sentence's
            // capitals elsewhere is neither right nor wrong.
            let recased = props
                .iter()
                .filter(|c| {
                    rendering == "lowercase"
                        && !(c.start() == *a && c.end() == *b && c.replacement() == gold)
                        && it.restores_case(c.start(), c.end(), c.replacement())
                })
                .count();
            let one = Tally {
                gold: 1,
                correct,
                proposals: props.len() - recased,
            };
            if correct == 0 || props.len() > 1 + recased {
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
