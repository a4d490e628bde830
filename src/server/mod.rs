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
pub mod encoding;
pub mod session;
pub mod transport;

use std::collections::HashMap;
use std::path::PathBuf;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions,
    DiagnosticServerCapabilities, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidOpenTextDocumentParams, HoverProviderCapability, InitializeParams, InitializeResult,
    NumberOrString, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde_json::Value;

use encoding::Encoding;
use session::{Doc, Session, Settings, dir_of, path_of, uri_of};

use crate::diagnostic::{Diagnostic, Severity};

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
fn settings_over(defaults: &Settings, v: Value) -> Result<Settings, serde_json::Error> {
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
fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
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

    fn send(&self, msg: impl Into<Message>) {
        let _ = self.conn.sender.send(msg.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn ask<R: lsp_types::request::Request>(&mut self, params: R::Params, pending: Pending) {
        self.next_id += 1;
        let id = RequestId::from(format!("reportlint-{}", self.next_id));
        self.pending.insert(id.clone(), pending);
        self.send(Request::new(id, R::METHOD.to_string(), params));
    }

    fn log(&self, message: String) {
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
            typ: lsp_types::MessageType::WARNING,
            message,
        });
    }

    // ---- requests ----

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let response = match req.method.as_str() {
            lsp_types::request::CodeActionRequest::METHOD => self
                .with_doc::<lsp_types::CodeActionParams, _>(
                    req,
                    |p| &p.text_document.uri,
                    |s, uri, doc, p| {
                        let deny = s.session.settings.deny_warnings;
                        let enc = s.session.encoding;
                        let pos = doc.positions(enc);
                        let to_lsp = |i: usize, d: &Diagnostic| {
                            lsp_diagnostic(uri, &pos, doc.version, i, d, deny)
                        };
                        actions::code_actions(uri, doc, enc, p, to_lsp)
                            .map(|a| serde_json::to_value(a).unwrap_or_default())
                    },
                ),
            lsp_types::request::HoverRequest::METHOD => self.with_doc::<lsp_types::HoverParams, _>(
                req,
                |p| &p.text_document_position_params.text_document.uri,
                |s, _, doc, p| {
                    actions::hover(doc, s.session.encoding, p)
                        .map(|h| serde_json::to_value(h).unwrap_or_default())
                },
            ),
            lsp_types::request::DocumentDiagnosticRequest::METHOD => {
                self.with_doc::<lsp_types::DocumentDiagnosticParams, _>(
                    req,
                    |p| &p.text_document.uri,
                    |s, uri, doc, _| {
                        let items = s.diagnostics_of(uri, doc);
                        let report = lsp_types::DocumentDiagnosticReportResult::Report(
                            lsp_types::DocumentDiagnosticReport::Full(
                                lsp_types::RelatedFullDocumentDiagnosticReport {
                                    related_documents: None,
                                    full_document_diagnostic_report:
                                        lsp_types::FullDocumentDiagnosticReport {
                                            result_id: Some(doc.version.to_string()),
                                            items,
                                        },
                                },
                            ),
                        );
                        Ok(serde_json::to_value(report).unwrap_or_default())
                    },
                )
            }
            method => error(
                id,
                ErrorCode::MethodNotFound,
                format!("reportlint 不支持 {method}"),
            ),
        };
        self.send(response);
    }

    /// Answers a request about an open document: its params parsed, the
    /// document found, `f` run.
    fn with_doc<P: serde::de::DeserializeOwned, F>(
        &self,
        req: Request,
        uri_of_params: impl Fn(&P) -> &Uri,
        f: F,
    ) -> Response
    where
        F: FnOnce(&Self, &Uri, &Doc, &P) -> Result<Value, String>,
    {
        let params: P = match serde_json::from_value(req.params) {
            Ok(p) => p,
            Err(e) => return error(req.id, ErrorCode::InvalidParams, format!("参数有误：{e}")),
        };
        let uri = uri_of_params(&params);
        let Some(doc) = self.session.docs.get(uri) else {
            return error(
                req.id,
                ErrorCode::InvalidParams,
                format!("文档未打开：{}", uri.as_str()),
            );
        };
        match f(self, uri, doc, &params) {
            Ok(v) => Response::new_ok(req.id, v),
            Err(e) => error(req.id, ErrorCode::InvalidParams, e),
        }
    }

    // ---- notifications ----

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification as N;
        match n.method.as_str() {
            N::DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    self.session.docs.insert(
                        uri.clone(),
                        Doc::new(p.text_document.version, p.text_document.text),
                    );
                    if self.caps.pull {
                        // Workspace results pushed earlier would double the pulled ones.
                        self.publish_list(&uri, Vec::new(), None);
                    }
                    self.lint(&uri);
                }
            }
            N::DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    self.change(p);
                }
            }
            N::DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                    && self.session.settings.run == session::Run::OnSave
                {
                    self.lint(&p.text_document.uri);
                }
            }
            N::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                {
                    self.session.docs.remove(&p.text_document.uri);
                    // Its file on disk is still a report of the workspace.
                    let uri = p.text_document.uri;
                    let on_disk = path_of(&uri).filter(|p| {
                        p.is_file() && self.session.roots.iter().any(|r| p.starts_with(r))
                    });
                    match on_disk {
                        // Its file on disk, linted again as a report of the workspace.
                        Some(path) => self.lint_on_disk(vec![path]),
                        None if !self.caps.pull => self.publish_list(&uri, Vec::new(), None),
                        None => {}
                    }
                }
            }
            N::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                {
                    let config_like = p.changes.iter().any(|c| {
                        let s = c.uri.as_str();
                        s.ends_with(".yaml")
                            || s.ends_with(".yml")
                            || s.contains("/%E5%BA%95%E7%A8%BF/")
                            || s.contains("/底稿/")
                    });
                    if config_like {
                        self.session.reload();
                        self.lint_all();
                    }
                }
            }
            N::DidChangeConfiguration::METHOD => {
                let settings = n
                    .params
                    .get("settings")
                    .cloned()
                    .filter(|s| s.as_object().is_some_and(|o| !o.is_empty()));
                match settings.map(|v| settings_over(&self.defaults, v)) {
                    Some(Ok(s)) => self.apply_settings(s),
                    Some(Err(e)) => self.log(format!("reportlint 设置有误：{e}")),
                    None if self.caps.configuration => self.ask_configuration(),
                    None => {}
                }
            }
            _ => {}
        }
    }

    fn initialized(&mut self) {
        if self.caps.watch {
            let watchers = ["**/reportlint.yaml", "**/*.{yaml,yml}", "**/底稿/**"]
                .into_iter()
                .map(|g| lsp_types::FileSystemWatcher {
                    glob_pattern: lsp_types::GlobPattern::String(g.into()),
                    kind: None,
                })
                .collect();
            let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
            self.ask::<lsp_types::request::RegisterCapability>(
                lsp_types::RegistrationParams {
                    registrations: vec![lsp_types::Registration {
                        id: "reportlint-watch".into(),
                        method: lsp_types::notification::DidChangeWatchedFiles::METHOD.into(),
                        register_options: serde_json::to_value(options).ok(),
                    }],
                },
                Pending::Other,
            );
        }
        if self.caps.configuration && !self.settings_given {
            self.ask_configuration();
        }
        self.lint_workspace();
    }

    fn ask_configuration(&mut self) {
        self.ask::<lsp_types::request::WorkspaceConfiguration>(
            lsp_types::ConfigurationParams {
                items: vec![lsp_types::ConfigurationItem {
                    scope_uri: None,
                    section: Some("reportlint".into()),
                }],
            },
            Pending::Configuration,
        );
    }

    fn apply_settings(&mut self, settings: Settings) {
        if settings != self.session.settings {
            self.session.settings = settings;
            self.session.reload();
            self.lint_all();
        }
    }

    fn response(&mut self, r: Response) {
        match self.pending.remove(&r.id) {
            Some(Pending::Configuration) => {
                let first = r
                    .response_result
                    .ok()
                    .and_then(|v| v.as_array().and_then(|a| a.first().cloned()))
                    .filter(|v| !v.is_null());
                match first.map(|v| settings_over(&self.defaults, v)) {
                    Some(Ok(s)) => self.apply_settings(s),
                    Some(Err(e)) => self.log(format!("reportlint 设置有误：{e}")),
                    None => {}
                }
            }
            Some(Pending::Progress(run)) if run == self.run && r.response_result.is_ok() => {
                self.progress(
                    run,
                    lsp_types::WorkDoneProgress::Begin(lsp_types::WorkDoneProgressBegin {
                        title: "reportlint：检查工作区".into(),
                        percentage: Some(0),
                        ..Default::default()
                    }),
                );
                self.progress_ready = Some(run);
                if let Some((done_run, total)) = self.progress_finished.take()
                    && done_run == run
                {
                    self.event(Event::Progress(run, total, total));
                }
            }
            Some(Pending::Progress(_) | Pending::Other) | None => {}
        }
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let encoding = self.session.encoding;
        let Some(doc) = self.session.docs.get_mut(&uri) else {
            self.log(format!("收到未打开文档的修改：{}", uri.as_str()));
            return;
        };
        for change in p.content_changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => match doc.positions(encoding).range(range) {
                    Ok(r) => doc.text.replace_range(r, &change.text),
                    Err(e) => {
                        self.log(format!("修改的位置有误（{e}），已忽略这次修改"));
                        return;
                    }
                },
            }
            doc.lines = crate::source::LineIndex::new(&doc.text);
        }
        doc.version = p.text_document.version;
        if self.session.settings.run == session::Run::OnType {
            self.lint(&uri);
        }
    }

    // ---- linting ----

    /// Lints an open document and publishes its diagnostics (unless the
    /// client pulls them).
    fn lint(&mut self, uri: &Uri) {
        let dir = dir_of(uri, &self.session.roots);
        let rules = self.session.rules_for(&dir);
        let Some(doc) = self.session.docs.get_mut(uri) else {
            return;
        };
        let display = path_of(uri)
            .map(|p| crate::source::display_path(&p))
            .unwrap_or_else(|| uri.as_str().to_string());
        match rules {
            Ok((rules, view)) => {
                let text = &doc.text;
                let run = std::panic::AssertUnwindSafe(|| {
                    panic_point(text);
                    crate::lint_text(&rules, &display, text, &view)
                });
                match std::panic::catch_unwind(run) {
                    Ok(report) => {
                        doc.report = Some(report);
                        doc.rules = Some(rules);
                        doc.view = Some(view);
                    }
                    Err(_) => {
                        doc.report = None;
                        let message = format!(
                            "检查 {display} 时 reportlint 内部出错，此文档暂无诊断；请把文档和操作报告给 reportlint 的维护者"
                        );
                        self.log(message);
                    }
                }
                self.session.config_error = None;
            }
            Err(e) => {
                doc.report = None;
                if self.session.config_error.as_deref() != Some(&e) {
                    self.notify::<lsp_types::notification::ShowMessage>(
                        lsp_types::ShowMessageParams {
                            typ: lsp_types::MessageType::ERROR,
                            message: format!("reportlint 配置有误：{e}"),
                        },
                    );
                    self.session.config_error = Some(e);
                }
            }
        }
        if !self.caps.pull
            && let Some(doc) = self.session.docs.get(uri)
        {
            let list = self.diagnostics_of(uri, doc);
            self.publish_list(uri, list, Some(doc.version));
        }
    }

    fn diagnostics_of(&self, uri: &Uri, doc: &Doc) -> Vec<lsp_types::Diagnostic> {
        let Some(report) = &doc.report else {
            return Vec::new();
        };
        let pos = doc.positions(self.session.encoding);
        let deny = self.session.settings.deny_warnings;
        report
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| lsp_diagnostic(uri, &pos, doc.version, i, d, deny))
            .collect()
    }

    fn publish_list(
        &self,
        uri: &Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        });
    }

    /// Lints every open document again, and the workspace.
    fn lint_all(&mut self) {
        let uris: Vec<Uri> = self.session.docs.keys().cloned().collect();
        for uri in uris {
            self.lint(&uri);
        }
        if self.caps.pull {
            // The client pulls again.
            self.ask::<lsp_types::request::WorkspaceDiagnosticRefresh>((), Pending::Other);
        }
        self.lint_workspace();
    }

    /// Lints every report under the workspace folders, off the main loop;
    /// open documents keep their own diagnostics.
    fn lint_workspace(&mut self) {
        if self.session.roots.is_empty() {
            return;
        }
        self.run += 1;
        let run = self.run;
        let roots = self.session.roots.clone();
        let settings = self.session.settings.clone();
        let encoding = self.session.encoding;
        let events = self.events.0.clone();
        if self.caps.progress {
            // Progress begins once the client has created the token.
            self.ask::<lsp_types::request::WorkDoneProgressCreate>(
                lsp_types::WorkDoneProgressCreateParams {
                    token: progress_token(run),
                },
                Pending::Progress(run),
            );
        }
        std::thread::spawn(move || workspace(run, &roots, &settings, encoding, &events, true));
    }

    /// Lints files on disk off the main loop, as part of the current
    /// workspace run (no progress of its own).
    fn lint_on_disk(&self, paths: Vec<PathBuf>) {
        let (run, settings, encoding) = (
            self.run,
            self.session.settings.clone(),
            self.session.encoding,
        );
        let events = self.events.0.clone();
        std::thread::spawn(move || workspace(run, &paths, &settings, encoding, &events, false));
    }

    fn progress(&self, run: u64, value: lsp_types::WorkDoneProgress) {
        self.notify::<lsp_types::notification::Progress>(lsp_types::ProgressParams {
            token: progress_token(run),
            value: lsp_types::ProgressParamsValue::WorkDone(value),
        });
    }

    fn event(&mut self, e: Event) {
        match e {
            Event::Workspace(run, uri, list) => {
                if run == self.run && !self.session.docs.contains_key(&uri) {
                    self.publish_list(&uri, list, None);
                }
            }
            Event::Progress(run, done, total)
                if self.caps.progress && run == self.run && self.progress_ready != Some(run) =>
            {
                if done >= total {
                    self.progress_finished = Some((run, total));
                }
            }
            Event::Progress(run, done, total) if self.caps.progress && run == self.run => {
                let value = if done >= total {
                    lsp_types::WorkDoneProgress::End(lsp_types::WorkDoneProgressEnd {
                        message: Some(format!("已检查 {total} 个文件")),
                    })
                } else {
                    lsp_types::WorkDoneProgress::Report(lsp_types::WorkDoneProgressReport {
                        message: Some(format!("{done}/{total}")),
                        percentage: u32::try_from(done * 100 / total.max(1)).ok(),
                        ..Default::default()
                    })
                };
                self.progress(run, value);
            }
            Event::Progress(..) => {}
        }
    }
}

fn progress_token(run: u64) -> NumberOrString {
    NumberOrString::String(format!("reportlint/workspace/{run}"))
}

/// Lints the reports under `roots` and hands each one's diagnostics back.
fn workspace(
    run: u64,
    roots: &[PathBuf],
    settings: &Settings,
    encoding: Encoding,
    events: &Sender<Event>,
    progress: bool,
) {
    struct Counter<'a> {
        run: u64,
        events: &'a Sender<Event>,
        total: std::sync::atomic::AtomicUsize,
        done: std::sync::atomic::AtomicUsize,
    }
    impl crate::run::Progress for Counter<'_> {
        fn start(&self, total: usize) {
            self.total.store(total, std::sync::atomic::Ordering::SeqCst);
        }
        fn tick(&self) {
            use std::sync::atomic::Ordering::SeqCst;
            let done = self.done.fetch_add(1, SeqCst) + 1;
            let total = self.total.load(SeqCst);
            if done.is_multiple_of(16) && done < total {
                let _ = self.events.send(Event::Progress(self.run, done, total));
            }
        }
        fn finish(&self) {
            use std::sync::atomic::Ordering::SeqCst;
            let total = self.total.load(SeqCst);
            let _ = self.events.send(Event::Progress(self.run, total, total));
        }
    }
    let counter = Counter {
        run,
        events,
        total: Default::default(),
        done: Default::default(),
    };
    let shown: &dyn crate::run::Progress = if progress {
        &counter
    } else {
        &crate::run::NoProgress
    };
    let Ok(mut resolver) = session::resolver(settings) else {
        shown.finish();
        return;
    };
    let _ = crate::run::lint_paths_with(&mut resolver, roots, None, shown, &mut |report| {
        let Some(uri) = uri_of(std::path::Path::new(&report.display)) else {
            return;
        };
        let lines = crate::source::LineIndex::new(&report.text);
        let pos = encoding::Positions::new(&report.text, &lines, encoding);
        let list = report
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| lsp_diagnostic(&uri, &pos, 0, i, d, settings.deny_warnings))
            .collect();
        let _ = events.send(Event::Workspace(run, uri, list));
    });
    // Reports that could not be read are left out; a config error shows
    // when a document is opened.
}

/// A finding as an LSP diagnostic.
fn lsp_diagnostic(
    uri: &Uri,
    pos: &encoding::Positions<'_>,
    version: i32,
    index: usize,
    d: &Diagnostic,
    deny_warnings: bool,
) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning if deny_warnings => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    lsp_types::Diagnostic {
        range: pos.lsp_range(&d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("reportlint".into()),
        message: d.message.clone(),
        data: Some(serde_json::json!({ "version": version, "index": index })),
        related_information: (!d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|r| lsp_types::DiagnosticRelatedInformation {
                    location: lsp_types::Location::new(uri.clone(), pos.lsp_range(&r.span)),
                    message: r.message.clone(),
                })
                .collect()
        }),
        ..lsp_types::Diagnostic::default()
    }
}

/// A bug injected for tests: a document whose text holds
/// `REPORTLINT_PANIC_ON_TEXT`'s value panics while it is linted.
fn panic_point(text: &str) {
    if let Ok(marker) = std::env::var("REPORTLINT_PANIC_ON_TEXT")
        && !marker.is_empty()
        && text.contains(&marker)
    {
        panic!("injected for a test");
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
