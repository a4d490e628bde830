//! `consistency`: one way of writing a thing per report (巡察组, not now
//! 巡察组 and now 巡察小组; D-001 throughout, not D-001 beside D-1), or per
//! table column (万元 beside 元 in one column). Each set lists its forms
//! (literal words, or patterns with a name); where a report uses more than
//! one, the forms used less are reported, each place they stand. Text in
//! `not_after` just before a form cancels it (`[^` of a footnote label).

use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, fill};
use crate::document::BlockKind;
use crate::rules::build::Build;
use crate::rules::context::{Context, Scope};
use crate::rules::kind::{KindDef, Rule, boxed};
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
    keys: &["sets", "not_after"],
    specs: true,
    placeholders: &["match", "majority", "set"],
    compile: |b, raw, meta, scope| boxed(Consistency::compile(b, raw, meta, scope)),
};

#[derive(Debug, Clone)]
enum Form {
    Word(String),
    Pattern(Regex, String),
}

impl Form {
    fn name(&self) -> &str {
        match self {
            Form::Word(w) => w,
            Form::Pattern(_, n) => n,
        }
    }
}

#[derive(Debug, Clone)]
struct Set {
    name: String,
    forms: Vec<Form>,
    by_column: bool,
    /// Text just before a form that makes it no form (`[^` of a footnote label).
    not_after: Vec<String>,
}

/// A place a form stands: (block, form, byte range in the block's text).
type Place = (usize, usize, std::ops::Range<usize>);

impl Set {
    /// The forms in a text, leftmost first, the longer where two overlap.
    fn find(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut all: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (fi, f) in self.forms.iter().enumerate() {
            match f {
                Form::Word(w) => all.extend(text.match_indices(w.as_str()).map(|(at, m)| (fi, at..at + m.len()))),
                Form::Pattern(re, _) => all.extend(re.find_iter(text).map(|m| (fi, m.range()))),
            }
        }
        all.retain(|(_, r)| !self.not_after.iter().any(|n| text[..r.start].ends_with(n.as_str())));
        all.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
        let mut out: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (f, r) in all {
            if out.last().is_none_or(|(_, p)| p.end <= r.start) {
                out.push((f, r));
            }
        }
        out
    }

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
            .map(|p| (p.clone(), self.forms[major].name()))
            .collect()
    }
}

/// A compiled consistency rule.
#[derive(Debug, Clone)]
pub struct Consistency {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    sets: Vec<Set>,
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
            let mut forms = Vec::new();
            for (j, f) in s.forms.iter().enumerate() {
                match f {
                    RawForm::Word(w) if w.is_empty() => b.error(&format!("{key}.forms[{j}]"), "不能是空字符串"),
                    RawForm::Word(w) => forms.push(Form::Word(w.clone())),
                    RawForm::Pattern { pattern, name } => {
                        if let Some(re) = b.regex(&format!("{key}.forms[{j}].pattern"), pattern) {
                            forms.push(Form::Pattern(re, name.clone()));
                        }
                    }
                }
            }
            let name = s
                .name
                .clone()
                .unwrap_or_else(|| forms.iter().map(Form::name).collect::<Vec<_>>().join("/"));
            sets.push(Set {
                name,
                forms,
                by_column,
                not_after: k.not_after.clone().unwrap_or_default(),
            });
        }
        let rule = Consistency { meta, scope, sets };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            let key = format!("specs[{i}]");
            match (&spec.hit, &spec.miss, &spec.from, &spec.to) {
                (Some(t), None, None, None) if rule.find(t).is_empty() => {
                    b.error(&key, format!("自测未通过：应在“{t}”中发现写法不一，实际没有"))
                }
                (None, Some(t), None, None) => {
                    if let Some((_, r, _)) = rule.find(t).first() {
                        b.error(&key, format!("自测未通过：“{t}”中写法应一致，实际报告了“{}”", &t[r.clone()]));
                    }
                }
                (Some(_), None, None, None) => {}
                _ => b.error(&key, "consistency 规则的自测写作 {hit: 文本} 或 {miss: 文本}（整段文字算一份报告）"),
            }
        }
        Some(rule)
    }

    /// The minority forms in one text taken as a whole report (for specs):
    /// (set, range, majority form).
    fn find(&self, text: &str) -> Vec<(usize, std::ops::Range<usize>, String)> {
        let mut out = Vec::new();
        for (si, set) in self.sets.iter().enumerate() {
            let places: Vec<Place> = set.find(text).into_iter().map(|(f, r)| (0, f, r)).collect();
            for ((_, _, r), major) in set.minority(&places) {
                out.push((si, r, major.to_string()));
            }
        }
        out
    }

    /// Reports the forms used less, per report or per table column.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for set in &self.sets {
            let units: Vec<Vec<Place>> = if set.by_column {
                columns(cx, set)
            } else {
                let places = self
                    .scope
                    .blocks(cx)
                    .flat_map(|(bi, b)| set.find(b.text.as_str()).into_iter().map(move |(f, r)| (bi, f, r)))
                    .collect();
                vec![places]
            };
            for places in units {
                for ((bi, _, r), major) in set.minority(&places) {
                    let block = &doc.blocks[bi];
                    let matched = &block.text.as_str()[r.clone()];
                    out.push(self.meta.diagnostic(
                        block.text.source_span(r),
                        fill(
                            &self.meta.message,
                            &[("match", matched), ("majority", major), ("set", &set.name)],
                        ),
                        None,
                    ));
                }
            }
        }
    }
}

/// The places of a set's forms in each column of each table of the body.
fn columns(cx: &Context<'_>, set: &Set) -> Vec<Vec<Place>> {
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
                    for (f, r) in set.find(cell_text) {
                        table[ci].push((bi, f, cell.start + r.start..cell.start + r.end));
                    }
                }
            }
            _ => {}
        }
    }
    units.append(&mut table);
    units
}

impl Rule for Consistency {
    fn check(&self, cx: &Context<'_>, _index: usize, out: &mut Vec<Diagnostic>) {
        Consistency::check(self, cx, out)
    }

    fn metas(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn metas_mut(&mut self) -> Vec<&mut RuleMeta> {
        vec![&mut self.meta]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(forms: &[&str]) -> Set {
        Set {
            name: String::new(),
            forms: forms.iter().map(|f| Form::Word(f.to_string())).collect(),
            by_column: false,
            not_after: Vec::new(),
        }
    }

    fn minority(s: &Set, text: &str) -> Vec<String> {
        let places: Vec<Place> = s.find(text).into_iter().map(|(f, r)| (0, f, r)).collect();
        s.minority(&places)
            .into_iter()
            .map(|((_, _, r), major)| format!("{}<{major}", &text[r]))
            .collect()
    }

    #[test]
    fn the_forms_used_less_are_reported_and_a_tie_goes_to_the_first() {
        let s = set(&["巡察组", "巡察小组"]);
        assert_eq!(minority(&s, "巡察组说，巡察小组说，巡察组说"), ["巡察小组<巡察组"]);
        assert_eq!(minority(&s, "巡察小组说，巡察组说"), ["巡察组<巡察小组"]);
        assert!(minority(&s, "巡察组说，巡察组说").is_empty());
    }

    #[test]
    fn overlapping_forms_take_the_longer() {
        let s = set(&["巡察办", "县委巡察办"]);
        assert_eq!(s.find("县委巡察办").len(), 1);
    }
}
