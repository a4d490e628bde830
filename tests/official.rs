//! The official-writing rules: exact findings on their fixtures.

mod common;

use common::*;

/// The messages of one rule's findings in a fixture, in order.
fn messages_of(path: &str, rule: &str) -> Vec<String> {
    let (json, _) = check_json(&[path]);
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// The findings of one rule in a fixture.
fn of_rule(path: &str, rule: &str) -> Vec<Finding> {
    let (json, _) = check_json(&[path]);
    findings(&json)
        .into_iter()
        .filter(|f| f.0 == rule)
        .collect()
}

#[test]
fn good_report_has_none_of_these_findings() {
    let (json, code) = check_json(&["fixtures/good"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&json), vec![]);
}

#[test]
fn heading_numbering_follows_the_gb_t_9704_ladder() {
    let path = "fixtures/bad/heading-numbering.md";
    let t = fixture(path);
    let rule = "heading-numbering";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, "一.", 0),      // wrong mark
            at(rule, &t, "1、", 0),      // wrong mark …
            at(rule, &t, "1、", 0),      // … and a level-3 ordinal beneath a level-4 one
            at(rule, &t, "(二)", 0),     // half-width brackets
            at(rule, &t, "4.", 0),       // 1. 2. 4.: not counting on
            at(rule, &t, "（三）、", 0), // a mark after a bracketed ordinal
            at(rule, &t, "（1）", 2),    // repeated number (the first is the heading)
            at(rule, &t, "四、", 0),     // 一、二、四
        ]
    );
    let messages = messages_of(path, rule);
    assert!(messages[0].contains("应写作“一、”"), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("不应在“（1）”（第4层）之下")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("应为“3.”")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("应为“三、”")),
        "{messages:?}"
    );
}

#[test]
fn punctuation_width_fixes_marks_touching_chinese_only() {
    let path = "fixtures/bad/punctuation-width.md";
    let t = fixture(path);
    let rule = "punctuation-width";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, "份,有", 0).shifted(1),
            at(rule, &t, "(2023年)", 0).with_width(1),
            at(rule, &t, "年)", 0).shifted(1),
            at(rule, &t, "无公函;", 0).shifted(3),
            at(rule, &t, "万元,", 0).shifted(2),
            at(rule, &t, " (底稿", 0).shifted(1),
            at(rule, &t, "D-007)", 0).shifted(5),
        ]
    );
    // Code, the URL and the time were left alone.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    std::fs::write(&p, &t).unwrap();
    check_json(&["--fix", p.to_str().unwrap()]);
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert!(fixed.contains("60份，有9份"));
    assert!(fixed.contains("（2023年）"));
    assert!(fixed.contains("10:30后"));
    assert!(fixed.contains("`a,b`"));
    assert!(fixed.contains("https://example.org/a,b"));
    assert!(fixed.contains("（底稿：D-007）"));
}

trait Shift {
    fn with_width(self, chars: u64) -> Self;
    fn shifted(self, by: u64) -> Self;
}

impl Shift for Finding {
    /// Keeps the start, makes the span `chars` wide.
    fn with_width(mut self, chars: u64) -> Self {
        self.3 = self.1;
        self.4 = self.2 + chars;
        self
    }
    /// Moves the start `by` characters right, one character wide.
    fn shifted(mut self, by: u64) -> Self {
        self.2 += by;
        self.with_width(1)
    }
}

const FULL_VALUES: [&str; 3] = ["11010519491231002X", "13800138000", "4111111111111111"];

#[test]
fn sensitive_data_is_found_and_never_printed_in_full() {
    let path = "fixtures/bad/sensitive-data.md";
    let t = fixture(path);
    let rule = "sensitive-data";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, FULL_VALUES[0], 0),
            at(rule, &t, FULL_VALUES[1], 0),
            at(rule, &t, FULL_VALUES[2], 0),
        ],
        "the number with a wrong check digit (110105194912310021) is not flagged"
    );
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", "--color", "never", path],
        vec!["check", "--color", "always", path],
        vec!["check", "--format", "json", path],
        vec!["check", "--diff", "--unsafe-fixes", path],
    ];
    for args in runs {
        let out = cmd().args(&args).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for v in FULL_VALUES {
            assert!(!all.contains(v), "{args:?} printed {v}");
        }
        if args.contains(&"never") {
            assert!(
                all.contains("1101**********002X"),
                "masked form shown: {all}"
            );
        }
    }
}

#[test]
fn front_matter_must_exist_with_the_listed_keys_and_a_real_date() {
    let rule = "front-matter";
    let path = "fixtures/bad/front-matter.md";
    let t = fixture(path);
    assert_eq!(
        of_rule(path, rule),
        vec![
            line_of(rule, &t, "---"),
            line_of(rule, &t, "date: 2024-02-30")
        ]
    );
    let (json, _) = check_json(&[path]);
    let msgs: Vec<&str> = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        msgs[0].contains("round") && msgs[0].contains("轮次"),
        "{msgs:?}"
    );
    let missing = "fixtures/bad/front-matter-missing.md";
    let t = fixture(missing);
    assert_eq!(of_rule(missing, rule), vec![line_of(rule, &t, "# 关于对")]);
}

#[test]
fn evidence_files_must_exist_inside_the_repository() {
    let path = "fixtures/bad/evidence/巡察报告.md";
    let t = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![
            at("missing-evidence-file", &t, "D-002", 0), // manifest entry whose file is gone
            at("missing-evidence-file", &t, "底稿/D-004-缺失.pdf", 0),
            at(
                "evidence-outside-root",
                &t,
                "[凭证](/home/user/桌面/D-004.pdf)",
                0
            ),
            at("evidence-outside-root", &t, "../../../../外部/D-004.pdf", 0),
        ]
    );
}

#[test]
fn a_stated_total_must_match_the_listed_problems() {
    let path = "fixtures/bad/problem-count-mismatch.md";
    let t = fixture(path);
    let rule = "problem-count-mismatch";
    let (json, _) = check_json(&[path]);
    assert_eq!(findings(&json), vec![at(rule, &t, "10", 0)]);
    let msg = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(msg.contains("10") && msg.contains('8'), "{msg}");
}

#[test]
fn stated_totals_in_chinese_numerals_and_unnumbered_items() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    let text = "## 发现的主要问题\n\n发现两个方面三个问题。\n\n### 群众身边腐败问题方面\n\n- 甲（底稿：A）\n- 乙（底稿：B）\n\n### 基层党组织建设方面\n\n丙（底稿：C）\n\n丁（底稿：D）\n";
    std::fs::write(&p, text).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let f: Vec<Finding> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "problem-count-mismatch")
        .collect();
    assert_eq!(f, vec![at("problem-count-mismatch", text, "三", 0)]);
    let msg = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "problem-count-mismatch")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("发现问题3个") && msg.contains("实际列出4个"),
        "{msg}"
    );
}

#[test]
fn focus_mismatch_hints_at_the_focus_the_keywords_belong_to() {
    let path = "fixtures/bad/focus-mismatch.md";
    let t = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 0, "an info does not fail the run");
    assert_eq!(
        findings(&json),
        vec![line_of("focus-mismatch", &t, "3. 公款吃喝问题突出")]
    );
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "info");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("聚焦群众身边腐败问题和不正之风")
    );
}

#[test]
fn doubled_words_are_found_and_grammatical_doubles_are_not() {
    let path = "fixtures/bad/repetition.md";
    let t = fixture(path);
    let rule = "doubled-word";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, "的的收入", 0).with_width(2),
            at(rule, &t, "在在2023", 0).with_width(2)
        ]
    );
    // 为了了解 and 的的确确 stand; the fix removes one of each repeat.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    std::fs::write(&p, &t).unwrap();
    cmd()
        .args(["check", "--fix", "--quiet"])
        .arg(&p)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&p).unwrap();
    assert!(
        fixed.contains("家庭的收入已超过") && fixed.contains("党支部在2023年"),
        "{fixed}"
    );
    assert!(fixed.contains("为了了解情况") && fixed.contains("的的确确走访"));
}

#[test]
fn the_forms_used_less_are_reported_where_they_stand() {
    let path = "fixtures/bad/consistency.md";
    let t = fixture(path);
    let rule = "consistent-wording";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, "巡察小组", 0),
            at(rule, &t, "12000元", 0),
            at(rule, &t, "D-7", 0),
        ]
    );
    let messages = messages_of(path, rule);
    assert!(messages[0].contains("“巡察组”"), "{messages:?}");
    assert!(
        messages[1].contains("“万元”") && messages[1].contains("同一列"),
        "{messages:?}"
    );
    assert!(messages[2].contains("补零的编号"), "{messages:?}");
}

#[test]
fn abbreviations_are_used_after_their_definition_and_used_at_all() {
    let path = "fixtures/bad/conditional.md";
    let t = fixture(path);
    let before = "abbreviation-before-definition";
    let unused = "unused-abbreviation";
    let (json, _) = check_json(&[path]);
    let got: Vec<Finding> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == before || f.0 == unused)
        .collect();
    assert_eq!(
        got,
        vec![
            at(before, &t, "巡察办安排", 0).with_width(3),
            at(unused, &t, "（以下简称“二组”）", 0),
        ]
    );
}

#[test]
fn number_usage_follows_gb_t_15835_and_leaves_ordinal_series_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    let text = "# 报告\n\n涉及资金3千万元。\n\n资金缺口3—5万元。\n\n约30人左右参加。\n\n缺少七、八个台账。\n\n于2024.3.5印发。\n\n第三、四次党组会议和三、四季度的报表。\n";
    std::fs::write(&p, text).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let got: Vec<Finding> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "number-usage")
        .collect();
    let rule = "number-usage";
    assert_eq!(
        got,
        vec![
            at(rule, text, "3千", 0),
            at(rule, text, "3—5万", 0),
            at(rule, text, "约30人左右", 0),
            at(rule, text, "七、八个", 0),
            at(rule, text, "2024.3.5", 0),
        ]
    );
    let out = cmd().args(["explain", "number-usage"]).output().unwrap();
    let explain = String::from_utf8(out.stdout).unwrap();
    assert!(explain.contains("GB/T 15835-2011 §5.1.6"), "{explain}");
    assert!(explain.contains("GB/T 15835-2011 §5.2.1.1"), "{explain}");
}

#[test]
fn number_usage_rewrites_dates_and_leaves_every_id_beside_them() {
    let path = "fixtures/bad/number-usage.md";
    let t = fixture(path);
    let rule = "number-usage";
    assert_eq!(
        of_rule(path, rule),
        vec![
            at(rule, &t, "2023.12.5", 0),
            at(rule, &t, "3千", 0),
            at(rule, &t, "2023-03-05", 0),
            at(rule, &t, "2023-3-31", 0),
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    std::fs::write(&p, &t).unwrap();
    cmd()
        .args(["check", "--fix", "--unsafe-fixes", "--quiet"])
        .arg(&p)
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(&p).unwrap();
    for kept in [
        "（底稿：XC-2024-01-010）",
        "[^D-2024-05-06]",
        "（底稿：2023-12-005）",
        "县委发〔2024〕7号",
        "每日8:00-12:00发放",
    ] {
        assert!(fixed.contains(kept), "{kept} kept:\n{fixed}");
    }
    for made in [
        "于2023年12月5日召开",
        "补贴3000万元",
        "2023年3月5日至2023年3月31日每日",
    ] {
        assert!(fixed.contains(made), "{made}:\n{fixed}");
    }
}
