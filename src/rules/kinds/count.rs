//! `count`: a stated total of problems (共发现问题23个, 发现3个方面23个问题)
//! must equal the number of problems listed.

use crate::rules::kind::{KindDef, Rule, boxed};
use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::rules::compile::Build;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// Stated totals recognised when a pack gives no patterns; the group `n` is the number.
pub const DEFAULT_PATTERNS: &[&str] = &[
    r"共(?:发现|查出|梳理出?)(?:各类|主要)?问题(?P<n>[0-9〇一二两三四五六七八九十百]+)(?:个|条|项|处)",
    r"(?:发现|查出|梳理出?)(?:[0-9〇一二两三四五六七八九十]+个方面)?的?(?P<n>[0-9〇一二两三四五六七八九十百]+)(?:个|条|项)(?:具体|主要)?问题",
];

/// Words that make a stated total another round's (上轮巡察发现的15个问题
/// 整改……), not this report's: looked for in the clause before the total.
pub const OTHER_ROUND: &[&str] = &[
    "上轮",
    "上一轮",
    "上次",
    "前次",
    "前轮",
    "上届",
    "以往",
    "历次",
    "此前",
    "往年",
    "整改",
];

/// Whether the total stated at `at` belongs to a clause about another round.
fn about_another_round(text: &str, at: usize) -> bool {
    let clause_start = text[..at]
        .rfind(['。', '；', '，', '：', ';', ',', ':'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = &text[clause_start..];
    let clause = &clause[..clause
        .find(['。', '；', '，', ';', ','])
        .unwrap_or(clause.len())];
    OTHER_ROUND.iter().any(|w| clause.contains(w))
}

/// Parses a count written in Arabic or Chinese numerals (up to 九百九十九).
pub fn parse_count(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let s = s.replace('两', "二");
    let (hundreds, rest, zero) = match s.split_once('百') {
        Some((h, r)) => {
            let trimmed = r.trim_start_matches(['〇', '零']);
            (
                crate::document::ordinal::parse_chinese(h)?,
                trimmed.to_string(),
                trimmed.len() != r.len(),
            )
        }
        None => (0, s, false),
    };
    let rest = if rest.is_empty() {
        0
    } else if hundreds > 0 && !zero && rest.chars().count() == 1 && rest != "十" {
        // 一百二 → 120
        crate::document::ordinal::parse_chinese(&rest)? * 10
    } else if hundreds > 0 && rest.starts_with('十') {
        crate::document::ordinal::parse_chinese(&format!("一{rest}"))?
    } else {
        crate::document::ordinal::parse_chinese(&rest)?
    };
    Some(hundreds * 100 + rest)
}

/// A compiled count rule.
#[derive(Debug, Clone)]
pub struct Count {
    /// Its id and texts.
    pub meta: RuleMeta,
    patterns: Vec<Regex>,
    /// All the patterns at once: one pass tells which blocks need the
    /// capturing search (nearly none do).
    any: regex::RegexSet,
}

impl Count {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Count> {
        let k: Keys = b.keys(raw)?;
        let list = k
            .patterns
            .clone()
            .unwrap_or_else(|| DEFAULT_PATTERNS.iter().map(|s| s.to_string()).collect());
        let patterns = b.regexes("patterns", &list);
        for (i, re) in patterns.iter().enumerate() {
            if !re.capture_names().any(|n| n == Some("n")) {
                b.error(
                    &format!("patterns[{i}]"),
                    "count 规则的正则须有名为 n 的分组，如 (?P<n>[0-9]+)",
                );
            }
        }
        let any = match regex::RegexSetBuilder::new(patterns.iter().map(Regex::as_str))
            .size_limit(crate::rules::compile::REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(set) => set,
            Err(e) => {
                b.error("patterns", format!("正则表达式合起来无法编译：{e}"));
                return None;
            }
        };
        Some(Count {
            meta,
            patterns,
            any,
        })
    }

    /// The number of problems listed: the problem items
    /// ([`crate::analysis::problem_part::ProblemPart::items`]), the same in every layout.
    pub fn listed(cx: &Context<'_>) -> usize {
        cx.analysis.problems.items.len()
    }

    /// Reports stated totals that differ from the listed count.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if cx.analysis.problems.roots.is_empty() {
            return; // no problem part: missing-problem-section says so
        }
        let mut listed = None;
        for block in cx.doc.blocks.iter().filter(|b| b.in_body()) {
            let text = block.text.as_str();
            if !self.any.is_match(text) {
                continue; // one cheap test before the capturing searches
            }
            for re in &self.patterns {
                for caps in re.captures_iter(text) {
                    let Some(n) = caps.name("n") else { continue };
                    let Some(all) = caps.get(0) else { continue };
                    if about_another_round(text, all.start()) {
                        continue;
                    }
                    let Some(stated) = parse_count(n.as_str()) else {
                        continue;
                    };
                    let actual = *listed.get_or_insert_with(|| Count::listed(cx));
                    if stated as usize != actual {
                        out.push(self.meta.diagnostic(
                            block.text.source_span(n.range()),
                            fill(
                                &self.meta.message,
                                &[
                                    ("stated", &stated.to_string()),
                                    ("actual", &actual.to_string()),
                                ],
                            ),
                            None,
                        ));
                    }
                }
            }
        }
    }
}

/// The keys a `count` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    patterns: Option<Vec<String>>,
}

/// The `count` kind.
pub const KIND: KindDef = KindDef {
    name: "count",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["stated", "actual"],
    compile: |b, raw, meta, _| boxed(Count::compile(b, raw, meta)),
};

impl Rule for Count {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Count::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_both_numeral_systems() {
        assert_eq!(parse_count("23"), Some(23));
        assert_eq!(parse_count("二十三"), Some(23));
        assert_eq!(parse_count("两"), Some(2));
        assert_eq!(parse_count("一百零五"), Some(105));
        assert_eq!(parse_count("一百二十"), Some(120));
        assert_eq!(parse_count("一百二"), Some(120));
        assert_eq!(parse_count("一百一十"), Some(110));
    }

    #[test]
    fn default_patterns_read_the_usual_sentences() {
        let res: Vec<Regex> = DEFAULT_PATTERNS
            .iter()
            .map(|p| Regex::new(p).unwrap())
            .collect();
        let n = |t: &str| {
            res.iter().find_map(|r| {
                r.captures(t)
                    .and_then(|c| c.name("n").map(|m| m.as_str().to_string()))
            })
        };
        assert_eq!(n("巡察共发现问题23个。").as_deref(), Some("23"));
        assert_eq!(n("共发现3个方面23个问题").as_deref(), Some("23"));
        assert_eq!(n("发现三个方面二十一个问题").as_deref(), Some("二十一"));
        assert_eq!(n("受理信访举报9件"), None);
    }

    #[test]
    fn another_rounds_total_is_not_this_reports() {
        let t = "上轮巡察发现的15个问题中，有4个整改不到位。";
        assert!(about_another_round(t, t.find("发现").unwrap()));
        let t = "巡察共发现问题12个，上轮问题已整改。";
        assert!(!about_another_round(t, t.find("共发现").unwrap()));
    }
}
