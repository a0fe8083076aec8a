//! The common-word model: how frequent a word is in ordinary English.
//!
//! Backed by `data/words.tsv` (the 50,000 most frequent English words of the `wordfreq`
//! project, CC BY-SA 4.0; see data/README.md), parsed on first use.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

static WORDS: LazyLock<FxHashMap<Cow<'static, [u8]>, f32>> = LazyLock::new(|| {
    let text = include_str!("../data/words.tsv");
    let mut map = FxHashMap::with_capacity_and_hasher(50_000, Default::default());
    // Lines are found with memchr, and columns in one pass over the line: the list is parsed
    // on first use, and a process's first lookup pays for it.
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        start = end + 1;
        if line.starts_with('#') {
            continue;
        }
        // The line is short ("heart\t5.12"): one pass finds its first two tabs and whether
        // the word has an apostrophe.
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
        if n == 0 {
            continue;
        }
        let (w, z) = (&line[..tabs[0]], &line[tabs[0] + 1..tabs[1]]);
        if let Some(z) = crate::decimal::parse_f32(z.trim()) {
            // Folded forms drop apostrophes ("don't" -> "dont"); keep the highest. Other
            // words borrow their key from the embedded text.
            let key: Cow<'static, [u8]> = if apostrophe {
                Cow::Owned(w.bytes().filter(|&b| b != b'\'').collect())
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
});

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
    WORDS.get(folded_word.as_bytes()).copied().unwrap_or(0.0)
}

/// The folded words of the list whose Zipf frequency is at least `min`, from the most frequent
/// to the least (a handful for function-word thresholds).
pub(crate) fn words_at_least(min: f32) -> Vec<&'static [u8]> {
    let words: &'static FxHashMap<Cow<'static, [u8]>, f32> = &WORDS;
    let mut out: Vec<(&'static [u8], f32)> = words
        .iter()
        .filter(|&(_, &z)| z >= min)
        .map(|(w, &z)| (&**w, z))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    out.into_iter().map(|(w, _)| w).collect()
}

/// The two-word phrase list (`data/phrases.tsv`: `first second<TAB>zipf` a line, sorted
/// bytewise), searched in place: no parsing at start-up or first use.
static PHRASES: &str = include_str!("../data/phrases.tsv");

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
    let text = PHRASES.as_bytes();
    // Binary search over byte positions: each probe finds the line holding it.
    let line_at = |pos: usize| -> (usize, usize) {
        let start = memchr::memrchr(b'\n', &text[..pos]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &text[pos..]).map_or(text.len(), |i| pos + i);
        (start, end)
    };
    let target = format!("{first} {second}");
    let cmp_line = |line: &[u8]| {
        let tab = memchr::memchr(b'\t', line).unwrap_or(line.len());
        line[..tab].cmp(target.as_bytes())
    };
    // Skip the header lines.
    let mut lo = 0;
    while lo < text.len() && text[lo] == b'#' {
        lo = memchr::memchr(b'\n', &text[lo..]).map_or(text.len(), |i| lo + i + 1);
    }
    let mut hi = text.len();
    // Invariant: every line starting before `lo` is below the key, every line starting at or
    // after `hi` is above it.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // `lo` is a line start, so the line holding `mid` starts at or after it.
        let (s, e) = line_at(mid);
        match cmp_line(&text[s..e]) {
            std::cmp::Ordering::Less => lo = e + 1,
            std::cmp::Ordering::Greater => hi = s,
            std::cmp::Ordering::Equal => {
                let line = &PHRASES[s..e];
                return line
                    .rsplit('\t')
                    .next()
                    .and_then(|z| z.parse().ok())
                    .unwrap_or(0.0);
            }
        }
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::phrase_zipf;

    /// Every listed phrase is found with its own frequency, and near misses are not.
    #[test]
    fn phrase_search_finds_every_line() {
        for line in super::PHRASES.lines().filter(|l| !l.starts_with('#')) {
            let (key, z) = line.split_once('\t').unwrap();
            let (a, b) = key.split_once(' ').unwrap();
            assert_eq!(phrase_zipf(a, b), z.parse::<f32>().unwrap(), "{key}");
            assert_eq!(phrase_zipf(a, &format!("{b}zz")), 0.0, "{key}zz");
        }
        assert_eq!(phrase_zipf("", ""), 0.0);
        assert_eq!(phrase_zipf("zzzz", "zzzz"), 0.0);
        assert_eq!(phrase_zipf("a", ""), 0.0);
    }
}
