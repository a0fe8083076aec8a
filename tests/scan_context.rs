//! Running-text behaviour that needs a whole document: entities named earlier win ties,
//! surnames alone are left as written, spans and offsets are exact, and a document checked
//! part by part with its context (`DocContext`, `Matcher::check_part`) gets the corrections
//! of the whole text.

use namefix::{
    apply, Correction, DocContext, EntityId, Lexicon, LineIndex, MatchKind, Matcher, Naming,
    PartCheck, ScanOptions,
};
use proptest::prelude::*;

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
fn an_entity_named_in_the_document_wins_beyond_the_tie_margin() {
    let m = Matcher::new(
        Lexicon::from_tsv(
            "e1\tKarolina\t\tplace\t1\n\
             e2\tCarolina\t\tperson\t18\n",
        )
        .unwrap(),
    );
    // Alone, "Karoliina" reads best as the place Karolina (one letter off, against two).
    let alone = m.check("Thank you. Karoliina will take you through the quarter.");
    assert_eq!(alone.len(), 1, "{alone:?}");
    assert_eq!(alone[0].replacement(), "Karolina");
    // In a call that names its CFO Carolina, it is Carolina.
    let text =
        "Joined by our CFO, Carolina. Thank you. Karoliina will take you through the quarter.";
    let fixes = m.check(text);
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(fixes[0].original(), "Karoliina");
    assert_eq!(fixes[0].replacement(), "Carolina");
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

/// A correction as comparable data, with its span shifted by `offset`.
type Fix = (usize, usize, String, String, EntityId, u32, MatchKind);

fn fix_at(c: &Correction<'_>, offset: usize) -> Fix {
    (
        c.start() + offset,
        c.end() + offset,
        c.original().to_string(),
        c.replacement().to_string(),
        c.entity_id(),
        c.score().to_bits(),
        c.match_kind(),
    )
}

/// Checks the parts of a document (offset, text) with the context of the whole: what they
/// name exactly, then what their first-round fixes name; a part is checked again only when
/// its result does not hold in the full context. Also checks each part's dependencies: the
/// context reduced to them gives the same result.
fn check_in_parts(m: &Matcher, parts: &[(usize, &str)], opts: &ScanOptions) -> Vec<Fix> {
    let mut context = DocContext::new();
    for (_, p) in parts {
        context.extend(m.named_in(p).into_iter().map(|id| (id, Naming::Exact)));
    }
    let exact = context.clone();
    let first: Vec<PartCheck<'_>> = parts
        .iter()
        .map(|(_, p)| m.check_part(p, opts, &exact))
        .collect();
    for ((_, p), c) in parts.iter().zip(&first) {
        assert_eq!(c.named(), m.named_in(p), "{p:?}");
        assert!(c.fixed().iter().all(|id| !c.named().contains(id)));
        context.extend(c.fixed().iter().map(|&id| (id, Naming::Fixed)));
    }
    let mut out = Vec::new();
    for ((offset, p), c) in parts.iter().zip(first) {
        let c = if c.holds_in(&context) {
            c
        } else {
            let again = m.check_part(p, opts, &context);
            // The first-round fixes do not depend on the context's second level.
            assert_eq!(again.fixed(), c.fixed(), "{p:?}");
            again
        };
        assert!(c.holds_in(&context));
        let reduced: DocContext = c
            .dependencies()
            .entities()
            .filter_map(|id| context.naming(id).map(|n| (id, n)))
            .collect();
        assert_eq!(
            m.check_part(p, opts, &reduced),
            c,
            "{p:?} under its dependencies"
        );
        out.extend(c.corrections().iter().map(|f| fix_at(f, *offset)));
    }
    out
}

/// The text's lines, each a part (with its line break).
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push((at, line));
        at += line.len();
    }
    out
}

/// The text's paragraphs as an editor would cut them: runs of lines that are not blank,
/// without the line break that ends them.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    let mut open: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some((s, e)) = open.take() {
                out.push((s, &text[s..e]));
            }
        } else {
            let s = open.map_or(at, |(s, _)| s);
            open = Some((s, at + content.len()));
        }
        at += line.len();
    }
    if let Some((s, e)) = open {
        out.push((s, &text[s..e]));
    }
    out
}

fn assert_parts_equal_whole(m: &Matcher, text: &str, opts: &ScanOptions) {
    let whole: Vec<Fix> = m
        .check_with(text, opts)
        .iter()
        .map(|c| fix_at(c, 0))
        .collect();
    assert_eq!(
        check_in_parts(m, &lines(text), opts),
        whole,
        "lines of {text:?}"
    );
    assert_eq!(
        check_in_parts(m, &paragraphs(text), opts),
        whole,
        "paragraphs of {text:?}"
    );
}

#[test]
fn check_with_is_check_part_without_context() {
    let m = matcher();
    let text = "heart stopper is by Alice Osseman.\nJana Kowalski, then Jena Kowalski.";
    let part = m.check_part(text, &ScanOptions::new(), &DocContext::new());
    assert_eq!(part.corrections(), m.check(text).as_slice());
    assert_eq!(part.named().len(), 2, "{part:?}");
    assert!(m.check_part("", &ScanOptions::new(), &DocContext::new()) == PartCheck::default());
}

#[test]
fn a_tie_is_settled_by_a_name_in_another_part() {
    let m = matcher();
    let parts = [
        "Jana Kowalski arrived first.",
        "Later, Jena Kowalski spoke.",
    ];
    let jana = m.lexicon().id_of("p:jan").unwrap();
    let jona = m.lexicon().id_of("p:jon").unwrap();
    let opts = ScanOptions::new();
    let alone = m.check_part(parts[1], &opts, &DocContext::new());
    assert!(alone.corrections().is_empty());
    // The tie asked about both entities; nothing else matters.
    let deps: Vec<EntityId> = alone.dependencies().entities().collect();
    assert_eq!(deps, [jana, jona]);
    let mut context = DocContext::new();
    context.add(jana, Naming::Exact);
    assert!(!alone.holds_in(&context));
    let part = m.check_part(parts[1], &opts, &context);
    assert_eq!(part.corrections()[0].replacement(), "Jana Kowalski");
    // A name fixed elsewhere settles it too, in the second round.
    let mut context = DocContext::new();
    context.add(jona, Naming::Fixed);
    let part = m.check_part(parts[1], &opts, &context);
    assert_eq!(part.corrections()[0].replacement(), "Jona Kowalski");
    assert!(
        part.fixed().is_empty(),
        "the first round saw no context: {part:?}"
    );
    assert_parts_equal_whole(&m, &parts.join("\n\n"), &opts);
    assert_parts_equal_whole(
        &m,
        "Jona Kowalsky came.\r\n\r\nLater, Jena Kowalski spoke.",
        &opts,
    );
}

/// One-word misspellings in several parts (the second level settling ambiguity across parts
/// is checked above, with the Kowalskis): checked in parts, the same as checked whole. The
/// second, two edits away, is not fixed: a fix elsewhere is no evidence for another.
#[test]
fn fuzzy_fixes_in_parts_equal_the_whole() {
    let m = Matcher::new(
        Lexicon::from_tsv("c:1\tManchester\t\tplace\t100\nc:2\tLiverpool\t\tplace\t1\n").unwrap(),
    );
    let text = "We drove to Manchestr in May.\n\nThen we drove to Mannchestr.";
    let fixes = m.check(text);
    // ("Mannchestr", two edits away, is near the decision's threshold: whether it is fixed
    // follows the fitted weights; the parts must agree with the whole either way.)
    assert_eq!(
        (fixes[0].original(), fixes[0].replacement()),
        ("Manchestr", "Manchester"),
        "{fixes:?}"
    );
    assert_parts_equal_whole(&m, text, &ScanOptions::new());
}

#[test]
fn articles_checked_in_parts_equal_the_whole() {
    let m = Matcher::bundled();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let mut texts: Vec<String> = ["golden/heartstopper-bloopers.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap())
        .collect();
    for entry in std::fs::read_dir(format!("{dir}/articles")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    // Wikipedia paragraphs, with the seed article's garbled names mixed in.
    let squad =
        std::fs::read_to_string(format!("{dir}/eval/clean-text/squad-paragraphs.txt")).unwrap();
    let limit = if cfg!(debug_assertions) {
        20_000
    } else {
        200_000
    };
    let mut mixed = String::new();
    for (i, p) in squad.split('\n').enumerate() {
        if mixed.len() > limit {
            break;
        }
        mixed.push_str(p);
        mixed.push_str(
            [
                "\n",
                "\n\n",
                "\r\n",
                "\nOlivia Coleman and Alice Osseman.\n",
            ][i % 4],
        );
    }
    texts.push(mixed);
    assert!(texts.len() >= 6);
    let mut opts = ScanOptions::new();
    opts.threshold(0.8).ignore_kind(namefix::Kind::Place);
    for text in &texts {
        assert_parts_equal_whole(m, text, &ScanOptions::new());
        assert_parts_equal_whole(m, text, &opts);
    }
}

/// Lines of names, garbled names and words that make close calls.
fn document() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Jana Kowalski",
        "Jona Kowalski",
        "Jena Kowalski",
        "Jona Kowalsky",
        "Alice Oseman",
        "Alice Osseman",
        "Oseman",
        "Osemann",
        "heart stopper",
        "Heartstoper",
        "Kit Connor",
        "Kit Conor",
        "Connor's",
        "Liverpool",
        "Liverpol",
        "Manchestr",
        "Mannchestr",
        "Michaela Coel",
        "Michaela Cole",
        "the",
        "said",
        "and",
        "Later,",
        "\u{301}x",
        "é",
        "😀",
    ]);
    let sep = prop::sample::select(vec![" ", " ", ". ", "\n", "\n\n", "\r\n", " \n \n", "-"]);
    prop::collection::vec((word, sep), 0..24)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect::<String>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn documents_checked_in_parts_equal_the_whole(text in document()) {
        assert_parts_equal_whole(&matcher(), &text, &ScanOptions::new());
    }

    #[test]
    fn bundled_documents_checked_in_parts_equal_the_whole(text in document()) {
        assert_parts_equal_whole(Matcher::bundled(), &text, &ScanOptions::new());
    }
}
