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
        if let Some(z) = parse_f32(z.trim()) {
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

/// `s.parse::<f32>().ok()`, faster for the short decimals of the embedded tables ("7.36",
/// "0.001", "12"): at most seven digits in all with at most one point, read as an integer
/// and divided by a power of ten. Both are exact in `f32` (below 2^24, and 10^7), so the one
/// correctly rounded division gives the correctly rounded value of the decimal, which is what
/// `parse` gives. Anything else goes to `parse`.
pub(crate) fn parse_f32(s: &str) -> Option<f32> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return s.parse().ok();
    }
    let (mut n, mut digits, mut point) = (0u32, 0u32, None);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                n = n * 10 + u32::from(c - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return s.parse().ok(),
        }
    }
    if digits == 0 || digits > 7 {
        return s.parse().ok();
    }
    let scale = point.map_or(0, |p| b.len() - 1 - p);
    Some(n as f32 / [1.0f32, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7][scale])
}

#[cfg(test)]
mod parse_tests {
    /// The model holds what a plain parse of the list (`lines`, `split`, `parse`) gives.
    #[test]
    fn the_model_is_the_list_parsed_plainly() {
        let mut want: rustc_hash::FxHashMap<Vec<u8>, f32> = Default::default();
        for line in include_str!("../data/words.tsv").lines() {
            let mut cols = line.split('\t');
            let (Some(w), Some(z)) = (cols.next(), cols.next()) else {
                continue;
            };
            if line.starts_with('#') {
                continue;
            }
            if let Ok(z) = z.trim().parse::<f32>() {
                let e = want
                    .entry(w.bytes().filter(|&b| b != b'\'').collect())
                    .or_insert(0.0);
                *e = e.max(z);
            }
        }
        let got = &*super::WORDS;
        assert_eq!(got.len(), want.len());
        for (w, z) in want {
            assert_eq!(got[w.as_slice()].to_bits(), z.to_bits(), "{w:?}");
        }
    }

    #[test]
    fn fast_decimals_parse_as_parse_does() {
        let mut cases: Vec<String> = [
            "",
            ".",
            "..",
            "0",
            "0.",
            ".5",
            "7.36",
            "0.001",
            "1234567",
            "12345678",
            "9999999",
            "0.000001",
            "0.0000001",
            "1.2.3",
            "-1",
            "+1",
            "1e3",
            "nan",
            "inf",
            " 1",
            "3.49",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for i in (0..10_000_000u32).step_by(7919) {
            for p in 0..8 {
                let d = i.to_string();
                if p <= d.len() {
                    cases.push(format!("{}.{}", &d[..p], &d[p..]));
                }
            }
            cases.push(i.to_string());
        }
        for s in &cases {
            let want = s.parse::<f32>().ok().map(f32::to_bits);
            assert_eq!(super::parse_f32(s).map(f32::to_bits), want, "{s:?}");
        }
        // The embedded tables' numbers.
        for text in [
            include_str!("../data/words.tsv"),
            include_str!("../data/names.tsv"),
        ] {
            for field in text.lines().flat_map(|l| l.split('\t').skip(1)) {
                let want = field.parse::<f32>().ok().map(f32::to_bits);
                assert_eq!(super::parse_f32(field).map(f32::to_bits), want, "{field:?}");
            }
        }
    }
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
