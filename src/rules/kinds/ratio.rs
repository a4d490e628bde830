//! `ratio`: the problem part must carry the report — by default at least 70%
//! of its text characters ("汇报材料讲问题的部分要达到篇幅的70％以上").
//! Its `problem_headings` also define the problem part for every other rule.

use regex::Regex;

use crate::diagnostic::{Diagnostic, fill};
use crate::rules::load::Build;
use crate::rules::pack::RawRule;
use crate::rules::{Context, RuleMeta, first_line};

/// The problem-heading patterns used when a pack does not give any.
pub const DEFAULT_PROBLEM_HEADINGS: &[&str] = &[
    r"(发现|存在)的?(主要|突出|具体)?问题",
    r"方面(存在|发现)?的?(主要)?问题$",
    r"问题清单",
];

/// The default patterns, compiled.
pub fn default_problem_headings() -> Vec<Regex> {
    DEFAULT_PROBLEM_HEADINGS
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
}

/// A compiled ratio rule.
#[derive(Debug, Clone)]
pub struct Ratio {
    /// `problem-ratio`.
    pub meta: RuleMeta,
    /// `missing-problem-section`.
    pub missing: Option<RuleMeta>,
    /// Minimum share, 0 to 1.
    pub min: f64,
    /// Patterns of problem-part headings.
    pub problem_headings: Vec<Regex>,
}

impl Ratio {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Ratio> {
        let min = raw.min.unwrap_or(0.70);
        if !(0.0..=1.0).contains(&min) {
            b.error(
                "min",
                format!("min 须在 0 到 1 之间（如 0.70），实际为 {min}"),
            );
        }
        let problem_headings = match &raw.problem_headings {
            Some(p) if p.is_empty() => {
                b.error("problem_headings", "problem_headings 不能为空");
                Vec::new()
            }
            Some(p) => b.regexes("problem_headings", p),
            None => default_problem_headings(),
        };
        let missing = raw
            .missing_section
            .as_ref()
            .map(|s| b.companion("missing_section", s, &meta));
        Some(Ratio {
            meta,
            missing,
            min,
            problem_headings,
        })
    }

    /// Reports a missing or too small problem part.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let o = cx.outline;
        let Some(&root) = o.roots.first() else {
            if let Some(m) = &self.missing {
                out.push(m.diagnostic(
                    first_line(cx.src, &(0..cx.src.len())),
                    m.message.clone(),
                    None,
                ));
            }
            return;
        };
        let ratio = o.ratio();
        if ratio + 1e-9 < self.min {
            let heading = &cx.doc.blocks[cx.doc.sections[root].heading];
            let message = fill(
                &self.meta.message,
                &[
                    ("ratio", &percent(ratio)),
                    ("min", &percent(self.min)),
                    ("problem", &o.problem_chars.to_string()),
                    ("total", &o.total_chars.to_string()),
                ],
            );
            out.push(
                self.meta
                    .diagnostic(first_line(cx.src, &heading.span), message, None),
            );
        }
    }
}

/// A share as a percentage with one decimal where it has one: 0.7 → 70%, 0.5523 → 55.2%.
pub fn percent(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_keeps_one_decimal_only_when_needed() {
        assert_eq!(percent(0.7), "70%");
        assert_eq!(percent(0.55234), "55.2%");
    }

    #[test]
    fn default_headings_take_the_usual_forms_and_not_the_others() {
        let re = default_problem_headings();
        let m = |t: &str| re.iter().any(|r| r.is_match(t));
        for t in [
            "三、发现的主要问题",
            "二、存在的主要问题",
            "巡察发现的问题",
            "（一）党建方面存在的问题",
            "问题清单",
        ] {
            assert!(m(t), "{t}");
        }
        for t in [
            "一、基本情况",
            "四、问题线索及处置建议",
            "五、意见建议",
            "二、总体评价",
        ] {
            assert!(!m(t), "{t}");
        }
    }
}
