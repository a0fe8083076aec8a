//! Word boundaries (Unicode Standard Annex #29, as `unicode-segmentation` finds them), with a
//! fast path for ASCII lines.
//!
//! `unicode-segmentation` looks every character up in Unicode tables, about 200 instructions
//! per byte of prose. For ASCII the annex's rules are a few comparisons of neighbouring bytes,
//! so a line (up to and including its line feed) that is ASCII is cut here; in any other line,
//! the pieces between a space and the next ASCII non-space that hold other characters are cut
//! by the crate. The annex always breaks at both places, so the pieces change no boundary; the
//! tests compare both on random text built from every ASCII class and from characters the annex
//! treats specially, and on the evaluation corpora.

use unicode_segmentation::UnicodeSegmentation;

/// The ASCII word-break classes of UAX #29 (no ASCII character is Extend, Format or ZWJ).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    /// ':' (MidLetter).
    MidLetter,
    /// '.' (MidNumLet) and '\'' (Single_Quote): both MidNumLetQ.
    MidNumLetQ,
    /// ',' and ';'.
    MidNum,
    /// '_'.
    ExtendNumLet,
    Other,
}

/// The class of every ASCII byte.
const CLASSES: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            0x0B | 0x0C => Class::Newline,
            b' ' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLetQ,
            b',' | b';' => Class::MidNum,
            b'_' => Class::ExtendNumLet,
            _ => Class::Other,
        };
        b += 1;
    }
    t
};

/// Whether each byte is an ASCII letter or digit (`u8::is_ascii_alphanumeric`), as a table: one
/// load per byte where the boundary scan crosses a word.
const ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

#[inline]
fn alnum(b: u8) -> bool {
    ALNUM[usize::from(b)]
}

#[inline]
fn class(b: u8) -> Class {
    CLASSES[usize::from(b & 0x7f)]
}

/// Whether UAX #29 breaks between classes `a` and `b`, given the classes `before` `a` and
/// `after` `b` (`Other` at the ends of the text).
#[inline]
fn breaks(before: Class, a: Class, b: Class, after: Class) -> bool {
    use Class::*;
    let mid_letter = |c| matches!(c, MidLetter | MidNumLetQ);
    let mid_num = |c| matches!(c, MidNum | MidNumLetQ);
    match (a, b) {
        (Cr, Lf) => false,                                                   // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true,             // WB3a, WB3b
        (Space, Space) => false,                                             // WB3d
        (Letter, Letter) => false,                                           // WB5
        (Letter, m) if mid_letter(m) && after == Letter => false,            // WB6
        (m, Letter) if mid_letter(m) && before == Letter => false,           // WB7
        (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => false, // WB8-10
        (m, Numeric) if mid_num(m) && before == Numeric => false,            // WB11
        (Numeric, m) if mid_num(m) && after == Numeric => false,             // WB12
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => false,            // WB13a
        (ExtendNumLet, Letter | Numeric) => false,                           // WB13b
        _ => true,                                                           // WB999
    }
}

/// The words and the pieces between them, with their byte offsets: what
/// `UnicodeSegmentation::split_word_bound_indices` gives.
///
/// (The scanner uses [`word_indices`]; the tests compare both with the crate.)
#[cfg(test)]
pub(super) fn bound_indices<'t>(text: &'t str, f: impl FnMut(usize, &'t str)) {
    bounds::<false>(text, f);
}

/// The pieces `UnicodeSegmentation::split_word_bound_indices` gives that hold a word: those
/// with an alphanumeric character. The others (spaces and punctuation, most of the pieces of
/// prose) are not passed to `f`; an ASCII piece is settled from its bytes.
pub(super) fn word_indices<'t>(text: &'t str, f: impl FnMut(usize, &'t str)) {
    bounds::<true>(text, f);
}

/// Every piece, or with `WORDS` those of [`word_indices`].
fn bounds<'t, const WORDS: bool>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i + 1);
        if text[line_start..line_end].is_ascii() {
            ascii_bounds::<WORDS>(text, line_start, line_end, &mut f);
        } else {
            // The annex also always breaks between a space and an ASCII character other than
            // a space (nothing joins them, and no rule looks back past a space), so a line
            // with other characters is cut there too: only the pieces holding them go to the
            // crate.
            let mut start = line_start;
            while start < line_end {
                let mut end = start + 1;
                while end < line_end
                    && !(bytes[end - 1] == b' ' && bytes[end].is_ascii() && bytes[end] != b' ')
                {
                    end += 1;
                }
                if text[start..end].is_ascii() {
                    ascii_bounds::<WORDS>(text, start, end, &mut f);
                } else {
                    for (i, w) in text[start..end].split_word_bound_indices() {
                        if !WORDS || w.chars().any(char::is_alphanumeric) {
                            f(start + i, w);
                        }
                    }
                }
                start = end;
            }
        }
        line_start = line_end;
    }
}

/// [`bounds`] of the ASCII `text[from..to]`, which starts and ends on boundaries.
fn ascii_bounds<'t, const WORDS: bool>(
    text: &'t str,
    from: usize,
    to: usize,
    f: &mut impl FnMut(usize, &'t str),
) {
    let s = &text.as_bytes()[from..to];
    // The piece `s[start..end]` (not empty). With `WORDS`, only the pieces with a letter or
    // digit: a piece that starts with a space is all spaces (a space breaks from anything
    // else), and one that ends in a letter or digit has one, so most pieces are settled
    // without reading them.
    // (A function inlined into the loop, not a closure called at every piece.)
    #[inline(always)]
    fn emit<'t, const WORDS: bool>(
        text: &'t str,
        s: &[u8],
        from: usize,
        (start, end): (usize, usize),
        f: &mut impl FnMut(usize, &'t str),
    ) {
        if WORDS
            && (s[start] == b' '
                || (!alnum(s[end - 1]) && !s[start..end].iter().any(|&b| alnum(b))))
        {
            return;
        }
        f(from + start, &text[from + start..from + end]);
    }
    let mut f = |start: usize, end: usize| emit::<WORDS>(text, s, from, (start, end), f);
    let n = s.len();
    let mut start = 0;
    let mut i = 1;
    while i < n {
        // Letters and digits next to each other never break (WB5, WB8-WB10): a run of them
        // is crossed a byte at a time without the rules.
        if alnum(s[i - 1]) {
            while i < n && alnum(s[i]) {
                i += 1;
            }
            if i == n {
                break;
            }
        }
        // A space breaks from anything but a space on either side (WB3d; no other rule
        // names a space, and ASCII has no Extend or Format): most gaps of prose, without
        // the classes.
        if s[i] == b' ' || s[i - 1] == b' ' {
            if s[i] != s[i - 1] {
                // (A piece that ends in a space is all spaces: with `WORDS`, not passed.)
                if !(WORDS && s[i - 1] == b' ') {
                    f(start, i);
                }
                start = i;
                // One space before another byte (most gaps of prose): its second boundary
                // too, without another turn of the loop.
                if s[i] == b' ' && i + 1 < n && s[i + 1] != b' ' {
                    if !WORDS {
                        f(i, i + 1);
                    }
                    start = i + 1;
                    i += 2;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        // The classes of the bytes at i - 2, i - 1, i and i + 1.
        let before = if i >= 2 {
            class(s[i - 2])
        } else {
            Class::Other
        };
        let after = s.get(i + 1).map_or(Class::Other, |&c| class(c));
        if breaks(before, class(s[i - 1]), class(s[i]), after) {
            f(start, i);
            start = i;
        }
        i += 1;
    }
    // (`from < to`: a piece is left.)
    f(start, n);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        bound_indices(text, |i, w| out.push((i, w)));
        out
    }

    fn theirs(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    /// `word_indices` gives the crate's pieces that have an alphanumeric character.
    fn words_are_the_crates(text: &str) -> bool {
        let mut ours = Vec::new();
        word_indices(text, |i, w| ours.push((i, w)));
        let mut theirs = theirs(text);
        theirs.retain(|(_, w)| w.chars().any(char::is_alphanumeric));
        ours == theirs
    }

    #[test]
    fn ascii_boundaries_are_the_crates() {
        // Every class, in random strings (a fixed xorshift sequence).
        let ascii: Vec<char> = "aZq09 \t\r\n\x0b\x0c:.',;_-\"&()!?x1".chars().collect();
        // And characters the annex treats specially: letters, a combining mark (Extend), a
        // zero-width joiner, an emoji, a no-break space, a curly apostrophe, a Katakana letter.
        let mut any = ascii.clone();
        any.extend([
            'é', '\u{301}', '\u{200D}', '😀', '\u{A0}', '\u{2019}', 'カ', 'ß',
        ]);
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        for alphabet in [&ascii, &any] {
            for len in 0..4000usize {
                let s: String = (0..len % 40)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                assert_eq!(ours(&s), theirs(&s), "{s:?}");
                assert!(words_are_the_crates(&s), "{s:?}");
            }
        }
        for s in [
            "",
            "a",
            "\r\n",
            "e.g. 3.14, 1,000; don't rock'n'roll a_b _1 x:y",
            "é a\nb é\r\nc",
        ] {
            assert_eq!(ours(s), theirs(s), "{s:?}");
            assert!(words_are_the_crates(s), "{s:?}");
        }
    }

    #[test]
    fn corpus_boundaries_are_the_crates() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval/clean-text");
        for name in ["debian-docs.txt", "nlp-corpus.txt", "squad-paragraphs.txt"] {
            let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
            assert!(ours(&text) == theirs(&text), "{name}");
            assert!(words_are_the_crates(&text), "{name}");
        }
    }
}
