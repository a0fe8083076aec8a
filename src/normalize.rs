//! Pure string folding: the keys under which mentions and names meet.
//!
//! Everything here is a pure function of its input and knows nothing about entities.
//! The folded form of a string is lowercase ASCII words separated by single spaces:
//!
//! * Unicode is decomposed (NFKD) and combining marks are dropped ("Timothée" -> "timothee");
//! * letters that do not decompose to ASCII are transliterated ("Guðmundsdóttir" ->
//!   "gudmundsdottir", "straße" -> "strasse"), which also folds case fully;
//! * apostrophes vanish ("O'Brien" = "OBrien" = "obrien"), "&" becomes the word "and";
//! * every other character that is not a letter or digit (punctuation, hyphens, symbols,
//!   emoji, whitespace) separates words.
//!
//! [`key`] drops the spaces too, so that split and merged words meet: "heart stopper",
//! "Heart-Stopper" and "heartstopper" all have the key `heartstopper`.
//!
//! ```
//! use namefix::normalize::{fold, key};
//! assert_eq!(fold("  Cormac Hyde-Corrin "), "cormac hyde corrin");
//! assert_eq!(fold("Penélope Cruz"), "penelope cruz");
//! assert_eq!(fold("Conan O’Brien"), "conan obrien");
//! assert_eq!(fold("Tom & Jerry"), "tom and jerry");
//! assert_eq!(key("Spider-Man"), key("spider man"));
//! ```

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

pub use crate::words::zipf;

/// Is `c` an apostrophe-like character that is deleted rather than treated as a separator?
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02B9}'
            | '\u{0060}'
            | '\u{00B4}'
            | '\u{FF07}'
    )
}

/// Appends the folded form of one character to `out`, as ASCII lowercase letters and digits,
/// or a single space for a separator. `pending_space` collapses runs of separators.
#[inline]
fn push_folded(c: char, out: &mut String, pending_space: &mut bool) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            if *pending_space && !out.is_empty() {
                out.push(' ');
            }
            *pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '`' {
            // apostrophes join: "O'Brien" -> "obrien"
        } else if c == '&' {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str("and");
            *pending_space = true;
        } else {
            *pending_space = true;
        }
        return;
    }
    if is_apostrophe(c) {
        return;
    }
    let mut any = false;
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        any = true;
        if d.is_ascii() {
            push_folded(d, out, pending_space);
        } else if d.is_alphanumeric() {
            // Letters with no ASCII decomposition: transliterate (ð -> d, ß -> ss, 東 -> Dong).
            let t = any_ascii::any_ascii_char(d);
            if t.is_empty() {
                *pending_space = true;
            }
            for tc in t.chars() {
                // any_ascii output is ASCII; fold it with the same rules (case, spaces).
                push_folded(tc, out, pending_space);
            }
        } else if is_apostrophe(d) {
        } else {
            *pending_space = true;
        }
    });
    if !any && !is_combining_mark(c) {
        *pending_space = true;
    }
}

/// Folds `s` into lowercase ASCII words separated by single spaces (see the [module docs](self)).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Like [`fold`], but appends to `out` (which is not cleared), so a caller can reuse a buffer.
/// A space separates the new words from what `out` already holds.
pub fn fold_into(s: &str, out: &mut String) {
    let mut pending_space = !out.is_empty();
    for c in s.chars() {
        push_folded(c, out, &mut pending_space);
    }
}

/// The space-free key of `s`: its [`fold`] with the spaces removed.
///
/// ```
/// assert_eq!(namefix::normalize::key("Stranger Things"), "strangerthings");
/// ```
pub fn key(s: &str) -> String {
    let mut f = fold(s);
    f.retain(|c| c != ' ');
    f
}

/// The words of a folded string (splits on spaces).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

/// A phonetic key for one folded word (lowercase ASCII), in the spirit of Metaphone but
/// deliberately coarse: it keeps the consonant skeleton, merges letters that speech
/// recognisers and hurried spellers confuse (c/k/q, s/z, d/t/th, f/v/ph), drops vowels
/// (except a leading one, written `A`), silent letters and doubled letters.
///
/// Names that sound alike share a key:
///
/// ```
/// use namefix::normalize::phonetic;
/// assert_eq!(phonetic("coleman"), phonetic("colman"));
/// assert_eq!(phonetic("osseman"), phonetic("oseman"));
/// assert_eq!(phonetic("knightly"), phonetic("knightley"));
/// assert_eq!(phonetic("mcconaughy"), phonetic("mcconaughey"));
/// assert_ne!(phonetic("stone"), phonetic("roberts"));
/// ```
pub fn phonetic(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    phonetic_into(word, &mut out);
    out
}

/// Like [`phonetic`], appending to `out`.
pub fn phonetic_into(word: &str, out: &mut String) {
    let b = word.as_bytes();
    let n = b.len();
    let at = |i: usize| -> u8 {
        if i < n {
            b[i]
        } else {
            0
        }
    };
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let start = out.len();
    let mut i = 0;
    // Silent initial letters.
    if n >= 2 {
        match (b[0], b[1]) {
            (b'k', b'n') | (b'g', b'n') | (b'p', b'n') | (b'w', b'r') | (b'p', b's') => i = 1,
            (b'w', b'h') => i = 1,
            _ => {}
        }
        if b[0] == b'w' && b[1] == b'h' {
            // "wh" -> w, which is dropped like a vowel below; keep the h out
            i = 2;
        }
    }
    if i < n && is_vowel(b[i]) {
        out.push('A');
        i += 1;
    }
    let mut last: u8 = 0;
    while i < n {
        let c = b[i];
        let next = at(i + 1);
        let mut code: u8 = 0;
        let mut step = 1;
        match c {
            // Vowels carry no consonant and break a run of doubles; glides carry nothing.
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => last = 0,
            b'w' | b'h' => {}
            b'b' => code = b'P',
            b'p' => {
                if next == b'h' {
                    code = b'F';
                    step = 2;
                } else {
                    code = b'P';
                }
            }
            b'c' => {
                if next == b'h' {
                    code = b'X';
                    step = 2;
                } else if matches!(next, b'e' | b'i' | b'y') {
                    code = b'S';
                } else {
                    code = b'K';
                }
            }
            b'k' | b'q' => code = b'K',
            b'g' => {
                if next == b'h' {
                    // "gh": silent before t or at the end ("knight", "high"), else hard
                    let after = at(i + 2);
                    if after == b't' || after == 0 || !is_vowel(after) {
                        code = 0;
                    } else {
                        code = b'K';
                    }
                    step = 2;
                } else if next == b'n' && (i + 2 == n) {
                    code = 0; // "sign"
                } else if matches!(next, b'e' | b'i' | b'y') {
                    code = b'J';
                } else {
                    code = b'K';
                }
            }
            b'j' => code = b'J',
            b'd' | b't' => {
                if c == b't' && next == b'h' {
                    step = 2;
                }
                code = b'T';
            }
            b'f' | b'v' => code = b'F',
            b's' | b'z' => {
                if c == b's' && next == b'h' {
                    code = b'X';
                    step = 2;
                } else {
                    code = b'S';
                }
            }
            b'x' => {
                if last != b'K' {
                    out.push('K');
                }
                code = b'S';
                last = b'K';
            }
            b'l' => code = b'L',
            b'm' => code = b'M',
            b'n' => code = b'N',
            b'r' => code = b'R',
            b'0'..=b'9' => code = c,
            _ => {}
        }
        if code != 0 && code != last {
            out.push(code as char);
        }
        if code != 0 {
            last = code;
        }
        i += step;
    }
    if out.len() == start && n > 0 {
        // all vowels: keep something so the key is not empty
        out.push('A');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_unicode() {
        assert_eq!(fold("Guðmundsdóttir"), "gudmundsdottir");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Beyoncé"), "beyonce");
        assert_eq!(fold("ＦＵＬＬ width"), "full width");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - "), "");
        assert_eq!(fold("a😀b"), "a b");
        assert_eq!(fold("& co"), "and co");
        assert_eq!(fold("J.J. Redick"), "j j redick");
    }

    #[test]
    fn fold_into_appends_with_space() {
        let mut s = String::from("heart");
        fold_into("Stopper", &mut s);
        assert_eq!(s, "heart stopper");
        let mut e = String::new();
        fold_into("&x", &mut e);
        assert_eq!(e, "and x");
    }

    #[test]
    fn phonetic_examples() {
        assert_eq!(phonetic("hemsworth"), phonetic("hemswort"));
        assert_eq!(phonetic("kiera"), phonetic("keira"));
        assert_eq!(phonetic("phil"), phonetic("fil"));
        assert_eq!(phonetic("aaa"), "A");
        assert_eq!(phonetic(""), "");
    }
}
