//! `reportlint stats`: numbers per report, as a table or JSON.

use std::path::PathBuf;

use clap::Args;

use reportlint::output;
use reportlint::run::lint_paths;

use super::{Failure, ListFormat, PackArgs, print_out, report_read_errors, resolver};

#[derive(Args)]
pub(crate) struct StatsArgs {
    /// 要统计的文件和文件夹（默认为当前文件夹）。
    #[arg(default_value = ".", value_name = "路径")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
    /// 输出格式。
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub(crate) format: ListFormat,
}

pub(crate) fn stats(args: StatsArgs) -> Result<u8, Failure> {
    let mut resolver = resolver(&args.packs)?;
    let run = lint_paths(&mut resolver, &args.paths, None)?;
    let text = match args.format {
        ListFormat::Json => output::stats_table::render_json(&run),
        ListFormat::Human => output::stats_table::render(&run),
    };
    print_out(&text);
    report_read_errors(&run.errors);
    Ok(if run.errors.is_empty() { 0 } else { 2 })
}
