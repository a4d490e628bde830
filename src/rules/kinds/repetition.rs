//! `repetition`: a character or word written twice by mistake (的的, 了了,
//! 是是, 在在). Doubling that is Chinese grammar is not a finding: AABB forms
//! (的的确确, 是是非非, 干干净净) always pass, and `exceptions` lists the
//! phrases a doubled token may stand in (不了了之, 目的的, 存在在建). Without
//! `tokens`, every doubled Han character is looked at (for packs that list
//! the allowed reduplications 常常, 天天, 人人 … in `exceptions`). The safe
//! fix removes the repeat.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Fix, FixSafety, fill};
use crate::document::layout::is_han;
use crate::rules::compile::Build;
use crate::rules::context::{Context, Owned, Scope, small};
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// The keys a `repetition` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    tokens: Option<Vec<String>>,
    exceptions: Option<Vec<String>>,
}

/// The `repetition` kind.
pub const KIND: KindDef = KindDef {
    name: "repetition",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["match", "replacement"],
    compile: |b, raw, meta, scope| boxed(Repetition::compile(b, raw, meta, scope)),
};

/// A compiled repetition rule.
#[derive(Debug, Clone)]
pub struct Repetition {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    /// The doubled forms looked for (`的的`), or none: every Han character.
    doubled: Vec<String>,
    /// Their automaton, when the rule set has none (self-tests, one rule).
    own: Option<aho_corasick::AhoCorasick>,
    exceptions: Vec<String>,
}

/// A doubled token found: where, and the single form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The doubled text's byte range.
    pub range: std::ops::Range<usize>,
    /// The token written once.
    pub single: String,
}

impl Repetition {
    /// Compiles the rule and runs its specs.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        meta: RuleMeta,
        scope: Scope,
    ) -> Option<Repetition> {
        let k: Keys = b.keys(raw)?;
        let tokens = k.tokens.unwrap_or_default();
        b.literals("tokens", &tokens);
        let exceptions = k.exceptions.unwrap_or_default();
        b.literals("exceptions", &exceptions);
        let doubled: Vec<String> = tokens.iter().map(|t| format!("{t}{t}")).collect();
        let own = if doubled.is_empty() {
            None
        } else {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&doubled)
                .ok()
        };
        let rule = Repetition {
            meta,
            scope,
            doubled,
            own,
            exceptions,
        };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            let key = format!("specs[{i}]");
            match (&spec.from, &spec.to, &spec.hit, &spec.miss) {
                (Some(from), Some(to), None, None) => {
                    let got = rule.apply(from);
                    if &got != to {
                        b.spec_failed(&key, format!("“{from}”应改为“{to}”，实际为“{got}”"));
                    }
                }
                (None, None, Some(t), None) if rule.find(t, None).is_empty() => {
                    b.spec_failed(&key, format!("应在“{t}”中发现重复，实际没有"))
                }
                (None, None, None, Some(t)) => {
                    if let Some(r) = rule.find(t, None).first() {
                        b.spec_failed(
                            &key,
                            format!("“{t}”中不应有重复，实际发现“{}”", &t[r.range.clone()]),
                        );
                    }
                }
                (None, None, Some(_), None) => {}
                _ => b.error(
                    &key,
                    "repetition 规则的自测写作 {from: 文本, to: 改正后的文本}、{hit: 文本} 或 {miss: 文本}",
                ),
            }
        }
        Some(rule)
    }

    /// The doubled tokens in a text, leftmost first, not overlapping.
    /// `found` holds the occurrences the rule set's shared automaton found
    /// (indexes into the doubled forms); without it this rule searches.
    pub fn find(&self, text: &str, found: Option<Vec<(usize, std::ops::Range<usize>)>>) -> Vec<Repeat> {
        let candidates: Vec<std::ops::Range<usize>> = if self.doubled.is_empty() {
            every_doubled_han(text)
        } else {
            match found {
                Some(mut f) => {
                    f.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
                    f.into_iter().map(|(_, r)| r).collect()
                }
                None => self
                    .own
                    .iter()
                    .flat_map(|ac| ac.find_iter(text).map(|m| m.range()))
                    .collect(),
            }
        };
        let mut out: Vec<Repeat> = Vec::new();
        for r in candidates {
            if out.last().is_some_and(|p| r.start < p.range.end) {
                continue; // 的的的: one finding
            }
            if self.excepted(text, &r) || aabb(text, &r) {
                continue;
            }
            let single = text[r.start..r.start + (r.end - r.start) / 2].to_string();
            out.push(Repeat { range: r, single });
        }
        out
    }

    /// Whether an exception phrase covers the doubled text.
    fn excepted(&self, text: &str, r: &std::ops::Range<usize>) -> bool {
        self.exceptions.iter().any(|e| {
            text.match_indices(e.as_str())
                .any(|(at, m)| at <= r.start && r.end <= at + m.len())
        })
    }

    /// A text with every repeat removed (for specs).
    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for r in self.find(text, None).into_iter().rev() {
            out.replace_range(r.range.clone(), &r.single);
        }
        out
    }

    /// Reports every repeat in the rule's scope, with its fix.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (bi, block) in self.scope.blocks(cx) {
            let text = block.text.as_str();
            let found = cx.occurrences(bi).map(|o| {
                o.filter_map(|(what, r)| match what {
                    Owned::Literal(i) => Some((i as usize, r)),
                    _ => None,
                })
                .collect()
            });
            for r in self.find(text, found) {
                if block.text.touches_code(r.range.clone()) {
                    continue;
                }
                let span = block.text.source_span(r.range.clone());
                let doubled = &text[r.range.clone()];
                out.push(self.meta.diagnostic(
                    span.clone(),
                    fill(&self.meta.message, &[("match", doubled), ("replacement", &r.single)]),
                    Fix::for_text(cx.src, span, doubled, &r.single, FixSafety::Safe),
                ));
            }
        }
    }
}

/// Every pair of the same Han character side by side.
fn every_doubled_han(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        if let Some((p, pc)) = prev
            && pc == c
            && is_han(c)
        {
            out.push(p..i + c.len_utf8());
        }
        prev = Some((i, c));
    }
    out
}

/// Whether a doubled pair is half of an AABB form: the pair beside it is
/// doubled too (的的确确, 干干净净).
fn aabb(text: &str, r: &std::ops::Range<usize>) -> bool {
    let pair = |s: &str| {
        let mut cs = s.chars();
        matches!((cs.next(), cs.next()), (Some(a), Some(b)) if a == b && is_han(a))
    };
    let after = &text[r.end..];
    let before: String = text[..r.start].chars().rev().take(2).collect();
    pair(after) || pair(&before)
}

impl Rule for Repetition {
    fn reads_prose(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Repetition::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();

    fn shared_words(&self) -> Vec<(&str, Owned)> {
        self.doubled
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), Owned::Literal(small(i))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aabb_forms_are_grammar() {
        let t = "的的确确存在";
        assert!(aabb(t, &(0..6)));
        assert!(aabb(t, &(6..12)));
        assert!(!aabb("工作的的问题", &(6..12)));
    }

    #[test]
    fn every_doubled_han_character_is_seen() {
        assert_eq!(every_doubled_han("常常问题的的a"), [0..6, 12..18]);
    }
}
