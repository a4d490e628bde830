//! `existence`: words or patterns that should not be there at all (hedges
//! such as 据说、可能 in a finding). Literal tokens share one automaton.

use crate::diagnostic::{Diagnostic, fill};
use crate::rules::compile::Build;
use crate::rules::context::Owned;
use crate::rules::context::{Context, Scope};
use crate::rules::kind::matcher_words;
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::matcher::segment::Segmentation;
use crate::matcher::{Context as TextContext, ExceptionPattern, Hit, Matcher, Words};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;
use serde::Deserialize;

/// A compiled existence rule.
#[derive(Debug, Clone)]
pub struct Existence {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    matcher: Matcher,
    context: TextContext,
}

impl Existence {
    /// Compiles the rule and runs its specs.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        meta: RuleMeta,
        scope: Scope,
    ) -> Option<Existence> {
        let k: Keys = b.keys(raw)?;
        let tokens = k.tokens.clone().unwrap_or_default();
        let patterns = k.patterns.clone().unwrap_or_default();
        if tokens.is_empty() && patterns.is_empty() {
            b.error("", "existence 规则至少要有一个 tokens 或 patterns");
            return None;
        }
        b.literals("tokens", &tokens);
        let exceptions = k.exceptions.clone().unwrap_or_default();
        b.literals("exceptions", &exceptions);
        let regexes = b.regexes("patterns", &patterns);
        let exception_patterns = b
            .regexes("exception_patterns", &k.exception_patterns.clone().unwrap_or_default())
            .into_iter()
            .map(ExceptionPattern::new)
            .collect();
        let matcher = Matcher::new(tokens, regexes);
        let rule = Existence {
            meta,
            scope,
            matcher,
            context: TextContext {
                exceptions,
                exception_patterns,
                words: if k.word.unwrap_or(true) {
                    Words::Whole
                } else {
                    Words::Literal
                },
                ..TextContext::default()
            },
        };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            let key = format!("specs[{i}]");
            match (&spec.hit, &spec.miss, &spec.from, &spec.to) {
                (Some(t), None, None, None) if rule.find(t).is_empty() => {
                    b.spec_failed(&key, format!("应在“{t}”中发现问题，实际没有"))
                }
                (None, Some(t), None, None) => {
                    let hits = rule.find(t);
                    if let Some(h) = hits.first() {
                        b.spec_failed(
                            &key,
                            format!(
                                "“{t}”中不应有问题，实际发现“{}”",
                                &t[h.range.clone()]
                            ),
                        )
                    }
                }
                (Some(_), None, None, None) => {}
                _ => b.error(&key, "existence 规则的自测写作 {hit: 文本} 或 {miss: 文本}"),
            }
        }
        Some(rule)
    }

    /// Its literals and patterns, for a rule set's shared automaton.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Hits in a plain text, context applied.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let words = Segmentation::new(text);
        self.matcher
            .find(text, &|h| !self.context.cancels(&words, &h.range))
    }

    /// Reports every hit in the rule's scope.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (bi, block) in self.scope.blocks(cx) {
            let text = block.text.as_str();
            let words = &cx.analysis.words[bi];
            let hits = self
                .matcher
                .find_from(text, cx.candidates(bi), &|h| {
                    !self.context.cancels(words, &h.range)
                        && !block.text.touches_code(h.range.clone())
                });
            for h in hits {
                let matched = &text[h.range.clone()];
                out.push(self.meta.diagnostic(
                    block.text.source_span(h.range.clone()),
                    fill(&self.meta.message, &[("match", matched)]),
                    None,
                ));
            }
        }
    }
}
/// The keys a `existence` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    tokens: Option<Vec<String>>,
    patterns: Option<Vec<String>>,
    exceptions: Option<Vec<String>>,
    exception_patterns: Option<Vec<String>>,
    word: Option<bool>,
}

/// The `existence` kind.
pub const KIND: KindDef = KindDef {
    name: "existence",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["match"],
    compile: |b, raw, meta, scope| boxed(Existence::compile(b, raw, meta, scope)),
};

impl Rule for Existence {
    fn reads_prose(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Existence::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();

    fn shared_words(&self) -> Vec<(&str, Owned)> {
        matcher_words(&self.matcher)
    }
}
