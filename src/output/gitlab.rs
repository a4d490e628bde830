//! `--format gitlab`: GitLab Code Quality report (a JSON array), with a
//! fingerprint per finding that survives edits elsewhere in the file.

use serde::Serialize;

use std::io::{self, Write};

use super::format::{Format, FormatDef, Items, Totals, range};
use crate::diagnostic::Severity;
use crate::report::FileReport;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// One file's issues, each pretty-printed.
pub fn file_issues(f: &FileReport) -> Vec<String> {
    f.diagnostics
        .iter()
        .zip(&f.fingerprints)
        .map(|(d, fp)| {
            let (s, e) = range(f, &d.span);
            let issue = Issue {
                description: format!("{} [{}]", d.message, d.rule),
                check_name: &d.rule,
                fingerprint: fp,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: &f.display,
                    lines: Lines {
                        begin: s.line,
                        end: e.line,
                    },
                },
            };
            serde_json::to_string_pretty(&issue).unwrap_or_default()
        })
        .collect()
}

/// `--format gitlab`.
pub const FORMAT: FormatDef = FormatDef {
    name: "gitlab",
    make: |_| Box::new(Gitlab::default()),
};

/// The GitLab Code Quality writer: one JSON array of issues.
#[derive(Debug, Default)]
struct Gitlab {
    items: Items,
}

impl Format for Gitlab {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        self.items.write(out, file_issues(f), 2)
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Totals) -> io::Result<()> {
        out.write_all(if self.items.any() { b"\n]\n" } else { b"]\n" })
    }
}
