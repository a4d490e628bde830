//! `reportlint rules` and `reportlint explain`: what each rule means.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::diagnostic::FixSafety;
use crate::rules::{RuleMeta, RuleSet};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    kind: &'a str,
    severity: &'a str,
    fix: Option<&'a str>,
    summary: &'a str,
    origin: &'a str,
    /// Lexicon entries (`explain ID` lists them); 0 for other rules.
    entries: usize,
}

/// The first line of a description.
fn summary(m: &RuleMeta) -> &str {
    m.description
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// Lists every active rule: a table, or JSON.
pub fn render(rules: &RuleSet, json: bool) -> String {
    let metas = rules.active_metas();
    if json {
        let rows: Vec<Row<'_>> = metas
            .iter()
            .map(|m| Row {
                id: &m.id,
                kind: m.kind,
                severity: m.severity.as_str(),
                fix: m.fix.map(FixSafety::as_str),
                summary: summary(m),
                origin: &m.origin,
                entries: m.entries.len(),
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let width = metas.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let kind_width = metas.iter().map(|m| m.kind.len()).max().unwrap_or(0);
    // Pads by display width: a Chinese character takes two columns.
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let mut out = String::new();
    for m in metas {
        let fix = match m.fix {
            Some(FixSafety::Safe) => "可修复",
            Some(FixSafety::Unsafe) => "可修复*",
            None => "",
        };
        let entries = match m.entries.len() {
            0 => String::new(),
            n => format!("（词条 {n} 条）"),
        };
        out.push_str(&format!(
            "{}  {}  {}  {}  {}{entries}\n",
            pad(&m.id, width),
            pad(m.kind, kind_width),
            pad(m.severity.as_str(), 7),
            pad(fix, 7),
            summary(m)
        ));
    }
    out.push_str("\n可修复* = 修复需结合上下文确认，仅在 --unsafe-fixes 时自动应用。`reportlint explain ID` 查看详细说明。\n");
    out
}

/// The rules of a rule set as a Markdown table (the README's "默认规则"
/// table is this, for the default pack; a test keeps it current).
pub fn markdown_rules(rules: &RuleSet) -> String {
    let mut out = String::from("| ID | 类型 | 级别 | 修复 | 说明 |\n|---|---|---|---|---|\n");
    for m in rules.metas() {
        let fix = match m.fix {
            Some(FixSafety::Safe) => "安全",
            Some(FixSafety::Unsafe) => "需确认",
            None => "",
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {fix} | {} |\n",
            m.id,
            m.kind,
            m.severity.label(),
            summary(m).replace('|', "\\|")
        ));
    }
    out
}

/// The rule kinds as a Markdown table: name, keys, specs, placeholders
/// (the README's kinds table is this; a test keeps it current).
pub fn markdown_kinds() -> String {
    let mut out =
        String::from("| 类型 | 自己的键 | 自测（specs） | 提示信息占位符 |\n|---|---|---|---|\n");
    for k in crate::rules::kinds::KINDS {
        let keys: Vec<String> = (k.keys)().iter().map(|x| format!("`{x}`")).collect();
        let placeholders: Vec<String> = k
            .placeholders
            .iter()
            .map(|x| format!("`{{{x}}}`"))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            k.name,
            if keys.is_empty() {
                "（无）".to_string()
            } else {
                keys.join(" ")
            },
            if k.specs { "有" } else { "" },
            placeholders.join(" ")
        ));
    }
    out
}

/// The long explanation of a rule id, or of a lexicon entry named by its wrong form.
pub fn explain(rules: &RuleSet, query: &str) -> Option<String> {
    if let Some(m) = rules.meta(query) {
        let mut s = format!("{}（{}，{}）\n\n", m.id, m.kind, m.severity.label());
        s.push_str(m.description.trim_end());
        s.push_str("\n\n");
        s.push_str(&format!("提示信息模板：{}\n", m.message));
        match m.fix {
            Some(FixSafety::Safe) => {
                s.push_str("修复：安全，`reportlint check --fix` 会自动应用。\n")
            }
            Some(FixSafety::Unsafe) => s.push_str(
                "修复：不安全（正确写法取决于上下文），只在 `--fix --unsafe-fixes` 时应用。\n",
            ),
            None => s.push_str("修复：无自动修复。\n"),
        }
        s.push_str(&format!("定义于：{}\n", m.origin));
        if !m.entries.is_empty() {
            s.push_str(&format!("\n词条（{} 条）：\n", m.entries.len()));
            for e in &m.entries {
                s.push_str(&format!("- {} → {}\n", e.wrong, e.right));
                if let Some(src) = &e.source {
                    s.push_str(&format!("  依据：{src}\n"));
                }
            }
            s.push_str("\n`reportlint explain 错误写法` 查看某一词条的依据。\n");
        }
        return Some(s);
    }
    for m in rules.metas() {
        if let Some(e) = m.entries.iter().find(|e| e.wrong == query) {
            let mut s = format!(
                "“{}” → “{}”（规则 {}，{}）\n",
                e.wrong,
                e.right,
                m.id,
                m.severity.label()
            );
            if let Some(note) = &e.note {
                s.push_str(&format!("说明：{note}\n"));
            }
            if let Some(src) = &e.source {
                s.push_str(&format!("依据：{src}\n"));
            }
            for (from, to) in &e.examples {
                s.push_str(&format!("示例：{from} → {to}\n"));
            }
            return Some(s);
        }
    }
    crate::analysis::frameworks::by_name(query).map(explain_framework)
}

/// A built-in focus framework: its focuses with their ids and the headings
/// that name them, and where it comes from.
fn explain_framework(f: &crate::analysis::frameworks::Framework) -> String {
    let mut s = format!(
        "聚焦框架“{}”：{}

",
        f.name, f.description
    );
    for focus in &f.set().focuses {
        let aliases: Vec<&str> = focus.aliases.iter().map(|r| r.as_str()).collect();
        s.push_str(&format!(
            "- {}  {}
  标题中含：{}
",
            focus.id,
            focus.name,
            aliases.join("、")
        ));
    }
    s.push_str(&format!(
        "
选用：在 reportlint.yaml 中写 focuses: {0}，或在报告的前置元数据中写 framework: {0}。
出处：{1}
",
        f.name, f.source
    ));
    s
}
