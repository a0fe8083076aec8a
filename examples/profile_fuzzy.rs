//! Profiling aid: repeats one of the benchmark's query sets on the 150k lexicon.
//! `cargo run --release --example profile_fuzzy [-- SET]` (SET: exact, normalized, fuzzy,
//! phonetic, miss, `eval` (every evaluation-set mention), or `query MENTION...`); with `PER_QUERY=1` it also times each query.
//! Under valgrind it gives load-independent instruction counts per lookup:
//! `N=5 valgrind --tool=callgrind --toggle-collect='namefix::matcher::Matcher::lookup' target/release/examples/profile_fuzzy fuzzy`
use namefix::{Lexicon, Matcher};
#[path = "../benches/common/mod.rs"]
mod common;
fn main() {
    let custom: Vec<String> = std::env::args().skip(2).collect();
    let eval = common::eval_mentions();
    let custom: Vec<&str> = if std::env::args().nth(1).as_deref() == Some("eval") {
        eval.iter().map(String::as_str).collect()
    } else {
        custom.iter().map(String::as_str).collect()
    };
    let set: &[&str] = match std::env::args().nth(1).as_deref() {
        Some("query" | "eval") => &custom,
        Some("miss") => common::MISS,
        Some("exact") => common::EXACT,
        Some("normalized") => common::NORMALIZED,
        Some("phonetic") => common::PHONETIC,
        _ => common::FUZZY,
    };
    let m = Matcher::new(Lexicon::from_tsv(&common::scaling_lexicon("150k")).unwrap());
    let t = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100)
    {
        for q in set {
            std::hint::black_box(m.lookup(q));
            n += 1;
        }
    }
    println!(
        "{:.1} µs per lookup",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    if std::env::var_os("BY_WORDS").is_some() {
        let mut by: std::collections::BTreeMap<usize, (f64, usize)> = Default::default();
        for q in set {
            let t = std::time::Instant::now();
            std::hint::black_box(m.lookup(q));
            let e = by.entry(q.split_whitespace().count().min(8)).or_default();
            e.0 += t.elapsed().as_secs_f64() * 1e6;
            e.1 += 1;
        }
        for (w, (t, n)) in by {
            println!(
                "{w} words: {n} mentions, mean {:.1} µs, share of time {:.0}",
                t / n as f64,
                t
            );
        }
    }
    if std::env::var_os("PER_QUERY").is_some() {
        for q in set {
            let t = std::time::Instant::now();
            for _ in 0..50 {
                std::hint::black_box(m.lookup(q));
            }
            println!("{:>8.1} µs  {q}", t.elapsed().as_secs_f64() * 1e6 / 50.0);
        }
    }
}
