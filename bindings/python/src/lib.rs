//! Python bindings of [namefix](../../../README.md), built with PyO3 and maturin as an abi3
//! wheel (CPython >= 3.9). The Python package is `namefix`; this extension module is
//! `namefix._namefix`, re-exported by `python/namefix/__init__.py`.
//!
//! Every answer comes from the namefix library's public API (`Matcher::lookup`,
//! `Matcher::candidates`, `Matcher::check_with`, `namefix::apply`): the binding converts
//! arguments and results, reads files, and spreads batches over threads; it decides nothing.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use namefix::{Correction, Kind, LexiconBuilder, Match, ScanOptions};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

create_exception!(
    _namefix,
    NamefixError,
    PyValueError,
    "Base class of namefix's errors (a ValueError)."
);
create_exception!(
    _namefix,
    LexiconError,
    NamefixError,
    "A lexicon could not be read: `path` (or None), `line` (1-based, or None), `kind` and `message` say where and why."
);

/// Where a matcher's entities come from: what pickling needs to re-create it.
#[derive(Clone)]
enum Source {
    /// The bundled lexicon (compiled into the wheel).
    Bundled,
    /// Any other lexicon: re-created from its entities, serialized on demand.
    Entities,
}

/// The settings given as keyword arguments, kept to re-create the matcher.
#[derive(Clone, Default, PartialEq)]
struct Settings {
    threshold: Option<f64>,
    scan_threshold: Option<f64>,
    ignore_kinds: Vec<Kind>,
    ignore_ids: Vec<String>,
}

impl Settings {
    fn scan_options(&self) -> ScanOptions {
        let mut opts = ScanOptions::new();
        if let Some(t) = self.scan_threshold {
            opts.threshold(t as f32);
        }
        for &k in &self.ignore_kinds {
            opts.ignore_kind(k);
        }
        for id in &self.ignore_ids {
            opts.ignore_id(id.as_str());
        }
        opts
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("threshold", self.threshold)?;
        d.set_item("scan_threshold", self.scan_threshold)?;
        let kinds: Vec<&str> = self.ignore_kinds.iter().map(|k| k.as_str()).collect();
        d.set_item("ignore_kinds", kinds)?;
        d.set_item("ignore_ids", self.ignore_ids.clone())?;
        Ok(d)
    }
}

/// Reads the keyword arguments every constructor takes.
fn settings(
    threshold: Option<f64>,
    scan_threshold: Option<f64>,
    ignore_kinds: Option<&Bound<'_, PyAny>>,
    ignore_ids: Option<&Bound<'_, PyAny>>,
) -> PyResult<Settings> {
    let mut s = Settings {
        threshold,
        scan_threshold,
        ..Settings::default()
    };
    if let Some(kinds) = ignore_kinds {
        for k in strings(kinds, "ignore_kinds")? {
            let kind: Kind = k
                .parse()
                .map_err(|e: namefix::Error| NamefixError::new_err(format!("ignore_kinds: {e}")))?;
            if !s.ignore_kinds.contains(&kind) {
                s.ignore_kinds.push(kind);
            }
        }
    }
    if let Some(ids) = ignore_ids {
        for id in strings(ids, "ignore_ids")? {
            if !s.ignore_ids.contains(&id) {
                s.ignore_ids.push(id);
            }
        }
    }
    Ok(s)
}

/// The strings of an iterable of `str` (a lone `str` is refused: it would be read letter by letter).
fn strings(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an iterable of str, not a single str"
        )));
    }
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let item = item?;
        out.push(item.extract::<String>().map_err(|_| {
            PyTypeError::new_err(format!("{what} must hold str, not {}", type_name(&item)))
        })?);
    }
    Ok(out)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

/// A `str` argument, with a clear `TypeError` for anything else.
fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            type_name(obj)
        ))),
    }
}

/// The `str` items of a list, tuple or other iterable, for the `*_many` methods.
fn text_list(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list (or other iterable) of str, not a single str"
        )));
    }
    let mut out = Vec::new();
    for (i, item) in obj.try_iter()?.enumerate() {
        out.push(text_arg(&item?, &format!("{what}[{i}]"))?);
    }
    Ok(out)
}

/// A `LexiconError` for a library error, with the file and line it is about (for entities
/// given by `from_entities`, `path` is None and `line` is the 1-based position of the entity).
fn lexicon_error(py: Python<'_>, path: Option<&str>, e: &namefix::Error) -> PyErr {
    let kind = match e.kind() {
        namefix::ErrorKind::Parse => "parse",
        namefix::ErrorKind::DuplicateId => "duplicate_id",
        namefix::ErrorKind::Empty => "empty",
        namefix::ErrorKind::TooLarge => "too_large",
        _ => "other",
    };
    let where_ = match (path, e.line()) {
        (Some(p), Some(l)) => format!("{p}:{l}: "),
        (Some(p), None) => format!("{p}: "),
        (None, Some(l)) => format!("entity {l}: "),
        (None, None) => String::new(),
    };
    let err = LexiconError::new_err(format!("{where_}{}", e.message()));
    let value = err.value(py);
    let attrs = (|| -> PyResult<()> {
        value.setattr("path", path)?;
        value.setattr("line", e.line())?;
        value.setattr("kind", kind)?;
        value.setattr("message", e.message())?;
        Ok(())
    })();
    match attrs {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// The text of a lexicon given as a path (`str` or `os.PathLike`) or an open file (text or
/// binary), and a name for messages. Files are opened with Python's `open`, so a missing file
/// raises `FileNotFoundError` and a closed file object raises Python's own `ValueError`.
fn read_source(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<(String, String)> {
    let (name, data) = if source.hasattr("read")? {
        let name = source
            .getattr("name")
            .ok()
            .and_then(|n| n.str().ok())
            .map(|n| n.to_string())
            .unwrap_or_else(|| "<file>".to_string());
        (name, source.call_method0("read")?)
    } else {
        let os = py.import("os")?;
        let path = os.call_method1("fspath", (source,)).map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a path (str or os.PathLike) or an open file, not {}",
                type_name(source)
            ))
        })?;
        let name = path.str()?.to_string();
        let file = py.import("builtins")?.call_method1("open", (path, "rb"))?;
        let data = file.call_method0("read");
        file.call_method0("close")?;
        (name, data?)
    };
    if let Ok(s) = data.cast::<PyString>() {
        return Ok((name, s.to_cow()?.into_owned()));
    }
    if let Ok(b) = data.cast::<PyBytes>() {
        return match String::from_utf8(b.as_bytes().to_vec()) {
            Ok(s) => Ok((name, s)),
            Err(e) => {
                let err = LexiconError::new_err(format!(
                    "{name}: invalid UTF-8 at byte offset {}",
                    e.utf8_error().valid_up_to()
                ));
                let value = err.value(py);
                value.setattr("path", &name)?;
                value.setattr("line", py.None())?;
                value.setattr("kind", "parse")?;
                value.setattr("message", "invalid UTF-8")?;
                Err(err)
            }
        };
    }
    Err(PyTypeError::new_err(format!(
        "{name}: read() returned {}, expected str or bytes",
        type_name(&data)
    )))
}

/// The matcher behind a Python `Matcher`.
enum Inner {
    /// The process-wide bundled matcher (default lookup threshold).
    Bundled(&'static namefix::Matcher),
    /// A matcher of its own.
    Owned(Arc<namefix::Matcher>),
}

/// Finds and fixes garbled mentions of named entities.
///
/// Build one with `Matcher.bundled()`, `Matcher.from_tsv(path)`, `Matcher.from_jsonl(path)` or
/// `Matcher.from_entities(rows)`. Immutable and thread-safe; pickles (see `__reduce__`).
#[pyclass(frozen, module = "namefix._namefix", name = "Matcher")]
struct PyMatcher {
    inner: Inner,
    source: Source,
    settings: Settings,
    scan: ScanOptions,
}

impl PyMatcher {
    fn matcher(&self) -> &namefix::Matcher {
        match &self.inner {
            Inner::Bundled(m) => m,
            Inner::Owned(m) => m,
        }
    }

    fn bundled_with(settings: Settings) -> PyMatcher {
        let inner = match settings.threshold {
            None => Inner::Bundled(namefix::Matcher::bundled()),
            Some(t) => Inner::Owned(Arc::new(
                namefix::Matcher::builder()
                    .threshold(t as f32)
                    .build(namefix::Matcher::bundled_lexicon()),
            )),
        };
        PyMatcher {
            inner,
            source: Source::Bundled,
            scan: settings.scan_options(),
            settings,
        }
    }

    fn owned(lexicon: namefix::Lexicon, settings: Settings) -> PyMatcher {
        let mut builder = namefix::Matcher::builder();
        if let Some(t) = settings.threshold {
            builder.threshold(t as f32);
        }
        PyMatcher {
            inner: Inner::Owned(Arc::new(builder.build(lexicon))),
            source: Source::Entities,
            scan: settings.scan_options(),
            settings,
        }
    }

    /// A matcher over TSV or JSON Lines text (the GIL released while it is built).
    fn from_text(
        py: Python<'_>,
        name: Option<&str>,
        text: &str,
        jsonl: bool,
        settings: Settings,
    ) -> PyResult<PyMatcher> {
        let built = py.detach(|| {
            let mut lex = LexiconBuilder::new();
            let r = if jsonl {
                lex.add_jsonl(text).map(|_| ())
            } else {
                lex.add_tsv(text).map(|_| ())
            };
            r.map(|()| PyMatcher::owned(lex.build(), settings))
        });
        built.map_err(|e| lexicon_error(py, name, &e))
    }

    /// The entities as JSON Lines, the form `from_jsonl` reads back.
    fn entities_jsonl(&self) -> PyResult<String> {
        let mut out = String::new();
        for e in self.matcher().lexicon().entities() {
            let line = serde_json::to_string(e).map_err(|err| {
                NamefixError::new_err(format!("cannot serialize {}: {err}", e.id()))
            })?;
            out.push_str(&line);
            out.push('\n');
        }
        Ok(out)
    }
}

fn match_dict<'py>(py: Python<'py>, m: &Match<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", m.id())?;
    d.set_item("name", m.name())?;
    d.set_item("kind", m.kind().as_str())?;
    d.set_item("score", m.score())?;
    d.set_item("match_kind", m.match_kind().as_str())?;
    d.set_item("matched_name", m.matched_name())?;
    Ok(d)
}

/// A correction with its char (code point) offsets, computed off the GIL.
struct Located<'m> {
    c: Correction<'m>,
    char_start: usize,
    char_end: usize,
}

/// Adds char offsets to corrections sorted by position, walking the text once.
fn locate<'m>(text: &str, corrections: Vec<Correction<'m>>) -> Vec<Located<'m>> {
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut at = |b: usize| {
        if b < byte {
            return namefix::char_offset(text, b);
        }
        chars += namefix::char_offset(&text[byte..], b - byte);
        byte = b;
        chars
    };
    corrections
        .into_iter()
        .map(|c| {
            let char_start = at(c.start());
            let char_end = at(c.end());
            Located {
                c,
                char_start,
                char_end,
            }
        })
        .collect()
}

fn corrections_list<'py>(py: Python<'py>, found: &[Located<'_>]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for l in found {
        let c = &l.c;
        let d = PyDict::new(py);
        d.set_item("start", c.start())?;
        d.set_item("end", c.end())?;
        d.set_item("char_start", l.char_start)?;
        d.set_item("char_end", l.char_end)?;
        d.set_item("original", c.original())?;
        d.set_item("replacement", c.replacement())?;
        d.set_item("id", c.id())?;
        d.set_item("name", c.entity().name())?;
        d.set_item("kind", c.kind().as_str())?;
        d.set_item("score", c.score())?;
        d.set_item("match_kind", c.match_kind().as_str())?;
        list.append(d)?;
    }
    Ok(list)
}

#[pymethods]
impl PyMatcher {
    /// A matcher over the bundled lexicon (same as `Matcher.bundled()`).
    #[new]
    #[pyo3(signature = (*, threshold=None, scan_threshold=None, ignore_kinds=None, ignore_ids=None))]
    fn new(
        threshold: Option<f64>,
        scan_threshold: Option<f64>,
        ignore_kinds: Option<&Bound<'_, PyAny>>,
        ignore_ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMatcher> {
        Self::bundled(threshold, scan_threshold, ignore_kinds, ignore_ids)
    }

    /// A matcher over the bundled lexicon. The first call in a process builds it (about a
    /// second); later calls with the default `threshold` share it at once.
    #[staticmethod]
    #[pyo3(signature = (*, threshold=None, scan_threshold=None, ignore_kinds=None, ignore_ids=None))]
    fn bundled(
        threshold: Option<f64>,
        scan_threshold: Option<f64>,
        ignore_kinds: Option<&Bound<'_, PyAny>>,
        ignore_ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMatcher> {
        let s = settings(threshold, scan_threshold, ignore_kinds, ignore_ids)?;
        Ok(PyMatcher::bundled_with(s))
    }

    /// A matcher over a TSV lexicon file (`id<TAB>name<TAB>aliases<TAB>kind<TAB>weight`),
    /// given as a path or an open file.
    #[staticmethod]
    #[pyo3(signature = (source, *, threshold=None, scan_threshold=None, ignore_kinds=None, ignore_ids=None))]
    fn from_tsv(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        threshold: Option<f64>,
        scan_threshold: Option<f64>,
        ignore_kinds: Option<&Bound<'_, PyAny>>,
        ignore_ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMatcher> {
        let s = settings(threshold, scan_threshold, ignore_kinds, ignore_ids)?;
        let (name, text) = read_source(py, source)?;
        PyMatcher::from_text(py, Some(&name), &text, false, s)
    }

    /// A matcher over a JSON Lines lexicon file (one `{"id", "name", "aliases", "kind",
    /// "weight"}` object a line), given as a path or an open file.
    #[staticmethod]
    #[pyo3(signature = (source, *, threshold=None, scan_threshold=None, ignore_kinds=None, ignore_ids=None))]
    fn from_jsonl(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        threshold: Option<f64>,
        scan_threshold: Option<f64>,
        ignore_kinds: Option<&Bound<'_, PyAny>>,
        ignore_ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMatcher> {
        let s = settings(threshold, scan_threshold, ignore_kinds, ignore_ids)?;
        let (name, text) = read_source(py, source)?;
        PyMatcher::from_text(py, Some(&name), &text, true, s)
    }

    /// A matcher over entities given as dicts (`id`, `name`, optional `aliases`, `kind`,
    /// `weight`) or tuples `(id, name[, aliases[, kind[, weight]]])`. They are checked as the
    /// lines of a JSON Lines lexicon: errors carry the 1-based position as `line`.
    #[staticmethod]
    #[pyo3(signature = (entities, *, threshold=None, scan_threshold=None, ignore_kinds=None, ignore_ids=None))]
    fn from_entities(
        py: Python<'_>,
        entities: &Bound<'_, PyAny>,
        threshold: Option<f64>,
        scan_threshold: Option<f64>,
        ignore_kinds: Option<&Bound<'_, PyAny>>,
        ignore_ids: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyMatcher> {
        let s = settings(threshold, scan_threshold, ignore_kinds, ignore_ids)?;
        if entities.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "entities must be an iterable of dicts or tuples, not a str (for a file, use Matcher.from_tsv)",
            ));
        }
        let mut jsonl = String::new();
        for (i, row) in entities.try_iter()?.enumerate() {
            let row = row?;
            let record = entity_record(&row)
                .map_err(|msg| PyTypeError::new_err(format!("entity {}: {msg}", i + 1)))?;
            jsonl.push_str(&record.to_string());
            jsonl.push('\n');
        }
        PyMatcher::from_text(py, None, &jsonl, true, s)
    }

    /// The entity `mention` means, as a dict (`id`, `name`, `kind`, `score`, `match_kind`,
    /// `matched_name`), or None when nothing matches well enough. With `top=k`, the list of the
    /// k best candidates instead (best first; it may hold candidates `lookup` rejects).
    #[pyo3(signature = (mention, top=None))]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        mention: &Bound<'py, PyAny>,
        top: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mention = text_arg(mention, "mention")?;
        let top = top
            .map(|k| {
                usize::try_from(k)
                    .map_err(|_| PyValueError::new_err(format!("top must be 0 or more, not {k}")))
            })
            .transpose()?;
        let m = self.matcher();
        match top {
            None => match m.lookup(&mention) {
                Some(hit) => Ok(match_dict(py, &hit)?.into_any()),
                None => Ok(py.None().into_bound(py)),
            },
            Some(k) => {
                let list = PyList::empty(py);
                for c in m.candidates(&mention, k) {
                    list.append(match_dict(py, &c)?)?;
                }
                Ok(list.into_any())
            }
        }
    }

    /// The corrections for `text`, sorted by position and never overlapping: dicts with `start`
    /// and `end` (UTF-8 byte offsets), `char_start` and `char_end` (offsets into the Python
    /// str: `text[c["char_start"]:c["char_end"]] == c["original"]`), `original`, `replacement`,
    /// `id`, `name`, `kind`, `score` and `match_kind`.
    fn check<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let text = text_arg(text, "text")?;
        let m = self.matcher();
        let found = py.detach(|| locate(&text, m.check_with(&text, &self.scan)));
        corrections_list(py, &found)
    }

    /// The text with every correction of `check` applied.
    fn fix(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = text_arg(text, "text")?;
        let m = self.matcher();
        Ok(py.detach(|| namefix::apply(&text, &m.check_with(&text, &self.scan))))
    }

    /// `lookup` for each mention of a list, on every core, without holding the GIL.
    fn lookup_many<'py>(
        &self,
        py: Python<'py>,
        mentions: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let mentions = text_list(mentions, "mentions")?;
        let m = self.matcher();
        let hits: Vec<Option<Match<'_>>> =
            py.detach(|| mentions.par_iter().map(|s| m.lookup(s)).collect());
        let list = PyList::empty(py);
        for hit in hits {
            match hit {
                Some(h) => list.append(match_dict(py, &h)?)?,
                None => list.append(py.None())?,
            }
        }
        Ok(list)
    }

    /// `check` for each text of a list, on every core, without holding the GIL.
    fn check_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = text_list(texts, "texts")?;
        let m = self.matcher();
        let scan = &self.scan;
        let found: Vec<Vec<Located<'_>>> = py.detach(|| {
            texts
                .par_iter()
                .map(|t| locate(t, m.check_with(t, scan)))
                .collect()
        });
        let list = PyList::empty(py);
        for f in &found {
            list.append(corrections_list(py, f)?)?;
        }
        Ok(list)
    }

    /// `fix` for each text of a list, on every core, without holding the GIL.
    fn fix_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = text_list(texts, "texts")?;
        let m = self.matcher();
        let scan = &self.scan;
        let fixed: Vec<String> = py.detach(|| {
            texts
                .par_iter()
                .map(|t| namefix::apply(t, &m.check_with(t, scan)))
                .collect()
        });
        PyList::new(py, fixed)
    }

    /// Number of entities in the lexicon.
    fn __len__(&self) -> usize {
        self.matcher().lexicon().len()
    }

    /// The lowest score `lookup` accepts.
    #[getter]
    fn threshold(&self) -> f32 {
        self.matcher().threshold()
    }

    /// The keyword arguments the matcher was built with.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.settings.to_dict(py)
    }

    /// Whether the matcher is over the bundled lexicon.
    #[getter]
    fn is_bundled(&self) -> bool {
        matches!(self.source, Source::Bundled)
    }

    /// The entities, as dicts (`id`, `name`, `aliases`, `kind`, `weight`), in lexicon order.
    fn entities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for e in self.matcher().lexicon().entities() {
            let d = PyDict::new(py);
            d.set_item("id", e.id())?;
            d.set_item("name", e.name())?;
            d.set_item("aliases", e.aliases().collect::<Vec<_>>())?;
            d.set_item("kind", e.kind().as_str())?;
            d.set_item("weight", e.weight())?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        let from = match self.source {
            Source::Bundled => "bundled",
            Source::Entities => "entities",
        };
        format!(
            "<namefix.Matcher {from}, {} entities, threshold {}>",
            self.matcher().lexicon().len(),
            self.matcher().threshold()
        )
    }

    /// Pickling: the bundled lexicon pickles by name; any other by its entities (JSON Lines),
    /// so it needs no shared file system. `namefix._namefix._restore` re-creates it, once per
    /// process for equal state (see `_restore`).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let me = slf.get();
        let restore = py.import("namefix._namefix")?.getattr("_restore")?;
        let payload: Option<Bound<'py, PyBytes>> = match me.source {
            Source::Bundled => None,
            Source::Entities => Some(PyBytes::new(py, me.entities_jsonl()?.as_bytes())),
        };
        let args = PyTuple::new(
            py,
            [
                payload.map_or_else(|| py.None().into_bound(py), |b| b.into_any()),
                me.settings.to_dict(py)?.into_any(),
            ],
        )?;
        PyTuple::new(py, [restore, args.into_any()])
    }
}

/// A JSON record (as `add_jsonl` reads) for an entity given as a dict or a tuple.
fn entity_record(row: &Bound<'_, PyAny>) -> Result<serde_json::Value, String> {
    use serde_json::{Map, Value};
    let mut rec = Map::new();
    let str_field = |v: &Bound<'_, PyAny>, field: &str| -> Result<Value, String> {
        v.extract::<String>()
            .map(Value::String)
            .map_err(|_| format!("{field} must be str, not {}", type_name(v)))
    };
    let aliases = |v: &Bound<'_, PyAny>| -> Result<Value, String> {
        if v.is_none() {
            return Ok(Value::Array(Vec::new()));
        }
        if v.is_instance_of::<PyString>() {
            return Err("aliases must be a list of str, not a str".to_string());
        }
        let it = v
            .try_iter()
            .map_err(|_| format!("aliases must be a list of str, not {}", type_name(v)))?;
        let mut out = Vec::new();
        for a in it {
            let a = a.map_err(|e| e.to_string())?;
            out.push(str_field(&a, "an alias")?);
        }
        Ok(Value::Array(out))
    };
    let weight = |v: &Bound<'_, PyAny>| -> Result<Value, String> {
        if v.is_none() {
            return Ok(Value::Null);
        }
        let w: f64 = v
            .extract()
            .map_err(|_| format!("weight must be a number, not {}", type_name(v)))?;
        // Non-finite weights are not JSON; the library reads a missing weight as the default.
        Ok(serde_json::Number::from_f64(w).map_or(Value::Null, Value::Number))
    };
    let kind = |v: &Bound<'_, PyAny>| -> Result<Value, String> {
        if v.is_none() {
            Ok(Value::Null)
        } else {
            str_field(v, "kind")
        }
    };
    if let Ok(d) = row.cast::<PyDict>() {
        for (k, v) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| format!("keys must be str, not {}", type_name(&k)))?;
            let value = match key.as_str() {
                "id" | "name" => str_field(&v, &key)?,
                "aliases" => aliases(&v)?,
                "kind" => kind(&v)?,
                "weight" => weight(&v)?,
                other => {
                    return Err(format!(
                        "unknown field {other:?} (expected id, name, aliases, kind, weight)"
                    ))
                }
            };
            if !value.is_null() {
                rec.insert(key, value);
            }
        }
    } else if let Ok(t) = row.cast::<PyTuple>() {
        let n = t.len();
        if !(2..=5).contains(&n) {
            return Err(format!(
                "a tuple must be (id, name[, aliases[, kind[, weight]]]), not {n} items"
            ));
        }
        let item = |i: usize| t.get_item(i).map_err(|e| e.to_string());
        rec.insert("id".into(), str_field(&item(0)?, "id")?);
        rec.insert("name".into(), str_field(&item(1)?, "name")?);
        if n > 2 {
            rec.insert("aliases".into(), aliases(&item(2)?)?);
        }
        if n > 3 {
            let k = kind(&item(3)?)?;
            if !k.is_null() {
                rec.insert("kind".into(), k);
            }
        }
        if n > 4 {
            let w = weight(&item(4)?)?;
            if !w.is_null() {
                rec.insert("weight".into(), w);
            }
        }
    } else {
        return Err(format!(
            "expected a dict or a tuple, not {}",
            type_name(row)
        ));
    }
    for field in ["id", "name"] {
        if !rec.contains_key(field) {
            return Err(format!("missing {field}"));
        }
    }
    Ok(Value::Object(rec))
}

/// A matcher `_restore` built: its pickled entities (None for the bundled lexicon), settings
/// and the matcher.
type Restored = (Option<Vec<u8>>, Settings, Arc<namefix::Matcher>);

/// Matchers re-created by `_restore` in this process, newest last: unpickling the same state
/// again (a Dask task after another) reuses the built matcher instead of rebuilding it.
static RESTORED: Mutex<VecDeque<Restored>> = Mutex::new(VecDeque::new());
/// How many restored matchers are kept.
const RESTORED_KEPT: usize = 4;

/// Re-creates a pickled `Matcher` (the bundled lexicon when `payload` is None, else the
/// entities as JSON Lines bytes), reusing one already restored in this process from equal
/// state.
#[pyfunction]
fn _restore(
    py: Python<'_>,
    payload: Option<&Bound<'_, PyBytes>>,
    options: &Bound<'_, PyDict>,
) -> PyResult<PyMatcher> {
    let get = |k: &str| options.get_item(k);
    let threshold: Option<f64> = get("threshold")?
        .map(|v| v.extract())
        .transpose()?
        .flatten();
    let scan_threshold: Option<f64> = get("scan_threshold")?
        .map(|v| v.extract())
        .transpose()?
        .flatten();
    let kinds = get("ignore_kinds")?;
    let ids = get("ignore_ids")?;
    let s = settings(threshold, scan_threshold, kinds.as_ref(), ids.as_ref())?;
    let payload: Option<Vec<u8>> = payload.map(|b| b.as_bytes().to_vec());
    if payload.is_none() && s.threshold.is_none() {
        return Ok(PyMatcher::bundled_with(s));
    }
    let cached = {
        let cache = RESTORED.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .iter()
            .find(|(p, cs, _)| *p == payload && cs.threshold == s.threshold)
            .map(|(_, _, m)| Arc::clone(m))
    };
    let source = if payload.is_some() {
        Source::Entities
    } else {
        Source::Bundled
    };
    if let Some(m) = cached {
        return Ok(PyMatcher {
            inner: Inner::Owned(m),
            source,
            scan: s.scan_options(),
            settings: s,
        });
    }
    let built = match &payload {
        None => PyMatcher::bundled_with(s.clone()),
        Some(bytes) => {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| NamefixError::new_err(format!("corrupt pickle: {e}")))?;
            PyMatcher::from_text(py, Some("<pickle>"), text, true, s.clone())?
        }
    };
    if let Inner::Owned(m) = &built.inner {
        let mut cache = RESTORED.lock().unwrap_or_else(|p| p.into_inner());
        cache.push_back((payload, s, Arc::clone(m)));
        while cache.len() > RESTORED_KEPT {
            cache.pop_front();
        }
    }
    Ok(built)
}

/// The version of the namefix Python package.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The extension module `namefix._namefix`.
#[pymodule]
fn _namefix(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyMatcher>()?;
    m.add("NamefixError", py.get_type::<NamefixError>())?;
    m.add("LexiconError", py.get_type::<LexiconError>())?;
    m.add_function(wrap_pyfunction!(_restore, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
