//! How a report cites its 底稿 ([`Citations`]): footnote references and
//! inline markers such as （底稿：D-001）. The sources rule defines them;
//! every rule that reads a report's citations reads them through this one
//! reader (the rule set hands it to [`super::context::Context`]).

use std::ops::Range;

use regex::Regex;

use super::problem_part::Statement;
use crate::document::{Document, Span};

const OPENING: [char; 6] = ['（', '(', '〔', '[', '【', '［'];
const CLOSING: [char; 6] = ['）', ')', '〕', ']', '】', '］'];

/// A report's ways of citing a 底稿, compiled.
#[derive(Debug, Clone)]
pub struct Citations {
    /// Whether footnote references count as sources.
    pub footnotes: bool,
    /// Inline marker patterns, each with a group named `ids`.
    pub inline: Vec<Regex>,
    /// One ID inside an `ids` group.
    pub id: Regex,
    /// Per inline pattern, literals one of which its every match holds
    /// (底稿): a text with none of them has no marker of it. Found on first use.
    pub required: std::sync::OnceLock<Vec<Option<Vec<String>>>>,
}

impl Citations {
    /// Whether a statement carries at least one source reference: a
    /// footnote reference or an inline marker within it; in a table with a
    /// 底稿 column, an ID (or a reference) in that cell.
    pub fn is_sourced(&self, doc: &Document, st: &Statement) -> bool {
        let block = &doc.blocks[st.block];
        let text = block.text.as_str();
        let range = st.source_cell.clone().unwrap_or_else(|| st.range.clone());
        let footnote = self.footnotes && !block.footnote_refs.is_empty() && {
            let within = statement_span(doc, st, &range);
            block
                .footnote_refs
                .iter()
                .any(|&r| within.contains(&doc.footnote_refs[r].span.start))
        };
        let part = text.get(range).unwrap_or("");
        footnote
            || self.inline.iter().any(|re| re.is_match(part))
            || (st.source_cell.is_some() && self.id.is_match(part))
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

    /// The byte ranges of every inline marker in a plain text, inside its
    /// brackets (底稿：D-001 of （底稿：D-001）), for the protected spans: the
    /// brackets themselves may still be made full-width.
    pub fn markers<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let required = self.required.get_or_init(|| {
            self.inline
                .iter()
                .map(|re| crate::matcher::required_literals(re.as_str()))
                .collect()
        });
        let wanted = move |i: usize| {
            required
                .get(i)
                .and_then(Option::as_ref)
                .is_none_or(|words| words.iter().any(|w| text.contains(w.as_str())))
        };
        self.inline
            .iter()
            .enumerate()
            .filter(move |(i, _)| wanted(*i))
            .flat_map(move |(_, re)| {
                re.find_iter(text).map(|m| {
                    let t = m.as_str();
                    let open = t.chars().next().filter(|c| OPENING.contains(c));
                    let close = t.chars().next_back().filter(|c| CLOSING.contains(c));
                    m.start() + open.map_or(0, char::len_utf8)
                        ..m.end() - close.map_or(0, char::len_utf8)
                })
            })
    }
}

/// The source span of `range` of a statement's block text, reaching to the
/// block's end when the range does (a footnote reference after the final
/// 。 belongs to the last part).
fn statement_span(doc: &Document, st: &Statement, range: &Range<usize>) -> Span {
    let block = &doc.blocks[st.block];
    let span = block.text.source_span(range.clone());
    if range.end >= block.text.as_str().len() {
        span.start..block.span.end.max(span.start)
    } else {
        span
    }
}
