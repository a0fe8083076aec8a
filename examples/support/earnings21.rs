//! Running-text correction on real ASR output (`tests/eval/earnings21-text/`), scored with the
//! definitions of that folder's `score.py`, ported line by line (shared by the `evaluate`
//! example and `tests/eval.rs`).
//!
//! The checker is `Matcher::new` over the folder's own `lexicon.tsv` (not the bundled lexicon),
//! run with `Matcher::check` on each text whole, as `namefix check --lexicon lexicon.tsv FILE`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use namefix::{Lexicon, Matcher, ScanOptions};
use unicode_normalization::UnicodeNormalization;

/// The folder of the set.
pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/earnings21-text")
}

/// The matcher over the set's own lexicon.
pub(crate) fn matcher() -> Matcher {
    let text = std::fs::read_to_string(dir().join("lexicon.tsv")).unwrap();
    Matcher::new(Lexicon::from_tsv(&text).expect("earnings21-text/lexicon.tsv"))
}

/// The systems (folders holding `.txt` files), sorted.
pub(crate) fn systems() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// The calls of one system (file stems of its `.txt` files), sorted.
pub(crate) fn calls(system: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir().join(system))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

/// The half of the set's calls a call belongs to, for fitting on one part and reporting on
/// the other: the calls sorted by id, even positions `"tune"`, odd positions `"report"` (each
/// call with all seven systems, so no call's text is on both sides).
pub(crate) fn half(call: &str) -> &'static str {
    // (The folder is listed once.)
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| systems().first().map(|s| calls(s)).unwrap_or_default());
    match all.iter().position(|c| c == call) {
        Some(i) if i % 2 == 0 => "tune",
        _ => "report",
    }
}

/// A proposal: byte start, byte end, replacement.
pub(crate) type Prop = (usize, usize, String);

/// Per-system counts, and the proposals keyed by (system, call).
pub(crate) type Scored = (Vec<(String, Counts)>, BTreeMap<(String, String), Vec<Prop>>);

/// score.py's counters for one system (or all).
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) words: usize,
    pub(crate) gold: usize,
    pub(crate) keep: usize,
    pub(crate) gold_reach: usize,
    pub(crate) props: usize,
    pub(crate) exact: usize,
    pub(crate) loose: usize,
    pub(crate) exact_reach: usize,
    pub(crate) good: usize,
    pub(crate) false_: usize,
    pub(crate) neutral: usize,
    pub(crate) refok: usize,
    pub(crate) damaged: usize,
}

impl Counts {
    pub(crate) fn add(&mut self, o: &Counts) {
        self.words += o.words;
        self.gold += o.gold;
        self.keep += o.keep;
        self.gold_reach += o.gold_reach;
        self.props += o.props;
        self.exact += o.exact;
        self.loose += o.loose;
        self.exact_reach += o.exact_reach;
        self.good += o.good;
        self.false_ += o.false_;
        self.neutral += o.neutral;
        self.refok += o.refok;
        self.damaged += o.damaged;
    }

    /// Gold edits fixed exactly / all gold edits.
    pub(crate) fn recall(&self) -> f64 {
        ratio_or(self.exact, self.gold, 1.0)
    }

    /// The same, ignoring case, punctuation and spacing.
    pub(crate) fn loose_recall(&self) -> f64 {
        ratio_or(self.loose, self.gold, 1.0)
    }

    /// Gold edits within reach fixed exactly / gold edits within reach.
    pub(crate) fn reach(&self) -> f64 {
        ratio_or(self.exact_reach, self.gold_reach, 1.0)
    }

    /// Good / (good + false): neutral and refok proposals are not judged.
    pub(crate) fn precision(&self) -> f64 {
        ratio_or(self.good, self.good + self.false_, 1.0)
    }

    /// Damaged keep spans / keep spans.
    pub(crate) fn damaged_share(&self) -> f64 {
        ratio_or(self.damaged, self.keep, 0.0)
    }

    /// Proposals per 10,000 hypothesis words.
    pub(crate) fn per_10k(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            1e4 * self.props as f64 / self.words as f64
        }
    }
}

fn ratio_or(a: usize, b: usize, empty: f64) -> f64 {
    if b == 0 {
        empty
    } else {
        a as f64 / b as f64
    }
}

/// score.py's `ratio` without rapidfuzz: normalized Indel similarity (LCS), in 0..=100, over
/// code points.
pub(crate) fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 100.0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    for &ca in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    200.0 * prev[b.len()] as f64 / (a.len() + b.len()) as f64
}

/// score.py's `lkey`: NFKC, case-folded, "&" as "and", alphanumerics only.
pub(crate) fn lkey(s: &str) -> String {
    let folded: String = s.nfkc().collect::<String>().to_lowercase();
    folded
        .replace('&', "and")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A span row of edits/keep/diff files: start, end, original, gold/reference.
type Span = (usize, usize, String, String);

fn read_spans(p: &Path) -> Vec<Span> {
    let Ok(text) = std::fs::read_to_string(p) else {
        return Vec::new();
    };
    text.split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 4, "{}: bad line {l:?}", p.display());
            (
                c[0].parse().unwrap(),
                c[1].parse().unwrap(),
                c[2].to_string(),
                c[3].to_string(),
            )
        })
        .collect()
}

/// Python's `bytes.decode("utf-8", errors="replace")`, close enough for valid UTF-8 slices.
fn dec(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// score.py's `apply`: the window `[ws, we)` of `tb` with the proposals applied (sorted by
/// start, longest first; a proposal starting before the end of an applied one is skipped).
fn apply(tb: &[u8], ws: usize, we: usize, props: &[(usize, usize, &str)]) -> String {
    let mut ps: Vec<&(usize, usize, &str)> = props.iter().collect();
    ps.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::new();
    let mut pos = ws;
    for p in ps {
        if p.0 < pos {
            continue;
        }
        out.push_str(&dec(&tb[pos..p.0]));
        out.push_str(p.2);
        pos = p.1;
    }
    out.push_str(&dec(&tb[pos.min(we)..we]));
    out
}

/// score.py's `subst`: the window with the spans inside it replaced by their gold/reference.
fn subst(tb: &[u8], ws: usize, we: usize, spans: &[&Span]) -> String {
    let v: Vec<(usize, usize, &str)> = spans
        .iter()
        .filter(|s| ws <= s.0 && s.1 <= we)
        .map(|s| (s.0, s.1, s.3.as_str()))
        .collect();
    apply(tb, ws, we, &v)
}

fn ov(a0: usize, a1: usize, b0: usize, b1: usize) -> bool {
    a0 < b1 && b0 < a1
}

/// score.py's judgement of one proposal `(start, end, replacement)` whose span reads
/// `original`: `"neutral"` (it changes case, punctuation or spacing only, or writes a span the
/// ASR got right as the reference does), `"good"` (it gives the gold edit of the spans it
/// overlaps), `"refok"` (it writes what the reference says where no entity was marked) or
/// `"false"`.
fn judge(
    tb: &[u8],
    gold: &[Span],
    keep: &[Span],
    diff: &[Span],
    p: (usize, usize, &str),
    original: &str,
) -> &'static str {
    let gs: Vec<&Span> = gold.iter().filter(|g| ov(p.0, p.1, g.0, g.1)).collect();
    let ks: Vec<&Span> = keep.iter().filter(|k| ov(p.0, p.1, k.0, k.1)).collect();
    let all_gold: Vec<&Span> = gold.iter().collect();
    let one = [p];
    // The proposal applied alone over the window it and `around` cover, against that window
    // with `spans` put in: `right` when they read the same, `"false"` otherwise.
    let against = |around: &[&Span], spans: &[&Span], right: &'static str| {
        let ws = around.iter().map(|g| g.0).chain([p.0]).min().unwrap();
        let we = around.iter().map(|g| g.1).chain([p.1]).max().unwrap();
        if lkey(&apply(tb, ws, we, &one)) == lkey(&subst(tb, ws, we, spans)) {
            right
        } else {
            "false"
        }
    };
    if lkey(p.2) == lkey(original) {
        "neutral"
    } else if !gs.is_empty() {
        against(&gs, &all_gold, "good")
    } else if !ks.is_empty() {
        against(&ks, &ks, "neutral")
    } else {
        let rs: Vec<&Span> = diff.iter().filter(|r| ov(p.0, p.1, r.0, r.1)).collect();
        let rk = lkey(p.2);
        let refs = lkey(
            &rs.iter()
                .map(|r| r.3.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if !rs.is_empty() && rk.chars().count() >= 3 && refs.contains(&rk) {
            "refok"
        } else {
            "false"
        }
    }
}

/// One call of one system, read for judging proposals on it one at a time (the fitting
/// example's training rows).
pub(crate) struct Call {
    /// The text.
    pub(crate) text: String,
    gold: Vec<Span>,
    keep: Vec<Span>,
    diff: Vec<Span>,
}

impl Call {
    /// Reads `system/call`'s text and spans.
    pub(crate) fn read(system: &str, call: &str) -> Call {
        let base = dir().join(system);
        Call {
            text: std::fs::read_to_string(base.join(format!("{call}.txt"))).unwrap(),
            gold: read_spans(&base.join(format!("{call}.edits.tsv"))),
            keep: read_spans(&base.join(format!("{call}.keep.tsv"))),
            diff: read_spans(&base.join(format!("{call}.diff.tsv"))),
        }
    }

    /// score.py's judgement of the proposal `(start, end, replacement)` made alone.
    pub(crate) fn judge(&self, start: usize, end: usize, replacement: &str) -> &'static str {
        let tb = self.text.as_bytes();
        judge(
            tb,
            &self.gold,
            &self.keep,
            &self.diff,
            (start, end, replacement),
            &dec(&tb[start..end]),
        )
    }
}

/// Scores one text's proposals exactly as score.py does (`examples` collects the false
/// proposals and the missed within-reach edits, as score.py's `--show`).
pub(crate) fn score_text(
    system: &str,
    call: &str,
    props_in: &[Prop],
    examples: &mut Vec<String>,
) -> Counts {
    let base = dir().join(system);
    let tb = std::fs::read(base.join(format!("{call}.txt"))).unwrap();
    let gold = read_spans(&base.join(format!("{call}.edits.tsv")));
    let keep = read_spans(&base.join(format!("{call}.keep.tsv")));
    let diff = read_spans(&base.join(format!("{call}.diff.tsv")));
    let mut st = Counts {
        words: tb
            .split(|b| b" \t\n\r\x0b\x0c".contains(b))
            .filter(|w| !w.is_empty())
            .count(),
        gold: gold.len(),
        keep: keep.len(),
        ..Counts::default()
    };
    let reach: Vec<bool> = gold
        .iter()
        .map(|g| ratio(&g.2.to_lowercase(), &g.3.to_lowercase()) >= 60.0)
        .collect();
    st.gold_reach = reach.iter().filter(|r| **r).count();
    // (start, end, replacement, original); proposals that change nothing are dropped.
    let mut props: Vec<(usize, usize, &str, String)> = Vec::new();
    for (s, e, rep) in props_in {
        let orig = dec(&tb[*s..*e]);
        if *rep == orig {
            continue;
        }
        props.push((*s, *e, rep.as_str(), orig));
    }
    st.props = props.len();
    let all_gold: Vec<&Span> = gold.iter().collect();
    for (g, rch) in gold.iter().zip(&reach) {
        let p: Vec<(usize, usize, &str)> = props
            .iter()
            .filter(|p| ov(p.0, p.1, g.0, g.1))
            .map(|p| (p.0, p.1, p.2))
            .collect();
        let (mut ok_exact, mut ok_loose) = (false, false);
        if !p.is_empty() {
            let ws = p.iter().map(|p| p.0).chain([g.0]).min().unwrap();
            let we = p.iter().map(|p| p.1).chain([g.1]).max().unwrap();
            let produced = apply(&tb, ws, we, &p);
            let expected = subst(&tb, ws, we, &all_gold);
            ok_exact = produced == expected;
            ok_loose = lkey(&produced) == lkey(&expected);
        }
        st.exact += usize::from(ok_exact);
        st.loose += usize::from(ok_loose);
        st.exact_reach += usize::from(ok_exact && *rch);
        if *rch && !ok_exact {
            examples.push(format!(
                "missed {system}/{call} @{}: {:?} -> {:?}{}",
                g.0,
                g.2,
                g.3,
                p.first()
                    .map(|p| format!(" (proposed: {:?})", p.2))
                    .unwrap_or_default()
            ));
        }
    }
    for p in &props {
        let gs: Vec<&Span> = gold.iter().filter(|g| ov(p.0, p.1, g.0, g.1)).collect();
        let ks: Vec<&Span> = keep.iter().filter(|k| ov(p.0, p.1, k.0, k.1)).collect();
        let kind = judge(&tb, &gold, &keep, &diff, (p.0, p.1, p.2), &p.3);
        match kind {
            "neutral" => st.neutral += 1,
            "good" => st.good += 1,
            "refok" => st.refok += 1,
            _ => {
                st.false_ += 1;
                let where_ = if let Some(g) = gs.first() {
                    format!("on gold {:?}", g.3)
                } else if let Some(k) = ks.first() {
                    format!("on keep {:?}", k.3)
                } else {
                    "off-entity".to_string()
                };
                examples.push(format!(
                    "false {system}/{call} @{}: {:?} -> {:?} [{where_}]",
                    p.0, p.3, p.2
                ));
            }
        }
    }
    for k in &keep {
        for p in props.iter().filter(|p| ov(p.0, p.1, k.0, k.1)) {
            let ws = k.0.min(p.0);
            let we = k.1.max(p.1);
            let got = lkey(&apply(&tb, ws, we, &[(p.0, p.1, p.2)]));
            let bad = if k.0 <= p.0 && p.1 <= k.1 {
                got != lkey(&k.2) && got != lkey(&subst(&tb, ws, we, &[k]))
            } else {
                !got.contains(&lkey(&k.2)) && !got.contains(&lkey(&k.3))
            };
            if bad {
                st.damaged += 1;
                break;
            }
        }
    }
    st
}

/// Runs `m.check` on every text and scores it: per system (sorted) and the proposals made,
/// keyed by (system, call). `max_calls` limits each system to its first calls (for tests).
pub(crate) fn evaluate(
    m: &Matcher,
    max_calls: Option<usize>,
    examples: &mut Vec<String>,
) -> Scored {
    evaluate_with(m, max_calls, examples, &ScanOptions::default())
}

/// [`evaluate`] with scan options (a threshold).
pub(crate) fn evaluate_with(
    m: &Matcher,
    max_calls: Option<usize>,
    examples: &mut Vec<String>,
    opts: &ScanOptions,
) -> Scored {
    let mut rows = Vec::new();
    let mut all = BTreeMap::new();
    for s in systems() {
        let mut c = Counts::default();
        for call in calls(&s).into_iter().take(max_calls.unwrap_or(usize::MAX)) {
            let text = std::fs::read_to_string(dir().join(&s).join(format!("{call}.txt"))).unwrap();
            let props: Vec<Prop> = m
                .check_with(&text, opts)
                .iter()
                .map(|c| (c.start(), c.end(), c.replacement().to_string()))
                .collect();
            c.add(&score_text(&s, &call, &props, examples));
            all.insert((s.clone(), call), props);
        }
        rows.push((s, c));
    }
    (rows, all)
}

/// Writes the proposals as score.py's saved outputs (`DIR/<system>/<call>.jsonl`, one JSON
/// object a line with start, end, original, replacement), for `score.py --load DIR`.
pub(crate) fn save_jsonl(out: &Path, props: &BTreeMap<(String, String), Vec<Prop>>) {
    for ((s, call), ps) in props {
        let d = out.join(s);
        std::fs::create_dir_all(&d).unwrap();
        let tb = std::fs::read(dir().join(s).join(format!("{call}.txt"))).unwrap();
        let mut text = String::new();
        for (a, b, rep) in ps {
            let j = serde_json::json!({
                "start": a, "end": b, "original": dec(&tb[*a..*b]), "replacement": rep,
            });
            text.push_str(&j.to_string());
            text.push('\n');
        }
        std::fs::write(d.join(format!("{call}.jsonl")), text).unwrap();
    }
}

/// Made-up proposals that exercise every branch of the scorer (for the check that this port
/// and score.py agree): per call, gold edits fixed exactly, fixed up to case, fixed wrongly
/// and left alone in turn; keep spans recased to their reference, replaced, and overrun by one
/// byte in turn; diff stretches replaced by their reference words, and by a wrong word.
pub(crate) fn synthetic_props(system: &str, call: &str) -> Vec<Prop> {
    let base = dir().join(system);
    let tb = std::fs::read(base.join(format!("{call}.txt"))).unwrap();
    let mut out = Vec::new();
    for (i, g) in read_spans(&base.join(format!("{call}.edits.tsv")))
        .into_iter()
        .enumerate()
    {
        match i % 4 {
            0 => out.push((g.0, g.1, g.3)),
            1 => out.push((g.0, g.1, g.3.to_lowercase())),
            2 => out.push((g.0, g.1, "Zyzzyva".to_string())),
            _ => {}
        }
    }
    for (i, k) in read_spans(&base.join(format!("{call}.keep.tsv")))
        .into_iter()
        .enumerate()
    {
        match i % 3 {
            0 => out.push((k.0, k.1, k.3.to_uppercase())),
            1 => out.push((k.0, k.1, "Qwerty Corp".to_string())),
            _ => {
                if k.1 < tb.len() && tb[k.1].is_ascii() {
                    out.push((k.0, k.1 + 1, format!("{} ", k.3)));
                }
            }
        }
    }
    for (i, r) in read_spans(&base.join(format!("{call}.diff.tsv")))
        .into_iter()
        .enumerate()
    {
        match i % 5 {
            0 => out.push((r.0, r.1, r.3)),
            1 => out.push((r.0, r.1, "Xylophone".to_string())),
            _ => {}
        }
    }
    out
}

/// Scores [`synthetic_props`] on every text, per system.
pub(crate) fn synthetic_counts() -> Scored {
    let mut rows = Vec::new();
    let mut all = BTreeMap::new();
    let mut examples = Vec::new();
    for s in systems() {
        let mut c = Counts::default();
        for call in calls(&s) {
            let props = synthetic_props(&s, &call);
            c.add(&score_text(&s, &call, &props, &mut examples));
            all.insert((s.clone(), call), props);
        }
        rows.push((s, c));
    }
    (rows, all)
}
