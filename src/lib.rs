//! namefix corrects garbled mentions of named entities.
//!
//! Text written by speech recognition, OCR or hurried people mangles names: "heart stopper"
//! for *Heartstopper*, "Olivia Coleman" for *Olivia Colman*, "Cormac Hyde Corrin" for
//! *Cormac Hyde-Corrin*. namefix maps such mentions onto the canonical entities of a
//! [`Lexicon`], one mention at a time ([`Matcher::lookup`]), or scans running text and returns
//! exact spans with the fix ([`Matcher::check`], [`Matcher::fix`]).
//!
//! # Examples
//!
//! Build a matcher over your own lexicon and look mentions up:
//!
//! ```
//! use namefix::{Lexicon, Matcher};
//!
//! let lexicon = Lexicon::from_tsv(
//!     "tv:heartstopper\tHeartstopper\t\ttv\t100\n\
//!      person:olivia-colman\tOlivia Colman\t\tperson\t80\n\
//!      person:emma-stone\tEmma Stone\t\tperson\t80\n",
//! )?;
//! let matcher = Matcher::new(lexicon);
//!
//! let m = matcher.lookup("Olivia Coleman").expect("a match");
//! assert_eq!(m.name(), "Olivia Colman");
//! assert!(m.score() > 0.5);
//! // A different real name is not "corrected" into a known one.
//! assert!(matcher.lookup("Emma Roberts").is_none());
//! # Ok::<(), namefix::Error>(())
//! ```
//!
//! # Performance
//!
//! Names are folded and indexed once, when the matcher is built. A lookup folds the mention,
//! probes a hash table for the exact key (tens of nanoseconds), and otherwise gathers a short
//! list of candidates from an index of words, one-edit deletions and phonetic keys, then scores
//! at most a few dozen of them. See README.md and BENCHMARKS.md for measured figures.
//!
//! # Crate features
//!
//! * `bundled` (default): compiles in the bundled lexicon and enables `Matcher::bundled`,
//!   `Relations::bundled`, the [`names`] module and the open-world layer
//!   (`MatcherBuilder::open_world`).
//! * `jsonl` (default): JSON Lines lexicons ([`Lexicon::from_jsonl`]), with serde_json.
//! * `serde`: `serde::Serialize` for the public result types ([`Match`], [`Correction`],
//!   [`Entity`], [`Kind`], [`MatchKind`]).
//! * `filetype`: `namefix::filetype`, checking only the prose of Markdown and of source code
//!   (comments and strings), with inline ignore directives (uses pulldown-cmark).
//! * `config`: `namefix::config`, the `namefix.toml` file and `.namefix-ignore` as the CLI and
//!   the language server read them (uses toml).
//!
//! The common-word model (`data/words.tsv`, the 50,000 most frequent English words of the
//! wordfreq project, CC BY-SA 4.0) is always compiled in, whatever the features: the
//! scanner's decisions and the misspelt-surname lookup depend on it, and a build without it
//! would give different answers.
#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

#[cfg(feature = "bundled")]
mod bundled;
#[cfg(feature = "config")]
pub mod config;
mod decimal;
mod distance;
mod error;
#[cfg(feature = "filetype")]
pub mod filetype;
mod index;
mod input;
mod leb128;
mod lexicon;
mod matcher;
#[cfg(feature = "bundled")]
pub mod names;
pub mod normalize;
mod offsets;
pub mod relations;
mod scan;
mod score;
#[cfg(feature = "serde")]
mod serialize;
mod words;

pub use error::{Error, ErrorKind};
pub use lexicon::{
    Entity, EntityId, Kind, Lexicon, LexiconBuilder, MAX_ENTITIES, MAX_LINE_BYTES, MAX_NAME_BYTES,
};
pub use matcher::{
    Match, MatchKind, Matcher, MatcherBuilder, DEFAULT_AMBIGUITY_MARGIN, DEFAULT_THRESHOLD,
};
pub use offsets::{byte_offset_from_utf16, char_offset, utf16_offset, LineIndex};
pub use relations::{Related, Relations};
pub use scan::{
    apply, CheckIter, ContextDependencies, Correction, DocContext, Naming, PartCheck, ScanOptions,
    DEFAULT_SCAN_THRESHOLD, MAX_WINDOW,
};

/// Runs `side` on a second thread named `name` (where the platform has threads) while `main`
/// runs on this one, and returns both results. Where no thread can be started (WebAssembly, or
/// the system refuses one), or the side thread panicked, `side` runs here after `main`.
pub(crate) fn alongside<A: Send, B>(
    name: &str,
    side: impl Fn() -> A + Sync,
    main: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let handle = if cfg!(target_family = "wasm") {
            None
        } else {
            std::thread::Builder::new()
                .name(name.into())
                .spawn_scoped(scope, &side)
                .ok()
        };
        let b = main();
        let a = match handle.map(|h| h.join()) {
            Some(Ok(a)) => a,
            _ => side(),
        };
        (a, b)
    })
}

/// A small deterministic generator for tests (xorshift64): the same numbers on every run.
#[cfg(test)]
pub(crate) fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

#[cfg(test)]
mod testoibits {
    use super::*;
    use std::panic::{RefUnwindSafe, UnwindSafe};

    fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}

    #[test]
    fn oibits() {
        assert_all::<Matcher>();
        assert_all::<MatcherBuilder>();
        assert_all::<Lexicon>();
        assert_all::<LexiconBuilder>();
        assert_all::<Entity>();
        assert_all::<Error>();
        assert_all::<Match<'static>>();
        assert_all::<Kind>();
        assert_all::<MatchKind>();
        assert_all::<Correction<'static>>();
        assert_all::<ScanOptions>();
        assert_all::<DocContext>();
        assert_all::<Naming>();
        assert_all::<PartCheck<'static>>();
        assert_all::<ContextDependencies>();
        assert_all::<LineIndex>();
        assert_all::<Relations>();
        assert_all::<Related<'static>>();
    }
}

/// The README's examples, compiled and run as doctests so the README stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
