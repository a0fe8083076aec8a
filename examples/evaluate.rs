//! Runs every evaluation set in `tests/eval/` (each with its own lexicon) and prints recall,
//! precision and lookup latency, then the running-text results on the annotated articles
//! (`tests/golden/`, `tests/articles/`) with the bundled lexicon.
//!
//! ```text
//! cargo run --release --example evaluate [-- --json results.json] [--threshold T] [--set NAME]
//! ```
//!
//! * recall: top-1 correct / mentions with a gold id;
//! * precision: correct / accepted (rejections are not accepts);
//! * rejection accuracy: rejected / mentions without a gold id (when a set has any);
//! * latency: per lookup, over the set, after one warm-up pass.

use std::time::Instant;

use namefix::{Lexicon, Matcher};

#[path = "support/articles.rs"]
mod support;

struct Row {
    set: String,
    mentions: usize,
    positives: usize,
    accepted: usize,
    correct: usize,
    negatives: usize,
    rejected_negatives: usize,
    build_ms: f64,
    p50_us: f64,
    p99_us: f64,
    mean_us: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut json_out = None;
    let mut threshold = None;
    let mut only = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => {
                json_out = args.get(i + 1).cloned();
                i += 1;
            }
            "--threshold" => {
                threshold = args.get(i + 1).and_then(|t| t.parse::<f32>().ok());
                i += 1;
            }
            "--set" => {
                only = args.get(i + 1).cloned();
                i += 1;
            }
            other => {
                eprintln!("unknown argument {other:?}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval");
    let mut sets: Vec<_> = std::fs::read_dir(&root)
        .expect("tests/eval")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("mentions.tsv").exists())
        .collect();
    sets.sort();
    let mut rows = Vec::new();
    for dir in sets {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let lex_text = std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap();
        let t0 = Instant::now();
        let lexicon = Lexicon::from_tsv(&lex_text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut b = Matcher::builder();
        if let Some(t) = threshold {
            b.threshold(t);
        }
        let matcher = b.build(lexicon);
        let build_ms = t0.elapsed().as_secs_f64() * 1e3;
        let mentions = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
        let items: Vec<(&str, &str)> = mentions
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut c = l.split('\t');
                (c.next().unwrap_or(""), c.next().unwrap_or(""))
            })
            .collect();
        for (m, _) in &items {
            std::hint::black_box(matcher.lookup(m));
        }
        let mut lat = Vec::with_capacity(items.len());
        let mut row = Row {
            set: name.clone(),
            mentions: items.len(),
            positives: 0,
            accepted: 0,
            correct: 0,
            negatives: 0,
            rejected_negatives: 0,
            build_ms,
            p50_us: 0.0,
            p99_us: 0.0,
            mean_us: 0.0,
        };
        for (m, gold) in &items {
            let t = Instant::now();
            let r = matcher.lookup(m);
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            if gold.is_empty() {
                row.negatives += 1;
                if r.is_none() {
                    row.rejected_negatives += 1;
                }
            } else {
                row.positives += 1;
            }
            if let Some(r) = r {
                row.accepted += 1;
                if r.id() == *gold {
                    row.correct += 1;
                }
            }
        }
        lat.sort_by(f64::total_cmp);
        let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
        row.p50_us = pct(0.5);
        row.p99_us = pct(0.99);
        row.mean_us = lat.iter().sum::<f64>() / lat.len() as f64;
        rows.push(row);
    }
    println!(
        "| set | mentions | recall | precision | rejection acc. | build ms | p50 µs | p99 µs | mean µs |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        let recall = r.correct as f64 / r.positives.max(1) as f64;
        let precision = if r.accepted == 0 {
            1.0
        } else {
            r.correct as f64 / r.accepted as f64
        };
        let rej = if r.negatives == 0 {
            "n/a".to_string()
        } else {
            format!("{:.3}", r.rejected_negatives as f64 / r.negatives as f64)
        };
        println!(
            "| {} | {} | {:.3} | {:.3} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            r.set, r.mentions, recall, precision, rej, r.build_ms, r.p50_us, r.p99_us, r.mean_us
        );
    }
    let articles = if only.is_none() {
        support::article_rows()
    } else {
        Vec::new()
    };
    if !articles.is_empty() {
        println!();
        support::print_articles(&articles);
    }
    if let Some(path) = json_out {
        let sets: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "set": r.set, "mentions": r.mentions, "positives": r.positives,
                    "accepted": r.accepted, "correct": r.correct, "negatives": r.negatives,
                    "rejected_negatives": r.rejected_negatives,
                    "recall": r.correct as f64 / r.positives.max(1) as f64,
                    "precision": if r.accepted == 0 { 1.0 } else { r.correct as f64 / r.accepted as f64 },
                    "build_ms": r.build_ms, "p50_us": r.p50_us, "p99_us": r.p99_us, "mean_us": r.mean_us,
                })
            })
            .collect();
        let texts: Vec<serde_json::Value> = articles
            .iter()
            .map(|a| {
                serde_json::json!({
                    "article": a.name, "gold": a.gold, "proposed": a.proposed, "correct": a.correct,
                })
            })
            .collect();
        let v = serde_json::json!({ "sets": sets, "articles": texts });
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        eprintln!("wrote {path}");
    }
}
