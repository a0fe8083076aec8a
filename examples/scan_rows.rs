//! Fits the scanner's decision model (`src/scan/evidence.rs`, `WEIGHTS`).
//!
//! ```text
//! cargo run --release --example scan_rows            # fit, print the weights
//! cargo run --release --example scan_rows -- --dump  # also print every row (TSV) on stdout
//! cargo run --release --example scan_rows -- --only plural,cue  # a partial refit
//! cargo run --release --example scan_rows -- --earnings21  # also fit on real ASR calls
//! ```
//!
//! Training texts (the *tune* part; the rest of the clean prose, the other corpora and the
//! report half of the generated garbles are never read here):
//!
//! * positives and negatives: the annotated articles (`tests/golden`, `tests/articles`): a
//!   proposal is right when its span and replacement equal a gold edit;
//! * negatives: the first half of the Brown corpus (`tests/eval/clean-text/brown.txt`,
//!   sentences before the middle line, each paragraph checked as a document of its own):
//!   edited prose, in which every proposal is wrong except those listed in
//!   `tests/eval/clean-text/true-fixes.tsv`;
//! * positives and negatives: the tune half of the generated garbled sentences
//!   (`tests/eval/garbled-prose/garbled.tsv`, rows whose half is `tune`), cased and lowercase;
//!   in the lowercase rendering, restoring a name's capitals as the cased sentence writes them
//!   is right as well as the gold fix.
//!
//! The fit is an L2-regularised logistic regression (Newton's method); each training set gets
//! the same total weight. The intercept is then lowered until the Brown half gets at most
//! 0.3 wrong proposals per 10,000 words (`BUDGET`; the clean-prose limit is 0.5), but not so
//! far that a right proposal of the seed article (`tests/golden`, which must stay exact) or of
//! the issue's example sentences (`ISSUE_EXAMPLES`, `tests/running_text_examples.rs`) comes
//! within `ARTICLE_MARGIN` of being lost. The other annotated articles are reported, not
//! constrained: constraining every one of their right proposals let the Brown half reach
//! 0.74 wrong proposals per 10,000 words.
//!
//! `--earnings21` adds a training set of real speech-recognition output: the tune half of the
//! calls of `tests/eval/earnings21-text` (all seven systems; `evaluate` reports the other half
//! apart), each call checked whole against the set's own lexicon, a proposal right when the
//! set's scorer counts it good and wrong when it counts it false (case-only and other neutral
//! proposals left out). It is not part of the compiled fit: DESIGN.md, "Session 17", gives what
//! it did to every evaluation set.
//!
//! `--only A,B` is a partial refit: the weights of the named features are fitted with every
//! other weight and the intercept held at the values compiled in (the intercept is then
//! lowered, if need be, as above). New evidence is added this way: a full refit moves the
//! established weights on the few rows the new evidence changes, and in sessions 8 to 11
//! such moves did not carry over to the held-out prose (DESIGN.md, "The decision in running
//! text").

use std::collections::HashSet;
use std::path::Path;

use namefix::Matcher;

#[path = "support/articles.rs"]
mod support;

#[path = "support/garbled.rs"]
mod garbled;

#[path = "support/earnings21.rs"]
mod earnings21;

#[path = "support/issue_examples.rs"]
mod issue_examples;
use issue_examples::GARBLES_OF_REAL_WORDS as ISSUE_EXAMPLES;

/// Wrong proposals allowed per 10,000 words of the Brown half (the clean-prose limit is 0.5;
/// the margin is for text not seen here).
const BUDGET: f64 = 0.3 / 10_000.0;

/// The article that started the project (`tests/golden`): it must stay exact.
const SEED: &str = "heartstopper-bloopers";

/// Log-odds by which every right proposal of the seed article must be accepted, so
/// that a text only a little different (a shorter paragraph, another cue word) keeps them.
const ARTICLE_MARGIN: f64 = 0.1;

struct Row {
    set: &'static str,
    label: bool,
    x: Vec<f64>,
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn main() {
    let dump = std::env::args().any(|a| a == "--dump");
    let with_earnings21 = std::env::args().any(|a| a == "--earnings21");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let m = Matcher::bundled();
    let names = Matcher::__scan_feature_names();
    let mut rows: Vec<Row> = Vec::new();
    let mut push_with =
        |m: &Matcher,
         set: &'static str,
         text: &str,
         right: &dyn Fn(usize, usize, &str) -> Option<bool>| {
            for (s, e, r, x) in m.__scan_rows(text) {
                let Some(label) = right(s, e, &r) else {
                    continue;
                };
                if dump {
                    let xs: Vec<String> = x.iter().map(|v| format!("{v:.3}")).collect();
                    println!(
                        "{set}\t{}\t{:?}\t{:?}\t{}",
                        u8::from(label),
                        &text[s..e],
                        r,
                        xs.join("\t")
                    );
                }
                rows.push(Row {
                    set,
                    label,
                    x: x.iter().map(|&v| f64::from(v)).collect(),
                });
            }
        };

    let mut push = |set: &'static str, text: &str, right: &dyn Fn(usize, usize, &str) -> bool| {
        push_with(m, set, text, &|s, e, r| Some(right(s, e, r)));
    };

    // The annotated articles.
    for (name, text, gold) in support::gold_articles() {
        let gold: HashSet<(usize, usize, String)> = gold.into_iter().collect();
        let set = if name == SEED { "seed" } else { "articles" };
        push(set, &text, &|s, e, r| gold.contains(&(s, e, r.to_string())));
    }

    // The issue's example sentences (`tests/running_text_examples.rs`) are requirements, as
    // the seed article is: their fixes bound the intercept with the seed's, but they are too
    // few to fit on (they are not in the fit).
    for (text, fixes) in ISSUE_EXAMPLES {
        let gold: HashSet<(usize, usize, String)> = fixes
            .iter()
            .map(|(span, name)| {
                let at = text.find(span).expect("span in its sentence");
                (at, at + span.len(), name.to_string())
            })
            .collect();
        push("examples", text, &|s, e, r| {
            gold.contains(&(s, e, r.to_string()))
        });
    }

    // The first half of the Brown corpus: every proposal is wrong but the listed true fixes.
    let brown_path = [
        root.join("tests/eval/clean-text/brown.txt"),
        root.join("../shared/data/eval/clean-text/brown.txt"),
    ]
    .into_iter()
    .find(|p| p.exists())
    .expect("brown.txt");
    let brown = read(&brown_path).unwrap();
    let lines: Vec<&str> = brown.lines().collect();
    let half = lines[..lines.len() / 2].join("\n");
    let brown_words = half.split_whitespace().count();
    // Listed true fixes count as right (their span and replacement).
    let true_fixes: HashSet<(usize, usize, String)> =
        read(&root.join("tests/eval/clean-text/true-fixes.tsv"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("brown.txt\t"))
            .filter_map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                let start: usize = c[1].parse().ok()?;
                Some((start, start + c[2].len(), c[3].to_string()))
            })
            .collect();
    // One paragraph at a time: the corpus is hundreds of documents, and one document would
    // name nearly every entity somewhere.
    let mut offset = 0;
    for para in half.split("\n\n") {
        let gold: HashSet<(usize, usize, String)> = true_fixes
            .iter()
            .filter(|f| f.0 >= offset && f.1 <= offset + para.len())
            .map(|f| (f.0 - offset, f.1 - offset, f.2.clone()))
            .collect();
        push("brown-tune", para, &|s, e, r| {
            gold.contains(&(s, e, r.to_string()))
        });
        offset += para.len() + 2;
    }

    // The tune half of the generated garbles, cased and lowercase.
    if let Some(tsv) = read(&root.join("tests/eval/garbled-prose/garbled.tsv")) {
        for l in tsv.lines().filter(|l| !l.starts_with('#')) {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() < 16 || c[0] != "tune" {
                continue;
            }
            // In the lowercase rendering, restoring the cased sentence's capitals is right too
            // (`garbled::restores_case`: what a speech transcript needs).
            let with_case = garbled::with_case(c[6], c[11]);
            for (set, text, s, e, gold) in [
                ("garbled-tune", c[6], c[7], c[8], c[10]),
                ("garbled-tune-lower", c[11], c[12], c[13], c[15]),
            ] {
                let span: (usize, usize) = (s.parse().unwrap(), e.parse().unwrap());
                let lower = set == "garbled-tune-lower";
                push(set, text, &|s, e, r| {
                    ((s, e) == span && r == gold)
                        || (lower && garbled::restores_case(text, with_case.as_deref(), s, e, r))
                });
            }
        }
    }

    // The tune half of the real ASR calls (`tests/eval/earnings21-text`, calls whose half is
    // `tune`, all seven systems), each call one document checked against the set's own
    // lexicon: a proposal is right when score.py counts it good, wrong when it counts it
    // false; the ones it counts neutral (case, spacing or punctuation only) or right by the
    // reference elsewhere are left out.
    if with_earnings21 {
        let e21 = earnings21::matcher();
        for system in earnings21::systems() {
            for call in earnings21::calls(&system) {
                if earnings21::half(&call) != "tune" {
                    continue;
                }
                let c = earnings21::Call::read(&system, &call);
                push_with(
                    &e21,
                    "earnings21-tune",
                    &c.text,
                    &|s, e, r| match c.judge(s, e, r) {
                        "good" => Some(true),
                        "false" => Some(false),
                        _ => None,
                    },
                );
            }
        }
    }

    // The examples only bound the intercept.
    let (examples, rows): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| r.set == "examples");
    let sets: Vec<&str> = {
        let mut v: Vec<&str> = rows.iter().map(|r| r.set).collect();
        v.sort();
        v.dedup();
        v
    };
    let n = rows.len();
    let d = names.len() + 1;
    let mut weight = vec![0f64; n];
    for s in &sets {
        let k = rows.iter().filter(|r| r.set == *s).count() as f64;
        for (i, r) in rows.iter().enumerate() {
            if r.set == *s {
                weight[i] = n as f64 / (sets.len() as f64 * k);
            }
        }
    }
    for s in &sets {
        let pos = rows.iter().filter(|r| r.set == *s && r.label).count();
        let neg = rows.iter().filter(|r| r.set == *s && !r.label).count();
        eprintln!("{s}: {pos} right, {neg} wrong proposals");
    }
    // A full fit starts from zero and moves every weight; `--only` fits the named features'
    // weights alone, the others (and the intercept) held at the weights compiled in.
    let only: Option<Vec<usize>> =
        std::env::args()
            .skip_while(|a| a != "--only")
            .nth(1)
            .map(|list| {
                list.split(',')
                    .map(|f| {
                        1 + names
                            .iter()
                            .position(|n| *n == f)
                            .unwrap_or_else(|| panic!("no feature {f:?}; features: {names:?}"))
                    })
                    .collect()
            });
    let w = match &only {
        Some(free) => {
            let current: Vec<f64> = Matcher::__scan_weights()
                .iter()
                .map(|&v| f64::from(v))
                .collect();
            fit(&rows, &weight, current, free, 1.0)
        }
        None => fit(
            &rows,
            &weight,
            vec![0f64; d],
            &(0..d).collect::<Vec<_>>(),
            1.0,
        ),
    };
    // Move the intercept until the Brown half is within budget, keeping every other weight.
    let budget = BUDGET * brown_words as f64;
    let wrong_at = |b: f64| {
        rows.iter()
            .filter(|r| r.set == "brown-tune" && !r.label && log_odds(&w, b, &r.x) >= 0.0)
            .count() as f64
    };
    let mut bias = w[0];
    while wrong_at(bias) > budget {
        bias -= 0.05;
    }
    // Never so low that a right proposal of the seed article is lost.
    let keep = rows
        .iter()
        .chain(&examples)
        .filter(|r| (r.set == "seed" || r.set == "examples") && r.label)
        .map(|r| -log_odds(&w, 0.0, &r.x))
        .fold(f64::NEG_INFINITY, f64::max);
    bias = bias.max(keep + ARTICLE_MARGIN);
    // The trade-off around the chosen intercept.
    for k in -4..=8 {
        let b = bias + 0.1 * f64::from(k);
        let count = |set: &str, label: bool| {
            rows.iter()
                .filter(|r| r.set == set && r.label == label && log_odds(&w, b, &r.x) >= 0.0)
                .count()
        };
        eprintln!(
            "intercept {b:.2}: brown wrong {}, seed right {}, articles right {} wrong {}, \
             garbled right {} + {} lowercase",
            count("brown-tune", false),
            count("seed", true),
            count("articles", true),
            count("articles", false),
            count("garbled-tune", true),
            count("garbled-tune-lower", true)
        );
    }
    for s in &sets {
        let acc = |label| {
            rows.iter()
                .filter(|r| r.set == *s && r.label == label && log_odds(&w, bias, &r.x) >= 0.0)
                .count()
        };
        eprintln!("{s}: accepted {} right, {} wrong", acc(true), acc(false));
    }
    eprintln!(
        "intercept {:.3} (fitted {:.3}); Brown half: {} words",
        bias, w[0], brown_words
    );
    let mut out = vec![format!("{bias:.3}")];
    out.extend(w[1..].iter().map(|v| format!("{v:.3}")));
    eprintln!("// {}", names.join(", "));
    eprintln!("const WEIGHTS: [f32; FEATURES + 1] = [{}];", out.join(", "));
}

fn log_odds(w: &[f64], bias: f64, x: &[f64]) -> f64 {
    bias + x.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f64>()
}

/// Weighted L2-regularised logistic regression by Newton's method (the intercept is not
/// penalised).
fn fit(rows: &[Row], weight: &[f64], start: Vec<f64>, free: &[usize], lambda: f64) -> Vec<f64> {
    let mut w = start;
    let k = free.len();
    for _ in 0..500 {
        let mut g = vec![0f64; k];
        let mut h = vec![vec![0f64; k]; k];
        for (r, &sw) in rows.iter().zip(weight) {
            let mut xi = vec![1.0];
            xi.extend(&r.x);
            let z: f64 = xi.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if r.label { 1.0 } else { 0.0 };
            for (a, &fa) in free.iter().enumerate() {
                g[a] += sw * (p - y) * xi[fa];
                for (b, &fb) in free.iter().enumerate() {
                    h[a][b] += sw * p * (1.0 - p) * xi[fa] * xi[fb];
                }
            }
        }
        // The intercept (index 0) is not penalised.
        for (a, &fa) in free.iter().enumerate() {
            if fa == 0 {
                h[a][a] += 1e-6;
            } else {
                g[a] += lambda * w[fa];
                h[a][a] += lambda;
            }
        }
        // A damped step: from weights far from the optimum (a partial refit starts where the
        // new feature's rows have log-odds of -4) Newton's full step overshoots and diverges.
        let mut step = solve(h, g);
        let longest = step.iter().fold(0f64, |m, s| m.max(s.abs()));
        if longest > 1.0 {
            step.iter_mut().for_each(|s| *s /= longest);
        }
        let mut moved = 0f64;
        for (a, &fa) in free.iter().enumerate() {
            w[fa] -= step[a];
            moved = moved.max(step[a].abs());
        }
        if moved < 1e-6 {
            break;
        }
    }
    w
}

/// Solves `h x = g` by Gaussian elimination with partial pivoting.
fn solve(mut h: Vec<Vec<f64>>, mut g: Vec<f64>) -> Vec<f64> {
    let d = g.len();
    for c in 0..d {
        let p = (c..d)
            .max_by(|&a, &b| h[a][c].abs().total_cmp(&h[b][c].abs()))
            .unwrap();
        h.swap(c, p);
        g.swap(c, p);
        let pivot = h[c].clone();
        for r in c + 1..d {
            let f = h[r][c] / pivot[c];
            for (hk, pk) in h[r].iter_mut().zip(&pivot).skip(c) {
                *hk -= f * pk;
            }
            g[r] -= f * g[c];
        }
    }
    let mut x = vec![0f64; d];
    for c in (0..d).rev() {
        let s: f64 = (c + 1..d).map(|k| h[c][k] * x[k]).sum();
        x[c] = (g[c] - s) / h[c][c];
    }
    x
}
