//! Exact mentions: which lexicon keys a piece of text names as written.
//!
//! `namefix`'s scanner settles close calls in favour of entities *the document already
//! names* (an exact-key window anywhere in the text). Checking one paragraph on its own
//! therefore needs to know what the rest of the document names. This module finds those
//! windows the way the scanner's exact probes do (same word segmentation, folding, window
//! limits and end-of-window rule) and keeps, for each key, a short *snippet*: the window's
//! own text, which reproduces the same exact probe when it is checked (see
//! [`crate::engine`]).
//!
//! Over-reporting is harmless (a snippet whose key the scanner would not probe adds nothing),
//! under-reporting would not be, so every rule here errs towards reporting.

use namefix::{normalize, Kind, Lexicon, MAX_WINDOW};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_segmentation::UnicodeSegmentation;

/// Longest word (bytes) the scanner uses in windows (`scan.rs`'s `MAX_WORD_BYTES`).
const MAX_WORD_BYTES: usize = 64;
/// A token reached exactly and held by more names than this only adds evidence to candidates
/// found through other tokens (the index's `SEED_POSTINGS`); two such tokens together can
/// still bring candidates.
const SEED_POSTINGS: usize = 4096;
/// The same for a token reached within an edit or by sound (`FUZZY_SEED_POSTINGS`).
const FUZZY_SEED_POSTINGS: usize = 512;
/// Shortest phonetic code the index looks up (`MIN_PHONETIC_CODE`).
const MIN_PHONETIC_CODE: usize = 3;
/// Shortest word the index matches within an edit, as the deletion of a longer token
/// (`MIN_FUZZY_WORD - 1`).
const MIN_FUZZY_QUERY: usize = 3;
/// Most words in a fuzzy window (`scan.rs`'s `MAX_FUZZY_WINDOW`).
const MAX_FUZZY_WINDOW: usize = 4;
/// Zipf frequency of ordinary English words (`scan.rs`'s `COMMON_ZIPF`).
const COMMON_ZIPF: f32 = 4.0;
/// Zipf frequency below which an unknown word looks misspelt (`scan.rs`'s `RARE_ZIPF`).
const RARE_ZIPF: f32 = 2.0;

/// The space-free keys and the words (tokens) of every name and alias of a lexicon.
#[derive(Debug, Default)]
pub struct KeyIndex {
    /// Entities (indices into the lexicon) with a name or alias of each key.
    keys: FxHashMap<Box<str>, Vec<u32>>,
    /// Each token with the number of names and aliases that hold it (its postings).
    tokens: FxHashMap<Box<str>, u32>,
}

impl KeyIndex {
    /// Indexes every name and alias of `lexicon` (about 0.1 s for the bundled lexicon).
    pub fn new(lexicon: &Lexicon) -> KeyIndex {
        let mut ix = KeyIndex::default();
        let mut folded = String::new();
        let mut key = String::new();
        for (e, ent) in lexicon.entities().iter().enumerate() {
            for name in std::iter::once(ent.name()).chain(ent.aliases()) {
                folded.clear();
                normalize::fold_into(name, &mut folded);
                key.clear();
                let mut seen: Vec<&str> = Vec::new();
                for w in normalize::words(&folded) {
                    key.push_str(w);
                    if seen.contains(&w) {
                        continue;
                    }
                    seen.push(w);
                    match ix.tokens.get_mut(w) {
                        Some(n) => *n += 1,
                        None => {
                            ix.tokens.insert(w.into(), 1);
                        }
                    }
                }
                if key.is_empty() {
                    continue;
                }
                match ix.keys.get_mut(key.as_str()) {
                    Some(v) => {
                        if v.last() != Some(&(e as u32)) {
                            v.push(e as u32);
                        }
                    }
                    None => {
                        ix.keys.insert(key.as_str().into(), vec![e as u32]);
                    }
                }
            }
        }
        ix
    }

    /// Whether `key` is the space-free key of some name or alias.
    pub fn is_key(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }

    /// The entities (indices into the lexicon) with a name or alias whose key is `key`.
    pub fn entities_of(&self, key: &str) -> &[u32] {
        self.keys.get(key).map_or(&[], |v| v.as_slice())
    }

    /// Whether `word` (folded) is a word of some name or alias.
    pub fn is_token(&self, word: &str) -> bool {
        self.tokens.contains_key(word)
    }

    /// How many names and aliases hold the token `word` (folded); 0 for a non-token.
    pub fn postings(&self, word: &str) -> usize {
        self.tokens.get(word).map_or(0, |&n| n as usize)
    }
}

/// A word as the scanner segments it.
#[derive(Debug)]
struct Word {
    start: usize,
    end: usize,
    core_end: usize,
    folded: String,
    joins_next: bool,
}

/// One exact-key window of a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mention {
    /// The window's space-free key.
    pub key: String,
    /// Text that, checked on its own, makes the scanner probe the same key the same way (the
    /// window's words, plus the next word when only a merge with it made the window count;
    /// ASCII letters lowercased so the snippet draws no capitalised-run probes).
    pub snippet: String,
}

/// The exact-key windows of `text`, in order, each key once.
pub fn mentions(ix: &KeyIndex, text: &str) -> Vec<Mention> {
    let words = segment(text);
    let mut out: Vec<Mention> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut key = String::with_capacity(64);
    let lexical = |w: &Word| ix.is_token(&w.folded);
    let merges_with_next = |j: usize| {
        if j + 1 >= words.len() || !words[j].joins_next {
            return false;
        }
        let mut k = words[j].folded.replace(' ', "");
        k.push_str(&words[j + 1].folded.replace(' ', ""));
        ix.is_token(&k)
    };
    for i in 0..words.len() {
        if words[i].folded.is_empty() {
            continue;
        }
        key.clear();
        let mut j = i;
        while j < words.len() && j < i + MAX_WINDOW {
            let w = &words[j];
            if w.folded.is_empty() || w.folded.len() > MAX_WORD_BYTES {
                break;
            }
            key.extend(w.folded.chars().filter(|&c| c != ' '));
            let single_ok = lexical(w);
            let merge_ok = j == i && !single_ok && merges_with_next(j);
            if (single_ok || j > i || merge_ok) && ix.is_key(&key) && !seen.contains(&key) {
                seen.insert(key.clone());
                let end = if merge_ok { words[j + 1].end } else { w.end };
                out.push(Mention {
                    key: key.clone(),
                    snippet: text[words[i].start..end].to_ascii_lowercase(),
                });
            }
            if !w.joins_next || w.core_end != w.end {
                break;
            }
            j += 1;
        }
    }
    out
}

/// Short words the scanner splits off a word they were run into ("Valleyand"): `scan.rs`'s
/// `GLUE_WORDS`.
const GLUE_WORDS: &[&str] = &[
    "and", "who", "the", "was", "for", "has", "had", "with", "from", "but", "that", "are", "were",
    "his", "her", "its", "our", "their", "this", "which",
];

/// What a text could be fuzzily matched against: every word the scanner may query the index
/// with in its fuzzy windows (folded words, the part of a word left after splitting off a
/// glued common word, adjacent words merged), each with its phonetic key, and every such
/// window's space-free key.
#[derive(Debug, Default)]
pub struct Footprint {
    keys: FxHashSet<String>,
    words: Vec<(String, String)>,
}

/// Tokens and keys of entities whose "named in the document" status changed: a block whose
/// [`Footprint`] touches none of them checks the same as before.
#[derive(Debug, Default)]
pub struct Probe {
    keys: Vec<String>,
    /// Per entity: its tokens.
    entities: Vec<Vec<ProbeToken>>,
}

/// A token of a probed entity.
#[derive(Debug)]
struct ProbeToken {
    text: String,
    phonetic: String,
    /// Names and aliases holding it.
    postings: usize,
    /// The surname of a person (a one-word query equal to it brings the person whatever its
    /// frequency).
    surname: bool,
}

impl Probe {
    /// The probe for every entity with a name or alias of one of `keys`.
    pub fn new<'a>(
        ix: &KeyIndex,
        lexicon: &Lexicon,
        keys: impl IntoIterator<Item = &'a str>,
    ) -> Probe {
        let mut p = Probe::default();
        let mut seen_key: FxHashSet<String> = FxHashSet::default();
        let mut seen_ent: FxHashSet<u32> = FxHashSet::default();
        for k in keys {
            for &e in ix.entities_of(k) {
                if !seen_ent.insert(e) {
                    continue;
                }
                let ent = &lexicon.entities()[e as usize];
                let canonical = normalize::fold(ent.name());
                let surname = (ent.kind() == Kind::Person
                    && normalize::words(&canonical).count() >= 2)
                    .then(|| normalize::words(&canonical).last())
                    .flatten();
                let mut tokens: Vec<ProbeToken> = Vec::new();
                for name in std::iter::once(ent.name()).chain(ent.aliases()) {
                    let folded = normalize::fold(name);
                    let key: String = normalize::words(&folded).collect();
                    if !key.is_empty() && seen_key.insert(key.clone()) {
                        p.keys.push(key);
                    }
                    for w in normalize::words(&folded) {
                        if !tokens.iter().any(|t| t.text == w) {
                            tokens.push(ProbeToken {
                                text: w.to_string(),
                                phonetic: normalize::phonetic(w),
                                postings: ix.postings(w),
                                surname: surname == Some(w),
                            });
                        }
                    }
                }
                p.entities.push(tokens);
            }
        }
        p
    }
}

impl Footprint {
    /// Whether a fuzzy window of this text could have one of `probe`'s entities among its
    /// candidates: the window's key is one of theirs, or the entity has a token that a query
    /// word (or merged pair, or split part) reaches: the same word, one deletion from each
    /// apart (words of four letters or more), sounding the same, or a word starting or ending
    /// with it. A
    /// common token brings candidates only together with another one.
    pub fn touches(&self, ix: &KeyIndex, probe: &Probe) -> bool {
        if probe.keys.iter().any(|k| self.keys.contains(k)) {
            return true;
        }
        // Whether a query word reaches token `t` exactly, and whether one reaches it within
        // an edit, by sound or as half of a split word.
        let reached = |t: &ProbeToken| {
            let exact = self.words.iter().any(|(x, _)| *x == t.text);
            let fuzzy = self.words.iter().any(|(x, xp)| {
                (xp.len() >= MIN_PHONETIC_CODE && *xp == t.phonetic)
                    || (x.len() >= MIN_FUZZY_QUERY && x.len() <= 48 && one_delete_apart(x, &t.text))
                    || split_into(ix, x, &t.text)
            });
            (exact, fuzzy)
        };
        probe.entities.iter().any(|tokens| {
            let mut common = 0;
            for t in tokens {
                let (exact, fuzzy) = reached(t);
                if t.surname && exact {
                    return true;
                }
                let seeds = (exact && t.postings <= SEED_POSTINGS)
                    || (fuzzy && t.postings <= FUZZY_SEED_POSTINGS);
                if seeds {
                    return true;
                }
                if exact || fuzzy {
                    common += 1;
                    if common >= 2 {
                        return true;
                    }
                }
            }
            false
        })
    }
}

/// Whether the index splits query word `x` into two tokens, one of them `t`.
fn split_into(ix: &KeyIndex, x: &str, t: &str) -> bool {
    if x.len() < 5 || x.len() > 32 || t.len() < 2 || x.len() < t.len() + 2 {
        return false;
    }
    (x.starts_with(t) && ix.is_token(&x[t.len()..]))
        || (x.ends_with(t) && ix.is_token(&x[..x.len() - t.len()]))
}

/// Whether deleting at most one character from each of `a` and `b` can make them equal (how
/// the index reaches a token within one edit: symmetric deletes).
fn one_delete_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let dels = |s: &[u8]| -> Vec<Vec<u8>> {
        let mut v = vec![s.to_vec()];
        for i in 0..s.len() {
            let mut d = s.to_vec();
            d.remove(i);
            v.push(d);
        }
        v
    };
    let da = dels(a);
    dels(b).iter().any(|d| da.contains(d))
}

/// The [`Footprint`] of `text`: the scanner's fuzzy windows (around words that look
/// misspelt and runs of capitalised words), enumerated as `scan.rs` does, with every filter
/// that does not depend on the lexicon's scores left out (so it holds at least the scanner's
/// queries).
pub fn footprint(ix: &KeyIndex, text: &str) -> Footprint {
    let words = segment(text);
    let mut fp = Footprint::default();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let lexical = |w: &Word| ix.is_token(&w.folded);
    let zipf = |w: &Word| {
        if w.folded.is_empty() || w.folded.contains(' ') {
            0.0
        } else {
            normalize::zipf(&w.folded)
        }
    };
    let capital = |w: &Word| {
        text[w.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let closed = |k: usize| !words[k].joins_next || words[k].core_end != words[k].end;
    let mut query: Vec<String> = Vec::new();
    for a in 0..words.len() {
        let w = &words[a];
        if w.folded.is_empty() || w.folded.len() > MAX_WORD_BYTES {
            continue;
        }
        let unknown =
            !lexical(w) && zipf(w) < RARE_ZIPF && w.folded.bytes().any(|b| b.is_ascii_alphabetic());
        // The scanner anchors windows at every capitalised word (not only a run's first).
        let run_start = capital(w);
        if !unknown && !run_start {
            continue;
        }
        // The anchor as written, or split at a glued common word (name part first or last).
        let mut alts: Vec<Option<Split>> = vec![None];
        if unknown {
            alts.extend(splits(text, w).into_iter().map(Some));
        }
        // The windows the scanner may look up: around a misspelt-looking word, up to three
        // words either side (placed by the anchor's position in a name); from any capitalised
        // word, up to three more capitalised words.
        let mut windows: Vec<(usize, usize, Option<&Split>)> = Vec::new();
        let last = words.len() - 1;
        if unknown {
            for alt in &alts {
                for s in a.saturating_sub(MAX_FUZZY_WINDOW - 1)..=a {
                    for e in a..=(a + MAX_FUZZY_WINDOW - 1).min(last) {
                        if (s..e).any(closed) {
                            continue;
                        }
                        if let Some((name_first, _)) = alt {
                            if (*name_first && e != a) || (!*name_first && s != a) {
                                continue;
                            }
                        }
                        windows.push((s, e, alt.as_ref()));
                    }
                }
            }
        } else {
            for e in a + 1..=(a + MAX_FUZZY_WINDOW - 1).min(last) {
                if (a..e).any(closed) {
                    break;
                }
                let ends = capital(&words[e]);
                let inside = words[a..=e]
                    .iter()
                    .all(|w| capital(w) || (zipf(w) >= COMMON_ZIPF && w.folded.len() <= 4));
                if ends && inside {
                    windows.push((a, e, None));
                }
            }
        }
        for (s, e, alt) in windows {
            query.clear();
            for (k, word) in words.iter().enumerate().take(e + 1).skip(s) {
                let folded = match alt {
                    Some((_, part)) if k == a => part.as_str(),
                    _ => word.folded.as_str(),
                };
                query.extend(normalize::words(folded).map(str::to_string));
            }
            fp.keys.insert(query.concat());
            for (i, q) in query.iter().enumerate() {
                add_word(&mut fp, &mut seen, q.clone());
                if let Some(next) = query.get(i + 1) {
                    add_word(&mut fp, &mut seen, format!("{q}{next}"));
                }
            }
        }
    }
    fp
}

fn add_word(fp: &mut Footprint, seen: &mut FxHashSet<String>, x: String) {
    if !x.is_empty() && !seen.contains(&x) {
        let ph = normalize::phonetic(&x);
        seen.insert(x.clone());
        fp.words.push((x, ph));
    }
}

/// A word cut at a glued common word: (name part first, the name part in ASCII lowercase).
type Split = (bool, String);

/// A word's splits into a name part and a glued common word, as `scan.rs`'s `splits`:
/// (name part first, the name part in ASCII lowercase).
fn splits(text: &str, w: &Word) -> Vec<Split> {
    let core = &text[w.start..w.core_end];
    let mut out = Vec::new();
    if !core.is_ascii() || w.folded.contains(' ') {
        return out;
    }
    let lower = core.to_ascii_lowercase();
    for g in GLUE_WORDS {
        if lower.len() > g.len() + 2 && lower.ends_with(g) {
            out.push((true, lower[..lower.len() - g.len()].to_string()));
        }
        if lower.len() > g.len() + 2 && lower.starts_with(g) {
            out.push((false, lower[g.len()..].to_string()));
        }
    }
    out
}

/// Splits `text` into words as `namefix`'s scanner does (Unicode word boundaries, segments
/// with a letter or digit, possessive "'s" outside the core).
fn segment(text: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut prev_end = 0usize;
    for (start, seg) in text.split_word_bound_indices() {
        if !seg.chars().any(char::is_alphanumeric) {
            continue;
        }
        let end = start + seg.len();
        if let Some(last) = words.last_mut() {
            last.joins_next = joinable(&text[prev_end..start]);
        }
        prev_end = end;
        let mut core_end = end;
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if seg.len() > suffix.len() && seg.ends_with(suffix) {
                core_end = end - suffix.len();
                break;
            }
        }
        let core = &text[start..core_end];
        let folded = if core.len() <= 4 * MAX_WORD_BYTES {
            normalize::fold(core)
        } else {
            String::new()
        };
        words.push(Word {
            start,
            end,
            core_end,
            folded,
            joins_next: false,
        });
    }
    words
}

/// Whether the gap between two words can lie inside a name (as the scanner decides).
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ix() -> KeyIndex {
        let lex = Lexicon::from_tsv(
            "tv:hs\tHeartstopper\t\ttv\t100\n\
             p:ao\tAlice Oseman\t\tperson\t50\n\
             p:ch\tCormac Hyde-Corrin\t\tperson\t50\n",
        )
        .unwrap();
        KeyIndex::new(&lex)
    }

    #[test]
    fn finds_exact_windows_once() {
        let ix = ix();
        let m = mentions(
            &ix,
            "Heartstopper and heart stopper, by Alice Oseman with Cormac Hyde Corrin.",
        );
        let keys: Vec<&str> = m.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["heartstopper", "aliceoseman", "cormachydecorrin"]);
        assert_eq!(m[0].snippet, "heartstopper");
        assert_eq!(m[2].snippet, "cormac hyde corrin");
    }

    #[test]
    fn merged_single_word_keeps_the_next_word() {
        let lex =
            Lexicon::from_tsv("x:1\tHeart\t\tother\t1\nx:2\tHeartstop\t\tother\t1\n").unwrap();
        let ix = KeyIndex::new(&lex);
        // "heart" is a token itself; the window is kept as is.
        let m = mentions(&ix, "Heart stop");
        assert_eq!(m[0].snippet, "heart");
        assert_eq!(m[1].key, "heartstop");
    }
}
