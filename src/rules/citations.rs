//! How a report cites its 底稿 ([`Citations`]): footnote references and
//! inline markers such as （底稿：D-001）. The sources rule defines them;
//! every rule that reads a report's citations reads them through this one
//! reader (the rule set hands it to [`super::context::Context`]).

use std::ops::Range;

use regex::Regex;

/// A report's ways of citing a 底稿, compiled.
#[derive(Debug, Clone)]
pub struct Citations {
    /// Whether footnote references count as sources.
    pub footnotes: bool,
    /// Inline marker patterns, each with a group named `ids`.
    pub inline: Vec<Regex>,
    /// One ID inside an `ids` group.
    pub id: Regex,
}

impl Citations {
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
}
