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

use rustc_hash::FxHashMap;

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
    ids: Vec<Box<str>>,
    by_id: FxHashMap<Box<str>, u32>,
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
            let subject = self.intern(s);
            let relation = match self.names.iter().position(|n| &**n == rel) {
                Some(p) => p as u32,
                None => {
                    self.names.push(rel.into());
                    (self.names.len() - 1) as u32
                }
            };
            for o in objects.split('|') {
                let object = self.intern(o.trim());
                self.edges.push(Edge {
                    subject,
                    object,
                    relation,
                });
            }
        }
        self.edges.sort_unstable();
        self.edges.dedup();
        let n = self.edges.len() as u32;
        self.by_subject = (0..n).collect();
        self.by_object = (0..n).collect();
        let edges = &self.edges;
        self.by_object
            .sort_by_key(|&i| (edges[i as usize].object, edges[i as usize].subject));
        Ok(self)
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
        let node = self.by_id.get(id).copied();
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
                id: &self.ids[if subject { e.subject } else { e.object } as usize],
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

/// Splits one non-comment line into subject, relation and objects.
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

#[cfg(feature = "bundled")]
static BUNDLED: std::sync::LazyLock<Relations> = std::sync::LazyLock::new(|| {
    Relations::from_tsv(include_str!("../data/relations.tsv"))
        .expect("the bundled relations are checked by tests/data_lint.rs")
});

#[cfg(feature = "bundled")]
impl Relations {
    /// The relations of the bundled lexicon (feature `bundled`), parsed on first use
    /// (about 140,000 pairs; the bundled matcher does not load them).
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
}
