//! Per-lookup latency percentiles, build time and memory at several lexicon sizes, and the
//! start-up time of the bundled matcher.
//!
//! ```text
//! cargo run --release --example latency            # 10k, 100k, 150k and 1M entities
//! cargo run --release --example latency -- 150k    # one size
//! cargo run --release --example latency -- startup # process start -> first bundled lookup
//! cargo run --release --example latency -- timing LEXICON MENTIONS   # JSON, for benches/compare
//! cargo run --release --example latency -- save LEXICON OUT.nfx [compact]  # Matcher::save
//! cargo run --release --example latency -- startup-index OUT.nfx   # start -> first lookup, saved index
//! cargo run --release --example latency -- scan TEXT JOBS           # check_parallel wall time
//! ```
//!
//! `timing` builds a matcher over a lexicon TSV and looks up every mention of a mentions TSV
//! once (first column), in order, printing build time, per-lookup percentiles, CPU time and
//! memory as JSON in the shape of the comparison harness's other baselines.
//!
//! The last column looks up every mention of the evaluation sets (`tests/eval/`, about 13,000
//! real garbled mentions) once each. The benchmark lexicons are generated from the bundled data (`xtask gen-scaling`) on first
//! use. Memory is the growth of the process's resident set (VmRSS) while parsing and
//! indexing, and the index's own heap estimate after the lookups (in MiB and bytes per entity).

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

/// User + system CPU seconds of this process (from /proc/self/stat; 10 ms ticks).
fn cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn status_kib(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The comparison harness's timing run (see the module docs).
fn timing(lexicon: &str, mentions: &str) {
    let loadavg: f64 = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(-1.0);
    let tsv = std::fs::read_to_string(lexicon).unwrap_or_else(|e| panic!("{lexicon}: {e}"));
    let text = std::fs::read_to_string(mentions).unwrap_or_else(|e| panic!("{mentions}: {e}"));
    let queries: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap_or(""))
        .collect();
    let rss0 = status_kib("VmRSS:");
    let t0 = Instant::now();
    let m = Matcher::new(Lexicon::from_tsv(&tsv).unwrap_or_else(|e| panic!("{lexicon}: {e}")));
    let build_s = t0.elapsed().as_secs_f64();
    let rss1 = status_kib("VmRSS:");
    let hwm1 = status_kib("VmHWM:");
    let cpu0 = cpu_seconds();
    let mut accepted = 0;
    let mut lat: Vec<f64> = Vec::with_capacity(queries.len());
    for q in &queries {
        let t = Instant::now();
        let hit = std::hint::black_box(m.lookup(q)).is_some();
        lat.push(t.elapsed().as_secs_f64() * 1e6);
        accepted += usize::from(hit);
    }
    let cpu = cpu_seconds() - cpu0;
    let n = lat.len().max(1) as f64;
    let mean = lat.iter().sum::<f64>() / n;
    lat.sort_by(f64::total_cmp);
    // Nearest-rank percentiles, as the other baselines compute them.
    let pct = |p: f64| {
        let rank = ((p / 100.0) * lat.len() as f64).ceil() as usize;
        lat.get(rank.clamp(1, lat.len().max(1)) - 1)
            .copied()
            .unwrap_or(0.0)
    };
    let out = serde_json::json!({
        "lexicon": lexicon,
        "entities": m.lexicon().len(),
        "index_heap_mib": m.index_heap_bytes() as f64 / (1024.0 * 1024.0),
        "build_s": build_s,
        "lookups": queries.len(),
        "accepted": accepted,
        "p50_us": pct(50.0),
        "p99_us": pct(99.0),
        "mean_us": mean,
        "cpu_mean_us": cpu * 1e6 / n,
        "rss_delta_build_mib": (rss1 as f64 - rss0 as f64) / 1024.0,
        "rss_after_lookups_mib": status_kib("VmRSS:") as f64 / 1024.0,
        "peak_rss_mib": hwm1.max(status_kib("VmHWM:")) as f64 / 1024.0,
        "loadavg_1m_at_start": loadavg,
    });
    println!("{out}");
}

fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("timing") {
        let a: Vec<String> = std::env::args().skip(2).collect();
        if a.len() != 2 {
            eprintln!("usage: latency timing LEXICON MENTIONS");
            std::process::exit(2);
        }
        timing(&a[0], &a[1]);
        return;
    }
    if arg.as_deref() == Some("save") {
        let a: Vec<String> = std::env::args().skip(2).collect();
        let t = Instant::now();
        let lex = Lexicon::from_tsv(&std::fs::read_to_string(&a[0]).unwrap()).unwrap();
        let m = Matcher::new(lex);
        let built = t.elapsed();
        let bytes = if a.get(2).is_some_and(|f| f == "compact") {
            m.save_compact()
        } else {
            m.save()
        };
        std::fs::write(&a[1], &bytes).unwrap();
        println!(
            "built in {:.0} ms; saved {} bytes ({:.0} bytes per entity); index heap {:.0} bytes per entity",
            built.as_secs_f64() * 1e3,
            bytes.len(),
            bytes.len() as f64 / m.lexicon().len() as f64,
            m.index_heap_bytes() as f64 / m.lexicon().len() as f64
        );
        return;
    }
    if arg.as_deref() == Some("startup-index") {
        let path = std::env::args()
            .nth(2)
            .expect("usage: latency startup-index FILE.nfx");
        let t = Instant::now();
        let m = Matcher::load_from_path(&path).unwrap();
        let hit = m.lookup("Olivia Coleman").map(|m| m.name().to_owned());
        println!(
            "{path}: first lookup answered {:.1} ms after start ({hit:?})",
            t.elapsed().as_secs_f64() * 1e3
        );
        return;
    }
    if arg.as_deref() == Some("scan") {
        let a: Vec<String> = std::env::args().skip(2).collect();
        let text = std::fs::read_to_string(&a[0]).unwrap();
        let jobs: usize = a[1].parse().unwrap();
        let m = Matcher::bundled();
        m.lookup("warm up");
        let t = Instant::now();
        let n = m
            .check_parallel(&text, &namefix::ScanOptions::new(), jobs)
            .len();
        let s = t.elapsed().as_secs_f64();
        println!(
            "{} bytes, {jobs} jobs: {n} corrections in {:.2} s ({:.1} MB/s)",
            text.len(),
            s,
            text.len() as f64 / s / 1e6
        );
        return;
    }
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
    println!("| entities | build ms | index MiB | index bytes/entity | RSS growth MiB | exact p50/p99 µs | normalized p50/p99 µs | fuzzy p50/p99 µs | phonetic p50/p99 µs | miss p50/p99 µs | eval-set mentions p50/p99/mean µs |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
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
        // The index's heap after the lookups above (its tables are made part by part as
        // lookups need them), in all and per entity.
        let heap = m.index_heap_bytes() as f64;
        println!(
            "| {n} | {build_ms:.0} | {:.1} | {:.0} | {rss:.0} | {} |",
            heap / (1024.0 * 1024.0),
            heap / n.max(1) as f64,
            cells.join(" | ")
        );
    }
}
