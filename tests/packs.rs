//! Rule packs: the default pack loads and passes its own specs; broken packs
//! exit 2 with an error at the right line and column of the YAML file.

mod common;

use common::*;
use reportlint::rules::defaults;
use reportlint::rules::load::{PackSource, build_rule_set, load_pack};

fn pack(text: &str) -> PackSource {
    PackSource::new("test.yaml", text)
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_with(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

#[test]
fn every_pack_in_rules_loads_and_its_specs_pass() {
    let on_disk: Vec<_> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(
        on_disk.len(),
        defaults::FILES.len(),
        "every file in rules/ is embedded"
    );
    for (name, text) in defaults::FILES {
        assert_eq!(
            std::fs::read_to_string(format!("rules/{name}")).unwrap(),
            *text
        );
    }
    // A run skips the embedded pack's self-tests; here they run.
    let tested: Vec<PackSource> = defaults::sources()
        .into_iter()
        .map(|s| {
            assert!(
                !s.self_test,
                "{}: the embedded pack is tested here, not per run",
                s.origin
            );
            PackSource {
                self_test: true,
                ..s
            }
        })
        .collect();
    let rules = build_rule_set(&tested).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter().map(|x| x.plain()).collect::<Vec<_>>().join("\n")
        )
    });
    let ids: Vec<String> = rules.metas().iter().map(|m| m.id.to_string()).collect();
    for id in [
        "problem-ratio",
        "missing-problem-section",
        "claim-without-source",
        "unknown-source",
        "unused-source",
        "unclassified-problem",
        "focus-not-covered",
        "standard-term",
        "preferred-term",
        "hedging",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    // Every entry of the sourced lexicon carries its source into the rule data.
    let lexicon = rules.meta("standard-term").unwrap();
    assert!(lexicon.entries.iter().all(|e| e.source.is_some()));
}

#[test]
fn a_misspelt_key_exits_2_and_shows_the_yaml_line() {
    let path = "fixtures/packs/typo.yaml";
    let text = fixture(path);
    let line = line_with(&text, "tokenz:");
    let out = cmd()
        .args(["check", "--rules", path, "fixtures/good"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("{path}:{line}:5")), "{stderr}");
    assert!(stderr.contains("tokenz"), "{stderr}");
    assert!(out.stdout.is_empty(), "no check is run");
}

#[test]
fn an_invalid_regex_is_located_at_the_pattern() {
    let path = "fixtures/packs/bad-regex.yaml";
    let text = fixture(path);
    let line = line_with(&text, "违规(发放");
    let out = cmd().args(["rules", "--rules", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("{path}:{line}:9")), "{stderr}");
    assert!(stderr.contains("正则表达式无效"), "{stderr}");
}

#[test]
fn a_failing_spec_is_a_configuration_error() {
    let path = "fixtures/packs/failing-spec.yaml";
    let text = fixture(path);
    let line = line_with(&text, "{from: \"村长签字\"");
    let out = cmd().args(["rules", "--rules", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("{path}:{line}:9")), "{stderr}");
    assert!(stderr.contains("自测未通过"), "{stderr}");
}

/// Self-tests are what `self_test` turns off (for the embedded pack only):
/// the same failing pack loads without them and fails with them.
#[test]
fn self_tests_run_unless_turned_off() {
    let text = fixture("fixtures/packs/failing-spec.yaml");
    let errors = load_pack(&pack(&text)).unwrap_err();
    assert!(errors.iter().any(|e| e.plain().contains("自测未通过")));
    let untested = PackSource {
        self_test: false,
        ..pack(&text)
    };
    assert!(load_pack(&untested).is_ok());
}

#[test]
fn an_added_pack_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    let text = "# 报告\n\n问题已经搞定了。\n";
    std::fs::write(&p, text).unwrap();
    let (json, code) = check_json(&[
        "--no-default-rules",
        "--rules",
        "fixtures/packs/slang.yaml",
        p.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(findings(&json), vec![at("no-slang", text, "搞定", 0)]);
}

#[test]
fn a_key_of_another_kind_is_located_at_that_key() {
    let text = "rules:\n  - id: x\n    kind: existence\n    severity: info\n    message: m\n    description: d\n    tokens: [甲]\n    swap: {甲: 乙}\n";
    let errors = load_pack(&pack(text)).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].position.line, errors[0].position.column), (8, 5));
    assert!(errors[0].message.contains("swap"));
}

#[test]
fn an_unknown_kind_and_a_bad_id_are_both_reported() {
    let text = "rules:\n  - id: Bad_Id\n    kind: existance\n    severity: info\n    message: m\n    description: d\n";
    let errors = load_pack(&pack(text)).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.position.line).collect();
    assert_eq!(
        lines,
        [2, 3],
        "{:?}",
        errors.iter().map(|e| e.plain()).collect::<Vec<_>>()
    );
}

#[test]
fn a_duplicate_rule_id_is_an_error_at_the_second_definition() {
    let text = "rules:\n  - id: hedging\n    kind: existence\n    severity: info\n    message: m\n    description: d\n    tokens: [甲]\n";
    let mut sources = defaults::sources();
    sources.push(pack(text));
    let errors = build_rule_set(&sources).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "test.yaml");
    assert_eq!(errors[0].position.line, 2);
    assert!(errors[0].message.contains("重复"));
}

/// The problem headings, citations and focuses are read by every rule, so
/// one rule defines each: a second sources rule is an error at its id,
/// naming the first, and a pack without the default one defines its own.
#[test]
fn a_second_rule_defining_a_structure_setting_is_an_error_at_it() {
    let text = "rules:\n  - id: my-sources\n    kind: sources\n    severity: error\n    message: m\n    description: d\n    inline_patterns: ['（依据(?P<ids>[A-Z]-[0-9]+)）']\n";
    let mut sources = defaults::sources();
    sources.push(pack(text));
    let errors = build_rule_set(&sources).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, "test.yaml");
    assert_eq!(errors[0].position.line, 2);
    assert!(
        errors[0].message.contains("claim-without-source"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("my-sources"),
        "{}",
        errors[0].message
    );
    // Alone, the same pack defines how its reports cite their 底稿.
    let rules = build_rule_set(&[pack(text)]).expect("loads alone");
    let report = reportlint::lint_text(
        &rules,
        "a.md",
        "# 报告\n\n## 一、存在的主要问题\n\n1. 违规发放津补贴12万元（依据D-1）。\n2. 违规发放津补贴3万元（底稿：D-2）。\n",
        &reportlint::source::evidence::EvidenceView::default(),
    );
    let unsourced: Vec<usize> = report
        .diagnostics
        .iter()
        .filter(|d| &*d.rule == "my-sources")
        .map(|d| report.position(d.span.start).line)
        .collect();
    assert_eq!(unsourced, [6], "{:?}", report.diagnostics);
}

#[test]
fn a_substitution_that_would_never_settle_is_rejected() {
    let text = "rules:\n  - id: x\n    kind: substitution\n    severity: info\n    message: m\n    description: d\n    entries:\n      - {wrong: 八项规定精神, right: 中央八项规定精神}\n";
    let errors = load_pack(&pack(text)).unwrap_err();
    assert_eq!(errors[0].position.line, 8);
    assert!(errors[0].message.contains("无法收敛"));
    let fixed = text.replace(
        "right: 中央八项规定精神}",
        "right: 中央八项规定精神, not_after: [中央]}",
    );
    assert!(load_pack(&pack(&fixed)).is_ok());
}

#[test]
fn an_unknown_kind_suggests_the_nearest() {
    let text = "rules:\n  - id: x\n    kind: existance\n    severity: info\n    message: m\n    description: d\n";
    let errors = load_pack(&pack(text)).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("是否想写“existence”")),
        "{:?}",
        errors.iter().map(|e| e.plain()).collect::<Vec<_>>()
    );
}

#[test]
fn an_unknown_placeholder_exits_2_at_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pack.yaml");
    let text = "rules:\n  - id: x\n    kind: existence\n    severity: info\n    message: \"不要写“{matched}”\"\n    description: d\n    tokens: [搞定]\n";
    std::fs::write(&p, text).unwrap();
    let out = cmd()
        .args(["rules", "--rules", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = line_with(text, "{matched}");
    assert!(stderr.contains(&format!("pack.yaml:{line}:")), "{stderr}");
    assert!(
        stderr.contains("{matched}") && stderr.contains("{match}"),
        "{stderr}"
    );
}

#[test]
fn a_companions_unknown_placeholder_is_located_at_the_companion() {
    let text = "rules:\n  - id: x\n    kind: sources\n    severity: error\n    message: m\n    description: d\n    unknown:\n      id: y\n      severity: error\n      message: \"{label}找不到\"\n      description: d\n";
    let errors = load_pack(&pack(text)).unwrap_err();
    assert_eq!(
        errors.len(),
        1,
        "{:?}",
        errors.iter().map(|e| e.plain()).collect::<Vec<_>>()
    );
    assert_eq!(errors[0].position.line, line_with(text, "{label}"));
    assert!(errors[0].message.contains("{id}"), "{}", errors[0].message);
}

#[test]
fn a_file_of_one_rule_is_a_pack_of_that_rule() {
    let dir = tempfile::tempdir().unwrap();
    let rule = dir.path().join("no-slang.yaml");
    std::fs::write(
        &rule,
        "id: no-slang\nkind: existence\nseverity: warning\nmessage: \"“{match}”是口语\"\ndescription: 报告中不用口语。\ntokens: [搞定]\n",
    )
    .unwrap();
    let report = dir.path().join("r.md");
    let text = "# 报告\n\n问题已经搞定了。\n";
    std::fs::write(&report, text).unwrap();
    let (json, code) = check_json(&[
        "--no-default-rules",
        "--rules",
        rule.to_str().unwrap(),
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(findings(&json), vec![at("no-slang", text, "搞定", 0)]);
    // Its errors are located at its top-level keys.
    let typo = "id: no-slang\nkind: existence\nseverity: warning\nmessage: m\ndescription: d\ntokenz: [搞定]\n";
    let errors = load_pack(&pack(typo)).unwrap_err();
    let pos: Vec<(usize, String)> = errors
        .iter()
        .map(|e| (e.position.line, e.message.clone()))
        .collect();
    assert!(
        pos.iter()
            .any(|(l, m)| *l == 6 && m.contains("是否想写“tokens”")),
        "{pos:?}"
    );
}

#[test]
fn every_rule_id_of_the_default_pack_is_explained() {
    let rules = build_rule_set(&defaults::sources()).unwrap();
    for m in rules.metas() {
        let out = cmd().args(["explain", &m.id]).output().unwrap();
        assert!(out.status.success(), "{}", m.id);
    }
    assert!(rules.meta("unrecognized-source").is_some());
}

/// Every rule's error in one run, in Chinese, at its line, with the key or
/// value probably meant; no serde or clap English reaches the user.
#[test]
fn every_pack_error_is_reported_in_chinese_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p.yaml");
    std::fs::write(
        &pack,
        "rules:\n  - id: a-rule\n    kind: existence\n    severity: warning\n    message: x\n    tokens: [搞定]\n  - id: b-rule\n    kind: existence\n    severty: warning\n    message: x\n    description: x\n    tokens: [摆平]\n  - id: c-rule\n    kind: existence\n    severity: warnin\n    message: x\n    description: x\n    tokens: [走后门]\n",
    )
    .unwrap();
    let report = dir.path().join("r.md");
    std::fs::write(&report, "# 报告\n").unwrap();
    let out = common::cmd()
        .args(["check", "--no-default-rules", "--rules"])
        .arg(&pack)
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (message, line) in [
        ("缺少必需的键“description”", "p.yaml:2:5"),
        ("未知的键“severty”，是否想写“severity”？", "p.yaml:9:5"),
        ("“warnin”不是可用的值，是否想写“warning”？", "p.yaml:15:5"),
    ] {
        assert!(stderr.contains(message), "{message}: {stderr}");
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
    assert!(stderr.contains("有 3 处错误"), "{stderr}");
    for english in [
        "missing field",
        "unknown variant",
        "unknown field",
        "expected",
    ] {
        assert!(!stderr.contains(english), "{english}: {stderr}");
    }

    // reportlint.yaml: a misspelt rule id, framework and severity.
    std::fs::write(
        dir.path().join("reportlint.yaml"),
        "disable: [hedgin]\nfocuses: 三个聚交\n",
    )
    .unwrap();
    let out = common::cmd().arg("check").arg(&report).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("是否想写“hedging”？"), "{stderr}");
    assert!(stderr.contains("是否想写“三个聚焦”？"), "{stderr}");
    std::fs::write(
        dir.path().join("reportlint.yaml"),
        "severity: {hedging: eror}\n",
    )
    .unwrap();
    let out = common::cmd().arg("check").arg(&report).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("“eror”不是可用的值，是否想写“error”？"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown variant"), "{stderr}");
}

#[test]
fn command_line_errors_are_chinese() {
    let out = common::cmd().arg("chek").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("没有“chek”这个命令，是否想写“check”？"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("unrecognized") && !stderr.contains("Usage"),
        "{stderr}"
    );
    let out = common::cmd().args(["check", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("用法：reportlint check [选项] [路径]..."),
        "{help}"
    );
    assert!(
        !help.contains("Print help") && !help.contains("Options"),
        "{help}"
    );
    let out = common::cmd()
        .args(["explain", "全面以严治党"])
        .output()
        .unwrap();
    let explain = String::from_utf8_lossy(&out.stdout);
    assert!(!explain.contains("from official text"), "{explain}");
}
