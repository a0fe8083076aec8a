//! The `namefix` command (package namefix-cli) on hostile input: invalid UTF-8, missing and
//! unreadable files, bad lexicon lines, a closed standard output, bad usage.
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

/// A scratch directory for this test binary's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("namefix-cli-tests-{}", std::process::id()));
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
    let p = scratch("lexicon.tsv");
    std::fs::write(&p, LEXICON).unwrap();
    p.display().to_string()
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
        &["check", "--lexicon", &lex, "-"],
        "é Olivia Coleman".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
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
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{cmd}: nothing on stdout");
        assert!(
            stderr(&o).contains("<stdin>: invalid UTF-8 at byte offset 15"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    // In a file; a truncated multi-byte character at the very end.
    let p = scratch("bad.txt");
    std::fs::write(&p, b"caf\xc3\xa9 Olivia\xe2\x82").unwrap();
    let o = run(&["fix", "--lexicon", &lex, p.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        format!(
            "namefix: {}: invalid UTF-8 at byte offset 12\n",
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
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).starts_with(&format!("namefix: {m}: ")),
        "{}",
        stderr(&o)
    );
    // A missing lexicon.
    let o = run(&["lookup", "--lexicon", m, "Olivia"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!("namefix: {m}: ")),
        "{}",
        stderr(&o)
    );
    // A directory where a file is expected (unreadable as a file, even for root).
    let dir = std::env::temp_dir();
    let d = dir.to_str().unwrap();
    for args in [
        vec!["fix", "--lexicon", &lex, d],
        vec!["lookup", "--lexicon", d, "x"],
    ] {
        let o = run(&args, b"");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
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
            ": invalid UTF-8 at byte offset 11",
        ),
    ];
    for &(name, content, msg) in cases {
        let p = scratch(name);
        std::fs::write(&p, content).unwrap();
        let o = run(&["lookup", "--lexicon", p.to_str().unwrap(), "Alpha"], b"");
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
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
    assert_eq!(o.status.code(), Some(1));
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
    assert_eq!(o.status.code(), Some(1));
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
        &[],
    ] {
        let o = run(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty() || args.is_empty(), "{args:?}");
    }
    // Out-of-range and NaN thresholds are clamped / replaced by the default, not errors.
    let lex = lexicon_file();
    for t in ["NaN", "5", "-1"] {
        let t = format!("--threshold={t}");
        let o = run(&["fix", "--lexicon", &lex, &t], b"Olivia Coleman");
        assert_eq!(o.status.code(), Some(0), "{t}: {}", stderr(&o));
    }
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
