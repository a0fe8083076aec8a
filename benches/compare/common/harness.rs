//! Helpers shared by the Rust baselines of the comparison harness (`fst-baseline`,
//! `symspell-baseline`), included by each with `#[path]` so that both normalise, read
//! mentions, score and time exactly alike. Not part of namefix.

use std::fs;
use std::time::Instant;

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

/// Times one baseline the way every Rust baseline is timed: reads the lexicon and the mentions,
/// builds the index with `build` (wall time, resident-memory growth), then looks each mention up
/// on its own with `lookup` (wall-time percentiles and mean, mean CPU time per lookup) and hands
/// every outcome to `count`, outside the timed call. Returns the index and the measurements as
/// fields of the JSON report (lexicon, entities, build_s, lookups, p50_us, p99_us, mean_us,
/// cpu_mean_us, rss_delta_build_mib, rss_after_lookups_mib, peak_rss_mib, loadavg_1m_at_start);
/// the baseline adds its own.
pub(crate) fn time_lookups<I, O>(
    lexicon: &str,
    mentions: &str,
    build: impl FnOnce(&Lexicon) -> I,
    lookup: impl Fn(&I, &str) -> O,
    mut count: impl FnMut(O),
) -> (I, serde_json::Map<String, Value>) {
    let loadavg = loadavg_1m();
    let lex = read_lexicon(lexicon);
    let mentions = read_mentions(mentions);
    let (rss0, _) = rss_kib();
    let t0 = Instant::now();
    let index = build(&lex);
    let build_s = t0.elapsed().as_secs_f64();
    let (rss1, hwm1) = rss_kib();
    let mut lat = Vec::with_capacity(mentions.len());
    let cpu0 = cpu_seconds();
    for (m, _) in &mentions {
        let t = Instant::now();
        let o = lookup(&index, m);
        lat.push(t.elapsed().as_nanos() as u64);
        count(o);
    }
    let cpu_lookups = cpu_seconds() - cpu0;
    let (rss2, hwm2) = rss_kib();
    let total: u64 = lat.iter().sum();
    lat.sort_unstable();
    let fields = [
        ("lexicon", json!(lexicon)),
        ("entities", json!(lex.ids.len())),
        ("build_s", json!(build_s)),
        ("lookups", json!(mentions.len())),
        ("p50_us", json!(percentile(&lat, 50.0) as f64 / 1e3)),
        ("p99_us", json!(percentile(&lat, 99.0) as f64 / 1e3)),
        (
            "mean_us",
            json!(if lat.is_empty() {
                0.0
            } else {
                total as f64 / lat.len() as f64 / 1e3
            }),
        ),
        (
            "cpu_mean_us",
            json!(if lat.is_empty() {
                0.0
            } else {
                cpu_lookups * 1e6 / lat.len() as f64
            }),
        ),
        (
            "rss_delta_build_mib",
            json!((rss1 as f64 - rss0 as f64) / 1024.0),
        ),
        ("rss_after_lookups_mib", json!(rss2 as f64 / 1024.0)),
        ("peak_rss_mib", json!(hwm1.max(hwm2) as f64 / 1024.0)),
        ("loadavg_1m_at_start", json!(loadavg)),
    ];
    let fields = fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    (index, fields)
}
