//! Scoring running-text correction on the annotated articles (shared by the `articles` and
//! `evaluate` examples).
#![allow(dead_code)]

use namefix::Matcher;

/// One article's result.
pub(crate) struct ArticleRow {
    pub(crate) name: String,
    pub(crate) gold: usize,
    pub(crate) proposed: usize,
    pub(crate) correct: usize,
    /// Human-readable differences from the gold ("missed: ...", "not in gold: ...").
    pub(crate) notes: Vec<String>,
}

/// An annotated text: name, text and gold edits (start, end, replacement).
pub(crate) type Article = (String, String, Vec<(usize, usize, String)>);

/// Every annotated text (`tests/golden/*.txt` and `tests/articles/*.txt` that has an
/// `.edits.tsv`): its name, its text and its gold edits (byte span and replacement).
pub(crate) fn gold_articles() -> Vec<Article> {
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
    files
        .into_iter()
        .map(|edits| {
            let name = edits
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(".edits.tsv", "");
            let text =
                std::fs::read_to_string(edits.with_file_name(format!("{name}.txt"))).unwrap();
            let gold = std::fs::read_to_string(&edits)
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
            (name, text, gold)
        })
        .collect()
}

/// Checks every annotated text ([`gold_articles`]) with the bundled lexicon and compares the
/// edits (byte span and replacement) with the gold.
pub(crate) fn article_rows() -> Vec<ArticleRow> {
    let m = Matcher::bundled();
    let mut rows = Vec::new();
    for (name, text, gold) in gold_articles() {
        let found: Vec<(usize, usize, String)> = m
            .check(&text)
            .iter()
            .map(|c| (c.start(), c.end(), c.replacement().to_string()))
            .collect();
        let mut notes = Vec::new();
        for f in found.iter().filter(|f| !gold.contains(f)) {
            notes.push(format!("not in gold: {:?} -> {:?}", &text[f.0..f.1], f.2));
        }
        for g in gold.iter().filter(|g| !found.contains(g)) {
            notes.push(format!("missed: {:?} -> {:?}", &text[g.0..g.1], g.2));
        }
        rows.push(ArticleRow {
            correct: found.iter().filter(|f| gold.contains(f)).count(),
            gold: gold.len(),
            proposed: found.len(),
            name,
            notes,
        });
    }
    rows
}

/// Prints the articles' table (Markdown) and the differences on stderr.
pub(crate) fn print_articles(rows: &[ArticleRow]) {
    println!("| article | gold edits | proposed | correct | precision | recall |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let (mut tg, mut tp, mut tc) = (0, 0, 0);
    for r in rows {
        for n in &r.notes {
            eprintln!("{}: {n}", r.name);
        }
        let p = if r.proposed == 0 {
            1.0
        } else {
            r.correct as f64 / r.proposed as f64
        };
        let rc = if r.gold == 0 {
            1.0
        } else {
            r.correct as f64 / r.gold as f64
        };
        println!(
            "| {} | {} | {} | {} | {p:.2} | {rc:.2} |",
            r.name, r.gold, r.proposed, r.correct
        );
        tg += r.gold;
        tp += r.proposed;
        tc += r.correct;
    }
    println!(
        "| all | {tg} | {tp} | {tc} | {:.2} | {:.2} |",
        tc as f64 / tp.max(1) as f64,
        tc as f64 / tg.max(1) as f64
    );
}
