//! The README's generated tables are current: the default rules (from the
//! embedded packs) and the rule kinds (from the kind registry). When a pack
//! or a kind changes, regenerate them with
//! `UPDATE_README=1 cargo test --test readme` and commit the README.

use reportlint::output::rules_list::{markdown_kinds, markdown_rules};
use reportlint::rules::{defaults, load::build_rule_set};

/// The text between `<!-- begin NAME -->` and `<!-- end NAME -->`.
fn section<'a>(readme: &'a str, name: &str) -> (usize, usize, &'a str) {
    let begin =
        format!("<!-- begin {name} (generated: UPDATE_README=1 cargo test --test readme) -->\n");
    let end = format!("<!-- end {name} -->");
    let a = readme
        .find(&begin)
        .unwrap_or_else(|| panic!("README has {begin}"))
        + begin.len();
    let b = readme[a..]
        .find(&end)
        .unwrap_or_else(|| panic!("README has {end}"))
        + a;
    (a, b, &readme[a..b])
}

#[test]
fn the_readme_tables_are_generated_from_the_packs_and_kinds() {
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let want = [
        ("rules", markdown_rules(&rules)),
        ("kinds", markdown_kinds()),
    ];
    let mut readme = std::fs::read_to_string("README.md").unwrap();
    let mut stale = Vec::new();
    for (name, table) in &want {
        let (a, b, have) = section(&readme, name);
        if have != table {
            stale.push(*name);
            readme.replace_range(a..b, table);
        }
    }
    if stale.is_empty() {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write("README.md", &readme).unwrap();
        return;
    }
    panic!(
        "README tables {stale:?} are stale: run `UPDATE_README=1 cargo test --test readme` and commit README.md"
    );
}

#[test]
fn the_tables_name_every_rule_and_kind() {
    let rules = build_rule_set(&defaults::sources()).unwrap();
    let table = markdown_rules(&rules);
    for id in [
        "claim-without-source",
        "unrecognized-source",
        "unused-suppression",
        "unreadable-file",
    ] {
        assert!(table.contains(&format!("| `{id}` |")), "{id}");
    }
    let kinds = markdown_kinds();
    assert!(
        kinds.contains("| `existence` | `tokens` `patterns` `exceptions` `exception_patterns` `word` | 有 | `{match}` |"),
        "{kinds}"
    );
    assert_eq!(
        kinds.lines().count(),
        2 + reportlint::rules::kinds::KINDS.len()
    );
}
