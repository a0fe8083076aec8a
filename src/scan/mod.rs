//! Running text: find garbled entity mentions and fix them, with exact byte spans.
//!
//! The text is split into words with their byte offsets (Unicode word boundaries). Then:
//!
//! 1. **Exact probes.** Windows of up to [`MAX_WINDOW`] words joined by name-internal
//!    separators (spaces, hyphens, periods, "&") are looked up by their space-free key. A hit
//!    is a *known mention*: left alone when it is written as any name or alias with that key
//!    (up to apostrophe style, dropped diacritics and a name's own symbols), or fixed when it
//!    differs in spacing ("heart stopper"), punctuation ("Cormac Hyde Corrin") or, when the
//!    lowercase words are rare in ordinary English, case ("joe locke").
//! 2. **Fuzzy probes**, only where the text gives a reason: a word that is neither English nor
//!    a lexicon word (a likely misspelling), possibly run into a neighbour ("Valleyand",
//!    "lynwho": *boundary repair* splits off the common word and restores the space), or a
//!    capitalised word starting a run of them ("Olivia Coleman"). Windows of up to four words
//!    are placed where the anchor can sit in a name, pre-scored against those names, then
//!    matched with the full scorer and accepted above a stricter threshold than single
//!    lookups use, under the precision rules of DESIGN.md.
//! 3. **Overlaps** are resolved best-supported first, longer first; known mentions take part,
//!    so a correct name is never overwritten by a worse guess.
//!
//! Entities already named in the document (exactly, or by a fuzzy fix, after which the
//! scanner looks again) win over equally good strangers, and a surname alone that belongs to a
//! person named earlier is left as written.
//!
//! Nothing else spans a line break, so a document can be checked part by part (an editor
//! re-checking the paragraph being typed in): [`Matcher::check_part`] takes what the other
//! parts name as a [`DocContext`] and tells what its part names and which entries of the
//! context its result depends on.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::BuildHasher;
use std::ops::Range;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::lexicon::{Entity, EntityId, Kind};
use crate::matcher::{logit, Match, MatchKind, Matcher, Scored};
use crate::normalize;

mod context;
mod evidence;
mod iter;
mod parallel;
mod prefixes;
mod words;
use context::Named;
pub use context::{ContextDependencies, DocContext, Naming, PartCheck};
use evidence::{Evidence, Facts};
pub use iter::CheckIter;
pub(crate) use prefixes::KeyPrefixes;

type Rows = Vec<(usize, usize, String, Vec<f32>)>;
/// Refused windows: `(start, end, name, rule)`.
type Refusals = Vec<(usize, usize, String, &'static str)>;

thread_local! {
    /// When set, proposals are collected with their features instead of being decided.
    static ROWS: RefCell<Option<Rows>> = const { RefCell::new(None) };
    /// When set, the fuzzy windows refused after their lookup are collected with the rule
    /// that refused them: `(start, end, name, rule)` (the name is empty when the lookup
    /// decided no fix).
    static REFUSED: RefCell<Option<Refusals>> = const { RefCell::new(None) };
}

/// How many calls of [`Matcher::__scan_refusals`] are collecting refusals now.
static COLLECTING_REFUSALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Whether some thread collects refusals ([`Matcher::__scan_refusals`]): the windows a rule
/// refuses whatever their lookup finds are then looked up, to be refused by name.
#[inline]
fn collecting_refusals() -> bool {
    COLLECTING_REFUSALS.load(std::sync::atomic::Ordering::Relaxed) != 0
}

/// Records that the fuzzy window `s..=e` was refused fixing into `name` by `rule` (when a
/// caller of [`Matcher::__scan_refusals`] collects them), and refuses it.
#[cold]
#[inline(never)]
fn refused<T>(words: &[Word], (s, e): (usize, usize), name: &str, rule: &'static str) -> Option<T> {
    // (Read first: no thread-local is touched while nobody collects.)
    if COLLECTING_REFUSALS.load(std::sync::atomic::Ordering::Relaxed) == 0 {
        return None;
    }
    REFUSED.with(|r| {
        if let Some(r) = r.borrow_mut().as_mut() {
            r.push((words[s].start, words[e].core_end, name.to_string(), rule));
        }
    });
    None
}

/// Most words in one candidate window.
pub const MAX_WINDOW: usize = 12;

/// A real word at least this common (Zipf) is never swapped for another real word of a name.
const REAL_WORD_SWAP_ZIPF: f32 = 5.0;

/// Default lowest score for a fuzzy fix in running text (stricter than single lookups).
pub const DEFAULT_SCAN_THRESHOLD: f32 = 0.85;
/// Longest word (bytes) considered for fuzzy probes; longer words are passed through.
const MAX_WORD_BYTES: usize = 64;
/// Zipf frequency at and above which a word counts as ordinary English (about once per
/// 100,000 words).
const COMMON_ZIPF: f32 = 4.0;
/// Zipf frequency below which a word that is not a lexicon word looks like a misspelling.
const RARE_ZIPF: f32 = 2.0;
/// Most words in a fuzzy window.
const MAX_FUZZY_WINDOW: usize = 4;
/// Most postings read to place the windows around one anchor word.
const MAX_POSITION_POSTINGS: usize = 512;
/// Hurried typists and recognisers run short common words into a name ("Valleyand",
/// "lynwho"): such a word is at most this long ("and", "when", "says")...
const MAX_GLUE: usize = 5;
/// ... and at least this common (Zipf: "in" is 7.3, "says" 5.5; "vow", 3.6, is no glue).
const GLUE_ZIPF: f32 = 5.0;
/// Endings that make another word of a name (plural, demonym, adjective), not a misspelling:
/// "Huguenot"/"Huguenots", "South Korea"/"South Korean".
const INFLECTIONS: &[&str] = &[
    "s", "es", "n", "an", "ian", "al", "ese", "ish", "ic", "ns", "e",
];
/// Census share (percent) from which a first name or surname counts as common: one person
/// in 2,000.
const COMMON_NAME: f32 = 0.05;
/// Prior (popularity, 0..1) an entity needs for a one-word fuzzy fix when the document does
/// not name it elsewhere.
const ONE_WORD_PRIOR: f32 = 0.8;

/// One proposed correction in a text.
///
/// `start..end` is a byte range of the checked text, on char boundaries; replacing it with
/// [`replacement`](Self::replacement) applies the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction<'m> {
    start: usize,
    end: usize,
    original: String,
    replacement: String,
    entity: &'m Entity,
    entity_id: EntityId,
    score: f32,
    kind: MatchKind,
}

impl<'m> Correction<'m> {
    /// Byte offset of the start of the span.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset of the end of the span (exclusive).
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte span.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text of the span as written.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// The text that replaces the span: the canonical name, plus any word split off a
    /// boundary ("Happy Valleyand" -> "Happy Valley and").
    pub fn replacement(&self) -> &str {
        &self.replacement
    }

    /// The entity the span means.
    pub fn entity(&self) -> &'m Entity {
        self.entity
    }

    /// The entity's handle.
    pub fn entity_id(&self) -> EntityId {
        self.entity_id
    }

    /// The entity's string id.
    pub fn id(&self) -> &'m str {
        self.entity.id()
    }

    /// The entity's kind.
    pub fn kind(&self) -> Kind {
        self.entity.kind()
    }

    /// Calibrated confidence in [0, 1].
    pub fn score(&self) -> f32 {
        self.score
    }

    /// How the span matched the name.
    pub fn match_kind(&self) -> MatchKind {
        self.kind
    }
}

/// Options for checking running text; see [`Matcher::check_with`].
///
/// ```
/// use namefix::ScanOptions;
/// let mut opts = ScanOptions::new();
/// opts.threshold(0.9).ignore_kind(namefix::Kind::Place);
/// ```
#[derive(Clone, Debug)]
pub struct ScanOptions {
    threshold: f32,
    ignored_kinds: Vec<Kind>,
    ignored_ids: FxHashSet<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            threshold: DEFAULT_SCAN_THRESHOLD,
            ignored_kinds: Vec::new(),
            ignored_ids: FxHashSet::default(),
        }
    }
}

impl ScanOptions {
    /// Default options.
    pub fn new() -> ScanOptions {
        ScanOptions::default()
    }

    /// Lowest score of a fuzzy fix (default [`DEFAULT_SCAN_THRESHOLD`]), clamped to [0, 1].
    ///
    /// For fuzzy fixes it moves the decision model's line too, by the threshold's log-odds
    /// less the default's: below the default more are accepted (higher recall, lower
    /// precision), above it fewer. At the default the line is 0 (even odds). Fixes of an
    /// exact key (case, spacing, punctuation: score 1) are weighed at the default line.
    pub fn threshold(&mut self, threshold: f32) -> &mut ScanOptions {
        self.threshold = crate::matcher::setting(threshold, DEFAULT_SCAN_THRESHOLD, 1.0);
        self
    }

    /// The decision model's line for this threshold, in log-odds (0 at the default; at most
    /// about ±7 at the ends of [0, 1]).
    fn model_line(&self) -> f32 {
        let clamp = |p: f32| logit(p.clamp(0.001, 0.999));
        clamp(self.threshold) - clamp(DEFAULT_SCAN_THRESHOLD)
    }

    /// Never propose entities of this kind.
    pub fn ignore_kind(&mut self, kind: Kind) -> &mut ScanOptions {
        if !self.ignored_kinds.contains(&kind) {
            self.ignored_kinds.push(kind);
        }
        self
    }

    /// Never propose the entity with this string id.
    pub fn ignore_id(&mut self, id: impl Into<String>) -> &mut ScanOptions {
        self.ignored_ids.insert(id.into());
        self
    }

    fn allows(&self, e: &Entity) -> bool {
        // (The id is read only when some are ignored: reading it checks its UTF-8.)
        !self.ignored_kinds.contains(&e.kind())
            && (self.ignored_ids.is_empty() || !self.ignored_ids.contains(e.id()))
    }
}

/// A word of the text.
#[derive(Clone, Debug)]
struct Word<'f> {
    /// Byte span of the word as segmented.
    start: usize,
    end: usize,
    /// End of the part that takes part in names (before a possessive "'s").
    core_end: usize,
    /// Folded core (may hold several folded words, e.g. "J.J" -> "j j").
    folded: &'f str,
    /// The lexicon token the folded core is, or [`NO_TOKEN`].
    token: u32,
    /// Zipf frequency of the folded core in English (0 if unknown).
    zipf: f32,
    /// Which line of the text the word is on (0-based).
    line: u32,
    /// [`CAPITAL`], [`SENTENCE_START`], [`JOINS_NEXT`] and [`CASED`], as the segmenter set
    /// them (read by the methods of those names).
    flags: u8,
}

/// [`Word::token`] of a word that is no lexicon token.
const NO_TOKEN: u32 = u32::MAX;

impl Word<'_> {
    /// First letter uppercase.
    #[inline]
    fn capital(&self) -> bool {
        self.flags & CAPITAL != 0
    }

    /// Starts a sentence (first word, or after . ! ? : or a line break).
    #[inline]
    fn sentence_start(&self) -> bool {
        self.flags & SENTENCE_START != 0
    }

    /// The gap to the next word can be inside a name.
    #[inline]
    fn joins_next(&self) -> bool {
        self.flags & JOINS_NEXT != 0
    }

    /// The word's paragraph has a capitalised word somewhere (the text there is cased).
    #[inline]
    fn cased(&self) -> bool {
        self.flags & CASED != 0
    }

    /// The folded core is a lexicon token.
    fn lexical(&self) -> bool {
        self.token != NO_TOKEN
    }

    /// English text writes the word as it stands: a common word, a lexicon token, or a form
    /// of the attested list ([`crate::words::attested`]).
    fn written_in_english(&self) -> bool {
        self.zipf > 0.0 || self.lexical() || crate::words::attested(self.folded)
    }
}

/// A fuzzy window to look up in full: its first and last word, and the split of its anchor
/// word, if any.
type FuzzyWindow = (usize, usize, Option<Split>);

/// A window's decision in [`Matcher::decide_in_text`]: (entity, slot, score, kind) of the fix.
type Decision = Option<(u32, u16, f32, MatchKind)>;

/// The entities whose naming in the document a window's decision read (its best candidate and
/// the rival within the margin, at most), [`NO_ENTITY`] for none: the only way the decision
/// depends on the document's fuzzy fixes and the context's levels.
type Read = [u32; 2];

/// No entity, in a [`Read`].
const NO_ENTITY: u32 = u32::MAX;

/// The fuzzy windows as one round of [`Matcher::decide_windows`] decided them: each window's
/// proposal and what its decision read of the document.
#[derive(Default)]
struct Decided {
    proposals: Vec<Option<Proposal>>,
    read: Vec<Read>,
}

/// A word cut in two at a boundary: the name part and the glued common word.
#[derive(Clone, Debug)]
struct Split {
    word: usize,
    /// The name part is a prefix of the word (`true`) or a suffix.
    name_first: bool,
    /// Byte offset in the text where the name part ends (`name_first`) or starts.
    cut: usize,
    folded: String,
}

impl Split {
    /// The common word split off `word` (the folded text of the word it cuts).
    fn glue<'w>(&self, word: &'w str) -> &'w str {
        if self.name_first {
            &word[self.folded.len()..]
        } else {
            &word[..word.len() - self.folded.len()]
        }
    }
}

/// What the fuzzy probes compute from the words alone, kept for the whole check (both
/// rounds): where a word can sit in names, and whether a window pre-scores at the threshold.
#[derive(Default)]
struct Memo {
    /// Every placement found, the words' groups one word after the other: the tables below
    /// hold ranges of its groups (one pair of lists for the check, not one per word).
    places: Places,
    /// Placements of a misspelt word (or the name part of a split one), by folded word.
    fuzzy_places: StrTable<(u32, u32)>,
    /// Placements of a capitalised word that is exactly a lexicon token, by folded word.
    exact_places: StrTable<(u32, u32)>,
    /// Whether a window pre-scores at the threshold, by how its candidates were found, the
    /// anchor's place and the window's words.
    prescores: StrTable<bool>,
    /// The full lookup of a window's folded words (joined by spaces), which does not depend
    /// on the document: a second round, or a window met again, only decides again.
    lookups: FxHashMap<String, Vec<Scored>>,
    /// The space-free keys of the names the windows' decisions compare.
    name_keys: NameKeys,
}

impl Memo {
    /// A memo with room for what a check of `len` bytes of prose records (about what 1 MB of
    /// Brown does, per byte), so that its lists and tables do not grow, copying themselves,
    /// as the check goes.
    fn for_text(len: usize) -> Memo {
        let mut memo = Memo::default();
        memo.places.variants.reserve(len / 3);
        memo.places.groups.reserve(len / 24);
        // (The tables hold distinct windows and words, which grow slower than the text: room
        // for a megabyte's, then they grow as needed; a table's entries are spread over all
        // of it, so room left empty is memory touched.)
        let mb = len.min(1 << 20);
        memo.prescores.reserve(mb / 32, mb / 2);
        memo.exact_places.reserve(mb / 200, mb / 32);
        memo.fuzzy_places.reserve(mb / 200, mb / 32);
        memo
    }
}

/// The space-free keys of entities' names ([`normalize::key`]), by entity, made once for a
/// check: the decisions compare the names of a window's candidates, and windows share
/// candidates. The keys are back to back in one string.
#[derive(Default)]
struct NameKeys {
    text: String,
    ranges: FxHashMap<u32, (usize, usize)>,
}

impl NameKeys {
    /// The range in `text` of the key of `m`'s name.
    fn of(&mut self, m: &Match<'_>) -> (usize, usize) {
        let e = m.entity_id().index() as u32;
        if let Some(&r) = self.ranges.get(&e) {
            return r;
        }
        let start = self.text.len();
        self.text.push_str(&normalize::key(m.name()));
        let r = (start, self.text.len());
        self.ranges.insert(e, r);
        r
    }

    /// Whether the names of `a` and `b` have the same key.
    fn same(&mut self, a: &Match<'_>, b: &Match<'_>) -> bool {
        let ((a0, a1), (b0, b1)) = (self.of(a), self.of(b));
        self.text[a0..a1] == self.text[b0..b1]
    }
}

/// Values by string key, the keys back to back in one string and the table holding their
/// ranges, so an entry costs no allocation of its own (the memo's tables hold as many keys as
/// distinct words or windows, tens of thousands in a long text). Each entry keeps its key's
/// hash: a key is hashed once for a probe and the insert that follows, and the table grows
/// without hashing its keys again.
struct StrTable<V> {
    keys: String,
    /// (hash, start, end, value).
    table: HashTable<(u64, usize, usize, V)>,
}

impl<V> Default for StrTable<V> {
    fn default() -> Self {
        StrTable {
            keys: String::new(),
            table: HashTable::new(),
        }
    }
}

impl<V: Copy> StrTable<V> {
    /// The value of `key`, if recorded, with the hash of `key` (for [`insert`](Self::insert)).
    fn get(&self, key: &str) -> (Option<V>, u64) {
        let keys = &self.keys;
        let hash = FxBuildHasher.hash_one(key);
        let found = self
            .table
            .find(hash, |&(h, s, e, _)| h == hash && &keys[s..e] == key)
            .map(|&(_, _, _, v)| v);
        (found, hash)
    }

    /// Room for `keys` more keys of `bytes` bytes in all.
    fn reserve(&mut self, keys: usize, bytes: usize) {
        self.keys.reserve(bytes);
        self.table.reserve(keys, |&(h, _, _, _)| h);
    }

    /// Records `key` (not yet recorded), whose hash is `hash`.
    fn insert(&mut self, key: &str, hash: u64, value: V) {
        let StrTable { keys, table } = self;
        let start = keys.len();
        keys.push_str(key);
        table.insert_unique(hash, (hash, start, keys.len(), value), |&(h, _, _, _)| h);
    }
}

/// What a check finds before it needs the document context ([`Matcher::check_part`]'s first
/// step): a check of the same part under another context starts from here.
struct Prepared {
    segmented: Segmented,
    exact: ExactWindows,
}

/// What the exact windows of a part find.
struct ExactWindows {
    /// The exact windows' proposals.
    proposals: Vec<Proposal>,
    /// The entities the exact windows name.
    doc: FxHashSet<u32>,
    /// The exact windows' fixes still to weigh: (proposal, first word, last word).
    pending: Vec<(usize, usize, usize)>,
}

/// The entities of `doc` as sorted ids.
fn sorted_ids(doc: &FxHashSet<u32>) -> Vec<EntityId> {
    let mut named: Vec<EntityId> = doc.iter().copied().map(EntityId).collect();
    named.sort_unstable();
    named
}

/// A candidate span for overlap resolution.
#[derive(Clone, Debug)]
struct Proposal {
    start: usize,
    end: usize,
    priority: f32,
    /// `None` for a known mention that needs no fix.
    fix: Option<(String, EntityId, f32, MatchKind)>,
}

impl Matcher {
    /// Finds garbled entity mentions in `text`, with the default [`ScanOptions`].
    ///
    /// Corrections come sorted by position and never overlap.
    ///
    /// ```
    /// use namefix::{Lexicon, Matcher};
    /// let lex = Lexicon::from_tsv(
    ///     "tv:hs\tHeartstopper\t\ttv\t100\n\
    ///      p:ao\tAlice Oseman\t\tperson\t50\n\
    ///      tv:hv\tHappy Valley\t\ttv\t80\n",
    /// ).unwrap();
    /// let m = Matcher::new(lex);
    /// let text = "heart stopper is by Alice Osseman, who also likes Happy Valleyand more.";
    /// let fixes = m.check(text);
    /// let pairs: Vec<_> = fixes.iter().map(|c| (c.original(), c.replacement())).collect();
    /// assert_eq!(pairs, [
    ///     ("heart stopper", "Heartstopper"),
    ///     ("Alice Osseman", "Alice Oseman"),
    ///     ("Happy Valleyand", "Happy Valley and"),
    /// ]);
    /// assert_eq!(&text[fixes[1].span()], "Alice Osseman");
    /// ```
    pub fn check(&self, text: &str) -> Vec<Correction<'_>> {
        self.check_with(text, &ScanOptions::default())
    }

    /// The text with every correction of [`check`](Self::check) applied.
    ///
    /// ```
    /// use namefix::{Lexicon, Matcher};
    /// let m = Matcher::new(Lexicon::from_tsv("p:jl\tJoe Locke\t\tperson\t10\n").unwrap());
    /// assert_eq!(m.fix("Charlie (joe locke) smiles."), "Charlie (Joe Locke) smiles.");
    /// ```
    pub fn fix(&self, text: &str) -> String {
        apply(text, &self.check(text))
    }

    /// Like [`check`](Self::check), with options.
    pub fn check_with(&self, text: &str, opts: &ScanOptions) -> Vec<Correction<'_>> {
        self.check_part(text, opts, &DocContext::new())
            .into_corrections()
    }

    /// Checks `text` as one part of a larger document whose other parts name `context`.
    ///
    /// Nothing the scanner does spans a line break except the document context: a text cut
    /// at line breaks into parts (the whitespace between them may be left out), each checked
    /// with a context holding what the other parts name (see [`DocContext`]), gets the
    /// corrections of [`check_with`](Self::check_with) on the whole text, each part's shifted
    /// by its offset. With an empty context this is `check_with`.
    ///
    /// ```
    /// use namefix::{DocContext, Lexicon, Matcher, Naming, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv(
    ///     "c:1\tLiverpool\t\tplace\t0.1\nc:2\tManchester\t\tplace\t100\n",
    /// )?);
    /// let opts = ScanOptions::new();
    /// let mut context = DocContext::new();
    /// let part = m.check_part("Livepool, again.", &opts, &context);
    /// assert!(part.corrections().is_empty());
    /// // Another part of the document names Liverpool.
    /// context.add(m.lexicon().id_of("c:1").unwrap(), Naming::Exact);
    /// let part = m.check_part("Livepool, again.", &opts, &context);
    /// assert_eq!(part.corrections()[0].replacement(), "Liverpool");
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn check_part(
        &self,
        text: &str,
        opts: &ScanOptions,
        context: &DocContext,
    ) -> PartCheck<'_> {
        // (The words are listed once for both steps.)
        let segmented = segment(text, self);
        let words = segmented.words();
        let exact = self.exact_windows(text, &segmented, &words, opts);
        let mut memo = Memo::for_text(text.len());
        self.check_words(text, opts, context, &words, &exact, &mut memo)
    }

    /// The part of a check that does not depend on the document context: the words, the
    /// exact windows, and the entities they name ([`named_in`](Self::named_in)).
    fn prepare(&self, text: &str, opts: &ScanOptions) -> Prepared {
        let segmented = segment(text, self);
        let words = segmented.words();
        let exact = self.exact_windows(text, &segmented, &words, opts);
        drop(words);
        Prepared { segmented, exact }
    }

    /// The exact windows of `words`, the words of `seg` ([`exact_probes`](Self::exact_probes)),
    /// their fixes still to weigh.
    fn exact_windows(
        &self,
        text: &str,
        seg: &Segmented,
        words: &[Word],
        opts: &ScanOptions,
    ) -> ExactWindows {
        // (About one exact window in 100 bytes of Brown.)
        let mut proposals: Vec<Proposal> = Vec::with_capacity(text.len() / 64);
        let mut doc: FxHashSet<u32> = FxHashSet::default();
        let mut pending = Vec::new();
        self.exact_probes(
            text,
            seg,
            words,
            opts,
            &mut proposals,
            &mut doc,
            Some(&mut pending),
        );
        ExactWindows {
            proposals,
            doc,
            pending,
        }
    }

    /// The rest of [`check_part`](Self::check_part), from what [`prepare`](Self::prepare)
    /// found, under `context`; `memo` may hold what an earlier check of the same part
    /// computed from its words alone.
    fn check_prepared(
        &self,
        text: &str,
        opts: &ScanOptions,
        context: &DocContext,
        prepared: &Prepared,
        memo: &mut Memo,
    ) -> PartCheck<'_> {
        let words = prepared.segmented.words();
        self.check_words(text, opts, context, &words, &prepared.exact, memo)
    }

    /// [`check_prepared`](Self::check_prepared) on the part's words and exact windows.
    fn check_words(
        &self,
        text: &str,
        opts: &ScanOptions,
        context: &DocContext,
        words: &[Word],
        exact_windows: &ExactWindows,
        memo: &mut Memo,
    ) -> PartCheck<'_> {
        if words.is_empty() {
            return PartCheck::default();
        }
        // The windows worth a full lookup do not depend on the document context: found once,
        // decided in each round.
        let windows = self.fuzzy_probes(text, words, opts, memo);
        // (With room for a proposal per fuzzy window: a clone would be full at once, and the
        // first fuzzy proposal would copy every exact one again.)
        let mut proposals = Vec::with_capacity(exact_windows.proposals.len() + windows.len());
        proposals.extend_from_slice(&exact_windows.proposals);
        let doc = &exact_windows.doc;
        let pending = exact_windows.pending.iter().copied();
        let exact = proposals.len();
        let asked = RefCell::new(FxHashSet::default());
        let first = Named {
            own: doc,
            exact: doc,
            context,
            level: Naming::Exact,
            asked: &asked,
        };
        // The exact windows' fixes, weighed now that the document's names are known.
        for (p, i, j) in pending {
            let (start, end) = (proposals[p].start, proposals[p].end);
            let Some((r, id, _, _)) = &proposals[p].fix else {
                continue;
            };
            let (r, e) = (r.clone(), id.0);
            let related = self.related_named(e, &first);
            let span = (start, end, &text[start..end]);
            if !self.weigh(
                text, words, i, j, span, &r, &r, e, 1.0, false, related, None,
                // (An exact key scores 1, above every threshold: its fix is weighed at the
                // default line.)
                0.0,
            ) {
                let _ = refused::<()>(words, (i, j), &r, "model");
                proposals[p].fix = None;
            }
        }
        let decided = self.decide_windows(
            text,
            words,
            &windows,
            opts,
            &first,
            &mut proposals,
            memo,
            None,
        );
        // Names fixed by fuzzy matching count as named in the document too: look again with
        // them (and the context's), so that checking the fixed text finds nothing new. Only
        // the entities the first round asked about can change its result.
        let mut fixed: Vec<u32> = proposals[exact..]
            .iter()
            .filter_map(|p| p.fix.as_ref().map(|(_, id, _, _)| id.0))
            .filter(|e| !doc.contains(e))
            .collect();
        fixed.sort_unstable();
        fixed.dedup();
        let mut doc_fixed = doc.clone();
        doc_fixed.extend(&fixed);
        let second = Named {
            own: &doc_fixed,
            exact: doc,
            context,
            level: Naming::Fixed,
            asked: &asked,
        };
        let again = asked
            .borrow()
            .iter()
            .any(|&e| !first.holds(e) && second.holds(e));
        if again {
            proposals.truncate(exact);
            // (A window whose decision read nothing the fixes changed is decided as before.)
            self.decide_windows(
                text,
                words,
                &windows,
                opts,
                &second,
                &mut proposals,
                memo,
                Some((&decided, &first)),
            );
        }
        let corrections = resolve(text, proposals, self);
        // What the check depended on: the context's level of each entity asked about, unless
        // the part names it exactly itself (then no level matters), counted as the part's own
        // first-round fixes raise it.
        let mut entries: Vec<(EntityId, Option<Naming>, Option<Naming>)> = asked
            .into_inner()
            .into_iter()
            .filter(|e| !doc.contains(e))
            .map(|e| {
                let own = fixed.binary_search(&e).is_ok().then_some(Naming::Fixed);
                (EntityId(e), own, context.naming(EntityId(e)).max(own))
            })
            .collect();
        entries.sort_unstable_by_key(|&(id, _, _)| id);
        PartCheck {
            corrections,
            named: sorted_ids(doc),
            fixed: fixed.into_iter().map(EntityId).collect(),
            dependencies: ContextDependencies { entries },
        }
    }

    /// The entities `text` names exactly, sorted: the first level of document context
    /// ([`Naming::Exact`]), as [`PartCheck::named`] gives it, for much less work than a check.
    ///
    /// Every exact-key window counts (a name or alias written up to spacing, case and
    /// punctuation, fixed or not), with the entity the scanner takes for it.
    ///
    /// ```
    /// use namefix::{Lexicon, Matcher};
    /// let m = Matcher::new(Lexicon::from_tsv("tv:hs\tHeartstopper\t\ttv\t100\n")?);
    /// let named = m.named_in("We watched heart stopper.");
    /// assert_eq!(named, [m.lexicon().id_of("tv:hs").unwrap()]);
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn named_in(&self, text: &str) -> Vec<EntityId> {
        let segmented = segment(text, self);
        let words = segmented.words();
        let mut proposals: Vec<Proposal> = Vec::new();
        let mut doc: FxHashSet<u32> = FxHashSet::default();
        self.exact_probes(
            text,
            &segmented,
            &words,
            &ScanOptions::default(),
            &mut proposals,
            &mut doc,
            None,
        );
        sorted_ids(&doc)
    }

    /// The decision model on one proposed fix of words `s..=e`, replacing `span` by
    /// `replacement` (the name `name` of `entity`): whether to make it (its log-odds at
    /// least `model_line`, [`ScanOptions::model_line`]).
    #[allow(clippy::too_many_arguments)]
    fn weigh(
        &self,
        text: &str,
        words: &[Word],
        s: usize,
        e: usize,
        span: (usize, usize, &str),
        replacement: &str,
        name: &str,
        entity: u32,
        score: f32,
        in_doc: bool,
        related: bool,
        split: Option<&Split>,
        model_line: f32,
    ) -> bool {
        let win = &words[s..=e];
        // A word with a common word run onto it counts as its name part ("Northampton" of
        // "Northamptonand"); the glued word is evidence of its own.
        let span_words: Vec<&str> = win
            .iter()
            .enumerate()
            .flat_map(|(k, w)| match split {
                Some(sp) if sp.word == s + k => sp.folded.split(' '),
                _ => w.folded.split(' '),
            })
            .collect();
        // How well the split-off word reads with its neighbour on the other side ("and this",
        // "in the"): Zipf / 7 of the pair, 0 when it is no phrase of the list.
        let glue_function = split.is_some_and(|sp| {
            let w = &words[sp.word];
            sp.name_first
                && (sp.folded.len() > 4 || e > s)
                && (w.capital() || !w.cased())
                && normalize::zipf(sp.glue(w.folded)) >= 6.5
        });
        let glue_phrase = split.map_or(0.0, |sp| {
            let w = &words[sp.word];
            let line = w.line;
            let glue = sp.glue(w.folded);
            if sp.name_first {
                words
                    .get(sp.word + 1)
                    .filter(|n| n.line == line)
                    .map_or(0.0, |n| crate::words::phrase_zipf(glue, n.folded))
            } else {
                sp.word
                    .checked_sub(1)
                    .map(|k| &words[k])
                    .filter(|p| p.line == line)
                    .map_or(0.0, |p| crate::words::phrase_zipf(p.folded, glue))
            }
        }) / 7.0;
        let span_zipf: Vec<f32> = span_words.iter().map(|w| normalize::zipf(w)).collect();
        let name_folded = normalize::fold(name);
        let name_words: Vec<&str> = name_folded.split(' ').collect();
        // A word the span changes is one that English text writes, although it is neither a
        // common word nor a name of the census lists (their own features weigh those): a rare
        // word or another name ("Caxton", "Terran"), not a misspelling no text writes.
        let changed_attested = span_words.iter().enumerate().any(|(k, w)| {
            // (The name's word with a plural ending is weighed as a plural slip.)
            let changed = if span_words.len() == name_words.len() {
                *w != name_words[k] && !is_plural(w, name_words[k])
            } else {
                !name_words.contains(w)
            };
            changed
                && span_zipf[k] == 0.0
                && name_frequencies(w).is_none()
                && crate::words::attested(w)
        });
        // Words run together or split apart never cut a hyphenated word ("Ban Ki" of "Ban
        // Ki-moon" is not "Bānki"); a name written as a modifier keeps its fix
        // ("Barak Obama-era").
        let hyphen = |gap: &str| matches!(gap, "-" | "\u{2010}" | "\u{2011}");
        let cut_before =
            s > 0 && words[s - 1].joins_next() && hyphen(&text[words[s - 1].end..words[s].start]);
        let cut_after = e + 1 < words.len()
            && words[e].joins_next()
            && words[e].core_end == words[e].end
            && hyphen(&text[words[e].end..words[e + 1].start]);
        if span_words.len() != name_words.len() && (cut_before || cut_after) {
            return false;
        }
        let capitals: Vec<bool> = win.iter().map(|w| w.capital()).collect();
        let kind = self.lexicon().entities()[entity as usize].kind();
        let line = words[s].line;
        let cue = words[s.saturating_sub(3)..s]
            .iter()
            .chain(words.iter().skip(e + 1).take(2))
            .filter(|w| w.line == line)
            .any(|w| evidence::cue_kind(w.folded) == Some(kind));
        let bare = |w: &Word| w.joins_next() && w.core_end == w.end;
        // A capitalised word runs on from the span with no punctuation between: the span is
        // part of a longer name ("Frank SanAntonio", "The Light Crust Dough Boys"). A
        // capital starting a sentence is no evidence of a name, unless the word is a first
        // name and no ordinary word ("Katharine Hamnett created ...", but not "See"). A first
        // name starts a name of its own: names in a row, as speech recognisers write them,
        // are not one name ("Kit Connor Olivia Coleman").
        // A lowercase name particle between them joins the span to the capitalised word
        // before it ("Marie de La Fayette").
        let first = |w: &Word| w.zipf < COMMON_ZIPF && first_name(w.folded);
        let lead = |i: usize| {
            bare(&words[i])
                && words[i].capital()
                && (!words[i].sentence_start() || first(&words[i]))
        };
        let particle = |w: &Word| {
            !w.capital()
                && bare(w)
                && matches!(
                    w.folded,
                    "de" | "du"
                        | "des"
                        | "da"
                        | "di"
                        | "del"
                        | "della"
                        | "van"
                        | "von"
                        | "der"
                        | "ten"
                        | "ter"
                        | "bin"
                        | "ibn"
                )
        };
        // (A word split off the span stands between the name and the word beyond it.)
        let glued_before = split.is_some_and(|sp| !sp.name_first);
        let glued_after = split.is_some_and(|sp| sp.name_first);
        let longer_run = (s > 0
            && !glued_before
            && (lead(s - 1) || (s > 1 && particle(&words[s - 1]) && lead(s - 2)))
            && !first(&words[s]))
            || (e + 1 < words.len()
                && !glued_after
                && bare(&words[e])
                && words[e + 1].capital()
                && !first(&words[e + 1]))
            // A capitalised word hyphened onto the span makes one name of both, wherever
            // the sentence starts ("Neeru-Meeru" is not Meru).
            || (cut_before && words[s - 1].capital())
            || (cut_after && words[e + 1].capital())
            // So does an initial just before it ("C. David Heymann", "J. R. R. Tolkien").
            || (s > 0
                && !glued_before
                && words[s - 1].capital()
                && words[s - 1].folded.len() == 1
                && text[words[s - 1].end..words[s].start].trim_end() == ".");
        // Knowledge of real names: is the span itself someone's name?
        let key: String = span_words.concat();
        let known_person = self.is_known_person_key(key.as_bytes());
        let changed_names: Vec<Option<f32>> = if span_words.len() == name_words.len() {
            span_words
                .iter()
                .zip(&name_words)
                .filter(|(s, n)| s != n)
                .map(|(s, _)| name_frequency(s))
                .collect()
        } else {
            Vec::new()
        };
        let ev = Evidence::of(&Facts {
            score,
            original: span.2,
            replacement,
            span_words: &span_words,
            name_words: &name_words,
            span_zipf: &span_zipf,
            cased: words[s].cased(),
            sentence_start: words[s].sentence_start(),
            capitals: &capitals,
            cue,
            in_doc,
            kind,
            known_person,
            changed_names: &changed_names,
            share: self.share_of(entity),
            related,
            longer_run,
            one_word: s == e && span_words.len() == 1 && name_words.len() == 1,
            glued: split.map(|sp| (sp.name_first, sp.folded.len())),
            glue_phrase,
            glue_function,
            changed_attested,
        });
        let collected = ROWS.with(|rows| {
            rows.borrow_mut().as_mut().map(|rows| {
                rows.push((span.0, span.1, replacement.to_string(), ev.x.to_vec()));
            })
        });
        collected.is_some() || ev.log_odds() >= model_line
    }

    /// Whether the document names exactly an entity related to `entity` (the bundled
    /// relations: a film and its cast and crew, a book and its author, a song and its
    /// performer), when the matcher uses the bundled knowledge ([`crate::MatcherBuilder::open_world`]).
    /// Records each related entity asked about (a context dependency, as for `named_exactly`).
    fn related_named(&self, entity: u32, doc: &Named<'_>) -> bool {
        #[cfg(feature = "bundled")]
        {
            if !self.open_world {
                return false;
            }
            if self.numbers_bundled() {
                return crate::relations::BundledGraph::bundled()
                    .related(entity)
                    .iter()
                    .any(|&e| doc.named_exactly(e));
            }
            let lex = self.lexicon();
            let id = lex.entities()[entity as usize].id();
            crate::Relations::bundled()
                .related(id)
                .filter_map(|r| lex.id_of(r.id()))
                .any(|e| doc.named_exactly(e.index() as u32))
        }
        #[cfg(not(feature = "bundled"))]
        {
            let _ = (entity, doc);
            false
        }
    }

    /// Every fix the candidate rules propose in `text`, before the decision model, with its
    /// features: `(start, end, replacement, features)`, for fitting the model
    /// (`examples/scan_rows.rs`). Not a stable API.
    #[doc(hidden)]
    pub fn __scan_rows(&self, text: &str) -> Vec<(usize, usize, String, Vec<f32>)> {
        ROWS.with(|rows| *rows.borrow_mut() = Some(Vec::new()));
        let _ = self.check(text);
        let mut rows = ROWS.with(|rows| rows.borrow_mut().take().unwrap_or_default());
        // The second round re-proposes the first round's fixes: keep each fix once (the last).
        let mut seen = FxHashSet::default();
        rows.reverse();
        rows.retain(|(s, e, r, _)| seen.insert((*s, *e, r.clone())));
        rows.reverse();
        rows
    }

    /// The fuzzy windows of `text` that were looked up and refused, with the rule that
    /// refused each (the scanner's candidate rules, `no-decision` when the lookup gave no fix
    /// and `model` when the decision model did): `(start, end, name, rule)`, each once, for
    /// the evaluation's account of where garbles are lost (`examples/evaluate.rs`). Not a
    /// stable API.
    #[doc(hidden)]
    pub fn __scan_refusals(&self, text: &str) -> Refusals {
        REFUSED.with(|r| *r.borrow_mut() = Some(Vec::new()));
        COLLECTING_REFUSALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _ = self.check(text);
        COLLECTING_REFUSALS.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        let mut out = REFUSED.with(|r| r.borrow_mut().take().unwrap_or_default());
        let mut seen = FxHashSet::default();
        out.retain(|x| seen.insert(x.clone()));
        out
    }

    /// The names of the features [`__scan_rows`](Self::__scan_rows) gives. Not a stable API.
    #[doc(hidden)]
    pub fn __scan_feature_names() -> &'static [&'static str] {
        &evidence::FEATURE_NAMES
    }

    /// The decision model's intercept and weights, in the order of
    /// [`__scan_feature_names`](Self::__scan_feature_names). Not a stable API.
    #[doc(hidden)]
    pub fn __scan_weights() -> &'static [f32] {
        evidence::weights()
    }

    /// Exact-key windows: known mentions and their spacing/punctuation/case fixes. `words`
    /// are the words of `seg`.
    #[allow(clippy::too_many_arguments)]
    fn exact_probes(
        &self,
        text: &str,
        seg: &Segmented,
        words: &[Word],
        opts: &ScanOptions,
        out: &mut Vec<Proposal>,
        doc: &mut FxHashSet<u32>,
        mut pending: Option<&mut Vec<(usize, usize, usize)>>,
    ) {
        let ix = self.index();
        let filter = self.key_prefixes.get_or_init(|| KeyPrefixes::build(ix));
        let mut key: Vec<u8> = Vec::with_capacity(64);
        // What each word adds to the filter's hash was computed once per distinct word by
        // `segment`: a window grows by a word in two operations.
        // Names without their diacritics, by entity, for `exact_fix` (a few names with marks
        // match common words: "to" is "Tô" and "can" "Çan" without them).
        let mut plain_names: FxHashMap<u32, String> = FxHashMap::default();
        // `exact_fix`'s answers by entity and word as written, where they are functions of
        // those alone (see below): most are refusals of the same common word again.
        let mut fixes: FxHashMap<(u32, &str), Option<String>> = FxHashMap::default();
        let collecting = collecting_refusals();
        for i in 0..words.len() {
            if words[i].folded.is_empty() {
                continue;
            }
            let mut h = prefixes::START;
            let mut j = i;
            while j < words.len() && j < i + MAX_WINDOW {
                let w = &words[j];
                if w.folded.is_empty() || w.folded.len() > MAX_WORD_BYTES {
                    break;
                }
                // Only the filter's hash is needed word by word (the word's part of it was
                // computed once): the key itself is built where the index is probed.
                h = seg.step(j).apply(h);
                // No name's key starts with this one: no longer window can be a name either
                // (most windows of prose end here, after a word or two).
                if !filter.may_start(h) {
                    break;
                }
                // A window is probed when it starts and ends on words that can be in names
                // (lexicon words, or halves of a lexicon word split in two).
                // And a word alone that is no word at all, in case it is a name's words
                // run together ("LosAngeles", "JohnElway").
                let ends_ok = filter.may_be(h)
                    && (w.lexical()
                        || (j > i)
                        || self.merges_with_next(words, j)
                        || (w.zipf == 0.0 && w.folded.len() >= 6));
                if ends_ok {
                    // Every name or alias with this key: written as any of them, the span is
                    // a known mention ("Tom and Jerry" when one entity is "Tom & Jerry" and
                    // another "Tom and Jerry"; an alias "JJ Abrams" of "J.J. Abrams").
                    // Otherwise the most prominent canonical name is the fix.
                    key.clear();
                    for x in &words[i..=j] {
                        key.extend(x.folded.bytes().filter(|&b| b != b' '));
                    }
                    let original = &text[words[i].start..w.core_end];
                    let mut written_as_name = false;
                    let mut best: Option<(u32, u16, f32)> = None;
                    for v in ix.exact_key(&key) {
                        let var = ix.variants[v as usize];
                        let ent = &self.lexicon().entities()[var.entity as usize];
                        // (Two first bytes that are ASCII and differ settle it without
                        // reading the name as text.)
                        let bytes = ent.surface_bytes(usize::from(var.slot));
                        let settled = match (original.as_bytes().first(), bytes.first()) {
                            (Some(&a), Some(&b)) => a != b && a.is_ascii() && b.is_ascii(),
                            _ => false,
                        };
                        if !settled
                            && !written_as_name
                            && same_surface(original, ent.surface(usize::from(var.slot)))
                        {
                            written_as_name = true;
                        }
                        let prior = self.prior_of(var.entity);
                        let better = match best {
                            None => true,
                            Some((be, slot, bp)) => {
                                (var.slot == 0 && slot != 0)
                                    || ((var.slot == 0) == (slot == 0)
                                        && (prior > bp || (prior == bp && var.entity < be)))
                            }
                        };
                        if better {
                            best = Some((var.entity, var.slot, prior));
                        }
                    }
                    if let Some((e, slot, _)) = best {
                        let ent = &self.lexicon().entities()[e as usize];
                        let start = words[i].start;
                        let end = w.core_end;
                        let n = j - i + 1;
                        let priority =
                            1.0 + 0.1 * (n as f32 - 1.0) + 0.01 * key.len() as f32 / 64.0;
                        doc.insert(e);
                        // A fix is weighed once the document's names are known (the
                        // caller weighs `pending`); without `pending`, only names are wanted.
                        let fix = match pending.as_mut() {
                            Some(pending) if slot == 0 && !written_as_name && opts.allows(ent) => {
                                // `exact_fix` reads the text around the span only for a
                                // paragraph without capitals, or for words all rarer than
                                // function words; otherwise, for one word, its answer is a
                                // function of the entity and of the word as written (its fold
                                // and frequency among them), and is kept. (Not while
                                // refusals are collected: each is recorded where it is.)
                                let plain = i == j
                                    && w.cased()
                                    && w.zipf >= FUNCTION_WORD_ZIPF
                                    && !collecting;
                                let fix = if plain {
                                    fixes
                                        .entry((e, &text[start..end]))
                                        .or_insert_with(|| {
                                            self.exact_fix(text, words, (i, j), e, &mut plain_names)
                                        })
                                        .clone()
                                } else {
                                    self.exact_fix(text, words, (i, j), e, &mut plain_names)
                                };
                                fix.map(|r| {
                                    pending.push((out.len(), i, j));
                                    (r, EntityId(e), 1.0, MatchKind::Normalized)
                                })
                            }
                            _ => None,
                        };
                        out.push(Proposal {
                            start,
                            end,
                            priority,
                            fix,
                        });
                    }
                }
                if !w.joins_next() || w.core_end != w.end {
                    break;
                }
                j += 1;
            }
        }
    }

    fn merges_with_next(&self, words: &[Word], j: usize) -> bool {
        if j + 1 >= words.len() || !words[j].joins_next() {
            return false;
        }
        let mut k: Vec<u8> = Vec::with_capacity(words[j].folded.len() + words[j + 1].folded.len());
        k.extend(
            (words[j].folded.bytes())
                .chain(words[j + 1].folded.bytes())
                .filter(|&b| b != b' '),
        );
        self.index().token(&k).is_some()
    }

    /// The fix for an exact-key window, if the surface differs in a way worth fixing.
    /// `plain_names` keeps each name's `strip_marks` for the check (entity id to name).
    fn exact_fix(
        &self,
        text: &str,
        words: &[Word],
        (i, j): (usize, usize),
        e: u32,
        plain_names: &mut FxHashMap<u32, String>,
    ) -> Option<String> {
        let win = &words[i..=j];
        let ent = self.lexicon().entity(EntityId(e));
        let prior = self.prior_of(e);
        let original = &text[win[0].start..win[win.len() - 1].core_end];
        let name = ent.name();
        if same_surface(original, name) {
            return None;
        }
        // Abbreviations and initials written without their periods are a style, common in
        // British English ("St Louis", "Mr Bean", "JJ Abrams"), not an error.
        if periods_only(original, name) {
            return None;
        }
        // A name's own leading or trailing symbols are not added or dropped ("Disney" is not
        // "Disney+", "Kievan Rus" is "Kievan Rus'").
        let trimmed = name.trim_matches(|c: char| !c.is_alphanumeric());
        if trimmed != name && same_surface(original, trimmed) {
            return None;
        }
        // Numbers are not names to fix ("30" is not the film "-30-").
        if !original.chars().any(char::is_alphabetic) {
            return None;
        }
        // Transliterating another script is not a correction ("樞" is not "Shu").
        let original = strip_marks(original);
        if !original.is_ascii() {
            return None;
        }
        // Dropped diacritics are an accepted English spelling ("Montreal", "Leon").
        let name_plain: &str = if name.is_ascii() {
            name
        } else {
            plain_names
                .entry(e)
                .or_insert_with(|| strip_marks(name).into_owned())
        };
        if same_surface(&original, name_plain) {
            return None;
        }
        let original: &str = &original;
        // (`original` is ASCII: where the name is too, lowercase is ASCII's.)
        let same_lowercase = if name_plain.is_ascii() {
            original.eq_ignore_ascii_case(name_plain)
        } else {
            original.to_lowercase() == name_plain.to_lowercase()
        };
        if same_lowercase {
            // Case only. ALL CAPS is a style, not an error; lowercase needs a word that is
            // rare in ordinary English, and a name that is not written in lowercase itself.
            if is_all_caps(original) || !name.chars().any(char::is_uppercase) {
                return refused(words, (i, j), name, "exact:case-only-style");
            }
            // In a transcript (a line with neither capitals nor punctuation) every name is
            // written in lowercase: one with a word that edited English writes only with a
            // capital ("geelong", "tyndale"; not "mark", "us" or "rsync") is written in its
            // case, as the model weighs.
            // (Its other words may be words of English, but not the most common ones: "los
            // angeles", "north korea", not "in paris".)
            let folded = || win.iter().flat_map(|w| w.folded.split(' '));
            if !win[0].cased()
                && folded().any(crate::words::proper)
                && folded()
                    .all(|w| crate::words::proper(w) || normalize::zipf(w) < FUNCTION_WORD_ZIPF)
                && unpunctuated_line(text, win[0].start)
            {
                return Some(name.to_string());
            }
            // Words that read as a name edited English writes with capitals ("mongolia",
            // "hugh grant": `evidence::proper_words`), standing as words of prose (not in a
            // path or an option: "/usr/share/emacs"), in a paragraph whose writer capitalises
            // names, are a name whose capitals were lost; the model weighs how likely.
            // (Cheapest tests first: the words' frequencies, already at hand, rule out most
            // windows; the paragraph's test, which reads up to twice SENTENCE_REACH words,
            // runs last.)
            if win[0].cased()
                && win.iter().all(|w| w.zipf < FUNCTION_WORD_ZIPF)
                && evidence::proper_words(folded(), original)
                && (win.len() > 1
                    || !(before_noun(text, words, i, determines) || modifies_next(text, words, j)))
                && stands_as_prose(text, win[0].start, win[win.len() - 1].end)
                && capitalises_within(text, words, (i, j))
            {
                return Some(name.to_string());
            }
            // A lowercase concept ("phylum", "megalopolis") is not a mis-cased title.
            if ent.kind() == Kind::Other {
                return refused(words, (i, j), name, "exact:lowercase-concept");
            }
            // One lowercase word is usually an ordinary noun ("malum", "shantytown"), unless
            // it is a prominent name that is not an English word.
            if win.len() == 1 && (win[0].zipf > 0.0 || prior < ONE_WORD_PRIOR) {
                return refused(words, (i, j), name, "exact:one-lowercase-word");
            }
            // Personal names are never written in lowercase in edited prose, so one rare word
            // is enough; titles made of words ("cracking up", "the crown") need all of them
            // rare.
            let rare = |w: &Word| w.zipf < COMMON_ZIPF;
            let ok = if ent.kind() == Kind::Person {
                win.iter().any(rare)
            } else {
                win.iter().any(|w| w.zipf < RARE_ZIPF + 1.0)
            };
            if !ok {
                return refused(words, (i, j), name, "exact:lowercase-common-words");
            }
            return Some(name.to_string());
        }
        // Spacing, punctuation or diacritics. Words run together or split apart must not be
        // an ordinary word or phrase ("any more" is not the film "Anymore").
        let name_folded = normalize::fold(name);
        let name_words = name_folded.split(' ').count();
        let text_words: usize = win.iter().map(|w| w.folded.split(' ').count()).sum();
        if name_words != text_words {
            if name_words == 1 && normalize::zipf(&name_folded) >= COMMON_ZIPF {
                return refused(words, (i, j), name, "exact:respaced-common-word");
            }
            // Nor is a lowercase concept re-spaced into a title where the text uses capitals
            // ("foo bar", "chick pea"), as it is not re-cased (above).
            if ent.kind() == Kind::Other && win[0].cased() && is_all_lower(original) {
                return refused(words, (i, j), name, "exact:respaced-lowercase-concept");
            }
            // Re-spacing never splits a word that is a name or word in its own right
            // ("Laverne" is not "La Verne", "the cleanup" is not "The Clean-Up"); how
            // prominent the name is, the model weighs.
            if splits_a_word(win, &name_folded) {
                return refused(words, (i, j), name, "exact:splits-a-word");
            }
            // Common words merged into one name ("Who Is" is not "Whois"), or a letter or
            // number glued on ("a 24" is not "A24").
            let prominent = prior >= ONE_WORD_PRIOR && ent.kind() != Kind::Other;
            if text_words > 1
                && ((win.iter().all(|w| w.zipf >= COMMON_ZIPF) && !prominent)
                    || win.iter().any(|w| {
                        w.folded.len() < 2 || !w.folded.bytes().all(|b| b.is_ascii_alphabetic())
                    }))
            {
                return refused(words, (i, j), name, "exact:merged-common-words");
            }
        }
        if is_all_lower(original) && win.iter().all(|w| w.zipf >= COMMON_ZIPF) {
            return refused(words, (i, j), name, "exact:lowercase-common-words");
        }
        Some(name.to_string())
    }

    /// Decides the fuzzy windows `windows` (found by [`fuzzy_probes`](Self::fuzzy_probes))
    /// under `doc`, in order, and adds a proposal for each fix; returns what it decided.
    ///
    /// With `earlier`, the windows as they were decided under another document `before` whose
    /// names `doc`'s include: a window whose decision read no entity that `doc` holds and
    /// `before` does not is decided as it was (the rest of a window's decision reads the
    /// document's exact names only), and nothing is returned.
    #[allow(clippy::too_many_arguments)]
    fn decide_windows(
        &self,
        text: &str,
        words: &[Word],
        windows: &[FuzzyWindow],
        opts: &ScanOptions,
        doc: &Named<'_>,
        out: &mut Vec<Proposal>,
        memo: &mut Memo,
        earlier: Option<(&Decided, &Named<'_>)>,
    ) -> Decided {
        let mut decided = Decided::default();
        let mut cache: FxHashMap<String, (Decision, Read)> = FxHashMap::default();
        let mut ranked: Vec<Match<'_>> = Vec::new();
        // (The full lookups' query, its buffers reused.)
        let mut query = crate::score::Query::default();
        // (While the calibration rows are collected, every window is decided again: its rows
        // come in the order of the second round.)
        let earlier = earlier.filter(|_| ROWS.with(|rows| rows.borrow().is_none()));
        for (k, (s, e, alt)) in windows.iter().enumerate() {
            if let Some((prev, before)) = earlier {
                let changed = |x: u32| x != NO_ENTITY && !before.holds(x) && doc.holds(x);
                if !prev.read[k].iter().any(|&x| changed(x)) {
                    out.extend(prev.proposals[k].iter().cloned());
                    continue;
                }
            }
            let mut read = [NO_ENTITY; 2];
            let p = self.fuzzy_window(
                text,
                words,
                (*s, *e),
                alt.as_ref(),
                opts,
                doc,
                &mut cache,
                &mut memo.lookups,
                &mut memo.name_keys,
                &mut ranked,
                &mut query,
                &mut read,
            );
            if earlier.is_none() {
                decided.proposals.push(p.clone());
                decided.read.push(read);
            }
            out.extend(p);
        }
        decided
    }

    /// Fuzzy windows around anchors (likely misspellings and capitalised runs) that pass the
    /// pre-score, each once, in the order they are found: the windows to look up in full.
    /// They are functions of the words alone, so both rounds of a check decide the same list.
    fn fuzzy_probes(
        &self,
        text: &str,
        words: &[Word],
        opts: &ScanOptions,
        memo: &mut Memo,
    ) -> Vec<FuzzyWindow> {
        let mut tried: FxHashSet<(usize, usize, usize)> = FxHashSet::default();
        let mut windows: Vec<FuzzyWindow> = Vec::new();
        let out = &mut windows;
        let ix = self.index();
        let mut hits = Vec::new();
        let mut rarest: Vec<(usize, u32)> = Vec::new();
        let mut phon = String::new();
        let mut memo_key = String::new();
        let mut cands: Vec<u32> = Vec::new();
        // (A split window's space-free key, built in one buffer for every window.)
        let mut split_key: Vec<u8> = Vec::new();
        let mut scratch = crate::matcher::PrescoreScratch::default();
        // ([`real_words_unfixable`](Self::real_words_unfixable)'s buffers.)
        let (mut real_code, mut real_key) = (String::new(), Vec::new());
        let mut codes = Codes::new(words.len());
        // [`real_words_unfixable`](Self::real_words_unfixable) of each window asked about.
        let mut unfixable: FxHashMap<(u32, u32), bool> =
            FxHashMap::with_capacity_and_hasher(words.len() / 8, Default::default());
        // An unknown word's alternatives, and its core in lowercase (see [`splits`]).
        let mut alts: Vec<Option<Split>> = Vec::new();
        let mut lower = String::new();
        for a in 0..words.len() {
            let w = &words[a];
            if w.folded.is_empty() || w.folded.len() > MAX_WORD_BYTES {
                continue;
            }
            let unknown = !w.lexical()
                && w.zipf < RARE_ZIPF
                && w.folded.bytes().any(|b| b.is_ascii_alphabetic());
            // Every capitalised word starts candidate windows, not only the first of a run
            // ("Kit Connor Olivia Coleman", as speech recognisers write names in a row).
            // In a paragraph without capitals case is no evidence: a word that can be a
            // name's (a first name, or a lexicon word that is not common English) starts them.
            let run_start = w.capital() || uncased_name_word(w);
            if !unknown && !run_start {
                continue;
            }
            let joins = |from: usize, to: usize| {
                (from..to).all(|k| words[k].joins_next() && words[k].core_end == words[k].end)
            };
            // A window is looked up in full only when one of the names it can line up with
            // scores at least the threshold (a cheap necessary condition).
            let mut try_window = |tag: u8,
                                  s: usize,
                                  e: usize,
                                  alt: Option<&Split>,
                                  cands: &[u32],
                                  out: &mut Vec<FuzzyWindow>,
                                  codes: &mut Codes| {
                // A window is looked up once; one that fails the pre-score with the names
                // found one way (a phonetic key, the anchor's fuzzy tokens) is pre-scored
                // again with the names found another (a neighbour's exact token: "Kanye
                // Wnest", whose fuzzy token "west" is in too many names to place them all).
                let alt_id = alt.map_or(0, |sp| sp.cut);
                if tried.contains(&(s, e, alt_id)) {
                    return;
                }
                let folded = (s..=e).map(|k| match alt {
                    Some(sp) if sp.word == k => sp.folded.as_str(),
                    _ => words[k].folded,
                });
                // The candidates are a function of how they were found (`tag`), the anchor's
                // place in the window and the window's words, and so is the pre-score:
                // windows repeat in a document (names, capitalised phrases), and the second
                // round replays the first, so each is pre-scored once.
                memo_key.clear();
                memo_key.push(char::from(b'0' + tag));
                memo_key.push(char::from(b'0' + (a - s) as u8));
                for f in folded.clone() {
                    memo_key.push('|');
                    memo_key.push_str(f);
                }
                let (recorded, hash) = memo.prescores.get(memo_key.as_str());
                let passes = match recorded {
                    Some(p) => p,
                    None => {
                        // (A window of real words no name can be a fix for is refused
                        // whatever its lookup finds: not pre-scored. The test reads only the
                        // window's words, so its answer is the memo's too. Not for the
                        // windows found by their sound, which it would not refuse.)
                        // (Once per window: its other anchors ask again.)
                        let hopeless = alt.is_none()
                            && tag != 2
                            && !collecting_refusals()
                            && *unfixable.entry((s as u32, e as u32)).or_insert_with(|| {
                                self.real_words_unfixable(
                                    words,
                                    (s, e),
                                    &mut real_code,
                                    &mut real_key,
                                    codes,
                                )
                            });
                        let p = !hopeless
                            // (The anchor's place lets the pre-score test the other
                            // words first.)
                            && self.prescore_passes(
                                folded,
                                cands,
                                Some(a - s),
                                opts.threshold,
                                &mut scratch,
                            );
                        memo.prescores.insert(&memo_key, hash, p);
                        p
                    }
                };
                if !passes {
                    return;
                }
                tried.insert((s, e, alt_id));
                out.push((s, e, alt.cloned()));
            };
            if unknown {
                // Alternatives for the anchor word: as written, or split at a boundary. Only
                // windows that line up with a name holding a word within reach of the anchor
                // are tried (its position in that name fixes the window).
                // (In lists kept from one word to the next.)
                alts.clear();
                alts.push(None);
                // A word English writes, or a known name, is never split: its split windows
                // are all refused after their lookup ("split-word-is-a-word", whatever the
                // lookup finds), so none is tried. (Unless refusals are collected: they name
                // that rule.)
                if collecting_refusals()
                    || !(w.written_in_english() || name_frequencies(w.folded).is_some())
                {
                    splits(text, words, a, &mut lower, &mut alts);
                    // Nor is a split whose name part is no word of any name (no lexicon
                    // token): the name's word at the cut must be that part as written, or
                    // the window is refused ("split-edge-respelled", whatever the lookup
                    // finds).
                    if !collecting_refusals() {
                        alts.retain(|alt| {
                            alt.as_ref()
                                .is_none_or(|sp| ix.token(sp.folded.as_bytes()).is_some())
                        });
                    }
                }
                for alt in &alts {
                    let part = alt.as_ref().map_or(w.folded, |sp| sp.folded.as_str());
                    if part.contains(' ') || part.is_empty() {
                        continue;
                    }
                    // Windows that are exactly a name once the split word is cut.
                    if alt.is_some() {
                        for span in 1..MAX_FUZZY_WINDOW {
                            let Some(sp) = alt.as_ref() else { break };
                            let (s, e) = if sp.name_first {
                                (a.saturating_sub(span), a)
                            } else {
                                (a, a + span)
                            };
                            if e >= words.len() || s + span != e || !joins(s, e) {
                                continue;
                            }
                            split_key.clear();
                            for (k, x) in words.iter().enumerate().take(e + 1).skip(s) {
                                let f = if k == a { part } else { x.folded };
                                split_key.extend(f.bytes().filter(|&b| b != b' '));
                            }
                            cands.clear();
                            cands.extend(ix.exact_key(&split_key));
                            if !cands.is_empty() {
                                try_window(1, s, e, alt.as_ref(), &cands, out, &mut codes);
                            }
                        }
                    }
                    // Where the word can sit in names: computed once per distinct word of
                    // the document (names repeat).
                    let found = match memo.fuzzy_places.get(part) {
                        (Some((from, to)), _) => from..to,
                        (None, hash) => {
                            hits.clear();
                            phon.clear();
                            normalize::phonetic_into(part, &mut phon);
                            // (Only which tokens: their similarities are not needed.)
                            ix.token_hits(part.as_bytes(), phon.as_bytes(), false, &mut hits);
                            // Rarest tokens first: they place the window best within the budget.
                            rarest.clear();
                            rarest.extend(
                                hits.iter()
                                    .map(|h| (ix.postings_of(h.token).len(), h.token)),
                            );
                            rarest.sort_unstable();
                            rarest.dedup();
                            let found = memo.places.add(ix, rarest.iter().map(|&(_, t)| t));
                            memo.fuzzy_places
                                .insert(part, hash, (found.start, found.end));
                            found
                        }
                    };
                    memo.places.for_each(found, |before, after, group| {
                        if before >= MAX_FUZZY_WINDOW || after >= MAX_FUZZY_WINDOW || before > a {
                            return;
                        }
                        let (s, e) = (a - before, a + after);
                        if e >= words.len() || !joins(s, e) {
                            return;
                        }
                        // With a split, the window stops (or starts) at the cut.
                        if let Some(sp) = alt {
                            if (sp.name_first && e != a) || (!sp.name_first && s != a) {
                                return;
                            }
                        }
                        try_window(0, s, e, alt.as_ref(), group, out, &mut codes);
                    });
                }
            } else {
                // A capitalised run: windows from its first word whose sound matches a name's
                // word for word (the only fuzzy fix allowed on real words).
                // (`phon[..coded]` is the code of the words from `a` to the window's last
                // word, which is coded after it: each word is coded once for all the windows.)
                phon.clear();
                let mut coded = (0, a);
                for e in a + 1..(a + MAX_FUZZY_WINDOW).min(words.len()) {
                    if !joins(a, e) {
                        break;
                    }
                    if !self.capitalised_window(words, a, e) {
                        continue;
                    }
                    phon.truncate(coded.0);
                    for k in coded.1..e {
                        codes.push(words, k, &mut phon);
                    }
                    coded = (phon.len(), e);
                    let before_last = phon.len();
                    codes.push(words, e, &mut phon);
                    cands.clear();
                    ix.phonetic_key_variants(phon.as_bytes(), &mut cands);
                    // And as it sounds without a plural ending on its last word ("Michael
                    // Jordans"): the slip the decision weighs.
                    if let Some(stem) = words[e].folded.strip_suffix('s').filter(|s| s.len() >= 3) {
                        phon.truncate(before_last);
                        normalize::phonetic_into(stem, &mut phon);
                        ix.phonetic_key_variants(phon.as_bytes(), &mut cands);
                    }
                    if !cands.is_empty() {
                        try_window(2, a, e, None, &cands, out, &mut codes);
                    }
                }
                // And the names this word is exactly a word of, in the place it has in them:
                // a capitalised run of real words can stand for a name whose other words are
                // misheard or mistyped into other real words ("Keanu Reefs", "Ralph Fines").
                // The decision model weighs such real-word swaps.
                // (The token was found when the text was segmented.)
                if !w.lexical() {
                    continue;
                }
                let tok = w.token;
                if w.sentence_start() && w.zipf >= COMMON_ZIPF {
                    continue;
                }
                // (Its own memo: the misspelling memo holds fuzzy placements.)
                let found = match memo.exact_places.get(w.folded) {
                    (Some((from, to)), _) => from..to,
                    (None, hash) => {
                        let found = memo.places.add(ix, [tok]);
                        memo.exact_places
                            .insert(w.folded, hash, (found.start, found.end));
                        found
                    }
                };
                // (How far on either side the words run that a window around this word may
                // hold, found once rather than for each placement group: words joined to the
                // next (every word of a window but its last), and in a cased paragraph the
                // words `capitalised_window` allows inside (this one is capitalised).
                // `reach(ok, from_next)` counts the words before this one that pass `ok` in a
                // row, and those after it, from this one or, with `from_next`, the next.)
                let joined = |k: usize| words[k].joins_next() && words[k].core_end == words[k].end;
                let inner = |k: usize| inside_capitalised(&words[k]);
                let reach = |ok: &dyn Fn(usize) -> bool, from_next: bool| {
                    let left = (1..MAX_FUZZY_WINDOW.min(a + 1))
                        .take_while(|&d| ok(a - d))
                        .count();
                    let right = (usize::from(from_next)..MAX_FUZZY_WINDOW.min(words.len() - a))
                        .take_while(|&d| ok(a + d))
                        .count();
                    (left, right)
                };
                let (left, right) = reach(&joined, false);
                let cased = w.cased();
                let (in_left, in_right) = if cased { reach(&inner, true) } else { (0, 0) };
                memo.places.for_each(found, |before, after, group| {
                    if before + after == 0
                        || before + after >= MAX_FUZZY_WINDOW
                        || before > left
                        || after > right
                        || a + after >= words.len()
                    {
                        return;
                    }
                    let (s, e) = (a - before, a + after);
                    let capitalised = if cased {
                        before <= in_left && after <= in_right && self.capitalised_ends(words, s, e)
                    } else {
                        self.capitalised_window(words, s, e)
                    };
                    if capitalised {
                        try_window(3, s, e, None, group, out, &mut codes);
                    }
                });
            }
        }
        windows
    }

    /// Whether [`fuzzy_window`](Self::fuzzy_window) refuses window `s..=e` (without a split)
    /// whatever its lookup finds, because it is made of real words that no name of the
    /// lexicon can be a fix for.
    ///
    /// A window whose every word is a lexicon token or a word of English (and holds no
    /// space) is fixed only to a name of as many words, each the window's word, or one that
    /// sounds the same (the same phonetic code) within two edits in place of a word rarer
    /// than [`REAL_WORD_SWAP_ZIPF`], or it with a plural ending added or dropped (a plural
    /// slip: the whole key is then the window's with "s" or "es" added or dropped). So the
    /// name's phonetic key is the window's (the words' codes one after the other) and its
    /// words pass that test, or its key is the window's with a plural ending. When the index
    /// has neither, every decision is refused ("real-words-far", "real-word-swap", or an
    /// earlier rule).
    /// `code` and `key` are buffers, `codes` the words' phonetic codes.
    fn real_words_unfixable(
        &self,
        words: &[Word],
        (s, e): (usize, usize),
        code: &mut String,
        key: &mut Vec<u8>,
        codes: &mut Codes,
    ) -> bool {
        let window = &words[s..=e];
        if !window
            .iter()
            .all(|w| (w.lexical() || w.zipf > 0.0) && !w.folded.contains(' '))
        {
            return false;
        }
        let ix = self.index();
        key.clear();
        for w in window {
            key.extend_from_slice(w.folded.as_bytes());
        }
        // A name whose key is the window's with a plural ending added or dropped. (The key
        // filter, built by the check's exact windows, says "no" to most keys without the
        // index: a clear bit is a certain "no".)
        let n = key.len();
        let filter = self.key_prefixes.get();
        let hashed = |k: &[u8]| prefixes::KeyStep::hash_bytes(prefixes::START, k);
        let exists = |k: &[u8], may: bool| may && ix.exact_key(k).next().is_some();
        for cut in [1, 2] {
            if n >= cut + 3 && key[n - cut..] == b"es"[2 - cut..] {
                let k = &key[..n - cut];
                if exists(k, filter.is_none_or(|f| f.may_be(hashed(k)))) {
                    return false;
                }
            }
        }
        // (Both endings start with the window's key.)
        if filter.is_none_or(|f| f.may_start(hashed(key))) {
            for ending in [&b"s"[..], b"es"] {
                key.extend_from_slice(ending);
                let found = exists(key, true);
                key.truncate(n);
                if found {
                    return false;
                }
            }
        }
        // A name that sounds as the window, word for word: its words one after the other
        // sound as the window's (its phonetic key is the window's), and each is the window's
        // word or one the real-word rule lets it be (no very common word changed, within
        // two edits, the same sound).
        code.clear();
        for k in s..=e {
            codes.push(words, k, code);
        }
        // (The words' codes were just made; the index holds its tokens'.)
        let codes = &*codes;
        !ix.any_with_phonetic_key(code.as_bytes(), |v| {
            let toks = ix.tokens_of(v);
            // (A name of another number of words is refused, unless its fold holds empty
            // words: not ruled out here.)
            toks.len() != window.len()
                || toks.iter().zip(s..=e).all(|(&t, k)| {
                    let w = &words[k];
                    let nw = ix.tok_text.get(t);
                    nw == w.folded.as_bytes()
                        || (w.zipf < REAL_WORD_SWAP_ZIPF
                            && crate::distance::osa(w.folded.as_bytes(), nw) <= 2
                            && ix.tok_phon.get(t) == codes.coded(k).as_bytes())
                })
        })
    }

    /// A run of at least two capitalised words (allowing lowercase particles inside) that is
    /// worth a fuzzy look.
    fn capitalised_window(&self, words: &[Word], s: usize, e: usize) -> bool {
        if e == s {
            return false;
        }
        if !words[s].cased() {
            // Without capitals: a name's word at either end, and words that are no very
            // common English ("ralph fines", "jared allens", "shout korea"); short common
            // words inside.
            let inner = |w: &Word| w.zipf < VERY_COMMON_ZIPF || w.folded.len() <= 4;
            let end = |w: &Word| uncased_name_word(w) || w.zipf < VERY_COMMON_ZIPF;
            return (uncased_name_word(&words[s]) || uncased_name_word(&words[e]))
                && end(&words[s])
                && end(&words[e])
                && words[s..=e].iter().all(inner);
        }
        if !self.capitalised_ends(words, s, e) {
            return false;
        }
        words[s..=e].iter().all(inside_capitalised)
    }

    /// [`capitalised_window`](Self::capitalised_window)'s test of the window's ends, in a cased
    /// paragraph (`s < e`): both capitalised, and neither a common word that is capitalised
    /// only because it starts a sentence.
    #[inline]
    fn capitalised_ends(&self, words: &[Word], s: usize, e: usize) -> bool {
        let caps = |w: &Word| {
            w.capital() && !(w.sentence_start() && !w.lexical() && w.zipf >= COMMON_ZIPF)
        };
        caps(&words[s]) && caps(&words[e])
    }

    #[allow(clippy::too_many_arguments)]
    fn fuzzy_window<'m>(
        &'m self,
        text: &str,
        words: &[Word],
        (s, e): (usize, usize),
        split: Option<&Split>,
        opts: &ScanOptions,
        doc: &Named<'_>,
        cache: &mut FxHashMap<String, (Decision, Read)>,
        lookups: &mut FxHashMap<String, Vec<Scored>>,
        name_keys: &mut NameKeys,
        ranked: &mut Vec<Match<'m>>,
        query: &mut crate::score::Query,
        read: &mut Read,
    ) -> Option<Proposal> {
        // The folded words of the window, with the split word's name part.
        let mut folded: Vec<&str> = Vec::with_capacity(e - s + 1);
        for (k, w) in words.iter().enumerate().take(e + 1).skip(s) {
            match split {
                Some(sp) if sp.word == k => folded.push(&sp.folded),
                _ => folded.push(w.folded),
            }
        }
        let mut joined = folded.join(" ");
        if split.is_some() {
            joined.push('|');
        }
        let decided = if let Some(&(d, r)) = cache.get(&joined) {
            *read = r;
            d
        } else {
            let key = joined.trim_end_matches('|');
            let scored = match lookups.get(key) {
                Some(scored) => scored,
                None => {
                    let mut scored = Vec::new();
                    self.ranked_folded(folded.iter().copied(), &mut scored, query);
                    lookups.entry(key.to_string()).or_insert(scored)
                }
            };
            ranked.clear();
            ranked.extend(scored.iter().map(|&m| self.to_match(m)));
            let d = self.decide_in_text(split.is_some(), opts, doc, ranked, name_keys, read);
            cache.insert(joined.clone(), (d, *read));
            d
        };
        let Some((entity, slot, score, kind)) = decided else {
            return refused(words, (s, e), "", "no-decision");
        };
        let ent = &self.lexicon().entities()[entity as usize];
        let name = ent.surface(usize::from(slot));
        // The window's words must all be accounted for: no name that adds or drops words
        // beyond a merge or split.
        let joined = joined.trim_end_matches('|');
        let name_folded = normalize::fold(name);
        let name_words = name_folded.split(' ').count();
        let n = joined.split(' ').count();
        let window = &words[s..=e];
        // Every word of the window is accounted for: the same number of words, or one more
        // when a name's word was split in two by a space (never an extra common word).
        let extra_ok = n == name_words + 1 && window.iter().all(|w| w.zipf < COMMON_ZIPF);
        if n != name_words && !extra_ok {
            return refused(words, (s, e), name, "words-unaccounted");
        }
        // Single letters (other than capital initials inside a longer name) and numbers are
        // too weak to build a name on ("v ENEL").
        if window.iter().any(|w| {
            (w.folded.len() < 2 && !(w.capital() && n >= 3))
                || !w.folded.bytes().any(|b| b.is_ascii_alphabetic())
        }) {
            return refused(words, (s, e), name, "weak-word");
        }
        // A word that is a word or a name in its own right is not split, as it is not
        // re-spaced ("Galland", "Amazonas", "Atreus": English text writes them).
        if let Some(sp) = split {
            let w = &words[sp.word];
            if w.written_in_english() || name_frequencies(w.folded).is_some() {
                return refused(words, (s, e), name, "split-word-is-a-word");
            }
        }
        // One change to a word: the word a common word was split off is the name's word as
        // written ("Lyn" of "lynwho"), not respelled too ("the Huguenot" is not "The Hague
        // not").
        if let Some(sp) = split {
            let mut nw = name_folded.split(' ');
            let edge = if sp.name_first {
                nw.next_back()
            } else {
                nw.next()
            };
            if edge != Some(sp.folded.as_str()) {
                return refused(words, (s, e), name, "split-edge-respelled");
            }
        }
        let text_key: String = joined.chars().filter(|&c| c != ' ').collect();
        let name_key: String = name_folded.chars().filter(|&c| c != ' ').collect();
        // Another form of the same word is not a misspelling ("Huguenot", "South Korean"),
        // nor is a longer word built on the name ("Amazonia", "cyanobacterial").
        // A plural ending added to or dropped from the last word of a name of two words or
        // more is a slip ("Jared Allens", "City of Angel"), weighed as evidence; on a
        // one-word name it makes another word ("the Huguenot", "two Toyotas"), as it does on
        // a name that starts with an article ("the Appaloosas").
        // After a word that counts ("how many Carl Sagans", "two Jurassic Parks") the plural
        // is meant.
        let slip = name_words >= 2
            && !name_folded.starts_with("the ")
            && is_plural(&text_key, &name_key)
            && !before_noun(text, words, s, counts);
        // On a one-word name a plural ending usually makes a word of its own ("the
        // Huguenots", "two Toyotas", "the Kennedys"), but not when the plural is no word
        // English writes, in cased text (without apostrophes "fresnos" is often "Fresno's"),
        // its stem is no first name or surname (a family's plural), and no word before it
        // counts or determines it: "born in Pisas", "between Bingen and Bonns".
        let slip = slip
            || (name_words == 1
                && s == e
                && split.is_none()
                && is_plural(&text_key, &name_key)
                && words[s].capital()
                && !words[s].written_in_english()
                && name_frequencies(words[s].folded).is_none()
                && name_frequencies(&name_key).is_none()
                && !before_noun(text, words, s, |w| counts(w) || determines(w)));
        if !slip && (is_inflection(&text_key, &name_key) || is_derivation(&text_key, &name_key)) {
            return refused(words, (s, e), name, "inflection-or-derivation");
        }
        // Nor is a word of English a cut-off name when the name is that word with an ending
        // ("adjusted EBIT" is not Adjusted EBITDA): a term of its own.
        if split.is_none()
            && !slip
            && words[e].written_in_english()
            && is_derivation(&name_key, &text_key)
        {
            return refused(words, (s, e), name, "english-term-cut-off");
        }
        // Other scripts are transliterated by folding, not misspelled.
        if !strip_marks(&text[words[s].start..words[e].core_end]).is_ascii() {
            return refused(words, (s, e), name, "other-script");
        }
        // A lowercase phrase is not a mis-typed concept title ("demilitarised zone"), where
        // the text uses capitals (without them, lowercase is no evidence).
        if ent.kind() == Kind::Other && window[0].cased() && window.iter().all(|w| !w.capital()) {
            return refused(words, (s, e), name, "lowercase-concept");
        }
        // In text a name keeps its word order: each word matches the name's word in the same
        // place ("Bolin in" is not "Ina Balin").
        if n == name_words {
            for (w, nw) in joined.split(' ').zip(name_folded.split(' ')) {
                if !crate::distance::sim_at_least_half(w.as_bytes(), nw.as_bytes()) {
                    return refused(words, (s, e), name, "word-order");
                }
            }
        }
        let dist = crate::distance::osa(text_key.as_bytes(), name_key.as_bytes());
        // The document names the entity exactly elsewhere (not by a fix: the features must
        // not depend on the decisions they feed).
        let in_doc = doc.named_exactly(entity);
        // One word alone is a weak signal: only a misspelling (not an English word) of five
        // letters or more, within two edits, is weighed; the model weighs the rest (whether
        // the first letter and the sound are kept, how prominent the name is, whether the
        // document names it: "blooper" is not "Looper", "Tulku" is not "Turku").
        // (Four letters are enough for the commonest slips, a letter doubled or undoubled or
        // two swapped: "Jamu", "Hnio".)
        if s == e && split.is_none() {
            let w = &words[s];
            let slip = w.folded.len() == 4
                && (evidence::same_undoubled(&text_key, &name_key)
                    || evidence::swapped(&text_key, &name_key));
            if w.zipf > 0.0 || (w.folded.len() < 5 && !slip) || dist > 2 {
                return refused(words, (s, e), name, "one-word");
            }
        }
        // A window made only of real words needs near-identical spelling that sounds the same
        // ("Olivia Coleman"), never a loose resemblance ("Brian Johnson" is not "Rian
        // Johnson", "Bay Company" is not "Bad Company"), and no very common word changed.
        let all_known = window
            .iter()
            .enumerate()
            .all(|(k, w)| (w.lexical() || w.zipf > 0.0) && split.is_none_or(|sp| sp.word != s + k));
        if all_known {
            if n != name_words || dist > 3 {
                return refused(words, (s, e), name, "real-words-far");
            }
            let mut name_iter = name_folded.split(' ');
            for w in window {
                let nw = name_iter.next().unwrap_or("");
                // A changed real word must sound the same within two edits ("Reefs"/"Reeves",
                // "Tait"/"Tate"), and never be a very common word; the decision model weighs
                // how likely such a swap is. A word that is itself a common first name or
                // surname (at least one person in 2,000 in the US census) two edits away is
                // another real person's name ("Jean Kerr" is not John Kerr, "Brian Thayer" not
                // Brynn Thayer): one edit at most ("Sara Lancashire", "Olivia Coleman").
                let common_name = name_frequency(w.folded).is_some_and(|p| p >= COMMON_NAME);
                let max_edits = if common_name { 1 } else { 2 };
                // (A plural ending on a person's surname is the slip weighed above, not a
                // changed sound: "Jared Allens". Titles and groups take plurals of their own:
                // "Ziegfeld Girls", "Black Panthers".)
                if w.folded != nw
                    && !(slip && ent.kind() == Kind::Person && is_plural(w.folded, nw))
                    && (w.zipf >= REAL_WORD_SWAP_ZIPF
                        || crate::distance::osa(w.folded.as_bytes(), nw.as_bytes()) > max_edits
                        || normalize::phonetic(w.folded) != normalize::phonetic(nw))
                {
                    return refused(words, (s, e), name, "real-word-swap");
                }
            }
        }
        // Span and replacement, with a split-off word restored after (or before) the name.
        let mut start = words[s].start;
        let mut end = words[e].core_end;
        let mut replacement = name.to_string();
        if let Some(sp) = split {
            if sp.name_first {
                end = words[sp.word].core_end;
                replacement.push(' ');
                replacement.push_str(&text[sp.cut..words[sp.word].core_end]);
            } else {
                start = words[sp.word].start;
                replacement = format!("{} {}", &text[words[sp.word].start..sp.cut], name);
            }
        }
        let original = &text[start..end];
        if same_surface(original, &replacement) {
            return refused(words, (s, e), name, "same-surface");
        }
        // A span written with diacritics was written with care, in its own language
        // ("Amazônica" is not "Amazonia"): it is not respelled (marks alone are fixed, or not,
        // by the exact windows).
        if strip_marks(original) != original {
            return refused(words, (s, e), name, "diacritics");
        }
        if !self.weigh(
            text,
            words,
            s,
            e,
            (start, end, original),
            &replacement,
            name,
            entity,
            score,
            in_doc,
            self.related_named(entity, doc),
            split,
            opts.model_line(),
        ) {
            return refused(words, (s, e), name, "model");
        }
        let nwords = (e - s + 1) as f32;
        Some(Proposal {
            start,
            end,
            priority: score + 0.1 * (nwords - 1.0),
            fix: Some((replacement, EntityId(entity), score, kind)),
        })
    }

    /// The scanner's decision for one window: threshold, ambiguity (settled in favour of an
    /// entity already named in the document), and the options' filters.
    /// `ranked` is the window's lookup ([`Matcher::ranked_folded`]); `name_keys` holds the
    /// keys of names compared before. The entities whose naming in the document the decision
    /// reads go to `read`.
    #[allow(clippy::too_many_arguments)]
    fn decide_in_text<'m>(
        &'m self,
        split: bool,
        opts: &ScanOptions,
        doc: &Named<'_>,
        ranked: &[Match<'m>],
        name_keys: &mut NameKeys,
        read: &mut Read,
    ) -> Decision {
        let best = ranked.first()?;
        let mut reads = read.iter_mut();
        let mut in_doc = |m: &Match<'_>| {
            let e = m.entity_id().index() as u32;
            if let Some(slot) = reads.next() {
                *slot = e;
            }
            doc.contains(&e)
        };
        let mut pick = *best;
        let rival = ranked.iter().skip(1).find(|m| !name_keys.same(best, m));
        if let Some(second) = rival {
            if logit(best.score()) - logit(second.score()) < self.margin() {
                match (in_doc(best), in_doc(second)) {
                    (true, false) => {}
                    (false, true) => pick = *second,
                    // As in a lookup: a tie, unless popularity settles it clearly against
                    // every other name within the margin ("Eulid" is Euclid, not Eqlīd).
                    _ => {
                        let prior = |m: &Match<'_>| self.prior_of(m.entity_id().index() as u32);
                        let best_prior = prior(best);
                        let settled = ranked
                            .iter()
                            .skip(1)
                            .take_while(|m| logit(best.score()) - logit(m.score()) < self.margin())
                            .filter(|m| {
                                m.entity_id() != best.entity_id() && !name_keys.same(best, m)
                            })
                            .all(|m| crate::matcher::popularity_settles(best_prior, prior(m)));
                        if !settled {
                            return None;
                        }
                    }
                }
            } else if second.score() >= opts.threshold && !in_doc(best) && in_doc(second) {
                // Beyond the margin too, a name the document writes elsewhere is the one meant
                // when it is a likely reading of the window as well ("Karoliina" in a call
                // that names its CFO Carolina is Carolina, not the place Karolina).
                pick = *second;
            }
        }
        if pick.score() < opts.threshold
            || pick.match_kind() == MatchKind::Partial
            || (!split
                && matches!(
                    pick.match_kind(),
                    MatchKind::Exact | MatchKind::Normalized | MatchKind::Alias
                ))
            || !opts.allows(pick.entity())
        {
            return None;
        }
        let slot = pick
            .entity()
            .aliases()
            .position(|a| a == pick.matched_name())
            .map_or(0, |i| i as u16 + 1);
        Some((
            pick.entity_id().index() as u32,
            slot,
            pick.score(),
            pick.match_kind(),
        ))
    }
}

/// Whether the word just before `words[s]`, with nothing but spaces between (a comma or a
/// parenthesis ends the noun phrase: "(1858–1940), Joseph Schumpeters"), is one `test` accepts.
fn before_noun(text: &str, words: &[Word], s: usize, test: impl Fn(&str) -> bool) -> bool {
    s > 0
        && text[words[s - 1].end..words[s].start]
            .chars()
            .all(|c| c == ' ' || c == '\u{a0}')
        && test(words[s - 1].folded)
}

/// Whether `words[j]` is followed, with nothing but a space between, by a lowercase word of
/// English that is not among its commonest ("brussels sprouts", "atlanta friends"; not
/// "mongolia and", "tulsa is"): a word in front of a noun, as ordinary words stand in
/// lowercase compounds.
fn modifies_next(text: &str, words: &[Word], j: usize) -> bool {
    words.get(j + 1).is_some_and(|n| {
        text[words[j].end..n.start] == *" "
            && !n.capital()
            && n.zipf > 0.0
            && n.zipf < FUNCTION_WORD_ZIPF
    })
}

/// Whether a folded word determines the noun after it, which may then be a plural of a
/// name ("the Kennedys", "his Toyotas").
fn determines(folded: &str) -> bool {
    matches!(
        folded,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "our"
            | "my"
            | "your"
            | "its"
            | "some"
            | "all"
            | "no"
            | "any"
            | "other"
            | "such"
            | "more"
            | "most"
            | "those"
            | "these"
    )
}

/// Whether a folded word counts the noun after it, which is then plural ("many", "two", "37").
fn counts(folded: &str) -> bool {
    matches!(
        folded,
        "many"
            | "several"
            | "few"
            | "both"
            | "these"
            | "those"
            | "various"
            | "numerous"
            | "multiple"
            | "countless"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "dozen"
            | "dozens"
            | "hundreds"
            | "thousands"
            | "millions"
    ) || (!folded.is_empty() && folded.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether re-spacing the window `win` into the folded name `name` splits one of its words
/// that English writes (a common word or a lexicon token) into two or more of the name's
/// words: the window's words are read in order against the name's.
fn splits_a_word(win: &[Word], name: &str) -> bool {
    let mut name_words = name.split(' ').filter(|w| !w.is_empty()).peekable();
    for w in win {
        if w.folded.contains(' ') {
            // Several folded words in one ("J.J"): matched word by word.
            for part in w.folded.split(' ') {
                if name_words.peek() == Some(&part) {
                    name_words.next();
                }
            }
            continue;
        }
        let mut rest = w.folded;
        let mut taken = 0;
        while let Some(&n) = name_words.peek() {
            match rest.strip_prefix(n) {
                Some(r) if !rest.is_empty() => {
                    rest = r;
                    taken += 1;
                    name_words.next();
                }
                _ => break,
            }
        }
        if rest.is_empty() && taken >= 2 && (w.lexical() || w.zipf > 0.0) {
            return true;
        }
        if !rest.is_empty() {
            // The words do not line up (a merge across words, or punctuation): no verdict.
            return false;
        }
    }
    false
}

/// Whether the line of `text` holding byte `at` has no punctuation but apostrophes (as a
/// speech recogniser writes it).
fn unpunctuated_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    let end = text[at..].find('\n').map_or(text.len(), |k| at + k);
    !text[start..end].chars().any(|c| {
        c != '\'' && c != '’' && (c.is_ascii_punctuation() || matches!(c, '–' | '—' | '“' | '”'))
    })
}

/// Whether the line (a paragraph, or a line of wrapped prose) of the words `i..=j` has another
/// word, not a sentence's first, written with a capital and then lowercase that is a word a
/// dictionary writes only with a capital ("into Mongolia"; not "NASA") or a lexicon word no
/// English text writes ("Gatwa"), and no dictionary-capital word in lowercase: its writer
/// capitalises names, so a name in lowercase there lost its capitals. (At most
/// [`SENTENCE_REACH`] words each way; never across a line break, which parts of a document
/// may be checked apart at.)
fn capitalises_within(text: &str, words: &[Word], (i, j): (usize, usize)) -> bool {
    // (A sentence's first word is capitalised whoever writes it; and a writer who leaves
    // another such word in lowercase leaves names in lowercase as a habit: "inca emperor of
    // peru". The paragraph, not only the sentence: a writer's habit is the same from one
    // sentence to the next, and a name's sentence often has no other name in it.)
    let (mut title, mut lower) = (false, false);
    let mut look = |w: &Word| {
        if crate::words::proper(w.folded) {
            title |= !w.sentence_start() && written_as_title(text, w);
            lower |= !w.capital();
        } else if !w.sentence_start() && w.lexical() && w.zipf == 0.0 && written_as_title(text, w) {
            title = true;
        }
    };
    let line = words[i].line;
    let mut k = i;
    while k > i.saturating_sub(SENTENCE_REACH) && k > 0 && words[k - 1].line == line {
        k -= 1;
        look(&words[k]);
    }
    for w in words[j + 1..words.len().min(j + 1 + SENTENCE_REACH)]
        .iter()
        .take_while(|w| w.line == line)
    {
        look(w);
    }
    title && !lower
}

/// Whether `w` is written with a capital and then a lowercase letter ("Paris"; not "NASA",
/// "I" or "paris").
fn written_as_title(text: &str, w: &Word) -> bool {
    w.capital() && title_second(&text[w.start..w.core_end])
}

/// How far [`capitalises_within`] looks for the paragraph's other words.
const SENTENCE_REACH: usize = 60;

/// Whether the span `start..end` of `text` (its words with a possessive ending, as segmented)
/// stands as words of prose: between spaces, with at most quotes or brackets before it and
/// closing punctuation after it, not inside a path, a file name, an option or an identifier
/// ("/usr/share/emacs", "emacs.el", "--emacs", "emacs_version").
fn stands_as_prose(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches(['"', '\'', '(', '[', '“', '‘']);
    let after = text[end..]
        .trim_start_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '”', '’']);
    before.chars().next_back().is_none_or(char::is_whitespace)
        && after.chars().next().is_none_or(char::is_whitespace)
}

/// Zipf frequency from which a word is among the most common of English ("in", "new").
const FUNCTION_WORD_ZIPF: f32 = 6.0;

/// Zipf frequency from which a word is very common English ("will", "said").
const VERY_COMMON_ZIPF: f32 = 5.0;

/// A word a capitalised window of a cased paragraph may hold: capitalised, or a short common
/// word ("of", "the", "and": "Lord of the Flies").
#[inline]
fn inside_capitalised(w: &Word) -> bool {
    w.capital() || (w.zipf >= COMMON_ZIPF && w.folded.len() <= 4)
}

/// A word of a paragraph without capitals that can be a name's first word: a lexicon word
/// that is a first name, or no common English word.
fn uncased_name_word(w: &Word) -> bool {
    !w.cased() && w.lexical() && (w.zipf < COMMON_ZIPF || first_name(w.folded))
}

/// How common a folded word is as a first name and as a surname (census percent, 0 when
/// known without a frequency; `None` for the one it is not), or `None` when it is no known
/// name (always without the bundled data).
fn name_frequencies(word: &str) -> Option<(Option<f32>, Option<f32>)> {
    #[cfg(feature = "bundled")]
    {
        crate::names::folded_frequencies(word)
    }
    #[cfg(not(feature = "bundled"))]
    {
        let _ = word;
        None
    }
}

/// Whether a folded word is a known first name.
fn first_name(word: &str) -> bool {
    name_frequencies(word).is_some_and(|(first, _)| first.is_some())
}

/// How common a folded word is as a first name or surname (census percent, 0 when known
/// without a frequency), or `None` when it is no known name.
fn name_frequency(word: &str) -> Option<f32> {
    name_frequencies(word).map(|(first, last)| first.unwrap_or(0.0).max(last.unwrap_or(0.0)))
}

/// The phonetic codes of a check's words ([`normalize::phonetic_into`] of each folded word),
/// each coded the first time a window asks for it: a word is coded once, not once per
/// window it is part of.
struct Codes {
    /// The codes, back to back.
    text: String,
    /// Each word's code in `text`, or `(u32::MAX, 0)` while it is not coded.
    at: Vec<(u32, u32)>,
}

impl Codes {
    /// Room for `n` words, none coded.
    fn new(n: usize) -> Codes {
        Codes {
            text: String::new(),
            at: vec![(u32::MAX, 0); n],
        }
    }

    /// Appends the code of word `k` of `words` (the words these codes are of) to `out`.
    #[inline]
    fn push(&mut self, words: &[Word], k: usize, out: &mut String) {
        let (mut from, mut to) = self.at[k];
        if from == u32::MAX {
            from = self.text.len() as u32;
            normalize::phonetic_into(words[k].folded, &mut self.text);
            to = self.text.len() as u32;
            self.at[k] = (from, to);
        }
        out.push_str(&self.text[from as usize..to as usize]);
    }

    /// The code of word `k`, once [`push`](Self::push) has made it.
    #[inline]
    fn coded(&self, k: usize) -> &str {
        let (from, to) = self.at[k];
        debug_assert!(from != u32::MAX, "word {k} not coded yet");
        &self.text[from as usize..to as usize]
    }
}

/// Words' placements in names ([`Index::token_positions`]), grouped by how many words stand
/// before and after them there, in that order: each group's variants are a slice, found once
/// per distinct word of the check. The words' groups follow each other in one pair of lists,
/// a word's groups being a range of `groups` ([`add`](Self::add)): the check allocates
/// nothing per word.
///
/// [`Index::token_positions`]: crate::index::Index::token_positions
#[derive(Default)]
struct Places {
    /// (words before, words after, end of the group's variants in `variants`).
    groups: Vec<(u8, u8, u32)>,
    /// The groups' variants, one group after the other.
    variants: Vec<u32>,
}

impl Places {
    /// Adds the placements of a word found as `tokens` (see [`Index::token_positions`]),
    /// returning its range of groups.
    ///
    /// [`Index::token_positions`]: crate::index::Index::token_positions
    fn add(
        &mut self,
        ix: &crate::index::Index,
        tokens: impl IntoIterator<Item = u32>,
    ) -> Range<u32> {
        let from = self.groups.len() as u32;
        ix.token_positions(
            tokens,
            MAX_POSITION_POSTINGS,
            MAX_FUZZY_WINDOW,
            &mut self.groups,
            &mut self.variants,
        );
        from..self.groups.len() as u32
    }

    /// Calls `f(before, after, variants)` for each group of `range`, in order.
    fn for_each(&self, range: Range<u32>, mut f: impl FnMut(usize, usize, &[u32])) {
        let (from, to) = (range.start as usize, range.end as usize);
        // (A group's variants start where the one before it, of this word or another, ends.)
        let mut start = from.checked_sub(1).map_or(0, |g| self.groups[g].2 as usize);
        for &(before, after, end) in &self.groups[from..to] {
            f(
                usize::from(before),
                usize::from(after),
                &self.variants[start..end as usize],
            );
            start = end as usize;
        }
    }
}

/// Splits of an unknown word into a name part and a glued common word, appended to `out`
/// (each as `Some`). `lower` is a buffer for the word's core in lowercase.
fn splits(text: &str, words: &[Word], a: usize, lower: &mut String, out: &mut Vec<Option<Split>>) {
    let w = &words[a];
    let core = &text[w.start..w.core_end];
    if !core.is_ascii() || w.folded.contains(' ') {
        return;
    }
    // (ASCII: every cut is a character boundary.)
    lower.clear();
    lower.push_str(core);
    lower.make_ascii_lowercase();
    let lower = lower.as_str();
    // A very common short word run onto the name, after it ("Valleyand", "Manningwhen") or
    // before it ("theBeatles").
    let glue = |g: &str| (2..=MAX_GLUE).contains(&g.len()) && normalize::zipf(g) >= GLUE_ZIPF;
    for cut in 3..lower.len().saturating_sub(1) {
        let (head, tail) = lower.split_at(cut);
        // (An ending is no word run on: "Petrarchan", "Baltimorean".)
        if glue(tail) && !INFLECTIONS.contains(&tail) {
            out.push(Some(Split {
                word: a,
                name_first: true,
                cut: w.start + cut,
                folded: head.to_string(),
            }));
        }
    }
    for cut in 2..lower.len().saturating_sub(2) {
        let (head, tail) = lower.split_at(cut);
        if glue(head) {
            out.push(Some(Split {
                word: a,
                name_first: false,
                cut: w.start + cut,
                folded: tail.to_string(),
            }));
        }
    }
}

/// The words of a text, with their folded forms in one buffer (no allocation per word).
struct Segmented {
    /// Every distinct folded word, back to back.
    folds: String,
    /// What is known of each distinct word as written, in order of first appearance.
    distinct: Vec<Distinct>,
    words: Vec<RawWord>,
}

/// A distinct word of a text (as written): what its repeats share.
struct Distinct {
    /// Its folded form in [`Segmented::folds`].
    folded: Range<u32>,
    /// The lexicon token the folded form is, or [`NO_TOKEN`].
    token: u32,
    /// Zipf frequency of the folded form in English (0 if unknown).
    zipf: f32,
    /// What it adds to the exact windows' key filter hash.
    step: prefixes::KeyStep,
}

/// A word as [`segment`] keeps it (32 bytes): what only this occurrence knows, and its
/// distinct word for the rest. [`Segmented::words`] makes the [`Word`]s.
struct RawWord {
    start: usize,
    end: usize,
    /// Index of its distinct word in [`Segmented::distinct`].
    distinct: u32,
    line: u32,
    /// Bytes of a possessive ending after the core ("'s": 2, "\u{2019}s": 4).
    possessive: u8,
    /// [`CAPITAL`], [`SENTENCE_START`], [`JOINS_NEXT`] and [`CASED`].
    flags: u8,
}

/// [`RawWord::flags`]: the first letter is uppercase.
const CAPITAL: u8 = 1;
/// [`RawWord::flags`]: the word starts a sentence.
const SENTENCE_START: u8 = 2;
/// [`RawWord::flags`]: the gap to the next word can be inside a name.
const JOINS_NEXT: u8 = 4;
/// [`RawWord::flags`]: the word's paragraph has a capitalised word.
const CASED: u8 = 8;

impl Segmented {
    /// The words, borrowing their folded forms.
    fn words(&self) -> Vec<Word<'_>> {
        // (What a word takes from its distinct word, in one place: one read per word.)
        let shared: Vec<(&str, u32, f32)> = self
            .distinct
            .iter()
            .map(|d| {
                (
                    &self.folds[d.folded.start as usize..d.folded.end as usize],
                    d.token,
                    d.zipf,
                )
            })
            .collect();
        self.words
            .iter()
            .map(|r| {
                let (folded, token, zipf) = shared[r.distinct as usize];
                Word {
                    start: r.start,
                    end: r.end,
                    core_end: r.end - usize::from(r.possessive),
                    folded,
                    token,
                    zipf,
                    line: r.line,
                    flags: r.flags,
                }
            })
            .collect()
    }

    /// What word `i` adds to the exact windows' key filter hash.
    fn step(&self, i: usize) -> prefixes::KeyStep {
        self.distinct[self.words[i].distinct as usize].step
    }
}

/// Splits `text` into words with the facts the scanner needs.
///
/// Segmentation and folding are one pass: each distinct word of the text (as written) is
/// folded, and probed in the lexicon's tokens and the English word list, once; its repeats
/// cost one probe of a small map.
fn segment(text: &str, m: &Matcher) -> Segmented {
    // Every word's frequency is asked for: the common-word list as a hash map.
    crate::words::prepare();
    let ix = m.index();
    let mut folds = String::with_capacity(text.len() / 4);
    let mut words: Vec<RawWord> = Vec::with_capacity(text.len() / 5);
    // (About one distinct word in 50 bytes of Brown: room for it, since a growing list copies
    // itself.)
    let mut distinct: Vec<Distinct> = Vec::with_capacity(text.len() / 32);
    // Word as written -> its index in `distinct`.
    // (About one distinct word in 64 bytes of prose.)
    let mut seen: FxHashMap<&str, u32> =
        FxHashMap::with_capacity_and_hasher(text.len() / 128, Default::default());
    // The same for the words of up to 7 bytes (most words of prose), by their `short_key`:
    // one integer to hash and compare.
    let mut seen_short: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(text.len() / 64, Default::default());
    let mut buf = String::new();
    let mut prev_end = 0usize;
    let mut line = 0u32;
    // (Only the pieces with an alphanumeric character are passed: words.)
    words::word_indices(text, |start, seg| {
        let end = start + seg.len();
        // Most words of prose follow one space: it joins them, starts no sentence and no line.
        let (joins, sentence_start, new_line) =
            if start == prev_end + 1 && text.as_bytes()[prev_end] == b' ' && !words.is_empty() {
                (true, false, false)
            } else {
                let gap = &text[prev_end..start];
                // (ASCII characters, so their bytes: no other character's UTF-8 holds them.)
                (
                    joinable(gap),
                    words.is_empty()
                        || gap
                            .bytes()
                            .any(|b| matches!(b, b'.' | b'!' | b'?' | b':' | b'\n' | b'\r')),
                    gap.bytes().any(|b| b == b'\n' || b == b'\r'),
                )
            };
        if let Some(last) = words.last_mut() {
            if joins {
                last.flags |= JOINS_NEXT;
            }
            if new_line {
                line += 1;
            }
        }
        prev_end = end;
        // Possessive "'s" stays outside names.
        // (The core is cut from the piece where an ending is found, not sliced from the text
        // again: no character boundary to check.)
        let mut core = seg;
        if matches!(seg.as_bytes().last(), Some(b's' | b'S')) {
            for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
                if seg.len() > suffix.len() {
                    if let Some(c) = seg.strip_suffix(suffix) {
                        core = c;
                        break;
                    }
                }
            }
        }
        let core_end = start + core.len();
        let short = short_key(text, start, core_end);
        let known = match short {
            Some(k) => seen_short.get(&k),
            None => seen.get(core),
        };
        let id = match known {
            Some(&id) => id,
            None => {
                let from = folds.len() as u32;
                // (Letters and digits only: no space, and not empty.)
                let mut plain = false;
                if core.len() <= 4 * MAX_WORD_BYTES {
                    if core.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        // The common case, folded as `normalize::fold` would.
                        folds.push_str(core);
                        folds[from as usize..].make_ascii_lowercase();
                        plain = !core.is_empty();
                    } else {
                        buf.clear();
                        normalize::fold_into(core, &mut buf);
                        folds.push_str(&buf);
                    }
                }
                let f = &folds[from as usize..];
                let token = if f.is_empty() {
                    NO_TOKEN
                } else {
                    ix.token(f.as_bytes()).unwrap_or(NO_TOKEN)
                };
                let zipf = if !plain && (f.is_empty() || f.contains(' ')) {
                    0.0
                } else {
                    normalize::zipf(f)
                };
                let id = distinct.len() as u32;
                distinct.push(Distinct {
                    folded: from..folds.len() as u32,
                    token,
                    zipf,
                    step: prefixes::KeyStep::of(f),
                });
                match short {
                    Some(k) => seen_short.insert(k, id),
                    None => seen.insert(core, id),
                };
                id
            }
        };
        let capital = match core.as_bytes().first() {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            _ => core.chars().next().is_some_and(char::is_uppercase),
        };
        words.push(RawWord {
            start,
            end,
            distinct: id,
            line,
            // ("'s" or "\u{2019}s" at most.)
            possessive: (end - core_end) as u8,
            flags: if capital { CAPITAL } else { 0 }
                | if sentence_start { SENTENCE_START } else { 0 },
        });
    });
    // Whether each paragraph uses capitals at all (a lowercase transcript does not): a
    // capitalised word of two letters or more ("I" alone is no evidence). Paragraphs, not
    // lines: prose wrapped at a fixed width has lowercase lines. They are the parts
    // `check_iter` checks one at a time, so a part sees the same evidence alone.
    let mut k = 0;
    for part in iter::parts(text) {
        let first = k;
        while k < words.len() && words[k].start < part.end {
            k += 1;
        }
        let run = &mut words[first..k];
        let cased = run.iter().any(|w| {
            let f = &distinct[w.distinct as usize].folded;
            w.flags & CAPITAL != 0 && f.end - f.start > 1
        });
        if cased {
            for w in run {
                w.flags |= CASED;
            }
        }
    }
    Segmented {
        folds,
        distinct,
        words,
    }
}

/// Whether the second letter of a capitalised word is lowercase ("Paris", not "NASA").
#[inline]
fn title_second(core: &str) -> bool {
    match core.as_bytes() {
        [a, b, ..] if a.is_ascii() && b.is_ascii() => b.is_ascii_lowercase(),
        _ => core.chars().nth(1).is_some_and(char::is_lowercase),
    }
}

/// The word `text[start..end]`, when it has at most 7 bytes, as one number, different for
/// every such word: its length in the top byte, its bytes in the low bytes (the first lowest),
/// zeros between. Read as eight bytes at once and masked where the text has them.
#[inline]
fn short_key(text: &str, start: usize, end: usize) -> Option<u64> {
    let len = end - start;
    if len > 7 {
        return None;
    }
    let eight: Option<[u8; 8]> = text
        .as_bytes()
        .get(start..start + 8)
        .and_then(|b| b.try_into().ok());
    let low = match eight {
        Some(eight) => u64::from_le_bytes(eight) & ((1u64 << (8 * len)) - 1),
        None => text.as_bytes()[start..end]
            .iter()
            .rev()
            .fold(0, |k, &c| k << 8 | u64::from(c)),
    };
    Some((len as u64) << 56 | low)
}

/// Whether the gap between two words can lie inside a name.
fn joinable(gap: &str) -> bool {
    !gap.is_empty()
        && gap.len() <= 3
        && gap.chars().all(|c| {
            matches!(
                c,
                ' ' | '\t' | '-' | '\u{2010}' | '\u{2011}' | '.' | '&' | '\u{00A0}'
            )
        })
        && gap.chars().filter(|&c| c == '.').count() <= 1
        && !(gap.starts_with('.') && gap.len() > 1)
}

/// The ending that makes one key of the other, when the shorter (of three letters or more)
/// starts the longer. The shorter's own last letters written again ("Jordann", "Purple
/// Rainn") are a typo, not an ending.
fn ending<'k>(a: &'k str, b: &'k str) -> Option<&'k str> {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if !long.starts_with(short) || short.len() < 3 {
        return None;
    }
    let end = &long[short.len()..];
    (!short.ends_with(end)).then_some(end)
}

/// Whether one key is the other plus a plural ending ("s", "es").
pub(crate) fn is_plural(a: &str, b: &str) -> bool {
    matches!(ending(a, b), Some("s" | "es"))
}

/// Whether one key is the other plus an inflectional ending.
fn is_inflection(a: &str, b: &str) -> bool {
    ending(a, b).is_some_and(|e| INFLECTIONS.contains(&e))
}

/// Whether `text` is `name` with a derivational ending ("Amazonia", "cyanobacterial"): two
/// or more letters, or one that forms an inflection with the name's last letter. A doubled
/// last letter ("Pascall") is a typo, not a derivation.
fn is_derivation(text: &str, name: &str) -> bool {
    if text.len() <= name.len() || !text.starts_with(name) || name.is_empty() {
        return false;
    }
    let suffix = &text[name.len()..];
    if suffix.len() >= 2 {
        return true;
    }
    let joined = format!("{}{}", &name[name.len() - 1..], suffix);
    INFLECTIONS.contains(&joined.as_str())
}

/// `s` with combining marks removed (NFD), keeping case and punctuation.
fn strip_marks(s: &str) -> Cow<'_, str> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.nfd().filter(|&c| !is_combining_mark(c)).nfc().collect())
}

/// Typographic apostrophes, quotes and hyphens as their ASCII forms (one character).
fn quote_style(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        '\u{2010}' | '\u{2011}' => '-',
        c => c,
    }
}

/// Equal up to the style of apostrophes, quotes and hyphens, and a trailing apostrophe
/// ("Kievan Rus" = "Kievan Rus'"). (So never when the first bytes are ASCII and differ:
/// trimming at the end keeps a first character, unless it empties the string, and two strings
/// emptied by it both start with '\''.)
fn same_surface(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Each with its quote style made ASCII and trailing apostrophes trimmed, compared
    // without building either string: the characters that become an apostrophe are
    // trimmed first.
    let apostrophe = |c: char| quote_style(c) == '\'';
    let (a, b) = (
        a.trim_end_matches(apostrophe),
        b.trim_end_matches(apostrophe),
    );
    a.chars().map(quote_style).eq(b.chars().map(quote_style))
}

/// Whether `a` and `b` differ only in periods and the spaces around them: the same letters in
/// the same case, with a period in one of them ("St Louis" / "St. Louis", "JJ Abrams" /
/// "J. J. Abrams").
fn periods_only(a: &str, b: &str) -> bool {
    if !a.contains('.') && !b.contains('.') {
        return false;
    }
    let strip = |s: &str| {
        s.chars()
            .filter(|&c| c != '.' && !c.is_whitespace())
            .collect::<String>()
    };
    let (sa, sb) = (strip(a), strip(b));
    // Spaces alone are not a period style ("heart stopper" / "Heartstopper"): the two must be
    // spaced alike once the periods go, apart from spaces between initials.
    sa == sb && long_words(a).eq(long_words(b))
}

/// The words of `s` (split at spaces and periods) longer than one letter and not initials.
fn long_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| w.chars().count() > 1 && !is_initials(w))
}

/// Whether a word is a run of capital initials ("JJ").
fn is_initials(w: &str) -> bool {
    w.chars().count() <= 3 && w.chars().all(char::is_uppercase)
}

fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

fn is_all_lower(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// Picks non-overlapping proposals, best-supported and longer first; returns the fixes.
// (Out of line: the profiles by phase name it.)
#[inline(never)]
fn resolve<'m>(text: &str, mut props: Vec<Proposal>, m: &'m Matcher) -> Vec<Correction<'m>> {
    // The order of a stable sort by priority, length and start, with the proposals' indices
    // breaking ties: small keys are sorted, not the proposals. While offsets fit in 32 bits,
    // each key is one integer in that order (it compares faster than a tuple with a float).
    let order: Vec<u32> = if text.len() <= u32::MAX as usize {
        let mut keys: Vec<u128> = props
            .iter()
            .enumerate()
            .map(|(k, p)| {
                // `f32::total_cmp`'s order as an unsigned integer's, highest first.
                let bits = p.priority.to_bits();
                let priority = if bits >> 31 == 1 {
                    !bits
                } else {
                    bits | 1 << 31
                };
                let len = (p.end - p.start) as u32;
                u128::from(!priority) << 96
                    | u128::from(!len) << 64
                    | u128::from(p.start as u32) << 32
                    | u128::from(k as u32)
            })
            .collect();
        keys.sort_unstable();
        keys.iter().map(|&key| key as u32).collect()
    } else {
        let mut keys: Vec<(f32, usize, usize, u32)> = props
            .iter()
            .enumerate()
            .map(|(k, p)| (p.priority, p.end - p.start, p.start, k as u32))
            .collect();
        keys.sort_unstable_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        keys.iter().map(|key| key.3).collect()
    };
    // The bytes taken so far, one bit each: a span overlaps the spans taken before it exactly
    // when one of its bytes is taken. (An empty span takes no byte, but the spans were kept by
    // start, where an empty one overlaps a span around it and replaces one starting where it
    // does: with any empty span, that is done as before.)
    let by_byte = props.iter().all(|p| p.start < p.end);
    let mut bits: Vec<u64> = vec![0; if by_byte { text.len().div_ceil(64) } else { 0 }];
    // Spans taken so far, disjoint, by start: a new span overlaps one of them exactly when it
    // overlaps the last one starting before its end (that one ends latest).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for k in order {
        let p = &mut props[k as usize];
        let overlaps = if by_byte {
            let mut any = false;
            for_bit_words(p.start, p.end, |w, mask| any |= bits[w] & mask != 0);
            any
        } else {
            taken
                .range(..p.end)
                .next_back()
                .is_some_and(|(_, &end)| end > p.start)
        };
        if overlaps {
            continue;
        }
        if by_byte {
            for_bit_words(p.start, p.end, |w, mask| bits[w] |= mask);
        } else {
            taken.insert(p.start, p.end);
        }
        if let Some((replacement, id, score, kind)) = p.fix.take() {
            let entity = m.lexicon().entity(id);
            out.push(Correction {
                start: p.start,
                end: p.end,
                original: text[p.start..p.end].to_string(),
                replacement,
                entity,
                entity_id: id,
                score,
                kind,
            });
        }
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Calls `f` with each 64-bit word of a bit set that bits `start..end` (`start < end`) fall
/// in, and the mask of those bits in it.
#[inline]
fn for_bit_words(start: usize, end: usize, mut f: impl FnMut(usize, u64)) {
    let (first, last) = (start / 64, (end - 1) / 64);
    for w in first..=last {
        let lo = if w == first { start % 64 } else { 0 };
        let hi = if w == last { (end - 1) % 64 } else { 63 };
        // Bits lo..=hi.
        f(w, (!0u64 >> (63 - hi)) & (!0u64 << lo));
    }
}

/// Applies corrections to `text`: each span is replaced by its replacement, every other byte
/// is kept. Corrections must be sorted and non-overlapping, as [`Matcher::check`] returns
/// them; any that overlaps an earlier one, or is out of bounds or off a char boundary, is
/// skipped.
///
/// ```
/// use namefix::{apply, Lexicon, Matcher};
/// let m = Matcher::new(Lexicon::from_tsv("p:1\tOlivia Colman\t\tperson\n").unwrap());
/// let text = "Olivia Coleman won.";
/// assert_eq!(apply(text, &m.check(text)), "Olivia Colman won.");
/// ```
pub fn apply(text: &str, corrections: &[Correction<'_>]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for c in corrections {
        if c.start < pos
            || c.end > text.len()
            || c.start > c.end
            || !text.is_char_boundary(c.start)
            || !text.is_char_boundary(c.end)
        {
            continue;
        }
        out.push_str(&text[pos..c.start]);
        out.push_str(&c.replacement);
        pos = c.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_whose_first_ascii_bytes_differ_differ() {
        // `exact_probes` passes over a name whose first byte is ASCII and differs from the
        // text's: `same_surface` is false there.
        let forms = [
            "'",
            "\u{2019}",
            "''",
            "'a",
            "a'",
            "a",
            "A",
            "Rus",
            "Rus'",
            "Rus\u{2019}",
            "\u{2019}Rus",
            "\"x\"",
            "\u{201C}x\u{201D}",
            "-x",
            "\u{2010}x",
            "x-y",
            "x\u{2011}y",
            "\u{2018}",
            "\u{02BC}",
            "b",
            "",
        ];
        let mut equal = 0;
        for a in forms {
            for b in forms {
                let (x, y) = (a.as_bytes().first(), b.as_bytes().first());
                if let (Some(&x), Some(&y)) = (x, y) {
                    if x != y && x.is_ascii() && y.is_ascii() {
                        assert!(!same_surface(a, b), "{a:?} {b:?}");
                    }
                }
                equal += usize::from(same_surface(a, b) && a != b);
            }
        }
        // (Styles do meet: "Rus" and "Rus'", the quotes.)
        assert!(equal >= 6, "{equal}");
    }

    /// Overlap resolution by taken bytes keeps the proposals that resolution by taken spans
    /// (as it was written before) keeps: random spans, priorities with ties, empty spans.
    #[test]
    fn resolve_by_bytes_keeps_what_spans_kept() {
        let m =
            Matcher::new(crate::Lexicon::from_tsv("p:1\tAlice Oseman\t\tperson\t10\n").unwrap());
        let text = "x".repeat(300);
        // The proposals kept, in order, by the spans taken so far as a map by start.
        let by_spans = |props: &[Proposal]| {
            let mut order: Vec<usize> = (0..props.len()).collect();
            order.sort_by(|&a, &b| {
                let (p, q) = (&props[a], &props[b]);
                q.priority
                    .total_cmp(&p.priority)
                    .then((q.end - q.start).cmp(&(p.end - p.start)))
                    .then(p.start.cmp(&q.start))
            });
            let mut taken = std::collections::BTreeMap::new();
            let mut kept = Vec::new();
            for k in order {
                let p = &props[k];
                if taken
                    .range(..p.end)
                    .next_back()
                    .is_some_and(|(_, &end)| end > p.start)
                {
                    continue;
                }
                taken.insert(p.start, p.end);
                if let Some((replacement, ..)) = &p.fix {
                    kept.push((p.start, p.end, replacement.clone()));
                }
            }
            kept.sort_by_key(|c| c.0);
            kept
        };
        let mut next = crate::xorshift(0x5EED_0F5C_A9B1);
        for round in 0..2000 {
            let n = 1 + (next() % 40) as usize;
            let props: Vec<Proposal> = (0..n)
                .map(|k| {
                    let start = (next() % 290) as usize;
                    // (Some rounds have empty spans.)
                    let len = (next() % 9) as usize + usize::from(round % 5 != 0);
                    Proposal {
                        start,
                        end: start + len,
                        priority: [0.5, 0.9, 1.0, -0.0, 0.0][(next() % 5) as usize],
                        fix: (next() % 3 != 0)
                            .then(|| (format!("{k}"), EntityId(0), 0.9, MatchKind::Fuzzy)),
                    }
                })
                .collect();
            let want = by_spans(&props);
            let got: Vec<(usize, usize, String)> = resolve(&text, props, &m)
                .into_iter()
                .map(|c| (c.start, c.end, c.replacement))
                .collect();
            assert_eq!(got, want, "round {round}");
        }
    }

    /// The pre-score's filter on the words other than the anchor changes how much is read,
    /// never an answer: windows of a name word (as written and misspelt) among other words,
    /// against each group of its placements, with and without the anchor's place.
    #[cfg(feature = "bundled")]
    #[test]
    fn words_that_count() {
        for w in ["many", "two", "both", "37"] {
            assert!(counts(w), "{w}");
        }
        for w in ["the", "a", "one", "", "3d"] {
            assert!(!counts(w), "{w}");
        }
    }

    /// The refusal account names the rule that refused a fix, and collecting it changes no
    /// answer.
    #[cfg(feature = "bundled")]
    #[test]
    fn refusals_name_their_rule() {
        let m = Matcher::bundled();
        // Cased: the plural slip is fixed; in a transcript the plural is left (it may be a
        // possessive without its apostrophe) by the rule on other forms of a word.
        let cased = "The young couple live in Pasadenas.";
        assert_eq!(m.check(cased).len(), 1);
        let lower = "the young couple live in pasadenas";
        assert!(m.check(lower).is_empty());
        let refusals = m.__scan_refusals(lower);
        assert!(
            refusals.iter().any(|(s, e, name, rule)| {
                &lower[*s..*e] == "pasadenas"
                    && name == "Pasadena"
                    && *rule == "inflection-or-derivation"
            }),
            "{refusals:?}"
        );
        assert_eq!(m.check(lower), Vec::new());
        assert_eq!(m.check(cased).len(), 1);
    }

    /// The windows refused whatever their lookup finds are not tried (the split windows of a
    /// word English writes or of a known name, splits whose name part is no token, real
    /// words no name sounds like), and an exact window's fix of a common word is decided once
    /// per word as written: the answers are those of the check that does neither (while
    /// refusals are collected).
    #[cfg(feature = "bundled")]
    #[test]
    fn untried_windows_change_no_answer() {
        let m = Matcher::bundled();
        let text = "Later Johnny Deppand his wife walked in the Valleyand spoke of \
                    Petrarchan sonnets, overthe hillside, with thecarpenter and Manningwhen \
                    the Beatlesare played; Kit Connorand Olivia Colemanwho met in Pasadenas. \
                    Keanu Reefs and Ralph Fines saw Jared Allens in City of Angel, then \
                    Michael Jordans, Olivia Coleman, Brian Johnson and Bay Company at the \
                    Grand Hotel with John Brown, New York Times and Sara Lancashire. \
                    It was up to us to see it; up the hill, it went, and we saw her go up. \
                    Up, it, her and us: they read It and Up in the pasadena papers.";
        let fast = m.check(text);
        COLLECTING_REFUSALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let full = m.check(text);
        COLLECTING_REFUSALS.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        assert!(!full.is_empty());
        assert_eq!(fast, full);
    }

    #[test]
    fn prescore_filter_changes_no_answer() {
        let m = Matcher::bundled();
        // (The check builds the tables the filter reads.)
        m.check("Warm up.");
        let ix = m.index();
        let others = [
            "the", "of", "mr", "new", "york", "tom", "hanks", "alice", "oseman", "kit", "conor",
            "olivia", "coleman", "jon", "harris", "smith", "city", "a", "st", "louis",
        ];
        let mut scratch = crate::matcher::PrescoreScratch::default();
        let (mut windows, mut passed) = (0, 0);
        for (anchor, written) in [
            ("john", "john"),
            ("john", "jhon"),
            ("smith", "smiht"),
            ("oseman", "osseman"),
            ("hanks", "hanks"),
            ("york", "york"),
            ("harris", "haris"),
            ("louis", "lewis"),
        ] {
            let Some(t) = ix.token(anchor.as_bytes()) else {
                continue;
            };
            let mut places = Places::default();
            let found = places.add(ix, [t]);
            places.for_each(found, |before, after, group| {
                for (i, x) in others.iter().enumerate() {
                    for y in others.iter().skip(i % 4).step_by(4) {
                        let words: Vec<&str> = (0..=before + after)
                            .map(|k| match k {
                                k if k == before => written,
                                k if k % 2 == 0 => x,
                                _ => y,
                            })
                            .collect();
                        for threshold in [0.5, 0.85] {
                            let answer = |anchor| {
                                m.prescore_passes(
                                    words.iter().copied(),
                                    group,
                                    anchor,
                                    threshold,
                                    &mut crate::matcher::PrescoreScratch::default(),
                                )
                            };
                            let with = answer(Some(before));
                            assert_eq!(with, answer(None), "{words:?} {threshold}");
                            // (And the scratch kept from one window to the next.)
                            assert_eq!(
                                with,
                                m.prescore_passes(
                                    words.iter().copied(),
                                    group,
                                    Some(before),
                                    threshold,
                                    &mut scratch,
                                )
                            );
                            windows += 1;
                            passed += usize::from(with);
                        }
                    }
                }
            });
        }
        // (Both answers occur.)
        assert!(
            windows > 1000 && passed > 20 && passed < windows,
            "{windows} {passed}"
        );
    }

    #[test]
    fn short_keys_are_distinct() {
        let words = [
            "", "a", "b", "ab", "ba", "a\0", "\0a", "\0", "abcdefg", "abcdefh", "zzzzzzz",
        ];
        let keys: FxHashSet<u64> = words
            .iter()
            .filter_map(|w| short_key(w, 0, w.len()))
            .collect();
        assert_eq!(keys.len(), words.len());
        assert_eq!(short_key("abcdefgh", 0, 8), None);
        // Read from eight bytes or byte by byte at the end of a text: the same number.
        for w in words {
            let text = format!("{w}tail of text");
            assert_eq!(
                short_key(&text, 0, w.len()),
                short_key(w, 0, w.len()),
                "{w:?}"
            );
            let text = format!("xx{w}");
            assert_eq!(
                short_key(&text, 2, text.len()),
                short_key(w, 0, w.len()),
                "{w:?}"
            );
        }
    }

    #[test]
    fn periods_alone_are_a_style() {
        assert!(periods_only("St Louis", "St. Louis"));
        assert!(periods_only("Mr Bean", "Mr. Bean"));
        assert!(periods_only("JJ Abrams", "J. J. Abrams"));
        assert!(periods_only("JJ Abrams", "J.J. Abrams"));
        assert!(!periods_only("heart stopper", "Heartstopper"));
        assert!(!periods_only("Cormac Hyde Corrin", "Cormac Hyde-Corrin"));
        assert!(!periods_only("st louis", "St. Louis"));
        assert!(!periods_only("StLouis", "St. Louis"));
    }

    #[test]
    fn respacing_never_splits_a_word_of_english() {
        let m = Matcher::bundled();
        let seg = segment("accelerating the cleanup of Laverne and heartstopp", m);
        let words = seg.words();
        let at = |w: &str| words.iter().position(|x| x.folded == w).unwrap();
        let (the, cleanup) = (at("the"), at("cleanup"));
        assert!(splits_a_word(&words[the..=cleanup], "the clean up"));
        assert!(splits_a_word(
            &words[at("laverne")..=at("laverne")],
            "la verne"
        ));
        // Words matched one to one, or a word no text writes, are not split words of English.
        assert!(!splits_a_word(&words[the..=the], "the"));
        let h = at("heartstopp");
        assert!(!splits_a_word(&words[h..=h], "heart stopp"));
    }
}
