//! The `namefix` command: look up, check and fix garbled entity names.
//!
//! ```text
//! namefix lookup [--lexicon FILE]... [--top K] [--threshold T] [MENTION]...
//! namefix check  [--lexicon FILE]... [--threshold T] [FILE]
//! namefix fix    [--lexicon FILE]... [--threshold T] [FILE]
//! ```
//!
//! Exit codes: 0 success; 1 bad input (missing or unreadable file, invalid UTF-8, bad
//! lexicon line); 2 bad usage. A closed standard output (`namefix fix big.txt | head`) stops
//! the command quietly with exit code 0.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use namefix::{Lexicon, LexiconBuilder, LineIndex, Matcher, ScanOptions};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "namefix",
    version,
    about = "Correct garbled mentions of named entities (films, series, people, places, ...)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Look mentions up: one JSON object per mention and line, in input order.
    Lookup {
        #[command(flatten)]
        common: Common,
        /// Add the K best candidates to each answer, as "candidates".
        #[arg(long, value_name = "K")]
        top: Option<usize>,
        /// Mentions to look up; without any, one mention per line of standard input (only
        /// the first tab-separated column of each line).
        mentions: Vec<String>,
    },
    /// Find garbled names in a text: one JSON object per correction (JSON Lines).
    Check {
        #[command(flatten)]
        common: Common,
        /// The text file; standard input when absent or "-".
        file: Option<PathBuf>,
    },
    /// Print the text with every correction applied.
    Fix {
        #[command(flatten)]
        common: Common,
        /// The text file; standard input when absent or "-".
        file: Option<PathBuf>,
    },
}

#[derive(Args)]
struct Common {
    /// A lexicon file (TSV, or JSON Lines for .jsonl/.ndjson/.json), repeatable; replaces the
    /// bundled lexicon.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Lowest accepted score in [0, 1] (lookup default 0.7, check/fix default 0.85).
    #[arg(long, value_name = "T")]
    threshold: Option<f32>,
}

/// An error to report on stderr, with the exit code to use.
struct Failure {
    message: String,
    code: u8,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure {
            message: e.to_string(),
            code: 1,
        }
    }
}

fn fail(message: String) -> Failure {
    Failure { message, code: 1 }
}

#[derive(Serialize)]
struct Candidate<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct LookupLine<'a> {
    mention: &'a str,
    id: Option<&'a str>,
    name: Option<&'a str>,
    kind: Option<&'a str>,
    score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<Vec<Candidate<'a>>>,
}

#[derive(Serialize)]
struct CheckLine<'a> {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    original: &'a str,
    replacement: &'a str,
    id: &'a str,
    kind: &'a str,
    score: f64,
}

fn round(score: f32) -> f64 {
    (f64::from(score) * 10_000.0).round() / 10_000.0
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.message.is_empty() => ExitCode::from(f.code),
        Err(f) => {
            eprintln!("namefix: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let result = match cli.command {
        Command::Lookup {
            common,
            top,
            mentions,
        } => lookup(&common, top, mentions),
        Command::Check { common, file } => check(&common, file.as_deref(), false),
        Command::Fix { common, file } => check(&common, file.as_deref(), true),
    };
    match result {
        Err(f) if f.message.contains("Broken pipe") => Err(Failure {
            message: String::new(),
            code: 0,
        }),
        other => other,
    }
}

/// Reads a whole input (a file, or stdin for `None` / "-") and checks it is UTF-8.
fn read_text(path: Option<&Path>) -> Result<(String, String), Failure> {
    let (name, bytes) = match path {
        None => ("<stdin>".to_string(), read_stdin()?),
        Some(p) if p.as_os_str() == "-" => ("<stdin>".to_string(), read_stdin()?),
        Some(p) => (
            p.display().to_string(),
            std::fs::read(p).map_err(|e| fail(format!("{}: {e}", p.display())))?,
        ),
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok((name, s)),
        Err(e) => Err(fail(format!(
            "{name}: invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        ))),
    }
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| fail(format!("<stdin>: {e}")))?;
    Ok(buf)
}

/// The matcher: the bundled one, or one over the given lexicon files.
fn matcher(common: &Common, default_threshold: f32) -> Result<Matcher, Failure> {
    let mut builder = Matcher::builder();
    builder.threshold(common.threshold.unwrap_or(default_threshold));
    if common.lexicons.is_empty() {
        return Ok(builder.build(Matcher::bundled_lexicon()));
    }
    let mut lex = LexiconBuilder::new();
    for path in &common.lexicons {
        let (name, text) = read_text(Some(path))?;
        let json = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("jsonl" | "ndjson" | "json")
        );
        let r = if json {
            lex.add_jsonl(&text)
        } else {
            lex.add_tsv(&text)
        };
        r.map_err(|e| match e.line() {
            Some(line) => fail(format!("{name}:{line}: {}", e.message())),
            None => fail(format!("{name}: {}", e.message())),
        })?;
    }
    let lexicon: Lexicon = lex.build();
    Ok(builder.build(lexicon))
}

fn lookup(common: &Common, top: Option<usize>, mentions: Vec<String>) -> Result<(), Failure> {
    let m = matcher(common, namefix::DEFAULT_THRESHOLD)?;
    let input;
    let list: Vec<&str> = if mentions.is_empty() {
        input = read_text(None)?.1;
        input
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").trim_end_matches('\r'))
            .collect()
    } else {
        mentions.iter().map(String::as_str).collect()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for mention in list {
        let hit = m.lookup(mention);
        let line = LookupLine {
            mention,
            id: hit.map(|h| h.id()),
            name: hit.map(|h| h.name()),
            kind: hit.map(|h| h.kind().as_str()),
            score: hit.map(|h| round(h.score())),
            candidates: top.map(|k| {
                m.candidates(mention, k)
                    .into_iter()
                    .map(|c| Candidate {
                        id: c.id(),
                        name: c.name(),
                        kind: c.kind().as_str(),
                        score: round(c.score()),
                    })
                    .collect()
            }),
        };
        serde_json::to_writer(&mut out, &line).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn check(common: &Common, file: Option<&Path>, fix: bool) -> Result<(), Failure> {
    let (_, text) = read_text(file)?;
    let mut opts = ScanOptions::new();
    if let Some(t) = common.threshold {
        opts.threshold(t);
    }
    let common_for_matcher = Common {
        lexicons: common.lexicons.clone(),
        threshold: None,
    };
    let m = matcher(&common_for_matcher, namefix::DEFAULT_THRESHOLD)?;
    let corrections = m.check_with(&text, &opts);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if fix {
        out.write_all(namefix::apply(&text, &corrections).as_bytes())?;
    } else {
        let idx = LineIndex::new(&text);
        for c in &corrections {
            let (line, col) = idx.line_col_utf16(&text, c.start());
            let row = CheckLine {
                start: c.start(),
                end: c.end(),
                line: line + 1,
                column: col + 1,
                original: c.original(),
                replacement: c.replacement(),
                id: c.id(),
                kind: c.kind().as_str(),
                score: round(c.score()),
            };
            serde_json::to_writer(&mut out, &row).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}
