//! The second round of sources: `oscars/`, `goodbooks-10k/`, `corpora-lists/` (entities and
//! relations) and `us-census-names/` + `cspell-people-names/` (name tokens, not entities).
//! Every rule here is written down in data/README.md ("Merging across sources", "Relations",
//! "Name tokens"); keep the two in step.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::gen::{clean_person, common_phrase, risky_title, Entity};
use crate::text::{clean, fold, is_latin_text, round2, slug, Words};

/// Added to an entity for each list of `corpora-lists` it is on; the weight of a new entity
/// from such a list.
const LIST_WEIGHT: f64 = 20.0;
/// Added to a film per Oscar nomination row (at most `OSCAR_FILM_ROWS` rows count).
const OSCAR_FILM_STEP: f64 = 5.0;
const OSCAR_FILM_ROWS: usize = 8;
/// Added to a person per Oscar nomination (at most `OSCAR_PERSON_NOMS` count).
const OSCAR_PERSON_STEP: f64 = 10.0;
const OSCAR_PERSON_NOMS: usize = 10;
/// A Goodreads author is a correction target when the ratings of their books reach this
/// weight (100,000 ratings); rarer authors are known people only.
const AUTHOR_TARGET_WEIGHT: f64 = 30.0;
/// A book titled in ordinary English of three words or more is kept when its ratings reach
/// this weight (100,000 Goodreads ratings).
const FAMOUS_BOOK_WEIGHT: f64 = 30.0;
/// Weight of a bestseller (all-time best-selling books list) not otherwise weighted.
const BESTSELLER_WEIGHT: f64 = 40.0;

/// Goodreads ratings count -> weight: `15 * log10(ratings / 1000)`, at least 1 (about 6 for
/// the least-rated of the 10,000 books, 58 for the most rated).
pub fn ratings_weight(ratings: f64) -> f64 {
    round2((15.0 * (ratings / 1000.0).max(1.0).log10()).max(1.0))
}

/// The role of an Oscar nominee in a nominated film, by the category's class; `None` for the
/// classes that are not about one film's making (scientific/technical and honorary awards).
fn oscar_role(class: &str) -> Option<&'static str> {
    Some(match class {
        "Acting" => "cast",
        "Directing" => "director",
        "Writing" => "writer",
        "Music" => "composer",
        "Title" => "producer",
        "Production" => "crew",
        _ => return None,
    })
}

/// A title made only of ordinary English words and numbers ("One Day", "The Rifleman",
/// "10th Anniversary", "Airplane!"): from these sources such a title is kept only when a
/// curated row names it (or, for books, when it has three words or more and 460,000
/// ratings), because in running text it is far more often the words than the work. (A popular
/// Wikipedia title of the same words is no evidence: "kentucky" is the state, not the film.)
fn ordinary_title(name: &str, words: &Words) -> bool {
    let toks = crate::text::word_tokens(name);
    !toks.is_empty()
        && toks
            .iter()
            .all(|t| words.contains(t) || t.chars().any(|c| c.is_ascii_digit()))
}

/// Entities being merged across sources, with the keys that find them.
pub struct Merge<'a> {
    pub ents: &'a mut BTreeMap<String, Entity>,
    /// (kind, folded name or alias) -> ids, for people, books, series, bands, songs.
    by_key: HashMap<(String, String), Vec<String>>,
    /// (folded film title or alias, year) -> film ids.
    films: HashMap<(String, u32), Vec<String>>,
    /// (kind, folded curated name or alias) -> curated id: a new entity that is a curated one
    /// takes its id, so the curated row later merges into it.
    curated: HashMap<(String, String), String>,
    /// IMDb title id -> film id.
    imdb_films: HashMap<String, String>,
    /// (subject id, relation, object id).
    pub relations: BTreeSet<(String, &'static str, String)>,
    /// People added by these sources (not in an earlier layer or curated), with whether one
    /// source makes them a correction target; the others become known people only.
    pub new_people: BTreeMap<String, bool>,
    pub stats: BTreeMap<String, usize>,
}

impl<'a> Merge<'a> {
    pub fn new(ents: &'a mut BTreeMap<String, Entity>, curated: &[Entity]) -> Merge<'a> {
        let mut m = Merge {
            ents,
            by_key: HashMap::new(),
            films: HashMap::new(),
            curated: HashMap::new(),
            imdb_films: HashMap::new(),
            relations: BTreeSet::new(),
            new_people: BTreeMap::new(),
            stats: BTreeMap::new(),
        };
        for c in curated {
            for n in std::iter::once(&c.name).chain(&c.aliases) {
                m.curated
                    .entry((c.kind.clone(), fold(n)))
                    .or_insert_with(|| c.id.clone());
            }
        }
        let ids: Vec<String> = m.ents.keys().cloned().collect();
        for id in ids {
            m.index(&id);
        }
        m
    }

    fn bump(&mut self, k: &str, n: usize) {
        *self.stats.entry(k.to_string()).or_default() += n;
    }

    fn index(&mut self, id: &str) {
        let e = &self.ents[id];
        let names: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| fold(n))
            .collect();
        let (kind, year) = (e.kind.clone(), e.year);
        for f in names {
            if f.is_empty() {
                continue;
            }
            if kind == "film" {
                self.films
                    .entry((f, year))
                    .or_default()
                    .push(id.to_string());
            } else {
                self.by_key
                    .entry((kind.clone(), f))
                    .or_default()
                    .push(id.to_string());
            }
        }
    }

    fn insert(&mut self, e: Entity) -> String {
        let id = e.id.clone();
        self.ents.insert(id.clone(), e);
        self.index(&id);
        id
    }

    /// Marks `id` as also given by `source`, adding `add` to its weight.
    fn touch(&mut self, id: &str, source: &'static str, add: f64) {
        if let Some(e) = self.ents.get_mut(id) {
            e.sources.insert(source);
            e.weight = round2(e.weight + add);
        }
    }

    /// The entity of `kind` named `name` (folded), if any: a generated one first, else the
    /// id of a curated row.
    fn find(&self, kind: &str, name: &str) -> Option<String> {
        let key = (kind.to_string(), fold(name));
        if let Some(ids) = self.by_key.get(&key) {
            return ids.first().cloned();
        }
        self.curated.get(&key).cloned()
    }

    /// A person: merged by folded name ("J.K. Rowling" = "J. K. Rowling"), else added as
    /// `person:<Name>`. Returns the id.
    pub fn person(
        &mut self,
        name: &str,
        source: &'static str,
        add: f64,
        new: f64,
        target: bool,
    ) -> String {
        if let Some(id) = self.find("person", name) {
            if self.ents.contains_key(&id) {
                self.touch(&id, source, add);
                if let Some(t) = self.new_people.get_mut(&id) {
                    *t |= target;
                }
                return id;
            }
            // a curated person that no generated layer had: created under the curated id
            let e = Entity::new(id, name.to_string(), "person", new, source);
            return self.insert(e);
        }
        let id = format!("person:{}", slug(name));
        if self.ents.contains_key(&id) {
            // same id, different fold (cannot happen with slugs of one name; kept safe)
            self.touch(&id, source, add);
            return id;
        }
        self.new_people.insert(id.clone(), target);
        self.insert(Entity::new(id, name.to_string(), "person", new, source))
    }

    /// A titled entity of `kind` (book, tv, org, work) with id prefix `prefix`: merged by
    /// folded name, else added. `disambig` distinguishes a second entity with a taken id.
    #[allow(clippy::too_many_arguments)]
    fn titled(
        &mut self,
        kind: &str,
        prefix: &str,
        name: &str,
        aliases: &[String],
        source: &'static str,
        add: f64,
        new: f64,
        disambig: &str,
    ) -> String {
        for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            if let Some(id) = self.find(kind, n) {
                if self.ents.contains_key(&id) {
                    self.touch(&id, source, add);
                    if let Some(e) = self.ents.get_mut(&id) {
                        e.aliases.extend(aliases.iter().cloned());
                        if fold(&e.name) != fold(name) {
                            e.aliases.push(name.to_string());
                        }
                    }
                    return id;
                }
                let mut e = Entity::new(id, name.to_string(), kind, new, source);
                e.aliases = aliases.to_vec();
                return self.insert(e);
            }
        }
        let mut id = format!("{prefix}:{}", slug(name));
        if self.ents.contains_key(&id) {
            id = format!("{prefix}:{}_({disambig})", slug(name));
        }
        if self.ents.contains_key(&id) {
            self.touch(&id, source, add);
            return id;
        }
        let mut e = Entity::new(id, name.to_string(), kind, new, source);
        e.aliases = aliases.to_vec();
        self.insert(e)
    }

    /// The film titled `title` of `year` (the same year first, then one year either side:
    /// release and award years differ), if any.
    fn find_film(&self, title: &str, year: u32) -> Option<String> {
        let f = fold(title);
        for y in [year, year.saturating_sub(1), year + 1] {
            if let Some(ids) = self.films.get(&(f.clone(), y)) {
                return ids.first().cloned();
            }
        }
        None
    }
}

/// A name list's role for a token: a first name or a surname.
#[derive(Default, Clone, Copy)]
pub struct NameFreq {
    /// Percent of the US 1990 census sample with this first name (female and male lists
    /// averaged); `Some(0.0)` when listed at under 0.0005%.
    pub first: Option<f64>,
    /// Percent of the sample with this surname.
    pub last: Option<f64>,
}

/// The name-token table: folded token -> frequencies; cspell-only tokens have neither.
pub struct Names {
    pub tokens: BTreeMap<String, NameFreq>,
    pub census_first: usize,
    pub census_last: usize,
    pub cspell: usize,
}

impl Names {
    pub fn is_first_name(&self, token: &str) -> bool {
        self.tokens
            .get(&fold(token))
            .is_some_and(|f| f.first.is_some())
    }

    /// `data/names.tsv`.
    pub fn tsv(&self) -> String {
        let mut out = String::with_capacity(2 << 20);
        out.push_str("# namefix name tokens. GENERATED by `cargo run -p xtask --release -- gen-data`: do not edit.\n");
        out.push_str("# Sources: US Census Bureau 1990 name lists (public domain), @cspell/dict-people-names 1.1.16 (MIT). See data/README.md.\n");
        out.push_str("# columns: token (folded: lowercase ASCII)<TAB>first-name percent<TAB>surname percent (empty: not on that census list; a row with both empty is a known name token from cspell only)\n");
        let _ = writeln!(
            out,
            "# tokens: {}; census first names: {}; census surnames: {}; cspell tokens: {}",
            self.tokens.len(),
            self.census_first,
            self.census_last,
            self.cspell
        );
        let f = |v: Option<f64>| {
            v.map(|x| {
                format!("{x:.4}")
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
            })
            .unwrap_or_default()
        };
        for (t, n) in &self.tokens {
            let _ = writeln!(out, "{t}\t{}\t{}", f(n.first), f(n.last));
        }
        out
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// `name  percent  cumulative  rank` lines of a census file.
fn census(path: &Path) -> Result<Vec<(String, f64)>, String> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            continue;
        }
        if f.len() != 4 {
            return Err(format!("{}:{}: expected 4 columns", path.display(), i + 1));
        }
        let pct: f64 = f[1]
            .parse()
            .map_err(|_| format!("{}:{}: bad percent", path.display(), i + 1))?;
        out.push((f[0].to_lowercase(), pct));
    }
    Ok(out)
}

pub fn load_names(sources: &Path) -> Result<Names, String> {
    let dir = sources.join("us-census-names");
    let mut tokens: BTreeMap<String, NameFreq> = BTreeMap::new();
    let female = census(&dir.join("dist.female.first"))?;
    let male = census(&dir.join("dist.male.first"))?;
    let mut first: BTreeMap<String, f64> = BTreeMap::new();
    for (n, p) in female.iter().chain(&male) {
        *first.entry(n.clone()).or_default() += p / 2.0;
    }
    let census_first = first.len();
    for (n, p) in first {
        tokens.entry(fold(&n)).or_default().first = Some(p);
    }
    let last = census(&dir.join("dist.all.last"))?;
    let census_last = last.len();
    for (n, p) in last {
        tokens.entry(fold(&n)).or_default().last = Some(p);
    }
    let text = read(&sources.join("cspell-people-names/people-names.txt"))?;
    let mut cspell = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.contains([' ', '-']) {
            continue;
        }
        let f = fold(t);
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        cspell += 1;
        tokens.entry(f).or_default();
    }
    Ok(Names {
        tokens,
        census_first,
        census_last,
        cspell,
    })
}

/// A music act of a list: a band (kind org, id `band:`) unless it reads as one person's name
/// (two or three words, no "The"/"&"/"and", first word a census first name).
fn is_band(name: &str, names: &Names) -> bool {
    let toks: Vec<&str> = name.split(' ').collect();
    if toks[0] == "The"
        || name.contains(['&', '+', ','])
        || toks.iter().any(|t| *t == "and" || *t == "the")
        || !(2..=3).contains(&toks.len())
    {
        return true;
    }
    !names.is_first_name(toks[0])
}

/// Adds a music act (person or band); `None` when its name is rejected.
fn music_act(
    m: &mut Merge,
    raw: &str,
    names: &Names,
    words: &Words,
    source: &'static str,
) -> Option<String> {
    let name = clean(raw);
    if name.is_empty() || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    // a name the lexicon already has as a person (from casts, lists) is that entity; a band
    // that a cast list gave as a person ("Led Zeppelin" playing themselves) becomes an org
    if let Some(id) = m.find("person", &name) {
        if let Some(e) = m.ents.get_mut(&id) {
            if is_band(&name, names) && !e.curated && e.layer == "person" {
                e.kind = "org".to_string();
                m.bump(
                    "cast persons re-kinded as bands (org) by the Hall of Fame list",
                    1,
                );
            }
            m.touch(&id, source, LIST_WEIGHT);
            return Some(id);
        }
    }
    if is_band(&name, names) {
        let toks = crate::text::word_tokens(&name);
        // a one-word band named by an ordinary word ("Cream", "Queen") is left to curated rows
        if toks.len() == 1 && words.contains(&toks[0]) || risky_title(&name, words) {
            m.bump("music acts dropped (band named by an ordinary word)", 1);
            return None;
        }
        return Some(m.titled(
            "org",
            "band",
            &name,
            &[],
            source,
            LIST_WEIGHT,
            LIST_WEIGHT,
            "band",
        ));
    }
    let p = clean_person(&name, words)?;
    Some(m.person(&p, source, LIST_WEIGHT, LIST_WEIGHT, true))
}

fn json_list<'v>(v: &'v serde_json::Value, key: &str) -> Vec<&'v serde_json::Value> {
    v[key]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn load_json(path: &Path) -> Result<serde_json::Value, String> {
    serde_json::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Merges the second-round sources into `m`.
pub fn merge_all(
    m: &mut Merge,
    sources: &Path,
    words: &Words,
    names: &Names,
    popular: &HashSet<&str>,
) -> Result<(), String> {
    oscars(m, &sources.join("oscars/oscars.tsv"), words, popular)?;
    books(m, &sources.join("goodbooks-10k/books.csv"), words)?;
    corpora(m, &sources.join("corpora-lists"), words, names)?;
    Ok(())
}

fn oscars(
    m: &mut Merge,
    path: &Path,
    words: &Words,
    popular: &HashSet<&str>,
) -> Result<(), String> {
    let text = read(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("{}: no column {name}", path.display()))
    };
    let (c_canon, c_winner) = (col("CanonicalCategory")?, col("Winner")?);
    let (c_year, c_class, c_film, c_fid, c_noms, c_nids) = (
        col("Year")?,
        col("Class")?,
        col("Film")?,
        col("FilmId")?,
        col("Nominees")?,
        col("NomineeIds")?,
    );
    // first pass: films (title, year, number of nomination rows)
    struct Row {
        role: Option<&'static str>,
        films: Vec<(String, String)>,
        people: Vec<(String, String)>,
    }
    let mut rows = Vec::new();
    // per IMDb id: title, year, nomination rows, rows in feature (not short) categories, won
    let mut film_rows: BTreeMap<String, (String, u32, usize, usize, bool)> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        // trailing empty columns are left out in the source: missing columns are empty
        let mut f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(format!("{}:{}: too few columns", path.display(), i + 2));
        }
        f.resize(header.len().max(f.len()), "");
        let year: u32 = f[c_year].get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        let titles: Vec<&str> = f[c_film].split('|').collect();
        let fids: Vec<&str> = f[c_fid].split('|').collect();
        let mut films = Vec::new();
        if titles.len() == fids.len() {
            for (t, id) in titles.iter().zip(&fids) {
                let t = clean(t);
                if id.starts_with("tt") && !t.is_empty() {
                    films.push((id.to_string(), t.clone()));
                    let acc = film_rows
                        .entry(id.to_string())
                        .or_insert((t, year, 0, 0, false));
                    acc.2 += 1;
                    if !f[c_canon].contains("SHORT") {
                        acc.3 += 1;
                        acc.4 |= f[c_winner] == "True";
                    }
                }
            }
        }
        let noms: Vec<&str> = f[c_noms].split('|').collect();
        let nids: Vec<&str> = f[c_nids].split('|').collect();
        let mut people = Vec::new();
        if noms.len() == nids.len() {
            for (n, id) in noms.iter().zip(&nids) {
                if id.starts_with("nm") {
                    people.push((id.to_string(), n.to_string()));
                }
            }
        }
        rows.push(Row {
            role: oscar_role(f[c_class]),
            films,
            people,
        });
    }
    for (tt, (title, year, n, feature, won)) in &film_rows {
        let add = OSCAR_FILM_STEP * (*n).min(OSCAR_FILM_ROWS) as f64;
        if !title.chars().any(char::is_alphabetic) {
            m.bump("oscars films dropped (title without letters)", 1);
            continue;
        }
        let found = m.find_film(title, *year);
        // the wikipedia-movies rule (one listed word, or an article and one); a longer title
        // of ordinary words needs a win, two nominations as a feature film, or to be a
        // popular Wikipedia title too
        let ordinary = risky_title(title, words)
            || ordinary_title(title, words)
                && !(*won || *feature >= 2 || popular.contains(title.to_lowercase().as_str()));
        if found.is_none() && ordinary {
            m.bump("oscars films dropped (title is ordinary English)", 1);
            continue;
        }
        let id = match found {
            Some(id) => {
                m.touch(&id, "oscars", add);
                m.bump(
                    "oscars films merged into a wikipedia-movies film (title and year)",
                    1,
                );
                id
            }
            None => {
                let recency = year.saturating_sub(1960) as f64 / 20.0;
                let mut e = Entity::new(
                    format!("film:{tt}"),
                    title.clone(),
                    "film",
                    round2(2.0 + recency + add),
                    "oscars",
                );
                e.year = *year;
                if common_phrase(title, words) {
                    e.aliases.clear();
                }
                m.bump("oscars films added (id film:<IMDb id>)", 1);
                m.insert(e)
            }
        };
        m.imdb_films.insert(tt.clone(), id);
    }
    // people: one count per nomination row
    let mut noms: BTreeMap<String, (String, usize, bool)> = BTreeMap::new();
    for r in &rows {
        let Some(role) = r.role else { continue };
        for (nm, name) in &r.people {
            let acc = noms.entry(nm.clone()).or_insert((name.clone(), 0, false));
            acc.1 += 1;
            acc.2 |= matches!(role, "cast" | "director");
        }
    }
    let mut person_of: HashMap<String, String> = HashMap::new();
    let mut rejected = 0;
    for (nm, (raw, n, lead)) in &noms {
        let Some(name) = clean_person(raw, words) else {
            rejected += 1;
            continue;
        };
        let w = OSCAR_PERSON_STEP * (*n).min(OSCAR_PERSON_NOMS) as f64;
        let before = m.ents.len();
        let id = m.person(&name, "oscars", w, w, *lead);
        if m.ents.len() > before {
            m.bump("oscars people added", 1);
        } else {
            m.bump(
                "oscars people merged into an existing person (folded name)",
                1,
            );
        }
        person_of.insert(nm.clone(), id);
    }
    m.bump(
        "oscars nominees rejected (not a person's name by the cast rules)",
        rejected,
    );
    for r in &rows {
        let Some(role) = r.role else { continue };
        for (tt, _) in &r.films {
            let Some(film) = m.imdb_films.get(tt).cloned() else {
                continue;
            };
            for (nm, _) in &r.people {
                if let Some(p) = person_of.get(nm) {
                    m.relations.insert((film.clone(), role, p.clone()));
                }
            }
        }
    }
    Ok(())
}

/// A Goodreads title without its series note: "Twilight (Twilight, #1)" -> "Twilight".
fn strip_series(t: &str) -> String {
    let t = clean(t);
    if t.ends_with(')') {
        if let Some(open) = t.rfind(" (") {
            if t[open..].contains('#') {
                return t[..open].to_string();
            }
        }
    }
    t
}

fn book_name_ok(name: &str) -> bool {
    !name.is_empty()
        && is_latin_text(&name.replace(
            |c: char| c.is_ascii_punctuation() || c.is_ascii_digit(),
            " ",
        ))
        && name.chars().count() <= 120
}

fn books(m: &mut Merge, path: &Path, words: &Words) -> Result<(), String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| format!("books.csv: no column {n}"))
    };
    let (c_auth, c_year, c_orig, c_title, c_ratings) = (
        col("authors")?,
        col("original_publication_year")?,
        col("original_title")?,
        col("title")?,
        col("ratings_count")?,
    );
    let mut author_ratings: BTreeMap<String, f64> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let orig = clean(rec.get(c_orig).unwrap_or_default());
        let title = strip_series(rec.get(c_title).unwrap_or_default());
        let (name, alias) = if book_name_ok(&orig) {
            (orig, title)
        } else {
            (title, String::new())
        };
        let ratings: f64 = rec
            .get(c_ratings)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0.0);
        // authors: their fame counts every book's ratings, kept or not
        let mut authors = Vec::new();
        for a in rec.get(c_auth).unwrap_or_default().split(", ") {
            let Some(p) = clean_person(a, words) else {
                m.bump("goodbooks author names rejected (cast rules)", 1);
                continue;
            };
            let pid = m.person(&p, "goodbooks-10k", 0.0, 1.0, false);
            *author_ratings.entry(pid.clone()).or_default() += ratings;
            authors.push(pid);
        }
        if !book_name_ok(&name) {
            m.bump("goodbooks books dropped (title not in Latin script)", 1);
            continue;
        }
        let curated = m.curated.contains_key(&("book".to_string(), fold(&name)));
        let famous = ratings_weight(ratings) >= FAMOUS_BOOK_WEIGHT
            && crate::text::word_tokens(&name).len() >= 3;
        if ordinary_title(&name, words) && !curated && !famous {
            m.bump("goodbooks books dropped (title is ordinary English)", 1);
            continue;
        }
        let year: i64 = rec
            .get(c_year)
            .and_then(|y| y.split('.').next()?.parse().ok())
            .unwrap_or(0);
        let w = ratings_weight(ratings);
        let mut aliases = Vec::new();
        if !alias.is_empty()
            && fold(&alias) != fold(&name)
            && book_name_ok(&alias)
            && !common_phrase(&alias, words)
        {
            aliases.push(alias);
        }
        if common_phrase(&name, words) {
            aliases.clear();
        }
        let before = m.ents.len();
        let id = m.titled(
            "book",
            "book",
            &name,
            &aliases,
            "goodbooks-10k",
            w,
            w,
            &year.max(0).to_string(),
        );
        if let Some(e) = m.ents.get_mut(&id) {
            if e.year == 0 && year > 0 {
                e.year = year as u32;
            }
        }
        m.bump(
            if m.ents.len() > before {
                "goodbooks books added"
            } else {
                "goodbooks books merged (folded title)"
            },
            1,
        );
        for pid in authors {
            m.relations.insert((id.clone(), "author", pid));
        }
    }
    for (pid, r) in author_ratings {
        let w = ratings_weight(r);
        if let Some(e) = m.ents.get_mut(&pid) {
            e.weight = round2(e.weight + w);
        }
        if w >= AUTHOR_TARGET_WEIGHT {
            if let Some(t) = m.new_people.get_mut(&pid) {
                *t = true;
            }
        }
    }
    Ok(())
}

fn corpora(m: &mut Merge, dir: &Path, words: &Words, names: &Names) -> Result<(), String> {
    // US TV series
    let v = load_json(&dir.join("tv_shows.json"))?;
    for s in json_list(&v, "tv_shows") {
        let name = clean(s.as_str().unwrap_or_default());
        if name.is_empty() || !name.chars().any(char::is_alphabetic) {
            m.bump("corpora tv_shows dropped (no letters)", 1);
            continue;
        }
        let curated = m.curated.contains_key(&("tv".to_string(), fold(&name)));
        if ordinary_title(&name, words) && !curated {
            m.bump("corpora tv_shows dropped (title is ordinary English)", 1);
            continue;
        }
        m.titled(
            "tv",
            "tv",
            &name,
            &[],
            "corpora-lists",
            LIST_WEIGHT,
            LIST_WEIGHT,
            "TV_series",
        );
    }
    // films "Title (year)"
    let v = load_json(&dir.join("popular-movies.json"))?;
    for s in json_list(&v, "popular-movies") {
        let s = clean(s.as_str().unwrap_or_default());
        let (title, year) = match s.rfind(" (") {
            Some(i) if s.ends_with(')') => (
                s[..i].to_string(),
                s[i + 2..s.len() - 1].parse().unwrap_or(0),
            ),
            _ => (s.clone(), 0),
        };
        match m.find_film(&title, year) {
            Some(id) => m.touch(&id, "corpora-lists", LIST_WEIGHT),
            None if ordinary_title(&title, words) => {
                m.bump(
                    "corpora popular-movies dropped (title is ordinary English)",
                    1,
                );
            }
            None => {
                let mut e = Entity::new(
                    format!("film:{}_({year})", slug(&title)),
                    title,
                    "film",
                    LIST_WEIGHT,
                    "corpora-lists",
                );
                e.year = year;
                if m.ents.contains_key(&e.id) {
                    continue;
                }
                m.bump("corpora popular-movies added", 1);
                m.insert(e);
            }
        }
    }
    // people lists
    for (file, key) in [
        ("britishActors.json", "britishActors"),
        ("celebrities.json", "celebrities"),
    ] {
        let v = load_json(&dir.join(file))?;
        for s in json_list(&v, key) {
            match clean_person(s.as_str().unwrap_or_default(), words) {
                Some(p) => {
                    m.person(&p, "corpora-lists", LIST_WEIGHT, LIST_WEIGHT, true);
                }
                None => m.bump("corpora people rejected (cast rules)", 1),
            }
        }
    }
    // rappers: every year's list
    let v = load_json(&dir.join("xxl_freshman.json"))?;
    if let Some(o) = v.as_object() {
        for (k, list) in o {
            if k == "description" {
                continue;
            }
            // solo rappers: people, kept only when the name passes the cast rules
            for s in list.as_array().into_iter().flatten() {
                match clean_person(s.as_str().unwrap_or_default(), words) {
                    Some(p) => {
                        m.person(&p, "corpora-lists", LIST_WEIGHT, LIST_WEIGHT, true);
                    }
                    None => m.bump("corpora rappers rejected (cast rules)", 1),
                }
            }
        }
    }
    let v = load_json(&dir.join("rock_hall_of_fame.json"))?;
    for a in json_list(&v, "artists") {
        if music_act(
            m,
            a["name"].as_str().unwrap_or_default(),
            names,
            words,
            "corpora-lists",
        )
        .is_none()
        {
            m.bump("corpora music acts rejected", 1);
        }
    }
    // songs -> artists
    let v = load_json(&dir.join("mtv_day_one.json"))?;
    for s in json_list(&v, "videos") {
        let Some(artist) = music_act(
            m,
            s["artist"].as_str().unwrap_or_default(),
            names,
            words,
            "corpora-lists",
        ) else {
            m.bump("corpora music acts rejected", 1);
            continue;
        };
        let song = clean(s["song"].as_str().unwrap_or_default());
        if song.is_empty() || words.all_common(&song.to_lowercase()) {
            m.bump("corpora songs dropped (ordinary English words only)", 1);
            continue;
        }
        let sid = m.titled(
            "work",
            "song",
            &song,
            &[],
            "corpora-lists",
            LIST_WEIGHT,
            LIST_WEIGHT,
            "song",
        );
        m.relations.insert((sid, "performer", artist));
    }
    // best-selling books -> authors
    let v = load_json(&dir.join("bestsellers.json"))?;
    for b in json_list(&v, "books") {
        let title = clean(b["title"].as_str().unwrap_or_default());
        if !book_name_ok(&title) {
            continue;
        }
        let curated = m.curated.contains_key(&("book".to_string(), fold(&title)));
        if ordinary_title(&title, words) && !curated {
            m.bump("corpora bestsellers dropped (title is ordinary English)", 1);
            continue;
        }
        let id = m.titled(
            "book",
            "book",
            &title,
            &[],
            "corpora-lists",
            LIST_WEIGHT,
            BESTSELLER_WEIGHT,
            "book",
        );
        if let Some(p) = clean_person(b["author"].as_str().unwrap_or_default(), words) {
            let pid = m.person(&p, "corpora-lists", LIST_WEIGHT, LIST_WEIGHT, true);
            m.relations.insert((id, "author", pid));
        }
    }
    Ok(())
}

/// `data/relations.tsv`: the pairs whose two ids are both entities, grouped by subject and
/// relation (objects `|`-separated), sorted.
pub fn relations_tsv(
    relations: &BTreeSet<(String, &'static str, String)>,
    ids: &HashSet<&str>,
) -> (String, usize, BTreeMap<&'static str, usize>) {
    let mut grouped: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    let mut n = 0;
    let mut by_rel: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (s, r, o) in relations {
        if s == o || !ids.contains(s.as_str()) || !ids.contains(o.as_str()) {
            continue;
        }
        grouped.entry((s, r)).or_default().push(o);
        *by_rel.entry(r).or_default() += 1;
        n += 1;
    }
    let mut out = String::with_capacity(8 << 20);
    out.push_str("# namefix relations. GENERATED by `cargo run -p xtask --release -- gen-data`: do not edit.\n");
    out.push_str("# Sources and licenses: data/README.md (wikipedia-movies casts CC BY-SA 4.0, oscars BSD-2-Clause, goodbooks-10k CC BY-SA 4.0, corpora-lists CC0).\n");
    out.push_str("# columns: subject id<TAB>relation<TAB>object ids (|-separated); ids are data/lexicon.tsv ids\n");
    let _ = writeln!(out, "# pairs: {n}");
    for ((s, r), os) in &grouped {
        let _ = writeln!(out, "{s}\t{r}\t{}", os.join("|"));
    }
    (out, n, by_rel)
}
