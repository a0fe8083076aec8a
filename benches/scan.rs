//! Running-text benchmarks with the bundled lexicon: checking 100 KB of English prose and the
//! first megabyte of the Brown corpus (reported as MB/s), fixing the seed article, and the
//! start-up cost of the bundled matcher.
//!
//! `cargo bench --bench scan`; `cargo bench --bench scan -- --test` runs each once.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use namefix::Matcher;

mod common;

fn benches(c: &mut Criterion) {
    let m = Matcher::bundled();
    let prose = common::prose_100k();
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/heartstopper-bloopers.txt"
    ))
    .unwrap();

    let mut g = c.benchmark_group("scan");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Bytes(prose.len() as u64));
    g.bench_function("check_prose_100k", |b| {
        b.iter(|| m.check(black_box(&prose)).len())
    });
    // Edited American prose of every genre: the first megabyte of the Brown corpus.
    let brown = brown_1mb();
    g.throughput(Throughput::Bytes(brown.len() as u64));
    g.bench_function("check_brown_1mb", |b| {
        b.iter(|| m.check(black_box(&brown)).len())
    });
    g.throughput(Throughput::Bytes(seed.len() as u64));
    g.bench_function("fix_seed_article", |b| {
        b.iter(|| m.fix(black_box(&seed)).len())
    });
    g.finish();
}

/// The first 1,000,000 bytes of `tests/eval/clean-text/brown.txt`, cut at a line end.
fn brown_1mb() -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/clean-text/brown.txt"
    ))
    .expect("clean text");
    let end = text[..1_000_000.min(text.len())]
        .rfind('\n')
        .map_or(text.len(), |i| i + 1);
    text[..end].to_string()
}

criterion_group!(scan, benches);
criterion_main!(scan);
