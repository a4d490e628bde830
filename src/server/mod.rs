//! `reportlint server`: a Language Server over stdio, another front end
//! over the same library as `check` (the same [`crate::lint_text`], rule
//! sets from the same [`crate::config::Resolver`]).
//!
//! - Diagnostics for the buffer as it is, on open and on every change
//!   (incremental sync), pushed, or pulled (`textDocument/diagnostic`) when
//!   the client can; for every report of the workspace folders at start,
//!   with work-done progress.
//! - Positions in the encoding the client prefers (UTF-16 by default,
//!   UTF-8 or UTF-32 on request): [`encoding`].
//! - Code actions and hover: [`actions`].
//! - reportlint.yaml, rule packs, evidence.yaml and 底稿/ are watched; a
//!   change rebuilds rule sets and evidence and lints again, as does a
//!   change of settings (`initializationOptions`, `workspace/configuration`).
//! - Malformed messages get JSON-RPC errors ([`transport`]); a request for
//!   a document never opened or a position past its end gets an error; a
//!   panic while linting one document is caught and logged, and that
//!   document gets no diagnostics.

pub mod actions;
mod diagnostics;
pub mod encoding;
mod handlers;
pub mod session;
pub mod transport;

use std::collections::HashMap;
use std::path::PathBuf;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions,
    DiagnosticServerCapabilities, HoverProviderCapability, InitializeParams, InitializeResult,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, Uri,
};
use serde_json::Value;

use encoding::Encoding;
use session::{Session, Settings, path_of};

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
struct Caps {
    pull: bool,
    progress: bool,
    watch: bool,
    configuration: bool,
}

/// Work done off the main loop, handed back to it.
enum Event {
    /// A report of the workspace, linted: its diagnostics, of run `run`.
    Workspace(u64, Uri, Vec<lsp_types::Diagnostic>),
    /// Progress of run `run`: done of total.
    Progress(u64, usize, usize),
}

/// A request the server sent and waits an answer for.
enum Pending {
    Configuration,
    /// The progress token of workspace run `.0` is being created.
    Progress(u64),
    Other,
}

struct Server<'a> {
    conn: &'a Connection,
    session: Session,
    caps: Caps,
    next_id: i32,
    pending: HashMap<RequestId, Pending>,
    events: (Sender<Event>, Receiver<Event>),
    /// The current workspace run (results of older runs are dropped).
    run: u64,
    /// Whether settings came with `initializationOptions`.
    settings_given: bool,
    /// The command line's settings, under the client's.
    defaults: Settings,
    /// The workspace run whose progress token the client has created, and
    /// a run that finished before its token was there (its total).
    progress_ready: Option<u64>,
    progress_finished: Option<(u64, usize)>,
}

/// Runs the server over standard input and output until the client asks it
/// to exit. Returns whether it exited after a `shutdown` (the exit status
/// is 1 otherwise, as the protocol says).
pub fn run_stdio(defaults: Settings) -> Result<bool, String> {
    let (conn, io) = transport::stdio();
    let result = run(&conn, defaults);
    drop(conn);
    io.join().map_err(|e| format!("无法写出消息：{e}"))?;
    result
}

/// Runs the server over a connection. `defaults` are the settings until
/// the client sends its own (the command line's flags).
pub fn run(conn: &Connection, defaults: Settings) -> Result<bool, String> {
    let (id, params) = conn
        .initialize_start()
        .map_err(|e| format!("初始化失败：{e}"))?;
    let init: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize 参数有误：{e}"))?;
    let caps = &init.capabilities;
    let encoding = Encoding::negotiate(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let client = Caps {
        pull: caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some()),
        progress: caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        watch: caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        configuration: caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false),
    };
    let given = init.initialization_options.clone();
    let settings: Settings = given
        .clone()
        .map(|v| settings_over(&defaults, v))
        .transpose()
        .map_err(|e| format!("initializationOptions 有误：{e}"))?
        .unwrap_or_else(|| defaults.clone());
    #[allow(deprecated)]
    let roots: Vec<PathBuf> = match (&init.workspace_folders, &init.root_uri) {
        (Some(folders), _) if !folders.is_empty() => {
            folders.iter().filter_map(|f| path_of(&f.uri)).collect()
        }
        (_, Some(root)) => path_of(root).into_iter().collect(),
        _ => Vec::new(),
    };
    let result = InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(actions::FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            diagnostic_provider: client.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("reportlint".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "reportlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    conn.initialize_finish(id, result)
        .map_err(|e| format!("初始化失败：{e}"))?;
    let mut server = Server {
        conn,
        session: Session::new(encoding, settings, roots),
        caps: client,
        next_id: 0,
        pending: HashMap::new(),
        events: unbounded(),
        run: 0,
        settings_given: given.is_some(),
        defaults,
        progress_ready: None,
        progress_finished: None,
    };
    server.main_loop()
}

/// Settings from a JSON value (`{"reportlint": {...}}` or the section
/// itself) over `defaults`: a key the client leaves out keeps its default.
pub(super) fn settings_over(defaults: &Settings, v: Value) -> Result<Settings, serde_json::Error> {
    let section = match v {
        Value::Object(mut m) if m.contains_key("reportlint") => {
            m.remove("reportlint").unwrap_or_default()
        }
        Value::Null => Value::Object(Default::default()),
        other => other,
    };
    let mut merged = serde_json::to_value(defaults)?;
    if let (Value::Object(base), Value::Object(over)) = (&mut merged, section) {
        for (k, v) in over {
            // An editor's empty field ("config": "") is no setting.
            if !v.is_null() && v != "" {
                base.insert(k, v);
            }
        }
    }
    serde_json::from_value(merged)
}

/// A response with an error.
pub(super) fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<bool, String> {
        // `initialize_finish` waited for the client's `initialized`.
        self.initialized();
        let events = self.events.1.clone();
        loop {
            crossbeam_channel::select! {
                recv(self.conn.receiver) -> msg => {
                    let Ok(msg) = msg else { return Ok(false) };
                    match msg {
                        Message::Request(req) => {
                            match self.conn.handle_shutdown(&req) {
                                Ok(true) => return Ok(true),
                                Ok(false) => self.request(req),
                                Err(_) => return Ok(true),
                            }
                        }
                        Message::Notification(n) if n.method == "exit" => return Ok(false),
                        Message::Notification(n) => self.notification(n),
                        Message::Response(r) => self.response(r),
                    }
                }
                recv(events) -> e => {
                    if let Ok(e) = e {
                        self.event(e);
                    }
                }
            }
        }
    }

    pub(super) fn send(&self, msg: impl Into<Message>) {
        let _ = self.conn.sender.send(msg.into());
    }

    pub(super) fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    pub(super) fn ask<R: lsp_types::request::Request>(
        &mut self,
        params: R::Params,
        pending: Pending,
    ) {
        self.next_id += 1;
        let id = RequestId::from(format!("reportlint-{}", self.next_id));
        self.pending.insert(id.clone(), pending);
        self.send(Request::new(id, R::METHOD.to_string(), params));
    }

    pub(super) fn log(&self, message: String) {
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_settings_override_the_command_line_key_by_key() {
        let defaults = Settings {
            deny_warnings: true,
            config: Some("a.yaml".into()),
            ..Settings::default()
        };
        let v = serde_json::json!({"reportlint": {"rules": ["packs/"], "config": "", "path": "reportlint"}});
        let s = settings_over(&defaults, v).expect("settings");
        assert!(s.deny_warnings);
        assert_eq!(s.config, Some("a.yaml".into()));
        assert_eq!(s.rules, [PathBuf::from("packs/")]);
        let s = settings_over(
            &defaults,
            serde_json::json!({"denyWarnings": false, "run": "onSave"}),
        )
        .expect("settings");
        assert!(!s.deny_warnings);
        assert_eq!(s.run, session::Run::OnSave);
        assert!(settings_over(&defaults, serde_json::json!({"rules": 3})).is_err());
    }
}
