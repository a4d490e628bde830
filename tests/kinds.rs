//! The kind contract in one place: each kind's placeholders (what its
//! messages may name, checked when a pack loads) are exactly what its code
//! fills in, read from the source of its `fill(…)` calls; and its keys are
//! its `Keys` struct's fields.

use std::collections::BTreeSet;

use regex::Regex;
use reportlint::rules::kinds::KINDS;

/// The placeholder names the `fill(…)` calls of a kind's source fill.
fn filled(code: &str) -> BTreeSet<String> {
    // A pair of the list: `[("id", …)` or `, ("id", …)`.
    let pair = Regex::new(r#"[\[,]\s*\(\s*"([a-z_]+)"\s*,"#).unwrap();
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("fill(") {
        // The call's arguments, to its closing parenthesis.
        let mut depth = 0;
        let mut end = at;
        for (i, c) in code[at..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        for c in pair.captures_iter(&code[at..end]) {
            out.insert(c[1].to_string());
        }
    }
    out
}

#[test]
fn each_kinds_placeholders_are_what_its_code_fills() {
    let name = Regex::new(r#"pub const KIND: KindDef = KindDef \{\s*name: "([a-z-]+)""#).unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir("src/rules/kinds").unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        let code = code.split("#[cfg(test)]").next().unwrap();
        let kind_name = &name.captures(code).expect("a KIND")[1];
        let kind = KINDS
            .iter()
            .find(|k| k.name == kind_name)
            .expect("registered");
        let declared: BTreeSet<String> = kind.placeholders.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            declared,
            filled(code),
            "{}: placeholders declared vs filled",
            path.display()
        );
        seen += 1;
    }
    assert_eq!(seen, KINDS.len());
}

#[test]
fn the_reader_of_fill_calls_sees_nested_arguments() {
    let code = r#"fill(&m.message, &[("id", &f(x)), ("focus", &g("a", (1, 2)))]); ("other", 1)"#;
    assert_eq!(
        filled(code).into_iter().collect::<Vec<_>>(),
        ["focus", "id"]
    );
}
