//! The lexicon (the `standard-term`, `preferred-term` and `variant-word`
//! rules of the default pack): at least 400 entries, each with a public
//! source, a note for `explain`, and an example of its own in a sentence,
//! which the pack's self-test fixes to exactly what the entry says when it
//! loads here (self-tests on).

mod common;

use std::collections::BTreeSet;

use common::cmd;

use reportlint::rules::defaults;
use reportlint::rules::load::build_rule_set;

const LEXICON: &[&str] = &["standard-term", "preferred-term", "variant-word"];

#[test]
fn four_hundred_entries_each_with_source_note_and_example() {
    let sources: Vec<_> = defaults::sources()
        .into_iter()
        .map(|mut s| {
            s.self_test = true;
            s
        })
        .collect();
    let rules = match build_rule_set(&sources) {
        Ok(r) => r,
        Err(errors) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}:{} {}",
                        e.file, e.position.line, e.position.column, e.message
                    )
                })
                .collect();
            panic!("the default pack's self-tests fail:\n{}", lines.join("\n"))
        }
    };
    let mut total = 0;
    let mut wrong_forms = BTreeSet::new();
    for id in LEXICON {
        let meta = rules.meta(id).unwrap_or_else(|| panic!("no rule {id}"));
        for e in &meta.entries {
            total += 1;
            let at = format!("{id}: {}", e.wrong);
            assert!(wrong_forms.insert(e.wrong.clone()), "{at} is listed twice");
            let source = e.source.as_deref().unwrap_or_default();
            assert!(source.chars().count() >= 8, "{at} has no source");
            assert!(
                e.note.as_deref().is_some_and(|n| !n.is_empty()),
                "{at} has no note"
            );
            assert!(!e.examples.is_empty(), "{at} has no example");
            for (from, to) in &e.examples {
                assert_ne!(from, to, "{at}: its example must be a finding");
            }
        }
    }
    assert!(total >= 400, "the lexicon has {total} entries");
}

/// `explain` on a wrong form shows the entry's source and example, and the
/// rule's `explain` counts its entries.
#[test]
fn explain_shows_an_entry_with_its_source_and_example() {
    let out = cmd().args(["explain", "宏扬"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("“宏扬” → “弘扬”（规则 variant-word"),
        "{text}"
    );
    assert!(
        text.contains("依据：《第一批异形词整理表》（GF 1001-2001"),
        "{text}"
    );
    assert!(text.contains("示例：宏扬清廉文化 → 弘扬清廉文化"), "{text}");
}

/// `reportlint rules` counts each lexicon rule's entries, in its table and
/// its JSON; together they are at least 400.
#[test]
fn rules_counts_the_lexicon_entries() {
    let run = |args: &[&str]| {
        let out = cmd().args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["rules", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    let count = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .and_then(|r| r["entries"].as_u64())
            .unwrap_or_else(|| panic!("{id}"))
    };
    let total: u64 = LEXICON.iter().map(|id| count(id)).sum();
    assert!(total >= 400, "{total}");
    assert_eq!(count("hedging"), 0);
    let table = run(&["rules"]);
    let line = table
        .lines()
        .find(|l| l.starts_with("variant-word"))
        .unwrap();
    assert!(
        line.ends_with(&format!("（词条 {} 条）", count("variant-word"))),
        "{line}"
    );
}

/// One wrong thing, one finding: no text that a lexicon or number rule
/// fixes is found by two of them at once (2024.3.5 was, by preferred-term
/// and number-usage). Every `from` of every spec of the four rules, rule
/// and entry level, is linted with the whole default pack.
#[test]
fn no_two_substitution_rules_find_the_same_characters() {
    use reportlint::source::evidence::EvidenceView;
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let mut texts = Vec::new();
    for file in [
        "rules/lexicon.yaml",
        "rules/variants.yaml",
        "rules/numbers.yaml",
    ] {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for rule in yaml["rules"].as_sequence().unwrap() {
            let entries = rule["entries"].as_sequence().cloned().unwrap_or_default();
            let specs = std::iter::once(&rule["specs"]).chain(entries.iter().map(|e| &e["specs"]));
            for list in specs {
                for spec in list.as_sequence().into_iter().flatten() {
                    if let Some(from) = spec["from"].as_str() {
                        texts.push(from.to_string());
                    }
                }
            }
        }
    }
    assert!(texts.len() > 400, "{}", texts.len());
    let kinds = [
        "standard-term",
        "preferred-term",
        "variant-word",
        "number-usage",
    ];
    for text in &texts {
        let report = reportlint::lint_text(&rules, "t.md", text, &EvidenceView::default());
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| kinds.contains(&&*d.rule))
            .collect();
        for (i, a) in found.iter().enumerate() {
            for b in &found[i + 1..] {
                let overlap = a.span.start < b.span.end && b.span.start < a.span.end;
                assert!(
                    !overlap,
                    "{text}: {} and {} on the same characters",
                    a.rule, b.rule
                );
            }
        }
    }
}
