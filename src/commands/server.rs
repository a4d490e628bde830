//! `reportlint server`: the language server over stdio (see
//! [`reportlint::server`]). Its flags are defaults; settings the client
//! sends (`initializationOptions`, `workspace/configuration`) override them.

use std::path::PathBuf;

use clap::Args;

use reportlint::server::session::Settings;

use super::Failure;

#[derive(Args)]
pub(crate) struct ServerArgs {
    /// Use this config file instead of the nearest reportlint.yaml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Add a rule pack: a YAML file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Leave out the built-in default pack.
    #[arg(long)]
    no_default_rules: bool,
    /// Report warnings as errors.
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
