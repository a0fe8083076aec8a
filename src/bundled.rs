//! The bundled lexicon (feature `bundled`), parsed and indexed on first use.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::{Lexicon, Matcher};

/// The bundled lexicon's TSV text (see data/README.md for its sources and licenses).
pub(crate) const TSV: &str = include_str!("../data/lexicon.tsv");

static BUNDLED: LazyLock<Matcher> = LazyLock::new(|| {
    let lexicon =
        Lexicon::from_tsv(TSV).expect("the bundled lexicon is checked by tests/data_lint.rs");
    // Every person of the open-world layer is an entity here: the layer would change nothing.
    Matcher::builder().open_world(false).build(lexicon)
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

/// The space-free keys (see [`crate::normalize::key`]) of the bundled people's full names and
/// aliases of two words or more: the open-world layer ([`crate::MatcherBuilder::open_world`]).
/// Built on first use, only by a matcher over another lexicon.
static PEOPLE: LazyLock<FxHashSet<Box<str>>> = LazyLock::new(|| {
    let mut set = FxHashSet::default();
    for line in TSV.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (_, Some(name), aliases, Some("person")) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let aliases = aliases.unwrap_or("").split('|').filter(|a| !a.is_empty());
        for n in std::iter::once(name).chain(aliases) {
            let folded = crate::normalize::fold(n);
            if folded.contains(' ') {
                set.insert(folded.replace(' ', "").into_boxed_str());
            }
        }
    }
    set
});

/// Whether `key` (a space-free key) is the full name of a person of the bundled lexicon.
pub(crate) fn is_known_person_key(key: &[u8]) -> bool {
    std::str::from_utf8(key).is_ok_and(|k| PEOPLE.contains(k))
}
