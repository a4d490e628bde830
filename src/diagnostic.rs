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
}
