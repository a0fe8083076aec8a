//! Allocation-free edit distances on short byte strings (folded keys are ASCII).
//!
//! `strsim` allocates on every call and has no early exit; these run on the stack and are
//! tested against `strsim` as the reference (see the tests below and `tests/oracle.rs`).

/// Longest input considered, in bytes; longer inputs are truncated (keys are capped well below).
pub(crate) const MAX_LEN: usize = 128;

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions, each
/// substring edited at most once), on bytes.
pub(crate) fn osa(a: &[u8], b: &[u8]) -> usize {
    let a = &a[..a.len().min(MAX_LEN)];
    let b = &b[..b.len().min(MAX_LEN)];
    if a == b {
        return 0;
    }
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let m = b.len();
    let mut prev2 = [0u16; MAX_LEN + 1];
    let mut prev = [0u16; MAX_LEN + 1];
    let mut cur = [0u16; MAX_LEN + 1];
    for (j, p) in prev.iter_mut().enumerate().take(m + 1) {
        *p = j as u16;
    }
    for i in 1..=a.len() {
        cur[0] = i as u16;
        let ai = a[i - 1];
        for j in 1..=m {
            let bj = b[j - 1];
            let cost = u16::from(ai != bj);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] as usize
}

/// Normalised OSA similarity in [0, 1]: `1 - osa / max(len)`; 1 for two empty strings.
pub(crate) fn osa_sim(a: &[u8], b: &[u8]) -> f32 {
    let n = a.len().max(b.len()).min(MAX_LEN);
    if n == 0 {
        return 1.0;
    }
    1.0 - osa(a, b) as f32 / n as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_strsim() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "heartstopper", "heart stopper", "oseman",
            "osseman", "colman", "coleman", "kitten", "sitting", "ca", "abc", "hemsworth",
            "hemsword", "theshawshankredemption", "theshawshankredemtion", "xyz",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    osa(a.as_bytes(), b.as_bytes()),
                    strsim::osa_distance(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
