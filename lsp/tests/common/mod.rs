//! A minimal LSP client for the tests: starts the real `namefix-ls` binary and talks
//! JSON-RPC over its stdio, like an editor, with a timeout on every wait.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Longest wait for any one message (debug builds check slowly on a busy machine).
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// A running server and the messages exchanged with it.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: mpsc::Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: i64,
    /// Every message, in order: `{"dir": "client" | "server", "msg": ...}`.
    pub log: Vec<Value>,
}

impl Client {
    /// Starts `namefix-ls`.
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_namefix-ls"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start namefix-ls");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            next_id: 0,
            log: Vec::new(),
        }
    }

    /// Sends one message.
    pub fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
        self.log.push(json!({"dir": "client", "msg": msg}));
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        let mut msg = json!({"jsonrpc": "2.0", "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        self.send(msg);
    }

    /// Sends a request and waits for its response; returns the whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"jsonrpc": "2.0", "id": id, "method": method});
        if !params.is_null() {
            msg["params"] = params;
        }
        self.send(msg);
        self.wait_for(&format!("response to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_raw(method, params);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// The next server message, waiting at most `timeout`.
    pub fn recv(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(m) = self.pending.pop_front() {
            return Some(m);
        }
        let m = self.rx.recv_timeout(timeout).ok()?;
        self.log.push(json!({"dir": "server", "msg": m.clone()}));
        Some(m)
    }

    /// Waits for the first server message matching `pred`, keeping the others for later.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("timed out waiting for {what}"));
            self.log.push(json!({"dir": "server", "msg": m.clone()}));
            if pred(&m) {
                return m;
            }
            self.pending.push_back(m);
        }
    }

    /// Waits for a notification.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(method, |m| m["method"] == method && pred(&m["params"]))["params"].clone()
    }

    /// Waits for the diagnostics of one version of a document; returns them.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        p["diagnostics"].as_array().unwrap().clone()
    }

    /// Drops messages already received or arriving within `quiet`; returns them.
    pub fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out: Vec<Value> = self.pending.drain(..).collect();
        while let Some(m) = self.recv(quiet) {
            out.push(m);
        }
        out
    }

    /// `initialize` + `initialized`; returns the initialize result.
    pub fn initialize(&mut self, capabilities: Value, options: Value, root: Option<&str>) -> Value {
        let mut params = json!({
            "processId": null,
            "clientInfo": {"name": "namefix-ls tests"},
            "capabilities": capabilities,
            "rootUri": root,
        });
        if !options.is_null() {
            params["initializationOptions"] = options;
        }
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    /// Sends `didChange` with the given content changes.
    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// `shutdown` then `exit`; returns the exit status (fails if the server hangs).
    pub fn shutdown(&mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end, killing it (and failing) after the timeout.
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("namefix-ls did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// (line, UTF-16 column) of a byte offset, computed directly.
pub fn pos_utf16(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count(),
        before[line_start..].encode_utf16().count(),
    )
}

/// (line, byte column) of a byte offset.
pub fn pos_utf8(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count(), byte - line_start)
}

/// The byte offset of (line, UTF-16 column).
pub fn offset_utf16(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// An LSP range of a byte span (UTF-16).
pub fn range_utf16(text: &str, start: usize, end: usize) -> Value {
    let (l0, c0) = pos_utf16(text, start);
    let (l1, c1) = pos_utf16(text, end);
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

/// Applies LSP text edits (UTF-16 ranges, all relative to `text`) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let at = |p: &Value| {
                offset_utf16(
                    text,
                    p["line"].as_u64().unwrap() as usize,
                    p["character"].as_u64().unwrap() as usize,
                )
            };
            (
                at(&r["start"]),
                at(&r["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// The seed article and its gold edits (byte start, byte end, original, replacement).
pub fn seed() -> (String, Vec<(usize, usize, String, String)>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden/");
    let text = std::fs::read_to_string(format!("{dir}heartstopper-bloopers.txt")).unwrap();
    let edits = std::fs::read_to_string(format!("{dir}heartstopper-bloopers.edits.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].parse().unwrap(),
                c[1].parse().unwrap(),
                c[2].to_string(),
                c[3].to_string(),
            )
        })
        .collect();
    (text, edits)
}

/// The expected diagnostics of `text` by a full check with the bundled lexicon: (range,
/// replacement) pairs, UTF-16.
pub fn expected(text: &str) -> Vec<(Value, String)> {
    namefix::Matcher::bundled()
        .check(text)
        .iter()
        .map(|c| {
            (
                range_utf16(text, c.start(), c.end()),
                c.replacement().to_string(),
            )
        })
        .collect()
}

/// (range, replacement) of published diagnostics.
pub fn got(diags: &[Value]) -> Vec<(Value, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d["range"].clone(),
                d["data"]["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
