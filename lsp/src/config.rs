//! Settings (from `initializationOptions` and `workspace/didChangeConfiguration`, under the
//! key `"namefix"`), the workspace ignore file, and building the checker they describe.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use lsp_types::DiagnosticSeverity;
use namefix::{normalize, Kind, LexiconBuilder, Matcher, ScanOptions};
use rustc_hash::FxHashSet;
use serde::Deserialize;
use serde_json::Value;

use crate::engine::{Checker, MatcherRef};

/// The ignore file in the workspace root: one entity id per line, `#` starts a comment.
pub const IGNORE_FILE: &str = ".namefix-ignore";
/// Default quiet time after an edit before re-checking.
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

/// The server's settings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Extra lexicon files (TSV, or JSON Lines for `.jsonl`/`.ndjson`/`.json`), added to the
    /// bundled lexicon; relative paths are resolved against the workspace root.
    pub lexicons: Vec<String>,
    /// Lowest score of a fuzzy fix, in [0, 1] (default 0.85).
    pub threshold: Option<f32>,
    /// Kinds never proposed ("place", "person", ...).
    pub ignore_kinds: Vec<String>,
    /// Names or entity ids never proposed.
    pub ignore: Vec<String>,
    /// Quiet time after an edit before re-checking, in milliseconds (default 150).
    pub debounce_ms: Option<u64>,
    /// Diagnostic severity: "error", "warning", "information" (default) or "hint".
    pub severity: Option<String>,
    /// Re-check only the paragraphs an edit touched (default true); `false` re-checks the
    /// whole document on every change.
    pub incremental: Option<bool>,
    /// Send a `window/logMessage` with timings after every check.
    pub log_checks: bool,
}

impl Settings {
    /// Settings from a JSON value: `{"namefix": {...}}` or the settings object itself;
    /// `null` gives the defaults.
    pub fn from_value(v: &Value) -> Result<Settings, String> {
        let inner = match v {
            Value::Null => return Ok(Settings::default()),
            Value::Object(m) if m.contains_key("namefix") => &m["namefix"],
            v => v,
        };
        if inner.is_null() {
            return Ok(Settings::default());
        }
        Settings::deserialize(inner).map_err(|e| format!("namefix: invalid settings: {e}"))
    }

    /// The debounce delay.
    pub fn debounce(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS))
    }

    /// The diagnostic severity.
    pub fn severity(&self) -> DiagnosticSeverity {
        match self
            .severity
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("error") => DiagnosticSeverity::ERROR,
            Some("warning") => DiagnosticSeverity::WARNING,
            Some("hint") => DiagnosticSeverity::HINT,
            _ => DiagnosticSeverity::INFORMATION,
        }
    }

    /// Whether edits re-check only the blocks they touched.
    pub fn incremental(&self) -> bool {
        self.incremental.unwrap_or(true)
    }
}

/// The entity ids listed in an ignore file (none if it does not exist).
pub fn read_ignore_file(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Appends `id` to the ignore file (creating it), unless it is already listed.
pub fn add_to_ignore_file(path: &Path, id: &str) -> io::Result<()> {
    if read_ignore_file(path).iter().any(|l| l == id) {
        return Ok(());
    }
    let needs_newline = fs::read(path)
        .map(|b| !b.is_empty() && !b.ends_with(b"\n"))
        .unwrap_or(false);
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    if needs_newline {
        f.write_all(b"\n")?;
    }
    writeln!(f, "{id}")
}

/// The matcher for a list of lexicon files: the bundled one alone, or the bundled entities
/// plus every file that loads. Each file that does not load (unreadable, or a bad line) is
/// skipped and described in the returned messages, naming the file and line.
pub fn build_matcher(lexicons: &[String], root: Option<&Path>) -> (MatcherRef, Vec<String>) {
    if lexicons.is_empty() {
        return (MatcherRef::Bundled, Vec::new());
    }
    let mut problems = Vec::new();
    let mut builder = LexiconBuilder::new();
    for e in Matcher::bundled().lexicon().entities() {
        // The bundled lexicon has unique, valid ids.
        let _ = builder.push(e.clone());
    }
    for name in lexicons {
        let path = resolve(name, root);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!(
                    "namefix: cannot read lexicon {}: {e}",
                    path.display()
                ));
                continue;
            }
        };
        let mut trial = builder.clone();
        let jsonl = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("jsonl" | "ndjson" | "json")
        );
        let added = if jsonl {
            trial.add_jsonl(&text).map(|_| ())
        } else {
            trial.add_tsv(&text).map(|_| ())
        };
        match added {
            Ok(()) => builder = trial,
            Err(e) => problems.push(format!(
                "namefix: lexicon {} not loaded: {e}",
                path.display()
            )),
        }
    }
    (
        MatcherRef::Owned(std::sync::Arc::new(Matcher::new(builder.build()))),
        problems,
    )
}

/// Scan options for the settings and the ignore file's ids; problems (unknown kinds) are
/// described in `problems`.
pub fn scan_options(
    settings: &Settings,
    ignored_ids: &[String],
    checker: &Checker,
    problems: &mut Vec<String>,
) -> ScanOptions {
    let mut opts = ScanOptions::new();
    if let Some(t) = settings.threshold {
        opts.threshold(t);
    }
    for k in &settings.ignore_kinds {
        match k.parse::<Kind>() {
            Ok(kind) => {
                opts.ignore_kind(kind);
            }
            Err(e) => problems.push(format!("namefix: ignoreKinds: {e}")),
        }
    }
    let lexicon = checker.matcher().lexicon();
    let mut names: FxHashSet<String> = FxHashSet::default();
    for entry in settings.ignore.iter().chain(ignored_ids) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        if lexicon.get(entry).is_some() {
            opts.ignore_id(entry);
            continue;
        }
        // A name: every entity with a name or alias written like it (below).
        let key = normalize::key(entry);
        if !key.is_empty() {
            names.insert(key);
        }
        // Unknown names stay listed (harmless), as ids for entities added later.
        opts.ignore_id(entry);
    }
    // One pass over the lexicon (about 15 ms for the bundled one), only when names are listed.
    if !names.is_empty() {
        for e in lexicon.entities() {
            if std::iter::once(e.name())
                .chain(e.aliases())
                .any(|n| names.contains(&normalize::key(n)))
            {
                opts.ignore_id(e.id());
            }
        }
    }
    opts
}

/// A lexicon path from the settings, relative to the workspace root when not absolute.
fn resolve(name: &str, root: Option<&Path>) -> PathBuf {
    let p = PathBuf::from(name);
    match root {
        Some(r) if p.is_relative() => r.join(p),
        _ => p,
    }
}

/// The local path of a `file:` URI.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // Skip an authority ("localhost"); the path starts at the next '/'.
    let path = &rest[rest.find('/')?..];
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut bytes = Vec::with_capacity(path.len());
    let b = path.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                bytes.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        bytes.push(b[i]);
        i += 1;
    }
    let mut s = String::from_utf8(bytes).ok()?;
    // "/C:/dir" on Windows.
    if cfg!(windows) && s.len() >= 3 && s.as_bytes()[2] == b':' {
        s.remove(0);
    }
    Some(PathBuf::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_under_namefix_or_bare() {
        let a =
            Settings::from_value(&json!({"namefix": {"threshold": 0.9, "ignoreKinds": ["place"]}}))
                .unwrap();
        let b = Settings::from_value(&json!({"threshold": 0.9, "ignoreKinds": ["place"]})).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.threshold, Some(0.9));
        assert_eq!(
            Settings::from_value(&Value::Null).unwrap(),
            Settings::default()
        );
        assert!(Settings::from_value(&json!({"threshold": "high"})).is_err());
        assert_eq!(a.severity(), DiagnosticSeverity::INFORMATION);
    }

    #[test]
    fn file_uris() {
        assert_eq!(
            uri_to_path("file:///tmp/a%20b/c.txt"),
            Some(PathBuf::from("/tmp/a b/c.txt"))
        );
        assert_eq!(
            uri_to_path("file://localhost/tmp/x"),
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(uri_to_path("untitled:1"), None);
    }

    #[test]
    fn ignore_file_round_trip() {
        let dir = std::env::temp_dir().join(format!("namefix-ls-ignore-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let f = dir.join(IGNORE_FILE);
        let _ = fs::remove_file(&f);
        assert!(read_ignore_file(&f).is_empty());
        add_to_ignore_file(&f, "tv:1").unwrap();
        add_to_ignore_file(&f, "tv:1").unwrap();
        add_to_ignore_file(&f, "person:2").unwrap();
        assert_eq!(read_ignore_file(&f), ["tv:1", "person:2"]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
