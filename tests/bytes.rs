//! `lint::lint_bytes` — a file given as bytes, with no file system (the
//! browser page's way in) — reports what `check --format json` reports for
//! that file: for every fixture, Markdown, other encodings and Word.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::cmd;
use reportlint::output::format::Options;
use reportlint::output::stream::one_report;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;

/// The JSON `check` writes for one report, made in process from its bytes,
/// the evidence beside it read from disk (`listed`: false) or from a list
/// of every file under the repository, as the browser page has it (true).
fn json_of_bytes(path: &Path, listed: bool) -> String {
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let bytes = std::fs::read(path).expect("fixture");
    let display = path.to_string_lossy().replace('\\', "/");
    let dir = path.parent().unwrap_or(Path::new("."));
    let view = if listed {
        let files: BTreeSet<String> = walkdir::WalkDir::new("fixtures")
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().to_string_lossy().replace('\\', "/"))
            .collect();
        let read = |p: &str| std::fs::read(p).ok();
        EvidenceView::from_listing(&display, &files, &read, &rules.structure.evidence)
    } else {
        EvidenceView::load(dir, &rules.structure.evidence)
    };
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
        assert_eq!(json_of_bytes(p, false), cli, "{}", p.display());
        // The evidence found from a listing of the files, not the disk.
        assert_eq!(json_of_bytes(p, true), cli, "listed: {}", p.display());
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

#[test]
fn a_listing_without_the_file_is_a_missing_source() {
    let rules = build_rule_set(&defaults::sources()).expect("default pack");
    let report = "报告/巡察报告.md";
    let text = "# 巡察报告\n\n## 一、存在的主要问题\n\n### （一）贯彻落实党的路线方针政策方面\n\n\
1. 低保审核把关不严，2023年向不符合条件人员发放低保金3.2万元[^1]。\n\n\
[^1]: 底稿：D-001，见 [核查表](底稿/D-001.xlsx)\n";
    let read = |_: &str| None;
    let with = |files: &[&str]| {
        let files: BTreeSet<String> = files.iter().map(|f| f.to_string()).collect();
        let view = EvidenceView::from_listing(report, &files, &read, &rules.structure.evidence);
        reportlint::lint::lint_bytes(&rules, report, text.as_bytes(), &view)
            .diagnostics
            .iter()
            .map(|d| d.rule.to_string())
            .collect::<Vec<_>>()
    };
    let present = with(&[report, "报告/底稿/D-001.xlsx"]);
    let missing = with(&[report, "报告/底稿/D-002.xlsx"]);
    assert!(
        missing.len() > present.len(),
        "present {present:?} missing {missing:?}"
    );
    assert!(
        missing.iter().any(|r| r == "missing-evidence-file"),
        "{missing:?}"
    );
}
