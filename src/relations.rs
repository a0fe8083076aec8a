//! Relations between entities: film ↔ cast and crew, book ↔ author, song ↔ performer.
//!
//! A [`Relations`] table holds pairs of entity ids with the name of the relation, read from
//! TSV text: one line per subject and relation,
//!
//! ```text
//! subject-id<TAB>relation<TAB>object-id[|object-id...]
//! ```
//!
//! `#` comment lines and blank lines are skipped; the relation is one word (letters, digits,
//! `-`, `_`). Ids are the ids of lexicon entities but are not checked against a lexicon, so
//! one table can serve several lexicons. [`Relations::bundled`] is the table generated with
//! the bundled lexicon (`data/relations.tsv`: casts from wikipedia-movies, Oscar nominees by
//! role, Goodreads authors, song performers; see data/README.md).
//!
//! ```
//! use namefix::Relations;
//! let mut rel = Relations::from_tsv("film:a\tcast\tperson:x|person:y\nbook:b\tauthor\tperson:x\n")?;
//! let of_x: Vec<_> = rel.related("person:x").map(|r| (r.id(), r.relation(), r.is_subject())).collect();
//! assert_eq!(of_x, [("film:a", "cast", true), ("book:b", "author", true)]);
//! assert_eq!(rel.related("film:a").count(), 2);
//! rel.add_tsv("film:a\tdirector\tperson:z\n")?;
//! assert!(rel.are_related("person:z", "film:a"));
//! # Ok::<(), namefix::Error>(())
//! ```

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::error::{Error, ErrorKind};

/// One edge: subject, relation, object (indexes into the interned ids and relation names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    subject: u32,
    object: u32,
    relation: u32,
}

/// A table of related entity pairs (see the [module docs](self)).
#[derive(Clone, Debug, Default)]
pub struct Relations {
    /// The interned ids, one after the other: id `i` is `id_text[id_ends[i-1]..id_ends[i]]`
    /// (one buffer instead of an allocation per id).
    id_text: String,
    id_ends: Vec<u32>,
    /// Id numbers by the hash of their id.
    by_id: HashTable<u32>,
    names: Vec<Box<str>>,
    edges: Vec<Edge>,
    /// Edge indexes sorted by subject, and by object.
    by_subject: Vec<u32>,
    by_object: Vec<u32>,
}

/// An entity related to the one asked about, with the relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Related<'r> {
    id: &'r str,
    relation: &'r str,
    subject: bool,
}

impl<'r> Related<'r> {
    /// The related entity's id.
    pub fn id(&self) -> &'r str {
        self.id
    }

    /// The relation's name ("cast", "director", "author", ...).
    pub fn relation(&self) -> &'r str {
        self.relation
    }

    /// Whether the related entity is the relation's subject (the film of a "cast" pair when
    /// the question was about an actor); `false` when it is the object.
    pub fn is_subject(&self) -> bool {
        self.subject
    }
}

/// The hash of an id in the id table.
#[inline]
fn id_hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Relations {
    /// An empty table.
    pub fn new() -> Relations {
        Relations::default()
    }

    /// A table read from TSV text; errors name the 1-based line.
    pub fn from_tsv(text: &str) -> Result<Relations, Error> {
        let mut r = Relations::new();
        r.add_tsv(text)?;
        Ok(r)
    }

    /// Adds the pairs of TSV text (a repeated pair is kept once). On an error nothing of
    /// `text` is added.
    pub fn add_tsv(&mut self, text: &str) -> Result<&mut Relations, Error> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        // Every line is checked before anything is added. Lines are split with memchr (the
        // bundled table is parsed at a process's first check).
        let mut rows = Vec::new();
        // The object ids of every row, trimmed.
        let mut pieces: Vec<&str> = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        let mut number = 0;
        while start < bytes.len() {
            let newline = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
            let end = newline.unwrap_or(bytes.len());
            let mut line = &text[start..end];
            start = end + 1;
            number += 1;
            // As `str::lines` (which takes the '\r' of a "\r\n"), then one more '\r'.
            if newline.is_some() {
                line = line.strip_suffix('\r').unwrap_or(line);
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            let t = trim(line);
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let from = pieces.len();
            let (s, rel) = parse_line(line, &mut pieces).map_err(|e| e.at_line(number))?;
            rows.push((s, rel, from..pieces.len()));
        }
        let objects = pieces.len();
        let (text, ends) = (&self.id_text, &self.id_ends);
        self.by_id
            .reserve(rows.len() + objects, |&j| id_hash(nth(text, ends, j)));
        self.edges.reserve(objects);
        let mut last_rel: Option<(&str, u32)> = None;
        for (s, rel, objects) in rows {
            let subject = self.intern(s);
            let relation = match last_rel {
                Some((name, p)) if name == rel => p,
                _ => {
                    let p = match self.names.iter().position(|n| &**n == rel) {
                        Some(p) => p as u32,
                        None => {
                            self.names.push(rel.into());
                            (self.names.len() - 1) as u32
                        }
                    };
                    last_rel = Some((rel, p));
                    p
                }
            };
            for &o in &pieces[objects] {
                let object = self.intern(o);
                self.edges.push(Edge {
                    subject,
                    object,
                    relation,
                });
            }
        }
        self.id_text.shrink_to_fit();
        self.id_ends.shrink_to_fit();
        self.sort_edges();
        Ok(self)
    }

    /// Sorts the edges by (subject, object, relation) without duplicates and makes the
    /// subject and object indexes.
    fn sort_edges(&mut self) {
        // A counting sort by subject, then a sort of each subject's (object, relation) pairs
        // as integers.
        let nids = self.id_ends.len();
        let mut next = vec![0u32; nids + 1];
        for e in &self.edges {
            next[e.subject as usize + 1] += 1;
        }
        for i in 1..=nids {
            next[i] += next[i - 1];
        }
        let starts = next.clone();
        let mut keys = vec![0u64; self.edges.len()];
        for e in &self.edges {
            let slot = &mut next[e.subject as usize];
            keys[*slot as usize] = u64::from(e.object) << 32 | u64::from(e.relation);
            *slot += 1;
        }
        self.edges.clear();
        for subject in 0..nids {
            let run = &mut keys[starts[subject] as usize..starts[subject + 1] as usize];
            run.sort_unstable();
            let mut prev = None;
            for &k in run.iter() {
                if prev != Some(k) {
                    prev = Some(k);
                    self.edges.push(Edge {
                        subject: subject as u32,
                        object: (k >> 32) as u32,
                        relation: k as u32,
                    });
                }
            }
        }
        self.edges.shrink_to_fit();
        drop(keys);
        self.index_edges(next);
    }

    /// The subject and object indexes of edges sorted by (subject, object, relation); `next`
    /// is scratch space of one more element than there are ids.
    fn index_edges(&mut self, mut next: Vec<u32>) {
        let nids = self.id_ends.len();
        let n = self.edges.len() as u32;
        self.by_subject = (0..n).collect();
        debug_assert_eq!(next.len(), nids + 1);
        self.by_object = by_object(&self.edges, &mut next);
    }

    /// The id with number `i`.
    fn id(&self, i: u32) -> &str {
        nth(&self.id_text, &self.id_ends, i)
    }

    /// The number of `id`, if it is interned.
    fn find(&self, id: &str) -> Option<u32> {
        self.by_id.find(id_hash(id), |&i| self.id(i) == id).copied()
    }

    fn intern(&mut self, id: &str) -> u32 {
        let hash = id_hash(id);
        if let Some(&i) = self.by_id.find(hash, |&i| self.id(i) == id) {
            return i;
        }
        let i = self.id_ends.len() as u32;
        self.id_text.push_str(id);
        self.id_ends.push(self.id_text.len() as u32);
        let (text, ends) = (&self.id_text, &self.id_ends);
        self.by_id
            .insert_unique(hash, i, |&j| id_hash(nth(text, ends, j)));
        i
    }

    /// Number of related pairs.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// Whether the table has no pair.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    /// Every entity related to `id`, in either direction: first the pairs where `id` is the
    /// subject (a film's cast), then those where it is the object (an actor's films).
    pub fn related<'r>(&'r self, id: &str) -> impl Iterator<Item = Related<'r>> + 'r {
        let node = self.find(id);
        let edges = &self.edges;
        let range = |list: &'r [u32], key: fn(&Edge) -> u32| -> &'r [u32] {
            let Some(n) = node else { return &[] };
            let lo = list.partition_point(|&i| key(&edges[i as usize]) < n);
            let hi = list.partition_point(|&i| key(&edges[i as usize]) <= n);
            &list[lo..hi]
        };
        let out = range(&self.by_subject, |e| e.subject);
        let inc = range(&self.by_object, |e| e.object);
        let to = move |i: &u32, subject: bool| {
            let e = edges[*i as usize];
            Related {
                id: self.id(if subject { e.subject } else { e.object }),
                relation: &self.names[e.relation as usize],
                subject,
            }
        };
        out.iter()
            .map(move |i| to(i, false))
            .chain(inc.iter().map(move |i| to(i, true)))
    }

    /// Whether `a` and `b` are related (in either direction, by any relation).
    pub fn are_related(&self, a: &str, b: &str) -> bool {
        self.related(a).any(|r| r.id() == b)
    }
}

/// String `i` of strings stored one after the other in `text`, ending at `ends`.
fn nth<'t>(text: &'t str, ends: &[u32], i: u32) -> &'t str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// `s.trim()`, without its search where `s` starts and ends with a byte that cannot be (part
/// of) white space: every white-space character is either ASCII white space or starts with a
/// byte of 0x80 or above.
#[inline]
fn trim(s: &str) -> &str {
    let solid = |b: u8| b > b' ' && b < 0x80;
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&z)) if solid(a) && solid(z) => s,
        _ => s.trim(),
    }
}

/// Splits one non-comment line into subject and relation, and appends its object ids
/// (trimmed) to `objects`. One pass over the line finds its tabs and bars.
fn parse_line<'t>(line: &'t str, objects: &mut Vec<&'t str>) -> Result<(&'t str, &'t str), Error> {
    let mut tabs = [0usize; 2];
    let mut count = 0;
    let first = objects.len();
    let mut piece = 0;
    for i in memchr::memchr2_iter(b'\t', b'|', line.as_bytes()) {
        if line.as_bytes()[i] == b'\t' {
            if count < 2 {
                tabs[count] = i;
            }
            count += 1;
            if count == 2 {
                piece = i + 1;
            }
        } else if count == 2 {
            objects.push(trim(&line[piece..i]));
            piece = i + 1;
        }
    }
    if count != 2 {
        objects.truncate(first);
        return Err(Error::new(
            ErrorKind::Parse,
            format!(
                "expected 3 tab-separated columns (subject, relation, objects), found {}",
                count + 1
            ),
        ));
    }
    objects.push(trim(&line[piece..]));
    let (s, rel) = (trim(&line[..tabs[0]]), trim(&line[tabs[0] + 1..tabs[1]]));
    if s.is_empty() || trim(&line[tabs[1] + 1..]).is_empty() {
        return Err(Error::new(ErrorKind::Empty, "empty subject or object id"));
    }
    if objects[first..].iter().any(|o| o.is_empty()) {
        return Err(Error::new(ErrorKind::Empty, "empty object id"));
    }
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    if rel.is_empty()
        || !(rel
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || rel.chars().all(word))
    {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("relation {rel:?} is not one word"),
        ));
    }
    Ok((s, rel))
}

/// The bundled relations in binary form (`data/relations.bin`, written from
/// `data/relations.tsv` and the bundled lexicon by `BLESS=1 cargo test -p namefix --lib
/// bundled_relations_are_fresh`, which fails while it is stale): the table
/// [`Relations::from_tsv`] makes of the TSV, its ids replaced by the numbers of their
/// entities in the bundled lexicon, whose strings the program holds anyway. Layout (integers
/// LEB128 unless said otherwise):
///
/// | content |
/// | --- |
/// | magic `b"NFXREL1\0"` |
/// | the number of relation names; each name's length and bytes, in the table's order |
/// | the number of ids; each id's entity number, in the table's order (id numbers), as zigzag differences from the previous one |
/// | the number of edges; for each id in turn, how many edges it is the subject of |
/// | each edge's object id number, as a difference from the previous edge's object of the same subject (edges are sorted by subject, object, relation) |
/// | each edge's relation number (one byte) |
///
/// 0.52 MB against the TSV's 3.56 MB (0.32 against 1.05 MB gzipped).
#[cfg(feature = "bundled")]
static RELATIONS_BIN: &[u8] = include_bytes!("../data/relations.bin");

/// The magic number that opens `data/relations.bin`.
#[cfg(feature = "bundled")]
const RELATIONS_MAGIC: &[u8; 8] = b"NFXREL1\0";

/// A reader of LEB128 numbers (the format of `data/relations.bin`).
#[cfg(feature = "bundled")]
struct Numbers<'b> {
    bytes: &'b [u8],
    at: usize,
}

#[cfg(feature = "bundled")]
impl<'b> Numbers<'b> {
    fn next(&mut self) -> Option<u64> {
        crate::leb128::read(self.bytes, &mut self.at, 10)
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.next()?).ok()
    }

    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let b = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }
}

/// The numbers of `edges` (sorted by subject) ordered by (object, subject), ties in edge
/// order: a counting sort by object. `next` is scratch space of one more element than there
/// are ids; it is left holding where each object's run ends (object `o`'s run is
/// `next[o - 1]..next[o]`, from 0 for the first).
fn by_object(edges: &[Edge], next: &mut [u32]) -> Vec<u32> {
    next.iter_mut().for_each(|x| *x = 0);
    for e in edges {
        next[e.object as usize + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let mut order = vec![0; edges.len()];
    for (i, e) in edges.iter().enumerate() {
        let slot = &mut next[e.object as usize];
        order[*slot as usize] = i as u32;
        *slot += 1;
    }
    order
}

/// `data/relations.bin` read into its parts, each checked (edges sorted without duplicates,
/// numbers in range); `None` unless the bytes are exactly such a table.
#[cfg(feature = "bundled")]
struct Decoded<'b> {
    names: Vec<&'b str>,
    /// Each id number's entity number.
    entities: Vec<usize>,
    /// The edges, sorted by subject, object and relation (id numbers, relation numbers).
    edges: Vec<Edge>,
}

#[cfg(feature = "bundled")]
impl<'b> Decoded<'b> {
    fn new(bytes: &'b [u8]) -> Option<Decoded<'b>> {
        let n = &mut Numbers {
            bytes: bytes.strip_prefix(RELATIONS_MAGIC)?,
            at: 0,
        };
        let mut names = Vec::new();
        for _ in 0..n.next()? {
            let len = usize::try_from(n.next()?).ok()?;
            names.push(std::str::from_utf8(n.take(len)?).ok()?);
        }
        let nids = usize::try_from(n.next()?).ok()?;
        let mut entities = Vec::with_capacity(nids.min(bytes.len()));
        let mut entity = 0i64;
        for _ in 0..nids {
            entity = entity.checked_add(crate::leb128::unzigzag(n.next()?))?;
            entities.push(usize::try_from(entity).ok()?);
        }
        let nedges = usize::try_from(n.next()?).ok()?;
        let mut subjects = Vec::with_capacity(nedges.min(bytes.len()));
        for subject in 0..nids as u32 {
            let count = usize::try_from(n.next()?).ok()?;
            if count > nedges - subjects.len() {
                return None;
            }
            subjects.extend(std::iter::repeat_n(subject, count));
        }
        if subjects.len() != nedges {
            return None;
        }
        let mut objects = Vec::with_capacity(nedges);
        let mut prev = (u32::MAX, 0u32);
        for &subject in &subjects {
            let base = if prev.0 == subject { prev.1 } else { 0 };
            let object = base.checked_add(n.u32()?)?;
            if object as usize >= nids {
                return None;
            }
            objects.push(object);
            prev = (subject, object);
        }
        let relations = n.take(nedges)?;
        if n.at != n.bytes.len() {
            return None;
        }
        let mut edges = Vec::with_capacity(nedges);
        let mut last = None;
        for ((&subject, &object), &relation) in subjects.iter().zip(&objects).zip(relations) {
            let relation = u32::from(relation);
            if relation as usize >= names.len() {
                return None;
            }
            let e = Edge {
                subject,
                object,
                relation,
            };
            // Sorted without duplicates, as `sort_edges` leaves them.
            if last.is_some_and(|l| l >= e) {
                return None;
            }
            last = Some(e);
            edges.push(e);
        }
        Some(Decoded {
            names,
            entities,
            edges,
        })
    }
}

#[cfg(feature = "bundled")]
impl Relations {
    /// The table of `data/relations.bin` (see [`RELATIONS_BIN`]) over the entity ids that
    /// `ids` gives by entity number; `None` unless the bytes are exactly such a table.
    fn from_binary<'i>(
        bytes: &[u8],
        id_of: &dyn Fn(usize) -> Option<&'i str>,
    ) -> Option<Relations> {
        let d = Decoded::new(bytes)?;
        let mut r = Relations::new();
        r.names = d.names.iter().map(|&n| n.into()).collect();
        let nids = d.entities.len();
        r.id_ends.reserve_exact(nids);
        let mut ids = Vec::with_capacity(nids);
        for &entity in &d.entities {
            let id = id_of(entity)?;
            ids.push(id);
            r.id_text.push_str(id);
            r.id_ends.push(u32::try_from(r.id_text.len()).ok()?);
        }
        let (text, ends) = (&r.id_text, &r.id_ends);
        r.by_id.reserve(nids, |&j| id_hash(nth(text, ends, j)));
        for (i, id) in ids.into_iter().enumerate() {
            let hash = id_hash(id);
            if r.by_id.find(hash, |&j| nth(text, ends, j) == id).is_some() {
                return None;
            }
            r.by_id
                .insert_unique(hash, i as u32, |&j| id_hash(nth(text, ends, j)));
        }
        r.edges = d.edges;
        r.index_edges(vec![0; nids + 1]);
        Some(r)
    }

    /// `data/relations.bin` for this table over the entity ids of `lexicon` (`None` if an
    /// id is not one of its entities' or there are more than 256 relation names).
    #[cfg(test)]
    fn to_binary(&self, lexicon: &crate::Lexicon) -> Option<Vec<u8>> {
        let mut out = RELATIONS_MAGIC.to_vec();
        crate::leb128::push(&mut out, self.names.len() as u64);
        for name in &self.names {
            crate::leb128::push(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
        }
        let nids = self.id_ends.len();
        crate::leb128::push(&mut out, nids as u64);
        let mut prev = 0i64;
        for i in 0..nids as u32 {
            let e = lexicon.id_of(self.id(i))?.index() as i64;
            let d = e - prev;
            crate::leb128::push(&mut out, crate::leb128::zigzag(d));
            prev = e;
        }
        crate::leb128::push(&mut out, self.edges.len() as u64);
        let mut counts = vec![0u64; nids];
        for e in &self.edges {
            counts[e.subject as usize] += 1;
        }
        for c in counts {
            crate::leb128::push(&mut out, c);
        }
        let mut prev = (u32::MAX, 0u32);
        for e in &self.edges {
            let base = if prev.0 == e.subject { prev.1 } else { 0 };
            crate::leb128::push(&mut out, u64::from(e.object - base));
            prev = (e.subject, e.object);
        }
        for e in &self.edges {
            out.push(u8::try_from(e.relation).ok()?);
        }
        Some(out)
    }
}

#[cfg(feature = "bundled")]
static BUNDLED: std::sync::LazyLock<Relations> = std::sync::LazyLock::new(|| {
    use crate::index::format;
    // The ids of the bundled lexicon's entities, read from its index without making the
    // lexicon (each id is checked as UTF-8 as it is used).
    let (text, ranges) = format::entity_ids(crate::bundled::INDEX, format::Trust::Bundled)
        .expect("the bundled index is checked by bundled_index_is_fresh");
    let id = |e: usize| {
        let &(start, end) = ranges.get(e)?;
        std::str::from_utf8(text.get(start as usize..end as usize)?).ok()
    };
    Relations::from_binary(RELATIONS_BIN, &id)
        .expect("data/relations.bin is checked by bundled_relations_are_fresh")
});

/// The bundled relations by the bundled lexicon's entity numbers, for a matcher whose first
/// entities are the bundled lexicon's (the bundled matcher, or the bundled lexicon with a
/// user's entities added): what [`Relations::related`] gives, in its order, with
/// neither the ids nor the lexicon's id table made (a check's first use of the relations
/// costs a tenth as much).
#[cfg(feature = "bundled")]
pub(crate) struct BundledGraph {
    /// Where each entity's related entities start in `related` (one more than the entities).
    starts: Vec<u32>,
    related: Vec<u32>,
}

#[cfg(feature = "bundled")]
impl BundledGraph {
    fn new(bytes: &[u8]) -> Option<BundledGraph> {
        let d = Decoded::new(bytes)?;
        let nids = d.entities.len();
        let entity = |i: u32| u32::try_from(d.entities[i as usize]).ok();
        // Each id's edges as subject are a run of the sorted edges; as object, in the order
        // `Relations::index_edges` gives them (`by_object`, which leaves each id's run end).
        let mut out_start = vec![0u32; nids + 1];
        for e in &d.edges {
            out_start[e.subject as usize + 1] += 1;
        }
        for i in 1..=nids {
            out_start[i] += out_start[i - 1];
        }
        let mut in_end = vec![0u32; nids + 1];
        let incoming = by_object(&d.edges, &mut in_end);
        let len = d.entities.iter().max().map_or(0, |&e| e + 1);
        let mut id_of_entity = vec![u32::MAX; len];
        for (i, &e) in d.entities.iter().enumerate() {
            if id_of_entity[e] != u32::MAX {
                return None;
            }
            id_of_entity[e] = i as u32;
        }
        let mut starts = Vec::with_capacity(len + 1);
        let mut related = Vec::with_capacity(2 * d.edges.len());
        starts.push(0);
        for &i in &id_of_entity {
            if i != u32::MAX {
                let i = i as usize;
                let out = &d.edges[out_start[i] as usize..out_start[i + 1] as usize];
                for e in out {
                    related.push(entity(e.object)?);
                }
                let in_start = i.checked_sub(1).map_or(0, |j| in_end[j]);
                for &k in &incoming[in_start as usize..in_end[i] as usize] {
                    related.push(entity(d.edges[k as usize].subject)?);
                }
            }
            starts.push(u32::try_from(related.len()).ok()?);
        }
        Some(BundledGraph { starts, related })
    }

    /// The entities related to bundled entity number `entity`, as [`Relations::related`]
    /// gives them.
    pub(crate) fn related(&self, entity: u32) -> &[u32] {
        let e = entity as usize;
        match (self.starts.get(e), self.starts.get(e + 1)) {
            (Some(&a), Some(&b)) => &self.related[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The bundled relations' graph, made on first use.
    pub(crate) fn bundled() -> &'static BundledGraph {
        static GRAPH: std::sync::LazyLock<BundledGraph> = std::sync::LazyLock::new(|| {
            BundledGraph::new(RELATIONS_BIN)
                .expect("data/relations.bin is checked by bundled_relations_are_fresh")
        });
        &GRAPH
    }
}

#[cfg(feature = "bundled")]
impl Relations {
    /// The relations of the bundled lexicon (feature `bundled`), read on first use from
    /// their binary form over the bundled lexicon's ids (about 118,000 pairs; the bundled
    /// matcher does not load them).
    ///
    /// ```
    /// let rel = namefix::Relations::bundled();
    /// assert!(rel.are_related("film:The_Matrix", "person:Keanu_Reeves"));
    /// ```
    pub fn bundled() -> &'static Relations {
        &BUNDLED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_name_their_line() {
        let e = Relations::from_tsv("# c\na\tcast\tb\na\tcast\n").unwrap_err();
        assert_eq!(e.line(), Some(3));
        let e = Relations::from_tsv("a\ttwo words\tb\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse);
        let e = Relations::from_tsv("a\tcast\tb||c\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Empty);
        assert!(Relations::from_tsv("").unwrap().is_empty());
    }

    #[test]
    fn both_directions_and_duplicates() {
        let r = Relations::from_tsv("f\tcast\tp|q\nf\tcast\tp\ng\twriter\tp\r\n").unwrap();
        assert_eq!(r.len(), 3);
        let p: Vec<_> = r.related("p").map(|x| (x.id(), x.relation())).collect();
        assert_eq!(p, [("f", "cast"), ("g", "writer")]);
        assert_eq!(r.related("nobody").count(), 0);
        assert!(r.are_related("f", "q") && !r.are_related("p", "q"));
    }

    /// The table before its parse was made faster (issue 16): one allocation per id, a
    /// `split` per line, a stable sort by object. The new one must answer exactly as it did.
    mod reference {
        use crate::error::{Error, ErrorKind};
        use rustc_hash::FxHashMap;

        #[derive(Default)]
        pub(super) struct Old {
            pub(super) ids: Vec<Box<str>>,
            by_id: FxHashMap<Box<str>, u32>,
            names: Vec<Box<str>>,
            edges: Vec<(u32, u32, u32)>,
            by_subject: Vec<u32>,
            by_object: Vec<u32>,
        }

        impl Old {
            pub(super) fn from_tsv(text: &str) -> Result<Old, Error> {
                let mut r = Old::default();
                let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                let mut rows = Vec::new();
                for (i, line) in text.lines().enumerate() {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    let t = line.trim();
                    if t.is_empty() || t.starts_with('#') {
                        continue;
                    }
                    rows.push(parse_line(line).map_err(|e| e.at_line(i + 1))?);
                }
                for (s, rel, objects) in rows {
                    let subject = r.intern(s);
                    let relation = match r.names.iter().position(|n| &**n == rel) {
                        Some(p) => p as u32,
                        None => {
                            r.names.push(rel.into());
                            (r.names.len() - 1) as u32
                        }
                    };
                    for o in objects.split('|') {
                        let object = r.intern(o.trim());
                        r.edges.push((subject, object, relation));
                    }
                }
                r.edges.sort_unstable();
                r.edges.dedup();
                let n = r.edges.len() as u32;
                r.by_subject = (0..n).collect();
                r.by_object = (0..n).collect();
                let edges = &r.edges;
                r.by_object
                    .sort_by_key(|&i| (edges[i as usize].1, edges[i as usize].0));
                Ok(r)
            }

            fn intern(&mut self, id: &str) -> u32 {
                if let Some(&i) = self.by_id.get(id) {
                    return i;
                }
                let i = self.ids.len() as u32;
                self.ids.push(id.into());
                self.by_id.insert(id.into(), i);
                i
            }

            pub(super) fn related(&self, id: &str) -> Vec<(String, String, bool)> {
                let Some(&n) = self.by_id.get(id) else {
                    return Vec::new();
                };
                let e = &self.edges;
                let range = |list: &'_ [u32], key: fn(&(u32, u32, u32)) -> u32| {
                    let lo = list.partition_point(|&i| key(&e[i as usize]) < n);
                    let hi = list.partition_point(|&i| key(&e[i as usize]) <= n);
                    list[lo..hi].to_vec()
                };
                let out = range(&self.by_subject, |x| x.0);
                let inc = range(&self.by_object, |x| x.1);
                let name = |i: u32| self.names[i as usize].to_string();
                out.iter()
                    .map(|&i| {
                        let (_, o, r) = e[i as usize];
                        (self.ids[o as usize].to_string(), name(r), false)
                    })
                    .chain(inc.iter().map(|&i| {
                        let (s, _, r) = e[i as usize];
                        (self.ids[s as usize].to_string(), name(r), true)
                    }))
                    .collect()
            }

            pub(super) fn len(&self) -> usize {
                self.edges.len()
            }
        }

        fn parse_line(line: &str) -> Result<(&str, &str, &str), Error> {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!(
                        "expected 3 tab-separated columns (subject, relation, objects), found {}",
                        cols.len()
                    ),
                ));
            }
            let (s, rel, objects) = (cols[0].trim(), cols[1].trim(), cols[2].trim());
            if s.is_empty() || objects.is_empty() {
                return Err(Error::new(ErrorKind::Empty, "empty subject or object id"));
            }
            if objects.split('|').any(|o| o.trim().is_empty()) {
                return Err(Error::new(ErrorKind::Empty, "empty object id"));
            }
            if rel.is_empty()
                || !rel
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!("relation {rel:?} is not one word"),
                ));
            }
            Ok((s, rel, objects))
        }
    }

    /// Every id's related entities (and every error) are those of the reference parse.
    fn same_as_reference(text: &str) {
        let old = reference::Old::from_tsv(text);
        let new = Relations::from_tsv(text);
        match (old, new) {
            (Ok(old), Ok(new)) => {
                assert_eq!(old.len(), new.len(), "{text:?}");
                for id in old
                    .ids
                    .iter()
                    .map(|i| i.to_string())
                    .chain(["absent".into()])
                {
                    let got: Vec<(String, String, bool)> = new
                        .related(&id)
                        .map(|r| (r.id().to_owned(), r.relation().to_owned(), r.is_subject()))
                        .collect();
                    assert_eq!(got, old.related(&id), "{id} in {text:?}");
                }
            }
            (Err(a), Err(b)) => assert_eq!(
                (a.kind(), a.line(), a.to_string()),
                (b.kind(), b.line(), b.to_string()),
                "{text:?}"
            ),
            (a, b) => panic!("{text:?}: reference {:?}, new {:?}", a.err(), b.err()),
        }
    }

    /// `data/relations.bin` is the binary form of `data/relations.tsv` over the bundled
    /// lexicon; `BLESS=1` rewrites it (after either changes).
    #[cfg(feature = "bundled")]
    #[test]
    fn bundled_relations_are_fresh() {
        let tsv = Relations::from_tsv(include_str!("../data/relations.tsv")).unwrap();
        let bytes = tsv
            .to_binary(&crate::Matcher::bundled_lexicon())
            .expect("every id of data/relations.tsv is a bundled entity's");
        if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            std::fs::write(root.join("data/relations.bin"), &bytes).unwrap();
            return;
        }
        assert!(
            bytes == RELATIONS_BIN,
            "data/relations.bin is stale (data/relations.tsv or the bundled lexicon changed): \
             regenerate it with `BLESS=1 cargo test -p namefix --lib bundled_relations_are_fresh`"
        );
    }

    /// The bundled table read from its binary form is the table parsed from the TSV: the
    /// same ids in the same order, edges and indexes, so every answer (and its order) is the
    /// same; and damaged bytes are refused, never a panic.
    #[cfg(feature = "bundled")]
    #[test]
    fn bundled_binary_relations_equal_the_tsv() {
        let tsv = Relations::from_tsv(include_str!("../data/relations.tsv")).unwrap();
        let bin = Relations::bundled();
        assert_eq!(bin.id_text, tsv.id_text);
        assert_eq!(bin.id_ends, tsv.id_ends);
        assert_eq!(bin.names, tsv.names);
        assert_eq!(bin.edges, tsv.edges);
        assert_eq!(bin.by_subject, tsv.by_subject);
        assert_eq!(bin.by_object, tsv.by_object);
        for i in 0..tsv.id_ends.len() as u32 {
            assert_eq!(bin.find(tsv.id(i)), Some(i));
        }
        assert_eq!(bin.find("absent"), None);
        // Small damaged tables: truncations and flipped bytes give `None` or a table.
        let lex =
            crate::Lexicon::from_tsv("a\tA\t\tfilm\t1\nb\tB\t\tperson\t1\nc\tC\t\tperson\t1\n")
                .unwrap();
        let small = Relations::from_tsv("a\tcast\tb|c\nb\tdirector\ta\n").unwrap();
        let bytes = small.to_binary(&lex).unwrap();
        let ids = |e: usize| lex.entities().get(e).map(|e| e.id());
        let back = Relations::from_binary(&bytes, &ids).unwrap();
        assert_eq!((back.edges, back.names), (small.edges, small.names));
        for n in 0..bytes.len() {
            assert!(Relations::from_binary(&bytes[..n], &ids).is_none(), "{n}");
        }
        for i in 0..bytes.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                let _ = Relations::from_binary(&b, &ids);
            }
        }
    }

    /// The bundled matcher's graph of the relations gives, for every bundled entity, the
    /// entities `Relations::related` gives, in its order (the scanner stops at the first one
    /// the document names, and records each it asks about); damaged bytes are refused.
    #[cfg(feature = "bundled")]
    #[test]
    fn bundled_graph_answers_as_the_table() {
        let m = crate::Matcher::bundled();
        let lex = m.lexicon();
        let table = Relations::bundled();
        let graph = BundledGraph::bundled();
        let mut with_relations = 0;
        for (e, entity) in lex.entities().iter().enumerate() {
            let expected: Vec<u32> = table
                .related(entity.id())
                .map(|r| lex.id_of(r.id()).unwrap().index() as u32)
                .collect();
            assert_eq!(graph.related(e as u32), expected, "{}", entity.id());
            with_relations += usize::from(!expected.is_empty());
        }
        assert!(with_relations > 10_000, "{with_relations}");
        assert!(graph.related(u32::MAX).is_empty());
        for n in [0, 8, RELATIONS_BIN.len() / 2, RELATIONS_BIN.len() - 1] {
            assert!(BundledGraph::new(&RELATIONS_BIN[..n]).is_none(), "{n}");
        }
    }

    #[test]
    fn answers_like_the_reference_parse() {
        for text in [
            "",
            "\u{FEFF}f\tcast\tp|q\n",
            "f\tcast\tp|q\nf\tcast\tp\ng\twriter\tp\r\n",
            "f\tcast\tp\r\r\ng\tcast\tq\r\r",
            "f\tcast\tp\r\r\r\n",
            " f \t cast \t p | q \n\u{A0}f\u{A0}\tcast\t\u{2003}q\u{2003}|r\u{85}\n",
            "  # comment\n\n \t \nf\tcast\tp\n",
            "f\tcast\tp\tq\n",
            "a|b\tcast\tp|\tq\n",
            "a|b\tcast\tp |  q|r\n\tx|y\n",
            "f\tcast\n",
            "f\ttwo words\tp\n",
            "f\tcast\tp| \n",
            "f\tcast\t \n",
            "\tcast\tp\n",
            "f\tcäst\tp\nf\tcast\tp\ng\tcäst\tf\n",
            "f\tcast\tp|p|q\nq\tcast\tf\nf\tcrew\tp\np\tcast\tf\n",
        ] {
            same_as_reference(text);
        }
        #[cfg(feature = "bundled")]
        same_as_reference(include_str!("../data/relations.tsv"));
    }
}
