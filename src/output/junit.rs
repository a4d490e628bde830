//! `--format junit`: JUnit XML for Jenkins and other CI: a test case per
//! file, a failure per error; warnings and infos go to `system-out`.

use super::range;
use crate::diagnostic::Severity;
use crate::lint::Run;

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

/// Renders a run as JUnit XML.
pub fn render(run: &Run) -> String {
    let failures: usize = run
        .files
        .iter()
        .filter(|f| f.count(Severity::Error) > 0)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"reportlint\" tests=\"{}\" failures=\"{failures}\">\n",
        run.files.len()
    ));
    out.push_str(&format!(
        "  <testsuite name=\"reportlint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">\n",
        run.files.len()
    ));
    for f in &run.files {
        out.push_str(&format!(
            "    <testcase classname=\"reportlint\" name=\"{}\">\n",
            xml(&f.display)
        ));
        let mut other = String::new();
        for d in &f.diagnostics {
            let (s, _) = range(f, &d.span);
            let line = format!(
                "{}:{}:{}: {} [{}]",
                f.display, s.line, s.column, d.message, d.rule
            );
            if d.severity == Severity::Error {
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
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
