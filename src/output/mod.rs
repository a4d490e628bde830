//! The report layer: one module per output format. Every format reads the
//! same [`Run`]; positions come from [`crate::source::LineIndex`] only.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules_list;
pub mod sarif;
pub mod stats_table;
pub mod stream;

use crate::lint::FileReport;
use crate::source::LineCol;

/// Start and end (exclusive) of a diagnostic's span, in lines and characters.
pub fn range(file: &FileReport, span: &std::ops::Range<usize>) -> (LineCol, LineCol) {
    (file.position(span.start), file.position(span.end))
}

/// Counts over a run, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Files linted.
    pub files: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// Fixes applied.
    pub fixed: usize,
}

impl Totals {
    /// Adds one file's findings.
    pub fn add(&mut self, f: &FileReport) {
        use crate::diagnostic::{FixSafety, Severity};
        self.files += 1;
        self.errors += f.count(Severity::Error);
        self.warnings += f.count(Severity::Warning);
        self.infos += f.count(Severity::Info);
        self.fixable += f
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|x| x.safety == FixSafety::Safe))
            .count();
        self.fixed += f.fixed;
    }
}
