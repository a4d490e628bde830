//! What a rule id means ([`RuleMeta`]): its kind, severity, texts, fix
//! safety and where it is defined; everything `rules` and `explain` show.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Fix, FixSafety, Severity};
use crate::document::Span;

/// What a rule id means: everything `rules` and `explain` show.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    /// English kebab-case id.
    pub id: Arc<str>,
    /// The kind that implements it.
    pub kind: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The message template.
    pub message: String,
    /// The long description.
    pub description: String,
    /// Whether its findings carry a fix, and how safe it is.
    pub fix: Option<FixSafety>,
    /// The pack file it came from.
    pub origin: String,
    /// Where its id is written in that file.
    pub position: crate::source::LineCol,
    /// For lexicon rules: the entries with their notes and sources.
    pub entries: Vec<EntryDoc>,
}

/// One lexicon entry as documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDoc {
    /// The wrong form.
    pub wrong: String,
    /// The right form.
    pub right: String,
    /// Why.
    pub note: Option<String>,
    /// Where the right form comes from.
    pub source: Option<String>,
    /// The entry's examples: a text and what fixing it gives.
    pub examples: Vec<(String, String)>,
}

impl RuleMeta {
    /// A finding of this rule.
    pub fn diagnostic(&self, span: Span, message: String, fix: Option<Fix>) -> Diagnostic {
        Diagnostic {
            rule: self.id.clone(),
            severity: self.severity,
            span,
            message,
            fix,
            related: Vec::new(),
        }
    }
}
