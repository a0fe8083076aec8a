//! The `namefix` command: look up, check and fix garbled entity names.
//!
//! ```text
//! namefix lookup [OPTIONS] [MENTION]...
//! namefix check  [OPTIONS] [PATH]...      # files, directories (walked), globs, "-" for stdin
//! namefix fix    [OPTIONS] [PATH]...
//! ```
//!
//! Exit codes: 0 nothing found; 1 corrections found (`check`, unless `--exit-zero`); 2 bad
//! usage; 3 bad input (missing or unreadable file, invalid UTF-8, bad lexicon or
//! configuration, a failed write). A closed standard output (`namefix fix big.txt | head`)
//! stops the command quietly with exit code 0.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use namefix::config::{self, Config, IGNORE_FILE};
use namefix::filetype::{self, FileType, Prose};
use namefix::{Correction, Kind, LexiconBuilder, LineIndex, Matcher, ScanOptions};
use serde::Serialize;

/// Exit code: corrections were found.
const EXIT_FOUND: u8 = 1;
/// Exit code: bad input.
const EXIT_INPUT: u8 = 3;

const EXIT_CODES: &str = "\
Exit codes:
  0  nothing to correct (or --exit-zero)
  1  corrections found (check; also when -w applied them)
  2  bad usage (unknown option, --threshold outside [0, 1], unknown kind or type)
  3  bad input: a missing or unreadable file, invalid UTF-8, a bad lexicon line or
     configuration file, a file that could not be written (the others are still checked)

Configuration: the nearest namefix.toml at or above each file (see README), and the nearest
.namefix-ignore (entity ids or names never proposed, one a line).";

#[derive(Parser)]
#[command(
    name = "namefix",
    version,
    about = "Correct garbled mentions of named entities (films, series, people, places, ...)",
    after_help = EXIT_CODES
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
    /// Find garbled names in files: `path:line:col: original -> replacement (kind, score)`.
    #[command(after_help = EXIT_CODES)]
    Check {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        files: Files,
        #[command(flatten)]
        report: Report,
    },
    /// Print the text with every correction applied (one input), or apply them in place (-w).
    #[command(after_help = EXIT_CODES)]
    Fix {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        files: Files,
    },
    /// Build a matcher once and save it, for `--index FILE`: a large lexicon then starts as
    /// fast as the bundled one.
    Index {
        /// Lexicon files (TSV, or JSON Lines for .jsonl/.ndjson/.json); without any, the
        /// bundled lexicon.
        #[arg(long = "lexicon", value_name = "FILE")]
        lexicons: Vec<PathBuf>,
        /// Lexicon files added to the bundled lexicon (or to --lexicon).
        #[arg(long = "add-lexicon", value_name = "FILE")]
        add_lexicons: Vec<PathBuf>,
        /// Lowest accepted lookup score saved with the index, in [0, 1].
        #[arg(long, value_name = "T", value_parser = parse_threshold)]
        threshold: Option<f32>,
        /// Where to write the index.
        #[arg(short = 'o', long = "output", value_name = "FILE.nfx")]
        output: PathBuf,
        /// Save only the lexicon and its folded names, compressed (about a third of the
        /// size; the postings are derived at load).
        #[arg(long)]
        compact: bool,
    },
}

#[derive(Args)]
struct Common {
    /// A lexicon file (TSV, or JSON Lines for .jsonl/.ndjson/.json), repeatable; REPLACES the
    /// bundled lexicon (and the configuration file's lexicons).
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// A lexicon file ADDED to the bundled lexicon (or to --lexicon), repeatable.
    #[arg(long = "add-lexicon", value_name = "FILE")]
    add_lexicons: Vec<PathBuf>,
    /// A saved index (`namefix index`) to use instead of the bundled lexicon; --add-lexicon
    /// adds to its lexicon.
    #[arg(long, value_name = "FILE.nfx", conflicts_with = "lexicons")]
    index: Option<PathBuf>,
    /// Lowest accepted score in [0, 1] (lookup default 0.7, check/fix default 0.85); in
    /// check/fix, lower finds more and proposes more wrong fixes.
    #[arg(long, value_name = "T", value_parser = parse_threshold)]
    threshold: Option<f32>,
    /// Never propose this entity (an id, or a name), repeatable.
    #[arg(long = "ignore", value_name = "ID")]
    ignore: Vec<String>,
    /// Never propose entities of this kind (person, film, tv, place, ...), repeatable.
    #[arg(long = "ignore-kind", value_name = "KIND", value_parser = parse_kind)]
    ignore_kinds: Vec<Kind>,
    /// Use this configuration file instead of the nearest namefix.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no namefix.toml and no .namefix-ignore.
    #[arg(long)]
    no_config: bool,
}

#[derive(Args)]
struct Files {
    /// Files, directories (walked, respecting .gitignore; hidden files skipped) and globs
    /// ("docs/**/*.md"); "-" or nothing reads standard input.
    paths: Vec<String>,
    /// Apply the corrections in place (atomically: a temporary file renamed over the file).
    #[arg(short = 'w', long = "write-changes")]
    write: bool,
    /// Treat every file as this type (text, markdown, rust, python, javascript) instead of
    /// going by its extension.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    file_type: Option<FileType>,
    /// Threads to check each file with (0, the default: one per core); the corrections are
    /// the same as with one.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    jobs: usize,
}

#[derive(Args)]
struct Report {
    /// Output format: human (path:line:col), json (JSON Lines) or sarif (SARIF 2.1.0).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Unit of columns: bytes, chars or utf16 (default: chars for human output, utf16 for
    /// json and sarif).
    #[arg(long, value_enum)]
    columns: Option<Columns>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Print a unified diff of the corrections (changed words highlighted in colour)
    /// instead of the list.
    #[arg(long)]
    diff: bool,
    /// Exit with 0 even when corrections are found.
    #[arg(long)]
    exit_zero: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Columns {
    Bytes,
    Chars,
    Utf16,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_threshold(s: &str) -> Result<f32, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {s:?}"))?;
    config::threshold(v)
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    s.parse::<Kind>().map_err(|e| e.message().to_string())
}

fn parse_type(s: &str) -> Result<FileType, String> {
    s.parse::<FileType>().map_err(|e| e.message().to_string())
}

/// An error to report on stderr, with the exit code to use.
struct Failure {
    message: String,
    code: u8,
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure {
                message: String::new(),
                code: 0,
            };
        }
        fail(e.to_string())
    }
}

fn fail(message: String) -> Failure {
    Failure {
        message,
        code: EXIT_INPUT,
    }
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
    path: &'a str,
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
        Ok(code) => ExitCode::from(code),
        Err(f) if f.message.is_empty() => ExitCode::from(f.code),
        Err(f) => {
            eprintln!("namefix: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        Command::Lookup {
            common,
            top,
            mentions,
        } => lookup(&common, top, mentions).map(|()| 0),
        Command::Check {
            common,
            files,
            report,
        } => check(&common, &files, Some(&report)),
        Command::Fix { common, files } => check(&common, &files, None),
        Command::Index {
            lexicons,
            add_lexicons,
            threshold,
            output,
            compact,
        } => {
            let m = Matchers::default().get(&lexicons, &add_lexicons, None, threshold)?;
            let bytes = if compact { m.save_compact() } else { m.save() };
            write_atomically(&output, &bytes)
                .map_err(|e| fail(format!("{}: {e}", output.display())))?;
            Ok(0)
        }
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

fn utf8(name: &str, bytes: Vec<u8>) -> Result<String, Failure> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        fail(format!(
            "{name}:{line}: invalid UTF-8 (at byte offset {at}); nothing written"
        ))
    })
}

/// Lexicon files replacing and adding, a saved index, and the lookup threshold.
type MatcherKey = (Vec<PathBuf>, Vec<PathBuf>, Option<PathBuf>, u32);

/// Builds matchers for lists of lexicon files, once per distinct list (the bundled matcher
/// when there are none).
#[derive(Default)]
struct Matchers {
    built: HashMap<MatcherKey, &'static Matcher>,
}

impl Matchers {
    fn get(
        &mut self,
        lexicons: &[PathBuf],
        add: &[PathBuf],
        index: Option<&Path>,
        lookup_threshold: Option<f32>,
    ) -> Result<&'static Matcher, Failure> {
        if lexicons.is_empty() && add.is_empty() && index.is_none() && lookup_threshold.is_none() {
            return Ok(Matcher::bundled());
        }
        let key = (
            lexicons.to_vec(),
            add.to_vec(),
            index.map(Path::to_path_buf),
            lookup_threshold.map_or(u32::MAX, f32::to_bits),
        );
        if let Some(m) = self.built.get(&key) {
            return Ok(m);
        }
        let mut builder = Matcher::builder();
        if let Some(t) = lookup_threshold {
            builder.threshold(t);
        }
        // A saved matcher keeps its own threshold unless one is given.
        let saved = match index {
            Some(p) => {
                let bytes = fs::read(p).map_err(|e| fail(format!("{}: {e}", p.display())))?;
                // Matchers live to the end of the process (leaked below), so the file's bytes
                // may too: the matcher reads its arrays and strings in place, not copied.
                let bytes: &'static [u8] = Vec::leak(bytes);
                let m = match lookup_threshold {
                    Some(_) => builder.load_static(bytes),
                    None => Matcher::load_static(bytes),
                };
                Some(m.map_err(|e| fail(format!("{}: {}", p.display(), e.message())))?)
            }
            None => None,
        };
        // Nothing to add: the bundled or saved matcher as it is (no index to build).
        if lexicons.is_empty() && add.is_empty() {
            let m: &'static Matcher =
                Box::leak(Box::new(saved.unwrap_or_else(|| builder.bundled())));
            self.built.insert(key, m);
            return Ok(m);
        }
        let mut lex = match saved {
            Some(m) => m.lexicon().clone().into_builder(),
            None if lexicons.is_empty() => Matcher::bundled_lexicon().into_builder(),
            None => LexiconBuilder::new(),
        };
        for path in lexicons.iter().chain(add) {
            let name = path.display().to_string();
            let bytes = fs::read(path).map_err(|e| fail(format!("{name}: {e}")))?;
            let json = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("jsonl" | "ndjson" | "json")
            );
            let r = if json {
                lex.add_jsonl_bytes(&bytes)
            } else {
                lex.add_tsv_bytes(&bytes)
            };
            r.map_err(|e| match e.line() {
                Some(line) => fail(format!("{name}:{line}: {}", e.message())),
                None => fail(format!("{name}: {}", e.message())),
            })?;
        }
        // The matcher lives as long as the process.
        let m: &'static Matcher = Box::leak(Box::new(builder.build(lex.build())));
        self.built.insert(key, m);
        Ok(m)
    }
}

/// The configuration files that apply to each directory, read once each, and the checking
/// setup each combination gives.
#[derive(Default)]
struct Configs {
    /// Directory -> (configuration file, ignore file).
    found: HashMap<PathBuf, ConfigKey>,
    loaded: HashMap<PathBuf, Config>,
    ignores: HashMap<PathBuf, Vec<String>>,
    resolved: HashMap<ConfigKey, (&'static Matcher, Rc<ScanOptions>)>,
}

/// The configuration file and the ignore file that apply to a file.
type ConfigKey = (Option<PathBuf>, Option<PathBuf>);

/// Everything needed to check one file.
struct Setup {
    matcher: &'static Matcher,
    opts: Rc<ScanOptions>,
    file_type: FileType,
}

/// The nearest file called `name` in `dir` or above.
fn find_upward(dir: &Path, name: &str) -> Option<PathBuf> {
    let dir = fs::canonicalize(dir).ok()?;
    dir.ancestors().map(|d| d.join(name)).find(|f| f.is_file())
}

impl Configs {
    /// The configuration and ignore files for a file (or, for `None`, the current directory),
    /// read and validated.
    fn key(&mut self, common: &Common, file: Option<&Path>) -> Result<ConfigKey, Failure> {
        if common.no_config {
            return Ok((None, None));
        }
        let dir = file
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let key = match self.found.get(&dir) {
            Some(f) => f.clone(),
            None => {
                let cfg = match &common.config {
                    Some(c) => Some(c.clone()),
                    None => find_upward(&dir, config::CONFIG_FILE),
                };
                let key = (cfg, find_upward(&dir, IGNORE_FILE));
                self.found.insert(dir, key.clone());
                key
            }
        };
        if let Some(p) = &key.1 {
            if !self.ignores.contains_key(p) {
                let list = config::read_ignore_file(p)
                    .map_err(|e| fail(format!("{}: {e}", p.display())))?;
                self.ignores.insert(p.clone(), list);
            }
        }
        if let Some(cfg) = &key.0 {
            if !self.loaded.contains_key(cfg) {
                let c = Config::load(cfg).map_err(|e| fail(e.to_string()))?;
                self.loaded.insert(cfg.clone(), c);
            }
        }
        Ok(key)
    }

    /// The configuration for a file, if any, and the entries of its ignore file.
    fn for_file(
        &mut self,
        common: &Common,
        file: Option<&Path>,
    ) -> Result<(Option<&Config>, &[String]), Failure> {
        let (cfg, ignore) = self.key(common, file)?;
        let cfg = cfg.and_then(|c| self.loaded.get(&c));
        let ignored = ignore
            .and_then(|i| self.ignores.get(&i))
            .map_or(&[][..], Vec::as_slice);
        Ok((cfg, ignored))
    }
}

/// The ids ignore entries stand for (`config::resolve_ignores`, one pass over the lexicon),
/// after a warning (standard error) about each entry that names no entity of the lexicon: it
/// changes nothing, and most are a mistyped id.
fn resolve_ignores(matcher: &Matcher, entries: &[&String]) -> std::collections::BTreeSet<String> {
    let (ids, unknown) = config::resolve_ignores(matcher, entries);
    for entry in unknown {
        eprintln!(
            "namefix: warning: ignore entry {entry:?} is no id, name or alias of the lexicon (it changes nothing)"
        );
    }
    ids
}

/// The lexicon files to use: the command line's, when it names any; else the
/// configuration's.
fn lexicon_files(common: &Common, cfg: Option<&Config>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    if !common.lexicons.is_empty() || !common.add_lexicons.is_empty() {
        (common.lexicons.clone(), common.add_lexicons.clone())
    } else if let Some(c) = cfg {
        (c.lexicons.clone(), c.add_lexicons.clone())
    } else {
        (Vec::new(), Vec::new())
    }
}

fn setup(
    common: &Common,
    configs: &mut Configs,
    matchers: &mut Matchers,
    file: Option<&Path>,
    forced_type: Option<FileType>,
) -> Result<Setup, Failure> {
    let key = configs.key(common, file)?;
    let cfg = key.0.as_ref().and_then(|c| configs.loaded.get(c));
    let ignored = key
        .1
        .as_ref()
        .and_then(|i| configs.ignores.get(i))
        .map_or(&[][..], Vec::as_slice);
    let file_type = forced_type.unwrap_or_else(|| match (cfg, file) {
        (Some(c), Some(f)) => c.file_type(&fs::canonicalize(f).unwrap_or(f.to_path_buf())),
        (None, Some(f)) => FileType::from_path(f),
        (_, None) => FileType::Text,
    });
    if let Some((matcher, opts)) = configs.resolved.get(&key) {
        return Ok(Setup {
            matcher,
            opts: opts.clone(),
            file_type,
        });
    }
    let (lexicons, add) = lexicon_files(common, cfg);
    let matcher = matchers.get(&lexicons, &add, common.index.as_deref(), None)?;
    let threshold = common.threshold.or(cfg.and_then(|c| c.threshold));
    let mut kinds = common.ignore_kinds.clone();
    if let Some(c) = cfg {
        kinds.extend(&c.ignore_kinds);
    }
    let entries: Vec<&String> = common
        .ignore
        .iter()
        .chain(cfg.map(|c| &c.ignore).into_iter().flatten())
        .chain(ignored)
        .collect();
    // (The entities' own ids: the scan options find them by id, without a second pass over
    // the names; the entries that name nothing would change nothing.)
    let ids: Vec<String> = resolve_ignores(matcher, &entries)
        .into_iter()
        .filter(|id| matcher.lexicon().get(id).is_some())
        .collect();
    let opts = Rc::new(config::scan_options(matcher, threshold, &kinds, ids));
    configs.resolved.insert(key, (matcher, opts.clone()));
    Ok(Setup {
        matcher,
        opts,
        file_type,
    })
}

fn lookup(common: &Common, top: Option<usize>, mentions: Vec<String>) -> Result<(), Failure> {
    let mut configs = Configs::default();
    let (cfg, _) = configs.for_file(common, None)?;
    let (lexicons, add) = lexicon_files(common, cfg);
    let m = Matchers::default().get(&lexicons, &add, common.index.as_deref(), common.threshold)?;
    let input;
    let list: Vec<&str> = if mentions.is_empty() {
        input = utf8("<stdin>", read_stdin()?)?;
        input
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").trim_end_matches('\r'))
            .collect()
    } else {
        mentions.iter().map(String::as_str).collect()
    };
    // Ignored entities (ids or names, from the flags and namefix.toml) and kinds are never
    // answered, nor listed as candidates.
    let mut kinds = common.ignore_kinds.clone();
    kinds.extend(cfg.map_or(&[][..], |c| &c.ignore_kinds[..]));
    let entries: Vec<&String> = common
        .ignore
        .iter()
        .chain(cfg.map(|c| &c.ignore).into_iter().flatten())
        .collect();
    let ids = resolve_ignores(m, &entries);
    let allowed = |id: &str, kind: Kind| !ids.contains(id) && !kinds.contains(&kind);
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for mention in list {
        let hit = m.lookup(mention).filter(|h| allowed(h.id(), h.kind()));
        let line = LookupLine {
            mention,
            id: hit.map(|h| h.id()),
            name: hit.map(|h| h.name()),
            kind: hit.map(|h| h.kind().as_str()),
            score: hit.map(|h| round(h.score())),
            candidates: top.map(|k| {
                m.candidates(mention, k)
                    .into_iter()
                    .filter(|c| allowed(c.id(), c.kind()))
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

/// One input: standard input, or a file (named on the command line, or found by a walk or
/// a glob).
enum Input {
    Stdin,
    File { path: PathBuf, explicit: bool },
}

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// The inputs the paths name, and the problems finding them.
fn inputs(paths: &[String]) -> (Vec<Input>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    if paths.is_empty() {
        out.push(Input::Stdin);
    }
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        if path.is_file() {
            out.push(Input::File {
                path: path.to_path_buf(),
                explicit: true,
            });
        } else if path.is_dir() {
            walk(path, None, &mut out, &mut problems);
        } else if has_glob(p) && !path.exists() {
            // The glob's literal leading directories are the walk's root.
            let mut root = PathBuf::new();
            for c in path.components() {
                if has_glob(&c.as_os_str().to_string_lossy()) {
                    break;
                }
                root.push(c);
            }
            let synthetic_root = root.as_os_str().is_empty();
            if synthetic_root {
                root.push(".");
            }
            let glob = match globset::GlobBuilder::new(p.trim_start_matches("./"))
                .literal_separator(true)
                .build()
            {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    problems.push(format!("{p}: {e}"));
                    continue;
                }
            };
            let before = out.len();
            if root.is_dir() {
                walk(&root, Some(&glob), &mut out, &mut problems);
            }
            if synthetic_root {
                for i in &mut out[before..] {
                    if let Input::File { path, .. } = i {
                        if let Ok(p) = path.strip_prefix(".") {
                            *path = p.to_path_buf();
                        }
                    }
                }
            }
            if out.len() == before {
                problems.push(format!("{p}: no file matches"));
            }
        } else {
            problems.push(format!("{p}: no such file or directory"));
        }
    }
    (out, problems)
}

/// The files under `root` (respecting .gitignore, .ignore and hidden files), sorted by path,
/// matching `glob` if given.
fn walk(
    root: &Path,
    glob: Option<&globset::GlobMatcher>,
    out: &mut Vec<Input>,
    problems: &mut Vec<String>,
) {
    let walker = ignore::WalkBuilder::new(root)
        .sort_by_file_path(|a, b| a.cmp(b))
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let path = e.into_path();
                let rel = path.strip_prefix(".").unwrap_or(&path);
                if glob.is_none_or(|g| g.is_match(rel) || g.is_match(&path)) {
                    out.push(Input::File {
                        path,
                        explicit: false,
                    });
                }
            }
            Ok(_) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
}

/// Output styles (ANSI colours or none).
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn colour(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// A progress line on stderr for long runs over many files, when stderr is a terminal.
struct Progress {
    total: usize,
    done: usize,
    on: bool,
    start: Instant,
    last: Instant,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let now = Instant::now();
        Progress {
            total,
            done: 0,
            on: total >= 2 && io::stderr().is_terminal(),
            start: now,
            last: now,
            shown: false,
        }
    }

    fn step(&mut self) {
        self.done += 1;
        // Only after a second, then ten times a second.
        if self.on
            && self.start.elapsed() > Duration::from_secs(1)
            && self.last.elapsed() > Duration::from_millis(100)
        {
            self.last = Instant::now();
            self.shown = true;
            eprint!("\rnamefix: {}/{} files\x1b[K", self.done, self.total);
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// The 1-based line and column of byte `at`, the column in `unit`s.
fn line_col(idx: &LineIndex, text: &str, at: usize, unit: Columns) -> (usize, usize) {
    let line = idx.line_of(at);
    let start = idx.line_start(line).unwrap_or(0);
    let col = match unit {
        Columns::Bytes => at - start,
        Columns::Chars => text[start..at].chars().count(),
        Columns::Utf16 => idx.line_col_utf16(text, at).1,
    };
    (line + 1, col + 1)
}

fn check(common: &Common, files: &Files, report: Option<&Report>) -> Result<u8, Failure> {
    if files.paths.is_empty() && io::stdin().is_terminal() {
        return Err(Failure {
            message: "nothing to check: give files or directories (`.` for this one), or pipe \
                      text to standard input"
                .to_string(),
            code: 2,
        });
    }
    let (inputs, problems) = inputs(&files.paths);
    let mut code = 0u8;
    for p in &problems {
        eprintln!("namefix: {p}");
        code = EXIT_INPUT;
    }
    let fix_to_stdout = report.is_none() && !files.write;
    if fix_to_stdout && inputs.len() > 1 {
        return Err(Failure {
            message: "fix prints one corrected text: give one input, or -w to correct files \
                      in place"
                .to_string(),
            code: 2,
        });
    }
    let stdin_count = inputs.iter().filter(|i| matches!(i, Input::Stdin)).count();
    if stdin_count > 1 {
        return Err(Failure {
            message: "standard input (-) given twice".to_string(),
            code: 2,
        });
    }
    let style = Style {
        on: report.is_some_and(|r| colour(r.color)),
    };
    let format = report.map_or(Format::Human, |r| r.format);
    let columns = report.and_then(|r| r.columns).unwrap_or(match format {
        Format::Human => Columns::Chars,
        _ => Columns::Utf16,
    });
    let mut configs = Configs::default();
    let mut matchers = Matchers::default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut found = 0usize;
    let mut sarif = Vec::new();
    let mut progress = Progress::new(inputs.len());
    for input in &inputs {
        progress.step();
        let (name, path, explicit) = match input {
            Input::Stdin => ("<stdin>".to_string(), None, true),
            Input::File { path, explicit } => {
                (path.display().to_string(), Some(path.as_path()), *explicit)
            }
        };
        let bytes = match path {
            None => read_stdin()?,
            Some(p) => match fs::read(p) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("namefix: {name}: {e}");
                    code = EXIT_INPUT;
                    continue;
                }
            },
        };
        // A walk passes over binary files quietly, and warns about other non-UTF-8 ones.
        if !explicit && memchr_nul(&bytes) {
            continue;
        }
        let text = match utf8(&name, bytes) {
            Ok(t) => t,
            Err(f) if !explicit => {
                eprintln!("namefix: warning: {} (skipped)", f.message);
                continue;
            }
            Err(f) => {
                eprintln!("namefix: {}", f.message);
                code = EXIT_INPUT;
                continue;
            }
        };
        let s = match setup(common, &mut configs, &mut matchers, path, files.file_type) {
            Ok(s) => s,
            Err(f) => {
                // A bad lexicon or configuration applies to every file: stop.
                progress.finish();
                return Err(f);
            }
        };
        let prose = Prose::new(&text, s.file_type);
        let fixes = filetype::check_prose_parallel(s.matcher, &prose, &s.opts, files.jobs);
        found += fixes.len();
        let fixed = (files.write || report.is_some_and(|r| r.diff) || fix_to_stdout)
            .then(|| namefix::apply(&text, &fixes));
        if fix_to_stdout {
            out.write_all(fixed.as_deref().unwrap_or(&text).as_bytes())?;
            continue;
        }
        if let Some(r) = report {
            if r.diff {
                if let Some(new) = &fixed {
                    write_diff(&mut out, &name, &text, new, &style)?;
                }
            } else {
                let idx = LineIndex::new(&text);
                for c in &fixes {
                    match format {
                        Format::Human => {
                            write_human(&mut out, &name, &idx, &text, c, columns, &style)?
                        }
                        Format::Json => {
                            let (line, column) = line_col(&idx, &text, c.start(), columns);
                            let row = CheckLine {
                                path: &name,
                                start: c.start(),
                                end: c.end(),
                                line,
                                column,
                                original: c.original(),
                                replacement: c.replacement(),
                                id: c.id(),
                                kind: c.kind().as_str(),
                                score: round(c.score()),
                            };
                            serde_json::to_writer(&mut out, &row).map_err(io::Error::from)?;
                            out.write_all(b"\n")?;
                        }
                        Format::Sarif => sarif.push(sarif_result(&name, &idx, &text, c)),
                    }
                }
            }
        }
        if files.write && !fixes.is_empty() {
            match path {
                None => {
                    eprintln!("namefix: <stdin>: -w cannot write standard input");
                    code = EXIT_INPUT;
                }
                Some(p) => {
                    if let Err(e) = write_in_place(p, fixed.as_deref().unwrap_or(&text)) {
                        eprintln!("namefix: {name}: not written: {e}");
                        code = EXIT_INPUT;
                    }
                }
            }
        }
    }
    progress.finish();
    if format == Format::Sarif && report.is_some_and(|r| !r.diff) {
        serde_json::to_writer(&mut out, &sarif_log(sarif)).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if code == 0 && found > 0 && report.is_some_and(|r| !r.exit_zero) {
        code = EXIT_FOUND;
    }
    Ok(code)
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

fn write_human(
    out: &mut impl Write,
    name: &str,
    idx: &LineIndex,
    text: &str,
    c: &Correction<'_>,
    columns: Columns,
    style: &Style,
) -> io::Result<()> {
    let (line, col) = line_col(idx, text, c.start(), columns);
    writeln!(
        out,
        "{}: {} -> {} ({}, {:.2})",
        style.paint("1", &format!("{name}:{line}:{col}")),
        style.paint("31", c.original()),
        style.paint("32", c.replacement()),
        c.kind(),
        c.score()
    )
}

/// A unified diff of the file before and after the corrections; in colour, the changed
/// words are highlighted.
fn write_diff(
    out: &mut impl Write,
    name: &str,
    old: &str,
    new: &str,
    style: &Style,
) -> io::Result<()> {
    if old == new {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(old, new);
    writeln!(out, "{}", style.paint("1", &format!("--- a/{name}")))?;
    writeln!(out, "{}", style.paint("1", &format!("+++ b/{name}")))?;
    for hunk in diff.unified_diff().context_radius(1).iter_hunks() {
        writeln!(out, "{}", style.paint("36", &hunk.header().to_string()))?;
        for op in hunk.ops() {
            for change in diff.iter_inline_changes(op) {
                let (sign, code) = match change.tag() {
                    similar::ChangeTag::Delete => ("-", "31"),
                    similar::ChangeTag::Insert => ("+", "32"),
                    similar::ChangeTag::Equal => (" ", ""),
                };
                let mut line = String::new();
                for (emph, value) in change.iter_strings_lossy() {
                    if emph && style.on {
                        let _ = write!(line, "\x1b[{code};7m{value}\x1b[0m");
                    } else if style.on && !code.is_empty() {
                        let _ = write!(line, "\x1b[{code}m{value}\x1b[0m");
                    } else {
                        line.push_str(&value);
                    }
                }
                let sign = if code.is_empty() {
                    sign.to_string()
                } else {
                    style.paint(code, sign)
                };
                write!(out, "{sign}{line}")?;
                if change.missing_newline() {
                    writeln!(out)?;
                    writeln!(out, "\\ No newline at end of file")?;
                }
            }
        }
    }
    Ok(())
}

fn sarif_result(name: &str, idx: &LineIndex, text: &str, c: &Correction<'_>) -> serde_json::Value {
    let (sl, sc) = line_col(idx, text, c.start(), Columns::Utf16);
    let (el, ec) = line_col(idx, text, c.end(), Columns::Utf16);
    let region = serde_json::json!({
        "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
        "byteOffset": c.start(), "byteLength": c.end() - c.start(),
    });
    serde_json::json!({
        "ruleId": "garbled-name",
        "level": "warning",
        "message": {"text": format!("{} -> {} ({}, {:.2})", c.original(), c.replacement(), c.kind(), c.score())},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": name}, "region": region}}],
        "properties": {"id": c.id(), "kind": c.kind().as_str(), "score": round(c.score())},
        "fixes": [{
            "description": {"text": format!("Replace with {}", c.replacement())},
            "artifactChanges": [{
                "artifactLocation": {"uri": name},
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": c.replacement()}}],
            }],
        }],
    })
}

fn sarif_log(results: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "namefix",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/namefix/namefix",
                "rules": [{
                    "id": "garbled-name",
                    "shortDescription": {"text": "A garbled mention of a named entity"},
                }],
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

/// Writes a new file (or replaces one) atomically: a temporary file in the same directory,
/// written and synced, then renamed to `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".namefix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // A new file gets the usual permissions, not the temporary file's owner-only ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Replaces `path`'s contents with `contents` atomically: a temporary file in the same
/// directory, written and synced, given the file's permissions, then renamed over it (through
/// a symbolic link, onto its target). On any error the file is left as it was and the
/// temporary file is removed. A read-only file is an error.
fn write_in_place(path: &Path, contents: &str) -> io::Result<()> {
    let real = fs::canonicalize(path)?;
    let meta = fs::metadata(&real)?;
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let dir = real.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".namefix-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // Test hook: fail half-way through writing (tests/cli.rs checks that nothing is lost).
    if std::env::var_os("NAMEFIX_TEST_FAIL_WRITE").is_some() {
        tmp.write_all(&contents.as_bytes()[..contents.len() / 2])?;
        return Err(io::Error::other("simulated write failure"));
    }
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.persist(&real).map_err(|e| e.error)?;
    Ok(())
}
