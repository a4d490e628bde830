//! One module per command of the `reportlint` binary; this one holds what
//! they share: the pack arguments, failures, the config resolver, reading
//! `--rules` paths, printing.

pub mod check;
pub mod cli;
pub mod init;
pub mod rules;
pub mod server;
pub mod stats;
pub mod stdin;
pub mod text;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, ValueEnum};

use reportlint::config::Resolver;
use reportlint::output::Totals;
use reportlint::rules::{ConfigError, RuleSet};
use reportlint::source::ReadError;

#[derive(Args)]
pub(crate) struct PackArgs {
    /// 追加规则包：一个 YAML 文件或放 YAML 文件的文件夹（可重复）。
    #[arg(long = "rules", value_name = "PATH")]
    pub(crate) rules: Vec<PathBuf>,
    /// 不用内置的默认规则包。
    #[arg(long)]
    pub(crate) no_default_rules: bool,
    /// 使用这个配置文件，而不是最近的 reportlint.yaml。
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// 不是 UTF-8 的报告按此编码读取（如 gbk、gb18030），不自动识别。
    #[arg(long, value_name = "NAME")]
    pub(crate) encoding: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

/// Why a command did not run to its end.
pub(crate) enum Failure {
    Config(Vec<ConfigError>),
    Usage(String),
}

impl From<Vec<ConfigError>> for Failure {
    fn from(e: Vec<ConfigError>) -> Self {
        Failure::Config(e)
    }
}

pub(crate) fn theme(color: bool) -> miette::GraphicalTheme {
    if color && std::env::var_os("NO_COLOR").is_none() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}

/// The default pack (unless dropped) and every `--rules` path, and the config resolver.
pub(crate) fn resolver(args: &PackArgs) -> Result<Resolver, Failure> {
    let sources =
        reportlint::config::packs(args.no_default_rules, &args.rules).map_err(Failure::Usage)?;
    let encoding = encoding_arg(args.encoding.as_deref())?;
    Ok(Resolver::new(sources, args.config.as_deref())?.with_encoding(encoding))
}

/// The encoding an `--encoding` argument names.
pub(crate) fn encoding_arg(
    label: Option<&str>,
) -> Result<Option<&'static encoding_rs::Encoding>, Failure> {
    label
        .map(|label| {
            reportlint::source::decode::by_label(label).ok_or_else(|| {
                Failure::Usage(format!(
                    "不认识的编码“{label}”；可用如 utf-8、gbk、gb18030、utf-16le"
                ))
            })
        })
        .transpose()
}

/// The rule set that governs the current folder.
pub(crate) fn rules_here(args: &PackArgs) -> Result<Arc<RuleSet>, Failure> {
    Ok(resolver(args)?.rules_for_dir(Path::new("."))?)
}

pub(crate) fn report_read_errors(errors: &[ReadError]) {
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "错误：{e}");
    }
}

pub(crate) fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

pub(crate) fn io_failure(e: std::io::Error) -> Failure {
    Failure::Usage(format!("无法写出结果：{e}"))
}

pub(crate) fn exit_status(errors: &[ReadError], totals: &Totals, deny_warnings: bool) -> u8 {
    if !errors.is_empty() {
        2
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        1
    } else {
        0
    }
}
