//! Linting: reading files, parsing each once, running every rule over the
//! same document model, and collecting results in a stable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document;
use crate::rules::stats::Stats;
use crate::rules::{Context, Outline, RuleSet};
use crate::source::evidence::EvidenceView;
use crate::source::{self, LineIndex, ReadError, SourceFile};

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as shown to users.
    pub display: String,
    /// The text that was linted.
    pub text: Arc<str>,
    /// Line starts of `text`.
    pub lines: LineIndex,
    /// Findings, sorted by position then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Numbers about the report.
    pub stats: Stats,
}

impl FileReport {
    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The result of a whole run.
#[derive(Debug, Default)]
pub struct Run {
    /// One report per linted file, sorted by path.
    pub files: Vec<FileReport>,
    /// Files, folders and manifests that could not be read.
    pub errors: Vec<ReadError>,
}

impl Run {
    /// How many findings of a severity, over all files.
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }
}

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
/// assert_eq!(report.lines.line_col(&report.text, d.span.start).column, 3);
/// ```
pub fn lint_text(
    rules: &RuleSet,
    display: &str,
    text: &str,
    evidence: &EvidenceView,
) -> FileReport {
    let doc = document::parse(text);
    let outline = Outline::new(&doc, &rules.problem_headings);
    let cx = Context {
        src: text,
        doc: &doc,
        outline: &outline,
        evidence,
    };
    let diagnostics = rules.check(&cx);
    let stats = Stats::new(rules, &cx);
    FileReport {
        display: display.to_string(),
        lines: LineIndex::new(text),
        text: Arc::from(text),
        diagnostics,
        stats,
    }
}

/// Walks `paths`, reads every report and lints the files in parallel.
/// `exclude` says whether a walked path is left out.
pub fn lint_paths(
    rules: &RuleSet,
    paths: &[PathBuf],
    exclude: &(dyn Fn(&Path) -> bool + Sync),
) -> Run {
    let walk = source::walk::collect(paths, exclude);
    let mut errors = walk.errors;

    // The evidence beside each report, read once per folder.
    let mut views: BTreeMap<PathBuf, EvidenceView> = BTreeMap::new();
    for f in &walk.files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        views.entry(dir.clone()).or_insert_with(|| {
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            EvidenceView::load(&dir, &rules.evidence)
        });
    }
    for v in views.values() {
        if let Some(e) = &v.manifest_error {
            errors.push(ReadError {
                display: e.display.clone(),
                position: e.position,
                message: e.message.clone(),
            });
        }
    }
    let empty = EvidenceView::default();
    let results: Vec<Result<FileReport, ReadError>> = walk
        .files
        .par_iter()
        .map(|path| {
            let file: SourceFile = source::read_file(path)?;
            let view = path.parent().and_then(|d| views.get(d)).unwrap_or(&empty);
            Ok(lint_text(rules, &file.display, &file.text, view))
        })
        .collect();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.display.cmp(&b.display));
    Run { files, errors }
}
