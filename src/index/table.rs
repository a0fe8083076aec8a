//! Compact lookup structures: a string arena and a sorted hash multimap.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// 64-bit hash of a byte string (FxHash: fast on short keys; collisions are harmless because
/// every hit is verified against the real string).
#[inline]
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.write_u8(0xff);
    h.finish()
}

/// Many strings in one buffer, addressed by a `u32` id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Arena {
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

impl Arena {
    pub(crate) fn push(&mut self, s: &[u8]) -> u32 {
        self.bytes.extend_from_slice(s);
        self.ends.push(self.bytes.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// Pushes the concatenation of `a` and `b` as one string.
    pub(crate) fn push2(&mut self, a: &[u8], b: &[u8]) -> u32 {
        self.bytes.extend_from_slice(a);
        self.push(b)
    }

    #[inline]
    pub(crate) fn get(&self, id: u32) -> &[u8] {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A multimap from 64-bit hashes to `u32` values, stored as two sorted parallel arrays with a
/// bucket table on the top 16 bits of the hash, so a probe touches one short run.
#[derive(Clone, Debug, Default)]
pub(crate) struct HashMulti {
    keys: Vec<u64>,
    vals: Vec<u32>,
    /// `buckets[b]..buckets[b + 1]` is the run of keys whose top 16 bits are `b`.
    buckets: Vec<u32>,
}

const BUCKET_BITS: u32 = 16;

impl HashMulti {
    /// Builds from unsorted pairs; duplicate pairs are removed. A counting sort on the top
    /// 16 bits of the hash, then a sort of each (short) bucket.
    pub(crate) fn build(pairs: Vec<(u64, u32)>) -> HashMulti {
        let nb = 1usize << BUCKET_BITS;
        let bucket = |k: u64| (k >> (64 - BUCKET_BITS)) as usize;
        let mut buckets = vec![0u32; nb + 1];
        for &(k, _) in &pairs {
            buckets[bucket(k) + 1] += 1;
        }
        for b in 1..=nb {
            buckets[b] += buckets[b - 1];
        }
        let mut next = buckets.clone();
        let mut sorted = vec![(0u64, 0u32); pairs.len()];
        for &(k, v) in &pairs {
            let slot = &mut next[bucket(k)];
            sorted[*slot as usize] = (k, v);
            *slot += 1;
        }
        drop(pairs);
        for b in 0..nb {
            sorted[buckets[b] as usize..buckets[b + 1] as usize].sort_unstable();
        }
        sorted.dedup();
        let mut keys = Vec::with_capacity(sorted.len());
        let mut vals = Vec::with_capacity(sorted.len());
        for (k, v) in sorted {
            keys.push(k);
            vals.push(v);
        }
        // Bucket starts again, after deduplication.
        let mut starts = vec![0u32; nb + 1];
        for &k in &keys {
            starts[bucket(k) + 1] += 1;
        }
        for b in 1..=nb {
            starts[b] += starts[b - 1];
        }
        HashMulti {
            keys,
            vals,
            buckets: starts,
        }
    }

    /// The values stored under `key` (possibly from colliding strings: verify them).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> &[u32] {
        if self.keys.is_empty() {
            return &[];
        }
        let b = (key >> (64 - BUCKET_BITS)) as usize;
        let (start, end) = (self.buckets[b] as usize, self.buckets[b + 1] as usize);
        let run = &self.keys[start..end];
        let lo = start + run.partition_point(|&k| k < key);
        let mut hi = lo;
        while hi < end && self.keys[hi] == key {
            hi += 1;
        }
        &self.vals[lo..hi]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.vals.capacity() * 4 + self.buckets.capacity() * 4
    }
}
