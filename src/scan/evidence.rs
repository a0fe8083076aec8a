//! The scanner's decision: one logistic model over the evidence for a proposed fix.
//!
//! Candidate generation (exact windows, fuzzy windows around likely misspellings and
//! capitalised runs) proposes fixes; each proposal is then described by the features below
//! and accepted when the model's log-odds are positive. The weights are fitted, not set by
//! hand: `cargo run --release --example scan_rows` collects every proposal of the training
//! texts with its features and label and fits them (`-- --dump` prints the rows); DESIGN.md,
//! "The decision in running text", says on which texts, and what the held-out texts give.

use crate::lexicon::Kind;
use crate::matcher::logit;

/// Number of features of one proposal.
pub(crate) const FEATURES: usize = 43;

/// Feature names, in order (the header of the dumped rows).
pub(crate) const FEATURE_NAMES: [&str; FEATURES] = [
    "match",
    "spelling",
    "lower_in_cased",
    "ordinary",
    "real_word_swaps",
    "hyphen_dropped",
    "split_or_glue",
    "cue",
    "start_cap_only",
    "respaced",
    "person",
    "in_doc",
    "known_person",
    "name_tokens",
    "name_freq",
    "share",
    "related",
    "lower_and_spelling",
    "lower_person",
    "recased",
    "hyphen_restored",
    "longer_run",
    "one_word",
    "first_differs",
    "sound_differs",
    "case_only",
    "concept",
    "phrase",
    "plural",
    "glued",
    "glued_short",
    "glue_phrase",
    "attested",
    "glued_one_word",
    "glued_before",
    "spelling_gain",
    "recased_transcript",
    "doubled_letter",
    "transposed",
    "phrase_gain",
    "glue_function",
    "plural_one_word",
    "lower_proper",
];

/// Intercept, then one weight per feature, fitted by `examples/scan_rows.rs`.
const WEIGHTS: [f32; FEATURES + 1] = [
    -9.871, 1.325, 3.885, -1.505, -1.397, 0.791, -1.692, -1.427, 0.231, -2.168, 3.162, 1.279,
    1.084, 0.000, -1.386, 0.367, 3.238, 0.967, -1.831, 3.741, -0.702, 0.166, -3.855, -2.160,
    -1.970, 0.914, -2.585, -0.072, -0.571, 0.519, 2.253, -1.025, 0.913, -1.601, -1.521, -2.173,
    1.681, 7.987, 2.618, 1.848, 1.929, 2.143, 3.273, 6.633,
];

/// The intercept and the weights (for the fitting example's partial refits).
pub(crate) fn weights() -> &'static [f32] {
    &WEIGHTS
}

/// Whether a span's folded words read as a name that edited English writes with capitals:
/// none is among the commonest words of English ("in", "new"), one of them is a word it
/// writes only with a capital ("mongolia", "staten island", "karl marx"), and the span is
/// not a hyphened compound ("topsy-turvy": a word of its own).
pub(crate) fn proper_words<'a>(
    mut words: impl Iterator<Item = &'a str> + Clone,
    original: &str,
) -> bool {
    !original.contains('-')
        && words
            .clone()
            .all(|w| crate::normalize::zipf(w) < super::FUNCTION_WORD_ZIPF)
        && words.any(crate::words::proper)
}

/// The evidence for one proposed fix.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Evidence {
    pub(crate) x: [f32; FEATURES],
}

/// What the scanner knows about a proposal when it weighs it.
pub(crate) struct Facts<'a> {
    /// The matcher's calibrated score of the window against the name (1.0 for exact keys).
    pub(crate) score: f32,
    /// The span as written.
    pub(crate) original: &'a str,
    /// The replacement.
    pub(crate) replacement: &'a str,
    /// Folded words of the span and of the name (as the scanner aligns them).
    pub(crate) span_words: &'a [&'a str],
    pub(crate) name_words: &'a [&'a str],
    /// Zipf frequency of each span word in English (0 when not an English word).
    pub(crate) span_zipf: &'a [f32],
    /// The span's paragraph has capitalised words (the text is cased).
    pub(crate) cased: bool,
    /// The span's first word starts a sentence.
    pub(crate) sentence_start: bool,
    /// Capitalised words of the span, in order.
    pub(crate) capitals: &'a [bool],
    /// A word near the span says what kind of thing is named, and it is the entity's kind.
    pub(crate) cue: bool,
    /// The document names the entity elsewhere (exactly, or by another fix).
    pub(crate) in_doc: bool,
    /// The entity's kind.
    pub(crate) kind: Kind,
    /// The span as written is the full name of a real person the lexicon does not hold
    /// (the open-world layer).
    pub(crate) known_person: bool,
    /// For each changed word: how common it is as a first name or surname (census percent,
    /// 0 for a name known without a frequency), `None` when it is no known name.
    pub(crate) changed_names: &'a [Option<f32>],
    /// How likely a mention is to be of the entity: its share of the lexicon's weight, on a
    /// log scale mapped onto [0, 1] (`Matcher::share_of`).
    pub(crate) share: f32,
    /// The document names exactly an entity related to this one (a film and its cast, a
    /// book and its author: [`crate::Relations`]).
    pub(crate) related: bool,
    /// A capitalised word (not one starting a sentence, unless it is a first name) runs on
    /// from the span on either side, with no punctuation between: the span is part of a
    /// longer name ("Frank SanAntonio", "The Light Crust Dough Boys", "Katharine Hamnett").
    pub(crate) longer_run: bool,
    /// The span is one word respelled into a one-word name.
    pub(crate) one_word: bool,
    /// A very common word run onto the name was split off ("Happy Valleyand",
    /// "theBeatles"; the span's words are then the name part): whether the name part comes
    /// first, and its length in bytes (folded).
    pub(crate) glued: Option<(bool, usize)>,
    /// ... and how well the split-off word reads with the word beyond it (Zipf / 7 of the
    /// pair: "and this").
    pub(crate) glue_phrase: f32,
    /// ... and the split-off word is among the commonest of English (Zipf 6.5 or more).
    pub(crate) glue_function: bool,
    /// A word the fix changes is no common word but one that English text writes (a rare word
    /// or another name: "Caxton", "Terran"), not a misspelling that no text writes.
    pub(crate) changed_attested: bool,
}

impl Evidence {
    /// The features of a proposal.
    pub(crate) fn of(f: &Facts<'_>) -> Evidence {
        let mut x = [0f32; FEATURES];
        x[0] = logit(f.score.clamp(0.0025, 0.9975));
        // The span's and the name's words run together (spacing and punctuation aside).
        let (span_key, name_key) = (f.span_words.concat(), f.name_words.concat());
        x[1] = f32::from(span_key != name_key);
        x[2] = f32::from(f.cased && !f.original.chars().any(char::is_uppercase));
        // How ordinary the span is as English: its rarest word's frequency (an unknown word
        // makes it no phrase of English at all).
        x[3] = f
            .span_zipf
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min)
            .min(7.0)
            / 7.0;
        if !x[3].is_finite() {
            x[3] = 0.0;
        }
        // Words changed into other words although they are English words themselves.
        if f.span_words.len() == f.name_words.len() {
            x[4] = f
                .span_words
                .iter()
                .zip(f.name_words)
                .zip(f.span_zipf)
                .filter(|((s, n), &z)| s != n && z > 0.0)
                .count() as f32;
        }
        x[5] = f32::from(f.original.contains('-') && !f.replacement.contains('-'));
        // One English word cut into several, or a very common word glued onto a name.
        x[6] = f32::from(
            (f.span_words.len() == 1 && f.name_words.len() > 1 && f.span_zipf[0] > 0.0)
                || (f.span_words.len() > f.name_words.len()
                    && f.span_zipf.iter().any(|&z| z >= 5.5)),
        );
        x[7] = f32::from(f.cue);
        x[8] = f32::from(
            f.sentence_start
                && f.capitals.first() == Some(&true)
                && f.capitals.iter().skip(1).all(|&c| !c),
        );
        // Words run together or split apart (not a hyphen turned into a space).
        x[9] = f32::from(f.span_words.len() != f.name_words.len() && x[5] == 0.0);
        x[10] = f32::from(f.kind == Kind::Person);
        x[11] = f32::from(f.in_doc);
        x[12] = f32::from(f.known_person);
        // The changed words are themselves real names, and how common.
        if !f.changed_names.is_empty() && f.changed_names.iter().all(Option::is_some) {
            x[13] = 1.0;
            x[14] = f
                .changed_names
                .iter()
                .map(|p| (1.0 + 100.0 * p.unwrap_or(0.0)).log10() / 2.0)
                .fold(0.0, f32::max);
        }
        x[15] = f.share.clamp(0.0, 1.0);
        x[16] = f32::from(f.related);
        // Two changes at once in edited prose: a lowercase span whose spelling changes too
        // ("the riflemen" is not "The Rifleman").
        x[17] = x[1] * x[2];
        // A person's name in lowercase where the text uses capitals: edited prose capitalises
        // people's names, while ordinary phrases that spell a title are lowercase.
        x[18] = x[2] * x[10];
        // Only the case of a capitalised span changes ("Olivia De Havilland"): a house style
        // more often than an error.
        x[19] = f32::from(
            f.original != f.replacement
                && f.original.to_lowercase() == f.replacement.to_lowercase()
                && f.original.chars().any(char::is_uppercase),
        );
        // A name's hyphen put back where the span has a space ("Hyde Corrin").
        x[20] = f32::from(
            f.replacement.contains('-') && !f.original.contains('-') && span_key == name_key,
        );
        x[21] = f32::from(f.longer_run);
        x[22] = f32::from(f.one_word && x[1] > 0.0);
        // A respelling that changes the first letter, or the sound (misspellings keep both
        // more often than other names do).
        if x[1] > 0.0 {
            x[23] = f32::from(span_key.bytes().next() != name_key.bytes().next());
            x[24] = f32::from(
                crate::normalize::phonetic(&span_key) != crate::normalize::phonetic(&name_key),
            );
        }
        // Only the case changes (spelling, spacing and punctuation as written): "joe locke"
        // in a paragraph that uses capitals.
        x[25] = f32::from(
            f.original != f.replacement
                && f.original.to_lowercase() == f.replacement.to_lowercase(),
        );
        // The entity is a concept or other common thing (kind `other`), which prose often
        // writes in lowercase.
        x[26] = f32::from(f.kind == Kind::Other);
        // How ordinary the span is as a phrase of English: the least frequent of its
        // adjacent word pairs (Zipf / 7; 0 for one word, or a pair outside the phrase list).
        // "to go", "his wife" and "the other hand" are everyday English; "heart stopper",
        // "line of dutty" are not.
        x[27] = f
            .span_words
            .windows(2)
            .map(|p| crate::words::phrase_zipf(p[0], p[1]))
            .fold(f32::INFINITY, f32::min);
        x[27] = if x[27].is_finite() {
            (x[27] / 7.0).min(1.0)
        } else {
            0.0
        };
        // The span is the name with a plural ending added or dropped ("Jared Allens").
        x[28] = f32::from(crate::scan::is_plural(&span_key, &name_key));
        // ... on a one-word name, where the scanner offers it only when the plural is no
        // word of its own, its stem no census name and no word before it counts or
        // determines it ("in Pasadenas"; not "the Kennedys", "two Toyotas").
        x[41] = f32::from(x[28] > 0.0 && f.span_words.len() == 1 && f.name_words.len() == 1);
        // Only the case changes, in a paragraph that uses capitals, and the span reads as a
        // name edited English writes with capitals ([`proper_words`]: "mongolia", "hugh
        // grant"; not "the bear", "union station"): a name whose capitals were lost.
        x[42] = f32::from(
            x[2] > 0.0 && x[25] > 0.0 && proper_words(f.span_words.iter().copied(), f.original),
        );
        // A common word run onto the name ("Valleyand"); on a short name part ("Lyn" of
        // "lynwho") the split is less certain.
        x[29] = f32::from(f.glued.is_some());
        x[30] = f32::from(f.glued.is_some_and(|(_, len)| len <= 4));
        x[31] = f.glue_phrase;
        x[32] = f32::from(f.changed_attested);
        // A word run onto a name of one word: far more often a word of its own than on a name
        // of two ("Hemus"); and a word run on before the name ("theBeatles").
        x[33] = f32::from(f.glued.is_some() && f.name_words.len() == 1);
        x[34] = f32::from(f.glued.is_some_and(|(name_first, _)| !name_first));
        // How much more English-like the name's spelling is than the span's: a typo makes
        // letter sequences that English words do not have ("Willimmsburg", "Msukegon"), while a
        // name of its own that the lexicon lacks is spelt as English spells ("Rowswell",
        // "Barbudos"). The gain in mean log-probability per letter
        // ([`crate::words::spelling_log_likelihood`]), times the letters of the changed word,
        // on the word that gains most; in nats / 5, at most 2.
        if x[1] > 0.0 {
            let gain = |s: &str, n: &str| {
                (crate::words::spelling_log_likelihood(n)
                    - crate::words::spelling_log_likelihood(s))
                    * (s.len() as f32 + 1.0)
            };
            // Only a word that English text does not write is a typo to judge this way: a
            // rare word or a name of its own ("Muong", "Nuovo") is spelt as its language
            // spells. Letters only, and not an acronym ("RNDIS", "user1" are not spelt as
            // words are).
            let acronym = !f.original.chars().any(char::is_lowercase);
            let unwritten = |s: &str, z: f32| {
                z == 0.0
                    && !acronym
                    && s.bytes().all(|b| b.is_ascii_lowercase())
                    && !crate::words::attested(s)
            };
            let g = if f.span_words.len() == f.name_words.len() {
                f.span_words
                    .iter()
                    .zip(f.name_words)
                    .zip(f.span_zipf)
                    .filter(|((s, n), &z)| s != n && unwritten(s, z))
                    .map(|((s, n), _)| gain(s, n))
                    .fold(0.0, f32::max)
            } else if f
                .span_words
                .iter()
                .zip(f.span_zipf)
                .any(|(s, &z)| unwritten(s, z))
            {
                gain(&span_key, &name_key)
            } else {
                0.0
            };
            x[35] = g.clamp(0.0, 10.0) / 5.0;
            // Every changed word, word by word, is one English text does not write, changed
            // by `slip` alone: a letter written twice or once ("Osseman", "Edgel", "Pascall"),
            // the commonest slip in writing a name, while two different names rarely differ by
            // that alone ("bidden" is a word, no slip for Biden); or two neighbouring letters
            // swapped ("Bdomin", "Corneilus"), the commonest slip of typing.
            let only_slip = |slip: fn(&str, &str) -> bool| {
                f.span_words.len() == f.name_words.len()
                    && f.span_words
                        .iter()
                        .zip(f.name_words)
                        .zip(f.span_zipf)
                        .all(|((s, n), &z)| s == n || (unwritten(s, z) && slip(s, n)))
            };
            x[37] = f32::from(only_slip(same_undoubled));
            x[38] = f32::from(only_slip(swapped));
        }
        // Only the case changes, in a paragraph without capitals (a transcript), and the
        // span's words are ones edited English writes only with a capital: the share of such
        // words ("geelong" 1, "north korea" 1/2).
        if x[25] > 0.0 && !f.cased && !f.span_words.is_empty() {
            let proper = f
                .span_words
                .iter()
                .filter(|w| crate::words::proper(w))
                .count();
            x[36] = proper as f32 / f.span_words.len() as f32;
        }
        // How much more English writes the name's word pairs than the span's, where the fix
        // changes a word: "Times Square" is written far more than "Themes Square", "San
        // Diego" than "Same Diego" (the pair's Zipf, on a changed pair the bigram list
        // holds; 0 where it holds neither).
        if f.span_words.len() == f.name_words.len() && f.span_words.len() > 1 {
            let gain = f
                .span_words
                .windows(2)
                .zip(f.name_words.windows(2))
                // (Not beside a word of the commonest English: "the wire" is written far more
                // than "the wiry" because it is ordinary English, not because it is a name.)
                .filter(|(s, n)| {
                    s != n
                        && s.iter().zip(n.iter()).all(|(a, b)| {
                            a != b || crate::normalize::zipf(a) < super::FUNCTION_WORD_ZIPF
                        })
                })
                .map(|(s, n)| {
                    crate::words::phrase_zipf(n[0], n[1]) - crate::words::phrase_zipf(s[0], s[1])
                })
                .fold(0f32, f32::max);
            x[39] = (gain / 7.0).clamp(0.0, 1.0);
        }
        x[40] = f32::from(f.glue_function);
        Evidence { x }
    }

    /// Log-odds that the fix is right.
    pub(crate) fn log_odds(&self) -> f32 {
        WEIGHTS[0]
            + self
                .x
                .iter()
                .zip(&WEIGHTS[1..])
                .map(|(x, w)| x * w)
                .sum::<f32>()
    }
}

/// Whether two strings differ only by letters written once in one and twice in the other
/// ("tennant" and "tenant"; not "trrrribbiani" and "tribbiani", a drawn-out word).
pub(crate) fn same_undoubled(a: &str, b: &str) -> bool {
    let mut a = a.chars().peekable();
    let mut b = b.chars().peekable();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {
                let (mut m, mut n) = (1, 1);
                while a.next_if_eq(&x).is_some() {
                    m += 1;
                }
                while b.next_if_eq(&y).is_some() {
                    n += 1;
                }
                if m != n && m.max(n) > 2 {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Whether two strings differ only by two neighbouring letters swapped ("bdomin" and
/// "bodmin").
pub(crate) fn swapped(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    i + 1 < a.len() && a[i] == b[i + 1] && a[i + 1] == b[i] && a[i + 2..] == b[i + 2..]
}

/// Words that, near a span, say what kind of thing it names.
pub(crate) fn cue_kind(word: &str) -> Option<Kind> {
    Some(match word {
        "film" | "films" | "movie" | "movies" | "starring" | "directed" | "screenplay"
        | "sequel" | "remake" | "biopic" | "documentary" => Kind::Film,
        "series" | "show" | "sitcom" | "episode" | "episodes" | "season" | "miniseries"
        | "drama" | "soap" => Kind::Tv,
        "actor" | "actress" | "star" | "stars" | "played" | "plays" | "director" | "singer"
        | "rapper" | "author" | "novelist" | "writer" | "presenter" | "host" | "comedian"
        | "mr" | "mrs" | "ms" | "dr" | "sir" | "dame" | "president" | "minister" | "ceo"
        | "said" | "says" => Kind::Person,
        "novel" | "book" | "books" | "memoir" | "trilogy" => Kind::Book,
        "city" | "town" | "village" | "capital" | "county" | "province" | "state" => Kind::Place,
        "company" | "band" | "group" | "firm" | "network" | "studio" | "label" | "club" => {
            Kind::Org
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{same_undoubled, swapped};

    #[test]
    fn doubled_letters() {
        assert!(same_undoubled("tennant", "tenant"));
        assert!(same_undoubled("pascall", "pascal"));
        assert!(same_undoubled("geellong", "geelong"));
        assert!(same_undoubled("abc", "abc"));
        // A drawn-out word is no slip of one letter.
        assert!(!same_undoubled("trrrribbiani", "tribbiani"));
        assert!(!same_undoubled("tenet", "tenant"));
        assert!(!same_undoubled("tenan", "tenant"));
    }

    #[test]
    fn swapped_letters() {
        assert!(swapped("bdomin", "bodmin"));
        assert!(swapped("corneilus", "cornelius"));
        assert!(!swapped("bodmin", "bodmin"));
        assert!(!swapped("bdomni", "bodmin"));
        assert!(!swapped("bodmi", "bodmin"));
    }
}
