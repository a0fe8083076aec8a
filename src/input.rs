//! Lexicon text given as bytes: invalid UTF-8 is reported with its line number.

use crate::error::{Error, ErrorKind};
use crate::lexicon::LexiconBuilder;

/// The bytes as UTF-8, or a parse error naming the 1-based line (and the byte offset) of the
/// first invalid sequence.
fn utf8(bytes: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
        Error::new(
            ErrorKind::Parse,
            format!("invalid UTF-8 (at byte offset {at})"),
        )
        .at_line(line)
    })
}

impl LexiconBuilder {
    /// [`add_tsv`](Self::add_tsv) for bytes read from a file: invalid UTF-8 is an error that
    /// names its line.
    ///
    /// ```
    /// let mut b = namefix::Lexicon::builder();
    /// let err = b.add_tsv_bytes(b"a\tAlpha\nb\tBe\xfft\n").unwrap_err();
    /// assert_eq!(err.line(), Some(2));
    /// assert_eq!(err.to_string(), "line 2: invalid UTF-8 (at byte offset 12)");
    /// ```
    pub fn add_tsv_bytes(&mut self, bytes: &[u8]) -> Result<&mut LexiconBuilder, Error> {
        self.add_tsv(utf8(bytes)?)
    }

    /// [`add_jsonl`](Self::add_jsonl) for bytes read from a file: invalid UTF-8 is an error
    /// that names its line. (Feature `jsonl`, on by default.)
    ///
    /// ```
    /// let mut b = namefix::Lexicon::builder();
    /// let err = b.add_jsonl_bytes(b"{\"id\": \"a\", \"name\": \"\xff\"}").unwrap_err();
    /// assert_eq!(err.line(), Some(1));
    /// ```
    #[cfg(feature = "jsonl")]
    pub fn add_jsonl_bytes(&mut self, bytes: &[u8]) -> Result<&mut LexiconBuilder, Error> {
        self.add_jsonl(utf8(bytes)?)
    }
}
