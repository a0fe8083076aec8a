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

pub use crate::words::{phrase_zipf, zipf};

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

/// English number words, by value (single words: "twenty two" is two of them).
const NUMBER_WORDS: &[(&[u8], u32)] = &[
    (b"zero", 0),
    (b"one", 1),
    (b"two", 2),
    (b"three", 3),
    (b"four", 4),
    (b"five", 5),
    (b"six", 6),
    (b"seven", 7),
    (b"eight", 8),
    (b"nine", 9),
    (b"ten", 10),
    (b"eleven", 11),
    (b"twelve", 12),
    (b"thirteen", 13),
    (b"fourteen", 14),
    (b"fifteen", 15),
    (b"sixteen", 16),
    (b"seventeen", 17),
    (b"eighteen", 18),
    (b"nineteen", 19),
    (b"twenty", 20),
    (b"thirty", 30),
    (b"forty", 40),
    (b"fifty", 50),
    (b"sixty", 60),
    (b"seventy", 70),
    (b"eighty", 80),
    (b"ninety", 90),
];

/// Largest value read from a Roman numeral: sequels, parts, episodes and monarchs stay below
/// it, and longer numerals ("mix", "civil", "dill") are far more often words.
const MAX_ROMAN: u32 = 39;

/// The value of one folded word that writes a number: ASCII digits (at most nine), an English
/// number word from "zero" to "nineteen" or a tens word up to "ninety", or a Roman numeral of
/// two letters or more, in canonical form, up to 39 ("ii", "xix"; a single "i", "v" or "x" is
/// far more often a letter or an initial).
pub(crate) fn number_value(w: &[u8]) -> Option<u32> {
    if w.is_empty() {
        return None;
    }
    if w.iter().all(u8::is_ascii_digit) {
        if w.len() > 9 {
            return None;
        }
        return Some(w.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0')));
    }
    match w[0] {
        b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n' if w.len() >= 3 && w.len() <= 9 => {
            NUMBER_WORDS.iter().find(|(t, _)| *t == w).map(|&(_, n)| n)
        }
        b'i' | b'v' | b'x' => roman_value(w),
        _ => None,
    }
}

/// The value of a canonical Roman numeral of two letters or more, up to [`MAX_ROMAN`].
fn roman_value(w: &[u8]) -> Option<u32> {
    if w.len() < 2 || w.len() > 7 || !w.iter().all(|c| matches!(c, b'i' | b'v' | b'x')) {
        return None;
    }
    let mut buf = [0u8; 8];
    (2..=MAX_ROMAN).find(|&n| roman_into(n, &mut buf) == w)
}

/// Writes `n` (at most 39) as a lowercase Roman numeral into `buf`, returning the written part.
fn roman_into(n: u32, buf: &mut [u8; 8]) -> &[u8] {
    const UNITS: [&[u8]; 10] = [
        b"", b"i", b"ii", b"iii", b"iv", b"v", b"vi", b"vii", b"viii", b"ix",
    ];
    let tens = (n / 10).min(3) as usize;
    let unit = UNITS[(n % 10) as usize];
    buf[..tens].fill(b'x');
    buf[tens..tens + unit.len()].copy_from_slice(unit);
    &buf[..tens + unit.len()]
}

/// Words that names write in full or abbreviated, as (abbreviation, full word): places
/// ("St. Louis", "Mt. Everest"), titles and suffixes of persons ("Dr.", "Jr."), companies
/// ("& Co.", "Inc."). A small table of unambiguous pairs; anything else is the lexicon's
/// aliases' business.
const ABBREVIATIONS: &[(&[u8], &[u8])] = &[
    (b"assn", b"association"),
    (b"bros", b"brothers"),
    (b"co", b"company"),
    (b"corp", b"corporation"),
    (b"dept", b"department"),
    (b"dr", b"doctor"),
    (b"ft", b"fort"),
    (b"inc", b"incorporated"),
    (b"intl", b"international"),
    (b"jr", b"junior"),
    (b"ltd", b"limited"),
    (b"mr", b"mister"),
    (b"mt", b"mount"),
    (b"natl", b"national"),
    (b"sr", b"senior"),
    (b"st", b"saint"),
    (b"univ", b"university"),
    (b"vs", b"versus"),
];

/// The abbreviation of a folded word of [`ABBREVIATIONS`], given either form ("mount" and "mt"
/// are "mt").
pub(crate) fn abbreviation(w: &[u8]) -> Option<&'static [u8]> {
    // Every word of the table starts with one of these letters (most words are rejected here).
    if w.len() < 2
        || w.len() > 13
        || !matches!(
            w[0],
            b'a' | b'b'
                | b'c'
                | b'd'
                | b'f'
                | b'i'
                | b'j'
                | b'l'
                | b'm'
                | b'n'
                | b's'
                | b'u'
                | b'v'
        )
    {
        return None;
    }
    ABBREVIATIONS
        .iter()
        .find(|(a, full)| *a == w || *full == w)
        .map(|&(a, _)| a)
}

/// Whether a folded word has another spelling that [`canonical_key_into`] reads the same: a
/// number, or a word of [`ABBREVIATIONS`].
pub(crate) fn has_canonical_form(w: &[u8]) -> bool {
    number_value(w).is_some() || abbreviation(w).is_some()
}

/// The other forms of a word of [`ABBREVIATIONS`] ("mt" for "mount"), for `f` to try.
pub(crate) fn abbreviation_forms(w: &[u8], mut f: impl FnMut(&[u8])) {
    for &(a, full) in ABBREVIATIONS {
        if a == w {
            f(full);
        } else if full == w {
            f(a);
        }
    }
}

/// The ways a number can be written as one folded word, for `f` to try: its digits, its Roman
/// numeral (2 to 39, two letters or more) and its English word, where they exist.
pub(crate) fn number_forms(n: u32, mut f: impl FnMut(&[u8])) {
    f(n.to_string().as_bytes());
    if (2..=MAX_ROMAN).contains(&n) {
        let mut buf = [0u8; 8];
        let r = roman_into(n, &mut buf);
        if r.len() >= 2 {
            f(r);
        }
    }
    if let Some(&(w, _)) = NUMBER_WORDS.iter().find(|(_, v)| *v == n) {
        f(w);
    }
}

/// The canonical key of folded `words`: the space-free key with every number written in
/// digits ("q three" and "Q3", "Rocky II" and "Rocky 2", "nine eleven" and "9 11" meet; a tens
/// word followed by a unit word is one number: "fifty six" is "56") and every word of
/// [`ABBREVIATIONS`] abbreviated ("Mount Everest" and "Mt Everest", "Martin Luther King
/// Junior" and "Jr"). Appends it to `key` and the values of its numbers to `values`; returns
/// whether any word was rewritten (digits and abbreviations are kept as written).
pub(crate) fn canonical_key_into<'a>(
    words: impl IntoIterator<Item = &'a [u8]>,
    key: &mut Vec<u8>,
    values: &mut Vec<u32>,
) -> bool {
    let mut rewritten = false;
    // A tens word waiting for a unit word.
    let mut tens: Option<u32> = None;
    let flush = |tens: &mut Option<u32>, key: &mut Vec<u8>, values: &mut Vec<u32>| {
        if let Some(t) = tens.take() {
            key.extend_from_slice(t.to_string().as_bytes());
            values.push(t);
        }
    };
    for w in words {
        match number_value(w) {
            Some(n) if w.iter().all(u8::is_ascii_digit) => {
                flush(&mut tens, key, values);
                key.extend_from_slice(w);
                values.push(n);
            }
            Some(n) => {
                rewritten = true;
                match tens {
                    Some(t) if (1..10).contains(&n) => {
                        tens = None;
                        key.extend_from_slice((t + n).to_string().as_bytes());
                        values.push(t + n);
                    }
                    _ => {
                        flush(&mut tens, key, values);
                        if n >= 20 && n % 10 == 0 && n < 100 {
                            tens = Some(n);
                        } else {
                            key.extend_from_slice(n.to_string().as_bytes());
                            values.push(n);
                        }
                    }
                }
            }
            None => {
                flush(&mut tens, key, values);
                match abbreviation(w) {
                    Some(a) => {
                        rewritten |= a != w;
                        key.extend_from_slice(a);
                    }
                    None => key.extend_from_slice(w),
                }
            }
        }
    }
    flush(&mut tens, key, values);
    rewritten
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
    fn abbreviation_table_first_letters() {
        // `abbreviation` rejects words by their first letter: the table must agree.
        for &(a, full) in ABBREVIATIONS {
            assert_eq!(abbreviation(a), Some(a));
            assert_eq!(abbreviation(full), Some(a));
        }
        assert_eq!(abbreviation(b"street"), None);
    }

    #[test]
    fn numbers_in_every_spelling() {
        assert_eq!(number_value(b"19"), Some(19));
        assert_eq!(number_value(b"nineteen"), Some(19));
        assert_eq!(number_value(b"xix"), Some(19));
        assert_eq!(number_value(b"ii"), Some(2));
        assert_eq!(number_value(b"xxxix"), Some(39));
        // Single letters, non-canonical and large numerals, and words are not numbers.
        for w in [
            &b"i"[..],
            b"v",
            b"x",
            b"iiii",
            b"vx",
            b"xl",
            b"mix",
            b"civil",
            b"xi jinping",
            b"",
        ] {
            assert_eq!(number_value(w), None, "{:?}", std::str::from_utf8(w));
        }
        for n in 2..=MAX_ROMAN {
            let mut buf = [0u8; 8];
            let r = roman_into(n, &mut buf).to_vec();
            let expected = (r.len() >= 2).then_some(n);
            assert_eq!(roman_value(&r), expected);
        }
        let mut forms = Vec::new();
        number_forms(12, |f| forms.push(f.to_vec()));
        assert_eq!(forms, [b"12".to_vec(), b"xii".to_vec(), b"twelve".to_vec()]);
    }

    #[test]
    fn number_keys_meet() {
        let nk = |s: &str| {
            let f = fold(s);
            let (mut key, mut values) = (Vec::new(), Vec::new());
            let rewritten = canonical_key_into(words(&f).map(str::as_bytes), &mut key, &mut values);
            (String::from_utf8(key).unwrap(), values, rewritten)
        };
        assert_eq!(nk("Q three"), ("q3".into(), vec![3], true));
        assert_eq!(nk("Q3"), ("q3".into(), vec![], false));
        assert_eq!(nk("Rocky II").0, nk("Rocky 2").0);
        assert_eq!(nk("CFM fifty six"), ("cfm56".into(), vec![56], true));
        assert_eq!(nk("covid nineteen").0, nk("COVID-19").0);
        assert_eq!(nk("nine eleven").0, nk("9/11").0);
        assert_eq!(nk("Twenty One Pilots"), ("21pilots".into(), vec![21], true));
        assert_eq!(nk("twenty twenty"), ("2020".into(), vec![20, 20], true));
        assert_eq!(nk("Heartstopper"), ("heartstopper".into(), vec![], false));
        assert_eq!(nk("Mount Everest"), ("mteverest".into(), vec![], true));
        assert_eq!(nk("Mt. Everest"), ("mteverest".into(), vec![], false));
        assert_eq!(nk("Goldman Sachs & Company").0, nk("Goldman Sachs & Co.").0);
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
