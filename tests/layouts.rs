//! Layout invariance: the same report in every layout drafters use gives the
//! same findings (rule ids on the same lines, mapped through the rewrite)
//! and the same statistics. Each good and bad fixture is rewritten here,
//! mechanically and with this file's own patterns, into:
//!
//! - `typed`: headings numbered 一、/（一） (and their wrong forms) lose their
//!   `#` and become typed lines; list items `1. ` lose the space (`1.`);
//! - `word`: `typed`, pasted from Word: one paragraph a line with no blank
//!   lines between paragraphs, each indented with two ideographic spaces;
//! - `flat`: `word` without the indentation (pasted as plain text);
//! - `indented`: `typed`, each paragraph indented with four ASCII spaces
//!   (CommonMark would read that as code);
//! - `bold`: second-level headings as wholly bold lines (`**（一）……**`);
//! - `mixed`: first-level headings stay Markdown, second-level ones are
//!   typed, and the problem items are pasted from Word.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use regex::Regex;
use serde_json::Value;

/// A layout: the rewritten text and, for each original line (0-based), its
/// line in the rewrite.
struct Rewrite {
    text: String,
    line_map: Vec<usize>,
    /// For a rewrite that splits lines (hard wrapping): each line's
    /// original line; findings are then compared on the original lines.
    back: Option<Vec<usize>>,
}

/// Which lines of a report are prose the rewrites may touch: not front
/// matter, fences, tables, comments, quotes, bullets or footnote definitions.
fn prose_lines(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut in_front = lines.first() == Some(&"---");
    let mut in_fence = false;
    for (i, l) in lines.iter().enumerate() {
        if in_front {
            if i > 0 && *l == "---" {
                in_front = false;
            }
            continue;
        }
        if l.starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        let t = l.trim_start();
        out[i] = !in_fence
            && !t.is_empty()
            && !["|", "<!--", "[^", "- ", "* ", "> ", ">"]
                .iter()
                .any(|p| t.starts_with(p));
    }
    out
}

fn heading_re(levels: &str) -> Regex {
    Regex::new(&format!(
        r"^{levels}\s+((?:[一二三四五六七八九十]+[、.．，]|[（(][一二三四五六七八九十]+[）)][、，]?).*)$"
    ))
    .unwrap()
}

/// Rewrites the prose lines of `src` one by one; keeps every line.
fn per_line(src: &str, f: &dyn Fn(&str) -> String) -> Rewrite {
    let lines: Vec<&str> = src.split('\n').collect();
    let prose = prose_lines(&lines);
    let text = lines
        .iter()
        .zip(&prose)
        .map(|(l, &p)| if p { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    Rewrite {
        text,
        line_map: (0..lines.len()).collect(),
        back: None,
    }
}

fn typed_line(l: &str) -> String {
    let heading = heading_re("#{1,6}");
    let list = Regex::new(r"^(\s*)(\d+)\. ").unwrap();
    let l = heading.replace(l, "$1");
    list.replace(&l, "$1$2.").into_owned()
}

fn typed(src: &str) -> Rewrite {
    per_line(src, &typed_line)
}

/// Drops the blank lines between two prose lines (from line `from` on) and
/// indents prose lines with `indent`.
fn paste(src: &str, from: usize, indent: &str) -> Rewrite {
    let lines: Vec<&str> = src.split('\n').collect();
    let prose = prose_lines(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut line_map = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let prev_prose = (0..i)
            .rev()
            .find(|&j| !lines[j].is_empty())
            .is_some_and(|j| prose[j]);
        let next_prose = (i + 1..lines.len())
            .find(|&j| !lines[j].is_empty())
            .is_some_and(|j| prose[j]);
        if i >= from && l.is_empty() && prev_prose && next_prose {
            line_map.push(out.len().saturating_sub(1));
            continue;
        }
        line_map.push(out.len());
        // A heading left in Markdown stays one (a paste has no `#` to indent).
        out.push(if prose[i] && i >= from && !l.starts_with('#') {
            format!("{indent}{}", l.trim_start())
        } else {
            l.to_string()
        });
    }
    Rewrite {
        text: out.join("\n"),
        line_map,
        back: None,
    }
}

/// `second` applied to what `first` wrote, lines mapped through both.
fn then(first: Rewrite, second: impl Fn(&str) -> Rewrite) -> Rewrite {
    let w = second(&first.text);
    Rewrite {
        line_map: first.line_map.iter().map(|&l| w.line_map[l]).collect(),
        text: w.text,
        back: None,
    }
}

fn word(src: &str) -> Rewrite {
    then(typed(src), |t| paste(t, 0, "\u{3000}\u{3000}"))
}

/// Pasted as plain text, the indentation lost: one paragraph a line and
/// nothing else to tell them apart.
fn flat(src: &str) -> Rewrite {
    then(typed(src), |t| paste(t, 0, ""))
}

fn indented(src: &str) -> Rewrite {
    per_line(src, &|l| match typed_line(l) {
        t if t.starts_with('#') => t,
        t => format!("    {t}"),
    })
}

fn bold(src: &str) -> Rewrite {
    let second = Regex::new(r"^#{1,6}\s+([（(][一二三四五六七八九十]+[）)][、，]?.*)$").unwrap();
    per_line(src, &|l| second.replace(l, "**$1**").into_owned())
}

fn mixed(src: &str) -> Rewrite {
    let second = Regex::new(r"^#{1,6}\s+([（(][一二三四五六七八九十]+[）)][、，]?.*)$").unwrap();
    let list = Regex::new(r"^(\d+)\. ").unwrap();
    let t = per_line(src, &|l| {
        let l = second.replace(l, "$1");
        list.replace(&l, "$1.").into_owned()
    });
    // From the problem part's heading on, pasted from Word.
    let from = t
        .text
        .split('\n')
        .position(|l| l.contains("问题") && l.starts_with("## "))
        .unwrap_or(0);
    then(t, |text| paste(text, from + 1, "\u{3000}\u{3000}"))
}

/// The units a wrapper keeps whole: a footnote reference, inline code, a
/// link, emphasis markers, a run of ASCII letters and digits (a word or an
/// ID); any other character is a unit of its own.
fn units(line: &str) -> Vec<&str> {
    let unit = Regex::new(
        r"\[\^[^\]]*\]|`[^`]*`|\[[^\]]*\]\([^)]*\)|\*\*|__|[A-Za-z0-9][A-Za-z0-9_./:%\-]*|.",
    )
    .unwrap();
    unit.find_iter(line).map(|m| m.as_str()).collect()
}

/// Display columns: Han and full-width characters take two.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Hard-wraps the prose lines of `src` at `width` columns, as an editor's
/// wrapper does: continuation lines unindented, never inside a unit and
/// never at a space (a line neither starts nor ends with one).
fn wrap(src: &str, width: usize) -> Rewrite {
    let lines: Vec<&str> = src.split('\n').collect();
    let prose = prose_lines(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut line_map = Vec::with_capacity(lines.len());
    let mut back = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        line_map.push(out.len());
        if !prose[i] || l.starts_with('#') || columns(l) <= width {
            out.push(l.to_string());
            back.push(i);
            continue;
        }
        let mut current = String::new();
        for u in units(l) {
            let fits = columns(&current) + columns(u) <= width;
            let can_break = !current.is_empty() && !current.ends_with(' ') && u != " ";
            if !fits && can_break {
                out.push(std::mem::take(&mut current));
                back.push(i);
            }
            current.push_str(u);
        }
        out.push(current);
        back.push(i);
    }
    Rewrite {
        text: out.join("\n"),
        line_map,
        back: Some(back),
    }
}

fn wrap38(src: &str) -> Rewrite {
    wrap(src, 38)
}

fn wrap40(src: &str) -> Rewrite {
    wrap(src, 40)
}

fn wrap76(src: &str) -> Rewrite {
    wrap(src, 76)
}

/// A layout's name and its rewrite.
type Layout = (&'static str, fn(&str) -> Rewrite);

const LAYOUTS: [Layout; 9] = [
    ("wrapped-38", wrap38),
    ("wrapped-40", wrap40),
    ("wrapped-76", wrap76),
    ("typed", typed),
    ("word", word),
    ("flat", flat),
    ("indented", indented),
    ("bold", bold),
    ("mixed", mixed),
];

/// Every report fixture: (its folder's files to copy, the report).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fixtures/good", "fixtures/bad"] {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "md") {
                out.push(e.path().to_path_buf());
            }
        }
    }
    // The correct-prose report, with its overview and near misses.
    out.push(PathBuf::from("fixtures/prose/巡察报告范文.md"));
    assert!(out.len() >= 15, "{out:?}");
    out
}

/// Copies the report's folder (evidence.yaml, 底稿/) and writes `text` as the report.
fn lay_out(report: &Path, text: &str, root: &Path) -> PathBuf {
    let folder = report.parent().unwrap();
    let dest = root.join(folder.file_name().unwrap());
    std::fs::create_dir_all(&dest).unwrap();
    for e in std::fs::read_dir(folder).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n == "底稿") {
            let to = dest.join("底稿");
            std::fs::create_dir_all(&to).unwrap();
            for f in std::fs::read_dir(&p).unwrap() {
                let f = f.unwrap().path();
                std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
            }
        } else if p.extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(&p, dest.join(p.file_name().unwrap())).unwrap();
        }
    }
    let file = dest.join(report.file_name().unwrap());
    std::fs::write(&file, text).unwrap();
    file
}

/// (rule, line) of every finding, and the stats, of one file.
fn run(file: &Path) -> (Vec<(String, u64)>, Value) {
    let (json, _) = check_json(&[file.to_str().unwrap()]);
    let mut found: Vec<(String, u64)> = findings(&json)
        .into_iter()
        .map(|(rule, line, ..)| (rule, line))
        .collect();
    found.sort();
    (found, json["files"][0]["stats"].clone())
}

#[test]
fn every_fixture_gives_the_same_findings_and_stats_in_every_layout() {
    let mut failures = Vec::new();
    for report in fixtures() {
        let src = std::fs::read_to_string(&report).unwrap();
        let base = tempfile::tempdir().unwrap();
        let (want, want_stats) = run(&lay_out(&report, &src, base.path()));
        for (name, layout) in LAYOUTS {
            let rw = layout(&src);
            if rw.back.is_none() {
                assert_ne!(rw.text, src, "{name} rewrites {}", report.display());
            } else if rw.text == src {
                continue; // no line as long as the width
            }
            let dir = tempfile::tempdir().unwrap();
            let (mut got, stats) = run(&lay_out(&report, &rw.text, dir.path()));
            let mut mapped: Vec<(String, u64)> = match &rw.back {
                // Compared on the original lines.
                Some(back) => {
                    for (_, l) in &mut got {
                        *l = back[*l as usize - 1] as u64 + 1;
                    }
                    got.sort();
                    want.clone()
                }
                None => want
                    .iter()
                    .map(|(r, l)| (r.clone(), rw.line_map[*l as usize - 1] as u64 + 1))
                    .collect(),
            };
            mapped.sort();
            if got != mapped || stats != want_stats {
                failures.push(format!(
                    "{} as {name}:\n  want {mapped:?}\n  got  {got:?}\n  want stats {want_stats}\n  got stats  {stats}\n--- text ---\n{}",
                    report.display(),
                    rw.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_rewrites_do_what_they_say() {
    let src = "---\nunit: x\n---\n\n## 二、问题\n\n### （一）方面\n\n1. 甲。\n2. 乙。\n";
    assert_eq!(
        typed(src).text,
        "---\nunit: x\n---\n\n二、问题\n\n（一）方面\n\n1.甲。\n2.乙。\n"
    );
    let w = word(src);
    assert_eq!(
        w.text,
        "---\nunit: x\n---\n\n\u{3000}\u{3000}二、问题\n\u{3000}\u{3000}（一）方面\n\u{3000}\u{3000}1.甲。\n\u{3000}\u{3000}2.乙。\n"
    );
    assert_eq!(w.line_map[8], 6, "line 9 (1. 甲) is line 7 of the paste");
    assert_eq!(bold(src).text.lines().nth(6), Some("**（一）方面**"));
}

/// Runs `check --fix --unsafe-fixes` on `text` as a file; returns the fixed text.
fn fixed(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("报告.md");
    std::fs::write(&file, text).unwrap();
    cmd()
        .args(["check", "--fix", "--unsafe-fixes", "--quiet"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::read_to_string(&file).unwrap()
}

/// A wrapped text with its continuation lines joined back, by `back`.
fn unwrap_lines(text: &str, back: &[usize]) -> String {
    let mut out = String::new();
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 && back.get(i) != back.get(i - 1) {
            out.push('\n');
        }
        out.push_str(l);
    }
    out
}

#[test]
fn fixes_land_on_the_same_text_in_every_layout() {
    for path in [
        "fixtures/bad/standard-term.md",
        "fixtures/bad/punctuation-width.md",
        "fixtures/bad/preferred-term.md",
        "fixtures/bad/repetition.md",
    ] {
        let src = fixture(path);
        let fixed_md = fixed(&src);
        assert_ne!(fixed_md, src, "{path} has fixes");
        for (name, layout) in LAYOUTS {
            let rw = layout(&src);
            match &rw.back {
                // Fixing the wrapped report changes the same characters and
                // keeps every line break where the wrapper put it.
                Some(back) => {
                    let fixed_wrapped = fixed(&rw.text);
                    assert_eq!(
                        fixed_wrapped.matches('\n').count(),
                        rw.text.matches('\n').count(),
                        "{path} as {name}: line breaks kept"
                    );
                    assert_eq!(
                        unwrap_lines(&fixed_wrapped, back),
                        fixed_md,
                        "{path} as {name}"
                    );
                }
                // Fixing the rewrite gives the rewrite of the fixed report.
                None => assert_eq!(fixed(&rw.text), layout(&fixed_md).text, "{path} as {name}"),
            }
        }
    }
}

/// How often each identifier occurs: runs of ASCII letters, digits and
/// `-_./:` holding a digit and a letter or a joiner (D-001, XC-2025-01-010,
/// 8:00-12:00), counted by this file's own tokenizer.
fn identifiers(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    let token = Regex::new(r"[A-Za-z0-9][A-Za-z0-9_./:\-]*[A-Za-z0-9]").unwrap();
    for m in token.find_iter(text) {
        let t = m.as_str();
        let digit = t.chars().any(|c| c.is_ascii_digit());
        let other = t
            .chars()
            .any(|c| c.is_ascii_alphabetic() || "-_/:".contains(c));
        if digit && other && !is_plain_date(t) {
            *out.entry(t.to_string()).or_insert(0) += 1;
        }
    }
    out
}

/// A date written in digits (2024-06-28), which number-usage may rewrite.
fn is_plain_date(t: &str) -> bool {
    Regex::new(r"^20[0-9]{2}[-./](0?[1-9]|1[0-2])[-./](0?[1-9]|[12][0-9]|3[01])$")
        .unwrap()
        .is_match(t)
}

#[test]
fn fixes_change_no_identifier_in_any_fixture_or_layout() {
    let mut failures = Vec::new();
    for report in fixtures() {
        let src = std::fs::read_to_string(&report).unwrap();
        let mut texts = vec![("markdown", src.clone())];
        texts.extend(
            LAYOUTS
                .iter()
                .map(|(name, layout)| (*name, layout(&src).text)),
        );
        for (name, text) in texts {
            let after = fixed(&text);
            if identifiers(&after) != identifiers(&text) {
                failures.push(format!("{} as {name}:\n{after}", report.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
