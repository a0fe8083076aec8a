//! Lint of the bundled data files: data/lexicon.tsv, data/curated.tsv, data/words.tsv,
//! data/relations.tsv, data/names.tsv and data/known-people.tsv.
//!
//! Plain std parsing (plus `unicode-normalization`, a dependency of the crate), independent of the
//! library API, so a broken data file is reported as such. Rules: data/README.md.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

#[path = "../xtask/src/lexicon_tsv.rs"]
mod lexicon_tsv;
use lexicon_tsv::KINDS;

/// Entities of the seed article (tests/golden/heartstopper-bloopers.*) that must be bundled.
const SEED: [(&str, &str); 18] = [
    ("Heartstopper", "tv"),
    ("Netflix", "org"),
    ("Joe Locke", "person"),
    ("Kit Connor", "person"),
    ("Kizzy Edgell", "person"),
    ("Cormac Hyde-Corrin", "person"),
    ("Olivia Colman", "person"),
    ("Alice Oseman", "person"),
    ("Euros Lyn", "person"),
    ("Doctor Who", "tv"),
    ("Happy Valley", "tv"),
    ("Marvel's Daredevil", "tv"),
    ("Webtoon", "org"),
    ("Truham Grammar School", "org"),
    ("Charlie Spring", "character"),
    ("Nick Nelson", "character"),
    ("Twitter", "org"),
    ("Doctor Strange in the Multiverse of Madness", "film"),
];

#[derive(Debug)]
struct Row {
    line: usize,
    id: String,
    name: String,
    aliases: Vec<String>,
    kind: String,
}

fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn is_nfc(s: &str) -> bool {
    s.nfc().collect::<String>() == s
}

fn is_clean(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && !s.contains("  ")
        && !s.chars().any(|c| c.is_control())
        && is_nfc(s)
}

/// Parse and lint one lexicon file; returns its rows, panics with every problem found.
fn lint_lexicon(rel: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut errors = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut ids = HashSet::new();
    for (n, row) in lexicon_tsv::rows(&text) {
        let f = match row {
            Ok(f) => f,
            Err(len) => {
                errors.push(format!(
                    "{rel}:{n}: expected 5 tab-separated fields, got {len}"
                ));
                continue;
            }
        };
        let (id, name, kind, weight) = (f.id, f.name, f.kind, f.weight);
        if id.is_empty() || id.chars().any(char::is_whitespace) || !id.contains(':') {
            errors.push(format!(
                "{rel}:{n}: bad id {id:?} (want prefix:Name, no whitespace)"
            ));
        }
        if !ids.insert(id.to_string()) {
            errors.push(format!("{rel}:{n}: duplicate id {id}"));
        }
        if let Some(prev) = rows.last() {
            if prev.id.as_bytes() >= id.as_bytes() {
                errors.push(format!("{rel}:{n}: id {id} not sorted after {}", prev.id));
            }
        }
        if !is_clean(name) {
            errors.push(format!(
                "{rel}:{n}: name {name:?} is empty, untrimmed, not NFC or has double spaces"
            ));
        }
        if !KINDS.contains(&kind) {
            errors.push(format!("{rel}:{n}: unknown kind {kind:?}"));
        }
        match weight.parse::<f64>() {
            Ok(w) if w.is_finite() && w > 0.0 => {}
            _ => errors.push(format!(
                "{rel}:{n}: weight {weight:?} is not a finite positive number"
            )),
        }
        let aliases = f.alias_list();
        let mut seen = HashSet::new();
        for a in &aliases {
            if !is_clean(a) {
                errors.push(format!(
                    "{rel}:{n}: alias {a:?} is empty, untrimmed, not NFC or has double spaces"
                ));
            }
            if a.to_lowercase() == name.to_lowercase() {
                errors.push(format!("{rel}:{n}: alias {a:?} equals the name"));
            }
            if !seen.insert(a.to_lowercase()) {
                errors.push(format!("{rel}:{n}: duplicate alias {a:?}"));
            }
        }
        rows.push(Row {
            line: n,
            id: id.to_string(),
            name: name.to_string(),
            aliases,
            kind: kind.to_string(),
        });
    }
    if errors.len() > 30 {
        let more = errors.len() - 30;
        errors.truncate(30);
        errors.push(format!("... and {more} more"));
    }
    assert!(
        errors.is_empty(),
        "{rel} has problems:\n{}",
        errors.join("\n")
    );
    rows
}

#[test]
fn lexicon_is_well_formed_and_large_enough() {
    let rows = lint_lexicon("data/lexicon.tsv");
    assert!(
        rows.len() >= 100_000,
        "data/lexicon.tsv has {} entities, want at least 100,000",
        rows.len()
    );
    let kinds: HashSet<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    for k in [
        "person",
        "film",
        "tv",
        "book",
        "org",
        "place",
        "character",
        "other",
    ] {
        assert!(kinds.contains(k), "no entity of kind {k}");
    }
}

#[test]
fn curated_is_well_formed_and_merged() {
    let curated = lint_lexicon("data/curated.tsv");
    assert!(
        curated.len() >= 500,
        "data/curated.tsv has only {} rows",
        curated.len()
    );
    let lexicon = lint_lexicon("data/lexicon.tsv");
    let by_id: HashMap<&str, &Row> = lexicon.iter().map(|r| (r.id.as_str(), r)).collect();
    for c in &curated {
        let Some(l) = by_id.get(c.id.as_str()) else {
            panic!(
                "data/curated.tsv:{}: {} is missing from data/lexicon.tsv (stale? run gen-data)",
                c.line, c.id
            )
        };
        assert_eq!(
            (&l.name, &l.kind),
            (&c.name, &c.kind),
            "curated row {} not reflected in the lexicon",
            c.id
        );
        for a in &c.aliases {
            assert!(
                l.aliases.contains(a),
                "curated alias {a:?} of {} missing from the lexicon",
                c.id
            );
        }
    }
}

#[test]
fn seed_article_entities_are_bundled() {
    let rows = lint_lexicon("data/lexicon.tsv");
    for (name, kind) in SEED {
        assert!(
            rows.iter().any(|r| r.name == name && r.kind == kind),
            "seed-article entity {name:?} ({kind}) missing from data/lexicon.tsv"
        );
    }
    let daredevil = rows
        .iter()
        .find(|r| r.name == "Marvel's Daredevil")
        .expect("checked above");
    assert!(
        daredevil.aliases.iter().any(|a| a == "Daredevil"),
        "Marvel's Daredevil should have the alias Daredevil"
    );
    let multiverse = rows
        .iter()
        .filter(|r| r.name == "Doctor Strange in the Multiverse of Madness")
        .count();
    assert_eq!(
        multiverse, 1,
        "Doctor Strange in the Multiverse of Madness must be one merged entity"
    );
}

#[test]
fn words_list_is_sorted_and_well_formed() {
    let rel = "data/words.tsv";
    let text = std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut prev: Option<String> = None;
    let mut n_words = 0;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.starts_with('#') {
            assert!(n_words == 0, "{rel}:{n}: comment after the first word");
            continue;
        }
        let (w, z) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{rel}:{n}: expected word<TAB>zipf"));
        assert!(
            !w.is_empty()
                && w.chars()
                    .all(|c| c == '\'' || (c.is_alphabetic() && !c.is_uppercase()))
                && !w.starts_with('\'')
                && !w.ends_with('\''),
            "{rel}:{n}: {w:?} is not a lowercase word"
        );
        let zipf: f64 = z
            .parse()
            .unwrap_or_else(|_| panic!("{rel}:{n}: zipf {z:?} is not a number"));
        assert!(
            (0.0..=8.0).contains(&zipf),
            "{rel}:{n}: zipf {zipf} out of range"
        );
        assert!(
            z.split_once('.').is_some_and(|(_, d)| d.len() == 2),
            "{rel}:{n}: zipf {z:?} needs 2 decimals"
        );
        if let Some(p) = &prev {
            assert!(
                p.as_bytes() < w.as_bytes(),
                "{rel}:{n}: {w:?} not sorted after {p:?}"
            );
        }
        prev = Some(w.to_string());
        n_words += 1;
    }
    assert!(n_words >= 40_000, "{rel} has only {n_words} words");
}

/// The non-comment lines of a data file, with 1-based line numbers.
fn data_lines(rel: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

#[test]
fn relations_join_bundled_entities() {
    let rows = lint_lexicon("data/lexicon.tsv");
    let kinds: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.kind.as_str()))
        .collect();
    let mut errors = Vec::new();
    let mut pairs = 0;
    let mut prev = String::new();
    let mut by_rel: HashMap<String, usize> = HashMap::new();
    for (n, line) in data_lines("data/relations.tsv") {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            errors.push(format!("line {n}: expected 3 columns"));
            continue;
        }
        let key = format!("{}\t{}", f[0], f[1]);
        if key <= prev {
            errors.push(format!("line {n}: not sorted or repeated ({key:?})"));
        }
        prev = key;
        if !kinds.contains_key(f[0]) {
            errors.push(format!(
                "line {n}: subject {:?} is not a bundled entity",
                f[0]
            ));
        }
        if f[1].is_empty() || !f[1].chars().all(|c| c.is_ascii_lowercase()) {
            errors.push(format!(
                "line {n}: relation {:?} is not one lowercase word",
                f[1]
            ));
        }
        let objects: Vec<&str> = f[2].split('|').collect();
        let unique: HashSet<&str> = objects.iter().copied().collect();
        if unique.len() != objects.len() {
            errors.push(format!("line {n}: repeated object"));
        }
        for o in objects {
            pairs += 1;
            *by_rel.entry(f[1].to_string()).or_default() += 1;
            match kinds.get(o) {
                None => errors.push(format!("line {n}: object {o:?} is not a bundled entity")),
                // the object of every bundled relation is a person or a music act
                Some(k) if !matches!(*k, "person" | "org") => {
                    errors.push(format!("line {n}: object {o:?} has kind {k}"))
                }
                _ => {}
            }
            if o == f[0] {
                errors.push(format!("line {n}: {o:?} related to itself"));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "data/relations.tsv:\n{}",
        errors.join("\n")
    );
    assert!(pairs >= 100_000, "only {pairs} relation pairs");
    for r in ["cast", "author", "director"] {
        assert!(
            by_rel.get(r).copied().unwrap_or(0) > 100,
            "few {r} pairs: {by_rel:?}"
        );
    }
}

#[test]
fn name_tokens_are_sorted_folded_and_numeric() {
    let mut errors = Vec::new();
    let mut prev = String::new();
    let (mut first, mut last, mut n) = (0, 0, 0);
    for (line, row) in data_lines("data/names.tsv") {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() != 3 {
            errors.push(format!("line {line}: expected 3 columns"));
            continue;
        }
        n += 1;
        if f[0].is_empty()
            || !f[0]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            errors.push(format!("line {line}: token {:?} is not folded", f[0]));
        }
        if f[0] <= prev.as_str() {
            errors.push(format!("line {line}: not sorted or repeated"));
        }
        prev = f[0].to_string();
        for (i, v) in f[1..].iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) if (0.0..=100.0).contains(&x) => {
                    if i == 0 {
                        first += 1;
                    } else {
                        last += 1;
                    }
                }
                _ => errors.push(format!("line {line}: bad percent {v:?}")),
            }
        }
    }
    assert!(errors.is_empty(), "data/names.tsv:\n{}", errors.join("\n"));
    assert!(
        n > 90_000 && first > 5_000 && last > 88_000,
        "{n} tokens, {first} first names, {last} surnames"
    );
}

#[test]
fn known_people_are_clean_sorted_and_not_entities() {
    let rows = lint_lexicon("data/lexicon.tsv");
    let people: HashSet<String> = rows
        .iter()
        .filter(|r| r.kind == "person")
        .map(|r| r.name.to_lowercase())
        .collect();
    let mut errors = Vec::new();
    let mut prev = String::new();
    let mut n = 0;
    for (line, name) in data_lines("data/known-people.tsv") {
        n += 1;
        if !is_clean(&name) || name.contains('\t') || !name.contains(' ') {
            errors.push(format!("line {line}: {name:?} is not a clean full name"));
        }
        if name <= prev {
            errors.push(format!("line {line}: not sorted or repeated"));
        }
        if people.contains(&name.to_lowercase()) {
            errors.push(format!("line {line}: {name:?} is also a bundled person"));
        }
        prev = name;
    }
    assert!(
        errors.is_empty(),
        "data/known-people.tsv:\n{}",
        errors.join("\n")
    );
    assert!(n >= 5_000, "only {n} known people");
}

#[test]
fn open_world_keys_are_sorted_folded_and_cover_known_people() {
    let mut errors = Vec::new();
    let mut prev = String::new();
    let mut keys = HashSet::new();
    for (line, key) in data_lines("data/people-keys.txt") {
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            errors.push(format!("line {line}: {key:?} is not a folded key"));
        }
        if key <= prev {
            errors.push(format!("line {line}: not sorted or repeated"));
        }
        prev = key.clone();
        keys.insert(key);
    }
    assert!(
        errors.is_empty(),
        "data/people-keys.txt:\n{}",
        errors.join("\n")
    );
    // every ASCII known person's name has its key (letters and digits, lowercased)
    for (line, name) in data_lines("data/known-people.tsv") {
        if name.is_ascii() {
            let key: String = name
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let key = if name.contains('&') {
                continue;
            } else {
                key
            };
            assert!(
                keys.contains(&key),
                "known-people.tsv line {line}: no key {key:?}"
            );
        }
    }
    assert!(keys.len() > 30_000, "{} keys", keys.len());
}
