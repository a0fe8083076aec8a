//! Converting byte offsets into the positions editors use: UTF-16 offsets, char offsets, and
//! (line, UTF-16 column) pairs as in the Language Server Protocol.

/// The UTF-16 offset (JavaScript string index) of byte offset `byte` in `text`.
/// A `byte` inside a character or past the end is clamped down to the previous boundary.
///
/// ```
/// let text = "😀 Olivia";
/// assert_eq!(namefix::utf16_offset(text, 5), 3); // the emoji is 4 bytes, 2 UTF-16 units
/// ```
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    text[..floor_boundary(text, byte)]
        .chars()
        .map(char::len_utf16)
        .sum()
}

/// The char (Unicode scalar value) offset of byte offset `byte` in `text`, clamped like
/// [`utf16_offset`].
///
/// ```
/// assert_eq!(namefix::char_offset("é a", 3), 2);
/// ```
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..floor_boundary(text, byte)].chars().count()
}

/// The byte offset of a UTF-16 offset, clamped to the text (and down to a char boundary when
/// it falls between the two halves of a surrogate pair).
///
/// ```
/// let text = "😀 Olivia";
/// assert_eq!(namefix::byte_offset_from_utf16(text, 3), 5);
/// ```
pub fn byte_offset_from_utf16(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
        if units > utf16 {
            return i;
        }
    }
    text.len()
}

fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Line starts of a text, for converting many byte offsets to (line, column) quickly.
///
/// Lines are split at `\n` (a `\r` before it belongs to the line's end); lines and columns
/// are 0-based, columns in UTF-16 code units (LSP's default) or bytes (LSP's `utf-8`).
///
/// ```
/// use namefix::LineIndex;
/// let text = "first line\n😀 joe locke\n";
/// let idx = LineIndex::new(text);
/// let byte = text.find("joe").unwrap();
/// assert_eq!(idx.line_col_utf16(text, byte), (1, 3));
/// assert_eq!(idx.line_col_utf8(byte), (1, 5));
/// assert_eq!(idx.offset_utf16(text, 1, 3), Some(byte));
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte offset `byte` (clamped to the text).
    pub fn line_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        self.starts.partition_point(|&s| s <= byte) - 1
    }

    /// Byte offset where 0-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// (line, UTF-16 column) of byte offset `byte` in `text` (the text this index was built
    /// from).
    pub fn line_col_utf16(&self, text: &str, byte: usize) -> (usize, usize) {
        let byte = floor_boundary(text, byte);
        let line = self.line_of(byte);
        let start = self.starts[line];
        (line, utf16_offset(&text[start..], byte - start))
    }

    /// (line, byte column) of byte offset `byte`.
    pub fn line_col_utf8(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.len);
        let line = self.line_of(byte);
        (line, byte - self.starts[line])
    }

    /// The byte offset of (line, UTF-16 column), clamped to the line's end; `None` for a
    /// line past the end.
    pub fn offset_utf16(&self, text: &str, line: usize, col: usize) -> Option<usize> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(self.len, |&e| e - 1);
        let end = end.max(start).min(text.len());
        Some(start + byte_offset_from_utf16(&text[start..end], col))
    }

    /// The byte offset of (line, byte column), clamped to the line's end and down to a char
    /// boundary; `None` for a line past the end.
    pub fn offset_utf8(&self, text: &str, line: usize, col: usize) -> Option<usize> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(self.len, |&e| e - 1);
        Some(floor_boundary(text, (start + col).min(end.max(start))))
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i + 1)
}
