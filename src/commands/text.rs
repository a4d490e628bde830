//! `reportlint text`: a report's text exactly as the checks read it, one
//! numbered line per line of that text — for a Word report one paragraph a
//! line, numbered as findings number them (第 N 段), automatic numbering
//! written in front, table rows' cells joined by tabs, notes after the body.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use reportlint::lint::read_bytes;
use reportlint::source::{ReadError, display_path, io_reason};

use super::{Failure, encoding_arg, print_out, report_read_errors};

#[derive(Args)]
pub(crate) struct TextArgs {
    /// 要显示的报告文件（.md、.docx 等）。
    #[arg(required = true, value_name = "文件")]
    pub(crate) files: Vec<PathBuf>,
    /// 只输出文字，不加行号（段号）。
    #[arg(long)]
    pub(crate) plain: bool,
    /// 不是 UTF-8 的报告按此编码读取（如 gbk、gb18030），不自动识别。
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
}

pub(crate) fn text(args: TextArgs) -> Result<u8, Failure> {
    let encoding = encoding_arg(args.encoding.as_deref())?;
    let several = args.files.len() > 1;
    let mut errors = Vec::new();
    for path in &args.files {
        let display = display_path(path);
        let read = std::fs::read(path)
            .map_err(|e| ReadError::new(&display, format!("无法读取文件：{}", io_reason(&e))))
            .and_then(|bytes| read_bytes(&display, &bytes, encoding));
        let read = match read {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut out = String::new();
        for (i, line) in read.text().lines().enumerate() {
            let _ = match (args.plain, several) {
                (true, _) => writeln!(out, "{line}"),
                (false, false) => writeln!(out, "{}:{line}", i + 1),
                (false, true) => writeln!(out, "{display}:{}:{line}", i + 1),
            };
        }
        print_out(&out);
    }
    report_read_errors(&errors);
    Ok(if errors.is_empty() { 0 } else { 2 })
}
