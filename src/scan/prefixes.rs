//! A filter over the space-free keys of every name and alias: whether a string can be a key,
//! or the start of one. The exact-window pass extends a window word by word and stops as soon
//! as its key starts no name's key, instead of probing every window of up to
//! [`MAX_WINDOW`](super::MAX_WINDOW) words.
//!
//! Two bit sets indexed by a hash that is updated one byte at a time, so the key of a growing
//! window is hashed once: one bit per prefix of every key, one per whole key. The hash is a
//! polynomial in the key's bytes, so a whole word's part of it is two numbers ([`KeyStep`])
//! computed once per word: a window grows by a word in two operations, not a loop over its
//! bytes. A clear bit
//! means "no"; a set bit means "perhaps" (then the index is probed as before), so the filter
//! changes how much is probed, never an answer. Built on the first check (a few milliseconds
//! for the bundled lexicon), not on start-up.

use crate::index::Index;

/// Bits per set (a power of two): 2^24 bits, 2 MiB for each set.
const BITS: u32 = 24;

/// The bit sets of key prefixes and whole keys (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct KeyPrefixes {
    prefixes: Vec<u64>,
    keys: Vec<u64>,
    /// Every IDF of the index is finite and not negative, so a match's word covers are in
    /// [0, 1], as the pre-score's bound (`score::ScoreBound`) assumes. An index built here
    /// always is; one loaded from a file is checked.
    pub(crate) covers_bounded: bool,
    /// [`distance::letters`] of every token, by token id: the pre-score's word test reads
    /// these eight bytes first, and the token's text only when they allow a match.
    ///
    /// [`distance::letters`]: crate::distance::letters
    pub(crate) token_letters: Vec<u64>,
}

/// The hash of the empty key.
pub(crate) const START: u64 = 0;

/// The multiplier of the polynomial hash (odd).
const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hash of a key one byte longer.
#[inline]
fn step(h: u64, b: u8) -> u64 {
    h.wrapping_mul(K).wrapping_add(u64::from(b))
}

/// What a word adds to the hash of a key it extends: `step` over each of its bytes but
/// spaces (keys are space-free), as one multiplication and one addition.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct KeyStep {
    mul: u64,
    add: u64,
}

impl KeyStep {
    /// The step of the folded word `w`.
    pub(crate) fn of(w: &str) -> KeyStep {
        w.bytes()
            .filter(|&b| b != b' ')
            .fold(KeyStep { mul: 1, add: 0 }, |s, b| KeyStep {
                mul: s.mul.wrapping_mul(K),
                add: step(s.add, b),
            })
    }

    /// The filter's hash of `bytes` after `h` (spaces included: a key has none).
    #[inline]
    pub(crate) fn hash_bytes(h: u64, bytes: &[u8]) -> u64 {
        bytes.iter().fold(h, |h, &b| step(h, b))
    }

    /// The hash of the key `h` hashes, extended by the word.
    #[inline]
    pub(crate) fn apply(self, h: u64) -> u64 {
        h.wrapping_mul(self.mul).wrapping_add(self.add)
    }
}

#[inline]
fn slot(h: u64) -> (usize, u64) {
    // The hash's high bits, mixed once more (its low bits depend on the last byte alone).
    let x = (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let i = (x >> (64 - BITS)) as usize;
    (i / 64, 1u64 << (i % 64))
}

impl KeyPrefixes {
    /// The filter of `ix`'s variant keys.
    pub(crate) fn build(ix: &Index) -> KeyPrefixes {
        let words = 1usize << (BITS - 6);
        let sound = |w: f32| w.is_finite() && w >= 0.0;
        let mut f = KeyPrefixes {
            prefixes: vec![0; words],
            keys: vec![0; words],
            covers_bounded: sound(ix.unknown_idf) && ix.tok_idf.iter().all(|&w| sound(w)),
            token_letters: (0..ix.tok_text.len() as u32)
                .map(|t| crate::distance::letters(ix.tok_text.get(t)))
                .collect(),
        };
        for v in 0..ix.variant_count() as u32 {
            let mut h = START;
            for &b in ix.var_key(v) {
                h = step(h, b);
                let (w, bit) = slot(h);
                f.prefixes[w] |= bit;
            }
            let (w, bit) = slot(h);
            f.keys[w] |= bit;
        }
        f
    }

    /// Whether a key whose hash is `h` may start some variant's key (`false`: it starts none).
    #[inline]
    pub(crate) fn may_start(&self, h: u64) -> bool {
        let (w, bit) = slot(h);
        self.prefixes[w] & bit != 0
    }

    /// Whether a key whose hash is `h` may be some variant's key (`false`: it is none).
    #[inline]
    pub(crate) fn may_be(&self, h: u64) -> bool {
        let (w, bit) = slot(h);
        self.keys[w] & bit != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_step_is_its_bytes_steps() {
        for (h, w) in [
            (START, "oseman"),
            (12345, "j j"),
            (START, ""),
            (!0, "heart stopper"),
        ] {
            let by_bytes = w.bytes().filter(|&b| b != b' ').fold(h, step);
            assert_eq!(KeyStep::of(w).apply(h), by_bytes, "{w}");
        }
        // Two words after each other: the key of both.
        let two = KeyStep::of("kit").apply(KeyStep::of("connor").apply(START));
        assert_eq!(two, KeyStep::of("connorkit").apply(START));
    }
}
