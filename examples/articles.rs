//! Precision and recall of running-text correction on the annotated articles.
//!
//! ```text
//! cargo run --release --example articles
//! ```
//!
//! Reads every `tests/golden/*.edits.tsv` and `tests/articles/*.edits.tsv` with its `.txt`,
//! checks the text with the bundled lexicon, and compares the edits (byte span and
//! replacement) with the gold.

use namefix::Matcher;

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/golden", "tests/articles"] {
        let mut v: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".edits.tsv"))
            .collect();
        v.sort();
        files.extend(v);
    }
    let m = Matcher::bundled();
    println!("| article | gold edits | proposed | correct | precision | recall |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let (mut tg, mut tp, mut tc) = (0, 0, 0);
    for edits in files {
        let name = edits
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".edits.tsv", "");
        let text = std::fs::read_to_string(edits.with_file_name(format!("{name}.txt"))).unwrap();
        let gold: Vec<(usize, usize, String)> = std::fs::read_to_string(&edits)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (
                    c[0].parse().unwrap(),
                    c[1].parse().unwrap(),
                    c[3].to_string(),
                )
            })
            .collect();
        let found: Vec<(usize, usize, String)> = m
            .check(&text)
            .iter()
            .map(|c| (c.start(), c.end(), c.replacement().to_string()))
            .collect();
        let correct = found.iter().filter(|f| gold.contains(f)).count();
        for f in found.iter().filter(|f| !gold.contains(f)) {
            eprintln!("{name}: not in gold: {:?} -> {:?}", &text[f.0..f.1], f.2);
        }
        for g in gold.iter().filter(|g| !found.contains(g)) {
            eprintln!("{name}: missed: {:?} -> {:?}", &text[g.0..g.1], g.2);
        }
        let p = if found.is_empty() {
            1.0
        } else {
            correct as f64 / found.len() as f64
        };
        let r = if gold.is_empty() {
            1.0
        } else {
            correct as f64 / gold.len() as f64
        };
        println!(
            "| {name} | {} | {} | {correct} | {p:.2} | {r:.2} |",
            gold.len(),
            found.len()
        );
        tg += gold.len();
        tp += found.len();
        tc += correct;
    }
    println!(
        "| all | {tg} | {tp} | {tc} | {:.2} | {:.2} |",
        tc as f64 / tp.max(1) as f64,
        tc as f64 / tg.max(1) as f64
    );
}
