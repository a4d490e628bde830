//! `front-matter`: the report starts with YAML front matter carrying the keys
//! the pack lists (被巡察党组织, 巡察组, 轮次, 日期); dates are real dates.

use crate::rules::compile::Build;
use crate::rules::kind::{KindDef, Rule, boxed};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::first_line;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// A compiled front-matter rule.
#[derive(Debug, Clone)]
pub struct FrontMatterRule {
    /// Its id and texts.
    pub meta: RuleMeta,
    required: BTreeMap<String, String>,
    date_keys: Vec<String>,
}

/// Whether `s` is a real date: 2024-06-28, 2024/6/28 or 2024年6月28日.
pub fn real_date(s: &str) -> bool {
    let parts: Vec<&str> = s
        .trim()
        .trim_end_matches('日')
        .split(['-', '/', '年', '月', '.'])
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

impl FrontMatterRule {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<FrontMatterRule> {
        let k: Keys = b.keys(raw)?;
        let required = k.required.clone().unwrap_or_default();
        let date_keys = k
            .date_keys
            .clone()
            .unwrap_or_else(|| vec!["date".to_string()]);
        Some(FrontMatterRule {
            meta,
            required,
            date_keys,
        })
    }

    fn push(&self, out: &mut Vec<Diagnostic>, span: std::ops::Range<usize>, detail: String) {
        out.push(self.meta.diagnostic(
            span,
            fill(&self.meta.message, &[("detail", &detail)]),
            None,
        ));
    }

    /// Reports a missing front matter, missing keys and dates that are not dates.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = &cx.doc.front_matter else {
            let keys: Vec<String> = self
                .required
                .iter()
                .map(|(k, v)| format!("{k}（{v}）"))
                .collect();
            let message = match cx.doc.origin {
                crate::document::Origin::Word => format!(
                    "Word 报告缺少元数据：请在“文件 → 信息 → 属性 → 高级属性 → 自定义”（WPS：文件 → 文档属性 → 自定义）中添加：{}",
                    keys.join("、")
                ),
                crate::document::Origin::Markdown => format!(
                    "报告开头缺少前置元数据（--- 包围的 YAML），应写明：{}",
                    keys.join("、")
                ),
            };
            self.push(out, first_line(cx.src, &(0..cx.src.len())), message);
            return;
        };
        let head = first_line(cx.src, &fm.span);
        let value = match &fm.value {
            Ok(v) => v,
            Err((msg, at)) => {
                let at = (*at).min(cx.src.len());
                self.push(
                    out,
                    first_line(cx.src, &(at..fm.span.end)),
                    format!("前置元数据不是有效的YAML：{msg}"),
                );
                return;
            }
        };
        let map = value.as_mapping();
        let get = |k: &str| map.and_then(|m| m.get(k));
        let text = &cx.src[fm.span.clone()];
        let key_span = |k: &str| {
            let line_start = text
                .match_indices(k)
                .find(|(i, _)| *i == 0 || text[..*i].ends_with('\n'))
                .map(|(i, _)| fm.span.start + i);
            line_start.map_or(head.clone(), |s| first_line(cx.src, &(s..fm.span.end)))
        };
        for (k, meaning) in &self.required {
            let missing = match get(k) {
                None | Some(serde_yaml::Value::Null) => true,
                Some(serde_yaml::Value::String(s)) => s.trim().is_empty(),
                _ => false,
            };
            if missing {
                self.push(
                    out,
                    head.clone(),
                    format!("前置元数据缺少“{k}”（{meaning}）"),
                );
            }
        }
        for k in &self.date_keys {
            let v = match get(k) {
                Some(serde_yaml::Value::String(s)) => s.clone(),
                Some(serde_yaml::Value::Number(n)) => n.to_string(),
                _ => continue,
            };
            if !real_date(&v) {
                self.push(
                    out,
                    key_span(k),
                    format!("“{k}: {v}”不是有效日期，应写作如 2024-06-28"),
                );
            }
        }
    }
}

/// The keys a `front-matter` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    required: Option<BTreeMap<String, String>>,
    date_keys: Option<Vec<String>>,
}

/// The `front-matter` kind.
pub const KIND: KindDef = KindDef {
    name: "front-matter",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["detail"],
    compile: |b, raw, meta, _| boxed(FrontMatterRule::compile(b, raw, meta)),
};

impl Rule for FrontMatterRule {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        FrontMatterRule::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_only() {
        assert!(real_date("2024-02-29"));
        assert!(real_date("2024年6月28日"));
        assert!(!real_date("2023-02-29"));
        assert!(!real_date("2024-13-01"));
        assert!(!real_date("下周"));
    }
}
