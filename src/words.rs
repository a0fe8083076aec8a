//! The common-word model: how frequent a word is in ordinary English.
//!
//! Backed by `data/words.tsv` (the 50,000 most frequent English words of the `wordfreq`
//! project, CC BY-SA 4.0; see data/README.md): read in place by binary search until a text
//! is scanned, then parsed into a hash map.

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashMap;

/// The list as compiled in: `#` header lines, then `word<TAB>zipf` lines sorted by word
/// (bytewise).
static TEXT: &str = include_str!("../data/words.tsv");

/// The list as a hash map from folded word to frequency, made when a text is scanned (the
/// scanner asks for every word of it). A lookup asks for a few words, and they are answered
/// from the text in place ([`zipf_in_place`]), so that a process that only looks names up
/// never parses the list (26 M instructions).
static WORDS: OnceLock<FxHashMap<Cow<'static, [u8]>, f32>> = OnceLock::new();

fn build_map() -> FxHashMap<Cow<'static, [u8]>, f32> {
    let text = TEXT;
    let mut map = FxHashMap::with_capacity_and_hasher(50_000, Default::default());
    // Lines are found with memchr, and columns in one pass over the line.
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        start = end + 1;
        if line.starts_with('#') {
            continue;
        }
        let Some((w, z, apostrophe)) = columns(line) else {
            continue;
        };
        if let Some(z) = crate::decimal::parse_f32(z.trim()) {
            // Folded forms drop apostrophes ("don't" -> "dont"); keep the highest. Other
            // words borrow their key from the embedded text.
            let key: Cow<'static, [u8]> = if apostrophe {
                Cow::Owned(without_apostrophes(w))
            } else {
                Cow::Borrowed(w.as_bytes())
            };
            let e = map.entry(key).or_insert(0.0f32);
            if z > *e {
                *e = z;
            }
        }
    }
    map
}

/// A line's word and frequency columns, and whether the word has an apostrophe; `None` for a
/// line without a tab.
fn columns(line: &'static str) -> Option<(&'static str, &'static str, bool)> {
    // The line is short ("heart\t5.12"): one pass finds its first two tabs and whether the
    // word has an apostrophe.
    let (mut tabs, mut n, mut apostrophe) = ([line.len(); 2], 0, false);
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            tabs[n] = i;
            n += 1;
            if n == 2 {
                break;
            }
        } else if b == b'\'' && n == 0 {
            apostrophe = true;
        }
    }
    (n > 0).then(|| (&line[..tabs[0]], &line[tabs[0] + 1..tabs[1]], apostrophe))
}

/// A listed word's folded form: apostrophes dropped ("don't" -> "dont").
fn without_apostrophes(w: &str) -> Vec<u8> {
    w.bytes().filter(|&b| b != b'\'').collect()
}

/// Makes the hash map of the list now (the scanner calls this before it reads a text's words).
pub(crate) fn prepare() {
    WORDS.get_or_init(build_map);
}

/// Makes now the tables of the word lists that the scanner's evidence reads besides
/// [`prepare`]'s (word pairs, attested and proper forms, letter trigrams), as its first use
/// would.
pub(crate) fn prepare_evidence() {
    LazyLock::force(&PHRASE_LIST);
    LazyLock::force(&ATTESTED);
    LazyLock::force(&PROPER);
    LazyLock::force(&TRIGRAMS);
}

/// The lines after the header.
static BODY: LazyLock<&'static str> = LazyLock::new(|| {
    let mut at = 0;
    while TEXT[at..].starts_with('#') {
        match memchr::memchr(b'\n', &TEXT.as_bytes()[at..]) {
            Some(i) => at += i + 1,
            None => return "",
        }
    }
    &TEXT[at..]
});

/// The words with an apostrophe, by folded form (apostrophes dropped), with their
/// frequencies: the thousand or so a binary search by the written word cannot find. Sorted by
/// folded form, so that [`zipf_in_place`] finds a word's entries by binary search too.
static APOSTROPHES: LazyLock<Vec<(Vec<u8>, f32)>> = LazyLock::new(|| {
    let body: &'static str = &BODY;
    let bytes = body.as_bytes();
    let mut out: Vec<(Vec<u8>, f32)> = Vec::new();
    let mut last_line = usize::MAX;
    for at in memchr::memchr_iter(b'\'', bytes) {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        if start == last_line {
            continue;
        }
        last_line = start;
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if let Some((w, z, true)) = columns(&body[start..end]) {
            if let Some(z) = crate::decimal::parse_f32(z.trim()) {
                out.push((without_apostrophes(w), z));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
});

/// [`zipf`] read from the list's text in place: a binary search over its sorted lines, and the
/// words with an apostrophe. Gives what the hash map gives (`words_in_place_equal_the_map`).
fn zipf_in_place(folded_word: &str) -> f32 {
    let word = folded_word.as_bytes();
    // Keys never hold an apostrophe.
    if word.contains(&b'\'') {
        return 0.0;
    }
    let body: &'static str = &BODY;
    let data = body.as_bytes();
    let mut best = 0.0f32;
    let (mut lo, mut hi) = (0, data.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // Lines are short ("heart\t5.12"): plain byte loops find their ends and tab faster
        // than a vectorised search's set-up (a binary search reads about 20 lines).
        let start = data[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = data[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| start + i);
        let line = &data[start..end];
        let listed = &line[..line.iter().position(|&b| b == b'\t').unwrap_or(line.len())];
        match listed.cmp(word) {
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Equal => {
                // (Lines end at a newline byte: each is a `str` of its own.)
                if let Some(z) = columns(&body[start..end])
                    .and_then(|(_, z, _)| crate::decimal::parse_f32(z.trim()))
                {
                    best = z;
                }
                break;
            }
        }
    }
    let apostrophes = &APOSTROPHES[..];
    let first = apostrophes.partition_point(|(key, _)| key.as_slice() < word);
    for (key, z) in &apostrophes[first..] {
        if key.as_slice() != word {
            break;
        }
        if *z > best {
            best = *z;
        }
    }
    best
}

/// The Zipf frequency of a folded word in English (log10 of occurrences per billion words;
/// "the" is about 7.7, a word seen once per million words is 3), or 0 for a word outside the
/// list.
///
/// ```
/// use namefix::normalize::zipf;
/// assert!(zipf("the") > 7.0);
/// assert!(zipf("heart") > 5.0);
/// assert_eq!(zipf("osseman"), 0.0);
/// ```
pub fn zipf(folded_word: &str) -> f32 {
    match WORDS.get() {
        Some(map) => map.get(folded_word.as_bytes()).copied().unwrap_or(0.0),
        None => zipf_in_place(folded_word),
    }
}

/// The folded words of the list whose Zipf frequency is at least `min`, from the most frequent
/// to the least (a handful for function-word thresholds). Read from the text in place.
#[cfg(test)]
pub(crate) fn words_at_least(min: f32) -> Vec<&'static [u8]> {
    let mut out = words_with_zipf_at_least(min);
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    out.into_iter().map(|(w, _)| w).collect()
}

/// The least Zipf frequency of [`frequent_words`].
pub(crate) const FREQUENT_ZIPF: f32 = 4.5;

/// The folded words of Zipf frequency at least [`FREQUENT_ZIPF`] (about 3,000), each with its
/// frequency, in no particular order: read from the list once, on first use, for
/// both the function words and a query's stock-phrase test (one pass over the list costs
/// about 11 M instructions).
pub(crate) fn frequent_words() -> &'static [(&'static [u8], f32)] {
    static FREQUENT: LazyLock<Vec<(&'static [u8], f32)>> =
        LazyLock::new(|| words_with_zipf_at_least(FREQUENT_ZIPF));
    &FREQUENT
}

/// [`words_at_least`] with each word's frequency, in no particular order.
fn words_with_zipf_at_least(min: f32) -> Vec<(&'static [u8], f32)> {
    let body: &'static str = &BODY;
    let bytes = body.as_bytes();
    let mut best: FxHashMap<&'static [u8], f32> = FxHashMap::default();
    let mut keep = |key: &'static [u8], z: f32| {
        let e = best.entry(key).or_insert(f32::NEG_INFINITY);
        if z > *e {
            *e = z;
        }
    };
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
        let line = &body[start..end];
        start = end + 1;
        let Some(tab) = memchr::memchr(b'\t', line.as_bytes()) else {
            continue;
        };
        // Most lines are below `min` by their first digit alone ("4.12" < 6): skipped
        // without parsing.
        let col = &line.as_bytes()[tab + 1..];
        if let (Some(&d), next) = (col.first(), col.get(1)) {
            if d.is_ascii_digit()
                && !next.is_some_and(u8::is_ascii_digit)
                && f32::from(d - b'0') + 1.0 <= min
            {
                continue;
            }
        }
        // The list writes two decimals ("4.12"): "d.tu" is below min when d + (t + 1) / 10 is
        // at most min (its reading is within 1e-6 of d.tu, at most d.t9).
        if let [d @ b'0'..=b'9', b'.', t @ b'0'..=b'9', b'0'..=b'9'] = col {
            if f64::from(d - b'0') + f64::from(t - b'0' + 1) / 10.0 <= f64::from(min) {
                continue;
            }
        }
        // (Words with an apostrophe are keyed by their folded form, below.)
        if let Some((w, z, false)) = columns(line) {
            if let Some(z) = crate::decimal::parse_f32(z.trim()).filter(|&z| z >= min) {
                keep(w.as_bytes(), z);
            }
        }
    }
    for (key, z) in APOSTROPHES.iter().filter(|(_, z)| *z >= min) {
        keep(key, *z);
    }
    best.into_iter().collect()
}

/// The two-word phrase list (`data/phrases.bin`, written by `tools/gen_phrases.py`): the
/// distinct words, sorted, with their offsets, read in place; then how many pairs each word
/// starts, each pair's second word id (LEB128 differences within a first word) and each
/// pair's Zipf × 100 (two byte planes, read in place). The second words are decoded on first
/// use (242,342 `u16`; format 2, issue 16's package-size round: format 1's three `u16` a pair
/// were 1.45 MB, 0.95 MB gzipped).
static PHRASES: &[u8] = include_bytes!("../data/phrases.bin");

/// The magic number that opens `data/phrases.bin`.
const PHRASES_MAGIC: &[u8; 8] = b"NFXPHR2\0";

/// The phrase list's parts: word offsets and text, where each first word's pairs start, the
/// pairs' second word ids, and the low and high bytes of their frequencies (empty if the
/// embedded bytes were not a phrase list; `phrase_list_is_well_formed` checks that they are).
struct PhraseList {
    offsets: &'static [u8],
    text: &'static [u8],
    starts: Vec<u32>,
    seconds: Vec<u16>,
    zipf_low: &'static [u8],
    zipf_high: &'static [u8],
}

fn le_u32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn phrase_list() -> PhraseList {
    let parts = || -> Option<PhraseList> {
        if PHRASES.get(..8)? != PHRASES_MAGIC {
            return None;
        }
        let (words, pairs) = (le_u32(PHRASES, 8)?, le_u32(PHRASES, 12)?);
        let offsets = PHRASES.get(16..16 + 4 * (words + 1))?;
        let text_len = le_u32(offsets, 4 * words)?;
        let text_start = 16 + 4 * (words + 1);
        let text = PHRASES.get(text_start..text_start + text_len)?;
        let mut at = text_start + text_len;
        let mut starts = Vec::with_capacity(words + 1);
        let mut total = 0u64;
        starts.push(0);
        for _ in 0..words {
            total += crate::leb128::read(PHRASES, &mut at, 6)?;
            starts.push(u32::try_from(total).ok().filter(|&t| t as usize <= pairs)?);
        }
        if total as usize != pairs {
            return None;
        }
        let mut seconds = Vec::with_capacity(pairs);
        for w in starts.windows(2) {
            let mut second = 0u64;
            for _ in w[0]..w[1] {
                second += crate::leb128::read(PHRASES, &mut at, 6)?;
                seconds.push(u16::try_from(second).ok()?);
            }
        }
        let zipf_low = PHRASES.get(at..at + pairs)?;
        let zipf_high = PHRASES.get(at + pairs..)?;
        (zipf_high.len() == pairs).then_some(PhraseList {
            offsets,
            text,
            starts,
            seconds,
            zipf_low,
            zipf_high,
        })
    };
    parts().unwrap_or(PhraseList {
        offsets: &[],
        text: &[],
        starts: Vec::new(),
        seconds: Vec::new(),
        zipf_low: &[],
        zipf_high: &[],
    })
}

impl PhraseList {
    fn words(&self) -> usize {
        (self.offsets.len() / 4).saturating_sub(1)
    }

    fn word(&self, i: usize) -> &'static [u8] {
        match (le_u32(self.offsets, 4 * i), le_u32(self.offsets, 4 * i + 4)) {
            (Some(s), Some(e)) => self.text.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The id of a word of the list.
    fn id(&self, word: &[u8]) -> Option<u16> {
        search(self.words(), |i| self.word(i).cmp(word)).and_then(|i| u16::try_from(i).ok())
    }

    /// The pairs whose first word is `first`: the range of their indexes.
    fn pairs_of(&self, first: u16) -> std::ops::Range<usize> {
        let i = usize::from(first);
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&s), Some(&e)) => s as usize..e as usize,
            _ => 0..0,
        }
    }

    /// Pair `i`'s Zipf × 100.
    fn zipf100(&self, i: usize) -> u16 {
        u16::from_le_bytes([self.zipf_low[i], self.zipf_high[i]])
    }

    #[cfg(test)]
    fn pairs(&self) -> usize {
        self.seconds.len()
    }
}

static PHRASE_LIST: std::sync::LazyLock<PhraseList> = std::sync::LazyLock::new(phrase_list);

/// The Zipf frequency of the two-word phrase `first second` (folded words) in English, or 0
/// when it is not among the 242,342 most frequent pairs (Google Books Ngram counts, through
/// SymSpell; see data/README.md). "to go" is about 6.9, "sex education" 4.8.
///
/// ```
/// use namefix::normalize::phrase_zipf;
/// assert!(phrase_zipf("high", "school") > 6.0);
/// assert_eq!(phrase_zipf("heart", "stopper"), 0.0);
/// ```
pub fn phrase_zipf(first: &str, second: &str) -> f32 {
    let list = &*PHRASE_LIST;
    let (Some(a), Some(b)) = (list.id(first.as_bytes()), list.id(second.as_bytes())) else {
        return 0.0;
    };
    let range = list.pairs_of(a);
    let seconds = &list.seconds[range.clone()];
    search(seconds.len(), |i| seconds[i].cmp(&b))
        .map_or(0.0, |i| f32::from(list.zipf100(range.start + i)) / 100.0)
}

/// The word forms English text attests beyond the common-word list (`data/attested.bin`,
/// written by `tools/gen_attested.py` from wordfreq's large English list): 32-bit hashes of
/// the folded forms, sorted, stored as LEB128 differences and decoded on first use (about 1 MB,
/// a few milliseconds; only the scanner asks).
static ATTESTED_BYTES: &[u8] = include_bytes!("../data/attested.bin");

/// The magic number that opens `data/attested.bin`.
const ATTESTED_MAGIC: &[u8; 8] = b"NFXATT1\0";

/// The decoded hashes (empty if the embedded bytes were not such a list;
/// `attested_list_is_well_formed` checks that they are).
static ATTESTED: LazyLock<Vec<u32>> =
    LazyLock::new(|| decode_hashes(ATTESTED_BYTES, ATTESTED_MAGIC).unwrap_or_default());

/// The words an English dictionary writes only with a capital (`data/proper.bin`, written by
/// `tools/gen_proper.py` from SCOWL's american-english-huge as Debian packages it): 32-bit
/// hashes of the folded forms, in the format of `data/attested.bin` (88 KB).
static PROPER_BYTES: &[u8] = include_bytes!("../data/proper.bin");

/// The magic number that opens `data/proper.bin`.
const PROPER_MAGIC: &[u8; 8] = b"NFXPRP1\0";

/// The decoded hashes (empty if the embedded bytes were not such a list;
/// `proper_list_is_well_formed` checks that they are).
static PROPER: LazyLock<Vec<u32>> =
    LazyLock::new(|| decode_hashes(PROPER_BYTES, PROPER_MAGIC).unwrap_or_default());

/// Decodes a sorted list of 32-bit hashes stored as LEB128 differences after `magic` and a
/// little-endian count; `None` unless the bytes are exactly such a list.
fn decode_hashes(bytes: &[u8], magic: &[u8; 8]) -> Option<Vec<u32>> {
    if bytes.get(..8)? != magic {
        return None;
    }
    let count = le_u32(bytes, 8)?;
    let mut out = Vec::with_capacity(count);
    let (mut at, mut prev) = (12, 0u32);
    for _ in 0..count {
        let delta = crate::leb128::read(bytes, &mut at, 6)?;
        prev = u32::try_from(u64::from(prev) + delta).ok()?;
        out.push(prev);
    }
    (at == bytes.len()).then_some(out)
}

/// The hash the word-form lists give a form (`tools/gen_attested.py`, `tools/gen_proper.py`):
/// 64-bit FNV-1a, folded to 32 bits.
fn form_hash(word: &[u8]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Whether English text writes this folded word although it is not among the common words
/// of [`zipf`]: a rare word or a name of someone or something ("caxton", "amazonas",
/// "terran"), as opposed to a misspelling that no text writes ("bethllehem"). About 263,000
/// forms from wordfreq's large English list; a form outside it is taken for one with
/// probability about 6 in 100,000 (32-bit hashes).
pub(crate) fn attested(folded_word: &str) -> bool {
    ATTESTED
        .binary_search(&form_hash(folded_word.as_bytes()))
        .is_ok()
}

/// Whether edited English writes this folded word only with a capital: a proper name of
/// the dictionary ("angeles", "geelong", "tyndale", "nasa"), never a word it also writes in
/// lowercase ("mark", "telnet") nor one it does not list ("systemd"). About 30,700 forms from
/// SCOWL's american-english-huge; a form outside it is taken for one with probability about 7
/// in a million (32-bit hashes).
pub(crate) fn proper(folded_word: &str) -> bool {
    PROPER
        .binary_search(&form_hash(folded_word.as_bytes()))
        .is_ok()
}

/// Letters of the spelling model: `^`/`$` (a word's edges) as 0, `a`..`z` as 1..=26, and
/// anything else (an apostrophe, a digit, a letter outside ASCII) as 27.
const SPELL_SYMBOLS: usize = 28;

fn spell_symbol(b: u8) -> usize {
    match b {
        b'a'..=b'z' => usize::from(b - b'a') + 1,
        _ => 27,
    }
}

/// Letter-trigram counts of the common words, one count per word (not per occurrence: the
/// model is of how English words are spelt, not of which are frequent), with the counts of
/// each trigram's first two letters.
struct Trigrams {
    counts: Vec<u32>,
    contexts: Vec<u32>,
}

static TRIGRAMS: LazyLock<Trigrams> = LazyLock::new(|| {
    let n = SPELL_SYMBOLS;
    let mut t = Trigrams {
        counts: vec![0; n * n * n],
        contexts: vec![0; n * n],
    };
    let body: &'static str = &BODY;
    for line in body.lines() {
        if let Some((w, _, _)) = columns(line) {
            let w = without_apostrophes(w);
            trigrams_of(&w, |a, b, c| {
                t.counts[(a * n + b) * n + c] += 1;
                t.contexts[a * n + b] += 1;
            });
        }
    }
    t
});

/// Calls `f` with each letter trigram of `word`, edges included (`^^w`, `^wo`, ..., `d$`).
fn trigrams_of(word: &[u8], mut f: impl FnMut(usize, usize, usize)) {
    let (mut a, mut b) = (0, 0);
    for c in word.iter().map(|&c| spell_symbol(c)).chain([0]) {
        f(a, b, c);
        (a, b) = (b, c);
    }
}

/// How English the spelling of a folded word is: the mean log-probability (natural log) of
/// its letters, each given the two before it, under a letter-trigram model of the common
/// words (add-0.1 smoothing; the word's end counts as a letter). "williamsburg" scores far
/// higher than the typo "willimmsburg"; an unknown surname spelt as English spells
/// ("rowswell") is close to the name it resembles ("roswell"). Evidence for the scanner: a
/// respelling that makes a word much more English-like is more likely a misspelling than a
/// name of its own.
pub(crate) fn spelling_log_likelihood(folded_word: &str) -> f32 {
    const ALPHA: f32 = 0.1;
    let t = &*TRIGRAMS;
    let n = SPELL_SYMBOLS;
    let (mut sum, mut count) = (0f32, 0f32);
    trigrams_of(folded_word.as_bytes(), |a, b, c| {
        let num = t.counts[(a * n + b) * n + c] as f32 + ALPHA;
        let den = t.contexts[a * n + b] as f32 + ALPHA * n as f32;
        sum += (num / den).ln();
        count += 1.0;
    });
    sum / count
}

/// A binary search over the items `0..n` of a sorted list read in place (not a slice):
/// `cmp(i)` orders item `i` against the key.
fn search(n: usize, cmp: impl Fn(usize) -> std::cmp::Ordering) -> Option<usize> {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match cmp(mid) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::phrase_zipf;

    /// The list read in place answers as its hash map does, for every word of the list (as
    /// written and folded), near misses and other strings; so does `words_at_least`.
    #[test]
    fn words_in_place_equal_the_map() {
        let map = super::build_map();
        let mut probes: Vec<String> = Vec::new();
        for line in super::BODY.split('\n') {
            let w = line.split('\t').next().unwrap_or("");
            probes.push(w.to_string());
            probes.push(w.replace('\'', ""));
            probes.push(format!("{w}s"));
            probes.push(w.chars().skip(1).collect());
        }
        probes.extend(
            [
                "", "a", "zzzz", "\u{ff}", "don't", "dont", "osseman", "#", "\t", "the\t7",
            ]
            .map(String::from),
        );
        for p in &probes {
            let want = map.get(p.as_bytes()).copied().unwrap_or(0.0);
            assert_eq!(super::zipf_in_place(p).to_bits(), want.to_bits(), "{p:?}");
        }
        for min in [f32::MIN, 0.0, 3.0, 6.0, 7.5] {
            let mut want: Vec<(&[u8], f32)> = map
                .iter()
                .filter(|&(_, &z)| z >= min)
                .map(|(w, &z)| (&**w, z))
                .collect();
            want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let want: Vec<&[u8]> = want.into_iter().map(|(w, _)| w).collect();
            assert_eq!(super::words_at_least(min), want, "{min}");
        }
    }

    /// The embedded list of attested forms decodes whole (magic, count, every difference, no
    /// bytes left), is sorted and distinct, and answers for rare words and names but not for
    /// misspellings or the common words (which have their frequency instead).
    #[test]
    fn typos_are_spelt_less_like_english_than_the_words_they_garble() {
        use super::spelling_log_likelihood as ll;
        for (word, typo) in [
            ("williamsburg", "willimmsburg"),
            ("muskegon", "msukegon"),
            ("algiers", "algbiers"),
            ("wittenberg", "wittbnberg"),
        ] {
            // In all, over the typo's letters (as the scanner weighs it).
            let gain = (ll(word) - ll(typo)) * (typo.len() as f32 + 1.0);
            assert!(gain > 1.0, "{word} / {typo}: {gain}");
        }
        // A name spelt as English spells is close to the name it resembles.
        assert!(((ll("roswell") - ll("rowswell")) * 9.0).abs() < 1.0);
        // Any input: finite, never a panic.
        for w in ["", "x", "ß", "o'neil", "123"] {
            assert!(ll(w).is_finite(), "{w}");
        }
    }

    #[test]
    fn attested_list_is_well_formed() {
        let list = super::decode_hashes(super::ATTESTED_BYTES, super::ATTESTED_MAGIC)
            .expect("well formed");
        assert!(list.len() > 250_000, "{}", list.len());
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        for w in ["caxton", "amazonas", "terran", "galland", "petrarchan"] {
            assert!(super::attested(w), "{w}");
        }
        for w in [
            "bethllehem",
            "bucahrest",
            "minnsk",
            "osseman",
            "the",
            "heart",
            "",
        ] {
            assert!(!super::attested(w), "{w}");
        }
        let decode = |b: &[u8]| super::decode_hashes(b, super::ATTESTED_MAGIC);
        assert!(decode(&super::ATTESTED_BYTES[..100]).is_none());
        assert!(decode(b"NFXATT1\0").is_none());
        assert!(decode(b"").is_none());
        assert!(decode(super::PROPER_BYTES).is_none());
    }

    #[test]
    fn proper_list_is_well_formed() {
        let list =
            super::decode_hashes(super::PROPER_BYTES, super::PROPER_MAGIC).expect("well formed");
        assert!(list.len() > 30_000, "{}", list.len());
        assert!(list.windows(2).all(|w| w[0] < w[1]));
        for w in ["angeles", "geelong", "tyndale", "korea", "europe", "streep"] {
            assert!(super::proper(w), "{w}");
        }
        // Written in lowercase too, or not in the dictionary.
        for w in [
            "mark", "us", "telnet", "los", "the", "systemd", "osseman", "",
        ] {
            assert!(!super::proper(w), "{w}");
        }
        assert!(super::decode_hashes(&super::PROPER_BYTES[..50], super::PROPER_MAGIC).is_none());
    }

    /// The embedded phrase list is well formed (magic, counts, offsets, words sorted and
    /// distinct, records sorted with ids in range), and every pair is found with its own
    /// frequency while near misses are not.
    #[test]
    fn phrase_list_is_well_formed() {
        let list = super::phrase_list();
        assert_eq!(list.words(), 19_792);
        assert_eq!(list.pairs(), 242_342);
        for i in 1..list.words() {
            assert!(list.word(i - 1) < list.word(i), "word {i}");
        }
        let mut last = None;
        let mut i = 0;
        for a in 0..list.words() as u16 {
            for p in list.pairs_of(a) {
                assert_eq!(p, i, "pairs in order");
                i += 1;
            }
        }
        assert_eq!(i, list.pairs());
        for a in 0..list.words() as u16 {
            for i in list.pairs_of(a) {
                let (b, z) = (list.seconds[i], list.zipf100(i));
                assert!(last < Some((a, b)), "record {i}");
                last = Some((a, b));
                let (wa, wb) = (
                    std::str::from_utf8(list.word(a as usize)).unwrap(),
                    std::str::from_utf8(list.word(b as usize)).unwrap(),
                );
                assert_eq!(phrase_zipf(wa, wb), f32::from(z) / 100.0, "{wa} {wb}");
                assert_eq!(phrase_zipf(wa, &format!("{wb}zz")), 0.0);
            }
        }
        assert_eq!(phrase_zipf("to", "go"), 6.91);
        assert_eq!(phrase_zipf("", ""), 0.0);
        assert_eq!(phrase_zipf("zzzz", "zzzz"), 0.0);
        assert_eq!(phrase_zipf("a", ""), 0.0);
    }
}
