//! `reportlint stats`: a table a file, or JSON.

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::lint::Run;
use crate::rules::ratio_percent;
use crate::rules::stats::Stats;

/// Renders the stats of every file as an aligned table.
pub fn render(run: &Run) -> String {
    let focus_ids: Vec<String> = run
        .files
        .first()
        .map(|f| f.stats.focuses.keys().cloned().collect())
        .unwrap_or_default();
    let mut rows: Vec<Vec<String>> = vec![
        [
            "文件",
            "正文字数",
            "问题字数",
            "问题占比",
            "问题条数",
            "有底稿",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain(focus_ids.iter().cloned())
        .collect(),
    ];
    for f in &run.files {
        let s = &f.stats;
        let mut row = vec![
            f.display.clone(),
            s.total_chars.to_string(),
            s.problem_chars.to_string(),
            ratio_percent(s.problem_ratio),
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
