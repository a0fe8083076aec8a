//! Lookup benchmarks on the 150,000-entity benchmark lexicon: normalisation, build, exact /
//! normalised / fuzzy / phonetic / miss lookups, top-k candidates, and the brute-force
//! baseline (every name scored with the same scorer) that shows what the index saves.
//!
//! `cargo bench --bench lookup`; `cargo bench --bench lookup -- --test` runs each once.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use namefix::{Lexicon, Matcher};

mod common;

fn benches(c: &mut Criterion) {
    let tsv = common::scaling_lexicon("150k");

    let mut g = c.benchmark_group("normalize");
    g.bench_function("fold_ascii", |b| {
        b.iter(|| namefix::normalize::fold(black_box("Cormac Hyde-Corrin")))
    });
    g.bench_function("fold_unicode", |b| {
        b.iter(|| namefix::normalize::fold(black_box("Guðmundsdóttir Beyoncé")))
    });
    g.bench_function("phonetic", |b| {
        b.iter(|| namefix::normalize::phonetic(black_box("mcconaughey")))
    });
    g.finish();

    let mut g = c.benchmark_group("build");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("parse_tsv_150k", |b| {
        b.iter(|| Lexicon::from_tsv(black_box(&tsv)).unwrap())
    });
    g.bench_function("parse_and_index_150k", |b| {
        b.iter(|| Matcher::new(Lexicon::from_tsv(black_box(&tsv)).unwrap()))
    });
    g.bench_function("parse_and_index_bundled", |b| {
        b.iter(|| Matcher::new(Matcher::bundled_lexicon()))
    });
    g.finish();

    let m = Matcher::new(Lexicon::from_tsv(&tsv).unwrap());
    let mut g = c.benchmark_group("lookup_150k");
    for (name, set) in [
        ("exact", common::EXACT),
        ("normalized", common::NORMALIZED),
        ("fuzzy", common::FUZZY),
        ("phonetic", common::PHONETIC),
        ("miss", common::MISS),
    ] {
        let mut i = 0;
        g.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % set.len();
                m.lookup(black_box(set[i])).map(|x| x.score())
            })
        });
    }
    let mut i = 0;
    g.bench_function("candidates_top5_fuzzy", |b| {
        b.iter(|| {
            i = (i + 1) % common::FUZZY.len();
            m.candidates(black_box(common::FUZZY[i]), 5).len()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("brute_force_150k");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("fuzzy", |b| {
        b.iter(|| {
            m.lookup_exhaustive(black_box("Olivia Coleman"))
                .map(|x| x.score())
        })
    });
    g.finish();
}

criterion_group!(lookup, benches);
criterion_main!(lookup);
