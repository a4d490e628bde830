//! What a check of one file gives ([`FileReport`]) and of a run ([`Run`]):
//! findings with their positions, fingerprints and stats, and the rule set
//! they came from. Every output format reads these and nothing else.

use std::sync::Arc;

use crate::analysis::stats::Stats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleSet;
use crate::source::{LineCol, ReadError};

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as shown to users.
    pub display: String,
    /// The text that was linted (empty once the report is [released](FileReport::release)).
    pub text: Arc<str>,
    /// Line and character column of every offset a finding, its fix or its
    /// related places start or end at.
    pub(crate) positions: Vec<(usize, LineCol)>,
    /// Findings, sorted by position then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// A fingerprint per finding (same order), stable across unrelated edits.
    pub fingerprints: Vec<String>,
    /// Numbers about the report.
    pub stats: Stats,
    /// How many fixes were applied (with `--fix` or `--diff`).
    pub fixed: usize,
    /// The unified diff of the fixes (with `--diff`).
    pub diff: Option<String>,
    /// With `--annotate`: the Word file written and how many comments it got.
    pub annotated: Option<(String, usize)>,
    /// The rule set it was checked with, when a run's folders have their
    /// own (an output lists the rules its findings name).
    pub rules: Option<Arc<RuleSet>>,
}

impl FileReport {
    /// Line and character column of a byte offset where a finding or fix
    /// starts or ends.
    pub fn position(&self, offset: usize) -> LineCol {
        match self.positions.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.positions[i].1,
            Err(i) => self
                .positions
                .get(i.saturating_sub(1))
                .map_or(LineCol { line: 1, column: 1 }, |p| p.1),
        }
    }

    /// Adds a finding about the whole file, at its start.
    pub fn push_file_level(&mut self, d: Diagnostic) {
        self.diagnostics.insert(0, d);
        self.fingerprints
            .insert(0, format!("file:{}", self.display));
        if self.positions.first().is_none_or(|p| p.0 != 0) {
            self.positions
                .insert(0, (0, LineCol { line: 1, column: 1 }));
        }
    }

    /// Drops the text once it has been shown: what is left (findings with
    /// their positions, stats) is small, so a run over many files holds
    /// memory bounded by the largest file, not the sum.
    pub fn release(&mut self) {
        self.text = Arc::from("");
        self.diff = None;
    }

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
