//! The saved index format (`.nfx`): a matcher's lexicon, settings and folded names (each
//! variant's tokens, each token's text, phonetic key and flags, each variant's keys) as flat
//! little-endian arrays, LZ4-compressed (or plain, as the bundled index is). Loading reads the
//! arrays (in place where it can), then derives the postings, IDFs and priors from them
//! ([`Index::derive`]), skipping the costly part of a build, folding every name; the hash
//! tables and the bigram postings are made on first use, the large tables part by part. The
//! hash tables are not saved: they are mostly random fingerprints that do not compress (27 MB
//! raw for the bundled lexicon, 12 MB with zstd -19, against 3 MB for what is saved). The full
//! form ([`Form::Full`]) also saves the postings, IDFs, priors, the canonical-key and
//! phonetic-key tables, the bigram postings and the surnames.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | content |
//! | --- | --- |
//! | 0..8 | magic `b"NAMEFIX\0"` |
//! | 8..12 | format version ([`VERSION`]) |
//! | 12..16 | flags (must be 0) |
//! | 16..24 | stored payload length in bytes |
//! | 24..32 | payload length once decompressed |
//! | 32..40 | xxh3-64 checksum of the stored payload |
//! | 40.. | payload: an LZ4 block holding the sections in a fixed order (see [`write_payload`]) |
//!
//! Each array section is a `u64` element count followed by the elements; a byte section is
//! followed by zeros to a multiple of four bytes, so every section starts four-byte aligned and
//! the bundled index's `u32` arrays are read in place. A section of numbers (string lengths,
//! the variants' entities) is a `u64` count and a byte section of LEB128 numbers. Loading checks the
//! magic, the version, the lengths and the checksum, then every structural invariant the index
//! relies on (offsets within their buffers, ids within their tables), so truncated, corrupt or
//! foreign bytes give an [`Error`] of kind [`ErrorKind::Format`], never a panic.

use std::borrow::Cow;

use super::table::{Arena, HashMulti};
use rustc_hash::FxHashMap;

use super::{Grams, Index, Surname, Variant, GRAM_LEN_DIR, NGRAMS};
use crate::leb128;
use crate::lexicon::{Entity, Kind, Lexicon, Strings};
use crate::normalize;
use crate::{Error, ErrorKind};

/// The first eight bytes of every saved index.
pub(crate) const MAGIC: &[u8; 8] = b"NAMEFIX\0";
/// The format version: raised whenever the layout or anything it depends on changes (the
/// string hash, the folding, the index's construction), so old files are refused rather than
/// misread.
pub(crate) const VERSION: u32 = 5;
const HEADER: usize = 40;
/// Flag: the derived tables are saved too (loading copies them instead of deriving them).
const FULL: u32 = 1;
/// Flag: the payload is an LZ4 block.
const LZ4: u32 = 2;
/// Largest ratio of decompressed to stored payload LZ4 can reach (it encodes at most 255
/// bytes of a run per byte): a larger claimed size is corrupt, and is refused before any
/// allocation.
const MAX_RATIO: u64 = 255;

/// What a saved matcher holds besides its lexicon and index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Settings {
    pub(crate) threshold: f32,
    pub(crate) margin: f32,
    pub(crate) max_weight_ln: f32,
}

fn format_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Format, message)
}

/// A value of the string hash the full form's tables are keyed by (FxHash, whose values
/// depend on the word size): a full index is refused where it differs. The compact form holds
/// no hashes and loads anywhere.
fn hash_probe() -> u64 {
    super::hash(b"namefix index hash probe")
}

/// The checksum of the payload.
fn checksum(payload: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(payload)
}

struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    fn u32(&mut self, x: u32) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }
    fn u64(&mut self, x: u64) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }
    fn f32(&mut self, x: f32) {
        self.u32(x.to_bits());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    /// A byte section, padded with zeros to a multiple of four bytes so that every section
    /// after it starts four-byte aligned (and its `u32` arrays can be read in place).
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.buf.extend_from_slice(b);
        self.buf.resize(self.buf.len() + pad(b.len()), 0);
    }
    fn u32s(&mut self, xs: &[u32]) {
        self.len(xs.len());
        self.buf.reserve(xs.len() * 4);
        for &x in xs {
            self.u32(x);
        }
    }
    fn f32s(&mut self, xs: &[f32]) {
        self.len(xs.len());
        for &x in xs {
            self.f32(x);
        }
    }
    fn arena(&mut self, a: &Arena) {
        let (bytes, ends) = a.parts();
        self.bytes(bytes);
        self.lengths(ends);
    }
    /// The lengths of the runs that end at `ends` (format version 5): their count, then a
    /// byte section of LEB128 numbers. Most strings are shorter than 128 bytes, so a length
    /// is one byte where an end was four that compressed badly (BENCHMARKS.md §7b).
    fn lengths(&mut self, ends: &[u32]) {
        self.len(ends.len());
        let mut prev = 0;
        let mut b = Vec::with_capacity(ends.len() + ends.len() / 8);
        for &e in ends {
            leb128::push(&mut b, u64::from(e.wrapping_sub(prev)));
            prev = e;
        }
        self.bytes(&b);
    }
    /// Nondecreasing numbers as LEB128 differences (count, then a byte section); numbers
    /// that decrease are written too (zigzag differences), though the writer's are sorted.
    fn deltas(&mut self, xs: &[u32]) {
        self.len(xs.len());
        let mut prev = 0i64;
        let mut b = Vec::with_capacity(xs.len());
        for &x in xs {
            let d = i64::from(x) - prev;
            leb128::push(&mut b, leb128::zigzag(d));
            prev = i64::from(x);
        }
        self.bytes(&b);
    }
    fn table(&mut self, t: &HashMulti) {
        let (pairs, starts, bits) = t.parts();
        self.u32(bits);
        self.u32s(starts);
        self.len(pairs.len());
        self.buf.reserve(pairs.len() * 8);
        for &(f, v) in pairs {
            self.u32(f);
            self.u32(v);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// How much the bytes are checked.
    trust: Trust,
    /// The bytes the payload lies in when they live as long as the program (the bundled
    /// index, or a buffer given to [`load_static`]): sections that lie in them are kept
    /// where they are (borrowed) instead of copied.
    keep: Option<&'static [u8]>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        match self.bytes.get(self.pos..).and_then(|rest| rest.get(..n)) {
            Some(b) => {
                self.pos += n;
                Ok(b)
            }
            None => Err(format_error(format!(
                "index is truncated (in {what}, at byte {})",
                HEADER + self.pos
            ))),
        }
    }
    fn u32(&mut self, what: &str) -> Result<u32, Error> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> Result<u64, Error> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self, what: &str) -> Result<f32, Error> {
        Ok(f32::from_bits(self.u32(what)?))
    }
    /// An element count, checked against the bytes left (so a corrupt count cannot ask for a
    /// huge allocation).
    fn len(&mut self, elem: usize, what: &str) -> Result<usize, Error> {
        let n = self.u64(what)?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n.checked_mul(elem as u64).is_none_or(|b| b > left) {
            return Err(format_error(format!(
                "index is truncated or corrupt ({what}: {n} elements, {left} bytes left)"
            )));
        }
        Ok(n as usize)
    }
    fn bytes(&mut self, what: &str) -> Result<&'a [u8], Error> {
        let n = self.len(1, what)?;
        let b = self.take(n, what)?;
        let padding = self.take(pad(n), what)?;
        check(padding.iter().all(|&x| x == 0), what, "padding is not zero")?;
        Ok(b)
    }
    /// The bytes of an array of `n` elements of `size` bytes (its count read first).
    fn array(&mut self, size: usize, what: &str) -> Result<&'a [u8], Error> {
        let n = self.len(size, what)?;
        self.take(n * size, what)
    }
    fn u32s(&mut self, what: &str) -> Result<Vec<u32>, Error> {
        Ok(le_u32s(self.array(4, what)?))
    }
    /// A `u32` array read in place where its bytes allow it (aligned, on a little-endian
    /// target), else copied: for arrays used while loading.
    fn u32s_here(&mut self, what: &str) -> Result<Cow<'a, [u32]>, Error> {
        let b = self.array(4, what)?;
        Ok(in_place(b).map_or_else(|| Cow::Owned(le_u32s(b)), Cow::Borrowed))
    }
    /// The same bytes as `part` (a section of this reader's bytes), borrowed for the life of
    /// the program, when they lie in bytes that live as long ([`Reader::keep`]).
    fn kept(&self, part: &[u8]) -> Option<&'static [u8]> {
        within(self.keep?, part)
    }
    /// A `u32` array kept by the index or the lexicon: borrowed where it is when it lies in
    /// bytes that live as long as the program (and is aligned), else copied.
    fn u32s_kept(&mut self, what: &str) -> Result<Cow<'static, [u32]>, Error> {
        let b = self.array(4, what)?;
        Ok(self
            .kept(b)
            .and_then(in_place)
            .map_or_else(|| Cow::Owned(le_u32s(b)), Cow::Borrowed))
    }
    /// An `f32` array kept by the index, borrowed or copied as [`Reader::u32s_kept`].
    fn f32s_kept(&mut self, what: &str) -> Result<Cow<'static, [f32]>, Error> {
        let b = self.array(4, what)?;
        Ok(self.kept(b).and_then(in_place).map_or_else(
            || Cow::Owned(le_u32s(b).into_iter().map(f32::from_bits).collect()),
            Cow::Borrowed,
        ))
    }
    /// An `f32` array read in place where its bytes allow it, else copied.
    fn f32s_here(&mut self, what: &str) -> Result<Cow<'a, [f32]>, Error> {
        let b = self.array(4, what)?;
        Ok(in_place(b).map_or_else(
            || Cow::Owned(le_u32s(b).into_iter().map(f32::from_bits).collect()),
            Cow::Borrowed,
        ))
    }
    fn arena(&mut self, what: &str) -> Result<Arena, Error> {
        let part = self.bytes(what)?;
        let bytes = match self.kept(part) {
            Some(b) => Cow::Borrowed(b),
            None => Cow::Owned(part.to_vec()),
        };
        let ends = self.lengths(what)?;
        Arena::from_parts(bytes, ends.into()).map_err(|e| corrupt(what, e))
    }
    /// A section written by [`Writer::lengths`], as the ends of the runs (their running
    /// sums), checked to fit in `u32`.
    fn lengths(&mut self, what: &str) -> Result<Vec<u32>, Error> {
        let (n, b) = self.numbers(what)?;
        ends_of(n, b, what)
    }
    /// A section written by [`Writer::deltas`].
    fn deltas(&mut self, what: &str) -> Result<Vec<u32>, Error> {
        let (n, b) = self.numbers(what)?;
        let mut xs = vec![0u32; n];
        let (mut x, mut at, mut i) = (0i64, 0, 0);
        let range = |what| corrupt(what, "a number is out of range");
        while i < n {
            // Eight one-byte numbers at once, as in `ends_of`.
            if let (Some(slots), Some(chunk)) = (
                xs.get_mut(i..i + 8),
                b.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()),
            ) {
                if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0 {
                    for (slot, &c) in slots.iter_mut().zip(&chunk) {
                        x += leb128::unzigzag(u64::from(c));
                        *slot = u32::try_from(x).map_err(|_| range(what))?;
                    }
                    (at, i) = (at + 8, i + 8);
                    continue;
                }
            }
            let z = leb128::read(b, &mut at, 10)
                .ok_or_else(|| corrupt(what, "a number is cut short"))?;
            x = x.wrapping_add(leb128::unzigzag(z));
            xs[i] = u32::try_from(x).map_err(|_| range(what))?;
            i += 1;
        }
        check(at == b.len(), what, "bytes left after the numbers")?;
        Ok(xs)
    }
    /// The count and the bytes of a section of LEB128 numbers (at least a byte each, so a
    /// count above the bytes is refused before any allocation).
    fn numbers(&mut self, what: &str) -> Result<(usize, &'a [u8]), Error> {
        let n = self.len(1, what)?;
        let b = self.bytes(what)?;
        check(n <= b.len(), what, "more numbers than bytes")?;
        Ok((n, b))
    }
    fn table(&mut self, what: &str, values: usize) -> Result<HashMulti, Error> {
        let bits = self.u32(what)?;
        let starts = self.u32s(what)?;
        let n = self.len(8, what)?;
        let pairs = self
            .take(n * 8, what)?
            .chunks_exact(8)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                )
            })
            .collect();
        HashMulti::from_parts(pairs, starts, bits, values).map_err(|e| corrupt(what, e))
    }
}

/// The ends of `n` runs whose lengths are the LEB128 numbers of `b` (their running sums),
/// checked to fit in `u32`. Nearly every length is one byte, read without the general loop
/// (the bundled load sums 480,000 of them).
fn ends_of(n: usize, b: &[u8], what: &str) -> Result<Vec<u32>, Error> {
    // `n` is at most `b.len()` (`Reader::numbers`), so this allocation is bounded.
    let mut ends = vec![0u32; n];
    let (mut end, mut at, mut i) = (0u64, 0, 0);
    while i < n {
        // Eight one-byte lengths at once where the next eight bytes all are (nearly always).
        if let (Some(slots), Some(chunk)) = (
            ends.get_mut(i..i + 8),
            b.get(at..at + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()),
        ) {
            if u64::from_le_bytes(chunk) & 0x8080_8080_8080_8080 == 0 {
                for (slot, &c) in slots.iter_mut().zip(&chunk) {
                    end += u64::from(c);
                    *slot = end as u32;
                }
                (at, i) = (at + 8, i + 8);
                continue;
            }
        }
        let x =
            leb128::read(b, &mut at, 10).ok_or_else(|| corrupt(what, "a number is cut short"))?;
        // The sum never decreases: checked against `u32` once, at the end.
        end = end.saturating_add(x);
        ends[i] = end as u32;
        i += 1;
    }
    check(at == b.len(), what, "bytes left after the numbers")?;
    check(end <= u64::from(u32::MAX), what, "a string ends past 4 GB")?;
    Ok(ends)
}

/// Zero bytes that follow a byte section of `n` bytes (to the next multiple of four).
fn pad(n: usize) -> usize {
    n.wrapping_neg() % 4
}

/// Little-endian `u32`s, copied.
fn le_u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// An array of little-endian 4-byte numbers read where it is (no copy), when the bytes are
/// aligned for it and the target is little-endian; `zerocopy` checks the length and the
/// alignment.
fn in_place<T: zerocopy::FromBytes + zerocopy::Immutable>(b: &[u8]) -> Option<&[T]> {
    if cfg!(target_endian = "little") {
        <[T] as zerocopy::FromBytes>::ref_from_bytes(b).ok()
    } else {
        None
    }
}

/// The same bytes as `part` when `part` lies within `whole` (bytes that live as long as the
/// program: the bundled index, or a buffer given to [`load_static`]), borrowed from `whole`.
fn within(whole: &'static [u8], part: &[u8]) -> Option<&'static [u8]> {
    // Addresses compared as integers: no pointer is made from them.
    let (base, at) = (whole.as_ptr() as usize, part.as_ptr() as usize);
    let offset = at.checked_sub(base)?;
    let b = whole.get(offset..offset.checked_add(part.len())?)?;
    (b.as_ptr() == part.as_ptr()).then_some(b)
}

fn corrupt(what: &str, why: &str) -> Error {
    format_error(format!("index is corrupt ({what}: {why})"))
}

fn check(ok: bool, what: &str, why: &str) -> Result<(), Error> {
    if ok {
        Ok(())
    } else {
        Err(corrupt(what, why))
    }
}

/// Checks that `ends` are the end offsets of `n` runs in a list of `total` elements.
fn check_ends(ends: &[u32], n: usize, total: usize, what: &str) -> Result<(), Error> {
    check(ends.len() == n, what, "wrong number of lists")?;
    check(
        ends.windows(2).all(|w| w[0] <= w[1]),
        what,
        "list ends decrease",
    )?;
    check(
        ends.last().map_or(total == 0, |&e| e as usize == total),
        what,
        "lists do not end at the number of entries",
    )
}

fn kind_code(k: Kind) -> u8 {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8
}

/// How much a saved index holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Every derived array and the tables not made in parts, uncompressed: loading copies
    /// arrays and derives nothing (about 180 bytes per entity); the token, key, phonetic and
    /// delete tables are made part by part on first use, as in every index.
    Full,
    /// The lexicon and the folded names only, LZ4-compressed: loading derives the postings,
    /// IDFs and priors, and the rest is made on first use (about 70 bytes per entity).
    Compact,
    /// The sections of [`Form::Compact`], uncompressed (about 105 bytes per entity): the
    /// bundled index, which the crate's package compresses (gzip does better on the plain
    /// sections than on LZ4's output) and which loads without decompressing into a buffer.
    /// (Written only by the test that regenerates `data/bundled.nfx`.)
    #[cfg_attr(not(test), allow(dead_code))]
    Plain,
}

/// Serialises a matcher.
pub(crate) fn save(lex: &Lexicon, ix: &Index, settings: Settings, form: Form) -> Vec<u8> {
    let mut w = Writer {
        buf: Vec::with_capacity(lex.len() * 64),
    };
    write_payload(&mut w, lex, ix, settings);
    let flags = match form {
        Form::Full => {
            write_derived(&mut w, lex, ix);
            FULL
        }
        Form::Compact => LZ4,
        Form::Plain => 0,
    };
    let raw = w.buf;
    let packed = if flags & LZ4 != 0 {
        lz4_flex::block::compress(&raw)
    } else {
        raw.clone()
    };
    let mut buf = Vec::with_capacity(HEADER + packed.len());
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&VERSION.to_le_bytes());
    buf.extend_from_slice(&flags.to_le_bytes());
    buf.extend_from_slice(&(packed.len() as u64).to_le_bytes());
    buf.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    buf.extend_from_slice(&checksum(&packed).to_le_bytes());
    buf.extend_from_slice(&packed);
    buf
}

/// The derived sections of a full index, in order: the hash probe; postings and their ends; token IDFs;
/// variant priors; the unknown-word IDF; the canonical-key and phonetic-key tables (the
/// token, key, phonetic and delete tables are not saved: every index makes them part by part
/// on first use); bigram postings,
/// their ends and their length directory; surnames.
fn write_derived(w: &mut Writer, lex: &Lexicon, ix: &Index) {
    w.u64(hash_probe());
    w.u32s(&ix.postings);
    w.u32s(&ix.post_ends);
    w.f32s(&ix.tok_idf);
    w.f32s(&ix.var_prior);
    w.f32(ix.unknown_idf);
    w.table(ix.canon_key_table());
    w.table(ix.phon_key_table());
    let grams = ix.grams();
    w.u32s(&grams.post);
    w.u32s(&grams.ends);
    w.u32s(&grams.len_dir);
    let mut surnames: Vec<(&u32, &Surname)> = ix.surnames(lex).iter().collect();
    surnames.sort_unstable_by_key(|s| *s.0);
    w.len(surnames.len());
    for (&t, s) in surnames {
        w.u32(t);
        w.u32(s.count);
        w.u32(s.best_variant);
        w.f32(s.best_weight);
        w.f32(s.second_weight);
    }
}

fn read_derived(r: &mut Reader<'_>, ix: &mut Index) -> Result<(), Error> {
    let (nvar, ntok) = (ix.variants.len(), ix.tok_text.len());
    if r.u64("hash probe")? != hash_probe() {
        return Err(format_error(
            "index was saved in full form where the string hash differs (another word size, \
             e.g. WebAssembly, or another hash version): save it in compact form, or save it \
             here",
        ));
    }
    ix.postings = r.u32s_kept("postings")?;
    ix.post_ends = r.u32s_kept("postings")?;
    ix.tok_idf = r.f32s_kept("token IDFs")?;
    ix.var_prior = r.f32s_kept("variant priors")?;
    ix.unknown_idf = r.f32("unknown IDF")?;
    ix.canon_key_table = r.table("canonical key table", nvar)?.into();
    ix.phon_key_table = r.table("phonetic key table", nvar)?.into();
    let grams = Grams {
        post: r.u32s_kept("bigram postings")?,
        ends: r.u32s_kept("bigram postings")?,
        len_dir: r.u32s_kept("bigram length directory")?,
    };
    check_grams(&grams, nvar)?;
    ix.grams = grams.into();
    let nsur = r.len(20, "surnames")?;
    let mut surnames = FxHashMap::with_capacity_and_hasher(nsur, Default::default());
    for _ in 0..nsur {
        let t = r.u32("surnames")?;
        let s = Surname {
            count: r.u32("surnames")?,
            best_variant: r.u32("surnames")?,
            best_weight: r.f32("surnames")?,
            second_weight: r.f32("surnames")?,
        };
        check(
            (t as usize) < ntok && (s.best_variant as usize) < nvar,
            "surnames",
            "id out of range",
        )?;
        surnames.insert(t, s);
    }
    ix.surnames = surnames.into();
    check_derived(ix)
}

/// The invariants lookups and scans rely on in the derived tables, beyond those the hash
/// tables check themselves.
fn check_derived(ix: &Index) -> Result<(), Error> {
    let (nvar, ntok) = (ix.variants.len(), ix.tok_text.len());
    check(ix.var_prior.len() == nvar, "variant priors", "wrong length")?;
    check(
        ix.tok_idf.len() == ntok && ix.tok_stop.len() == ntok,
        "tokens",
        "column lengths differ",
    )?;
    // Scoring bounds rely on IDFs that are never negative (a built index's are `ln(1 + n/df)`).
    check(
        ix.tok_idf.iter().all(|&w| w >= 0.0 && w.is_finite())
            && ix.unknown_idf >= 0.0
            && ix.unknown_idf.is_finite(),
        "token IDFs",
        "negative or not finite",
    )?;
    check_ends(&ix.post_ends, ntok, ix.postings.len(), "postings")?;
    check(
        ix.postings.iter().all(|&v| (v as usize) < nvar),
        "postings",
        "variant id out of range",
    )?;
    check(
        (0..ntok as u32).all(|t| ix.postings_of(t).windows(2).all(|w| w[0] < w[1])),
        "postings",
        "a list is not ascending",
    )?;
    Ok(())
}

/// The invariants of saved bigram postings.
fn check_grams(grams: &Grams, nvar: usize) -> Result<(), Error> {
    check_ends(&grams.ends, NGRAMS, grams.post.len(), "bigram postings")?;
    check(
        grams.post.iter().all(|&v| (v as usize) < nvar),
        "bigram postings",
        "variant id out of range",
    )?;
    check(
        grams.len_dir.len() == NGRAMS * (GRAM_LEN_DIR + 1),
        "bigram length directory",
        "wrong length",
    )?;
    for g in 0..NGRAMS {
        let len = grams.postings(g as u16).len() as u32;
        let row = &grams.len_dir[g * (GRAM_LEN_DIR + 1)..][..GRAM_LEN_DIR + 1];
        check(
            row.windows(2).all(|w| w[0] <= w[1]) && row.iter().all(|&o| o <= len),
            "bigram length directory",
            "offset out of range",
        )?;
    }
    Ok(())
}

/// The sections, in order: settings; entities (string arena: id, name, aliases of each entity
/// in turn; alias counts; kinds; weights); variants (entity, as differences; name slot and
/// token count); variant tokens; token texts; token phonetic keys; token flags ([`STOP`],
/// [`CANON`]); variant keys (each the variant's key then its phonetic key); variant key
/// lengths (`u16`). A string arena is its bytes, then its strings' lengths
/// ([`Writer::lengths`]); since format version 5 the lengths and the variants' entities are
/// LEB128 numbers, summed at load (they were `u32` ends and entities, read in place: 2.5 MB
/// of the bundled index, 0.86 MB gzipped, against 0.59 MB and 0.23 MB in format 5).
fn write_payload(w: &mut Writer, lex: &Lexicon, ix: &Index, s: Settings) {
    w.f32(s.threshold);
    w.f32(s.margin);
    w.f32(s.max_weight_ln);
    // Entities.
    let ents = lex.entities();
    let mut text = Vec::new();
    let mut ends = Vec::new();
    let mut alias_counts = Vec::with_capacity(ents.len());
    for e in ents {
        for s in std::iter::once(e.id()).chain(e.names()) {
            text.extend_from_slice(s.as_bytes());
            ends.push(text.len() as u32);
        }
        alias_counts.push(e.aliases().len() as u32);
    }
    w.bytes(&text);
    w.lengths(&ends);
    w.u32s(&alias_counts);
    let kinds: Vec<u8> = ents.iter().map(|e| kind_code(e.kind())).collect();
    w.bytes(&kinds);
    w.f32s(&ents.iter().map(Entity::weight).collect::<Vec<_>>());
    // Variants (their entities ascend: differences, nearly all 0 or 1).
    w.deltas(&ix.variants.iter().map(|v| v.entity).collect::<Vec<_>>());
    w.u32s(
        &ix.variants
            .iter()
            .map(|v| u32::from(v.slot) | u32::from(v.tokens_len) << 16)
            .collect::<Vec<_>>(),
    );
    w.u32s(&ix.var_tokens);
    w.arena(&ix.tok_text);
    w.arena(&ix.tok_phon);
    // Token flags: cheap to store (a byte a token, nearly all zero) and costly to derive
    // (the word model, and each token's number and abbreviation forms).
    let flags: Vec<u8> = (0..ix.tok_text.len() as u32)
        .map(|t| {
            let stop = if ix.tok_stop[t as usize] { STOP } else { 0 };
            let canon = if normalize::has_canonical_form(ix.tok_text.get(t)) {
                CANON
            } else {
                0
            };
            stop | canon
        })
        .collect();
    w.bytes(&flags);
    // The variants' keys and phonetic keys (the concatenations of their tokens'), and where
    // each phonetic key starts: derivable, but copying them token by token was a third of
    // the bundled load's main thread, and they compress well.
    w.arena(&ix.var_text);
    w.bytes(
        &ix.var_key_len
            .iter()
            .flat_map(|l| l.to_le_bytes())
            .collect::<Vec<u8>>(),
    );
}

/// Token flag: a function word ([`super::is_stop_word`]).
const STOP: u8 = 1;
/// Token flag: the token has another spelling ([`normalize::has_canonical_form`]).
const CANON: u8 = 2;

/// A checksum still to compare: the stored payload and the checksum its header gives.
type Sum<'a> = Option<(&'a [u8], u64)>;

/// Whether the stored payload matches its header's checksum (or has none to check).
fn sum_ok(sum: Sum<'_>) -> bool {
    sum.is_none_or(|(packed, expected)| checksum(packed) == expected)
}

fn checksum_mismatch() -> Error {
    format_error("index is corrupt (checksum mismatch)")
}

/// Checks the header and the checksum (not for [`Trust::Bundled`]); returns the flags and the
/// decompressed payload (for the readers of the bundled index's parts).
#[cfg_attr(not(feature = "bundled"), allow(dead_code))]
fn payload(bytes: &[u8], trust: Trust) -> Result<(u32, Cow<'_, [u8]>), Error> {
    let (flags, payload, sum) = payload_unsummed(bytes, trust)?;
    if !sum_ok(sum) {
        return Err(checksum_mismatch());
    }
    Ok((flags, payload))
}

/// [`payload`] without comparing the checksum (for [`Trust::Checked`]): it is returned, to
/// be compared while the payload is read, and before any error reading it finds is reported.
/// A payload that does not decompress has its checksum compared at once (a mismatch is the
/// error reported).
fn payload_unsummed(bytes: &[u8], trust: Trust) -> Result<(u32, Cow<'_, [u8]>, Sum<'_>), Error> {
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        return Err(format_error(
            "not a namefix index (it does not start with the namefix index signature)",
        ));
    }
    if bytes.len() < HEADER {
        return Err(format_error(format!(
            "index is truncated ({} bytes, shorter than its {HEADER}-byte header)",
            bytes.len()
        )));
    }
    let word = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let long = |i: usize| u64::from(word(i)) | u64::from(word(i + 4)) << 32;
    let version = word(8);
    if version != VERSION {
        return Err(format_error(format!(
            "index format version {version} is not supported (this namefix reads version \
             {VERSION}): rebuild the index with this version"
        )));
    }
    let flags = word(12);
    if flags & !(FULL | LZ4) != 0 {
        return Err(format_error(format!("unknown index flags {flags:#x}")));
    }
    let (stored, raw) = (long(16), long(24));
    let have = (bytes.len() - HEADER) as u64;
    if stored != have {
        return Err(format_error(format!(
            "index is truncated or has trailing bytes (payload of {have} bytes, header says {stored})"
        )));
    }
    let packed = &bytes[HEADER..];
    let sum = (trust == Trust::Checked).then_some((packed, long(32)));
    // An error found before the payload is read is reported after a checksum mismatch.
    let fail = |e: Error| if sum_ok(sum) { e } else { checksum_mismatch() };
    if flags & LZ4 == 0 {
        check(raw == stored, "header", "wrong payload length").map_err(fail)?;
        return Ok((flags, Cow::Borrowed(packed), sum));
    }
    if raw > stored.saturating_mul(MAX_RATIO) || usize::try_from(raw).is_err() {
        return Err(fail(corrupt("header", "impossible decompressed length")));
    }
    let mut out = vec![0u8; raw as usize];
    match lz4_flex::block::decompress_into(packed, &mut out) {
        Ok(n) if n == out.len() => Ok((flags, Cow::Owned(out), sum)),
        _ => Err(fail(corrupt(
            "payload",
            "does not decompress to its stated length",
        ))),
    }
}

/// How much of a saved index is checked when it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trust {
    /// Everything: the checksum, every offset and id, every entity (bytes from anywhere).
    Checked,
    /// The bundled index, compiled into the program: `bundled_index_is_fresh` proves it is
    /// the plain save of a matcher built (and checked) from `data/lexicon.tsv`, so the
    /// checksum and the entities' own checks (non-empty ids and names, unique ids) are
    /// skipped. The structural checks that keep every read in bounds still run.
    #[cfg_attr(not(feature = "bundled"), allow(dead_code))]
    Bundled,
}

/// Reads a saved matcher's lexicon, index and settings (copying what it keeps).
pub(crate) fn load(bytes: &[u8], trust: Trust) -> Result<(Lexicon, Index, Settings), Error> {
    load_in(bytes, trust, None)
}

/// [`load`] from bytes that live as long as the program: the arrays and strings the index
/// and the lexicon keep are borrowed from them where they lie aligned in an uncompressed
/// payload (the plain and full forms), not copied. The same checks run.
pub(crate) fn load_static(
    bytes: &'static [u8],
    trust: Trust,
) -> Result<(Lexicon, Index, Settings), Error> {
    load_in(bytes, trust, Some(bytes))
}

fn load_in(
    bytes: &[u8],
    trust: Trust,
    keep: Option<&'static [u8]>,
) -> Result<(Lexicon, Index, Settings), Error> {
    let (flags, payload, sum) = payload_unsummed(bytes, trust)?;
    // The checksum is compared on this thread while the other makes the lexicon (it was 12 M
    // instructions before anything else for an 18 MB file); a mismatch is reported before any
    // error the reading found (reading unchecked bytes is safe: every read is bounds-checked,
    // as the loader's fuzz target shows).
    let mut summed = None;
    let read = read_payload(
        &mut Reader {
            bytes: &payload,
            pos: 0,
            trust,
            keep,
        },
        flags & FULL != 0,
        &mut || summed = Some(sum_ok(sum)),
    );
    if !summed.unwrap_or_else(|| sum_ok(sum)) {
        return Err(checksum_mismatch());
    }
    read
}

/// Reads the sections of a decompressed payload whose checksum has not been checked (the
/// loader's fuzz target calls this to reach the structural checks).
pub(crate) fn load_payload(payload: &[u8], full: bool) -> Result<(), Error> {
    read_payload(
        &mut Reader {
            bytes: payload,
            pos: 0,
            trust: Trust::Checked,
            keep: None,
        },
        full,
        &mut || {},
    )
    .map(drop)
}

/// The sections a saved matcher's payload begins with, after its settings (skipped): the
/// entity strings, their ends and each entity's alias count.
#[cfg(feature = "bundled")]
struct EntityHead<'a> {
    text: &'a [u8],
    ends: Vec<u32>,
    alias_counts: Cow<'a, [u32]>,
}

/// Reads an [`EntityHead`]: what `load_lexicon` and `entity_ids` both read first.
#[cfg(feature = "bundled")]
fn entity_head<'a>(r: &mut Reader<'a>) -> Result<EntityHead<'a>, Error> {
    for _ in 0..3 {
        r.f32("settings")?;
    }
    Ok(EntityHead {
        text: r.bytes("entity strings")?,
        ends: r.lengths("entity strings")?,
        alias_counts: r.u32s_here("alias counts")?,
    })
}

/// Reads only the lexicon of a saved matcher (no index is made).
#[cfg(feature = "bundled")]
pub(crate) fn load_lexicon(bytes: &'static [u8], trust: Trust) -> Result<Lexicon, Error> {
    let (_, payload) = payload(bytes, trust)?;
    let r = &mut Reader {
        bytes: &payload,
        pos: 0,
        trust,
        keep: Some(bytes),
    };
    let EntityHead {
        text,
        ends,
        alias_counts,
    } = entity_head(r)?;
    let kinds = kinds(r.bytes("kinds")?)?;
    let weights = r.f32s_here("weights")?;
    check(
        kinds.len() == alias_counts.len() && weights.len() == alias_counts.len(),
        "entities",
        "column lengths differ",
    )?;
    let kept = r.kept(text);
    lexicon(
        (text, kept),
        ends.into(),
        &alias_counts,
        &kinds,
        &weights,
        trust,
    )
}

/// The entity strings of a saved matcher and the byte range of each entity's id in them.
#[cfg(feature = "bundled")]
pub(crate) type EntityIds<'a> = (&'a [u8], Vec<(u32, u32)>);

/// The byte range of each entity's id in the entity strings of a saved matcher, and those
/// strings (not checked as UTF-8): what the bundled relations need of the bundled lexicon
/// (`Relations::bundled`), without making its entities.
#[cfg(feature = "bundled")]
pub(crate) fn entity_ids(bytes: &[u8], trust: Trust) -> Result<EntityIds<'_>, Error> {
    let (_, payload) = payload(bytes, trust)?;
    let Cow::Borrowed(payload) = payload else {
        return Err(format_error("entity ids are read from a plain index only"));
    };
    let r = &mut Reader {
        bytes: payload,
        pos: 0,
        trust,
        keep: None,
    };
    let EntityHead {
        text,
        ends,
        alias_counts,
    } = entity_head(r)?;
    let mut ids = Vec::with_capacity(alias_counts.len());
    let mut next = 0usize;
    for &n in alias_counts.iter() {
        let start = if next == 0 { 0 } else { ends[next - 1] };
        let end = *ends
            .get(next)
            .ok_or_else(|| corrupt("entity strings", "too few"))?;
        check(
            start <= end && end as usize <= text.len(),
            "entity strings",
            "a string is out of bounds",
        )?;
        ids.push((start, end));
        next += 2 + n as usize;
    }
    Ok((text, ids))
}

fn kinds(codes: &[u8]) -> Result<Vec<Kind>, Error> {
    codes
        .iter()
        .map(|&k| Kind::ALL.get(usize::from(k)).copied())
        .collect::<Option<Vec<Kind>>>()
        .ok_or_else(|| corrupt("kinds", "unknown kind"))
}

/// The first query reads the English word model (`normalize::zipf`) and the function words
/// made from it: where there are two threads loading, the first to finish its part loads them
/// (the other finds them made, or waits for them), so neither thread's part waits behind them
/// (the lexicon's part is the longer in a full index, the index's in a compact one).
fn preload_words() {
    if !cfg!(target_family = "wasm") {
        let _ = normalize::zipf("the");
        let _ = super::is_stop_word(b"the");
    }
}

/// Reads the sections; `also` runs on this thread once the index is made, while the other
/// thread makes the lexicon.
fn read_payload(
    r: &mut Reader<'_>,
    full: bool,
    also: &mut dyn FnMut(),
) -> Result<(Lexicon, Index, Settings), Error> {
    let trust = r.trust;
    let settings = Settings {
        threshold: r.f32("settings")?,
        margin: r.f32("settings")?,
        max_weight_ln: r.f32("settings")?,
    };
    check(
        settings.threshold.is_finite()
            && settings.margin.is_finite()
            && settings.max_weight_ln.is_finite(),
        "settings",
        "not finite",
    )?;
    // Entities.
    let text = r.bytes("entity strings")?;
    let kept_text = r.kept(text);
    // The strings' lengths are summed into their ends on the lexicon's thread.
    let (nstr, lengths) = r.numbers("entity strings")?;
    let alias_counts = r.u32s_here("alias counts")?;
    let kind_codes = r.bytes("kinds")?;
    let weights = r.f32s_here("weights")?;
    let nent = alias_counts.len();
    check(
        kind_codes.len() == nent && weights.len() == nent,
        "entities",
        "column lengths differ",
    )?;
    // Variants.
    let entities = Cow::Owned(r.deltas("variants")?);
    let packed = r.u32s_here("variants")?;
    let var_tokens = r.u32s_kept("variant tokens")?;
    let tok_text = r.arena("token texts")?;
    let tok_phon = r.arena("token phonetic keys")?;
    let tok_flags = r.bytes("token flags")?;
    let var_text = r.arena("variant keys")?;
    let key_lens = r.bytes("variant key lengths")?;
    check(key_lens.len() % 2 == 0, "variant key lengths", "odd length")?;
    let var_key_len: Cow<'static, [u16]> = match r.kept(key_lens).and_then(in_place) {
        Some(lens) => Cow::Borrowed(lens),
        None => Cow::Owned(
            key_lens
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        ),
    };
    // The lexicon's entities (one allocation per string) are made on another thread while
    // this one makes the index.
    let (lex, ix) = crate::alongside(
        "namefix-load",
        || {
            let lex = lexicon(
                (text, kept_text),
                ends_of(nstr, lengths, "entity strings")?.into(),
                &alias_counts,
                &kinds(kind_codes)?,
                &weights,
                trust,
            );
            preload_words();
            lex
        },
        || {
            let ix = index(
                r,
                full,
                (entities, packed, var_tokens, tok_text, tok_phon, tok_flags),
                (var_text, var_key_len),
                (&alias_counts, &weights),
            );
            also();
            preload_words();
            ix
        },
    );
    Ok((lex?, ix?, settings))
}

type Names<'a> = (
    Cow<'a, [u32]>,
    Cow<'a, [u32]>,
    Cow<'static, [u32]>,
    Arena,
    Arena,
    &'a [u8],
);

/// The index from the saved variants and tokens, and the derived tables (read or derived).
fn index(
    r: &mut Reader<'_>,
    full: bool,
    (entities, packed, var_tokens, tok_text, tok_phon, tok_flags): Names<'_>,
    (var_text, var_key_len): (Arena, Cow<'static, [u16]>),
    (alias_counts, weights): (&[u32], &[f32]),
) -> Result<Index, Error> {
    check(
        packed.len() == entities.len(),
        "variants",
        "column lengths differ",
    )?;
    let ntok = tok_text.len();
    check(
        tok_phon.len() == ntok && tok_flags.len() == ntok,
        "tokens",
        "column lengths differ",
    )?;
    check(
        tok_flags.iter().all(|&f| f & !(STOP | CANON) == 0),
        "token flags",
        "unknown flag",
    )?;
    check(
        var_tokens.iter().all(|&t| (t as usize) < ntok),
        "variant tokens",
        "token id out of range",
    )?;
    let nvar = entities.len();
    check(
        var_text.len() == nvar && var_key_len.len() == nvar,
        "variant keys",
        "wrong number of keys",
    )?;
    let mut ix = Index {
        var_tokens,
        tok_text,
        tok_phon,
        var_text,
        var_key_len,
        ..Index::default()
    };
    ix.variants.reserve_exact(nvar);
    let mut tokens_start = 0usize;
    for (v, (&entity, &p)) in entities.iter().zip(packed.iter()).enumerate() {
        let (slot, tokens_len) = (p as u16, (p >> 16) as u16);
        let end = tokens_start + usize::from(tokens_len);
        check(
            alias_counts
                .get(entity as usize)
                .is_some_and(|&n| u32::from(slot) <= n)
                && end <= ix.var_tokens.len()
                && usize::from(ix.var_key_len[v]) <= ix.var_text.get(v as u32).len(),
            "variants",
            "entity, name, token range or key length out of bounds",
        )?;
        ix.variants.push(Variant {
            entity,
            slot,
            tokens_start: tokens_start as u32,
            tokens_len,
        });
        tokens_start = end;
    }
    check(
        tokens_start == ix.var_tokens.len(),
        "variant tokens",
        "tokens left over",
    )?;
    let tok_stop = tok_flags.iter().map(|&f| f & STOP != 0).collect();
    let tok_canon = tok_flags.iter().map(|&f| f & CANON != 0).collect();
    if full {
        ix.init_parts();
        ix.tok_stop = tok_stop;
        ix.tok_canon = tok_canon;
        read_derived(r, &mut ix)?;
    } else {
        ix.derive(weights, tok_canon, tok_stop);
    }
    check(r.pos == r.bytes.len(), "payload", "bytes left over")?;
    Ok(ix)
}

/// Entity strings from a saved section, checked: borrowed where `kept` (the same bytes, living
/// as long as the program), else copied.
fn checked_strings(
    text: &[u8],
    kept: Option<&'static [u8]>,
    ends: Cow<'static, [u32]>,
) -> Result<Strings, Error> {
    let not_utf8 = |_| corrupt("entity strings", "not UTF-8");
    let text = match kept {
        Some(b) => Cow::Borrowed(std::str::from_utf8(b).map_err(not_utf8)?),
        None => Cow::Owned(std::str::from_utf8(text).map_err(not_utf8)?.to_owned()),
    };
    Strings::from_parts(text, ends).map_err(|e| corrupt("entity strings", e))
}

/// The lexicon from the saved entity columns: its strings are one buffer that every entity
/// shares (no allocation per entity or string).
fn lexicon(
    (text, kept): (&[u8], Option<&'static [u8]>),
    ends: Cow<'static, [u32]>,
    alias_counts: &[u32],
    kinds: &[Kind],
    weights: &[f32],
    trust: Trust,
) -> Result<Lexicon, Error> {
    // The bundled lexicon's strings are read where they are, in the program, and checked
    // as each is used.
    #[cfg(feature = "bundled")]
    let strings = match kept {
        Some(b) if trust == Trust::Bundled => Strings::bundled(b, ends),
        _ => checked_strings(text, kept, ends)?,
    };
    #[cfg(not(feature = "bundled"))]
    let strings = checked_strings(text, kept, ends)?;
    let strings = std::sync::Arc::new(strings);
    let mut entities = Vec::with_capacity(alias_counts.len());
    let mut next = 0u64;
    for (e, &n) in alias_counts.iter().enumerate() {
        let first = next;
        next += 2 + u64::from(n);
        check(
            next <= strings.len() as u64,
            "entity strings",
            "a string is out of bounds",
        )?;
        entities.push(Entity::in_strings(
            &strings,
            first as u32,
            n,
            kinds[e],
            weights[e],
        ));
    }
    check(
        next == strings.len() as u64,
        "entity strings",
        "strings left over",
    )?;
    #[cfg(feature = "bundled")]
    if trust == Trust::Bundled {
        return Ok(Lexicon::from_trusted_entities(entities));
    }
    let _ = trust;
    Lexicon::from_entities(entities)
        .map_err(|e| format_error(format!("index is corrupt (entity: {e})")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Matcher;

    /// The plain form (the bundled index's) loads like the compact one, and a truncated or
    /// damaged plain file is a format error like any other.
    #[test]
    fn plain_form_loads_like_compact_and_refuses_damage() {
        let mut lex = Lexicon::builder();
        lex.push(
            Entity::new("p:oc", "Olivia Colman")
                .with_kind(Kind::Person)
                .with_alias("Olivia Coleman"),
        )
        .unwrap();
        lex.push(Entity::new("tv:hs", "Heartstopper").with_kind(Kind::Tv))
            .unwrap();
        let m = Matcher::new(lex.build());
        let plain = m.save_as(Form::Plain);
        assert_eq!(plain[12..16], [0, 0, 0, 0], "no flags");
        let p = Matcher::load(&plain).unwrap();
        let c = Matcher::load(&m.save_compact()).unwrap();
        assert_eq!(p.lexicon().entities(), c.lexicon().entities());
        for q in [
            "Olivia Coleman",
            "heart stopper",
            "Olivia Colman",
            "Emma Stone",
        ] {
            let answer = |m: &Matcher| m.lookup(q).map(|x| (x.id().to_owned(), x.score()));
            assert_eq!(answer(&p), answer(&c), "{q}");
        }
        for n in 0..plain.len() {
            let err = Matcher::load(&plain[..n]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Format, "{n}: {err}");
        }
        for i in 0..plain.len() {
            let mut b = plain.clone();
            b[i] ^= 0x5a;
            let err = Matcher::load(&b).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Format, "byte {i}: {err}");
        }
    }

    /// Every section starts four-byte aligned, so the bundled index's arrays are read in
    /// place; a payload whose padding is not zero is refused (past the checksum, which would
    /// catch it first in a file).
    #[test]
    fn sections_are_aligned_and_the_bundled_arrays_borrowed() {
        let m = Matcher::new(
            Lexicon::from_tsv("p:oc\tOlivia Colman\tOlivia Coleman\tperson\t5\n").unwrap(),
        );
        let plain = m.save_as(Form::Plain);
        assert_eq!(plain.len() % 4, 0);
        let payload = &plain[HEADER..];
        assert!(load_payload(payload, false).is_ok());
        // The entity strings' padding: the first byte section starts after the settings (12
        // bytes) and its count (8).
        let n = u64::from_le_bytes(payload[12..20].try_into().unwrap()) as usize;
        assert_ne!(pad(n), 0, "the test needs a padded section");
        let mut bad = payload.to_vec();
        bad[20 + n] = 1;
        let err = load_payload(&bad, false).unwrap_err();
        assert!(err.to_string().contains("padding"), "{err}");
        #[cfg(feature = "bundled")]
        {
            let (lex, ix, _) = load_static(crate::bundled::INDEX, Trust::Bundled).unwrap();
            let borrowed = matches!(ix.var_tokens, Cow::Borrowed(_));
            assert_eq!(borrowed, cfg!(target_endian = "little"));
            assert!(lex.len() > 100_000);
            // The bundled strings, read unchecked and checked as each is used, pass every
            // check a user's file gets, and read the same.
            let checked = load_lexicon(crate::bundled::INDEX, Trust::Checked).unwrap();
            assert_eq!(checked.entities(), lex.entities());
        }
    }
}
