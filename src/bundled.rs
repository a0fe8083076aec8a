//! The bundled lexicon (feature `bundled`), parsed and indexed on first use.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::{Lexicon, Matcher};

/// The bundled lexicon's TSV text (see data/README.md for its sources and licenses).
pub(crate) const TSV: &str = include_str!("../data/lexicon.tsv");

static BUNDLED: LazyLock<Matcher> = LazyLock::new(|| {
    let lexicon =
        Lexicon::from_tsv(TSV).expect("the bundled lexicon is checked by tests/data_lint.rs");
    // The bundled people are entities here: the open-world layer needs only the list of
    // known people who are not.
    let mut builder = Matcher::builder();
    builder.open_world_entities = false;
    builder.build(lexicon)
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

/// Folds `name` and adds its space-free key (see [`crate::normalize::key`]) to `set` when it
/// has two words or more.
fn add_full_name(set: &mut FxHashSet<Box<str>>, name: &str) {
    let folded = crate::normalize::fold(name);
    if folded.contains(' ') {
        set.insert(folded.replace(' ', "").into_boxed_str());
    }
}

/// The bundled list of real people who are not correction targets (see data/README.md).
const KNOWN_PEOPLE: &str = include_str!("../data/known-people.tsv");

/// The open-world layer ([`crate::MatcherBuilder::open_world`]): keys of the known people's
/// full names. Built on first use.
static KNOWN: LazyLock<FxHashSet<Box<str>>> = LazyLock::new(|| {
    let mut set = FxHashSet::default();
    for line in KNOWN_PEOPLE.lines() {
        if !line.starts_with('#') && !line.is_empty() {
            add_full_name(&mut set, line);
        }
    }
    set
});

/// The same for the people of the bundled lexicon (names and aliases), for matchers over
/// another lexicon. Built on first use.
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
        add_full_name(&mut set, name);
        for a in aliases.unwrap_or("").split('|').filter(|a| !a.is_empty()) {
            add_full_name(&mut set, a);
        }
    }
    set
});

/// Whether `key` (a space-free key) is the full name of a known real person: one of the
/// known-people list, or (with `entities`) a person of the bundled lexicon.
pub(crate) fn is_known_person_key(key: &[u8], entities: bool) -> bool {
    let Ok(k) = std::str::from_utf8(key) else {
        return false;
    };
    KNOWN.contains(k) || (entities && PEOPLE.contains(k))
}
