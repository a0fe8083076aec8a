//! The lookup sets of `tests/eval/lookup-people/` (shared by the `evaluate` example and
//! `tests/eval.rs`): first-name variants of bundled people, and real people outside the
//! bundled lexicon.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use namefix::{Kind, Matcher};

fn rows(file: &str) -> Vec<Vec<String>> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval/lookup-people")
        .join(file);
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// Which entities each key-folded name or alias of `m`'s lexicon belongs to.
fn names_by_key(m: &Matcher) -> HashMap<String, Vec<&str>> {
    let mut by_key: HashMap<String, Vec<&str>> = HashMap::new();
    for e in m.lexicon().entities() {
        for n in std::iter::once(e.name()).chain(e.aliases()) {
            by_key
                .entry(namefix::normalize::key(n))
                .or_default()
                .push(e.id());
        }
    }
    by_key
}

/// Results on the first-name variants.
#[derive(Default, Debug)]
pub(crate) struct Variants {
    /// Rows in the file.
    pub(crate) rows: usize,
    /// Rows whose mention is (now) exactly a name or alias of some entity: not scored.
    pub(crate) now_exact: usize,
    pub(crate) scored: usize,
    pub(crate) correct: usize,
    /// Answered with another entity.
    pub(crate) wrong: usize,
    /// By how the first name was changed ("variant", "misspelling"): (scored, correct).
    pub(crate) by_how: Vec<(String, usize, usize)>,
    /// Up to 30 misses, for review.
    pub(crate) examples: Vec<String>,
}

impl Variants {
    pub(crate) fn recall(&self) -> f64 {
        self.correct as f64 / self.scored.max(1) as f64
    }
}

/// Looks up every `step`-th first-name variant.
pub(crate) fn variants(m: &Matcher, step: usize) -> Variants {
    let by_key = names_by_key(m);
    let mut r = Variants::default();
    let mut how: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for row in rows("first-name-variants.tsv").iter().step_by(step.max(1)) {
        r.rows += 1;
        let (mention, gold) = (&row[0], &row[1]);
        if by_key.contains_key(&namefix::normalize::key(mention)) {
            r.now_exact += 1;
            continue;
        }
        r.scored += 1;
        let hit = m.lookup(mention);
        let ok = hit.as_ref().is_some_and(|h| h.id() == gold);
        r.correct += usize::from(ok);
        r.wrong += usize::from(hit.is_some() && !ok);
        let e = how.entry(row[5].clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(ok);
        if !ok && r.examples.len() < 30 {
            r.examples.push(format!(
                "{mention:?} (for {:?}) -> {}",
                row[2],
                hit.map_or("nothing".to_string(), |h| format!("{:?}", h.name()))
            ));
        }
    }
    r.by_how = how.into_iter().map(|(k, (a, b))| (k, a, b)).collect();
    r
}

/// Results on real people outside the lexicon.
#[derive(Default, Debug)]
pub(crate) struct Others {
    pub(crate) rows: usize,
    /// Names that are (now) exactly a name or alias of a bundled entity: not scored.
    pub(crate) now_exact: usize,
    pub(crate) scored: usize,
    /// Answered with a person of the lexicon (always another person).
    pub(crate) person: usize,
    /// Answered with an entity of any kind.
    pub(crate) any: usize,
    /// By source: (source, scored, answered with a person).
    pub(crate) by_source: Vec<(String, usize, usize)>,
    /// Up to 30 person answers, for review.
    pub(crate) examples: Vec<String>,
}

impl Others {
    pub(crate) fn person_share(&self) -> f64 {
        self.person as f64 / self.scored.max(1) as f64
    }

    pub(crate) fn any_share(&self) -> f64 {
        self.any as f64 / self.scored.max(1) as f64
    }
}

/// Looks up every `step`-th name of real people outside the lexicon.
pub(crate) fn others(m: &Matcher, step: usize) -> Others {
    let by_key = names_by_key(m);
    let mut r = Others::default();
    let mut src: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for row in rows("other-people.tsv").iter().step_by(step.max(1)) {
        r.rows += 1;
        let name = &row[0];
        if by_key.contains_key(&namefix::normalize::key(name)) {
            r.now_exact += 1;
            continue;
        }
        r.scored += 1;
        let hit = m.lookup(name);
        let person = hit.as_ref().is_some_and(|h| h.kind() == Kind::Person);
        r.any += usize::from(hit.is_some());
        r.person += usize::from(person);
        let e = src.entry(row[1].clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(person);
        if person && r.examples.len() < 30 {
            r.examples
                .push(format!("{name:?} -> {:?}", hit.as_ref().unwrap().name()));
        }
    }
    r.by_source = src.into_iter().map(|(k, (a, b))| (k, a, b)).collect();
    r
}
