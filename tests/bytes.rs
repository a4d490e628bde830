//! `lint::lint_bytes` — a file given as bytes, with no file system (the
//! browser page's way in) — reports what `check --format json` reports for
//! that file: for every fixture, Markdown, other encodings and Word.

mod common;

use std::path::Path;

use common::cmd;
use reportlint::output::format::Options;
use reportlint::output::stream::one_report;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;

/// The JSON `check` writes for one report, made in process from its bytes.
fn json_of_bytes(path: &Path) -> String {
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let bytes = std::fs::read(path).expect("fixture");
    let display = path.to_string_lossy().replace('\\', "/");
    let dir = path.parent().unwrap_or(Path::new("."));
    // The evidence beside it, as `check` reads it (the page has none).
    let view = EvidenceView::load(dir, &rules.structure.evidence);
    let report = reportlint::lint::lint_bytes(&rules, &display, &bytes, &view);
    let options = Options {
        rules: &rules,
        color: false,
        summary: false,
    };
    let out = one_report("json", &options, &report).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn bytes_in_give_what_check_gives() {
    let mut compared = 0;
    for entry in walkdir::WalkDir::new("fixtures") {
        let entry = entry.expect("walk");
        let p = entry.path();
        let wanted = p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["md", "markdown", "docx"].contains(&e));
        if !wanted {
            continue;
        }
        let out = cmd()
            .args(["check", "--format", "json"])
            .arg(p)
            .output()
            .expect("runs");
        let cli = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(json_of_bytes(p), cli, "{}", p.display());
        compared += 1;
    }
    assert!(compared >= 30, "{compared}");
}

#[test]
fn unreadable_bytes_are_a_finding_not_a_failure() {
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let none = EvidenceView::default();
    for (name, bytes) in [
        ("a.docx", &b"not a zip"[..]),
        ("b.md", &b"   \n"[..]),
        ("c.md", &[0xff, 0xfe, 0x00, 0xd8, 0x00][..]),
    ] {
        let report = reportlint::lint::lint_bytes(&rules, name, bytes, &none);
        let rules_hit: Vec<&str> = report.diagnostics.iter().map(|d| &*d.rule).collect();
        assert_eq!(rules_hit, ["unreadable-file"], "{name}");
    }
}
