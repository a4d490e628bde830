//! `--format concise`: one line a finding, `path:line:column: severity[rule]
//! message`, the shape editors' quickfix lists (Vim's `errorformat`, Emacs's
//! compilation mode) and grep-like tools read. Columns count characters.

use std::io::{self, Write};

use super::format::{Format, FormatDef, Totals, range};
use crate::report::FileReport;

/// `--format concise`.
pub const FORMAT: FormatDef = FormatDef {
    name: "concise",
    make: |o| Box::new(Concise { summary: o.summary }),
};

/// The concise writer.
#[derive(Debug)]
struct Concise {
    summary: bool,
}

/// One file's lines.
pub fn file_lines(f: &FileReport) -> String {
    let mut out = String::new();
    for d in &f.diagnostics {
        let (s, _) = range(f, &d.span);
        // A message is one line here whatever it holds.
        let message = d.message.replace(['\n', '\r'], " ");
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {message}\n",
            f.display,
            s.line,
            s.column,
            d.severity.as_str(),
            d.rule
        ));
    }
    out
}

impl Format for Concise {
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        out.write_all(file_lines(f).as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
        if self.summary {
            out.write_all(super::human::summary(totals).as_bytes())?;
        }
        Ok(())
    }

    fn live(&self) -> bool {
        true
    }
}
