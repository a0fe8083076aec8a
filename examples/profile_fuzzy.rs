//! Profiling aid: repeats one of the benchmark's query sets on the 150k lexicon.
//! `cargo run --release --example profile_fuzzy [-- SET]` (SET: exact, normalized, fuzzy,
//! phonetic, miss, `eval` (every evaluation-set mention), `file PATH` (the first column of each
//! line of a mentions file), or `query MENTION...`); with `PER_QUERY=1` it also times each query.
//! Under valgrind it gives load-independent instruction counts per lookup:
//! `N=5 valgrind --tool=callgrind --toggle-collect='namefix::matcher::Matcher::lookup' target/release/examples/profile_fuzzy fuzzy`
use namefix::{Lexicon, Matcher};
#[path = "../benches/common/mod.rs"]
mod common;
fn main() {
    let custom: Vec<String> = std::env::args().skip(2).collect();
    let eval = common::eval_mentions();
    let from_file: Vec<String> = match std::env::args().nth(1).as_deref() {
        Some("file") => std::fs::read_to_string(custom.first().expect("file PATH"))
            .expect("readable mentions file")
            .lines()
            .filter_map(|l| l.split('\t').next())
            .filter(|m| !m.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let custom: Vec<&str> = match std::env::args().nth(1).as_deref() {
        Some("eval") => eval.iter().map(String::as_str).collect(),
        Some("file") => from_file.iter().map(String::as_str).collect(),
        _ => custom.iter().map(String::as_str).collect(),
    };
    let set: &[&str] = match std::env::args().nth(1).as_deref() {
        Some("query" | "eval" | "file") => &custom,
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
    if std::env::var_os("COLD").is_some() {
        // Each lookup after the caches were flushed by streaming through 64 MiB: the cost of a
        // lookup on an index that is not in cache (an editor's occasional query).
        let mut junk = vec![1u64; 8 << 20];
        let mut times = Vec::new();
        for _ in 0..3 {
            for q in set {
                for x in junk.iter_mut().step_by(8) {
                    *x = x.wrapping_add(1);
                }
                std::hint::black_box(&junk);
                let t = std::time::Instant::now();
                std::hint::black_box(m.lookup(q));
                times.push(t.elapsed().as_secs_f64() * 1e6);
            }
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "cold: p50 {:.1} µs, mean {mean:.1} µs, p90 {:.1} µs",
            times[times.len() / 2],
            times[times.len() * 9 / 10]
        );
    }
    if std::env::var_os("ONCE").is_some() {
        // One pass in order, each query timed once (as the comparison harness times them).
        for q in set {
            let t = std::time::Instant::now();
            std::hint::black_box(m.lookup(q));
            println!("{:>8.1} µs  {q}", t.elapsed().as_secs_f64() * 1e6);
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
