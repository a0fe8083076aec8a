//! fst baseline for the namefix comparison harness.
//!
//! Builds an `fst::Map` (an `fst::Set` whose keys carry the index of their
//! entity) over normalised names and aliases, then for every mention runs a
//! Levenshtein-automaton search at distance 1 and, if that finds nothing, at
//! distance 2. Among the hits the one with the smallest (char-level, plain DP)
//! Levenshtein distance wins; ties go to the lexicographically smallest key
//! (the order the stream yields them in). An automaton that cannot be built
//! (fst's state limit) counts as a reject.
//!
//! Usage:
//!   fst-baseline eval NAME=DIR [NAME=DIR ...]     accuracy per eval set (JSON)
//!   fst-baseline timing LEXICON MENTIONS          build time, latency, memory (JSON)
//!   fst-baseline norm                             normalise stdin lines (for checking parity)

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Map, Streamer};
use serde_json::{json, Value};

#[path = "../../common/harness.rs"]
mod harness;
use harness::{metrics, normalize, read_lexicon, read_mentions, time_lookups, Lexicon};

fn levenshtein(a: &str, b: &str) -> u32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<u32> = (0..=b.len() as u32).collect();
    let mut cur = vec![0u32; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i as u32;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + u32::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Normalise every term; the first entity (file order) keeps a normalised key.
fn build(lex: &Lexicon) -> Map<Vec<u8>> {
    let mut keys: BTreeMap<String, u64> = BTreeMap::new();
    for (name, idx) in &lex.terms {
        let k = normalize(name);
        if !k.is_empty() {
            keys.entry(k).or_insert(*idx as u64);
        }
    }
    Map::from_iter(keys).expect("building fst map")
}

enum Outcome {
    Hit {
        idx: u64,
        dist: u32,
    },
    Miss,
    /// The Levenshtein automaton exceeded fst's state limit.
    AutomatonError,
}

fn lookup(map: &Map<Vec<u8>>, mention: &str) -> Outcome {
    let q = normalize(mention);
    if q.is_empty() {
        return Outcome::Miss;
    }
    for d in [1u32, 2] {
        let aut = match Levenshtein::new(&q, d) {
            Ok(a) => a,
            Err(_) => return Outcome::AutomatonError,
        };
        let mut stream = map.search(aut).into_stream();
        let mut best: Option<(u32, u64)> = None;
        while let Some((k, v)) = stream.next() {
            let key = std::str::from_utf8(k).expect("utf8 key");
            let dist = levenshtein(&q, key);
            // Stream is in lexicographic order: strict < keeps the first on ties.
            if best.is_none_or(|(bd, _)| dist < bd) {
                best = Some((dist, v));
            }
        }
        if let Some((dist, idx)) = best {
            return Outcome::Hit { idx, dist };
        }
    }
    Outcome::Miss
}

fn eval(args: &[String]) -> Value {
    let mut out = serde_json::Map::new();
    for arg in args {
        let (name, dir) = arg.split_once('=').expect("NAME=DIR");
        let lex = read_lexicon(&format!("{dir}/lexicon.tsv"));
        let map = build(&lex);
        let mentions = read_mentions(&format!("{dir}/mentions.tsv"));
        let n_gold = mentions.iter().filter(|(_, g)| !g.is_empty()).count();
        // [max distance accepted] -> (correct, accepted); index 0 = exact only.
        let mut correct = [0usize; 3];
        let mut accepted = [0usize; 3];
        let mut automaton_errors = 0usize;
        for (m, gold) in &mentions {
            match lookup(&map, m) {
                Outcome::Hit { idx, dist } => {
                    let ok = !gold.is_empty() && lex.ids[idx as usize] == *gold;
                    for cut in dist as usize..3 {
                        accepted[cut] += 1;
                        correct[cut] += usize::from(ok);
                    }
                }
                Outcome::Miss => {}
                Outcome::AutomatonError => automaton_errors += 1,
            }
        }
        out.insert(
            name.to_string(),
            json!({
                "n": mentions.len(),
                "n_gold": n_gold,
                "keys": map.len(),
                "automaton_errors": automaton_errors,
                "by_max_distance": {
                    "0": metrics(correct[0], accepted[0], n_gold),
                    "1": metrics(correct[1], accepted[1], n_gold),
                    "2": metrics(correct[2], accepted[2], n_gold),
                },
            }),
        );
    }
    Value::Object(out)
}

fn timing(lexicon: &str, mentions: &str) -> Value {
    let (mut hits, mut errors) = (0usize, 0usize);
    let (map, measured) = time_lookups(lexicon, mentions, build, lookup, |o| match o {
        Outcome::Hit { .. } => hits += 1,
        Outcome::AutomatonError => errors += 1,
        Outcome::Miss => {}
    });
    let mut report = json!({
        "keys": map.len(),
        "fst_bytes": map.as_fst().as_bytes().len(),
        "accepted": hits,
        "automaton_errors": errors,
    });
    report.as_object_mut().expect("an object").extend(measured);
    report
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = match args.first().map(String::as_str) {
        Some("eval") => eval(&args[1..]),
        Some("timing") if args.len() == 3 => timing(&args[1], &args[2]),
        Some("norm") => {
            let stdin = io::stdin();
            let mut out = io::BufWriter::new(io::stdout().lock());
            for line in stdin.lock().lines() {
                writeln!(out, "{}", normalize(&line.expect("stdin"))).unwrap();
            }
            return;
        }
        _ => {
            eprintln!("usage: fst-baseline eval NAME=DIR... | timing LEXICON MENTIONS | norm");
            std::process::exit(2);
        }
    };
    println!("{}", serde_json::to_string_pretty(&value).unwrap());
}
