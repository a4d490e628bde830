//! One file of a run: read it (Markdown, plain text or Word), lint it,
//! and apply its fixes or write its comments as asked, whole or not at
//! all; a bug while linting it is that file's error, not the run's end.

use std::path::{Path, PathBuf};

use crate::fix::file::{self as fix_file, WordRequest};
use crate::lint::{empty_file, lint_file_text, unreadable};
use crate::report::FileReport;
use crate::rules::RuleSet;
use crate::source::evidence::EvidenceView;
use crate::source::{self, ReadError, SourceFile};

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixRequest {
    /// Which fixes.
    pub level: crate::diagnostic::FixSafety,
    /// Print a diff instead of writing.
    pub diff: bool,
}

/// What a run writes besides its findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions {
    /// Fixes to apply or show.
    pub fix: Option<FixRequest>,
    /// Word reports: write the findings as comments (批注) into a copy
    /// (with fixes, as tracked changes, when `fix` asks for them; the
    /// original is then left as it is).
    pub annotate: Option<Annotate>,
}

/// Where `--annotate` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotate {
    /// The file to write; by default 报告.reportlint.docx beside 报告.docx.
    pub output: Option<PathBuf>,
}

/// The file `--annotate` writes for `path` by default: 报告.docx →
/// 报告.reportlint.docx.
pub fn annotated_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.reportlint.docx"))
}

/// [`lint_file`], with a bug in reportlint (a panic) while linting one file
/// reported as an error of that file: the run goes on with the rest, and
/// the file, if being fixed, is left as it was (fixes are written whole or
/// not at all).
pub fn lint_file_guarded(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    let run = std::panic::AssertUnwindSafe(|| lint_file(rules, path, view, actions));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let error = ReadError::new(
            crate::source::display_path(path),
            "检查此文件时 reportlint 内部出错，已跳过（其余文件照常检查）；请把这个文件和所用命令报告给 reportlint 的维护者",
        );
        (None, Some(error))
    })
}

/// A bug injected for tests: with `REPORTLINT_PANIC_ON=NAME`, linting a file
/// whose name is NAME panics.
fn panic_point(path: &Path) {
    if let Some(name) = std::env::var_os("REPORTLINT_PANIC_ON")
        && path.file_name() == Some(name.as_os_str())
    {
        panic!("injected for a test: {}", path.display());
    }
}

/// Lints a file, applies fixes as asked, writes or diffs the result.
fn lint_file(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    panic_point(path);
    if source::walk::is_docx(path) {
        return lint_docx(rules, path, view, actions);
    }
    let fix = actions.fix;
    let file: SourceFile = match source::read_file(path, rules.encoding) {
        Ok(f) => f,
        Err(e) if e.not_text => return (Some(unreadable(rules, &e)), None),
        Err(e) => return (None, Some(e)),
    };
    if file.text.trim().is_empty() {
        return (Some(unreadable(rules, &empty_file(&file.display))), None);
    }
    let report = lint_file_text(rules, &file, &file.text, view);
    let Some(req) = fix else {
        return (Some(report), None);
    };
    let (text, mut report) = fix_file::text(rules, &file, report, req.level, view);
    if text == file.text {
        return (Some(report), None);
    }
    if req.diff {
        let diff = crate::fix::unified_diff(&file.display, &file.text, &text);
        report.diff = Some(crate::redact::redact(&diff));
        return (Some(report), None);
    }
    // Written back in the file's own encoding, BOM and line endings.
    let written = source::decode::encode(&text, file.encoding).and_then(|bytes| {
        crate::fix::write_atomic(path, &bytes).map_err(|e| source::io_reason(&e))
    });
    match written {
        Ok(()) => (Some(report), None),
        Err(reason) => {
            // The file is untouched; report what it still has.
            let report = lint_file_text(rules, &file, &file.text, view);
            let err = ReadError::new(
                &file.display,
                format!("无法写回修复，文件保持原样：{reason}"),
            );
            (Some(report), Some(err))
        }
    }
}

/// Lints a Word report, and writes its fixes as tracked changes or its
/// findings as comments as `actions` ask (made by [`crate::fix::file::word`]).
/// A package that cannot be read is an `unreadable-file` finding saying why
/// and what to do.
fn lint_docx(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    let display = source::display_path(path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            let e = ReadError {
                display,
                position: None,
                message: format!("无法读取文件：{}", source::io_reason(&e)),
                not_text: true,
            };
            return (Some(unreadable(rules, &e)), None);
        }
    };
    let request = WordRequest {
        fix: actions.fix.map(|f| f.level),
        diff: actions.fix.is_some_and(|f| f.diff),
        annotate: actions.annotate.is_some(),
        date: crate::fix::word::now(),
    };
    let outcome = fix_file::word(rules, &display, bytes, view, request);
    let mut report = outcome.report;
    if let Some(message) = outcome.error {
        return (Some(report), Some(ReadError::new(&display, message)));
    }
    let Some(output) = outcome.output else {
        return (Some(report), None);
    };
    let target = match &actions.annotate {
        Some(a) => a.output.clone().unwrap_or_else(|| annotated_path(path)),
        None => path.to_path_buf(),
    };
    let written = output.and_then(|bytes| {
        crate::fix::write_atomic_like(&target, &bytes, path).map_err(|e| source::io_reason(&e))
    });
    match written {
        Ok(()) => {
            report.annotated = outcome.comments.map(|n| (source::display_path(&target), n));
            (Some(report), None)
        }
        Err(reason) => {
            let err = ReadError::new(
                source::display_path(&target),
                format!("无法写出文件，原文件保持原样：{reason}"),
            );
            (Some(report), Some(err))
        }
    }
}
