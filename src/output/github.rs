//! `--format github`: GitHub Actions workflow commands, which annotate the
//! lines of a pull request.

use std::io::{self, Write};

use super::format::{Format, FormatDef, range};
use crate::diagnostic::Severity;
use crate::report::FileReport;

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One file's workflow commands.
pub fn file_lines(f: &FileReport) -> String {
    let mut out = String::new();
    {
        for d in &f.diagnostics {
            let (s, e) = range(f, &d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&f.display),
                s.line,
                s.column,
                e.line,
                e.column,
                property(&d.rule),
                data(&d.message)
            ));
        }
    }
    out
}

/// `--format github`.
pub const FORMAT: FormatDef = FormatDef {
    name: "github",
    make: |_| Box::new(Github),
};

/// The GitHub workflow-command writer: a line a finding.
#[derive(Debug)]
struct Github;

impl Format for Github {
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        out.write_all(file_lines(f).as_bytes())
    }
}
