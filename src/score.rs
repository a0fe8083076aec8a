//! Private verification and scoring of one query against one variant.
//!
//! The features are similarities in [0, 1]; [`calibrate`] maps them to a score in [0, 1]
//! that behaves like the probability that the match is right (fitted on the evaluation
//! sets, see DESIGN.md and `examples/calibrate.rs`).

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use crate::distance::{osa_sim, Pattern};
use crate::index::Index;
use crate::normalize;

/// A folded query, prepared once per lookup.
#[derive(Debug, Default, Clone)]
pub(crate) struct Query {
    pub(crate) folded: String,
    /// Byte ranges of the words in `folded`.
    pub(crate) words: Vec<(u32, u32)>,
    pub(crate) key: Vec<u8>,
    pub(crate) phon: Vec<u8>,
    /// Phonetic key of each word, ranges into `word_phon_bytes`.
    word_phon: Vec<(u32, u32)>,
    word_phon_bytes: Vec<u8>,
    /// IDF of each word (the lexicon token's, or the unknown-word IDF).
    pub(crate) word_idf: Vec<f32>,
    /// Whether each word is a function word.
    pub(crate) word_stop: Vec<bool>,
    /// Whether each word is itself a lexicon word (then changing it is less likely a typo).
    pub(crate) word_known: Vec<bool>,
    /// Whether the query is a stock phrase (see [`Query::common_phrase`]), found on first use
    /// (an exact hit never needs it).
    common_phrase: std::cell::OnceCell<bool>,
    /// Whether the query is short enough for fuzzy matching (else exact keys only).
    pub(crate) fuzzy: bool,
    /// The canonical key and numbers, found on first use (an exact hit never needs them).
    canon: std::cell::OnceCell<Canon>,
    /// Word similarities already computed for this query: by lexicon token, one per query
    /// word (NaN until computed). The candidates of one query share most of their words.
    memo: RefCell<FxHashMap<u32, MemoRow>>,
    /// The key without function words (empty when there are none, see `has_stops`).
    key_nostop: Vec<u8>,
    /// Whether the query has function words.
    has_stops: bool,
    /// The keys' comparison patterns, built on first use (an exact hit never needs them,
    /// nor a candidate that the word alignment's bound rules out) in place of the last
    /// query's, as the words' are.
    prepared: RefCell<Prepared>,
    /// Whether `prepared` is this query's.
    prepared_made: std::cell::Cell<bool>,
    /// The words' comparison patterns, built on first use apart from the keys' (the word
    /// alignment needs only these), in place of the last query's: the patterns are kept from
    /// one query to the next, and one of length 0 stands for none.
    word_patterns: RefCell<Vec<Pattern>>,
    /// Whether `word_patterns` are this query's.
    word_patterns_made: std::cell::Cell<bool>,
    /// The keys' letter counts for [`upper_bound`], built on first use.
    counts: std::cell::OnceCell<KeyCounts>,
}

/// Letter classes of a query's keys, counted (see [`upper_bound`]).
#[derive(Debug, Clone)]
struct KeyCounts {
    key: [u8; 32],
    /// The key without function words (the key itself when the query has none).
    nostop: [u8; 32],
    nostop_len: usize,
    phon: [u8; 32],
}

/// A query's canonical key (see [`normalize::canonical_key_into`]).
#[derive(Debug, Default, Clone)]
pub(crate) struct Canon {
    /// The canonical key when the query writes a number or an abbreviated word, else empty.
    pub(crate) key: Vec<u8>,
    /// Whether `key` differs from the query's key (a number written in words or Roman
    /// numerals, a word written in full that is often abbreviated).
    pub(crate) rewritten: bool,
    /// The numbers the query writes, in order (a tens word and a unit word as one).
    pub(crate) numbers: Vec<u32>,
}

/// A query's key, key without function words and phonetic key as bit-parallel patterns (of
/// length 0 where empty or too long for one).
#[derive(Debug, Clone)]
struct Prepared {
    key: Pattern,
    key_nostop: Pattern,
    phon: Pattern,
}

impl Default for Prepared {
    fn default() -> Prepared {
        Prepared {
            key: Pattern::empty(),
            key_nostop: Pattern::empty(),
            phon: Pattern::empty(),
        }
    }
}

/// Tokens the memo has room for when a query scores its first candidate.
const MEMO_START: usize = 64;
/// Most tokens whose similarities one query keeps (a lookup meets a few hundred).
const MEMO_TOKENS: usize = 4096;

/// What scoring needs of one lexicon token, cached per query: its IDF and its similarity to
/// each query word (NaN until computed).
#[derive(Clone, Copy, Debug)]
struct MemoRow {
    idf: f32,
    sims: [f32; crate::index::MAX_QUERY_WORDS],
}

impl MemoRow {
    fn new(ix: &Index, t: u32) -> MemoRow {
        MemoRow {
            idf: ix.tok_idf[t as usize],
            sims: [f32::NAN; crate::index::MAX_QUERY_WORDS],
        }
    }
}

/// OSA similarity of a prepared pattern (or, when there is none, its bytes) and `b`.
#[inline]
fn sim_with(pat: Option<&Pattern>, a: &[u8], b: &[u8]) -> f32 {
    match pat {
        Some(p) => p.sim(b),
        None => osa_sim(a, b),
    }
}

impl Query {
    /// Prepares `mention`; `None` when it folds to nothing or exceeds the query bounds.
    pub(crate) fn new(mention: &str, ix: &Index) -> Option<Query> {
        let mut q = Query::default();
        normalize::fold_into(mention, &mut q.folded);
        q.prepare(ix).then_some(q)
    }

    /// Prepares a query from already folded words (the scanner prepares them in place:
    /// [`refill_from_folded_words`](Self::refill_from_folded_words)).
    #[cfg(test)]
    pub(crate) fn from_folded_words<'a>(
        words: impl IntoIterator<Item = &'a str>,
        ix: &Index,
    ) -> Option<Query> {
        let mut q = Query::default();
        q.refill_from_folded_words(words, ix).then_some(q)
    }

    /// Prepares this query, emptied first but keeping its buffers (the scanner prepares
    /// thousands), from already folded words (joined by spaces); `false` when they fold to
    /// nothing or exceed the query bounds.
    pub(crate) fn refill_from_folded_words<'a>(
        &mut self,
        words: impl IntoIterator<Item = &'a str>,
        ix: &Index,
    ) -> bool {
        self.clear();
        for w in words {
            if !self.folded.is_empty() {
                self.folded.push(' ');
            }
            self.folded.push_str(w);
        }
        self.prepare(ix)
    }

    /// Empties the query to what [`Query::default`] is, keeping its buffers.
    fn clear(&mut self) {
        // (Every field named: a new one must be cleared here too.)
        let Query {
            folded,
            words,
            key,
            phon,
            word_phon,
            word_phon_bytes,
            word_idf,
            word_stop,
            word_known,
            common_phrase,
            fuzzy,
            canon,
            memo,
            key_nostop,
            has_stops,
            prepared: _,
            prepared_made,
            word_patterns: _,
            word_patterns_made,
            counts,
        } = self;
        folded.clear();
        words.clear();
        key.clear();
        phon.clear();
        word_phon.clear();
        word_phon_bytes.clear();
        word_idf.clear();
        word_stop.clear();
        word_known.clear();
        common_phrase.take();
        *fuzzy = false;
        canon.take();
        memo.get_mut().clear();
        key_nostop.clear();
        *has_stops = false;
        prepared_made.set(false);
        word_patterns_made.set(false);
        counts.take();
    }

    fn prepare(&mut self, ix: &Index) -> bool {
        if self.folded.is_empty() || self.folded.len() > crate::lexicon::MAX_NAME_BYTES * 2 {
            return false;
        }
        let mut pos = 0u32;
        let mut phon = String::new();
        for w in self.folded.split(' ') {
            let start = pos;
            let end = start + w.len() as u32;
            pos = end + 1;
            if w.is_empty() {
                continue;
            }
            self.words.push((start, end));
            self.key.extend_from_slice(w.as_bytes());
            phon.clear();
            normalize::phonetic_into(w, &mut phon);
            let ps = self.word_phon_bytes.len() as u32;
            self.word_phon_bytes.extend_from_slice(phon.as_bytes());
            self.word_phon.push((ps, self.word_phon_bytes.len() as u32));
            self.phon.extend_from_slice(phon.as_bytes());
            self.word_stop
                .push(crate::index::is_stop_word(w.as_bytes()));
            let known = ix.token(w.as_bytes());
            self.word_known.push(known.is_some());
            self.word_idf
                .push(known.map_or(ix.unknown_idf, |t| ix.tok_idf[t as usize]));
        }
        // Long mentions are still looked up exactly (a long title written as it is), but
        // only short ones fuzzily.
        self.fuzzy = self.words.len() <= crate::index::MAX_QUERY_WORDS
            && self.key.len() <= crate::index::MAX_KEY_BYTES;
        if self.fuzzy {
            self.has_stops = self.word_stop.iter().any(|&b| b);
            if self.has_stops {
                for i in 0..self.words.len() {
                    if !self.word_stop[i] {
                        let (s, e) = self.words[i];
                        let w = &self.folded.as_bytes()[s as usize..e as usize];
                        self.key_nostop.extend_from_slice(w);
                    }
                }
            }
        }
        !self.words.is_empty() && self.key.len() <= crate::lexicon::MAX_NAME_BYTES
    }

    /// Whether every word is ordinary English (see [`COMMON_PHRASE_ZIPF`]) and there are at
    /// most two content words: a long title of ordinary words ("A Song of Ice and Fire") is
    /// not a stock phrase.
    pub(crate) fn common_phrase(&self) -> bool {
        *self.common_phrase.get_or_init(|| {
            self.word_stop.iter().filter(|&&s| !s).count() <= 2
                && (0..self.words.len()).all(|i| COMMON_WORDS.contains(self.word(i)))
        })
    }

    /// The query's canonical key, where it writes a number or an abbreviated word.
    pub(crate) fn canon(&self) -> &Canon {
        self.canon.get_or_init(|| {
            let mut c = Canon::default();
            let folded = self.folded.as_bytes();
            let words = || {
                self.words
                    .iter()
                    .map(|&(s, e)| &folded[s as usize..e as usize])
            };
            if words().any(normalize::has_canonical_form) {
                c.rewritten = normalize::canonical_key_into(words(), &mut c.key, &mut c.numbers);
            }
            c
        })
    }

    /// The query's keys prepared for repeated comparison (see `prepared`).
    fn prepared(&self) -> std::cell::Ref<'_, Prepared> {
        if !self.prepared_made.get() {
            let mut p = self.prepared.borrow_mut();
            p.key_nostop.set(&self.key_nostop);
            p.key.set(&self.key);
            p.phon.set(&self.phon);
            self.prepared_made.set(true);
        }
        self.prepared.borrow()
    }

    /// The query's words prepared for repeated comparison (see `word_patterns`).
    fn word_patterns(&self) -> std::cell::Ref<'_, Vec<Pattern>> {
        if !self.word_patterns_made.get() {
            let mut patterns = self.word_patterns.borrow_mut();
            let n = self.words.len();
            if patterns.len() < n {
                patterns.resize_with(n, Pattern::empty);
            }
            for (i, p) in patterns.iter_mut().enumerate().take(n) {
                p.set(self.word(i));
            }
            self.word_patterns_made.set(true);
        }
        self.word_patterns.borrow()
    }

    /// The keys' letter counts.
    fn counts(&self) -> &KeyCounts {
        self.counts.get_or_init(|| {
            let mut c = KeyCounts {
                key: [0; 32],
                nostop: [0; 32],
                nostop_len: 0,
                phon: [0; 32],
            };
            add_counts(&mut c.key, &self.key);
            add_counts(&mut c.phon, &self.phon);
            if self.has_stops {
                add_counts(&mut c.nostop, &self.key_nostop);
                c.nostop_len = self.key_nostop.len();
            } else {
                c.nostop = c.key;
                c.nostop_len = self.key.len();
            }
            c
        })
    }

    #[inline]
    pub(crate) fn word(&self, i: usize) -> &[u8] {
        let (s, e) = self.words[i];
        &self.folded.as_bytes()[s as usize..e as usize]
    }

    #[inline]
    pub(crate) fn word_phon(&self, i: usize) -> &[u8] {
        let (s, e) = self.word_phon[i];
        &self.word_phon_bytes[s as usize..e as usize]
    }
}

/// The evidence that a query means a variant.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Features {
    /// OSA similarity of the space-free keys.
    pub(crate) chars: f32,
    /// OSA similarity of the phonetic keys.
    pub(crate) phonetic: f32,
    /// IDF-weighted share of the variant's words found in the query.
    pub(crate) name_cover: f32,
    /// IDF-weighted share of the query's words found in the variant.
    pub(crate) query_cover: f32,
    /// Length of the space-free query key, in bytes.
    pub(crate) key_len: f32,
    /// Whether every variant word was matched exactly by a query word.
    pub(crate) all_words_exact: bool,
    /// Whether the query is made only of common English words.
    pub(crate) common_phrase: bool,
    /// Whether a query word that is itself a lexicon word stands for another word of the
    /// name that does not sound the same or is more than one edit away.
    pub(crate) real_word_swap: bool,
    /// Whether the query writes a number (below [`NUMBER_CLASH_BELOW`]) that the name does not,
    /// or the name one that the query does not while the query writes numbers.
    pub(crate) number_clash: bool,
    /// Whether a one-word query is only one of the name's content words.
    pub(crate) lone_part: bool,
    /// Whether the query is one word.
    pub(crate) lone_word: bool,
}

/// Zipf frequency from which every word of a short query (two content words at most) counts as
/// ordinary English ("good morning"): such a phrase is far more likely meant as written than a
/// misspelt name.
pub(crate) const COMMON_PHRASE_ZIPF: f32 = 4.5;

/// The words whose Zipf frequency is at least [`COMMON_PHRASE_ZIPF`] (about 3,000), made on
/// first use from the frequent words the function words come from too: one hash probe per
/// word instead of a search of the word list (about 4,000 instructions each), for a query's
/// stock-phrase test.
static COMMON_WORDS: std::sync::LazyLock<rustc_hash::FxHashSet<&'static [u8]>> =
    std::sync::LazyLock::new(|| {
        const _: () = assert!(COMMON_PHRASE_ZIPF >= crate::words::FREQUENT_ZIPF);
        let frequent = crate::words::frequent_words();
        let mut set =
            rustc_hash::FxHashSet::with_capacity_and_hasher(frequent.len(), Default::default());
        set.extend(
            frequent
                .iter()
                .filter(|&&(_, z)| z >= COMMON_PHRASE_ZIPF)
                .map(|&(w, _)| w),
        );
        set
    });
/// Log-odds taken off a fuzzy match with a real-word swap (see [`Features::real_word_swap`]):
/// set on the held-out tables of `examples/evaluate.rs` and on private person names looked up
/// in the bundled lexicon, where it halves the wrong answers.
const REAL_WORD_SWAP_PENALTY: f32 = 2.0;
/// Log-odds taken off a fuzzy match whose numbers differ from the query's (see
/// [`Features::number_clash`]): a sequel, part or model number names another thing.
const NUMBER_CLASH_PENALTY: f32 = 3.0;
/// Log-odds taken off a one-word query that is only one of a longer name's words (see
/// [`Features::lone_part`]).
const LONE_PART_PENALTY: f32 = 3.0;
/// Numbers from this value up (years: "Dune 2021") often only date a title and do not clash.
const NUMBER_CLASH_BELOW: u32 = 1000;
/// Best similarity below which a query word has no counterpart in the name.
const UNMATCHED: f32 = 0.5;
/// Log-odds taken off a fuzzy match whose query is a common phrase.
const COMMON_PHRASE_PENALTY: f32 = 5.0;

/// Similarity of two words: OSA similarity, raised to 0.7 when they sound alike.
#[inline]
fn word_sim(pat: Option<&Pattern>, a: &[u8], pa: &[u8], b: &[u8], pb: &[u8]) -> f32 {
    let s = sim_with(pat, a, b);
    if pa == pb && !pa.is_empty() && s < 0.7 {
        0.7
    } else {
        s
    }
}

/// How a query's words align with a variant's: the part of [`features`] that the per-query
/// memo of word similarities makes cheap, computed first so that [`upper_bound`] can use it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordPart {
    /// Best similarity of each query word to a variant word.
    q_best: [f32; crate::index::MAX_QUERY_WORDS],
    /// For each query word, the position of the variant word it matches best.
    q_pos: [u8; crate::index::MAX_QUERY_WORDS],
    name_num: f32,
    name_den: f32,
    /// Whether every variant word was matched exactly by a query word.
    all_exact: bool,
}

impl WordPart {
    /// IDF-weighted share of the variant's words found in the query.
    fn name_cover(&self) -> f32 {
        if self.name_den > 0.0 {
            self.name_num / self.name_den
        } else {
            0.0
        }
    }

    /// IDF-weighted share of the query's words found in the variant.
    fn query_cover(&self, q: &Query) -> f32 {
        let mut query_num = 0f32;
        let mut query_den = 0f32;
        for (i, &b) in self.q_best.iter().enumerate().take(q.words.len()) {
            let w = q.word_idf[i];
            query_num += w * b;
            query_den += w;
        }
        if query_den > 0.0 {
            query_num / query_den
        } else {
            0.0
        }
    }
}

/// The evidence that query `q` means variant `v`.
pub(crate) fn features(q: &Query, ix: &Index, v: u32) -> Features {
    features_with(q, ix, v, &word_part(q, ix, v))
}

/// The word alignment of `q` and variant `v` (see [`WordPart`]).
pub(crate) fn word_part(q: &Query, ix: &Index, v: u32) -> WordPart {
    let toks = ix.tokens_of(v);
    let nq = q.words.len();
    // Best similarity for each query word (over variant words) and vice versa.
    let mut q_best = [0f32; crate::index::MAX_QUERY_WORDS];
    // For each query word, the position of the variant word it matches best.
    let mut q_pos = [0u8; crate::index::MAX_QUERY_WORDS];
    let mut name_num = 0f32;
    let mut name_den = 0f32;
    let mut all_exact = true;
    let patterns = q.word_patterns();
    let canon = q.canon();
    let mut memo = q.memo.borrow_mut();
    if memo.capacity() == 0 {
        // A lookup's candidates bring a few dozen distinct words: no regrowth on the way.
        memo.reserve(MEMO_START);
    }
    for (j, &t) in toks.iter().take(MAX_NAME_WORDS).enumerate() {
        // The memo stays small: past MEMO_TOKENS tokens (only scoring every name does that),
        // new tokens are computed without being kept.
        let mut spare;
        let row = if memo.len() < MEMO_TOKENS || memo.contains_key(&t) {
            memo.entry(t).or_insert_with(|| MemoRow::new(ix, t))
        } else {
            spare = MemoRow::new(ix, t);
            &mut spare
        };
        let mut best = 0f32;
        // The token's text and sound, read only if some pair must be computed.
        let mut token: Option<(&[u8], &[u8])> = None;
        for (i, qb) in q_best.iter_mut().enumerate().take(nq) {
            let mut s = row.sims[i];
            if s.is_nan() {
                let (tt, tp) =
                    *token.get_or_insert_with(|| (ix.tok_text.get(t), ix.tok_phon.get(t)));
                let qw = q.word(i);
                // Skip pairs whose lengths alone rule out beating both current bests.
                let (la, lb) = (qw.len(), tt.len());
                let bound = 1.0 - la.abs_diff(lb) as f32 / la.max(lb).max(1) as f32;
                if bound <= best && bound <= *qb && (bound >= 0.7 || q.word_phon(i) != tp) {
                    continue;
                }
                s = if qw == tt {
                    1.0
                } else if let Some(same) = (!canon.key.is_empty())
                    .then(|| canonically_equal(qw, tt))
                    .flatten()
                {
                    if same {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    word_sim(patterns[i].get(), qw, q.word_phon(i), tt, tp)
                };
                row.sims[i] = s;
            }
            if s > best {
                best = s;
            }
            if s > *qb {
                *qb = s;
                q_pos[i] = j as u8;
            }
        }
        if best < 1.0 {
            all_exact = false;
        }
        let w = row.idf;
        name_num += w * best;
        name_den += w;
    }
    WordPart {
        q_best,
        q_pos,
        name_num,
        name_den,
        all_exact,
    }
}

/// [`features`] from the word alignment `wp` of `q` and `v` (from [`word_part`]).
pub(crate) fn features_with(q: &Query, ix: &Index, v: u32, wp: &WordPart) -> Features {
    let (vkey, vphon) = ix.var_key_phon(v);
    let toks = ix.tokens_of(v);
    let nq = q.words.len();
    let (q_best, q_pos, all_exact) = (&wp.q_best, &wp.q_pos, wp.all_exact);
    let pre = q.prepared();
    let canon = q.canon();
    // A query word that is itself a lexicon word, aligned one to one with a different word of
    // the name that neither sounds the same within two edits nor is one edit away with the same
    // first letter: "Harry" for "Barry", "Troy" for "Tara", "Olivia" for "Bolivia" (but not
    // "Tait" for "Tate" or "Rogers" for "Rodgers"). Such a word is far more often another name
    // written correctly than a typo.
    let real_word_swap = (0..nq).any(|i| {
        if !q.word_known[i] || q.word_stop[i] || q_best[i] >= 1.0 || q_best[i] < UNMATCHED {
            return false;
        }
        let Some(&t) = toks.get(q_pos[i] as usize) else {
            return false;
        };
        // Two query words aligned with one name word are a split word ("Tick Tock"), not a
        // swap.
        if (0..nq).any(|k| k != i && q_pos[k] == q_pos[i] && !q.word_stop[k]) {
            return false;
        }
        let (qw, tt) = (q.word(i), ix.tok_text.get(t));
        let d = crate::distance::osa(qw, tt);
        // A lone word has no other words to vouch for it: only a same-initial typo excuses it
        // ("Hilton" is not "Wilton", though they sound alike).
        let sounds_alike = nq > 1 && q.word_phon(i) == ix.tok_phon.get(t) && d <= 2;
        let typo = d <= 1 && qw.first() == tt.first();
        !(sounds_alike || typo)
    });
    // One word that is one of a longer name's words, the name's other content words missing
    // ("Christopher" for Christopher Lee, "Avengers" for "Avengers: Endgame"): a first name or a
    // word many titles share. A surname that identifies a person is found by its own rule.
    // The same holds for a lexicon word one edit from such a word ("Simpson" for Will
    // Sampson), but not for a misspelling ("Kubrik").
    let lone_part = nq == 1
        && (q_best[0] >= 1.0 || q.word_known[0])
        && toks
            .iter()
            .filter(|&&t| !ix.tok_stop[t as usize])
            .nth(1)
            .is_some();
    // Every query word is a word of the name and vice versa, one to one.
    let same_words = all_exact
        && nq == toks.len()
        && q_best[..nq].iter().all(|&b| b >= 1.0)
        && (0..nq).all(|i| (0..i).all(|k| q_pos[k] != q_pos[i]));
    let mut chars = sim_with(pre.key.get(), &q.key, vkey);
    let mut phonetic = sim_with(pre.phon.get(), &q.phon, vphon);
    // Words written in another order ("Nguyen Daniel"): compare the keys with the query's
    // words reordered to follow the variant's, at a small cost.
    if chars < 0.95 && nq > 1 && q_pos[..nq].windows(2).any(|w| w[0] > w[1]) {
        let mut order: [u8; crate::index::MAX_QUERY_WORDS] = [0; crate::index::MAX_QUERY_WORDS];
        for (i, o) in order.iter_mut().enumerate().take(nq) {
            *o = i as u8;
        }
        order[..nq].sort_by_key(|&i| q_pos[i as usize]);
        let mut key = [0u8; crate::index::MAX_KEY_BYTES];
        let mut phon = [0u8; crate::index::MAX_KEY_BYTES * 2];
        let (mut kl, mut pl) = (0, 0);
        for &i in &order[..nq] {
            let w = q.word(i as usize);
            let p = q.word_phon(i as usize);
            if kl + w.len() <= key.len() && pl + p.len() <= phon.len() {
                key[kl..kl + w.len()].copy_from_slice(w);
                phon[pl..pl + p.len()].copy_from_slice(p);
                kl += w.len();
                pl += p.len();
            }
        }
        chars = chars.max(REORDER_COST * osa_sim(&key[..kl], vkey));
        phonetic = phonetic.max(REORDER_COST * osa_sim(&phon[..pl], vphon));
    }
    // Numbers: the keys with every number in digits ("covid nineteen" and "COVID-19"); a
    // number of the query's that the name does not have, or the other way round, is another
    // title, part or model ("Toy Story 5" is not "Toy Story", "Boeing 737" not "Boeing 747").
    let mut number_clash = false;
    if !canon.key.is_empty() {
        let mut vkey_canon = Vec::with_capacity(vkey.len());
        let mut vnums = Vec::new();
        let rewritten = ix.var_canonical_key(v, &mut vkey_canon, &mut vnums);
        if (rewritten || canon.rewritten) && chars < 1.0 {
            chars = chars.max(osa_sim(&canon.key, &vkey_canon));
        }
        let small = |n: &&u32| **n < NUMBER_CLASH_BELOW;
        number_clash = canon
            .numbers
            .iter()
            .filter(small)
            .any(|n| !vnums.contains(n))
            || (canon.numbers.iter().any(|n| small(&n))
                && vnums
                    .iter()
                    .filter(small)
                    .any(|n| !canon.numbers.contains(n)));
    }
    // Function words dropped or added ("Lord of Rings"): compare the keys without them.
    let v_stops = toks.iter().any(|&t| ix.tok_stop[t as usize]);
    if chars < 0.95 && (q.has_stops || v_stops) {
        let mut vk = [0u8; crate::distance::MAX_LEN];
        let mut vl = 0;
        for &t in toks {
            let w = ix.tok_text.get(t);
            if !ix.tok_stop[t as usize] && vl + w.len() <= vk.len() {
                vk[vl..vl + w.len()].copy_from_slice(w);
                vl += w.len();
            }
        }
        let (qk, qpat) = if q.has_stops {
            (&q.key_nostop, &pre.key_nostop)
        } else {
            (&q.key, &pre.key)
        };
        if !qk.is_empty() && vl > 0 {
            chars = chars.max(STOPWORD_COST * sim_with(qpat.get(), qk, &vk[..vl]));
        }
    }
    Features {
        chars,
        phonetic,
        name_cover: wp.name_cover(),
        query_cover: wp.query_cover(q),
        key_len: q.key.len() as f32,
        all_words_exact: all_exact,
        // The name's own words in another order ("Green India" for "India Green") are not an
        // ordinary phrase that happens to resemble a name.
        common_phrase: q.common_phrase() && !same_words,
        real_word_swap,
        number_clash,
        lone_part,
        lone_word: nq == 1,
    }
}

/// An upper bound of [`calibrate`]`(`[`features_with`]`(q, ix, v, wp))`, for much less work:
/// the word alignment `wp` is exact, the key similarities are bounded by their letters
/// ([`key_shares`]).
///
/// Each key similarity `1 - osa / max(len)` is at most the share of the longer key's letters
/// that the other key has too, counted as multisets (see [`ScoreBound`]). `chars` is the most
/// of the keys' similarity, the same for the query's words reordered (the same letters) times
/// [`REORDER_COST`], the keys without function words times [`STOPWORD_COST`], and, when the
/// query writes a number or an abbreviated word, a canonical key (taken as 1); `phonetic` is
/// bounded the same way. Both covers are exact; the penalties are taken as absent. The
/// evidence is bilinear in `chars` and `phonetic`, so its maximum over the box of their bounds
/// is at a corner. A margin covers the rounding of [`calibrate`]'s f32 arithmetic.
///
/// The lookup takes it in two steps: [`key_shares`] (with which [`pre_bound`] may already rule
/// the candidate out), then [`bound_of`] once the word alignment is made.
#[cfg(test)]
pub(crate) fn upper_bound(q: &Query, ix: &Index, v: u32, wp: &WordPart) -> f32 {
    bound_of(q, key_shares(q, ix, v), wp)
}

/// Bounds of the `chars` and `phonetic` features of `q` and variant `v` from their keys'
/// letters (see [`upper_bound`]), which need no word alignment.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyShares {
    chars: f64,
    phonetic: f64,
}

/// The [`KeyShares`] of `q` and variant `v`.
pub(crate) fn key_shares(q: &Query, ix: &Index, v: u32) -> KeyShares {
    const MAX: usize = crate::distance::MAX_LEN;
    let (vkey, vphon) = ix.var_key_phon(v);
    let counts = q.counts();
    // (Empty or truncated keys: no bound.)
    let chars = if !q.canon().key.is_empty() || vkey.is_empty() || vkey.len() > MAX {
        1.0
    } else {
        let share = shared(&counts.key, q.key.len(), [vkey].into_iter());
        let toks = ix.tokens_of(v);
        let v_stops = toks.iter().any(|&t| ix.tok_stop[t as usize]);
        if q.has_stops || v_stops {
            // The variant's key without function words, as `features_with` builds it: the
            // words that fit in MAX_LEN bytes.
            let mut vl = 0;
            let mut fits = |w: &&[u8]| {
                let ok = vl + w.len() <= MAX;
                if ok {
                    vl += w.len();
                }
                ok
            };
            let words = toks
                .iter()
                .filter(|&&t| !ix.tok_stop[t as usize])
                .map(|&t| ix.tok_text.get(t));
            let nostop = shared(&counts.nostop, counts.nostop_len, words.filter(&mut fits));
            if counts.nostop_len > 0 && vl > 0 {
                share.max(f64::from(STOPWORD_COST) * nostop)
            } else {
                share
            }
        } else {
            share
        }
    };
    let phonetic =
        if q.phon.is_empty() || q.phon.len() > MAX || vphon.is_empty() || vphon.len() > MAX {
            1.0
        } else {
            shared(&counts.phon, q.phon.len(), [vphon].into_iter())
        };
    KeyShares { chars, phonetic }
}

/// [`upper_bound`] from the key bounds `keys` and the word alignment `wp`.
pub(crate) fn bound_of(q: &Query, keys: KeyShares, wp: &WordPart) -> f32 {
    let z = bound_evidence(
        q,
        keys,
        f64::from(wp.name_cover()),
        f64::from(wp.query_cover(q)),
    );
    let p = 1.0 / (1.0 + (-(z + 1e-3)).exp());
    (p + 1e-6).min(1.0) as f32
}

/// An upper bound of [`upper_bound`] from the key bounds alone, before the word alignment is
/// made: both covers taken at their most, 1 (they are shares weighted by IDFs, which are never
/// negative: [`Index`] checks this of a loaded index). It is [`upper_bound`]'s arithmetic with
/// larger covers, plus 1e-6 more, which covers any rounding step of the library's `exp`.
pub(crate) fn pre_bound(q: &Query, keys: KeyShares) -> f32 {
    // (The most of `c * cover` for a cover in [0, 1].)
    let most = |c: f32| if c >= 0.0 { 1.0 } else { 0.0 };
    let z = bound_evidence(q, keys, most(C[3]), most(C[4]));
    let p = 1.0 / (1.0 + (-(z + 1e-3)).exp());
    (p + 2e-6).min(1.0) as f32
}

/// The log-odds of [`upper_bound`] for covers `name_cover` and `query_cover`.
#[inline]
fn bound_evidence(q: &Query, keys: KeyShares, name_cover: f64, query_cover: f64) -> f64 {
    let KeyShares { chars, phonetic } = keys;
    let c = |i: usize| f64::from(C[i]);
    let short = f64::from((q.key.len() as f32).min(12.0) / 12.0);
    let corner = [(0.0, 0.0), (0.0, phonetic), (chars, 0.0), (chars, phonetic)]
        .iter()
        .map(|&(x, p)| c(1) * x + c(2) * p + c(6) * x * p)
        .fold(f64::NEG_INFINITY, f64::max);
    c(0) + corner + c(3) * name_cover + c(4) * query_cover + c(5) * short
}

/// Whether two different folded words are one word in another spelling: numbers equal in any
/// spelling ("2", "ii", "two"), a word and its abbreviation ("mount", "mt"); `Some(false)` for
/// two different numbers ("ii" is not "iii"); `None` when neither rule applies.
fn canonically_equal(a: &[u8], b: &[u8]) -> Option<bool> {
    if let (Some(x), Some(y)) = (normalize::number_value(a), normalize::number_value(b)) {
        return Some(x == y);
    }
    let x = normalize::abbreviation(a)?;
    (normalize::abbreviation(b) == Some(x)).then_some(true)
}

/// Most words of a name aligned word by word (the keys still cover the whole name).
const MAX_NAME_WORDS: usize = 16;
/// Factor applied to key similarities computed on reordered query words.
const REORDER_COST: f32 = 0.95;
/// Factor applied to key similarities computed without function words.
const STOPWORD_COST: f32 = 0.95;

/// Maps features to a calibrated score in [0, 1].
pub(crate) fn calibrate(f: &Features) -> f32 {
    // Linear evidence, then a logistic link; coefficients fitted by examples/calibrate.rs.
    let short = (f.key_len.min(12.0)) / 12.0;
    let z = C[0]
        + C[1] * f.chars
        + C[2] * f.phonetic
        + C[3] * f.name_cover
        + C[4] * f.query_cover
        + C[5] * short
        + C[6] * f.chars * f.phonetic
        - if f.common_phrase {
            COMMON_PHRASE_PENALTY
        } else {
            0.0
        }
        - if f.real_word_swap {
            // A lone word has no other words to outweigh the swap.
            if f.lone_word {
                2.0 * REAL_WORD_SWAP_PENALTY
            } else {
                REAL_WORD_SWAP_PENALTY
            }
        } else {
            0.0
        }
        - if f.number_clash {
            NUMBER_CLASH_PENALTY
        } else {
            0.0
        }
        - if f.lone_part { LONE_PART_PENALTY } else { 0.0 };
    1.0 / (1.0 + (-z).exp())
}

/// An upper bound of [`calibrate`]`(`[`features`]`(q, ix, v))` for a query not yet prepared,
/// from its space-free key and words (the scanner's pre-score asks it before preparing a
/// query, which costs phonetic keys and word frequencies).
///
/// The key similarity `chars` is at most the share of the longer key's letters that the other
/// key has too, counted as multisets (every other letter costs an edit; see
/// [`crate::distance::sim_at_least_half`]); the same holds for the query's words reordered;
/// the keys without function words are bounded the same way, times [`STOPWORD_COST`]; and a
/// query that writes a number or an abbreviated word may match a canonical key, so anything up
/// to 1. Every other feature takes its best case: phonetic similarity anywhere in [0, 1], both
/// covers 1 (they are IDF-weighted shares, so at most 1 when no IDF is negative: the scanner
/// uses the bound only then), no penalty. The length feature is the query's own. The evidence
/// is bilinear in `chars` and `phonetic`, so its maximum over the box is at a corner.
pub(crate) struct ScoreBound {
    /// Letter classes of the query key, counted.
    count: [u8; 32],
    key_len: usize,
    /// The same without function words, when the query has any.
    nostop_count: [u8; 32],
    nostop_len: usize,
    /// Whether a query word is a function word.
    stops: bool,
    /// Whether a query word has a canonical form (a number, an abbreviation).
    canonical: bool,
}

impl ScoreBound {
    /// The bound's view of a query of folded `words` (no empty word, no space inside one).
    pub(crate) fn new<'a>(words: impl Iterator<Item = &'a [u8]>) -> ScoreBound {
        let mut b = ScoreBound {
            count: [0; 32],
            key_len: 0,
            nostop_count: [0; 32],
            nostop_len: 0,
            stops: false,
            canonical: false,
        };
        for w in words {
            let stop = crate::index::is_stop_word(w);
            b.stops |= stop;
            b.canonical |= normalize::has_canonical_form(w);
            add_counts(&mut b.count, w);
            b.key_len += w.len();
            if !stop {
                add_counts(&mut b.nostop_count, w);
                b.nostop_len += w.len();
            }
        }
        if !b.stops {
            b.nostop_count = b.count;
            b.nostop_len = b.key_len;
        }
        b
    }

    /// Whether variant `v` may score at least `threshold` against the query; `false` is
    /// certain.
    pub(crate) fn may_reach(&self, ix: &Index, v: u32, threshold: f32) -> bool {
        let vkey = ix.var_key(v);
        // (Keys past the distance's length limit are compared truncated: no bound there.)
        let chars = if self.canonical
            || self.key_len > crate::distance::MAX_LEN
            || vkey.len() > crate::distance::MAX_LEN
        {
            1.0
        } else {
            let share = shared(&self.count, self.key_len, [vkey].into_iter());
            let toks = ix.tokens_of(v);
            let vstops = toks.iter().any(|&t| ix.tok_stop[t as usize]);
            if self.stops || vstops {
                // The keys without function words, as `features` compares them (both
                // non-empty), times STOPWORD_COST.
                let vlen: usize = toks
                    .iter()
                    .filter(|&&t| !ix.tok_stop[t as usize])
                    .map(|&t| ix.tok_text.get(t).len())
                    .sum();
                if vlen > crate::distance::MAX_LEN {
                    1.0
                } else if self.nostop_len == 0 || vlen == 0 {
                    share
                } else {
                    let words = toks
                        .iter()
                        .filter(|&&t| !ix.tok_stop[t as usize])
                        .map(|&t| ix.tok_text.get(t));
                    let nostop = shared(&self.nostop_count, self.nostop_len, words);
                    share.max(f64::from(STOPWORD_COST) * nostop)
                }
            } else {
                share
            }
        };
        let c = |i: usize| f64::from(C[i]);
        let short = (self.key_len.min(12) as f64) / 12.0;
        let corner = [(0.0, 0.0), (0.0, 1.0), (chars, 0.0), (chars, 1.0)]
            .iter()
            .map(|&(x, p)| c(1) * x + c(2) * p + c(6) * x * p)
            .fold(f64::NEG_INFINITY, f64::max);
        let z = c(0) + corner + c(3).max(0.0) + c(4).max(0.0) + c(5) * short;
        // The margin covers the rounding of the f32 arithmetic in `calibrate`.
        let p = 1.0 / (1.0 + (-(z + 1e-3)).exp());
        p + 1e-6 >= f64::from(threshold)
    }
}

/// Counts the letter classes of `w` into `count`.
fn add_counts(count: &mut [u8; 32], w: &[u8]) {
    for &c in w {
        let k = &mut count[crate::distance::class_bucket(c)];
        *k = k.saturating_add(1);
    }
}

/// An upper bound of the OSA similarity of a key whose letter classes are `count` (length
/// `len`) and the concatenation of `parts`: the share of the longer one's letters that the
/// other has too.
fn shared<'a>(count: &[u8; 32], len: usize, parts: impl Iterator<Item = &'a [u8]>) -> f64 {
    let mut count = *count;
    let (mut matched, mut other) = (0usize, 0usize);
    for part in parts {
        other += part.len();
        for &c in part {
            let k = &mut count[crate::distance::class_bucket(c)];
            if *k > 0 {
                *k -= 1;
                matched += 1;
            }
        }
    }
    matched as f64 / len.max(other).max(1) as f64
}

/// Calibration coefficients (intercept, chars, phonetic, name_cover, query_cover, length,
/// chars*phonetic).
pub(crate) const C: [f32; 7] = [-8.161, 6.203, -0.505, 1.682, 1.426, -2.487, 7.649];

/// The feature vector as plain numbers, for calibration tooling.
pub(crate) fn feature_row(f: &Features) -> [f32; 6] {
    let short = (f.key_len.min(12.0)) / 12.0;
    [
        f.chars,
        f.phonetic,
        f.name_cover,
        f.query_cover,
        short,
        f.chars * f.phonetic,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lexicon, Matcher};

    /// The common-word set is exactly the words of Zipf frequency at least
    /// `COMMON_PHRASE_ZIPF`.
    #[test]
    fn common_words_are_the_words_at_the_phrase_threshold() {
        let extras = [
            "the", "good", "morning", "heart", "colman", "", "don't", "dont", "é",
        ];
        let listed = crate::words::words_at_least(0.0);
        assert!(listed.len() > 40_000);
        let mut common = 0;
        for w in listed
            .iter()
            .copied()
            .chain(extras.iter().map(|w| w.as_bytes()))
        {
            let z = std::str::from_utf8(w).map_or(0.0, normalize::zipf);
            assert_eq!(COMMON_WORDS.contains(w), z >= COMMON_PHRASE_ZIPF, "{w:?}");
            common += usize::from(z >= COMMON_PHRASE_ZIPF);
        }
        assert!(
            COMMON_WORDS.contains(&b"good"[..]) && common > 2000,
            "{common}"
        );
    }

    /// `ScoreBound` never rules out a variant that scores at the threshold, and `upper_bound`
    /// is never below the score: every variant of a small lexicon against garbled and
    /// unrelated queries, at several thresholds.
    #[test]
    fn score_bound_is_an_upper_bound() {
        let names = [
            "Olivia Colman",
            "The Lord of the Rings",
            "Rocky II",
            "Mount Everest",
            "Kit Connor",
            "Heartstopper",
            "Joe Locke",
            "A Song of Ice and Fire",
            "Brian Cox",
            "Apollo 13",
            "Stranger Things",
            "Saint Louis",
            "Tom and Jerry",
            "Keanu Reeves",
            "Ralph Fiennes",
        ];
        let tsv: String = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("e:{i}\t{n}\t\tother\t{}\n", 1 + i))
            .collect();
        let m = Matcher::new(Lexicon::from_tsv(&tsv).unwrap());
        let ix = m.index();
        // Queries: each name folded, with one or two letters changed, dropped, doubled or
        // swapped, words dropped or reordered, and ordinary words.
        let mut queries: Vec<String> = Vec::new();
        for n in names {
            let f = normalize::fold(n);
            let b = f.as_bytes();
            queries.push(f.clone());
            for i in 0..b.len() {
                let mut d = b.to_vec();
                d.remove(i);
                queries.push(String::from_utf8(d).unwrap());
                let mut s = b.to_vec();
                s[i] = if s[i] == b'e' { b'a' } else { b'e' };
                queries.push(String::from_utf8(s.clone()).unwrap());
                if i + 1 < b.len() {
                    let mut t = b.to_vec();
                    t.swap(i, i + 1);
                    queries.push(String::from_utf8(t).unwrap());
                    s[i + 1] = b'o';
                    queries.push(String::from_utf8(s).unwrap());
                }
            }
            let words: Vec<&str> = f.split(' ').collect();
            queries.push(words.iter().rev().copied().collect::<Vec<_>>().join(" "));
            queries.push(words[1..].join(" "));
            queries.push(format!("{f} the"));
        }
        queries
            .extend(["the of", "two", "mt everest", "rocky 2", "a", "sing song"].map(String::from));
        let (mut checked, mut passing, mut tight, mut pre_tight) = (0, 0, 0, 0);
        for q in &queries {
            let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
            let Some(query) = Query::from_folded_words(words.iter().copied(), ix) else {
                continue;
            };
            if !query.fuzzy {
                continue;
            }
            let bound = ScoreBound::new(words.iter().map(|w| w.as_bytes()));
            for v in 0..ix.variant_count() as u32 {
                let score = calibrate(&features(&query, ix, v));
                passing += usize::from(score >= 0.85);
                // The lookup's bound (`upper_bound`), with the exact word alignment.
                let wp = word_part(&query, ix, v);
                assert_eq!(features_with(&query, ix, v, &wp), features(&query, ix, v));
                let upper = upper_bound(&query, ix, v, &wp);
                assert!(score <= upper, "{q:?} v{v}: {score} > {upper}");
                tight += usize::from(upper < 0.5);
                // The bound before the word alignment is never below it.
                let pre = pre_bound(&query, key_shares(&query, ix, v));
                assert!(upper <= pre, "{q:?} v{v}: {upper} > {pre}");
                pre_tight += usize::from(pre < 0.5);
                for th in [0.3f32, 0.5, 0.7, 0.85, 0.95] {
                    if !bound.may_reach(ix, v, th) {
                        assert!(score < th, "{q:?} v{v}: {score} >= {th}");
                        checked += 1;
                    }
                }
            }
        }
        // The bounds do rule variants out, and many pairs score above the thresholds.
        assert!(
            checked > 1000 && tight > 1000 && pre_tight > 1000 && passing > 100,
            "{checked} {tight} {pre_tight} {passing}"
        );
    }
}
