//! Coverage of the bundled lexicon: 409 well-known entities across kinds (none from the
//! evaluation sets; `tests/data/well_known.tsv`) are found by their exact name and by a
//! realistic garbled form; 194 more (issue 14: TV series, books, authors, musicians and bands,
//! non-US films and series; `tests/data/well_known_more.tsv`) are found at measured shares.
//! Also: real people outside the lexicon stay as written, and the bundled relations and name
//! tokens answer.

use namefix::normalize::fold;
use namefix::Matcher;

fn rows() -> Vec<(String, String, String)> {
    read_rows(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/well_known.tsv"
    ))
}

fn more_rows() -> Vec<(String, String, String)> {
    read_rows(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/well_known_more.tsv"
    ))
}

fn read_rows(path: &str) -> Vec<(String, String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[1].to_string(), c[2].to_string())
        })
        .collect()
}

#[test]
fn every_well_known_entity_is_found_by_its_exact_name() {
    let rows = rows();
    assert!(rows.len() >= 300, "{} rows", rows.len());
    let m = Matcher::bundled();
    let mut kinds = std::collections::BTreeSet::new();
    for (name, _, kind) in &rows {
        let hit = m
            .lookup(name)
            .unwrap_or_else(|| panic!("{name:?} not found by its exact name"));
        assert_eq!(fold(hit.name()), fold(name), "{name:?}");
        kinds.insert(kind.clone());
    }
    assert!(kinds.len() >= 6, "kinds: {kinds:?}");
}

/// Share of garbled forms mapped to the right name: 398 of 409 (0.973) now, with 2 wrong
/// answers ("Hoolu" -> "Huolu", "Grogoo" -> "Grogol", both one letter from the garble);
/// `cargo test --release --test coverage -- --nocapture` lists the misses. The floors catch
/// regressions that the small evaluation lexicons cannot show (a candidate cut that only bites
/// in a 100,000-name lexicon once took this to 392).
#[test]
fn well_known_entities_are_found_by_a_garbled_form() {
    let rows = rows();
    let m = Matcher::bundled();
    let mut missed = Vec::new();
    let mut wrong = 0;
    for (name, garbled, _) in &rows {
        match m.lookup(garbled) {
            Some(hit) if fold(hit.name()) == fold(name) => {}
            other => {
                wrong += usize::from(other.is_some());
                missed.push(format!(
                    "{garbled:?} -> {:?} (want {name:?})",
                    other.map(|h| h.name())
                ))
            }
        }
    }
    let found = rows.len() - missed.len();
    let share = found as f64 / rows.len() as f64;
    eprintln!("garbled forms found: {found}/{} ({share:.3})", rows.len());
    for m in &missed {
        eprintln!("  missed {m}");
    }
    assert!(
        share >= 0.96,
        "only {found}/{} garbled forms found",
        rows.len()
    );
    assert!(wrong <= 3, "{wrong} garbled forms mapped to a wrong name");
}

/// Whether `hit` is the entity called `name` (by its name or one of its aliases).
fn is_named(hit: &namefix::Match<'_>, name: &str) -> bool {
    let want = fold(name);
    fold(hit.name()) == want || hit.entity().aliases().any(|a| fold(a) == want)
}

/// Issue 14's list, and the whole list (both files, 603 entities). Measured on this data
/// (`cargo test --release --test coverage -- --nocapture` prints the shares and every miss):
/// the extension 191/194 exact (0.985) and 184/194 garbled (0.948); the whole list 0.995
/// exact and 0.965 garbled. 49 rows were added to data/curated.tsv with this list for
/// entities no source carries (bands newer than the Hall of Fame list, world-cinema classics
/// never nominated for an Oscar, non-US series, a few authors and books); before them (and
/// before Oscar films of ordinary words could be kept as popular titles) the extension scored
/// 157/194 exact and 150/194 garbled.
#[test]
fn issue_14_entities_are_found_exactly_and_garbled() {
    let more = more_rows();
    assert!(more.len() >= 150, "{} rows", more.len());
    let kinds: std::collections::BTreeSet<&str> = more.iter().map(|r| r.2.as_str()).collect();
    for k in ["tv", "book", "person", "org", "film"] {
        assert!(kinds.contains(k), "no {k} in the list");
    }
    let m = Matcher::bundled();
    let count = |rows: &[(String, String, String)], garbled: bool| -> usize {
        let mut found = 0;
        for (name, g, _) in rows {
            let mention = if garbled { g } else { name };
            match m.lookup(mention) {
                Some(hit) if is_named(&hit, name) => found += 1,
                other => eprintln!(
                    "  missed {}{mention:?} -> {:?} (want {name:?})",
                    if garbled { "garbled " } else { "" },
                    other.map(|h| h.name())
                ),
            }
        }
        found
    };
    let (exact, garbled) = (count(&more, false), count(&more, true));
    let n = more.len() as f64;
    eprintln!(
        "issue 14 list: exact {exact}/{} ({:.3}), garbled {garbled}/{} ({:.3})",
        more.len(),
        exact as f64 / n,
        more.len(),
        garbled as f64 / n
    );
    let old = rows();
    let (old_exact, old_garbled) = (count(&old, false), count(&old, true));
    let total = (old.len() + more.len()) as f64;
    let (all_exact, all_garbled) = (
        (old_exact + exact) as f64 / total,
        (old_garbled + garbled) as f64 / total,
    );
    eprintln!("whole list: exact {all_exact:.3}, garbled {all_garbled:.3}");
    assert!(
        all_exact >= 0.95,
        "whole list exact coverage {all_exact:.3}"
    );
    assert!(
        all_garbled >= 0.90,
        "whole list garbled coverage {all_garbled:.3}"
    );
    assert!(exact as f64 / n >= 0.84, "issue 14 list exact {exact}");
    assert!(
        garbled as f64 / n >= 0.80,
        "issue 14 list garbled {garbled}"
    );
}

/// A real person who is not a correction target stays as written: "Tom Robbins" the novelist
/// is an entity of his own, so neither a lookup nor a scan turns him into Tim Robbins.
#[test]
fn real_people_stay_as_written() {
    let m = Matcher::bundled();
    let hit = m.lookup("Tom Robbins").expect("Tom Robbins is bundled");
    assert_eq!(hit.name(), "Tom Robbins");
    assert_eq!(hit.kind(), namefix::Kind::Person);
    assert!(m
        .check("A novel by Tom Robbins, read by Tim Robbins.")
        .is_empty());
    // a custom lexicon gets the same protection from the open-world layer
    let lex = namefix::Lexicon::from_tsv("p:1\tTim Robbins\t\tperson\t10\n").unwrap();
    let custom = Matcher::new(lex.clone());
    assert!(custom.lookup("Tom Robbins").is_none());
    assert!(custom.check("A novel by Tom Robbins.").is_empty());
    assert_eq!(custom.lookup("Tim Robins").unwrap().name(), "Tim Robbins");
    let closed = Matcher::builder().open_world(false).build(lex);
    assert_eq!(closed.lookup("Tom Robbins").unwrap().name(), "Tim Robbins");
}

#[test]
fn bundled_relations_and_name_tokens_answer() {
    let rel = namefix::Relations::bundled();
    assert!(rel.len() > 100_000);
    assert!(rel.are_related("book:Jitterbug_Perfume", "person:Tom_Robbins"));
    let films: Vec<_> = rel
        .related("person:Keanu_Reeves")
        .filter(|r| r.relation() == "cast" && r.is_subject())
        .map(|r| r.id())
        .collect();
    assert!(films.contains(&"film:The_Matrix"), "{films:?}");
    assert!(namefix::names::first_name_frequency("katharine").is_some());
    assert!(namefix::names::surname_frequency("Colman").is_some());
    assert!(namefix::names::is_known_name("Connor"));
}
