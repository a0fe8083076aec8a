//! Latency from a `didChange` to the diagnostics of that version, on a 100 KB document (and a
//! 1 MB one), through the real binary over stdio. Ignored by default; run with
//!
//! ```text
//! cargo test --release -p namefix-ls --test latency -- --ignored --nocapture
//! ```

mod common;

use std::time::{Duration, Instant};

use common::{range_utf16, seed, Client};
use serde_json::json;

const URI: &str = "file:///workspace/big.txt";

/// About `size` bytes of prose: SQuAD paragraphs (Wikipedia), repeated as needed (each copy
/// numbered, so no two paragraphs are equal and none is checked once for all), then the seed
/// article.
fn document(size: usize) -> String {
    let squad = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/eval/clean-text/squad-paragraphs.txt"
    ))
    .unwrap();
    let paragraphs: Vec<&str> = squad.split('\n').filter(|p| !p.trim().is_empty()).collect();
    let (article, _) = seed();
    let mut text = String::new();
    let mut i = 0;
    while text.len() + article.len() < size {
        text.push_str(&format!("Part {i}. "));
        text.push_str(paragraphs[i % paragraphs.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    text.push_str(&article);
    text
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Opens a document of `size` bytes and times `n` edits of each kind.
fn measure(size: usize, debounce_ms: u64, n: usize, incremental: bool) {
    let mut text = document(size);
    let mut c = Client::start();
    c.initialize(
        json!({}),
        json!({"namefix": {"debounceMs": debounce_ms, "incremental": incremental}}),
        None,
    );
    let t = Instant::now();
    c.open(URI, &text);
    let first = c.diagnostics(URI, 1).len();
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{} KB document{}: open -> {first} diagnostics in {open_ms:.0} ms (lexicon load + full check)",
        text.len() / 1024,
        if incremental { "" } else { " (incremental off)" }
    );
    let mut version = 1;
    for (label, word) in [
        ("typing a common word", " very"),
        ("typing a name", " Liverpool"),
    ] {
        let mut times = Vec::new();
        for k in 0..n {
            // A different paragraph in the middle third each time.
            let mut at = text.len() / 3 + (k * 7919) % (text.len() / 3);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            let at = text[at..].find(' ').map_or(at, |i| at + i);
            let range = range_utf16(&text, at, at);
            text.insert_str(at, word);
            version += 1;
            let t = Instant::now();
            c.change(URI, version, json!([{"range": range, "text": word}]));
            c.diagnostics(URI, version);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let median = percentile(&mut times, 0.5);
        let p90 = percentile(&mut times, 0.9);
        let max = percentile(&mut times, 1.0);
        println!(
            "  {label}: didChange -> publishDiagnostics median {median:.1} ms, p90 {p90:.1} ms, max {max:.1} ms (debounce {debounce_ms} ms, {n} edits)"
        );
    }
    c.drain(Duration::from_millis(10));
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
#[ignore = "timing; run with --release --ignored --nocapture"]
fn latency_100kb() {
    measure(100 * 1024, 150, 20, true);
    measure(100 * 1024, 0, 20, true);
    measure(100 * 1024, 0, 5, false);
}

#[test]
#[ignore = "timing; run with --release --ignored --nocapture"]
fn latency_1mb() {
    measure(1024 * 1024, 0, 10, true);
}
