//! Checking documents: the whole text at once, or incrementally, block by block, with the
//! same result.
//!
//! A document is cut into *blocks* at line boundaries: its paragraphs (runs of non-blank
//! lines), with very long paragraphs cut further at content-chosen line ends (so an edit does
//! not move every later cut). `namefix`'s scanner looks across a line break only for the
//! *document context* (close calls are settled in favour of entities the document names), and
//! [`Matcher::check_part`] takes that context as a [`DocContext`]: checking every block with
//! the context of the whole document gives the corrections of checking the whole text.
//!
//! The context has two levels, built as the scanner builds them for a whole text: the entities
//! the blocks name exactly ([`Matcher::named_in`], text only), then the entities the blocks'
//! first-round fuzzy fixes name ([`PartCheck::fixed`], which depends on the first level only).
//! Each check also says which entries of the context its result depends on
//! ([`PartCheck::dependencies`]).
//!
//! [`DocCache::check`] keeps, per block text, what it names exactly and its last check (its
//! corrections relative to the block's start, its first-round fixes, and the level of each
//! of its dependencies in the context it was checked under). It then:
//!
//! 1. finds the exact names of blocks it has not seen (the ones an edit touched);
//! 2. builds the context: those names at [`Naming::Exact`], and the previous check's
//!    [`Naming::Fixed`] entries as a first guess of the second level;
//! 3. checks every block that has no check yet, or whose dependencies the context names at a
//!    different level than when it was checked (an edit that names or un-names an entity
//!    re-checks exactly the blocks whose result can change);
//! 4. rebuilds the second level from the blocks' first-round fixes; when it differs from the
//!    guess, step 3 runs once more (the first-round fixes cannot change then, so the second
//!    level is final).
//!
//! Results are exactly those of [`Checker::check_full`]; `tests` below and
//! `tests/incremental.rs` compare them on random edits.

use std::ops::{Deref, Range};
use std::sync::Arc;

use namefix::{
    ContextDependencies, Correction, DocContext, EntityId, Kind, Matcher, Naming, PartCheck,
    ScanOptions,
};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// Smallest piece cut off a long paragraph.
const MIN_PIECE: usize = 2 * 1024;
/// A long paragraph is cut here whatever the content.
const MAX_PIECE: usize = 32 * 1024;

/// One correction, owned (independent of the matcher's lifetime), with byte offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// Byte offset of the span's start.
    pub start: usize,
    /// Byte offset of the span's end (exclusive).
    pub end: usize,
    /// The span as written.
    pub original: String,
    /// The text that replaces the span.
    pub replacement: String,
    /// The entity's string id.
    pub id: String,
    /// The entity's canonical name.
    pub name: String,
    /// The entity's kind.
    pub kind: Kind,
    /// Calibrated confidence in [0, 1].
    pub score: f32,
}

impl Fix {
    fn from_correction(c: &Correction<'_>, shift: isize) -> Fix {
        Fix {
            start: (c.start() as isize + shift) as usize,
            end: (c.end() as isize + shift) as usize,
            original: c.original().to_string(),
            replacement: c.replacement().to_string(),
            id: c.id().to_string(),
            name: c.entity().name().to_string(),
            kind: c.kind(),
            score: c.score(),
        }
    }

    fn shifted(&self, by: isize) -> Fix {
        let mut f = self.clone();
        f.start = (f.start as isize + by) as usize;
        f.end = (f.end as isize + by) as usize;
        f
    }
}

/// The bundled matcher or one built from the user's lexicons.
#[derive(Clone, Debug)]
pub enum MatcherRef {
    /// [`Matcher::bundled`].
    Bundled,
    /// A matcher of its own.
    Owned(Arc<Matcher>),
}

impl Deref for MatcherRef {
    type Target = Matcher;

    fn deref(&self) -> &Matcher {
        match self {
            MatcherRef::Bundled => Matcher::bundled(),
            MatcherRef::Owned(m) => m,
        }
    }
}

/// A matcher with its scan options.
#[derive(Debug)]
pub struct Checker {
    matcher: MatcherRef,
    opts: ScanOptions,
}

impl Checker {
    /// A checker.
    pub fn new(matcher: MatcherRef, opts: ScanOptions) -> Checker {
        Checker { matcher, opts }
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The shared matcher handle.
    pub fn matcher_ref(&self) -> &MatcherRef {
        &self.matcher
    }

    /// Replaces the scan options (cached results of [`DocCache`]s must then be cleared).
    pub fn set_options(&mut self, opts: ScanOptions) {
        self.opts = opts;
    }

    /// Checks the whole text in one scanner call (the reference result).
    pub fn check_full(&self, text: &str) -> Vec<Fix> {
        self.matcher
            .check_with(text, &self.opts)
            .iter()
            .map(|c| Fix::from_correction(c, 0))
            .collect()
    }

    /// Checks one block under the document's context.
    fn check_part(&self, text: &str, context: &DocContext) -> PartCheck<'_> {
        self.matcher.check_part(text, &self.opts, context)
    }
}

/// The blocks of `text` (see the module docs): byte ranges of non-blank lines, in order,
/// each ending before its last line's line break.
pub fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            match start {
                None => start = Some(pos),
                Some(s) => {
                    // Cut a long paragraph before this line, where the previous line's
                    // content says so (stable under edits elsewhere) or when it gets huge.
                    let len = end - s;
                    let prev_start = text[..end].rfind('\n').map_or(0, |i| i + 1).max(s);
                    if len >= MAX_PIECE || (len >= MIN_PIECE && cut_here(&text[prev_start..end])) {
                        out.push(s..end);
                        start = Some(pos);
                    }
                }
            }
            end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}

/// Content-defined cut points: about one line in eight.
fn cut_here(line: &str) -> bool {
    use std::hash::{Hash, Hasher};
    let mut h = FxHasher::default();
    line.hash(&mut h);
    h.finish() % 8 == 0
}

/// One block's cached facts.
#[derive(Debug)]
struct Block {
    /// The entities it names exactly.
    named: Vec<EntityId>,
    /// Its last check, if any.
    checked: Option<Checked>,
    /// The last check of the document that saw this block in it.
    seen: u64,
}

/// What a block's check found, and under which context.
#[derive(Debug)]
struct Checked {
    /// Its corrections, relative to the block's start.
    fixes: Vec<Fix>,
    /// The entities its first-round fuzzy fixes name.
    fixed: Vec<EntityId>,
    /// The entries of the context its result depends on, and their levels when checked.
    depends: ContextDependencies,
    /// The document check that made it.
    generation: u64,
}

/// What one incremental check did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// The corrections of the whole text, sorted, with absolute byte offsets.
    pub fixes: Vec<Fix>,
    /// Blocks in the document.
    pub blocks: usize,
    /// Blocks checked by the scanner this time.
    pub rechecked: usize,
    /// Bytes of those blocks.
    pub rechecked_bytes: usize,
    /// Cached blocks invalidated because the document's named entities changed.
    pub invalidated: usize,
}

/// Per-document cache for incremental checking.
#[derive(Debug, Default)]
pub struct DocCache {
    /// Per distinct block text.
    blocks: FxHashMap<Box<str>, Block>,
    /// The document context of the last complete check.
    context: DocContext,
    generation: u64,
}

impl DocCache {
    /// An empty cache.
    pub fn new() -> DocCache {
        DocCache::default()
    }

    /// Forgets every cached result (after the checker changed).
    pub fn clear(&mut self) {
        *self = DocCache::default();
    }

    /// Checks `text`, re-checking only the blocks whose result is not cached or may have
    /// changed. Before each scanner call it asks `interrupted`; when that says yes, it stops
    /// and returns `None` (the work done so far stays cached).
    pub fn check(
        &mut self,
        ck: &Checker,
        text: &str,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Option<Outcome> {
        self.generation += 1;
        let generation = self.generation;
        let ranges = blocks(text);
        // The blocks in order, each distinct text once.
        let mut distinct: Vec<&str> = Vec::new();
        let mut listed: FxHashSet<&str> = FxHashSet::default();
        for r in &ranges {
            let t = &text[r.clone()];
            if !listed.insert(t) {
                continue;
            }
            distinct.push(t);
            match self.blocks.get_mut(t) {
                Some(b) => b.seen = generation,
                None => {
                    if interrupted() {
                        return None;
                    }
                    let b = Block {
                        named: ck.matcher().named_in(t),
                        checked: None,
                        seen: generation,
                    };
                    self.blocks.insert(t.into(), b);
                }
            }
        }
        // The first level of the context, and the last check's second level as a guess.
        let mut exact = DocContext::new();
        for t in &distinct {
            exact.extend(self.blocks[*t].named.iter().map(|&id| (id, Naming::Exact)));
        }
        let mut context = exact.clone();
        context.extend(self.context.iter().filter(|&(_, n)| n == Naming::Fixed));
        let mut outcome = Outcome {
            blocks: ranges.len(),
            ..Outcome::default()
        };
        // Two rounds at most: the second level from the first is final (see the module docs).
        for round in 0..3 {
            for t in &distinct {
                let b = self.blocks.get_mut(*t).expect("listed above");
                if let Some(c) = &b.checked {
                    if c.depends.holds_in(&context) {
                        continue;
                    }
                    if c.generation != generation {
                        outcome.invalidated += 1;
                    }
                }
                if interrupted() {
                    return None;
                }
                let part = ck.check_part(t, &context);
                debug_assert_eq!(part.named(), b.named.as_slice());
                b.checked = Some(Checked {
                    fixes: part
                        .corrections()
                        .iter()
                        .map(|c| Fix::from_correction(c, 0))
                        .collect(),
                    fixed: part.fixed().to_vec(),
                    depends: part.dependencies().clone(),
                    generation,
                });
                outcome.rechecked += 1;
                outcome.rechecked_bytes += t.len();
            }
            // The second level, from every block's first-round fixes (made under the first
            // level, which is final): when the guess was right, every check holds.
            let mut full = exact.clone();
            for t in &distinct {
                if let Some(c) = &self.blocks[*t].checked {
                    full.extend(c.fixed.iter().map(|&id| (id, Naming::Fixed)));
                }
            }
            if full == context {
                break;
            }
            debug_assert!(round == 0, "the second level changed in round {round}");
            context = full;
        }
        self.context = context;
        for r in &ranges {
            if let Some(c) = &self.blocks[&text[r.clone()]].checked {
                outcome
                    .fixes
                    .extend(c.fixes.iter().map(|f| f.shifted(r.start as isize)));
            }
        }
        self.blocks.retain(|_, b| b.seen == generation);
        Some(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_paragraphs() {
        let text = "a b\nc\n\n  \nd\r\n\r\ne\n";
        let b: Vec<&str> = blocks(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(b, ["a b\nc", "d", "e"]);
        assert!(blocks("").is_empty());
        assert!(blocks("\n\n \n").is_empty());
    }

    #[test]
    fn long_paragraphs_are_cut_at_line_ends() {
        let text: String = (0..2000)
            .map(|i| format!("Line {i} of a paragraph that goes on and on.\n"))
            .collect();
        let b = blocks(&text);
        assert!(b.len() > 20, "{}", b.len());
        for r in &b {
            assert!(r.len() <= MAX_PIECE + 64);
            assert!(text[..r.start].is_empty() || text[..r.start].ends_with('\n'));
        }
    }
}
