//! The bundled lexicon (feature `bundled`), parsed and indexed on first use.

use std::sync::LazyLock;

use crate::{Lexicon, Matcher};

/// The bundled lexicon's TSV text (see data/README.md for its sources and licenses).
pub(crate) const TSV: &str = include_str!("../data/lexicon.tsv");

static BUNDLED: LazyLock<Matcher> = LazyLock::new(|| {
    let lexicon =
        Lexicon::from_tsv(TSV).expect("the bundled lexicon is checked by tests/data_lint.rs");
    Matcher::new(lexicon)
});

impl Matcher {
    /// A shared matcher over the bundled lexicon (films, series, people, places,
    /// organisations; see data/README.md), built on first use.
    ///
    /// ```
    /// let m = namefix::Matcher::bundled();
    /// assert_eq!(m.lookup("heart stopper").unwrap().name(), "Heartstopper");
    /// ```
    pub fn bundled() -> &'static Matcher {
        &BUNDLED
    }

    /// The bundled lexicon, parsed anew (for building a matcher with other settings, or
    /// extending it with your own entities).
    ///
    /// ```
    /// use namefix::Matcher;
    /// let lexicon = Matcher::bundled_lexicon();
    /// let strict = Matcher::builder().threshold(0.9).build(lexicon);
    /// assert!(strict.lookup("Olivia Colman").is_some());
    /// ```
    pub fn bundled_lexicon() -> Lexicon {
        Lexicon::from_tsv(TSV).expect("the bundled lexicon is checked by tests/data_lint.rs")
    }
}
