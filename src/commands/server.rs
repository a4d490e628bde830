//! `reportlint server`: the language server over stdio (see
//! [`reportlint::server`]). Its flags are defaults; settings the client
//! sends (`initializationOptions`, `workspace/configuration`) override them.

use std::path::PathBuf;

use clap::Args;

use reportlint::server::session::Settings;

use super::Failure;

#[derive(Args)]
pub(crate) struct ServerArgs {
    /// 使用这个配置文件，而不是最近的 reportlint.yaml。
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 追加规则包：一个 YAML 文件或放 YAML 文件的文件夹（可重复）。
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// 不用内置的默认规则包。
    #[arg(long)]
    no_default_rules: bool,
    /// 警告也按错误报告。
    #[arg(long)]
    deny_warnings: bool,
}

pub(crate) fn server(args: ServerArgs) -> Result<u8, Failure> {
    let defaults = Settings {
        config: args.config,
        rules: args.rules,
        deny_warnings: args.deny_warnings,
        no_default_rules: args.no_default_rules,
        ..Settings::default()
    };
    match reportlint::server::run_stdio(defaults) {
        Ok(true) => Ok(0),
        Ok(false) => Ok(1),
        Err(e) => Err(Failure::Usage(format!("语言服务器出错：{e}"))),
    }
}
