//! `gen-data`: build data/lexicon.tsv from the shared sources, data/curated.tsv and
//! data/words.tsv. Every rule here is documented in data/README.md; keep the two in step.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::extra;
use crate::lexicon_tsv::{self, KINDS};
use crate::text::{
    clean, fmt_weight, fold, is_latin_text, lower, percent_decode, round2, slug, word_tokens, Words,
};

/// Weight of a country.
const COUNTRY_WEIGHT: f64 = 500.0;
/// Weight of a popular-title entity that matched nothing typed.
const POPULAR_WEIGHT: f64 = 50.0;
/// Added to a typed entity that is also a popular English Wikipedia title.
const POPULAR_BOOST: f64 = 50.0;

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub weight: f64,
    /// Layer the entity came from: curated, country, city, film, person, popular.
    pub layer: &'static str,
    /// Set when a curated row overrode or added it.
    pub curated: bool,
    /// Set when a popular-title row was merged into it.
    pub popular: bool,
    /// Population, for cities (used to pick among same-named cities).
    pub population: u64,
    /// Release or publication year, when the source gives one (films, books).
    pub year: u32,
    /// The sources that contributed to the entity (for the agreement statistics).
    pub sources: BTreeSet<&'static str>,
}

impl Entity {
    pub fn new(id: String, name: String, kind: &str, weight: f64, layer: &'static str) -> Entity {
        let mut sources = BTreeSet::new();
        sources.insert(source_of_layer(layer));
        Entity {
            year: 0,
            sources,
            id,
            name,
            aliases: Vec::new(),
            kind: kind.to_string(),
            weight,
            layer,
            curated: false,
            popular: false,
            population: 0,
        }
    }

    /// Appends the entity to `out` as one lexicon TSV row, newline included.
    pub fn write_row(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            self.id,
            self.name,
            self.aliases.join("|"),
            self.kind,
            fmt_weight(self.weight)
        );
    }
}

/// The source directory (or data file) a layer comes from.
pub fn source_of_layer(layer: &'static str) -> &'static str {
    match layer {
        "country" => "world-countries",
        "city" => "geonames-cities15000",
        "film" | "person" => "wikipedia-movies",
        "popular" => "popular-wikipedia-titles",
        "curated" | "bundled" => "curated",
        other => other,
    }
}

pub struct Generated {
    /// The full text of data/lexicon.tsv.
    pub tsv: String,
    /// Human-readable counts.
    pub report: String,
    pub entities: Vec<Entity>,
    /// The full text of data/relations.tsv.
    pub relations_tsv: String,
    /// The full text of data/names.tsv.
    pub names_tsv: String,
    /// The full text of data/known-people.tsv.
    pub known_tsv: String,
    /// The full text of data/people-keys.txt.
    pub keys_txt: String,
}

/// Parse a lexicon TSV in the project format (used for data/curated.tsv and data/lexicon.tsv).
pub fn parse_tsv(text: &str, origin: &str, layer: &'static str) -> Result<Vec<Entity>, String> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (n, row) in lexicon_tsv::rows(text) {
        let at = || format!("{origin}:{n}");
        let f =
            row.map_err(|len| format!("{}: expected 5 tab-separated fields, got {len}", at()))?;
        if !KINDS.contains(&f.kind) {
            return Err(format!("{}: unknown kind {:?}", at(), f.kind));
        }
        let weight: f64 = f
            .weight
            .parse()
            .map_err(|_| format!("{}: bad weight {:?}", at(), f.weight))?;
        if !(weight.is_finite() && weight > 0.0) {
            return Err(format!("{}: weight must be positive", at()));
        }
        if f.id.is_empty() || f.name.trim().is_empty() {
            return Err(format!("{}: empty id or name", at()));
        }
        if !seen.insert(f.id.to_string()) {
            return Err(format!("{}: duplicate id {}", at(), f.id));
        }
        let mut e = Entity::new(f.id.to_string(), f.name.to_string(), f.kind, weight, layer);
        e.aliases = f.alias_list();
        out.push(e);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// countries

fn load_countries(path: &Path, words: &Words) -> Result<Vec<Entity>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let arr = v.as_array().ok_or("countries.json: expected an array")?;
    let mut out = Vec::new();
    for c in arr {
        let cca3 = c["cca3"].as_str().unwrap_or_default();
        let name = clean(c["name"]["common"].as_str().unwrap_or_default());
        if cca3.is_empty() || name.is_empty() {
            continue;
        }
        let mut cands: Vec<String> = Vec::new();
        if let Some(s) = c["name"]["official"].as_str() {
            cands.push(s.to_string());
        }
        if let Some(m) = c["name"]["native"].as_object() {
            for (_lang, n) in m {
                if let Some(s) = n["common"].as_str() {
                    cands.push(s.to_string());
                }
            }
        }
        if let Some(a) = c["altSpellings"].as_array() {
            for s in a.iter().filter_map(|x| x.as_str()) {
                cands.push(s.to_string());
            }
        }
        let mut e = Entity::new(
            format!("country:{cca3}"),
            name,
            "place",
            COUNTRY_WEIGHT,
            "country",
        );
        for a in cands {
            let a = clean(&a);
            if country_alias_ok(&a, words) {
                e.aliases.push(a);
            }
        }
        tidy_aliases(&mut e);
        e.aliases.truncate(8);
        out.push(e);
    }
    Ok(out)
}

fn country_alias_ok(a: &str, words: &Words) -> bool {
    if a == "UK" {
        return true; // the one well-known two-letter abbreviation kept
    }
    let letters = a.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || a.chars().count() > 60 || !is_latin_text(a) {
        return false;
    }
    let first = a.chars().next().unwrap_or(' ');
    if !first.is_uppercase() {
        return false;
    }
    let toks = word_tokens(a);
    if a.chars().all(|c| !c.is_lowercase()) {
        // all-caps abbreviation of three letters or more (USA, UAE)
        return toks.len() == 1;
    }
    // a single ordinary English word ("Island" for Iceland) is not a usable alias
    !(toks.len() == 1 && words.zipf(&toks[0]).is_some_and(|z| z >= 3.5))
}

// ---------------------------------------------------------------------------------------------
// films and cast

struct FilmAcc {
    /// (year, row number, title)
    titles: Vec<(u32, usize, String)>,
    cast: BTreeSet<String>,
    /// The article title of a real href (underscores as spaces, decoded), for exact matching.
    article: Option<String>,
}

pub struct Movies {
    pub films: Vec<Entity>,
    pub persons: Vec<Entity>,
    /// Lowercased article title of a film's own Wikipedia article -> film id.
    pub film_articles: HashMap<String, String>,
    /// Lowercased given name -> number of distinct cast names starting with it.
    pub given_names: HashMap<String, u32>,
    pub rejected_cast: usize,
    /// Film id -> its cleaned cast names (for the relations table).
    pub casts: Vec<(String, Vec<String>)>,
}

const PARTICLES: [&str; 22] = [
    "de", "del", "della", "der", "den", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
    "van", "von", "y", "bin", "ibn", "ten", "ter", "zu",
];

const NOT_A_PERSON: [&str; 30] = [
    "Band",
    "Orchestra",
    "Brothers",
    "Sisters",
    "Boys",
    "Girls",
    "Kids",
    "Festival",
    "School",
    "Commission",
    "National",
    "Society",
    "Company",
    "Club",
    "Choir",
    "Singers",
    "Quartet",
    "Trio",
    "Family",
    "Comets",
    "Pioneers",
    "Award",
    "Academy",
    "University",
    "Massacre",
    "Olympics",
    "Foundation",
    "Association",
    "Players",
    "Dancers",
];

/// Clean one raw cast entry into a person name, or reject it (`None`). Conservative rules,
/// mirrored in data/README.md.
pub fn clean_person(raw: &str, words: &Words) -> Option<String> {
    let mut s = clean(&raw.replace("[[", "").replace("]]", ""));
    // a trailing disambiguator: "Harry Carter (actor)"
    if s.ends_with(')') {
        if let Some(open) = s.rfind(" (") {
            s.truncate(open);
        }
    }
    // nicknames in quotes or parentheses: Dwayne "The Rock" Johnson, Dave (Tex) O'Brien
    let mut kept = Vec::new();
    let mut skip_until: Option<char> = None;
    for tok in s.split(' ') {
        if let Some(close) = skip_until {
            if tok.ends_with(close) {
                skip_until = None;
            }
            continue;
        }
        let (open, close) = match tok.chars().next() {
            Some('"') => ('"', '"'),
            Some('\'') if tok.len() > 1 && !tok[1..].starts_with(|c: char| c.is_lowercase()) => {
                ('\'', '\'')
            }
            Some('(') => ('(', ')'),
            _ => (' ', ' '),
        };
        if open != ' ' {
            if !(tok.len() > 1 && tok.ends_with(close)) {
                skip_until = Some(close);
            }
            continue;
        }
        kept.push(tok);
    }
    if skip_until.is_some() {
        return None;
    }
    let s = kept
        .join(" ")
        .replace(", Jr.", " Jr.")
        .replace(", Sr.", " Sr.");
    let s = clean(&s);
    if s.is_empty() || s.chars().count() > 40 {
        return None;
    }
    if s.chars()
        .any(|c| c.is_ascii_digit() || "()[]{}?!:;,&/\"=+*#@%$<>|_\t".contains(c))
    {
        return None;
    }
    let toks: Vec<&str> = s.split(' ').collect();
    if toks.len() > 5 {
        return None;
    }
    for (i, t) in toks.iter().enumerate() {
        let first = t.chars().next()?;
        if !first.is_uppercase() {
            let low = t.to_lowercase();
            if i == 0 || i + 1 == toks.len() || !PARTICLES.contains(&low.as_str()) {
                return None;
            }
        }
        if NOT_A_PERSON.contains(t) {
            return None;
        }
    }
    if matches!(toks[0], "The" | "A" | "An") {
        return None;
    }
    if toks.len() == 1 {
        // mononyms: only when not an English word (Cher, Prince, Common, Usher... are refused)
        let low = s.to_lowercase();
        if words.contains(&low) || s.chars().filter(|c| c.is_alphabetic()).count() < 4 {
            return None;
        }
        if s.chars().all(|c| !c.is_lowercase()) {
            return None; // all-caps mononyms (RZA, DMX): acronyms, skipped
        }
    }
    Some(s)
}

fn film_weight(cast: usize, year: u32) -> f64 {
    let recency = (year.saturating_sub(1960)) as f64 / 20.0;
    round2(2.0 + 0.5 * cast.min(8) as f64 + recency)
}

/// A film title that is itself ordinary English: one listed word ("Caught", "Always") or an
/// article plus one listed word ("The Kiss").
pub(crate) fn risky_title(name: &str, words: &Words) -> bool {
    let t = word_tokens(name);
    match t.len() {
        1 => words.contains(&t[0]),
        2 => matches!(t[0].as_str(), "the" | "a" | "an") && words.contains(&t[1]),
        _ => false,
    }
}

/// Ordinary-English names that should carry no aliases (one or two listed words).
pub(crate) fn common_phrase(name: &str, words: &Words) -> bool {
    let t = word_tokens(name);
    (1..=2).contains(&t.len()) && t.iter().all(|w| words.contains(w))
}

/// The rows of a source TSV (a header line, then five tab-separated columns) with their 0-based
/// line indexes, empty lines skipped; a row of another width is an error.
fn source_rows<'a>(
    path: &'a Path,
    text: &'a str,
) -> impl Iterator<Item = Result<(usize, [&'a str; 5]), String>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(n, line)| *n != 0 && !line.is_empty())
        .map(move |(n, line)| {
            let f: Vec<&str> = line.split('\t').collect();
            <[&str; 5]>::try_from(f)
                .map(|f| (n, f))
                .map_err(|_| format!("{}:{}: expected 5 columns", path.display(), n + 1))
        })
}

fn load_movies(path: &Path, words: &Words) -> Result<Movies, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut films: BTreeMap<String, FilmAcc> = BTreeMap::new();
    for row in source_rows(path, &text) {
        let (n, f) = row?;
        let title = clean(f[0]);
        let year: u32 = f[1].trim().parse().unwrap_or(0);
        if title.is_empty() || year == 0 {
            continue;
        }
        let href = percent_decode(f[2].trim());
        let (id, article) = if href.is_empty() || href.contains('#') {
            (format!("film:{}_({year})", slug(&title)), None)
        } else {
            let h = clean(&href.replace('_', " "));
            (format!("film:{}", slug(&h)), Some(h.to_lowercase()))
        };
        let acc = films.entry(id).or_insert_with(|| FilmAcc {
            titles: Vec::new(),
            cast: BTreeSet::new(),
            article,
        });
        acc.titles.push((year, n, title));
        for c in f[4].split('|') {
            if !c.trim().is_empty() {
                acc.cast.insert(c.to_string());
            }
        }
    }
    let mut person_films: BTreeMap<String, u32> = BTreeMap::new();
    let mut rejected = BTreeSet::new();
    let mut cleaned_cache: HashMap<String, Option<String>> = HashMap::new();
    let mut out_films = Vec::new();
    let mut casts = Vec::new();
    let mut film_articles = HashMap::new();
    for (id, acc) in &films {
        let mut names: BTreeSet<String> = BTreeSet::new();
        for raw in &acc.cast {
            let c = cleaned_cache
                .entry(raw.clone())
                .or_insert_with(|| clean_person(raw, words))
                .clone();
            match c {
                Some(p) => {
                    names.insert(p);
                }
                None => {
                    rejected.insert(raw.clone());
                }
            }
        }
        for p in &names {
            *person_films.entry(p.clone()).or_default() += 1;
        }
        let mut titles = acc.titles.clone();
        titles.sort();
        let (year, _, name) = titles[0].clone();
        let mut e = Entity::new(
            id.clone(),
            name,
            "film",
            film_weight(names.len(), year),
            "film",
        );
        for (_, _, t) in &titles[1..] {
            e.aliases.push(t.clone());
        }
        e.year = year;
        casts.push((id.clone(), names.iter().cloned().collect()));
        if let Some(a) = &acc.article {
            film_articles.insert(a.clone(), id.clone());
        }
        out_films.push(e);
    }
    let mut given_names: HashMap<String, u32> = HashMap::new();
    let mut persons = Vec::new();
    for (name, count) in person_films {
        let toks: Vec<&str> = name.split(' ').collect();
        if toks.len() >= 2 {
            *given_names.entry(toks[0].to_lowercase()).or_default() += 1;
        }
        let id = format!("person:{}", slug(&name));
        persons.push(Entity::new(id, name, "person", count as f64, "person"));
    }
    Ok(Movies {
        films: out_films,
        persons,
        film_articles,
        given_names,
        rejected_cast: rejected.len(),
        casts,
    })
}

// ---------------------------------------------------------------------------------------------
// cities

const CITY_PARTICLES: [&str; 24] = [
    "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les", "el",
    "am", "an", "im", "upon", "on", "of", "the", "sur", "en", "y",
];

fn city_alias_ok(a: &str, name_fold: &str) -> bool {
    let n = a.chars().count();
    if !(4..=40).contains(&n) || !is_latin_text(a) {
        return false;
    }
    if !a.starts_with(|c: char| c.is_uppercase()) || fold(a) == name_fold {
        return false;
    }
    for (i, t) in a.split(' ').enumerate() {
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            return false; // codes: ALV, NYC, HCM
        }
        if !t.starts_with(|c: char| c.is_uppercase()) && (i == 0 || !CITY_PARTICLES.contains(&t)) {
            return false; // romanisations and phrases: "an dao er cheng", "Lungsod ng ..."
        }
    }
    true
}

fn load_cities(path: &Path, words: &Words) -> Result<(Vec<Entity>, usize), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    let mut dropped = 0;
    for row in source_rows(path, &text) {
        let (_, f) = row?;
        let name = clean(f[1]);
        let pop: u64 = f[3].trim().parse().unwrap_or(0);
        if name.is_empty() || f[0].trim().is_empty() {
            continue;
        }
        let toks = word_tokens(&name);
        let single_common = toks.len() == 1 && words.zipf(&toks[0]).is_some_and(|z| z >= 3.5);
        if single_common && pop < 100_000 {
            dropped += 1; // small towns named like an ordinary word ("Hope", "Florence" in Alabama)
            continue;
        }
        let weight = round2((pop as f64 / 10_000.0).clamp(1.5, 500.0));
        let mut e = Entity::new(
            format!("city:{}", f[0].trim()),
            name.clone(),
            "place",
            weight,
            "city",
        );
        e.population = pop;
        // aliases: only short forms that are a leading part of the name ("Rostov" for
        // Rostov-on-Don, "Ho Chi Minh" for Ho Chi Minh City, "Goyang" for Goyang-si), for cities
        // of 100,000+ people; exonyms and former names (Bombay, Peking) come from curated rows.
        if pop >= 100_000 && !single_common && !common_phrase(&name, words) {
            let name_fold = fold(&name);
            let name_parts: Vec<String> = name.split([' ', '-']).map(str::to_lowercase).collect();
            let mut seen = HashSet::new();
            for a in f[4].split('|') {
                let a = clean(a);
                if !city_alias_ok(&a, &name_fold) || !seen.insert(a.to_lowercase()) {
                    continue;
                }
                let parts: Vec<String> = a.split([' ', '-']).map(str::to_lowercase).collect();
                let prefix = parts.len() < name_parts.len() && name_parts.starts_with(&parts);
                if prefix && !(parts.len() == 1 && words.contains(&parts[0])) && e.aliases.len() < 2
                {
                    e.aliases.push(a);
                }
            }
        }
        out.push(e);
    }
    Ok((out, dropped))
}

// ---------------------------------------------------------------------------------------------
// popular titles

const DROP_PREFIXES: [&str; 10] = [
    "list of ",
    "lists of ",
    "timeline of ",
    "history of ",
    "outline of ",
    "glossary of ",
    "index of ",
    "comparison of ",
    "bibliography of ",
    "deaths in ",
];
const DROP_SUFFIXES: [&str; 7] = [
    " filmography",
    " discography",
    " bibliography",
    " videography",
    " in popular culture",
    " (disambiguation)",
    " awards and nominations",
];

fn dropped_pattern(t: &str) -> bool {
    DROP_PREFIXES.iter().any(|p| t.starts_with(p)) || DROP_SUFFIXES.iter().any(|s| t.ends_with(s))
}

const SMALL_WORDS: [&str; 35] = [
    "a", "an", "the", "and", "but", "or", "nor", "for", "of", "in", "on", "at", "to", "by", "from",
    "with", "as", "vs", "via", "into", "de", "la", "le", "del", "von", "van", "der", "den", "du",
    "da", "des", "et", "und", "bin", "ibn",
];

/// Vowel-less short tokens that are abbreviations but not acronyms.
const NOT_ACRONYMS: [&str; 15] = [
    "ng", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "ltd", "mt", "ft", "pty", "nth", "hr",
];

/// Endings of single-word scientific concepts (taxa, chemicals, conditions, doctrines).
const CONCEPT_SUFFIXES: [&str; 20] = [
    "ism", "isms", "itis", "osis", "ology", "ologies", "emia", "aemia", "idae", "aceae", "morpha",
    "formes", "opathy", "ectomy", "amine", "azole", "mycin", "cillin", "statin", "ylene",
];

fn is_roman(s: &str) -> bool {
    // II..XXXIX written with x, v, i only (so words like "mix" or "civil" never match)
    let val = |c| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        _ => 0,
    };
    if s.is_empty() || !s.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) {
        return false;
    }
    let chars: Vec<i32> = s.chars().map(val).collect();
    let mut total = 0;
    for i in 0..chars.len() {
        if i + 1 < chars.len() && chars[i] < chars[i + 1] {
            total -= chars[i];
        } else {
            total += chars[i];
        }
    }
    // canonical form only
    let canon = {
        let mut n = total;
        let mut r = String::new();
        for (v, sym) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
            while n >= v {
                r.push_str(sym);
                n -= v;
            }
        }
        r
    };
    (2..=39).contains(&total) && canon == s
}

fn cap_first(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = false;
    for c in s.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Case one hyphen-free part of a lowercased title token.
fn case_part(p: &str, first: bool, dict: &HashMap<String, String>) -> String {
    if p.is_empty() {
        return String::new();
    }
    if let Some(f) = dict.get(p) {
        return f.clone();
    }
    if !first && SMALL_WORDS.contains(&p) {
        return p.to_string();
    }
    if !first && is_roman(p) {
        return p.to_uppercase();
    }
    // vowel-less short tokens are acronyms: "gsc game world", "nhs"
    let n = p.chars().count();
    if (2..=5).contains(&n)
        && p.chars().all(|c| c.is_ascii_lowercase())
        && !p.chars().any(|c| "aeiouy".contains(c))
        && !NOT_ACRONYMS.contains(&p)
    {
        return p.to_uppercase();
    }
    let lead: String = p.chars().take_while(|c| !c.is_alphabetic()).collect();
    let body = &p[lead.len()..];
    let mut cs = body.chars();
    if let (Some(a), Some('\''), Some(b)) = (cs.next(), cs.next(), cs.next()) {
        if matches!(a, 'o' | 'd' | 'l') && b.is_alphabetic() && body.chars().count() > 3 {
            let rest: String = body.chars().skip(3).collect();
            let a = if a == 'o' || first {
                a.to_uppercase().to_string()
            } else {
                a.to_string()
            };
            return format!("{lead}{a}'{}{rest}", b.to_uppercase());
        }
    }
    if body.starts_with("mc")
        && body.chars().count() >= 4
        && body.chars().all(|c| c.is_alphabetic())
    {
        return format!("{lead}Mc{}", cap_first(&body[2..]));
    }
    cap_first(p)
}

/// Title-case a lowercased Wikipedia title by rule (data/README.md, "Casing").
pub fn title_case(t: &str, dict: &HashMap<String, String>) -> String {
    let toks: Vec<&str> = t.split(' ').collect();
    let mut out = Vec::with_capacity(toks.len());
    for (i, tok) in toks.iter().enumerate() {
        if let Some(f) = dict.get(*tok) {
            out.push(f.clone());
            continue;
        }
        let mut s = String::new();
        let mut part = String::new();
        let mut part_no = 0;
        for c in tok.chars() {
            if c == '-' || c == '\u{2013}' || c == '/' {
                // "abu bakr al-baghdadi": a non-initial al-/el- prefix stays lower case
                let keep_lower =
                    (part == "al" || part == "el") && part_no == 0 && i > 0 && c == '-';
                if keep_lower {
                    s.push_str(&part);
                } else {
                    s.push_str(&case_part(&part, i == 0 && part_no == 0, dict));
                }
                s.push(c);
                part.clear();
                part_no += 1;
            } else {
                part.push(c);
            }
        }
        s.push_str(&case_part(&part, i == 0 && part_no == 0, dict));
        out.push(s);
    }
    // the first letter of a title is always upper case
    let joined = out.join(" ");
    if joined.starts_with(|c: char| c.is_lowercase()) && !joined.starts_with("al-") {
        cap_first(&joined)
    } else {
        joined
    }
}

/// Token casing learned from cased sources: for a lowercased token, the form with inner
/// capitals or all capitals (McCollum, DiCaprio, FBI) when it is the majority form.
fn token_case_dict(names: &[&str]) -> HashMap<String, String> {
    let mut counts: HashMap<String, HashMap<String, u32>> = HashMap::new();
    for n in names {
        for tok in n.split(' ') {
            if tok.chars().count() < 2 {
                continue;
            }
            *counts
                .entry(tok.to_lowercase())
                .or_default()
                .entry(tok.to_string())
                .or_default() += 1;
        }
    }
    let mut dict = HashMap::new();
    for (low, forms) in counts {
        if SMALL_WORDS.contains(&low.as_str()) {
            continue;
        }
        let total: u32 = forms.values().sum();
        let mut best: Vec<(&String, &u32)> = forms.iter().collect();
        best.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let (form, n) = best[0];
        let special = form.chars().skip(1).any(|c| c.is_uppercase())
            && form.chars().any(|c| c.is_lowercase())
            || form.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && form.chars().all(|c| !c.is_lowercase());
        if special && *n >= 2 && *n * 2 > total {
            dict.insert(low, form.clone());
        }
    }
    dict
}

// ---------------------------------------------------------------------------------------------
// aliases

/// Trim/NFC every alias, drop empty ones, ones equal to the name (case-insensitively) and
/// case-insensitive duplicates, keeping the first.
pub(crate) fn tidy_aliases(e: &mut Entity) {
    let name_low = e.name.to_lowercase();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for a in e.aliases.drain(..) {
        let a = clean(&a.replace(['|', '\t'], " "));
        let low = a.to_lowercase();
        if a.is_empty() || low == name_low || !seen.insert(low) {
            continue;
        }
        out.push(a);
    }
    e.aliases = out;
}

// ---------------------------------------------------------------------------------------------
// the whole lexicon

pub fn generate(root: &Path, sources: &Path) -> Result<Generated, String> {
    let words = Words::load(&root.join("data/words.tsv"))?;
    let curated_path = root.join("data/curated.tsv");
    let curated_text = std::fs::read_to_string(&curated_path)
        .map_err(|e| format!("{}: {e}", curated_path.display()))?;
    let curated = parse_tsv(&curated_text, "data/curated.tsv", "curated")?;
    let countries = load_countries(&sources.join("world-countries/countries.json"), &words)?;
    let movies = load_movies(&sources.join("wikipedia-movies/movies.tsv"), &words)?;
    let (cities, cities_dropped) =
        load_cities(&sources.join("geonames-cities15000/cities.tsv"), &words)?;
    let titles_path = sources.join("popular-wikipedia-titles/titles.txt");
    let titles_text = std::fs::read_to_string(&titles_path)
        .map_err(|e| format!("{}: {e}", titles_path.display()))?;
    let mut titles: Vec<String> = titles_text
        .lines()
        .map(lower)
        .filter(|t| !t.is_empty())
        .collect();
    titles.sort();
    titles.dedup();
    let title_set: HashSet<&str> = titles.iter().map(String::as_str).collect();
    let curated_ids: HashSet<&str> = curated.iter().map(|e| e.id.as_str()).collect();

    let mut stats: BTreeMap<String, usize> = BTreeMap::new();
    let mut bump = |k: &str, n: usize| *stats.entry(k.to_string()).or_default() += n;

    let mut ents: BTreeMap<String, Entity> = BTreeMap::new();
    bump("source countries", countries.len());
    for e in countries {
        ents.insert(e.id.clone(), e);
    }
    bump("source cities kept", cities.len());
    bump(
        "source cities dropped (small town named like a common word)",
        cities_dropped,
    );
    for e in cities {
        ents.insert(e.id.clone(), e);
    }
    // films: drop the obscure ones titled like ordinary English
    let popular_film_ids: HashSet<&str> = movies
        .film_articles
        .iter()
        .filter(|(a, _)| title_set.contains(a.as_str()))
        .map(|(_, id)| id.as_str())
        .collect();
    let mut films_kept = 0;
    for mut e in movies.films {
        let important =
            popular_film_ids.contains(e.id.as_str()) || curated_ids.contains(e.id.as_str());
        if !e.name.chars().any(char::is_alphabetic) {
            bump(
                "source films dropped (title without letters, e.g. \"21\")",
                1,
            );
            continue;
        }
        if risky_title(&e.name, &words) && !important {
            bump("source films dropped (title is ordinary English)", 1);
            continue;
        }
        if common_phrase(&e.name, &words) {
            e.aliases.clear();
        }
        tidy_aliases(&mut e);
        films_kept += 1;
        ents.insert(e.id.clone(), e);
    }
    bump("source films kept", films_kept);
    bump(
        "source cast entries rejected (distinct raw strings)",
        movies.rejected_cast,
    );
    bump("source persons", movies.persons.len());
    for e in movies.persons {
        ents.insert(e.id.clone(), e);
    }

    // the second-round sources (oscars, goodbooks-10k, corpora-lists), merged by key
    let names = extra::load_names(sources)?;
    let mut merge = extra::Merge::new(&mut ents, &curated);
    for (film, cast) in &movies.casts {
        for p in cast {
            merge
                .relations
                .insert((film.clone(), "cast", format!("person:{}", slug(p))));
        }
    }
    extra::merge_all(&mut merge, sources, &words, &names, &title_set)?;
    let relations = std::mem::take(&mut merge.relations);
    let new_people = std::mem::take(&mut merge.new_people);
    for (k, n) in std::mem::take(&mut merge.stats) {
        bump(&k, n);
    }
    drop(merge);

    // curated: the source of truth; overrides a generated entity with the same id
    let mut overrides = 0;
    for c in curated {
        let c_weight = c.weight;
        match ents.get_mut(&c.id) {
            Some(e) => {
                overrides += 1;
                let mut aliases = c.aliases.clone();
                aliases.append(&mut e.aliases);
                e.name = c.name.clone();
                e.kind = c.kind.clone();
                e.aliases = aliases;
                e.weight = e.weight.max(c_weight);
                e.curated = true;
                e.sources.insert("curated");
            }
            None => {
                let mut e = c;
                e.curated = true;
                ents.insert(e.id.clone(), e);
            }
        }
    }
    bump("curated rows overriding a generated entity", overrides);

    // popular titles: merge into typed entities or add as `other`
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for e in ents.values() {
        by_name
            .entry(lower(&e.name))
            .or_default()
            .push(e.id.clone());
        if e.curated || e.layer == "country" {
            for a in &e.aliases {
                by_name.entry(lower(a)).or_default().push(e.id.clone());
            }
        }
    }
    let rank = |e: &Entity| -> (u8, u64) {
        if e.curated {
            (0, 0)
        } else {
            match e.layer {
                "country" => (1, 0),
                "city" => (3, u64::MAX - e.population),
                "person" => (4, 0),
                _ => (9, 0),
            }
        }
    };
    let cased_names: Vec<String> = ents.values().map(|e| e.name.clone()).collect();
    let mut casing: HashMap<String, String> = HashMap::new();
    for n in &cased_names {
        casing.entry(n.to_lowercase()).or_insert_with(|| n.clone());
    }
    let dict = token_case_dict(&cased_names.iter().map(String::as_str).collect::<Vec<_>>());
    let mut new_wp = Vec::new();
    let mut popular_known: Vec<String> = Vec::new();
    for t in &titles {
        if dropped_pattern(t) || t.chars().count() < 2 {
            bump("popular titles dropped (list/filmography pattern)", 1);
            continue;
        }
        // 1. the same article: a curated or country name/alias, a film's own article, a city, a person
        let mut target: Option<String> = None;
        if let Some(ids) = by_name.get(t) {
            let mut cands: Vec<&Entity> = ids
                .iter()
                .filter_map(|id| ents.get(id))
                .filter(|e| e.kind != "film" || e.curated)
                .collect();
            cands.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.id.cmp(&b.id)));
            if let Some(e) = cands.first() {
                if rank(e).0 < 3 {
                    target = Some(e.id.clone());
                }
            }
            if target.is_none() {
                if let Some(id) = movies.film_articles.get(t) {
                    if ents.contains_key(id) {
                        target = Some(id.clone());
                    }
                }
            }
            if target.is_none() {
                if let Some(e) = cands.first() {
                    target = Some(e.id.clone());
                }
            }
        } else if let Some(id) = movies.film_articles.get(t) {
            if ents.contains_key(id) {
                target = Some(id.clone());
            }
        }
        if let Some(id) = target {
            let e = ents.get_mut(&id).expect("target exists");
            e.sources.insert("popular-wikipedia-titles");
            if !e.popular {
                e.popular = true;
                if !e.curated {
                    e.weight = round2(e.weight + POPULAR_BOOST);
                }
            }
            bump(
                &format!(
                    "popular titles merged into a {} entity",
                    if e.curated { "curated" } else { e.layer }
                ),
                1,
            );
            continue;
        }
        // 2. not a typed entity: keep it only when it is not made of ordinary English words
        if words.all_common(t) && !given_name_title(t, &movies.given_names, &words) {
            bump("popular titles dropped (ordinary English words only)", 1);
            if person_like(t, &names) {
                // a real person's article ("billy graham"): a known person, not a target
                popular_known.push(clean(&title_case(t, &dict)));
            }
            continue;
        }
        if !t.contains(' ') && CONCEPT_SUFFIXES.iter().any(|s| t.ends_with(s)) {
            bump("popular titles dropped (one-word scientific concept)", 1);
            continue;
        }
        let name = match casing.get(t) {
            Some(c) => c.clone(),
            None => title_case(t, &dict),
        };
        let name = clean(&name);
        let mut e = Entity::new(
            format!("wp:{}", slug(&name)),
            name,
            "other",
            POPULAR_WEIGHT,
            "popular",
        );
        e.popular = true;
        new_wp.push(e);
    }
    bump(
        "popular titles kept as new entities (kind other)",
        new_wp.len(),
    );
    for e in new_wp {
        if ents.contains_key(&e.id) {
            bump("popular titles dropped (id collision)", 1);
            continue;
        }
        ents.insert(e.id.clone(), e);
    }

    // people of the new sources that no source makes a correction target and that are not
    // popular titles: known people only (data/known-people.tsv), not lexicon entities
    let mut known_people: BTreeSet<String> = BTreeSet::new();
    for (id, target) in &new_people {
        let keep = *target || ents.get(id).is_some_and(|e| e.popular || e.curated);
        if !keep {
            if let Some(e) = ents.remove(id) {
                known_people.insert(e.name);
            }
        }
    }
    bump(
        "new people kept as known people only (not correction targets)",
        known_people.len(),
    );
    bump(
        "popular titles of ordinary words that read as a person's name, kept as known people",
        popular_known.len(),
    );
    known_people.extend(popular_known);

    // aliases of generated places must not be another place's name nor shared between places
    let mut place_names: HashMap<String, u32> = HashMap::new();
    let mut place_aliases: HashMap<String, u32> = HashMap::new();
    for e in ents.values() {
        if e.kind == "place" {
            *place_names.entry(fold(&e.name)).or_default() += 1;
            for a in &e.aliases {
                *place_aliases.entry(fold(a)).or_default() += 1;
            }
        }
    }
    let mut ambiguous_dropped = 0;
    for e in ents.values_mut() {
        if e.curated {
            tidy_aliases(e);
            continue;
        }
        if e.kind == "place" {
            let before = e.aliases.len();
            e.aliases.retain(|a| {
                let f = fold(a);
                !place_names.contains_key(&f) && place_aliases.get(&f).copied().unwrap_or(0) <= 1
            });
            ambiguous_dropped += before - e.aliases.len();
        }
        tidy_aliases(e);
    }
    bump(
        "place aliases dropped (another place's name, or shared)",
        ambiguous_dropped,
    );

    // final clean-up and output
    let mut out_ents: Vec<Entity> = Vec::with_capacity(ents.len());
    for (_, mut e) in ents {
        e.name = clean(&e.name.replace('\t', " "));
        if e.name.is_empty() {
            continue;
        }
        e.weight = round2(e.weight);
        if e.weight <= 0.0 {
            e.weight = 1.0;
        }
        out_ents.push(e);
    }
    out_ents.sort_by(|a, b| a.id.as_bytes().cmp(b.id.as_bytes()));

    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_layer: BTreeMap<String, usize> = BTreeMap::new();
    for e in &out_ents {
        *by_kind.entry(e.kind.as_str()).or_default() += 1;
        let layer = if e.curated {
            "curated".to_string()
        } else {
            e.layer.to_string()
        };
        *by_layer.entry(layer).or_default() += 1;
    }
    let aliases: usize = out_ents.iter().map(|e| e.aliases.len()).sum();
    let kinds_line = by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let layers_line = by_layer
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");

    let mut tsv = String::with_capacity(8 << 20);
    tsv.push_str("# namefix bundled lexicon. GENERATED by `cargo run -p xtask --release -- gen-data`: do not edit;\n");
    tsv.push_str("# edit data/curated.tsv or xtask/src/gen.rs instead. Sources, licenses, attribution and rules: data/README.md.\n");
    tsv.push_str("# Data: CC BY-SA 4.0 (English Wikipedia, goodbooks-10k), ODbL 1.0 (world-countries), CC BY 4.0 (GeoNames), BSD-2-Clause (oscars), CC0 (corpora-lists).\n");
    tsv.push_str("# columns: id<TAB>name<TAB>aliases (|-separated)<TAB>kind<TAB>weight\n");
    let _ = writeln!(tsv, "# entities: {}; aliases: {aliases}", out_ents.len());
    let _ = writeln!(tsv, "# by kind: {kinds_line}");
    let _ = writeln!(tsv, "# by layer: {layers_line}");
    for e in &out_ents {
        e.write_row(&mut tsv);
    }

    let mut report = String::new();
    let _ = writeln!(report, "entities: {} (aliases: {aliases})", out_ents.len());
    let _ = writeln!(report, "by kind: {kinds_line}");
    let _ = writeln!(report, "by layer (final origin): {layers_line}");
    for (k, n) in &stats {
        let _ = writeln!(report, "  {k}: {n}");
    }
    // relations between final entities; name tokens
    let ids: HashSet<&str> = out_ents.iter().map(|e| e.id.as_str()).collect();
    let (relations_tsv, pairs, by_rel) = extra::relations_tsv(&relations, &ids);
    let _ = writeln!(
        report,
        "relations: {pairs} pairs ({})",
        by_rel
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let names_tsv = names.tsv();
    let mut known_tsv = String::new();
    known_tsv.push_str("# namefix known people: real people's full names that are not correction targets. GENERATED by\n");
    known_tsv.push_str("# `cargo run -p xtask --release -- gen-data`: do not edit. Sources: oscars (BSD-2-Clause), goodbooks-10k (CC BY-SA 4.0),\n# popular-wikipedia-titles (CC BY-SA 4.0), US census name lists (public domain); see data/README.md.\n");
    let _ = writeln!(
        known_tsv,
        "# names: {}",
        known_people.iter().filter(|n| n.contains(' ')).count()
    );
    // one-word names cannot be told from other words: only full names are listed
    for n in known_people.iter().filter(|n| n.contains(' ')) {
        known_tsv.push_str(n);
        known_tsv.push('\n');
    }
    let _ = writeln!(
        report,
        "name tokens: {} (census first names {}, census surnames {}, cspell tokens {})",
        names.tokens.len(),
        names.census_first,
        names.census_last,
        names.cspell
    );
    // the open-world layer's keys: every full name (two words or more) of a bundled person
    // (name or alias) and of a known person, folded by the library itself
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let full_names = out_ents
        .iter()
        .filter(|e| e.kind == "person")
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .chain(known_people.iter());
    for n in full_names {
        if namefix::normalize::fold(n).contains(' ') {
            keys.insert(namefix::normalize::key(n));
        }
    }
    let mut keys_txt = String::new();
    keys_txt.push_str("# namefix open-world keys: the space-free keys (namefix::normalize::key) of every full name of a real person\n");
    keys_txt.push_str("# in data/lexicon.tsv and data/known-people.tsv, sorted bytewise. GENERATED by `cargo run -p xtask --release -- gen-data`.\n");
    let _ = writeln!(keys_txt, "# keys: {}", keys.len());
    for k in &keys {
        keys_txt.push_str(k);
        keys_txt.push('\n');
    }
    let _ = writeln!(report, "open-world keys: {}", keys.len());
    let mut by_source: BTreeMap<&str, usize> = BTreeMap::new();
    let mut agree: BTreeMap<usize, usize> = BTreeMap::new();
    let mut agree_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_kind_source: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in &out_ents {
        for s in &e.sources {
            *by_source.entry(s).or_default() += 1;
            *by_kind_source.entry((e.kind.as_str(), s)).or_default() += 1;
        }
        *agree.entry(e.sources.len()).or_default() += 1;
        if e.sources.len() >= 2 {
            *agree_kind.entry(e.kind.as_str()).or_default() += 1;
        }
    }
    let _ = writeln!(
        report,
        "entities by source (an entity counts once for each source that gave it):"
    );
    for (s, n) in &by_source {
        let _ = writeln!(report, "  {s}: {n}");
    }
    let _ = writeln!(report, "entities by number of sources agreeing: {agree:?}");
    let _ = writeln!(
        report,
        "entities given by 2+ sources, by kind: {agree_kind:?}"
    );
    let _ = writeln!(report, "entities by kind and source:");
    for ((k, s), n) in &by_kind_source {
        let _ = writeln!(report, "  {k}\t{s}\t{n}");
    }
    Ok(Generated {
        tsv,
        report,
        entities: out_ents,
        relations_tsv,
        names_tsv,
        known_tsv,
        keys_txt,
    })
}

/// A 2-3 word title that reads as a person's name: the first word a US census first name, the
/// last a census surname ("billy graham", "francis drake").
fn person_like(t: &str, names: &extra::Names) -> bool {
    let toks: Vec<&str> = t.split(' ').collect();
    (2..=3).contains(&toks.len())
        && toks.iter().all(|w| w.chars().all(char::is_alphabetic))
        && names.tokens.get(toks[0]).is_some_and(|f| f.first.is_some())
        && names
            .tokens
            .get(toks[toks.len() - 1])
            .is_some_and(|f| f.last.is_some())
}

/// A 2-3 token title starting with a given name that is used mostly as a name: kept even when
/// every token is also an English word ("nicola walker"). See data/README.md.
fn given_name_title(t: &str, given: &HashMap<String, u32>, words: &Words) -> bool {
    let toks: Vec<&str> = t.split(' ').collect();
    if !(2..=3).contains(&toks.len()) {
        return false;
    }
    if !toks.iter().all(|w| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
    }) {
        return false;
    }
    let first = toks[0];
    let count = given.get(first).copied().unwrap_or(0);
    if count < 3 {
        return false;
    }
    let zipf = words.zipf(first).unwrap_or(0.0) as f64;
    let ratio = count as f64 / 10f64.powf(zipf - 3.0);
    let last = toks[toks.len() - 1];
    let last_common = words.zipf(last).is_some_and(|z| z >= 4.3) || SMALL_WORDS.contains(&last);
    ratio >= 1.0 && !last_common
}
