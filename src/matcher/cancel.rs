//! Context around a hit that cancels it: exceptions (可能性 for 可能),
//! exception patterns (可能造成…… for 可能: a consequence, not a guess),
//! text just before (`not_after`) and just after (`not_before`).

use std::ops::Range;

use super::segment::Segmentation;

/// Literal context around a hit that cancels it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Phrases that contain the hit and make it no hit (可能性 for 可能).
    pub exceptions: Vec<String>,
    /// Text just before the hit that cancels it.
    pub not_after: Vec<String>,
    /// Text just after the hit that cancels it.
    pub not_before: Vec<String>,
    /// Patterns whose match around the hit (holding it whole) cancels it.
    pub exception_patterns: Vec<ExceptionPattern>,
    /// How the hit is confirmed against the words of its sentence.
    pub words: Words,
}

/// How a hit is confirmed against the segmentation of its sentence
/// ([`super::segment`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Words {
    /// Not at all: the hit stands wherever it is (`word: false`).
    #[default]
    Literal,
    /// It must start and end on word boundaries: 村长 is no hit in
    /// 农村长者, and a hedge is no hedge inside a longer word (据传 in
    /// 数据传输, 估计 in 估计数).
    Whole,
    /// As `Whole`, or lie wholly inside one word, which then carries the
    /// wrong form itself (忿忿 in 忿忿不平, 帐户 in 个人帐户).
    Held,
}

impl Context {
    /// Whether the hit at `range` of a text is cancelled by its context;
    /// the text's words, when they are needed, come from `words`.
    pub fn cancels(&self, words: &Segmentation<'_>, range: &Range<usize>) -> bool {
        let text = words.text();
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
            || self.exception_patterns.iter().any(|p| p.holds(text, range))
            || match self.words {
                Words::Literal => false,
                Words::Whole => !words.on_word_boundaries(range, false),
                Words::Held => !words.on_word_boundaries(range, true),
            }
            || self.words != Words::Literal && super::segment::straddles_series(text, range)
    }
}

/// An exception pattern, and the longest text it can match (when bounded
/// and it looks at no context): it is then searched only that far around
/// a hit, not from the start of the block for every hit.
#[derive(Debug, Clone)]
pub struct ExceptionPattern {
    re: regex::Regex,
    max_len: Option<usize>,
}

impl ExceptionPattern {
    /// Wraps a compiled pattern.
    pub fn new(re: regex::Regex) -> ExceptionPattern {
        let max_len = regex_syntax::Parser::new()
            .parse(re.as_str())
            .ok()
            .and_then(|h| {
                let p = h.properties();
                p.look_set().is_empty().then(|| p.maximum_len()).flatten()
            });
        ExceptionPattern { re, max_len }
    }

    /// Whether a match holds the hit at `range` whole.
    fn holds(&self, text: &str, range: &Range<usize>) -> bool {
        let (from, to) = match self.max_len {
            Some(len) => {
                let mut from = range.end.saturating_sub(len);
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
                let mut to = (range.start + len).min(text.len());
                while !text.is_char_boundary(to) {
                    to += 1;
                }
                (from, to)
            }
            None => (0, text.len()),
        };
        self.re
            .find_iter(&text[from..to])
            .take_while(|m| from + m.start() <= range.start)
            .any(|m| from + m.end() >= range.end)
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
    fn exceptions_and_context_cancel_hits() {
        let cx = Context {
            exceptions: vec!["可能性".into(), "尽可能".into()],
            not_after: vec!["中央".into()],
            not_before: vec![],
            exception_patterns: vec![ExceptionPattern::new(
                regex::Regex::new("可能(造成|导致)").unwrap(),
            )],
            words: Words::Literal,
        };
        let t = "存在可能性，尽可能，可能违规";
        let starts: Vec<_> = t.match_indices("可能").map(|(i, _)| i).collect();
        let kept: Vec<_> = starts
            .iter()
            .filter(|&&s| !cx.cancels(&Segmentation::new(t), &(s..s + "可能".len())))
            .collect();
        assert_eq!(kept.len(), 1);
        assert!(cx.cancels(&Segmentation::new("中央八项规定"), &(6..18)));
        let t = "可能导致损失，可能违规";
        assert!(cx.cancels(&Segmentation::new(t), &(0..6)));
        assert!(!cx.cancels(&Segmentation::new(t), &(21..27)));
    }
}
