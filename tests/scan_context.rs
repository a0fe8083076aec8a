//! Running-text behaviour that needs a whole document: entities named earlier win ties,
//! surnames alone are left as written, spans and offsets are exact.

use namefix::{apply, Lexicon, LineIndex, Matcher, ScanOptions};

fn matcher() -> Matcher {
    Matcher::new(
        Lexicon::from_tsv(
            "p:alice\tAlice Oseman\t\tperson\t50\n\
             p:kit\tKit Connor\t\tperson\t50\n\
             p:jan\tJana Kowalski\t\tperson\t10\n\
             p:jon\tJona Kowalski\t\tperson\t10\n\
             tv:hs\tHeartstopper\t\ttv\t100\n",
        )
        .unwrap(),
    )
}

#[test]
fn an_entity_named_earlier_wins_a_tie() {
    let m = matcher();
    // "Jena Kowalski" is one letter from both; alone it is too close to call.
    assert!(m.check("Yesterday Jena Kowalski spoke.").is_empty());
    // Named earlier in the document, Jana wins.
    let text = "Jana Kowalski arrived first. Later, Jena Kowalski spoke.";
    let fixes = m.check(text);
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(fixes[0].replacement(), "Jana Kowalski");
    let text = "Jona Kowalski arrived first. Later, Jena Kowalski spoke.";
    assert_eq!(m.check(text)[0].replacement(), "Jona Kowalski");
}

#[test]
fn surnames_alone_are_left_as_written() {
    let m = matcher();
    let text = "Alice Osseman wrote it. Oseman herself adapted it, and Connor's face says it all.";
    let fixes = m.check(text);
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(fixes[0].original(), "Alice Osseman");
    assert_eq!(
        m.fix(text),
        "Alice Oseman wrote it. Oseman herself adapted it, and Connor's face says it all."
    );
}

#[test]
fn possessives_and_brackets_stay_outside_the_fix() {
    let m = matcher();
    assert_eq!(
        m.fix("(alice oseman) and Alice Osseman's book"),
        "(Alice Oseman) and Alice Oseman's book"
    );
    assert_eq!(m.fix("Alice Osseman’s book"), "Alice Oseman’s book");
}

#[test]
fn ordinary_words_are_not_names() {
    let m = matcher();
    for text in [
        "a heart-stopping finale",
        "the heart stopped",
        "heart",
        "Stop the heart, stopper in hand.",
    ] {
        assert!(m.check(text).is_empty(), "{text:?}: {:?}", m.check(text));
    }
}

#[test]
fn options_filter_kinds_and_ids() {
    let m = matcher();
    let text = "heart stopper stars Kit Conor.";
    assert_eq!(m.check(text).len(), 2);
    let mut opts = ScanOptions::new();
    opts.ignore_kind(namefix::Kind::Tv);
    let fixes = m.check_with(text, &opts);
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].id(), "p:kit");
    let mut opts = ScanOptions::new();
    opts.ignore_id("p:kit");
    assert_eq!(m.check_with(text, &opts)[0].id(), "tv:hs");
}

#[test]
fn utf16_positions_after_emoji_and_cjk() {
    let m = matcher();
    let text = "😀🎉 東京\nThen Alice Osseman spoke.";
    let fixes = m.check(text);
    assert_eq!(fixes.len(), 1);
    let c = &fixes[0];
    assert_eq!(&text[c.span()], "Alice Osseman");
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_col_utf16(text, c.start()), (1, 5));
    // The first line is 4 + 4 + 1 + 3 + 3 bytes but 2 + 2 + 1 + 1 + 1 UTF-16 units.
    assert_eq!(namefix::utf16_offset(text, c.start()), 7 + 1 + 5);
    assert_eq!(namefix::byte_offset_from_utf16(text, 13), c.start());
    assert_eq!(namefix::char_offset(text, c.start()), 5 + 1 + 5);
    assert_eq!(apply(text, &fixes), "😀🎉 東京\nThen Alice Oseman spoke.");
}

#[test]
fn traps_with_the_bundled_lexicon() {
    let m = Matcher::bundled();
    for text in [
        "It was a heart-stopping finale.",
        "They walked to the crown of the hill.",
        "My heart raced.",
        "Good morning, and welcome to the weather.",
        "Breaking bad habits is hard; get out of the way.",
        "Up the hill, it was her big, brave soul.",
        "The Kievan Rus and Montreal are places; Disney+ streams.",
    ] {
        let fixes = m.check(text);
        assert!(
            fixes.is_empty(),
            "{text:?}: {:?}",
            fixes
                .iter()
                .map(|c| (c.original(), c.replacement()))
                .collect::<Vec<_>>()
        );
    }
}
