//! The pipeline of one report: its document model → its analysis → every
//! rule → suppression comments → a [`FileReport`] with positions and
//! fingerprints. Reading files, fixing and runs over many files build on it
//! ([`crate::run`], [`crate::fix`]).

use std::sync::Arc;

use crate::analysis::Analysis;
use crate::analysis::stats::Stats;
use crate::document;
use crate::report::FileReport;
use crate::rules::{Context, RuleSet};
use crate::source::evidence::EvidenceView;
use crate::source::{LineIndex, ReadError, SourceFile};

/// Lints one text already in memory.
///
/// ```
/// use reportlint::rules::{defaults, load::build_rule_set};
/// use reportlint::source::evidence::EvidenceView;
///
/// let rules = build_rule_set(&defaults::sources()).expect("the default pack loads");
/// let report = reportlint::lint_text(&rules, "a.md", "推进全面以严治党力度不够。\n", &EvidenceView::default());
/// let d = report.diagnostics.iter().find(|d| &*d.rule == "standard-term").expect("found");
/// assert_eq!(d.fix.as_ref().map(|f| f.replacement.as_str()), Some("全面从严治党"));
/// assert_eq!(report.position(d.span.start).column, 3);
/// ```
pub fn lint_text(
    rules: &RuleSet,
    display: &str,
    text: &str,
    evidence: &EvidenceView,
) -> FileReport {
    lint_document(rules, display, text, document::parse(text), evidence)
}

/// Lints a document model already read from `text` (a Markdown report
/// parsed, or a Word report read: its text is then one line a paragraph).
pub fn lint_document(
    rules: &RuleSet,
    display: &str,
    text: &str,
    doc: document::Document,
    evidence: &EvidenceView,
) -> FileReport {
    let analysis = Analysis::new(&rules.structure, &doc, text);
    let literals = rules
        .literals
        .as_ref()
        .map(|l| l.scan(&doc))
        .unwrap_or_default();
    let cx = Context::new(text, &doc, &analysis, &rules.structure, evidence, &literals);
    // The files the report names, looked up before any check runs.
    let paths = evidence.statuses(rules.checks.iter().flat_map(|c| c.paths(&cx)));
    let cx = cx.with_paths(&paths);
    let mut diagnostics = crate::suppress::apply(&doc, text, rules, rules.check(&cx));
    diagnostics.retain(|d| !rules.disabled.contains(&*d.rule));
    let stats = Stats::new(&analysis);
    let fingerprints = crate::fingerprint::fingerprints(display, text, &doc, &diagnostics);
    let lines = LineIndex::new(text);
    let mut offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| {
            let fix = d.fix.as_ref().map(|f| [f.span.start, f.span.end]);
            let related = d.related.iter().flat_map(|r| [r.span.start, r.span.end]);
            [d.span.start, d.span.end]
                .into_iter()
                .chain(fix.into_iter().flatten())
                .chain(related)
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = offsets
        .into_iter()
        .map(|o| (o, lines.line_col(text, o)))
        .collect();
    FileReport {
        positions,
        fingerprints,
        display: display.to_string(),
        text: Arc::from(text),
        diagnostics,
        stats,
        fixed: 0,
        diff: None,
        annotated: None,
        rules: None,
    }
}

/// The report of a file that is not text: one `unreadable-file` finding.
pub fn unreadable(rules: &RuleSet, e: &ReadError) -> FileReport {
    let mut report = lint_text(&RuleSet::empty(), &e.display, "", &EvidenceView::default());
    if let Some(m) = rules
        .meta(crate::rules::builtin::UNREADABLE)
        .filter(|m| !rules.disabled.contains(&*m.id))
    {
        let at = e
            .position
            .map(|p| format!("（第{}行第{}列）", p.line, p.column))
            .unwrap_or_default();
        let message =
            crate::diagnostic::fill(&m.message, &[("reason", &format!("{}{at}", e.message))]);
        report.push_file_level(m.diagnostic(0..0, message, None));
    }
    report
}

/// Lints a file's (possibly fixed) text, noting a non-UTF-8 encoding.
pub fn lint_file_text(
    rules: &RuleSet,
    file: &SourceFile,
    text: &str,
    view: &EvidenceView,
) -> FileReport {
    let mut report = lint_text(rules, &file.display, text, view);
    if !file.encoding.is_utf8()
        && let Some(m) = rules
            .meta(crate::rules::builtin::NON_UTF8)
            .filter(|m| !rules.disabled.contains(&*m.id))
    {
        let message = crate::diagnostic::fill(&m.message, &[("encoding", file.encoding.name())]);
        report.push_file_level(m.diagnostic(0..0, message, None));
    }
    report
}

/// Why an empty file has nothing to check.
pub fn empty_file(display: &str) -> ReadError {
    ReadError::new(
        display,
        "文件是空的，没有可检查的文字：请写入报告内容，或把它移出检查范围",
    )
}

/// A file's bytes as the checks read them.
pub enum Read {
    /// A Word report: its text (one line a paragraph) and document model.
    Word(String, document::Document),
    /// A text file, decoded.
    Text(SourceFile),
}

impl Read {
    /// The text the checks read.
    pub fn text(&self) -> &str {
        match self {
            Read::Word(text, _) => text,
            Read::Text(file) => &file.text,
        }
    }
}

/// Reads a file given as its bytes, named `display` (a .docx by its name,
/// otherwise text in any encoding reportlint reads, or in `encoding`), with
/// no file system.
pub fn read_bytes(
    display: &str,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Read, ReadError> {
    let path = std::path::Path::new(display);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        return crate::source::package::open(bytes)
            .and_then(|p| document::word::read(&p))
            .map(|(text, doc)| Read::Word(text, doc))
            .map_err(|message| ReadError {
                display: display.to_string(),
                position: None,
                message,
                not_text: true,
            });
    }
    crate::source::decode_file(path, display.to_string(), bytes, encoding).map(Read::Text)
}

/// Lints a file given as its bytes, named `display` (a .docx by its name,
/// otherwise text in any encoding reportlint reads), with no file system:
/// what `check` reports for that file, for front ends that hold the bytes
/// themselves (the browser page). A file that cannot be read is an
/// `unreadable-file` finding saying why.
pub fn lint_bytes(
    rules: &RuleSet,
    display: &str,
    bytes: &[u8],
    evidence: &EvidenceView,
) -> FileReport {
    match read_bytes(display, bytes, rules.encoding) {
        Ok(Read::Word(text, doc)) => lint_document(rules, display, &text, doc, evidence),
        Ok(Read::Text(file)) if file.text.trim().is_empty() => {
            unreadable(rules, &empty_file(display))
        }
        Ok(Read::Text(file)) => lint_file_text(rules, &file, &file.text, evidence),
        Err(e) => unreadable(rules, &e),
    }
}
