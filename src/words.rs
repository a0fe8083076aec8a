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
    // Lines and columns are found with memchr: the list is parsed on first use, and a
    // process's first lookup pays for it.
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        start = end + 1;
        if line.starts_with('#') {
            continue;
        }
        let Some(tab) = memchr::memchr(b'\t', line.as_bytes()) else {
            continue;
        };
        let (w, rest) = (&line[..tab], &line[tab + 1..]);
        let z = match memchr::memchr(b'\t', rest.as_bytes()) {
            Some(t) => &rest[..t],
            None => rest,
        };
        if let Ok(z) = z.trim().parse::<f32>() {
            // Folded forms drop apostrophes ("don't" -> "dont"); keep the highest. Other
            // words borrow their key from the embedded text.
            let key: Cow<'static, [u8]> = if memchr::memchr(b'\'', w.as_bytes()).is_some() {
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
