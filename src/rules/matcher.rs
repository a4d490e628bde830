//! Finding literal tokens and patterns in a text in one pass, with the
//! context checks (exceptions, `not_after`, `not_before`) that the regex
//! crate cannot express without look-around.

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
    pub fn new(literals: Vec<String>, patterns: Vec<Regex>) -> Result<Matcher, String> {
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
        Ok(Matcher {
            literals,
            own: std::sync::OnceLock::new(),
            patterns,
            max_len,
            trigger_words,
            trigger_of,
            untriggered,
        })
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

/// Literals one of which every match of `pattern` must contain, when they
/// can be found: the pattern's best required piece (the longest, then the
/// fewest alternatives). None when the pattern can match without any.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    required_in(&regex_syntax::Parser::new().parse(pattern).ok()?)
}

fn required_in(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    required(hir).filter(|set| !set.is_empty() && set.iter().all(|s| !s.is_empty()))
}

/// The most characters a class may have to be used as a set of triggers.
const MAX_CLASS_TRIGGERS: usize = 16;

fn required(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required(a)?);
            }
            Some(all)
        }
        HirKind::Concat(parts) => {
            // A piece one part requires, or every spelling of a run of
            // adjacent parts that each match one of a few strings
            // (`\.(1[0-2]|0?[1-9])\.` → `.10.`, `.11.`, … `.9.`): longer
            // triggers occur less often, so fewer needless searches.
            let exact: Vec<Option<Vec<String>>> = parts.iter().map(exact).collect();
            let mut runs = Vec::new();
            for start in 0..parts.len() {
                let mut product = vec![String::new()];
                for set in exact[start..].iter() {
                    let Some(next) = set.as_deref().and_then(|set| spell(&product, set)) else {
                        break;
                    };
                    product = next;
                    runs.push(product.clone());
                }
            }
            parts
                .iter()
                .filter_map(required)
                .chain(runs)
                .filter(|set| set.iter().all(|s| !s.is_empty()))
                .max_by_key(|set| {
                    (
                        set.iter().map(|s| s.chars().count()).min().unwrap_or(0),
                        std::cmp::Reverse(set.len()),
                    )
                })
        }
        _ => None,
    }
}

/// The most strings a run of parts may spell to be used as triggers.
const MAX_SPELLINGS: usize = 64;

/// Each of `heads` followed by each of `tails`, unless that makes more
/// than [`MAX_SPELLINGS`].
fn spell(heads: &[String], tails: &[String]) -> Option<Vec<String>> {
    (heads.len() * tails.len() <= MAX_SPELLINGS).then(|| {
        heads
            .iter()
            .flat_map(|h| tails.iter().map(move |t| format!("{h}{t}")))
            .collect()
    })
}

/// Every string `hir` matches, when they are few (at most [`MAX_SPELLINGS`];
/// a class at most [`MAX_CLASS_TRIGGERS`] characters).
fn exact(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    let set = match hir.kind() {
        HirKind::Empty => vec![String::new()],
        HirKind::Literal(lit) => vec![String::from_utf8(lit.0.to_vec()).ok()?],
        HirKind::Class(Class::Unicode(c)) => {
            let n: usize = c
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            if n > MAX_CLASS_TRIGGERS {
                return None;
            }
            c.ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(String::from)
                .collect()
        }
        HirKind::Capture(c) => exact(&c.sub)?,
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut set = exact(&r.sub)?;
            set.push(String::new());
            set
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(exact(a)?);
            }
            all
        }
        HirKind::Concat(parts) => {
            let mut product = vec![String::new()];
            for p in parts {
                product = spell(&product, &exact(p)?)?;
            }
            product
        }
        _ => return None,
    };
    (set.len() <= MAX_SPELLINGS).then_some(set)
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
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(r(r"截止(\d{4}年)"), strings(&["截止"]));
        // 年0, then one of 1–9, then 月: spelt out.
        let months: Vec<String> = (1..=9).map(|m| format!("年0{m}月")).collect();
        assert_eq!(r(r"(\d{4})年0([1-9])月"), Some(months));
        assert_eq!(r(r"(\d)千(\d)百万"), strings(&["百万"]));
        // As long as with the closing quote, and half the spellings.
        assert_eq!(
            r(r"坚定(“?)两个维护(”?)"),
            strings(&["坚定“两个维护", "坚定两个维护"])
        );
        assert_eq!(r(r"(甲|乙)丙"), strings(&["乙丙", "甲丙"]));
        // Dots around a month: `.10.` … `.9.`, not every dot of 12.6万元.
        let dotted = r(r"(\d{4})\.(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])").unwrap();
        assert_eq!(dotted.len(), 21);
        assert!(dotted.contains(&".10.".to_string()) && dotted.contains(&".07.".to_string()));
        // More spellings than allowed: the best single piece instead.
        assert_eq!(r(r"[一二三四五六七八九十]{3}、"), strings(&["、"]));
        assert_eq!(r(r"\p{Han}+"), None);
        assert_eq!(r(r"a?"), None);
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
            let m = Matcher::new(literals.iter().map(|s| s.to_string()).collect(), patterns.clone()).unwrap();
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
        )
        .unwrap();
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
        )
        .unwrap();
        let hits = m.find("截止2024年底", &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, Source::Pattern(0));
    }
}
