//! Reading the short decimals of the embedded tables (the word model, the census names).

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
mod tests {
    /// The word model holds what a plain parse of its list (`lines`, `split`, `parse`) gives.
    #[test]
    fn the_word_model_is_the_list_parsed_plainly() {
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
        assert_eq!(crate::words::words_at_least(f32::MIN).len(), want.len());
        for (w, z) in want {
            let w = String::from_utf8(w).unwrap();
            assert_eq!(crate::words::zipf(&w).to_bits(), z.to_bits(), "{w:?}");
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
