//! Small, dependency-light string helpers shared by the generators.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// NFC, trimmed, every run of whitespace/control characters collapsed to one space.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut pending_space = false;
    for c in nfc.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `clean` + lowercase: the key used to compare names across sources.
pub fn lower(s: &str) -> String {
    clean(s).to_lowercase()
}

/// Aggressive fold: decompose, drop marks, lowercase, keep letters and digits only.
/// Two strings with the same fold differ only in case, diacritics, spacing or punctuation,
/// which the matcher folds away anyway, so an alias with its entity's fold is redundant.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            _ if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Letters of the Latin script (Basic Latin, Latin-1, Extended-A/B, Extended Additional, C, D).
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32,
            0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF)
}

/// True when `s` is written in the Latin script only: Latin letters, combining marks, spaces and
/// the punctuation found inside names (hyphen, apostrophes, period, okina). Digits are refused.
pub fn is_latin_text(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if is_latin_letter(c) {
            letters += 1;
        } else if is_combining_mark(c)
            || matches!(
                c,
                ' ' | '-' | '\'' | '\u{2019}' | '.' | '\u{02BB}' | '\u{02BC}'
            )
        {
        } else {
            return false;
        }
    }
    letters > 0
}

/// Lowercased word tokens: split on anything that is neither alphanumeric nor an apostrophe,
/// apostrophes normalised to `'`, trimmed at the edges, and a possessive `'s` removed.
pub fn word_tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        let t = raw.replace('\u{2019}', "'").to_lowercase();
        let t = t.trim_matches('\'');
        let t = t.strip_suffix("'s").unwrap_or(t);
        if !t.is_empty() {
            out.push(t.to_string());
        }
    }
    out
}

/// Spaces to underscores (Wikipedia-style slug) for ids.
pub fn slug(s: &str) -> String {
    s.replace(' ', "_")
}

/// Decode `%XX` escapes (UTF-8); returns the input unchanged when it does not decode.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Weight as written in the TSV: at most two decimals, no trailing zeros.
pub fn fmt_weight(w: f64) -> String {
    let s = format!("{w:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Round to two decimals (the precision written), so sums are computed on written values.
pub fn round2(w: f64) -> f64 {
    (w * 100.0).round() / 100.0
}

/// The English word-frequency list (data/words.tsv): lowercase word -> Zipf frequency.
pub struct Words {
    map: HashMap<String, f32>,
}

impl Words {
    pub fn load(path: &Path) -> Result<Words, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut map = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let (w, z) = line
                .split_once('\t')
                .ok_or_else(|| format!("{}:{}: expected word<TAB>zipf", path.display(), n + 1))?;
            let z: f32 = z
                .parse()
                .map_err(|_| format!("{}:{}: bad zipf", path.display(), n + 1))?;
            map.insert(w.to_string(), z);
        }
        if map.len() < 10_000 {
            return Err(format!("{}: only {} words", path.display(), map.len()));
        }
        Ok(Words { map })
    }

    /// Zipf frequency of a lowercase word, `None` when it is not among the listed words.
    pub fn zipf(&self, w: &str) -> Option<f32> {
        self.map.get(w).copied()
    }

    pub fn contains(&self, w: &str) -> bool {
        self.map.contains_key(w)
    }

    /// Every word token of `s` is a listed (common) English word, and there is at least one.
    pub fn all_common(&self, s: &str) -> bool {
        let toks = word_tokens(s);
        !toks.is_empty() && toks.iter().all(|t| self.contains(t))
    }
}
