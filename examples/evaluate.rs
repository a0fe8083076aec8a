//! Prints every evaluation figure of the project, section by section, and writes a
//! machine-readable summary to `target/eval/summary.json`.
//!
//! ```text
//! cargo run --release --example evaluate [-- --only SECTION[,SECTION]] [--json results.json]
//!                                           [--threshold T] [--set NAME] [--score-py-check]
//! ```
//!
//! Sections (default: all, in this order; about 15 s on 2 cores):
//!
//! * `mention-sets`: every set of `tests/eval/` with a `mentions.tsv` (each with its own lexicon):
//!   recall, precision and lookup latency (`--set NAME`: one set only; `--threshold`: lookup
//!   threshold), and the same with half of each lexicon held out (see below);
//! * `articles`: running text on the annotated articles (`tests/golden/`, `tests/articles/`);
//! * `clean-text`: proposals per 10,000 words (whitespace-separated tokens) on the clean prose of
//!   `tests/eval/clean-text/`, not counting the reviewed `true-fixes.tsv`; every proposal is
//!   written to `target/eval/clean-proposals.tsv` for review;
//! * `earnings21`: real ASR output (`tests/eval/earnings21-text/`, the set's own lexicon) scored
//!   with a Rust port of its `score.py`, per system and over all seven; the proposals are saved
//!   for `score.py --load target/eval/earnings21-props` (`--score-py-check` writes proposals that
//!   exercise every branch of the scorer instead, to compare the port with score.py);
//! * `garbled-prose`: garbled mentions in sentences of prose (`tests/eval/garbled-prose/`),
//!   recall and precision by noise type and by kind, cased and lowercase, tune and report halves,
//!   each garbled span looked up alone, and where the report half's misses are lost (the
//!   first candidate rule, or the model, that refused each: `Matcher::__scan_refusals`);
//! * `lookups`: first-name variants of bundled people (recall) and real people outside the
//!   bundled lexicon (share answered with a person) (`tests/eval/lookup-people/`).
//!
//! The last section, "Targets", lists the figures issue 15 sets goals for.
//!
//! Mention sets:
//!
//! * recall: top-1 correct / mentions with a gold id;
//! * precision: correct / accepted (rejections are not accepts);
//! * rejection accuracy: rejected / mentions without a gold id (when a set has any);
//! * latency: per lookup, over the set, after one warm-up pass;
//! * exact-other: mentions that fold exactly to the name of a *different* entity of the set's
//!   lexicon (alignment noise: no string matcher can get them right, and each accepted one is a
//!   wrong answer), and the recall a matcher needs for precision 0.90 when it accepts them.
//!
//! A second table repeats each set with half of its entities removed (those whose id hashes
//! odd): mentions of a removed entity must then be rejected, so precision counts accepted
//! negatives as wrong, as on data where not every mention is in the lexicon.

use std::time::Instant;

use namefix::{Lexicon, Matcher};

#[path = "support/clean_text.rs"]
mod clean_text;
#[path = "support/earnings21.rs"]
mod earnings21;
#[path = "support/eval_sets.rs"]
mod eval_sets;
#[path = "support/garbled.rs"]
mod garbled;
#[path = "support/lookups.rs"]
mod lookups;
#[path = "support/articles.rs"]
mod support;

struct Row {
    set: String,
    mentions: usize,
    positives: usize,
    accepted: usize,
    correct: usize,
    negatives: usize,
    rejected_negatives: usize,
    build_ms: f64,
    p50_us: f64,
    p99_us: f64,
    mean_us: f64,
    exact_other: usize,
}

/// A stable hash of an entity id (FNV-1a), to split lexicons the same way on every run.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Scores `matcher` on `items`; a mention whose gold id is empty or in `absent` is a negative.
fn score(
    matcher: &Matcher,
    items: &[(&str, &str)],
    absent: &std::collections::HashSet<&str>,
) -> (usize, usize, usize, usize, usize) {
    let (mut positives, mut accepted, mut correct, mut negatives, mut rejected) = (0, 0, 0, 0, 0);
    for (m, gold) in items {
        let r = matcher.lookup(m);
        let negative = gold.is_empty() || absent.contains(gold);
        if negative {
            negatives += 1;
            rejected += usize::from(r.is_none());
        } else {
            positives += 1;
        }
        if let Some(r) = r {
            accepted += 1;
            correct += usize::from(!negative && r.id() == *gold);
        }
    }
    (positives, accepted, correct, negatives, rejected)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut json_out = None;
    let mut threshold = None;
    let mut only = None;
    let mut sections: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--json" => {
                json_out = args.get(i + 1).cloned();
                i += 1;
            }
            "--threshold" => {
                threshold = args.get(i + 1).and_then(|t| t.parse::<f32>().ok());
                i += 1;
            }
            "--set" => {
                only = args.get(i + 1).cloned();
                i += 1;
            }
            "--score-py-check" => {
                // Writes made-up proposals that exercise every branch of the scorer, and the
                // Rust port's counts, so that `score.py --load` can be compared with them.
                score_py_check();
                return;
            }
            "--only" => {
                let list = args.get(i + 1).cloned().unwrap_or_default();
                for s in list.split(',') {
                    if !SECTIONS.contains(&s) {
                        eprintln!("unknown section {s:?}; sections: {}", SECTIONS.join(", "));
                        std::process::exit(2);
                    }
                    sections.push(s.to_string());
                }
                i += 1;
            }
            other => {
                eprintln!("unknown argument {other:?}");
                std::process::exit(2);
            }
        }
        i += 1;
    }
    if only.is_some() && sections.is_empty() {
        sections.push("mention-sets".into());
    }
    let want = |s: &str| sections.is_empty() || sections.iter().any(|x| x == s);
    let started = Instant::now();
    let mut summary = serde_json::Map::new();
    let sets = if want("mention-sets") {
        eval_sets::eval_set_dirs()
    } else {
        Vec::new()
    };
    let mut rows = Vec::new();
    let mut heldout = Vec::new();
    for dir in sets {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let lex_text = std::fs::read_to_string(dir.join("lexicon.tsv")).unwrap();
        let t0 = Instant::now();
        let lexicon = Lexicon::from_tsv(&lex_text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut b = Matcher::builder();
        if let Some(t) = threshold {
            b.threshold(t);
        }
        let matcher = b.build(lexicon);
        let build_ms = t0.elapsed().as_secs_f64() * 1e3;
        let mentions = std::fs::read_to_string(dir.join("mentions.tsv")).unwrap();
        let items: Vec<(&str, &str)> = mentions
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut c = l.split('\t');
                (c.next().unwrap_or(""), c.next().unwrap_or(""))
            })
            .collect();
        for (m, _) in &items {
            std::hint::black_box(matcher.lookup(m));
        }
        let mut lat = Vec::with_capacity(items.len());
        let mut row = Row {
            set: name.clone(),
            mentions: items.len(),
            positives: 0,
            accepted: 0,
            correct: 0,
            negatives: 0,
            rejected_negatives: 0,
            build_ms,
            p50_us: 0.0,
            p99_us: 0.0,
            mean_us: 0.0,
            exact_other: 0,
        };
        // Which entities each folded name belongs to.
        let mut by_key: std::collections::HashMap<String, Vec<&str>> = Default::default();
        for e in matcher.lexicon().entities() {
            for n in std::iter::once(e.name()).chain(e.aliases()) {
                by_key
                    .entry(namefix::normalize::key(n))
                    .or_default()
                    .push(e.id());
            }
        }
        row.exact_other = items
            .iter()
            .filter(|(m, gold)| {
                !gold.is_empty()
                    && by_key
                        .get(&namefix::normalize::key(m))
                        .is_some_and(|ids| !ids.contains(gold))
            })
            .count();
        for (m, gold) in &items {
            let t = Instant::now();
            let r = matcher.lookup(m);
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            if gold.is_empty() {
                row.negatives += 1;
                if r.is_none() {
                    row.rejected_negatives += 1;
                }
            } else {
                row.positives += 1;
            }
            if let Some(r) = r {
                row.accepted += 1;
                if r.id() == *gold {
                    row.correct += 1;
                }
            }
        }
        lat.sort_by(f64::total_cmp);
        let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
        row.p50_us = pct(0.5);
        row.p99_us = pct(0.99);
        row.mean_us = lat.iter().sum::<f64>() / lat.len() as f64;
        // Held out: half of the entities removed, their mentions now negatives.
        let mut kept = Lexicon::builder();
        let mut absent = std::collections::HashSet::new();
        for e in matcher.lexicon().entities() {
            if id_hash(e.id()) % 2 == 0 {
                kept.push(e.clone()).unwrap();
            } else {
                absent.insert(e.id());
            }
        }
        let mut hb = Matcher::builder();
        if let Some(t) = threshold {
            hb.threshold(t);
        }
        let held = hb.build(kept.build());
        heldout.push((name.clone(), score(&held, &items, &absent)));
        rows.push(row);
    }
    if want("mention-sets") {
        println!("## Mention sets (lookup, each set with its own lexicon)");
        println!();
        println!(
        "| set | mentions | recall | precision | rejection acc. | build ms | p50 µs | p99 µs | mean µs | exact-other (recall needed for P 0.90) |"
    );
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for r in &rows {
            let recall = r.correct as f64 / r.positives.max(1) as f64;
            let precision = if r.accepted == 0 {
                1.0
            } else {
                r.correct as f64 / r.accepted as f64
            };
            let rej = if r.negatives == 0 {
                "n/a".to_string()
            } else {
                format!("{:.3}", r.rejected_negatives as f64 / r.negatives as f64)
            };
            println!(
                "| {} | {} | {:.3} | {:.3} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {} ({:.3}) |",
                r.set,
                r.mentions,
                recall,
                precision,
                rej,
                r.build_ms,
                r.p50_us,
                r.p99_us,
                r.mean_us,
                r.exact_other,
                9.0 * r.exact_other as f64 / r.positives.max(1) as f64
            );
        }
        println!();
        println!("Half of each lexicon held out (mentions of removed entities must be rejected):");
        println!();
        println!("| set | in-lexicon mentions | recall | precision (accepted negatives count as wrong) | held-out mentions rejected |");
        println!("| --- | ---: | ---: | ---: | ---: |");
        for (set, (pos, acc, cor, neg, rej)) in &heldout {
            println!(
                "| {set} | {pos} | {:.3} | {:.3} | {:.3} |",
                *cor as f64 / (*pos).max(1) as f64,
                if *acc == 0 {
                    1.0
                } else {
                    *cor as f64 / *acc as f64
                },
                *rej as f64 / (*neg).max(1) as f64
            );
        }
    }
    let articles = if want("articles") {
        support::article_rows()
    } else {
        Vec::new()
    };
    if !articles.is_empty() {
        println!();
        println!("## Annotated articles (bundled lexicon)");
        println!();
        support::print_articles(&articles);
    }
    if want("clean-text") {
        summary.insert("clean_text".into(), clean_section());
    }
    if want("earnings21") {
        summary.insert("earnings21_text".into(), earnings21_section());
    }
    if want("garbled-prose") {
        summary.insert("garbled_prose".into(), garbled_section());
    }
    if want("threshold") {
        summary.insert("threshold".into(), threshold_section());
    }
    if want("lookups") {
        summary.insert("lookups".into(), lookups_section());
    }
    std::fs::create_dir_all(out_dir()).unwrap();
    if let Some(path) = json_out {
        let sets: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "set": r.set, "mentions": r.mentions, "positives": r.positives,
                    "accepted": r.accepted, "correct": r.correct, "negatives": r.negatives,
                    "rejected_negatives": r.rejected_negatives,
                    "recall": r.correct as f64 / r.positives.max(1) as f64,
                    "precision": if r.accepted == 0 { 1.0 } else { r.correct as f64 / r.accepted as f64 },
                    "build_ms": r.build_ms, "p50_us": r.p50_us, "p99_us": r.p99_us, "mean_us": r.mean_us,
                    "exact_other": r.exact_other,
                })
            })
            .collect();
        let texts: Vec<serde_json::Value> = articles
            .iter()
            .map(|a| {
                serde_json::json!({
                    "article": a.name, "gold": a.gold, "proposed": a.proposed, "correct": a.correct,
                })
            })
            .collect();
        let held: Vec<serde_json::Value> = heldout
            .iter()
            .map(|(set, (pos, acc, cor, neg, rej))| {
                serde_json::json!({
                    "set": set, "positives": pos, "accepted": acc, "correct": cor,
                    "negatives": neg, "rejected_negatives": rej,
                })
            })
            .collect();
        let v = serde_json::json!({ "sets": sets, "heldout": held, "articles": texts });
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
        eprintln!("wrote {path}");
    }
    if want("mention-sets") {
        let sets: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "set": r.set, "mentions": r.mentions, "positives": r.positives,
                    "accepted": r.accepted, "correct": r.correct,
                    "recall": r.correct as f64 / r.positives.max(1) as f64,
                    "precision": if r.accepted == 0 { 1.0 } else { r.correct as f64 / r.accepted as f64 },
                })
            })
            .collect();
        summary.insert("mention_sets".into(), sets.into());
    }
    if !articles.is_empty() {
        let texts: Vec<serde_json::Value> = articles
            .iter()
            .map(|a| serde_json::json!({"article": a.name, "gold": a.gold, "proposed": a.proposed, "correct": a.correct}))
            .collect();
        summary.insert("articles".into(), texts.into());
    }
    print_targets(&summary);
    let secs = started.elapsed().as_secs_f64();
    summary.insert("seconds".into(), secs.into());
    let path = out_dir().join("summary.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&serde_json::Value::Object(summary)).unwrap(),
    )
    .unwrap();
    println!();
    println!("Ran in {secs:.1} s; wrote {}", path.display());
}

/// Sections of `--only` (comma-separated; default: all).
const SECTIONS: [&str; 7] = [
    "mention-sets",
    "articles",
    "clean-text",
    "earnings21",
    "garbled-prose",
    "threshold",
    "lookups",
];

/// The thresholds of the running-text trade-off table (`threshold_section`).
const THRESHOLDS: [f32; 5] = [0.5, 0.7, 0.85, 0.95, 0.99];

/// Recall against precision as `ScanOptions::threshold` moves the decision model's line: the
/// garbled prose's report half and the clean prose, checked with each threshold.
fn threshold_section() -> serde_json::Value {
    println!();
    println!("## The threshold in running text (`check --threshold`, `ScanOptions::threshold`)");
    println!();
    println!("Each threshold also moves the decision model's line by its log-odds less the default's (0.85). Garbled prose: report half; clean prose: proposals per 10,000 words, the reviewed true fixes not counted.");
    println!();
    println!("| threshold | garbled cased: recall / precision | garbled lowercase: recall / precision | brown.txt | nlp-corpus.txt | debian-docs.txt | earnings21-text: recall / reach / precision |");
    println!("| ---: | --- | --- | ---: | ---: | ---: | --- |");
    let m = Matcher::bundled();
    let calls = earnings21::matcher();
    let mut out = Vec::new();
    for t in THRESHOLDS {
        let mut opts = namefix::ScanOptions::new();
        opts.threshold(t);
        let (tallies, _) = garbled::evaluate_with(m, 1, &opts);
        let get = |rendering: &str| {
            tallies
                .get(&(
                    rendering.into(),
                    "report".into(),
                    "all".into(),
                    "all".into(),
                ))
                .copied()
                .unwrap_or_default()
        };
        let (cased, lower) = (get("cased"), get("lowercase"));
        let per_10k: Vec<f64> = ["brown.txt", "nlp-corpus.txt", "debian-docs.txt"]
            .into_iter()
            .map(|file| {
                clean_text::check_file_with(m, file, None, &opts)
                    .0
                    .per_10k()
            })
            .collect();
        let (systems, _) = earnings21::evaluate_with(&calls, None, &mut Vec::new(), &opts);
        let mut e21 = earnings21::Counts::default();
        for (_, c) in &systems {
            e21.add(c);
        }
        println!(
            "| {t} | {:.3} / {:.3} | {:.3} / {:.3} | {:.2} | {:.2} | {:.2} | {:.3} / {:.3} / {:.3} |",
            cased.recall(),
            cased.precision(),
            lower.recall(),
            lower.precision(),
            per_10k[0],
            per_10k[1],
            per_10k[2],
            e21.recall(),
            e21.reach(),
            e21.precision()
        );
        out.push(serde_json::json!({
            "threshold": t,
            "garbled_cased_recall": cased.recall(), "garbled_cased_precision": cased.precision(),
            "garbled_lowercase_recall": lower.recall(), "garbled_lowercase_precision": lower.precision(),
            "brown_per_10k": per_10k[0], "nlp_corpus_per_10k": per_10k[1], "debian_docs_per_10k": per_10k[2],
            "earnings21_recall": e21.recall(), "earnings21_reach": e21.reach(), "earnings21_precision": e21.precision(),
        }));
    }
    serde_json::Value::Array(out)
}

/// Where the machine-readable outputs go.
fn out_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/eval")
}

/// Proposals on clean prose per 10,000 words.
fn clean_section() -> serde_json::Value {
    let m = Matcher::bundled();
    let (rows, props) = clean_text::evaluate(m);
    println!();
    println!("## Clean prose (bundled lexicon; words = whitespace-separated tokens)");
    println!();
    println!("| file | words | proposals | listed true fixes | counted | per 10k words |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut out = Vec::new();
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {:.2} |",
            r.file,
            r.words,
            r.proposals,
            r.true_fixes,
            r.counted(),
            r.per_10k()
        );
        out.push(serde_json::json!({
            "file": r.file, "words": r.words, "proposals": r.proposals,
            "true_fixes": r.true_fixes, "counted": r.counted(), "per_10k": r.per_10k(),
        }));
    }
    std::fs::create_dir_all(out_dir()).unwrap();
    let path = out_dir().join("clean-proposals.tsv");
    std::fs::write(&path, clean_text::proposals_tsv(&props)).unwrap();
    println!();
    println!("Proposals written to {}", path.display());
    out.into()
}

/// Real ASR output of earnings calls, scored as `tests/eval/earnings21-text/score.py` does.
fn earnings21_section() -> serde_json::Value {
    let m = earnings21::matcher();
    let mut examples = Vec::new();
    let (rows, props) = earnings21::evaluate(&m, None, &mut examples);
    let mut all = earnings21::Counts::default();
    for (_, c) in &rows {
        all.add(c);
    }
    println!();
    println!("## Real ASR text: earnings21-text (the set's own lexicon; score.py's definitions)");
    println!();
    println!("recall = gold edits fixed exactly / all; reach = the same on edits within reach; precision = good / (good + false);");
    println!("damaged = keep spans (entities the ASR got right) changed; prop/10k = proposals per 10,000 hypothesis words.");
    println!();
    println!("| system | gold | recall | loose | reach | props | good | false | neutral | refok | precision | keep | damaged | prop/10k |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut out = serde_json::Map::new();
    for (name, c) in rows
        .iter()
        .map(|(s, c)| (s.as_str(), c))
        .chain([("ALL", &all)])
    {
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {} | {} | {} | {} | {} | {:.3} | {} | {:.2}% | {:.1} |",
            c.gold,
            c.recall(),
            c.loose_recall(),
            c.reach(),
            c.props,
            c.good,
            c.false_,
            c.neutral,
            c.refok,
            c.precision(),
            c.keep,
            100.0 * c.damaged_share(),
            c.per_10k()
        );
        out.insert(
            name.to_string(),
            serde_json::json!({
                "gold": c.gold, "gold_reach": c.gold_reach, "exact": c.exact, "loose": c.loose,
                "exact_reach": c.exact_reach, "props": c.props, "good": c.good, "false": c.false_,
                "neutral": c.neutral, "refok": c.refok, "keep": c.keep, "damaged": c.damaged,
                "words": c.words, "recall": c.recall(), "loose_recall": c.loose_recall(),
                "reach": c.reach(), "precision": c.precision(), "damaged_share": c.damaged_share(),
                "per_10k": c.per_10k(),
            }),
        );
    }
    // The same counts on each half of the calls (`earnings21::half`): evidence fitted or
    // chosen on this set is to be fitted on the tune half and read on the report half.
    let mut halves: std::collections::BTreeMap<&str, earnings21::Counts> = Default::default();
    for ((s, call), ps) in &props {
        let c = earnings21::score_text(s, call, ps, &mut Vec::new());
        halves.entry(earnings21::half(call)).or_default().add(&c);
    }
    println!();
    let tune_calls: std::collections::BTreeSet<&str> = props
        .keys()
        .map(|(_, call)| call.as_str())
        .filter(|c| earnings21::half(c) == "tune")
        .collect();
    println!(
        "By half of the calls (even positions of the sorted call ids tune, odd report; all systems). Tune calls: {}.",
        tune_calls.into_iter().collect::<Vec<_>>().join(", ")
    );
    println!();
    println!("| half | gold | recall | reach | props | good | false | precision | damaged |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (h, c) in &halves {
        println!(
            "| {h} | {} | {:.3} | {:.3} | {} | {} | {} | {:.3} | {:.2}% |",
            c.gold,
            c.recall(),
            c.reach(),
            c.props,
            c.good,
            c.false_,
            c.precision(),
            100.0 * c.damaged_share()
        );
        out.insert(
            format!("half:{h}"),
            serde_json::json!({
                "gold": c.gold, "exact": c.exact, "exact_reach": c.exact_reach, "props": c.props,
                "good": c.good, "false": c.false_, "recall": c.recall(), "reach": c.reach(),
                "precision": c.precision(), "damaged_share": c.damaged_share(),
            }),
        );
    }
    let saved = out_dir().join("earnings21-props");
    earnings21::save_jsonl(&saved, &props);
    let ex = out_dir().join("earnings21-examples.txt");
    std::fs::write(&ex, examples.join("\n") + "\n").unwrap();
    println!();
    println!(
        "Proposals saved for `python3 tests/eval/earnings21-text/score.py tests/eval/earnings21-text --load {}`; misses and false proposals in {}",
        saved.display(),
        ex.display()
    );
    out.into()
}

/// Writes `target/eval/earnings21-synthetic/` (proposals for `score.py --load`) and prints the
/// Rust port's table in score.py's layout.
fn score_py_check() {
    let (rows, props) = earnings21::synthetic_counts();
    let dir = out_dir().join("earnings21-synthetic");
    earnings21::save_jsonl(&dir, &props);
    let mut all = earnings21::Counts::default();
    for (_, c) in &rows {
        all.add(c);
    }
    for (name, c) in rows
        .iter()
        .map(|(s, c)| (s.as_str(), c))
        .chain([("ALL", &all)])
    {
        println!(
            "{name} gold {} exact {} loose {} reach {}/{} props {} good {} false {} neutral {} refok {} keep {} damaged {} words {}",
            c.gold, c.exact, c.loose, c.exact_reach, c.gold_reach, c.props, c.good, c.false_,
            c.neutral, c.refok, c.keep, c.damaged, c.words
        );
    }
    eprintln!("wrote {}", dir.display());
}

/// Garbled mentions in sentences of public prose, cased and lowercase, tune and report halves.
fn garbled_section() -> serde_json::Value {
    let (t, notes) = garbled::evaluate(Matcher::bundled(), 1);
    println!();
    println!("## Garbled prose (bundled lexicon; tests/eval/garbled-prose, one garbled mention a sentence)");
    println!();
    println!("recall = gold fixes proposed exactly (span and replacement) / garbled mentions; precision = those / every proposal in the sentences.");
    let mut out = Vec::new();
    for rendering in ["cased", "lowercase", "named-before"] {
        let bys: &[&str] = if rendering == "named-before" {
            &["all", "noise"]
        } else {
            &["all", "noise", "kind"]
        };
        for &by in bys {
            let mut values: Vec<&str> = t
                .keys()
                .filter(|k| k.0 == rendering && k.2 == by)
                .map(|k| k.3.as_str())
                .collect();
            values.sort();
            values.dedup();
            println!();
            if rendering == "named-before" {
                println!("named-before rendering (the cased sentence after its source sentence, which names the entity exactly: document context), by {by}:");
            } else {
                println!("{rendering} rendering, by {by}:");
            }
            println!();
            println!("| {by} | tune n | tune recall | tune precision | report n | report recall | report precision |");
            println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for v in values {
                let get = |half: &str| {
                    t.get(&(rendering.into(), half.into(), by.into(), v.into()))
                        .copied()
                        .unwrap_or_default()
                };
                let (a, b) = (get("tune"), get("report"));
                println!(
                    "| {v} | {} | {:.3} | {:.3} | {} | {:.3} | {:.3} |",
                    a.gold,
                    a.recall(),
                    a.precision(),
                    b.gold,
                    b.recall(),
                    b.precision()
                );
                for (half, x) in [("tune", a), ("report", b)] {
                    out.push(serde_json::json!({
                        "rendering": rendering, "half": half, "by": by, "value": v,
                        "n": x.gold, "correct": x.correct, "proposals": x.proposals,
                        "recall": x.recall(), "precision": x.precision(),
                    }));
                }
            }
        }
    }
    // How much of the gap is the scanner's: each garbled span (cased rendering) looked up
    // alone, as if the text were known to name something there. A garble the lookup finds
    // and the scanner does not is lost to candidate generation or to the decision in running
    // text, not to matching.
    let m = Matcher::bundled();
    let mut alone: std::collections::BTreeMap<(String, String), (usize, usize)> =
        Default::default();
    for item in garbled::items() {
        let (sentence, a, b, _) = &item.cased;
        let found = m
            .lookup_above(&sentence[*a..*b], namefix::DEFAULT_SCAN_THRESHOLD)
            .is_some_and(|hit| hit.id() == item.id);
        for noise in [item.noise.as_str(), "all"] {
            let e = alone
                .entry((noise.to_string(), item.half.clone()))
                .or_default();
            e.0 += 1;
            e.1 += usize::from(found);
        }
    }
    println!();
    println!("The garbled span looked up alone (`lookup`, threshold 0.85, cased rendering): share whose answer is the gold entity, against the scanner's recall above:");
    println!();
    println!("| noise | tune lookup alone | tune scanner | report lookup alone | report scanner |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    let mut noises: Vec<&str> = alone.keys().map(|k| k.0.as_str()).collect();
    noises.dedup();
    for noise in noises {
        let share = |half: &str| {
            let (n, f) = alone
                .get(&(noise.to_string(), half.to_string()))
                .copied()
                .unwrap_or_default();
            f as f64 / n.max(1) as f64
        };
        let by = if noise == "all" { "all" } else { "noise" };
        let scanner = |half: &str| {
            t.get(&("cased".into(), half.into(), by.into(), noise.into()))
                .copied()
                .unwrap_or_default()
                .recall()
        };
        println!(
            "| {noise} | {:.3} | {:.3} | {:.3} | {:.3} |",
            share("tune"),
            scanner("tune"),
            share("report"),
            scanner("report")
        );
        for half in ["tune", "report"] {
            out.push(serde_json::json!({
                "rendering": "cased", "half": half, "by": "lookup-alone", "value": noise,
                "recall": share(half),
            }));
        }
    }
    // Where the rest are lost: for each garble of the report half the scanner misses, the
    // first rule that refused the gold fix of the gold span (`Matcher::__scan_refusals`), or
    // why no rule saw it.
    let reasons = lost_garbles(m);
    for (rendering, table) in &reasons {
        let mut rules: Vec<(&str, usize)> = table
            .iter()
            .filter(|(k, _)| k.0 == "all")
            .map(|(k, &n)| (k.1, n))
            .collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut noises: Vec<&str> = table.keys().map(|k| k.0.as_str()).collect();
        noises.sort();
        noises.dedup();
        noises.retain(|n| *n != "all");
        println!();
        println!("Where the report half's garbles are lost, {rendering} rendering (the first rule that refused the gold fix of the gold span; `no window`: no fuzzy window or exact key reached the span; `another proposal`: a fix of another name or span was made over it; `another name refused`: the span was only looked at for other names):");
        println!();
        println!("| reason | all | {} |", noises.join(" | "));
        println!("| --- | ---: |{}", " ---: |".repeat(noises.len()));
        for (rule, n) in rules {
            let cells: Vec<String> = noises
                .iter()
                .map(|noise| {
                    table
                        .get(&(noise.to_string(), rule))
                        .copied()
                        .unwrap_or(0)
                        .to_string()
                })
                .collect();
            println!("| {rule} | {n} | {} |", cells.join(" | "));
            out.push(serde_json::json!({
                "rendering": rendering, "half": "report", "by": "lost", "value": rule, "n": n,
            }));
        }
    }
    let path = out_dir().join("garbled-differences.tsv");
    std::fs::create_dir_all(out_dir()).unwrap();
    std::fs::write(&path, notes.join("\n") + "\n").unwrap();
    println!();
    println!("Misses and extra proposals written to {}", path.display());
    out.into()
}

/// Counts of the report half's garbles by (noise or "all", reason), per rendering (cased,
/// lowercase): "found", or the first rule that refused the gold fix of the gold span.
type Lost = std::collections::BTreeMap<(String, &'static str), usize>;

fn lost_garbles(m: &Matcher) -> Vec<(&'static str, Lost)> {
    let mut out = Vec::new();
    for rendering in ["cased", "lowercase"] {
        let mut table = Lost::new();
        for item in garbled::items().iter().filter(|i| i.half == "report") {
            let (sentence, a, b, gold) = if rendering == "cased" {
                &item.cased
            } else {
                &item.lower
            };
            let props = m.check(sentence);
            if props
                .iter()
                .any(|c| c.start() == *a && c.end() == *b && c.replacement() == gold)
            {
                continue;
            }
            let overlapped = props.iter().any(|c| c.start() < *b && *a < c.end());
            let refusals = m.__scan_refusals(sentence);
            let on_span = |name: Option<&str>| -> Vec<&'static str> {
                refusals
                    .iter()
                    .filter(|r| {
                        r.0 == *a
                            && r.1 == *b
                            && name.is_none_or(|n| {
                                // (A window with a common word split off is refused under
                                // the name alone: "Soho" of "Sohowas", gold "Soho was".)
                                r.2 == n
                                    || (!r.2.is_empty()
                                        && (n
                                            .strip_prefix(r.2.as_str())
                                            .is_some_and(|rest| rest.starts_with(' '))
                                            || n.strip_suffix(r.2.as_str())
                                                .is_some_and(|rest| rest.ends_with(' '))))
                            })
                    })
                    .map(|r| r.3)
                    .collect()
            };
            // The first refusal of the gold fix (the model last: a candidate rule refused
            // it before the model could, when both appear for two windows of the span).
            let reason = on_span(Some(gold))
                .into_iter()
                .min_by_key(|r| *r == "model")
                .or_else(|| on_span(Some("")).first().copied())
                .unwrap_or(if overlapped {
                    "another proposal"
                } else if !on_span(None).is_empty() {
                    "another name refused"
                } else {
                    "no window"
                });
            for noise in [item.noise.as_str(), "all"] {
                *table.entry((noise.to_string(), reason)).or_default() += 1;
            }
        }
        out.push((rendering, table));
    }
    out
}

/// Lookups of bundled people under another first name, and of real people outside the lexicon.
fn lookups_section() -> serde_json::Value {
    let m = Matcher::bundled();
    let v = lookups::variants(m, 1);
    let o = lookups::others(m, 1);
    println!();
    println!("## Lookups (bundled lexicon; tests/eval/lookup-people)");
    println!();
    println!(
        "First-name variants of bundled people (Kathryn for Katharine): {} rows, {} now exact names of an entity (not scored); recall {:.3} ({}/{}), answered with another entity {}",
        v.rows, v.now_exact, v.recall(), v.correct, v.scored, v.wrong
    );
    for (how, n, c) in &v.by_how {
        println!(
            "  {how}: recall {:.3} ({c}/{n})",
            *c as f64 / (*n).max(1) as f64
        );
    }
    println!(
        "Real people outside the lexicon: {} names, {} now exact names of an entity (not scored); answered with a (different) person {:.3} ({}/{}), with any entity {:.3} ({})",
        o.rows, o.now_exact, o.person_share(), o.person, o.scored, o.any_share(), o.any
    );
    for (source, n, p) in &o.by_source {
        println!(
            "  {source}: answered with a person {:.3} ({p}/{n})",
            *p as f64 / (*n).max(1) as f64
        );
    }
    let path = out_dir().join("lookup-examples.txt");
    std::fs::create_dir_all(out_dir()).unwrap();
    let mut text = String::from("# first-name variants missed\n");
    for e in &v.examples {
        text.push_str(e);
        text.push('\n');
    }
    text.push_str("# real people outside the lexicon answered with a person\n");
    for e in &o.examples {
        text.push_str(e);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    println!("Examples written to {}", path.display());
    serde_json::json!({
        "first_name_variants": {
            "rows": v.rows, "now_exact": v.now_exact, "scored": v.scored, "correct": v.correct,
            "wrong": v.wrong, "recall": v.recall(),
        },
        "other_people": {
            "rows": o.rows, "now_exact": o.now_exact, "scored": o.scored, "person": o.person,
            "any": o.any, "person_share": o.person_share(), "any_share": o.any_share(),
        },
    })
}

/// The figures issue 15 sets targets for, from the sections that ran.
fn print_targets(summary: &serde_json::Map<String, serde_json::Value>) {
    let mut lines = Vec::new();
    if let Some(rows) = summary.get("clean_text").and_then(|v| v.as_array()) {
        for r in rows {
            lines.push(format!(
                "clean prose {}: {:.2} proposals per 10k words (target <= 0.5, aim 0.2)",
                r["file"].as_str().unwrap_or(""),
                r["per_10k"].as_f64().unwrap_or(0.0)
            ));
        }
    }
    if let Some(rows) = summary.get("clean_text").and_then(|v| v.as_array()) {
        let sum = |k: &str| rows.iter().map(|r| r[k].as_u64().unwrap_or(0)).sum::<u64>();
        lines.push(format!(
            "clean prose: {} of {} proposals listed as true fixes (at most one in five)",
            sum("true_fixes"),
            sum("proposals")
        ));
    }
    if let Some(all) = summary.get("earnings21_text").and_then(|v| v.get("ALL")) {
        lines.push(format!(
            "earnings21-text, all systems: recall {:.3} (target >= 0.10), within reach {:.3} (>= 0.20), precision {:.3} (>= 0.90), keep spans changed {:.2}% (<= 1%)",
            all["recall"].as_f64().unwrap_or(0.0),
            all["reach"].as_f64().unwrap_or(0.0),
            all["precision"].as_f64().unwrap_or(0.0),
            100.0 * all["damaged_share"].as_f64().unwrap_or(0.0)
        ));
    }
    if let Some(rows) = summary.get("garbled_prose").and_then(|v| v.as_array()) {
        for r in rows {
            // (The issue's targets are on the sentences alone, cased and lowercase.)
            if r["by"] == "all" && r["half"] == "report" && r["rendering"] != "named-before" {
                lines.push(format!(
                    "garbled prose, report half, {}: recall {:.3} (target >= 0.80) at precision {:.3} (>= 0.95)",
                    r["rendering"].as_str().unwrap_or(""),
                    r["recall"].as_f64().unwrap_or(0.0),
                    r["precision"].as_f64().unwrap_or(0.0)
                ));
            }
        }
    }
    if let Some(l) = summary.get("lookups") {
        lines.push(format!(
            "lookup, first-name variants: recall {:.3} (target >= 0.90)",
            l["first_name_variants"]["recall"].as_f64().unwrap_or(0.0)
        ));
        lines.push(format!(
            "lookup, real people outside the lexicon: {:.3} answered with a different person (target <= 0.02)",
            l["other_people"]["person_share"].as_f64().unwrap_or(0.0)
        ));
    }
    if let Some(rows) = summary.get("mention_sets").and_then(|v| v.as_array()) {
        for r in rows {
            lines.push(format!(
                "mention set {}: recall {:.3}, precision {:.3} (must not fall)",
                r["set"].as_str().unwrap_or(""),
                r["recall"].as_f64().unwrap_or(0.0),
                r["precision"].as_f64().unwrap_or(0.0)
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    println!();
    println!("## Targets (issue 15)");
    println!();
    for l in lines {
        println!("- {l}");
    }
}
