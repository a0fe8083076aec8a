//! WebAssembly bindings of [namefix](../../README.md) for JavaScript (Node.js and browsers),
//! built with `wasm-bindgen`: a `Checker` class over the bundled lexicon or one loaded at run
//! time from TSV / JSON Lines text.
//!
//! Results are plain JavaScript objects. Offsets come twice: `start`/`end` are UTF-8 byte
//! offsets (as in the Rust API and the CLI), `startUtf16`/`endUtf16` are UTF-16 code unit
//! offsets, i.e. JavaScript string indices (`text.slice(c.startUtf16, c.endUtf16)`).
#![forbid(unsafe_code)]

use js_sys::{Array, Object, Reflect};
use namefix::{Correction, Lexicon, Match, Matcher};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** The kind of an entity, as in lexicon files. */
export type EntityKind =
  | "person" | "film" | "tv" | "book" | "work" | "org" | "place"
  | "character" | "product" | "event" | "other";

/** How a mention matched its entity. */
export type MatchKind = "exact" | "normalized" | "alias" | "fuzzy" | "phonetic" | "partial";

/** The entity a single mention means (`Checker.lookup`). */
export interface LookupMatch {
  /** The entity's id in the lexicon. */
  id: string;
  /** The entity's canonical name. */
  name: string;
  kind: EntityKind;
  /** Calibrated confidence in [0, 1]. */
  score: number;
  matchKind: MatchKind;
}

/** One correction in a checked text (`Checker.check`). */
export interface Correction {
  /** UTF-8 byte offset of the span's start (as in the Rust API and the CLI). */
  start: number;
  /** UTF-8 byte offset of the span's end (exclusive). */
  end: number;
  /** UTF-16 offset (JavaScript string index) of the span's start. */
  startUtf16: number;
  /** UTF-16 offset (JavaScript string index) of the span's end (exclusive):
   *  `text.slice(startUtf16, endUtf16) === original`. */
  endUtf16: number;
  /** The span as written. */
  original: string;
  /** What replaces the span: the canonical name, plus any word split off its boundary. */
  replacement: string;
  /** The entity's id in the lexicon. */
  id: string;
  kind: EntityKind;
  /** Calibrated confidence in [0, 1]. */
  score: number;
  matchKind: MatchKind;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "LookupMatch | null")]
    pub type LookupResult;
    #[wasm_bindgen(typescript_type = "Correction[]")]
    pub type Corrections;
}

enum Inner {
    #[cfg(feature = "bundled")]
    Bundled(&'static Matcher),
    Owned(Box<Matcher>),
}

/// Finds and fixes garbled mentions of named entities in text.
///
/// Build one with `Checker.bundled()` (the lexicon compiled into the package), or
/// `Checker.fromTsv(text)` / `Checker.fromJsonl(text)` (a lexicon loaded at run time).
#[wasm_bindgen]
pub struct Checker {
    inner: Inner,
}

impl Checker {
    fn matcher(&self) -> &Matcher {
        match &self.inner {
            #[cfg(feature = "bundled")]
            Inner::Bundled(m) => m,
            Inner::Owned(m) => m,
        }
    }

    fn owned(lexicon: Result<Lexicon, namefix::Error>) -> Result<Checker, JsValue> {
        let lexicon = lexicon.map_err(lexicon_error)?;
        Ok(Checker {
            inner: Inner::Owned(Box::new(Matcher::new(lexicon))),
        })
    }
}

#[wasm_bindgen]
impl Checker {
    /// A checker over the bundled lexicon (same as `Checker.bundled()`).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Checker, JsValue> {
        Checker::bundled()
    }

    /// A checker over the bundled lexicon (films, series, people, places, organisations).
    /// The first call builds the matcher (a second or two); later calls return checkers that
    /// share it, at once.
    ///
    /// Throws in a package built without the bundled lexicon (see `hasBundledLexicon()`).
    pub fn bundled() -> Result<Checker, JsValue> {
        #[cfg(feature = "bundled")]
        {
            Ok(Checker {
                inner: Inner::Bundled(Matcher::bundled()),
            })
        }
        #[cfg(not(feature = "bundled"))]
        {
            Err(js_sys::Error::new(
                "this namefix-wasm build has no bundled lexicon; load one with Checker.fromTsv(text) or Checker.fromJsonl(text)",
            )
            .into())
        }
    }

    /// A checker over a lexicon in TSV form (`id<TAB>name<TAB>aliases<TAB>kind<TAB>weight`,
    /// the format of the bundled `data/lexicon.tsv`). The matcher is built right away.
    ///
    /// Throws an `Error` whose message names the line: `lexicon:3: unknown kind "planet" ...`
    /// (the error also has a numeric `line` property).
    #[wasm_bindgen(js_name = fromTsv)]
    pub fn from_tsv(text: &str) -> Result<Checker, JsValue> {
        Checker::owned(Lexicon::from_tsv(text))
    }

    /// A checker over a lexicon in JSON Lines form (one
    /// `{"id", "name", "aliases", "kind", "weight"}` object a line). Errors as `fromTsv`.
    #[wasm_bindgen(js_name = fromJsonl)]
    pub fn from_jsonl(text: &str) -> Result<Checker, JsValue> {
        Checker::owned(Lexicon::from_jsonl(text))
    }

    /// The entity a single mention means, or `null` when nothing matches well enough.
    pub fn lookup(&self, mention: &str) -> LookupResult {
        match self.matcher().lookup(mention) {
            Some(m) => match_object(&m).unchecked_into(),
            None => JsValue::NULL.unchecked_into(),
        }
    }

    /// The corrections for `text`, sorted by position and never overlapping.
    pub fn check(&self, text: &str) -> Corrections {
        let corrections = self.matcher().check(text);
        let out = Array::new_with_length(corrections.len() as u32);
        let mut utf16 = Utf16Cursor::default();
        for (i, c) in corrections.iter().enumerate() {
            let start16 = utf16.offset(text, c.start());
            let end16 = utf16.offset(text, c.end());
            out.set(i as u32, correction_object(c, start16, end16).into());
        }
        out.unchecked_into()
    }

    /// The text with every correction of `check` applied.
    pub fn fix(&self, text: &str) -> String {
        self.matcher().fix(text)
    }

    /// Number of entities in the lexicon.
    #[wasm_bindgen(getter, js_name = entityCount)]
    pub fn entity_count(&self) -> usize {
        self.matcher().lexicon().len()
    }
}

/// Whether this build has the bundled lexicon compiled in (`Checker.bundled()` works).
#[wasm_bindgen(js_name = hasBundledLexicon)]
pub fn has_bundled_lexicon() -> bool {
    cfg!(feature = "bundled")
}

/// The version of the namefix-wasm crate.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Bytes of WebAssembly linear memory in use by the module (it grows, never shrinks): the
/// lexicon text, the built matchers and scratch space.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// A JavaScript `Error` for a lexicon error: "lexicon:LINE: message" (the CLI's
/// "FILE:LINE: message" with the file called `lexicon`), plus a `line` property.
fn lexicon_error(e: namefix::Error) -> JsValue {
    let err = match e.line() {
        Some(line) => {
            let err = js_sys::Error::new(&format!("lexicon:{line}: {}", e.message()));
            set(&err, "line", JsValue::from(line as u32));
            err
        }
        None => js_sys::Error::new(&format!("lexicon: {}", e.message())),
    };
    err.into()
}

/// Converts byte offsets of one text to UTF-16 offsets, walking forward from the last
/// offset asked (corrections come sorted, so `check` is linear in the text).
#[derive(Default)]
struct Utf16Cursor {
    byte: usize,
    utf16: usize,
}

impl Utf16Cursor {
    fn offset(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            // Not expected (corrections are sorted), but stay correct.
            *self = Utf16Cursor::default();
        }
        self.utf16 += utf16_len(&text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.utf16
    }
}

/// UTF-16 length of a UTF-8 slice that starts and ends on char boundaries: one unit per
/// char (count of non-continuation bytes), two for chars of four bytes (leaders >= 0xF0).
fn utf16_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// A score as the double JavaScript would print for the same decimal (0.93, not
/// 0.9300000071525574).
fn score(s: f32) -> f64 {
    s.to_string().parse().unwrap_or(f64::from(s))
}

fn set(obj: &Object, key: &str, value: JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

fn match_object(m: &Match<'_>) -> Object {
    let obj = Object::new();
    set(&obj, "id", m.id().into());
    set(&obj, "name", m.name().into());
    set(&obj, "kind", m.kind().as_str().into());
    set(&obj, "score", score(m.score()).into());
    set(&obj, "matchKind", m.match_kind().as_str().into());
    obj
}

fn correction_object(c: &Correction<'_>, start16: usize, end16: usize) -> Object {
    let obj = Object::new();
    set(&obj, "start", (c.start() as u32).into());
    set(&obj, "end", (c.end() as u32).into());
    set(&obj, "startUtf16", (start16 as u32).into());
    set(&obj, "endUtf16", (end16 as u32).into());
    set(&obj, "original", c.original().into());
    set(&obj, "replacement", c.replacement().into());
    set(&obj, "id", c.id().into());
    set(&obj, "kind", c.kind().as_str().into());
    set(&obj, "score", score(c.score()).into());
    set(&obj, "matchKind", c.match_kind().as_str().into());
    obj
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_matches_std() {
        let text = "😀🎉 東京 Olivia Coleman é won.";
        for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(
                utf16_len(&text.as_bytes()[..i]),
                namefix::utf16_offset(text, i)
            );
        }
    }

    #[test]
    fn scores_print_short() {
        assert_eq!(score(0.93), 0.93);
        assert_eq!(score(1.0), 1.0);
    }
}
