//! Linting for the server: an open document on each change, the
//! workspace in the background with progress, and findings converted to
//! LSP diagnostics in the client's position encoding.

use std::path::PathBuf;

use crossbeam_channel::Sender;
use lsp_types::{DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Uri};

use super::encoding::{self, Encoding};
use super::session::{self, Doc, Settings, dir_of, path_of, uri_of};

use crate::diagnostic::{Diagnostic, Severity};

use super::{Event, Pending, Server};

impl Server<'_> {
    /// Lints an open document and publishes its diagnostics (unless the
    /// client pulls them).
    pub(super) fn lint(&mut self, uri: &Uri) {
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

    pub(super) fn diagnostics_of(&self, uri: &Uri, doc: &Doc) -> Vec<lsp_types::Diagnostic> {
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

    pub(super) fn publish_list(
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
    pub(super) fn lint_all(&mut self) {
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
    pub(super) fn lint_workspace(&mut self) {
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
    pub(super) fn lint_on_disk(&self, paths: Vec<PathBuf>) {
        let (run, settings, encoding) = (
            self.run,
            self.session.settings.clone(),
            self.session.encoding,
        );
        let events = self.events.0.clone();
        std::thread::spawn(move || workspace(run, &paths, &settings, encoding, &events, false));
    }

    pub(super) fn progress(&self, run: u64, value: lsp_types::WorkDoneProgress) {
        self.notify::<lsp_types::notification::Progress>(lsp_types::ProgressParams {
            token: progress_token(run),
            value: lsp_types::ProgressParamsValue::WorkDone(value),
        });
    }

    pub(super) fn event(&mut self, e: Event) {
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

pub(super) fn progress_token(run: u64) -> NumberOrString {
    NumberOrString::String(format!("reportlint/workspace/{run}"))
}

/// Lints the reports under `roots` and hands each one's diagnostics back.
pub(super) fn workspace(
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
pub(super) fn lsp_diagnostic(
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
pub(super) fn panic_point(text: &str) {
    if let Ok(marker) = std::env::var("REPORTLINT_PANIC_ON_TEXT")
        && !marker.is_empty()
        && text.contains(&marker)
    {
        panic!("injected for a test");
    }
}
