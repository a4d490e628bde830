//! `sources`: every claim stands on a 底稿 ("凡是上报告的东西一定要有底稿"),
//! and every reference resolves. A source is a footnote reference `[^ID]` or
//! an inline marker such as （底稿：D-001）, （见底稿D-1）, （底稿：SC-07，第12页）;
//! in a table with a 底稿 column, that column's cell.

use crate::analysis::citations::Citations;
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::pack::RawSubRule;
use serde::Deserialize;

use regex::Regex;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::first_line;
use crate::document::Document;
use crate::rules::compile::Build;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;
use crate::analysis::Setting;
use crate::source::evidence::EvidenceSettings;

/// Inline markers taken when a pack gives none: （底稿：D-001）, （底稿D-001、D-002）,
/// (底稿: D-001), 〔底稿：XC-2024-012〕, 【底稿：D-1】, [底稿D-1], （见底稿D-1）,
/// （详见底稿SC-06）, （见巡察底稿SC-12）, （底稿编号：XC2024-012）, （底稿：SC-07，第12页）.
pub const DEFAULT_INLINE_PATTERN: &str = r"[（(〔\[【]\s*(?:(?:详见|参见|见)\s*)?(?:巡察|巡视)?底稿\s*(?:编号)?\s*[：:]?\s*(?P<ids>[A-Za-z0-9][A-Za-z0-9_\-]*(?:\s*[、,，;；/]\s*[A-Za-z0-9][A-Za-z0-9_\-]*)*)\s*(?:[，,;；]\s*第\s*[0-9]+(?:\s*[-—～~]\s*[0-9]+)?\s*页)?\s*[）)〕\]】]";

/// Text in brackets that mentions 底稿: a source the drafter meant to cite.
const MENTION_PATTERN: &str =
    r"[（(〔\[【][^（）()〔〕\[\]【】\n]{0,40}底稿[^（）()〔〕\[\]【】\n]{0,40}[）)〕\]】]";

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
    /// `unrecognized-source`.
    pub unrecognized: Option<RuleMeta>,
}

/// [`MENTION_PATTERN`], compiled once.
fn mention() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| Regex::new(MENTION_PATTERN).expect("valid pattern"))
}

impl Sources {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Sources> {
        let k: Keys = b.keys(raw)?;
        let patterns = k
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
            k.id_pattern.as_deref().unwrap_or(DEFAULT_ID_PATTERN),
        )?;
        let defaults = EvidenceSettings::default();
        let settings = EvidenceSettings {
            manifest: k.manifest.clone().unwrap_or(defaults.manifest),
            folder: k.folder.clone().unwrap_or(defaults.folder),
        };
        let unknown = k.unknown.as_ref().map(|s| b.companion("unknown", s, &meta));
        let unused = k.unused.as_ref().map(|s| b.companion("unused", s, &meta));
        let unrecognized = k
            .unrecognized
            .as_ref()
            .map(|s| b.companion("unrecognized", s, &meta));
        let citations = Citations {
            footnotes: k.footnotes.unwrap_or(true),
            inline,
            id,
            required: Default::default(),
        };
        b.define(Setting::Sources(citations, settings));
        Some(Sources {
            meta,
            unknown,
            unused,
            unrecognized,
        })
    }

    /// Text in brackets that mentions 底稿 but is no marker this rule
    /// reads, in a text: byte ranges.
    fn unrecognized_in(citations: &Citations, text: &str) -> Vec<std::ops::Range<usize>> {
        if !text.contains("底稿") {
            return Vec::new();
        }
        // A mention spans one pair of brackets with none inside, so a
        // marker that reads it lies within it: decided on the mention alone.
        mention()
            .find_iter(text)
            .filter(|m| {
                !citations
                    .inline
                    .iter()
                    .any(|re| re.is_match(m.as_str()))
            })
            .map(|m| m.range())
            .collect()
    }

    /// Reports unsourced claims, unresolved references and unused definitions.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc: &Document = cx.doc;
        let Some(citations) = &cx.structure.citations else {
            return;
        };
        let sourced = &cx.analysis.sourced;
        let mut mentioned = Vec::new();
        if let Some(m) = &self.unrecognized {
            for i in cx.analysis.problems.statement_blocks() {
                let block = &doc.blocks[i];
                for r in Sources::unrecognized_in(citations, block.text.as_str()) {
                    mentioned.push((i, r.clone()));
                    out.push(m.diagnostic(block.text.source_span(r), m.message.clone(), None));
                }
            }
        }
        for (st, &sourced) in cx.analysis.problems.statements.iter().zip(sourced.iter()) {
            if sourced {
                continue;
            }
            // A statement citing its 底稿 in a form this rule cannot read
            // has `unrecognized-source` instead.
            let cites = mentioned
                .iter()
                .any(|(b, r)| *b == st.block && st.range.contains(&r.start));
            if cites {
                continue;
            }
            out.push(self.meta.diagnostic(
                st.finding_span(cx.src, doc),
                self.meta.message.clone(),
                None,
            ));
        }
        // Sorted label lists, so that a report with thousands of footnotes
        // is not quadratic.
        let mut defined: Vec<&str> = doc.footnote_defs.iter().map(|d| d.label.as_str()).collect();
        let mut referenced: Vec<&str> =
            doc.footnote_refs.iter().map(|r| r.label.as_str()).collect();
        defined.sort_unstable();
        referenced.sort_unstable();
        if let Some(m) = &self.unknown {
            if citations.footnotes {
                for r in &doc.footnote_refs {
                    if defined.binary_search(&r.label.as_str()).is_err() {
                        let id = note_id(doc, &r.label);
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
                    for (id, range) in citations.inline_ids(block.text.as_str()) {
                        if !ev.holds(&id) {
                            let span = block.text.source_span(range);
                            out.push(m.diagnostic(span, fill(&m.message, &[("id", &id)]), None));
                        }
                    }
                }
                // IDs written bare in a table's 底稿 column.
                for st in &cx.analysis.problems.statements {
                    let Some(cell) = &st.source_cell else {
                        continue;
                    };
                    let block = &doc.blocks[st.block];
                    let text = block.text.as_str().get(cell.clone()).unwrap_or("");
                    if citations.inline.iter().any(|re| re.is_match(text)) {
                        continue; // a marker in the cell: read above
                    }
                    for found in citations.id.find_iter(text) {
                        if !ev.holds(found.as_str()) {
                            let at = cell.start + found.start()..cell.start + found.end();
                            out.push(m.diagnostic(
                                block.text.source_span(at),
                                fill(&m.message, &[("id", found.as_str())]),
                                None,
                            ));
                        }
                    }
                }
            }
        }
        if let Some(m) = &self.unused {
            for d in &doc.footnote_defs {
                if referenced.binary_search(&d.label.as_str()).is_err() {
                    let id = note_id(doc, &d.label);
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

/// The keys a `sources` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    footnotes: Option<bool>,
    inline_patterns: Option<Vec<String>>,
    id_pattern: Option<String>,
    manifest: Option<String>,
    folder: Option<String>,
    unknown: Option<RawSubRule>,
    unused: Option<RawSubRule>,
    unrecognized: Option<RawSubRule>,
}

/// The `sources` kind.
pub const KIND: KindDef = KindDef {
    name: "sources",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["id"],
    compile: |b, raw, meta, _| boxed(Sources::compile(b, raw, meta)),
};

impl Rule for Sources {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Sources::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!(unknown, unused, unrecognized);
}

/// A footnote's label as the drafter sees it: `[^D-001]` in Markdown, “D-001”
/// in Word (whose notes carry no label; it is the note's leading ID or its
/// number).
fn note_id(doc: &crate::document::Document, label: &str) -> String {
    match doc.origin {
        crate::document::Origin::Word => format!("“{label}”"),
        _ => format!("[^{label}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let re = Regex::new(DEFAULT_INLINE_PATTERN).unwrap();
        let id = Regex::new(DEFAULT_ID_PATTERN).unwrap();
        let citations = Citations {
            footnotes: true,
            inline: vec![re],
            id,
            required: Default::default(),
        };
        citations.inline_ids(text).into_iter().map(|(i, _)| i).collect()
    }

    #[test]
    fn default_markers_cover_the_usual_forms() {
        assert_eq!(ids("违规发放（底稿：D-001）。"), ["D-001"]);
        assert_eq!(ids("违规发放（底稿D-001、D-002）。"), ["D-001", "D-002"]);
        assert_eq!(ids("违规发放(底稿: D-001)。"), ["D-001"]);
        assert_eq!(ids("违规发放〔底稿：XC-2024-012〕。"), ["XC-2024-012"]);
        assert!(ids("违规发放（见附件）。").is_empty());
        assert!(ids("违规发放（附件1）。").is_empty());
        assert_eq!(ids("违规发放（见底稿D-1）。"), ["D-1"]);
        assert_eq!(ids("违规发放（详见底稿SC-06）。"), ["SC-06"]);
        assert_eq!(ids("违规发放（见巡察底稿SC-12）。"), ["SC-12"]);
        assert_eq!(ids("违规发放（底稿编号：XC2024-012）。"), ["XC2024-012"]);
        assert_eq!(ids("违规发放（底稿：SC-07，第12页）。"), ["SC-07"]);
        assert_eq!(ids("违规发放（底稿D-1、D-2）。"), ["D-1", "D-2"]);
        assert_eq!(ids("违规发放[底稿D-1]。"), ["D-1"]);
        assert_eq!(ids("违规发放【底稿：D-1】。"), ["D-1"]);
        assert!(ids("违规发放（底稿在补充材料里）。").is_empty());
    }
}
