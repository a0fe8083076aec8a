//! False corrections on clean prose (`tests/eval/clean-text/`), shared by the `evaluate`
//! example and `tests/eval.rs`.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use namefix::{Matcher, ScanOptions};

/// The clean-text files, in the order they are reported.
pub(crate) const FILES: [&str; 5] = [
    "squad-paragraphs.txt",
    "squad-questions.txt",
    "brown.txt",
    "nlp-corpus.txt",
    "debian-docs.txt",
];

/// The folder of the clean-text files.
pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/clean-text")
}

/// One proposal made on clean text.
pub(crate) struct Proposal {
    pub(crate) file: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) original: String,
    pub(crate) replacement: String,
    pub(crate) id: String,
    pub(crate) score: f32,
    /// Listed in `true-fixes.tsv` (a reviewed, real fix of the text as written).
    pub(crate) true_fix: bool,
    /// The line of text around the proposal, for review.
    pub(crate) context: String,
}

/// One file's figures.
pub(crate) struct Row {
    pub(crate) file: String,
    /// Whitespace-separated tokens (`str::split_whitespace`).
    pub(crate) words: usize,
    pub(crate) proposals: usize,
    pub(crate) true_fixes: usize,
}

impl Row {
    /// Proposals not listed as true fixes.
    pub(crate) fn counted(&self) -> usize {
        self.proposals - self.true_fixes
    }

    /// Counted proposals per 10,000 words.
    pub(crate) fn per_10k(&self) -> f64 {
        1e4 * self.counted() as f64 / self.words.max(1) as f64
    }
}

/// The reviewed true fixes: (file, byte start, original, replacement).
pub(crate) fn true_fixes() -> HashSet<(String, usize, String, String)> {
    let text = std::fs::read_to_string(dir().join("true-fixes.tsv")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert!(c.len() >= 5, "true-fixes.tsv: bad line {l:?}");
            (
                c[0].to_string(),
                c[1].parse().expect("true-fixes.tsv: byte start"),
                c[2].to_string(),
                c[3].to_string(),
            )
        })
        .collect()
}

/// Checks `text` (the file `file`, cut to its first `max_bytes` at a line break when given)
/// with `m` and returns its row and proposals.
pub(crate) fn check_file(
    m: &Matcher,
    file: &str,
    max_bytes: Option<usize>,
) -> (Row, Vec<Proposal>) {
    check_file_with(m, file, max_bytes, &ScanOptions::default())
}

/// [`check_file`] with scan options (a threshold).
pub(crate) fn check_file_with(
    m: &Matcher,
    file: &str,
    max_bytes: Option<usize>,
    opts: &ScanOptions,
) -> (Row, Vec<Proposal>) {
    let full = std::fs::read_to_string(dir().join(file)).unwrap();
    let text = match max_bytes {
        Some(n) if n < full.len() => {
            let cut = full[..n].rfind('\n').map_or(0, |i| i + 1);
            &full[..cut]
        }
        _ => &full[..],
    };
    let listed = true_fixes();
    let mut props = Vec::new();
    for c in m.check_with(text, opts) {
        let key = (
            file.to_string(),
            c.start(),
            c.original().to_string(),
            c.replacement().to_string(),
        );
        let ls = text[..c.start()].rfind('\n').map_or(0, |i| i + 1);
        let le = text[c.end()..]
            .find('\n')
            .map_or(text.len(), |i| c.end() + i);
        // Up to 80 bytes either side, on char boundaries.
        let mut a = c.start().saturating_sub(80).max(ls);
        while !text.is_char_boundary(a) {
            a += 1;
        }
        let mut b = (c.end() + 80).min(le);
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        props.push(Proposal {
            file: file.to_string(),
            start: c.start(),
            end: c.end(),
            original: c.original().to_string(),
            replacement: c.replacement().to_string(),
            id: c.id().to_string(),
            score: c.score(),
            true_fix: listed.contains(&key),
            context: format!(
                "{}[{}]{}",
                &text[a..c.start()],
                c.original(),
                &text[c.end()..b]
            )
            .replace(['\t', '\r'], " "),
        });
    }
    let row = Row {
        file: file.to_string(),
        words: text.split_whitespace().count(),
        proposals: props.len(),
        true_fixes: props.iter().filter(|p| p.true_fix).count(),
    };
    (row, props)
}

/// Every file, whole.
pub(crate) fn evaluate(m: &Matcher) -> (Vec<Row>, Vec<Proposal>) {
    let mut rows = Vec::new();
    let mut all = Vec::new();
    for f in FILES {
        let (r, p) = check_file(m, f, None);
        rows.push(r);
        all.extend(p);
    }
    (rows, all)
}

/// The proposals as TSV (with a header), for review.
pub(crate) fn proposals_tsv(props: &[Proposal]) -> String {
    let mut s =
        String::from("file\tstart\tend\toriginal\treplacement\tid\tscore\ttrue_fix\tcontext\n");
    for p in props {
        s.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{:.3}\t{}\t{}\n",
            p.file, p.start, p.end, p.original, p.replacement, p.id, p.score, p.true_fix, p.context
        ));
    }
    s
}
