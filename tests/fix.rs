//! `--fix`, `--unsafe-fixes` and `--diff`, and suppression comments.

mod common;

use common::*;

fn copy_fixture(dir: &tempfile::TempDir, name: &str, bytes: Vec<u8>) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn fix_applies_safe_fixes_is_idempotent_and_reports_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    // standard-term (safe) and hedging (no fix) in one report.
    let text = fixture("fixtures/bad/standard-term.md")
        .replace("2. 干部队伍结构不合理。", "2. 据说干部队伍结构不合理。");
    let p = copy_fixture(&dir, "r.md", text.clone().into_bytes());
    let (json, code) = check_json(&["--fix", &p]);
    assert_eq!(code, 0, "the only error was fixed: {json}");
    let once = std::fs::read(&p).unwrap();
    let fixed = String::from_utf8(once.clone()).unwrap();
    assert_eq!(fixed, text.replace("全面以严治党", "全面从严治党"));
    // What is left is exactly the finding without a fix.
    assert_eq!(findings(&json), vec![at("hedging", &fixed, "据说", 0)]);
    let (_, _) = check_json(&["--fix", &p]);
    assert_eq!(
        std::fs::read(&p).unwrap(),
        once,
        "a second --fix changes nothing"
    );
}

#[test]
fn unsafe_fixes_need_their_flag_and_crlf_and_bom_survive() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/bad/preferred-term.md").replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.as_bytes());
    let p = copy_fixture(&dir, "r.md", bytes.clone());
    check_json(&["--fix", &p]);
    assert_eq!(
        std::fs::read(&p).unwrap(),
        bytes,
        "preferred-term is not applied without --unsafe-fixes"
    );
    let (json, _) = check_json(&["--fix", "--unsafe-fixes", &p]);
    let after = std::fs::read(&p).unwrap();
    assert!(after.starts_with(b"\xEF\xBB\xBF"), "BOM kept");
    let after = String::from_utf8(after[3..].to_vec()).unwrap();
    assert_eq!(
        after,
        text.replace("违反八项规定精神", "违反中央八项规定精神")
    );
    assert_eq!(
        after.matches("\r\n").count(),
        after.matches('\n').count(),
        "CRLF kept"
    );
    assert_eq!(findings(&json), vec![]);
}

#[test]
fn diff_prints_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/bad/standard-term.md");
    let p = copy_fixture(&dir, "r.md", text.clone().into_bytes());
    let out = cmd().args(["check", "--diff", &p]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with('-') && l.contains("全面以严治党")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with('+') && l.contains("全面从严治党")),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn suppressions_silence_findings_and_stale_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/bad/hedging.md")
        .replace(
            "2. 据说干部队伍结构可能不合理。",
            "<!-- reportlint-disable-next-line hedging -- 引用谈话原话 -->\n2. 据说干部队伍结构可能不合理。",
        )
        .replace(
            "## 三、意见建议",
            "<!-- reportlint-disable preferred-term -- 不再需要 -->\n<!-- reportlint-disable-file hedgin -->\n## 三、意见建议",
        );
    let p = copy_fixture(&dir, "r.md", text.clone().into_bytes());
    let (json, code) = check_json(&[&p]);
    assert_eq!(code, 0);
    let stale = "<!-- reportlint-disable preferred-term -- 不再需要 -->";
    let bad = "<!-- reportlint-disable-file hedgin -->";
    assert_eq!(
        findings(&json),
        vec![
            at("unused-suppression", &text, stale, 0),
            at("suppression-without-reason", &text, bad, 0),
            at("unknown-rule-in-suppression", &text, bad, 0),
            at("unused-suppression", &text, bad, 0),
        ]
    );
}

#[test]
fn a_region_ends_at_its_enable() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/bad/hedging.md").replace("共发现问题8个", "共发现问题9个").replace(
        "2. 据说干部队伍结构可能不合理。",
        "<!-- reportlint-disable hedging -- 引用原话 -->\n\n2. 据说干部队伍结构不合理（底稿：D-011）。\n\n<!-- reportlint-enable hedging -->\n\n3. 干部可能不足（底稿：D-010）。",
    );
    let p = copy_fixture(&dir, "r.md", text.clone().into_bytes());
    let (json, _) = check_json(&[&p]);
    assert_eq!(findings(&json), vec![at("hedging", &text, "可能", 0)]);
}
