//! Precision and recall of running-text correction on the annotated articles.
//!
//! ```text
//! cargo run --release --example articles
//! ```
//!
//! Reads every `tests/golden/*.edits.tsv` and `tests/articles/*.edits.tsv` with its `.txt`,
//! checks the text with the bundled lexicon, and compares the edits (byte span and
//! replacement) with the gold. `cargo run --release --example evaluate` prints the same table
//! after the evaluation sets.

#[path = "support/articles.rs"]
mod support;

fn main() {
    support::print_articles(&support::article_rows());
}
