//! Reports as drafters really write them: typed outlines, one paragraph a
//! line, inline 一是/二是, tables, the 底稿 citations people write. Each
//! case is a whole report (front matter, the outline skeleton, all three
//! focuses) so that the findings asserted are all the findings; positions
//! are computed here from the report text.

mod common;

use common::*;
use serde_json::Value;

const FRONT: &str = "---\nunit: 中共某县民政局党组\ngroup: 县委第二巡察组\nround: 十五届县委第三轮\ndate: 2024-06-28\n---";

/// A report in the typed outline, `case` under the second focus; paragraphs
/// joined by `sep` ("\n" as pasted from Word, "\n\n" with blank lines).
fn report(case: &[&str], sep: &str) -> String {
    let mut lines = vec![
        FRONT,
        "关于对中共某县民政局党组开展常规巡察情况的报告",
        "一、基本情况",
        "巡察期间，共开展个别谈话46人次。",
        "二、巡察发现的主要问题",
        "（一）贯彻落实党的路线方针政策和党中央决策部署方面",
        "1.意识形态工作责任制落实不到位。2023年党组专题研究意识形态工作仅1次，未按要求每半年专题研究一次（底稿：D-3）。",
        "（二）群众身边腐败问题和不正之风方面",
    ];
    lines.extend_from_slice(case);
    lines.extend_from_slice(&[
        "（三）基层党组织领导班子和干部队伍建设方面",
        "1.干部队伍结构不合理。局机关35岁以下干部仅占12%，3个股室负责人长期空缺（底稿：D-9）。",
        "三、意见建议",
        "聚焦问题抓整改。",
    ]);
    lines.join(sep) + "\n"
}

/// Lints `text` as a file of its own; returns the JSON of that file.
fn lint(text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.md");
    std::fs::write(&path, text).unwrap();
    let (json, _) = check_json(&[path.to_str().unwrap()]);
    json["files"][0].clone()
}

/// (rule, line, column) of every finding.
fn found(file: &Value) -> Vec<(String, u64, u64)> {
    file_findings(file)
        .into_iter()
        .map(|(rule, line, column, _, _)| (rule, line, column))
        .collect()
}

/// The line and character column (1-based) of `needle` in `text`.
fn place(text: &str, needle: &str) -> (u64, u64) {
    for (i, line) in text.split('\n').enumerate() {
        if let Some(at) = line.find(needle) {
            return (i as u64 + 1, line[..at].chars().count() as u64 + 1);
        }
    }
    panic!("{needle} not in {text}")
}

fn finding(rule: &str, text: &str, needle: &str) -> (String, u64, u64) {
    let (l, c) = place(text, needle);
    (rule.to_string(), l, c)
}

#[test]
fn a_typed_outline_without_hashes_is_understood() {
    for sep in ["\n", "\n\n"] {
        let text = report(&["1.违规发放津补贴12.6万元。"], sep);
        let file = lint(&text);
        assert_eq!(
            found(&file),
            [finding("claim-without-source", &text, "1.违规发放")],
            "{text}"
        );
        let stats = &file["stats"];
        assert!(stats["problem_chars"].as_u64().unwrap() > 100, "{stats}");
        assert_eq!(stats["claims"], 3);
        assert_eq!(stats["items"], 3);
        assert_eq!(stats["focuses"]["corruption"], 1);
    }
}

#[test]
fn one_line_a_paragraph_gives_one_finding_on_the_unsourced_line() {
    let text = report(
        &[
            "1.违规发放津补贴12.6万元（底稿：D-1）。",
            "2.公款吃喝3.2万元。",
        ],
        "\n",
    );
    assert_eq!(
        found(&lint(&text)),
        [finding("claim-without-source", &text, "2.公款吃喝")]
    );
}

#[test]
fn an_unsourced_inline_part_is_reported_at_its_marker() {
    for sep in ["\n", "\n\n"] {
        let text = report(
            &["1.财务管理不规范。一是违规发放津补贴12.6万元（底稿：D-1）；二是公款吃喝3.2万元。"],
            sep,
        );
        let file = lint(&text);
        assert_eq!(
            found(&file),
            [finding("claim-without-source", &text, "二是公款")]
        );
        assert_eq!(
            file["stats"]["claims"], 4,
            "two parts, and one per other focus"
        );
        assert_eq!(file["stats"]["items"], 3);
    }
}

#[test]
fn a_bare_qualitative_sentence_stands_on_the_facts_that_follow() {
    for sep in ["\n", "\n\n"] {
        let text = report(
            &[
                "1.违规发放津补贴12.6万元（底稿：D-1）。",
                "2.违反中央八项规定精神问题时有发生。",
                "2023年以来，该局以会议名义公款吃喝3.2万元（底稿：D-5）。",
            ],
            sep,
        );
        assert_eq!(found(&lint(&text)), [], "{text}");
        // Unsourced facts: the finding is on the facts, not on the lead.
        let text = report(
            &[
                "1.违反中央八项规定精神问题时有发生。",
                "2023年以来，该局以会议名义公款吃喝3.2万元。",
            ],
            sep,
        );
        assert_eq!(
            found(&lint(&text)),
            [finding("claim-without-source", &text, "2023年以来")],
            "{text}"
        );
    }
    // Without facts after it, the same sentence is a statement of its own.
    let text = report(&["1.违反中央八项规定精神问题时有发生。"], "\n");
    assert_eq!(
        found(&lint(&text)),
        [finding("claim-without-source", &text, "1.违反")]
    );
}

#[test]
fn some_and_others_clauses_share_their_statements_source() {
    let text = report(
        &[
            "1.违规发放津补贴。有的股室以加班补助名义发放补贴；有的股室以值班费名义发放补贴，共12.6万元（底稿：D-1）。",
        ],
        "\n",
    );
    assert_eq!(found(&lint(&text)), []);
}

#[test]
fn a_table_row_with_an_empty_source_cell_is_reported_at_that_row() {
    let table = "| 问题 | 底稿 |\n|---|---|\n| 违规发放津补贴12.6万元 | D-1 |\n| 公款吃喝3.2万元 |  |\n| 公车私用2次 | D-3 |";
    let text = report(&[table], "\n\n");
    let file = lint(&text);
    assert_eq!(
        found(&file),
        [finding("claim-without-source", &text, "| 公款吃喝")]
    );
    assert_eq!(
        file["stats"]["claims"], 5,
        "three rows and one item per other focus"
    );
    assert_eq!(file["stats"]["focuses"]["corruption"], 3);
}

#[test]
fn table_rows_are_filed_by_their_focus_column() {
    // A problem table of its own under the problem heading, no focus headings.
    let text = [
        FRONT,
        "关于对中共某县民政局党组开展常规巡察情况的报告",
        "一、基本情况",
        "巡察期间，共开展个别谈话46人次。",
        "二、巡察发现的主要问题",
        "| 方面 | 问题 | 底稿 |\n|---|---|---|\n| 贯彻落实党的路线方针政策和党中央决策部署方面 | 意识形态工作责任制落实不到位，2023年党组专题研究意识形态工作仅1次 | D-3 |\n| 群众身边腐败问题和不正之风方面 | 违规发放津补贴12.6万元，公款吃喝3.2万元 | D-1 |\n| 基层党组织领导班子和干部队伍建设方面 | 干部队伍结构不合理，35岁以下干部仅占12% | D-9 |",
        "三、意见建议",
        "聚焦问题抓整改。",
    ]
    .join("\n\n")
        + "\n";
    let file = lint(&text);
    assert_eq!(found(&file), []);
    for f in ["policy", "corruption", "organization"] {
        assert_eq!(file["stats"]["focuses"][f], 1, "{}", file["stats"]);
    }
}

#[test]
fn citations_as_drafters_write_them() {
    for cite in [
        "（见底稿D-1）",
        "（详见底稿SC-06）",
        "（见巡察底稿SC-12）",
        "（底稿编号：XC2024-012）",
        "（底稿：SC-07，第12页）",
        "（底稿D-1、D-2）",
        "[底稿D-1]",
        "【底稿：D-1】",
    ] {
        let line = format!("1.违规发放津补贴12.6万元{cite}。");
        let text = report(&[&line], "\n");
        // SC-06 beside the skeleton's D-3 is an ID style of its own:
        // consistent-wording says so, which is not this test's business.
        let got: Vec<_> = found(&lint(&text))
            .into_iter()
            .filter(|f| f.0 != "consistent-wording")
            .collect();
        assert_eq!(got, [], "{cite}");
    }
    let text = report(&["1.违规发放津补贴12.6万元（底稿在补充材料里）。"], "\n");
    let file = lint(&text);
    assert_eq!(
        found(&file),
        [finding(
            "unrecognized-source",
            &text,
            "（底稿在补充材料里）"
        )]
    );
    assert!(
        file["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("（底稿：D-001）"),
        "names the accepted forms"
    );
    // An attachment is no 底稿.
    let text = report(&["1.违规发放津补贴12.6万元（附件1）。"], "\n");
    assert_eq!(
        found(&lint(&text)),
        [finding("claim-without-source", &text, "1.违规")]
    );
}

#[test]
fn a_previous_rounds_total_is_not_compared() {
    let items: Vec<String> = (1..=10)
        .map(|n| format!("{n}.违规发放津补贴第{n}笔（底稿：D-{n}）。"))
        .collect();
    let mut case: Vec<&str> =
        vec!["巡察共发现问题12个，上轮巡察发现的15个问题中，有4个整改不到位（底稿：Z-1）。"];
    case.extend(items.iter().map(String::as_str));
    let text = report(&case, "\n");
    let file = lint(&text);
    assert_eq!(file["stats"]["items"], 12, "{}", file["stats"]);
    assert_eq!(found(&file), []);
    // The same report stating 13: this report's total is still compared.
    let text = text.replace("共发现问题12个", "共发现问题13个");
    assert_eq!(
        found(&lint(&text)),
        [finding("problem-count-mismatch", &text, "13个")]
    );
}

#[test]
fn clue_and_rectification_parts_are_not_the_problem_part() {
    let text = report(&["1.违规发放津补贴12.6万元（底稿：D-1）。"], "\n").replace(
        "三、意见建议\n聚焦问题抓整改。",
        "三、巡察发现的问题线索\n移交县纪委监委问题线索3件。\n四、意见建议\n聚焦问题抓整改。",
    );
    let file = lint(&text);
    assert_eq!(found(&file), []);
    assert_eq!(file["stats"]["claims"], 3);
}

#[test]
fn a_look_alike_heading_is_named_when_there_is_no_problem_part() {
    let text = format!(
        "{FRONT}\n关于对中共某县民政局党组开展常规巡察情况的报告\n一、基本情况\n巡察期间，共开展个别谈话46人次。\n发现的主要问题。\n违规发放津补贴12.6万元（底稿：D-1）。\n"
    );
    let file = lint(&text);
    let f = found(&file);
    assert_eq!(
        f,
        [finding(
            "missing-problem-section",
            &text,
            "发现的主要问题。"
        )]
    );
    let message = file["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("以标点结尾"), "{message}");
}

/// A 四个落实 report (typed outline), with `extra_front` added to its front matter.
fn four_implementations(extra_front: &str) -> String {
    [
        &FRONT.replace("\n---", &format!("{extra_front}\n---"))[..],
        "关于对中共某县民政局党组开展常规巡察情况的报告",
        "一、基本情况",
        "巡察期间，共开展个别谈话46人次。",
        "二、巡察发现的主要问题",
        "（一）落实党的路线方针政策和党中央重大决策部署方面",
        "1.意识形态工作责任制落实不到位。2023年党组专题研究意识形态工作仅1次（底稿：D-3）。",
        "（二）落实全面从严治党战略部署方面",
        "1.违规发放津补贴。2023年以来发放未经批准的补贴12.6万元（底稿：D-1）。",
        "（三）落实新时代党的组织路线方面",
        "1.干部队伍结构不合理。局机关35岁以下干部仅占12%（底稿：D-9）。",
        "（四）落实巡视整改方面",
        "1.上轮巡察反馈问题整改不到位。上轮反馈的15个问题中有4个未完成整改（底稿：Z-1）。",
        "三、意见建议",
        "聚焦问题抓整改。",
    ]
    .join("\n")
        + "\n"
}

/// Lints `text` as a report beside a `reportlint.yaml` holding `config`.
fn lint_with_config(text: &str, config: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("reportlint.yaml"), config).unwrap();
    let path = dir.path().join("报告.md");
    std::fs::write(&path, text).unwrap();
    let (json, _) = check_json(&[path.to_str().unwrap()]);
    json["files"][0].clone()
}

#[test]
fn a_four_implementations_report_is_clean_with_its_framework_selected() {
    let text = four_implementations("");
    let file = lint_with_config(&text, "focuses: 四个落实\n");
    assert_eq!(found(&file), [], "{file}");
    for f in ["policy", "discipline", "organization", "rectification"] {
        assert_eq!(file["stats"]["focuses"][f], 1, "{}", file["stats"]);
    }
    // Per report, in the front matter.
    let text = four_implementations("\nframework: 四个落实");
    assert_eq!(found(&lint(&text)), []);
}

#[test]
fn without_its_framework_the_first_unclassified_problem_names_it() {
    let text = four_implementations("");
    let file = lint(&text);
    assert_eq!(
        found(&file),
        [finding("unclassified-problem", &text, "1.上轮巡察")]
    );
    let message = file["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("更符合“四个落实”"), "{message}");
    assert!(message.contains("focuses: 四个落实"), "{message}");
    assert!(message.contains("framework: 四个落实"), "{message}");
}

#[test]
fn an_unknown_framework_in_front_matter_is_named() {
    let text = four_implementations("\nframework: 五个落实");
    let file = lint(&text);
    let f = found(&file);
    assert_eq!(
        f[0],
        finding("unclassified-problem", &text, "framework: 五个落实")
    );
    let message = file["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("四个落实"),
        "lists the frameworks: {message}"
    );
}

#[test]
fn a_village_report_uses_the_village_framework() {
    let text = [
        &FRONT.replace("\n---", "\nframework: 村（社区）巡察\n---")[..],
        "关于对某村党支部开展巡察情况的报告",
        "一、基本情况",
        "巡察期间，共开展个别谈话26人次。",
        "二、巡察发现的主要问题",
        "（一）落实惠民富民、促进共同富裕政策方面",
        "1.低保动态管理不精准。有3户家庭收入超标仍享受低保，涉及资金2.1万元（底稿：C-1）。",
        "（二）群众身边腐败问题和不正之风方面",
        "1.村集体资金管理混乱。2023年有5笔支出无审批，共0.8万元（底稿：C-2）。",
        "（三）村党组织建设方面",
        "1.“三会一课”落实不严格。2023年支部委员会只召开4次（底稿：C-3）。",
        "（四）巡视巡察整改落实方面",
        "1.上轮巡察反馈问题整改不到位。反馈的6个问题中有2个未完成整改（底稿：C-4）。",
        "三、意见建议",
        "抓好整改。",
    ]
    .join("\n")
        + "\n";
    let file = lint(&text);
    assert_eq!(found(&file), [], "{file}");
    assert_eq!(file["stats"]["focuses"]["rectification"], 1);
}

#[test]
fn stats_show_every_files_focuses_by_their_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        report(&["1.违规发放津补贴12.6万元（底稿：D-1）。"], "\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        four_implementations("\nframework: 四个落实"),
    )
    .unwrap();
    let out = cmd().arg("stats").arg(dir.path()).output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let header = table.lines().next().unwrap();
    // The first file's three focuses, then the second's that the first lacks
    // (the same id is the same focus in every framework: one column).
    for name in [
        "决策部署落实",
        "腐败和不正之风",
        "班子和队伍建设",
        "落实从严治党",
        "落实整改",
    ] {
        assert!(header.contains(name), "{name} in {header}");
    }
    assert!(
        !header.contains("落实组织路线"),
        "organization once: {header}"
    );
    assert!(!header.contains("rectification"), "{header}");
    assert!(header.contains("问题条数"), "{header}");
}

#[test]
fn explain_shows_a_frameworks_focuses_and_how_to_select_it() {
    let out = cmd().args(["explain", "四个落实"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "discipline  落实全面从严治党战略部署",
        "rectification  落实巡视巡察整改",
        "focuses: 四个落实",
        "出处：",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let out = cmd().args(["explain", "五个落实"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("四个落实"));
}

#[test]
fn a_guess_in_a_bare_qualitative_sentence_is_still_a_guess() {
    let text = report(
        &[
            "1.据说违反中央八项规定精神问题时有发生。",
            "2023年以来，该局以会议名义公款吃喝3.2万元（底稿：D-5）。",
        ],
        "\n",
    );
    assert_eq!(found(&lint(&text)), [finding("hedging", &text, "据说")]);
}

#[test]
fn ids_in_a_tables_source_column_resolve_against_the_registry() {
    let table =
        "| 问题 | 底稿 |\n|---|---|\n| 违规发放津补贴12.6万元 | D-1 |\n| 公款吃喝3.2万元 | D-77 |";
    let text = report(&[table], "\n\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evidence.yaml"),
        "D-1: 底稿/D-1.pdf\nD-3: 底稿/D-3.pdf\nD-9: 底稿/D-9.pdf\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("底稿")).unwrap();
    for id in ["D-1", "D-3", "D-9"] {
        std::fs::write(dir.path().join("底稿").join(format!("{id}.pdf")), "").unwrap();
    }
    let path = dir.path().join("报告.md");
    std::fs::write(&path, &text).unwrap();
    let (json, _) = check_json(&[path.to_str().unwrap()]);
    assert_eq!(
        found(&json["files"][0]),
        [finding("unknown-source", &text, "D-77")]
    );
}
