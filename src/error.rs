//! The crate's one error type.

use std::fmt;

/// What went wrong, for callers that want to branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexicon line or record could not be parsed (wrong column count, bad kind, bad weight, bad JSON, ...).
    Parse,
    /// Two entities share one id.
    DuplicateId,
    /// An entity has an empty id or an empty name.
    Empty,
    /// An input exceeds a documented limit (line length, lexicon size, ...).
    TooLarge,
    /// Saved index bytes are not a namefix index, come from another format version, or are
    /// truncated or corrupt ([`Matcher::load`](crate::Matcher::load)).
    Format,
    /// A file could not be read or written.
    Io,
}

/// An error building a lexicon or matcher.
///
/// Its `Display` says what is wrong and, for lexicon text, on which line (1-based):
///
/// ```
/// let err = namefix::Lexicon::from_tsv("a\tAlpha\n\tNo id\n").unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert_eq!(err.kind(), namefix::ErrorKind::Empty);
/// assert_eq!(err.to_string(), "line 2: empty id");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    line: Option<usize>,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            line: None,
            message: message.into(),
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The 1-based line of the lexicon text the error is about, if any.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The message without the line prefix.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}
