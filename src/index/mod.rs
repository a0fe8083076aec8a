//! Private candidate generation: exact keys, per-word symmetric deletes, phonetic keys.
//!
//! Every name and alias of every entity is a *variant*. Variants are folded once, here, into
//! their words (interned as *tokens*), their space-free key and their phonetic key. A query
//! reaches variants through:
//!
//! * the exact space-free key (one hash probe: "heart stopper" = "Heartstopper");
//! * its words, each matched to lexicon tokens exactly, within one edit (symmetric deletes:
//!   the token's single-character deletions are indexed, the query word's are probed), or by
//!   equal phonetic key; adjacent query words are also tried merged ("hyde corrin"), and a
//!   query word is also tried split in two known tokens ("strangerthings");
//! * the postings of those tokens, rarest first, accumulating IDF-weighted evidence per
//!   variant; tokens too common to enumerate only add evidence to variants already found.
//!
//! Work per query is bounded by [`MAX_QUERY_WORDS`], [`MAX_KEY_BYTES`], [`SEED_POSTINGS`],
//! [`PHONETIC_FANOUT`] and [`MAX_VERIFY`].

pub(crate) mod format;
mod table;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::lexicon::{Kind, Lexicon};
use crate::normalize;
pub(crate) use table::hash;
use table::{Arena, ByClass, Groups, HashMulti, Parts};

/// Most words of a query considered; longer mentions are not names.
pub(crate) const MAX_QUERY_WORDS: usize = 12;
/// Longest space-free query key considered, in bytes.
pub(crate) const MAX_KEY_BYTES: usize = 96;
/// A token with more postings than this does not seed candidates (it only adds evidence).
pub(crate) const SEED_POSTINGS: usize = 4096;
/// A token reached only approximately (edit or sound) seeds candidates only when it has at
/// most this many postings.
pub(crate) const FUZZY_SEED_POSTINGS: usize = 512;
/// Most postings read to seed candidates for one query.
pub(crate) const SEED_BUDGET: usize = 4096;
/// Most lexicon tokens a query word may reach through its phonetic key.
pub(crate) const PHONETIC_FANOUT: usize = 24;
/// Most distinct tokens one query word (or pair of merged words) may reach: the closest, then
/// the rarest.
pub(crate) const MAX_WORD_HITS: usize = 24;
/// Share of a perfect match's word evidence below which the best candidate counts as weakly
/// supported, and only the first [`MIN_VERIFY`] candidates are scored. Mentions that name
/// nothing (most ASR debris) are then 15% cheaper; no result on the evaluation sets, the
/// articles or the bundled-lexicon tests changed at 0.5 (at 0.6, "Catherine Tait" lost
/// Catherine Tate).
const WEAK_EVIDENCE: f32 = 0.5;
/// Weight of the popularity prior in the evidence that ranks candidates for verification:
/// small against one word's IDF (about 2 to 12), so it only orders near-ties.
const PRIOR_TIEBREAK: f32 = 0.05;
/// Most variants fully scored per query.
/// The longest side (in words) whose placements [`Index::token_positions`] puts in order
/// place by place; longer ones are sorted whole.
const PLACE_SIDES: usize = 4;
pub(crate) const MAX_VERIFY: usize = 32;
/// Variants with the most evidence that are always scored; past them, only variants with at
/// least [`VERIFY_RATIO`] of the best evidence are.
const MIN_VERIFY: usize = 8;
/// Share of the best candidate's word evidence a variant needs to be scored (past the first
/// [`MIN_VERIFY`]): a name that shares only a common first name with the query ("Liam" for
/// "Liam Hemsword") is not worth verifying when others share the rare surname too.
const VERIFY_RATIO: f32 = 0.6;
/// Most tokens a short phonetic code (one or two symbols) may reach, when nothing else did.
const SHORT_PHONETIC_FANOUT: usize = 64;
/// Shortest phonetic code used to reach tokens by sound.
const MIN_PHONETIC_CODE: usize = 3;
/// Shortest word (bytes) matched within one edit; shorter words match exactly or phonetically.
const MIN_FUZZY_WORD: usize = 4;
/// Variants whose evidence sets the bar a variant must be able to reach to be verified.
const CUTOFF_SAMPLE: usize = 256;
/// Most variants reached when intersecting two common tokens' postings.
const MAX_INTERSECT: usize = 256;

/// One variant: a name or alias of an entity, folded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Variant {
    pub(crate) entity: u32,
    /// 0 for the canonical name, i for the i-th alias (1-based).
    pub(crate) slot: u16,
    pub(crate) tokens_start: u32,
    pub(crate) tokens_len: u16,
}

/// The index over a lexicon's variants.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub(crate) variants: Vec<Variant>,
    /// Token ids of each variant, in order (ranges given by `Variant`).
    pub(crate) var_tokens: Cow<'static, [u32]>,
    /// Space-free key and phonetic key of each variant, one after the other (by variant id),
    /// so that scoring a variant reads one record.
    var_text: Arena,
    /// Length of each variant's key in bytes (where its phonetic key starts in `var_text`).
    var_key_len: Cow<'static, [u16]>,
    /// Token texts (by token id).
    pub(crate) tok_text: Arena,
    /// Token phonetic keys (by token id).
    pub(crate) tok_phon: Arena,
    /// Postings (variant ids, ascending) of each token: `post_ends[t-1]..post_ends[t]`.
    postings: Cow<'static, [u32]>,
    post_ends: Cow<'static, [u32]>,
    /// Inverse document frequency of each token.
    pub(crate) tok_idf: Cow<'static, [f32]>,
    /// Popularity of each variant's entity in [0, 1] (log weight over the lexicon's largest),
    /// which orders candidates whose words give equal evidence.
    var_prior: Cow<'static, [f32]>,
    /// Whether each token is a function word (very frequent in English: "the", "of").
    pub(crate) tok_stop: Vec<bool>,
    /// IDF given to a query word that is not a lexicon token.
    pub(crate) unknown_idf: f32,
    /// Whether each token has another spelling (a number, an abbreviated word): only the
    /// variants with such a token go in `canon_key_table`.
    tok_canon: Vec<bool>,
    /// Tokens by the hash of their text (verified against `tok_text`), in parts by length and
    /// first byte ([`shape`]), each made on first use.
    tok_table: ByClass,
    /// Variants by the hash of their key (verified against it), in parts by length, each made
    /// on first use.
    key_table: ByClass,
    /// Variants whose canonical key (numbers in digits, words abbreviated) differs from their
    /// key ("Rocky II" is "rocky2"), by that key (see [`normalize::canonical_key_into`]), made
    /// on first use: only a query with a number or an abbreviation reads it.
    pub(super) canon_key_table: OnceLock<HashMulti>,
    /// Variants by their whole phonetic key (the scanner's cheap pre-check), made on first use.
    pub(super) phon_key_table: OnceLock<HashMulti>,
    /// Tokens by their text and by each of their one-character deletions, in parts by the
    /// key's length and first byte ([`delete_part`]), each made on first use.
    delete_table: Parts,
    /// Tokens by length and second byte: with the token table's tokens by length and first
    /// byte, what makes a part of the delete table without reading every token. Made on
    /// first use.
    delete_dir: OnceLock<Groups>,
    /// Tokens by the hash of their phonetic code, in parts by the code's length and first
    /// byte ([`shape`]), each made on first use.
    phon_table: ByClass,
    /// Bigram postings over variant keys (fallback candidate generation), made on first use:
    /// only a query the word index cannot place reads them.
    pub(super) grams: OnceLock<Grams>,
    /// For a token that ends the canonical name of at least one multi-word person: how many
    /// such persons (the surname's ambiguity), and the best-weighted one's variant.
    /// Made on first use (from the lexicon's kinds and weights: see [`Index::surnames`]).
    pub(super) surnames: OnceLock<FxHashMap<u32, Surname>>,
    /// Each token's postings by place (see [`Placed`]), made on the first
    /// [`token_positions`](Index::token_positions): only the scanner reads them.
    placed: OnceLock<Placed>,
}

/// Bits of a [`Placed`] entry that hold the variant (the place is above them).
const PLACED_VARIANT_BITS: u32 = 28;
/// Mask of a [`Placed`] entry's variant.
const PLACED_VARIANT: u32 = (1 << PLACED_VARIANT_BITS) - 1;

/// Each token's postings where the token stands fewer than [`PLACE_SIDES`] words from both
/// ends of the variant, ordered by place (words before, words after) and then variant: entry
/// `place << PLACED_VARIANT_BITS | variant`, `place = before * PLACE_SIDES + after`; token
/// `t`'s are `entries[ends[t-1]..ends[t]]`. What [`Index::token_positions`] gives is then
/// a few slices of each token's list, not each posting's variant read for where the token sits.
#[derive(Debug, Default)]
struct Placed {
    entries: Vec<u32>,
    ends: Vec<u32>,
}

impl Placed {
    fn of(&self, t: u32) -> &[u32] {
        let t = t as usize;
        let start = if t == 0 { 0 } else { self.ends[t - 1] as usize };
        &self.entries[start..self.ends[t] as usize]
    }

    fn heap_bytes(&self) -> usize {
        (self.entries.capacity() + self.ends.capacity()) * 4
    }
}

/// Bigram postings over variant keys: variant ids of bigram `g` are
/// `post[ends[g-1]..ends[g]]`, by key length, then id.
#[derive(Debug, Default)]
pub(crate) struct Grams {
    pub(super) post: Cow<'static, [u32]>,
    pub(super) ends: Cow<'static, [u32]>,
    /// For bigram `g` and each key length `l` below [`GRAM_LEN_DIR`], the offset in `g`'s
    /// list of its first variant with a key of at least `l` bytes (entry `GRAM_LEN_DIR`: of at
    /// least that many), so the lengths a query can match are found without a search.
    pub(super) len_dir: Cow<'static, [u32]>,
}

impl Grams {
    pub(super) fn postings(&self, g: u16) -> &[u32] {
        let g = g as usize;
        let start = if g == 0 { 0 } else { self.ends[g - 1] as usize };
        &self.post[start..self.ends[g] as usize]
    }

    fn heap_bytes(&self) -> usize {
        (owned_len(&self.post) + owned_len(&self.ends) + owned_len(&self.len_dir)) * 4
    }
}

/// Persons sharing a surname token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Surname {
    pub(crate) count: u32,
    pub(crate) best_variant: u32,
    pub(crate) best_weight: f32,
    pub(crate) second_weight: f32,
}

/// A lexicon token reached by a query word, with the word's similarity to it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TokenHit {
    pub(crate) token: u32,
    pub(crate) sim: f32,
}

impl Index {
    pub(crate) fn build(lex: &Lexicon) -> Index {
        let mut ix = Index::default();
        let mut folded = String::new();
        let mut key = Vec::new();
        let mut phon = String::new();
        let mut tok_ids: Vec<u32> = Vec::new();
        // Interning map, dropped once every token has its id (the index keeps `tok_table`).
        let mut tok_by_text: FxHashMap<Box<[u8]>, u32> = FxHashMap::default();
        // Whether each token has another spelling (a number, an abbreviated word), by token.
        let mut tok_canon: Vec<bool> = Vec::new();
        for (e, ent) in lex.entities().iter().enumerate() {
            for (slot, name) in ent.names().enumerate() {
                folded.clear();
                normalize::fold_into(name, &mut folded);
                if folded.is_empty() {
                    continue;
                }
                key.clear();
                phon.clear();
                tok_ids.clear();
                for w in normalize::words(&folded) {
                    key.extend_from_slice(w.as_bytes());
                    let code_start = phon.len();
                    normalize::phonetic_into(w, &mut phon);
                    // Look up before inserting: only a new token allocates its key.
                    let t = match tok_by_text.get(w.as_bytes()) {
                        Some(&t) => t,
                        None => {
                            let t = tok_by_text.len() as u32;
                            tok_by_text.insert(w.as_bytes().into(), t);
                            ix.tok_text.push(w.as_bytes());
                            ix.tok_phon.push(&phon.as_bytes()[code_start..]);
                            tok_canon.push(normalize::has_canonical_form(w.as_bytes()));
                            t
                        }
                    };
                    tok_ids.push(t);
                }
                // Same folded name twice for one entity (e.g. an alias differing only in case).
                ix.variants.push(Variant {
                    entity: e as u32,
                    slot: slot.min(u16::MAX as usize) as u16,
                    tokens_start: ix.var_tokens.len() as u32,
                    tokens_len: tok_ids.len().min(u16::MAX as usize) as u16,
                });
                ix.var_tokens.to_mut().extend_from_slice(&tok_ids);
                ix.var_text.push2(&key, phon.as_bytes());
                ix.var_key_len.to_mut().push(key.len() as u16);
            }
        }
        drop(tok_by_text);
        let weights: Vec<f32> = lex.entities().iter().map(|e| e.weight()).collect();
        let tok_stop = (0..ix.tok_text.len() as u32)
            .map(|t| is_stop_word(ix.tok_text.get(t)))
            .collect();
        ix.derive(&weights, tok_canon, tok_stop);
        ix
    }

    /// Everything an index holds beyond its variants' tokens and keys (which folding gives,
    /// or a saved index holds): postings, IDFs and priors. The hash tables, the bigram
    /// postings and the surnames are made on first use, the larger tables part by part.
    /// `weights` are the entities', `tok_canon` says whether each token has another spelling
    /// and `tok_stop` whether it is a function word.
    pub(crate) fn derive(&mut self, weights: &[f32], tok_canon: Vec<bool>, tok_stop: Vec<bool>) {
        self.init_parts();
        self.tok_canon = tok_canon;
        self.tok_canon.shrink_to_fit();
        self.tok_stop = tok_stop;
        self.tok_stop.shrink_to_fit();
        let ix = self;
        let ntok = ix.tok_text.len();
        // Postings: each token's variants counted, then placed (variants in ascending order,
        // so each list is ascending). A word twice in one name ("New New York") is one
        // posting. The variants' tokens are one run in variant order.
        let mut ends = vec![0u32; ntok];
        each_posting(&ix.variants, &ix.var_tokens, |t, _| ends[t as usize] += 1);
        let mut next = run_starts(&mut ends);
        let mut postings = vec![0u32; ends.last().map_or(0, |&t| t as usize)];
        each_posting(&ix.variants, &ix.var_tokens, |t, v| {
            let slot = &mut next[t as usize];
            postings[*slot as usize] = v;
            *slot += 1;
        });
        drop(next);
        (ix.post_ends, ix.postings) = (ends.into(), postings.into());
        // Each entity's log weight once (an entity has several variants), each distinct
        // weight's mostly once: many entities share a weight (1, 3, 50, ...), and a small
        // direct-mapped cache of logarithms by the weight's bits answers them.
        let mut cache = [(0u32, 0f32); 1024]; // ln(1 + 0) = 0
        let lns: Vec<f32> = weights
            .iter()
            .map(|&w| {
                let bits = w.to_bits();
                let slot = &mut cache[(bits.wrapping_mul(0x9E37_79B9) >> 22) as usize];
                if slot.0 != bits {
                    *slot = (bits, (1.0 + w).ln());
                }
                slot.1
            })
            .collect();
        let max_ln = lns.iter().copied().fold(0f32, f32::max).max(1e-6);
        ix.var_prior = ix
            .variants
            .iter()
            .map(|v| lns[v.entity as usize] / max_ln)
            .collect::<Vec<f32>>()
            .into();
        drop(lns);
        let nvar = ix.variants.len().max(1) as f32;
        // The IDF of each document frequency once (most tokens have one of a few small ones).
        let mut idf_of_df = [f32::NAN; 64];
        ix.tok_idf = (0..ntok)
            .map(|t| {
                let n = ix.postings_of(t as u32).len().max(1);
                let idf = |n: usize| (1.0 + nvar / n as f32).ln();
                match idf_of_df.get_mut(n) {
                    Some(x) if x.is_nan() => {
                        *x = idf(n);
                        *x
                    }
                    Some(x) => *x,
                    None => idf(n),
                }
            })
            .collect();
        ix.unknown_idf = (1.0 + nvar).ln();
        ix.var_text.shrink();
        ix.tok_text.shrink();
        if let Cow::Owned(lens) = &mut ix.var_key_len {
            lens.shrink_to_fit();
        }
        ix.tok_phon.shrink();
        if let Cow::Owned(tokens) = &mut ix.var_tokens {
            tokens.shrink_to_fit();
        }
        ix.variants.shrink_to_fit();
    }

    /// The canonical key table, made on first use.
    pub(super) fn canon_key_table(&self) -> &HashMulti {
        self.canon_key_table.get_or_init(|| {
            let mut pairs = Vec::new();
            let (mut key, mut values) = (Vec::new(), Vec::new());
            for v in 0..self.variants.len() as u32 {
                let tok_ids = self.tokens_of(v);
                if tok_ids.iter().any(|&t| self.tok_canon[t as usize]) {
                    key.clear();
                    values.clear();
                    if self.var_canonical_key(v, &mut key, &mut values) {
                        pairs.push((hash(&key), v));
                    }
                }
            }
            HashMulti::build(pairs)
        })
    }

    /// For each token that ends the canonical name of a multi-word person of `lex` (the
    /// lexicon this index was made from), the persons of that surname; made on first use.
    pub(crate) fn surnames(&self, lex: &Lexicon) -> &FxHashMap<u32, Surname> {
        self.surnames.get_or_init(|| {
            let ents = lex.entities();
            let mut surnames: FxHashMap<u32, Surname> = FxHashMap::default();
            for (v, var) in self.variants.iter().enumerate() {
                if var.slot != 0 || var.tokens_len < 2 {
                    continue;
                }
                let Some(ent) = ents.get(var.entity as usize) else {
                    continue;
                };
                if ent.kind() != Kind::Person {
                    continue;
                }
                let last = self.var_tokens[(var.tokens_start + var.tokens_len as u32 - 1) as usize];
                let w = ent.weight();
                let s = surnames.entry(last).or_insert(Surname {
                    count: 0,
                    best_variant: v as u32,
                    best_weight: -1.0,
                    second_weight: 0.0,
                });
                s.count += 1;
                if w > s.best_weight {
                    s.second_weight = s.best_weight.max(0.0);
                    s.best_weight = w;
                    s.best_variant = v as u32;
                } else if w > s.second_weight {
                    s.second_weight = w;
                }
            }
            surnames
        })
    }

    /// The tokens by [`shape`] of their text.
    fn tok_shapes(&self) -> &Groups {
        self.tok_table
            .dir(|| self.tok_text.shapes(|w| shape(w, w.len())))
    }

    /// The token table's part for `word`.
    #[inline]
    fn tok_part(&self, word: &[u8]) -> &HashMulti {
        self.tok_table.part(
            shape(word, word.len()),
            || self.tok_text.shapes(|w| shape(w, w.len())),
            |t| hash(self.tok_text.get(t)),
        )
    }

    /// The key table's part for keys of `len` bytes.
    #[inline]
    fn key_part(&self, len: usize) -> &HashMulti {
        self.key_table.part(
            len.min(KEY_TABLE_LENS),
            || {
                let max = KEY_TABLE_LENS as u16;
                self.var_key_len.iter().map(|&l| l.min(max)).collect()
            },
            |v| hash(self.var_key(v)),
        )
    }

    /// The phonetic table's part for the code `phon`.
    #[inline]
    fn phon_part(&self, phon: &[u8]) -> &HashMulti {
        self.phon_table.part(
            shape(phon, phon.len()),
            || self.tok_phon.shapes(|c| shape(c, c.len())),
            |t| hash(self.tok_phon.get(t)),
        )
    }

    /// Approximate heap bytes held by the index.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.variants.capacity() * std::mem::size_of::<Variant>()
            + owned_len(&self.var_tokens) * 4
            + self.var_text.heap_bytes()
            + self.tok_text.heap_bytes()
            + self.tok_phon.heap_bytes()
            + owned_len(&self.postings) * 4
            + owned_len(&self.post_ends) * 4
            + owned_len(&self.tok_idf) * 4
            + owned_len(&self.var_prior) * 4
            + owned_len(&self.var_key_len) * 2
            + self.tok_table.heap_bytes()
            + self.tok_text.len() * 8
            + self.key_table.heap_bytes()
            + self.canon_key_table.get().map_or(0, HashMulti::heap_bytes)
            + self.tok_canon.capacity()
            + self.phon_key_table.get().map_or(0, HashMulti::heap_bytes)
            + self.delete_table.heap_bytes()
            + self.delete_dir.get().map_or(0, Groups::heap_bytes)
            + self.phon_table.heap_bytes()
            + self.surnames.get().map_or(0, |s| s.capacity() * 32)
            + self.grams.get().map_or(0, Grams::heap_bytes)
            + self.placed.get().map_or(0, Placed::heap_bytes)
    }

    /// Makes [`Placed`] now, as the scanner's first [`token_positions`](Index::token_positions)
    /// would.
    pub(crate) fn prepare_placed(&self) {
        let _ = self.placed();
    }

    /// [`Placed`], made on first use; `None` for a lexicon with too many variants for its
    /// entries (2^28).
    fn placed(&self) -> Option<&Placed> {
        if self.variants.len() > PLACED_VARIANT as usize + 1 {
            return None;
        }
        Some(self.placed.get_or_init(|| {
            let ntok = self.post_ends.len();
            // A token is near both ends of a variant of at most `2 * PLACE_SIDES - 1` tokens
            // only (fewer than `PLACE_SIDES` words on either side): those variants, by how many
            // tokens they have.
            let mut by_len: Vec<Vec<u32>> = vec![Vec::new(); 2 * PLACE_SIDES];
            for (v, var) in self.variants.iter().enumerate() {
                if let Some(list) = by_len.get_mut(usize::from(var.tokens_len)) {
                    list.push(v as u32);
                }
            }
            // Each token's placements counted, then written place by place (`before`, then
            // `after`) and, within a place, variant by variant: each token's list comes out
            // ordered by place and variant, without a sort.
            let mut ends = vec![0u32; ntok];
            for (len, list) in by_len.iter().enumerate() {
                let near = len.saturating_sub(PLACE_SIDES)..len.min(PLACE_SIDES);
                for &v in list {
                    for &t in &self.tokens_of(v)[near.clone()] {
                        ends[t as usize] += 1;
                    }
                }
            }
            let mut next = Vec::with_capacity(ntok);
            let mut total = 0u32;
            for e in &mut ends {
                next.push(total);
                total += *e;
                *e = total;
            }
            let mut entries = vec![0u32; total as usize];
            for before in 0..PLACE_SIDES {
                for after in 0..PLACE_SIDES {
                    let place = (before * PLACE_SIDES + after) as u32;
                    for &v in &by_len[before + after + 1] {
                        let t = self.tokens_of(v)[before] as usize;
                        entries[next[t] as usize] = place << PLACED_VARIANT_BITS | v;
                        next[t] += 1;
                    }
                }
            }
            Placed { entries, ends }
        }))
    }

    /// Sets up the tables made part by part on first use (none of their parts is made).
    pub(crate) fn init_parts(&mut self) {
        self.delete_table = Parts::new((DELETE_LENS + 1) * BYTE_CLASSES);
        self.delete_dir = OnceLock::new();
        self.tok_table = ByClass::new(SHAPES);
        self.key_table = ByClass::new(KEY_TABLE_LENS + 1);
        self.phon_table = ByClass::new(SHAPES);
    }

    /// Part `p` of the delete table (see [`delete_part`]), made on first use: the keys of
    /// length `p / BYTE_CLASSES` (or more, for the last length) whose first byte is of class
    /// `p % BYTE_CLASSES`. They are the texts of the tokens of that length and first byte,
    /// and the deletions of the tokens one byte longer that start with that byte (every
    /// deletion but the first byte's) or whose second byte is of that class (the first
    /// byte's deletion).
    fn delete_part(&self, p: usize) -> &HashMulti {
        self.delete_table.part(p, || {
            let first = self.tok_shapes();
            let second = self.delete_dir.get_or_init(|| {
                // By the second byte's class instead of the first's.
                let classes = self
                    .tok_text
                    .shapes(|w| shape(w.get(1..).unwrap_or_default(), w.len()));
                Groups::new(SHAPES, &classes)
            });
            let (len, class) = (p / BYTE_CLASSES, p % BYTE_CLASSES);
            // Token lengths whose texts have this length class, and the one whose
            // deletions have it.
            let (own, del): (&[usize], usize) = if len < DELETE_LENS {
                (&[len], len + 1)
            } else {
                (&[DELETE_LENS, DELETE_LENS + 1], DELETE_LENS + 1)
            };
            let mut pairs: Vec<(u64, u32)> = Vec::new();
            for &l in own {
                for &t in first.get(l * BYTE_CLASSES + class) {
                    let w = self.tok_text.get(t);
                    if w.len() + 1 >= MIN_FUZZY_WORD {
                        pairs.push((hash(w), t));
                    }
                }
            }
            let mut buf = Vec::new();
            for &t in first.get(del * BYTE_CLASSES + class) {
                let w = self.tok_text.get(t);
                if w.len() >= MIN_FUZZY_WORD {
                    for_each_delete(w, &mut buf, |d| {
                        if byte_class(d[0]) == class {
                            pairs.push((hash(d), t));
                        }
                    });
                }
            }
            for &t in second.get(del * BYTE_CLASSES + class) {
                let w = self.tok_text.get(t);
                if w.len() >= MIN_FUZZY_WORD && byte_class(w[0]) != class {
                    pairs.push((hash(&w[1..]), t));
                }
            }
            HashMulti::build_part(pairs.len(), |i| pairs[i].0, |i| pairs[i].1)
        })
    }

    /// The bigram postings, made on first use.
    pub(crate) fn grams(&self) -> &Grams {
        self.grams.get_or_init(|| self.build_grams())
    }

    /// The phonetic key table, made on first use.
    pub(super) fn phon_key_table(&self) -> &HashMulti {
        self.phon_key_table.get_or_init(|| {
            // Each key's hash once (`build_with` asks for it twice).
            let hashes: Vec<u64> = (0..self.variants.len() as u32)
                .map(|v| hash(self.var_phon(v)))
                .collect();
            HashMulti::build_with(hashes.len(), |v| hashes[v], |v| v as u32)
        })
    }

    fn build_grams(&self) -> Grams {
        // Bigrams of variant keys.
        let mut gram_pairs: Vec<(u32, u32)> = Vec::with_capacity(self.var_text.len() * 12);
        // The last variant each bigram was recorded for: a bigram twice in one key is one
        // posting, without sorting each key's bigrams.
        let mut last = vec![u32::MAX; NGRAMS];
        // Variants by key length (then id), so that each bigram's list is in that order
        // and a query reads only the lengths that can match.
        let mut by_len: Vec<u32> = (0..self.variants.len() as u32).collect();
        by_len.sort_by_key(|&v| self.var_key_len[v as usize]);
        // Postings of each bigram per key length (capped at GRAM_LEN_DIR).
        let mut len_counts = vec![0u32; NGRAMS * (GRAM_LEN_DIR + 1)];
        for v in by_len {
            let l = usize::from(self.var_key_len[v as usize]).min(GRAM_LEN_DIR);
            for w in self.var_key(v).windows(2) {
                if let (Some(a), Some(b)) = (sym(w[0]), sym(w[1])) {
                    let g = a * 36 + b;
                    if last[g as usize] != v {
                        last[g as usize] = v;
                        gram_pairs.push((u32::from(g), v));
                        len_counts[g as usize * (GRAM_LEN_DIR + 1) + l] += 1;
                    }
                }
            }
        }
        let grams = group_by_key(NGRAMS, &gram_pairs);
        drop(gram_pairs);
        // Counts to offsets: entry l = postings with a shorter key.
        for row in len_counts.chunks_mut(GRAM_LEN_DIR + 1) {
            let mut before = 0;
            for c in row {
                let n = *c;
                *c = before;
                before += n;
            }
        }
        Grams {
            ends: grams.0.into(),
            post: grams.1.into(),
            len_dir: len_counts.into(),
        }
    }

    fn gram_postings(&self, g: u16) -> &[u32] {
        self.grams().postings(g)
    }

    /// Fallback candidates for a key that the word index could not place (several edits in
    /// one word, or words run together): variants sharing the most bigrams with `key`, at
    /// most [`MAX_GRAM_OUT`], appended to `out`.
    ///
    /// Prefix filtering keeps it exact and bounded: a variant within the bigram budget must
    /// share one of the query's rarest bigrams, so only those lists seed candidates (at most
    /// [`MAX_GRAM_SEEDS`] postings); the other lists are binary-searched per candidate.
    pub(crate) fn gather_bigrams(&self, key: &[u8], out: &mut Vec<u32>) {
        let mut grams = Vec::new();
        key_bigrams(key, &mut grams);
        if grams.len() < 3 {
            return;
        }
        grams.sort_unstable_by_key(|&g| (self.gram_postings(g).len(), g));
        let q = grams.len();
        // Require at least half of the query's bigrams: seeding from the rarest q - t + 1
        // lists then finds every such variant.
        let t = q.div_ceil(2).max(2);
        let seeds = q - t + 1;
        let klen = key.len();
        let mut seeded: Vec<(u16, u32)> = with_accumulator(|acc| {
            acc.start();
            let mut budget = MAX_GRAM_SEEDS;
            // Keys shorter than half the query's or over twice as long cannot be similar
            // enough; within a list (ordered by key length) the others form one run.
            let (min_len, max_len) = (klen.div_ceil(2), 2 * klen);
            for &g in &grams[..seeds] {
                let list = self.gram_postings(g);
                let lo = self.gram_len_start(g, list, min_len);
                let hi = self.gram_len_start(g, list, max_len + 1);
                // Past the budget, the lengths nearest the query's.
                let take = (hi - lo).min(budget);
                let mid = self.gram_len_start(g, list, klen);
                let end = (mid + take / 2).max(lo + take).min(hi);
                acc.reserve(take);
                for &v in &list[end - take..end] {
                    acc.add(v, 1.0);
                }
                budget -= take;
                if budget == 0 {
                    break;
                }
            }
            acc.entries().map(|(v, c)| (c as u16, v)).collect()
        });
        if seeded.len() > MAX_GRAM_VERIFY {
            seeded
                .select_nth_unstable_by(MAX_GRAM_VERIFY, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            seeded.truncate(MAX_GRAM_VERIFY);
        }
        // The full overlap of each seeded variant, counted on its key against the query's
        // bigram set (one read per variant, instead of a search in every other list).
        let mut qset = [0u64; NGRAMS.div_ceil(64)];
        for &g in &grams {
            qset[g as usize / 64] |= 1 << (g % 64);
        }
        let mut ranked: Vec<(u16, i64, u32)> = Vec::with_capacity(seeded.len());
        // Every key's first bytes first, so that their cache misses overlap.
        std::hint::black_box(seeded.iter().fold(0u8, |x, &(_, v)| {
            x ^ self.var_key(v).first().copied().unwrap_or(0)
        }));
        for (_, v) in seeded {
            let vkey = self.var_key(v);
            // Each shared bigram once: clear its bit in a copy of the query's set.
            let mut left = qset;
            let mut c = 0usize;
            for w in vkey.windows(2) {
                if let (Some(a), Some(b)) = (sym(w[0]), sym(w[1])) {
                    let g = (a * 36 + b) as usize;
                    let bit = 1u64 << (g % 64);
                    if left[g / 64] & bit != 0 {
                        left[g / 64] &= !bit;
                        c += 1;
                    }
                }
            }
            if c >= t {
                ranked.push((c as u16, vkey.len().abs_diff(klen) as i64, v));
            }
        }
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        out.extend(ranked.iter().take(MAX_GRAM_OUT).map(|r| r.2));
    }

    /// Where variants with keys of at least `len` bytes start in bigram `g`'s `list`: read from
    /// the length directory, or, for lengths past it, searched for among the longest keys.
    #[inline]
    fn gram_len_start(&self, g: u16, list: &[u32], len: usize) -> usize {
        let row = &self.grams().len_dir[usize::from(g) * (GRAM_LEN_DIR + 1)..][..GRAM_LEN_DIR + 1];
        if len <= GRAM_LEN_DIR {
            return row[len] as usize;
        }
        let long = row[GRAM_LEN_DIR] as usize;
        long + list[long..].partition_point(|&v| usize::from(self.var_key_len[v as usize]) < len)
    }

    /// The space-free key of variant `v`.
    #[inline]
    pub(crate) fn var_key(&self, v: u32) -> &[u8] {
        self.var_key_phon(v).0
    }

    /// The length of [`var_key`](Self::var_key)`(v)`, without reading the key (the loader
    /// checks that it is within the variant's text).
    #[inline]
    pub(crate) fn var_key_len(&self, v: u32) -> usize {
        usize::from(self.var_key_len[v as usize])
    }

    /// The phonetic key of variant `v`.
    #[inline]
    pub(crate) fn var_phon(&self, v: u32) -> &[u8] {
        self.var_key_phon(v).1
    }

    /// The space-free and phonetic keys of variant `v`.
    #[inline]
    pub(crate) fn var_key_phon(&self, v: u32) -> (&[u8], &[u8]) {
        let text = self.var_text.get(v);
        text.split_at(usize::from(self.var_key_len[v as usize]).min(text.len()))
    }

    /// Reads what scoring variant `v` will read first (its record, keys and the first bytes of
    /// its words), returning a value to keep the loads alive. Touching a whole candidate list
    /// this way before scoring it lets the cache misses of different candidates overlap,
    /// instead of each being paid inside a long scoring step.
    #[inline]
    pub(crate) fn touch(&self, v: u32) -> u32 {
        let (key, _) = self.var_key_phon(v);
        let mut x =
            u32::from(key.first().copied().unwrap_or(0)) ^ self.var_prior[v as usize].to_bits();
        for &t in self.tokens_of(v) {
            x ^= self.tok_idf[t as usize].to_bits();
            x ^= u32::from(self.tok_text.first_byte(t));
            x ^= u32::from(self.tok_phon.first_byte(t));
        }
        x
    }

    /// Popularity of variant `v`'s entity in [0, 1].
    #[inline]
    pub(crate) fn var_prior(&self, v: u32) -> f32 {
        self.var_prior[v as usize]
    }

    #[inline]
    pub(crate) fn postings_of(&self, t: u32) -> &[u32] {
        let t = t as usize;
        let start = if t == 0 {
            0
        } else {
            self.post_ends[t - 1] as usize
        };
        &self.postings[start..self.post_ends[t] as usize]
    }

    #[inline]
    pub(crate) fn tokens_of(&self, v: u32) -> &[u32] {
        let var = &self.variants[v as usize];
        let s = var.tokens_start as usize;
        &self.var_tokens[s..s + var.tokens_len as usize]
    }

    /// The token id of an exact word, if the lexicon has it.
    #[inline]
    pub(crate) fn token(&self, word: &[u8]) -> Option<u32> {
        self.tok_part(word)
            .get(hash(word))
            .find(|&t| self.tok_text.get(t) == word)
    }

    /// Reads the token table's buckets for every word of `words` (see [`HashMulti::touch`]),
    /// so that the [`token`](Self::token) probes that follow find them in cache.
    pub(crate) fn touch_tokens<'w>(&self, words: impl Iterator<Item = &'w [u8]>) -> u32 {
        words.fold(0, |x, w| x ^ self.tok_part(w).touch_one(hash(w)))
    }

    /// Variants whose space-free key equals `key`.
    pub(crate) fn exact_key<'a>(&'a self, key: &'a [u8]) -> impl Iterator<Item = u32> + 'a {
        self.key_part(key.len())
            .get(hash(key))
            .filter(move |&v| self.var_key(v) == key)
    }

    /// Variants whose canonical key equals `canon_key` while differing from their space-free
    /// key, appended to `out`.
    pub(crate) fn canonical_key_variants(&self, canon_key: &[u8], out: &mut Vec<u32>) {
        let mut key = Vec::with_capacity(canon_key.len());
        let mut values = Vec::new();
        for v in self.canon_key_table().get(hash(canon_key)) {
            key.clear();
            self.var_canonical_key(v, &mut key, &mut values);
            if key == canon_key {
                out.push(v);
            }
        }
    }

    /// Appends variant `v`'s canonical key to `key` and its numbers to `values`; whether any
    /// word was rewritten.
    pub(crate) fn var_canonical_key(
        &self,
        v: u32,
        key: &mut Vec<u8>,
        values: &mut Vec<u32>,
    ) -> bool {
        normalize::canonical_key_into(
            self.tokens_of(v).iter().map(|&t| self.tok_text.get(t)),
            key,
            values,
        )
    }

    /// Whether some variant with the phonetic key `phon` (see
    /// [`phonetic_key_variants`](Self::phonetic_key_variants)) passes `f`.
    pub(crate) fn any_with_phonetic_key(&self, phon: &[u8], f: impl FnMut(u32) -> bool) -> bool {
        self.phon_key_table()
            .get(hash(phon))
            .filter(|&v| self.var_phon(v) == phon)
            .any(f)
    }

    /// Variants whose whole phonetic key equals `phon`, appended to `out`.
    pub(crate) fn phonetic_key_variants(&self, phon: &[u8], out: &mut Vec<u32>) {
        out.extend(
            self.phon_key_table()
                .get(hash(phon))
                .filter(|&v| self.var_phon(v) == phon),
        );
    }

    /// For the variants containing any of `tokens`: where that token sits, as (words before,
    /// words after) and the variant, at most `max_postings` postings read. Only placements
    /// with fewer than `max_side` words on either side are kept (the scanner's windows are
    /// shorter than that). Appended to `groups` and `variants`, grouped by place in the order
    /// of (before, after), each group's variants ascending and without repeats: a group is
    /// `(before, after, end)`, its variants those of `variants` from the previous group's end
    /// (or the start) to `end`. The scanner uses this to try only windows that can line up
    /// with a name, and to pre-score them.
    // (Out of line, as before it took a scratch list: the profiles by phase name it.)
    #[inline(never)]
    pub(crate) fn token_positions(
        &self,
        tokens: impl IntoIterator<Item = u32>,
        max_postings: usize,
        max_side: usize,
        groups: &mut Vec<(u8, u8, u32)>,
        variants: &mut Vec<u32>,
    ) {
        // One token (a word the text writes exactly): its runs by place are each sorted and
        // without repeats already (one placement per variant and place), and in the order of
        // their places, so they are the groups as they are read, without the lists below.
        let mut tokens = tokens.into_iter();
        let (one, two) = (tokens.next(), tokens.next());
        if let (Some(t), None, Some(placed)) = (one, two, self.placed()) {
            if max_side <= PLACE_SIDES {
                let post = self.postings_of(t);
                let take = post.len().min(max_postings);
                if take == 0 {
                    return;
                }
                for_placed_runs(
                    placed.of(t),
                    last_read(post, take),
                    max_side,
                    |place, run| {
                        variants.extend(run.iter().map(|&x| x & PLACED_VARIANT));
                        groups.push((
                            (place / PLACE_SIDES) as u8,
                            (place % PLACE_SIDES) as u8,
                            variants.len() as u32,
                        ));
                    },
                );
                return;
            }
        }
        let tokens = one.into_iter().chain(two).chain(tokens);
        // In this thread's lists, reused: no allocation per word.
        with_scratch(|Scratch { packed, places, .. }| {
            if max_side > PLACE_SIDES {
                // Long sides: the placements packed and sorted whole.
                packed.clear();
                self.packed_positions(tokens, max_postings, max_side, |p| packed.push(p));
                group_packed(packed, groups, variants);
                return;
            }
            // The scanner's sides are short: each token's placements are read place by place
            // from its postings by place ([`Placed`]), each place's run going to the list of
            // its place (words before, words after); a place's variants, ascending when one
            // token gave them, are sorted only when not. (No sort of the whole list.)
            places.resize_with(PLACE_SIDES * PLACE_SIDES, Vec::new);
            let (mut used, mut count) = (0u32, 0);
            if let Some(placed) = self.placed() {
                let mut budget = max_postings;
                for t in tokens {
                    // The first `take` postings are read: the variants up to the last of them
                    // (postings ascend).
                    let post = self.postings_of(t);
                    let take = post.len().min(budget);
                    let rest = if take == 0 { &[][..] } else { placed.of(t) };
                    for_placed_runs(rest, last_read(post, take), max_side, |place, run| {
                        used |= 1 << place;
                        count += run.len();
                        places[place].extend(run.iter().map(|&x| x & PLACED_VARIANT));
                    });
                    budget -= take;
                    if budget == 0 {
                        break;
                    }
                }
            } else {
                self.packed_positions(tokens, max_postings, max_side, |p| {
                    let place = ((p >> 40) as usize) * PLACE_SIDES + ((p >> 32) & 0xff) as usize;
                    used |= 1 << place;
                    count += 1;
                    places[place].push(p as u32);
                });
            }
            variants.reserve(count);
            groups.reserve(used.count_ones() as usize);
            while used != 0 {
                let at = used.trailing_zeros() as usize;
                used &= used - 1;
                let place = &mut places[at];
                if !place.is_sorted() {
                    place.sort_unstable();
                }
                place.dedup();
                variants.extend_from_slice(place);
                place.clear();
                groups.push((
                    (at / PLACE_SIDES) as u8,
                    (at % PLACE_SIDES) as u8,
                    variants.len() as u32,
                ));
            }
        });
    }

    /// [`token_positions`](Self::token_positions)' placements, each packed as
    /// `before << 40 | after << 32 | variant` and passed to `push`, unsorted.
    fn packed_positions(
        &self,
        tokens: impl IntoIterator<Item = u32>,
        max_postings: usize,
        max_side: usize,
        mut push: impl FnMut(u64),
    ) {
        let mut budget = max_postings;
        for t in tokens {
            let post = self.postings_of(t);
            let take = post.len().min(budget);
            for &v in &post[..take] {
                let toks = self.tokens_of(v);
                for (j, &x) in toks.iter().enumerate() {
                    let after = toks.len() - 1 - j;
                    if x == t && j < max_side && after < max_side {
                        let before = j.min(255) as u64;
                        let after = after.min(255) as u64;
                        push(before << 40 | after << 32 | u64::from(v));
                    }
                }
            }
            budget -= take;
            if budget == 0 {
                break;
            }
        }
    }

    /// Lexicon tokens matching `word` exactly, within one edit, or phonetically; appended to
    /// `out` (a token may appear more than once; the caller keeps the best similarity).
    ///
    /// Without `sims`, the similarities that decide nothing here (of the tokens that sound
    /// like the word) are not computed and are NaN: the same tokens, for a caller that needs
    /// only which tokens (the scanner's placements).
    pub(crate) fn token_hits(&self, word: &[u8], phon: &[u8], sims: bool, out: &mut Vec<TokenHit>) {
        // The word's comparison pattern, made on first use (most tokens reached are compared
        // with it: its masks are built once, not per token).
        let pat = std::cell::OnceCell::new();
        let pat = || {
            pat.get_or_init(|| crate::distance::Pattern::new(word))
                .as_ref()
        };
        let exact = self.token(word);
        if let Some(t) = exact {
            out.push(TokenHit { token: t, sim: 1.0 });
        }
        if word.len() + 1 >= MIN_FUZZY_WORD && word.len() <= 48 {
            // (The lists are this thread's, reused across lookups: no allocation per word.)
            with_scratch(
                |Scratch {
                     buf, keys, found, ..
                 }| {
                    // The word as a deletion of a longer token ("lre" of "lere"), and, for words
                    // long enough, the word's own deletions (substitutions, insertions,
                    // transpositions): their buckets (part, key) are all touched before any is
                    // searched.
                    keys.clear();
                    keys.push((delete_part(word), hash(word)));
                    if word.len() >= MIN_FUZZY_WORD {
                        for_each_delete(word, buf, |d| keys.push((delete_part(d), hash(d))));
                    }
                    std::hint::black_box(
                        keys.iter()
                            .fold(0, |x, &(p, k)| x ^ self.delete_part(p).touch_one(k)),
                    );
                    // Tokens within the deletes' reach, all found before any is compared, so that
                    // the cache misses of reading them overlap.
                    found.clear();
                    for &(p, k) in keys.iter() {
                        found.extend(self.delete_part(p).get(k));
                    }
                    std::hint::black_box(
                        found
                            .iter()
                            .fold(0u8, |x, &t| x ^ self.tok_text.first_byte(t)),
                    );
                    for &t in found.iter() {
                        if Some(t) == exact {
                            // The word itself, reached through each of its deletions: at
                            // distance 0 without comparing.
                            out.push(TokenHit { token: t, sim: 1.0 });
                        } else {
                            self.push_fuzzy(word, pat, t, out);
                        }
                    }
                },
            );
        }
        // Short phonetic codes ("T" for "duty") reach hundreds of unrelated words: they are
        // used only when nothing else matched the word ("Lybia" for "Libya"), and only for
        // tokens of about the same spelling.
        if phon.len() < MIN_PHONETIC_CODE && out.is_empty() && phon.len() >= 2 && word.len() >= 4 {
            for t in self
                .phon_part(phon)
                .get(hash(phon))
                .take(SHORT_PHONETIC_FANOUT)
            {
                let text = self.tok_text.get(t);
                if self.tok_phon.get(t) == phon {
                    let sim = crate::distance::osa_sim(word, text);
                    if sim >= 0.5 {
                        out.push(TokenHit {
                            token: t,
                            sim: sim.max(0.5),
                        });
                    }
                }
            }
        }
        if phon.len() >= MIN_PHONETIC_CODE {
            let sounds = self.phon_part(phon).get(hash(phon)).take(PHONETIC_FANOUT);
            // Their texts first, so that the cache misses overlap.
            std::hint::black_box(sounds.clone().fold(0u8, |x, t| {
                x ^ self.tok_phon.first_byte(t) ^ self.tok_text.first_byte(t)
            }));
            for t in sounds {
                if self.tok_phon.get(t) == phon {
                    let sim = if sims {
                        crate::distance::osa_sim_with(pat(), word, self.tok_text.get(t)).max(0.5)
                    } else {
                        f32::NAN
                    };
                    out.push(TokenHit { token: t, sim });
                }
            }
        }
    }

    fn push_fuzzy<'p>(
        &self,
        word: &[u8],
        pat: impl Fn() -> Option<&'p crate::distance::Pattern>,
        t: u32,
        out: &mut Vec<TokenHit>,
    ) {
        let text = self.tok_text.get(t);
        // (Most tokens the deletes reach are one edit away, which shows without the full
        // distance.)
        let d = crate::distance::osa_if_close(word, text)
            .unwrap_or_else(|| crate::distance::osa_with(pat(), word, text));
        if d <= 2 {
            let n = word.len().max(text.len()) as f32;
            out.push(TokenHit {
                token: t,
                sim: 1.0 - d as f32 / n,
            });
        }
    }

    /// Collects candidate variants for a query whose words reached `hits` (one list per query
    /// word or merged/split word), ranked by accumulated IDF-weighted evidence; at most
    /// [`MAX_VERIFY`] are written to `out`.
    pub(crate) fn gather(&self, hits: &[(f32, Vec<TokenHit>)], out: &mut Vec<u32>) {
        out.clear();
        // The weight of each distinct token (its IDF, at most its list's cap, times the
        // similarity; the best across lists), and whether it was reached exactly; and the
        // evidence of a name matching every query word exactly (each list's best weight).
        let mut all: Vec<(u32, f32, bool)> =
            Vec::with_capacity(hits.iter().map(|(_, list)| list.len()).sum());
        let mut whole = 0f32;
        for (cap, list) in hits {
            let mut best = 0f32;
            for h in list {
                let w = self.tok_idf[h.token as usize].min(*cap) * h.sim;
                best = best.max(w);
                all.push((h.token, w, h.sim >= 1.0));
            }
            whole += best;
        }
        all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        all.dedup_by_key(|h| h.0);
        let mut toks: Vec<(usize, u32, f32, bool)> = all
            .iter()
            .map(|&(t, w, exact)| (self.postings_of(t).len(), t, w, exact))
            .collect();
        // By postings, then token (distinct), as one integer each: it compares faster.
        toks.sort_unstable_by_key(|&(df, t, _, _)| (df as u64) << 32 | u64::from(t));
        with_accumulator(|acc| self.gather_into(&toks, whole, acc, out));
    }

    fn gather_into(
        &self,
        toks: &[(usize, u32, f32, bool)],
        whole: f32,
        acc: &mut Accumulator,
        out: &mut Vec<u32>,
    ) {
        acc.start();
        let mut common: Vec<(u32, f32)> = Vec::new();
        // Rarest tokens seed candidates until the budget is spent; the rest only add evidence.
        // The head of every list first, so that their cache misses overlap.
        std::hint::black_box(toks.iter().fold(0u32, |x, &(_, t, _, _)| {
            x ^ self.postings_of(t).first().copied().unwrap_or(0)
        }));
        let mut budget = SEED_BUDGET;
        for &(df, t, w, exact) in toks {
            let limit = if exact {
                SEED_POSTINGS
            } else {
                FUZZY_SEED_POSTINGS
            };
            if df <= limit && df <= budget {
                acc.reserve(df);
                for &v in self.postings_of(t) {
                    acc.add(v, w);
                }
                budget -= df;
            } else {
                common.push((t, w));
            }
        }
        if acc.len() == 0 && common.len() >= 2 {
            // Only common tokens: intersect the two rarest.
            let a = self.postings_of(common[0].0);
            let b = self.postings_of(common[1].0);
            let (mut i, mut j) = (0, 0);
            acc.reserve(MAX_INTERSECT);
            while i < a.len() && j < b.len() && acc.len() < MAX_INTERSECT {
                match a[i].cmp(&b[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        acc.add(a[i], common[0].1 + common[1].1);
                        i += 1;
                        j += 1;
                    }
                }
            }
            common.drain(..2);
        }
        // The best MAX_VERIFY by evidence (ties: lower variant id), kept in a heap whose top
        // is the worst kept. Evidence is non-negative, so its bit pattern orders it.
        //
        // Any MAX_VERIFY variants end with at least the least seeded evidence among them, so
        // a variant whose seeded evidence plus all the common tokens' and the largest tiebreak
        // falls short of the MAX_VERIFY-th best of the first variants touched (the rarest
        // tokens' postings, a cheap sample) cannot be kept: it is skipped before its tokens
        // and prior (cache misses on a cold index) are read.
        let common_sum: f32 = common.iter().map(|c| c.1).sum();
        // The margin absorbs rounding in the sums.
        let reach = common_sum + PRIOR_TIEBREAK + 1e-3;
        let (nth, cutoff) = if acc.len() > MAX_VERIFY {
            // (Evidence is non-negative: its bit patterns order it, and compare faster.)
            let mut seeded = [0u32; CUTOFF_SAMPLE];
            let mut n = 0;
            for (slot, e) in seeded.iter_mut().zip(acc.entries()) {
                *slot = e.1.to_bits();
                n += 1;
            }
            let (_, nth, _) = seeded[..n].select_nth_unstable_by(MAX_VERIFY - 1, |a, b| b.cmp(a));
            let nth = f32::from_bits(*nth);
            (nth, nth - reach)
        } else {
            (f32::NEG_INFINITY, f32::NEG_INFINITY)
        };
        // The variants with at least that MAX_VERIFY-th evidence are scored first: the worst
        // of the best MAX_VERIFY among them is then a bar at least as high, usually higher
        // (they hold the common tokens too), and the others are held to it. The best
        // MAX_VERIFY are the same whatever the order variants are offered in.
        acc.split(nth, cutoff);
        let mut kept = std::mem::take(&mut acc.kept);
        kept.clear();
        self.keep_best(&acc.first, &common, &mut kept);
        let bar = if kept.len() == MAX_VERIFY {
            // The worst of the best MAX_VERIFY.
            let worst = kept.iter().min().map_or(0, |&k| (k >> 32) as u32);
            (f32::from_bits(worst) - reach).max(cutoff)
        } else {
            cutoff
        };
        acc.second.retain(|e| e.1 >= bar);
        self.keep_best(&acc.second, &common, &mut kept);
        // Best first (ties: lower variant id). The keys are in that order when no evidence is
        // a negative zero (whose bits would sort above every other), which a lexicon's
        // evidence never is; they sort faster as integers.
        let in_key_order = kept.iter().all(|&k| k >> 63 == 0);
        if in_key_order {
            kept.sort_unstable_by(|a, b| b.cmp(a));
        }
        let mut top: Vec<(f32, u32)> = kept
            .iter()
            .map(|&k| (f32::from_bits((k >> 32) as u32), u32::MAX - k as u32))
            .collect();
        acc.kept = kept;
        if !in_key_order {
            top.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        // Past the first few, variants with far less evidence than the best are not worth
        // verifying.
        let best = top.first().map_or(0.0, |r| r.0);
        let floor = best * VERIFY_RATIO;
        // When even the best has less than half the evidence of a name matching every query
        // word, the words found little: the first few are enough to look at.
        let weak = best < whole * WEAK_EVIDENCE;
        out.extend(
            top.iter()
                .enumerate()
                .filter(|(i, r)| *i < MIN_VERIFY || (!weak && r.0 >= floor))
                .map(|(_, r)| r.1),
        );
    }

    /// Adds `(variant, seeded evidence)` pairs to `kept`, which holds the best [`MAX_VERIFY`] by
    /// evidence (the seeded, the tiebreak by popularity and the common tokens the variant
    /// holds; ties: lower variant id), each as one key whose order is theirs: the evidence's
    /// bits (it is non-negative, so they order it) above the variant id's complement.
    fn keep_best(&self, cands: &[(u32, f32)], common: &[(u32, f32)], kept: &mut Vec<u64>) {
        // Their priors and words first, so that the cache misses overlap.
        std::hint::black_box(cands.iter().fold(0u32, |x, &(v, _)| {
            let x = x ^ self.var_prior[v as usize].to_bits();
            if common.is_empty() {
                x
            } else {
                x ^ self.tokens_of(v).first().copied().unwrap_or(0)
            }
        }));
        for &(v, seeded) in cands {
            // Equal word evidence: the more prominent entity first.
            let mut score = seeded + PRIOR_TIEBREAK * self.var_prior[v as usize];
            if !common.is_empty() {
                let vt = self.tokens_of(v);
                for &(t, w) in common {
                    if vt.contains(&t) {
                        score += w;
                    }
                }
            }
            kept.push(u64::from(score.max(0.0).to_bits()) << 32 | u64::from(u32::MAX - v));
        }
        // The best MAX_VERIFY keys, whatever the order they came in (they are distinct: so are
        // the variants).
        if kept.len() > MAX_VERIFY {
            kept.select_nth_unstable_by(MAX_VERIFY - 1, |a, b| b.cmp(a));
            kept.truncate(MAX_VERIFY);
        }
    }

    pub(crate) fn variant_count(&self) -> usize {
        self.variants.len()
    }
}

thread_local! {
    /// Per-thread evidence accumulator for [`Index::gather`], reused across lookups and
    /// matchers.
    static ACCUMULATOR: RefCell<Accumulator> = RefCell::default();
}

thread_local! {
    /// Per-thread lists for [`Index::token_hits`], reused across lookups and matchers.
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Lists [`Index::token_hits`] fills for each query word, and [`Index::token_positions`] for
/// each word placed.
#[derive(Default)]
struct Scratch {
    /// Packed placements being sorted.
    packed: Vec<u64>,
    /// Placed variants, one list per place ([`Index::token_positions`]).
    places: Vec<Vec<u32>>,
    /// A deletion of the word being made.
    buf: Vec<u8>,
    /// `(delete table part, key hash)` of the word and of each of its deletions.
    keys: Vec<(usize, u64)>,
    /// Tokens those keys reach.
    found: Vec<u32>,
}

/// Sorts packed placements (`before << 40 | after << 32 | variant`: the order of the tuple,
/// which sorts much faster as one integer), drops repeats, and appends them as groups of one
/// place (words before, words after, end of its variants in `variants`).
fn group_packed(packed: &mut Vec<u64>, groups: &mut Vec<(u8, u8, u32)>, variants: &mut Vec<u32>) {
    packed.sort_unstable();
    packed.dedup();
    variants.reserve(packed.len());
    // (Bits 32 and up are the words before and after.)
    for group in packed.chunk_by(|x, y| x >> 32 == y >> 32) {
        variants.extend(group.iter().map(|&x| x as u32));
        groups.push((
            (group[0] >> 40) as u8,
            (group[0] >> 32) as u8,
            variants.len() as u32,
        ));
    }
}

/// Runs `f` with this thread's scratch lists, or with private ones if they are already
/// borrowed (re-entry on one thread, which cannot happen today).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Runs `f` with this thread's accumulator, or with a private one if it is already borrowed
/// (re-entry on one thread, which cannot happen today).
fn with_accumulator<R>(f: impl FnOnce(&mut Accumulator) -> R) -> R {
    ACCUMULATOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut acc) => f(&mut acc),
        Err(_) => f(&mut Accumulator::default()),
    })
}

/// Per-variant evidence for one lookup: a small open-addressed table keyed by variant id.
///
/// A lookup touches a few hundred variants (at most about [`SEED_BUDGET`] +
/// [`MAX_INTERSECT`]). Hashing them into a table of a few thousand slots, reused across
/// lookups, keeps the accumulator in the core's own cache, whatever the lexicon's size; an
/// array with a slot per variant (megabytes at 150,000 entities) made every posting a cache
/// miss.
///
/// The entries themselves are a dense list in first-touch order, and a slot holds an entry's
/// place in it; a slot is in use only when that entry exists and points back to the slot (a
/// *sparse set*), so the table is never cleared: a new lookup empties the list, which leaves
/// every slot stale. Most variants of a lookup are touched once, so clearing their slots one
/// by one and reading the entries back through the slots cost more than adding them.
#[derive(Default)]
struct Accumulator {
    /// For each slot, the place in `entries` of the entry it holds, if that entry points back
    /// to it; the length is a power of two.
    slots: Vec<u32>,
    /// `(variant, evidence, slot)` of the variants the current lookup touched, in first-touch
    /// order.
    entries: Vec<(u32, f32, u32)>,
    /// `(variant, evidence)` at or above a bar, in first-touch order ([`Self::split`]).
    first: Vec<(u32, f32)>,
    /// `(variant, evidence)` below that bar and at or above a lower one.
    second: Vec<(u32, f32)>,
    /// The best variants' keys (see [`Index::keep_best`]).
    kept: Vec<u64>,
}

/// Slots of a fresh accumulator (grown to a power of two when it would be over half full).
const ACCUMULATOR_SLOTS: usize = 1024;

impl Accumulator {
    /// Empties the table for a new lookup.
    fn start(&mut self) {
        self.entries.clear();
        if self.slots.is_empty() {
            self.slots = vec![u32::MAX; ACCUMULATOR_SLOTS];
        }
    }

    #[inline]
    fn home(v: u32, mask: usize) -> usize {
        // Fibonacci hashing: neighbouring ids land far apart.
        ((u64::from(v).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 40) as usize & mask
    }

    /// Makes room for `n` more variants (the table stays at most half full).
    #[inline]
    fn reserve(&mut self, n: usize) {
        if (self.entries.len() + n) * 2 > self.slots.len() {
            self.grow(self.entries.len() + n);
        }
        self.entries.reserve(n);
    }

    /// Adds `w` to variant `v`'s evidence; room must have been [reserved](Self::reserve).
    #[inline]
    fn add(&mut self, v: u32, w: f32) {
        debug_assert!(self.entries.len() * 2 < self.slots.len());
        let mask = self.slots.len() - 1;
        let mut i = Self::home(v, mask);
        loop {
            match self.entries.get_mut(self.slots[i] as usize) {
                Some(e) if e.2 == i as u32 => {
                    if e.0 == v {
                        e.1 += w;
                        return;
                    }
                }
                _ => {
                    self.slots[i] = self.entries.len() as u32;
                    self.entries.push((v, w, i as u32));
                    return;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Grows the table to hold `n` variants at most half full, keeping the entries.
    #[cold]
    fn grow(&mut self, n: usize) {
        let len = (2 * n).next_power_of_two().max(ACCUMULATOR_SLOTS);
        // (No entry has u32::MAX places: a table that large is never made.)
        self.slots = vec![u32::MAX; len];
        let mask = len - 1;
        for (k, e) in self.entries.iter_mut().enumerate() {
            let mut i = Self::home(e.0, mask);
            while self.slots[i] != u32::MAX {
                i = (i + 1) & mask;
            }
            self.slots[i] = k as u32;
            e.2 = i as u32;
        }
    }

    /// Number of variants touched by the current lookup.
    #[inline]
    fn len(&self) -> usize {
        self.entries.len()
    }

    /// Fills [`Self::first`] with the variants whose evidence is at least `hi`, and
    /// [`Self::second`] with those below it but at least `lo`, each in first-touch order.
    fn split(&mut self, hi: f32, lo: f32) {
        self.first.clear();
        self.second.clear();
        for &(v, w, _) in &self.entries {
            if w >= hi {
                self.first.push((v, w));
            } else if w >= lo {
                self.second.push((v, w));
            }
        }
    }

    /// `(variant, evidence)` of every variant touched, in first-touch order.
    #[inline]
    fn entries(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.entries.iter().map(|&(v, w, _)| (v, w))
    }
}

/// Number of distinct bigrams of the folded alphabet (a-z, 0-9).
const NGRAMS: usize = 36 * 36;
/// Most postings read to seed bigram candidates for one query.
pub(crate) const MAX_GRAM_SEEDS: usize = 1024;
/// Key lengths the bigram length directory distinguishes (longer keys share its last entry).
const GRAM_LEN_DIR: usize = 48;
/// Most bigram candidates scored: the fallback's answers rank near the top by overlap (no
/// result on the evaluation sets, the articles or the bundled-lexicon tests changed from 32
/// to 16, nor to 8).
const MAX_GRAM_OUT: usize = 16;
/// Most bigram-seeded variants whose full bigram overlap is counted.
const MAX_GRAM_VERIFY: usize = 64;

fn sym(b: u8) -> Option<u16> {
    match b {
        b'a'..=b'z' => Some(u16::from(b - b'a')),
        b'0'..=b'9' => Some(26 + u16::from(b - b'0')),
        _ => None,
    }
}

/// The distinct bigram ids of a key, sorted.
fn key_bigrams(key: &[u8], out: &mut Vec<u16>) {
    out.clear();
    for w in key.windows(2) {
        if let (Some(a), Some(b)) = (sym(w[0]), sym(w[1])) {
            out.push(a * 36 + b);
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// Zipf frequency from which a word is a function word whose absence barely matters.
const STOP_ZIPF: f32 = 6.0;

/// The function words (Zipf frequency of at least [`STOP_ZIPF`]), and the longest one's length:
/// a short set probed once per token when an index is made, instead of the whole word list.
static STOP_WORDS: std::sync::LazyLock<(rustc_hash::FxHashSet<&'static [u8]>, usize)> =
    std::sync::LazyLock::new(|| {
        // (From the frequent words, which the stock-phrase test reads too: one pass over the
        // list for both.)
        const _: () = assert!(STOP_ZIPF >= crate::words::FREQUENT_ZIPF);
        let words: Vec<&[u8]> = crate::words::frequent_words()
            .iter()
            .filter(|&&(_, z)| z >= STOP_ZIPF)
            .map(|&(w, _)| w)
            .collect();
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        (words.into_iter().collect(), longest)
    });

/// The variant a token's placements are read up to when `take` of its `post`ings are read
/// (postings ascend): the last one read, or [`PLACED_VARIANT`] for all of them.
#[inline(always)]
fn last_read(post: &[u32], take: usize) -> u32 {
    if take == post.len() {
        PLACED_VARIANT
    } else {
        post[take.max(1) - 1]
    }
}

/// Calls `f(place, placements)` for the runs of a token's placements by place (`rest`:
/// [`Placed::of`], one run per place, in the order of their places) within `max_side` words
/// on either side, each cut to the variants up to `last` ([`last_read`]); the placements keep
/// their place bits.
#[inline(always)]
fn for_placed_runs(mut rest: &[u32], last: u32, max_side: usize, mut f: impl FnMut(usize, &[u32])) {
    while let Some(&first) = rest.first() {
        let place = (first >> PLACED_VARIANT_BITS) as usize;
        let run = rest.partition_point(|&x| (x >> PLACED_VARIANT_BITS) as usize == place);
        let (run, tail) = rest.split_at(run);
        rest = tail;
        if place / PLACE_SIDES >= max_side || place % PLACE_SIDES >= max_side {
            continue;
        }
        let keep = if last == PLACED_VARIANT {
            run.len()
        } else {
            run.partition_point(|&x| x & PLACED_VARIANT <= last)
        };
        if keep > 0 {
            f(place, &run[..keep]);
        }
    }
}

/// Whether a folded word is a function word ("the", "of", "and"): its Zipf frequency is at
/// least [`STOP_ZIPF`].
pub(crate) fn is_stop_word(word: &[u8]) -> bool {
    let (set, longest) = &*STOP_WORDS;
    word.len() <= *longest && set.contains(word)
}

/// Key lengths the key table's parts tell apart (longer keys share the last part).
const KEY_TABLE_LENS: usize = 64;
/// Key lengths the delete table's parts tell apart (longer keys share the last part).
const DELETE_LENS: usize = 32;
/// Classes of a string's first byte in the parts of the token, phonetic and delete tables:
/// a letter (either case), a digit, any other byte.
const BYTE_CLASSES: usize = 37;
/// String lengths the token and phonetic tables' parts tell apart (longer strings share the
/// last part): one more than the delete table's, so that the tokens by [`shape`] tell the
/// tokens whose deletions are in the delete table's last part from those whose texts are.
const SHAPE_LENS: usize = DELETE_LENS + 1;
/// Classes of [`shape`].
const SHAPES: usize = (SHAPE_LENS + 1) * BYTE_CLASSES;

/// The class of a byte: a letter (either case), a digit, or anything else.
#[inline]
fn byte_class(b: u8) -> usize {
    usize::from(BYTE_CLASS[usize::from(b)])
}

/// [`byte_class`] of every byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [36u8; 256];
    let mut i = 0;
    while i < 26 {
        t[b'a' as usize + i] = i as u8;
        t[b'A' as usize + i] = i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 26 + d as u8;
        d += 1;
    }
    t
};

/// The part of the token or phonetic table holding a string of `len` bytes that starts
/// with `s` (`s` is the string, or for the delete table's directory, the string from its
/// second byte): by its length and its first byte.
#[inline]
fn shape(s: &[u8], len: usize) -> usize {
    len.min(SHAPE_LENS) * BYTE_CLASSES + byte_class(s.first().copied().unwrap_or(0))
}

/// The delete table's part holding `key` (non-empty): by its length and its first byte.
///
/// The delete table maps the hash of every token of at least `MIN_FUZZY_WORD - 1` bytes, and
/// of every single-byte deletion of every token of at least `MIN_FUZZY_WORD` bytes, to the
/// token. A query word probes its own text and its deletions, so it reads at most three parts
/// (its length and first byte; one less and its first or second byte) of the 1,221: a lookup
/// makes a few per cent of the table.
#[inline]
fn delete_part(key: &[u8]) -> usize {
    key.len().min(DELETE_LENS) * BYTE_CLASSES + byte_class(key.first().copied().unwrap_or(0))
}

/// The elements a copy-on-write array holds on the heap (none when it is borrowed from the
/// program's bytes).
// The `Cow` itself is the question (owned or borrowed), not its slice.
#[allow(clippy::ptr_arg)]
fn owned_len<T: Clone>(a: &Cow<'_, [T]>) -> usize {
    match a {
        Cow::Owned(v) => v.capacity(),
        Cow::Borrowed(_) => 0,
    }
}

/// Calls `f(token, variant)` for each distinct token of each variant, in variant order (a word
/// twice in one name, "New New York", is one posting).
#[inline]
fn each_posting(variants: &[Variant], var_tokens: &[u32], mut f: impl FnMut(u32, u32)) {
    for (v, var) in variants.iter().enumerate() {
        let s = var.tokens_start as usize;
        let v = v as u32;
        // Most names have one or two words: those without a search for repeats.
        match &var_tokens[s..s + usize::from(var.tokens_len)] {
            [] => {}
            &[a] => f(a, v),
            &[a, b] => {
                f(a, v);
                if b != a {
                    f(b, v);
                }
            }
            toks => {
                for (i, &t) in toks.iter().enumerate() {
                    // (`all`, not `contains`: on these few words `contains` cost 3 M more
                    // instructions for the bundled index.)
                    if toks[..i].iter().all(|&x| x != t) {
                        f(t, v);
                    }
                }
            }
        }
    }
}

/// Groups `(key, value)` pairs by key with a counting sort: returns the end offset of each
/// key's run and the values, in their input order within a run.
fn group_by_key(nkeys: usize, pairs: &[(u32, u32)]) -> (Vec<u32>, Vec<u32>) {
    let mut ends = vec![0u32; nkeys];
    for &(k, _) in pairs {
        ends[k as usize] += 1;
    }
    let mut next = run_starts(&mut ends);
    let mut vals = vec![0u32; pairs.len()];
    for &(k, v) in pairs {
        let slot = &mut next[k as usize];
        vals[*slot as usize] = v;
        *slot += 1;
    }
    (ends, vals)
}

/// A counting sort's offsets: turns each key's count in `ends` into the end of its run (a
/// running sum) and returns each run's start, where the key's next value is placed.
fn run_starts(ends: &mut [u32]) -> Vec<u32> {
    let mut total = 0u32;
    for e in ends.iter_mut() {
        total += *e;
        *e = total;
    }
    std::iter::once(0)
        .chain(ends.iter().copied())
        .take(ends.len())
        .collect()
}

/// Calls `f` with every single-byte deletion of `w` (distinct ones only for runs of equal bytes).
/// The deletion at `i` differs from the one at `i - 1` in one byte (`w[i - 1]` where the other
/// has `w[i]`), so `buf` is written once and then changed a byte at a time.
fn for_each_delete(w: &[u8], buf: &mut Vec<u8>, mut f: impl FnMut(&[u8])) {
    if w.is_empty() {
        return;
    }
    buf.clear();
    buf.extend_from_slice(&w[1..]);
    f(buf);
    for i in 1..w.len() {
        buf[i - 1] = w[i - 1];
        if w[i] != w[i - 1] {
            f(buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accumulator_sums_per_variant_across_growth_and_lookups() {
        let mut acc = Accumulator::default();
        for round in 0..3u32 {
            acc.start();
            // Enough variants to grow the table several times, each added twice, plus the
            // largest id a lexicon can have.
            let ids: Vec<u32> = (0..5000u32)
                .map(|i| i.wrapping_mul(2_654_435_761) % 1_000_000 + round)
                .chain([u32::MAX - 1])
                .collect();
            let mut want: FxHashMap<u32, f32> = FxHashMap::default();
            let mut order = Vec::new();
            for pass in 0..2 {
                acc.reserve(ids.len());
                for &v in &ids {
                    acc.add(v, 1.0 + pass as f32);
                    if !want.contains_key(&v) {
                        order.push(v);
                    }
                    *want.entry(v).or_insert(0.0) += 1.0 + pass as f32;
                }
            }
            assert_eq!(acc.len(), want.len());
            let got: Vec<(u32, f32)> = acc.entries().collect();
            // First-touch order, every sum exact, nothing left over from the previous round.
            assert_eq!(got.iter().map(|e| e.0).collect::<Vec<_>>(), order);
            for (v, w) in got {
                assert_eq!(w, want[&v], "variant {v}");
            }
        }
        acc.start();
        assert_eq!(acc.len(), 0);
        assert_eq!(acc.entries().count(), 0);
        // A small lookup after large ones: the slots the last one left are all stale.
        acc.reserve(4);
        for v in [7, 1_000_001, 7, 2] {
            acc.add(v, 0.5);
        }
        assert_eq!(
            acc.entries().collect::<Vec<_>>(),
            [(7, 1.0), (1_000_001, 0.5), (2, 0.5)]
        );
    }

    #[test]
    fn deletions_are_each_byte_removed_once_per_run() {
        for w in [
            "",
            "a",
            "ab",
            "aab",
            "abba",
            "colman",
            "mississippi",
            "zzz",
            "\u{e9}t\u{e9}",
        ] {
            let w = w.as_bytes();
            let mut want: Vec<Vec<u8>> = Vec::new();
            for i in 0..w.len() {
                if i > 0 && w[i] == w[i - 1] {
                    continue;
                }
                want.push([&w[..i], &w[i + 1..]].concat());
            }
            let mut got = Vec::new();
            for_each_delete(w, &mut Vec::new(), |d| got.push(d.to_vec()));
            assert_eq!(got, want, "{w:?}");
        }
    }

    /// [`Index::token_positions`] read from the postings by place ([`Placed`]) gives what the
    /// placements read from each posting's variant give once sorted, deduplicated and grouped:
    /// names of one to ten words from a small vocabulary (so tokens repeat, within a name too),
    /// one token or several, every budget from none to all, every side up to [`PLACE_SIDES`].
    #[test]
    fn placements_by_place_are_the_sorted_placements() {
        let mut lex = Lexicon::builder();
        let mut next = crate::xorshift(0x0dd_ba11_5eed_f00d);
        let vocab = [
            "ann", "bo", "cy", "dee", "ed", "flo", "gus", "hal", "ivy", "jo", "kit", "lu",
        ];
        for i in 0..4000 {
            let words = 1 + next() % 10;
            let name: Vec<&str> = (0..words)
                .map(|_| vocab[(next() % vocab.len() as u64) as usize])
                .collect();
            lex.push(crate::Entity::new(format!("e{i}"), name.join(" ")))
                .unwrap();
        }
        let ix = Index::build(&lex.build());
        let ntok = ix.tok_text.len() as u32;
        // The sorted placements, as the long sides are placed.
        let reference = |tokens: &[u32], budget: usize, side: usize| {
            let mut packed = Vec::new();
            ix.packed_positions(tokens.iter().copied(), budget, side, |p| packed.push(p));
            let (mut groups, mut variants) = (Vec::new(), Vec::new());
            super::group_packed(&mut packed, &mut groups, &mut variants);
            (groups, variants)
        };
        let mut checked = 0;
        for round in 0..400 {
            let n = 1 + round % 3;
            let tokens: Vec<u32> = (0..n).map(|_| (next() % u64::from(ntok)) as u32).collect();
            for budget in [0, 1, 7, 100, 512, usize::MAX] {
                for side in 1..=PLACE_SIDES {
                    let (mut groups, mut variants) = (Vec::new(), Vec::new());
                    ix.token_positions(
                        tokens.iter().copied(),
                        budget,
                        side,
                        &mut groups,
                        &mut variants,
                    );
                    assert_eq!(
                        (groups, variants),
                        reference(&tokens, budget, side),
                        "{tokens:?} {budget} {side}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 0 && ix.placed().is_some());
    }

    /// The token, phonetic, key and delete tables, made part by part on first use, answer
    /// every probe as one whole table of every key would: every length class (past the last
    /// part's too), first bytes that are letters and digits, runs of equal bytes.
    #[test]
    fn tables_made_in_parts_answer_like_whole_tables() {
        let mut lex = Lexicon::builder();
        let mut next = crate::xorshift(0x1234_5678_9abc_def1);
        let alphabet = [
            "a", "b", "l", "o", "oo", "s", "z", "0", "7", "\u{4e2d}", "\u{e9}",
        ];
        for i in 0..3000 {
            let words = 1 + next() % 3;
            let name: Vec<String> = (0..words)
                .map(|_| {
                    let len = 1 + (next() % 40) as usize;
                    (0..len)
                        .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                        .collect()
                })
                .collect();
            lex.push(crate::Entity::new(format!("e{i}"), name.join(" ")))
                .unwrap();
        }
        let ix = Index::build(&lex.build());
        let ntok = ix.tok_text.len() as u32;
        let classes: std::collections::BTreeSet<usize> = (0..ntok)
            .map(|t| byte_class(ix.tok_text.get(t)[0]))
            .collect();
        // Folding leaves letters and digits.
        assert!(classes.contains(&0) && classes.contains(&26));
        assert!((0..ntok).any(|t| ix.tok_text.get(t).len() > SHAPE_LENS + 1));
        // The delete table as one map: every key of every token, to its tokens.
        let mut deletes: FxHashMap<Vec<u8>, Vec<u32>> = FxHashMap::default();
        let mut buf = Vec::new();
        for t in 0..ntok {
            let w = ix.tok_text.get(t);
            if w.len() + 1 >= MIN_FUZZY_WORD {
                deletes.entry(w.to_vec()).or_default().push(t);
            }
            if w.len() >= MIN_FUZZY_WORD {
                for_each_delete(w, &mut buf, |d| {
                    deletes.entry(d.to_vec()).or_default().push(t)
                });
            }
        }
        for (key, tokens) in &mut deletes {
            tokens.dedup();
            let got: Vec<u32> = ix.delete_part(delete_part(key)).get(hash(key)).collect();
            assert_eq!(&got, tokens, "{key:?}");
        }
        for t in 0..ntok {
            let (text, phon) = (ix.tok_text.get(t), ix.tok_phon.get(t));
            assert_eq!(ix.token(text), Some(t));
            let sounds: Vec<u32> = ix.phon_part(phon).get(hash(phon)).collect();
            assert!(sounds.contains(&t));
            assert!(sounds.iter().all(|&s| ix.tok_phon.get(s) == phon));
        }
        let mut keys: FxHashMap<&[u8], Vec<u32>> = FxHashMap::default();
        for v in 0..ix.variant_count() as u32 {
            keys.entry(ix.var_key(v)).or_default().push(v);
        }
        for (key, variants) in keys {
            assert_eq!(ix.exact_key(key).collect::<Vec<_>>(), variants);
        }
        assert_eq!(ix.token(b"absent"), None);
    }

    #[test]
    fn stop_words_are_the_words_at_the_zipf_threshold() {
        for w in [
            "the", "of", "and", "a", "heart", "colman", "", "don't", "dont",
        ] {
            assert_eq!(
                is_stop_word(w.as_bytes()),
                normalize::zipf(w) >= STOP_ZIPF,
                "{w:?}"
            );
        }
        assert!(is_stop_word(b"the") && !is_stop_word(b"heart"));
        assert!(!is_stop_word(&[0xff, b't']));
        for w in crate::words::words_at_least(0.0) {
            let w = std::str::from_utf8(w).unwrap();
            assert_eq!(
                is_stop_word(w.as_bytes()),
                normalize::zipf(w) >= STOP_ZIPF,
                "{w:?}"
            );
        }
    }

    #[test]
    fn bigram_length_directory_agrees_with_a_search() {
        let mut lex = Lexicon::builder();
        // Keys from 2 to about 120 bytes, many sharing bigrams.
        for i in 0..400usize {
            let name = format!("{} {}", "ab".repeat(1 + i % 60), i);
            lex.push(crate::Entity::new(format!("e{i}"), name)).unwrap();
        }
        let ix = Index::build(&lex.build());
        for g in 0..NGRAMS as u16 {
            let list = ix.gram_postings(g);
            let lens: Vec<usize> = list
                .iter()
                .map(|&v| usize::from(ix.var_key_len[v as usize]))
                .collect();
            assert!(
                lens.windows(2).all(|w| w[0] <= w[1]),
                "bigram {g} not by length"
            );
            for len in 0..200 {
                let want = lens.partition_point(|&l| l < len);
                assert_eq!(
                    ix.gram_len_start(g, list, len),
                    want,
                    "bigram {g}, length {len}"
                );
            }
        }
    }
}
