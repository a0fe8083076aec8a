//! The server over stdio: position encodings, incremental sync against a full check,
//! debouncing, settings, the ignore list, and the protocol's edges.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{expected, got, pos_utf16, pos_utf8, range_utf16, seed, Client};
use serde_json::{json, Value};

const URI: &str = "file:///workspace/doc.txt";

/// A fresh directory to use as a workspace root.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("namefix-ls-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_uri(dir: &std::path::Path) -> String {
    format!("file://{}", dir.display())
}

fn change_utf16(text: &mut String, start: usize, end: usize, new: &str) -> Value {
    let range = range_utf16(text, start, end);
    text.replace_range(start..end, new);
    json!({"range": range, "text": new})
}

fn find_diag<'a>(diags: &'a [Value], original: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["data"]["original"] == original)
        .unwrap_or_else(|| panic!("no diagnostic for {original:?} in {diags:#?}"))
}

#[test]
fn utf8_and_utf16_columns_differ_after_emoji_and_cjk() {
    let text = "😀😀 中文 and then Olivia Coleman spoke.\n字 😀 joe locke too.\n";
    let olivia = text.find("Olivia").unwrap();
    let joe = text.find("joe").unwrap();

    // UTF-16 (no encodings offered).
    let mut c = Client::start();
    let init = c.initialize(json!({}), Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    c.open(URI, text);
    let d16 = c.diagnostics(URI, 1);
    let o16 = find_diag(&d16, "Olivia Coleman")["range"]["start"].clone();
    assert_eq!(
        o16,
        json!({"line": 0, "character": pos_utf16(text, olivia).1})
    );
    let j16 = find_diag(&d16, "joe locke")["range"]["start"].clone();
    assert_eq!(j16, json!({"line": 1, "character": pos_utf16(text, joe).1}));
    assert_eq!(c.shutdown().code(), Some(0));

    // UTF-8 offered (after UTF-16, as clients list them): the server picks UTF-8.
    let mut c = Client::start();
    let caps = json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}});
    let init = c.initialize(caps, Value::Null, None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.open(URI, text);
    let d8 = c.diagnostics(URI, 1);
    let o8 = find_diag(&d8, "Olivia Coleman")["range"].clone();
    assert_eq!(
        o8["start"],
        json!({"line": 0, "character": pos_utf8(text, olivia).1})
    );
    assert_eq!(
        o8["end"],
        json!({"line": 0, "character": pos_utf8(text, olivia + "Olivia Coleman".len()).1})
    );
    let j8 = find_diag(&d8, "joe locke")["range"]["start"].clone();
    assert_eq!(j8, json!({"line": 1, "character": pos_utf8(text, joe).1}));
    assert_ne!(o16["character"], o8["start"]["character"]);
    assert_ne!(j16["character"], j8["character"]);

    // An incremental edit in byte columns: fix "joe locke" by hand.
    let (line, col) = pos_utf8(text, joe);
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": line, "character": col},
                          "end": {"line": line, "character": col + 9}},
                "text": "Joe Locke"}]),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(d.len(), d8.len() - 1);
    assert!(d.iter().all(|d| d["data"]["original"] != "joe locke"));
    // The quick fix comes back in byte columns too.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": o8, "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["edit"]["changes"][URI][0]["range"], o8);
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn incremental_changes_match_a_full_check() {
    let (mut text, _) = seed();
    let mut c = Client::start();
    c.initialize(json!({}), json!({"namefix": {"debounceMs": 0}}), None);
    c.open(URI, &text);
    assert_eq!(got(&c.diagnostics(URI, 1)), expected(&text));
    let mut version = 1;
    let mut step = |c: &mut Client, text: &mut String, changes: Vec<Value>, what: &str| {
        version += 1;
        c.change(URI, version, Value::Array(changes));
        assert_eq!(got(&c.diagnostics(URI, version)), expected(text), "{what}");
    };
    // Name Liverpool at the end, then misspell it in the first paragraph: the fix depends
    // on a paragraph the edit did not touch.
    let end = text.len();
    let ch = change_utf16(
        &mut text,
        end,
        end,
        "\n\nWe talked about Liverpool all day.\n",
    );
    step(&mut c, &mut text, vec![ch], "name at the end");
    let at = text.find("blooper reel was").unwrap();
    let ch = change_utf16(&mut text, at, at, "Liverpol ");
    step(&mut c, &mut text, vec![ch], "misspelling elsewhere");
    // Remove the naming paragraph again.
    let at = text.find("\n\nWe talked about").unwrap();
    let end = text.len();
    let ch = change_utf16(&mut text, at, end, "");
    step(&mut c, &mut text, vec![ch], "name removed");
    // Type a correction character by character.
    let at = text.find("Kizzy Edgel").unwrap() + "Kizzy Edgel".len();
    let ch = change_utf16(&mut text, at, at, "l");
    step(&mut c, &mut text, vec![ch], "typed a letter");
    // Two changes in one notification; the second's range is in the text after the first.
    let a = text.find("Alice Osseman").unwrap();
    let ch1 = change_utf16(&mut text, a, a + "Alice Osseman".len(), "Alice Oseman");
    let b = text.find("Happy Valleyand").unwrap();
    let ch2 = change_utf16(
        &mut text,
        b,
        b + "Happy Valleyand".len(),
        "Happy Valley and",
    );
    step(&mut c, &mut text, vec![ch1, ch2], "two changes");
    // Split a paragraph, join two, insert emoji before a garbled name.
    let at = text.find("In addition").unwrap();
    let ch = change_utf16(&mut text, at, at, "\n\n");
    step(&mut c, &mut text, vec![ch], "split");
    let at = text.find("\n\nHow do you").unwrap();
    let ch = change_utf16(&mut text, at, at + 2, " ");
    step(&mut c, &mut text, vec![ch], "join");
    let at = text.find("joe locke").unwrap();
    let ch = change_utf16(&mut text, at, at, "😀中 ");
    step(&mut c, &mut text, vec![ch], "emoji");
    // A full-text change.
    text = format!("{text}\n\nOlivia Coleman again.");
    step(
        &mut c,
        &mut text.clone(),
        vec![json!({"text": text})],
        "full text",
    );
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn a_burst_of_changes_is_checked_once() {
    let mut c = Client::start();
    c.initialize(
        json!({}),
        json!({"namefix": {"debounceMs": 400, "logChecks": true}}),
        None,
    );
    let mut text = String::from("Charlie (joe locke) smiles.");
    c.open(URI, &text);
    assert_eq!(c.diagnostics(URI, 1).len(), 1);
    c.drain(Duration::from_millis(100));
    let typed = " Then heart stopper";
    for (i, ch) in typed.chars().enumerate() {
        let end = text.len();
        let change = change_utf16(&mut text, end, end, &ch.to_string());
        c.change(URI, 2 + i as i64, json!([change]));
    }
    let last = 1 + typed.chars().count() as i64;
    let diags = c.diagnostics(URI, last);
    assert_eq!(got(&diags), expected(&text));
    assert_eq!(diags.len(), 2);
    let later = c.drain(Duration::from_millis(800));
    let publishes: Vec<&Value> = c
        .log
        .iter()
        .filter(|m| m["msg"]["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(
        publishes.len(),
        2,
        "one for the open, one for the burst: {publishes:#?}"
    );
    let checks = c
        .log
        .iter()
        .filter(|m| m["msg"]["method"] == "window/logMessage")
        .count();
    assert_eq!(checks, 2, "{later:#?}");
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn settings_lexicons_kinds_and_ignore() {
    let root = workspace("settings");
    std::fs::write(
        root.join("extra.tsv"),
        "# my names\nx:zq\tZorblax Quintavius\t\tperson\t50\n",
    )
    .unwrap();
    std::fs::write(
        root.join("bad.tsv"),
        "x:ok\tFine Name\t\tperson\t5\nthis line has no tab\n",
    )
    .unwrap();
    let mut c = Client::start();
    c.initialize(
        json!({}),
        json!({"namefix": {"lexicons": ["extra.tsv", "bad.tsv"], "debounceMs": 0}}),
        Some(&file_uri(&root)),
    );
    let shown = c.wait_notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1, "error");
    let msg = shown["message"].as_str().unwrap();
    assert!(msg.contains("bad.tsv") && msg.contains("line 2"), "{msg}");

    let text = "We saw heart stopper with joe locke, Zorblax Quintavus and Olivia Coleman.";
    c.open(URI, text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(
        find_diag(&d, "Zorblax Quintavus")["data"]["replacement"],
        "Zorblax Quintavius"
    );
    assert_eq!(d.len(), 4, "{d:#?}");

    // Ignore a kind: persons go, the series stays.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"lexicons": ["extra.tsv"], "ignoreKinds": ["person"]}}}),
    );
    let d = c.diagnostics(URI, 1);
    let originals: Vec<&str> = d
        .iter()
        .map(|d| d["data"]["original"].as_str().unwrap())
        .collect();
    assert_eq!(originals, ["heart stopper"]);

    // Ignore by name and by id; the extra lexicon is gone too.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"ignore": ["Heartstopper", "person:Joe_Locke"]}}}),
    );
    let d = c.diagnostics(URI, 1);
    let originals: Vec<&str> = d
        .iter()
        .map(|d| d["data"]["original"].as_str().unwrap())
        .collect();
    assert_eq!(originals, ["Olivia Coleman"]);

    // A threshold of 1 keeps only exact-key fixes; bad settings are reported, not fatal.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"threshold": "high"}}}),
    );
    let shown = c.wait_notification("window/showMessage", |_| true);
    assert!(shown["message"]
        .as_str()
        .unwrap()
        .contains("invalid settings"));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"threshold": 1.0, "severity": "hint"}}}),
    );
    let d = c.diagnostics(URI, 1);
    assert!(d.iter().all(|d| d["data"]["original"] != "Olivia Coleman"));
    assert!(d.iter().all(|d| d["severity"] == 4));
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn ignore_action_persists_in_the_workspace() {
    let root = workspace("ignore");
    let text = "Olivia Coleman was in heart stopper.";
    let mut c = Client::start();
    c.initialize(json!({}), Value::Null, Some(&file_uri(&root)));
    c.open(URI, text);
    let d = c.diagnostics(URI, 1);
    let olivia = find_diag(&d, "Olivia Coleman").clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": olivia["range"],
               "context": {"diagnostics": [olivia], "only": ["quickfix"]}}),
    );
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
        .expect("an ignore action")
        .clone();
    let command = &ignore["command"];
    assert_eq!(command["command"], "namefix.ignore");
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    assert!(r.is_null());
    let d = c.diagnostics(URI, 1);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["data"]["original"], "heart stopper");
    let listed = std::fs::read_to_string(root.join(".namefix-ignore")).unwrap();
    assert_eq!(listed.trim(), olivia["code"].as_str().unwrap());
    assert_eq!(c.shutdown().code(), Some(0));

    // A new session in the same workspace reads the list.
    let mut c = Client::start();
    c.initialize(json!({}), Value::Null, Some(&file_uri(&root)));
    c.open(URI, text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(d.len(), 1);
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn close_unknown_methods_and_exit_without_shutdown() {
    let mut c = Client::start();
    c.initialize(json!({}), Value::Null, None);
    c.open(URI, "heart stopper");
    assert_eq!(c.diagnostics(URI, 1).len(), 1);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let p = c.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == URI);
    assert_eq!(p["diagnostics"], json!([]));
    let r = c.request_raw("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    // Code actions for a document that is not open: none.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///nope"},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(r, json!([]));
    // `exit` without `shutdown`: exit code 1, as the protocol says.
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn markdown_prose_namefix_toml_and_invalid_settings() {
    let root = workspace("toml");
    std::fs::write(
        root.join("namefix.toml"),
        "ignore-kinds = [\"place\"]\nignore = [\"person:Joe_Locke\"]\n",
    )
    .unwrap();
    let mut c = Client::start();
    c.initialize(
        json!({}),
        json!({"namefix": {"debounceMs": 0}}),
        Some(&file_uri(&root)),
    );
    // Markdown: only the prose is checked.
    let uri = format!("{}/notes.md", file_uri(&root));
    let text = "We saw heart stopper with joe locke.\n\n```\nheart stopper\n```\n\n\
                Inline `Olivia Coleman` and <!-- Olivia Coleman --> but Olivia Coleman.\n";
    c.open(&uri, text);
    let d = c.diagnostics(&uri, 1);
    let originals: Vec<(&str, u64)> = d
        .iter()
        .map(|d| {
            (
                d["data"]["original"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // joe locke is ignored by namefix.toml; code, inline code and the comment are not prose.
    assert_eq!(
        originals,
        [("heart stopper", 0), ("Olivia Coleman", 6)],
        "{d:#?}"
    );
    // Invalid settings are shown, not clamped: a threshold of 7 and an unknown severity.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"threshold": 7, "severity": "loud", "debounceMs": 0}}}),
    );
    let shown = c.wait_notification("window/showMessage", |m| {
        m["message"].as_str().unwrap_or("").contains("threshold")
    });
    let msg = shown["message"].as_str().unwrap();
    assert!(msg.contains("must be a number in [0, 1], not 7"), "{msg}");
    let shown = c.wait_notification("window/showMessage", |m| {
        m["message"].as_str().unwrap_or("").contains("severity")
    });
    assert_eq!(shown["type"], 1);
    // An invalid namefix.toml is shown with its file and key when it is read again.
    std::fs::write(root.join("namefix.toml"), "threshold = 5\n").unwrap();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"lexicons": [], "debounceMs": 0, "ignore": ["x"]}}}),
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"namefix": {"lexicons": ["none.tsv"], "debounceMs": 0}}}),
    );
    let shown = c.wait_notification("window/showMessage", |m| {
        m["message"].as_str().unwrap_or("").contains("namefix.toml")
    });
    let msg = shown["message"].as_str().unwrap();
    assert!(
        msg.contains("namefix.toml: threshold: must be a number in [0, 1], not 5"),
        "{msg}"
    );
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&root);
}
