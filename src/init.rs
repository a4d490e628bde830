//! `reportlint init`: a commented `reportlint.yaml`, a report template that
//! passes `check` with no findings, and a sample evidence manifest.

use std::path::Path;

/// The files `init` writes: name and text.
pub const FILES: &[(&str, &str)] = &[
    (
        "reportlint.yaml",
        include_str!("../templates/reportlint.yaml"),
    ),
    ("报告模板.md", include_str!("../templates/报告模板.md")),
    ("evidence.yaml", include_str!("../templates/evidence.yaml")),
];

/// Writes the files into `dir`; refuses (writing nothing) if any exists.
pub fn init(dir: &Path) -> Result<Vec<String>, String> {
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| dir.join(n).exists())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} 已存在，未写入任何文件（init 不覆盖已有文件）",
            existing.join("、")
        ));
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| {
            format!(
                "无法写入 {}：{}",
                path.display(),
                crate::source::io_reason(&e)
            )
        })?;
        written.push(crate::source::display_path(&path));
    }
    Ok(written)
}
