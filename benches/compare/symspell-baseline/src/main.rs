//! Native Rust SymSpell baseline (the `symspell` crate) for the namefix
//! comparison harness.
//!
//! One dictionary term per normalised name/alias (the first entity in file
//! order keeps a key shared by several entities), count = the lexicon's weight
//! (5th column) if it is a positive number, else 1 (as the symspellpy baseline
//! in baselines.py). Terms keep their spaces: they are inserted with
//! `SymSpell::load_dictionary_line("TERM\tCOUNT", 0, 1, "\t")`, which splits
//! on the tab only (the crate's `create_dictionary_entry` is private, and its
//! file loaders split on a separator of our choosing, so no placeholder is
//! needed; normalised terms never contain a tab). Per mention:
//! `lookup(normalize(mention), Verbosity::Top, d)` with the dictionary's
//! max_edit_distance d (2 by default, `--max-distance 3`), prefix_length 7
//! (the crate's and symspellpy's default), `UnicodeStringStrategy` (no
//! preprocessing, lengths and edits in chars, like symspellpy on Python str;
//! the crate's other strategy, `AsciiStringStrategy`, transliterates with
//! `unidecode` first, i.e. a different normalisation; `--strategy ascii`
//! selects it for side measurements only, run.sh does not use it). The
//! returned distance (strsim's Damerau-Levenshtein) is the cutoff swept.
//!
//! Usage:
//!   symspell-baseline eval [OPTS] NAME=DIR [NAME=DIR ...]   accuracy per eval set (JSON)
//!   symspell-baseline timing [OPTS] LEXICON MENTIONS        build time, latency, memory (JSON)
//!   symspell-baseline norm                                  normalise stdin lines
//! OPTS: --max-distance D (default 2), --strategy unicode|ascii (default unicode)

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use serde_json::{json, Value};
use symspell::{
    AsciiStringStrategy, StringStrategy, SymSpell, SymSpellBuilder, UnicodeStringStrategy,
    Verbosity,
};

#[path = "../../common/harness.rs"]
mod harness;
use harness::{metrics, normalize, read_lexicon, read_mentions, time_lookups, Lexicon};

const PREFIX_LENGTH: i64 = 7;

struct Index<T: StringStrategy> {
    sym: SymSpell<T>,
    /// Dictionary term (as the crate stores it, i.e. after the strategy's
    /// `prepare`) -> entity index; the first entity in file order keeps it.
    term_entity: HashMap<String, usize>,
    max_distance: i64,
}

fn build<T: StringStrategy>(lex: &Lexicon, max_distance: i64) -> Index<T> {
    let mut sym: SymSpell<T> = SymSpellBuilder::default()
        .max_dictionary_edit_distance(max_distance)
        .prefix_length(PREFIX_LENGTH)
        .count_threshold(1)
        .build()
        .expect("SymSpellBuilder");
    let strategy = T::new();
    let mut term_entity = HashMap::new();
    let mut line = String::new();
    for (name, idx) in &lex.terms {
        let k = normalize(name);
        if k.is_empty() {
            continue;
        }
        let stored = strategy.prepare(&k);
        if term_entity.contains_key(&stored) {
            continue;
        }
        term_entity.insert(stored, *idx);
        let count = match lex.weights[*idx] {
            Some(w) if w > 0.0 => (w as i64).max(1),
            _ => 1,
        };
        line.clear();
        line.push_str(&k);
        line.push('\t');
        line.push_str(&count.to_string());
        sym.load_dictionary_line(&line, 0, 1, "\t");
    }
    Index {
        sym,
        term_entity,
        max_distance,
    }
}

/// (entity index, returned distance) of the Top suggestion, or None.
fn lookup<T: StringStrategy>(index: &Index<T>, mention: &str) -> Option<(usize, i64)> {
    let q = normalize(mention);
    if q.is_empty() {
        return None;
    }
    let sugg = index.sym.lookup(&q, Verbosity::Top, index.max_distance);
    let best = sugg.first()?;
    let idx = *index
        .term_entity
        .get(&best.term)
        .unwrap_or_else(|| panic!("suggestion {:?} is not a dictionary term", best.term));
    Some((idx, best.distance))
}

fn eval<T: StringStrategy>(args: &[String], max_distance: i64) -> Value {
    let d = max_distance as usize;
    let mut out = serde_json::Map::new();
    for arg in args {
        let (name, dir) = arg.split_once('=').expect("NAME=DIR");
        let lex = read_lexicon(&format!("{dir}/lexicon.tsv"));
        let index = build::<T>(&lex, max_distance);
        let mentions = read_mentions(&format!("{dir}/mentions.tsv"));
        let n_gold = mentions.iter().filter(|(_, g)| !g.is_empty()).count();
        // [max distance accepted] -> (correct, accepted); index 0 = exact only.
        let mut correct = vec![0usize; d + 1];
        let mut accepted = vec![0usize; d + 1];
        for (m, gold) in &mentions {
            if let Some((idx, dist)) = lookup(&index, m) {
                let ok = !gold.is_empty() && lex.ids[idx] == *gold;
                for cut in dist as usize..=d {
                    accepted[cut] += 1;
                    correct[cut] += usize::from(ok);
                }
            }
        }
        let by: serde_json::Map<String, Value> = (0..=d)
            .map(|c| (c.to_string(), metrics(correct[c], accepted[c], n_gold)))
            .collect();
        out.insert(
            name.to_string(),
            json!({
                "n": mentions.len(),
                "n_gold": n_gold,
                "keys": index.term_entity.len(),
                // Same shape as fst-baseline's output; SymSpell has no automaton (always 0).
                "automaton_errors": 0,
                "by_max_distance": by,
            }),
        );
    }
    Value::Object(out)
}

fn timing<T: StringStrategy>(
    lexicon: &str,
    mentions: &str,
    max_distance: i64,
    strategy: &str,
) -> Value {
    let mut hits = 0usize;
    let (index, measured) = time_lookups(
        lexicon,
        mentions,
        |lex| build::<T>(lex, max_distance),
        lookup,
        |o| hits += usize::from(o.is_some()),
    );
    let mut report = json!({
        "system": format!("symspell-rs-d{max_distance}"),
        "keys": index.term_entity.len(),
        "max_edit_distance": max_distance,
        "prefix_length": PREFIX_LENGTH,
        "string_strategy": strategy,
        "accepted": hits,
        "automaton_errors": 0,
    });
    report.as_object_mut().expect("an object").extend(measured);
    report
}

fn usage() -> ! {
    eprintln!(
        "usage: symspell-baseline eval [--max-distance D] [--strategy unicode|ascii] NAME=DIR... \
         | timing [--max-distance D] [--strategy unicode|ascii] LEXICON MENTIONS | norm"
    );
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first().map(String::as_str) else {
        usage()
    };
    if cmd == "norm" {
        let stdin = io::stdin();
        let mut out = io::BufWriter::new(io::stdout().lock());
        for line in stdin.lock().lines() {
            writeln!(out, "{}", normalize(&line.expect("stdin"))).unwrap();
        }
        return;
    }
    let mut max_distance = 2i64;
    let mut strategy = "unicode".to_string();
    let mut rest = Vec::new();
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--max-distance" => {
                max_distance = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--strategy" => strategy = it.next().cloned().unwrap_or_else(|| usage()),
            _ => rest.push(a.clone()),
        }
    }
    if !(1..=5).contains(&max_distance) {
        usage();
    }
    let value = match (cmd, strategy.as_str()) {
        ("eval", "unicode") => eval::<UnicodeStringStrategy>(&rest, max_distance),
        ("eval", "ascii") => eval::<AsciiStringStrategy>(&rest, max_distance),
        ("timing", "unicode") if rest.len() == 2 => timing::<UnicodeStringStrategy>(
            &rest[0],
            &rest[1],
            max_distance,
            "UnicodeStringStrategy",
        ),
        ("timing", "ascii") if rest.len() == 2 => {
            timing::<AsciiStringStrategy>(&rest[0], &rest[1], max_distance, "AsciiStringStrategy")
        }
        _ => usage(),
    };
    println!("{}", serde_json::to_string_pretty(&value).unwrap());
}
