//! `substitution`: a wrong form and its right form (全面以严治党 →
//! 全面从严治党). Every finding carries a fix. Literal entries share one
//! leftmost-longest automaton; regex entries are kept for what needs a pattern.

use crate::rules::context::Owned;
use crate::rules::kind::matcher_words;
use crate::rules::kind::{KindDef, Rule, boxed};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Fix, FixSafety, fill};
use crate::rules::compile::{Build, fix_safety};
use crate::rules::pack::RawSpec;
use crate::rules::context::{Context, Scope};
use crate::matcher::segment::Segmentation;
use crate::matcher::{Context as TextContext, Matcher, Prefound, Source, Words};
use crate::rules::meta::{EntryDoc, RuleMeta};
use crate::rules::pack::RawRule;

#[derive(Debug, Clone)]
struct Entry {
    right: String,
    regex: bool,
    context: TextContext,
}

/// A compiled substitution rule.
#[derive(Debug, Clone)]
pub struct Substitution {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    matcher: Matcher,
    /// Entry of each literal, then of each pattern.
    literal_entry: Vec<usize>,
    pattern_entry: Vec<usize>,
    entries: Vec<Entry>,
    context: TextContext,
    safety: FixSafety,
}

/// A wrong form found in a text, with what replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The bytes of the wrong form.
    pub range: Range<usize>,
    /// The right form.
    pub replacement: String,
}

impl Substitution {
    /// Compiles the rule, runs its specs and checks that its fixes settle.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        mut meta: RuleMeta,
        scope: Scope,
    ) -> Option<Substitution> {
        let k: Keys = b.keys(raw)?;
        let mut docs: Vec<EntryDoc> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut literals = Vec::new();
        let mut literal_entry = Vec::new();
        let mut patterns = Vec::new();
        let mut pattern_entry = Vec::new();
        for (wrong, right) in k.swap.iter().flatten() {
            let key = format!("swap.{wrong}");
            if wrong.is_empty() {
                b.error(&key, "错误写法不能是空字符串");
            }
            literals.push(wrong.clone());
            literal_entry.push(entries.len());
            entries.push(Entry {
                right: right.clone(),
                regex: false,
                context: TextContext {
                    words: held_if(k.word.unwrap_or(true)),
                    ..TextContext::default()
                },
            });
            docs.push(EntryDoc {
                wrong: wrong.clone(),
                right: right.clone(),
                note: None,
                source: None,
                examples: Vec::new(),
            });
            keys.push(key);
        }
        for (i, e) in k.entries.iter().flatten().enumerate() {
            let key = format!("entries[{i}]");
            if e.wrong.is_empty() {
                b.error(&format!("{key}.wrong"), "错误写法不能是空字符串");
            }
            if e.regex {
                if let Some(re) = b.regex(&format!("{key}.wrong"), &e.wrong) {
                    patterns.push(re);
                    pattern_entry.push(entries.len());
                }
            } else {
                literals.push(e.wrong.clone());
                literal_entry.push(entries.len());
            }
            entries.push(Entry {
                right: e.right.clone(),
                regex: e.regex,
                context: TextContext {
                    exceptions: Vec::new(),
                    not_after: e.not_after.clone(),
                    not_before: e.not_before.clone(),
                    exception_patterns: Vec::new(),
                    // A pattern says where it starts and ends itself.
                    words: held_if(e.word.or(k.word).unwrap_or(!e.regex)),
                },
            });
            docs.push(EntryDoc {
                wrong: e.wrong.clone(),
                right: e.right.clone(),
                note: e.note.clone(),
                source: e.source.clone(),
                examples: e
                    .specs
                    .iter()
                    .filter_map(|x| Some((x.from.clone()?, x.to.clone()?)))
                    .collect(),
            });
            keys.push(key);
        }
        if entries.is_empty() {
            b.error("", "substitution 规则至少要有一个 swap 或 entries 条目");
            return None;
        }
        let context = TextContext {
            exceptions: k.exceptions.clone().unwrap_or_default(),
            not_after: k.not_after.clone().unwrap_or_default(),
            not_before: k.not_before.clone().unwrap_or_default(),
            exception_patterns: Vec::new(),
            words: Words::Literal,
        };
        let matcher = Matcher::new(literals, patterns);
        let safety = fix_safety(k.fix);
        meta.fix = Some(safety);
        meta.entries = docs;
        let rule = Substitution {
            meta,
            scope,
            matcher,
            literal_entry,
            pattern_entry,
            entries,
            context,
            safety,
        };
        if !b.self_test {
            return Some(rule);
        }
        // A fix must settle: fixing the wrong form once leaves nothing to fix.
        let quick = Settles::new(&rule);
        for (i, e) in rule.meta.entries.iter().enumerate() {
            if rule.entries[i].regex || quick.settles(&rule, i) {
                continue;
            }
            let once = rule.apply(&e.wrong);
            if rule.apply(&once) != once {
                b.error(
                    &keys[i],
                    format!("“{}”改为“{}”后仍会被本规则命中，--fix 无法收敛；请用 not_after/not_before 排除已改正的上下文", e.wrong, e.right),
                );
            }
        }
        let entry_specs = k.entries.iter().flatten().enumerate().flat_map(|(i, e)| {
            e.specs
                .iter()
                .enumerate()
                .map(move |(j, spec)| (format!("entries[{i}].specs[{j}]"), spec))
        });
        let rule_specs = raw
            .specs
            .iter()
            .enumerate()
            .map(|(i, spec)| (format!("specs[{i}]"), spec));
        for (key, spec) in rule_specs.chain(entry_specs) {
            match (&spec.from, &spec.to, &spec.hit, &spec.miss) {
                (Some(from), Some(to), None, None) => {
                    let got = rule.apply(from);
                    if &got != to {
                        b.spec_failed(
                            &key,
                            format!("“{from}”应改为“{to}”，实际得到“{got}”"),
                        );
                    }
                }
                (None, None, None, Some(miss)) => {
                    let got = rule.apply(miss);
                    if &got != miss {
                        b.spec_failed(
                            &key,
                            format!("“{miss}”不应被改动，实际得到“{got}”"),
                        );
                    }
                }
                _ => b.error(
                    &key,
                    "substitution 规则的自测写作 {from: 错误文本, to: 改正后的文本} 或 {miss: 不应改动的文本}",
                ),
            }
        }
        Some(rule)
    }

    /// The wrong forms in a plain text and their replacements.
    pub fn find(&self, text: &str, skip: &dyn Fn(&Range<usize>) -> bool) -> Vec<Replacement> {
        self.find_from(&Segmentation::new(text), None, skip)
    }

    /// Its literals and patterns, for a rule set's shared automaton.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Like [`Substitution::find`], with literal and trigger occurrences already found.
    fn find_from(
        &self,
        words: &Segmentation<'_>,
        candidates: Option<Prefound>,
        skip: &dyn Fn(&Range<usize>) -> bool,
    ) -> Vec<Replacement> {
        let entry_of = |s: Source| match s {
            Source::Literal(i) => self.literal_entry[i],
            Source::Pattern(i) => self.pattern_entry[i],
        };
        let text = words.text();
        let hits = self.matcher.find_from(text, candidates, &|h| {
            let e = &self.entries[entry_of(h.source)];
            !skip(&h.range)
                && !self.context.cancels(words, &h.range)
                && !e.context.cancels(words, &h.range)
        });
        hits.into_iter()
            .map(|h| {
                let e = &self.entries[entry_of(h.source)];
                let replacement = match h.source {
                    Source::Pattern(i) => {
                        let mut out = String::new();
                        if let Some(caps) = self.matcher.pattern(i).captures_at(text, h.range.start)
                        {
                            caps.expand(&e.right, &mut out);
                        }
                        out
                    }
                    Source::Literal(_) => e.right.clone(),
                };
                Replacement {
                    range: h.range,
                    replacement,
                }
            })
            .collect()
    }

    /// A plain text with every wrong form replaced.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for r in self.find(text, &|_| false) {
            out.push_str(&text[last..r.range.start]);
            out.push_str(&r.replacement);
            last = r.range.end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// Reports every wrong form in the rule's scope, with its fix.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (bi, block) in self.scope.blocks(cx) {
            let text = block.text.as_str();
            let skip = |range: &Range<usize>| block.text.touches_code(range.clone());
            for r in self.find_from(&cx.analysis.words[bi], cx.candidates(bi), &skip) {
                let span = block.text.source_span(r.range.clone());
                let matched = &text[r.range.clone()];
                // Fix only where the source says what was matched (no
                // markup inside the span; line breaks left as they are).
                let fix =
                    Fix::for_text(cx.src, span.clone(), matched, &r.replacement, self.safety);
                out.push(self.meta.diagnostic(
                    span,
                    fill(
                        &self.meta.message,
                        &[("match", matched), ("replacement", &r.replacement)],
                    ),
                    fix,
                ));
            }
        }
    }
}

/// The settling test without an automaton, for the plain entries that make
/// up large lexicons: a literal entry with no context, whose wrong form no
/// other entry repeats, is fixed to exactly its right form (it is the
/// longest hit at the start of its own text); that right form settles when
/// no literal of the rule is a piece of it and no pattern matches it.
/// Entries this cannot decide are tested by applying the rule twice.
struct Settles<'a> {
    /// Each literal and how many entries have it.
    literals: std::collections::HashMap<&'a str, usize>,
    /// Shortest and longest literal, in bytes.
    lengths: Range<usize>,
}

impl<'a> Settles<'a> {
    fn new(rule: &'a Substitution) -> Settles<'a> {
        let mut literals = std::collections::HashMap::new();
        for l in rule.matcher.literals() {
            *literals.entry(l.as_str()).or_insert(0) += 1;
        }
        let lens = rule.matcher.literals().iter().map(String::len);
        let lengths = lens.clone().min().unwrap_or(0)..lens.max().unwrap_or(0);
        Settles { literals, lengths }
    }

    /// True when entry `i` surely settles; false when this cannot tell.
    fn settles(&self, rule: &Substitution, i: usize) -> bool {
        let e = &rule.entries[i];
        let plain = |c: &TextContext| {
            c.exceptions.is_empty() && c.not_after.is_empty() && c.not_before.is_empty()
        };
        let wrong = rule.meta.entries[i].wrong.as_str();
        !e.regex
            && plain(&e.context)
            && plain(&rule.context)
            && self.literals.get(wrong) == Some(&1)
            && !self.holds_literal(&e.right)
            && !rule.matcher.patterns().iter().any(|p| p.is_match(&e.right))
    }

    /// Whether a literal is a piece of `text`.
    fn holds_literal(&self, text: &str) -> bool {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let shortest = self.lengths.start.max(1);
        bounds.iter().enumerate().any(|(k, &s)| {
            bounds[k + 1..]
                .iter()
                .take_while(|&&e| e - s <= self.lengths.end)
                .any(|&e| e - s >= shortest && self.literals.contains_key(&text[s..e]))
        })
    }
}

/// A wrong form is confirmed against the words of its sentence (`word`,
/// the default for literals), where a word holding it whole carries it.
fn held_if(word: bool) -> Words {
    if word { Words::Held } else { Words::Literal }
}

/// A substitution entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    /// What is wrong (literal, or a regex with `regex: true`).
    pub wrong: String,
    /// What is right (`$1` refers to groups when `regex: true`).
    pub right: String,
    /// Whether `wrong` is a regular expression.
    #[serde(default)]
    pub regex: bool,
    /// Text just before the hit that cancels it.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Text just after the hit that cancels it.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Whether a hit must start and end on word boundaries of its sentence
    /// (default: yes for a literal, no for a pattern; `false` for a wrong
    /// form meant to match inside words).
    pub word: Option<bool>,
    /// Why, for `explain`.
    pub note: Option<String>,
    /// The source of the right wording, for `explain`.
    pub source: Option<String>,
    /// The entry's own examples in context (`{from, to}` or `{miss}`),
    /// checked against the whole rule when the pack loads and shown by `explain`.
    #[serde(default)]
    pub specs: Vec<RawSpec>,
}

/// The keys a `substitution` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    swap: Option<BTreeMap<String, String>>,
    entries: Option<Vec<RawEntry>>,
    exceptions: Option<Vec<String>>,
    not_after: Option<Vec<String>>,
    not_before: Option<Vec<String>>,
    fix: Option<FixSafety>,
    word: Option<bool>,
}

/// The `substitution` kind.
pub const KIND: KindDef = KindDef {
    name: "substitution",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["match", "replacement"],
    compile: |b, raw, meta, scope| boxed(Substitution::compile(b, raw, meta, scope)),
};

impl Rule for Substitution {
    fn reads_prose(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Substitution::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();

    fn shared_words(&self) -> Vec<(&str, Owned)> {
        matcher_words(&self.matcher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::{PackSource, build_rule_set};

    /// Where the quick test says an entry settles, fixing twice gives what
    /// fixing once gave; and it leaves undecided the entries that do not.
    #[test]
    fn the_quick_settling_test_agrees_with_applying_twice() {
        let crafted = "rules:\n  - id: crafted\n    kind: substitution\n    severity: warning\n    message: m\n    description: d\n    word: false\n    swap:\n      甲乙: 丙丁\n      丙: 戊\n      己: 庚辛\n      辛庚: 壬\n";
        let mut sources = crate::rules::defaults::sources();
        sources.push(PackSource::new(
            "lexicon.yaml",
            crate::corpus::lexicon_pack(500),
        ));
        build_rule_set(&sources).expect("default pack and lexicon load");
        // Each substitution rule of the packs, compiled on its own.
        let index = crate::rules::yaml_index::YamlIndex::default();
        let mut issues = Vec::new();
        let mut compiled = Vec::new();
        for s in &sources {
            let pack: crate::rules::pack::RawPack = serde_yaml::from_str(&s.text).expect("pack");
            for raw in pack.rules.iter().filter(|r| r.kind == "substitution") {
                let meta = RuleMeta {
                    id: raw.id.as_str().into(),
                    kind: "substitution",
                    severity: raw.severity,
                    message: raw.message.clone(),
                    description: raw.description.clone(),
                    fix: None,
                    origin: s.origin.clone(),
                    position: crate::source::LineCol { line: 1, column: 1 },
                    entries: Vec::new(),
                };
                let mut b = Build::new("", &index, &mut issues);
                b.self_test = false;
                compiled.extend(Substitution::compile(&mut b, raw, meta, Scope::Document));
            }
        }
        assert!(issues.is_empty(), "{issues:?}");
        let mut decided = 0;
        for rule in &compiled {
            let quick = Settles::new(rule);
            for (i, e) in rule.meta.entries.iter().enumerate() {
                if quick.settles(rule, i) {
                    decided += 1;
                    let once = rule.apply(&e.wrong);
                    assert_eq!(once, e.right, "{}", e.wrong);
                    assert_eq!(rule.apply(&once), once, "{}", e.wrong);
                }
            }
        }
        assert!(decided >= 500, "{decided}");
        // 甲乙 → 丙丁 holds the literal 丙: undecided, and the full test fails it.
        let Err(err) = build_rule_set(&[PackSource::new("crafted.yaml", crafted)]) else {
            panic!("甲乙 does not settle")
        };
        assert_eq!(
            err.len(),
            1,
            "{:?}",
            err.iter().map(|e| e.plain()).collect::<Vec<_>>()
        );
        assert!(err[0].plain().contains("甲乙"), "{}", err[0].plain());
    }
}
