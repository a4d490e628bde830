//! Turning the paths on the command line into a sorted list of report files.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{ReadError, display_path, io_reason};

/// Folders never walked into, besides hidden ones.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

/// File endings taken when walking a folder.
const EXTENSIONS: &[&str] = &["md", "markdown", "docx"];

/// Whether a path is a Word report (.docx).
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// The files to lint and the paths that could not be walked.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to lint, sorted by their display path, without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read or walked.
    pub errors: Vec<ReadError>,
    /// The files named on the command line (never excluded).
    pub named: std::collections::HashSet<PathBuf>,
}

/// Collects report files: a named file is taken whatever its ending; a folder
/// is walked for `.md` and `.markdown` files, skipping hidden folders,
/// `target/` and `node_modules/`.
pub fn collect(paths: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                walk.errors.push(ReadError {
                    display: display_path(root),
                    position: None,
                    message: format!("无法访问：{}", io_reason(&e)),
                    not_text: false,
                });
                continue;
            }
        };
        if !meta.is_dir() {
            walk.files.push(root.clone());
            walk.named.insert(root.clone());
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !skipped(e));
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_dir() || !has_report_ending(e.path()) {
                        continue;
                    }
                    if !e.file_type().is_file() {
                        walk.errors.push(ReadError::new(
                            display_path(e.path()),
                            "不是普通文件（如命名管道、设备），已跳过",
                        ));
                    } else if e.path_is_symlink() && !inside(root, e.path()) {
                        walk.errors.push(ReadError::new(
                            display_path(e.path()),
                            "符号链接指向检查范围之外，已跳过",
                        ));
                    } else {
                        walk.files.push(e.into_path());
                    }
                }
                Err(err) => {
                    let display = err
                        .path()
                        .map(display_path)
                        .unwrap_or_else(|| display_path(root));
                    let message = if err.loop_ancestor().is_some() {
                        "符号链接构成循环，已跳过".to_string()
                    } else if let Some(io) = err.io_error() {
                        format!("无法访问：{}", io_reason(io))
                    } else {
                        err.to_string()
                    };
                    walk.errors.push(ReadError {
                        display,
                        position: None,
                        message,
                        not_text: false,
                    });
                }
            }
        }
    }
    // Each display path made once, not once per comparison.
    let mut keyed: Vec<(String, PathBuf)> = std::mem::take(&mut walk.files)
        .into_iter()
        .map(|p| (display_path(&p), p))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    walk.files = keyed.into_iter().map(|(_, p)| p).collect();
    walk.errors.sort_by(|a, b| a.display.cmp(&b.display));
    walk
}

/// Whether `path`, links resolved, lies under `root`.
fn inside(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(r), Ok(p)) => p.starts_with(r),
        _ => false,
    }
}

fn skipped(entry: &walkdir::DirEntry) -> bool {
    if !entry.file_type().is_dir() {
        return false;
    }
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref())
}

fn has_report_ending(path: &Path) -> bool {
    // Word's lock file beside an open document (~$报告.docx) is no report,
    // nor is a copy `--annotate` wrote (报告.reportlint.docx): its findings
    // are the original's.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let lock = name.starts_with("~$") || name.ends_with(".reportlint.docx");
    !lock
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
