//! Helpers shared by the CLI tests. Expected positions are computed here from
//! the fixture text itself, by a counting method independent of the tool's.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;

/// The binary under test.
pub fn cmd() -> Command {
    let mut c = Command::cargo_bin("reportlint").expect("binary is built");
    c.env_remove("NO_COLOR");
    c
}

/// Runs `check --format json` with extra arguments; returns JSON and exit code.
pub fn check_json(args: &[&str]) -> (Value, i32) {
    let out = cmd()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap_or(-1))
}

/// A finding as (rule, line, column, end_line, end_column).
pub type Finding = (String, u64, u64, u64, u64);

/// The findings of the only file in a JSON result.
pub fn findings(json: &Value) -> Vec<Finding> {
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "one file: {json}");
    file_findings(&files[0])
}

/// The findings of one file of a JSON result.
pub fn file_findings(file: &Value) -> Vec<Finding> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
                d["end_line"].as_u64().expect("end_line"),
                d["end_column"].as_u64().expect("end_column"),
            )
        })
        .collect()
}

/// For each file of a JSON result: its path shortened by `short`, and its rule ids in order.
pub fn rules_by_file(json: &Value, short: &dyn Fn(&str) -> String) -> Vec<(String, Vec<String>)> {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let rules = f["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| d["rule"].as_str().expect("rule").to_string())
                .collect();
            (short(path), rules)
        })
        .collect()
}

/// Line and character column (1-based) of the `nth` occurrence of `needle`,
/// and of the character just past it.
pub fn locate(text: &str, needle: &str, nth: usize) -> (u64, u64, u64, u64) {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} in fixture"));
    let pos = |b: usize| {
        let before = &text[..b];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line as u64, col as u64)
    };
    let (l1, c1) = pos(byte);
    let (l2, c2) = pos(byte + needle.len());
    (l1, c1, l2, c2)
}

/// A finding for `rule` spanning `needle`.
pub fn at(rule: &str, text: &str, needle: &str, nth: usize) -> Finding {
    let (l1, c1, l2, c2) = locate(text, needle, nth);
    (rule.to_string(), l1, c1, l2, c2)
}

/// A finding for `rule` spanning the whole line that starts with `prefix`.
pub fn line_of(rule: &str, text: &str, prefix: &str) -> Finding {
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("a line starting with {prefix}"));
    let n = n as u64 + 1;
    (
        rule.to_string(),
        n,
        1,
        n,
        line.trim_end().chars().count() as u64 + 1,
    )
}

/// Reads a fixture.
pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
