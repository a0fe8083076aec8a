//! `gen-eval-lookups`: the two lookup sets of `tests/eval/lookup-people/` (README there).
//!
//! * `first-name-variants.tsv`: bundled people with their first name replaced by a common
//!   variant or misspelling of it, where the resulting full name is no bundled name or alias;
//! * `other-people.tsv`: full names of real people from sources the bundled lexicon does not use
//!   (Goodreads authors, Academy Award nominees, dariusk/corpora people lists) that are no
//!   bundled name or alias today (the evaluation re-checks that at run time).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::text::fold;

/// Groups of first names that are spelling variants of one another (any member for any
/// other), from common English usage.
const VARIANTS: &[&[&str]] = &[
    &[
        "Katharine",
        "Katherine",
        "Catherine",
        "Kathryn",
        "Kathrine",
        "Catharine",
    ],
    &["Kate", "Cate"],
    &["Kathy", "Cathy"],
    &["John", "Jon"],
    &["Jonathan", "Jonathon", "Johnathan"],
    &["Geoffrey", "Jeffrey", "Jeffery"],
    &["Geoff", "Jeff"],
    &["Stephen", "Steven"],
    &["Stephanie", "Stefanie"],
    &["Philip", "Phillip"],
    &["Phil", "Phill"],
    &["Alan", "Allan", "Allen"],
    &["Ann", "Anne"],
    &["Sara", "Sarah"],
    &["Matthew", "Mathew"],
    &["Nicholas", "Nicolas"],
    &["Nicole", "Nichole"],
    &["Eric", "Erik"],
    &["Carl", "Karl"],
    &["Brian", "Bryan"],
    &["Sean", "Shawn", "Shaun"],
    &["Rebecca", "Rebekah"],
    &["Elizabeth", "Elisabeth"],
    &["Isabel", "Isabelle", "Isobel"],
    &["Marc", "Mark"],
    &["Teresa", "Theresa"],
    &["Caroline", "Carolyn"],
    &["Lindsay", "Lindsey"],
    &["Dennis", "Denis"],
    &["Frederick", "Frederic", "Fredrick"],
    &["Megan", "Meghan"],
    &["Zachary", "Zachery"],
    &["Gerald", "Jerald"],
    &["Jerry", "Gerry"],
    &["Kristen", "Kirsten", "Kristin"],
    &["Natalie", "Nathalie"],
    &["Louis", "Lewis"],
    &["Dylan", "Dillon"],
    &["Gary", "Garry"],
    &["Terry", "Terri"],
    &["Vicky", "Vickie"],
    &["Tracy", "Tracey"],
    &["Ashley", "Ashleigh"],
    &["Bobby", "Bobbie"],
    &["Billy", "Billie"],
    &["Johnny", "Johnnie"],
    &["Jimmy", "Jimmie"],
    &["Ronnie", "Ronny"],
    &["Danny", "Dannie"],
    &["Sophia", "Sofia"],
    &["Sylvia", "Silvia"],
    &["Hannah", "Hanna"],
    &["Deborah", "Debra"],
    &["Susan", "Suzanne"],
    &["Jeanne", "Jean"],
    &["Mathias", "Matthias"],
    &["Anthony", "Antony"],
    &["Cristina", "Christina"],
    &["Kristina", "Christina"],
    &["Christopher", "Kristopher"],
    &["Marian", "Marion"],
    &["Gillian", "Jillian"],
    &["Jill", "Gill"],
    &["Claire", "Clare"],
    &["Carly", "Carley"],
    &["Lucy", "Lucie"],
    &["Amy", "Aimee"],
    &["Oliver", "Olivier"],
    &["Henry", "Henri"],
    &["Ralph", "Rafe"],
    &["Raphael", "Rafael"],
    &["Jakob", "Jacob"],
    &["Johan", "Johann"],
    &["Hans", "Hanns"],
];

/// Common misspellings of first names (name, misspelling).
const MISSPELLINGS: &[(&str, &str)] = &[
    ("Michael", "Micheal"),
    ("Rachel", "Rachael"),
    ("Daniel", "Danial"),
    ("Samuel", "Samual"),
    ("Jennifer", "Jenifer"),
    ("Jessica", "Jesica"),
    ("William", "Willam"),
    ("Richard", "Richrad"),
    ("Robert", "Robret"),
    ("Charles", "Charels"),
    ("Thomas", "Tomas"),
    ("Timothy", "Timmothy"),
    ("Margaret", "Margret"),
    ("Patricia", "Patrica"),
    ("Barbara", "Barbra"),
    ("Christopher", "Christoper"),
    ("Catherine", "Cathrine"),
    ("Benjamin", "Benjamen"),
    ("Alexander", "Alexandar"),
    ("Gregory", "Gregroy"),
    ("Harrison", "Harisson"),
    ("Joseph", "Joesph"),
    ("Meryl", "Merryl"),
    ("Emma", "Ema"),
    ("Scarlett", "Scarlet"),
    ("Jennifer", "Jeniffer"),
    ("Keanu", "Kenau"),
    ("Denzel", "Denzil"),
    ("Arnold", "Arnald"),
    ("Sylvester", "Silvester"),
    ("Brigitte", "Bridgette"),
    ("Kirsten", "Kirstin"),
    ("Gwyneth", "Gwenyth"),
    ("Reese", "Reece"),
    ("Anjelica", "Angelica"),
    ("Jennifer", "Jenniffer"),
];

/// A lexicon row: (id, name, aliases, kind).
type Row = (String, String, Vec<String>, String);

/// The lexicon's rows.
fn lexicon(root: &Path) -> Result<Vec<Row>, String> {
    let p = root.join("data/lexicon.tsv");
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                c.get(1).unwrap_or(&"").to_string(),
                c.get(2)
                    .unwrap_or(&"")
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect(),
                c.get(3).unwrap_or(&"").to_string(),
            )
        })
        .collect())
}

/// FNV-1a, to choose deterministically.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A full personal name: 2 to 4 words of letters (with . ' -), the first capitalised.
fn personal(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        })
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words[0].chars().filter(|c| c.is_alphabetic()).count() >= 2
}

pub fn run(root: &Path, sources: &Path) -> Result<(), String> {
    let lex = lexicon(root)?;
    let known: HashSet<String> = lex
        .iter()
        .flat_map(|(_, n, a, _)| std::iter::once(fold(n)).chain(a.iter().map(|a| fold(a))))
        .collect();
    let out_dir = root.join("tests/eval/lookup-people");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;

    // (a) First-name variants.
    let mut subs: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for g in VARIANTS {
        for a in *g {
            for b in *g {
                if a != b {
                    subs.entry(a).or_default().push((b, "variant"));
                }
            }
        }
    }
    for (a, b) in MISSPELLINGS {
        subs.entry(a).or_default().push((b, "misspelling"));
    }
    let mut rows = Vec::new();
    for (id, name, _, kind) in &lex {
        if kind != "person" || !personal(name) {
            continue;
        }
        let (first, rest) = name.split_once(' ').unwrap();
        let Some(options) = subs.get(first) else {
            continue;
        };
        let usable: Vec<&(&str, &str)> = options
            .iter()
            .filter(|(v, _)| !known.contains(&fold(&format!("{v} {rest}"))))
            .collect();
        if usable.is_empty() {
            continue;
        }
        let (v, how) = usable[(hash(id) % usable.len() as u64) as usize];
        rows.push(format!("{v} {rest}\t{id}\t{name}\t{first}\t{v}\t{how}"));
    }
    let all = rows.len();
    // At most 2,000, evenly spread over the lexicon's order.
    let step = all.div_ceil(2000).max(1);
    let rows: Vec<String> = rows.into_iter().step_by(step).collect();
    let header = "# GENERATED by `cargo run -p xtask --release -- gen-eval-lookups`: do not edit; see README.md.\n# mention\tgold id\tgold name\tfirst name\treplaced by\thow\n";
    std::fs::write(
        out_dir.join("first-name-variants.tsv"),
        format!("{header}{}\n", rows.join("\n")),
    )
    .map_err(|e| e.to_string())?;
    eprintln!(
        "first-name-variants.tsv: {} rows (of {all} candidates)",
        rows.len()
    );

    // (b) Real people from other sources.
    let mut people: BTreeMap<String, (String, &str)> = BTreeMap::new();
    let mut add = |name: &str, source: &'static str| {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if personal(&name) && !known.contains(&fold(&name)) {
            people.entry(fold(&name)).or_insert((name, source));
        }
    };
    let books = std::fs::read_to_string(sources.join("goodbooks-10k/books.csv"))
        .map_err(|e| format!("goodbooks-10k/books.csv: {e}"))?;
    for line in books.lines().skip(1) {
        // The authors field is the 8th; quoted when it holds commas.
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        fields.push(cur);
        if let Some(authors) = fields.get(7) {
            for a in authors.split(", ") {
                add(a, "goodbooks-10k");
            }
        }
    }
    let oscars = std::fs::read_to_string(sources.join("oscars/oscars.tsv"))
        .map_err(|e| format!("oscars/oscars.tsv: {e}"))?;
    for line in oscars.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() > 9 && matches!(c[2], "Acting" | "Directing" | "Writing") {
            let names: Vec<&str> = c[8].split('|').collect();
            let ids: Vec<&str> = c[9].split('|').collect();
            for (n, i) in names.iter().zip(&ids) {
                if i.starts_with("nm") {
                    add(n, "oscars");
                }
            }
        }
    }
    for (file, key) in [
        ("britishActors.json", "britishActors"),
        ("celebrities.json", "celebrities"),
    ] {
        let text = std::fs::read_to_string(sources.join("corpora-lists").join(file))
            .map_err(|e| format!("corpora-lists/{file}: {e}"))?;
        let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        for n in v[key].as_array().into_iter().flatten() {
            if let Some(n) = n.as_str() {
                add(n, "corpora-lists");
            }
        }
    }
    let header = "# GENERATED by `cargo run -p xtask --release -- gen-eval-lookups`: do not edit; see README.md.\n# name\tsource\n";
    let body: Vec<String> = people.values().map(|(n, s)| format!("{n}\t{s}")).collect();
    std::fs::write(
        out_dir.join("other-people.tsv"),
        format!("{header}{}\n", body.join("\n")),
    )
    .map_err(|e| e.to_string())?;
    eprintln!("other-people.tsv: {} names", body.len());
    Ok(())
}
