//! The configuration file and the ignore file, as the CLI and the language server read them
//! (feature `config`).
//!
//! **`namefix.toml`** is looked for in the directory of each checked file and then upward
//! ([`Config::find`]); the nearest one applies, alone (files are not merged). Every key is
//! optional; an unknown key or a bad value is an error naming the file and the key:
//!
//! ```toml
//! # Lexicon files, relative to this file. `lexicons` REPLACES the bundled lexicon (like the
//! # CLI's --lexicon); `add-lexicons` ADDS to it (like --add-lexicon and the language
//! # server's "lexicons" setting).
//! lexicons = []
//! add-lexicons = ["names.tsv"]
//! # Entity ids (or names) never proposed, and kinds never proposed.
//! ignore = ["tv:the-crown"]
//! ignore-kinds = ["place"]
//! # Lowest score of a fix in running text, in [0, 1] (default 0.85).
//! threshold = 0.9
//! # File types by glob (relative to this file): text, markdown, rust, python, javascript.
//! [file-types]
//! "*.mdx" = "markdown"
//! "notes/*.txt" = "markdown"
//! ```
//!
//! **`.namefix-ignore`**, beside the configuration file or in the workspace root, lists entity
//! ids (or names) never proposed, one a line, `#` starting a comment; the language server's
//! "ignore" code action appends to it.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::filetype::FileType;
use crate::{normalize, Kind, Matcher, ScanOptions};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "namefix.toml";
/// The ignore file's name.
pub const IGNORE_FILE: &str = ".namefix-ignore";

/// An invalid configuration: the file, the key (if the problem is one key's) and what is
/// wrong. Its `Display` is `file: key: message`.
///
/// ```
/// use namefix::config::Config;
/// let err = Config::parse("threshold = 5", "namefix.toml".as_ref()).unwrap_err();
/// assert_eq!(err.key(), Some("threshold"));
/// assert_eq!(
///     err.to_string(),
///     "namefix.toml: threshold: must be a number in [0, 1], not 5"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    path: PathBuf,
    key: Option<String>,
    message: String,
}

impl ConfigError {
    fn new(path: &Path, key: Option<&str>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            key: key.map(str::to_string),
            message: message.into(),
        }
    }

    /// The configuration file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key whose value is wrong, if any.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{}: {k}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A threshold setting: a finite number in [0, 1], else an error message (settings are never
/// silently clamped).
///
/// ```
/// use namefix::config::threshold;
/// assert_eq!(threshold(0.9), Ok(0.9));
/// assert!(threshold(5.0).is_err());
/// assert!(threshold(f64::NAN).is_err());
/// ```
pub fn threshold(value: f64) -> Result<f32, String> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value as f32)
    } else {
        Err(format!("must be a number in [0, 1], not {value}"))
    }
}

/// A configuration: the settings of a `namefix.toml`, or the defaults.
#[derive(Clone, Debug, Default)]
pub struct Config {
    path: Option<PathBuf>,
    /// Lexicon files that replace the bundled lexicon (absolute, or relative to the current
    /// directory when the configuration has no file).
    pub lexicons: Vec<PathBuf>,
    /// Lexicon files added to the bundled lexicon (or to `lexicons`).
    pub add_lexicons: Vec<PathBuf>,
    /// Entity ids or names never proposed.
    pub ignore: Vec<String>,
    /// Kinds never proposed.
    pub ignore_kinds: Vec<Kind>,
    /// Lowest score of a fix in running text.
    pub threshold: Option<f32>,
    file_types: Vec<(globset::GlobMatcher, FileType)>,
}

impl Config {
    /// The configuration file that applies to `path` (a file or a directory): `namefix.toml`
    /// in its directory or the nearest one above.
    pub fn find(path: &Path) -> Option<PathBuf> {
        let start = if path.is_dir() {
            Some(path)
        } else {
            path.parent()
        };
        let start = start.map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })?;
        let start = fs::canonicalize(start).ok()?;
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|f| f.is_file())
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = fs::read_to_string(path)
            .map_err(|e| ConfigError::new(path, None, format!("cannot read: {e}")))?;
        Config::parse(&text, path)
    }

    /// Parses and validates configuration text read from `path` (relative paths in it are
    /// resolved against `path`'s directory).
    ///
    /// ```
    /// use namefix::config::Config;
    /// use namefix::filetype::FileType;
    /// let c = Config::parse(
    ///     "threshold = 0.9\nignore-kinds = [\"place\"]\n[file-types]\n\"*.mdx\" = \"markdown\"\n",
    ///     "/proj/namefix.toml".as_ref(),
    /// )?;
    /// assert_eq!(c.threshold, Some(0.9));
    /// assert_eq!(c.file_type("/proj/docs/a.mdx".as_ref()), FileType::Markdown);
    /// assert_eq!(c.file_type("/proj/a.rs".as_ref()), FileType::Rust);
    /// assert!(Config::parse("treshold = 0.9", "x.toml".as_ref()).is_err());
    /// # Ok::<(), namefix::config::ConfigError>(())
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::new(path, None, e.to_string()))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut c = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        let strings = |key: &str, v: &toml::Value| -> Result<Vec<String>, ConfigError> {
            let arr = v
                .as_array()
                .ok_or_else(|| ConfigError::new(path, Some(key), "must be an array of strings"))?;
            arr.iter()
                .map(|x| {
                    x.as_str().map(str::to_string).ok_or_else(|| {
                        ConfigError::new(path, Some(key), "must be an array of strings")
                    })
                })
                .collect()
        };
        for (key, value) in &table {
            match key.as_str() {
                "lexicons" => {
                    c.lexicons = strings(key, value)?.iter().map(|s| dir.join(s)).collect()
                }
                "add-lexicons" => {
                    c.add_lexicons = strings(key, value)?.iter().map(|s| dir.join(s)).collect()
                }
                "ignore" => c.ignore = strings(key, value)?,
                "ignore-kinds" => {
                    for k in strings(key, value)? {
                        let kind = k
                            .parse::<Kind>()
                            .map_err(|e| ConfigError::new(path, Some(key), e.to_string()))?;
                        c.ignore_kinds.push(kind);
                    }
                }
                "threshold" => {
                    let t = match value {
                        toml::Value::Float(f) => *f,
                        toml::Value::Integer(i) => *i as f64,
                        _ => {
                            return Err(ConfigError::new(
                                path,
                                Some(key),
                                "must be a number in [0, 1]",
                            ))
                        }
                    };
                    c.threshold =
                        Some(threshold(t).map_err(|m| ConfigError::new(path, Some(key), m))?);
                }
                "file-types" => {
                    let t = value.as_table().ok_or_else(|| {
                        ConfigError::new(path, Some(key), "must be a table of glob = \"type\"")
                    })?;
                    for (glob, ty) in t {
                        let k = format!("file-types.{glob:?}");
                        let ty = ty
                            .as_str()
                            .ok_or_else(|| ConfigError::new(path, Some(&k), "must be a string"))?
                            .parse::<FileType>()
                            .map_err(|e| ConfigError::new(path, Some(&k), e.to_string()))?;
                        let m = globset::Glob::new(glob)
                            .map_err(|e| ConfigError::new(path, Some(&k), e.to_string()))?
                            .compile_matcher();
                        c.file_types.push((m, ty));
                    }
                }
                _ => {
                    return Err(ConfigError::new(
                        path,
                        Some(key),
                        "unknown key (expected lexicons, add-lexicons, ignore, ignore-kinds, \
                         threshold or file-types)",
                    ))
                }
            }
        }
        Ok(c)
    }

    /// The configuration file this came from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The type of a file: the first `[file-types]` glob that matches its path relative to
    /// the configuration's directory (or its name), else by extension
    /// ([`FileType::from_path`]).
    pub fn file_type(&self, file: &Path) -> FileType {
        let dir = self.path.as_deref().and_then(Path::parent);
        let rel = dir.and_then(|d| file.strip_prefix(d).ok()).unwrap_or(file);
        let name = file.file_name().map(Path::new);
        for (m, ty) in &self.file_types {
            if m.is_match(rel) || name.is_some_and(|n| m.is_match(n)) {
                return *ty;
            }
        }
        FileType::from_path(file)
    }

    /// The ignore file that goes with this configuration: `.namefix-ignore` beside it, if it
    /// exists.
    pub fn ignore_file(&self) -> Option<PathBuf> {
        let f = self.path.as_deref()?.parent()?.join(IGNORE_FILE);
        f.is_file().then_some(f)
    }
}

/// The entries of an ignore file (ids or names; an absent file lists none).
///
/// ```
/// let p = std::env::temp_dir().join(format!("namefix-doc-ignore-{}", std::process::id()));
/// std::fs::write(&p, "tv:1  # a show\n\n# comment\nperson:2\n").unwrap();
/// assert_eq!(namefix::config::read_ignore_file(&p).unwrap(), ["tv:1", "person:2"]);
/// std::fs::remove_file(&p).unwrap();
/// ```
pub fn read_ignore_file(path: &Path) -> io::Result<Vec<String>> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

/// Appends `id` to the ignore file (creating it), unless it is already listed.
pub fn add_to_ignore_file(path: &Path, id: &str) -> io::Result<()> {
    if read_ignore_file(path)?.iter().any(|l| l == id) {
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

/// Scan options: the threshold (if any), ignored kinds, and ignored entries, each an entity
/// id of `matcher`'s lexicon or a name (see [`ignored_ids`]).
///
/// ```
/// use namefix::config::scan_options;
/// use namefix::Matcher;
/// let m = Matcher::bundled();
/// let opts = scan_options(m, None, &[], ["Heartstopper"]);
/// assert!(m.check_with("We watched heart stopper.", &opts).is_empty());
/// ```
pub fn scan_options<S: AsRef<str>>(
    matcher: &Matcher,
    threshold: Option<f32>,
    kinds: &[Kind],
    ignore: impl IntoIterator<Item = S>,
) -> ScanOptions {
    let mut opts = ScanOptions::new();
    if let Some(t) = threshold {
        opts.threshold(t);
    }
    for &k in kinds {
        opts.ignore_kind(k);
    }
    for id in ignored_ids(matcher, ignore) {
        opts.ignore_id(id);
    }
    opts
}

/// The entity ids that ignore entries stand for: each entry is an id of `matcher`'s lexicon,
/// or a name, which stands for every entity with a name or alias that folds alike. Entries
/// that match nothing stay listed as ids (harmless; an entity added later may have that id).
///
/// ```
/// use namefix::config::ignored_ids;
/// use namefix::{Lexicon, Matcher};
/// let m = Matcher::new(Lexicon::from_tsv("tv:hs\tHeartstopper\nb:hs\tHeart-Stopper\n")?);
/// let ids = ignored_ids(&m, ["heartstopper", "x:1"]);
/// assert!(ids.contains("tv:hs") && ids.contains("b:hs") && ids.contains("x:1"));
/// # Ok::<(), namefix::Error>(())
/// ```
pub fn ignored_ids<S: AsRef<str>>(
    matcher: &Matcher,
    ignore: impl IntoIterator<Item = S>,
) -> std::collections::BTreeSet<String> {
    resolve_ignores(matcher, ignore).0
}

/// The ignore entries that stand for no entity of `matcher`'s lexicon: neither one of its ids
/// nor a name or alias of one (up to case, spacing and punctuation), in the order given. They
/// change nothing, so a front end warns about them: most are a mistyped id ("tv:the-crown" for
/// `tv:The_Crown`).
///
/// ```
/// use namefix::config::unknown_ignores;
/// use namefix::{Lexicon, Matcher};
/// let m = Matcher::new(Lexicon::from_tsv("tv:hs\tHeartstopper\n")?);
/// assert_eq!(unknown_ignores(&m, ["tv:hs", "heart-stopper", "tv:HS"]), ["tv:HS"]);
/// # Ok::<(), namefix::Error>(())
/// ```
pub fn unknown_ignores<S: AsRef<str>>(
    matcher: &Matcher,
    ignore: impl IntoIterator<Item = S>,
) -> Vec<String> {
    resolve_ignores(matcher, ignore).1
}

/// Both at once, with one pass over the lexicon (only when an entry is not an id): the ids
/// the entries stand for, as [`ignored_ids`] gives them, and the entries that stand for no
/// entity, as [`unknown_ignores`] gives them.
///
/// ```
/// use namefix::config::resolve_ignores;
/// use namefix::{Lexicon, Matcher};
/// let m = Matcher::new(Lexicon::from_tsv("tv:hs\tHeartstopper\n")?);
/// let (ids, unknown) = resolve_ignores(&m, ["heart-stopper", "x:1"]);
/// assert!(ids.contains("tv:hs") && ids.contains("x:1"));
/// assert_eq!(unknown, ["x:1"]);
/// # Ok::<(), namefix::Error>(())
/// ```
pub fn resolve_ignores<S: AsRef<str>>(
    matcher: &Matcher,
    ignore: impl IntoIterator<Item = S>,
) -> (std::collections::BTreeSet<String>, Vec<String>) {
    let lexicon = matcher.lexicon();
    let mut ids = std::collections::BTreeSet::new();
    // The entries that are no id, with their keys (empty for an entry that folds to nothing).
    let mut names: Vec<(String, String)> = Vec::new();
    for entry in ignore {
        let entry = entry.as_ref().trim();
        if entry.is_empty() {
            continue;
        }
        ids.insert(entry.to_string());
        if lexicon.get(entry).is_none() {
            names.push((entry.to_string(), normalize::key(entry)));
        }
    }
    // One pass over the lexicon, only when names are listed: every entity with a name or
    // alias of such a key, and which keys name one.
    let keys: rustc_hash::FxHashSet<&str> = names
        .iter()
        .map(|(_, k)| k.as_str())
        .filter(|k| !k.is_empty())
        .collect();
    let mut named: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
    if !keys.is_empty() {
        for e in lexicon.entities() {
            for n in std::iter::once(e.name()).chain(e.aliases()) {
                let k = normalize::key(n);
                if keys.contains(k.as_str()) {
                    ids.insert(e.id().to_string());
                    named.insert(k);
                }
            }
        }
    }
    let unknown = names
        .into_iter()
        .filter(|(_, k)| k.is_empty() || !named.contains(k))
        .map(|(entry, _)| entry)
        .collect();
    (ids, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ConfigError {
        Config::parse(text, Path::new("/p/namefix.toml")).unwrap_err()
    }

    #[test]
    fn invalid_settings_name_their_key() {
        assert_eq!(err("threshold = nan").key(), Some("threshold"));
        assert_eq!(err("threshold = -0.1").key(), Some("threshold"));
        assert_eq!(err("threshold = \"high\"").key(), Some("threshold"));
        assert_eq!(
            err("ignore-kinds = [\"planet\"]").key(),
            Some("ignore-kinds")
        );
        assert_eq!(err("ignore = \"tv:1\"").key(), Some("ignore"));
        assert_eq!(err("colour = true").key(), Some("colour"));
        assert_eq!(
            err("[file-types]\n\"*.x\" = \"cobol\"").key(),
            Some("file-types.\"*.x\"")
        );
        assert_eq!(err("threshold = ").key(), None);
    }

    #[test]
    fn paths_are_relative_to_the_file() {
        let c = Config::parse(
            "lexicons = [\"a.tsv\"]\nadd-lexicons = [\"/abs/b.tsv\"]\nthreshold = 1",
            Path::new("/p/namefix.toml"),
        )
        .unwrap();
        assert_eq!(c.lexicons, [PathBuf::from("/p/a.tsv")]);
        assert_eq!(c.add_lexicons, [PathBuf::from("/abs/b.tsv")]);
        assert_eq!(c.threshold, Some(1.0));
    }
}
