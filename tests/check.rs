//! `reportlint check` on the fixtures: exact findings in JSON, exit codes,
//! and the human output's locations.

mod common;

use common::*;

#[test]
fn good_reports_pass_clean() {
    let (json, code) = check_json(&["fixtures/good"]);
    assert_eq!(code, 0, "{json}");
    for f in json["files"].as_array().unwrap() {
        assert_eq!(f["diagnostics"].as_array().unwrap().len(), 0, "{f}");
    }
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn standard_term_found_at_its_character_column_with_fix() {
    let path = "fixtures/bad/standard-term.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![at("standard-term", &text, "全面以严治党", 0)]
    );
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["fix"]["replacement"], "全面从严治党");
    assert!(d["message"].as_str().unwrap().contains("全面从严治党"));
    // The column counts characters: "3. 推进" is five characters before the hit.
    assert_eq!(d["column"], 6);
}

#[test]
fn standard_term_in_human_output_names_line_and_character_column() {
    let path = "fixtures/bad/standard-term.md";
    let text = fixture(path);
    let (line, col, _, _) = locate(&text, "全面以严治党", 0);
    let out = cmd()
        .args(["check", "--color", "never", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("[{path}:{line}:{col}]")),
        "{stdout}"
    );
    assert!(stdout.contains("standard-term"));
    assert!(
        stdout.contains("改为“全面从严治党”"),
        "the fix is shown as help: {stdout}"
    );
    assert!(stdout.contains("1 个错误"), "summary line: {stdout}");
}

#[test]
fn problem_ratio_below_minimum_reports_the_measured_ratio() {
    let path = "fixtures/bad/problem-ratio.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![line_of("problem-ratio", &text, "## 二、发现的主要问题")]
    );
    let stats = &json["files"][0]["stats"];
    let ratio = stats["problem_ratio"].as_f64().unwrap();
    assert!((0.54..0.56).contains(&ratio), "{ratio}");
    let msg = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    // One decimal, rounded down (a share just under 70% must not read as
    // 70%) and dropped when it is zero (55% rather than 55.0%): counted here
    // in whole numbers from the stats' character counts.
    let (p, t) = (
        stats["problem_chars"].as_u64().unwrap(),
        stats["total_chars"].as_u64().unwrap(),
    );
    let tenths = p * 1000 / t;
    let expected = if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    };
    assert!(msg.contains(&expected), "{msg} contains {expected}");
    assert!(msg.contains(&format!(
        "{}/{}",
        stats["problem_chars"], stats["total_chars"]
    )));
    assert!(msg.contains("70%"));
}

#[test]
fn problem_ratio_at_eighty_percent_passes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    // 10 characters outside the problem part, 40 inside (heading included).
    let text = "# 一二三四五六七八九十\n\n## 发现的主要问题\n\n### 群众身边腐败问题方面\n\n违规发放补贴十二万元整[^1]。\n\n[^1]: 底稿。\n";
    std::fs::write(&p, text).unwrap();
    let (json, _) = check_json(&[
        "--no-default-rules",
        "--rules",
        "rules/structure.yaml",
        p.to_str().unwrap(),
    ]);
    let stats = &json["files"][0]["stats"];
    let total = stats["total_chars"].as_u64().unwrap();
    let problem = stats["problem_chars"].as_u64().unwrap();
    assert_eq!(total - problem, 10);
    assert!(stats["problem_ratio"].as_f64().unwrap() >= 0.7);
    let rules: Vec<_> = findings(&json).into_iter().map(|f| f.0).collect();
    assert!(!rules.contains(&"problem-ratio".to_string()), "{rules:?}");
}

#[test]
fn sources_unsourced_claim_unknown_and_unused_references() {
    let path = "fixtures/bad/sources.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![
            line_of("claim-without-source", &text, "2. 推进养老服务体系建设滞后"),
            at("unknown-source", &text, "[^D-9]", 0),
            line_of("unused-source", &text, "[^D-010]:"),
        ]
    );
    assert_eq!(json["files"][0]["stats"]["sourced_claims"], 7);
    assert_eq!(json["files"][0]["stats"]["claims"], 8);
}

#[test]
fn focuses_unclassified_problems_and_uncovered_focus() {
    let path = "fixtures/bad/focuses.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![
            line_of("focus-not-covered", &text, "## 二、发现的主要问题"),
            line_of("unclassified-problem", &text, "1. “三会一课”"),
            line_of("unclassified-problem", &text, "2. 干部队伍结构"),
        ]
    );
    let msg = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        msg.contains("聚焦基层党组织领导班子和干部队伍建设"),
        "{msg}"
    );
    let focuses = &json["files"][0]["stats"]["focuses"];
    assert_eq!(focuses["organization"], 0);
    assert_eq!(focuses["policy"], 3);
    assert_eq!(focuses["corruption"], 3);
}

#[test]
fn missing_problem_section_is_reported_at_the_first_line_after_the_front_matter() {
    let (json, code) = check_json(&["fixtures/bad/missing-problem-section.md"]);
    assert_eq!(code, 1);
    let f = findings(&json);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].0.as_str(), f[0].1, f[0].2),
        ("missing-problem-section", 8, 1)
    );
    assert_eq!(
        fixture("fixtures/bad/missing-problem-section.md")
            .lines()
            .nth(7),
        Some("# 关于对中共某县民政局党组开展常规巡察情况的报告")
    );
}

/// A body sentence that mentions 问题 is not named as a would-be heading;
/// a short line that reads as one is.
#[test]
fn missing_problem_section_names_only_heading_like_lines() {
    let dir = tempfile::tempdir().unwrap();
    let sentence =
        "# 报告\n\n## 一、基本情况\n\n经梳理，主要存在以下问题。\n\n有的单位违规发放补贴。\n";
    let p = dir.path().join("a.md");
    std::fs::write(&p, sentence).unwrap();
    let missing = |json: &serde_json::Value| {
        let f: Vec<Finding> = findings(json)
            .into_iter()
            .filter(|f| f.0 == "missing-problem-section")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        (f[0].1, f[0].2)
    };
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    assert_eq!(missing(&json), (1, 1), "the first line, not the sentence");
    let heading = "# 报告\n\n## 一、基本情况\n\n发现的主要问题。\n\n有的单位违规发放补贴。\n";
    std::fs::write(&p, heading).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    assert_eq!(missing(&json), (5, 1));
    assert!(json.to_string().contains("以标点结尾"), "{json}");
}

#[test]
fn hedging_in_claims_is_a_warning() {
    let path = "fixtures/bad/hedging.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 0, "warnings alone do not fail");
    assert_eq!(
        findings(&json),
        vec![
            at("hedging", &text, "据说", 0),
            at("hedging", &text, "可能", 0)
        ]
    );
    let (_, code) = check_json(&["--deny-warnings", path]);
    assert_eq!(code, 1);
}

#[test]
fn preferred_term_is_a_warning_with_an_unsafe_fix() {
    let path = "fixtures/bad/preferred-term.md";
    let text = fixture(path);
    let (json, code) = check_json(&[path]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&json),
        vec![at("preferred-term", &text, "八项规定精神", 0)]
    );
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["fix"]["replacement"], "中央八项规定精神");
    let out = cmd()
        .args(["check", "--color", "never", path])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("--unsafe-fixes"), "{stdout}");
}

#[test]
fn json_has_exactly_the_documented_shape_and_order() {
    let (json, _) = check_json(&["fixtures"]);
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&json), ["files", "summary", "version"]);
    assert_eq!(json["version"], 1);
    assert_eq!(
        keys(&json["summary"]),
        ["errors", "files", "infos", "warnings"]
    );
    let files = json["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files sorted by path");
    assert!(
        paths
            .iter()
            .all(|p| p.starts_with("fixtures/") && !p.contains('\\'))
    );
    let mut total = 0;
    for f in files {
        assert_eq!(keys(f), ["diagnostics", "path", "stats"]);
        assert_eq!(
            keys(&f["stats"]),
            [
                "claims",
                "focuses",
                "items",
                "problem_chars",
                "problem_ratio",
                "sourced_claims",
                "total_chars"
            ]
        );
        let diags = f["diagnostics"].as_array().unwrap();
        total += diags.len();
        let order: Vec<(u64, u64, String)> = diags
            .iter()
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                    d["rule"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut o2 = order.clone();
        o2.sort();
        assert_eq!(order, o2, "diagnostics sorted by line, column, rule");
        for d in diags {
            let mut expected = vec![
                "column",
                "end_column",
                "end_line",
                "line",
                "message",
                "rule",
                "severity",
            ];
            if d.get("fix").is_some() {
                expected.insert(0, "fix");
                expected.sort();
            }
            assert_eq!(keys(d), expected);
        }
    }
    let s = &json["summary"];
    let counted = s["errors"].as_u64().unwrap()
        + s["warnings"].as_u64().unwrap()
        + s["infos"].as_u64().unwrap();
    assert_eq!(counted as usize, total);
    assert_eq!(s["files"].as_u64().unwrap() as usize, files.len());
}

#[test]
fn inline_ids_must_be_in_a_present_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let report = std::fs::read_to_string("fixtures/good/民政局/巡察报告.md")
        .unwrap()
        .replace("（底稿：D-009）", "（底稿：D-099）");
    std::fs::write(dir.path().join("r.md"), &report).unwrap();
    std::fs::copy(
        "fixtures/good/民政局/evidence.yaml",
        dir.path().join("evidence.yaml"),
    )
    .unwrap();
    // Only the structure pack: the 底稿 files themselves are not copied here.
    let r = dir.path().join("r.md");
    let args = [
        "--no-default-rules",
        "--rules",
        "rules/structure.yaml",
        r.to_str().unwrap(),
    ];
    let (json, code) = check_json(&args);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![at("unknown-source", &report, "D-099", 0)]
    );
    // Without a manifest or 底稿 folder, inline IDs are accepted as written.
    std::fs::remove_file(dir.path().join("evidence.yaml")).unwrap();
    let (json, code) = check_json(&args);
    assert_eq!((findings(&json), code), (vec![], 0));
}

#[test]
fn a_missing_path_is_reported_and_the_rest_still_linted() {
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/bad/standard-term.md",
            "no/such/report.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no/such/report.md") && stderr.contains("不存在"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_file_that_is_not_text_is_an_unreadable_file_naming_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("binary.md");
    let mut bytes = "# 标题\n\n正文".as_bytes().to_vec();
    bytes.extend([0x00, 0x01, 0x02]);
    std::fs::write(&p, bytes).unwrap();
    let (json, code) = check_json(&[p.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        vec![("unreadable-file".to_string(), 1, 1, 1, 1)]
    );
    let msg = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(msg.contains("NUL") && msg.contains("第3行第3列"), "{msg}");
}

#[test]
fn a_gbk_file_is_decoded_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gbk.md");
    let (bytes, _, _) = encoding_rs::GBK.encode("# 标题\n\n推进全面以严治党力度不够。\n");
    std::fs::write(&p, &bytes).unwrap();
    let (json, _) = check_json(&[
        "--no-default-rules",
        "--rules",
        "rules/lexicon.yaml",
        p.to_str().unwrap(),
    ]);
    assert_eq!(
        findings(&json),
        vec![
            ("non-utf8-encoding".to_string(), 1, 1, 1, 1),
            ("standard-term".to_string(), 3, 3, 3, 9)
        ]
    );
}

#[test]
fn concise_output_is_one_line_a_finding_with_character_columns() {
    let path = "fixtures/bad/standard-term.md";
    let text = fixture(path);
    let out = cmd()
        .args(["check", "--format", "concise", "--quiet", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (json, _) = check_json(&[path]);
    let want: Vec<String> = findings(&json)
        .iter()
        .zip(json["files"][0]["diagnostics"].as_array().unwrap())
        .map(|(f, d)| {
            format!(
                "{path}:{}:{}: {}[{}] {}",
                f.1,
                f.2,
                d["severity"].as_str().unwrap(),
                f.0,
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(stdout.lines().collect::<Vec<_>>(), want);
    // The column is the character column of the wrong term.
    let first = at("standard-term", &text, "全面以严治党", 0);
    assert!(
        stdout.contains(&format!(
            "{path}:{}:{}: error[standard-term]",
            first.1, first.2
        )),
        "{stdout}"
    );
}

/// Nothing fails silently: an empty folder, a .doc, an empty report,
/// --annotate on Markdown and a baseline's hidden findings all say so.
#[test]
fn every_odd_input_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("空文件夹");
    std::fs::create_dir_all(&empty).unwrap();
    let out = cmd().arg("check").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到要检查的报告"));

    let doc = dir.path().join("旧报告.doc");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 64]);
    std::fs::write(&doc, &ole).unwrap();
    let (json, code) = check_json(&[doc.to_str().unwrap()]);
    assert_eq!(code, 1);
    let message = json["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("另存为” .docx"), "{message}");
    assert!(!message.contains("UTF-8"), "{message}");

    let blank = dir.path().join("空.md");
    std::fs::write(&blank, "\n  \n").unwrap();
    let (json, _) = check_json(&[blank.to_str().unwrap()]);
    let f = findings(&json);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(json.to_string().contains("文件是空的"), "{json}");

    let md = dir.path().join("a.md");
    std::fs::write(&md, "# 报告\n\n全面以严治党。\n").unwrap();
    let out = cmd()
        .args(["check", "--annotate"])
        .arg(&md)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--annotate 只用于 Word 报告"));

    let base = dir.path().join("基线.json");
    cmd()
        .args(["check", "--write-baseline"])
        .arg(&base)
        .arg(&md)
        .output()
        .unwrap();
    let out = cmd()
        .args(["check", "--baseline"])
        .arg(&base)
        .arg(&md)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("基线中已记录的 3 个问题未列出"), "{stderr}");
}

/// The annotated copy of a Word report is as readable as the original.
#[cfg(unix)]
#[test]
fn the_annotated_copy_keeps_the_originals_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("报告.docx");
    let md = fixture("fixtures/bad/standard-term.md");
    std::fs::write(
        &docx,
        reportlint::corpus::word::twin(&md, reportlint::corpus::word::Form::Typed),
    )
    .unwrap();
    std::fs::set_permissions(&docx, std::fs::Permissions::from_mode(0o644)).unwrap();
    cmd()
        .args(["check", "--annotate", "--quiet"])
        .arg(&docx)
        .output()
        .unwrap();
    let copy = dir.path().join("报告.reportlint.docx");
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

/// A broken evidence manifest is reported in Chinese at its line, without
/// serde's English.
#[test]
fn a_broken_manifest_is_reported_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evidence.yaml"),
        "D-001: {file: [1, 2], title: x}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.md"),
        fixture("fixtures/bad/standard-term.md"),
    )
    .unwrap();
    let out = cmd()
        .arg("check")
        .arg(dir.path().join("r.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("evidence.yaml:1:1: 底稿清单有误"),
        "{stderr}"
    );
    assert!(
        stderr.contains("这一项的写法不是可用的任何一种"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("untagged") && !stderr.contains("variant"),
        "{stderr}"
    );
}
