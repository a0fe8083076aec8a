//! Incremental checking gives exactly the result of checking the whole text, over random
//! edit sequences on documents where one paragraph's result depends on names in another.

use namefix::ScanOptions;
use namefix_ls::engine::{Checker, DocCache, MatcherRef};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// (name, garbled) pairs whose garbled form is fixed only when the document names the entity
/// elsewhere.
const PAIRS: &[(&str, &str)] = &[
    ("Reddit", "Redit"),
    ("Gandalf", "Gandolf"),
    ("Interstellar", "Intersteller"),
    ("Casablanca", "Casablanka"),
    ("Deadpool", "Deadpol"),
    ("London", "Londn"),
    ("Manchester", "Manchestr"),
    ("Liverpool", "Liverpol"),
    ("Toronto", "Torronto"),
    ("Michaela Coel", "Michaela Cole"),
    ("Netflix", "Natfflix"),
    ("Melbourne", "Malbaurne"),
    ("Wikipedia", "Waikpedia"),
];

/// (name, garbled) pairs whose garbled form is fixed on its own: the document then names the
/// entity by a fuzzy fix only, which makes the garbled forms of `PAIRS` fixable elsewhere
/// ("Lnodon" here, "Londn" there).
const FIXED_ALONE: &[(&str, &str)] = &[
    ("Reddit", "Raddit"),
    ("London", "Lnodon"),
    ("Netflix", "Natflix"),
    ("Melbourne", "Malbourne"),
    ("Wikipedia", "Wakipedia"),
];

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/golden/heartstopper-bloopers.txt"
    ))
    .expect("seed article")
}

fn paragraph(rng: &mut Rng) -> String {
    let (name, garbled) = PAIRS[rng.below(PAIRS.len())];
    match rng.below(5) {
        0 => format!("We talked about {name} all day."),
        1 => format!("Then someone said {garbled} again."),
        2 => format!("Both {name} and {garbled} came up,\nover two lines."),
        3 => format!(
            "Someone wrote {} there.",
            FIXED_ALONE[rng.below(FIXED_ALONE.len())].1
        ),
        _ => format!(
            "Nothing to see here, just words number {}.",
            rng.below(1000)
        ),
    }
}

fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(text.match_indices("\n\n").map(|(i, _)| i + 2));
    v
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One random edit of `text`; returns a short description.
fn edit(rng: &mut Rng, text: &mut String) -> String {
    let starts = paragraph_starts(text);
    match rng.below(8) {
        0 => {
            let at = starts[rng.below(starts.len())];
            let p = paragraph(rng);
            text.insert_str(at, &format!("{p}\n\n"));
            format!("insert paragraph {p:?}")
        }
        1 if starts.len() > 2 => {
            let k = rng.below(starts.len() - 1);
            let (a, b) = (starts[k], starts[k + 1]);
            let gone = text[a..b].to_string();
            text.replace_range(a..b, "");
            format!("delete paragraph {gone:?}")
        }
        2 => {
            // Type a garbled or exact name into a random place, character by character is
            // covered by the caller checking after each char.
            let (name, garbled) = PAIRS[rng.below(PAIRS.len())];
            let w = match rng.below(3) {
                0 => name,
                1 => garbled,
                _ => FIXED_ALONE[rng.below(FIXED_ALONE.len())].1,
            };
            let at = floor(text, rng.below(text.len() + 1));
            text.insert_str(at, &format!(" {w} "));
            format!("insert word {w:?} at {at}")
        }
        3 => {
            let a = floor(text, rng.below(text.len() + 1));
            let b = floor(text, a + rng.below(40));
            let gone = text[a..b].to_string();
            text.replace_range(a..b, "");
            format!("delete {gone:?}")
        }
        4 => {
            let at = floor(text, rng.below(text.len() + 1));
            text.insert_str(at, "\n\n");
            format!("split at {at}")
        }
        5 if starts.len() > 2 => {
            let k = 1 + rng.below(starts.len() - 1);
            let at = starts[k] - 2;
            text.replace_range(at..at + 2, " ");
            format!("join at {at}")
        }
        6 => {
            let at = floor(text, rng.below(text.len() + 1));
            let at = text[at..].find(' ').map_or(at, |i| at + i);
            let w = PHRASES[rng.below(PHRASES.len())];
            text.insert_str(at, &format!(" {w}"));
            format!("insert phrase {w:?} at {at}")
        }
        _ => {
            let at = floor(text, rng.below(text.len() + 1));
            let c = ["x", "e", "é", "😀", "中", "-", ".", "\n", "'s"][rng.below(9)];
            text.insert_str(at, c);
            format!("type {c:?} at {at}")
        }
    }
}

/// Words and phrases typed in by the edits: names, garbled names, and common phrases that
/// are also titles (typing inside them changes what the document names).
const PHRASES: &[&str] = &[
    "for the first time",
    "The Crown",
    "very",
    "New York",
    "the office",
    "Olivia Coleman",
    "heart stopper",
    "Time",
    "far",
];

fn squad(bytes: usize) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/eval/clean-text/squad-paragraphs.txt"
    ))
    .expect("squad paragraphs");
    let mut out = String::new();
    for p in text.split('\n').filter(|p| !p.trim().is_empty()) {
        if out.len() + p.len() > bytes {
            break;
        }
        out.push_str(p);
        out.push_str("\n\n");
    }
    out
}

fn run(checker: &Checker, seed_value: u64, steps: usize) {
    let mut text = seed();
    run_on(checker, seed_value, steps, &mut text);
}

fn run_on(checker: &Checker, seed_value: u64, steps: usize, text: &mut String) {
    let mut rng = Rng(seed_value);
    for _ in 0..12 {
        let p = paragraph(&mut rng);
        text.push_str("\n\n");
        text.push_str(&p);
    }
    let mut cache = DocCache::new();
    let mut log = Vec::new();
    let (mut blocks, mut rechecked, mut invalidated) = (0, 0, 0);
    for step in 0..steps {
        let got = cache
            .check(checker, text, &mut || false)
            .expect("not interrupted");
        blocks += got.blocks;
        rechecked += got.rechecked;
        invalidated += got.invalidated;
        let want = checker.check_full(text);
        assert_eq!(
            got.fixes, want,
            "seed {seed_value} step {step} after {log:#?}\ntext:\n{text}"
        );
        log.push(edit(&mut rng, text));
        if log.len() > 6 {
            log.remove(0);
        }
    }
    eprintln!("seed {seed_value}: {steps} checks, {rechecked} of {blocks} blocks re-checked, {invalidated} invalidated");
}

#[test]
fn incremental_equals_full_on_random_edits() {
    let checker = Checker::new(MatcherRef::Bundled, ScanOptions::new());
    let steps: usize = std::env::var("NAMEFIX_LS_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 15 } else { 80 });
    for s in 1..=3u64 {
        run(&checker, s.wrapping_mul(0x9E37_79B9_7F4A_7C15), steps);
    }
}

#[test]
fn incremental_equals_full_on_wikipedia_paragraphs() {
    let checker = Checker::new(MatcherRef::Bundled, ScanOptions::new());
    let (bytes, steps) = if cfg!(debug_assertions) {
        (6_000, 10)
    } else {
        (40_000, 80)
    };
    let steps = std::env::var("NAMEFIX_LS_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(steps);
    let seeds: u64 = std::env::var("NAMEFIX_LS_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    for s in 1..=seeds {
        let mut text = squad(bytes);
        run_on(
            &checker,
            s.wrapping_mul(0xD1B5_4A32_D192_ED03),
            steps,
            &mut text,
        );
    }
}

#[test]
fn incremental_equals_full_with_options() {
    let mut opts = ScanOptions::new();
    opts.threshold(0.8).ignore_kind(namefix::Kind::Place);
    let checker = Checker::new(MatcherRef::Bundled, opts);
    run(&checker, 42, if cfg!(debug_assertions) { 8 } else { 30 });
}

#[test]
fn a_name_fixed_in_one_paragraph_counts_in_another() {
    let checker = Checker::new(MatcherRef::Bundled, ScanOptions::new());
    let mut cache = DocCache::new();
    let mut text = String::from(
        "Then someone said Raccine again.\n\nA paragraph about nothing in particular.",
    );
    let first = cache.check(&checker, &text, &mut || false).unwrap();
    assert!(first.fixes.is_empty(), "{first:?}");
    // "Racinee" is fixed to Racine on its own; the document then names Racine, by a fix, which
    // settles the tie "Raccine" is alone (Racine or another name as close) in the untouched
    // first paragraph.
    text.push_str("\n\nSomeone wrote Racinee there.");
    let second = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(second.fixes, checker.check_full(&text));
    let fixed: Vec<&str> = second.fixes.iter().map(|f| f.original.as_str()).collect();
    assert_eq!(fixed, ["Raccine", "Racinee"]);
    assert_eq!(second.invalidated, 1, "{second:?}");
    assert_eq!(second.rechecked, 2, "{second:?}");
    // Breaking the fixed name takes the other fix away again.
    text.truncate(text.rfind("\n\n").unwrap());
    text.push_str("\n\nSomeone wrote nothing there.");
    let third = cache.check(&checker, &text, &mut || false).unwrap();
    assert!(third.fixes.is_empty(), "{third:?}");
    assert_eq!(third.rechecked, 2, "{third:?}");
}

#[test]
fn only_touched_paragraphs_are_rechecked() {
    let checker = Checker::new(MatcherRef::Bundled, ScanOptions::new());
    let mut text = seed();
    let mut cache = DocCache::new();
    let first = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(first.fixes.len(), 11);
    // Every block once, and again the few whose result depends on what another block's fuzzy
    // fixes name (known only once every block has been checked).
    assert!(first.rechecked >= first.blocks, "{first:?}");
    assert!(first.rechecked <= first.blocks + 3, "{first:?}");
    // Typing a common word in one paragraph re-checks that paragraph only.
    let at = text.find("The blooper reel").unwrap();
    text.insert_str(at, "Indeed, ");
    let second = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(second.rechecked, 1, "{second:?}");
    assert_eq!(second.fixes, checker.check_full(&text));
    // An unchanged text re-checks nothing.
    let third = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(third.rechecked, 0);
    // An interruption returns nothing and keeps the work done.
    text.push_str("\n\nMore about Liverpol.");
    assert!(cache.check(&checker, &text, &mut || true).is_none());
    let fourth = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(fourth.fixes, checker.check_full(&text));
}

#[test]
fn naming_an_entity_updates_other_paragraphs() {
    let checker = Checker::new(MatcherRef::Bundled, ScanOptions::new());
    let mut cache = DocCache::new();
    let mut text = String::from(
        "Then someone said Lubbok again.\n\nA paragraph about nothing in particular.\n\n\
         Another one, about the weather.",
    );
    let first = cache.check(&checker, &text, &mut || false).unwrap();
    assert!(first.fixes.is_empty(), "{first:?}");
    // Naming Lubbock elsewhere makes "Lubbok" a fix in the untouched first paragraph;
    // only that paragraph is invalidated, not the unrelated ones.
    text.push_str("\n\nWe talked about Lubbock all day.");
    let second = cache.check(&checker, &text, &mut || false).unwrap();
    assert_eq!(second.fixes, checker.check_full(&text));
    assert_eq!(second.fixes.len(), 1);
    assert_eq!(second.fixes[0].replacement, "Lubbock");
    assert_eq!(second.invalidated, 1, "{second:?}");
    assert_eq!(second.rechecked, 2, "{second:?}");
    // And removing the name again takes the fix away.
    text.truncate(text.rfind("\n\n").unwrap());
    let third = cache.check(&checker, &text, &mut || false).unwrap();
    assert!(third.fixes.is_empty(), "{third:?}");
}
