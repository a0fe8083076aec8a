//! Bounded work on adversarial input, compared with ordinary prose (bundled lexicon):
//!
//! * `check/prose_32k`: the baseline, 32 KB of SQuAD paragraphs (tests/eval/clean-text);
//! * `check/single_token_1mb`: one 1 MB word;
//! * `check/olivia_coleman_run`: "Olivia Coleman " x 10,000 (one 150 KB capitalised run);
//! * `check/olivia_coleman_comma`: "Olivia Coleman, " x 2,000 (2,000 fuzzy fixes);
//! * `check/garbled_prose_8k`: prose with every word of five letters or more misspelled;
//! * `check/capitalised_gibberish`: 2,000 capitalised non-words (every one a fuzzy anchor);
//! * `lookup/mention_10k_words`: one mention of 10,000 words (refused by MAX_QUERY_WORDS);
//! * `lookup/ordinary`: "Olivia Coleman", the baseline for lookups;
//! * `lexicon/entry_100kb`: parsing a lexicon line of 100 KB (an error: MAX_LINE_BYTES);
//! * `lexicon/shared_surname_1000_build` and `.._lookups`: 1,000 people named "* Smith".
//!
//! Throughput is in bytes of input. Measurements are short (10 flat samples, about 3 s):
//! `cargo bench --bench adversarial`; CI runs `cargo bench --bench adversarial -- --test`,
//! which runs each benchmark once. Figures: ROBUSTNESS.md.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use namefix::{Lexicon, Matcher};

#[path = "common/surnames.rs"]
mod surnames;
use surnames::shared_surname_lexicon;

fn short<M: criterion::measurement::Measurement>(g: &mut BenchmarkGroup<'_, M>) {
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
}

fn prose(bytes: usize) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/eval/clean-text/squad-paragraphs.txt"
    ))
    .expect("tests/eval/clean-text/squad-paragraphs.txt");
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[..end].to_string()
}

/// Every word of five letters or more loses its third letter.
fn garble(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            if w.len() >= 5 && w.is_ascii() {
                format!("{}{}", &w[..2], &w[3..])
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn check(c: &mut Criterion) {
    let m = Matcher::bundled();
    let base = prose(32 * 1024);
    let cases: Vec<(&str, String)> = vec![
        ("prose_32k", base.clone()),
        ("single_token_1mb", "a".repeat(1 << 20)),
        ("olivia_coleman_run", "Olivia Coleman ".repeat(10_000)),
        ("olivia_coleman_comma", "Olivia Coleman, ".repeat(2_000)),
        ("garbled_prose_8k", garble(&prose(8 * 1024))),
        (
            "capitalised_gibberish",
            (0..2_000)
                .map(|i| {
                    format!(
                        "Xq{}zv{} ",
                        (b'a' + (i % 26) as u8) as char,
                        (b'a' + ((i / 26) % 26) as u8) as char
                    )
                })
                .collect(),
        ),
    ];
    let mut g = c.benchmark_group("check");
    short(&mut g);
    for (name, text) in &cases {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| b.iter(|| m.check(black_box(text)).len()));
    }
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let m = Matcher::bundled();
    let long = "Olivia Colman ".repeat(5_000);
    let mut g = c.benchmark_group("lookup");
    short(&mut g);
    g.throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function("mention_10k_words", |b| {
        b.iter(|| m.lookup(black_box(&long)).is_some())
    });
    g.throughput(Throughput::Bytes("Olivia Coleman".len() as u64));
    g.bench_function("ordinary", |b| {
        b.iter(|| m.lookup(black_box("Olivia Coleman")).is_some())
    });
    g.finish();
}

fn lexicon(c: &mut Criterion) {
    let entry = format!(
        "a\tAlpha\nb\t{}\n",
        "Olivia Colman ".repeat(100 * 1024 / 14)
    );
    let (lex, firsts) = shared_surname_lexicon();
    let garbled: Vec<String> = firsts
        .iter()
        .step_by(10)
        .map(|f| format!("{f} Smiht"))
        .collect();
    let m = Matcher::new(lex.clone());
    let mut g = c.benchmark_group("lexicon");
    short(&mut g);
    g.throughput(Throughput::Bytes(entry.len() as u64));
    g.bench_function("entry_100kb", |b| {
        b.iter(|| Lexicon::from_tsv(black_box(&entry)).is_err())
    });
    g.throughput(Throughput::Elements(lex.len() as u64));
    g.bench_function("shared_surname_1000_build", |b| {
        b.iter(|| Matcher::new(black_box(lex.clone())))
    });
    g.throughput(Throughput::Elements(garbled.len() as u64));
    g.bench_function("shared_surname_1000_lookups", |b| {
        b.iter(|| {
            garbled
                .iter()
                .filter(|q| m.lookup(black_box(q)).is_some())
                .count()
        })
    });
    g.finish();
}

criterion_group!(adversarial, check, lookup, lexicon);
criterion_main!(adversarial);
