//! Generates `tests/eval/garbled-prose/garbled.tsv`: garbled mentions of bundled entities in
//! sentences of public prose (the noise model is documented in that folder's README).
//!
//! ```text
//! cargo run --release --example garble
//! ```
//!
//! Deterministic: the sentences come in file order, the noise from a fixed-seed SplitMix64
//! (hand-written, 6 lines: `rand`'s generators do not promise the same stream across versions,
//! and the committed output must be reproducible). Only the committed clean-text files are read.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use namefix::{Kind, MatchKind, Matcher};

#[path = "support/garbled.rs"]
mod garbled;

/// SplitMix64 (Steele, Lea and Flood 2014).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// FNV-1a of an entity id: even = tune half, odd = report half (as the evaluation reads it).
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// American Soundex of an ASCII word (independent of the library's own phonetic key).
fn soundex(w: &str) -> String {
    let code = |c: char| match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        'h' | 'w' => '-',
        _ => '0',
    };
    let mut chars = w.chars().filter(|c| c.is_ascii_alphabetic());
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::from(first.to_ascii_uppercase());
    let mut last = code(first.to_ascii_lowercase());
    for c in chars {
        let k = code(c.to_ascii_lowercase());
        if k == '-' {
            continue;
        }
        if k != '0' && k != last {
            out.push(k);
        }
        last = k;
        if out.len() == 4 {
            break;
        }
    }
    while out.len() < 4 {
        out.push('0');
    }
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Writes `w` with the case pattern of `like` (all caps, capitalised or lowercase).
fn recase(w: &str, like: &str) -> String {
    let letters: Vec<char> = like.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        w.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        w.to_string()
    }
}

/// Spelling rules that keep the sound (pattern, replacement), tried in a random order.
const PHONETIC: &[(&str, &str)] = &[
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ie", "ei"),
    ("ei", "ie"),
    ("y", "ie"),
    ("ou", "ow"),
    ("oo", "u"),
    ("tion", "shun"),
    ("s", "z"),
    ("z", "s"),
    ("x", "ks"),
    ("qu", "kw"),
    ("th", "t"),
    ("gh", ""),
    ("kn", "n"),
    ("wr", "r"),
    ("er", "ur"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("ss", "s"),
    ("rr", "r"),
    ("mm", "m"),
    ("l", "ll"),
    ("n", "nn"),
    ("t", "tt"),
    ("i", "y"),
    ("an", "en"),
    ("en", "an"),
    ("on", "un"),
    ("or", "er"),
    ("au", "aw"),
    ("ew", "oo"),
];

/// The word spans (start, end) of `s`: runs of letters, digits, apostrophes, hyphens, periods.
fn tokens(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(a) = start.take() {
                out.push((a, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(a) = start {
        out.push((a, s.len()));
    }
    out
}

struct Ctx<'a> {
    /// Common words by Soundex key: (word, zipf).
    by_soundex: HashMap<String, Vec<(&'a str, f32)>>,
    /// Every common word.
    common: HashMap<&'a str, f32>,
}

/// Garbles `name` (an exact mention) with noise `noise`; `next` is the word after the mention
/// (for merges with it). Returns the garbled text and whether it swallowed the next word.
fn garble(
    noise: &str,
    name: &str,
    next: Option<&str>,
    ctx: &Ctx,
    rng: &mut Rng,
) -> Option<(String, bool)> {
    let toks = tokens(name);
    let alpha = |t: &(usize, usize)| name[t.0..t.1].chars().all(|c| c.is_ascii_alphabetic());
    // Tokens worth garbling: alphabetic, 3+ letters.
    let cands: Vec<(usize, usize)> = toks
        .iter()
        .copied()
        .filter(|t| alpha(t) && t.1 - t.0 >= 3)
        .collect();
    let pick = |rng: &mut Rng, v: &[(usize, usize)]| -> Option<(usize, usize)> {
        if v.is_empty() {
            None
        } else {
            Some(v[rng.below(v.len())])
        }
    };
    let splice = |t: (usize, usize), w: &str| format!("{}{}{}", &name[..t.0], w, &name[t.1..]);
    let out = match noise {
        "phonetic" => {
            let t = pick(rng, &cands)?;
            let word = name[t.0..t.1].to_string();
            let lower = word.to_lowercase();
            let start = rng.below(PHONETIC.len());
            let mut res = None;
            for k in 0..PHONETIC.len() {
                let (p, r) = PHONETIC[(start + k) % PHONETIC.len()];
                // Not on the first letter (a respelling keeps how the name starts).
                if let Some(i) = lower[1..].find(p).map(|i| i + 1) {
                    let w = format!("{}{}{}", &lower[..i], r, &lower[i + p.len()..]);
                    if w.len() >= 3 && w != lower {
                        res = Some(recase(&w, &word));
                        break;
                    }
                }
            }
            splice(t, &res?)
        }
        "sound-alike" => {
            let t = pick(rng, &cands)?;
            let word = &name[t.0..t.1];
            let lower = word.to_lowercase();
            let mut best: Vec<&(&str, f32)> = ctx
                .by_soundex
                .get(&soundex(&lower))?
                .iter()
                .filter(|(w, _)| *w != lower && levenshtein(w, &lower) <= 2)
                .collect();
            if best.is_empty() {
                return None;
            }
            best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let w = best[rng.below(best.len().min(3))].0;
            splice(t, &recase(w, word))
        }
        "typo" => {
            let t = pick(
                rng,
                &cands
                    .iter()
                    .copied()
                    .filter(|t| t.1 - t.0 >= 4)
                    .collect::<Vec<_>>(),
            )?;
            let word: Vec<char> = name[t.0..t.1].chars().collect();
            let mut w = word.clone();
            let i = 1 + rng.below(word.len() - 1);
            let letter = (b'a' + rng.below(26) as u8) as char;
            match rng.below(4) {
                0 => w.insert(i, letter),
                1 => {
                    w.remove(i);
                }
                2 => {
                    if w[i].to_ascii_lowercase() == letter {
                        return None;
                    }
                    w[i] = letter;
                }
                _ => {
                    if i + 1 >= w.len() || w[i] == w[i + 1] {
                        return None;
                    }
                    w.swap(i, i + 1);
                }
            }
            splice(t, &w.into_iter().collect::<String>())
        }
        "split" => {
            let t = pick(
                rng,
                &cands
                    .iter()
                    .copied()
                    .filter(|t| t.1 - t.0 >= 6)
                    .collect::<Vec<_>>(),
            )?;
            let word = &name[t.0..t.1];
            let i = 3 + rng.below(word.len() - 5);
            let (a, b) = word.split_at(i);
            let b = if word.chars().next()?.is_uppercase() && rng.below(2) == 0 {
                recase(b, "X")
            } else {
                b.to_string()
            };
            splice(t, &format!("{a} {b}"))
        }
        "merge" => {
            if toks.len() < 2 {
                return None;
            }
            let i = rng.below(toks.len() - 1);
            format!("{}{}", &name[..toks[i].1], &name[toks[i + 1].0..])
        }
        "merge-next" => {
            let n = next?;
            if !n.chars().all(|c| c.is_ascii_alphabetic()) || n.len() > 4 {
                return None;
            }
            return Some((format!("{name}{n}"), true));
        }
        "hyphen-diacritic" => {
            if name.contains('-') {
                name.replace('-', if rng.below(2) == 0 { " " } else { "" })
            } else if !name.is_ascii() {
                any_ascii::any_ascii(name)
            } else {
                return None;
            }
        }
        "plural-article" => {
            let first = &name[toks[0].0..toks[0].1];
            let last = toks[toks.len() - 1];
            let lw = &name[last.0..last.1];
            if toks.len() >= 2 && matches!(first, "The" | "A" | "An") {
                name[toks[1].0..].to_string()
            } else if alpha(&last) && lw.len() >= 4 {
                if lw.ends_with('s') && !lw.ends_with("ss") {
                    splice(last, &lw[..lw.len() - 1])
                } else {
                    splice(last, &format!("{lw}s"))
                }
            } else {
                return None;
            }
        }
        "lowercase" => {
            let l = name.to_lowercase();
            if l == name {
                return None;
            }
            l
        }
        _ => unreachable!(),
    };
    (out != name).then_some((out, false))
}

const NOISES: [&str; 9] = [
    "phonetic",
    "sound-alike",
    "typo",
    "split",
    "merge",
    "merge-next",
    "hyphen-diacritic",
    "plural-article",
    "lowercase",
];

/// Sentences of a clean-text file: lines, cut after ". ", "? ", "! " before a capital.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let b = line.as_bytes();
        let mut start = 0;
        for i in 1..b.len().saturating_sub(2) {
            if matches!(b[i], b'.' | b'?' | b'!')
                && b[i + 1] == b' '
                && b[i + 2].is_ascii_uppercase()
                && !(i >= 3 && matches!(&b[i - 3..i], b" Mr" | b" Dr" | b" St" | b"Mrs" | b" Jr"))
                && !(i >= 2 && b[i - 2] == b' ' && b[i - 1].is_ascii_uppercase())
            {
                out.push(line[start..=i].trim());
                start = i + 2;
            }
        }
        out.push(line[start..].trim());
    }
    out.into_iter()
        .filter(|s| {
            let n = s.split_whitespace().count();
            (6..=60).contains(&n) && !s.contains('\t')
        })
        .collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let m = Matcher::bundled();
    let words_text = std::fs::read_to_string(root.join("data/words.tsv")).unwrap();
    let mut ctx = Ctx {
        by_soundex: HashMap::new(),
        common: HashMap::new(),
    };
    for l in words_text.lines().filter(|l| !l.starts_with('#')) {
        let mut c = l.split('\t');
        let (Some(w), Some(z)) = (c.next(), c.next()) else {
            continue;
        };
        let z: f32 = z.parse().unwrap_or(0.0);
        ctx.common.insert(w, z);
        if z >= 3.0 && w.len() >= 3 {
            ctx.by_soundex.entry(soundex(w)).or_default().push((w, z));
        }
    }
    // Exact mentions: (file, sentence, start, end, entity index).
    let mut found = Vec::new();
    let mut per_entity: HashMap<u32, usize> = HashMap::new();
    for file in [
        "squad-paragraphs.txt",
        "squad-questions.txt",
        "nlp-corpus.txt",
        "brown.txt",
    ] {
        let text = std::fs::read_to_string(root.join("tests/eval/clean-text").join(file)).unwrap();
        for s in sentences(&text) {
            let mut seen = HashSet::new();
            let named = m.named_in(s);
            // Where each named entity's name or alias occurs (ASCII case ignored), to skip a
            // name inside a longer one ("Caledonia" in "New Caledonia").
            let folded = s.to_ascii_lowercase();
            let spans: Vec<(usize, usize)> = named
                .iter()
                .flat_map(|id| {
                    let e = m.lexicon().entity(*id);
                    std::iter::once(e.name()).chain(e.aliases())
                })
                .flat_map(|n| {
                    let n = n.to_ascii_lowercase();
                    folded
                        .match_indices(&n)
                        .map(|(a, _)| (a, a + n.len()))
                        .collect::<Vec<_>>()
                })
                .collect();
            for id in named {
                let e = m.lexicon().entity(id);
                if !seen.insert(id)
                    || per_entity
                        .get(&(id.index() as u32))
                        .is_some_and(|n| *n >= 3)
                {
                    continue;
                }
                // The canonical name, written exactly, as a whole word sequence.
                let n = e.name();
                let Some((a, b)) =
                    s.match_indices(n)
                        .map(|(a, _)| (a, a + n.len()))
                        .find(|&(a, b)| {
                            !s[..a]
                                .chars()
                                .next_back()
                                .is_some_and(|c| c.is_alphanumeric())
                                && !s[b..].chars().next().is_some_and(|c| c.is_alphanumeric())
                        })
                else {
                    continue;
                };
                // Not part of a longer name: no capitalised word right before it (except a
                // common word opening the sentence) or right after it.
                let prev = tokens(&s[..a]).last().map(|t| &s[t.0..t.1]);
                let prev_cap = prev.is_some_and(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && !(tokens(&s[..a]).len() == 1
                            && w != "The"
                            && ctx
                                .common
                                .get(w.to_lowercase().as_str())
                                .is_some_and(|z| *z >= 4.0))
                });
                let next_cap = s[b..]
                    .strip_prefix(' ')
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_uppercase);
                if prev_cap
                    || next_cap
                    || prev.is_some_and(|w| w.ends_with('-'))
                    || s[b..].starts_with('-')
                {
                    continue;
                }
                let span = &s[a..b];
                let toks = tokens(span);
                let capitalised = toks
                    .iter()
                    .filter(|t| {
                        span[t.0..t.1]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                    })
                    .count();
                let single_rare = toks.len() == 1
                    && a > 0
                    && span.len() >= 4
                    && capitalised == 1
                    && ctx
                        .common
                        .get(span.to_lowercase().as_str())
                        .is_none_or(|z| *z < 3.5);
                let multi = toks.len() >= 2 && capitalised >= 2;
                if !(single_rare || multi) || span.len() > 60 {
                    continue;
                }
                if spans
                    .iter()
                    .any(|&(c, d)| c <= a && b <= d && d - c > b - a)
                {
                    continue;
                }
                *per_entity.entry(id.index() as u32).or_default() += 1;
                found.push((file, s.to_string(), a, b, id));
                break;
            }
        }
    }
    eprintln!("{} exact mentions found", found.len());
    let mut rng = Rng(20_261_206);
    let mut rows = Vec::new();
    let mut by_noise: HashMap<&str, usize> = HashMap::new();
    for (file, s, a, b, id) in &found {
        let (s, a, b, id) = (s.as_str(), *a, *b, *id);
        let e = m.lexicon().entity(id);
        let name = &s[a..b];
        let next_tok = tokens(&s[b..]).first().map(|t| (b + t.0, b + t.1));
        let next_word = next_tok.filter(|t| t.0 == b + 1).map(|t| &s[t.0..t.1]);
        // Noise types from the least used so far (ties in a random order); the first that
        // applies.
        let mut order: Vec<(usize, u64, &str)> = NOISES
            .iter()
            .map(|n| (by_noise.get(n).copied().unwrap_or(0), rng.next(), *n))
            .collect();
        order.sort();
        let mut done = None;
        for (_, _, noise) in order {
            let Some((g, swallowed)) = garble(noise, name, next_word, &ctx, &mut rng) else {
                continue;
            };
            // A garble that is exactly another entity's name is no garble of this one.
            if let Some(hit) = m.lookup(&g) {
                if hit.id() != e.id()
                    && matches!(
                        hit.match_kind(),
                        MatchKind::Exact | MatchKind::Normalized | MatchKind::Alias
                    )
                {
                    continue;
                }
            }
            done = Some((noise, g, swallowed));
            break;
        }
        let Some((noise, g, swallowed)) = done else {
            continue;
        };
        let end = if swallowed { next_tok.unwrap().1 } else { b };
        let gold = s[a..end].to_string();
        let cased = format!("{}{}{}", &s[..a], g, &s[end..]);
        let (ga, gb) = (a, a + g.len());
        let (lower, map) = garbled::render(&cased, true);
        let (la, lb) = (map[ga], map[gb]);
        let lgold = if swallowed {
            format!("{} {}", name, garbled::render(&s[b..end], true).0.trim())
        } else {
            gold.clone()
        };
        let lspan = lower[la..lb].trim_end().to_string();
        let lb = la + lspan.len();
        let half = if id_hash(e.id()) % 2 == 0 {
            "tune"
        } else {
            "report"
        };
        *by_noise.entry(noise).or_default() += 1;
        rows.push(format!(
            "{half}\t{noise}\t{}\t{}\t{file}\t{s}\t{cased}\t{ga}\t{gb}\t{g}\t{gold}\t{lower}\t{la}\t{lb}\t{lspan}\t{lgold}",
            e.kind().as_str(),
            e.id(),
        ));
    }
    let _ = Kind::Person;
    let header = "# Garbled mentions of bundled entities in sentences of public prose. GENERATED by `cargo run --release --example garble`: do not edit; see README.md.\n# half\tnoise\tkind\tid\tsource\toriginal sentence\tcased sentence\tstart\tend\tgarbled\tgold\tlowercase sentence\tlstart\tlend\tlgarbled\tlgold\n";
    let out = root.join("tests/eval/garbled-prose/garbled.tsv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    std::fs::write(&out, format!("{header}{}\n", rows.join("\n"))).unwrap();
    let mut v: Vec<_> = by_noise.into_iter().collect();
    v.sort();
    eprintln!("{} garbled mentions: {v:?}", rows.len());
}
