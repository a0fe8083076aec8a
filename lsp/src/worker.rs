//! The checking thread: it debounces edits, checks documents (incrementally), publishes
//! diagnostics and answers the requests that need check results (code actions, the ignore
//! command).
//!
//! The main thread keeps the documents' text in sync and sends every new version here; this
//! thread checks a version only after [`Settings::debounce`] of quiet, so a burst of
//! `didChange`s costs one check. A long check (a big document's first one) goes block by
//! block and yields to newer messages between blocks, keeping the work done.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Message, Notification, RequestId, Response};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics, ShowMessage};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Diagnostic,
    DocumentChanges, LogMessageParams, MessageType, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, PublishDiagnosticsParams, ShowMessageParams,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::json;

use namefix::filetype::Prose;

use crate::config::{self, Settings, IGNORE_FILE};
use crate::document::{Encoding, Positions};
use crate::engine::{Checker, DocCache, Fix, Outcome};

/// The command of the "ignore this name" code action; its argument is the entity id.
pub const IGNORE_COMMAND: &str = "namefix.ignore";
/// The kind of the "fix all" source action.
pub const FIX_ALL_KIND: &str = "source.fixAll.namefix";
/// The diagnostics' `source`.
pub const SOURCE: &str = "namefix";

/// A message for the checking thread.
#[derive(Debug)]
pub enum Job {
    /// A document was opened: check it now.
    Open {
        /// The document.
        uri: Uri,
        /// Its version.
        version: i32,
        /// Its text.
        text: Arc<str>,
    },
    /// A document changed: check it after the debounce delay.
    Change {
        /// The document.
        uri: Uri,
        /// Its new version.
        version: i32,
        /// Its new text.
        text: Arc<str>,
    },
    /// A document was closed: forget it and clear its diagnostics.
    Close {
        /// The document.
        uri: Uri,
    },
    /// `textDocument/codeAction`.
    CodeAction {
        /// The request id.
        id: RequestId,
        /// The request.
        params: CodeActionParams,
    },
    /// `workspace/executeCommand` of [`IGNORE_COMMAND`].
    Ignore {
        /// The request id.
        id: RequestId,
        /// The entity id to ignore.
        entity: String,
    },
    /// New settings.
    Settings(Settings),
    /// Stop.
    Shutdown,
}

/// What the checking thread needs to know about the session.
#[derive(Debug)]
pub struct Session {
    /// The negotiated position encoding.
    pub encoding: Encoding,
    /// The workspace root (for relative lexicon paths and the ignore file).
    pub root: Option<PathBuf>,
    /// Whether the client takes versioned `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// The settings from `initializationOptions`.
    pub settings: Settings,
}

/// The result of checking one version of a document.
#[derive(Debug)]
struct Checked {
    version: i32,
    fixes: Vec<Fix>,
}

/// An open document as this thread sees it.
#[derive(Debug)]
struct Doc {
    version: i32,
    text: Arc<str>,
    cache: DocCache,
    /// When to check it next (`None`: the last check is current).
    due: Option<Instant>,
    result: Option<Checked>,
}

/// The checking thread's state.
pub struct Worker {
    out: Sender<Message>,
    jobs: Receiver<Job>,
    session: Session,
    checker: Option<Checker>,
    /// Entity ids from the ignore file (and the ignore command).
    ignored: Vec<String>,
    /// The workspace's namefix.toml, if it has a valid one.
    config: Option<namefix::config::Config>,
    docs: HashMap<Uri, Doc>,
}

impl Worker {
    /// A worker sending to `out` and taking jobs from `jobs`.
    pub fn new(out: Sender<Message>, jobs: Receiver<Job>, session: Session) -> Worker {
        let ignored = session
            .root
            .as_ref()
            .map(|r| config::read_ignore_file(&r.join(IGNORE_FILE)))
            .unwrap_or_default();
        Worker {
            out,
            jobs,
            session,
            checker: None,
            ignored,
            config: None,
            docs: HashMap::new(),
        }
    }

    /// Runs until [`Job::Shutdown`] or until the job channel closes.
    pub fn run(mut self) {
        self.rebuild(true);
        // The scanner's tables are made before the first document arrives (a client sends it
        // right after the handshake): its diagnostics then come as fast as the next ones.
        if let Some(ck) = &self.checker {
            ck.matcher().prepare_check();
        }
        loop {
            let deadline = self.docs.values().filter_map(|d| d.due).min();
            let first = match deadline {
                None => self.jobs.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(t) => self.jobs.recv_deadline(t),
            };
            match first {
                Ok(job) => {
                    if !self.handle(job) {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            while let Ok(job) = self.jobs.try_recv() {
                if !self.handle(job) {
                    return;
                }
            }
            let now = Instant::now();
            let mut due: Vec<(Instant, Uri)> = self
                .docs
                .iter()
                .filter_map(|(u, d)| d.due.filter(|t| *t <= now).map(|t| (t, u.clone())))
                .collect();
            due.sort_by_key(|(t, _)| *t);
            for (_, uri) in due {
                if !self.jobs.is_empty() {
                    break;
                }
                self.check(&uri, true);
            }
        }
    }

    /// Handles one job; `false` means stop.
    fn handle(&mut self, job: Job) -> bool {
        match job {
            Job::Open { uri, version, text } => {
                self.docs.insert(
                    uri,
                    Doc {
                        version,
                        text,
                        cache: DocCache::new(),
                        due: Some(Instant::now()),
                        result: None,
                    },
                );
            }
            Job::Change { uri, version, text } => {
                let due = Instant::now() + self.session.settings.debounce();
                match self.docs.get_mut(&uri) {
                    Some(d) => {
                        d.version = version;
                        d.text = text;
                        d.due = Some(due);
                    }
                    None => {
                        self.docs.insert(
                            uri,
                            Doc {
                                version,
                                text,
                                cache: DocCache::new(),
                                due: Some(due),
                                result: None,
                            },
                        );
                    }
                }
            }
            Job::Close { uri } => {
                self.docs.remove(&uri);
                self.publish(uri, None, Vec::new());
            }
            Job::CodeAction { id, params } => {
                let actions = self.code_actions(&params);
                self.send(Response::new_ok(id, actions).into());
            }
            Job::Ignore { id, entity } => {
                self.ignore(&entity);
                self.send(Response::new_ok(id, serde_json::Value::Null).into());
            }
            Job::Settings(settings) => {
                let lexicons_changed = settings.lexicons != self.session.settings.lexicons;
                self.session.settings = settings;
                self.rebuild(lexicons_changed);
            }
            Job::Shutdown => return false,
        }
        true
    }

    /// Rebuilds the checker (the matcher too when `lexicons` changed), reports problems with
    /// the settings, and schedules every document for a fresh check.
    fn rebuild(&mut self, lexicons: bool) {
        let mut problems = Vec::new();
        if lexicons || self.checker.is_none() {
            // The workspace's namefix.toml is read with the lexicons (at start-up and when the
            // lexicon settings change); an invalid one is reported and not applied.
            self.config = match config::workspace_config(self.session.root.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    problems.push(e);
                    None
                }
            };
            let (matcher, p) = config::build_matcher(
                &self.session.settings.lexicons,
                self.config.as_ref(),
                self.session.root.as_deref(),
            );
            problems.extend(p);
            self.checker = Some(Checker::new(matcher, namefix::ScanOptions::new()));
        }
        if let Some(ck) = self.checker.as_mut() {
            let opts = config::scan_options(
                &self.session.settings,
                self.config.as_ref(),
                &self.ignored,
                ck,
                &mut problems,
            );
            ck.set_options(opts);
        }
        for p in problems {
            self.show(MessageType::ERROR, p);
        }
        let now = Instant::now();
        for d in self.docs.values_mut() {
            d.cache.clear();
            d.due = Some(now);
        }
    }

    /// Adds an entity id to the workspace's ignore list (the ignore file) and re-checks.
    fn ignore(&mut self, entity: &str) {
        match &self.session.root {
            Some(root) => {
                let path = root.join(IGNORE_FILE);
                if let Err(e) = config::add_to_ignore_file(&path, entity) {
                    self.show(
                        MessageType::ERROR,
                        format!("namefix: cannot write {}: {e}", path.display()),
                    );
                }
            }
            None => self.show(
                MessageType::WARNING,
                format!("namefix: no workspace folder; ignoring {entity} for this session only"),
            ),
        }
        if !self.ignored.iter().any(|i| i == entity) {
            self.ignored.push(entity.to_string());
        }
        self.rebuild(false);
    }

    /// Checks a document's current version and publishes its diagnostics; with
    /// `interruptible`, stops early (leaving the document due) when a job is waiting.
    fn check(&mut self, uri: &Uri, interruptible: bool) {
        if self.checker.is_none() {
            self.rebuild(true);
        }
        let Worker {
            checker,
            docs,
            jobs,
            session,
            config: workspace_config,
            ..
        } = self;
        let (Some(ck), Some(doc)) = (checker.as_ref(), docs.get_mut(uri)) else {
            return;
        };
        let started = Instant::now();
        let text = doc.text.clone();
        // Only the prose of Markdown and source code is checked (namefix::filetype): the
        // masked text has the document's offsets, with everything else blanked.
        let path = config::uri_to_path(uri.as_str());
        let prose = Prose::new(
            &text,
            config::file_type(workspace_config.as_ref(), path.as_deref()),
        );
        let masked = prose.masked();
        let incremental = session.settings.incremental();
        // A bug in the checker must not take the server down: report it and carry on.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if incremental {
                doc.cache
                    .check(ck, masked, &mut || interruptible && !jobs.is_empty())
            } else {
                Some(Outcome {
                    fixes: ck.check_full(masked),
                    blocks: 1,
                    rechecked: 1,
                    rechecked_bytes: text.len(),
                    invalidated: 0,
                })
            }
        }));
        let outcome = match run {
            Ok(outcome) => outcome,
            Err(panic) => {
                doc.cache.clear();
                doc.due = None;
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("panic");
                let message = format!("namefix: internal error checking {}: {what}", uri.as_str());
                self.show(MessageType::ERROR, message);
                return;
            }
        };
        let Some(mut outcome) = outcome else {
            return;
        };
        outcome.fixes.retain(|f| prose.is_prose(f.start..f.end));
        let elapsed = started.elapsed();
        doc.due = None;
        let version = doc.version;
        let diagnostics = diagnostics(&text, &outcome.fixes, session);
        doc.result = Some(Checked {
            version,
            fixes: outcome.fixes,
        });
        let log = session.settings.log_checks.then(|| {
            format!(
                "namefix: checked {} v{version} in {:.1} ms: {} of {} blocks ({} bytes) re-checked, {} invalidated, {} corrections",
                uri.as_str(),
                elapsed.as_secs_f64() * 1000.0,
                outcome.rechecked,
                outcome.blocks,
                outcome.rechecked_bytes,
                outcome.invalidated,
                diagnostics.len()
            )
        });
        self.publish(uri.clone(), Some(version), diagnostics);
        if let Some(message) = log {
            let params = LogMessageParams {
                typ: MessageType::LOG,
                message,
            };
            self.send(Notification::new(LogMessage::METHOD.to_string(), params).into());
        }
    }

    /// The code actions for a range: a quick fix and an "ignore" action per correction it
    /// touches, and "fix all" for the document.
    fn code_actions(&mut self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        if self.docs.get(uri).is_some_and(|d| d.due.is_some()) {
            self.check(uri, false);
        }
        let Some(doc) = self.docs.get(uri) else {
            return Vec::new();
        };
        let Some(checked) = doc.result.as_ref().filter(|c| c.version == doc.version) else {
            return Vec::new();
        };
        let session = &self.session;
        let allowed = |kind: &CodeActionKind| match &params.context.only {
            None => true,
            Some(only) => only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind
                        .as_str()
                        .strip_prefix(o.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            }),
        };
        let pos = Positions::new(&doc.text, session.encoding);
        let (a, b) = (pos.offset(params.range.start), pos.offset(params.range.end));
        let (a, b) = (a.min(b), a.max(b));
        let edit_of = |fixes: &[&Fix]| {
            let edits: Vec<TextEdit> = fixes
                .iter()
                .map(|f| TextEdit::new(pos.range(f.start, f.end), f.replacement.clone()))
                .collect();
            workspace_edit(uri, checked.version, edits, session.document_changes)
        };
        let mut out = Vec::new();
        let touched: Vec<&Fix> = checked
            .fixes
            .iter()
            .filter(|f| f.start <= b && a <= f.end)
            .collect();
        let quickfix = CodeActionKind::QUICKFIX;
        if allowed(&quickfix) {
            for f in &touched {
                let diag = diagnostic(&pos, f, session);
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace with “{}”", f.replacement),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit_of(&[f])),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Ignore “{}” ({}) in this workspace", f.name, f.kind),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![diag]),
                    command: Some(Command::new(
                        format!("Ignore “{}”", f.name),
                        IGNORE_COMMAND.to_string(),
                        Some(vec![json!(f.id)]),
                    )),
                    ..CodeAction::default()
                }));
            }
        }
        let all: Vec<&Fix> = checked.fixes.iter().collect();
        let title = "Fix all namefix corrections in document".to_string();
        if !all.is_empty() && !touched.is_empty() && allowed(&quickfix) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(quickfix),
                edit: Some(edit_of(&all)),
                ..CodeAction::default()
            }));
        }
        let fix_all = CodeActionKind::new(FIX_ALL_KIND);
        if !all.is_empty() && params.context.only.is_some() && allowed(&fix_all) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(fix_all),
                edit: Some(edit_of(&all)),
                ..CodeAction::default()
            }));
        }
        out
    }

    fn publish(&self, uri: Uri, version: Option<i32>, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into());
    }

    fn show(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams { typ, message };
        self.send(Notification::new(ShowMessage::METHOD.to_string(), params).into());
    }

    fn send(&self, msg: Message) {
        // The client is gone when this fails; the main loop notices and stops.
        let _ = self.out.send(msg);
    }
}

/// The diagnostics of a checked text.
fn diagnostics(text: &str, fixes: &[Fix], session: &Session) -> Vec<Diagnostic> {
    let pos = Positions::new(text, session.encoding);
    fixes.iter().map(|f| diagnostic(&pos, f, session)).collect()
}

/// The diagnostic of one correction: the entity's name and kind in the message, its id as
/// `code`, the replacement (and more) in `data`.
fn diagnostic(pos: &Positions<'_>, f: &Fix, session: &Session) -> Diagnostic {
    Diagnostic {
        range: pos.range(f.start, f.end),
        severity: Some(session.settings.severity()),
        code: Some(NumberOrString::String(f.id.clone())),
        source: Some(SOURCE.to_string()),
        message: format!("Did you mean “{}” ({})?", f.name, f.kind),
        data: Some(json!({
            "replacement": f.replacement,
            "original": f.original,
            "id": f.id,
            "name": f.name,
            "kind": f.kind.as_str(),
        })),
        ..Diagnostic::default()
    }
}

/// A workspace edit of one document: versioned `documentChanges` when the client takes
/// them (so a stale edit is refused), else plain `changes`.
fn workspace_edit(uri: &Uri, version: i32, edits: Vec<TextEdit>, versioned: bool) -> WorkspaceEdit {
    if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// How long the main thread waits for the worker to stop at exit.
pub const STOP_TIMEOUT: Duration = Duration::from_secs(5);
