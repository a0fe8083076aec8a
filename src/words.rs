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
