//! `--format junit`: JUnit XML for Jenkins and other CI: a test case per
//! file, a failure per error; warnings and infos go to `system-out`.

use std::io::{self, Write};

use super::format::{Format, FormatDef, Totals, range};
use crate::diagnostic::Severity;
use crate::report::FileReport;

/// Escapes text for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {
                out.push_str(&format!("&#x{:X};", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// One file's test case, and whether it failed.
pub fn testcase(f: &FileReport) -> (String, bool) {
    let mut out = format!(
        "    <testcase classname=\"reportlint\" name=\"{}\">\n",
        xml(&f.display)
    );
    let mut other = String::new();
    let mut failed = false;
    for d in &f.diagnostics {
        let (s, _) = range(f, &d.span);
        let line = format!(
            "{}:{}:{}: {} [{}]",
            f.display, s.line, s.column, d.message, d.rule
        );
        if d.severity == Severity::Error {
            failed = true;
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                xml(&d.rule),
                xml(&d.message),
                xml(&line)
            ));
        } else {
            other.push_str(&format!("{}：{line}\n", d.severity.label()));
        }
    }
    if !other.is_empty() {
        out.push_str(&format!("      <system-out>{}</system-out>\n", xml(&other)));
    }
    out.push_str("    </testcase>\n");
    (out, failed)
}

/// The document around the test cases (JUnit counts come first, so the
/// cases are gathered before writing).
pub fn document(cases: &str, tests: usize, failures: usize) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"reportlint\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"reportlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

/// `--format junit`.
pub const FORMAT: FormatDef = FormatDef {
    name: "junit",
    make: |_| Box::new(Junit::default()),
};

/// The JUnit writer: its counts come first, so the cases wait for the end.
#[derive(Debug, Default)]
struct Junit {
    cases: String,
    failures: usize,
}

impl Format for Junit {
    fn file(&mut self, _: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        let (case, failed) = testcase(f);
        self.cases.push_str(&case);
        self.failures += usize::from(failed);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
        out.write_all(document(&self.cases, totals.files, self.failures).as_bytes())
    }
}
