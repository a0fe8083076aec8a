//! Every example of the matcher's contract, against the bundled lexicon (100k+ entities)
//! or, for the rejections that need a name to be absent, the bundled lexicon without it.

use std::sync::LazyLock;

use namefix::{Entity, Kind, Lexicon, MatchKind, Matcher};

/// The bundled lexicon without Emma Roberts, Chris Evans and Jane Austen, who must then be
/// rejected rather than "corrected" into Emma Stone, Chris Pratt or Jane Campion.
static WITHOUT: LazyLock<Matcher> = LazyLock::new(|| {
    let removed = ["Emma Roberts", "Chris Evans", "Jane Austen"];
    let mut b = Lexicon::builder();
    for e in Matcher::bundled_lexicon().entities() {
        if !removed.contains(&e.name()) {
            b.push(e.clone()).unwrap();
        }
    }
    Matcher::new(b.build())
});

#[track_caller]
fn hit(mention: &str, name: &str) -> MatchKind {
    let m = Matcher::bundled()
        .lookup(mention)
        .unwrap_or_else(|| panic!("{mention:?}: no match, expected {name:?}"));
    assert_eq!(m.name(), name, "{mention:?}");
    assert!((0.0..=1.0).contains(&m.score()));
    m.match_kind()
}

#[track_caller]
fn miss(m: &Matcher, mention: &str) {
    if let Some(x) = m.lookup(mention) {
        panic!(
            "{mention:?}: expected no match, got {:?} ({})",
            x.name(),
            x.score()
        );
    }
}

#[test]
fn exact_names_are_exact() {
    assert_eq!(hit("Olivia Colman", "Olivia Colman"), MatchKind::Exact);
    assert_eq!(
        Matcher::bundled().lookup("Olivia Colman").unwrap().score(),
        1.0
    );
}

#[test]
fn case() {
    assert_eq!(hit("joe locke", "Joe Locke"), MatchKind::Normalized);
    assert_eq!(hit("KIT CONNOR", "Kit Connor"), MatchKind::Normalized);
}

#[test]
fn spacing_split_and_merged() {
    assert_eq!(hit("heart stopper", "Heartstopper"), MatchKind::Normalized);
    assert_eq!(
        hit("Strangerthings", "Stranger Things"),
        MatchKind::Normalized
    );
    assert_eq!(hit("Spider Man", "Spider-Man"), MatchKind::Normalized);
}

#[test]
fn hyphens_and_apostrophes() {
    hit("Cormac Hyde Corrin", "Cormac Hyde-Corrin");
    hit("Conan OBrien", "Conan O'Brien");
    hit("Conan O’Brien", "Conan O'Brien");
}

#[test]
fn diacritics() {
    hit("Penelope Cruz", "Penelope Cruz");
    let m = Matcher::bundled().lookup("Penélope Cruz").unwrap();
    assert_eq!(namefix::normalize::fold(m.name()), "penelope cruz");
    let kind = hit("Beyonce", "Beyoncé");
    assert!(
        matches!(kind, MatchKind::Normalized | MatchKind::Alias),
        "{kind:?}"
    );
}

#[test]
fn typos() {
    hit("Heartstoper", "Heartstopper"); // deletion
    hit("Benedict Cumberbatchh", "Benedict Cumberbatch"); // insertion
    hit("Jodie Comar", "Jodie Comer"); // substitution
    hit("Olvia Colman", "Olivia Colman"); // transposition
    hit("The Shawshank Redemtion", "The Shawshank Redemption");
    hit("Benedcit Cumberbach", "Benedict Cumberbatch"); // several in a long name
}

/// A name's own words in another order, as lists and forms write people ("surname, first
/// name"), even when each word is also ordinary English.
#[test]
fn words_in_another_order() {
    hit("Stone Emma", "Emma Stone");
    hit("Jackson Michael", "Michael Jackson");
    hit("Brown James", "James Brown");
    miss(Matcher::bundled(), "Rate Heart");
}

/// Numbers meet in any spelling (digits, words, Roman numerals), and a different number is a
/// different title, never a typo of it.
#[test]
fn numbers_in_any_spelling() {
    hit("Rocky 2", "Rocky II");
    hit("Toy Story Two", "Toy Story 2");
    hit("The Godfather Part 2", "The Godfather Part II");
    hit("Catch Twenty Two", "Catch-22");
    hit("Apollo Thirteen", "Apollo 13");
    hit("Roky 2", "Rocky II");
    miss(Matcher::bundled(), "Toy Story 5");
    miss(Matcher::bundled(), "Rocky 7");
}

/// Words that names write in full or abbreviated meet ("Mount"/"Mt.", "Junior"/"Jr.").
#[test]
fn abbreviations_and_full_words() {
    hit("Ft Worth", "Fort Worth");
    hit("St Lucia", "Saint Lucia");
    hit("Robert Downey Junior", "Robert Downey Jr.");
    hit("Warner Brothers", "Warner Bros.");
    hit("Kramer versus Kramer", "Kramer vs. Kramer");
    hit("Mister Bean", "Mr. Bean");
}

/// Two edits in one word of a longer name: the word reaches no lexicon word within one edit
/// or by sound, so the whole key is searched by its bigrams.
#[test]
fn two_edits_in_one_word_of_a_name() {
    hit("Joseph Schilkrabt", "Joseph Schildkraut");
    hit("John Ratzeberker", "John Ratzenberger");
    hit("Peggy Stratfrj", "Peggy Stratford");
}

#[test]
fn phonetic_misspellings() {
    hit("Olivia Coleman", "Olivia Colman");
    hit("Alice Osseman", "Alice Oseman");
    hit("Kiera Knightly", "Keira Knightley");
    hit("Matthew McConaughy", "Matthew McConaughey");
}

#[test]
fn missing_or_extra_word() {
    hit("Lord of Rings", "The Lord of the Rings");
    hit("The Wolf of the Wall Street", "The Wolf of Wall Street");
}

#[test]
fn aliases_from_the_lexicon() {
    assert_eq!(hit("LOTR", "The Lord of the Rings"), MatchKind::Alias);
    let m = Matcher::bundled().lookup("LOTR").unwrap();
    assert_eq!(m.matched_name(), "LOTR");
}

/// A misspelt surname alone, when one person has that surname and no other surname is as
/// close.
#[test]
fn misspelt_surname_alone() {
    assert_eq!(hit("Kubrik", "Stanley Kubrick"), MatchKind::Partial);
    hit("Osseman", "Alice Oseman");
    miss(Matcher::bundled(), "Simpson"); // a surname of many, one edit from Will Sampson's
}

#[test]
fn surname_alone_when_unique() {
    assert_eq!(hit("Kubrick", "Stanley Kubrick"), MatchKind::Partial);
}

#[test]
fn first_names_disambiguate() {
    hit("Liam Hemsword", "Liam Hemsworth");
    hit("Chris Hemsword", "Chris Hemsworth");
}

#[test]
fn rejects_other_real_names() {
    // They are in the bundled lexicon...
    hit("Emma Roberts", "Emma Roberts");
    // ...and without them, the near neighbours are not offered instead.
    miss(&WITHOUT, "Emma Roberts");
    miss(&WITHOUT, "Chris Evans");
    miss(&WITHOUT, "Jane Austen");
    assert!(WITHOUT.lookup("Emma Stone").is_some());
    assert!(WITHOUT.lookup("Chris Pratt").is_some());
    assert!(WITHOUT.lookup("Jane Campion").is_some());
}

/// A lone word that is itself a word of the lexicon's names is not "corrected" into another
/// word, nor taken for a longer name it is only part of (a first name, a shared title word).
#[test]
fn rejects_lone_words_of_other_names() {
    miss(Matcher::bundled(), "Hilton"); // not the town of Wilton
    miss(Matcher::bundled(), "Christopher"); // not Christopher Lee
    miss(Matcher::bundled(), "Avengers"); // which of them?
    hit("Kubrick", "Stanley Kubrick"); // a surname that identifies one person still does
}

#[test]
fn rejects_ordinary_phrases() {
    for phrase in ["good morning", "heart rate", "the weather"] {
        miss(Matcher::bundled(), phrase);
    }
}

#[test]
fn rejects_ambiguous_fragments() {
    // The bundled lexicon knows many Johnsons.
    miss(Matcher::bundled(), "Johnson");
    // And a small lexicon with several.
    let mut b = Lexicon::builder();
    for (id, name) in [
        ("p:1", "Dwayne Johnson"),
        ("p:2", "Boris Johnson"),
        ("p:3", "Scarlett Johansson"),
        ("p:4", "Rian Johnson"),
        ("p:5", "Stanley Kubrick"),
    ] {
        b.push(
            Entity::new(id, name)
                .with_kind(Kind::Person)
                .with_weight(10.0),
        )
        .unwrap();
    }
    let m = Matcher::new(b.build());
    miss(&m, "Johnson");
    assert_eq!(m.lookup("Kubrick").unwrap().name(), "Stanley Kubrick");
}

#[test]
fn candidates_are_ranked_and_distinct() {
    let c = Matcher::bundled().candidates("Liam Hemsword", 5);
    assert_eq!(c[0].name(), "Liam Hemsworth");
    for w in c.windows(2) {
        assert!(w[0].score() >= w[1].score());
        assert_ne!(w[0].id(), w[1].id());
    }
}

#[test]
fn threshold_is_configurable() {
    let strict = Matcher::builder()
        .threshold(0.999)
        .build(Matcher::bundled_lexicon());
    assert!(strict.lookup("Kiera Knightly").is_none());
    assert!(strict.lookup("Keira Knightley").is_some());
    let loose = Matcher::builder()
        .threshold(0.0)
        .build(Matcher::bundled_lexicon());
    assert!(loose.lookup("Kiera Knightly").is_some());
}

#[test]
fn empty_and_junk_mentions() {
    let m = Matcher::bundled();
    for s in ["", "   ", "!!!", "\u{200d}", "😀😀"] {
        assert!(m.lookup(s).is_none(), "{s:?}");
        assert!(m.candidates(s, 3).is_empty(), "{s:?}");
    }
}
