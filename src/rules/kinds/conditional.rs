//! `conditional`: a short form is used only after it is defined. A report
//! defines an abbreviation where it first writes the full name —
//! 县委巡察工作领导小组办公室（以下简称“巡察办”）— and may use 巡察办 from
//! there on. A use before the definition is a finding; so (through the
//! `unused` companion) is a definition whose short form is never used
//! after it. The full name just before a definition is not a use, even
//! where it holds the short form (县委巡察办（以下简称“巡察办”）).

use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::rules::compile::Build;
use crate::rules::context::{Context, Scope};
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::matcher::required_literals;
use crate::rules::meta::RuleMeta;
use crate::rules::pack::{RawRule, RawSubRule};

/// Definitions recognised when a pack gives none: （以下简称“巡察办”）,
/// （简称“巡察办”）, （以下简称巡察办）, and with half-width brackets.
pub const DEFAULT_DEFINITIONS: &[&str] = &[
    r#"[（(]\s*(?:以下)?简称\s*[“"「『]?(?P<short>[^”"」』）)\s]{1,20})[”"」』]?\s*[）)]"#,
];

/// The keys a `conditional` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    definitions: Option<Vec<String>>,
    unused: Option<RawSubRule>,
}

/// The `conditional` kind.
pub const KIND: KindDef = KindDef {
    name: "conditional",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["short"],
    compile: |b, raw, meta, scope| boxed(Conditional::compile(b, raw, meta, scope)),
};

/// A compiled conditional rule.
#[derive(Debug, Clone)]
pub struct Conditional {
    /// A use before the definition.
    pub meta: RuleMeta,
    /// A definition never used.
    pub unused: Option<RuleMeta>,
    scope: Scope,
    definitions: Vec<Regex>,
    /// For each definition pattern, literals one of which its every match
    /// holds (简称): a text with none of them is not searched.
    required: Vec<Option<Vec<String>>>,
}

/// What the rule finds in a sequence of texts: (text, byte range, short
/// form, whether the finding is an unused definition).
type Found = (usize, std::ops::Range<usize>, String, bool);

impl Conditional {
    /// Compiles the rule and runs its specs.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        meta: RuleMeta,
        scope: Scope,
    ) -> Option<Conditional> {
        let k: Keys = b.keys(raw)?;
        let patterns = k
            .definitions
            .unwrap_or_else(|| DEFAULT_DEFINITIONS.iter().map(|s| s.to_string()).collect());
        let definitions = b.regexes("definitions", &patterns);
        for (i, re) in definitions.iter().enumerate() {
            if !re.capture_names().any(|n| n == Some("short")) {
                b.error(
                    &format!("definitions[{i}]"),
                    "定义简称的正则须有名为 short 的分组，如 (?P<short>…)",
                );
            }
        }
        let unused = k.unused.as_ref().map(|s| b.companion("unused", s, &meta));
        let required = definitions
            .iter()
            .map(|re| required_literals(re.as_str()))
            .collect();
        let rule = Conditional {
            meta,
            unused,
            scope,
            definitions,
            required,
        };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            let key = format!("specs[{i}]");
            match (&spec.hit, &spec.miss, &spec.from, &spec.to) {
                (Some(t), None, None, None) if rule.find(&[t.as_str()]).is_empty() => {
                    b.spec_failed(&key, format!("应在“{t}”中发现问题，实际没有"))
                }
                (None, Some(t), None, None) => {
                    if let Some((_, r, _, _)) = rule.find(&[t.as_str()]).first() {
                        b.spec_failed(&key, format!("“{t}”中不应有问题，实际发现“{}”", &t[r.clone()]));
                    }
                }
                (Some(_), None, None, None) => {}
                _ => b.error(&key, "conditional 规则的自测写作 {hit: 文本} 或 {miss: 文本}"),
            }
        }
        Some(rule)
    }

    /// The definitions in a text: (range of the definition, short form).
    fn definitions_in(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        for (re, required) in self.definitions.iter().zip(&self.required) {
            if required
                .as_ref()
                .is_some_and(|lits| !lits.iter().any(|l| text.contains(l.as_str())))
            {
                continue;
            }
            for caps in re.captures_iter(text) {
                if let (Some(all), Some(short)) = (caps.get(0), caps.name("short")) {
                    out.push((all.range(), short.as_str().to_string()));
                }
            }
        }
        out.sort_by_key(|(r, _)| r.start);
        out
    }

    /// Uses before definitions and unused definitions in `texts`, read in
    /// order as one document.
    fn find(&self, texts: &[&str]) -> Vec<Found> {
        let mut out = Vec::new();
        // Every definition, in document order, each short form once (the first).
        let mut defs: Vec<(usize, std::ops::Range<usize>, String)> = Vec::new();
        for (ti, t) in texts.iter().enumerate() {
            for (r, short) in self.definitions_in(t) {
                if !defs.iter().any(|(_, _, s)| *s == short) {
                    defs.push((ti, r, short));
                }
            }
        }
        for (dt, dr, short) in defs {
            // When the full name ends with the short form (中共南江县农业农村局党组
            // （以下简称局党组）), the two characters before it mark the full name
            // wherever else it is written (a title naming the unit): no use.
            let full_lead: Option<String> = texts[dt][..dr.start]
                .strip_suffix(short.as_str())
                .map(|before| {
                    let lead: Vec<char> = before.chars().rev().take(2).collect();
                    lead.into_iter().rev().collect::<String>()
                })
                .filter(|lead| lead.chars().count() == 2);
            // A short form that is an ordinary word (专项资金, 领导小组) has a
            // general sense before it is defined: only its uses after the
            // definition are the defined one.
            let ordinary = crate::matcher::segment::is_word(&short);
            let mut used_after = false;
            for (ti, t) in texts.iter().enumerate() {
                for (at, _) in t.match_indices(short.as_str()) {
                    let r = at..at + short.len();
                    let inside_def = ti == dt && dr.start <= r.start && r.end <= dr.end;
                    let in_full_name = full_lead
                        .as_deref()
                        .is_some_and(|lead| t[..r.start].ends_with(lead));
                    if inside_def || in_full_name {
                        continue;
                    }
                    let before = ti < dt || (ti == dt && r.end <= dr.start);
                    if !before {
                        used_after = true;
                        continue;
                    }
                    if ordinary {
                        continue;
                    }
                    // The full name right before the definition, in the
                    // same clause, is not a use (县委巡察办（以下简称“巡察办”）).
                    if ti == dt && !t[r.end..dr.start].contains(['，', '。', '；', '：', '、', ',', ';']) {
                        continue;
                    }
                    out.push((ti, r, short.clone(), false));
                }
            }
            if !used_after {
                out.push((dt, dr, short, true));
            }
        }
        out.sort_by_key(|(t, r, _, _)| (*t, r.start));
        out
    }

    /// Reports uses before definitions and unused definitions.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let blocks: Vec<(usize, &crate::document::Block)> = self.scope.blocks(cx).collect();
        let texts: Vec<&str> = blocks.iter().map(|(_, b)| b.text.as_str()).collect();
        for (ti, r, short, unused) in self.find(&texts) {
            let block = blocks[ti].1;
            let meta = if unused {
                match &self.unused {
                    Some(m) => m,
                    None => continue,
                }
            } else {
                &self.meta
            };
            out.push(meta.diagnostic(
                block.text.source_span(r),
                fill(&meta.message, &[("short", &short)]),
                None,
            ));
        }
    }
}

impl Rule for Conditional {
    fn reads_prose(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Conditional::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!(unused);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Conditional {
        Conditional {
            meta: crate::rules::builtin::meta("c", crate::diagnostic::Severity::Warning, "", ""),
            unused: None,
            scope: Scope::Document,
            definitions: DEFAULT_DEFINITIONS.iter().map(|p| Regex::new(p).unwrap()).collect(),
            required: DEFAULT_DEFINITIONS.iter().map(|p| required_literals(p)).collect(),
        }
    }

    fn found(texts: &[&str]) -> Vec<(usize, String, bool)> {
        rule()
            .find(texts)
            .into_iter()
            .map(|(t, r, _, unused)| (t, texts[t][r].to_string(), unused))
            .collect()
    }

    #[test]
    fn a_use_before_the_definition_and_an_unused_definition() {
        let texts = ["巡察办要求各单位配合。", "县委巡察工作领导小组办公室（以下简称“巡察办”）负责。"];
        assert_eq!(
            found(&texts),
            [(0, "巡察办".into(), false), (1, "（以下简称“巡察办”）".into(), true)]
        );
    }

    #[test]
    fn the_default_definition_requires_jiancheng() {
        assert_eq!(required_literals(DEFAULT_DEFINITIONS[0]), Some(vec!["简称".to_string()]));
    }

    #[test]
    fn the_full_name_before_the_definition_is_no_use() {
        let texts = ["县委巡察办（以下简称“巡察办”）负责。", "巡察办要求各单位配合。"];
        assert!(found(&texts).is_empty(), "{:?}", found(&texts));
        assert!(found(&["县委巡察办（简称巡察办）负责，巡察办要求配合。"]).is_empty());
    }

    #[test]
    fn an_ordinary_word_before_a_definition_reusing_it_is_no_use() {
        let texts = [
            "专项资金使用不规范，部分项目进度滞后。",
            "县级财政衔接推进乡村振兴补助资金（以下简称“专项资金”）未及时拨付，专项资金结余较大。",
        ];
        assert!(found(&texts).is_empty(), "{:?}", found(&texts));
        // A coined short form is still a use before its definition.
        let texts = ["巡察办要求配合。", "县委巡察工作领导小组办公室（以下简称“巡察办”）负责，巡察办督办。"];
        assert_eq!(found(&texts), [(0, "巡察办".into(), false)]);
    }

    /// The full name written again elsewhere, before or after the
    /// definition, is neither a use before it nor a use after it.
    #[test]
    fn the_full_name_elsewhere_is_no_use() {
        let texts = [
            "关于对中共南江县农业农村局党组巡察情况的报告",
            "对中共南江县农业农村局党组（以下简称局党组）开展了巡察。",
            "局党组能够贯彻落实。",
        ];
        assert!(found(&texts).is_empty(), "{:?}", found(&texts));
        // The short form alone before the definition is still a use.
        let texts = ["局党组研究不够。", "中共南江县农业农村局党组（以下简称局党组）"];
        assert_eq!(found(&texts)[0], (0, "局党组".into(), false));
    }
}
