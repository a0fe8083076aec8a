//! Allocation-free edit distances on short byte strings (folded keys are ASCII).
//!
//! `strsim` allocates on every call and has no early exit; these run on the stack and are
//! tested against `strsim` as the reference (see the tests below and `tests/oracle.rs`).

/// Longest input considered, in bytes; longer inputs are truncated (keys are capped well below).
pub(crate) const MAX_LEN: usize = 128;

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions, each
/// substring edited at most once), on bytes.
pub(crate) fn osa(a: &[u8], b: &[u8]) -> usize {
    let (_, mut a, mut b) = strip_common(&a[..a.len().min(MAX_LEN)], &b[..b.len().min(MAX_LEN)]);
    if a.len() > b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if a.is_empty() {
        return b.len();
    }
    if a.len() <= 64 {
        return osa_bits(a, b);
    }
    osa_dp(a, b)
}

/// [`osa`]`(a, b)` when it is 0 or 1 and that shows once the common prefix and suffix are
/// stripped, else `None` (then call [`osa`]): for the one-edit neighbours the delete table
/// finds, this is a few byte comparisons instead of the bit-parallel recurrence.
///
/// Once the longest common prefix, then the longest common suffix of the rest, are stripped,
/// one edit leaves exactly one of: one byte against none (an insertion or deletion: after the
/// prefix, the shorter rest is a suffix of the longer one), one byte against another (a
/// substitution), or `xy` against `yx` (a transposition); nothing is left of equal strings.
/// These are taken as distance 1 only when the bytes involved are of different classes, as
/// [`osa`] compares them.
#[inline]
pub(crate) fn osa_if_close(a: &[u8], b: &[u8]) -> Option<usize> {
    if a.len() > MAX_LEN || b.len() > MAX_LEN {
        return None;
    }
    let (_, a, b) = strip_common(a, b);
    match (a, b) {
        ([], []) => Some(0),
        ([_], []) | ([], [_]) => Some(1),
        ([x], [y]) if class(*x) != class(*y) => Some(1),
        ([x0, x1], [y0, y1]) if x0 == y1 && x1 == y0 && class(*x0) != class(*x1) => Some(1),
        _ => None,
    }
}

/// The length of the common prefix of `a` and `b`, and what is left of each without it and
/// without their common suffix. Neither changes the OSA distance (a transposition cannot
/// straddle them: its two characters differ, so neither belongs to an equal prefix or suffix).
fn strip_common<'a, 'b>(a: &'a [u8], b: &'b [u8]) -> (usize, &'a [u8], &'b [u8]) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (p, &a[..a.len() - s], &b[..b.len() - s])
}

/// Bit-parallel OSA (Hyyrö 2003), for `a.len() <= 64`; the pattern masks live on the stack.
fn osa_bits(a: &[u8], b: &[u8]) -> usize {
    osa_masks(&masks(a), a.len(), b)
}

/// The pattern masks of `a` (at most 64 bytes): bit `i` of `pm[class(c)]` is set when
/// `a[i] == c`.
fn masks(a: &[u8]) -> [u64; 64] {
    // Keys and phonetic codes are ASCII letters and digits: 64 classes suffice (other bytes
    // share a class, which can only make two different bytes look equal in a pathological
    // non-ASCII input, never panic).
    let mut pm = [0u64; 64];
    for (i, &c) in a.iter().enumerate().take(64) {
        pm[class(c)] |= 1u64 << i;
    }
    pm
}

/// The OSA distance between the pattern whose masks are `pm` (length `m`, 1..=64) and `b`.
fn osa_masks(pm: &[u64; 64], m: usize, b: &[u8]) -> usize {
    osa_masks_by(m, b, |c| pm[class(c)])
}

/// The bit-parallel OSA recurrence for a pattern of length `m` (1..=64) whose mask for a text
/// byte is `mask(byte)`.
#[inline(always)]
fn osa_masks_by(m: usize, b: &[u8], mask: impl Fn(u8) -> u64) -> usize {
    let last = 1u64 << (m - 1);
    let mut vp: u64 = if m == 64 { !0 } else { (1u64 << m) - 1 };
    let mut vn: u64 = 0;
    let mut d0: u64 = 0;
    let mut pm_old: u64 = 0;
    let mut dist = m;
    for &c in b {
        let pm_j = mask(c);
        let tr = (((!d0) & pm_j) << 1) & pm_old;
        d0 = (((pm_j & vp).wrapping_add(vp)) ^ vp) | pm_j | vn;
        d0 |= tr;
        let mut hp = vn | !(d0 | vp);
        let mut hn = d0 & vp;
        if hp & last != 0 {
            dist += 1;
        }
        if hn & last != 0 {
            dist -= 1;
        }
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        pm_old = pm_j;
    }
    dist
}

/// A string prepared once for many OSA comparisons (a query key or word): its masks are
/// built once instead of on every call.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pm: [u64; 64],
    bytes: [u8; 64],
    len: u8,
}

impl Pattern {
    /// Prepares `a`; `None` when it is empty or longer than 64 bytes (use [`osa_sim`]).
    pub(crate) fn new(a: &[u8]) -> Option<Pattern> {
        (!a.is_empty() && a.len() <= 64).then(|| {
            let mut bytes = [0u8; 64];
            bytes[..a.len()].copy_from_slice(a);
            Pattern {
                pm: masks(a),
                bytes,
                len: a.len() as u8,
            }
        })
    }

    /// A pattern of nothing (see [`set`](Self::set)).
    pub(crate) fn empty() -> Pattern {
        Pattern {
            pm: [0; 64],
            bytes: [0; 64],
            len: 0,
        }
    }

    /// Makes this the pattern of `a` in place, as [`new`](Self::new) would, or of nothing
    /// (length 0) where `new` gives `None`. Only the masks of the bytes it held are cleared.
    pub(crate) fn set(&mut self, a: &[u8]) {
        for &c in &self.bytes[..usize::from(self.len)] {
            self.pm[class(c)] = 0;
        }
        self.len = 0;
        if a.is_empty() || a.len() > 64 {
            return;
        }
        self.bytes[..a.len()].copy_from_slice(a);
        for (i, &c) in a.iter().enumerate() {
            self.pm[class(c)] |= 1u64 << i;
        }
        self.len = a.len() as u8;
    }

    /// The pattern, unless it is of nothing.
    #[inline]
    pub(crate) fn get(&self) -> Option<&Pattern> {
        (self.len > 0).then_some(self)
    }

    /// [`osa_sim`] of the pattern and `b`.
    #[inline]
    pub(crate) fn sim(&self, b: &[u8]) -> f32 {
        let a = &self.bytes[..self.len as usize];
        let b = &b[..b.len().min(MAX_LEN)];
        let n = a.len().max(b.len());
        1.0 - self.distance(b) as f32 / n as f32
    }

    /// The OSA distance of the pattern and `b` (at most [`MAX_LEN`] bytes). The common prefix
    /// and suffix are stripped first, as [`osa`] does; the masks of the rest of the pattern
    /// are the stored masks shifted, so they are never rebuilt.
    pub(crate) fn distance(&self, b: &[u8]) -> usize {
        let (p, a, b) = strip_common(&self.bytes[..self.len as usize], b);
        if a.is_empty() || b.is_empty() {
            return a.len().max(b.len());
        }
        let m = a.len();
        let keep = if m == 64 { !0 } else { (1u64 << m) - 1 };
        osa_masks_by(m, b, |c| (self.pm[class(c)] >> p) & keep)
    }
}

/// [`osa`]`(a, b)`, with `pat` the pattern of `a` when it has one (then its masks are not
/// built again).
pub(crate) fn osa_with(pat: Option<&Pattern>, a: &[u8], b: &[u8]) -> usize {
    match pat {
        // (`a` fits a pattern, so only `b` could be truncated.)
        Some(p) if b.len() <= MAX_LEN => p.distance(b),
        _ => osa(a, b),
    }
}

/// [`osa_sim`]`(a, b)`, with `pat` the pattern of `a` when it has one.
pub(crate) fn osa_sim_with(pat: Option<&Pattern>, a: &[u8], b: &[u8]) -> f32 {
    match pat {
        Some(p) => p.sim(b),
        None => osa_sim(a, b),
    }
}

/// The symbol class of a byte for the bit-parallel masks: 0-9, a-z and A-Z get their own
/// classes, every other byte one of two more.
#[inline]
fn class(c: u8) -> usize {
    CLASS[c as usize] as usize
}

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'z' => 10 + (c - b'a'),
            b'A'..=b'Z' => 36 + (c - b'A'),
            _ => 62 + (c & 1),
        };
        i += 1;
    }
    t
};

/// Textbook OSA dynamic programme on three rolling rows.
fn osa_dp(a: &[u8], b: &[u8]) -> usize {
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

/// Whether [`osa_sim`]`(a, b) >= 0.5`, i.e. `2 * osa(a, b) <= max(len)`, for much less work
/// on the short words the scanner compares by the hundred thousand. Two lower bounds of the
/// distance decide most pairs first: the length difference, and the bytes left unmatched
/// when the two are compared as multisets (every byte of the longer one that no edit keeps
/// costs an edit: a deletion, insertion or substitution; a transposition keeps both). The
/// multiset is counted over a coarsening of [`osa`]'s own symbol classes, so two bytes it
/// takes as equal are counted as equal: the bound never exceeds what [`osa`] returns.
pub(crate) fn sim_at_least_half(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = (&a[..a.len().min(MAX_LEN)], &b[..b.len().min(MAX_LEN)]);
    let mut count = [0u8; 32];
    for &c in a {
        count[class_bucket(c)] += 1;
    }
    letters_within_half(count, a.len(), b) && 2 * osa(a, b) <= a.len().max(b.len())
}

/// The cheap bounds of [`sim_at_least_half`], for a word `a` of `a_len` bytes whose
/// [`class_bucket`] counts are `count`: the lengths, then the letters `b` shares with it.
fn letters_within_half(mut count: [u8; 32], a_len: usize, b: &[u8]) -> bool {
    let n = a_len.max(b.len());
    if a_len.abs_diff(b.len()) * 2 > n {
        return false;
    }
    let mut matched = 0;
    for &c in b {
        let k = &mut count[class_bucket(c)];
        if *k > 0 {
            *k -= 1;
            matched += 1;
        }
    }
    (n - matched) * 2 <= n
}

/// A word prepared for many [`sim_at_least_half`] tests against other words (the pre-score's
/// window word against the tokens of every name it may line up with): its bucket counts and
/// its OSA pattern are built once instead of on every test.
#[derive(Clone)]
pub(crate) struct HalfWord {
    /// How many of the word's bytes fall in each [`class_bucket`].
    counts: [u8; 32],
    /// The word's pattern (of nothing when the word is empty or longer than 64 bytes).
    pat: Pattern,
}

impl HalfWord {
    /// A word of nothing (see [`set`](Self::set)).
    pub(crate) fn empty() -> HalfWord {
        HalfWord {
            counts: [0; 32],
            pat: Pattern::empty(),
        }
    }

    /// Makes this the word `a`. Returns `false` (and [`at_least_half`](Self::at_least_half)
    /// must not be asked) when `a` is empty or longer than 64 bytes: then call
    /// [`sim_at_least_half`].
    pub(crate) fn set(&mut self, a: &[u8]) -> bool {
        self.pat.set(a);
        self.counts = [0; 32];
        for &c in a {
            self.counts[class_bucket(c)] += 1;
        }
        self.pat.len > 0
    }

    /// [`sim_at_least_half`]`(a, b)` for the word `a` this was [`set`](Self::set) to: the same
    /// tests in the same order, from the prepared counts and pattern.
    pub(crate) fn at_least_half(&self, b: &[u8]) -> bool {
        let a_len = usize::from(self.pat.len);
        let b = &b[..b.len().min(MAX_LEN)];
        // (OSA is symmetric: the pattern of `a` against `b` is `osa(a, b)`.)
        letters_within_half(self.counts, a_len, b) && 2 * self.pat.distance(b) <= a_len.max(b.len())
    }
}

/// A word's length (at most [`MAX_LEN`]) in the high half and the set of its letters' buckets
/// ([`class_bucket`]) in the low half: what [`may_be_half`] reads instead of the word.
pub(crate) fn letters(a: &[u8]) -> u64 {
    let a = &a[..a.len().min(MAX_LEN)];
    let set = a.iter().fold(0u32, |s, &c| s | 1 << class_bucket(c));
    (a.len() as u64) << 32 | u64::from(set)
}

/// A necessary condition of [`sim_at_least_half`] on two words' [`letters`]: `false` means
/// the pair certainly fails it. The length bound is [`sim_at_least_half`]'s first; the second
/// bounds its multiset count from above by sets: every bucket one word has and the other lacks
/// holds at least one letter that nothing matches.
#[inline]
pub(crate) fn may_be_half(a: u64, b: u64) -> bool {
    let (la, lb) = ((a >> 32) as usize, (b >> 32) as usize);
    let (sa, sb) = (a as u32, b as u32);
    let n = la.max(lb);
    // (Lengths too far apart settle it before the buckets are counted.)
    if la.abs_diff(lb) * 2 > n {
        return false;
    }
    // The buckets only `a` has and those only `b` has, both counted in one pass (the low and
    // high halves of a 64-bit population count, summed apart: each at most 32, no carry).
    let x = u64::from(sa & !sb) | u64::from(sb & !sa) << 32;
    let x = x - ((x >> 1) & 0x5555_5555_5555_5555);
    let x = (x & 0x3333_3333_3333_3333) + ((x >> 2) & 0x3333_3333_3333_3333);
    let x = ((x + (x >> 4)) & 0x0f0f_0f0f_0f0f_0f0f).wrapping_mul(0x0101_0101);
    let (only_a, only_b) = (((x >> 24) & 0xff) as usize, (x >> 56) as usize);
    let matched = (la - only_a).min(lb - only_b);
    (n - matched) * 2 <= n
}

/// One of 32 buckets that coarsen [`osa`]'s symbol classes: two bytes the distance takes as
/// equal always share a bucket, so counting letters by bucket bounds the distance from below.
#[inline]
pub(crate) fn class_bucket(c: u8) -> usize {
    class(c) & 31
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_and_dp_agree_with_strsim_on_generated_strings() {
        // A tiny deterministic generator over a small alphabet, so edits collide often.
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let la = (next() % 20) as usize;
            let lb = (next() % 20) as usize;
            let a: String = (0..la)
                .map(|_| (b'a' + (next() % 4) as u8) as char)
                .collect();
            let b: String = (0..lb)
                .map(|_| (b'a' + (next() % 4) as u8) as char)
                .collect();
            let want = strsim::osa_distance(&a, &b);
            assert_eq!(osa(a.as_bytes(), b.as_bytes()), want, "{a:?} {b:?}");
            if !a.is_empty() && a.len() <= 64 {
                assert_eq!(osa_bits(a.as_bytes(), b.as_bytes()), want, "{a:?} {b:?}");
                let p = Pattern::new(a.as_bytes()).unwrap();
                assert_eq!(p.distance(b.as_bytes()), want, "pattern {a:?} {b:?}");
            }
            assert_eq!(osa_dp(a.as_bytes(), b.as_bytes()), want, "{a:?} {b:?}");
        }
        let mixed = ["KRLN", "krln", "a1b2", "A1B2", "zZ9", "9Zz"];
        for a in mixed {
            for b in mixed {
                assert_eq!(
                    osa(a.as_bytes(), b.as_bytes()),
                    strsim::osa_distance(a, b),
                    "{a} {b}"
                );
            }
        }
        let long_a = "ab".repeat(50);
        let long_b = "ba".repeat(50);
        assert_eq!(
            osa(long_a.as_bytes(), long_b.as_bytes()),
            strsim::osa_distance(&long_a, &long_b)
        );
    }

    #[test]
    fn close_pairs_agree_with_osa() {
        // Strings and their neighbours at zero, one or two random edits (insertion, deletion,
        // substitution, transposition), over small alphabets so that edits collide often,
        // with bytes of shared classes too ('-' and '_', 'é' and 'è').
        let mut next = crate::xorshift(0x1234_5678_9ABC_DEF1);
        let alphabet = b"aab-_01\xc3\xa9\xa8";
        let (mut close, mut one) = (0, 0);
        for _ in 0..50_000 {
            let la = (next() % 12) as usize;
            let a: Vec<u8> = (0..la)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let mut b = a.clone();
            for _ in 0..next() % 3 {
                let i = (next() % (b.len() as u64 + 1)) as usize;
                let c = alphabet[(next() % alphabet.len() as u64) as usize];
                match next() % 4 {
                    0 => b.insert(i, c),
                    1 if i < b.len() => {
                        b.remove(i);
                    }
                    2 if i < b.len() => b[i] = c,
                    _ if i + 1 < b.len() => b.swap(i, i + 1),
                    _ => {}
                }
            }
            let want = osa(&a, &b);
            match osa_if_close(&a, &b) {
                Some(d) => {
                    assert_eq!(d, want, "{a:?} {b:?}");
                    close += 1;
                }
                None => assert!(
                    want >= 2 || a.iter().chain(&b).any(|c| !c.is_ascii_alphanumeric()),
                    "{a:?} {b:?}"
                ),
            }
            one += usize::from(want == 1);
        }
        assert!(close > 10_000 && one > 10_000, "{close} {one}");
        assert_eq!(osa_if_close(b"a-b", b"a_b"), None);
        assert_eq!(osa(b"a-b", b"a_b"), 0);
        assert_eq!(osa_if_close(b"abcd", b"abdc"), Some(1));
        assert_eq!(osa_if_close(b"abcd", b"acbe"), None);
        assert_eq!(osa_if_close(&[b'a'; 129], &[b'a'; 128]), None);
    }

    #[test]
    fn at_least_half_agrees_with_osa_sim() {
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..50_000 {
            let la = (next() % 24) as usize;
            let lb = (next() % 24) as usize;
            let alphabet = 2 + (next() % 5) as u8;
            let a: Vec<u8> = (0..la)
                .map(|_| b'a' + (next() % u64::from(alphabet)) as u8)
                .collect();
            let b: Vec<u8> = (0..lb)
                .map(|_| b'a' + (next() % u64::from(alphabet)) as u8)
                .collect();
            assert_eq!(
                sim_at_least_half(&a, &b),
                osa_sim(&a, &b) >= 0.5,
                "{a:?} {b:?}"
            );
        }
        let long_a = "ab".repeat(70);
        let long_b = "ba".repeat(70);
        for (a, b) in [
            (&long_a, &long_b),
            (&long_a, &long_a),
            (&"ab".repeat(40), &long_b),
        ] {
            assert_eq!(
                sim_at_least_half(a.as_bytes(), b.as_bytes()),
                osa_sim(a.as_bytes(), b.as_bytes()) >= 0.5
            );
        }
        for (a, b) in [
            ("", ""),
            ("a", ""),
            ("", "ab"),
            ("KRLN", "krln"),
            ("a1", "A1"),
            ("é", "è"),
            ("éa", "èa"),
        ] {
            assert_eq!(
                sim_at_least_half(a.as_bytes(), b.as_bytes()),
                osa_sim(a.as_bytes(), b.as_bytes()) >= 0.5,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn prepared_word_agrees_with_at_least_half() {
        // One prepared word set again and again (its old masks and counts must not leak),
        // against words near its length and one-byte edits of it.
        let mut next = crate::xorshift(0x1F83_D9AB_FB41_BD6B);
        let mut half = HalfWord::empty();
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789-'.";
        for _ in 0..2_000 {
            let la = (next() % 70) as usize;
            let size = 2 + (next() % (alphabet.len() as u64 - 2)) as usize;
            let word = |n, next: &mut dyn FnMut() -> u64| -> Vec<u8> {
                (0..n)
                    .map(|_| alphabet[(next() % size as u64) as usize])
                    .collect()
            };
            let a = word(la, &mut next);
            let prepared = half.set(&a);
            assert_eq!(prepared, !a.is_empty() && a.len() <= 64);
            for _ in 0..20 {
                let lb = (next() % 140) as usize;
                let mut b = word(lb.min(la + 3), &mut next);
                if next() % 2 == 0 && !a.is_empty() {
                    b = a.clone();
                    let i = (next() % a.len() as u64) as usize;
                    b[i] = alphabet[(next() % size as u64) as usize];
                }
                if prepared {
                    assert_eq!(
                        half.at_least_half(&b),
                        sim_at_least_half(&a, &b),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn letter_sets_never_reject_a_pair_at_least_half() {
        // Over alphabets small and large (buckets shared: 'w' and '0'), every length, and past
        // MAX_LEN: `may_be_half` is false only where `sim_at_least_half` is.
        let mut next = crate::xorshift(0x9E6C_63D0_676A_9A99);
        let (mut rejected, mut passed) = (0, 0);
        for _ in 0..100_000 {
            let la = (next() % 16) as usize;
            let lb = (next() % 16) as usize;
            let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789-'.";
            let size = 2 + (next() % (alphabet.len() as u64 - 2)) as usize;
            let mut word = |n| -> Vec<u8> {
                (0..n)
                    .map(|_| alphabet[(next() % size as u64) as usize])
                    .collect()
            };
            let (a, mut b) = (word(la), word(lb));
            // Half the pairs are a word and a few edits of it, near the bound.
            if next() % 2 == 0 {
                b = a.clone();
                for _ in 0..next() % 5 {
                    let i = (next() % (b.len() as u64 + 1)) as usize;
                    let c = alphabet[(next() % size as u64) as usize];
                    match next() % 3 {
                        0 if i < b.len() => b[i] = c,
                        1 if i < b.len() => {
                            b.remove(i);
                        }
                        _ => b.insert(i, c),
                    }
                }
            }
            let half = sim_at_least_half(&a, &b);
            let may = may_be_half(letters(&a), letters(&b));
            assert!(may || !half, "{a:?} {b:?}");
            rejected += usize::from(!may);
            passed += usize::from(half);
        }
        // (The test means something: both outcomes occur often.)
        assert!(rejected > 10_000 && passed > 10_000, "{rejected} {passed}");
        let long_a = "ab".repeat(70);
        let long_b = format!("{}xyz", "ba".repeat(70));
        for (a, b) in [(&long_a, &long_b), (&long_b, &long_a), (&long_a, &long_a)] {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            assert!(may_be_half(letters(a), letters(b)) || !sim_at_least_half(a, b));
        }
        assert!(may_be_half(letters(b""), letters(b"")));
        // The sets' own counts, against `count_ones`: a pair passes exactly when the bound
        // from those counts allows it.
        for _ in 0..10_000 {
            let (sa, sb) = (next() as u32, next() as u32);
            let (la, lb) = (32 + (next() % 8) as usize, 32 + (next() % 8) as usize);
            let (a, b) = (
                (la as u64) << 32 | u64::from(sa),
                (lb as u64) << 32 | u64::from(sb),
            );
            let n = la.max(lb);
            let matched =
                (la - (sa & !sb).count_ones() as usize).min(lb - (sb & !sa).count_ones() as usize);
            let want = la.abs_diff(lb) * 2 <= n && (n - matched) * 2 <= n;
            assert_eq!(may_be_half(a, b), want, "{sa:x} {sb:x} {la} {lb}");
        }
    }

    #[test]
    fn patterns_agree_with_osa() {
        let words = [
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "oseman",
            "osseman",
            "hemsworth",
            "hemsword",
            "xyz",
            "theshawshankredemption",
            "theshawshankredemtion",
            "kitten",
            "sitting",
            "KRLN",
            "A1B2",
        ];
        for a in words {
            let p = Pattern::new(a.as_bytes()).unwrap();
            for b in words.iter().chain(&[""]) {
                assert_eq!(
                    p.sim(b.as_bytes()),
                    osa_sim(a.as_bytes(), b.as_bytes()),
                    "{a} {b}"
                );
                let (a, b) = (a.as_bytes(), b.as_bytes());
                assert_eq!(osa_with(Some(&p), a, b), osa(a, b));
                assert_eq!(osa_sim_with(Some(&p), a, b), osa_sim(a, b));
            }
        }
        let long = [b'a'; 200];
        let p = Pattern::new(b"aab").unwrap();
        assert_eq!(osa_with(Some(&p), b"aab", &long), osa(b"aab", &long));
        assert_eq!(
            osa_sim_with(Some(&p), b"aab", &long),
            osa_sim(b"aab", &long)
        );
        assert!(Pattern::new(b"").is_none());
        assert!(Pattern::new(&[b'a'; 65]).is_none());
        // One pattern set to each word in turn (and to nothing, and to a word too long for
        // one) is the pattern `new` makes.
        let mut reused = Pattern::empty();
        let too_long = "x".repeat(65);
        for a in words
            .iter()
            .chain(&["", too_long.as_str()])
            .chain(words.iter().rev())
        {
            reused.set(a.as_bytes());
            let made = Pattern::new(a.as_bytes());
            assert_eq!(reused.get().is_some(), made.is_some(), "{a}");
            if let Some(p) = made {
                assert_eq!(reused.pm, p.pm, "{a}");
                for b in words.iter().chain(&[""]) {
                    assert_eq!(reused.sim(b.as_bytes()), p.sim(b.as_bytes()), "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn matches_strsim() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "heartstopper",
            "heart stopper",
            "oseman",
            "osseman",
            "colman",
            "coleman",
            "kitten",
            "sitting",
            "ca",
            "abc",
            "hemsworth",
            "hemsword",
            "theshawshankredemption",
            "theshawshankredemtion",
            "xyz",
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
