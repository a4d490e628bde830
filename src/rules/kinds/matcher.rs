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

/// Literals in one Aho-Corasick automaton (every occurrence, then leftmost-longest
/// selection; a rule set shares one automaton over all its rules' literals); patterns, where
/// a rule really needs one, skipped unless a literal they require occurs
/// (one more automaton over those "trigger" literals), then each searched
/// with the regex crate's own prefilters.
#[derive(Debug, Clone)]
pub struct Matcher {
    literals: Vec<String>,
    ac: Option<AhoCorasick>,
    patterns: Vec<Regex>,
    /// Literals one of which every match of a pattern contains, in one
    /// automaton; `trigger_of[i]` is the pattern of trigger literal `i`.
    triggers: Option<AhoCorasick>,
    trigger_of: Vec<usize>,
    /// Patterns no trigger could be found for: always searched.
    untriggered: Vec<usize>,
}

impl Matcher {
    /// Builds a matcher; the patterns must already be valid regexes.
    pub fn new(literals: Vec<String>, patterns: Vec<Regex>) -> Result<Matcher, String> {
        let ac = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&literals)
                    .map_err(|e| e.to_string())?,
            )
        };
        let mut trigger_words = Vec::new();
        let mut trigger_of = Vec::new();
        let mut untriggered = Vec::new();
        for (i, re) in patterns.iter().enumerate() {
            match required_literals(re.as_str()) {
                Some(words) => {
                    for w in words {
                        trigger_words.push(w);
                        trigger_of.push(i);
                    }
                }
                None => untriggered.push(i),
            }
        }
        let triggers = if trigger_words.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&trigger_words).map_err(|e| e.to_string())?)
        };
        Ok(Matcher {
            literals,
            ac,
            triggers,
            trigger_of,
            untriggered,
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
        self.find_from(text, None, keep)
    }

    /// The literals, in the order their indexes refer to.
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// Like [`Matcher::find`], with the literal candidates (every occurrence
    /// of every literal, overlaps included) already found by a rule set's
    /// shared automaton; `None` searches with this matcher's own.
    pub fn find_from(
        &self,
        text: &str,
        candidates: Option<Vec<(usize, Range<usize>)>>,
        keep: &dyn Fn(&Hit) -> bool,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut cands = match (candidates, &self.ac) {
            (Some(c), _) => c,
            (None, Some(ac)) => ac
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect(),
            (None, None) => Vec::new(),
        };
        // Leftmost-longest: at each start the longest that its context keeps.
        cands.sort_by(|a, b| a.1.start.cmp(&b.1.start).then(b.1.end.cmp(&a.1.end)));
        let mut end = 0;
        for (lit, range) in cands {
            if range.start < end {
                continue;
            }
            let hit = Hit {
                range,
                source: Source::Literal(lit),
            };
            if keep(&hit) {
                end = hit.range.end;
                hits.push(hit);
            }
        }
        if !self.patterns.is_empty() {
            // Only the patterns one of whose trigger literals occurs can
            // match; the rest are skipped without a search.
            let mut live = vec![false; self.patterns.len()];
            for &i in &self.untriggered {
                live[i] = true;
            }
            if let Some(t) = &self.triggers {
                for m in t.find_overlapping_iter(text) {
                    live[self.trigger_of[m.pattern().as_usize()]] = true;
                }
            }
            for (i, re) in self.patterns.iter().enumerate().filter(|(i, _)| live[*i]) {
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
        if !self.patterns.is_empty() && !hits.is_empty() {
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

/// Literals one of which every match of `pattern` must contain, when they
/// can be found: the pattern's best required piece (the longest, then the
/// fewest alternatives). None when the pattern can match without any.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    required(&hir).filter(|set| !set.is_empty() && set.iter().all(|s| !s.is_empty()))
}

/// The most characters a class may have to be used as a set of triggers.
const MAX_CLASS_TRIGGERS: usize = 16;

fn required(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![String::from_utf8(lit.0.to_vec()).ok()?]),
        HirKind::Class(Class::Unicode(c)) => {
            let n: u32 = c
                .ranges()
                .iter()
                .map(|r| r.end() as u32 - r.start() as u32 + 1)
                .sum();
            if n as usize > MAX_CLASS_TRIGGERS {
                return None;
            }
            Some(
                c.ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(String::from)
                    .collect(),
            )
        }
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required(a)?);
            }
            Some(all)
        }
        HirKind::Concat(parts) => parts.iter().filter_map(required).max_by_key(|set| {
            (
                set.iter().map(|s| s.chars().count()).min().unwrap_or(0),
                std::cmp::Reverse(set.len()),
            )
        }),
        _ => None,
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
    fn required_literals_of_lexicon_like_patterns() {
        let r = |p: &str| {
            required_literals(p).map(|mut v| {
                v.sort();
                v
            })
        };
        assert_eq!(r(r"截止(\d{4}年)"), Some(vec!["截止".into()]));
        assert_eq!(r(r"(\d{4})年0([1-9])月"), Some(vec!["年0".into()]));
        assert_eq!(r(r"(\d)千(\d)百万"), Some(vec!["百万".into()]));
        assert_eq!(r(r"坚定(“?)两个维护(”?)"), Some(vec!["两个维护".into()]));
        assert_eq!(r(r"(甲|乙)丙"), Some(vec!["丙".into()]));
        assert_eq!(r(r"\p{Han}+"), None);
        assert_eq!(r(r"a?"), None);
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
