//! Settings (from `initializationOptions` and `workspace/didChangeConfiguration`, under the
//! key `"namefix"`), the workspace's `namefix.toml` and ignore file, and building the checker
//! they describe.
//!
//! The configuration file, the ignore file and the scan options they give are read by
//! `namefix::config`, the same code as the CLI's. Invalid settings are reported (as a
//! `window/showMessage`), never silently clamped; an invalid value is not applied.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use lsp_types::DiagnosticSeverity;
use namefix::config::Config;
use namefix::filetype::FileType;
use namefix::{Kind, LexiconBuilder, Matcher, ScanOptions};
use serde::Deserialize;
use serde_json::Value;

use crate::engine::{Checker, MatcherRef};

pub use namefix::config::IGNORE_FILE;
/// Default quiet time after an edit before re-checking.
pub const DEFAULT_DEBOUNCE_MS: u64 = 150;

/// The server's settings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Extra lexicon files (TSV, or JSON Lines for `.jsonl`/`.ndjson`/`.json`), ADDED to the
    /// bundled lexicon (like the CLI's `--add-lexicon` and `add-lexicons` in namefix.toml);
    /// relative paths are resolved against the workspace root.
    pub lexicons: Vec<String>,
    /// Lowest score of a fix in running text, in [0, 1] (default 0.85, or namefix.toml's).
    pub threshold: Option<f64>,
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

    /// What is wrong with the settings (each named by its key); the values in question are
    /// not applied.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(t) = self.threshold {
            if let Err(e) = namefix::config::threshold(t) {
                out.push(format!("namefix: invalid setting threshold: {e}"));
            }
        }
        if let Some(s) = &self.severity {
            if !matches!(
                s.to_ascii_lowercase().as_str(),
                "error" | "warning" | "information" | "info" | "hint"
            ) {
                out.push(format!(
                    "namefix: invalid setting severity: {s:?} (expected error, warning, information or hint)"
                ));
            }
        }
        for k in &self.ignore_kinds {
            if let Err(e) = k.parse::<Kind>() {
                out.push(format!("namefix: invalid setting ignoreKinds: {e}"));
            }
        }
        out
    }

    /// The valid threshold, if one is set.
    pub fn valid_threshold(&self) -> Option<f32> {
        self.threshold
            .and_then(|t| namefix::config::threshold(t).ok())
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

/// The workspace's `namefix.toml` (the nearest at or above the root), or an error naming the
/// file and key.
pub fn workspace_config(root: Option<&Path>) -> Result<Option<Config>, String> {
    let Some(path) = root.and_then(Config::find) else {
        return Ok(None);
    };
    Config::load(&path)
        .map(Some)
        .map_err(|e| format!("namefix: invalid configuration: {e}"))
}

/// The type of a document: by namefix.toml's `[file-types]`, else by extension.
pub fn file_type(config: Option<&Config>, path: Option<&Path>) -> FileType {
    match (config, path) {
        (Some(c), Some(p)) => c.file_type(p),
        (None, Some(p)) => FileType::from_path(p),
        (_, None) => FileType::Text,
    }
}

/// The entity ids listed in an ignore file (none if it does not exist or cannot be read).
pub fn read_ignore_file(path: &Path) -> Vec<String> {
    namefix::config::read_ignore_file(path).unwrap_or_default()
}

/// Appends `id` to the ignore file (creating it), unless it is already listed.
pub fn add_to_ignore_file(path: &Path, id: &str) -> io::Result<()> {
    namefix::config::add_to_ignore_file(path, id)
}

/// The matcher for the settings' lexicons and the configuration file's: the bundled one
/// alone; or the bundled entities (none when namefix.toml's `lexicons` replaces them) plus
/// every file that loads. Each file that does not load (unreadable, or a bad line) is
/// skipped and described in the returned messages, naming the file and line.
pub fn build_matcher(
    lexicons: &[String],
    config: Option<&Config>,
    root: Option<&Path>,
) -> (MatcherRef, Vec<String>) {
    let replace: &[PathBuf] = config.map_or(&[], |c| &c.lexicons);
    let mut files: Vec<PathBuf> = replace.to_vec();
    files.extend(
        config
            .map_or(&[][..], |c| &c.add_lexicons[..])
            .iter()
            .cloned(),
    );
    files.extend(lexicons.iter().map(|n| resolve(n, root)));
    if files.is_empty() {
        return (MatcherRef::Bundled, Vec::new());
    }
    let mut problems = Vec::new();
    let mut builder = LexiconBuilder::new();
    if replace.is_empty() {
        for e in Matcher::bundled().lexicon().entities() {
            // The bundled lexicon has unique, valid ids.
            let _ = builder.push(e.clone());
        }
    }
    for path in files {
        let bytes = match fs::read(&path) {
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
            trial.add_jsonl_bytes(&bytes).map(|_| ())
        } else {
            trial.add_tsv_bytes(&bytes).map(|_| ())
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

/// Scan options for the settings, the configuration file and the ignore file's ids (with
/// `namefix::config::scan_options`, as the CLI builds them); invalid settings are described in
/// `problems` and not applied. The editor's threshold, when set, wins over namefix.toml's.
pub fn scan_options(
    settings: &Settings,
    config: Option<&Config>,
    ignored_ids: &[String],
    checker: &Checker,
    problems: &mut Vec<String>,
) -> ScanOptions {
    problems.extend(settings.problems());
    let mut kinds: Vec<Kind> = settings
        .ignore_kinds
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect();
    if let Some(c) = config {
        kinds.extend(&c.ignore_kinds);
    }
    let threshold = settings
        .valid_threshold()
        .or(config.and_then(|c| c.threshold));
    let entries = settings
        .ignore
        .iter()
        .chain(config.map(|c| &c.ignore).into_iter().flatten())
        .chain(ignored_ids);
    namefix::config::scan_options(checker.matcher(), threshold, &kinds, entries)
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
        assert!(a.problems().is_empty());
        let bad = Settings::from_value(&json!({"threshold": 7, "severity": "loud"})).unwrap();
        assert_eq!(bad.problems().len(), 2, "{:?}", bad.problems());
        assert_eq!(bad.valid_threshold(), None);
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
