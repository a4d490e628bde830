//! One file of a run: read it (Markdown, plain text or Word), lint it,
//! and apply its fixes or write its comments as asked, whole or not at
//! all; a bug while linting it is that file's error, not the run's end.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::document;
use crate::fix::rounds::{WordFixes, fix_rounds, rounds};
use crate::lint::{empty_file, lint_document, lint_file_text, unreadable};
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
    let (text, mut report, fixed) = fix_rounds(&file.text, req.level, report, |t| {
        lint_file_text(rules, &file, t, view)
    });
    report.fixed = fixed;
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
/// findings as comments as `actions` ask. A package that cannot be read is
/// an `unreadable-file` finding saying why and what to do.
fn lint_docx(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    let display = source::display_path(path);
    let opened = std::fs::read(path)
        .map_err(|e| format!("无法读取文件：{}", source::io_reason(&e)))
        .and_then(crate::fix::word::Word::open)
        .and_then(|word| {
            document::word::read_mapped(&word.package)
                .map(|(text, doc, map)| (word, text, doc, map))
        });
    let (mut word, text, doc, map) = match opened {
        Ok(read) => read,
        Err(message) => {
            let e = ReadError {
                display,
                position: None,
                message,
                not_text: true,
            };
            return (Some(unreadable(rules, &e)), None);
        }
    };
    let mut report = lint_document(rules, &display, &text, doc, view);
    if actions.fix.is_none() && actions.annotate.is_none() {
        return (Some(report), None);
    }
    let original = text.clone();
    let first = report.clone();
    let mut fixes = WordFixes {
        word: &mut word,
        text,
        map,
        skipped: Vec::new(),
        relint: |t: &str, doc| lint_document(rules, &display, t, doc, view),
    };
    if let Some(req) = actions.fix {
        match rounds(&mut fixes, req.level, report) {
            Ok((r, fixed)) => {
                report = r;
                report.fixed = fixed;
            }
            Err(message) => {
                // A bug of the writer: nothing is written.
                let err = ReadError::new(
                    &display,
                    format!(
                        "修订写入后无法读回，文件保持原样（请报告给 reportlint 的维护者）：{message}"
                    ),
                );
                return (Some(first), Some(err));
            }
        }
        // Say why a fix was not written, where it still applies.
        for d in &mut report.diagnostics {
            if let Some(s) = d
                .fix
                .as_ref()
                .and_then(|f| fixes.skipped.iter().find(|s| s.span == f.span))
            {
                d.message
                    .push_str(&format!("（未能写成修订：{}）", s.reason));
            }
        }
        if req.diff {
            if fixes.text != original {
                let diff = crate::fix::unified_diff(&display, &original, &fixes.text);
                report.diff = Some(crate::redact::redact(&diff));
            }
            return (Some(report), None);
        }
    }
    let (text, map) = (fixes.text, fixes.map);
    let target = match &actions.annotate {
        Some(a) => {
            let notes: Vec<crate::fix::word::Note> =
                report.diagnostics.iter().map(comment_of).collect();
            match word.annotate(&text, &map, &notes) {
                Ok(n) => {
                    let out = a.output.clone().unwrap_or_else(|| annotated_path(path));
                    report.annotated = Some((source::display_path(&out), n));
                    out
                }
                Err(message) => {
                    return (Some(report), Some(ReadError::new(&display, message)));
                }
            }
        }
        None if word.is_edited() => path.to_path_buf(),
        None => return (Some(report), None),
    };
    let written = word.to_bytes().and_then(|bytes| {
        crate::fix::write_atomic_like(&target, &bytes, path).map_err(|e| source::io_reason(&e))
    });
    match written {
        Ok(()) => (Some(report), None),
        Err(reason) => {
            let err = ReadError::new(
                source::display_path(&target),
                format!("无法写出文件，原文件保持原样：{reason}"),
            );
            report.annotated = None;
            (Some(report), Some(err))
        }
    }
}

/// A finding as a Word comment: its message, its rule, and its fix as a
/// suggestion.
fn comment_of(d: &Diagnostic) -> crate::fix::word::Note {
    let mut paragraphs = vec![
        d.message.clone(),
        format!(
            "规则：{}（{}）；说明：reportlint explain {}",
            d.rule,
            d.severity.label(),
            d.rule
        ),
    ];
    if let Some(f) = &d.fix {
        let unsafe_note = if f.safety == crate::diagnostic::FixSafety::Unsafe {
            "（需结合上下文判断）"
        } else {
            ""
        };
        paragraphs.push(if f.replacement.is_empty() {
            format!("建议删除{unsafe_note}")
        } else {
            format!("建议改为：“{}”{unsafe_note}", f.replacement)
        });
    }
    crate::fix::word::Note {
        span: d.span.clone(),
        paragraphs,
    }
}
