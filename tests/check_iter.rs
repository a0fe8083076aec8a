//! `Matcher::check_iter` (paragraph by paragraph, with the document context) gives exactly
//! the corrections of `Matcher::check_with` on the whole text: on every article of
//! tests/articles and tests/golden with the bundled lexicon, and on texts where the context
//! decides (a name in one paragraph settles a close call in another).

use std::path::Path;

use namefix::{Kind, Lexicon, Matcher, ScanOptions};

fn articles() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut out = Vec::new();
    for dir in ["articles", "golden"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for p in files {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    assert!(out.len() >= 4, "articles found: {}", out.len());
    out
}

#[test]
fn check_iter_equals_check_on_the_articles() {
    let m = Matcher::bundled();
    let mut strict = ScanOptions::new();
    strict.threshold(0.95).ignore_kind(Kind::Place);
    let mut total = 0;
    for (name, text) in articles() {
        for opts in [ScanOptions::new(), strict.clone()] {
            let whole = m.check_with(&text, &opts);
            let parts: Vec<_> = m.check_iter(&text, &opts).collect();
            assert_eq!(parts, whole, "{name}");
            total += whole.len();
        }
        // The articles' paragraphs run together (one part) and cut at every line.
        let one_line = text.replace("\n\n", "\n");
        assert_eq!(
            m.check_iter(&one_line, &ScanOptions::new())
                .collect::<Vec<_>>(),
            m.check(&one_line),
            "{name} without blank lines"
        );
    }
    assert!(total > 0, "the articles have corrections to compare");
}

#[test]
fn check_iter_uses_the_whole_document_as_context() {
    let m = Matcher::new(
        Lexicon::from_tsv(
            "c:1\tManchester\t\tplace\t100\nc:2\tLiverpool\t\tplace\t1\n\
             p:jan\tJana Kowalski\t\tperson\t10\np:jon\tJona Kowalski\t\tperson\t10\n",
        )
        .unwrap(),
    );
    let texts = [
        "Manchestr is a big city.\n\nThen we drove to Mannchestr.\n",
        "Later, Jena Kowalski spoke.\n\nJona Kowalski arrived first.\n",
        "Liverpol, again.\n\nLiverpool.\n\n\n",
        "",
        "\n\n\n",
    ];
    for text in texts {
        let opts = ScanOptions::new();
        assert_eq!(
            m.check_iter(text, &opts).collect::<Vec<_>>(),
            m.check_with(text, &opts),
            "{text:?}"
        );
    }
    let fixes: Vec<_> = m.check_iter(texts[1], &ScanOptions::new()).collect();
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].replacement(), "Jona Kowalski");
}
