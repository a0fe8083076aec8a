//! Helpers shared by the Rust baselines of the comparison harness (`fst-baseline`,
//! `symspell-baseline`), included by each with `#[path]` so that both normalise, read
//! mentions, score and time exactly alike. Not part of namefix.

use std::fs;

use serde_json::{json, Value};

/// Lowercase, drop every char that is neither alphanumeric nor whitespace,
/// collapse whitespace runs to one space, trim. Mirrors `norm()` in baselines.py
/// (copied from fst-baseline/src/main.rs).
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A lexicon TSV (id, name, aliases separated by `|`, kind, weight) as the baselines use it.
pub(crate) struct Lexicon {
    pub(crate) ids: Vec<String>,
    /// (name, id index) for every name and alias, in file order.
    pub(crate) terms: Vec<(String, usize)>,
    /// Per entity: the 5th column parsed as a number, if present (symspell-baseline's counts;
    /// fst-baseline has no use for them).
    #[allow(dead_code)]
    pub(crate) weights: Vec<Option<f64>>,
}

/// Reads a lexicon TSV, skipping blank lines, `#` comments and rows of fewer than two columns.
pub(crate) fn read_lexicon(path: &str) -> Lexicon {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let mut ids = Vec::new();
    let mut terms = Vec::new();
    let mut weights = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            continue;
        }
        let idx = ids.len();
        ids.push(cols[0].to_string());
        weights.push(cols.get(4).and_then(|w| w.trim().parse::<f64>().ok()));
        terms.push((cols[1].to_string(), idx));
        if let Some(aliases) = cols.get(2) {
            for a in aliases.split('|').filter(|a| !a.trim().is_empty()) {
                terms.push((a.to_string(), idx));
            }
        }
    }
    Lexicon {
        ids,
        terms,
        weights,
    }
}

pub(crate) fn read_mentions(path: &str) -> Vec<(String, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let m = cols.next().unwrap_or("").to_string();
            let g = cols.next().unwrap_or("").to_string();
            (m, g)
        })
        .collect()
}

pub(crate) fn rss_kib() -> (u64, u64) {
    let s = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

pub(crate) fn metrics(correct: usize, accepted: usize, n_gold: usize) -> Value {
    let r = if n_gold > 0 {
        correct as f64 / n_gold as f64
    } else {
        0.0
    };
    let p = if accepted > 0 {
        correct as f64 / accepted as f64
    } else {
        0.0
    };
    let f = if r + p > 0.0 {
        2.0 * r * p / (r + p)
    } else {
        0.0
    };
    json!({"correct": correct, "accepted": accepted, "recall": r, "precision": p, "f1": f})
}

pub(crate) fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// User + system CPU time of this process in seconds, from /proc/self/stat
/// (USER_HZ is 100 on Linux/x86; 10 ms granularity, fine over hundreds of lookups).
pub(crate) fn cpu_seconds() -> f64 {
    let s = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
    let rest = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

pub(crate) fn loadavg_1m() -> f64 {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(-1.0)
}
