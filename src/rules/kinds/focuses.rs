//! `focuses`: every problem is filed under one of the "三个聚焦" (or however
//! many focuses a pack defines), and every focus has problems.

use crate::diagnostic::{Diagnostic, fill};
use crate::document::first_line;
use crate::rules::compile::Build;
use crate::analysis::Setting;
use crate::analysis::focus::{Focus, FocusSet};
use crate::analysis::focusing::{Focusing, requested_framework, tally};
use crate::analysis::frameworks;
use crate::rules::context::Context;
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawSubRule;
use crate::rules::pack::{FocusSpec, RawFocus, RawRule};
use serde::Deserialize;

/// A compiled focuses rule.
#[derive(Debug, Clone)]
pub struct Focuses {
    /// `unclassified-problem`.
    pub meta: RuleMeta,
    /// `focus-not-covered`.
    pub not_covered: Option<RuleMeta>,
    /// `focus-mismatch`.
    pub mismatch: Option<RuleMeta>,
}

/// Compiles a list of focuses found at `key` (in a pack or a config file).
pub fn compile_focuses(b: &mut Build<'_>, key: &str, list: &[RawFocus]) -> Vec<Focus> {
    let mut focuses = Vec::new();
    for (i, f) in list.iter().enumerate() {
        let key = format!("{key}[{i}]");
        if list[..i].iter().any(|g| g.id == f.id) {
            b.error(&format!("{key}.id"), format!("聚焦ID“{}”重复", f.id));
        }
        if f.aliases.is_empty() {
            b.error(
                &format!("{key}.aliases"),
                "每个聚焦至少要有一个标题别名（aliases）",
            );
        }
        b.literals(&format!("{key}.keywords"), &f.keywords);
        focuses.push(Focus {
            id: f.id.clone(),
            name: f.name.clone(),
            short: f.short.clone().unwrap_or_else(|| f.name.clone()),
            aliases: b.regexes(&format!("{key}.aliases"), &f.aliases),
            keywords: f.keywords.clone(),
        });
    }
    focuses
}

/// Compiles a focus spec (a built-in framework's name, or a list) found at
/// `key`: the framework's name, if it is one, and the focuses.
pub fn compile_spec(
    b: &mut Build<'_>,
    key: &str,
    spec: &FocusSpec,
) -> (Option<String>, Vec<Focus>) {
    match spec {
        FocusSpec::List(list) => {
            if list.is_empty() {
                b.error(key, "focuses 不能为空：列出聚焦，或写内置框架的名字");
            }
            (None, compile_focuses(b, key, list))
        }
        FocusSpec::Framework(name) => match frameworks::by_name(name) {
            Some(f) => (Some(f.name.clone()), f.set().focuses.clone()),
            None => {
                let all = frameworks::all();
                let hint = crate::source::yaml_error::nearest(name, all.iter().map(|f| f.name.as_str()))
                    .map_or("；".to_string(), |n| format!("，是否想写“{n}”？"));
                b.error(
                    key,
                    format!(
                        "没有名为“{name}”的内置聚焦框架{hint}可用：{}；也可以列出各个聚焦",
                        frameworks::names()
                    ),
                );
                (None, Vec::new())
            }
        },
    }
}

impl Focuses {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Focuses> {
        let k: Keys = b.keys(raw)?;
        let Some(spec) = k.focuses.as_ref() else {
            b.error(
                "",
                "focuses 规则须列出聚焦（focuses），或写内置框架的名字，如 focuses: 三个聚焦",
            );
            return None;
        };
        let (framework, focuses) = compile_spec(b, "focuses", spec);
        let not_covered = k
            .not_covered
            .as_ref()
            .map(|s| b.companion("not_covered", s, &meta));
        let mismatch = k
            .mismatch
            .as_ref()
            .map(|s| b.companion("mismatch", s, &meta));
        b.define(Setting::Focuses(Focusing {
            framework,
            set: FocusSet::new(focuses),
        }));
        Some(Focuses {
            meta,
            not_covered,
            mismatch,
        })
    }

    /// Hints at claims whose keywords all belong to another focus.
    fn check_mismatch(
        &self,
        cx: &Context<'_>,
        focusing: &Focusing,
        (set, classes): (&FocusSet, &[Option<usize>]),
        m: &RuleMeta,
        out: &mut Vec<Diagnostic>,
    ) {
        // The shared automaton holds the configured focuses' keywords only.
        let shared = std::ptr::eq(set, &focusing.set);
        for (st, &own) in cx.analysis.problems.statements.iter().zip(classes) {
            let i = st.block;
            let b = &cx.doc.blocks[i];
            let Some(own) = own else {
                continue;
            };
            let found = cx.keywords(i).filter(|_| shared);
            let hits = set.keyword_hits(b.text.as_str(), found);
            let Some(&(other, _)) = hits.first() else {
                continue;
            };
            if hits.len() >= 2 && other != own && hits.iter().all(|(f, _)| *f == other) {
                let mut words: Vec<&str> = hits.iter().map(|(_, k)| *k).collect();
                words.dedup();
                out.push(m.diagnostic(
                    first_line(cx.src, &b.span),
                    fill(
                        &m.message,
                        &[
                            ("focus", &set.focuses[other].name),
                            ("own", &set.focuses[own].name),
                            ("keywords", &words.join("、")),
                        ],
                    ),
                    None,
                ));
            }
        }
    }

    /// Reports unclassified claims and focuses without claims.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (Some(focusing), Some((set, classes))) =
            (&cx.structure.focusing, &cx.analysis.focuses)
        else {
            return;
        };
        let (set, classes): (&FocusSet, &[Option<usize>]) = (set, classes);
        if let Some((span, name)) = unknown_framework(cx) {
            out.push(self.meta.diagnostic(
                span,
                format!(
                    "前置元数据中的 framework“{name}”不是内置的聚焦框架：可用 {}；按 reportlint.yaml 中的聚焦检查",
                    frameworks::names()
                ),
                None,
            ));
        }
        if let Some(m) = &self.mismatch {
            self.check_mismatch(cx, focusing, (set, classes), m, out);
        }
        let (counts, unclassified) = tally(&cx.analysis.problems, classes, set);
        let names = set
            .focuses
            .iter()
            .map(|f| format!("“{}”", f.name))
            .collect::<Vec<_>>()
            .join("、");
        let hint = if unclassified.is_empty() {
            String::new()
        } else {
            match focusing.better_framework(cx.doc, &cx.analysis.problems) {
                Some(f) => format!(
                    "；本报告的小标题更符合“{0}”（{1}）：在 reportlint.yaml 中写 focuses: {0}，或在报告的前置元数据中写 framework: {0}",
                    f.name,
                    f.set()
                        .focuses
                        .iter()
                        .map(|x| x.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                None => format!(
                    "；聚焦可以在 reportlint.yaml 中用 focuses 设置（内置框架：{}）",
                    frameworks::names()
                ),
            }
        };
        for (k, st) in unclassified.into_iter().enumerate() {
            // The hint once, on the first finding.
            let hint = if k == 0 { hint.as_str() } else { "" };
            out.push(self.meta.diagnostic(
                st.finding_span(cx.src, cx.doc),
                fill(&self.meta.message, &[("focuses", &names), ("hint", hint)]),
                None,
            ));
        }
        let (Some(m), Some(&root)) = (&self.not_covered, cx.analysis.problems.roots.first()) else {
            return;
        };
        let heading = &cx.doc.blocks[cx.doc.sections[root].heading];
        for (f, n) in set.focuses.iter().zip(counts) {
            if n == 0 {
                out.push(m.diagnostic(
                    first_line(cx.src, &heading.span),
                    fill(&m.message, &[("focus", &f.name), ("id", &f.id)]),
                    None,
                ));
            }
        }
    }
}

/// A front matter `framework` that names no built-in framework: where, and the name.
fn unknown_framework(cx: &Context<'_>) -> Option<(crate::document::Span, String)> {
    let name = requested_framework(cx.doc)?;
    if frameworks::by_name(name).is_some() {
        return None;
    }
    let fm = cx.doc.front_matter.as_ref()?;
    let text = cx.src.get(fm.span.clone())?;
    let line = text.find("framework")?;
    let start = fm.span.start + line;
    Some((first_line(cx.src, &(start..fm.span.end)), name.to_string()))
}

/// The keys a `focuses` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    focuses: Option<FocusSpec>,
    not_covered: Option<RawSubRule>,
    mismatch: Option<RawSubRule>,
}

/// The `focuses` kind.
pub const KIND: KindDef = KindDef {
    name: "focuses",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["focuses", "hint", "focus", "id", "keywords", "own"],
    compile: |b, raw, meta, _| boxed(Focuses::compile(b, raw, meta)),
};

impl Rule for Focuses {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Focuses::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!(not_covered, mismatch);
}

#[cfg(test)]
mod tests {
    use crate::rules::load::build_rule_set;

    /// Selecting from every occurrence (the shared automaton's way) gives
    /// what this rule's own leftmost-longest automaton gives.
    #[test]
    fn keyword_hits_from_occurrences_match_the_own_automaton() {
        let rules = build_rule_set(&crate::rules::defaults::sources()).expect("default pack");
        let f = &rules.structure.focusing.as_ref().expect("focuses").set;
        let text = "组织生活会和民主生活会未开，党员管理、发展党员、党费收缴违规发放津补贴，支部软弱涣散，选人用人不严";
        let keywords: Vec<&str> = f.keywords().collect();
        let mut every = Vec::new();
        for (k, w) in keywords.iter().enumerate() {
            every.extend(text.match_indices(w).map(|(at, _)| (k, at..at + w.len())));
        }
        let own = f.keyword_hits(text, None);
        assert!(own.len() >= 8, "{own:?}");
        assert_eq!(f.keyword_hits(text, Some(every)), own);
    }
}
