//! Open documents: applying edits, and converting between byte offsets and LSP positions in
//! the negotiated position encoding.

use lsp_types::{Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent};
use namefix::LineIndex;

/// The unit of LSP `Position.character`, negotiated at `initialize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Bytes of UTF-8.
    Utf8,
}

impl Encoding {
    /// UTF-8 when the client offers it (`general.positionEncodings`), else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The LSP name of the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }
}

/// Converts positions of one text; build it once per text version.
#[derive(Debug)]
pub struct Positions<'t> {
    text: &'t str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'t> Positions<'t> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'t str, encoding: Encoding) -> Positions<'t> {
        Positions {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The position of byte offset `byte`.
    pub fn position(&self, byte: usize) -> Position {
        let (line, col) = match self.encoding {
            Encoding::Utf16 => self.index.line_col_utf16(self.text, byte),
            Encoding::Utf8 => self.index.line_col_utf8(byte),
        };
        Position::new(line as u32, col as u32)
    }

    /// The range of a byte span.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a position: a column past the line's end means the line's end, a
    /// line past the last means the end of the text.
    pub fn offset(&self, pos: Position) -> usize {
        let (line, col) = (pos.line as usize, pos.character as usize);
        let found = match self.encoding {
            Encoding::Utf16 => self.index.offset_utf16(self.text, line, col),
            Encoding::Utf8 => self.index.offset_utf8(self.text, line, col),
        };
        found.unwrap_or(self.text.len())
    }
}

/// Applies one `didChange` content change to `text`: a range edit, or the whole text when the
/// change has no range.
pub fn apply_change(text: &mut String, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        None => {
            text.clear();
            text.push_str(&change.text);
        }
        Some(range) => {
            let (a, b) = {
                let p = Positions::new(text, enc);
                (p.offset(range.start), p.offset(range.end))
            };
            let (a, b) = (a.min(b), a.max(b));
            text.replace_range(a..b, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, t: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: t.to_string(),
        }
    }

    #[test]
    fn negotiation() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
    }

    #[test]
    fn edits_in_both_encodings() {
        // "😀" is 2 UTF-16 units and 4 bytes; "中" is 1 unit and 3 bytes.
        let mut t = String::from("a\n😀中 joe locke\n");
        apply_change(&mut t, &change(1, 4, 1, 5, "J"), Encoding::Utf16);
        assert_eq!(t, "a\n😀中 Joe locke\n");
        apply_change(&mut t, &change(1, 12, 1, 13, "L"), Encoding::Utf8);
        assert_eq!(t, "a\n😀中 Joe Locke\n");
        // Past the line's end: the line's end; past the last line: the text's end.
        apply_change(&mut t, &change(0, 99, 0, 99, "!"), Encoding::Utf16);
        apply_change(&mut t, &change(9, 0, 9, 0, "end"), Encoding::Utf16);
        assert_eq!(t, "a!\n😀中 Joe Locke\nend");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        };
        apply_change(&mut t, &whole, Encoding::Utf8);
        assert_eq!(t, "new");
    }

    #[test]
    fn positions_round_trip() {
        let t = "x\r\n😀中 joe\n";
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let p = Positions::new(t, enc);
            for (i, _) in t.char_indices() {
                assert_eq!(p.offset(p.position(i)), i, "{enc:?} {i}");
            }
        }
        let p = Positions::new(t, Encoding::Utf16);
        assert_eq!(p.position(t.find("joe").unwrap()), Position::new(1, 4));
        let p = Positions::new(t, Encoding::Utf8);
        assert_eq!(p.position(t.find("joe").unwrap()), Position::new(1, 8));
    }
}
