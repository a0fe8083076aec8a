//! Entities and the lexicon that holds them, built in code or parsed from TSV / JSON Lines.

use std::fmt;
use std::str::FromStr;

use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::error::{Error, ErrorKind};

/// Longest accepted lexicon line, in bytes (a name with all its aliases).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Longest accepted name or alias, in bytes. Longer ones are an error, not a slow index.
pub const MAX_NAME_BYTES: usize = 1024;
/// Most entities a lexicon may hold (ids are 32-bit).
pub const MAX_ENTITIES: usize = 16_000_000;

/// What sort of thing an entity is.
///
/// Parsed from and displayed as the lowercase names used in lexicon files
/// (`person`, `film`, `tv`, ...).
///
/// ```
/// use namefix::Kind;
/// assert_eq!("tv".parse::<Kind>(), Ok(Kind::Tv));
/// assert_eq!(Kind::Person.to_string(), "person");
/// assert!("planet".parse::<Kind>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
#[non_exhaustive]
pub enum Kind {
    /// A real person.
    Person,
    /// A film.
    Film,
    /// A television series or programme.
    Tv,
    /// A book or book series.
    Book,
    /// Another creative work (album, game, comic, play, ...).
    Work,
    /// An organisation: company, network, streaming service, school, team, party, ...
    Org,
    /// A place: country, city, region, landmark.
    Place,
    /// A fictional character.
    Character,
    /// A product or brand.
    Product,
    /// An event.
    Event,
    /// Anything else.
    #[default]
    Other,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 11] = [
        Kind::Person,
        Kind::Film,
        Kind::Tv,
        Kind::Book,
        Kind::Work,
        Kind::Org,
        Kind::Place,
        Kind::Character,
        Kind::Product,
        Kind::Event,
        Kind::Other,
    ];

    /// The lowercase name used in lexicon files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Film => "film",
            Kind::Tv => "tv",
            Kind::Book => "book",
            Kind::Work => "work",
            Kind::Org => "org",
            Kind::Place => "place",
            Kind::Character => "character",
            Kind::Product => "product",
            Kind::Event => "event",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Kind, Error> {
        let t = s.trim();
        // Lexicon files write kinds in lowercase: try that first.
        if let Some(k) = Kind::ALL.iter().copied().find(|k| k.as_str() == t) {
            return Ok(k);
        }
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                let allowed: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                Error::new(
                    ErrorKind::Parse,
                    format!(
                        "unknown kind {t:?} (expected one of: {})",
                        allowed.join(", ")
                    ),
                )
            })
    }
}

/// The position of an entity in its [`Lexicon`]: a small `Copy` handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub(crate) u32);

impl EntityId {
    /// The index of the entity in [`Lexicon::entities`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One named entity: a stable string id, a canonical name, aliases, a kind and a popularity weight.
///
/// ```
/// use namefix::{Entity, Kind};
/// let e = Entity::new("tv:heartstopper", "Heartstopper").with_kind(Kind::Tv).with_weight(50.0);
/// assert_eq!(e.name(), "Heartstopper");
/// assert_eq!(e.weight(), 50.0);
/// ```
#[derive(Clone)]
pub struct Entity {
    /// The strings this entity's id, name and aliases are in: its own, or those of a whole
    /// loaded lexicon (shared, so loading a saved index allocates nothing per entity).
    strings: Arc<Strings>,
    /// Where this entity's id is among `strings`; its name and aliases follow.
    first: u32,
    aliases: u32,
    kind: Kind,
    weight: f32,
}

/// Strings one after the other in one buffer: string `i` is `text[ends[i - 1]..ends[i]]`.
/// The buffer of the bundled lexicon is borrowed from the program's embedded index.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    text: Text,
    ends: std::borrow::Cow<'static, [u32]>,
}

/// The buffer of [`Strings`].
#[derive(Debug)]
enum Text {
    /// Checked at once: UTF-8, and every end on a character boundary.
    Checked(std::borrow::Cow<'static, str>),
    /// The bundled index's strings, in the program: `bundled_index_is_fresh` proves they are
    /// the checked save of `data/lexicon.tsv`, so they are not read (nor their pages brought
    /// into memory) until a string is used, and each is checked as it is read.
    #[cfg_attr(not(feature = "bundled"), allow(dead_code))]
    Bundled(&'static [u8]),
}

impl Default for Text {
    fn default() -> Text {
        Text::Checked(std::borrow::Cow::Borrowed(""))
    }
}

impl Strings {
    /// Strings from their concatenation and the end offset of each, checked: the ends never
    /// decrease, stay within `text` and fall on character boundaries.
    pub(crate) fn from_parts(
        text: std::borrow::Cow<'static, str>,
        ends: std::borrow::Cow<'static, [u32]>,
    ) -> Result<Strings, &'static str> {
        let mut prev = 0usize;
        for &e in ends.iter() {
            let e = e as usize;
            if e < prev || e > text.len() {
                return Err("a string is out of bounds");
            }
            if !text.is_char_boundary(e) {
                return Err("a string ends inside a character");
            }
            prev = e;
        }
        Ok(Strings {
            text: Text::Checked(text),
            ends,
        })
    }

    /// The bundled lexicon's strings, checked one by one as they are read (see
    /// [`Text::Bundled`]).
    #[cfg(feature = "bundled")]
    pub(crate) fn bundled(text: &'static [u8], ends: std::borrow::Cow<'static, [u32]>) -> Strings {
        Strings {
            text: Text::Bundled(text),
            ends,
        }
    }

    /// How many strings.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        match &self.text {
            Text::Checked(text) => &text[start..end],
            // Valid by `bundled_index_is_fresh` (and a test in `index::format`); the empty
            // string only keeps a damaged build from panicking.
            Text::Bundled(bytes) => bytes
                .get(start..end)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or(""),
        }
    }

    /// String `i`'s length in bytes.
    #[inline]
    fn len_of(&self, i: usize) -> usize {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        (self.ends[i] as usize).saturating_sub(start)
    }

    /// String `i`'s bytes, not checked (for the id table, which hashes and compares bytes).
    #[inline]
    fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends[i] as usize;
        match &self.text {
            Text::Checked(text) => &text.as_bytes()[start..end],
            Text::Bundled(bytes) => bytes.get(start..end).unwrap_or_default(),
        }
    }

    fn push(&mut self, s: &str) {
        if let Text::Bundled(bytes) = self.text {
            self.text = Text::Checked(String::from_utf8_lossy(bytes).into_owned().into());
        }
        if let Text::Checked(text) = &mut self.text {
            text.to_mut().push_str(s);
            self.ends.to_mut().push(text.len() as u32);
        }
    }
}

impl Entity {
    /// A new entity of kind [`Kind::Other`], weight 1 and no aliases.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Entity {
        let mut text: String = id.into();
        let id_end = text.len() as u32;
        text.push_str(&name.into());
        let ends = vec![id_end, text.len() as u32];
        Entity {
            strings: Arc::new(Strings {
                text: Text::Checked(text.into()),
                ends: ends.into(),
            }),
            first: 0,
            aliases: 0,
            kind: Kind::Other,
            weight: 1.0,
        }
    }

    /// Adds an alias (another name the entity is known by, e.g. "LOTR").
    pub fn with_alias(mut self, alias: impl Into<String>) -> Entity {
        let alias = alias.into();
        let own = self.first == 0 && self.strings.len() == self.string_count();
        match Arc::get_mut(&mut self.strings) {
            // Its own strings: append.
            Some(strings) if own => strings.push(&alias),
            // Shared with other entities (a loaded lexicon): copy its strings out first.
            _ => {
                let mut strings = Strings::default();
                for i in 0..self.string_count() {
                    strings.push(self.string(i));
                }
                strings.push(&alias);
                self.strings = Arc::new(strings);
                self.first = 0;
            }
        }
        self.aliases += 1;
        self
    }

    /// Sets the kind.
    pub fn with_kind(mut self, kind: Kind) -> Entity {
        self.kind = kind;
        self
    }

    /// Sets the popularity weight (non-negative; larger means more often meant).
    /// Non-finite or negative values are stored as 0.
    pub fn with_weight(mut self, weight: f32) -> Entity {
        self.weight = if weight.is_finite() && weight > 0.0 {
            weight
        } else {
            0.0
        };
        self
    }

    /// Its `i`-th string: 0 the id, 1 the name, then the aliases.
    #[inline]
    fn string(&self, i: usize) -> &str {
        self.strings.get(self.first as usize + i)
    }

    /// Whether string `i` (0 the id, 1 the name) is empty once trimmed, as
    /// `trim(..).is_empty()`: from its bytes when it starts and ends with a visible ASCII
    /// character (nearly always; no `str` is sliced), else by trimming it.
    fn blank(&self, i: usize) -> bool {
        match self.strings.bytes(self.first as usize + i) {
            [a, .., z] | [a @ z] if a.is_ascii_graphic() && z.is_ascii_graphic() => false,
            _ => trim(self.string(i)).is_empty(),
        }
    }

    /// How many strings it has (id, name, aliases).
    #[inline]
    fn string_count(&self) -> usize {
        2 + self.aliases as usize
    }

    /// The stable string id.
    #[inline]
    pub fn id(&self) -> &str {
        self.string(0)
    }

    /// The id's bytes (read unchecked: the id table hashes and compares them).
    pub(crate) fn id_bytes(&self) -> &[u8] {
        self.strings.bytes(self.first as usize)
    }

    /// The bytes of its name (`slot` 0) or of its `slot`-th alias (the name when it has no
    /// such alias), read unchecked: what [`name`](Self::name) and
    /// [`aliases`](Self::aliases) return, as bytes.
    #[inline]
    pub(crate) fn surface_bytes(&self, slot: usize) -> &[u8] {
        self.strings
            .bytes(self.first as usize + self.surface_index(slot))
    }

    /// Its name (`slot` 0) or its `slot`-th alias (the name when it has no such alias).
    #[inline]
    pub(crate) fn surface(&self, slot: usize) -> &str {
        self.string(self.surface_index(slot))
    }

    /// The index among its strings of the name (`slot` 0) or the `slot`-th alias (the name
    /// when it has no such alias).
    #[inline]
    fn surface_index(&self, slot: usize) -> usize {
        if slot == 0 || slot + 1 >= self.string_count() {
            1
        } else {
            slot + 1
        }
    }

    /// The canonical name.
    #[inline]
    pub fn name(&self) -> &str {
        self.string(1)
    }

    /// The aliases.
    #[inline]
    pub fn aliases(&self) -> impl ExactSizeIterator<Item = &str> {
        (2..self.string_count()).map(|i| self.string(i))
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The popularity weight.
    pub fn weight(&self) -> f32 {
        self.weight
    }

    /// The entity whose id is string `first` of `strings`, followed by its name and `aliases`
    /// aliases (a loaded index; the caller checks that they are within `strings`, and
    /// [`Lexicon::from_entities`] checks the entity).
    pub(crate) fn in_strings(
        strings: &Arc<Strings>,
        first: u32,
        aliases: u32,
        kind: Kind,
        weight: f32,
    ) -> Entity {
        Entity {
            strings: Arc::clone(strings),
            first,
            aliases,
            kind,
            weight: 0.0,
        }
        .with_weight(weight)
    }

    /// The canonical name followed by the aliases.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        (1..self.string_count()).map(|i| self.string(i))
    }

    fn validate(&self) -> Result<(), Error> {
        if self.blank(0) {
            return Err(Error::new(ErrorKind::Empty, "empty id"));
        }
        if self.blank(1) {
            return Err(Error::new(
                ErrorKind::Empty,
                format!("entity {:?} has an empty name", self.id()),
            ));
        }
        // (Lengths from the buffer's ends: no string is sliced.)
        for i in 1..self.string_count() {
            let len = self.strings.len_of(self.first as usize + i);
            if len > MAX_NAME_BYTES {
                return Err(Error::new(
                    ErrorKind::TooLarge,
                    format!(
                        "entity {:?} has a name or alias of {len} bytes (limit {MAX_NAME_BYTES})",
                        self.id(),
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entity")
            .field("id", &self.id())
            .field("name", &self.name())
            .field("aliases", &self.aliases().collect::<Vec<_>>())
            .field("kind", &self.kind)
            .field("weight", &self.weight)
            .finish()
    }
}

impl PartialEq for Entity {
    /// Equal ids, names, aliases, kinds and weights (wherever the strings are kept).
    fn eq(&self, other: &Entity) -> bool {
        self.id() == other.id()
            && self.name() == other.name()
            && self.aliases().eq(other.aliases())
            && self.kind == other.kind
            && self.weight == other.weight
    }
}

/// A set of entities with unique ids.
///
/// Build one in code with [`Lexicon::builder`], or parse one from the TSV format
/// (`id<TAB>name<TAB>aliases<TAB>kind<TAB>weight`, aliases `|`-separated, kind and weight
/// optional, `#` comments and blank lines ignored) or from JSON Lines with the same fields.
///
/// An entity without a kind is [`Kind::Other`], which the scanner treats as a concept rather
/// than a proper name: in running text it is never re-cased ("the crown" stays lowercase) and
/// a lowercase phrase is never fuzzily corrected into it. Give names a kind (`person`, `tv`,
/// ...) to have them checked as names. (Likewise only a [`Kind::Person`] is found from a
/// surname alone.)
///
/// ```
/// use namefix::{Lexicon, Kind};
/// let lex = Lexicon::from_tsv(
///     "# id\tname\taliases\tkind\tweight\n\
///      tv:heartstopper\tHeartstopper\t\ttv\t50\n\
///      film:lotr\tThe Lord of the Rings\tLOTR|Lord of the Rings\tfilm\n",
/// ).unwrap();
/// assert_eq!(lex.len(), 2);
/// let e = lex.get("film:lotr").unwrap();
/// assert_eq!(e.aliases().collect::<Vec<_>>(), ["LOTR", "Lord of the Rings"]);
/// assert_eq!(e.kind(), Kind::Film);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    entities: Vec<Entity>,
    /// Entity indices by the hash of their id (the ids themselves are the entities').
    /// Made on first use for the bundled lexicon (a lookup needs no id), at once otherwise
    /// (adding entities checks their ids against it).
    by_id: OnceLock<HashTable<u32>>,
}

/// The hash of an entity id in [`Lexicon`]'s id table.
#[inline]
fn id_hash(id: &[u8]) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl Lexicon {
    /// The index of the entity with this id, whose hash is `hash`.
    fn find(&self, id: &str, hash: u64) -> Option<u32> {
        self.ids()
            .find(hash, |&i| {
                self.entities[i as usize].id_bytes() == id.as_bytes()
            })
            .copied()
    }

    /// The id table, made now if it is not yet.
    fn ids(&self) -> &HashTable<u32> {
        self.by_id.get_or_init(|| {
            let mut by_id = HashTable::with_capacity(self.entities.len());
            for (i, e) in self.entities.iter().enumerate() {
                by_id.insert_unique(id_hash(e.id_bytes()), i as u32, |&j| {
                    id_hash(self.entities[j as usize].id_bytes())
                });
            }
            by_id
        })
    }

    /// Adds `entity` unless its id is taken (the caller checks the entity otherwise).
    fn insert(&mut self, entity: Entity) -> Result<(), Error> {
        let hash = id_hash(entity.id_bytes());
        if self.find(entity.id(), hash).is_some() {
            return Err(Error::new(
                ErrorKind::DuplicateId,
                format!("duplicate id {:?}", entity.id()),
            ));
        }
        let n = self.entities.len() as u32;
        self.ids();
        let Lexicon { entities, by_id } = self;
        if let Some(table) = by_id.get_mut() {
            table.insert_unique(hash, n, |&i| id_hash(entities[i as usize].id_bytes()));
        }
        self.entities.push(entity);
        Ok(())
    }
}

/// Builds a [`Lexicon`] from entities added one at a time.
///
/// ```
/// use namefix::{Entity, Kind, Lexicon};
/// let mut b = Lexicon::builder();
/// b.push(Entity::new("p:1", "Joe Locke").with_kind(Kind::Person)).unwrap();
/// assert!(b.push(Entity::new("p:1", "Kit Connor")).is_err()); // duplicate id
/// let lex = b.build();
/// assert_eq!(lex.len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    lexicon: Lexicon,
}

impl LexiconBuilder {
    /// An empty builder.
    pub fn new() -> LexiconBuilder {
        LexiconBuilder::default()
    }

    /// Adds an entity. Fails on an empty id or name, an over-long name, or a duplicate id.
    pub fn push(&mut self, entity: Entity) -> Result<&mut LexiconBuilder, Error> {
        entity.validate()?;
        let lex = &mut self.lexicon;
        if lex.entities.len() >= MAX_ENTITIES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("more than {MAX_ENTITIES} entities"),
            ));
        }
        lex.insert(entity)?;
        Ok(self)
    }

    /// Adds every entity of TSV text (see [`Lexicon`]); errors name the 1-based line. On an
    /// error, the entities of the lines before it stay added (clone the builder first for
    /// all-or-nothing).
    pub fn add_tsv(&mut self, text: &str) -> Result<&mut LexiconBuilder, Error> {
        // A leading byte order mark (as some editors write) is not part of the first id.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let lines_in = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        self.lexicon.entities.reserve(lines_in);
        self.lexicon.ids();
        let Lexicon { entities, by_id } = &mut self.lexicon;
        if let Some(table) = by_id.get_mut() {
            table.reserve(lines_in, |&i| id_hash(entities[i as usize].id_bytes()));
        }
        // A large text is parsed in two halves at once (on a second thread, where the
        // platform has threads); entities are still added in line order, and an error still
        // leaves the lines before it added.
        let cut = (text.len() >= PARALLEL_PARSE_BYTES && !cfg!(target_family = "wasm"))
            .then(|| memchr::memchr(b'\n', &text.as_bytes()[text.len() / 2..]))
            .flatten()
            .map(|i| text.len() / 2 + i + 1);
        let Some(cut) = cut else {
            return self.push_tsv_lines(text, 0);
        };
        let (head, tail) = text.split_at(cut);
        let head_lines = memchr::memchr_iter(b'\n', head.as_bytes()).count();
        let ((entities, error), head_added) = crate::alongside(
            "namefix-parse",
            || parse_tsv_lines(tail, head_lines),
            || self.push_tsv_lines(head, 0).map(drop),
        );
        head_added?;
        for (n, e) in entities {
            self.push(e).map_err(|e| e.at_line(n))?;
        }
        match error {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }

    /// Parses and adds the lines of `text`, numbered from `first_line + 1`.
    fn push_tsv_lines(&mut self, text: &str, first_line: usize) -> Result<&mut Self, Error> {
        for_each_tsv_entity(text, first_line, |n, e| {
            self.push(e).map(drop).map_err(|e| e.at_line(n))
        })?;
        Ok(self)
    }

    /// Adds every entity of JSON Lines text: one object a line with the fields `id`, `name`,
    /// optional `aliases` (array of strings), `kind` and `weight`. Errors name the 1-based line;
    /// as with [`add_tsv`](Self::add_tsv), earlier lines stay added. (Feature `jsonl`, on by
    /// default.)
    #[cfg(feature = "jsonl")]
    pub fn add_jsonl(&mut self, text: &str) -> Result<&mut LexiconBuilder, Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Record {
            id: String,
            name: String,
            #[serde(default)]
            aliases: Vec<String>,
            #[serde(default)]
            kind: Option<String>,
            #[serde(default)]
            weight: Option<f64>,
        }
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if line.len() > MAX_LINE_BYTES {
                return Err(line_too_long(line.len()).at_line(n));
            }
            let r: Record = serde_json::from_str(t).map_err(|e| {
                Error::new(ErrorKind::Parse, format!("invalid JSON: {e}")).at_line(n)
            })?;
            let mut e = Entity::new(r.id.trim(), r.name.trim());
            if let Some(k) = r.kind.as_deref().filter(|k| !k.trim().is_empty()) {
                e = e.with_kind(k.parse().map_err(|e: Error| e.at_line(n))?);
            }
            if let Some(w) = r.weight {
                e = e.with_weight(check_weight(w).map_err(|e| e.at_line(n))?);
            }
            for a in r.aliases {
                let a = a.trim();
                if a.is_empty() {
                    return Err(Error::new(ErrorKind::Empty, "empty alias").at_line(n));
                }
                e = e.with_alias(a);
            }
            self.push(e).map_err(|e| e.at_line(n))?;
        }
        Ok(self)
    }

    /// The lexicon.
    pub fn build(self) -> Lexicon {
        self.lexicon
    }
}

fn line_too_long(len: usize) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("line of {len} bytes (limit {MAX_LINE_BYTES})"),
    )
}

fn check_weight(w: f64) -> Result<f32, Error> {
    if !w.is_finite() || w < 0.0 || w > f32::MAX as f64 {
        return Err(Error::new(
            ErrorKind::Parse,
            format!(
                "weight {w:.3e} is not a finite non-negative number (at most {:.3e})",
                f32::MAX
            ),
        ));
    }
    Ok(w as f32)
}

/// TSV text from which [`LexiconBuilder::add_tsv`] parses two halves at once.
const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// The entities of the lines of `text` (numbered from `first_line + 1`) with their line
/// numbers, up to the first bad line, whose error comes back too.
fn parse_tsv_lines(text: &str, first_line: usize) -> (Vec<(usize, Entity)>, Option<Error>) {
    let mut out = Vec::new();
    let error = for_each_tsv_entity(text, first_line, |n, e| {
        out.push((n, e));
        Ok(())
    })
    .err();
    (out, error)
}

/// Lines whose entities share one string buffer when parsed from TSV: one allocation for
/// their strings instead of several per entity.
const TSV_BATCH: usize = 1024;

/// Parses the lines of `text` (numbered from `first_line + 1`) and passes each entity to `f`
/// with its line number, in order, stopping at the first error (of a line, or of `f`). The
/// entities of up to [`TSV_BATCH`] lines share one string buffer; on an error, the entities
/// of the lines before it have been passed.
fn for_each_tsv_entity(
    text: &str,
    first_line: usize,
    mut f: impl FnMut(usize, Entity) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut strings = Strings::default();
    let mut batch: Vec<(usize, TsvEntity)> = Vec::new();
    let mut flush = |strings: &mut Strings, batch: &mut Vec<(usize, TsvEntity)>| {
        let shared = Arc::new(std::mem::take(strings));
        batch.drain(..).try_for_each(|(n, e)| {
            f(
                n,
                Entity::in_strings(&shared, e.first, e.aliases, e.kind, e.weight),
            )
        })
    };
    for (i, line) in lines(text).enumerate() {
        let n = first_line + i + 1;
        match parse_tsv_line(line, &mut strings) {
            Ok(Some(e)) => batch.push((n, e)),
            Ok(None) => {}
            Err(e) => {
                flush(&mut strings, &mut batch)?;
                return Err(e.at_line(n));
            }
        }
        if batch.len() == TSV_BATCH {
            flush(&mut strings, &mut batch)?;
        }
    }
    flush(&mut strings, &mut batch)
}

/// An entity of a TSV line whose strings were appended to a batch's buffer.
struct TsvEntity {
    first: u32,
    aliases: u32,
    kind: Kind,
    weight: f32,
}

/// [`str::trim`], with a fast path for the usual field that starts and ends with a visible
/// ASCII character.
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The lines of `text`, as [`str::lines`] gives them (a final line ending adds no empty line;
/// a `\r` before the `\n` is stripped later), found with `memchr`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    ends.filter_map(move |end| {
        let line = text.get(start..end)?;
        start = end + 1;
        (end < text.len() || !line.is_empty()).then_some(line)
    })
}

/// Parses one TSV line, appending its strings to `strings` when it is valid; `Ok(None)` for a
/// blank or comment line.
fn parse_tsv_line(line: &str, strings: &mut Strings) -> Result<Option<TsvEntity>, Error> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
    }
    if line.len() > MAX_LINE_BYTES {
        return Err(line_too_long(line.len()));
    }
    let mut cols = [""; 5];
    let mut n = 0;
    let mut start = 0;
    // Tabs are ASCII, so every cut is on a char boundary.
    let tabs = line
        .bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\t').then_some(i));
    for end in tabs.chain([line.len()]) {
        if n < 5 {
            cols[n] = &line[start..end];
        }
        n += 1;
        start = end + 1;
    }
    if !(2..=5).contains(&n) {
        return Err(Error::new(
            ErrorKind::Parse,
            format!(
                "expected 2 to 5 tab-separated columns (id, name, aliases, kind, weight), found {n}"
            ),
        ));
    }
    let cols = &cols[..n];
    let id = trim(cols[0]);
    if id.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "empty id"));
    }
    let name = trim(cols[1]);
    if name.is_empty() {
        return Err(Error::new(
            ErrorKind::Empty,
            format!("entity {id:?} has an empty name"),
        ));
    }
    let aliases = cols.get(2).copied().filter(|a| !trim(a).is_empty());
    if aliases.is_some_and(|a| a.split('|').any(|a| trim(a).is_empty())) {
        return Err(Error::new(
            ErrorKind::Empty,
            format!("entity {id:?} has an empty alias"),
        ));
    }
    let kind = match cols.get(3).filter(|k| !trim(k).is_empty()) {
        Some(k) => k.parse()?,
        None => Kind::Other,
    };
    let weight = match cols.get(4).filter(|w| !trim(w).is_empty()) {
        Some(w) => {
            let w: f64 = trim(w).parse().map_err(|_| {
                Error::new(
                    ErrorKind::Parse,
                    format!("weight {:?} is not a number", trim(w)),
                )
            })?;
            check_weight(w)?
        }
        None => 1.0,
    };
    // The line is valid: its strings go to the batch's buffer.
    let first = strings.len() as u32;
    strings.push(id);
    strings.push(name);
    let mut count = 0;
    for a in aliases.into_iter().flat_map(|a| a.split('|')) {
        strings.push(trim(a));
        count += 1;
    }
    Ok(Some(TsvEntity {
        first,
        aliases: count,
        kind,
        weight,
    }))
}

impl Lexicon {
    /// A builder.
    pub fn builder() -> LexiconBuilder {
        LexiconBuilder::new()
    }

    /// A builder that starts from this lexicon's entities, to extend it without copying them
    /// (for example the bundled lexicon plus your own file).
    ///
    /// ```
    /// use namefix::Lexicon;
    /// let base = Lexicon::from_tsv("p:1\tAlice Oseman\n").unwrap();
    /// let mut b = base.into_builder();
    /// b.add_tsv("p:2\tKit Connor\n").unwrap();
    /// assert!(b.add_tsv("p:1\tDuplicate\n").is_err());
    /// assert_eq!(b.build().len(), 2);
    /// ```
    pub fn into_builder(self) -> LexiconBuilder {
        LexiconBuilder { lexicon: self }
    }

    /// A lexicon of `entities`, checked like [`LexiconBuilder::push`] (a loaded index).
    pub(crate) fn from_entities(entities: Vec<Entity>) -> Result<Lexicon, Error> {
        if entities.len() > MAX_ENTITIES {
            return Err(Error::new(
                ErrorKind::TooLarge,
                format!("more than {MAX_ENTITIES} entities"),
            ));
        }
        // Each id is looked for and added in one probe of the table (as `insert` does in two).
        let mut table: HashTable<u32> = HashTable::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            e.validate()?;
            let id = e.id_bytes();
            match table.entry(
                id_hash(id),
                |&j| entities[j as usize].id_bytes() == id,
                |&j| id_hash(entities[j as usize].id_bytes()),
            ) {
                hashbrown::hash_table::Entry::Occupied(_) => {
                    return Err(Error::new(
                        ErrorKind::DuplicateId,
                        format!("duplicate id {:?}", e.id()),
                    ));
                }
                hashbrown::hash_table::Entry::Vacant(slot) => {
                    slot.insert(i as u32);
                }
            }
        }
        Ok(Lexicon {
            entities,
            by_id: OnceLock::from(table),
        })
    }

    /// A lexicon of `entities` known to pass [`LexiconBuilder::push`]'s checks: the bundled
    /// index, which `bundled_index_is_fresh` proves is the save of a checked lexicon. The
    /// entities are not checked again, and their ids are indexed at the first search by id
    /// (a lookup needs none), without a search for a duplicate (a duplicate would only make
    /// one of them unreachable by id; nothing can panic).
    #[cfg(feature = "bundled")]
    pub(crate) fn from_trusted_entities(entities: Vec<Entity>) -> Lexicon {
        // The id table is made at the first search by id.
        Lexicon {
            entities,
            by_id: OnceLock::new(),
        }
    }

    /// Parses TSV text (see [`Lexicon`]).
    pub fn from_tsv(text: &str) -> Result<Lexicon, Error> {
        let mut b = LexiconBuilder::new();
        b.add_tsv(text)?;
        Ok(b.build())
    }

    /// Parses JSON Lines text (see [`LexiconBuilder::add_jsonl`]).
    ///
    /// ```
    /// let lex = namefix::Lexicon::from_jsonl(
    ///     r#"{"id": "p:1", "name": "Olivia Colman", "kind": "person", "weight": 80}"#,
    /// ).unwrap();
    /// assert_eq!(lex.get("p:1").unwrap().name(), "Olivia Colman");
    /// ```
    #[cfg(feature = "jsonl")]
    pub fn from_jsonl(text: &str) -> Result<Lexicon, Error> {
        let mut b = LexiconBuilder::new();
        b.add_jsonl(text)?;
        Ok(b.build())
    }

    /// The entity with this string id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.find(id, id_hash(id.as_bytes()))
            .map(|i| &self.entities[i as usize])
    }

    /// The handle of the entity with this string id.
    pub fn id_of(&self, id: &str) -> Option<EntityId> {
        self.find(id, id_hash(id.as_bytes())).map(EntityId)
    }

    /// The entity behind a handle.
    ///
    /// # Panics
    /// If the handle comes from another lexicon with more entities.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// All entities, in insertion order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the lexicon has no entity.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    /// A loaded index's entities get the builder's checks, with its errors.
    #[test]
    fn entities_from_an_index_are_checked_like_pushed_ones() {
        let ok =
            Lexicon::from_entities(vec![Entity::new("a", "A"), Entity::new("b", "B")]).unwrap();
        assert_eq!(ok.get("b").map(Entity::name), Some("B"));
        let dup = Lexicon::from_entities(vec![Entity::new("a", "A"), Entity::new("a", "B")]);
        assert_eq!(dup.unwrap_err().kind(), ErrorKind::DuplicateId);
        let empty = Lexicon::from_entities(vec![Entity::new("a", " ")]);
        assert_eq!(empty.unwrap_err().kind(), ErrorKind::Empty);
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        let big = Lexicon::from_entities(vec![Entity::new("a", "A").with_alias(long)]);
        assert_eq!(big.unwrap_err().kind(), ErrorKind::TooLarge);
    }

    use super::*;

    #[test]
    fn loaded_entities_share_strings_and_behave_like_built_ones() {
        let built = Entity::new("p:1", "Alice")
            .with_alias("Al")
            .with_kind(Kind::Person)
            .with_weight(2.0);
        assert_eq!(
            format!("{built:?}"),
            r#"Entity { id: "p:1", name: "Alice", aliases: ["Al"], kind: Person, weight: 2.0 }"#
        );
        let lex = Lexicon::from_entities(vec![built.clone(), Entity::new("p:2", "Bob")]).unwrap();
        let loaded = crate::Matcher::load(&crate::Matcher::new(lex).save_compact()).unwrap();
        let e = loaded.lexicon().get("p:1").unwrap();
        assert_eq!(e, &built);
        assert_eq!(format!("{e:?}"), format!("{built:?}"));
        assert_ne!(e, loaded.lexicon().get("p:2").unwrap());
        // Adding an alias to a loaded entity copies its strings out: the others keep theirs.
        let more = e.clone().with_alias("Ally");
        assert_eq!(more.aliases().collect::<Vec<_>>(), ["Al", "Ally"]);
        assert_eq!((more.id(), more.name()), ("p:1", "Alice"));
        assert_eq!(e.aliases().collect::<Vec<_>>(), ["Al"]);
        assert_eq!(loaded.lexicon().get("p:2").unwrap().name(), "Bob");
        assert_eq!(loaded.lexicon().id_of("p:2").map(|i| i.index()), Some(1));
        assert!(loaded.lexicon().get("p:3").is_none());
    }

    #[test]
    fn tsv_errors_name_the_line() {
        let cases = [
            ("a\tA\n\n# c\nb\n", 4, "expected 2 to 5"),
            ("a\tA\nb\tB\t\tplanet\n", 2, "unknown kind \"planet\""),
            ("a\tA\t\tperson\tx\n", 1, "weight \"x\" is not a number"),
            ("a\tA\t\tperson\tNaN\n", 1, "not a finite"),
            ("a\tA\t\tperson\t-1\n", 1, "not a finite"),
            ("a\tA\nb\tB\ta||b\n", 2, "empty alias"),
            ("a\tA\na\tB\n", 2, "duplicate id \"a\""),
            ("a\t  \n", 1, "empty name"),
            ("a\tA\tb\tperson\t1\textra\n", 1, "found 6"),
        ];
        for (text, line, msg) in cases {
            let e = Lexicon::from_tsv(text).unwrap_err();
            assert_eq!(e.line(), Some(line), "{text:?}: {e}");
            assert!(e.to_string().contains(msg), "{text:?}: {e}");
        }
    }

    #[test]
    #[cfg(feature = "jsonl")]
    fn jsonl() {
        let lex = Lexicon::from_jsonl(
            "{\"id\":\"a\",\"name\":\"A\",\"aliases\":[\"x\"],\"kind\":\"tv\",\"weight\":3}\n\n{\"id\":\"b\",\"name\":\"B\"}",
        )
        .unwrap();
        assert_eq!(lex.len(), 2);
        assert_eq!(lex.get("a").unwrap().kind(), Kind::Tv);
        let e = Lexicon::from_jsonl("{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":1}").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().starts_with("line 2: invalid JSON"), "{e}");
    }

    #[test]
    fn crlf_and_optional_columns() {
        let lex = Lexicon::from_tsv("a\tAlpha\r\nb\tBeta\t\t\t\r\n").unwrap();
        assert_eq!(lex.get("a").unwrap().name(), "Alpha");
        assert_eq!(lex.get("b").unwrap().weight(), 1.0);
    }
}
