//! WebAssembly bindings of [namefix](../../README.md) for JavaScript (Node.js and browsers),
//! built with `wasm-bindgen`: a `Checker` class over the bundled lexicon or one loaded at run
//! time from TSV / JSON Lines text.
//!
//! Results are plain JavaScript objects. Offsets come twice: `start`/`end` are UTF-8 byte
//! offsets (as in the Rust API and the CLI), `startUtf16`/`endUtf16` are UTF-16 code unit
//! offsets, i.e. JavaScript string indices (`text.slice(c.startUtf16, c.endUtf16)`).
#![forbid(unsafe_code)]

use js_sys::{Array, Object, Reflect};
use namefix::{Correction, Kind, Lexicon, Match, Matcher, ScanOptions};
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

/** Options of `Checker.check` and `Checker.fix` (all optional). */
export interface CheckOptions {
  /** Lowest score of a fix in running text, a number in [0, 1] (default 0.85). */
  threshold?: number;
  /** Kinds never proposed. */
  ignoreKinds?: EntityKind[];
  /** Entity ids never proposed. */
  ignore?: string[];
}

/** Options of `Checker.lookup` (all optional). */
export interface LookupOptions {
  /** Lowest accepted score for this call, a number in [0, 1] (default: the checker's, 0.7). */
  threshold?: number;
  /** Kinds never answered. */
  ignoreKinds?: EntityKind[];
  /** Entity ids never answered. */
  ignore?: string[];
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "LookupMatch | null")]
    pub type LookupResult;
    #[wasm_bindgen(typescript_type = "Correction[]")]
    pub type Corrections;
    #[wasm_bindgen(typescript_type = "LookupMatch[]")]
    pub type Candidates;
    #[wasm_bindgen(typescript_type = "CheckOptions | undefined")]
    pub type CheckOptionsArg;
    #[wasm_bindgen(typescript_type = "LookupOptions | undefined")]
    pub type LookupOptionsArg;
    #[wasm_bindgen(typescript_type = "string")]
    pub type StringArg;
    #[wasm_bindgen(typescript_type = "number")]
    pub type NumberArg;
}

/// A `TypeError` with this message.
fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A string argument, or a `TypeError` naming it.
fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| type_error(&format!("{what} must be a string")))
}

/// The options understood by `check`, `fix` and `lookup`, validated.
struct Options {
    threshold: Option<f32>,
    kinds: Vec<Kind>,
    ids: Vec<String>,
}

impl Options {
    fn from_js(v: &JsValue, method: &str) -> Result<Options, JsValue> {
        let mut o = Options {
            threshold: None,
            kinds: Vec::new(),
            ids: Vec::new(),
        };
        if v.is_undefined() || v.is_null() {
            return Ok(o);
        }
        if !v.is_object() || Array::is_array(v) {
            return Err(type_error(&format!("{method}: options must be an object")));
        }
        let get =
            |key: &str| Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !matches!(key.as_str(), "threshold" | "ignoreKinds" | "ignore") {
                return Err(type_error(&format!(
                    "{method}: unknown option {key:?} (expected threshold, ignoreKinds, ignore)"
                )));
            }
        }
        let t = get("threshold");
        if !t.is_undefined() {
            let n = t.as_f64().ok_or_else(|| {
                type_error(&format!("{method}: options.threshold must be a number"))
            })?;
            if !(0.0..=1.0).contains(&n) {
                return Err(js_sys::RangeError::new(&format!(
                    "{method}: options.threshold must be in [0, 1], not {n}"
                ))
                .into());
            }
            o.threshold = Some(n as f32);
        }
        let strings = |key: &str| -> Result<Vec<String>, JsValue> {
            let a = get(key);
            if a.is_undefined() {
                return Ok(Vec::new());
            }
            if !Array::is_array(&a) {
                return Err(type_error(&format!(
                    "{method}: options.{key} must be an array of strings"
                )));
            }
            Array::from(&a)
                .iter()
                .map(|x| {
                    x.as_string().ok_or_else(|| {
                        type_error(&format!(
                            "{method}: options.{key} must be an array of strings"
                        ))
                    })
                })
                .collect()
        };
        for k in strings("ignoreKinds")? {
            let kind = k.parse::<Kind>().map_err(|e| {
                JsValue::from(js_sys::RangeError::new(&format!(
                    "{method}: options.ignoreKinds: {}",
                    e.message()
                )))
            })?;
            o.kinds.push(kind);
        }
        o.ids = strings("ignore")?;
        Ok(o)
    }

    fn scan(&self) -> ScanOptions {
        let mut opts = ScanOptions::new();
        if let Some(t) = self.threshold {
            opts.threshold(t);
        }
        for &k in &self.kinds {
            opts.ignore_kind(k);
        }
        for id in &self.ids {
            opts.ignore_id(id.as_str());
        }
        opts
    }

    fn allows(&self, m: &Match<'_>) -> bool {
        !self.kinds.contains(&m.kind()) && !self.ids.iter().any(|i| i == m.id())
    }
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
    pub fn from_tsv(text: &StringArg) -> Result<Checker, JsValue> {
        Checker::owned(Lexicon::from_tsv(&string_arg(text, "fromTsv: text")?))
    }

    /// A checker over a lexicon in JSON Lines form (one
    /// `{"id", "name", "aliases", "kind", "weight"}` object a line). Errors as `fromTsv`.
    #[wasm_bindgen(js_name = fromJsonl)]
    pub fn from_jsonl(text: &StringArg) -> Result<Checker, JsValue> {
        Checker::owned(Lexicon::from_jsonl(&string_arg(text, "fromJsonl: text")?))
    }

    /// The entity a single mention means, or `null` when nothing matches well enough.
    ///
    /// Options: `threshold` (this call's lowest accepted score, in [0, 1]), `ignoreKinds`,
    /// `ignore` (entity ids). Throws a `TypeError` when `mention` is not a string or an option
    /// has the wrong type, a `RangeError` for a threshold outside [0, 1] or an unknown kind.
    pub fn lookup(
        &self,
        mention: &StringArg,
        options: Option<LookupOptionsArg>,
    ) -> Result<LookupResult, JsValue> {
        let mention = string_arg(mention, "lookup: mention")?;
        let o = Options::from_js(options.as_deref().unwrap_or(&JsValue::UNDEFINED), "lookup")?;
        let hit = match o.threshold {
            Some(t) => self.matcher().lookup_above(&mention, t),
            None => self.matcher().lookup(&mention),
        };
        Ok(match hit.filter(|m| o.allows(m)) {
            Some(m) => match_object(&m).unchecked_into(),
            None => JsValue::NULL.unchecked_into(),
        })
    }

    /// Up to `k` candidate entities for a mention, best first, whatever their score (the
    /// threshold does not apply): `[{id, name, kind, score, matchKind}]`.
    pub fn candidates(&self, mention: &StringArg, k: &NumberArg) -> Result<Candidates, JsValue> {
        let mention = string_arg(mention, "candidates: mention")?;
        let k = k
            .as_f64()
            .filter(|k| k.is_finite() && *k >= 0.0 && k.fract() == 0.0)
            .ok_or_else(|| type_error("candidates: k must be a non-negative integer"))?;
        let cands = self.matcher().candidates(&mention, k.min(1e6) as usize);
        let out = Array::new_with_length(cands.len() as u32);
        for (i, c) in cands.iter().enumerate() {
            out.set(i as u32, match_object(c).into());
        }
        Ok(out.unchecked_into())
    }

    /// The corrections for `text`, sorted by position and never overlapping.
    ///
    /// Options: `threshold` (lowest score of a fix, in [0, 1]), `ignoreKinds`, `ignore` (entity
    /// ids). Throws a `TypeError` when `text` is not a string or an option has the wrong type,
    /// a `RangeError` for a threshold outside [0, 1] or an unknown kind.
    pub fn check(
        &self,
        text: &StringArg,
        options: Option<CheckOptionsArg>,
    ) -> Result<Corrections, JsValue> {
        let text = string_arg(text, "check: text")?;
        let o = Options::from_js(options.as_deref().unwrap_or(&JsValue::UNDEFINED), "check")?;
        let corrections = self.matcher().check_with(&text, &o.scan());
        let out = Array::new_with_length(corrections.len() as u32);
        let mut utf16 = Utf16Cursor::default();
        for (i, c) in corrections.iter().enumerate() {
            let start16 = utf16.offset(&text, c.start());
            let end16 = utf16.offset(&text, c.end());
            out.set(i as u32, correction_object(c, start16, end16).into());
        }
        Ok(out.unchecked_into())
    }

    /// The text with every correction of `check` (with the same options) applied.
    pub fn fix(
        &self,
        text: &StringArg,
        options: Option<CheckOptionsArg>,
    ) -> Result<String, JsValue> {
        let text = string_arg(text, "fix: text")?;
        let o = Options::from_js(options.as_deref().unwrap_or(&JsValue::UNDEFINED), "fix")?;
        let corrections = self.matcher().check_with(&text, &o.scan());
        Ok(namefix::apply(&text, &corrections))
    }

    /// Makes now the tables a first `check` makes as it needs them (the word lists, the census
    /// names, the bundled relations, the scanner's key filter): a page calls it when it is
    /// idle after loading, so that the first check of the user's text is as fast as the
    /// next ones (`Matcher::prepare_check`; without threads here, one after the other).
    #[wasm_bindgen(js_name = prepareCheck)]
    pub fn prepare_check(&self) {
        self.matcher().prepare_check();
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
