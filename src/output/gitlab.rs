//! `--format gitlab`: GitLab Code Quality report (a JSON array), with a
//! fingerprint per finding that survives edits elsewhere in the file.

use serde::Serialize;

use super::range;
use crate::diagnostic::Severity;
use crate::lint::{FileReport, Run};

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

/// Renders a run as a Code Quality report: the same text the streaming writer produces.
pub fn render(run: &Run) -> String {
    let mut s = String::from("[");
    let mut any = false;
    for f in &run.files {
        for i in file_issues(f) {
            s.push_str(if any { ",\n" } else { "\n" });
            s.push_str(&super::json::indent(&i, 2));
            any = true;
        }
    }
    s.push_str(if any { "\n]\n" } else { "]\n" });
    s
}
