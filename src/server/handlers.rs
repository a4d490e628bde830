//! The server's answers to requests and notifications: code actions,
//! hover, pulled diagnostics, opened and changed documents, settings,
//! watched files.

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{DidChangeTextDocumentParams, DidOpenTextDocumentParams, Uri};
use serde_json::Value;

use super::session::{self, Doc, Settings, path_of};

use crate::diagnostic::Diagnostic;

use super::diagnostics::lsp_diagnostic;
use super::{Event, Pending, Server, actions, error, settings_over};

impl Server<'_> {
    pub(super) fn request(&mut self, req: Request) {
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
    pub(super) fn with_doc<P: serde::de::DeserializeOwned, F>(
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

    pub(super) fn notification(&mut self, n: Notification) {
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

    pub(super) fn initialized(&mut self) {
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

    pub(super) fn ask_configuration(&mut self) {
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

    pub(super) fn apply_settings(&mut self, settings: Settings) {
        if settings != self.session.settings {
            self.session.settings = settings;
            self.session.reload();
            self.lint_all();
        }
    }

    pub(super) fn response(&mut self, r: Response) {
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

    pub(super) fn change(&mut self, p: DidChangeTextDocumentParams) {
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
}
