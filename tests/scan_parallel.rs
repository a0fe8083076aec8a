//! `Matcher::check_parallel` gives exactly the corrections of a sequential check.

use std::path::PathBuf;

use namefix::{Matcher, ScanOptions};

fn read(rel: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn texts() -> Vec<(String, String)> {
    let mut articles = String::new();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/articles");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "src"))
        .collect();
    names.sort();
    for p in names {
        articles.push_str(&std::fs::read_to_string(p).unwrap());
        articles.push('\n');
    }
    vec![
        (
            "squad paragraphs".into(),
            read("tests/eval/clean-text/squad-paragraphs.txt"),
        ),
        (
            "squad questions".into(),
            read("tests/eval/clean-text/squad-questions.txt"),
        ),
        // The articles' names recur across parts (the document context crosses parts).
        ("articles x8".into(), articles.repeat(8)),
        // One paragraph (no blank line) of a lowercase transcript, where case is no
        // evidence and "geelong" is restored to "Geelong", with capitals in some lines: the
        // scanner reads case by paragraph (cut at 64 KiB when longer), so parts must not cut
        // a paragraph elsewhere.
        (
            "transcript with cased lines".into(),
            (0..4000)
                .map(|i| {
                    if i % 1500 == 700 {
                        "The Company opened a store in Geelong.\n"
                    } else {
                        "we opened a store in geelong and it went well\n"
                    }
                })
                .collect(),
        ),
    ]
}

#[test]
fn parallel_check_equals_sequential_check() {
    let m = Matcher::bundled();
    let mut low = ScanOptions::new();
    low.threshold(0.7);
    for opts in [ScanOptions::new(), low] {
        for (what, text) in texts() {
            assert!(text.len() > 64 * 1024, "{what}: {} bytes", text.len());
            let want = m.check_with(&text, &opts);
            for jobs in [0, 1, 2, 3, 5] {
                assert_eq!(
                    m.check_parallel(&text, &opts, jobs),
                    want,
                    "{what}, {jobs} jobs"
                );
            }
        }
    }
}

#[test]
fn small_texts_and_one_job_are_sequential() {
    let m = Matcher::bundled();
    let opts = ScanOptions::new();
    for text in [
        "",
        "\n",
        "heart stopper",
        "Olivia Coleman\n\nheart stopper\n",
    ] {
        assert_eq!(m.check_parallel(text, &opts, 4), m.check_with(text, &opts));
    }
}
