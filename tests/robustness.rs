//! Hostile inputs: malformed and adversarial lexicons, oversized names and lines, and inputs
//! built to make the matcher or the scanner do a lot of work. Each test pins what namefix does
//! today; ROBUSTNESS.md lists them by class of input.
//!
//! Tests marked `#[ignore = "BUG: ..."]` assert the behaviour we want and fail today; they are
//! described in ROBUSTNESS.md ("Known problems") and run with `cargo test -- --ignored`.

use namefix::{
    apply, Entity, ErrorKind, Kind, Lexicon, MatchKind, Matcher, MAX_LINE_BYTES, MAX_NAME_BYTES,
};

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;
#[path = "../benches/common/surnames.rs"]
mod surnames;
use surnames::shared_surname_lexicon;

fn tsv_err(text: &str) -> namefix::Error {
    Lexicon::from_tsv(text).expect_err(text)
}

fn jsonl_err(text: &str) -> namefix::Error {
    Lexicon::from_jsonl(text).expect_err(text)
}

// ---------------------------------------------------------------------------------------------
// Malformed lexicons
// ---------------------------------------------------------------------------------------------

#[test]
fn tsv_malformed_lines_are_errors_naming_the_line() {
    let cases: &[(&str, ErrorKind, usize, &str)] = &[
        (
            "a\tA\nno tab here\n",
            ErrorKind::Parse,
            2,
            "expected 2 to 5",
        ),
        (
            "a\tA\tx\tperson\t1\tsixth\n",
            ErrorKind::Parse,
            1,
            "found 6",
        ),
        ("a\tA\t\t\t\t\t\t\n", ErrorKind::Parse, 1, "found 8"),
        (
            "# header\n\n\ta name without id\n",
            ErrorKind::Empty,
            3,
            "empty id",
        ),
        ("a\t\t\tperson\n", ErrorKind::Empty, 1, "empty name"),
        ("a\t \u{3000} \n", ErrorKind::Empty, 1, "empty name"),
        ("a\tA\tx||y\n", ErrorKind::Empty, 1, "empty alias"),
        ("a\tA\t|\n", ErrorKind::Empty, 1, "empty alias"),
        ("a\tA\t\tplanet\n", ErrorKind::Parse, 1, "unknown kind"),
        (
            "a\tA\t\tperson\tmany\n",
            ErrorKind::Parse,
            1,
            "is not a number",
        ),
        (
            "a\tA\t\tperson\t0x10\n",
            ErrorKind::Parse,
            1,
            "is not a number",
        ),
        (
            "a\tA\nb\tB\na\tC\n",
            ErrorKind::DuplicateId,
            3,
            "duplicate id \"a\"",
        ),
        // Ids are trimmed before the duplicate check.
        (
            "a\tA\n  a  \tB\n",
            ErrorKind::DuplicateId,
            2,
            "duplicate id",
        ),
    ];
    for &(text, kind, line, msg) in cases {
        let e = tsv_err(text);
        assert_eq!((e.kind(), e.line()), (kind, Some(line)), "{text:?}: {e}");
        assert!(e.to_string().starts_with(&format!("line {line}: ")), "{e}");
        assert!(e.message().contains(msg), "{text:?}: {e}");
    }
}

#[test]
fn jsonl_malformed_lines_are_errors_naming_the_line() {
    let cases: &[(&str, ErrorKind, usize, &str)] = &[
        (
            "{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"b\"",
            ErrorKind::Parse,
            2,
            "invalid JSON",
        ),
        (
            "{\"id\":\"a\"}",
            ErrorKind::Parse,
            1,
            "missing field `name`",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"extra\":1}",
            ErrorKind::Parse,
            1,
            "unknown field",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\"} {\"id\":\"b\",\"name\":\"B\"}",
            ErrorKind::Parse,
            1,
            "trailing characters",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"aliases\":\"x\"}",
            ErrorKind::Parse,
            1,
            "invalid type",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"weight\":\"5\"}",
            ErrorKind::Parse,
            1,
            "invalid type",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"weight\":NaN}",
            ErrorKind::Parse,
            1,
            "invalid JSON",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"kind\":\"planet\"}",
            ErrorKind::Parse,
            1,
            "unknown kind",
        ),
        (
            "{\"id\":\"\",\"name\":\"A\"}",
            ErrorKind::Empty,
            1,
            "empty id",
        ),
        (
            "{\"id\":\"a\",\"name\":\"  \"}",
            ErrorKind::Empty,
            1,
            "empty name",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\",\"aliases\":[\" \"]}",
            ErrorKind::Empty,
            1,
            "empty alias",
        ),
        (
            "{\"id\":\"a\",\"name\":\"A\"}\n\n{\"id\":\"a\",\"name\":\"B\"}",
            ErrorKind::DuplicateId,
            3,
            "duplicate id",
        ),
        ("\"just a string\"", ErrorKind::Parse, 1, "invalid JSON"),
        ("{\"id\":\"a\",\"name\":\"A\"", ErrorKind::Parse, 1, "EOF"),
    ];
    for &(text, kind, line, msg) in cases {
        let e = jsonl_err(text);
        assert_eq!((e.kind(), e.line()), (kind, Some(line)), "{text:?}: {e}");
        assert!(e.message().contains(msg), "{text:?}: {e}");
    }
}

/// Lenient corners of the JSON Lines format, pinned: `null` optional fields, an empty kind, a
/// record written as a positional array (serde's sequence form of a struct), control characters
/// inside a name.
#[test]
fn jsonl_lenient_forms_are_accepted() {
    let lex = Lexicon::from_jsonl(
        "{\"id\":\"a\",\"name\":\"A\",\"kind\":null,\"weight\":null}\n\
         {\"id\":\"b\",\"name\":\"B\",\"kind\":\"\"}\n\
         [\"c\",\"C\",[\"Cee\"],\"tv\",2]\n\
         {\"id\":\"d\",\"name\":\"D\\tE\\nF\"}\n",
    )
    .unwrap();
    assert_eq!(lex.get("a").unwrap().weight(), 1.0);
    assert_eq!(lex.get("b").unwrap().kind(), Kind::Other);
    let c = lex.get("c").unwrap();
    assert_eq!((c.name(), c.kind(), c.weight()), ("C", Kind::Tv, 2.0));
    assert_eq!(c.aliases().collect::<Vec<_>>(), ["Cee"]);
    assert_eq!(lex.get("d").unwrap().name(), "D\tE\nF");
    // The control characters are separators when matching.
    let m = Matcher::new(lex);
    assert_eq!(m.lookup("d e f").map(|h| h.id()), Some("d"));
}

#[test]
fn weights_out_of_range_are_errors_and_builder_weights_are_clamped() {
    for w in [
        "1e300", "3.5e38", "NaN", "nan", "inf", "-inf", "-1", "-1e-3",
    ] {
        let e = tsv_err(&format!("a\tA\t\tperson\t{w}\n"));
        assert_eq!(
            (e.kind(), e.line()),
            (ErrorKind::Parse, Some(1)),
            "{w}: {e}"
        );
        assert!(
            e.message().contains("not a finite non-negative number"),
            "{w}: {e}"
        );
    }
    for w in ["1e300", "-1", "1.7976931348623157e308"] {
        let e = jsonl_err(&format!("{{\"id\":\"a\",\"name\":\"A\",\"weight\":{w}}}"));
        assert_eq!(e.kind(), ErrorKind::Parse, "{w}: {e}");
    }
    // Accepted: the largest f32, negative zero and underflow (both stored as 0), spaces, "+".
    for (w, expect) in [
        ("3.4e38", 3.4e38f32),
        ("-0", 0.0),
        ("1e-50", 0.0),
        (" 5 ", 5.0),
        ("+5", 5.0),
    ] {
        let lex = Lexicon::from_tsv(&format!("a\tA\t\tperson\t{w}\n")).unwrap();
        assert_eq!(lex.get("a").unwrap().weight(), expect, "{w}");
    }
    // In code, a weight that is not finite and non-negative is stored as 0 (documented).
    for w in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -5.0, -0.0] {
        assert_eq!(Entity::new("a", "A").with_weight(w).weight(), 0.0, "{w}");
    }
    // A huge (but finite) weight does not break scoring: priors stay in [0, 1].
    let lex =
        Lexicon::from_tsv("a\tOlivia Colman\t\tperson\t3.4e38\nb\tOlivia Cole\t\tperson\t0\n")
            .unwrap();
    let m = Matcher::new(lex);
    for q in [
        "Olivia Colman",
        "Olivia Coleman",
        "Olivia Cole",
        "Colman",
        "Olivia",
    ] {
        for c in m.candidates(q, 5) {
            assert!(
                c.score().is_finite() && (0.0..=1.0).contains(&c.score()),
                "{q}: {}",
                c.score()
            );
        }
    }
    assert_eq!(m.lookup("Olivia Coleman").map(|h| h.id()), Some("a"));
}

#[test]
fn builder_rejects_empty_and_duplicate_entities() {
    let mut b = Lexicon::builder();
    b.push(Entity::new("a", "Alpha")).unwrap();
    assert_eq!(
        b.push(Entity::new("a", "Other")).unwrap_err().kind(),
        ErrorKind::DuplicateId
    );
    assert_eq!(
        b.push(Entity::new(" ", "X")).unwrap_err().kind(),
        ErrorKind::Empty
    );
    assert_eq!(
        b.push(Entity::new("b", "\t\n")).unwrap_err().kind(),
        ErrorKind::Empty
    );
    // Errors from pushing in code carry no line.
    assert_eq!(b.push(Entity::new("a", "Other")).unwrap_err().line(), None);
    // Duplicates across two texts added to one builder (the CLI's repeated --lexicon).
    b.add_tsv("c\tCharlie\n").unwrap();
    let e = b.add_tsv("d\tDelta\nc\tCharlie again\n").unwrap_err();
    assert_eq!((e.kind(), e.line()), (ErrorKind::DuplicateId, Some(2)));
    assert_eq!(
        b.build().len(),
        3,
        "a failed text keeps the lines before the error"
    );
}

#[test]
fn large_texts_parsed_in_halves_keep_line_order_and_numbers() {
    // Over a megabyte, add_tsv parses its two halves at once: the result must be what a
    // line-by-line parse gives, errors included.
    let n = 40_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "id:{i}\tName number {i}\talias {i}\tperson\t{}\n",
            i % 7
        ));
    }
    assert!(text.len() > 1 << 20);
    let lex = Lexicon::from_tsv(&text).unwrap();
    assert_eq!(lex.len(), n);
    assert!(lex
        .entities()
        .iter()
        .enumerate()
        .all(|(i, e)| e.id() == format!("id:{i}")));
    // A bad line and a duplicate id in the second half: the error names the line, and the
    // lines before it stay added.
    for (line, bad, kind) in [
        (35_001, "id:x\t\n".to_string(), ErrorKind::Empty),
        (30_001, "id:3\tAgain\n".to_string(), ErrorKind::DuplicateId),
        (5, "just one column\n".to_string(), ErrorKind::Parse),
    ] {
        let mut lines: Vec<String> = text.lines().map(|l| format!("{l}\n")).collect();
        lines.insert(line - 1, bad);
        let mut b = Lexicon::builder();
        let e = b.add_tsv(&lines.concat()).unwrap_err();
        assert_eq!((e.kind(), e.line()), (kind, Some(line)), "{e}");
        assert_eq!(b.build().len(), line - 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Size limits
// ---------------------------------------------------------------------------------------------

#[test]
fn name_and_line_caps() {
    // A name of exactly MAX_NAME_BYTES is accepted, one byte more is TooLarge.
    let ok = "n".repeat(MAX_NAME_BYTES);
    assert!(Lexicon::from_tsv(&format!("a\t{ok}\n")).is_ok());
    let e = tsv_err(&format!("a\t{ok}x\n"));
    assert_eq!((e.kind(), e.line()), (ErrorKind::TooLarge, Some(1)));
    let e = tsv_err(&format!("a\tA\talias|{ok}x\n"));
    assert_eq!(e.kind(), ErrorKind::TooLarge, "aliases are capped too");
    // 100 KB entry: over the line cap in TSV and JSONL, over the name cap in code.
    let huge = "Olivia Colman ".repeat(100 * 1024 / 14);
    let e = tsv_err(&format!("a\tA\n# fine\nb\t{huge}\n"));
    assert_eq!((e.kind(), e.line()), (ErrorKind::TooLarge, Some(3)));
    assert!(
        e.message().contains(&format!("limit {MAX_LINE_BYTES}")),
        "{e}"
    );
    let e = jsonl_err(&format!("{{\"id\":\"b\",\"name\":\"{huge}\"}}"));
    assert_eq!((e.kind(), e.line()), (ErrorKind::TooLarge, Some(1)));
    let e = Lexicon::builder()
        .push(Entity::new("b", huge.clone()))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    assert!(
        e.message().contains(&format!("limit {MAX_NAME_BYTES}")),
        "{e}"
    );
    // A line of exactly MAX_LINE_BYTES (many aliases) is accepted; one byte more is not.
    let mut line = String::from("a\tA\t");
    while line.len() + 1001 <= MAX_LINE_BYTES {
        line.push_str(&"b".repeat(1000));
        line.push('|');
    }
    line.push_str(&"c".repeat(MAX_LINE_BYTES - line.len()));
    assert_eq!(line.len(), MAX_LINE_BYTES);
    let lex = Lexicon::from_tsv(&format!("{line}\r\n")).unwrap();
    assert!(lex.get("a").unwrap().aliases().len() > 60);
    let e = tsv_err(&format!("{line}c\n"));
    assert_eq!(e.kind(), ErrorKind::TooLarge);
    // The line cap is checked before any parsing, so even a huge comment-free line of
    // garbage costs one length check.
    let garbage = "\u{1F600}".repeat(MAX_LINE_BYTES);
    assert_eq!(tsv_err(&garbage).kind(), ErrorKind::TooLarge);
    assert_eq!(jsonl_err(&garbage).kind(), ErrorKind::TooLarge);
}

/// Long names: lookup finds them when written exactly (any length the lexicon accepts), but
/// only mentions within MAX_QUERY_WORDS (12) words and a MAX_KEY_BYTES (96) key are matched
/// fuzzily. Names that fold to nothing can never be returned.
#[test]
fn long_names_are_found_exactly_but_not_fuzzily() {
    let w13: Vec<String> = (0..13)
        .map(|i| format!("Word{}", (b'a' + i) as char))
        .collect();
    let w12 = w13[..12].join(" ");
    let w13 = w13.join(" ");
    let k96 = "Abcdefghijkl".repeat(8);
    let k97 = format!("{k96}x");
    let tsv = format!("w12\t{w12}\nw13\t{w13}\nk96\t{k96}\nk97\t{k97}\nsym\t!!! ???\nemoji\t😀\n");
    let m = Matcher::new(Lexicon::from_tsv(&tsv).unwrap());
    assert_eq!(m.lookup(&w12).map(|h| h.id()), Some("w12"));
    assert_eq!(m.lookup(&k96).map(|h| h.id()), Some("k96"));
    assert_eq!(m.lookup(&w13).map(|h| h.id()), Some("w13"));
    assert_eq!(m.lookup(&k97).map(|h| h.id()), Some("k97"));
    assert_eq!(m.lookup(&w13.to_lowercase()).map(|h| h.id()), Some("w13"));
    // Beyond the caps, a misspelling is not looked for.
    assert!(m.lookup(&w13.replace("Worda", "Wordz")).is_none());
    assert!(m.lookup(&format!("{k96}y")).is_none());
    assert!(m.lookup("!!! ???").is_none(), "folds to nothing");
    assert!(m.lookup("😀").is_none(), "folds to nothing");
    assert!(m.check("!!! ??? 😀").is_empty());
}

/// Fuzzy windows in running text are at most four words: a longer name is recognised when
/// written exactly (exact windows reach MAX_WINDOW, 12 words) but not corrected when
/// misspelt, though lookup finds it. Pinned (documented cap).
#[test]
fn names_longer_than_the_scan_window_are_not_found_in_text() {
    let name = "Doctor Strange in the Multiverse of Madness";
    let m = Matcher::new(Lexicon::from_tsv(&format!("f\t{name}\t\tfilm\t50\n")).unwrap());
    assert_eq!(
        m.lookup("doctor strange in the multiverse of madnes")
            .map(|h| h.id()),
        Some("f")
    );
    assert!(m
        .check("We saw Doctor Strange in the Multiverse of Madnes.")
        .is_empty());
    assert!(m
        .check("We saw doctor strange in the multiverse of madness.")
        .is_empty());
}

// ---------------------------------------------------------------------------------------------
// Names that collide
// ---------------------------------------------------------------------------------------------

/// An alias equal to another entity's canonical name is allowed. The deterministic choice:
/// the canonical-name owner wins (lookup scores a canonical name 1.0 and an alias 0.99, and the
/// scanner prefers a canonical-name variant among equal keys).
#[test]
fn alias_equal_to_another_entitys_name_resolves_to_the_name_owner() {
    let lex = Lexicon::from_tsv(
        "x:1\tFirst Thing\tShared Name\tfilm\t100\n\
         x:2\tShared Name\t\tfilm\t1\n",
    )
    .unwrap();
    let m = Matcher::new(lex);
    let hit = m.lookup("Shared Name").unwrap();
    assert_eq!((hit.id(), hit.match_kind()), ("x:2", MatchKind::Exact));
    let hit = m.lookup("shared name").unwrap();
    assert_eq!((hit.id(), hit.match_kind()), ("x:2", MatchKind::Normalized));
    // Both entities are candidates, the name owner first, even though the alias owner is far
    // more popular.
    let c: Vec<&str> = m
        .candidates("Shared Name", 5)
        .iter()
        .map(|c| c.id())
        .collect();
    assert_eq!(c, ["x:2", "x:1"]);
    // Garbled, the two variants score alike (same key) and popularity decides: the alias
    // owner here, being far more popular.
    assert_eq!(m.lookup("Shared Nme").map(|h| h.id()), Some("x:1"));
    assert_eq!(m.lookup("Shraed Name").map(|h| h.id()), Some("x:1"));
    // In text: written as the name, left alone; garbled, the same answer as the lookup's
    // (popularity settles the tie in both).
    assert!(m.check("I saw Shared Name today.").is_empty());
    let fixes = m.check("I saw Shraed Name today.");
    let fixes: Vec<(&str, &str)> = fixes.iter().map(|c| (c.replacement(), c.id())).collect();
    assert_eq!(fixes, [("Shared Name", "x:1")]);
    // At equal popularity the garbled mention is ambiguous for lookup too.
    let m2 = Matcher::new(
        Lexicon::from_tsv("x:1\tFirst Thing\tShared Name\tfilm\t1\nx:2\tShared Name\t\tfilm\t1\n")
            .unwrap(),
    );
    assert!(m2.lookup("Shraed Name").is_none());
    assert!(m2.check("I saw Shraed Name today.").is_empty());
    // The alias still reaches its owner when it is not another entity's name.
    let m =
        Matcher::new(Lexicon::from_tsv("x:1\tFirst Thing\tOwn Alias\nx:2\tShared Name\n").unwrap());
    assert_eq!(
        m.lookup("Own Alias").map(|h| (h.id(), h.match_kind())),
        Some(("x:1", MatchKind::Alias))
    );
}

/// Two entities with the same canonical name (or names that fold alike): lookup returns the
/// more popular one; at equal weight the one listed first. Not ambiguous (same name).
#[test]
fn identical_names_resolve_by_weight_then_order() {
    let m = Matcher::new(
        Lexicon::from_tsv("x:1\tSame Name\t\tfilm\t1\nx:2\tSame Name\t\tfilm\t5\n").unwrap(),
    );
    assert_eq!(m.lookup("Same Name").map(|h| h.id()), Some("x:2"));
    let m = Matcher::new(
        Lexicon::from_tsv("x:1\tSame Name\t\tfilm\t1\nx:2\tSame Name\t\tfilm\t1\n").unwrap(),
    );
    assert_eq!(m.lookup("Same Name").map(|h| h.id()), Some("x:1"));
    let m = Matcher::new(Lexicon::from_tsv("x:1\tSame Name\nx:2\tsame-name\n").unwrap());
    assert_eq!(
        m.lookup("Same Name").map(|h| (h.id(), h.match_kind())),
        Some(("x:1", MatchKind::Exact))
    );
    assert_eq!(
        m.lookup("same-name").map(|h| (h.id(), h.match_kind())),
        Some(("x:2", MatchKind::Exact))
    );
    assert_eq!(m.lookup("SAME NAME").map(|h| h.id()), Some("x:1"));
}

/// A UTF-8 byte order mark at the start of lexicon text (as some Windows editors write) is
/// ignored; one anywhere else is part of the text.
#[test]
fn byte_order_mark_is_ignored() {
    let lex = Lexicon::from_tsv("\u{FEFF}a\tAlpha\nb\tBeta\n").unwrap();
    assert_eq!(lex.entities()[0].id(), "a");
    assert!(lex.get("a").is_some());
    let lex = Lexicon::from_jsonl("\u{FEFF}{\"id\":\"a\",\"name\":\"A\"}").unwrap();
    assert!(lex.get("a").is_some());
    // Only a leading one: on a later line it stays in the id (it is not whitespace).
    let lex = Lexicon::from_tsv("a\tAlpha\n\u{FEFF}b\tBeta\n").unwrap();
    assert_eq!(lex.entities()[1].id(), "\u{FEFF}b");
}

/// Two entities whose names fold to the same key ("Tom & Jerry", "Tom and Jerry"): text
/// written exactly as one of them must be left alone, and `fix` must be idempotent.
#[test]
fn exact_name_is_not_rewritten_into_a_same_key_name() {
    let m = Matcher::new(
        Lexicon::from_tsv("f:2\tTom & Jerry\t\tfilm\t10\nw:1\tTom and Jerry\t\tother\t50\n")
            .unwrap(),
    );
    assert!(
        m.check("I like Tom and Jerry a lot.").is_empty(),
        "{:?}",
        m.check("I like Tom and Jerry a lot.")
    );
    let once = m.fix("I like Tm and Jerry a lot.");
    assert_eq!(m.fix(&once), once);
}

// ---------------------------------------------------------------------------------------------
// Bounded work: inputs built to make lookup and check do a lot (timed in benches/adversarial.rs)
// ---------------------------------------------------------------------------------------------

#[test]
fn one_megabyte_single_token() {
    let m = common::custom();
    for token in [
        "a".repeat(1 << 20),
        "é".repeat(1 << 19),
        "Olivia".repeat(1 << 17),
    ] {
        assert!(m.check(&token).is_empty());
        assert_eq!(m.fix(&token), token);
        assert!(m.lookup(&token).is_none());
        assert!(m.candidates(&token, 5).is_empty());
    }
    let big = format!("Olivia Coleman {} Olivia Coleman", "x".repeat(1 << 20));
    let fixes = m.check(&big);
    assert_eq!(fixes.len(), 2);
    assert!(fixes.iter().all(|c| c.replacement() == "Olivia Colman"));
}

#[test]
fn repeated_near_matches_are_all_fixed_when_separated() {
    let m = common::custom();
    let n = 2_000;
    for sep in [", ", ". ", " and ", "\n"] {
        let text = format!("Olivia Coleman{sep}").repeat(n);
        let fixes = m.check(&text);
        assert_eq!(fixes.len(), n, "{sep:?}");
        common::assert_spans(&text, &fixes);
        assert!(fixes
            .iter()
            .all(|c| c.original() == "Olivia Coleman" && c.replacement() == "Olivia Colman"));
        assert_eq!(
            apply(&text, &fixes),
            format!("Olivia Colman{sep}").repeat(n)
        );
    }
    // The bundled matcher too, on fewer repetitions (debug builds are slow).
    let text = "Olivia Coleman, ".repeat(200);
    let fixes = Matcher::bundled().check(&text);
    assert_eq!(fixes.len(), 200);
}

/// "Olivia Coleman Olivia Coleman ..." with plain spaces is one long capitalised run: every
/// capitalised word anchors windows, so every mention is fixed, and the work stays linear.
#[test]
fn repeated_near_matches_in_one_capitalised_run() {
    let m = common::custom();
    let text = "Olivia Coleman ".repeat(5_000);
    let fixes = m.check(&text);
    common::assert_spans(&text, &fixes);
    assert_eq!(fixes.len(), 5_000);
    assert_eq!(apply(&text, &fixes), "Olivia Colman ".repeat(5_000));
}

#[test]
fn a_name_following_another_name_is_corrected() {
    let m = Matcher::bundled();
    let fixes = m.check("starring Kit Connor Olivia Coleman and Joe Locke");
    assert_eq!(
        fixes.iter().map(|c| c.replacement()).collect::<Vec<_>>(),
        ["Olivia Colman"]
    );
    let m = common::custom();
    assert_eq!(m.check(&"Olivia Coleman ".repeat(3)).len(), 3);
}

#[test]
fn very_long_mentions_are_refused_quickly() {
    let m = Matcher::bundled();
    let words: String = "Olivia Colman ".repeat(5_000); // 10,000 words
    assert!(m.lookup(&words).is_none());
    assert!(m.candidates(&words, 5).is_empty());
    assert!(m.lookup_exhaustive(&words).is_none());
    // Just under and over MAX_QUERY_WORDS.
    let six = "Olivia Colman ".repeat(6);
    assert!(m.lookup(&six).is_none() || m.lookup(&six).is_some());
    let thirteen = "a ".repeat(13);
    assert!(m.lookup(&thirteen).is_none());
}

#[test]
fn a_thousand_entities_sharing_one_surname() {
    let (lexicon, firsts) = shared_surname_lexicon();
    let m = Matcher::new(lexicon);
    for (i, f) in firsts.iter().enumerate().step_by(7) {
        let hit = m.lookup(&format!("{f} Smith")).unwrap();
        assert_eq!(hit.id(), format!("p:{i}"));
        // A garbled surname still reaches the right person (the first name is exact).
        if let Some(hit) = m.lookup(&format!("{f} Smiht")) {
            assert_eq!(hit.id(), format!("p:{i}"));
        }
    }
    // The surname alone is shared by 1,000 people of equal weight: no answer.
    assert!(m.lookup("Smith").is_none());
    let text = firsts
        .iter()
        .take(300)
        .map(|f| format!("{f} Smith"))
        .collect::<Vec<_>>()
        .join(", ");
    let fixes = m.check(&text);
    assert!(
        fixes.is_empty(),
        "every name is written right: {:?}",
        &fixes[..fixes.len().min(3)]
    );
    let text = "Smith met Smith and Smiht. ".repeat(200);
    common::assert_spans(&text, &m.check(&text));
}

#[test]
fn pathological_characters_in_bulk() {
    let m = common::custom();
    let inputs = [
        "&".repeat(50_000),
        "& ".repeat(50_000),
        "-".repeat(100_000),
        ". ".repeat(50_000),
        "'s ".repeat(30_000),
        "\n".repeat(100_000),
        format!("e{}", "\u{301}".repeat(50_000)),
        "\u{301}".repeat(50_000),
        "👨\u{200D}👩\u{200D}👧 ".repeat(10_000),
        "\u{200D}".repeat(50_000),
        "\u{202E}Olivia Coleman\u{202C} ".repeat(1_000),
        "ﷺ".repeat(20_000),
        "Ⅻ".repeat(20_000),
        "İ".repeat(50_000),
        "\u{0}".repeat(50_000),
        "A. ".repeat(30_000),
        "J.J. Abrams ".repeat(5_000),
        "Heart-Stopper-".repeat(5_000),
    ];
    for t in &inputs {
        let (fixes, fixed) = common::check_corrections_with(m, t);
        common::assert_spans(t, &fixes);
        let _ = m.lookup(t);
        assert_eq!(m.fix(t), fixed);
    }
}

/// An alias that folds like the canonical name ("JJ Abrams" for "J.J. Abrams"): written as
/// the alias, the text is left alone; a fuzzy fix writes the alias it matched, and fixing
/// again changes nothing.
#[test]
fn alias_with_the_names_key() {
    let m = Matcher::new(Lexicon::from_tsv("p:jj\tJ.J. Abrams\tJJ Abrams\tperson\t20\n").unwrap());
    assert_eq!(m.fix("Directed by JJ Abrams."), "Directed by JJ Abrams.");
    assert_eq!(
        m.fix("Directed by J.J. Abrams."),
        "Directed by J.J. Abrams."
    );
    let once = m.fix("Directed by JJ Abramz.");
    assert_eq!(once, "Directed by JJ Abrams.");
    assert_eq!(m.fix(&once), once);
}

/// Names fixed fuzzily join the document context before the scanner looks again, so a fix
/// made in one pass does not enable another in the next: one pass fixes both, and `fix` is
/// idempotent.
#[test]
fn document_context_includes_fuzzy_fixes() {
    let m = Matcher::bundled();
    let once = m.fix("Olivia Coelman won, and Olivia Colema lost.");
    assert_eq!(once, "Olivia Colman won, and Olivia Colman lost.");
    assert_eq!(m.fix(&once), once);
}
