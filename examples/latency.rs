//! Per-lookup latency percentiles, build time and memory at several lexicon sizes, and the
//! start-up time of the bundled matcher.
//!
//! ```text
//! cargo run --release --example latency            # 10k, 100k, 150k and 1M entities
//! cargo run --release --example latency -- 150k    # one size
//! cargo run --release --example latency -- startup # process start -> first bundled lookup
//! ```
//!
//! The last column looks up every mention of the evaluation sets (`tests/eval/`, about 13,000
//! real garbled mentions) once each. The benchmark lexicons are generated from the bundled data (`xtask gen-scaling`) on first
//! use. Memory is the growth of the process's resident set (VmRSS) while parsing and
//! indexing, and the index's own heap estimate.

use std::time::Instant;

use namefix::{Lexicon, Matcher};

#[path = "../benches/common/mod.rs"]
mod common;

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("startup") {
        let t = Instant::now();
        let r0 = rss_kib();
        let hit = Matcher::bundled()
            .lookup("Olivia Coleman")
            .map(|m| m.name());
        let first = t.elapsed();
        let t2 = Instant::now();
        let hit2 = Matcher::bundled().lookup("heart stopper").map(|m| m.name());
        println!(
            "bundled: first lookup answered {:.1} ms after start ({hit:?}); second lookup {:.1} µs ({hit2:?}); resident growth {} MiB",
            first.as_secs_f64() * 1e3,
            t2.elapsed().as_secs_f64() * 1e6,
            rss_kib().zip(r0).map_or(0, |(a, b)| (a - b) / 1024)
        );
        return;
    }
    let labels: Vec<String> = match arg {
        Some(l) => vec![l],
        None => ["10k", "100k", "150k", "1m"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    println!("| entities | build ms | index MiB | RSS growth MiB | exact p50/p99 µs | normalized p50/p99 µs | fuzzy p50/p99 µs | phonetic p50/p99 µs | miss p50/p99 µs | eval-set mentions p50/p99/mean µs |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let eval = common::eval_mentions();
    for label in labels {
        let tsv = common::scaling_lexicon(&label);
        let r0 = rss_kib().unwrap_or(0);
        let t = Instant::now();
        let m = Matcher::new(Lexicon::from_tsv(&tsv).unwrap());
        let build_ms = t.elapsed().as_secs_f64() * 1e3;
        let rss = rss_kib().unwrap_or(0).saturating_sub(r0) as f64 / 1024.0;
        let n = m.lexicon().len();
        let mut cells = Vec::new();
        for set in [
            common::EXACT,
            common::NORMALIZED,
            common::FUZZY,
            common::PHONETIC,
            common::MISS,
        ] {
            for q in set {
                std::hint::black_box(m.lookup(q));
            }
            let mut lat = Vec::new();
            for _ in 0..200 {
                for q in set {
                    let t = Instant::now();
                    std::hint::black_box(m.lookup(q));
                    lat.push(t.elapsed().as_secs_f64() * 1e6);
                }
            }
            let p50 = percentile(&mut lat, 0.5);
            let p99 = percentile(&mut lat, 0.99);
            cells.push(format!("{p50:.1} / {p99:.1}"));
        }
        // Real garbled mentions, each looked up once after a warm-up pass.
        for q in &eval {
            std::hint::black_box(m.lookup(q));
        }
        let mut lat: Vec<f64> = eval
            .iter()
            .map(|q| {
                let t = Instant::now();
                std::hint::black_box(m.lookup(q));
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        let mean = lat.iter().sum::<f64>() / lat.len().max(1) as f64;
        let p50 = percentile(&mut lat, 0.5);
        let p99 = percentile(&mut lat, 0.99);
        cells.push(format!("{p50:.1} / {p99:.1} / {mean:.1}"));
        println!(
            "| {n} | {build_ms:.0} | {:.1} | {rss:.0} | {} |",
            m.index_heap_bytes() as f64 / (1024.0 * 1024.0),
            cells.join(" | ")
        );
    }
}
