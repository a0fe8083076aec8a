//! Single-core throughput of `Matcher::check` (bundled lexicon) over the paragraphs of a text
//! file (split at blank lines), the Rust baseline of `check_many` in ../check_many.py.
//!
//! `cargo run --release -- FILE [ROUNDS]` prints one JSON line: paragraphs, bytes, corrections,
//! and the median seconds and MB/s of ROUNDS (default 5) passes, by wall-clock time and by the
//! CPU time of the (one) thread (`/proc/thread-self/schedstat`, Linux), which other processes
//! on a busy machine do not inflate.
#![forbid(unsafe_code)]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: rust-check FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let m = namefix::Matcher::bundled();
    // Warm-up pass (also builds the bundled matcher).
    let corrections: usize = paragraphs.iter().map(|p| m.check(p).len()).sum();
    let mut secs = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..rounds {
        let c = cpu_ns();
        let t = Instant::now();
        let n: usize = paragraphs
            .iter()
            .map(|p| std::hint::black_box(m.check(std::hint::black_box(p))).len())
            .sum();
        secs.push(t.elapsed().as_secs_f64());
        cpu.push((cpu_ns() - c) as f64 / 1e9);
        assert_eq!(n, corrections);
    }
    secs.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];
    let median_cpu = cpu[cpu.len() / 2];
    println!(
        "{{\"paragraphs\": {}, \"bytes\": {bytes}, \"corrections\": {corrections}, \"rounds\": {rounds}, \"median_s\": {median:.4}, \"mb_per_s\": {:.3}, \"median_cpu_s\": {median_cpu:.4}, \"mb_per_cpu_s\": {:.3}, \"all_s\": {secs:.3?}}}",
        paragraphs.len(),
        bytes as f64 / 1e6 / median,
        bytes as f64 / 1e6 / median_cpu,
    );
}

/// CPU time of this thread in nanoseconds (first field of /proc/thread-self/schedstat).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("/proc/thread-self/schedstat (Linux)")
}
