//! One file's fixes and comments made in memory, from its bytes to the
//! bytes to write, with no file system: `check --fix` / `--annotate` write
//! what this makes (see `run::file`), and the browser page hands the same
//! bytes to the drafter as a download.

use crate::diagnostic::{Diagnostic, FixSafety};
use crate::fix::rounds::{WordFixes, fix_rounds, rounds};
use crate::lint::{lint_document, lint_file_text, unreadable};
use crate::report::FileReport;
use crate::rules::RuleSet;
use crate::source::evidence::EvidenceView;
use crate::source::{ReadError, SourceFile};

use super::word::{Note, Word};

/// What to make of a Word report besides its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRequest {
    /// Write fixes of this level as tracked changes (修订).
    pub fix: Option<FixSafety>,
    /// Show the fixes as a diff of the text instead of writing them.
    pub diff: bool,
    /// Write the findings as comments (批注).
    pub annotate: bool,
    /// When the changes and comments are dated, in seconds since 1970 (UTC).
    pub date: u64,
}

/// What a Word report became.
#[derive(Debug)]
pub struct WordOutcome {
    /// Its findings (after the fixes, if any were written).
    pub report: FileReport,
    /// How many comments were written, when annotating.
    pub comments: Option<usize>,
    /// The package to write: its new bytes, or why they could not be made.
    /// `None` when nothing was edited (or only a diff was asked for).
    pub output: Option<Result<Vec<u8>, String>>,
    /// Why nothing may be written though something was asked (the report is
    /// then the one of the file as it is).
    pub error: Option<String>,
}

impl WordOutcome {
    fn report(report: FileReport) -> WordOutcome {
        WordOutcome {
            report,
            comments: None,
            output: None,
            error: None,
        }
    }
}

/// Lints a Word report given as its bytes and writes into it what `request`
/// asks: fixes as tracked changes, findings as comments. A package that
/// cannot be read is an `unreadable-file` finding saying why.
pub fn word(
    rules: &RuleSet,
    display: &str,
    bytes: Vec<u8>,
    view: &EvidenceView,
    request: WordRequest,
) -> WordOutcome {
    let opened = Word::open(bytes, request.date).and_then(|word| {
        crate::document::word::read_mapped(&word.package)
            .map(|(text, doc, map)| (word, text, doc, map))
    });
    let (mut word, text, doc, map) = match opened {
        Ok(read) => read,
        Err(message) => {
            let e = ReadError {
                display: display.to_string(),
                position: None,
                message,
                not_text: true,
            };
            return WordOutcome::report(unreadable(rules, &e));
        }
    };
    let mut report = lint_document(rules, display, &text, doc, view);
    if request.fix.is_none() && !request.annotate {
        return WordOutcome::report(report);
    }
    let original = text.clone();
    let first = report.clone();
    let mut fixes = WordFixes {
        word: &mut word,
        text,
        map,
        skipped: Vec::new(),
        relint: |t: &str, doc| lint_document(rules, display, t, doc, view),
    };
    if let Some(level) = request.fix {
        match rounds(&mut fixes, level, report) {
            Ok((r, fixed)) => {
                report = r;
                report.fixed = fixed;
            }
            Err(message) => {
                // A bug of the writer: nothing is written.
                let mut out = WordOutcome::report(first);
                out.error = Some(format!(
                    "修订写入后无法读回，文件保持原样（请报告给 reportlint 的维护者）：{message}"
                ));
                return out;
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
        if request.diff {
            if fixes.text != original {
                let diff = crate::fix::unified_diff(display, &original, &fixes.text);
                report.diff = Some(crate::redact::redact(&diff));
            }
            return WordOutcome::report(report);
        }
    }
    let (text, map) = (fixes.text, fixes.map);
    let mut comments = None;
    if request.annotate {
        let notes: Vec<Note> = report.diagnostics.iter().map(comment_of).collect();
        match word.annotate(&text, &map, &notes) {
            Ok(n) => comments = Some(n),
            Err(message) => {
                let mut out = WordOutcome::report(report);
                out.error = Some(message);
                return out;
            }
        }
    } else if !word.is_edited() {
        return WordOutcome::report(report);
    }
    WordOutcome {
        report,
        comments,
        output: Some(word.to_bytes()),
        error: None,
    }
}

/// Applies the fixes `level` allows to a text file's report round after
/// round: the fixed text and the report of it (`fixed` set).
pub fn text(
    rules: &RuleSet,
    file: &SourceFile,
    report: FileReport,
    level: FixSafety,
    view: &EvidenceView,
) -> (String, FileReport) {
    let (text, mut report, fixed) = fix_rounds(&file.text, level, report, |t| {
        lint_file_text(rules, file, t, view)
    });
    report.fixed = fixed;
    (text, report)
}

/// A finding as a Word comment: its message, its rule, and its fix as a
/// suggestion.
pub fn comment_of(d: &Diagnostic) -> Note {
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
        let unsafe_note = if f.safety == FixSafety::Unsafe {
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
    Note {
        span: d.span.clone(),
        paragraphs,
    }
}
