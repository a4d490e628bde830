//! `--format json`: schema version 1.

use serde::Serialize;

use super::format::{Format, FormatDef, Items, Totals, indent, range};
use crate::report::FileReport;
use crate::analysis::stats::Stats;
use std::io::{self, Write};

/// The JSON schema version.
pub const VERSION: u32 = 1;

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

/// One file's entry, pretty-printed.
pub fn file_entry(f: &FileReport) -> String {
    let entry = File {
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
    };
    serde_json::to_string_pretty(&entry).unwrap_or_default()
}

/// The opening of the document, up to the files array.
pub fn head() -> String {
    format!("{{\n  \"version\": {VERSION},\n  \"files\": [")
}

/// The close of the document: the files array ends, then the summary.
pub fn tail(totals: &Totals, any_file: bool) -> String {
    let summary = Summary {
        files: totals.files,
        errors: totals.errors,
        warnings: totals.warnings,
        infos: totals.infos,
    };
    let summary = serde_json::to_string_pretty(&summary).unwrap_or_default();
    let nl = if any_file { "\n  " } else { "" };
    format!(
        "{nl}],\n  \"summary\": {}\n}}\n",
        indent(&summary, 2).trim_start()
    )
}

/// `--format json`.
pub const FORMAT: FormatDef = FormatDef {
    name: "json",
    make: |_| Box::new(Json::default()),
};

/// The JSON writer: the files array, then the summary.
#[derive(Debug, Default)]
struct Json {
    items: Items,
}

impl Format for Json {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(head().as_bytes())
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        self.items.write(out, vec![file_entry(f)], 4)
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
        out.write_all(tail(totals, self.items.any()).as_bytes())
    }
}
