//! The bundled lexicon (feature `bundled`), parsed and indexed on first use.

use std::sync::LazyLock;

use crate::{Lexicon, Matcher};

/// The bundled lexicon's TSV text (see data/README.md for its sources and licenses).
pub(crate) static TSV: &str = include_str!("../data/lexicon.tsv");

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

/// The open-world layer's keys (`data/people-keys.txt`): the space-free keys (see
/// [`crate::normalize::key`]) of the full names of every person of the bundled lexicon and of
/// the known people who are not entities (`data/known-people.tsv`), sorted, one a line.
static PEOPLE_KEYS: &str = include_str!("../data/people-keys.txt");

/// The keys as borrowed lines, sorted: built on first use (one pass over 0.6 MB of text).
static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    PEOPLE_KEYS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Whether `key` (a space-free key) is the full name of a real person known to the bundled
/// data ([`crate::MatcherBuilder::open_world`]).
pub(crate) fn is_known_person_key(key: &[u8]) -> bool {
    let Ok(k) = std::str::from_utf8(key) else {
        return false;
    };
    KEYS.binary_search(&k).is_ok()
}
