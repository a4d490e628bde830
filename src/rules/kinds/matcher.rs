//! Finding literal tokens and patterns in a text in one pass, with the
//! context checks (exceptions, `not_after`, `not_before`) that the regex
//! crate cannot express without look-around.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

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

/// Literals in one Aho-Corasick automaton (leftmost-longest); patterns, where
/// a rule really needs one, each searched with its own literal prefilter.
#[derive(Debug, Clone)]
pub struct Matcher {
    literals: Vec<String>,
    ac: Option<AhoCorasick>,
    patterns: Vec<Regex>,
    /// All patterns as one alternation, when they combine: one pass over a
    /// text finds every pattern hit. `alternative[g]` is the pattern whose
    /// wrapping group is `g`.
    combined: Option<(Regex, Vec<Option<usize>>)>,
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
        Ok(Matcher {
            literals,
            ac,
            combined: combine(&patterns),
            patterns,
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
        if let Some((re, alternative)) = &self.combined {
            for caps in re.captures_iter(text) {
                let (Some(m), Some(i)) =
                    (caps.get(0), caps.iter().skip(1).position(|g| g.is_some()))
                else {
                    continue;
                };
                let Some(Some(p)) = alternative.get(i + 1) else {
                    continue;
                };
                if m.is_empty() {
                    continue;
                }
                let hit = Hit {
                    range: m.range(),
                    source: Source::Pattern(*p),
                };
                if keep(&hit) {
                    hits.push(hit);
                } else {
                    // Cancelled by context: another pattern may still match here.
                    self.find_at(text, m.start(), keep, &mut hits);
                }
            }
        } else {
            for (i, re) in self.patterns.iter().enumerate() {
                for m in re.find_iter(text) {
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
        if !self.patterns.is_empty() {
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

impl Matcher {
    /// The hits of each pattern that start exactly at `at`.
    fn find_at(&self, text: &str, at: usize, keep: &dyn Fn(&Hit) -> bool, hits: &mut Vec<Hit>) {
        for (i, re) in self.patterns.iter().enumerate() {
            if let Some(m) = re
                .find_at(text, at)
                .filter(|m| m.start() == at && !m.is_empty())
            {
                let hit = Hit {
                    range: m.range(),
                    source: Source::Pattern(i),
                };
                if keep(&hit) {
                    hits.push(hit);
                    return;
                }
            }
        }
    }
}

/// Joins patterns into one alternation `(p0)|(p1)|…`, recording which
/// capture group wraps which pattern. None when they do not combine (a
/// group name used twice, or the result too large).
fn combine(patterns: &[Regex]) -> Option<(Regex, Vec<Option<usize>>)> {
    if patterns.len() < 2 {
        return None;
    }
    let mut alternative = vec![None];
    let mut parts = Vec::new();
    for (i, re) in patterns.iter().enumerate() {
        parts.push(format!("({})", re.as_str()));
        alternative.push(Some(i));
        // The pattern's own groups follow its wrapper.
        alternative.extend(std::iter::repeat_n(None, re.captures_len() - 1));
    }
    let re = regex::RegexBuilder::new(&parts.join("|"))
        .size_limit(super::super::load::REGEX_SIZE_LIMIT * 4)
        .build()
        .ok()?;
    Some((re, alternative))
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
