//! The main type: a matcher over a lexicon, answering one mention at a time.

use std::fmt;

use crate::index::{Index, TokenHit};
use crate::lexicon::{Entity, EntityId, Kind, Lexicon};
use crate::score::{self, Features, Query};

/// The default acceptance threshold of [`Matcher::lookup`] (see [`MatcherBuilder::threshold`]).
pub const DEFAULT_THRESHOLD: f32 = 0.7;
/// The default margin, in log-odds, below which two different entities are too close to call
/// (0.7 means the best must be about twice as likely as the runner-up).
pub const DEFAULT_AMBIGUITY_MARGIN: f32 = 0.7;

/// How far below the best reading (log-odds) the scanner's lookups keep other readings: a
/// reading the document names elsewhere is preferred within this band (`decide_in_text`).
const DOC_BAND: f32 = 2.0;

/// Most variants pre-scored for one window of running text.
const PRESCORE_MAX: usize = 48;

/// How a mention matched its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[non_exhaustive]
pub enum MatchKind {
    /// The mention is the canonical name, byte for byte.
    Exact,
    /// The mention folds to the canonical name (case, diacritics, punctuation, spacing).
    Normalized,
    /// The mention is (or folds to) one of the entity's aliases.
    Alias,
    /// The mention is a misspelling of a name or alias.
    Fuzzy,
    /// The mention sounds like a name or alias (same phonetic key) but is spelled differently.
    Phonetic,
    /// The mention is part of a name that identifies one entity (a surname alone).
    Partial,
}

impl MatchKind {
    /// Lowercase name of the kind (`exact`, `normalized`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Normalized => "normalized",
            MatchKind::Alias => "alias",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Phonetic => "phonetic",
            MatchKind::Partial => "partial",
        }
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention's match: the entity, a calibrated score and how it matched.
///
/// Small and `Copy`; it borrows the entity from the matcher.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match<'m> {
    entity: &'m Entity,
    entity_id: EntityId,
    score: f32,
    kind: MatchKind,
    matched: u16,
}

impl<'m> Match<'m> {
    /// The matched entity.
    pub fn entity(&self) -> &'m Entity {
        self.entity
    }

    /// The entity's handle in the matcher's lexicon.
    pub fn entity_id(&self) -> EntityId {
        self.entity_id
    }

    /// The entity's string id.
    pub fn id(&self) -> &'m str {
        self.entity.id()
    }

    /// The entity's canonical name.
    pub fn name(&self) -> &'m str {
        self.entity.name()
    }

    /// The entity's kind.
    pub fn kind(&self) -> Kind {
        self.entity.kind()
    }

    /// Calibrated confidence in [0, 1]: roughly the probability that the match is right.
    pub fn score(&self) -> f32 {
        self.score
    }

    /// How the mention matched.
    pub fn match_kind(&self) -> MatchKind {
        self.kind
    }

    /// The name or alias that matched: the canonical name or one of the aliases.
    pub fn matched_name(&self) -> &'m str {
        self.entity.surface(usize::from(self.matched))
    }
}

/// Configures and builds a [`Matcher`].
///
/// ```
/// use namefix::{Entity, Lexicon, MatcherBuilder};
/// let mut lex = Lexicon::builder();
/// lex.push(Entity::new("p:1", "Olivia Colman")).unwrap();
/// let m = MatcherBuilder::new().threshold(0.9).build(lex.build());
/// assert_eq!(m.threshold(), 0.9);
/// ```
#[derive(Clone, Debug)]
pub struct MatcherBuilder {
    threshold: f32,
    margin: f32,
    open_world: bool,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        MatcherBuilder {
            threshold: DEFAULT_THRESHOLD,
            margin: DEFAULT_AMBIGUITY_MARGIN,
            open_world: true,
        }
    }
}

impl MatcherBuilder {
    /// A builder with the default threshold and margin.
    pub fn new() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// The lowest score [`Matcher::lookup`] accepts (default [`DEFAULT_THRESHOLD`]); higher
    /// means fewer, surer answers. Clamped to [0, 1].
    pub fn threshold(&mut self, threshold: f32) -> &mut MatcherBuilder {
        self.threshold = setting(threshold, DEFAULT_THRESHOLD, 1.0);
        self
    }

    /// When the log-odds of the best two different entities' scores differ by less than this
    /// margin, the mention is ambiguous and [`Matcher::lookup`] answers `None` (default
    /// [`DEFAULT_AMBIGUITY_MARGIN`]). Clamped to [0, 20].
    pub fn ambiguity_margin(&mut self, margin: f32) -> &mut MatcherBuilder {
        self.margin = setting(margin, DEFAULT_AMBIGUITY_MARGIN, 20.0);
        self
    }

    /// Whether a mention that is exactly the full name of a real person known to the bundled
    /// data is left alone when this lexicon has no entity of that name, instead of being
    /// corrected into a similar name of this lexicon ("Tom Robbins" the novelist is not a
    /// garbled "Tim Robbins"). The known people are the people of the bundled lexicon and
    /// the bundled list of real people who are not correction targets
    /// (`data/known-people.tsv`: Oscar nominees and authors of lesser fame), 41,352
    /// full names, looked up by their folded key (`data/people-keys.txt`, generated). On by
    /// default; it applies to [`Matcher::lookup`] and to the scanner ([`Matcher::check`]), not
    /// to [`Matcher::candidates`]. Without the `bundled` feature it does nothing. The sorted key
    /// list is read on the first lookup that is not an exact hit (one pass over 0.6 MB).
    ///
    /// ```
    /// use namefix::{Entity, Kind, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:tr", "Tim Robbins").with_kind(Kind::Person)).unwrap();
    /// let lex = lex.build();
    /// let open = Matcher::new(lex.clone());
    /// assert!(open.lookup("Tom Robbins").is_none()); // the novelist, a real person
    /// assert_eq!(open.lookup("Tim Robins").unwrap().name(), "Tim Robbins");
    /// let closed = Matcher::builder().open_world(false).build(lex);
    /// assert_eq!(closed.lookup("Tom Robbins").unwrap().name(), "Tim Robbins");
    /// ```
    pub fn open_world(&mut self, on: bool) -> &mut MatcherBuilder {
        self.open_world = on;
        self
    }

    /// A matcher from saved index bytes ([`Matcher::load`]) with this builder's threshold and
    /// margin instead of the saved ones (they do not change the index).
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman")).unwrap();
    /// let bytes = Matcher::new(lex.build()).save();
    /// let strict = Matcher::builder().threshold(0.95).load(&bytes).unwrap();
    /// assert_eq!(strict.threshold(), 0.95);
    /// ```
    pub fn load(&self, bytes: &[u8]) -> Result<Matcher, crate::Error> {
        Ok(self.configure(Matcher::load(bytes)?))
    }

    /// [`MatcherBuilder::load`] from bytes that live as long as the program, read in place
    /// where they can be ([`Matcher::load_static`]).
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman")).unwrap();
    /// let bytes: &'static [u8] = Vec::leak(Matcher::new(lex.build()).save());
    /// let strict = Matcher::builder().threshold(0.95).load_static(bytes).unwrap();
    /// assert_eq!(strict.threshold(), 0.95);
    /// ```
    pub fn load_static(&self, bytes: &'static [u8]) -> Result<Matcher, crate::Error> {
        Ok(self.configure(Matcher::load_static(bytes)?))
    }

    /// A matcher over the bundled lexicon with this builder's settings: loaded from the
    /// bundled index like [`Matcher::bundled`], but owned.
    ///
    /// ```
    /// let m = namefix::Matcher::builder().threshold(0.9).bundled();
    /// assert_eq!(m.lookup("Olivia Colman").unwrap().id(), namefix::Matcher::bundled().lookup("Olivia Colman").unwrap().id());
    /// ```
    #[cfg(feature = "bundled")]
    pub fn bundled(&self) -> Matcher {
        self.configure(crate::bundled::load())
    }

    fn configure(&self, mut m: Matcher) -> Matcher {
        m.threshold = self.threshold;
        m.margin = self.margin;
        m.open_world = self.open_world;
        m
    }

    /// Builds the matcher (folds every name and builds the index).
    pub fn build(&self, lexicon: Lexicon) -> Matcher {
        let index = Index::build(&lexicon);
        let max_weight = lexicon
            .entities()
            .iter()
            .map(|e| e.weight())
            .fold(0f32, f32::max);
        Matcher {
            weight_sum_ln: weight_sum_ln(&lexicon),
            lexicon,
            index,
            threshold: self.threshold,
            margin: self.margin,
            open_world: self.open_world,
            max_weight_ln: (1.0 + max_weight).ln().max(1e-6),
            key_prefixes: Default::default(),
            bundled_numbers: Default::default(),
        }
    }
}

/// Maps mentions onto a lexicon's entities.
///
/// Immutable once built, `Send + Sync`: share one behind an `Arc` or a `static`.
///
/// ```
/// use namefix::{Entity, Kind, Lexicon, Matcher, MatchKind};
/// let mut lex = Lexicon::builder();
/// lex.push(Entity::new("tv:hs", "Heartstopper").with_kind(Kind::Tv)).unwrap();
/// lex.push(Entity::new("p:oc", "Olivia Colman").with_kind(Kind::Person)).unwrap();
/// lex.push(Entity::new("p:es", "Emma Stone").with_kind(Kind::Person)).unwrap();
/// let m = Matcher::new(lex.build());
///
/// let hit = m.lookup("heart stopper").unwrap();
/// assert_eq!((hit.name(), hit.match_kind()), ("Heartstopper", MatchKind::Normalized));
/// assert_eq!(m.lookup("Olivia Coleman").unwrap().name(), "Olivia Colman");
/// assert!(m.lookup("Emma Roberts").is_none());
/// ```
pub struct Matcher {
    lexicon: Lexicon,
    index: Index,
    threshold: f32,
    margin: f32,
    /// See [`MatcherBuilder::open_world`].
    pub(crate) open_world: bool,
    max_weight_ln: f32,
    /// ln of the sum of the entities' weights ([`Matcher::share_of`]).
    weight_sum_ln: f32,
    /// The running-text scanner's filter of name keys, built on the first check.
    pub(crate) key_prefixes: std::sync::OnceLock<crate::scan::KeyPrefixes>,
    /// Whether the lexicon's first entities are the bundled lexicon's, in its order, so that
    /// the bundled knowledge's entity numbers are this matcher's
    /// (`crate::relations::BundledGraph`): set where the bundled matcher is loaded, found on
    /// first use otherwise (a user's entities added to the bundled lexicon keep its numbers).
    #[cfg_attr(not(feature = "bundled"), allow(dead_code))]
    pub(crate) bundled_numbers: std::sync::OnceLock<bool>,
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matcher")
            .field("entities", &self.lexicon.len())
            .field("variants", &self.index.variant_count())
            .field("threshold", &self.threshold)
            .finish()
    }
}

fn io_error(path: &std::path::Path, e: &std::io::Error) -> crate::Error {
    crate::Error::new(crate::ErrorKind::Io, format!("{}: {e}", path.display()))
}

/// A scored candidate before the decision.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scored {
    variant: u32,
    score: f32,
    kind: MatchKind,
    prior: f32,
}

impl Matcher {
    /// A matcher with the default settings.
    pub fn new(lexicon: Lexicon) -> Matcher {
        MatcherBuilder::new().build(lexicon)
    }

    /// A builder.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::new()
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The acceptance threshold.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Approximate heap bytes held by the lexicon's index (not counting the lexicon itself).
    /// The hash tables are made part by part as lookups and scans need them, and the bigram
    /// postings on first use (a lookup that needs the bigram fallback): each is counted once it
    /// exists, so the figure grows as the matcher is used.
    pub fn index_heap_bytes(&self) -> usize {
        self.index.heap_bytes()
    }

    /// The matcher as bytes in the saved index format (`.nfx`): its lexicon, its settings and
    /// its index, which [`Matcher::load`] reads back without folding or indexing a name, so a
    /// large lexicon starts in milliseconds. DESIGN.md describes the format.
    ///
    /// An index is read only by a namefix with the same format version, and this full form
    /// only on a platform of the same word size (its hash tables are keyed by a hash whose
    /// values depend on it; [`Matcher::save_compact`] loads anywhere); others refuse it with an
    /// [`ErrorKind::Format`] error.
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman")).unwrap();
    /// let bytes = Matcher::new(lex.build()).save();
    /// let m = Matcher::load(&bytes).unwrap();
    /// assert_eq!(m.lookup("Olivia Coleman").unwrap().id(), "p:oc");
    /// ```
    ///
    /// [`ErrorKind::Format`]: crate::ErrorKind::Format
    pub fn save(&self) -> Vec<u8> {
        self.save_as(crate::index::format::Form::Full)
    }

    /// The matcher in the compact form of the saved index format: the lexicon and the folded
    /// names only, LZ4-compressed (about two fifths of [`Matcher::save`]'s size for the
    /// bundled lexicon), from which [`Matcher::load`] derives the postings, IDFs and priors
    /// (slower to load than [`Matcher::save`]'s bytes, still faster than building); either
    /// way the large hash tables are made part by part on first use. The bundled index holds the same sections,
    /// uncompressed.
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman")).unwrap();
    /// let m = Matcher::new(lex.build());
    /// let small = Matcher::load(&m.save_compact()).unwrap();
    /// assert_eq!(small.lookup("Olivia Coleman").unwrap().id(), "p:oc");
    /// ```
    pub fn save_compact(&self) -> Vec<u8> {
        self.save_as(crate::index::format::Form::Compact)
    }

    pub(crate) fn save_as(&self, form: crate::index::format::Form) -> Vec<u8> {
        crate::index::format::save(&self.lexicon, &self.index, self.settings(), form)
    }

    /// Writes [`Matcher::save`]'s bytes to a file.
    pub fn save_to_path(&self, path: impl AsRef<std::path::Path>) -> Result<(), crate::Error> {
        let path = path.as_ref();
        std::fs::write(path, self.save()).map_err(|e| io_error(path, &e))
    }

    /// A matcher from bytes written by [`Matcher::save`]. Bytes that are not a namefix index,
    /// come from another format version, or are truncated or corrupt give an error of kind
    /// [`ErrorKind::Format`] that says which (the bytes are checksummed, and every offset and
    /// id is checked before use); loading never panics.
    ///
    /// ```
    /// use namefix::{ErrorKind, Matcher};
    /// let err = Matcher::load(b"id\tname\n").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Format);
    /// ```
    ///
    /// [`ErrorKind::Format`]: crate::ErrorKind::Format
    pub fn load(bytes: &[u8]) -> Result<Matcher, crate::Error> {
        let (lexicon, index, s) =
            crate::index::format::load(bytes, crate::index::format::Trust::Checked)?;
        Ok(Matcher::from_parts(lexicon, index, s))
    }

    /// [`Matcher::load`] from bytes that live as long as the program (a `static`, or a
    /// buffer leaked by a process that keeps its matcher to the end): the same checks and
    /// errors, but the arrays and strings the matcher keeps are read where they lie in the
    /// bytes instead of copied, where the form allows it (the full form of
    /// [`Matcher::save`]; a compact save is decompressed, so copied, as by
    /// [`Matcher::load`]). A large saved lexicon then starts with fewer copies and less
    /// memory.
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman").with_alias("Olivia Coleman")).unwrap();
    /// let bytes: &'static [u8] = Vec::leak(Matcher::new(lex.build()).save());
    /// let m = Matcher::load_static(bytes).unwrap();
    /// assert_eq!(m.lookup("Olivia Colman").unwrap().id(), "p:oc");
    /// assert!(Matcher::load_static(b"not an index").is_err());
    /// ```
    pub fn load_static(bytes: &'static [u8]) -> Result<Matcher, crate::Error> {
        let (lexicon, index, s) =
            crate::index::format::load_static(bytes, crate::index::format::Trust::Checked)?;
        Ok(Matcher::from_parts(lexicon, index, s))
    }

    /// A matcher from a reader of [`Matcher::save`]'s bytes (read to the end).
    pub fn load_from_reader(mut reader: impl std::io::Read) -> Result<Matcher, crate::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| {
            crate::Error::new(crate::ErrorKind::Io, format!("cannot read the index: {e}"))
        })?;
        Matcher::load(&bytes)
    }

    /// A matcher from a file written by [`Matcher::save_to_path`]; errors name the file.
    pub fn load_from_path(path: impl AsRef<std::path::Path>) -> Result<Matcher, crate::Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
        Matcher::load(&bytes).map_err(|e| {
            crate::Error::new(e.kind(), format!("{}: {}", path.display(), e.message()))
        })
    }

    /// Reads the sections of a decompressed index payload without its header or checksum
    /// (for the loader's fuzz target, to reach the structural checks that must hold even
    /// when a checksum does). Not part of the API.
    #[doc(hidden)]
    pub fn __load_payload(payload: &[u8], full: bool) -> Result<(), crate::Error> {
        crate::index::format::load_payload(payload, full)
    }

    pub(crate) fn settings(&self) -> crate::index::format::Settings {
        crate::index::format::Settings {
            threshold: self.threshold,
            margin: self.margin,
            max_weight_ln: self.max_weight_ln,
        }
    }

    pub(crate) fn from_parts(
        lexicon: Lexicon,
        index: Index,
        s: crate::index::format::Settings,
    ) -> Matcher {
        Matcher {
            weight_sum_ln: weight_sum_ln(&lexicon),
            lexicon,
            index,
            threshold: s.threshold,
            margin: s.margin,
            // Not saved: on by default, as for a built matcher; `MatcherBuilder::load` applies
            // the builder's setting.
            open_world: true,
            max_weight_ln: s.max_weight_ln,
            key_prefixes: Default::default(),
            bundled_numbers: Default::default(),
        }
    }

    /// The entity `mention` most likely means, or `None` when nothing scores at least the
    /// threshold or the best two entities are too close to call.
    pub fn lookup(&self, mention: &str) -> Option<Match<'_>> {
        let q = Query::new(mention, &self.index)?;
        self.decide(mention, &q, false, self.threshold)
    }

    /// Like [`lookup`](Self::lookup), with a cutoff for this call in place of the matcher's
    /// threshold: the best match when it scores at least `cutoff` (clamped to [0, 1]; NaN
    /// means the matcher's threshold) and is not too close to call.
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("p:oc", "Olivia Colman")).unwrap();
    /// let m = Matcher::new(lex.build());
    /// let score = m.lookup("Olivia Coleman").unwrap().score();
    /// assert!(m.lookup_above("Olivia Coleman", score).is_some());
    /// assert!(m.lookup_above("Olivia Coleman", (score + 1.0) / 2.0).is_none());
    /// assert!(m.lookup_above("Olivia Colman", 1.0).is_some());
    /// ```
    pub fn lookup_above(&self, mention: &str, cutoff: f32) -> Option<Match<'_>> {
        let q = Query::new(mention, &self.index)?;
        let cutoff = setting(cutoff, self.threshold, 1.0);
        self.decide(mention, &q, false, cutoff)
    }

    /// The candidates for a mention given as already folded words that the scanner's decision
    /// can read, best first, one per entity (the scanner makes its own decision).
    ///
    /// That decision ([`scan`](crate::scan)'s `decide_in_text`) reads the best candidate and
    /// the first one after it with another key, and the latter only when their log-odds differ
    /// by less than the ambiguity margin. So a candidate that certainly scores at least the
    /// margin (plus [`PRUNE_SLACK`]) below the best so far is left unscored, as
    /// [`score_variants`](Self::score_variants) does for lookups, but against the best alone,
    /// never the threshold: the best is always kept (its bound is at least its score), and so
    /// is the rival when within the margin, and a rival left out is followed only by
    /// candidates further still. The decision, and which entities it asks the document about,
    /// are those of the full list.
    ///
    /// The query is prepared in `query`, whose buffers are reused from one call to the next.
    pub(crate) fn ranked_folded<'a>(
        &self,
        words: impl IntoIterator<Item = &'a str>,
        out: &mut Vec<Scored>,
        query: &mut Query,
    ) {
        out.clear();
        if !query.refill_from_folded_words(words, &self.index) {
            return;
        }
        let q = &*query;
        if self.known_elsewhere(q) {
            return;
        }
        // (No threshold: every score is at least 0, so only the best so far prunes.)
        self.score_candidates(
            "",
            q,
            out,
            false,
            false,
            0.0,
            Some(self.margin.max(DOC_BAND)),
        );
    }

    /// Whether the best calibrated score of folded `words` against the given variants only
    /// reaches `threshold` (the scanner's pre-check before a full lookup). Variants that
    /// cannot pass the scanner's word-by-word rule (same number of words, each within half its
    /// letters) are skipped without scoring; at most [`PRESCORE_MAX`] of the others are scored,
    /// in order.
    ///
    /// `scratch` holds the window's key and words between calls (no allocation per window).
    ///
    /// With `anchor`, the place in the window of the word that found the variants, a
    /// variant whose other words' letters cannot be within half of the window's is passed
    /// over without reading its key or its tokens' text (the same answer, for less work).
    pub(crate) fn prescore_passes<'a>(
        &self,
        words: impl Iterator<Item = &'a str> + Clone,
        variants: &[u32],
        anchor: Option<usize>,
        threshold: f32,
        scratch: &mut PrescoreScratch,
    ) -> bool {
        // Every score is at least 0 (and an equal key scores 1).
        if threshold <= 0.0 {
            return true;
        }
        let certain = 1.0 >= threshold;
        // The filters of the loop below (an equal key, or a key within half the length and,
        // for as many words, each word within half its letters), first without preparing
        // the query: when no variant passes them, the score is 0.
        let ix = &self.index;
        let PrescoreScratch {
            key: qkey,
            words: qwords,
            letters: qletters,
            passed,
            query,
            half,
        } = scratch;
        passed.clear();
        qkey.clear();
        qwords.clear();
        qletters.clear();
        for w in words.clone() {
            // (Cut at spaces as bytes: a space is one byte of UTF-8, and no other
            // character's bytes hold it.)
            for part in w.as_bytes().split(|&b| b == b' ').filter(|p| !p.is_empty()) {
                let from = qkey.len();
                qkey.extend_from_slice(part);
                qwords.push((from, qkey.len()));
                qletters.push(crate::distance::letters(part));
            }
        }
        half.reset(qwords.len());
        let (qkey, qwords, qletters) = (&*qkey, &*qwords, &*qletters);
        let qlen = qkey.len();
        // Each token's letters (built with the key filter by the check, before any
        // pre-score): a word whose letters cannot be within half of the token's is settled
        // without reading the token.
        let tables = self.key_prefixes.get();
        let token_letters = tables.map_or(&[][..], |k| k.token_letters.as_slice());
        // The filters ([`Pre::passes`]), with a necessary condition first that reads neither
        // the tokens' text nor, unless its length is the window's, the key.
        let pre = Pre {
            ix,
            token_letters,
            anchor,
            qkey,
            qletters,
            qwords,
        };
        // Then an upper bound of each score, still without the query: the variants the loop
        // below would score (the first PRESCORE_MAX that pass the filters) are looked at, and
        // when none can reach the threshold, the answer is no. The bound
        // ([`score::ScoreBound`]) takes the key similarity from the keys' letters as
        // multisets and the best case of every other feature.
        let fuzzy =
            qwords.len() <= crate::index::MAX_QUERY_WORDS && qlen <= crate::index::MAX_KEY_BYTES;
        // (The bound needs every IDF finite and not negative; the scanner's key filter,
        // built by the check before any pre-score, records whether they are.)
        let bounded = tables.is_some_and(|k| k.covers_bounded);
        let bound = std::cell::OnceCell::new();
        let reachable = |v: u32| {
            let vkey = ix.var_key(v);
            !bounded
                || vkey == qkey
                || bound
                    .get_or_init(|| {
                        score::ScoreBound::new(qwords.iter().map(|&(from, to)| &qkey[from..to]))
                    })
                    .may_reach(ix, v, threshold)
        };
        // The variants before `scanned` that pass the filters are listed in `passed`, in
        // order, so the loop that scores them does not filter them again.
        let mut scanned = 0;
        if fuzzy {
            let mut reach = false;
            for (k, &v) in variants.iter().enumerate() {
                if !pre.passes(v, half) {
                    continue;
                }
                passed.push(k);
                if reachable(v) {
                    reach = true;
                    scanned = k + 1;
                    break;
                }
                if passed.len() == PRESCORE_MAX {
                    break;
                }
            }
            if !reach {
                return false;
            }
        } else if !variants.iter().any(|&v| pre.passes(v, half)) {
            return false;
        }
        // (In the scratch's query: its buffers are reused.)
        if !query.refill_from_folded_words(words, &self.index) {
            return false;
        }
        let q = &*query;
        if !q.fuzzy {
            return certain && variants.iter().any(|&v| ix.var_key(v) == q.key.as_slice());
        }
        // `q` holds the window's key and words as `qkey` and `qwords` do, so the loop's filters
        // (an equal key, or a key within half the length and each word within half its
        // letters) are `pre`'s.
        debug_assert!(q.key == *qkey && q.words.len() == qwords.len());
        let mut scored = 0;
        let rest = (scanned..variants.len()).filter(|&k| pre.passes(variants[k], half));
        for k in passed.iter().copied().chain(rest) {
            let v = variants[k];
            if ix.var_key(v) == q.key.as_slice() {
                return certain;
            }
            // A variant whose bound is below the threshold counts as scored (its score
            // would be below it too). With the query prepared, the lookups' bounds follow:
            // the keys' letters with the phonetic keys' ([`score::pre_bound`]), then with the
            // word alignment ([`score::bound_of`]), which the features reuse; each is at
            // least the score.
            if reachable(v) {
                let keys = score::key_shares(q, ix, v);
                if score::pre_bound(q, keys) >= threshold {
                    let wp = score::word_part(q, ix, v);
                    if score::bound_of(q, keys, &wp) >= threshold
                        && score::calibrate(&score::features_with(q, ix, v, &wp)) >= threshold
                    {
                        return true;
                    }
                }
            }
            scored += 1;
            if scored == PRESCORE_MAX {
                break;
            }
        }
        false
    }

    pub(crate) fn index(&self) -> &Index {
        &self.index
    }

    /// Popularity prior of an entity in [0, 1] (log weight over the lexicon's largest).
    pub(crate) fn prior_of(&self, entity: u32) -> f32 {
        (1.0 + self.lexicon.entities()[entity as usize].weight()).ln() / self.max_weight_ln
    }

    /// How likely a mention of this lexicon is to be of `entity`, by weight: its share of
    /// the lexicon's total weight, as a log mapped onto [0, 1] (shares of e^-16 and below
    /// give 0, e^-4 and above 1). Unlike [`prior_of`](Self::prior_of) it does not depend on the
    /// scale of the weights, and it is high for every entity of a small lexicon, which
    /// names what its user expects to meet.
    pub(crate) fn share_of(&self, entity: u32) -> f32 {
        let w = self.lexicon.entities()[entity as usize].weight().max(1e-9);
        ((w.ln() - self.weight_sum_ln + 16.0) / 12.0).clamp(0.0, 1.0)
    }

    pub(crate) fn margin(&self) -> f32 {
        self.margin
    }

    /// Whether a folded space-free key is the full name of a real person known to the bundled
    /// data and not a name of this lexicon (the open-world layer, when it is on).
    pub(crate) fn is_known_person_key(&self, key: &[u8]) -> bool {
        #[cfg(feature = "bundled")]
        {
            self.open_world
                && self.index.exact_key(key).next().is_none()
                && crate::bundled::is_known_person_key(key)
        }
        #[cfg(not(feature = "bundled"))]
        {
            let _ = key;
            false
        }
    }

    /// The open-world rule ([`MatcherBuilder::open_world`]): the query is exactly another real
    /// person's full name, and no name of this lexicon has its key.
    fn known_elsewhere(&self, q: &Query) -> bool {
        #[cfg(feature = "bundled")]
        {
            q.words.len() >= 2 && self.is_known_person_key(&q.key)
        }
        #[cfg(not(feature = "bundled"))]
        {
            let _ = (q, self.open_world);
            false
        }
    }

    fn decide(
        &self,
        mention: &str,
        q: &Query,
        exhaustive: bool,
        threshold: f32,
    ) -> Option<Match<'_>> {
        if self.known_elsewhere(q) {
            return None;
        }
        let mut scored = Vec::new();
        // Only the best entity and those within the margin of it decide: the others need not
        // be scored in full.
        self.score_candidates(
            mention,
            q,
            &mut scored,
            exhaustive,
            true,
            threshold,
            Some(self.margin),
        );
        let best = *scored.first()?;
        if best.score < threshold {
            return None;
        }
        let best_entity = self.index.variants[best.variant as usize].entity;
        let best_key = self.canonical_key(best.variant);
        for s in scored.iter().skip(1) {
            if logit(best.score) - logit(s.score) >= self.margin {
                break;
            }
            let e = self.index.variants[s.variant as usize].entity;
            if e != best_entity && self.canonical_key(s.variant) != best_key {
                // Two different names are about as likely: ambiguous, unless popularity
                // settles it clearly.
                if !popularity_settles(best.prior, s.prior) {
                    return None;
                }
            }
        }
        Some(self.to_match(best))
    }

    /// Up to `k` candidate entities for `mention`, best first, each entity once, whatever
    /// their score (the threshold does not apply).
    ///
    /// ```
    /// use namefix::{Entity, Lexicon, Matcher};
    /// let mut lex = Lexicon::builder();
    /// lex.push(Entity::new("a", "Chris Hemsworth")).unwrap();
    /// lex.push(Entity::new("b", "Liam Hemsworth")).unwrap();
    /// let m = Matcher::new(lex.build());
    /// let c = m.candidates("Liam Hemsword", 5);
    /// assert_eq!(c[0].name(), "Liam Hemsworth");
    /// assert!(c[0].score() > c[1].score());
    /// ```
    pub fn candidates(&self, mention: &str, k: usize) -> Vec<Match<'_>> {
        let Some(q) = Query::new(mention, &self.index) else {
            return Vec::new();
        };
        let mut scored = Vec::new();
        self.score_candidates(mention, &q, &mut scored, false, true, self.threshold, None);
        scored
            .into_iter()
            .take(k)
            .map(|s| self.to_match(s))
            .collect()
    }

    /// The best match found by scoring every name in the lexicon with the same scorer,
    /// without the index. Slow (linear in the lexicon); it exists to test the index against
    /// and to measure what the index saves. Same decision rules as [`lookup`](Self::lookup).
    pub fn lookup_exhaustive(&self, mention: &str) -> Option<Match<'_>> {
        let q = Query::new(mention, &self.index)?;
        self.decide(mention, &q, true, self.threshold)
    }

    fn canonical_key(&self, v: u32) -> &[u8] {
        // The canonical variant of the entity is the first variant with its entity id: find it
        // by walking back (variants of one entity are contiguous, canonical first).
        let e = self.index.variants[v as usize].entity;
        let mut i = v as usize;
        while i > 0 && self.index.variants[i - 1].entity == e {
            i -= 1;
        }
        self.index.var_key(i as u32)
    }

    pub(crate) fn to_match(&self, s: Scored) -> Match<'_> {
        let var = self.index.variants[s.variant as usize];
        Match {
            entity: &self.lexicon.entities()[var.entity as usize],
            entity_id: EntityId(var.entity),
            score: s.score,
            kind: s.kind,
            matched: var.slot,
        }
    }

    fn prior(&self, v: u32) -> f32 {
        self.index.var_prior(v)
    }

    /// Scores candidates into `out`, sorted best first, one entry per entity. With a `margin`,
    /// fuzzy candidates that certainly score at least `margin` (plus [`PRUNE_SLACK`]) below the
    /// best or below the threshold, in log-odds, are left out ([`Self::decide`] never looks at
    /// them); without one, every candidate is scored (`candidates`, `--top`, the scanner).
    #[allow(clippy::too_many_arguments)]
    fn score_candidates(
        &self,
        mention: &str,
        q: &Query,
        out: &mut Vec<Scored>,
        exhaustive: bool,
        bigrams: bool,
        threshold: f32,
        margin: Option<f32>,
    ) {
        out.clear();
        let ix = &self.index;
        // 1. Exact space-free key.
        for v in ix.exact_key(&q.key) {
            let var = ix.variants[v as usize];
            let ent = &self.lexicon.entities()[var.entity as usize];
            let name = if var.slot == 0 {
                ent.name()
            } else {
                ent.aliases().nth(var.slot as usize - 1).unwrap_or("")
            };
            let kind = if var.slot != 0 {
                MatchKind::Alias
            } else if name == mention.trim() {
                MatchKind::Exact
            } else {
                MatchKind::Normalized
            };
            // A folded-equal name is certain up to the fold; aliases slightly less. Among
            // names that fold alike ("Barclays", "Barclay's"), the one closest to the
            // mention as written wins.
            let base = if var.slot == 0 { 1.0 } else { 0.99 };
            let score = if kind == MatchKind::Exact {
                base
            } else {
                base - 0.001 * (1.0 - surface_similarity(mention, name))
            };
            out.push(Scored {
                variant: v,
                score,
                kind,
                prior: self.prior(v),
            });
        }
        // The same key once numbers are written in digits and words abbreviated ("Rocky 2" for
        // "Rocky II", "q three" for "Q3", "Mount Everest" for "Mt. Everest"): as certain as a
        // fold, a little less than a key written alike.
        if out.is_empty() && !q.canon().key.is_empty() {
            let canon = q.canon();
            let mut vs = Vec::new();
            if canon.rewritten {
                vs.extend(ix.exact_key(&canon.key));
            }
            ix.canonical_key_variants(&canon.key, &mut vs);
            for v in vs {
                let slot = ix.variants[v as usize].slot;
                out.push(Scored {
                    variant: v,
                    score: if slot == 0 { 0.99 } else { 0.98 },
                    kind: if slot == 0 {
                        MatchKind::Normalized
                    } else {
                        MatchKind::Alias
                    },
                    prior: self.prior(v),
                });
            }
        }
        if !out.is_empty() || !q.fuzzy {
            self.finish(out);
            return;
        }
        // 2. Candidate variants, from the index or (exhaustive) all of them.
        let mut cands = Vec::new();
        let mut unplaced = false;
        // The first word's token hits (for a misspelt surname alone).
        let mut word0: Vec<TokenHit> = Vec::new();
        if exhaustive {
            cands.extend(0..ix.variant_count() as u32);
        } else {
            let (hits, lost) = self.word_hits(q);
            unplaced = lost;
            ix.gather(&hits, &mut cands);
            word0 = hits.into_iter().next().map(|(_, h)| h).unwrap_or_default();
        }
        self.score_variants(q, &cands, out, margin, threshold);
        // Nothing convincing from the words: look for keys sharing many bigrams (one word, or
        // up to three words none of which reached a name; not for phrases of ordinary words,
        // nor in running text).
        if !exhaustive
            && bigrams
            && (q.words.len() == 1 || (q.words.len() <= 3 && (cands.is_empty() || unplaced)))
            && !q.common_phrase()
            && out.iter().all(|s| s.score < threshold)
        {
            let mut more = Vec::new();
            ix.gather_bigrams(&q.key, &mut more);
            more.retain(|v| !cands.contains(v));
            self.score_variants(q, &more, out, margin, threshold);
        }
        // 3. A surname alone.
        if q.words.len() == 1 {
            if exhaustive {
                // The same hits as an indexed lookup, so that both find the same surname.
                word0 = self
                    .word_hits(q)
                    .0
                    .into_iter()
                    .next()
                    .map(|(_, h)| h)
                    .unwrap_or_default();
            }
            if let Some(s) = self.surname(q, &word0) {
                out.push(s);
            }
        }
        self.finish(out);
    }

    /// Scores `cands` into `out`. With a `margin`, a candidate whose score certainly falls at
    /// least `margin` plus [`PRUNE_SLACK`] below the best score in `out`, or below `threshold`
    /// (in log-odds), is left out: [`Self::decide`] answers nothing when the best is below the
    /// threshold, else stops at the first entity that far below the best, and every entity
    /// after it is further still. The bound is taken in two steps: from the keys' letters
    /// alone with both covers at their most ([`score::pre_bound`]), which rules most candidates
    /// out before their word alignment is made, then with the word alignment
    /// ([`score::bound_of`]), which the full features then reuse.
    fn score_variants(
        &self,
        q: &Query,
        cands: &[u32],
        out: &mut Vec<Scored>,
        margin: Option<f32>,
        threshold: f32,
    ) {
        let ix = &self.index;
        // Every candidate's records first, so that their cache misses overlap.
        std::hint::black_box(cands.iter().fold(0, |x, &v| x ^ ix.touch(v)));
        let Some(margin) = margin else {
            for &v in cands {
                let f = score::features(q, ix, v);
                self.push_scored(out, v, &f);
            }
            return;
        };
        // The best score so far, or the threshold when that is higher.
        let mut floor = out.iter().map(|s| s.score).fold(threshold, f32::max);
        for &v in cands {
            // The key bounds first: when even covers of 1 cannot bring the candidate within
            // reach, its word alignment is not needed (the test below would fail too: its
            // bound is at most this one, and the extra slack covers the rounding of `logit`).
            let keys = score::key_shares(q, ix, v);
            if logit(floor) - logit(score::pre_bound(q, keys)) >= margin + PRUNE_SLACK + PRE_SLACK {
                continue;
            }
            let wp = score::word_part(q, ix, v);
            if logit(floor) - logit(score::bound_of(q, keys, &wp)) >= margin + PRUNE_SLACK {
                continue;
            }
            let f = score::features_with(q, ix, v, &wp);
            let score = self.push_scored(out, v, &f);
            floor = floor.max(score);
        }
    }

    /// Appends variant `v` with features `f` to `out`; its score.
    fn push_scored(&self, out: &mut Vec<Scored>, v: u32, f: &Features) -> f32 {
        let (score, kind) = self.judge(f);
        out.push(Scored {
            variant: v,
            score,
            kind,
            prior: self.prior(v),
        });
        score
    }

    fn judge(&self, f: &Features) -> (f32, MatchKind) {
        let score = score::calibrate(f);
        let kind = if f.phonetic >= 1.0 && f.chars < 1.0 {
            MatchKind::Phonetic
        } else if f.name_cover < 0.999 && f.query_cover >= 0.999 {
            MatchKind::Partial
        } else {
            MatchKind::Fuzzy
        };
        (score, kind)
    }

    fn surname(&self, q: &Query, hits: &[TokenHit]) -> Option<Scored> {
        let (t, misspelt) = match self.index.token(q.word(0)) {
            Some(t) => (t, false),
            None => (self.misspelt_surname(q, hits)?, true),
        };
        let s = self.index.surnames(&self.lexicon).get(&t)?;
        // A surname identifies a person when it is theirs alone, or when they are far more
        // prominent than anyone else of that name.
        let score = if s.count == 1 {
            0.8
        } else if s.best_weight >= 8.0 * s.second_weight.max(0.5) {
            0.7
        } else {
            0.3
        };
        // A surname that is also common in other names is weaker evidence.
        let df = self.index.postings_of(t).len() as u32;
        let score = if df > 3 * s.count + 2 {
            score * 0.6
        } else {
            score
        };
        // A misspelt surname is a little less certain: only one that is the person's alone
        // still passes the default threshold.
        let score = if misspelt { score * 0.95 } else { score };
        Some(Scored {
            variant: s.best_variant,
            score,
            kind: MatchKind::Partial,
            prior: self.prior(s.best_variant),
        })
    }

    /// The surname a misspelt one-word query stands for ("Kubrik" for Kubrick), among the
    /// tokens its word reached (`hits`): the word is neither a lexicon word nor English, and a
    /// surname token is one edit away, with the same first letter and the same sound. Of
    /// several, the one whose most prominent person is far more prominent than the others'
    /// ("Kubrick", not "Kubik"), else none.
    fn misspelt_surname(&self, q: &Query, hits: &[TokenHit]) -> Option<u32> {
        let ix = &self.index;
        let w = q.word(0);
        if w.len() < 5 || crate::words::zipf(std::str::from_utf8(w).ok()?) > 0.0 {
            return None;
        }
        // (weight of the surname's most prominent person, token)
        let mut close: Vec<(f32, u32)> = Vec::new();
        for h in hits {
            let Some(s) = ix.surnames(&self.lexicon).get(&h.token) else {
                continue;
            };
            if close.iter().any(|c| c.1 == h.token) {
                continue;
            }
            let text = ix.tok_text.get(h.token);
            if text.first() == w.first()
                && ix.tok_phon.get(h.token) == q.word_phon(0)
                && crate::distance::osa(w, text) <= 1
            {
                close.push((s.best_weight, h.token));
            }
        }
        close.sort_by(|a, b| b.0.total_cmp(&a.0));
        match close.as_slice() {
            [only] => Some(only.1),
            [best, next, ..] if best.0 >= 8.0 * next.0.max(0.5) => Some(best.1),
            _ => None,
        }
    }

    /// The most IDF a token reached from `word` may weigh (see [`Self::word_hits`]).
    fn idf_cap(&self, word: &[u8]) -> f32 {
        let ix = &self.index;
        ix.token(word)
            .map_or(ix.unknown_idf, |t| ix.tok_idf[t as usize])
    }

    /// Token hits for each query word, merged adjacent words and split words.
    ///
    /// Each list comes with the most IDF its hits may weigh: the query word's own IDF when it
    /// is a lexicon word (a rare near neighbour of a common word is weaker evidence than that
    /// word), else the unknown-word IDF. The flag says whether some content word of at least
    /// [`UNPLACED_MIN_WORD`] bytes that is not English reached no token at all, alone or merged
    /// with a neighbour ("rawlibs" in "Lachlan Rawlibs": two edits in one word), so that only a
    /// search on the whole key can place it.
    fn word_hits(&self, q: &Query) -> (Vec<(f32, Vec<TokenHit>)>, bool) {
        let ix = &self.index;
        let n = q.words.len();
        let mut lists = Vec::with_capacity(n * 2);
        let mut placed = [false; crate::index::MAX_QUERY_WORDS];
        let mut phon = String::new();
        let mut merged = Vec::new();
        for i in 0..n {
            // (Room for a word's usual hits, so that the list does not grow step by step.)
            let mut hits = Vec::with_capacity(2 * crate::index::MAX_WORD_HITS);
            ix.token_hits(q.word(i), q.word_phon(i), true, &mut hits);
            // Split: the word is two lexicon tokens run together.
            let w = q.word(i);
            if w.len() >= 5 && w.len() <= 32 {
                std::hint::black_box(
                    ix.touch_tokens((2..w.len() - 1).flat_map(|cut| [&w[..cut], &w[cut..]])),
                );
                for cut in 2..w.len() - 1 {
                    let Some(a) = ix.token(&w[..cut]) else {
                        continue;
                    };
                    if let Some(b) = ix.token(&w[cut..]) {
                        hits.push(TokenHit {
                            token: a,
                            sim: 0.95,
                        });
                        hits.push(TokenHit {
                            token: b,
                            sim: 0.95,
                        });
                    }
                }
            }
            // A number reaches the tokens that write it otherwise ("nineteen": "19", "xix"), an
            // abbreviated word its full form and the other way round ("mt": "mount").
            let mut other_form = |f: &[u8]| {
                if let Some(t) = ix.token(f) {
                    hits.push(TokenHit { token: t, sim: 1.0 });
                }
            };
            if let Some(value) = crate::normalize::number_value(w) {
                crate::normalize::number_forms(value, &mut other_form);
            }
            crate::normalize::abbreviation_forms(w, &mut other_form);
            keep_best_hits(&mut hits);
            if let Some(p) = placed.get_mut(i) {
                *p |= !hits.is_empty();
            }
            // The word's own IDF, already found when the query was folded.
            lists.push((q.word_idf[i], hits));
            // Merge: this word and the next are one lexicon token split in two.
            if i + 1 < n {
                merged.clear();
                merged.extend_from_slice(q.word(i));
                merged.extend_from_slice(q.word(i + 1));
                phon.clear();
                crate::normalize::phonetic_into(
                    std::str::from_utf8(&merged).unwrap_or(""),
                    &mut phon,
                );
                let mut mh = Vec::new();
                ix.token_hits(&merged, phon.as_bytes(), true, &mut mh);
                keep_best_hits(&mut mh);
                if !mh.is_empty() {
                    for p in placed.iter_mut().skip(i).take(2) {
                        *p = true;
                    }
                    lists.push((self.idf_cap(&merged), mh));
                }
            }
        }
        // A word of English ("unrelated") is written as meant, not two edits off a name.
        let unplaced = (0..n).any(|i| {
            !placed.get(i).copied().unwrap_or(true)
                && !q.word_stop[i]
                && q.word(i).len() >= UNPLACED_MIN_WORD
                && std::str::from_utf8(q.word(i)).is_ok_and(|w| crate::words::zipf(w) == 0.0)
        });
        (lists, unplaced)
    }

    /// Sorts best first (ties: more popular, then lower variant id) and keeps each entity once.
    fn finish(&self, out: &mut Vec<Scored>) {
        out.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.prior.total_cmp(&a.prior))
                .then(a.variant.cmp(&b.variant))
        });
        if out.len() <= 64 {
            // Few candidates (every lookup): a linear scan of the entities kept so far beats
            // hashing.
            let mut seen: Vec<u32> = Vec::with_capacity(out.len());
            out.retain(|s| {
                let e = self.index.variants[s.variant as usize].entity;
                let new = !seen.contains(&e);
                if new {
                    seen.push(e);
                }
                new
            });
        } else {
            let mut seen = rustc_hash::FxHashSet::default();
            out.retain(|s| seen.insert(self.index.variants[s.variant as usize].entity));
        }
    }

    /// Features of the best-scoring variant for calibration tooling: the candidate list with
    /// each variant's feature row and whether its entity id equals `gold`.
    #[doc(hidden)]
    pub fn __calibration_rows(&self, mention: &str, gold: &str) -> Vec<([f32; 6], bool, bool)> {
        let Some(q) = Query::new(mention, &self.index) else {
            return Vec::new();
        };
        let ix = &self.index;
        if !q.fuzzy || ix.exact_key(&q.key).next().is_some() {
            return Vec::new();
        }
        let (hits, _) = self.word_hits(&q);
        let mut cands = Vec::new();
        ix.gather(&hits, &mut cands);
        let mut more = Vec::new();
        ix.gather_bigrams(&q.key, &mut more);
        more.retain(|v| !cands.contains(v));
        cands.extend(more);
        cands
            .iter()
            .map(|&v| {
                let f = score::features(&q, ix, v);
                let e = &self.lexicon.entities()[ix.variants[v as usize].entity as usize];
                (score::feature_row(&f), e.id() == gold, f.all_words_exact)
            })
            .collect()
    }
}

/// Whether popularity settles a near tie between two different names clearly: the best one's
/// prior ([`Matcher::prior_of`]) is at least 0.25 above the other's. Lookups and the scanner
/// decide ties the same way.
pub(crate) fn popularity_settles(best_prior: f32, other_prior: f32) -> bool {
    best_prior >= other_prior + 0.25
}

/// Log-odds added to the ambiguity margin before a candidate is left unscored (see
/// `Matcher::score_variants`): it covers the rounding of the f32 logits `decide` compares.
const PRUNE_SLACK: f32 = 0.01;

/// Log-odds added to [`PRUNE_SLACK`] when a candidate is left unscored on its key bounds alone
/// (`score::pre_bound`, before its word alignment): that bound is at least the full one, and
/// this covers any rounding step of `ln` in [`logit`] (a few units in the last place), so
/// that whatever the pre-test leaves out, the full bound would have left out too.
const PRE_SLACK: f32 = 1e-3;

/// Shortest query word whose lack of any token hit sends a multi-word query to the bigram
/// fallback.
const UNPLACED_MIN_WORD: usize = 5;

/// Keeps the [`crate::index::MAX_WORD_HITS`] closest tokens a query word reached (ties: lower
/// token id): a word's sound-alikes can number dozens, and the weakest of them only dilute the
/// candidates.
fn keep_best_hits(hits: &mut Vec<TokenHit>) {
    let cap = crate::index::MAX_WORD_HITS;
    if hits.len() > cap {
        hits.select_nth_unstable_by(cap, |a, b| {
            b.sim.total_cmp(&a.sim).then(a.token.cmp(&b.token))
        });
        hits.truncate(cap);
    }
}

/// Case-insensitive similarity of two strings as written (before folding).
fn surface_similarity(a: &str, b: &str) -> f32 {
    let a = a.trim().to_lowercase();
    let b = b.trim().to_lowercase();
    crate::distance::osa_sim(a.as_bytes(), b.as_bytes())
}

/// A numeric setting: NaN means the default, anything else is clamped to [0, max].
pub(crate) fn setting(value: f32, default: f32, max: f32) -> f32 {
    if value.is_nan() {
        default
    } else {
        value.clamp(0.0, max)
    }
}

/// Log-odds of a score, finite at 0 and 1.
pub(crate) fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// ln of the sum of a lexicon's weights (at least ln 1).
fn weight_sum_ln(lexicon: &Lexicon) -> f32 {
    let sum: f64 = lexicon
        .entities()
        .iter()
        .map(|e| f64::from(e.weight().max(0.0)))
        .sum();
    (sum.max(1.0).ln()) as f32
}

/// The buffers [`Matcher::prescore_passes`] reuses from one window to the next: the window's
/// key (its words back to back) and each word's range in it.
#[derive(Default)]
pub(crate) struct PrescoreScratch {
    key: Vec<u8>,
    words: Vec<(usize, usize)>,
    /// [`distance::letters`](crate::distance::letters) of each of `words`.
    letters: Vec<u64>,
    /// Where the variants that passed the filters are, in the order met.
    passed: Vec<usize>,
    /// The window's query, when it is prepared.
    query: Query,
    /// The window's words prepared for the word test, each when first needed.
    half: HalfWords,
}

/// The window's words prepared for [`sim_at_least_half`](crate::distance::sim_at_least_half)
/// against many tokens, each built the first time a token reaches the word test (most
/// windows' variants are settled before it).
#[derive(Default)]
struct HalfWords {
    /// One per word of the window (the first 64).
    words: Vec<crate::distance::HalfWord>,
    /// Bit `i`: `words[i]` is the window's word `i`, prepared.
    built: u64,
    /// Bit `i`: the window's word `i` has no pattern (longer than 64 bytes).
    plain: u64,
}

impl HalfWords {
    /// Forgets the words of the window before (`n` words now).
    fn reset(&mut self, n: usize) {
        self.built = 0;
        self.plain = 0;
        let n = n.min(64);
        if self.words.len() < n {
            self.words.resize(n, crate::distance::HalfWord::empty());
        }
    }

    /// [`sim_at_least_half`](crate::distance::sim_at_least_half)`(qw, tt)`, where `qw` is the
    /// window's word `i`.
    #[inline]
    fn test(&mut self, i: usize, qw: &[u8], tt: &[u8]) -> bool {
        if i >= 64 {
            return crate::distance::sim_at_least_half(qw, tt);
        }
        let bit = 1u64 << i;
        if self.built & bit == 0 {
            self.built |= bit;
            if !self.words[i].set(qw) {
                self.plain |= bit;
            }
        }
        if self.plain & bit != 0 {
            return crate::distance::sim_at_least_half(qw, tt);
        }
        self.words[i].at_least_half(tt)
    }
}

/// The pre-score's filters of a variant (see [`Matcher::prescore_passes`]): an equal key, or a
/// key within half the length and, for as many words, each word within half its letters.
struct Pre<'a> {
    ix: &'a Index,
    /// [`distance::letters`](crate::distance::letters) of every token.
    token_letters: &'a [u64],
    /// The anchor's place in the window (`None`: the test passes every variant).
    anchor: Option<usize>,
    qkey: &'a [u8],
    /// The letters of each of the window's words.
    qletters: &'a [u64],
    /// The window's words, as ranges of `qkey`.
    qwords: &'a [(usize, usize)],
}

/// What the key's length settles for variant `v` against the window's key `qkey`, before any
/// word is read: an equal key passes (`Some(true)`), lengths more than half apart fail
/// (`Some(false)`), anything else needs the words (`None`). The pre-score's full test and its
/// cheaper necessary test (in [`Pre::passes`]) both start here, so the second stays necessary
/// for the first. (The key is read only when its length is the window's.)
#[inline(always)]
fn key_verdict(ix: &Index, qkey: &[u8], v: u32) -> Option<bool> {
    let (qlen, vlen) = (qkey.len(), ix.var_key_len(v));
    if vlen == qlen && ix.var_key(v) == qkey {
        return Some(true);
    }
    if qlen.abs_diff(vlen) * 2 > qlen.max(vlen) {
        return Some(false);
    }
    None
}

impl Pre<'_> {
    /// Whether variant `v` passes the filters. The key's length is tested first, then (with
    /// an anchor) the letters of each token but the anchor's against the window's word in its
    /// place, a necessary condition of the word test that reads no token's text, and only
    /// then the words themselves. (Inlined into each loop: it is asked of every variant read;
    /// the key's verdict and the tokens are found once for both tests.)
    #[inline(always)]
    fn passes(&self, v: u32, half: &mut HalfWords) -> bool {
        let ix = self.ix;
        if let Some(settled) = key_verdict(ix, self.qkey, v) {
            return settled;
        }
        let toks = ix.tokens_of(v);
        if toks.len() != self.qwords.len() {
            return true;
        }
        let letters_allow = |anchor: usize| {
            toks.iter()
                .zip(self.qletters)
                .enumerate()
                .all(|(i, (&t, &ql))| {
                    i == anchor
                        || self
                            .token_letters
                            .get(t as usize)
                            .is_none_or(|&tl| crate::distance::may_be_half(ql, tl))
                })
        };
        self.anchor.is_none_or(letters_allow)
            && toks
                .iter()
                .zip(self.qwords)
                .enumerate()
                .all(|(i, (&t, &(from, to)))| {
                    let tt = ix.tok_text.get(t);
                    let qw = &self.qkey[from..to];
                    qw == tt || half.test(i, qw, tt)
                })
    }
}
