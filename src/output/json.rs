//! `--format json`: schema version 1.

use serde::Serialize;

use super::range;
use crate::lint::Run;
use crate::rules::stats::Stats;

/// The JSON schema version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Diag<'a>>,
    stats: &'a Stats,
}

#[derive(Serialize)]
struct Diag<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    replacement: &'a str,
}

/// Renders a run as JSON (one document, pretty-printed, ending in a newline).
pub fn render(run: &Run) -> String {
    use crate::diagnostic::Severity::*;
    let out = Output {
        version: VERSION,
        summary: Summary {
            files: run.files.len(),
            errors: run.count(Error),
            warnings: run.count(Warning),
            infos: run.count(Info),
        },
        files: run
            .files
            .iter()
            .map(|f| File {
                path: &f.display,
                stats: &f.stats,
                diagnostics: f
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let (start, end) = range(f, &d.span);
                        Diag {
                            rule: &d.rule,
                            severity: d.severity.as_str(),
                            message: &d.message,
                            line: start.line,
                            column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                            fix: d.fix.as_ref().map(|x| FixOut {
                                replacement: &x.replacement,
                            }),
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
