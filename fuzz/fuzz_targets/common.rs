//! Invariants shared by the fuzz targets and the regression tests that replay their inputs
//! (`tests/fuzz_regressions.rs`, `tests/properties.rs` include this file with `#[path]`).
#![allow(dead_code, unreachable_pub)]

use std::sync::OnceLock;

use namefix::{apply, Correction, Lexicon, Matcher};

/// A small fixed lexicon with the shapes that stress the scanner: multi-word names, hyphens,
/// diacritics, punctuation, digits, non-Latin scripts, an alias that is another entity's
/// name, two people sharing a surname, and an entity whose name folds to nothing but digits.
pub const CUSTOM_TSV: &str = "\
tv:heartstopper\tHeartstopper\t\ttv\t100
person:olivia-colman\tOlivia Colman\t\tperson\t80
person:emma-stone\tEmma Stone\t\tperson\t80
tv:happy-valley\tHappy Valley\t\ttv\t80
person:alice-oseman\tAlice Oseman\t\tperson\t50
person:joe-locke\tJoe Locke\t\tperson\t10
person:kit-connor\tKit Connor\t\tperson\t10
person:cormac-hyde-corrin\tCormac Hyde-Corrin\t\tperson\t5
person:chris-hemsworth\tChris Hemsworth\t\tperson\t60
person:liam-hemsworth\tLiam Hemsworth\t\tperson\t40
person:zoe-kravitz\tZoë Kravitz\t\tperson\t30
person:beyonce\tBeyoncé\tBeyonce Knowles\tperson\t90
person:jj-abrams\tJ.J. Abrams\tJJ Abrams\tperson\t20
org:acdc\tAC/DC\t\twork\t20
film:lotr\tThe Lord of the Rings\tLOTR|Lord of the Rings\tfilm\t70
film:lord-of-rings-1978\tLord of the Rings\t\tfilm\t5
place:tokyo\tTokyo\t東京\tplace\t90
place:cairo\tCairo\tالقاهرة\tplace\t60
person:conan-obrien\tConan O'Brien\t\tperson\t30
org:a24\tA24\t\torg\t20
film:-30-\t-30-\t\tfilm\t1
work:tom-and-jerry\tTom & Jerry\t\twork\t30
person:guðmundsdóttir\tBjörk Guðmundsdóttir\tBjörk\tperson\t40
";

/// The matcher over [`CUSTOM_TSV`], built once.
pub fn custom() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| Matcher::new(Lexicon::from_tsv(CUSTOM_TSV).expect("CUSTOM_TSV parses")))
}

/// Checks the output of `check` on `text`: spans in bounds and on char boundaries, sorted,
/// non-overlapping and non-empty, `original` equal to the span, the bytes outside the spans
/// preserved by `apply`, and `apply(text, check(text)) == fix(text)`.
pub fn check_corrections(m: &Matcher, text: &str) -> String {
    check_corrections_with(m, text).1
}

/// [`check_corrections`], also returning the corrections.
pub fn check_corrections_with<'m>(m: &'m Matcher, text: &str) -> (Vec<Correction<'m>>, String) {
    let cs = m.check(text);
    assert_spans(text, &cs);
    let fixed = apply(text, &cs);
    // Rebuild the output by hand: every byte outside a span is kept, in order.
    let mut expect = String::new();
    let mut pos = 0;
    for c in &cs {
        expect.push_str(&text[pos..c.start()]);
        expect.push_str(c.replacement());
        pos = c.end();
    }
    expect.push_str(&text[pos..]);
    assert_eq!(fixed, expect, "apply kept the bytes outside the spans");
    assert_eq!(m.fix(text), fixed, "fix(text) == apply(text, check(text))");
    (cs, fixed)
}

/// The span invariants of a list of corrections of `text`.
pub fn assert_spans(text: &str, cs: &[Correction<'_>]) {
    let mut prev_end = 0;
    for c in cs {
        assert!(c.start() < c.end(), "empty span {:?} in {text:?}", c.span());
        assert!(
            c.end() <= text.len(),
            "span {:?} past the end ({}) of {text:?}",
            c.span(),
            text.len()
        );
        assert!(
            text.is_char_boundary(c.start()) && text.is_char_boundary(c.end()),
            "span {:?} off a char boundary in {text:?}",
            c.span()
        );
        assert!(
            c.start() >= prev_end,
            "spans unsorted or overlapping in {text:?}: {cs:?}"
        );
        assert_eq!(
            &text[c.span()],
            c.original(),
            "original differs from the span"
        );
        assert_eq!(c.span(), c.start()..c.end());
        assert!(!c.replacement().is_empty(), "empty replacement in {text:?}");
        assert!(
            c.score().is_finite() && (0.0..=1.0).contains(&c.score()),
            "score {} out of [0,1]",
            c.score()
        );
        prev_end = c.end();
    }
}

/// Lookup, candidates and check over one string, asserting the invariants.
pub fn exercise_matcher(m: &Matcher, text: &str) {
    if let Some(hit) = m.lookup(text) {
        assert!(
            hit.score().is_finite() && (0.0..=1.0).contains(&hit.score()),
            "lookup score"
        );
        assert!(
            hit.score() >= m.threshold(),
            "lookup answered below its threshold"
        );
        // The matched name is the entity's name or one of its aliases.
        let e = hit.entity();
        assert!(
            hit.matched_name() == e.name() || e.aliases().any(|a| a == hit.matched_name()),
            "matched_name not a name of the entity"
        );
    }
    let cands = m.candidates(text, 5);
    assert!(cands.len() <= 5);
    for w in cands.windows(2) {
        assert!(w[0].score() >= w[1].score(), "candidates not best first");
    }
    let mut ids: Vec<_> = cands.iter().map(|c| c.entity_id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), cands.len(), "an entity twice among candidates");
    check_corrections(m, text);
}

/// After a lexicon parsed successfully: every entity's names look up without panicking,
/// canonical names found by their exact text, and the names run together as text scan cleanly.
pub fn exercise_lexicon(lex: Lexicon) {
    // Keep fuzz iterations cheap: the limits are exercised elsewhere.
    if lex.len() > 64 {
        return;
    }
    for e in lex.entities() {
        assert!(!e.id().trim().is_empty() && !e.name().trim().is_empty());
        assert!(e.name().len() <= namefix::MAX_NAME_BYTES);
        assert!(e.weight().is_finite() && e.weight() >= 0.0);
    }
    let names: Vec<String> = lex
        .entities()
        .iter()
        .flat_map(|e| std::iter::once(e.name().to_string()).chain(e.aliases().map(str::to_string)))
        .collect();
    let m = Matcher::new(lex);
    for n in &names {
        let _ = m.lookup(n);
        let _ = m.candidates(n, 3);
    }
    let text = names.join(", ");
    check_corrections(&m, &text);
}

/// Text from fuzz bytes: valid UTF-8 as is, otherwise lossily converted.
pub fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The body of the `lexicon_tsv` target.
pub fn run_lexicon_tsv(data: &[u8]) {
    let text = text_of(data);
    match Lexicon::from_tsv(&text) {
        Ok(lex) => exercise_lexicon(lex),
        Err(e) => assert_error_line(&text, &e),
    }
}

/// The body of the `lexicon_jsonl` target.
pub fn run_lexicon_jsonl(data: &[u8]) {
    let text = text_of(data);
    match Lexicon::from_jsonl(&text) {
        Ok(lex) => exercise_lexicon(lex),
        Err(e) => assert_error_line(&text, &e),
    }
}

/// Every parse error of lexicon text names its line, within the text.
fn assert_error_line(text: &str, e: &namefix::Error) {
    let line = e.line().expect("lexicon text errors name a line");
    assert!(
        line >= 1 && line <= text.lines().count().max(1),
        "line {line} out of range: {e}"
    );
    assert!(e.to_string().starts_with(&format!("line {line}: ")), "{e}");
}

/// The body of the `lookup` target.
pub fn run_lookup(data: &[u8]) {
    let text = text_of(data);
    for m in [Matcher::bundled(), custom()] {
        if let Some(hit) = m.lookup(&text) {
            assert!(hit.score() >= m.threshold() && hit.score() <= 1.0);
            let e = hit.entity();
            assert!(hit.matched_name() == e.name() || e.aliases().any(|a| a == hit.matched_name()));
        }
        let c = m.candidates(&text, 8);
        assert!(c.len() <= 8);
    }
    // The exhaustive scorer is linear in the lexicon: only the small one.
    let _ = custom().lookup_exhaustive(&text);
    let folded = namefix::normalize::fold(&text);
    assert!(
        folded.is_ascii() && !folded.contains("  ") && folded.trim() == folded,
        "fold({text:?}) = {folded:?}"
    );
    let _ = namefix::normalize::key(&text);
    for w in namefix::normalize::words(&folded) {
        let _ = namefix::normalize::phonetic(w);
    }
}

/// The body of the `check` target: the first byte picks the matcher (even: bundled, odd: the
/// custom one); with `idempotent`, also asserts `fix(fix(t)) == fix(t)` when bit 1 is set.
pub fn run_check(data: &[u8], idempotent: bool) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = text_of(rest);
    let m = if sel & 1 == 0 {
        Matcher::bundled()
    } else {
        custom()
    };
    let (cs, fixed) = check_corrections_with(m, &text);
    let idx = namefix::LineIndex::new(&text);
    for c in &cs {
        let (line, col) = idx.line_col_utf16(&text, c.start());
        assert_eq!(idx.offset_utf16(&text, line, col), Some(c.start()));
        let u = namefix::utf16_offset(&text, c.end());
        assert_eq!(namefix::byte_offset_from_utf16(&text, u), c.end());
    }
    if idempotent && sel & 2 != 0 {
        // Fixing is idempotent: a fixed text has nothing left to fix.
        assert_eq!(m.fix(&fixed), fixed, "fix(fix(t)) != fix(t) for {text:?}");
    }
}

/// Arbitrary bytes as a saved index: `Matcher::load` (header, checksum) and the payload's
/// structural checks (reached directly, as a checksum would stop a fuzzer first) return an
/// error or a matcher, never panic; a loaded matcher answers lookups.
pub fn run_index(data: &[u8]) {
    if let Ok(m) = Matcher::load(data) {
        let _ = m.lookup("Olivia Coleman");
    }
    let full = data.first().is_some_and(|b| b & 1 == 1);
    let _ = Matcher::__load_payload(data.get(1..).unwrap_or(&[]), full);
}
