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
    }
}

/// `second` applied to what `first` wrote, lines mapped through both.
fn then(first: Rewrite, second: impl Fn(&str) -> Rewrite) -> Rewrite {
    let w = second(&first.text);
    Rewrite {
        line_map: first.line_map.iter().map(|&l| w.line_map[l]).collect(),
        text: w.text,
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

/// A layout's name and its rewrite.
type Layout = (&'static str, fn(&str) -> Rewrite);

const LAYOUTS: [Layout; 6] = [
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
            assert_ne!(rw.text, src, "{name} rewrites {}", report.display());
            let dir = tempfile::tempdir().unwrap();
            let (got, stats) = run(&lay_out(&report, &rw.text, dir.path()));
            let mut mapped: Vec<(String, u64)> = want
                .iter()
                .map(|(r, l)| (r.clone(), rw.line_map[*l as usize - 1] as u64 + 1))
                .collect();
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

#[test]
fn fixes_land_on_the_same_text_in_every_layout() {
    for path in [
        "fixtures/bad/standard-term.md",
        "fixtures/bad/punctuation-width.md",
        "fixtures/bad/preferred-term.md",
    ] {
        let src = fixture(path);
        let fixed_md = fixed(&src);
        assert_ne!(fixed_md, src, "{path} has fixes");
        for (name, layout) in LAYOUTS {
            // Fixing the rewrite gives the rewrite of the fixed report.
            assert_eq!(
                fixed(&layout(&src).text),
                layout(&fixed_md).text,
                "{path} as {name}"
            );
        }
    }
}
