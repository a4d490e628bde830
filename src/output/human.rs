//! `--format human`: miette's graphical report, one per finding, with the
//! exact span labelled, the fix as help and character columns in the location.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::diagnostic::{Diagnostic, FixSafety, Severity};
use crate::report::FileReport;
use crate::source::char_source::CharSource;

use super::format::{Format, FormatDef, Totals, range};

/// How the human output looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Use colours and bold.
    pub color: bool,
}

struct Finding<'a> {
    d: &'a Diagnostic,
    source: &'a CharSource,
    help: Option<String>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&*self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.d.span;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, (span.start, span.end - span.start)),
        )))
    }
}

/// The help line for a fix.
fn fix_help(d: &Diagnostic) -> Option<String> {
    let fix = d.fix.as_ref()?;
    Some(match fix.safety {
        FixSafety::Safe => format!("改为“{}”（可用 --fix 自动修复）", fix.replacement),
        FixSafety::Unsafe => format!(
            "建议改为“{}”（需结合上下文确认；--fix --unsafe-fixes 可自动修复）",
            fix.replacement
        ),
    })
}

/// Renders one file's findings.
pub fn render_file(file: &FileReport, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    // Source lines are shown with personal identifiers masked (same offsets).
    let shown = crate::redact::redact(&file.text);
    let source = CharSource::new(file.display.clone(), std::sync::Arc::from(shown));
    let mut out = String::new();
    for d in &file.diagnostics {
        let finding = Finding {
            d,
            source: &source,
            help: fix_help(d),
        };
        if handler.render_report(&mut out, &finding).is_err() {
            // Rendering only fails on a span outside the text; say it plainly.
            let (s, _) = range(file, &d.span);
            out.push_str(&format!(
                "{}:{}:{}: {} [{}]\n",
                file.display, s.line, s.column, d.message, d.rule
            ));
        }
        out.push('\n');
    }
    out
}

/// The closing summary line.
pub fn summary(t: &Totals) -> String {
    let mut s = format!(
        "共检查 {} 个文件：{} 个错误，{} 个警告，{} 个提示。",
        t.files, t.errors, t.warnings, t.infos
    );
    if t.fixed > 0 {
        s.push_str(&format!("已自动修复 {} 处。", t.fixed));
    }
    if t.fixable > 0 {
        s.push_str(&format!("其中 {} 个可用 --fix 自动修复。", t.fixable));
    }
    s.push('\n');
    s
}

/// `--format human` (the default).
pub const FORMAT: FormatDef = FormatDef {
    name: "human",
    make: |o| {
        Box::new(Human {
            style: Style { color: o.color },
            summary: o.summary,
        })
    },
};

/// The human writer: each file's findings as they come, then a summary.
#[derive(Debug)]
struct Human {
    style: Style,
    summary: bool,
}

impl Format for Human {
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        out.write_all(render_file(f, self.style).as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
        if self.summary {
            out.write_all(summary(totals).as_bytes())?;
        }
        Ok(())
    }

    fn live(&self) -> bool {
        true
    }
}
