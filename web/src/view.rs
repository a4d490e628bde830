//! What the page shows of a report beyond check's JSON: each finding's
//! paragraph with the flagged characters, why the rule exists, the names
//! of the focuses.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use reportlint::diagnostic::FixSafety;
use reportlint::document::{self, Document};
use reportlint::report::FileReport;
use reportlint::rules::RuleSet;

/// One report as the page shows it.
#[derive(Debug, Serialize)]
pub struct View {
    /// The paragraphs that have findings, in order.
    pub paragraphs: Vec<Paragraph>,
    /// One per finding of check's JSON, in its order.
    pub findings: Vec<Finding>,
    /// The short name of each focus, in the framework's order.
    pub focuses: Vec<(String, String)>,
    /// Whether the evidence beside the report was looked at (a folder was
    /// chosen) or could not be.
    pub evidence_checked: bool,
}

/// A paragraph (or table row, or heading) with findings.
#[derive(Debug, Serialize)]
pub struct Paragraph {
    /// Its first line (for a Word report, its paragraph number).
    pub line: usize,
    /// Its text as the report has it.
    pub text: String,
}

/// Where a finding sits and what more the page can say of it.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// The paragraph, or none for a finding about the whole report.
    pub paragraph: Option<usize>,
    /// The flagged characters in the paragraph's text, in characters.
    pub start: usize,
    pub end: usize,
    /// "safe", "unsafe", or none.
    pub fix: Option<&'static str>,
    /// The lexicon entry behind it, when there is one (`explain 错误写法`).
    pub entry: Option<String>,
}

/// A rule as the page explains it.
#[derive(Debug, Serialize)]
pub struct RuleDoc {
    pub kind: &'static str,
    pub severity: &'static str,
    pub description: String,
    pub fix: Option<&'static str>,
}

fn safety(s: FixSafety) -> &'static str {
    match s {
        FixSafety::Safe => "safe",
        FixSafety::Unsafe => "unsafe",
    }
}

/// The page's view of a report; `word` for a report read from Word (one
/// line a paragraph).
pub fn view(rules: &RuleSet, report: &FileReport, word: bool, evidence_checked: bool) -> View {
    let text: &str = &report.text;
    // Markdown: the blocks the checks saw; Word: each line is a paragraph.
    let doc: Option<Document> = (!word && !text.is_empty()).then(|| document::parse(text));
    let lines = reportlint::source::LineIndex::new(text);
    let mut units: Vec<Range<usize>> = Vec::new();
    let mut paragraphs = Vec::new();
    let mut findings = Vec::with_capacity(report.diagnostics.len());
    for d in &report.diagnostics {
        let fix = d.fix.as_ref().map(|f| safety(f.safety));
        let flagged = text.get(d.span.clone()).unwrap_or_default();
        let entry = (!flagged.is_empty())
            .then(|| lexicon_entry(rules, &d.rule, flagged))
            .flatten();
        if d.span == (0..0) {
            findings.push(Finding {
                paragraph: None,
                start: 0,
                end: 0,
                fix,
                entry,
            });
            continue;
        }
        let unit = unit_of(text, doc.as_ref(), d.span.clone());
        let index = match units.iter().position(|u| *u == unit) {
            Some(i) => i,
            None => {
                units.push(unit.clone());
                paragraphs.push(Paragraph {
                    line: lines.line_col(text, unit.start).line,
                    text: text[unit.clone()].to_string(),
                });
                units.len() - 1
            }
        };
        let chars = |o: usize| {
            text[unit.start..o.clamp(unit.start, unit.end)]
                .chars()
                .count()
        };
        findings.push(Finding {
            paragraph: Some(index),
            start: chars(d.span.start),
            end: chars(d.span.end),
            fix,
            entry,
        });
    }
    let focuses = report
        .stats
        .focus_order
        .iter()
        .map(|id| {
            let name = report
                .stats
                .focus_names
                .get(id)
                .cloned()
                .unwrap_or_default();
            (id.clone(), name)
        })
        .collect();
    View {
        paragraphs,
        findings,
        focuses,
        evidence_checked,
    }
}

/// The lines holding `span`, widened to the block that holds its start.
fn unit_of(text: &str, doc: Option<&Document>, span: Range<usize>) -> Range<usize> {
    let line_start = |o: usize| text[..o.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |o: usize| {
        text[o.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| o + i)
    };
    let mut start = span.start;
    let mut end = span.end.max(span.start);
    if let Some(b) = doc.and_then(|d| {
        d.blocks
            .iter()
            .find(|b| b.span.start <= span.start && span.start < b.span.end.max(b.span.start + 1))
    }) {
        start = start.min(b.span.start);
        end = end.max(b.span.end);
    }
    // A span ending at a line's end must not take in the next line.
    let last = if end > start && text.as_bytes().get(end - 1) == Some(&b'\n') {
        end - 1
    } else {
        end
    };
    line_start(start)..line_end(last).max(line_start(start))
}

/// The lexicon entry a finding of `rule` on `flagged` comes from.
fn lexicon_entry(rules: &RuleSet, rule: &str, flagged: &str) -> Option<String> {
    let meta = rules.meta(rule)?;
    meta.entries
        .iter()
        .any(|e| e.wrong == flagged)
        .then(|| reportlint::output::rules_list::explain(rules, flagged))
        .flatten()
}

/// The page's explanation of each rule that has findings in `reports`.
pub fn rule_docs<'r>(
    rules: &RuleSet,
    reports: impl Iterator<Item = &'r FileReport>,
) -> BTreeMap<String, RuleDoc> {
    let mut out = BTreeMap::new();
    for d in reports.flat_map(|r| r.diagnostics.iter()) {
        if out.contains_key(&*d.rule) {
            continue;
        }
        if let Some(m) = rules.meta(&d.rule) {
            out.insert(
                d.rule.to_string(),
                RuleDoc {
                    kind: m.kind,
                    severity: m.severity.label(),
                    description: m.description.trim_end().to_string(),
                    fix: m.fix.map(safety),
                },
            );
        }
    }
    out
}
