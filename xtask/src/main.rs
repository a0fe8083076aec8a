//! Development tasks for namefix.
//!
//! ```text
//! cargo run -p xtask --release -- gen-data            # regenerate data/{lexicon,relations,names}.tsv
//! cargo run -p xtask --release -- gen-data --check    # exit 1 when a generated data file is stale
//! cargo run -p xtask --release -- gen-data --stats    # also print the counts (kinds, sources, agreement)
//! cargo run -p xtask --release -- gen-scaling         # target/namefix-bench/lexicon-{10k,100k,150k,1m}.tsv
//! cargo run -p xtask --release -- sort-curated        # sort data/curated.tsv by id (keeps the header)
//! cargo run -p xtask --release -- check-well-known    # validate tests/data/well_known.tsv against the lexicon
//! cargo run -p xtask --release -- gen-eval-lookups    # tests/eval/lookup-people/*.tsv (lookup evaluation sets)
//! ```
//!
//! Sources are read from `../shared/data/sources` (relative to the repository root) unless the
//! environment variable `NAMEFIX_SOURCES` names another directory.

mod eval_lookups;
mod extra;
mod gen;
mod lexicon_tsv;
mod scaling;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn sources() -> PathBuf {
    match std::env::var_os("NAMEFIX_SOURCES") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => root().join("../shared/data/sources"),
    }
}

const STALE: &str = "stale: run NAMEFIX_BLESS=1 cargo test --test data_freshness \
                     (or `cargo run -p xtask --release -- gen-data`)";

fn gen_data(check: bool, stats: bool) -> Result<(), String> {
    let t0 = Instant::now();
    let root = root();
    let src = sources();
    if !src.is_dir() {
        return Err(format!(
            "sources not found at {} (set NAMEFIX_SOURCES)",
            src.display()
        ));
    }
    let g = gen::generate(&root, &src)?;
    let files = [
        ("data/lexicon.tsv", &g.tsv),
        ("data/relations.tsv", &g.relations_tsv),
        ("data/names.tsv", &g.names_tsv),
        ("data/known-people.tsv", &g.known_tsv),
        ("data/people-keys.txt", &g.keys_txt),
    ];
    let elapsed = t0.elapsed();
    if stats {
        eprint!("{}", g.report);
    }
    if check {
        for (rel, text) in files {
            let path = root.join(rel);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != *text {
                let first_diff = current
                    .lines()
                    .zip(text.lines())
                    .enumerate()
                    .find(|(_, (a, b))| a != b)
                    .map(|(i, (a, b))| {
                        format!(
                            "first difference at line {}:\n  checked in: {a}\n  generated:  {b}",
                            i + 1
                        )
                    })
                    .unwrap_or_else(|| "the files differ in length".to_string());
                return Err(format!("{rel}: {STALE}\n{first_diff}"));
            }
        }
        eprintln!(
            "data/lexicon.tsv, relations.tsv, names.tsv, known-people.tsv, people-keys.txt are up to date ({} entities, {:.2?})",
            g.entities.len(),
            elapsed
        );
        return Ok(());
    }
    if !stats {
        eprint!("{}", g.report);
    }
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), text.len());
    }
    eprintln!("done in {elapsed:.2?}");
    Ok(())
}

fn sort_curated() -> Result<(), String> {
    let path = root().join("data/curated.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut header = Vec::new();
    let mut rows = Vec::new();
    let mut in_header = true;
    for line in text.lines() {
        if in_header && (line.starts_with('#') || line.trim().is_empty()) {
            header.push(line.to_string());
            continue;
        }
        in_header = false;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        rows.push(line.to_string());
    }
    gen::parse_tsv(&rows.join("\n"), "data/curated.tsv", "curated")?;
    rows.sort_by(|a, b| {
        let ia = a.split('\t').next().unwrap_or("");
        let ib = b.split('\t').next().unwrap_or("");
        ia.as_bytes().cmp(ib.as_bytes())
    });
    let mut out = header.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    for r in &rows {
        out.push_str(r);
        out.push('\n');
    }
    std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("sorted {} rows", rows.len());
    Ok(())
}

/// Check tests/data/well_known.tsv and tests/data/well_known_more.tsv (whose names may be
/// missing from the lexicon: they are listed): every name exists in data/lexicon.tsv with that kind, every
/// garbled form differs from the name, is not another entity's exact name or alias, and is not
/// a run of ordinary English words.
fn check_well_known() -> Result<(), String> {
    let root = root();
    let lex = std::fs::read_to_string(root.join("data/lexicon.tsv")).map_err(|e| e.to_string())?;
    let ents = gen::parse_tsv(&lex, "data/lexicon.tsv", "bundled")?;
    let words = text::Words::load(&root.join("data/words.tsv"))?;
    let mut kinds: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut surface: HashSet<String> = HashSet::new();
    for e in &ents {
        kinds
            .entry(e.name.as_str())
            .or_default()
            .insert(e.kind.as_str());
        surface.insert(e.name.to_lowercase());
        for a in &e.aliases {
            surface.insert(a.to_lowercase());
        }
    }
    let mut errors = Vec::new();
    for (file, must_exist, min_rows) in [
        ("tests/data/well_known.tsv", true, 320),
        ("tests/data/well_known_more.tsv", false, 150),
    ] {
        let wk = std::fs::read_to_string(root.join(file)).map_err(|e| e.to_string())?;
        let (n, missing) = check_rows(&wk, &kinds, &surface, &words, must_exist, &mut errors, file);
        if n < min_rows {
            errors.push(format!(
                "{file}: only {n} rows (at least {min_rows} wanted)"
            ));
        }
        eprintln!("{file}: {n} rows, {} not in the lexicon", missing.len());
        for m in missing {
            eprintln!("  not in the lexicon: {m}");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// Checks the rows of one well-known list; returns the row count and the names missing from
/// the lexicon (an error when `must_exist`).
fn check_rows(
    wk: &str,
    kinds: &HashMap<&str, HashSet<&str>>,
    surface: &HashSet<String>,
    words: &text::Words,
    must_exist: bool,
    errors: &mut Vec<String>,
    file: &str,
) -> (usize, Vec<String>) {
    let mut missing = Vec::new();
    let mut n = 0;
    let mut seen = HashSet::new();
    for (i, line) in wk.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        n += 1;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 3 {
            errors.push(format!("{file}: line {}: expected 3 columns", i + 1));
            continue;
        }
        let (name, garbled, kind) = (f[0], f[1], f[2]);
        if !seen.insert(name) {
            errors.push(format!("{file}: line {}: duplicate name {name}", i + 1));
        }
        match kinds.get(name) {
            None if must_exist => {
                errors.push(format!("{file}: line {}: {name:?} not in lexicon", i + 1))
            }
            None => missing.push(format!("{name} ({kind})")),
            Some(k) if !k.contains(kind) && must_exist => errors.push(format!(
                "{file}: line {}: {name:?} has kinds {k:?}, not {kind}",
                i + 1
            )),
            Some(k) if !k.contains(kind) => {
                missing.push(format!("{name} ({kind}; the lexicon has it as {k:?})"))
            }
            _ => {}
        }
        if garbled == name || garbled.trim() != garbled || garbled.is_empty() {
            errors.push(format!(
                "{file}: line {}: bad garbled form {garbled:?}",
                i + 1
            ));
        }
        if garbled.to_lowercase() != name.to_lowercase()
            && surface.contains(&garbled.to_lowercase())
        {
            errors.push(format!(
                "{file}: line {}: garbled {garbled:?} is another entity's name or alias",
                i + 1
            ));
        }
        let toks = text::word_tokens(garbled);
        if garbled.to_lowercase() != name.to_lowercase()
            && toks.len() == 1
            && words.zipf(&toks[0]).is_some_and(|z| z >= 3.5)
        {
            errors.push(format!(
                "{file}: line {}: garbled {garbled:?} reads as ordinary English",
                i + 1
            ));
        }
    }
    (n, missing)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen-data") => {
            let check = args.iter().any(|a| a == "--check");
            let stats = args.iter().any(|a| a == "--stats");
            gen_data(check, stats)
        }
        Some("gen-scaling") => {
            let t0 = Instant::now();
            let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"));
            scaling::run(&root(), &target).map(|r| eprintln!("{r}done in {:.2?}", t0.elapsed()))
        }
        Some("sort-curated") => sort_curated(),
        Some("check-well-known") => check_well_known(),
        Some("gen-eval-lookups") => eval_lookups::run(&root(), &sources()),
        _ => Err("usage: xtask gen-data [--check] [--stats] | gen-scaling | sort-curated | check-well-known | gen-eval-lookups".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
