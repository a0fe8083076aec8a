//! The seed article, end to end over stdio: initialize (UTF-16), open, 11 diagnostics at the
//! gold positions, a quick fix applied through an incremental change, "fix all", shutdown.
//! The session is recorded in `tests/fixtures/seed-session.jsonl`; the server's diagnostics
//! must match it (regenerate with `NAMEFIX_BLESS=1`).

mod common;

use common::{apply_edits, range_utf16, seed, Client};
use serde_json::{json, Value};

const URI: &str = "file:///workspace/heartstopper-bloopers.txt";
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/seed-session.jsonl"
);

#[test]
fn seed_article_session() {
    let (mut text, gold) = seed();
    let mut c = Client::start();
    let init = c.initialize(json!({}), Value::Null, None);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert!(caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap()
        .contains(&json!("quickfix")));
    assert_eq!(init["serverInfo"]["name"], "namefix-ls");

    // Open: exactly the 11 gold edits, at their UTF-16 positions.
    c.open(URI, &text);
    let diags = c.diagnostics(URI, 1);
    assert_eq!(diags.len(), 11, "{diags:#?}");
    for (d, (start, end, original, replacement)) in diags.iter().zip(&gold) {
        assert_eq!(d["range"], range_utf16(&text, *start, *end), "{original}");
        assert_eq!(d["source"], "namefix");
        assert_eq!(d["severity"], 3, "information");
        assert_eq!(d["data"]["replacement"], replacement.as_str());
        assert_eq!(d["data"]["original"], original.as_str());
        assert!(d["message"].as_str().unwrap().starts_with("Did you mean “"));
    }
    let olivia = diags
        .iter()
        .find(|d| d["data"]["original"] == "Olivia Coleman")
        .unwrap()
        .clone();
    assert_eq!(olivia["message"], "Did you mean “Olivia Colman” (person)?");
    assert!(olivia["code"].as_str().unwrap().starts_with("person:"));

    // Code actions at that diagnostic: the quick fix, "ignore", and "fix all".
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": olivia["range"],
            "context": {"diagnostics": [olivia]},
        }),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace with “Olivia Colman”",
            "Ignore “Olivia Colman” (person) in this workspace",
            "Fix all namefix corrections in document",
        ]
    );
    let quick = &actions[0];
    assert_eq!(quick["kind"], "quickfix");
    assert_eq!(quick["isPreferred"], true);
    let edits = quick["edit"]["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["range"], olivia["range"]);
    assert_eq!(edits[0]["newText"], "Olivia Colman");

    // Apply it as an editor would: an incremental change of version 2.
    text = apply_edits(&text, edits);
    c.change(
        URI,
        2,
        json!([{"range": edits[0]["range"], "text": "Olivia Colman"}]),
    );
    let diags = c.diagnostics(URI, 2);
    assert_eq!(diags.len(), 10);
    let shift = "Olivia Colman".len() as isize - "Olivia Coleman".len() as isize;
    let expected: Vec<Value> = gold
        .iter()
        .filter(|g| g.2 != "Olivia Coleman")
        .map(|(s, e, _, _)| {
            let moved = |b: usize| {
                if b > 1525 {
                    (b as isize + shift) as usize
                } else {
                    b
                }
            };
            range_utf16(&text, moved(*s), moved(*e))
        })
        .collect();
    let ranges: Vec<Value> = diags.iter().map(|d| d["range"].clone()).collect();
    assert_eq!(ranges, expected);

    // "Fix all" as a source action, applied as several incremental changes (last first, so
    // each range is still valid when applied).
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        }),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.namefix");
    let edits = actions[0]["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 10);
    text = apply_edits(&text, &edits);
    let mut changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    changes.reverse();
    c.change(URI, 3, Value::Array(changes));
    assert!(c.diagnostics(URI, 3).is_empty());
    let gold_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/golden/heartstopper-bloopers.gold.txt"
    ))
    .unwrap();
    assert_eq!(text, gold_text);

    let status = c.shutdown();
    assert_eq!(status.code(), Some(0));
    check_fixture(&c.log);
}

/// Compares the session's published diagnostics with the recorded session (or records it).
fn check_fixture(log: &[Value]) {
    let published = |log: &[Value]| -> Vec<Value> {
        log.iter()
            .filter(|m| {
                m["dir"] == "server" && m["msg"]["method"] == "textDocument/publishDiagnostics"
            })
            .map(|m| m["msg"]["params"].clone())
            .collect()
    };
    if std::env::var_os("NAMEFIX_BLESS").is_some() {
        let mut out = String::new();
        for m in log {
            out.push_str(&serde_json::to_string(m).unwrap());
            out.push('\n');
        }
        std::fs::write(FIXTURE, out).unwrap();
        return;
    }
    let recorded: Vec<Value> = std::fs::read_to_string(FIXTURE)
        .expect("fixture missing: run with NAMEFIX_BLESS=1")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(recorded
        .iter()
        .all(|m| m["dir"] == "client" || m["dir"] == "server"));
    assert_eq!(
        published(log),
        published(&recorded),
        "diagnostics differ from {FIXTURE} (NAMEFIX_BLESS=1 to re-record)"
    );
}
