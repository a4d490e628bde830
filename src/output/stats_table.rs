//! `reportlint stats`: a table a file, or JSON.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::analysis::stats::Stats;
use crate::report::Run;
use crate::rules::ratio_percent;

/// The focuses of all files, in the order first met (each file's in its
/// framework's order), with the Chinese name each is shown by.
fn focus_columns(run: &Run) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = Vec::new();
    for f in &run.files {
        let mut ids: Vec<(&String, &String)> = f.stats.focus_names.iter().collect();
        ids.sort_by_key(|(id, _)| f.stats.focus_order.iter().position(|o| o == *id));
        for (id, name) in ids {
            if !columns.iter().any(|(i, _)| i == id) {
                columns.push((id.clone(), name.clone()));
            }
        }
    }
    columns
}

/// Renders the stats of every file as an aligned table.
pub fn render(run: &Run) -> String {
    let focus_columns = focus_columns(run);
    let focus_ids: Vec<String> = focus_columns.iter().map(|(id, _)| id.clone()).collect();
    let mut rows: Vec<Vec<String>> = vec![
        [
            "文件",
            "正文字数",
            "问题字数",
            "问题占比",
            "问题条数",
            "问题陈述",
            "有底稿",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(focus_columns.iter().map(|(_, name)| name.clone()))
        .collect(),
    ];
    for f in &run.files {
        let s = &f.stats;
        let mut row = vec![
            f.display.clone(),
            s.total_chars.to_string(),
            s.problem_chars.to_string(),
            ratio_percent(s.problem_ratio),
            s.items.to_string(),
            s.claims.to_string(),
            s.sourced_claims.to_string(),
        ];
        row.extend(
            focus_ids
                .iter()
                .map(|id| s.focuses.get(id).copied().unwrap_or(0).to_string()),
        );
        rows.push(row);
    }
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c].saturating_sub(cell.width());
                if c == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    stats: &'a Stats,
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<Entry<'a>>,
}

/// Renders the stats as JSON.
pub fn render_json(run: &Run) -> String {
    let out = Output {
        version: super::json::VERSION,
        files: run
            .files
            .iter()
            .map(|f| Entry {
                path: &f.display,
                stats: &f.stats,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
