//! The `namefix` command (package namefix-cli): hostile input (invalid UTF-8, missing and
//! unreadable files, bad lexicon lines, a closed standard output, bad usage), exit codes,
//! output formats, in-place writes and diffs, directory walks and globs, Markdown and source
//! code, the configuration file, the ignore file and the ignore flags.
//!
//! The binary belongs to another package of the workspace, so `CARGO_BIN_EXE_namefix` is not
//! available here: the tests build it once with `cargo build -p namefix-cli` and take the
//! executable's path from cargo's JSON messages (whatever the target directory is).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;

fn namefix_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let out = Command::new(env!("CARGO"))
            .args([
                "build",
                "-q",
                "-p",
                "namefix-cli",
                "--bin",
                "namefix",
                "--message-format=json",
            ])
            .arg("--manifest-path")
            .arg(&manifest)
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(out.status.success(), "cargo build -p namefix-cli failed");
        let stdout = String::from_utf8(out.stdout).unwrap();
        stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["reason"] == "compiler-artifact" && v["target"]["name"] == "namefix")
            .find_map(|v| v["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the namefix executable")
    })
}

/// A scratch directory for this test binary's files, under cargo's temporary directory for
/// integration tests (inside the target directory, so nothing is left in the system's).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("namefix-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Starts `namefix ARGS` with all three streams piped, and a thread that writes `stdin` to it
/// (from another thread so that a large input cannot deadlock against a full stdout pipe).
fn spawn(args: &[&str], stdin: &[u8]) -> (Child, JoinHandle<()>) {
    let mut child = Command::new(namefix_bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut sin = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sin.write_all(&data);
    });
    (child, writer)
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let (child, writer) = spawn(args, stdin);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const LEXICON: &str = "p:oc\tOlivia Colman\t\tperson\t80\ntv:hs\tHeartstopper\t\ttv\t100\n";

fn lexicon_file() -> String {
    // Written once per test process: tests run in parallel, and rewriting the file while
    // another test's `namefix` reads it would let that one read it truncated.
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let p = scratch("lexicon.tsv");
        std::fs::write(&p, LEXICON).unwrap();
        p.display().to_string()
    })
    .clone()
}

#[test]
fn fix_and_check_work_on_good_input() {
    let lex = lexicon_file();
    let o = run(
        &["fix", "--lexicon", &lex],
        b"Olivia Coleman in heart stopper.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "Olivia Colman in Heartstopper.\n"
    );
    let o = run(
        &["check", "--format", "json", "--lexicon", &lex, "-"],
        "é Olivia Coleman".as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let line: serde_json::Value =
        serde_json::from_slice(o.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["start"], 3);
    assert_eq!(line["column"], 3, "UTF-16 column, 1-based");
    assert_eq!(line["replacement"], "Olivia Colman");
}

#[test]
fn invalid_utf8_text_names_the_byte_offset() {
    let lex = lexicon_file();
    let bad: &[u8] = b"Olivia Coleman \xff\xfe and more";
    // On standard input.
    for cmd in ["fix", "check", "lookup"] {
        let o = run(&[cmd, "--lexicon", &lex], bad);
        assert_eq!(o.status.code(), Some(3), "{cmd}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{cmd}: nothing on stdout");
        assert!(
            stderr(&o).contains("<stdin>:1: invalid UTF-8 (at byte offset 15)"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    // In a file; a truncated multi-byte character at the very end.
    let p = scratch("bad.txt");
    std::fs::write(&p, b"caf\xc3\xa9 Olivia\xe2\x82").unwrap();
    let o = run(&["fix", "--lexicon", &lex, p.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        format!(
            "namefix: {}:1: invalid UTF-8 (at byte offset 12); nothing written\n",
            p.display()
        )
    );
}

#[test]
fn missing_and_unreadable_files() {
    let lex = lexicon_file();
    let missing = scratch("does-not-exist.txt");
    let m = missing.to_str().unwrap();
    let o = run(&["fix", "--lexicon", &lex, m], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).starts_with(&format!("namefix: {m}: ")),
        "{}",
        stderr(&o)
    );
    // A missing lexicon.
    let o = run(&["lookup", "--lexicon", m, "Olivia"], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).starts_with(&format!("namefix: {m}: ")),
        "{}",
        stderr(&o)
    );
    // A directory where a file is expected (unreadable as a file, even for root).
    let dir = std::env::temp_dir();
    let d = dir.to_str().unwrap();
    for args in [
        vec!["lookup", "--lexicon", d, "x"],
        vec!["check", "--add-lexicon", d, "-"],
    ] {
        let o = run(&args, b"");
        assert_eq!(o.status.code(), Some(3), "{args:?}");
        assert!(
            stderr(&o).starts_with(&format!("namefix: {d}: ")),
            "{}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn bad_lexicons_report_file_and_line() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "bad-columns.tsv",
            b"a\tA\n# comment\nonly-one-column\n",
            ":3: expected 2 to 5",
        ),
        ("bad-weight.tsv", b"a\tA\t\tperson\t1e300\n", ":1: weight"),
        ("bad-nan.tsv", b"a\tA\t\tperson\tNaN\n", ":1: weight NaN"),
        ("dup.tsv", b"a\tA\nb\tB\na\tC\n", ":3: duplicate id"),
        (
            "empty-name.tsv",
            b"a\t \n",
            ":1: entity \"a\" has an empty name",
        ),
        (
            "bad.jsonl",
            b"{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"b\"}\n",
            ":2: invalid JSON",
        ),
        (
            "not-utf8.tsv",
            b"a\tAlpha\nb\tB\xe9ta\n",
            ":2: invalid UTF-8 (at byte offset 11)",
        ),
    ];
    for &(name, content, msg) in cases {
        let p = scratch(name);
        std::fs::write(&p, content).unwrap();
        let o = run(&["lookup", "--lexicon", p.to_str().unwrap(), "Alpha"], b"");
        assert_eq!(o.status.code(), Some(3), "{name}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{name}");
        let want = format!("namefix: {}{msg}", p.display());
        assert!(
            stderr(&o).starts_with(&want),
            "{name}: {:?} does not start with {want:?}",
            stderr(&o)
        );
    }
    // A lexicon file starting with a byte order mark is read as if it had none.
    let p = scratch("bom.tsv");
    std::fs::write(&p, "\u{FEFF}a\tAlpha\n").unwrap();
    let o = run(&["lookup", "--lexicon", p.to_str().unwrap(), "Alpha"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"id\":\"a\""));
    // A line over MAX_LINE_BYTES.
    let p = scratch("long-line.tsv");
    std::fs::write(
        &p,
        format!("a\tA\nb\t{}\n", "x".repeat(namefix::MAX_LINE_BYTES)),
    )
    .unwrap();
    let o = run(&["fix", "--lexicon", p.to_str().unwrap()], b"text");
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains(&format!("{}:2: line of", p.display())),
        "{}",
        stderr(&o)
    );
    // A duplicate across two lexicon files names the second file.
    let a = scratch("first.tsv");
    let b = scratch("second.tsv");
    std::fs::write(&a, "a\tA\n").unwrap();
    std::fs::write(&b, "b\tB\na\tAgain\n").unwrap();
    let o = run(
        &[
            "lookup",
            "--lexicon",
            a.to_str().unwrap(),
            "--lexicon",
            b.to_str().unwrap(),
            "A",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).starts_with(&format!("namefix: {}:2: duplicate id", b.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["frobnicate"][..],
        &["fix", "--no-such-flag"],
        &["fix", "--threshold", "high"],
        &["check", "--threshold", "5"],
        &["check", "--threshold", "nan"],
        &["check", "--threshold=-1"],
        &["lookup", "--threshold", "inf", "x"],
        &["check", "--ignore-kind", "planet"],
        &["check", "--type", "cobol"],
        &["check", "--format", "xml"],
        &["check", "--columns", "words"],
        &["check", "--config", "x.toml", "--no-config"],
        &[],
    ] {
        let o = run(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty() || args.is_empty(), "{args:?}");
    }
    // The threshold error says what is wrong.
    let o = run(&["check", "--threshold", "5"], b"");
    assert!(
        stderr(&o).contains("must be a number in [0, 1], not 5"),
        "{}",
        stderr(&o)
    );
    // fix to standard output takes one input.
    let lex = lexicon_file();
    let a = scratch("usage-a.txt");
    std::fs::write(&a, "x").unwrap();
    let a = a.to_str().unwrap();
    let o = run(&["fix", "--lexicon", &lex, a, a], b"");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("-w"), "{}", stderr(&o));
}

/// `namefix fix big.txt | head -c 10`: the reader goes away early; namefix stops quietly
/// with exit code 0 and no panic message.
#[test]
fn closed_stdout_exits_quietly() {
    let lex = lexicon_file();
    let big = scratch("big.txt");
    std::fs::write(
        &big,
        "Olivia Coleman stars in heart stopper, again.\n".repeat(40_000),
    )
    .unwrap();
    let big = big.to_str().unwrap();
    let lookup_in = "Olivia Coleman\n".repeat(40_000);
    let cases: Vec<(Vec<&str>, &[u8])> = vec![
        (vec!["fix", "--lexicon", &lex, big], b""),
        (vec!["check", "--lexicon", &lex, big], b""),
        (
            vec![
                "check",
                "--format",
                "json",
                "--exit-zero",
                "--lexicon",
                &lex,
                big,
            ],
            b"",
        ),
        (vec!["lookup", "--lexicon", &lex], lookup_in.as_bytes()),
    ];
    for (args, input) in cases {
        let (mut child, writer) = spawn(&args, input);
        let mut out = child.stdout.take().unwrap();
        let mut first = [0u8; 10];
        out.read_exact(&mut first).unwrap();
        drop(out); // head -c 10 exits
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        writer.join().unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: stderr {err:?}");
    }
}

#[test]
fn hostile_text_through_the_cli() {
    let lex = lexicon_file();
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\0\0\0".to_vec(),
        "\u{FEFF}Olivia Coleman".as_bytes().to_vec(),
        "x".repeat(1 << 20).into_bytes(),
        "\r\n".repeat(10_000).into_bytes(),
        "e\u{301}\u{301} 👨\u{200D}👩\u{200D}👧 \u{202E}Olivia Coleman"
            .as_bytes()
            .to_vec(),
    ];
    for input in inputs {
        let o = run(&["fix", "--lexicon", &lex], &input);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).is_empty());
        let text = String::from_utf8(input).unwrap();
        let m = namefix::Matcher::new(namefix::Lexicon::from_tsv(LEXICON).unwrap());
        assert_eq!(String::from_utf8(o.stdout).unwrap(), m.fix(&text));
    }
}

/// A fresh scratch directory (removed first if a previous run left it).
fn scratch_dir(name: &str) -> PathBuf {
    let d = scratch(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

#[test]
fn exit_codes() {
    let lex = lexicon_file();
    let dir = scratch_dir("exit-codes");
    let clean = dir.join("clean.txt");
    let dirty = dir.join("dirty.txt");
    std::fs::write(&clean, "Nothing to see here.\n").unwrap();
    std::fs::write(&dirty, "We watched heart stopper.\n").unwrap();
    let (c, d) = (clean.to_str().unwrap(), dirty.to_str().unwrap());
    let code = |args: &[&str]| run(args, b"").status.code();
    assert_eq!(code(&["check", "--lexicon", &lex, c]), Some(0));
    assert_eq!(code(&["check", "--lexicon", &lex, c, d]), Some(1));
    assert_eq!(
        code(&["check", "--lexicon", &lex, "--exit-zero", d]),
        Some(0)
    );
    assert_eq!(code(&["check", "--lexicon", &lex, "--diff", d]), Some(1));
    // fix prints the text: 0 whatever it corrected.
    assert_eq!(code(&["fix", "--lexicon", &lex, d]), Some(0));
    // A missing file is an input error (3), and the other files are still checked.
    let missing = dir.join("missing.txt");
    let o = run(
        &["check", "--lexicon", &lex, missing.to_str().unwrap(), d],
        b"",
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stdout(&o).contains("heart stopper -> Heartstopper"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
    // --help documents the codes and the opt-out flag.
    let help = stdout(&run(&["check", "--help"], b""));
    for want in [
        "Exit codes:",
        "--exit-zero",
        "3  bad input",
        "1  corrections found",
    ] {
        assert!(help.contains(want), "{want}: {help}");
    }
}

#[test]
fn human_json_and_sarif_output() {
    let lex = lexicon_file();
    let dir = scratch_dir("formats");
    let f = dir.join("a.txt");
    std::fs::write(&f, "x\n😀 é heart stopper\n").unwrap();
    let p = f.to_str().unwrap();
    let o = run(&["check", "--lexicon", &lex, p], b"");
    assert_eq!(
        stdout(&o),
        format!("{p}:2:5: heart stopper -> Heartstopper (tv, 1.00)\n")
    );
    for (unit, col) in [("bytes", 9), ("chars", 5), ("utf16", 6)] {
        let o = run(&["check", "--lexicon", &lex, "--columns", unit, p], b"");
        assert!(
            stdout(&o).starts_with(&format!("{p}:2:{col}: ")),
            "{unit}: {}",
            stdout(&o)
        );
    }
    // Colour only when asked (stdout is a pipe here), and never with --color never.
    let o = run(&["check", "--lexicon", &lex, "--color", "always", p], b"");
    assert!(stdout(&o).contains("\x1b["), "{}", stdout(&o));
    for args in [vec!["--color", "never"], vec![]] {
        let mut a = vec!["check", "--lexicon", &lex, p];
        a.extend(args);
        assert!(!stdout(&run(&a, b"")).contains('\x1b'));
    }
    // JSON Lines: the former fields with their meaning (UTF-16 column), plus the path.
    let o = run(&["check", "--lexicon", &lex, "--format", "json", p], b"");
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["path"], p);
    assert_eq!(v["start"], 10);
    assert_eq!(v["end"], 23);
    assert_eq!(v["line"], 2);
    assert_eq!(v["column"], 6);
    assert_eq!(v["original"], "heart stopper");
    assert_eq!(v["replacement"], "Heartstopper");
    assert_eq!(v["id"], "tv:hs");
    assert_eq!(v["kind"], "tv");
    assert_eq!(v["score"], 1.0);
    // SARIF 2.1.0, one result with its fix.
    let o = run(&["check", "--lexicon", &lex, "--format", "sarif", p], b"");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let r = &v["runs"][0]["results"][0];
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        6
    );
    assert_eq!(
        r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "Heartstopper"
    );
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn write_changes_in_place() {
    let lex = lexicon_file();
    let dir = scratch_dir("write");
    let f = dir.join("a.txt");
    std::fs::write(&f, "We watched heart stopper.\nOlivia Coleman too.\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = run(
        &["check", "-w", "--lexicon", &lex, f.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("heart stopper -> Heartstopper"));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "We watched Heartstopper.\nOlivia Colman too.\n"
    );
    #[cfg(unix)]
    assert_eq!(mode(&f), 0o640, "permissions kept");
    // Nothing left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    // Again: nothing to do, exit 0, file untouched.
    let o = run(&["fix", "-w", "--lexicon", &lex, f.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn write_changes_never_loses_a_file() {
    let lex = lexicon_file();
    let dir = scratch_dir("write-fail");
    let text = "We watched heart stopper.\n".repeat(100);
    // A read-only file is left intact, with an error and exit code 3.
    let ro = dir.join("read-only.txt");
    std::fs::write(&ro, &text).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&ro, perm).unwrap();
    let o = run(&["fix", "-w", "--lexicon", &lex, ro.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), text);
    // A write that fails half-way (simulated) leaves the file as it was, and no temporary file.
    let f = dir.join("fails.txt");
    std::fs::write(&f, &text).unwrap();
    let o = Command::new(namefix_bin())
        .args(["check", "-w", "--lexicon", &lex, f.to_str().unwrap()])
        .env("NAMEFIX_TEST_FAIL_WRITE", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("not written"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // Invalid UTF-8 is never written.
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"heart stopper \xff").unwrap();
    let o = run(
        &["fix", "-w", "--lexicon", &lex, bad.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(std::fs::read(&bad).unwrap(), b"heart stopper \xff");
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let lex = lexicon_file();
    let dir = scratch_dir("diff");
    let f = dir.join("a.txt");
    let text = "Intro.\nWe watched heart stopper today.\nOutro.\n";
    std::fs::write(&f, text).unwrap();
    let p = f.to_str().unwrap();
    let o = run(&["check", "--diff", "--lexicon", &lex, p], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "--- a/{p}\n+++ b/{p}\n@@ -1,3 +1,3 @@\n Intro.\n-We watched heart stopper today.\n+We watched Heartstopper today.\n Outro.\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    // In colour, the changed words are highlighted.
    let o = run(
        &["check", "--diff", "--color", "always", "--lexicon", &lex, p],
        b"",
    );
    assert!(
        stdout(&o).contains("\x1b[32;7mHeartstopper"),
        "{:?}",
        stdout(&o)
    );
}

#[test]
fn markdown_and_source_code_fixtures() {
    let lex = fixture("lexicon.tsv");
    let lex = lex.to_str().unwrap();
    let dir = scratch_dir("fixtures");
    for name in ["doc.md", "code.rs", "code.py", "code.ts"] {
        let (stem, ext) = name.split_once('.').unwrap();
        let want = std::fs::read_to_string(fixture(&format!("{stem}.fixed.{ext}"))).unwrap();
        // To standard output.
        let o = run(
            &["fix", "--lexicon", lex, fixture(name).to_str().unwrap()],
            b"",
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), want, "{name}");
        // In place.
        let copy = dir.join(name);
        std::fs::copy(fixture(name), &copy).unwrap();
        run(
            &["check", "-w", "--lexicon", lex, copy.to_str().unwrap()],
            b"",
        );
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), want, "{name} -w");
    }
    // --type overrides the extension: the same Markdown read as plain text fixes the code too.
    let o = run(
        &[
            "fix",
            "--type",
            "text",
            "--lexicon",
            lex,
            fixture("doc.md").to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        stdout(&o).contains("show = \"Heartstopper\""),
        "{}",
        stdout(&o)
    );
    // Standard input is plain text unless --type says otherwise.
    let md = b"`heart stopper` and heart stopper";
    assert_eq!(
        stdout(&run(&["fix", "--lexicon", lex, "--type", "markdown"], md)),
        "`heart stopper` and Heartstopper"
    );
}

#[test]
fn directories_gitignore_and_globs() {
    let lex = lexicon_file();
    let dir = scratch_dir("walk");
    let w = |p: &str| {
        let f = dir.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, "heart stopper\n").unwrap();
    };
    for p in [
        "a.txt",
        "ignored.txt",
        ".hidden.txt",
        "sub/b.md",
        "sub/c.txt",
        "build/d.txt",
    ] {
        w(p);
    }
    std::fs::write(dir.join(".gitignore"), "ignored.txt\nbuild/\n").unwrap();
    std::fs::write(dir.join("binary.dat"), b"heart stopper\0\x01").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"caf\xe9").unwrap();
    let d = dir.to_str().unwrap();
    let o = run(&["check", "--lexicon", &lex, d], b"");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    let want: Vec<String> = ["a.txt", "sub/b.md", "sub/c.txt"]
        .iter()
        .map(|p| format!("{d}/{p}"))
        .collect();
    assert_eq!(paths, want);
    // A walk skips binary files quietly and warns about non-UTF-8 text.
    assert!(stderr(&o).contains("latin1.txt"), "{}", stderr(&o));
    // A glob.
    let o = run(&["check", "--lexicon", &lex, &format!("{d}/**/*.md")], b"");
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stdout(&o).starts_with(&format!("{d}/sub/b.md:1:1: ")));
    let o = run(
        &["check", "--lexicon", &lex, &format!("{d}/*.nothing")],
        b"",
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no file matches"), "{}", stderr(&o));
    // An ignored file named on the command line is checked.
    let o = run(
        &["check", "--lexicon", &lex, &format!("{d}/ignored.txt")],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ignore_flags_and_lexicon_flags() {
    let lex = lexicon_file();
    let text = b"We watched heart stopper; Olivia Coleman was in it.";
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json"];
        a.extend(args);
        stdout(&run(&a, text))
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&["--lexicon", &lex]), ["\"tv:hs\"", "\"p:oc\""]);
    assert_eq!(ids(&["--lexicon", &lex, "--ignore", "tv:hs"]), ["\"p:oc\""]);
    assert_eq!(
        ids(&["--lexicon", &lex, "--ignore", "Olivia Colman"]),
        ["\"tv:hs\""]
    );
    assert_eq!(
        ids(&["--lexicon", &lex, "--ignore-kind", "person"]),
        ["\"tv:hs\""]
    );
    // --lexicon replaces the bundled lexicon; --add-lexicon adds to it.
    let own = scratch("own.tsv");
    std::fs::write(&own, "p:zq\tZorblax Quintavious\t\tperson\t10\n").unwrap();
    let own = own.to_str().unwrap();
    let text = b"Zorblax Quintavius watched heart stopper.";
    let fixed = |args: &[&str]| stdout(&run(args, text));
    assert_eq!(
        fixed(&["fix", "--lexicon", own]),
        "Zorblax Quintavious watched heart stopper."
    );
    assert_eq!(
        fixed(&["fix", "--add-lexicon", own]),
        "Zorblax Quintavious watched Heartstopper."
    );
    // lookup honours them too.
    let o = run(
        &[
            "lookup",
            "--lexicon",
            &lex,
            "--ignore-kind",
            "person",
            "Olivia Coleman",
        ],
        b"",
    );
    assert!(stdout(&o).contains("\"id\":null"), "{}", stdout(&o));
    let o = run(
        &[
            "lookup",
            "--lexicon",
            &lex,
            "--ignore",
            "olivia colman",
            "Olivia Coleman",
        ],
        b"",
    );
    assert!(stdout(&o).contains("\"id\":null"), "{}", stdout(&o));
    let o = run(&["lookup", "--lexicon", &lex, "Olivia Coleman"], b"");
    assert!(stdout(&o).contains("\"id\":\"p:oc\""), "{}", stdout(&o));
    // An entry that is no id, name or alias of the lexicon changes nothing: a warning says so
    // (once), and the answers are those without it.
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--lexicon",
            &lex,
            "--ignore",
            "tv:HS",
            "--ignore",
            "heart-stopper",
        ],
        b"We watched heart stopper; Olivia Coleman was in it.",
    );
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert_eq!(stderr(&o).matches("warning").count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("\"tv:HS\""), "{}", stderr(&o));
    let o = run(
        &[
            "lookup",
            "--lexicon",
            &lex,
            "--ignore",
            "p:OC",
            "Olivia Coleman",
        ],
        b"",
    );
    assert!(stdout(&o).contains("\"id\":\"p:oc\""), "{}", stdout(&o));
    assert!(stderr(&o).contains("\"p:OC\""), "{}", stderr(&o));
}

#[test]
fn configuration_and_ignore_files() {
    let dir = scratch_dir("config");
    let sub = dir.join("docs/deep");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(dir.join("names.tsv"), LEXICON).unwrap();
    let f = sub.join("a.txt");
    std::fs::write(&f, "We watched heart stopper; Olivia Coleman was in it.\n").unwrap();
    let p = f.to_str().unwrap();
    let cfg = dir.join("namefix.toml");
    let check = |extra: &[&str]| {
        let mut a = vec!["check", p];
        a.extend(extra);
        run(&a, b"")
    };
    // Found upward from the file; lexicon paths relative to it.
    std::fs::write(
        &cfg,
        "lexicons = [\"names.tsv\"]\nignore-kinds = [\"person\"]\n",
    )
    .unwrap();
    let o = check(&[]);
    assert_eq!(
        stdout(&o).lines().count(),
        1,
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains("Heartstopper (tv"));
    // --no-config reads neither file (the bundled lexicon then finds both names).
    assert_eq!(stdout(&check(&["--no-config"])).lines().count(), 2);
    // The ignore file (nearest upward), as the language server writes it.
    std::fs::write(&cfg, "lexicons = [\"names.tsv\"]\n").unwrap();
    std::fs::write(dir.join(".namefix-ignore"), "tv:hs  # not this one\n").unwrap();
    let o = check(&[]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("Olivia Colman"));
    std::fs::remove_file(dir.join(".namefix-ignore")).unwrap();
    // File types by glob.
    std::fs::write(
        &cfg,
        "lexicons = [\"names.tsv\"]\n[file-types]\n\"docs/**/*.txt\" = \"markdown\"\n",
    )
    .unwrap();
    std::fs::write(&f, "`heart stopper` and heart stopper\n").unwrap();
    assert_eq!(stdout(&check(&[])).lines().count(), 1);
    // Invalid settings are errors naming the file and the key, never clamped.
    for (content, key) in [
        (
            "threshold = 5\n",
            "threshold: must be a number in [0, 1], not 5",
        ),
        ("threshold = nan\n", "threshold: must be a number in [0, 1]"),
        (
            "ignore-kinds = [\"planet\"]\n",
            "ignore-kinds: unknown kind",
        ),
        ("colour = \"red\"\n", "colour: unknown key"),
        (
            "[file-types]\n\"*.x\" = \"cobol\"\n",
            "file-types.\"*.x\": unknown file type",
        ),
    ] {
        std::fs::write(&cfg, content).unwrap();
        let o = check(&[]);
        assert_eq!(o.status.code(), Some(3), "{content}");
        let want = format!("namefix: {}: {key}", cfg.canonicalize().unwrap().display());
        assert!(
            stderr(&o).starts_with(&want),
            "{content}: {} vs {want}",
            stderr(&o)
        );
    }
    // --config names the file to use.
    let other = dir.join("other.toml");
    std::fs::write(
        &other,
        format!(
            "lexicons = [\"{}\"]\nthreshold = 0.99\n",
            dir.join("names.tsv").display()
        ),
    )
    .unwrap();
    let o = check(&["--config", other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn inline_ignore_directives_in_plain_text() {
    let lex = lexicon_file();
    let text =
        b"heart stopper\nheart stopper namefix:ignore\n# namefix:ignore-next-line\nheart stopper\n";
    let o = run(&["fix", "--lexicon", &lex], text);
    assert_eq!(
        stdout(&o),
        "Heartstopper\nheart stopper namefix:ignore\n# namefix:ignore-next-line\nheart stopper\n"
    );
}

/// Editor help files: `\ze_` is a regex atom, not the place Zé (bundled lexicon).
#[test]
fn backslash_commands_in_plain_text_are_not_prose() {
    let o = run(&["check", "--no-config"], b"Use \\ze_ to end the match.\n");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The rest of the line is still prose.
    let o = run(
        &["check", "--no-config", "--format", "json"],
        b"Use \\ze_ to end the match, wrote Olivia Coleman.\n",
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("\"replacement\":\"Olivia Colman\""), "{out}");
}

/// `namefix index` saves a matcher that `--index` loads: the same answers as building from
/// the lexicon; a file that is not an index is an input error naming it.
#[test]
fn saved_index_gives_the_same_answers() {
    let lex = lexicon_file();
    let out = scratch("saved.nfx");
    let o = run(
        &["index", "--lexicon", &lex, "-o", out.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let compact = scratch("saved-compact.nfx");
    let o = run(
        &[
            "index",
            "--lexicon",
            &lex,
            "--compact",
            "-o",
            compact.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = b"heart stopper stars joe locke and Alice Osseman.\n";
    let built = run(&["check", "--format", "json", "--lexicon", &lex], text);
    for index in [&out, &compact] {
        let loaded = run(
            &[
                "check",
                "--format",
                "json",
                "--index",
                index.to_str().unwrap(),
            ],
            text,
        );
        assert_eq!(stdout(&loaded), stdout(&built));
        assert_eq!(loaded.status.code(), built.status.code());
        let a = run(
            &[
                "lookup",
                "--index",
                index.to_str().unwrap(),
                "Alice Osseman",
            ],
            b"",
        );
        let b = run(&["lookup", "--lexicon", &lex, "Alice Osseman"], b"");
        assert_eq!(stdout(&a), stdout(&b));
    }
    let bad = scratch("not-an-index.nfx");
    std::fs::write(&bad, b"heart stopper\n").unwrap();
    let o = run(&["lookup", "--index", bad.to_str().unwrap(), "x"], b"");
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("not-an-index.nfx"), "{}", stderr(&o));
}

/// `--jobs` checks a large input on several threads with the same corrections.
#[test]
fn jobs_give_the_same_corrections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(root.join("tests/eval/clean-text/squad-paragraphs.txt")).unwrap();
    let seed = std::fs::read(root.join("tests/golden/heartstopper-bloopers.txt")).unwrap();
    let mut input = text.clone();
    input.extend_from_slice(&seed);
    input.extend_from_slice(&text);
    let one = run(&["check", "--format", "json", "-j", "1"], &input);
    let two = run(&["check", "--format", "json", "-j", "2"], &input);
    assert_eq!(stdout(&one), stdout(&two));
    assert!(stdout(&one).lines().count() >= 11);
}

/// The default `-j` (one thread per core) gives what `-j 1` gives, on an input large enough
/// to be checked in parts: a transcript paragraph (no capitals, so "geelong" is restored)
/// with a few cased lines, the paragraphs of cased prose around it.
#[test]
fn default_jobs_equal_one_job() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(match i % 1000 {
            400 => "The Company opened a store in Geelong.\n",
            900 => "\nWe watched heart stopper with Olivia Coleman.\n\n",
            _ => "we opened a store in geelong and it went well\n",
        });
    }
    assert!(text.len() > 128 * 1024);
    let path = scratch("jobs.txt");
    std::fs::write(&path, &text).unwrap();
    let path = path.display().to_string();
    let one = run(
        &["check", "--format", "json", "--exit-zero", "-j", "1", &path],
        b"",
    );
    assert!(one.status.success(), "{}", stderr(&one));
    assert!(stdout(&one).lines().count() > 100, "{}", stdout(&one));
    for jobs in [None, Some("2"), Some("0")] {
        let mut args = vec!["check", "--format", "json", "--exit-zero"];
        if let Some(j) = jobs {
            args.extend(["-j", j]);
        }
        args.push(&path);
        let out = run(&args, b"");
        assert_eq!(stdout(&out), stdout(&one), "{jobs:?}");
    }
}
