//! `reportlint init`: write a commented reportlint.yaml, a report template
//! and a sample evidence.yaml.

use std::path::PathBuf;

use clap::Args;

use super::Failure;

#[derive(Args)]
pub(crate) struct InitArgs {
    /// 写入的文件夹（默认为当前文件夹）。
    #[arg(default_value = ".", value_name = "文件夹")]
    pub(crate) dir: PathBuf,
}

pub(crate) fn init(args: InitArgs) -> Result<u8, Failure> {
    let written = reportlint::init::init(&args.dir).map_err(Failure::Usage)?;
    for w in written {
        println!("已写入 {w}");
    }
    println!("下一步：编辑 报告模板.md，然后运行 `reportlint check`。");
    Ok(0)
}
