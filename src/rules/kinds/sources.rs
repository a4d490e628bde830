//! `sources`: every claim stands on a 底稿 ("凡是上报告的东西一定要有底稿"),
//! and every reference resolves. A source is a footnote reference `[^ID]` or
//! an inline marker such as （底稿：D-001）.

use std::ops::Range;

use regex::Regex;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::{Block, Document};
use crate::rules::load::Build;
use crate::rules::pack::RawRule;
use crate::rules::{Context, RuleMeta, first_line};
use crate::source::evidence::EvidenceSettings;

/// Inline markers taken when a pack gives none: （底稿：D-001）, （底稿D-001、D-002）,
/// (底稿: D-001), 〔底稿：XC-2024-012〕, 【底稿：D-1】.
pub const DEFAULT_INLINE_PATTERN: &str = r"[（(〔\[【]\s*底稿\s*(?:编号)?\s*[：:]?\s*(?P<ids>[A-Za-z0-9][A-Za-z0-9_\-]*(?:\s*[、,，;；/]\s*[A-Za-z0-9][A-Za-z0-9_\-]*)*)\s*[）)〕\]】]";

/// One ID inside an inline marker, when a pack gives none.
pub const DEFAULT_ID_PATTERN: &str = r"[A-Za-z0-9][A-Za-z0-9_\-]*";

/// A compiled sources rule.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `claim-without-source`.
    pub meta: RuleMeta,
    /// `unknown-source`.
    pub unknown: Option<RuleMeta>,
    /// `unused-source`.
    pub unused: Option<RuleMeta>,
    /// Where the read layer looks for the manifest and the 底稿 folder.
    pub settings: EvidenceSettings,
    footnotes: bool,
    inline: Vec<Regex>,
    id: Regex,
}

impl Sources {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Sources> {
        let patterns = raw
            .inline_patterns
            .clone()
            .unwrap_or_else(|| vec![DEFAULT_INLINE_PATTERN.to_string()]);
        let inline = b.regexes("inline_patterns", &patterns);
        for (i, re) in inline.iter().enumerate() {
            if !re.capture_names().any(|n| n == Some("ids")) {
                b.error(
                    &format!("inline_patterns[{i}]"),
                    "内联底稿标记的正则须有名为 ids 的分组，如 (?P<ids>…)",
                );
            }
        }
        let id = b.regex(
            "id_pattern",
            raw.id_pattern.as_deref().unwrap_or(DEFAULT_ID_PATTERN),
        )?;
        let defaults = EvidenceSettings::default();
        let settings = EvidenceSettings {
            manifest: raw.manifest.clone().unwrap_or(defaults.manifest),
            folder: raw.folder.clone().unwrap_or(defaults.folder),
        };
        let unknown = raw
            .unknown
            .as_ref()
            .map(|s| b.companion("unknown", s, &meta));
        let unused = raw.unused.as_ref().map(|s| b.companion("unused", s, &meta));
        Some(Sources {
            meta,
            unknown,
            unused,
            settings,
            footnotes: raw.footnotes.unwrap_or(true),
            inline,
            id,
        })
    }

    /// The IDs of inline markers in a plain text, with their byte ranges.
    pub fn inline_ids(&self, text: &str) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        for re in &self.inline {
            for caps in re.captures_iter(text) {
                let Some(ids) = caps.name("ids") else {
                    continue;
                };
                for m in self.id.find_iter(ids.as_str()) {
                    let start = ids.start() + m.start();
                    out.push((m.as_str().to_string(), start..start + m.len()));
                }
            }
        }
        out.sort_by_key(|(_, r)| r.start);
        out.dedup_by_key(|(_, r)| r.start);
        out
    }

    /// Whether a block carries at least one source reference.
    pub fn is_sourced(&self, block: &Block) -> bool {
        (self.footnotes && !block.footnote_refs.is_empty())
            || self
                .inline
                .iter()
                .any(|re| re.is_match(block.text.as_str()))
    }

    /// Reports unsourced claims, unresolved references and unused definitions.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc: &Document = cx.doc;
        let sourced = cx.claims_sourced(self);
        for (&i, &sourced) in cx.outline.claims.iter().zip(sourced.iter()) {
            let block = &doc.blocks[i];
            if !sourced {
                out.push(self.meta.diagnostic(
                    first_line(cx.src, &block.span),
                    self.meta.message.clone(),
                    None,
                ));
            }
        }
        // Sorted label lists, so that a report with thousands of footnotes
        // is not quadratic.
        let mut defined: Vec<&str> = doc.footnote_defs.iter().map(|d| d.label.as_str()).collect();
        let mut referenced: Vec<&str> =
            doc.footnote_refs.iter().map(|r| r.label.as_str()).collect();
        defined.sort_unstable();
        referenced.sort_unstable();
        if let Some(m) = &self.unknown {
            if self.footnotes {
                for r in &doc.footnote_refs {
                    if defined.binary_search(&r.label.as_str()).is_err() {
                        let id = format!("[^{}]", r.label);
                        out.push(m.diagnostic(
                            r.span.clone(),
                            fill(&m.message, &[("id", &id)]),
                            None,
                        ));
                    }
                }
            }
            let ev = cx.evidence;
            if ev.has_registry() && ev.manifest_error.is_none() {
                for block in &doc.blocks {
                    for (id, range) in self.inline_ids(block.text.as_str()) {
                        if !ev.holds(&id) {
                            let span = block.text.source_span(range);
                            out.push(m.diagnostic(span, fill(&m.message, &[("id", &id)]), None));
                        }
                    }
                }
            }
        }
        if let Some(m) = &self.unused {
            for d in &doc.footnote_defs {
                if referenced.binary_search(&d.label.as_str()).is_err() {
                    let id = format!("[^{}]", d.label);
                    out.push(m.diagnostic(
                        first_line(cx.src, &d.span),
                        fill(&m.message, &[("id", &id)]),
                        None,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let re = Regex::new(DEFAULT_INLINE_PATTERN).unwrap();
        let id = Regex::new(DEFAULT_ID_PATTERN).unwrap();
        let s = Sources {
            meta: test_meta(),
            unknown: None,
            unused: None,
            settings: EvidenceSettings::default(),
            footnotes: true,
            inline: vec![re],
            id,
        };
        s.inline_ids(text).into_iter().map(|(i, _)| i).collect()
    }

    fn test_meta() -> RuleMeta {
        RuleMeta {
            id: "claim-without-source".into(),
            kind: "sources",
            severity: crate::diagnostic::Severity::Error,
            message: String::new(),
            description: String::new(),
            fix: None,
            origin: String::new(),
            position: crate::source::LineCol { line: 1, column: 1 },
            entries: Vec::new(),
        }
    }

    #[test]
    fn default_markers_cover_the_usual_forms() {
        assert_eq!(ids("违规发放（底稿：D-001）。"), ["D-001"]);
        assert_eq!(ids("违规发放（底稿D-001、D-002）。"), ["D-001", "D-002"]);
        assert_eq!(ids("违规发放(底稿: D-001)。"), ["D-001"]);
        assert_eq!(ids("违规发放〔底稿：XC-2024-012〕。"), ["XC-2024-012"]);
        assert!(ids("违规发放（见附件）。").is_empty());
    }
}
