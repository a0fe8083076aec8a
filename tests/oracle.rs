//! The index must not lose matches: on generated garbles of real names, the indexed lookup
//! returns what scoring every name of the lexicon with the same scorer returns.

use namefix::{Lexicon, Matcher};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One random edit (deletion, insertion, substitution or transposition) inside one word of
/// at least four letters; `None` when the name has no such word.
fn garble(name: &str, rng: &mut Rng) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().count() >= 4 && words[i].is_ascii())
        .collect();
    if long.is_empty() {
        return None;
    }
    let wi = long[rng.below(long.len())];
    let mut w: Vec<u8> = words[wi].as_bytes().to_vec();
    let pos = 1 + rng.below(w.len() - 1);
    let letter = b'a' + rng.below(26) as u8;
    match rng.below(4) {
        0 => {
            w.remove(pos);
        }
        1 => w.insert(pos, letter),
        2 => w[pos] = letter,
        _ => {
            if pos + 1 < w.len() {
                w.swap(pos, pos + 1);
            } else {
                w.swap(pos - 1, pos);
            }
        }
    }
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[wi] = String::from_utf8(w).ok()?;
    Some(out.join(" "))
}

fn sample_lexicon(every: usize) -> Lexicon {
    let mut b = Lexicon::builder();
    for (i, e) in Matcher::bundled_lexicon().entities().iter().enumerate() {
        if i % every == 0 {
            b.push(e.clone()).unwrap();
        }
    }
    b.build()
}

/// The canonical names of every `every`-th bundled entity, and a matcher over them.
fn sample_matcher(every: usize) -> (Vec<String>, Matcher) {
    let lex = sample_lexicon(every);
    let names = lex
        .entities()
        .iter()
        .map(|e| e.name().to_string())
        .collect();
    (names, Matcher::new(lex))
}

#[test]
fn indexed_lookup_equals_brute_force_on_one_edit_garbles() {
    let (names, m) = sample_matcher(40);
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut checked = 0;
    let mut accepted = 0;
    for i in 0..400 {
        let name = &names[(i * 7919) % names.len()];
        let Some(g) = garble(name, &mut rng) else {
            continue;
        };
        let fast = m.lookup(&g).map(|x| (x.id().to_string(), x.score()));
        let slow = m
            .lookup_exhaustive(&g)
            .map(|x| (x.id().to_string(), x.score()));
        assert_eq!(fast, slow, "garble {g:?} of {name:?}");
        checked += 1;
        accepted += usize::from(fast.is_some());
    }
    assert!(checked >= 300, "only {checked} garbles");
    // The garbles are mostly recoverable: most are accepted (by both).
    assert!(accepted * 2 > checked, "{accepted} of {checked} accepted");
}

#[test]
fn exact_names_agree_with_brute_force() {
    let (names, m) = sample_matcher(97);
    for name in names.iter().step_by(7).take(150) {
        let fast = m.lookup(name).map(|x| x.id().to_string());
        let slow = m.lookup_exhaustive(name).map(|x| x.id().to_string());
        assert_eq!(fast, slow, "{name:?}");
    }
}
