//! Checking documents: the whole text at once, or incrementally, block by block, with the
//! same result.
//!
//! A document is cut into *blocks* at line boundaries: its paragraphs (runs of non-blank
//! lines), with very long paragraphs cut further at content-chosen line ends (so an edit does
//! not move every later cut). `namefix`'s scanner never looks across a line break (no name
//! window spans one, and word segmentation always breaks there), with one exception: close
//! calls are settled in favour of entities the *document* names exactly somewhere. So a
//! block's corrections depend on its own text and on the set `D` of exact-key windows of the
//! whole document.
//!
//! [`DocCache::check`] keeps each block's corrections (relative to the block's start), keyed
//! by the block's text, and re-checks only blocks it has no valid result for:
//!
//! * blocks it has never seen (the ones an edit touched), in chunks of consecutive blocks,
//!   each chunk followed by *snippets* of the windows of `D` the chunk lacks (see
//!   [`crate::mentions`]), so the scanner sees the same `D` as for the whole text;
//! * when an edit changes `D`, cached blocks that could have one of the affected entities
//!   among their candidates (a [`Footprint`] test that over-approximates the index's
//!   candidate generation); the others are unaffected and keep their result.
//!
//! Results are exactly those of [`Checker::check_full`]; `tests` below and
//! `tests/incremental.rs` compare them on random edits.

use std::ops::{Deref, Range};
use std::sync::Arc;

use namefix::{Correction, Kind, Matcher, ScanOptions};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::mentions::{footprint, mentions, Footprint, KeyIndex, Mention, Probe};

/// Smallest piece cut off a long paragraph.
const MIN_PIECE: usize = 2 * 1024;
/// A long paragraph is cut here whatever the content.
const MAX_PIECE: usize = 32 * 1024;
/// Most bytes of blocks checked in one scanner call (the unit of interruption).
const CHUNK_BYTES: usize = 32 * 1024;
/// More changed keys than this invalidate every cached block instead of testing each.
const MAX_PROBED_KEYS: usize = 64;

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

/// A matcher with its scan options and the key index that incremental checking needs.
#[derive(Debug)]
pub struct Checker {
    matcher: MatcherRef,
    keys: KeyIndex,
    opts: ScanOptions,
}

impl Checker {
    /// A checker (indexes the lexicon's keys: about 0.2 s for the bundled lexicon).
    pub fn new(matcher: MatcherRef, opts: ScanOptions) -> Checker {
        let keys = KeyIndex::new(matcher.lexicon());
        Checker {
            matcher,
            keys,
            opts,
        }
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The shared matcher handle.
    pub fn matcher_ref(&self) -> &MatcherRef {
        &self.matcher
    }

    /// The lexicon's key index.
    pub fn keys(&self) -> &KeyIndex {
        &self.keys
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
    /// Its exact-key windows.
    mentions: Vec<Mention>,
    /// What it could be matched against (computed when `D` first changes).
    footprint: Option<Footprint>,
    /// Its corrections under the current `D`, relative to the block's start.
    fixes: Option<Vec<Fix>>,
    /// The last check that saw this block in the document.
    seen: u64,
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
    blocks: FxHashMap<Box<str>, Block>,
    /// The document's exact-key windows (`D`) the cached results were computed under.
    doc_keys: FxHashSet<String>,
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

    /// Checks `text`, re-checking only the blocks whose result is not cached. Between scanner
    /// calls it asks `interrupted`; when that says yes, it stops and returns `None` (the work
    /// done so far stays cached).
    pub fn check(
        &mut self,
        ck: &Checker,
        text: &str,
        interrupted: &mut dyn FnMut() -> bool,
    ) -> Option<Outcome> {
        self.generation += 1;
        let generation = self.generation;
        let ranges = blocks(text);
        for r in &ranges {
            let t = &text[r.clone()];
            match self.blocks.get_mut(t) {
                Some(b) => b.seen = generation,
                None => {
                    let b = Block {
                        mentions: mentions(&ck.keys, t),
                        footprint: None,
                        fixes: None,
                        seen: generation,
                    };
                    self.blocks.insert(t.into(), b);
                }
            }
        }
        // D: every exact-key window of the document, with a snippet for it.
        let mut doc: FxHashMap<&str, &str> = FxHashMap::default();
        for r in &ranges {
            for m in &self.blocks[&text[r.clone()]].mentions {
                doc.entry(m.key.as_str()).or_insert(m.snippet.as_str());
            }
        }
        let mut changed: Vec<String> = doc
            .keys()
            .filter(|k| !self.doc_keys.contains(**k))
            .map(|k| k.to_string())
            .collect();
        changed.extend(
            self.doc_keys
                .iter()
                .filter(|k| !doc.contains_key(k.as_str()))
                .cloned(),
        );
        let doc: FxHashMap<String, String> = doc
            .into_iter()
            .map(|(k, s)| (k.to_string(), s.to_string()))
            .collect();
        let mut invalidated = 0;
        if !changed.is_empty() {
            self.doc_keys = doc.keys().cloned().collect();
            invalidated = self.invalidate(ck, &changed);
        }
        // Chunks of consecutive blocks without a result.
        let mut chunks: Vec<Range<usize>> = Vec::new();
        let mut scheduled: FxHashSet<&str> = FxHashSet::default();
        for (i, r) in ranges.iter().enumerate() {
            let t = &text[r.clone()];
            if self.blocks[t].fixes.is_some() || !scheduled.insert(t) {
                continue;
            }
            match chunks.last_mut() {
                Some(c) if c.end == i && r.end - ranges[c.start].start <= CHUNK_BYTES => {
                    c.end = i + 1
                }
                _ => chunks.push(i..i + 1),
            }
        }
        let mut rechecked = 0;
        let mut rechecked_bytes = 0;
        for c in &chunks {
            if interrupted() {
                return None;
            }
            let base = ranges[c.start].start;
            let body = &text[base..ranges[c.end - 1].end];
            let own: FxHashSet<&str> = ranges[c.clone()]
                .iter()
                .flat_map(|r| self.blocks[&text[r.clone()]].mentions.iter())
                .map(|m| m.key.as_str())
                .collect();
            let mut scanned = String::with_capacity(body.len() + 64);
            scanned.push_str(body);
            let mut keys: Vec<&String> = doc.keys().filter(|k| !own.contains(k.as_str())).collect();
            keys.sort_unstable();
            for k in keys {
                scanned.push_str("\n\n");
                scanned.push_str(&doc[k]);
            }
            let found = ck.matcher.check_with(&scanned, &ck.opts);
            for r in &ranges[c.clone()] {
                let (s, e) = (r.start - base, r.end - base);
                let fixes: Vec<Fix> = found
                    .iter()
                    .filter(|f| f.start() >= s && f.end() <= e)
                    .map(|f| Fix::from_correction(f, -(s as isize)))
                    .collect();
                if let Some(b) = self.blocks.get_mut(&text[r.clone()]) {
                    if b.fixes.is_none() {
                        b.fixes = Some(fixes);
                    }
                }
            }
            rechecked += c.len();
            rechecked_bytes += body.len();
        }
        let mut fixes = Vec::new();
        for r in &ranges {
            if let Some(fs) = &self.blocks[&text[r.clone()]].fixes {
                fixes.extend(fs.iter().map(|f| f.shifted(r.start as isize)));
            }
        }
        self.blocks.retain(|_, b| b.seen == generation);
        Some(Outcome {
            fixes,
            blocks: ranges.len(),
            rechecked,
            rechecked_bytes,
            invalidated,
        })
    }

    /// Drops the cached results that the change of `D` by `changed` keys may affect; returns
    /// how many.
    fn invalidate(&mut self, ck: &Checker, changed: &[String]) -> usize {
        let cached = self.blocks.values().filter(|b| b.fixes.is_some()).count();
        if cached == 0 {
            return 0;
        }
        if changed.len() > MAX_PROBED_KEYS {
            for b in self.blocks.values_mut() {
                b.fixes = None;
            }
            return cached;
        }
        let probe = Probe::new(
            &ck.keys,
            ck.matcher.lexicon(),
            changed.iter().map(String::as_str),
        );
        let mut n = 0;
        for (text, b) in self.blocks.iter_mut() {
            if b.fixes.is_none() {
                continue;
            }
            let fp = b.footprint.get_or_insert_with(|| footprint(&ck.keys, text));
            if fp.touches(&ck.keys, &probe) {
                b.fixes = None;
                n += 1;
            }
        }
        n
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
