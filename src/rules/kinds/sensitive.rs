//! `sensitive`: personal identifiers that must not be in a report: 18-digit
//! resident ID numbers with a valid GB 11643 check digit, mainland mobile
//! numbers, and bank card numbers that pass the Luhn check. The value is
//! never printed in full: messages carry a masked form, and every output
//! that shows source text masks it too ([`crate::redact`], whose scanner
//! this rule uses).

use crate::rules::kind::{KindDef, Rule, boxed};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::redact::{Identifier, mask, scan};
use crate::rules::compile::Build;
use crate::rules::context::{Context, Scope};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// A compiled sensitive-data rule.
#[derive(Debug, Clone)]
pub struct Sensitive {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    kinds: Vec<Identifier>,
}

impl Sensitive {
    /// Compiles the rule.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        meta: RuleMeta,
        scope: Scope,
    ) -> Option<Sensitive> {
        let k: Keys = b.keys(raw)?;
        let all = [Identifier::IdCard, Identifier::Mobile, Identifier::BankCard];
        let kinds = match &k.tokens {
            None => all.to_vec(),
            Some(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    let k = all.iter().copied().find(|k| k.key() == t);
                    if k.is_none() {
                        b.error(
                            &format!("tokens[{i}]"),
                            format!("未知的敏感信息类型“{t}”；可用：id-card、mobile、bank-card"),
                        );
                    }
                    k
                })
                .collect(),
        };
        Some(Sensitive { meta, scope, kinds })
    }

    /// Reports every identifier, masked.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, block) in self.scope.blocks(cx) {
            let text = block.text.as_str();
            for f in scan(text) {
                if !self.kinds.contains(&f.kind) {
                    continue;
                }
                let masked = mask(f.kind, &text[f.range.clone()]);
                out.push(self.meta.diagnostic(
                    block.text.source_span(f.range),
                    fill(
                        &self.meta.message,
                        &[("kind", f.kind.label()), ("masked", &masked)],
                    ),
                    None,
                ));
            }
        }
    }
}

/// The keys a `sensitive` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    tokens: Option<Vec<String>>,
}

/// The `sensitive` kind.
pub const KIND: KindDef = KindDef {
    name: "sensitive",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["kind", "masked"],
    compile: |b, raw, meta, scope| boxed(Sensitive::compile(b, raw, meta, scope)),
};

impl Rule for Sensitive {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Sensitive::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();
}
