//! Known first names and surnames, with how common they are (feature `bundled`).
//!
//! A table of name *tokens*, not entities: 93,619 words known to be a person's first name or
//! surname, from the US Census Bureau's 1990 name lists (5,163 first names and 88,799
//! surnames with their share of the population sample; public domain) and the people-names
//! dictionary of the CSpell spell checker (38,975 first names and surnames of many origins,
//! without frequencies; MIT). It tells a checker that a word is a real name and how common
//! it is; see data/README.md for the sources and how `data/names.tsv` is made.
//!
//! Tokens are compared after folding (see [`crate::normalize::fold`]): case, accents and
//! apostrophes do not matter. The table is parsed on first use (about 1 MB of text).
//!
//! ```
//! use namefix::names;
//! // Percent of the 1990 US population sample with this first name.
//! let katharine = names::first_name_frequency("Katharine").unwrap();
//! assert!(katharine > 0.0 && katharine < 0.1);
//! assert!(names::surname_frequency("SMITH").unwrap() > 1.0);
//! assert_eq!(names::first_name_frequency("Smithsonian"), None);
//! assert!(names::is_known_name("Ansley")); // a surname, though no bundled person has it
//! assert!(!names::is_known_name("the quick"));
//! ```

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// The name-token table's text (`token<TAB>first<TAB>surname`, see data/README.md).
static TSV: &str = include_str!("../data/names.tsv");

/// Frequencies of one token; NaN where the token is not on that census list.
#[derive(Clone, Copy)]
struct Freq {
    first: f32,
    last: f32,
}

static TABLE: LazyLock<FxHashMap<&'static str, Freq>> = LazyLock::new(|| parse(TSV));

fn field(s: &str) -> f32 {
    if s.is_empty() {
        f32::NAN
    } else {
        crate::decimal::parse_f32(s).unwrap_or(f32::NAN)
    }
}

/// The table. One pass over the text finds every tab and line end (the table is parsed at a
/// process's first check).
fn parse(text: &'static str) -> FxHashMap<&'static str, Freq> {
    let mut map = FxHashMap::default();
    map.reserve(100_000);
    let bytes = text.as_bytes();
    // The current line's start, its first three columns' ends (as `split('\t')` cuts them)
    // and how many of them are known.
    let (mut line_start, mut cuts, mut n) = (0usize, [0usize; 3], 0usize);
    // A plain byte loop: the lines are short (about twelve bytes), too short for memchr.
    let ends = (bytes.iter().enumerate())
        .filter(|&(_, &b)| b == b'\t' || b == b'\n')
        .map(|(i, _)| i)
        .chain([bytes.len()]);
    for at in ends {
        if at < bytes.len() && bytes[at] == b'\t' {
            if n < 3 {
                cuts[n] = at;
                n += 1;
            }
            continue;
        }
        // A line ends at `at`; as `str::lines`, without the '\r' of a "\r\n".
        let mut end = at;
        if at < bytes.len() && end > line_start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let start = line_start;
        line_start = at + 1;
        let cols = n;
        n = 0;
        if end == start || bytes[start] == b'#' || start > bytes.len() {
            continue;
        }
        // Column i runs from the cut before it to its own cut, or to the line's end.
        let col = |i: usize| -> Option<&'static str> {
            if i > cols {
                return None;
            }
            let from = if i == 0 { start } else { cuts[i - 1] + 1 };
            let to = if i < cols { cuts[i] } else { end };
            // A tab after the '\r' cannot be: the '\r' is the last byte before '\n'.
            Some(&text[from..to.max(from)])
        };
        let (Some(tok), first, last) = (col(0), col(1), col(2)) else {
            continue;
        };
        map.insert(
            tok,
            Freq {
                first: field(first.unwrap_or("")),
                last: field(last.unwrap_or("")),
            },
        );
    }
    map
}

/// The entry of a single-word `token`, folded; `None` for several words or none.
fn entry(token: &str) -> Option<Freq> {
    let folded = crate::normalize::fold(token);
    if folded.is_empty() || folded.contains(' ') {
        return None;
    }
    TABLE.get(folded.as_str()).copied()
}

/// The census shares of an already folded token (first name, surname; `None` where it is not
/// on that list), or `None` when it is no known name at all: one probe, no folding (for the
/// scanner, whose words are folded).
pub(crate) fn folded_frequencies(folded: &str) -> Option<(Option<f32>, Option<f32>)> {
    TABLE.get(folded).map(|f| (known(f.first), known(f.last)))
}

fn known(v: f32) -> Option<f32> {
    (!v.is_nan()).then_some(v)
}

/// The share (in percent) of the 1990 US census sample whose first name is `name`: the
/// female and male lists averaged, so "Mary" is about 1.3 and "James" about 1.7. `Some(0.0)`
/// for a listed name rarer than 0.0005%; `None` when `name` is not on the census first-name
/// lists (names rare in the US, or not first names) or is not one word.
///
/// ```
/// assert!(namefix::names::first_name_frequency("mary").unwrap() > 1.0);
/// ```
pub fn first_name_frequency(name: &str) -> Option<f32> {
    entry(name).and_then(|f| known(f.first))
}

/// The share (in percent) of the 1990 US census sample whose surname is `name` ("Smith" is
/// 1.006); `Some(0.0)` for the listed surnames rarer than 0.0005%; `None` when not listed or
/// not one word.
///
/// ```
/// assert!(namefix::names::surname_frequency("Robbins").unwrap() > 0.01);
/// ```
pub fn surname_frequency(name: &str) -> Option<f32> {
    entry(name).and_then(|f| known(f.last))
}

/// Whether `token` (one word) is a known first name or surname: on a census list or in the
/// CSpell people-names dictionary.
///
/// ```
/// assert!(namefix::names::is_known_name("Robbins"));
/// assert!(!namefix::names::is_known_name("xqzt"));
/// ```
pub fn is_known_name(token: &str) -> bool {
    entry(token).is_some()
}

/// Number of tokens in the table.
///
/// ```
/// assert!(namefix::names::len() > 90_000);
/// ```
pub fn len() -> usize {
    TABLE.len()
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    /// The table holds what a plain parse of the text (`lines`, `split`, `parse`) gives.
    #[test]
    fn the_table_is_the_text_parsed_plainly() {
        let plain = |text: &'static str| {
            let mut map = FxHashMap::default();
            for line in text.lines() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                let mut cols = line.split('\t');
                let (Some(tok), first, last) = (cols.next(), cols.next(), cols.next()) else {
                    continue;
                };
                let f = |s: Option<&str>| match s.unwrap_or("") {
                    "" => f32::NAN,
                    s => s.parse().unwrap_or(f32::NAN),
                };
                map.insert(tok, (f(first).to_bits(), f(last).to_bits()));
            }
            map
        };
        for text in [
            TSV,
            "",
            "\n\n",
            "a\t1\t2\nb\n#c\t1\nd\t\t0.5\te\r\nf\t3\r",
            "a\t1\r\r\nb\t\t\n\t1\t2\nc",
            "x\ty\tz\tw\t\n",
            "\r\n\r\nq\r\n",
        ] {
            let got: FxHashMap<&str, (u32, u32)> = parse(text)
                .into_iter()
                .map(|(k, v)| (k, (v.first.to_bits(), v.last.to_bits())))
                .collect();
            assert_eq!(got, plain(text), "{text:?}");
        }
    }
}
