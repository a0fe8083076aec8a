//! One matcher shared across threads: lookups and scans at the same time give exactly the
//! results of a single thread, and the lazily built bundled matcher is built once even when
//! many threads ask for it at once.

use std::sync::Barrier;

use namefix::{Lexicon, Matcher};

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

const TEXTS: &[&str] = &[
    "heart stopper is by Alice Osseman, who also likes Happy Valleyand more.",
    "Olivia Coleman won. Cormac Hyde Corrin and joe locke, Kit Conner.",
    "Charlie (joe locke) smiles at Netflix's Heartstoper with Doctor Who.",
    "J.J Abrams and Chris Hemsword met Liam Hemsworth in Tokio.",
    "Zoe Kravits, Beyonce Knowles & Tom and Jerry; AC DC at the -30- A 24 party.",
    "東京 and القاهرة are cities; Björk Gudmundsdottir sang. 👨\u{200D}👩\u{200D}👧",
    "The Lord of the Rings, LOTR, lord of the rings (1978).",
    "",
    "e\u{301}\u{301}\u{301} \u{202E}Olivia Coleman\u{202C}",
];

const MENTIONS: &[&str] = &[
    "Olivia Coleman",
    "heart stopper",
    "Heartstopper",
    "Liam Hemsword",
    "Hemsworth",
    "Smith",
    "Zoe Kravits",
    "Beyonce",
    "東京",
    "AC DC",
    "A 24",
    "the",
    "",
    "!!!",
    "Doctor Who",
    "Cormac Hyde Corrin",
    "Stranger Things",
    "Emma Roberts",
];

/// What a matcher answers, as owned values that can be compared across threads.
#[derive(Debug, PartialEq)]
struct Answers {
    lookups: Vec<Option<(String, u32)>>,
    candidates: Vec<Vec<(String, u32)>>,
    checks: Vec<Vec<(usize, usize, String, String)>>,
    fixes: Vec<String>,
}

fn answers(m: &Matcher, rotate: usize) -> Answers {
    // Each thread walks the inputs from a different starting point, so different threads run
    // different inputs at the same moment; the answers are put back in input order.
    let n = MENTIONS.len();
    let mut lookups = vec![None; n];
    let mut candidates = vec![Vec::new(); n];
    for k in 0..n {
        let i = (k + rotate) % n;
        lookups[i] = m
            .lookup(MENTIONS[i])
            .map(|h| (h.id().to_string(), h.score().to_bits()));
        candidates[i] = m
            .candidates(MENTIONS[i], 5)
            .iter()
            .map(|c| (c.id().to_string(), c.score().to_bits()))
            .collect();
    }
    let t = TEXTS.len();
    let mut checks = vec![Vec::new(); t];
    let mut fixes = vec![String::new(); t];
    for k in 0..t {
        let i = (k + rotate) % t;
        checks[i] = m
            .check(TEXTS[i])
            .iter()
            .map(|c| {
                (
                    c.start(),
                    c.end(),
                    c.replacement().to_string(),
                    c.id().to_string(),
                )
            })
            .collect();
        fixes[i] = m.fix(TEXTS[i]);
    }
    Answers {
        lookups,
        candidates,
        checks,
        fixes,
    }
}

#[test]
fn bundled_matcher_is_built_once_under_contention() {
    let threads = 4;
    let barrier = Barrier::new(threads);
    let ptrs: Vec<usize> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    Matcher::bundled() as *const Matcher as usize
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(ptrs.windows(2).all(|w| w[0] == w[1]), "one shared matcher");
}

fn shared_matches_single(m: &Matcher, threads: usize, rounds: usize) {
    let expected = answers(m, 0);
    // Sanity: the inputs do exercise the matcher.
    assert!(expected.lookups.iter().any(Option::is_some));
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        for t in 0..threads {
            let (barrier, expected) = (&barrier, &expected);
            s.spawn(move || {
                barrier.wait();
                for r in 0..rounds {
                    let got = answers(m, t * 7 + r);
                    assert_eq!(&got, expected, "thread {t}, round {r}");
                }
            });
        }
    });
}

#[test]
fn shared_bundled_matcher_answers_like_one_thread() {
    shared_matches_single(Matcher::bundled(), 4, 3);
}

#[test]
fn shared_custom_matcher_answers_like_one_thread() {
    let m = Matcher::new(Lexicon::from_tsv(common::CUSTOM_TSV).unwrap());
    shared_matches_single(&m, 4, 10);
}

#[test]
fn matcher_moves_into_an_arc_across_threads() {
    let m = std::sync::Arc::new(Matcher::new(Lexicon::from_tsv(common::CUSTOM_TSV).unwrap()));
    let expected = answers(&m, 0);
    let hs: Vec<_> = (0..3)
        .map(|t| {
            let m = m.clone();
            std::thread::spawn(move || answers(&m, t))
        })
        .collect();
    for h in hs {
        assert_eq!(h.join().unwrap(), expected);
    }
}
