//! What every output format of `check` is ([`Format`]): started once,
//! given each file's findings in path order, finished with the totals. A
//! format keeps its own state; the formats sit above this module and the
//! registry ([`super::FORMATS`]) above them.

use std::io::{self, Write};

use crate::report::FileReport;
use crate::rules::RuleSet;
use crate::source::LineCol;

/// What a format may need to start: the rule set, and how a person's
/// terminal is set up.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The rules of the run (SARIF lists them).
    pub rules: &'a RuleSet,
    /// Colours and bold in human output.
    pub color: bool,
    /// Whether human output ends with its summary line.
    pub summary: bool,
}

/// One output format of `check`.
pub trait Format {
    /// Before the first file.
    fn start(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// One file's findings.
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()>;

    /// After the last file.
    fn finish(&mut self, _out: &mut dyn Write, _totals: &Totals) -> io::Result<()> {
        Ok(())
    }

    /// Whether a person reads it as it comes (written out after each file).
    fn live(&self) -> bool {
        false
    }
}

/// A format's name on the command line and how to make one.
#[derive(Debug, Clone, Copy)]
pub struct FormatDef {
    /// The value of `--format`.
    pub name: &'static str,
    /// A new writer of this format.
    pub make: fn(&Options<'_>) -> Box<dyn Format>,
}

/// The elements of a JSON array written one at a time, with the commas
/// between them (JSON, SARIF and GitLab stream this way).
#[derive(Debug, Default)]
pub struct Items {
    any: bool,
}

impl Items {
    /// Writes elements, each indented by `indent` spaces.
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        items: Vec<String>,
        indent_by: usize,
    ) -> io::Result<()> {
        for i in items {
            out.write_all(if self.any { b",\n" } else { b"\n" })?;
            out.write_all(indent(&i, indent_by).as_bytes())?;
            self.any = true;
        }
        Ok(())
    }

    /// Whether any element was written.
    pub fn any(&self) -> bool {
        self.any
    }
}

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

/// Indents every line by `n` spaces.
pub fn indent(s: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    let mut out = String::with_capacity(s.len() + n * (1 + s.len() / 16));
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&pad);
        out.push_str(line);
    }
    out
}
