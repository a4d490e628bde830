//! Suppression comments: a drafter silences a finding on purpose, with a
//! reason a reviewer can read.
//!
//! ```markdown
//! <!-- reportlint-disable hedging,preferred-term -- 引用信访原话 -->
//! …
//! <!-- reportlint-enable hedging,preferred-term -->
//! <!-- reportlint-disable-next-line claim-without-source -- 底稿在补充材料中 -->
//! <!-- reportlint-disable-file focus-not-covered -- 本轮为专项巡察 -->
//! ```
//!
//! Suppressions filter diagnostics after the rules ran and before output and
//! fixes. A suppression without a reason, one that silenced nothing, and one
//! naming an unknown rule are findings themselves.

use crate::diagnostic::{Diagnostic, fill};
use crate::document::{Document, Span};
use crate::rules::RuleSet;

use crate::rules::builtin::{UNKNOWN_RULE, UNUSED, WITHOUT_REASON};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Region,
    NextLine,
    File,
}

#[derive(Debug)]
struct Directive {
    kind: Reach,
    rule: String,
    /// Index of the comment in [`Document::comments`].
    comment: usize,
    /// Where it applies (a region's end is set by its `enable`).
    range: Span,
    used: bool,
}

/// Parses `reportlint-…` comments into one directive per rule named, and
/// reports comments without a reason or naming an unknown rule.
fn directives(
    doc: &Document,
    src_len: usize,
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) -> Vec<Directive> {
    let mut list: Vec<Directive> = Vec::new();
    for (ci, c) in doc.comments.iter().enumerate() {
        let Some(rest) = c.body.strip_prefix("reportlint-") else {
            continue;
        };
        let (keyword, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (ids, reason) = match rest.split_once("--") {
            Some((ids, reason)) => (ids, Some(reason.trim())),
            None => (rest, None),
        };
        let ids: Vec<&str> = ids
            .split([',', '，', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for id in &ids {
            if rules.meta(id).is_none()
                && let Some(m) = rules.meta(UNKNOWN_RULE)
            {
                out.push(m.diagnostic(c.span.clone(), fill(&m.message, &[("id", id)]), None));
            }
        }
        let kind = match keyword {
            "disable" => Reach::Region,
            "disable-next-line" => Reach::NextLine,
            "disable-file" => Reach::File,
            "enable" => {
                for d in list.iter_mut() {
                    if d.kind == Reach::Region
                        && d.range.end == usize::MAX
                        && (ids.is_empty() || ids.contains(&d.rule.as_str()))
                    {
                        d.range.end = c.span.start;
                    }
                }
                continue;
            }
            _ => continue,
        };
        if reason.is_none_or(str::is_empty)
            && let Some(m) = rules.meta(WITHOUT_REASON)
        {
            out.push(m.diagnostic(c.span.clone(), m.message.clone(), None));
        }
        let range = match (kind, &c.anchor) {
            (Reach::File, _) => 0..src_len,
            // A Word comment: the paragraphs it is anchored on.
            (_, Some(anchor)) => anchor.clone(),
            (Reach::Region, None) => c.span.end..usize::MAX,
            (Reach::NextLine, None) => doc
                .blocks
                .iter()
                .find(|b| b.span.start >= c.span.end)
                .map_or(c.span.end..c.span.end, |b| b.span.clone()),
        };
        for id in ids {
            list.push(Directive {
                kind,
                rule: id.to_string(),
                comment: ci,
                range: range.clone(),
                used: false,
            });
        }
    }
    for d in &mut list {
        d.range.end = d.range.end.min(src_len);
    }
    list
}

/// Removes suppressed diagnostics and adds the findings about suppressions.
pub fn apply(
    doc: &Document,
    src: &str,
    rules: &RuleSet,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    let mut list = directives(doc, src.len(), rules, &mut extra);
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut suppressed = false;
            for s in list.iter_mut() {
                let covers = s.range.start <= d.span.start
                    && d.span.start < s.range.end.max(s.range.start + 1);
                if covers && s.rule == *d.rule {
                    s.used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    if let Some(m) = rules.meta(UNUSED) {
        let mut comments: Vec<usize> = list.iter().map(|d| d.comment).collect();
        comments.dedup();
        for ci in comments {
            if !list.iter().any(|d| d.comment == ci && d.used) {
                kept.push(m.diagnostic(doc.comments[ci].span.clone(), m.message.clone(), None));
            }
        }
    }
    kept.extend(extra);
    crate::diagnostic::sort(&mut kept);
    kept
}
