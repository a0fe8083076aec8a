//! Compact lookup structures: a string arena and a sorted hash multimap.

use std::borrow::Cow;
#[cfg(target_pointer_width = "64")]
use std::hash::Hasher;
use std::sync::OnceLock;

#[cfg(target_pointer_width = "64")]
use rustc_hash::FxHasher;

/// 64-bit hash of a byte string (FxHash: fast on short keys; collisions are harmless because
/// every hit is verified against the real string).
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// 64-bit hash of a byte string. FxHash is 32 bits where `usize` is (WebAssembly): the tables
/// choose buckets by the top bits and fingerprints by the next 32, so they need all 64, and
/// xxh3 gives them.
#[cfg(not(target_pointer_width = "64"))]
#[inline]
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Many strings in one buffer, addressed by a `u32` id. The buffer of a section of the
/// bundled index is borrowed from the program.
#[derive(Clone, Debug, Default)]
pub(crate) struct Arena {
    bytes: Cow<'static, [u8]>,
    ends: Cow<'static, [u32]>,
}

impl Arena {
    pub(crate) fn push(&mut self, s: &[u8]) -> u32 {
        self.bytes.to_mut().extend_from_slice(s);
        self.ends.to_mut().push(self.bytes.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// Pushes the concatenation of `a` and `b` as one string.
    pub(crate) fn push2(&mut self, a: &[u8], b: &[u8]) -> u32 {
        self.bytes.to_mut().extend_from_slice(a);
        self.push(b)
    }

    #[inline]
    pub(crate) fn get(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    /// The first byte of string `id` (0 when it is empty), for reading a string ahead of use.
    #[inline]
    pub(crate) fn first_byte(&self, id: u32) -> u8 {
        self.get(id).first().copied().unwrap_or(0)
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// `shape(string)` of every string, in one pass over the ends and bytes.
    pub(crate) fn shapes(&self, shape: impl Fn(&[u8]) -> usize) -> Vec<u16> {
        let mut start = 0usize;
        self.ends
            .iter()
            .map(|&e| {
                let end = e as usize;
                let s = self.bytes.get(start..end).unwrap_or_default();
                start = end;
                shape(s) as u16
            })
            .collect()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        let bytes = match &self.bytes {
            Cow::Owned(b) => b.capacity(),
            Cow::Borrowed(_) => 0,
        };
        let ends = match &self.ends {
            Cow::Owned(e) => e.capacity(),
            Cow::Borrowed(_) => 0,
        };
        bytes + ends * 4
    }

    pub(crate) fn shrink(&mut self) {
        if let Cow::Owned(b) = &mut self.bytes {
            b.shrink_to_fit();
        }
        if let Cow::Owned(e) = &mut self.ends {
            e.shrink_to_fit();
        }
    }

    /// The byte buffer and the end offset of each string (for saving).
    pub(crate) fn parts(&self) -> (&[u8], &[u32]) {
        (&self.bytes, &self.ends)
    }

    /// An arena from saved parts, checked: the ends never decrease and stay within `bytes`.
    pub(crate) fn from_parts(
        bytes: Cow<'static, [u8]>,
        ends: Cow<'static, [u32]>,
    ) -> Result<Arena, &'static str> {
        let mut prev = 0u32;
        for &e in ends.iter() {
            if e < prev {
                return Err("string ends decrease");
            }
            prev = e;
        }
        if prev as usize > bytes.len() {
            return Err("a string ends past its buffer");
        }
        Ok(Arena { bytes, ends })
    }
}

/// A multimap from 64-bit hashes to `u32` values: `(fingerprint, value)` pairs sorted by hash
/// in one array, with a bucket table on the hash's top bits sized to the number of pairs (about
/// four pairs a bucket), so a probe reads one bucket bound and, usually, one cache line of pairs.
///
/// The fingerprint is the 32 hash bits after the bucket bits: values of colliding keys can come
/// back (rarely), so callers verify what they get.
#[derive(Clone, Debug, Default)]
pub(crate) struct HashMulti {
    pairs: Vec<(u32, u32)>,
    /// `starts[b]..starts[b + 1]` is the run of pairs whose top `bits` hash bits are `b`.
    starts: Vec<u32>,
    bits: u32,
}

/// Longest bucket whose pairs are inserted in order as the table is built (longer, and they
/// are sorted once all are placed).
const MAX_INSERTED_RUN: usize = 256;

/// Fewest and most bucket bits.
const MIN_BUCKET_BITS: u32 = 8;
/// Fewest bucket bits of a part of a [`Parts`] table (never saved).
const MIN_PART_BITS: u32 = 2;
const MAX_BUCKET_BITS: u32 = 26;

impl HashMulti {
    /// Builds from unsorted pairs; duplicate pairs are removed.
    pub(crate) fn build(pairs: Vec<(u64, u32)>) -> HashMulti {
        HashMulti::build_with(pairs.len(), |i| pairs[i].0, |i| pairs[i].1)
    }

    /// Builds from the `n` pairs `(key(i), value(i))`, duplicates removed. `key` is called
    /// twice for each pair (to count each bucket's pairs, then to place them), `value` once,
    /// for `i` in increasing order. No array of (hash, value) pairs is made, so the only large
    /// allocation is the table itself. A counting sort on the top bits of the hash, then a
    /// sort of each (short) bucket by fingerprint and value.
    pub(crate) fn build_with(
        n: usize,
        key: impl Fn(usize) -> u64,
        value: impl FnMut(usize) -> u32,
    ) -> HashMulti {
        HashMulti::build_bits(n, MIN_BUCKET_BITS, key, value)
    }

    /// [`build_with`](Self::build_with) for a part of a [`Parts`] table: with as few as
    /// [`MIN_PART_BITS`] bucket bits, so that a part of a few pairs does not hold 257 bucket
    /// starts.
    pub(crate) fn build_part(
        n: usize,
        key: impl Fn(usize) -> u64,
        value: impl FnMut(usize) -> u32,
    ) -> HashMulti {
        HashMulti::build_bits(n, MIN_PART_BITS, key, value)
    }

    fn build_bits(
        n: usize,
        min_bits: u32,
        key: impl Fn(usize) -> u64,
        mut value: impl FnMut(usize) -> u32,
    ) -> HashMulti {
        // About four pairs (32 bytes) per bucket.
        let bits = (usize::BITS - (n / 4).leading_zeros()).clamp(min_bits, MAX_BUCKET_BITS);
        let nb = 1usize << bits;
        let bucket = |k: u64| (k >> (64 - bits)) as usize;
        // `starts[b + 1]` counts bucket b's pairs, then (summed) `starts[b]` is where bucket b
        // starts; `next[b]` is where its next pair goes.
        let mut starts = vec![0u32; nb + 1];
        for i in 0..n {
            starts[bucket(key(i)) + 1] += 1;
        }
        let mut longest = 0;
        for b in 1..=nb {
            longest = longest.max(starts[b]);
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        // Each pair is inserted in order into its bucket (an insertion sort done while the
        // bucket is in cache), noting whether it equals one already there. Where a bucket is
        // long, pairs are appended and the buckets sorted at the end instead.
        let insert = longest as usize <= MAX_INSERTED_RUN;
        let mut table = vec![(0u32, 0u32); n];
        let mut duplicates = false;
        for i in 0..n {
            let k = key(i);
            let b = bucket(k);
            let p = (fingerprint(k, bits), value(i));
            let lo = starts[b] as usize;
            let mut j = next[b] as usize;
            next[b] += 1;
            if insert {
                while j > lo && table[j - 1] > p {
                    table[j] = table[j - 1];
                    j -= 1;
                }
                duplicates |= j > lo && table[j - 1] == p;
            }
            table[j] = p;
        }
        drop(next);
        if !insert {
            for b in 0..nb {
                let run = &mut table[starts[b] as usize..starts[b + 1] as usize];
                run.sort_unstable();
                duplicates |= run.windows(2).any(|w| w[0] == w[1]);
            }
        }
        if duplicates {
            // Remove the duplicates, moving each bucket down over those removed before it.
            let (mut lo, mut w) = (0usize, 0usize);
            for b in 0..nb {
                let hi = starts[b + 1] as usize;
                let run_start = w;
                for i in lo..hi {
                    let p = table[i];
                    if w == run_start || table[w - 1] != p {
                        table[w] = p;
                        w += 1;
                    }
                }
                starts[b + 1] = w as u32;
                lo = hi;
            }
            table.truncate(w);
            table.shrink_to_fit();
        }
        HashMulti {
            pairs: table,
            starts,
            bits,
        }
    }

    /// The values stored under `key` (possibly from colliding strings: verify them).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> impl Iterator<Item = u32> + Clone + '_ {
        let run: &[(u32, u32)] = if self.pairs.is_empty() {
            &[]
        } else {
            let b = (key >> (64 - self.bits)) as usize;
            &self.pairs[self.starts[b] as usize..self.starts[b + 1] as usize]
        };
        let fp = fingerprint(key, self.bits);
        let lo = run.partition_point(|p| p.0 < fp);
        let len = run[lo..].iter().take_while(|p| p.0 == fp).count();
        run[lo..lo + len].iter().map(|p| p.1)
    }

    /// Reads the bucket bound and first pair of `key`, returning a value to keep the loads
    /// alive: the keys of a query touched together, their cache misses overlap, and the
    /// [`get`](Self::get)s that follow find them in cache.
    #[inline]
    pub(crate) fn touch_one(&self, key: u64) -> u32 {
        if self.pairs.is_empty() {
            return 0;
        }
        let i = self.starts[(key >> (64 - self.bits)) as usize] as usize;
        self.pairs.get(i).map_or(0, |p| p.0)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.pairs.capacity() * 8 + self.starts.capacity() * 4
    }

    /// The pairs, the bucket starts and the bucket bits (for saving).
    pub(crate) fn parts(&self) -> (&[(u32, u32)], &[u32], u32) {
        (&self.pairs, &self.starts, self.bits)
    }

    /// A multimap from saved parts, checked so that no probe can index out of bounds: the
    /// bucket bits are in range, there is one start per bucket plus one, the starts never
    /// decrease and the last is the number of pairs, and every value is below `values`.
    pub(crate) fn from_parts(
        pairs: Vec<(u32, u32)>,
        starts: Vec<u32>,
        bits: u32,
        values: usize,
    ) -> Result<HashMulti, &'static str> {
        if !(MIN_BUCKET_BITS..=MAX_BUCKET_BITS).contains(&bits) {
            return Err("bucket bits out of range");
        }
        if starts.len() != (1usize << bits) + 1 {
            return Err("wrong number of buckets");
        }
        if starts[0] != 0 || starts.windows(2).any(|w| w[1] < w[0]) {
            return Err("bucket starts decrease");
        }
        if starts[starts.len() - 1] as usize != pairs.len() {
            return Err("bucket starts do not end at the number of pairs");
        }
        if pairs.iter().any(|p| p.1 as usize >= values) {
            return Err("a value is out of range");
        }
        Ok(HashMulti {
            pairs,
            starts,
            bits,
        })
    }
}

/// A hash multimap split by a class of its keys (their length, say) into parts, each made on
/// first use: a probe knows its key's class, so a process that probes a few keys makes only
/// the parts they fall in. Each part is a [`HashMulti`] of its own, made by the closure its
/// first probe gives ([`part`](Self::part)); threads that race to make a part wait for the
/// first one (`OnceLock`).
#[derive(Debug, Default)]
pub(crate) struct Parts {
    parts: Box<[OnceLock<HashMulti>]>,
}

impl Parts {
    /// `n` parts, none made yet.
    pub(crate) fn new(n: usize) -> Parts {
        Parts {
            parts: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The number of parts.
    pub(crate) fn len(&self) -> usize {
        self.parts.len()
    }

    /// Part `p`, made by `make` if it is not made yet (`p` must be below the number of parts).
    #[inline]
    pub(crate) fn part(&self, p: usize, make: impl FnOnce() -> HashMulti) -> &HashMulti {
        self.parts[p].get_or_init(make)
    }

    /// Heap bytes of the parts made so far.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.parts.len() * std::mem::size_of::<OnceLock<HashMulti>>()
            + self
                .parts
                .iter()
                .filter_map(OnceLock::get)
                .map(HashMulti::heap_bytes)
                .sum::<usize>()
    }
}

/// A hash multimap from strings to the ids whose string they are, in parts by a class of the
/// string (its length, say, or its length and first byte), each part made on first use: a
/// probe for a key reads only its class's part. The ids of each class are found once, from
/// every id's class, when the first part is made.
#[derive(Debug, Default)]
pub(crate) struct ByClass {
    parts: Parts,
    /// Ids by class.
    dir: OnceLock<Groups>,
}

impl ByClass {
    /// A table of `classes` parts, none made yet.
    pub(crate) fn new(classes: usize) -> ByClass {
        ByClass {
            parts: Parts::new(classes),
            dir: OnceLock::new(),
        }
    }

    /// The ids by class, made by `classes` (every id's class) if they are not made yet.
    #[inline]
    pub(crate) fn dir(&self, classes: impl FnOnce() -> Vec<u16>) -> &Groups {
        self.dir
            .get_or_init(|| Groups::new(self.parts.len(), &classes()))
    }

    /// Part `c`, made if it is not made yet: `classes` gives every id's class (once, for the
    /// first part made) and `key` the hash of an id's string.
    #[inline]
    pub(crate) fn part(
        &self,
        c: usize,
        classes: impl FnOnce() -> Vec<u16>,
        key: impl Fn(u32) -> u64,
    ) -> &HashMulti {
        self.parts.part(c, || {
            let ids = self.dir(classes).get(c);
            // Each key's hash once (`build_part` asks for it twice).
            let hashes: Vec<u64> = ids.iter().map(|&i| key(i)).collect();
            HashMulti::build_part(ids.len(), |i| hashes[i], |i| ids[i])
        })
    }

    /// Heap bytes of the parts made so far and of the ids by class.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.parts.heap_bytes() + self.dir.get().map_or(0, Groups::heap_bytes)
    }
}

/// Ids grouped by a class: the ids of class `c`, ascending, are [`get(c)`](Self::get). A
/// counting sort: one pass to count, one to place.
#[derive(Debug, Default)]
pub(crate) struct Groups {
    ends: Vec<u32>,
    ids: Vec<u32>,
}

impl Groups {
    /// Ids `0..classes.len()` grouped by their class (`classes[i]`, below `n`).
    pub(crate) fn new(n: usize, classes: &[u16]) -> Groups {
        let mut ends = vec![0u32; n + 1];
        for &c in classes {
            ends[usize::from(c) + 1] += 1;
        }
        for c in 1..=n {
            ends[c] += ends[c - 1];
        }
        let mut next = ends.clone();
        let mut ids = vec![0u32; classes.len()];
        for (i, &c) in classes.iter().enumerate() {
            let slot = &mut next[usize::from(c)];
            ids[*slot as usize] = i as u32;
            *slot += 1;
        }
        Groups { ends, ids }
    }

    /// The ids of class `c`, ascending.
    #[inline]
    pub(crate) fn get(&self, c: usize) -> &[u32] {
        &self.ids[self.ends[c] as usize..self.ends[c + 1] as usize]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.ends.capacity() + self.ids.capacity()) * 4
    }
}

/// The 32 bits of `key` after its top `bits`.
#[inline]
fn fingerprint(key: u64, bits: u32) -> u32 {
    ((key << bits) >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multimap_returns_every_value_of_a_key_and_no_other() {
        let keys: Vec<Vec<u8>> = (0..5000u32)
            .map(|i| format!("key{i}").into_bytes())
            .collect();
        let mut pairs = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            for j in 0..(i % 4) as u32 {
                pairs.push((hash(k), i as u32 * 10 + j));
            }
        }
        // Duplicates are dropped.
        pairs.push((hash(&keys[7]), 70));
        let m = HashMulti::build(pairs);
        for (i, k) in keys.iter().enumerate() {
            let mut got: Vec<u32> = m.get(hash(k)).collect();
            got.sort_unstable();
            let want: Vec<u32> = (0..(i % 4) as u32).map(|j| i as u32 * 10 + j).collect();
            assert_eq!(got, want, "key {i}");
        }
        assert_eq!(m.get(hash(b"absent")).count(), 0);
    }

    /// The table is the one a sort of each bucket and a removal of duplicates give (the way
    /// it was built before pairs were inserted in order).
    #[test]
    fn tables_are_sorted_buckets_without_duplicates() {
        for (n, spread) in [
            (0usize, 1u64),
            (1, 1),
            (50, 7),
            (5000, 1000),
            (40_000, 5),
            (40_000, u64::MAX),
        ] {
            let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15);
            let pairs: Vec<(u64, u32)> = (0..n)
                .map(|_| {
                    let x = next();
                    // Few distinct keys and values when `spread` is small: many duplicates.
                    let mut k = hash(&(x % spread).to_le_bytes());
                    if spread == 50_000 {
                        // 32-bit hashes (as on WebAssembly): every key in bucket 0.
                        k >>= 32;
                    }
                    (k, (x >> 40) as u32 % 4)
                })
                .collect();
            let m = HashMulti::build(pairs.clone());
            let bits = m.bits;
            let nb = 1usize << bits;
            let mut want: Vec<Vec<(u32, u32)>> = vec![Vec::new(); nb];
            for &(k, v) in &pairs {
                want[(k >> (64 - bits)) as usize].push((fingerprint(k, bits), v));
            }
            let mut starts = vec![0u32];
            let mut all = Vec::new();
            for b in &mut want {
                b.sort_unstable();
                b.dedup();
                all.extend_from_slice(b);
                starts.push(all.len() as u32);
            }
            assert_eq!(
                (m.pairs, m.starts),
                (all, starts),
                "{n} pairs, spread {spread}"
            );
        }
    }

    #[test]
    fn empty_and_tiny_multimaps_answer() {
        let m = HashMulti::build(Vec::new());
        assert_eq!(m.get(hash(b"x")).count(), 0);
        let m = HashMulti::build(vec![(hash(b"x"), 1), (hash(b"x"), 2)]);
        assert_eq!(m.get(hash(b"x")).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(m.get(hash(b"y")).count(), 0);
    }
}
