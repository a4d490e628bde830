//! Finding literal tokens and patterns in a text in one pass, with the
//! context checks (exceptions, `not_after`, `not_before`) that the regex
//! crate cannot express without look-around.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexSet};

/// Where a hit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The literal with this index.
    Literal(usize),
    /// The pattern with this index.
    Pattern(usize),
}

/// A hit: a byte range of the searched text and what matched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The bytes that matched.
    pub range: Range<usize>,
    /// The literal or pattern that matched.
    pub source: Source,
}

/// Literals in one Aho-Corasick automaton (leftmost-longest), patterns in a
/// `RegexSet` that skips the texts none can match.
#[derive(Debug, Clone)]
pub struct Matcher {
    literals: Vec<String>,
    ac: Option<AhoCorasick>,
    patterns: Vec<Regex>,
    set: Option<RegexSet>,
}

impl Matcher {
    /// Builds a matcher; the patterns must already be valid regexes.
    pub fn new(literals: Vec<String>, patterns: Vec<Regex>) -> Result<Matcher, String> {
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&literals)
                    .map_err(|e| e.to_string())?,
            )
        };
        let set = if patterns.is_empty() {
            None
        } else {
            Some(RegexSet::new(patterns.iter().map(|r| r.as_str())).map_err(|e| e.to_string())?)
        };
        Ok(Matcher {
            literals,
            ac,
            patterns,
            set,
        })
    }

    /// The literal with this index.
    pub fn literal(&self, i: usize) -> &str {
        &self.literals[i]
    }

    /// The pattern with this index.
    pub fn pattern(&self, i: usize) -> &Regex {
        &self.patterns[i]
    }

    /// Every hit in `text`, sorted by start, without overlaps (the earlier,
    /// then the longer, wins). `keep` decides whether a hit stands.
    pub fn find(&self, text: &str, keep: &dyn Fn(&Hit) -> bool) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(text) {
                let hit = Hit {
                    range: m.range(),
                    source: Source::Literal(m.pattern().as_usize()),
                };
                if keep(&hit) {
                    hits.push(hit);
                }
            }
        }
        if let Some(set) = &self.set {
            for i in set.matches(text).iter() {
                for m in self.patterns[i].find_iter(text) {
                    if m.is_empty() {
                        continue;
                    }
                    let hit = Hit {
                        range: m.range(),
                        source: Source::Pattern(i),
                    };
                    if keep(&hit) {
                        hits.push(hit);
                    }
                }
            }
        }
        if self.set.is_some() {
            hits.sort_by(|a, b| {
                a.range
                    .start
                    .cmp(&b.range.start)
                    .then(b.range.end.cmp(&a.range.end))
            });
            let mut end = 0;
            hits.retain(|h| {
                let ok = h.range.start >= end;
                if ok {
                    end = h.range.end;
                }
                ok
            });
        }
        hits
    }
}

/// Literal context around a hit that cancels it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Phrases that contain the hit and make it no hit (可能性 for 可能).
    pub exceptions: Vec<String>,
    /// Text just before the hit that cancels it.
    pub not_after: Vec<String>,
    /// Text just after the hit that cancels it.
    pub not_before: Vec<String>,
}

impl Context {
    /// Whether the hit at `range` of `text` is cancelled by its context.
    pub fn cancels(&self, text: &str, range: &Range<usize>) -> bool {
        let before = &text[..range.start];
        let after = &text[range.end..];
        if self.not_after.iter().any(|s| before.ends_with(s.as_str()))
            || self
                .not_before
                .iter()
                .any(|s| after.starts_with(s.as_str()))
        {
            return true;
        }
        let hit = &text[range.clone()];
        self.exceptions
            .iter()
            .any(|e| within_exception(text, range.start, hit, e))
    }
}

/// Whether the hit `hit` at `start` sits inside an occurrence of `exception`.
fn within_exception(text: &str, start: usize, hit: &str, exception: &str) -> bool {
    exception.match_indices(hit).any(|(k, _)| {
        start
            .checked_sub(k)
            .and_then(|s| text.get(s..s + exception.len()))
            .is_some_and(|t| t == exception)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_longest_literal_wins() {
        let m = Matcher::new(vec!["习近平思想".into(), "习近平".into()], vec![]).unwrap();
        let hits = m.find("学习习近平思想", &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(m.literal(0), "习近平思想");
        assert_eq!(hits[0].source, Source::Literal(0));
    }

    #[test]
    fn exceptions_and_context_cancel_hits() {
        let cx = Context {
            exceptions: vec!["可能性".into(), "尽可能".into()],
            not_after: vec!["中央".into()],
            not_before: vec![],
        };
        let t = "存在可能性，尽可能，可能违规";
        let starts: Vec<_> = t.match_indices("可能").map(|(i, _)| i).collect();
        let kept: Vec<_> = starts
            .iter()
            .filter(|&&s| !cx.cancels(t, &(s..s + "可能".len())))
            .collect();
        assert_eq!(kept.len(), 1);
        assert!(cx.cancels("中央八项规定", &(6..18)));
    }

    #[test]
    fn patterns_and_literals_do_not_overlap() {
        let m = Matcher::new(
            vec!["截止".into()],
            vec![Regex::new(r"截止\d{4}年").unwrap()],
        )
        .unwrap();
        let hits = m.find("截止2024年底", &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, Source::Pattern(0));
    }
}
