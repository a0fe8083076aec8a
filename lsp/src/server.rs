//! The main thread: the LSP handshake, text synchronisation and message dispatch.
//!
//! Requests that need check results (code actions, the ignore command) go to the checking
//! thread ([`crate::worker`]) in order with the text updates, so they are answered against
//! the latest version.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

use crossbeam_channel::{bounded, unbounded, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _,
};
use lsp_types::request::{CodeActionRequest, ExecuteCommand, Request as _, WorkspaceConfiguration};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, ConfigurationItem,
    ConfigurationParams, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, ExecuteCommandOptions,
    ExecuteCommandParams, InitializeParams, InitializeResult, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};

use crate::config::{uri_to_path, Settings};
use crate::document::{apply_change, Encoding};
use crate::worker::{Job, Session, Worker, FIX_ALL_KIND, IGNORE_COMMAND, STOP_TIMEOUT};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Runs the server over stdio; returns the process exit code (0 after `shutdown` then
/// `exit`, 1 otherwise).
pub fn run() -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let (code, stopped) = match serve(&connection) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("namefix-ls: {e}");
            (1, true)
        }
    };
    drop(connection);
    // A worker stuck in a long check still holds a sender, which keeps the writer thread
    // alive: then leave without joining (everything sent so far has been written).
    if stopped {
        let _ = io_threads.join();
    }
    code
}

/// The capabilities announced to a client.
pub fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![IGNORE_COMMAND.to_string()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The main loop state.
struct Server<'c> {
    conn: &'c Connection,
    jobs: Sender<Job>,
    encoding: Encoding,
    docs: HashMap<Uri, (i32, String)>,
    shutdown: bool,
    config_pull: bool,
    next_request: i32,
    pending_config: Vec<RequestId>,
}

/// Serves one session; returns the exit code and whether the checking thread stopped.
fn serve(conn: &Connection) -> Result<(i32, bool), Error> {
    let (id, params) = conn.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        init.capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let workspace = init.capabilities.workspace.as_ref();
    let document_changes = workspace
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.document_changes)
        .unwrap_or(false);
    let config_pull = workspace.and_then(|w| w.configuration).unwrap_or(false);
    let root = workspace_root(&init);
    let (settings, settings_error) = match &init.initialization_options {
        Some(v) => match Settings::from_value(v) {
            Ok(s) => (s, None),
            Err(e) => (Settings::default(), Some(e)),
        },
        None => (Settings::default(), None),
    };
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "namefix-ls".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;

    let (jobs, job_rx) = unbounded();
    let session = Session {
        encoding,
        root,
        document_changes,
        settings,
    };
    let worker = Worker::new(conn.sender.clone(), job_rx, session);
    let (done_tx, done_rx) = bounded::<()>(0);
    thread::Builder::new()
        .name("namefix-check".to_string())
        .spawn(move || {
            worker.run();
            drop(done_tx);
        })?;

    let mut server = Server {
        conn,
        jobs,
        encoding,
        docs: HashMap::new(),
        shutdown: false,
        config_pull,
        next_request: 0,
        pending_config: Vec::new(),
    };
    if let Some(e) = settings_error {
        server.show_error(e);
    }
    if init.initialization_options.is_none() && config_pull {
        server.pull_configuration();
    }
    let code = server.main_loop();
    let _ = server.jobs.send(Job::Shutdown);
    let stopped = matches!(
        done_rx.recv_timeout(STOP_TIMEOUT),
        Err(crossbeam_channel::RecvTimeoutError::Disconnected)
    );
    Ok((code, stopped))
}

impl Server<'_> {
    /// Handles messages until `exit` (or the client disconnecting); returns the exit code.
    fn main_loop(&mut self) -> i32 {
        while let Ok(msg) = self.conn.receiver.recv() {
            match msg {
                Message::Request(req) => self.request(req),
                Message::Notification(n) => {
                    if n.method == "exit" {
                        return if self.shutdown { 0 } else { 1 };
                    }
                    self.notification(n);
                }
                Message::Response(resp) => self.response(resp),
            }
        }
        1
    }

    fn request(&mut self, req: Request) {
        if self.shutdown {
            return self.reply_err(req.id, ErrorCode::InvalidRequest, "shutting down");
        }
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.reply(Response::new_ok(req.id, serde_json::Value::Null));
            }
            CodeActionRequest::METHOD => match serde_json::from_value(req.params) {
                Ok(params) => self.job(Job::CodeAction { id: req.id, params }),
                Err(e) => self.reply_err(req.id, ErrorCode::InvalidParams, &e.to_string()),
            },
            ExecuteCommand::METHOD => {
                match serde_json::from_value::<ExecuteCommandParams>(req.params) {
                    Ok(p) if p.command == IGNORE_COMMAND => {
                        match p.arguments.first().and_then(|a| a.as_str()) {
                            Some(entity) => self.job(Job::Ignore {
                                id: req.id,
                                entity: entity.to_string(),
                            }),
                            None => self.reply_err(
                                req.id,
                                ErrorCode::InvalidParams,
                                "namefix.ignore takes an entity id",
                            ),
                        }
                    }
                    Ok(p) => self.reply_err(
                        req.id,
                        ErrorCode::InvalidParams,
                        &format!("unknown command {}", p.command),
                    ),
                    Err(e) => self.reply_err(req.id, ErrorCode::InvalidParams, &e.to_string()),
                }
            }
            _ => self.reply_err(req.id, ErrorCode::MethodNotFound, "method not found"),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let text: Arc<str> = Arc::from(d.text.as_str());
                    self.docs.insert(d.uri.clone(), (d.version, d.text));
                    self.job(Job::Open {
                        uri: d.uri,
                        version: d.version,
                        text,
                    });
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let Some((version, text)) = self.docs.get_mut(&uri) else {
                        return;
                    };
                    for change in &p.content_changes {
                        apply_change(text, change, self.encoding);
                    }
                    *version = p.text_document.version;
                    let job = Job::Change {
                        uri,
                        version: *version,
                        text: Arc::from(text.as_str()),
                    };
                    self.job(job);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(&p.text_document.uri);
                    self.job(Job::Close {
                        uri: p.text_document.uri,
                    });
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeConfigurationParams>(n.params) {
                    let empty = p.settings.is_null()
                        || p.settings.as_object().is_some_and(|o| o.is_empty());
                    if empty && self.config_pull {
                        self.pull_configuration();
                    } else {
                        self.settings(&p.settings);
                    }
                }
            }
            _ => {}
        }
    }

    fn response(&mut self, resp: Response) {
        let Some(i) = self.pending_config.iter().position(|id| *id == resp.id) else {
            return;
        };
        self.pending_config.remove(i);
        if let Some(first) = resp
            .response_result
            .as_ref()
            .ok()
            .and_then(|r| r.as_array())
            .and_then(|a| a.first())
        {
            let first = first.clone();
            self.settings(&first);
        }
    }

    /// Parses settings and hands them to the worker (or reports why they are invalid).
    fn settings(&mut self, value: &serde_json::Value) {
        match Settings::from_value(value) {
            Ok(s) => self.job(Job::Settings(s)),
            Err(e) => self.show_error(e),
        }
    }

    /// Asks the client for the "namefix" section (`workspace/configuration`).
    fn pull_configuration(&mut self) {
        self.next_request += 1;
        let id = RequestId::from(format!("namefix-config-{}", self.next_request));
        let params = ConfigurationParams {
            items: vec![ConfigurationItem {
                scope_uri: None,
                section: Some("namefix".to_string()),
            }],
        };
        self.pending_config.push(id.clone());
        let req = Request::new(id, WorkspaceConfiguration::METHOD.to_string(), params);
        let _ = self.conn.sender.send(req.into());
    }

    fn show_error(&self, message: String) {
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message,
        };
        let n = Notification::new("window/showMessage".to_string(), params);
        let _ = self.conn.sender.send(n.into());
    }

    fn job(&self, job: Job) {
        let _ = self.jobs.send(job);
    }

    fn reply(&self, resp: Response) {
        let _ = self.conn.sender.send(resp.into());
    }

    fn reply_err(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.reply(Response::new_err(id, code as i32, message.to_string()));
    }
}

/// The workspace root: the first workspace folder, else `rootUri`, else `rootPath`.
#[allow(deprecated)]
fn workspace_root(init: &InitializeParams) -> Option<PathBuf> {
    init.workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| uri_to_path(f.uri.as_str()))
        .or_else(|| init.root_uri.as_ref().and_then(|u| uri_to_path(u.as_str())))
        .or_else(|| init.root_path.as_ref().map(PathBuf::from))
}
