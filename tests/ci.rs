//! CI formats, config files, baselines, init, rules/explain and --stdin.

mod common;

use std::path::Path;

use common::*;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = cmd().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn bad_fixtures() -> Vec<String> {
    let mut v: Vec<String> = walk("fixtures/bad");
    v.sort();
    v
}

fn walk(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(p.to_str().unwrap()));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p.to_str().unwrap().to_string());
        }
    }
    out
}

/// A subfolder's reportlint.yaml adds a pack: its rules' results point at
/// their own entries in the driver's rules, and the log still validates.
#[test]
fn sarif_lists_the_rules_a_folders_pack_adds() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("乡镇");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy("fixtures/packs/slang.yaml", sub.join("slang.yaml")).unwrap();
    std::fs::write(sub.join("reportlint.yaml"), "rules: [slang.yaml]\n").unwrap();
    std::fs::write(sub.join("a.md"), "# 报告\n\n问题已经搞定，全面以严治党。\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "# 报告\n\n全面以严治党。\n").unwrap();
    let (stdout, _, _) = run(&["check", "--format", "sarif", dir.path().to_str().unwrap()]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut ids: Vec<&str> = Vec::new();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"], "{r}");
        ids.push(r["ruleId"].as_str().unwrap());
    }
    assert!(ids.contains(&"no-slang"), "{ids:?}");
    assert_eq!(ids.iter().filter(|i| **i == "standard-term").count(), 2);
    let slang = rules.iter().find(|r| r["id"] == "no-slang").unwrap();
    assert!(
        slang["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("口语")
    );
}

#[test]
fn sarif_of_every_bad_fixture_validates_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for f in bad_fixtures() {
        let (stdout, _, _) = run(&["check", "--format", "sarif", &f]);
        let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{f}: {errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let (json, _) = check_json(&[&f]);
        assert_eq!(
            results.len(),
            findings(&json).len(),
            "{f}: every finding is a result"
        );
        // Regions are in characters, like the JSON output.
        for (r, d) in results
            .iter()
            .zip(json["files"][0]["diagnostics"].as_array().unwrap())
        {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert_eq!(region["startColumn"], d["column"]);
            assert_eq!(region["endColumn"], d["end_column"]);
        }
    }
}

#[test]
fn sarif_carries_rules_and_fixes() {
    let (stdout, _, _) = run(&[
        "check",
        "--format",
        "sarif",
        "fixtures/bad/standard-term.md",
    ]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "standard-term"));
    assert!(rules.iter().any(|r| r["id"] == "claim-without-source"));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "standard-term");
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "全面从严治党"
    );
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "standard-term"
    );
}

#[test]
fn github_gitlab_and_junit_outputs_are_pinned() {
    let f = "fixtures/bad/sources.md";
    insta::assert_snapshot!("github", run(&["check", "--format", "github", f]).0);
    insta::assert_snapshot!("gitlab", run(&["check", "--format", "gitlab", f]).0);
    insta::assert_snapshot!("junit", run(&["check", "--format", "junit", f]).0);
}

#[test]
fn gitlab_fingerprints_survive_a_blank_line_added_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    let text = fixture("fixtures/bad/sources.md");
    std::fs::write(&p, &text).unwrap();
    let prints = |p: &Path| {
        let (out, _, _) = run(&["check", "--format", "gitlab", p.to_str().unwrap()]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = prints(&p);
    std::fs::write(&p, format!("\n{text}")).unwrap();
    let after = prints(&p);
    assert_eq!(before.len(), after.len());
    assert!(!before.is_empty());
    for ((fa, la), (fb, lb)) in before.iter().zip(&after) {
        assert_eq!(fa, fb);
        assert_eq!(la + 1, *lb, "the line moved, the fingerprint did not");
    }
}

#[test]
fn init_then_check_passes_and_init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let (_, _, code) = run(&["init", d]);
    assert_eq!(code, 0);
    for f in ["reportlint.yaml", "报告模板.md", "evidence.yaml"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let (json, code) = check_json(&[d]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(findings(&json), vec![]);
    let before = std::fs::read(dir.path().join("reportlint.yaml")).unwrap();
    std::fs::write(dir.path().join("报告模板.md"), "改过的").unwrap();
    let (_, stderr, code) = run(&["init", d]);
    assert_eq!(code, 2);
    assert!(stderr.contains("已存在"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("报告模板.md")).unwrap(),
        "改过的"
    );
    assert_eq!(
        std::fs::read(dir.path().join("reportlint.yaml")).unwrap(),
        before
    );
}

/// A tree: a/ has a config disabling hedging; a/sub/ is under it; b/ is not.
fn config_tree(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let report = fixture("fixtures/bad/hedging.md");
    for sub in ["a", "a/sub", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("r.md"), &report).unwrap();
    }
    std::fs::write(dir.path().join("a/reportlint.yaml"), config).unwrap();
    dir
}

/// Files as `a/…` or `b/…` with their rule ids.
fn rules_by_tree(json: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    rules_by_file(json, &|path| {
        path[path.find("/a/").or(path.find("/b/")).unwrap() + 1..].to_string()
    })
}

#[test]
fn a_config_that_disables_a_rule_silences_it_under_its_folder_only() {
    let dir = config_tree("disable: [hedging]\n");
    let (json, _) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        rules_by_tree(&json),
        vec![
            ("a/r.md".to_string(), vec![]),
            ("a/sub/r.md".to_string(), vec![]),
            (
                "b/r.md".to_string(),
                vec!["hedging".to_string(), "hedging".to_string()]
            ),
        ]
    );
}

#[test]
fn config_severity_exclude_and_extra_packs_apply() {
    let dir =
        config_tree("severity: {hedging: error}\nexclude: [\"sub/**\"]\nrules: [slang.yaml]\n");
    std::fs::copy("fixtures/packs/slang.yaml", dir.path().join("a/slang.yaml")).unwrap();
    let report =
        fixture("fixtures/bad/hedging.md").replace("巡察组认为", "问题已经搞定，巡察组认为");
    std::fs::write(
        dir.path().join("a/r.md"),
        report.replace("聚焦问题抓整改", "问题已经搞定了"),
    )
    .unwrap();
    let (json, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "hedging is an error under a/");
    let by_file = rules_by_tree(&json);
    assert_eq!(by_file.len(), 2, "a/sub is excluded: {by_file:?}");
    assert!(
        by_file[0].1.contains(&"no-slang".to_string()),
        "{by_file:?}"
    );
    let a = &json["files"][0]["diagnostics"];
    assert!(
        a.as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "hedging" && d["severity"] == "error")
    );
    let b = &json["files"][1]["diagnostics"];
    assert!(
        b.as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
}

#[test]
fn an_unknown_config_key_or_rule_id_exits_2_with_its_location() {
    let dir = config_tree("disable: [hedging]\nseverty: {hedging: error}\n");
    let (_, stderr, code) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("reportlint.yaml:2:1"), "{stderr}");
    let dir = config_tree("disable: [hedgin]\n");
    let (_, stderr, code) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("reportlint.yaml:1:11") && stderr.contains("hedgin"),
        "{stderr}"
    );
}

#[test]
fn explicit_config_overrides_the_nearest_one() {
    let dir = config_tree("disable: [hedging]\n");
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, "disable: [focus-mismatch]\n").unwrap();
    let (json, _) = check_json(&[
        "--config",
        other.to_str().unwrap(),
        dir.path().join("a").to_str().unwrap(),
    ]);
    for f in json["files"].as_array().unwrap() {
        assert!(
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["rule"] == "hedging")
        );
    }
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.md");
    let base = dir.path().join("baseline.json");
    let text = fixture("fixtures/bad/sources.md");
    std::fs::write(&p, &text).unwrap();
    let (p, b) = (p.to_str().unwrap(), base.to_str().unwrap());
    let (_, _, code) = run(&["check", "--write-baseline", b, p]);
    assert_eq!(code, 0);
    let (json, code) = check_json(&["--baseline", b, p]);
    assert_eq!(
        (findings(&json), code),
        (vec![], 0),
        "an unchanged tree reports nothing"
    );
    // Lines added above do not make old findings new.
    std::fs::write(p, format!("\n\n{text}")).unwrap();
    let (json, _) = check_json(&["--baseline", b, p]);
    assert_eq!(findings(&json), vec![]);
    // A new problem is reported.
    let changed = format!("\n\n{text}").replace("1. 违规发放津补贴。", "1. 据说违规发放津补贴。");
    std::fs::write(p, &changed).unwrap();
    let (json, _) = check_json(&["--baseline", b, p]);
    assert_eq!(findings(&json), vec![at("hedging", &changed, "据说", 0)]);
}

#[test]
fn rules_and_explain_tell_what_a_rule_means() {
    let (stdout, _, code) = run(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let st = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "standard-term")
        .unwrap();
    assert_eq!(
        (
            st["kind"].as_str(),
            st["severity"].as_str(),
            st["fix"].as_str()
        ),
        (Some("substitution"), Some("error"), Some("safe"))
    );
    let (text, _, _) = run(&["explain", "standard-term"]);
    assert!(
        text.contains("全面以严治党") && text.contains("安全"),
        "{text}"
    );
    let (text, _, code) = run(&["explain", "全面以严治党"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("全面从严治党") && text.contains("党的二十大报告"),
        "source of the right wording: {text}"
    );
    let (_, stderr, code) = run(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("reportlint rules"));
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let text = fixture("fixtures/bad/standard-term.md");
    let out = cmd()
        .args([
            "check",
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            "fixtures/bad/standard-term.md",
        ])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "fixtures/bad/standard-term.md");
    assert_eq!(
        findings(&json),
        vec![at("standard-term", &text, "全面以严治党", 0)]
    );
    let out = cmd()
        .args(["check", "--fix", "--stdin", "--stdin-filename", "x.md"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        text.replace("全面以严治党", "全面从严治党")
    );
}

#[test]
fn no_progress_bar_or_summary_when_not_a_terminal_or_quiet() {
    // Many files, stderr not a terminal: stderr stays empty.
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("fixtures/good/民政局/巡察报告.md");
    for i in 0..12 {
        std::fs::write(dir.path().join(format!("r{i:02}.md")), &text).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let (stdout, stderr, _) = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        "rules/wording.yaml",
        d,
    ]);
    assert_eq!(stderr, "");
    assert!(stdout.contains("共检查 12 个文件"));
    let (stdout, stderr, _) = run(&[
        "check",
        "--quiet",
        "--no-default-rules",
        "--rules",
        "rules/wording.yaml",
        d,
    ]);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
}

/// A finding with a second place carries it as a related location: the
/// first 巡察组 of the report, where the minority 巡察小组 is reported.
#[test]
fn sarif_carries_related_locations() {
    let path = "fixtures/bad/consistency.md";
    let (stdout, _, _) = run(&["check", "--format", "sarif", path]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "consistent-wording"
                && r["message"]["text"].as_str().unwrap().contains("巡察小组")
        })
        .expect("the 巡察小组 finding")
        .clone();
    let text = std::fs::read_to_string(path).unwrap();
    // The first in the body: the front matter (up to its closing ---) is
    // not report text.
    let body_from = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "---")
        .nth(1)
        .map_or(0, |(i, _)| i + 1);
    let (line, col) = text
        .lines()
        .enumerate()
        .skip(body_from)
        .find_map(|(i, l)| {
            l.find("巡察组")
                .map(|at| (i + 1, l[..at].chars().count() + 1))
        })
        .unwrap();
    let related = &result["relatedLocations"][0];
    let region = &related["physicalLocation"]["region"];
    assert_eq!(region["startLine"], line);
    assert_eq!(region["startColumn"], col);
    assert_eq!(region["endColumn"], col + 3);
    assert!(
        related["message"]["text"]
            .as_str()
            .unwrap()
            .contains("巡察组")
    );
}
