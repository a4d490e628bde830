//! `ratio`: the problem part must carry the report — by default at least 70%
//! of its text characters ("汇报材料讲问题的部分要达到篇幅的70％以上").
//! Its `problem_headings` (less `not_problem_headings`) also define the
//! problem part for every other rule.

use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::pack::RawSubRule;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::first_line;
use crate::document::{BlockKind, Document, layout};
use crate::rules::compile::Build;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::analysis::Setting;
use crate::analysis::problem_part::ProblemHeadings;
use crate::rules::pack::RawRule;

/// A compiled ratio rule.
#[derive(Debug, Clone)]
pub struct Ratio {
    /// `problem-ratio`.
    pub meta: RuleMeta,
    /// `missing-problem-section`.
    pub missing: Option<RuleMeta>,
    /// Minimum share, 0 to 1.
    pub min: f64,
}

impl Ratio {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Ratio> {
        let k: Keys = b.keys(raw)?;
        let min = k.min.unwrap_or(0.70);
        if !(0.0..=1.0).contains(&min) {
            b.error(
                "min",
                format!("min 须在 0 到 1 之间（如 0.70），实际为 {min}"),
            );
        }
        let defaults = ProblemHeadings::standard();
        let headings = match &k.problem_headings {
            Some(p) if p.is_empty() => {
                b.error("problem_headings", "problem_headings 不能为空");
                Vec::new()
            }
            Some(p) => b.regexes("problem_headings", p),
            None => defaults.headings,
        };
        let not_headings = match &k.not_problem_headings {
            Some(p) => b.regexes("not_problem_headings", p),
            None => defaults.not_headings,
        };
        let missing = k
            .missing_section
            .as_ref()
            .map(|s| b.companion("missing_section", s, &meta));
        b.define(Setting::Headings(ProblemHeadings {
            headings,
            not_headings,
        }));
        Some(Ratio { meta, missing, min })
    }

    /// Reports a missing or too small problem part.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let o = &cx.analysis.problems;
        let Some(&root) = o.roots.first() else {
            if let Some(m) = &self.missing {
                let (span, detail) = self.look_alike(cx);
                out.push(m.diagnostic(span, fill(&m.message, &[("detail", &detail)]), None));
            }
            return;
        };
        let ratio = o.ratio();
        if ratio + 1e-9 < self.min {
            let heading = &cx.doc.blocks[cx.doc.sections[root].heading];
            let message = fill(
                &self.meta.message,
                &[
                    ("ratio", &percent_down(ratio)),
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

/// The longest line (in characters) named as a would-be problem heading.
const HEADING_LIKE_CHARS: usize = 30;

impl Ratio {
    /// Where to point when there is no problem part, and why: the line that
    /// looks like a problem heading but was not taken as one, or the first
    /// line of the body.
    fn look_alike(&self, cx: &Context<'_>) -> (crate::document::Span, String) {
        let doc: &Document = cx.doc;
        let part = &cx.structure.headings;
        let matches = |t: &str| part.headings.iter().any(|re| re.is_match(t));
        for b in doc.blocks.iter().filter(|b| b.in_body()) {
            let title = b.text.as_str().trim();
            if !matches(title) {
                continue;
            }
            let span = first_line(cx.src, &b.span);
            let bare = title.trim_end_matches(['。', '；', '！', '？', '.']);
            let reason = match b.kind {
                BlockKind::Heading(_) => {
                    format!("（“{title}”是问题线索、移交或整改情况部分，不算问题部分）")
                }
                // Only a line that looks like a heading is a candidate: a
                // body sentence that mentions 问题 is not one.
                _ if !layout::reads_as_title(bare, false)
                    || bare.contains(['，', ','])
                    || bare.chars().count() > HEADING_LIKE_CHARS =>
                {
                    continue;
                }
                _ if bare.len() < title.len() => format!(
                    "（“{title}”像问题部分的标题，但以标点结尾，读作正文段落：标题末尾不加标点）"
                ),
                _ => format!(
                    "（“{title}”像问题部分的标题，但没有序号，也不是 Markdown 标题：请以“一、”开头，或写成“## 二、……”）"
                ),
            };
            return (span, reason);
        }
        let body = doc.front_matter.as_ref().map_or(0, |f| f.span.end);
        let rest = &cx.src[body..];
        let start = body + (rest.len() - rest.trim_start().len());
        (first_line(cx.src, &(start..cx.src.len())), String::new())
    }
}

/// A share as a percentage with one decimal where it has one: 0.7 → 70%, 0.5523 → 55.2%.
pub fn percent(x: f64) -> String {
    shown((x * 1000.0).round() / 10.0)
}

/// Like [`percent`], rounded down: a share just under the minimum must not
/// read as the minimum (0.69962 → 69.9%, not “70%, below 70%”).
pub fn percent_down(x: f64) -> String {
    shown((x * 1000.0 + 1e-9).floor() / 10.0)
}

fn shown(p: f64) -> String {
    if p.fract() == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// The keys a `ratio` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    min: Option<f64>,
    problem_headings: Option<Vec<String>>,
    not_problem_headings: Option<Vec<String>>,
    missing_section: Option<RawSubRule>,
}

/// The `ratio` kind.
pub const KIND: KindDef = KindDef {
    name: "ratio",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["ratio", "min", "problem", "total", "detail"],
    compile: |b, raw, meta, _| boxed(Ratio::compile(b, raw, meta)),
};

impl Rule for Ratio {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Ratio::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!(missing);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_keeps_one_decimal_only_when_needed() {
        assert_eq!(percent(0.7), "70%");
        assert_eq!(percent(0.55234), "55.2%");
        assert_eq!(percent_down(2942.0 / 4205.0), "69.9%");
        assert_eq!(percent_down(0.7), "70%");
        assert_eq!(percent_down(0.66), "66%");
    }

    #[test]
    fn default_headings_take_the_usual_forms_and_not_the_others() {
        let part = ProblemHeadings::standard();
        let m = |t: &str| part.is_problem_heading(t);
        for t in [
            "三、发现的主要问题",
            "二、存在的主要问题",
            "巡察发现的问题",
            "（一）党建方面存在的问题",
            "问题清单",
            "二、主要问题",
            "二、巡视发现的主要问题",
            "三、存在的突出问题",
            "二、问题及表现",
        ] {
            assert!(m(t), "{t}");
        }
        for t in [
            "三、巡察发现的问题线索",
            "四、上轮巡察发现问题整改情况",
            "一、基本情况",
            "四、问题线索及处置建议",
            "五、意见建议",
            "二、总体评价",
        ] {
            assert!(!m(t), "{t}");
        }
    }
}
