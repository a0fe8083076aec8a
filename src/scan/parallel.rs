//! Checking a large text on several threads, with the corrections of a sequential check.
//!
//! The text is cut at line breaks into parts, which are checked as parts of one document
//! (DESIGN.md, "Checking a document in parts"): every part's exact names make the first
//! level of the document context; each part is checked under it, and its first-round fixes
//! make the second level; a part whose check asked about an entity whose level the second
//! level changed is checked again under the whole context. A part's words and exact windows
//! do not depend on the context: they are found once, in the first step, and every check of
//! the part starts from them. Each step runs its parts on the threads, which take the next
//! part as they finish one.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{sorted_ids, Correction, DocContext, Memo, Naming, PartCheck, ScanOptions};
use crate::Matcher;

impl Matcher {
    /// Makes now the tables a first check makes as it needs them, one after the other (the
    /// word lists' maps, the census names, the bundled relations, the scanner's key filter
    /// and placements: about 170 M instructions for the bundled matcher), on two threads
    /// where the platform has them. A first check then costs what the next ones do: a
    /// language server calls this at start, before the first document arrives, and
    /// [`check_parallel`](Self::check_parallel) with more than one job calls it first.
    /// Optional (a check makes what it needs anyway); once made, this is one test.
    ///
    /// ```
    /// let m = namefix::Matcher::bundled();
    /// m.prepare_check();
    /// assert_eq!(m.fix("We watched heart stopper."), "We watched Heartstopper.");
    /// ```
    pub fn prepare_check(&self) {
        if self.key_prefixes.get().is_some() {
            return;
        }
        // The two halves are about equal (DESIGN.md, "A process's first check").
        let knowledge = || {
            #[cfg(feature = "bundled")]
            {
                let _ = crate::names::folded_frequencies("");
                if self.open_world && self.numbers_bundled() {
                    crate::relations::BundledGraph::bundled();
                }
            }
            crate::words::prepare_evidence();
        };
        let scanner = || {
            crate::words::prepare();
            self.key_prefixes
                .get_or_init(|| super::KeyPrefixes::build(self.index()));
            self.index().prepare_placed();
        };
        if cfg!(target_family = "wasm") {
            knowledge();
            scanner();
            return;
        }
        std::thread::scope(|s| {
            // A thread that cannot be started leaves its half to this one.
            let other = std::thread::Builder::new()
                .name("namefix-prepare".into())
                .spawn_scoped(s, knowledge);
            scanner();
            if other.is_err() {
                knowledge();
            }
        });
    }
}

/// Below this many bytes a text is checked on the calling thread: starting threads would
/// cost more than they save.
const MIN_PARALLEL_BYTES: usize = 64 * 1024;
/// Smallest part, in bytes (parts end at a line break, so a long line makes a longer one).
const MIN_PART_BYTES: usize = 16 * 1024;
/// Parts per thread: enough that threads finishing early find more work.
const PARTS_PER_THREAD: usize = 8;

impl Matcher {
    /// [`check_with`](Self::check_with) on `jobs` threads (0: as many as the machine has,
    /// [`std::thread::available_parallelism`]), with the same corrections in the same order.
    ///
    /// Worth it on large texts (a book, a corpus file): the text is cut at line breaks into
    /// parts checked as parts of one document ([`check_part`](Self::check_part)): every part's
    /// words and exact names first, then the rest of each part's check under the names of all. A text under 64 KiB, `jobs` of 1, or a platform
    /// without threads checks on the calling thread.
    ///
    /// ```
    /// use namefix::{Lexicon, Matcher, ScanOptions};
    /// let m = Matcher::new(Lexicon::from_tsv("p:jl\tJoe Locke\t\tperson\t10\n")?);
    /// let text = "Charlie (joe locke) smiles.\n".repeat(5000);
    /// let opts = ScanOptions::new();
    /// assert_eq!(m.check_parallel(&text, &opts, 2), m.check_with(&text, &opts));
    /// # Ok::<(), namefix::Error>(())
    /// ```
    pub fn check_parallel(
        &self,
        text: &str,
        opts: &ScanOptions,
        jobs: usize,
    ) -> Vec<Correction<'_>> {
        let jobs = if jobs == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            jobs
        };
        if jobs > 1 && !cfg!(target_family = "wasm") {
            self.prepare_check();
        }
        if jobs <= 1 || text.len() < MIN_PARALLEL_BYTES || cfg!(target_family = "wasm") {
            return self.check_with(text, opts);
        }
        let parts = cut(
            text,
            (text.len() / (jobs * PARTS_PER_THREAD)).max(MIN_PART_BYTES),
        );
        // The first level: every part's exact names. What a part's check finds before it
        // needs the context (its words and exact windows) is kept for the steps below.
        let prepared = run(jobs, &parts, |_, &(_, p)| self.prepare(p, opts));
        let mut context = DocContext::new();
        for p in &prepared {
            context.extend(
                sorted_ids(&p.exact.doc)
                    .into_iter()
                    .map(|id| (id, Naming::Exact)),
            );
        }
        let exact = context.clone();
        // What the fuzzy probes compute from words alone (placements, pre-scores, lookups)
        // does not depend on the part or the context, so the memos are shared: one per
        // thread at a time, each kept across the parts it checks (a part checked again uses
        // whichever is free). The same name met in several parts is looked up once per memo.
        // (Each sized for its share of the text.)
        let memos: Vec<Mutex<Memo>> = (0..jobs)
            .map(|_| Mutex::new(Memo::for_text(text.len() / jobs)))
            .collect();
        let first: Vec<PartCheck<'_>> = run(jobs, &parts, |i, &(_, p)| {
            with_memo(&memos, |memo| {
                self.check_prepared(p, opts, &exact, &prepared[i], memo)
            })
        });
        // The second level: every part's first-round fixes.
        for c in &first {
            context.extend(c.fixed().iter().map(|&id| (id, Naming::Fixed)));
        }
        let again: Vec<usize> = (0..parts.len())
            .filter(|&i| !first[i].holds_in(&context))
            .collect();
        // Checked again from the same start, with what the first checks computed from words
        // alone.
        let redone = run(jobs, &again, |_, &i| {
            with_memo(&memos, |memo| {
                self.check_prepared(parts[i].1, opts, &context, &prepared[i], memo)
            })
        });
        drop(prepared);
        let mut checks: Vec<Option<PartCheck<'_>>> = first.into_iter().map(Some).collect();
        for (i, c) in again.into_iter().zip(redone) {
            checks[i] = Some(c);
        }
        let mut out = Vec::new();
        for ((offset, _), c) in parts.iter().zip(checks) {
            out.extend(
                c.unwrap_or_default()
                    .into_corrections()
                    .into_iter()
                    .map(|mut c| {
                        c.start += offset;
                        c.end += offset;
                        c
                    }),
            );
        }
        out
    }
}

/// Runs `f` with a memo of `memos` that no other thread holds. At most `memos.len()` tasks
/// run at once (see [`run`]), so one is always free.
fn with_memo<R>(memos: &[Mutex<Memo>], f: impl FnOnce(&mut Memo) -> R) -> R {
    loop {
        for m in memos {
            match m.try_lock() {
                Ok(mut memo) => return f(&mut memo),
                Err(std::sync::TryLockError::Poisoned(e)) => return f(&mut e.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        std::thread::yield_now();
    }
}

/// `text` cut into parts of at least `size` bytes (the last may be shorter), with their
/// offsets, each made of whole paragraphs as the scanner reads them ([`super::iter::parts`]:
/// its case evidence is per paragraph, so a part checked alone must hold whole ones; a cut
/// at any line break split a paragraph whose capitals are all on one side of it).
fn cut(text: &str, size: usize) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    for p in super::iter::parts(text) {
        if p.end - start >= size {
            parts.push((start, &text[start..p.end]));
            start = p.end;
        }
    }
    if start < text.len() {
        parts.push((start, &text[start..]));
    }
    parts
}

/// `f` on every item, on up to `jobs` threads (the calling thread is one), results in item
/// order. Runs on the calling thread alone where no thread can be started.
fn run<T: Sync, R: Send>(jobs: usize, items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(i) else { break };
        let r = f(i, item);
        results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
    };
    std::thread::scope(|scope| {
        for _ in 1..jobs.min(items.len()) {
            // A thread that cannot be started leaves its share to the others.
            let _ = std::thread::Builder::new()
                .name("namefix-check".into())
                .spawn_scoped(scope, work);
        }
        work();
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item is run by a thread, and a panic propagates"))
        .collect()
}
