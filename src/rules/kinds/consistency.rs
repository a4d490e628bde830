//! `consistency`: one way of writing a thing per report (巡察组, not now
//! 巡察组 and now 巡察小组; D-001 throughout, not D-001 beside D-1), or per
//! table column (万元 beside 元 in one column). Each set lists its forms
//! (literal words, or patterns with a name); where a report uses more than
//! one, the forms used less are reported, each place they stand. Text in
//! `not_after` just before a form cancels it (`[^` of a footnote label).

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::BlockKind;
use crate::rules::compile::Build;
use crate::rules::context::{Context, Owned, Scope};
use crate::rules::kind::{KindDef, Rule, boxed, matcher_words};
use crate::matcher::{Hit, Matcher, Prefound, Source};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// A form as a pack writes it: a word, or a pattern with a name.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawForm {
    Word(String),
    Pattern { pattern: String, name: String },
}

/// A set of forms as a pack writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    /// What the set is about, for messages (e.g. 底稿编号的位数).
    name: Option<String>,
    forms: Vec<RawForm>,
    /// `report` (default) or `column` (each table column apart).
    within: Option<String>,
}

/// The keys a `consistency` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    sets: Option<Vec<RawSet>>,
    not_after: Option<Vec<String>>,
}

/// The `consistency` kind.
pub const KIND: KindDef = KindDef {
    name: "consistency",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["match", "majority", "set"],
    compile: |b, raw, meta, scope| boxed(Consistency::compile(b, raw, meta, scope)),
};

/// A set of forms: their names, and whether each table column is a unit.
#[derive(Debug, Clone)]
struct Set {
    name: String,
    /// The forms' names (a word is its own name).
    forms: Vec<String>,
    by_column: bool,
}

/// A place a form stands: (block, form, byte range in the block's text).
type Place = (usize, usize, std::ops::Range<usize>);

impl Set {
    /// Of the places in one unit (a report, a column), those of the forms
    /// used less than the most used one (the first used wins a tie), each
    /// with the most used form.
    fn minority<'a>(&'a self, places: &[Place]) -> Vec<(Place, &'a str)> {
        let mut counts = vec![0usize; self.forms.len()];
        let mut first = vec![usize::MAX; self.forms.len()];
        for (n, (_, f, _)) in places.iter().enumerate() {
            counts[*f] += 1;
            first[*f] = first[*f].min(n);
        }
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            return Vec::new();
        }
        let Some(major) = (0..self.forms.len()).max_by_key(|&f| (counts[f], std::cmp::Reverse(first[f]))) else {
            return Vec::new();
        };
        places
            .iter()
            .filter(|(_, f, _)| *f != major)
            .map(|p| (p.clone(), self.forms[major].as_str()))
            .collect()
    }
}

/// The forms of several sets in one matcher (words share the rule set's
/// automaton; patterns are searched only near the literals they require).
#[derive(Debug, Clone)]
struct Forms {
    matcher: Matcher,
    /// For each literal, then each pattern, of the matcher: (set, form).
    literal_owner: Vec<(usize, usize)>,
    pattern_owner: Vec<(usize, usize)>,
}

/// Forms gathered for one matcher while the rule compiles.
#[derive(Debug, Default)]
struct Gathered {
    literals: Vec<String>,
    literal_owner: Vec<(usize, usize)>,
    patterns: Vec<regex::Regex>,
    pattern_owner: Vec<(usize, usize)>,
}

/// A compiled consistency rule: the report-wide sets' forms in one matcher,
/// the per-column sets' in another (searched in table cells only).
#[derive(Debug, Clone)]
pub struct Consistency {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    sets: Vec<Set>,
    report: Forms,
    column: Forms,
    /// Text just before a form that makes it no form (`[^` of a footnote label).
    not_after: Vec<String>,
}

impl Consistency {
    /// Compiles the rule and runs its specs.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        meta: RuleMeta,
        scope: Scope,
    ) -> Option<Consistency> {
        let k: Keys = b.keys(raw)?;
        let Some(raw_sets) = k.sets.filter(|s| !s.is_empty()) else {
            b.error("", "consistency 规则须列出至少一组写法（sets），每组至少两种（forms）");
            return None;
        };
        let mut sets = Vec::new();
        // The report-wide forms, then the per-column ones.
        let mut parts: [Gathered; 2] = Default::default();
        for (i, s) in raw_sets.iter().enumerate() {
            let key = format!("sets[{i}]");
            if s.forms.len() < 2 {
                b.error(&format!("{key}.forms"), "每组至少要有两种写法");
            }
            let by_column = match s.within.as_deref() {
                None | Some("report") => false,
                Some("column") => true,
                Some(other) => {
                    b.error(&format!("{key}.within"), format!("within 只能是 report 或 column，不是“{other}”"));
                    false
                }
            };
            let part = &mut parts[usize::from(by_column)];
            let mut forms = Vec::new();
            for (j, f) in s.forms.iter().enumerate() {
                match f {
                    RawForm::Word(w) if w.is_empty() => b.error(&format!("{key}.forms[{j}]"), "不能是空字符串"),
                    RawForm::Word(w) => {
                        part.literal_owner.push((sets.len(), forms.len()));
                        part.literals.push(w.clone());
                        forms.push(w.clone());
                    }
                    RawForm::Pattern { pattern, name } => {
                        if let Some(re) = b.regex(&format!("{key}.forms[{j}].pattern"), pattern) {
                            part.pattern_owner.push((sets.len(), forms.len()));
                            part.patterns.push(re);
                            forms.push(name.clone());
                        }
                    }
                }
            }
            let name = s.name.clone().unwrap_or_else(|| forms.join("/"));
            sets.push(Set {
                name,
                forms,
                by_column,
            });
        }
        let [report, column] = parts.map(|g| {
            Forms {
                matcher: Matcher::new(g.literals, g.patterns),
                literal_owner: g.literal_owner,
                pattern_owner: g.pattern_owner,
            }
        });
        let rule = Consistency {
            meta,
            scope,
            sets,
            report,
            column,
            not_after: k.not_after.unwrap_or_default(),
        };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            let key = format!("specs[{i}]");
            match (&spec.hit, &spec.miss, &spec.from, &spec.to) {
                (Some(t), None, None, None) if rule.find(t).is_empty() => {
                    b.spec_failed(&key, format!("应在“{t}”中发现写法不一，实际没有"))
                }
                (None, Some(t), None, None) => {
                    if let Some((_, r, _)) = rule.find(t).first() {
                        b.spec_failed(&key, format!("“{t}”中写法应一致，实际报告了“{}”", &t[r.clone()]));
                    }
                }
                (Some(_), None, None, None) => {}
                _ => b.error(&key, "consistency 规则的自测写作 {hit: 文本} 或 {miss: 文本}（整段文字算一份报告）"),
            }
        }
        Some(rule)
    }

    /// Every form of `forms` in a text, leftmost-longest: (set, form,
    /// range). `prefound` holds what the rule set's shared automaton found.
    fn forms_in(
        &self,
        forms: &Forms,
        text: &str,
        prefound: Option<Prefound>,
    ) -> Vec<(usize, usize, std::ops::Range<usize>)> {
        let keep = |h: &Hit| !self.not_after.iter().any(|n| text[..h.range.start].ends_with(n.as_str()));
        forms
            .matcher
            .find_from(text, prefound, &keep)
            .into_iter()
            .map(|h| {
                let (set, form) = match h.source {
                    Source::Literal(i) => forms.literal_owner[i],
                    Source::Pattern(i) => forms.pattern_owner[i],
                };
                (set, form, h.range)
            })
            .collect()
    }

    /// The minority forms in one text taken as a whole report (for specs):
    /// (set, range, majority form).
    fn find(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>, String)> {
        let mut found = self.forms_in(&self.report, text, None);
        found.extend(self.forms_in(&self.column, text, None));
        let mut out = Vec::new();
        for (si, set) in self.sets.iter().enumerate() {
            let places: Vec<Place> = found
                .iter()
                .filter(|(s, _, _)| *s == si)
                .map(|(_, f, r)| (0, *f, r.clone()))
                .collect();
            for ((_, _, r), major) in set.minority(&places) {
                out.push((si, r, major.to_string()));
            }
        }
        out
    }

    /// Reports the forms used less, per report or per table column.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // One pass over the scope for every report-wide set.
        let mut report: Vec<Vec<Place>> = vec![Vec::new(); self.sets.len()];
        if self.sets.iter().any(|s| !s.by_column) {
            for (bi, b) in self.scope.blocks(cx) {
                for (s, f, r) in self.forms_in(&self.report, b.text.as_str(), cx.candidates(bi)) {
                    report[s].push((bi, f, r));
                }
            }
        }
        for (si, set) in self.sets.iter().enumerate() {
            let units: Vec<Vec<Place>> = if set.by_column {
                self.columns(cx, si)
            } else {
                vec![std::mem::take(&mut report[si])]
            };
            for places in units {
                for ((bi, _, r), major) in set.minority(&places) {
                    let block = &doc.blocks[bi];
                    let matched = &block.text.as_str()[r.clone()];
                    let mut d = self.meta.diagnostic(
                        block.text.source_span(r),
                        fill(
                            &self.meta.message,
                            &[("match", matched), ("majority", major), ("set", &set.name)],
                        ),
                        None,
                    );
                    // Where the wording used elsewhere first appears.
                    if let Some((mb, _, mr)) = places
                        .iter()
                        .find(|(_, f, _)| set.forms.get(*f).map(String::as_str) == Some(major))
                    {
                        d.related.push(crate::diagnostic::Related {
                            span: doc.blocks[*mb].text.source_span(mr.clone()),
                            message: format!("此处写作“{major}”"),
                        });
                    }
                    out.push(d);
                }
            }
        }
    }
}

impl Consistency {
    /// The places of set `si`'s forms in each column of each table.
    fn columns(&self, cx: &Context<'_>, si: usize) -> Vec<Vec<Place>> {
        let mut units: Vec<Vec<Place>> = Vec::new();
        let mut table: Vec<Vec<Place>> = Vec::new();
        for (bi, b) in cx.doc.blocks.iter().enumerate() {
            match b.kind {
                BlockKind::TableHead => units.append(&mut table),
                BlockKind::TableRow => {
                    let text = b.text.as_str();
                    for (ci, cell) in b.cells.iter().enumerate() {
                        if table.len() <= ci {
                            table.resize(ci + 1, Vec::new());
                        }
                        let cell_text = text.get(cell.clone()).unwrap_or("");
                        for (s, f, r) in self.forms_in(&self.column, cell_text, None) {
                            if s == si {
                                table[ci].push((bi, f, cell.start + r.start..cell.start + r.end));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        units.append(&mut table);
        units
    }
}

impl Rule for Consistency {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Consistency::check(self, cx, out)
    }

    /// The report-wide forms only: column forms are searched in cells.
    fn shared_words(&self) -> Vec<(&str, Owned)> {
        matcher_words(&self.report.matcher)
    }

    crate::rules::kind::rule_metas!();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(n: usize) -> Set {
        Set {
            name: String::new(),
            forms: (0..n).map(|i| i.to_string()).collect(),
            by_column: false,
        }
    }

    #[test]
    fn the_forms_used_less_are_reported_and_a_tie_goes_to_the_first() {
        let s = set(2);
        let p = |f: usize, at: usize| (0, f, at..at + 1);
        let minority = |places: &[Place]| -> Vec<(usize, String)> {
            s.minority(places).into_iter().map(|((_, f, _), m)| (f, m.to_string())).collect()
        };
        assert_eq!(minority(&[p(0, 0), p(1, 2), p(0, 4)]), [(1, "0".to_string())]);
        assert_eq!(minority(&[p(1, 0), p(0, 2)]), [(0, "1".to_string())]);
        assert!(minority(&[p(0, 0), p(0, 2)]).is_empty());
    }
}
