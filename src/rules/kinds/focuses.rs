//! `focuses`: every problem is filed under one of the "三个聚焦" (or however
//! many focuses a pack defines), and every focus has problems.

use regex::Regex;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::Document;
use crate::rules::load::Build;
use crate::rules::outline::Statement;
use crate::rules::pack::{RawFocus, RawRule};
use crate::rules::{Context, Outline, Owned, RuleMeta, first_line};

/// One focus.
#[derive(Debug, Clone)]
pub struct Focus {
    /// English id, e.g. `corruption`.
    pub id: String,
    /// Canonical Chinese name.
    pub name: String,
    /// Heading patterns that name it.
    pub aliases: Vec<Regex>,
    /// Words typical of its problems.
    pub keywords: Vec<String>,
}

/// A compiled focuses rule.
#[derive(Debug, Clone)]
pub struct Focuses {
    /// `unclassified-problem`.
    pub meta: RuleMeta,
    /// `focus-not-covered`.
    pub not_covered: Option<RuleMeta>,
    /// `focus-mismatch`.
    pub mismatch: Option<RuleMeta>,
    /// The focuses, in pack order.
    pub focuses: Vec<Focus>,
    /// One automaton over every focus's keywords.
    keywords: Option<aho_corasick::AhoCorasick>,
    /// For each keyword pattern: its focus and text.
    keyword_owner: Vec<(usize, String)>,
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
            aliases: b.regexes(&format!("{key}.aliases"), &f.aliases),
            keywords: f.keywords.clone(),
        });
    }
    focuses
}

impl Focuses {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<Focuses> {
        let Some(list) = raw.focuses.as_ref().filter(|l| !l.is_empty()) else {
            b.error("", "focuses 规则须列出至少一个聚焦（focuses）");
            return None;
        };
        let focuses = compile_focuses(b, "focuses", list);
        let not_covered = raw
            .not_covered
            .as_ref()
            .map(|s| b.companion("not_covered", s, &meta));
        let mismatch = raw
            .mismatch
            .as_ref()
            .map(|s| b.companion("mismatch", s, &meta));
        let mut rule = Focuses {
            meta,
            not_covered,
            mismatch,
            focuses,
            keywords: None,
            keyword_owner: Vec::new(),
        };
        rule.index_keywords();
        Some(rule)
    }

    /// Replaces the focus set (from a config file) and re-indexes keywords.
    pub fn set_focuses(&mut self, focuses: Vec<Focus>) {
        self.focuses = focuses;
        self.index_keywords();
    }

    fn index_keywords(&mut self) {
        self.keyword_owner = self
            .focuses
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.keywords.iter().map(move |k| (i, k.clone())))
            .collect();
        self.keywords = (!self.keyword_owner.is_empty())
            .then(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(self.keyword_owner.iter().map(|(_, k)| k))
                    .ok()
            })
            .flatten();
    }

    /// The focuses a heading names.
    pub fn named_by(&self, title: &str) -> Vec<usize> {
        self.focuses
            .iter()
            .enumerate()
            .filter(|(_, f)| f.aliases.iter().any(|re| re.is_match(title)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The focus each section's heading names, when it names exactly one.
    fn section_focuses(&self, doc: &Document) -> Vec<Option<usize>> {
        doc.sections
            .iter()
            .map(|s| match self.named_by(&s.title)[..] {
                [one] => Some(one),
                _ => None,
            })
            .collect()
    }

    /// The focus of every claim, in claim order: the one its table row's
    /// focus column names, or that of its nearest enclosing heading naming
    /// exactly one focus, looking up to the heading of the problem part.
    pub fn classify_claims(&self, doc: &Document, outline: &Outline) -> Vec<Option<usize>> {
        let named = self.section_focuses(doc);
        let classify = |st: &Statement| {
            let block = &doc.blocks[st.block];
            if let Some(cell) = &st.focus_cell
                && let [one] =
                    self.named_by(block.text.as_str().get(cell.clone()).unwrap_or(""))[..]
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

    /// Claims per focus, in focus order, and the unclassified claims, from
    /// the claims' focuses ([`Focuses::classify_claims`]).
    pub fn tally_of<'o>(
        &self,
        outline: &'o Outline,
        classes: &[Option<usize>],
    ) -> (Vec<usize>, Vec<&'o Statement>) {
        let mut counts = vec![0; self.focuses.len()];
        let mut unclassified = Vec::new();
        for (st, &f) in outline.claims.iter().zip(classes) {
            match f {
                Some(f) => counts[f] += 1,
                None => unclassified.push(st),
            }
        }
        (counts, unclassified)
    }

    /// Every focus keyword, in the order keyword indexes refer to.
    pub fn keywords(&self) -> impl Iterator<Item = &str> {
        self.keyword_owner.iter().map(|(_, k)| k.as_str())
    }

    /// Keyword hits of each focus in a text, leftmost-longest: (focus,
    /// keyword) pairs. `found` holds every occurrence (keyword index, bytes)
    /// when a rule set's shared automaton has found them; otherwise this
    /// rule's own automaton searches.
    fn keyword_hits<'a>(
        &'a self,
        text: &str,
        found: Option<Vec<(usize, std::ops::Range<usize>)>>,
    ) -> Vec<(usize, &'a str)> {
        let owner = |k: usize| {
            let (f, k) = &self.keyword_owner[k];
            (*f, k.as_str())
        };
        let Some(found) = found else {
            let Some(ac) = &self.keywords else {
                return Vec::new();
            };
            return ac
                .find_iter(text)
                .map(|m| owner(m.pattern().as_usize()))
                .collect();
        };
        super::matcher::leftmost_longest(found, |(_, r)| r, |_| true)
            .into_iter()
            .map(|(k, _)| owner(k))
            .collect()
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
        for (st, &own) in cx.outline.claims.iter().zip(classes) {
            let i = st.block;
            let b = &cx.doc.blocks[i];
            let Some(own) = own else {
                continue;
            };
            let found = cx.occurrences(index, i).map(|o| {
                o.filter_map(|(what, r)| match what {
                    Owned::Keyword(k) => Some((k as usize, r)),
                    _ => None,
                })
                .collect()
            });
            let hits = self.keyword_hits(b.text.as_str(), found);
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
                            ("focus", &self.focuses[other].name),
                            ("own", &self.focuses[own].name),
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
        let classes = cx.claim_focuses(self);
        if let Some(m) = &self.mismatch {
            self.check_mismatch(cx, index, &classes, m, out);
        }
        let (counts, unclassified) = self.tally_of(cx.outline, &classes);
        let names = self
            .focuses
            .iter()
            .map(|f| format!("“{}”", f.name))
            .collect::<Vec<_>>()
            .join("、");
        for st in unclassified {
            out.push(self.meta.diagnostic(
                super::sources::finding_span(cx.src, cx.doc, st),
                fill(&self.meta.message, &[("focuses", &names)]),
                None,
            ));
        }
        let (Some(m), Some(&root)) = (&self.not_covered, cx.outline.roots.first()) else {
            return;
        };
        let heading = &cx.doc.blocks[cx.doc.sections[root].heading];
        for (f, n) in self.focuses.iter().zip(counts) {
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

#[cfg(test)]
mod tests {
    use crate::rules::Check;
    use crate::rules::load::build_rule_set;

    /// Selecting from every occurrence (the shared automaton's way) gives
    /// what this rule's own leftmost-longest automaton gives.
    #[test]
    fn keyword_hits_from_occurrences_match_the_own_automaton() {
        let rules = build_rule_set(&crate::rules::defaults::sources()).expect("default pack");
        let f = rules
            .checks
            .iter()
            .find_map(|c| match c {
                Check::Focuses(f) => Some(f),
                _ => None,
            })
            .expect("a focuses rule");
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
