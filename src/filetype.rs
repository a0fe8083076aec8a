//! Checking files: only the prose of a file is checked (feature `filetype`).
//!
//! * **Markdown**: the text of paragraphs, headings, lists, tables, emphasis and link texts;
//!   not code blocks, inline code, HTML (blocks, inline tags, comments), link targets and
//!   reference definitions, autolinks, or front matter (YAML `---` or TOML `+++`). Parsed
//!   with pulldown-cmark.
//! * **Source code** (Rust, Python, JavaScript/TypeScript): comments and string literals
//!   only; escape sequences inside strings are not prose.
//! * **Plain text**: everything.
//!
//! In every type, URLs (`https://...`, `www....`) and backslash commands (`\section`, `\ze`)
//! are not prose, and two inline directives, written anywhere on a line (usually in a
//! comment), leave lines alone: `namefix:ignore` (this line) and `namefix:ignore-next-line`
//! (the next line).
//!
//! The file's *masked* text ([`Prose::masked`]) has the same bytes as the file where it is
//! prose and spaces elsewhere (line breaks kept), so byte offsets, lines and columns are the
//! file's own; [`check`] scans it with [`Matcher::check_with`] and keeps the corrections that
//! lie wholly in prose.
//!
//! ```
//! use namefix::filetype::{self, FileType};
//! use namefix::{Matcher, ScanOptions};
//!
//! let text = "We watched heart stopper.\n\n```\nlet heart stopper = 1;\n```\n";
//! let fixes = filetype::check(Matcher::bundled(), text, FileType::Markdown, &ScanOptions::new());
//! assert_eq!(fixes.len(), 1);
//! assert_eq!((fixes[0].start(), fixes[0].replacement()), (11, "Heartstopper"));
//! ```

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};
use crate::{Correction, Matcher, ScanOptions};

/// The kind of file, which decides what of it is prose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileType {
    /// Plain text: all prose.
    #[default]
    Text,
    /// Markdown (CommonMark with tables, footnotes and front matter).
    Markdown,
    /// Rust source: comments and string literals.
    Rust,
    /// Python source: comments and string literals.
    Python,
    /// JavaScript or TypeScript source: comments, string and template literals.
    JavaScript,
}

impl FileType {
    /// Every file type.
    pub const ALL: [FileType; 5] = [
        FileType::Text,
        FileType::Markdown,
        FileType::Rust,
        FileType::Python,
        FileType::JavaScript,
    ];

    /// The type's name: `text`, `markdown`, `rust`, `python`, `javascript`.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Text => "text",
            FileType::Markdown => "markdown",
            FileType::Rust => "rust",
            FileType::Python => "python",
            FileType::JavaScript => "javascript",
        }
    }

    /// The type of a file from its extension: `.md`/`.markdown`/`.mdown`/`.mkd` are
    /// Markdown, `.rs` Rust, `.py`/`.pyi` Python, `.js`/`.mjs`/`.cjs`/`.jsx`/`.ts`/`.mts`/
    /// `.cts`/`.tsx` JavaScript; anything else is plain text.
    ///
    /// ```
    /// use namefix::filetype::FileType;
    /// assert_eq!(FileType::from_path("docs/README.md".as_ref()), FileType::Markdown);
    /// assert_eq!(FileType::from_path("src/app.tsx".as_ref()), FileType::JavaScript);
    /// assert_eq!(FileType::from_path("notes.txt".as_ref()), FileType::Text);
    /// ```
    pub fn from_path(path: &Path) -> FileType {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" => FileType::Markdown,
            "rs" => FileType::Rust,
            "py" | "pyi" => FileType::Python,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => FileType::JavaScript,
            _ => FileType::Text,
        }
    }
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FileType {
    type Err = Error;

    /// A type by name (as [`FileType::as_str`] gives it; also `md`, `txt`, `rs`, `py`, `js`,
    /// `typescript`, `ts`), case-insensitive.
    ///
    /// ```
    /// use namefix::filetype::FileType;
    /// assert_eq!("Markdown".parse::<FileType>().unwrap(), FileType::Markdown);
    /// assert!("cobol".parse::<FileType>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<FileType, Error> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => FileType::Text,
            "markdown" | "md" => FileType::Markdown,
            "rust" | "rs" => FileType::Rust,
            "python" | "py" => FileType::Python,
            "javascript" | "js" | "typescript" | "ts" => FileType::JavaScript,
            _ => {
                return Err(Error::new(
                    ErrorKind::Parse,
                    format!(
                    "unknown file type {s:?} (expected text, markdown, rust, python or javascript)"
                ),
                ))
            }
        })
    }
}

/// The prose of a file: its masked text and the byte ranges that are not prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prose {
    masked: String,
    /// Sorted, disjoint, non-empty.
    hidden: Vec<Range<usize>>,
}

impl Prose {
    /// Finds the prose of `text`, a file of type `file_type`.
    ///
    /// ```
    /// use namefix::filetype::{FileType, Prose};
    /// let p = Prose::new("see `heart stopper` or <https://x.org/a>", FileType::Markdown);
    /// assert_eq!(p.masked(), format!("see{}or{}", " ".repeat(17), " ".repeat(18)));
    /// assert!(p.is_prose(0..3));
    /// assert!(!p.is_prose(4..10));
    /// ```
    pub fn new(text: &str, file_type: FileType) -> Prose {
        let mut hidden = Vec::new();
        match file_type {
            FileType::Text => {}
            FileType::Markdown => markdown(text, &mut hidden),
            FileType::Rust => code(text, Lang::Rust, &mut hidden),
            FileType::Python => code(text, Lang::Python, &mut hidden),
            FileType::JavaScript => code(text, Lang::JavaScript, &mut hidden),
        }
        let hidden = normalise(hidden);
        // Within prose: URLs and backslash commands.
        let mut more = Vec::new();
        for r in complement(&hidden, text.len()) {
            inline_noise(text, r, &mut more);
        }
        directives(text, &mut more);
        hidden.iter().cloned().for_each(|r| more.push(r));
        let hidden = normalise(more);
        let mut bytes = text.as_bytes().to_vec();
        for r in &hidden {
            for b in &mut bytes[r.clone()] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        // Every hidden range starts and ends on a char boundary (the cuts are at ASCII
        // delimiters, pulldown-cmark's event boundaries, or line ends), and the bytes inside are
        // replaced by ASCII, so the result is UTF-8; fall back to a lossy conversion anyway.
        let masked = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Prose { masked, hidden }
    }

    /// The text with everything that is not prose replaced by spaces (line breaks kept): the
    /// same length, lines and columns as the file.
    pub fn masked(&self) -> &str {
        &self.masked
    }

    /// The byte ranges that are not prose, sorted and disjoint.
    pub fn hidden(&self) -> &[Range<usize>] {
        &self.hidden
    }

    /// Whether the byte range `span` lies wholly in prose.
    pub fn is_prose(&self, span: Range<usize>) -> bool {
        // The first hidden range that ends after the span starts must start at or after its end.
        let i = self.hidden.partition_point(|r| r.end <= span.start);
        self.hidden.get(i).is_none_or(|r| r.start >= span.end)
    }
}

/// Checks the prose of `text`, a file of type `file_type`: the corrections of
/// [`Matcher::check_with`] on its [masked](Prose::masked) text that lie wholly in prose,
/// with byte offsets into `text`.
pub fn check<'m>(
    matcher: &'m Matcher,
    text: &str,
    file_type: FileType,
    opts: &ScanOptions,
) -> Vec<Correction<'m>> {
    let prose = Prose::new(text, file_type);
    check_prose(matcher, &prose, opts)
}

/// [`check`] for prose already found.
pub fn check_prose<'m>(
    matcher: &'m Matcher,
    prose: &Prose,
    opts: &ScanOptions,
) -> Vec<Correction<'m>> {
    let mut fixes = matcher.check_with(prose.masked(), opts);
    fixes.retain(|c| prose.is_prose(c.span()));
    fixes
}

/// [`check_prose`] on `jobs` threads ([`Matcher::check_parallel`]; 0 means one per core):
/// the same corrections, sooner for a large file.
///
/// ```
/// use namefix::filetype::{check_prose, check_prose_parallel, FileType, Prose};
/// use namefix::{Matcher, ScanOptions};
/// let m = Matcher::bundled();
/// let text = "# Notes\n\nheart stopper stars `joe locke`.\n\nOlivia Coleman too.\n";
/// let prose = Prose::new(text, FileType::Markdown);
/// let opts = ScanOptions::new();
/// assert_eq!(check_prose_parallel(m, &prose, &opts, 2), check_prose(m, &prose, &opts));
/// ```
pub fn check_prose_parallel<'m>(
    matcher: &'m Matcher,
    prose: &Prose,
    opts: &ScanOptions,
    jobs: usize,
) -> Vec<Correction<'m>> {
    let mut fixes = matcher.check_parallel(prose.masked(), opts, jobs);
    fixes.retain(|c| prose.is_prose(c.span()));
    fixes
}

/// Sorted, merged, non-empty ranges.
fn normalise(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.retain(|r| r.start < r.end);
    v.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The ranges of `0..len` not in `hidden` (sorted, disjoint).
fn complement(hidden: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in hidden {
        if r.start > at {
            out.push(at..r.start);
        }
        at = r.end;
    }
    if at < len {
        out.push(at..len);
    }
    out
}

/// Markdown: everything but the text events outside code, metadata and autolinks.
fn markdown(text: &str, hidden: &mut Vec<Range<usize>>) {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    // Depth of the containers whose text is not prose.
    let mut skip = 0usize;
    let mut prose: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                skip = skip.saturating_sub(1)
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => skip += 1,
            Event::End(TagEnd::Link) if skip > 0 => {
                // Only autolinks raise `skip` outside code (links cannot nest).
                skip -= 1;
            }
            Event::Text(_) if skip == 0 => prose.push(range),
            _ => {}
        }
    }
    hidden.extend(complement(&normalise(prose), text.len()));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Rust,
    Python,
    JavaScript,
}

/// Source code: everything but the insides of comments and string literals (escape
/// sequences hidden too).
fn code(text: &str, lang: Lang, hidden: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let n = b.len();
    // Start of the current run of code (hidden).
    let mut code_from = 0usize;
    let mut i = 0usize;
    // The last significant code byte (for telling JavaScript regexes from division).
    let mut last_sig = b'\n';
    // Nesting of `${` in JavaScript template literals: code inside, template text outside.
    let mut template_depth: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    while i < n {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        // Line comments.
        let line_comment = match lang {
            Lang::Python => c == b'#',
            _ => c == b'/' && next == b'/',
        };
        if line_comment {
            let start = i;
            let end = memchr::memchr(b'\n', &b[i..]).map_or(n, |j| i + j);
            // The comment marker (and doc markers) is code; the rest is prose.
            let mut body = start + 1;
            while body < end && matches!(b[body], b'/' | b'!' | b'#') {
                body += 1;
            }
            hidden.push(code_from..body);
            code_from = end;
            i = end;
            continue;
        }
        // Block comments.
        if lang != Lang::Python && c == b'/' && next == b'*' {
            hidden.push(code_from..i + 2);
            let mut depth = 1;
            let mut j = i + 2;
            while j < n && depth > 0 {
                if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                    depth -= 1;
                    hidden.push(j..j + 2);
                    j += 2;
                } else if lang == Lang::Rust && b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                    depth += 1;
                    hidden.push(j..j + 2);
                    j += 2;
                } else {
                    j += 1;
                }
            }
            let body_end = if depth == 0 { j - 2 } else { n };
            // Leading `*` of doc-comment lines are markup.
            let mut k = i + 2;
            while k < body_end {
                if b[k] == b'*' || b[k] == b'!' {
                    hidden.push(k..k + 1);
                }
                k += 1;
            }
            code_from = body_end;
            i = j;
            continue;
        }
        // JavaScript template literal (or its continuation after `}`).
        if lang == Lang::JavaScript
            && (c == b'`' || (c == b'}' && braces == 0 && !template_depth.is_empty()))
        {
            if c == b'}' {
                braces = template_depth.pop().unwrap_or(0);
            }
            hidden.push(code_from..i + 1);
            let mut j = i + 1;
            let mut opened_expr = false;
            while j < n {
                match b[j] {
                    b'\\' => {
                        hidden.push(j..(j + 2).min(n));
                        j += 2;
                    }
                    b'`' => break,
                    b'$' if b.get(j + 1) == Some(&b'{') => {
                        opened_expr = true;
                        break;
                    }
                    _ => j += 1,
                }
            }
            let j = j.min(n);
            code_from = j;
            if opened_expr {
                template_depth.push(braces);
                braces = 0;
                i = j + 2;
            } else {
                i = (j + 1).min(n);
            }
            last_sig = b'`';
            continue;
        }
        if lang == Lang::JavaScript && !template_depth.is_empty() {
            if c == b'{' {
                braces += 1;
            } else if c == b'}' {
                braces = braces.saturating_sub(1);
            }
        }
        // JavaScript regex literal: a slash where an operand is expected.
        if lang == Lang::JavaScript
            && c == b'/'
            && matches!(
                last_sig,
                b'(' | b','
                    | b'='
                    | b':'
                    | b'['
                    | b'!'
                    | b'&'
                    | b'|'
                    | b'?'
                    | b'{'
                    | b'}'
                    | b';'
                    | b'\n'
            )
        {
            let mut j = i + 1;
            let mut class = false;
            while j < n && b[j] != b'\n' {
                match b[j] {
                    b'\\' => j += 1,
                    b'[' => class = true,
                    b']' => class = false,
                    b'/' if !class => break,
                    _ => {}
                }
                j += 1;
            }
            i = (j + 1).min(n);
            last_sig = b'/';
            continue;
        }
        // Rust character literals and lifetimes.
        if lang == Lang::Rust && c == b'\'' {
            if next == b'\\' {
                let end = memchr::memchr(b'\'', &b[(i + 2).min(n)..]).map_or(n, |j| i + 2 + j + 1);
                i = end.min(n);
                continue;
            }
            let ch_len = text[i + 1..].chars().next().map_or(0, char::len_utf8);
            if ch_len > 0 && b.get(i + 1 + ch_len) == Some(&b'\'') {
                i += ch_len + 2;
                continue;
            }
            i += 1;
            continue;
        }
        // String literals.
        if let Some((open_end, close, raw)) = string_start(b, i, lang) {
            hidden.push(code_from..open_end);
            let mut j = open_end;
            let mut end = n;
            let mut close_end = n;
            while j < n {
                if b[j..].starts_with(close) {
                    end = j;
                    close_end = j + close.len();
                    break;
                }
                if b[j] == b'\\' && !(lang == Lang::Rust && raw) {
                    if !raw {
                        hidden.push(j..(j + 2).min(n));
                    }
                    j += 2;
                    continue;
                }
                // Single-quoted strings end at the line (unterminated).
                if b[j] == b'\n' && close.len() == 1 && lang != Lang::Rust {
                    end = j;
                    close_end = j;
                    break;
                }
                j += 1;
            }
            let _ = end;
            code_from = end.min(n);
            i = close_end.min(n);
            last_sig = b'"';
            continue;
        }
        if !c.is_ascii_whitespace() {
            last_sig = c;
        }
        i += 1;
    }
    hidden.push(code_from..n);
    // Hidden ranges must start and end on char boundaries.
    for r in hidden.iter_mut() {
        while r.start < n && !text.is_char_boundary(r.start) {
            r.start += 1;
        }
        while r.end < n && !text.is_char_boundary(r.end) {
            r.end += 1;
        }
    }
}

/// Whether a string literal starts at `i`: the end of its opening delimiter, the closing
/// delimiter, and whether it is raw.
fn string_start(b: &[u8], i: usize, lang: Lang) -> Option<(usize, &'static [u8], bool)> {
    // A prefix must not continue an identifier ("bar" in `foobar"x"` is not a prefix).
    let starts_word = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    match lang {
        Lang::Rust => {
            let mut j = i;
            if starts_word && b.get(j) == Some(&b'b') {
                j += 1;
            }
            if starts_word && b.get(j) == Some(&b'c') && j == i {
                j += 1;
            }
            if starts_word && b.get(j) == Some(&b'r') {
                let mut k = j + 1;
                let mut hashes = 0;
                while b.get(k) == Some(&b'#') {
                    hashes += 1;
                    k += 1;
                }
                if b.get(k) == Some(&b'"') {
                    const CLOSERS: [&[u8]; 4] = [b"\"", b"\"#", b"\"##", b"\"###"];
                    let close = CLOSERS.get(hashes).copied().unwrap_or(b"\"###");
                    return Some((k + 1, close, true));
                }
                return None;
            }
            (b.get(j) == Some(&b'"') && (j == i || starts_word)).then_some((j + 1, b"\"", false))
        }
        Lang::Python => {
            let mut j = i;
            let mut raw = false;
            if starts_word {
                while j < i + 2 && b.get(j).is_some_and(|c| b"rRbBuUfF".contains(c)) {
                    raw |= matches!(b[j], b'r' | b'R');
                    j += 1;
                }
            }
            let q = *b.get(j)?;
            if q != b'"' && q != b'\'' {
                return None;
            }
            if b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) {
                let close: &'static [u8] = if q == b'"' { b"\"\"\"" } else { b"'''" };
                return Some((j + 3, close, raw));
            }
            let close: &'static [u8] = if q == b'"' { b"\"" } else { b"'" };
            Some((j + 1, close, raw))
        }
        Lang::JavaScript => match b[i] {
            b'"' => Some((i + 1, b"\"", false)),
            b'\'' => Some((i + 1, b"'", false)),
            _ => None,
        },
    }
}

/// URLs and backslash commands inside one range of prose.
fn inline_noise(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut i = r.start;
    while i < r.end {
        let rest = &b[i..r.end];
        let at_word = i == r.start || !b[i - 1].is_ascii_alphanumeric();
        let url = at_word
            && (starts_with_ci(rest, b"http://")
                || starts_with_ci(rest, b"https://")
                || starts_with_ci(rest, b"ftp://")
                || starts_with_ci(rest, b"file://")
                || starts_with_ci(rest, b"mailto:")
                || starts_with_ci(rest, b"www."));
        if url {
            let mut j = i;
            while j < r.end && !b[j].is_ascii_whitespace() && !matches!(b[j], b'<' | b'>' | b'"') {
                j += 1;
            }
            // Trailing sentence punctuation is not part of the URL.
            while j > i && matches!(b[j - 1], b'.' | b',' | b';' | b':' | b'!' | b'?' | b')') {
                j -= 1;
            }
            out.push(i..j);
            i = j.max(i + 1);
            continue;
        }
        if b[i] == b'\\' && rest.get(1).is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut j = i + 1;
            while j < r.end && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            out.push(i..j);
            i = j;
            continue;
        }
        i += 1;
    }
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The inline directive that leaves the next line alone.
pub const IGNORE_NEXT_LINE: &str = "namefix:ignore-next-line";
/// The inline directive that leaves its own line alone.
pub const IGNORE_LINE: &str = "namefix:ignore";

/// Lines left alone by `namefix:ignore` and `namefix:ignore-next-line`.
fn directives(text: &str, out: &mut Vec<Range<usize>>) {
    if memchr::memmem::find(text.as_bytes(), b"namefix:ignore").is_none() {
        return;
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        if start <= text.len() {
            lines.push(start..end);
        }
        start = end + 1;
    }
    for (k, line) in lines.iter().enumerate() {
        let s = &text[line.clone()];
        let mut rest = s;
        while let Some(p) = rest.find(IGNORE_LINE) {
            // The directive itself is not prose.
            let at = line.start + (s.len() - rest.len()) + p;
            let word_end = text[at..line.end]
                .find(|c: char| c.is_whitespace())
                .map_or(line.end, |k| at + k);
            out.push(at..word_end);
            let after = &rest[p + IGNORE_LINE.len()..];
            if let Some(tail) = after.strip_prefix("-next-line") {
                if let Some(next) = lines.get(k + 1) {
                    out.push(next.clone());
                }
                rest = tail;
            } else if after.starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_') {
                rest = after;
            } else {
                out.push(line.clone());
                rest = after;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_words(text: &str, ft: FileType) -> String {
        Prose::new(text, ft)
            .masked()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn markdown_regions() {
        let md = "---\ntitle: heart stopper\n---\n# Heart stopper\n\nSee `x_mut` and \
                  [the show](https://example.org/heart) <!-- hidden --> <b>bold</b>.\n\n\
                  ```rust\nlet a = 1;\n```\n\n    indented code\n\n[ref]: https://x.org\n\
                  Visit https://example.org/a, or <https://b.org>.\n";
        assert_eq!(
            prose_words(md, FileType::Markdown),
            "Heart stopper See and the show bold . Visit , or ."
        );
    }

    #[test]
    fn rust_regions() {
        let rs = "/// Doc of heart stopper.\nfn f<'a>(x: &'a str) -> char {\n    \
                  let s = \"Olivia Coleman\\n\"; // a comment\n    let r = r#\"raw \"x\" text\"#;\n    \
                  /* block /* nested */ end */ 'x'\n}\n";
        assert_eq!(
            prose_words(rs, FileType::Rust),
            "Doc of heart stopper. Olivia Coleman a comment raw \"x\" text block nested end"
        );
    }

    #[test]
    fn python_and_javascript_regions() {
        let py = "# comment here\nx = f\"fmt {y}\" + '''triple\nquoted''' + r'\\d'\n";
        assert_eq!(
            prose_words(py, FileType::Python),
            "comment here fmt {y} triple quoted"
        );
        let js = "const a = `tpl ${b + `in`} tail`; // c1\nlet re = /\"x/g; /* c2 */ s = 'q';\n";
        assert_eq!(prose_words(js, FileType::JavaScript), "tpl in tail c1 c2 q");
    }

    #[test]
    fn directives_and_noise() {
        let t = "a heart stopper\nb namefix:ignore heart stopper\n\
                 namefix:ignore-next-line\nc heart stopper\nd \\ze_ www.x.org/y.\n";
        assert_eq!(prose_words(t, FileType::Text), "a heart stopper d .");
    }

    #[test]
    fn masked_keeps_length_and_lines() {
        for ft in FileType::ALL {
            let t = "é `ü` \"ö\" // ß\n/* ñ */ 'ç' # ø\n";
            let p = Prose::new(t, ft);
            assert_eq!(p.masked().len(), t.len());
            assert_eq!(p.masked().matches('\n').count(), 2);
        }
    }
}
