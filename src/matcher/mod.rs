//! Finding literal tokens and patterns in a text in one pass. The literals
//! a pattern requires (its triggers) come from [`triggers`]; the context
//! checks the regex crate cannot express without look-around (exceptions,
//! `not_after`, `not_before`) are [`cancel`]'s.

pub mod cancel;
pub mod segment;
pub mod triggers;

pub use cancel::{Context, ExceptionPattern, Words};
use triggers::required_in;
pub use triggers::required_literals;

use std::ops::Range;

use aho_corasick::AhoCorasick;
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
/// ("trigger" literals, found by the same pass), and then searched only near
/// those occurrences when the pattern's matches have a bounded length.
#[derive(Debug, Clone)]
pub struct Matcher {
    literals: Vec<String>,
    /// This matcher's own automata over its literals and its triggers, for
    /// searches without a rule set's shared automaton (self-tests, single
    /// rules); built on first use, as a rule set's run never needs them.
    own: std::sync::OnceLock<Own>,
    patterns: Vec<Regex>,
    /// Per pattern: the longest match in bytes, when bounded and the pattern
    /// looks at no context (`\b`, `^`, `$`); it is then searched only in
    /// windows around its trigger occurrences.
    max_len: Vec<Option<usize>>,
    /// Literals one of which every match of a pattern contains;
    /// `trigger_of[i]` is the pattern of trigger literal `i`.
    trigger_words: Vec<String>,
    trigger_of: Vec<usize>,
    /// Per pattern: no trigger could be found for it, so it is always searched.
    untriggered: Vec<bool>,
}

/// What a rule set's shared automaton already found in a text for one
/// matcher: every occurrence, overlaps included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefound {
    /// (literal index, bytes) of each literal occurrence.
    pub literals: Vec<(usize, Range<usize>)>,
    /// (trigger index, bytes) of each trigger occurrence.
    pub triggers: Vec<(usize, Range<usize>)>,
}

/// A matcher's own automata (standard semantics: every occurrence) over its
/// literals and over its triggers; None for an empty list. Building one can
/// fail only for word lists beyond the automaton's capacity, and a rule set
/// holding this matcher has already built one over these and more words (or
/// failed to load), so a failure here finds nothing rather than panics.
#[derive(Debug, Clone)]
struct Own {
    literals: Option<AhoCorasick>,
    triggers: Option<AhoCorasick>,
}

impl Own {
    fn build(literals: &[String], triggers: &[String]) -> Own {
        let automaton = |words: &[String]| {
            (!words.is_empty())
                .then(|| AhoCorasick::new(words).ok())
                .flatten()
        };
        Own {
            literals: automaton(literals),
            triggers: automaton(triggers),
        }
    }
}

impl Matcher {
    /// Builds a matcher; the patterns must already be valid regexes.
    pub fn new(literals: Vec<String>, patterns: Vec<Regex>) -> Matcher {
        let mut trigger_words = Vec::new();
        let mut trigger_of = Vec::new();
        let mut untriggered = vec![false; patterns.len()];
        let mut max_len = Vec::with_capacity(patterns.len());
        for (i, re) in patterns.iter().enumerate() {
            let hir = regex_syntax::Parser::new().parse(re.as_str()).ok();
            max_len.push(hir.as_ref().and_then(|h| {
                let p = h.properties();
                p.look_set().is_empty().then(|| p.maximum_len()).flatten()
            }));
            match hir.as_ref().and_then(required_in) {
                Some(words) => {
                    for w in words {
                        trigger_words.push(w);
                        trigger_of.push(i);
                    }
                }
                None => untriggered[i] = true,
            }
        }
        Matcher {
            literals,
            own: std::sync::OnceLock::new(),
            patterns,
            max_len,
            trigger_words,
            trigger_of,
            untriggered,
        }
    }

    /// The patterns, in the order their indexes refer to.
    pub fn patterns(&self) -> &[Regex] {
        &self.patterns
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

    /// The trigger literals of the patterns, in the order their indexes refer to.
    pub fn trigger_words(&self) -> &[String] {
        &self.trigger_words
    }

    /// Every occurrence of every literal and trigger, found with this
    /// matcher's own automata (built here on first use).
    fn scan(&self, text: &str) -> Prefound {
        let own = self
            .own
            .get_or_init(|| Own::build(&self.literals, &self.trigger_words));
        let all = |ac: Option<&AhoCorasick>| -> Vec<(usize, Range<usize>)> {
            ac.into_iter()
                .flat_map(|ac| ac.find_overlapping_iter(text))
                .map(|m| (m.pattern().as_usize(), m.range()))
                .collect()
        };
        Prefound {
            literals: all(own.literals.as_ref()),
            triggers: all(own.triggers.as_ref()),
        }
    }

    /// Like [`Matcher::find`], with the occurrences of the literals and
    /// triggers already found by a rule set's shared automaton; `None`
    /// searches with this matcher's own.
    pub fn find_from(
        &self,
        text: &str,
        prefound: Option<Prefound>,
        keep: &dyn Fn(&Hit) -> bool,
    ) -> Vec<Hit> {
        let Prefound { literals, triggers } = prefound.unwrap_or_else(|| self.scan(text));
        if literals.is_empty() && triggers.is_empty() && !self.untriggered.contains(&true) {
            return Vec::new(); // most blocks: none of this rule's words
        }
        let literals = literals
            .into_iter()
            .map(|(lit, range)| Hit {
                range,
                source: Source::Literal(lit),
            })
            .collect();
        // At each start the longest that its context keeps.
        let mut hits = leftmost_longest(literals, |h| &h.range, keep);
        let literal_hits = hits.len();
        // Only the patterns one of whose trigger literals occurs can match;
        // the rest are skipped without a search.
        let mut triggers = triggers;
        triggers.sort_unstable_by_key(|(t, r)| (self.trigger_of[*t], r.start));
        let mut rest = &triggers[..];
        for (i, re) in self.patterns.iter().enumerate() {
            let n = rest
                .iter()
                .take_while(|(t, _)| self.trigger_of[*t] == i)
                .count();
            let (near, after) = rest.split_at(n);
            rest = after;
            let mut search = |window: Range<usize>| {
                find_in(re, text, window, &mut |range| {
                    let hit = Hit {
                        range,
                        source: Source::Pattern(i),
                    };
                    if keep(&hit) {
                        hits.push(hit);
                    }
                })
            };
            match (self.untriggered[i], self.max_len[i]) {
                (false, _) if near.is_empty() => {}
                (false, Some(len)) => {
                    windows(near.iter().map(|(_, r)| r), len, text.len(), &mut search)
                }
                _ => search(0..text.len()),
            }
        }
        if hits.len() > literal_hits {
            // Patterns and literals together: the earlier, then the longer
            // (a literal before a pattern of the same span).
            hits = leftmost_longest(hits, |h| &h.range, |_| true);
        }
        hits
    }
}

/// From every occurrence, overlaps included, the leftmost-longest
/// selection: ordered by start, at each start the longest one that `keep`
/// accepts, none overlapping the one kept before. Ties keep their order.
pub fn leftmost_longest<T>(
    mut all: Vec<T>,
    range: impl Fn(&T) -> &Range<usize>,
    mut keep: impl FnMut(&T) -> bool,
) -> Vec<T> {
    all.sort_by(|a, b| {
        let (a, b) = (range(a), range(b));
        a.start.cmp(&b.start).then(b.end.cmp(&a.end))
    });
    let mut end = 0;
    all.retain(|x| {
        let ok = range(x).start >= end && keep(x);
        if ok {
            end = range(x).end;
        }
        ok
    });
    all
}

/// The stretches of a text of `text_len` bytes that can hold a match of at
/// most `len` bytes containing one of the trigger occurrences `at` (sorted
/// by start): each occurrence widened by `len` on either side (cut at the
/// text's ends and kept on character boundaries by the search), overlaps
/// merged; each is handed to `each` in order.
fn windows<'a>(
    at: impl Iterator<Item = &'a Range<usize>>,
    len: usize,
    text_len: usize,
    each: &mut dyn FnMut(Range<usize>),
) {
    let mut open: Option<Range<usize>> = None;
    for r in at {
        let w = r.end.saturating_sub(len)..(r.start + len).min(text_len);
        match &mut open {
            Some(o) if w.start <= o.end => o.end = o.end.max(w.end),
            _ => {
                if let Some(done) = open.replace(w) {
                    each(done);
                }
            }
        }
    }
    if let Some(done) = open {
        each(done);
    }
}

/// The non-empty matches of `re` within `window` of `text`, as `find_iter`
/// over the window would give them, handed to `each`; a match may not run
/// past the window.
fn find_in(re: &Regex, text: &str, window: Range<usize>, each: &mut dyn FnMut(Range<usize>)) {
    let start = floor_char_boundary(text, window.start);
    let end = ceil_char_boundary(text, window.end);
    let hay = &text[..end];
    let mut pos = start;
    while pos <= end {
        let Some(m) = re.find_at(hay, pos) else { break };
        if m.is_empty() {
            pos = m.end() + hay[m.end()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        each(m.range());
        pos = m.end();
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_longest_literal_wins() {
        let m = Matcher::new(vec!["习近平思想".into(), "习近平".into()], vec![]);
        let hits = m.find("学习习近平思想", &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(m.literal(0), "习近平思想");
        assert_eq!(hits[0].source, Source::Literal(0));
    }

    /// The matcher without its shortcuts: every pattern searched over the
    /// whole text, every literal at every place, then the same selection.
    fn naive(literals: &[&str], patterns: &[Regex], text: &str) -> Vec<Range<usize>> {
        let mut hits: Vec<Range<usize>> = Vec::new();
        for l in literals {
            let mut from = 0;
            while let Some(i) = text[from..].find(l) {
                hits.push(from + i..from + i + l.len());
                from += i + text[from + i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        for re in patterns {
            hits.extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| m.range()),
            );
        }
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut end = 0;
        hits.retain(|h| {
            let ok = h.start >= end;
            if ok {
                end = h.end;
            }
            ok
        });
        hits
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Searching patterns only near their triggers finds what a search
        /// of the whole text finds.
        #[test]
        fn windows_find_what_the_whole_text_search_finds(
            text in "[0-9年月日号第〔〕截止千百万两个维护坚定“”省委中共甲乙\\.～]{0,80}"
        ) {
            let literals = ["截止", "两个维护", "千"];
            let patterns: Vec<Regex> = [
                r"截止(\d{4}年)",
                r"〔(\d{4})〕第0*([1-9]\d*)号",
                r"(\d{4})年0([1-9])月0?(3[01]|[12]\d|[1-9])日",
                r"(\d{4})年0([1-9])月",
                r"坚定(“?)两个维护(”?)",
                r"中共(\p{Han}{1,3})省省委",
                r"(\d+(?:\.\d+)?)～(\d+(?:\.\d+)?)(亿元|万元|亿|万|%)",
                r"(\d)千(\d)百万",
                r"\b\d{2}年",
            ]
            .iter()
            .map(|p| Regex::new(p).unwrap())
            .collect();
            let m = Matcher::new(literals.iter().map(|s| s.to_string()).collect(), patterns.clone());
            let got: Vec<_> = m.find(&text, &|_| true).into_iter().map(|h| h.range).collect();
            proptest::prop_assert_eq!(got, naive(&literals, &patterns, &text));
        }
    }

    #[test]
    fn bounded_patterns_are_windowed_and_context_patterns_are_not() {
        let m = Matcher::new(
            vec![],
            vec![
                Regex::new(r"(\d{4})年0([1-9])月").unwrap(),
                Regex::new(r"\d+年").unwrap(),
                Regex::new(r"\b\d{2}年").unwrap(),
            ],
        );
        // `\d` is any Unicode digit, up to four bytes: 4×4 + 年 3 + 0 + 1 digit + 月 3.
        assert_eq!(m.max_len, vec![Some(24), None, None]);
        let text = "2024年03月，2023年0";
        let hits: Vec<_> = m
            .find(text, &|_| true)
            .into_iter()
            .map(|h| h.range)
            .collect();
        // 2024年03月 (12 bytes) beats the shorter 2024年 at the same start; then 2023年.
        assert_eq!(hits, vec![0..12, 15..22]);
    }

    #[test]
    fn patterns_and_literals_do_not_overlap() {
        let m = Matcher::new(
            vec!["截止".into()],
            vec![Regex::new(r"截止\d{4}年").unwrap()],
        );
        let hits = m.find("截止2024年底", &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, Source::Pattern(0));
    }
}
