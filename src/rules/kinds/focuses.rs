//! `focuses`: every problem is filed under one of the "三个聚焦" (or however
//! many focuses a pack defines), and every focus has problems.

use crate::diagnostic::{Diagnostic, fill};
use crate::document::Document;
use crate::document::first_line;
use crate::rules::build::Build;
use crate::rules::context::small;
use crate::rules::context::{Context, Owned};
use crate::analysis::focus::{Focus, FocusSet};
use crate::analysis::frameworks::{self, Framework};
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::meta::RuleMeta;
use crate::analysis::problem_part::ProblemPart;
use crate::analysis::problem_part::Statement;
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
    /// The configured framework's name, when it is a built-in one.
    pub framework: Option<String>,
    /// The configured focuses.
    pub set: FocusSet,
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
        Some(Focuses {
            meta,
            not_covered,
            mismatch,
            framework,
            set: FocusSet::new(focuses),
        })
    }

    /// Replaces the focus set (from a config file).
    pub fn set_focuses(&mut self, framework: Option<String>, focuses: Vec<Focus>) {
        self.framework = framework;
        self.set = FocusSet::new(focuses);
    }

    /// The focus of each claim ([`Focuses::classify_claims`]), found once
    /// for this rule and the statistics.
    pub fn claim_focuses<'c>(&self, cx: &'c Context<'_>) -> std::borrow::Cow<'c, [Option<usize>]> {
        Context::once(&cx.claim_focuses, self as *const Self as usize, || {
            self.classify_claims(cx.doc, cx.outline)
        })
    }

    /// The focuses in force for a report: the framework its front matter
    /// names (`framework: 四个落实`), or the configured ones.
    pub fn active(&self, doc: &Document) -> &FocusSet {
        match requested_framework(doc).and_then(frameworks::by_name) {
            Some(f) => f.set(),
            None => &self.set,
        }
    }

    /// The focus of every claim, in claim order, under the focuses in force
    /// ([`Focuses::active`]): the one its table row's focus column names, or
    /// that of its nearest enclosing heading naming exactly one focus,
    /// looking up to the heading of the problem part.
    pub fn classify_claims(&self, doc: &Document, outline: &ProblemPart) -> Vec<Option<usize>> {
        let set = self.active(doc);
        let named = set.section_focuses(doc);
        let classify = |st: &Statement| {
            let block = &doc.blocks[st.block];
            if let Some(cell) = &st.focus_cell
                && let [one] = set.named_by(block.text.as_str().get(cell.clone()).unwrap_or(""))[..]
            {
                return Some(one);
            }
            for s in doc.ancestors(block.section) {
                if let Some(f) = named[s] {
                    return Some(f);
                }
                if outline.is_root(s) {
                    break;
                }
            }
            None
        };
        outline.claims.iter().map(classify).collect()
    }

    /// Claims per focus of the focuses in force, in focus order, and the
    /// unclassified claims, from the claims' focuses ([`Focuses::classify_claims`]).
    pub fn tally_of<'o>(
        &self,
        outline: &'o ProblemPart,
        classes: &[Option<usize>],
        set: &FocusSet,
    ) -> (Vec<usize>, Vec<&'o Statement>) {
        let mut counts = vec![0; set.focuses.len()];
        let mut unclassified = Vec::new();
        for (st, &f) in outline.claims.iter().zip(classes) {
            match f {
                Some(f) => counts[f] += 1,
                None => unclassified.push(st),
            }
        }
        (counts, unclassified)
    }

    /// Every keyword of the configured focuses, in the order keyword
    /// indexes (of the shared automaton) refer to.
    pub fn keywords(&self) -> impl Iterator<Item = &str> {
        self.set.keywords()
    }

    /// The framework that names this report's focus headings clearly better
    /// than the focuses in force, if one does.
    fn better_framework(&self, doc: &Document, outline: &ProblemPart) -> Option<&'static Framework> {
        let own = self.active(doc).fit(doc, outline);
        frameworks::all()
            .iter()
            .filter(|f| {
                Some(&f.name) != self.framework.as_ref()
                    && requested_framework(doc) != Some(f.name.as_str())
            })
            .map(|f| (f.set().fit(doc, outline), f))
            .filter(|(fit, _)| *fit > own && fit.0 >= 2)
            .max_by_key(|(fit, _)| *fit)
            .map(|(_, f)| f)
    }

    /// Hints at claims whose keywords all belong to another focus.
    fn check_mismatch(
        &self,
        cx: &Context<'_>,
        index: usize,
        classes: &[Option<usize>],
        m: &RuleMeta,
        out: &mut Vec<Diagnostic>,
    ) {
        let set = self.active(cx.doc);
        // The shared automaton holds the configured focuses' keywords only.
        let shared = std::ptr::eq(set, &self.set);
        for (st, &own) in cx.outline.claims.iter().zip(classes) {
            let i = st.block;
            let b = &cx.doc.blocks[i];
            let Some(own) = own else {
                continue;
            };
            let found = cx.occurrences(index, i).filter(|_| shared).map(|o| {
                o.filter_map(|(what, r)| match what {
                    Owned::Keyword(k) => Some((k as usize, r)),
                    _ => None,
                })
                .collect()
            });
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
    pub fn check(&self, cx: &Context<'_>, index: usize, out: &mut Vec<Diagnostic>) {
        let set = self.active(cx.doc);
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
        let classes = self.claim_focuses(cx);
        if let Some(m) = &self.mismatch {
            self.check_mismatch(cx, index, &classes, m, out);
        }
        let (counts, unclassified) = self.tally_of(cx.outline, &classes, set);
        let names = set
            .focuses
            .iter()
            .map(|f| format!("“{}”", f.name))
            .collect::<Vec<_>>()
            .join("、");
        let hint = if unclassified.is_empty() {
            String::new()
        } else {
            match self.better_framework(cx.doc, cx.outline) {
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
        let (Some(m), Some(&root)) = (&self.not_covered, cx.outline.roots.first()) else {
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

/// The framework a report's front matter asks for (`framework: 四个落实`).
pub fn requested_framework(doc: &Document) -> Option<&str> {
    let fm = doc.front_matter.as_ref()?;
    fm.value.as_ref().ok()?.get("framework")?.as_str()
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
    keys: &["focuses", "not_covered", "mismatch"],
    specs: false,
    placeholders: &["focuses", "hint", "focus", "id", "keywords", "own"],
    compile: |b, raw, meta, _| boxed(Focuses::compile(b, raw, meta)),
};

impl Rule for Focuses {
    fn check(&self, cx: &Context<'_>, index: usize, out: &mut Vec<Diagnostic>) {
        Focuses::check(self, cx, index, out)
    }

    crate::rules::kind::rule_metas!(not_covered, mismatch);

    fn shared_words(&self) -> Vec<(&str, Owned)> {
        self.keywords()
            .enumerate()
            .map(|(i, w)| (w, Owned::Keyword(small(i))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::load::build_rule_set;

    /// Selecting from every occurrence (the shared automaton's way) gives
    /// what this rule's own leftmost-longest automaton gives.
    #[test]
    fn keyword_hits_from_occurrences_match_the_own_automaton() {
        let rules = build_rule_set(&crate::rules::defaults::sources()).expect("default pack");
        let f = rules.focuses().expect("a focuses rule");
        let text = "组织生活会和民主生活会未开，党员管理、发展党员、党费收缴违规发放津补贴，支部软弱涣散，选人用人不严";
        let keywords: Vec<&str> = f.keywords().collect();
        let f = &f.set;
        let mut every = Vec::new();
        for (k, w) in keywords.iter().enumerate() {
            every.extend(text.match_indices(w).map(|(at, _)| (k, at..at + w.len())));
        }
        let own = f.keyword_hits(text, None);
        assert!(own.len() >= 8, "{own:?}");
        assert_eq!(f.keyword_hits(text, Some(every)), own);
    }
}
