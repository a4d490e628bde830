//! What a rule reports: a rule id, a severity, a byte span, a message and
//! maybe a fix.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::document::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run (exit 1).
    Error,
    /// Fails the run only with `--deny-warnings`.
    Warning,
    /// A hint; never fails the run.
    Info,
}

impl Severity {
    /// The lowercase English name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The Chinese name shown to drafters.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a fix may be applied without a human look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Applied by `--fix`.
    Safe,
    /// Shown, applied only with `--unsafe-fixes`: the right wording depends on context.
    Unsafe,
}

impl FixSafety {
    /// Whether a fix of `safety` is applied when fixes up to `self` are
    /// asked for (`--fix`: safe; `--fix --unsafe-fixes`: unsafe too).
    pub fn allows(self, safety: FixSafety) -> bool {
        safety == FixSafety::Safe || self == FixSafety::Unsafe
    }

    /// The lowercase English name.
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
        }
    }
}

/// A replacement of one span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The bytes to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
    /// Whether `--fix` applies it.
    pub safety: FixSafety,
}

impl Fix {
    /// The fix that turns `matched`, a block's plain text found at `span`
    /// of `src`, into `replacement`; `None` when the source holds markup
    /// there. A hard-wrapped match (全面以严\n治党) is fixed where the
    /// source allows it: the edit is narrowed to the characters that change
    /// (以 → 从), and kept only if the line break is not among them.
    pub fn for_text(
        src: &str,
        span: Span,
        matched: &str,
        replacement: &str,
        safety: FixSafety,
    ) -> Option<Fix> {
        let written = src.get(span.clone())?;
        if written == matched {
            return Some(Fix {
                span,
                replacement: replacement.to_string(),
                safety,
            });
        }
        // Each byte of `matched` at its source offset, line breaks (and the
        // indentation after them) skipped.
        let mut offsets = Vec::with_capacity(matched.len() + 1);
        let mut m = matched.char_indices().peekable();
        let mut at_line_start = false;
        for (i, c) in written.char_indices() {
            match m.peek() {
                Some(&(_, want)) if c == want => {
                    for k in 0..c.len_utf8() {
                        offsets.push(span.start + i + k);
                    }
                    m.next();
                    at_line_start = false;
                }
                _ if c == '\n' || c == '\r' => at_line_start = true,
                _ if at_line_start && matches!(c, ' ' | '\t' | '\u{3000}') => {}
                _ => return None,
            }
        }
        if m.peek().is_some() {
            return None;
        }
        offsets.push(span.end);
        let (head, tail) = common_ends(matched, replacement);
        let end = matched.len() - tail;
        let start = offsets[head];
        // The end of the last changed character (or the insertion point).
        let stop = if end > head {
            offsets[end - 1] + 1
        } else {
            start
        };
        let stop = (stop..=span.end)
            .find(|&o| src.is_char_boundary(o))
            .unwrap_or(span.end);
        if src[start..stop].contains(['\n', '\r']) {
            return None;
        }
        Some(Fix {
            span: start..stop,
            replacement: replacement[head..replacement.len() - tail].to_string(),
            safety,
        })
    }
}

/// The bytes two texts share at their start and at their end, in whole
/// characters, not overlapping in either.
pub fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let head: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let room = a.len().min(b.len()) - head;
    let mut tail = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y || tail + x.len_utf8() > room {
            break;
        }
        tail += x.len_utf8();
    }
    (head, tail)
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id, English kebab-case.
    pub rule: Arc<str>,
    /// How serious it is.
    pub severity: Severity,
    /// What it is about, in bytes of the source.
    pub span: Span,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    /// A mechanical fix, where there is one.
    pub fix: Option<Fix>,
    /// Other places the finding refers to (the wording used elsewhere),
    /// for the language server's related information.
    pub related: Vec<Related>,
}

/// A second place a finding refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where, in bytes of the source.
    pub span: Span,
    /// What is there, in Chinese.
    pub message: String,
}

/// Sorts findings into output order: by position, then rule id.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, &a.rule, a.span.end).cmp(&(b.span.start, &b.rule, b.span.end))
    });
}

/// Replaces `{name}` placeholders in a message template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_named_placeholder() {
        assert_eq!(
            fill(
                "“{match}”应为“{replacement}”，{match}",
                &[("match", "甲"), ("replacement", "乙")]
            ),
            "“甲”应为“乙”，甲"
        );
    }

    fn fix(src: &str, matched: &str, replacement: &str) -> Option<String> {
        // The match's span: from its first character to its last, as the
        // plain text maps it (line breaks inside).
        let first = matched.chars().next()?;
        let last = matched.chars().next_back()?;
        let start = src.find(first)?;
        let end = src[start..].rfind(last)? + start + last.len_utf8();
        let f = Fix::for_text(src, start..end, matched, replacement, FixSafety::Safe)?;
        Some(format!(
            "{}{}{}",
            &src[..f.span.start],
            f.replacement,
            &src[f.span.end..]
        ))
    }

    #[test]
    fn a_wrapped_match_is_fixed_around_its_line_break() {
        assert_eq!(
            fix("推进全面以严\n治党。", "全面以严治党", "全面从严治党").as_deref(),
            Some("推进全面从严\n治党。")
        );
        assert_eq!(
            fix("的\n的确", "的的", "的").as_deref(),
            Some("的\n确"),
            "one of the two goes, the line break stays"
        );
        // The change would take the line break with it: no fix.
        assert_eq!(fix("以致\n于", "以致于", "以"), None);
        // Markup inside: no fix.
        assert_eq!(
            fix("全面**以**严治党", "全面以严治党", "全面从严治党"),
            None
        );
        assert_eq!(
            fix("全面以严治党", "全面以严治党", "全面从严治党").as_deref(),
            Some("全面从严治党")
        );
    }

    #[test]
    fn common_ends_are_whole_characters() {
        assert_eq!(common_ends("全面以严治党", "全面从严治党"), (6, 9));
        assert_eq!(common_ends("以致于", "以致"), (6, 0));
        assert_eq!(common_ends("aa", "aaa"), (2, 0));
        assert_eq!(common_ends("abc", "xyz"), (0, 0));
    }
}
