//! The command line in Chinese: clap's help laid out with Chinese headings
//! (用法, 参数, 选项, 命令) and its parse errors said in Chinese, with the
//! "是否想写" suggestion clap found. The help texts themselves are the doc
//! comments of the argument structs.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// The layout of every help page.
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Parses the process's arguments into `T`; on help or version prints it
/// and gives exit status 0, on an error prints it in Chinese and gives 2.
pub fn parse<T: CommandFactory + FromArgMatches>() -> Result<T, u8> {
    parse_from::<T, _, _>(std::env::args_os())
}

/// [`parse`] over given arguments (the first is the program's name).
pub fn parse_from<T, I, S>(args: I) -> Result<T, u8>
where
    T: CommandFactory + FromArgMatches,
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    let cmd = localize(T::command());
    let result = cmd
        .clone()
        .try_get_matches_from(args)
        .and_then(|m| T::from_arg_matches(&m));
    match result {
        Ok(t) => Ok(t),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                Err(0)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = e.print();
                Err(2)
            }
            _ => {
                eprint!("{}", message(&e));
                Err(2)
            }
        },
    }
}

/// The command with Chinese headings, usage lines, help and version flags.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本号"),
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .override_usage("reportlint <命令>");
    let cmd = common(cmd).mut_subcommands(|s| {
        let usage = usage(&s);
        common(s.disable_help_flag(true)).override_usage(usage)
    });
    cmd.help_template(TEMPLATE)
}

/// What every command gets: a Chinese help flag, headings and argument
/// annotations folded into the help text.
fn common(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let values: Vec<String> = if a.get_action().takes_values() && !a.is_positional() {
                a.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let default = a
                .get_default_values()
                .first()
                .map(|d| d.to_string_lossy().into_owned());
            let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            if !values.is_empty() {
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| {
                        if Some(v) == default.as_ref() {
                            format!("{v}（默认）")
                        } else {
                            v.clone()
                        }
                    })
                    .collect();
                help = format!("{help}可选：{}", shown.join("、"));
            }
            let a = a.help_heading(heading).help(help);
            if a.get_action().takes_values() {
                a.hide_default_value(true).hide_possible_values(true)
            } else {
                a
            }
        })
}

/// A subcommand's usage line: reportlint 命令 [选项] [参数]...
fn usage(cmd: &Command) -> String {
    let mut out = format!("reportlint {} [选项]", cmd.get_name());
    for a in cmd.get_positionals() {
        let name = a
            .get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.to_string())
            .unwrap_or_else(|| a.get_id().to_string().to_uppercase());
        let many = matches!(a.get_action(), ArgAction::Append);
        let shown = if a.is_required_set() {
            format!(" <{name}>")
        } else {
            format!(" [{name}]")
        };
        out.push_str(&shown);
        if many {
            out.push_str("...");
        }
    }
    out
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(n) => n.to_string(),
        other => other.to_string(),
    })
}

/// A parse error in Chinese: what is wrong, what was probably meant, the
/// usage line, and where to read more.
pub fn message(e: &clap::Error) -> String {
    let invalid_arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let invalid_value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = String::from("错误：");
    out.push_str(&match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("没有“{invalid_arg}”这个选项"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            let mut m = format!("“{invalid_value}”不是 {invalid_arg} 的可用值");
            if let Some(v) = valid {
                m.push_str(&format!("（可用：{v}）"));
            }
            m
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{invalid_arg}"),
        ErrorKind::ArgumentConflict => format!(
            "{invalid_arg} 不能与 {} 同时使用",
            context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals | ErrorKind::InvalidUtf8 | ErrorKind::ValueValidation => {
            format!("{invalid_arg} 的值“{invalid_value}”无效")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{invalid_arg} 的值的个数不对")
        }
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        _ => {
            let first = e.to_string();
            let first = first
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("命令行参数有误（{first}）")
        }
    });
    let suggestion = context(e, ContextKind::SuggestedSubcommand)
        .or_else(|| context(e, ContextKind::SuggestedArg))
        .or_else(|| context(e, ContextKind::SuggestedValue));
    if let Some(s) = suggestion {
        out.push_str(&format!("，是否想写“{s}”？"));
    } else {
        out.push('。');
    }
    out.push('\n');
    if let Some(usage) = context(e, ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n运行 reportlint --help（或 reportlint 命令 --help）查看说明。\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(clap::Parser, Debug)]
    #[command(name = "reportlint", version)]
    struct T {
        #[command(subcommand)]
        command: Sub,
    }

    #[derive(clap::Subcommand, Debug)]
    enum Sub {
        /// 检查。
        Check {
            /// 输出格式。
            #[arg(long, default_value = "human", value_parser = ["human", "json"])]
            format: String,
        },
    }

    fn error_of(args: &[&str]) -> String {
        let e = localize(T::command())
            .try_get_matches_from(args)
            .expect_err("an error");
        message(&e)
    }

    #[test]
    fn errors_are_chinese_with_the_suggestion() {
        let m = error_of(&["reportlint", "chek"]);
        assert!(
            m.starts_with("错误：没有“chek”这个命令，是否想写“check”？"),
            "{m}"
        );
        let m = error_of(&["reportlint", "check", "--formt", "json"]);
        assert!(
            m.contains("没有“--formt”这个选项，是否想写“--format”？"),
            "{m}"
        );
        let m = error_of(&["reportlint", "check", "--format", "jsno"]);
        assert!(m.contains("“jsno”不是 --format <FORMAT> 的可用值"), "{m}");
        assert!(m.contains("是否想写“json”？"), "{m}");
        assert!(!m.contains("Usage") && !m.contains("error:"), "{m}");
    }

    #[test]
    fn help_is_laid_out_in_chinese() {
        let mut cmd = localize(T::command());
        let help = cmd.render_help().to_string();
        assert!(help.contains("用法：reportlint <命令>"), "{help}");
        assert!(help.contains("命令：") || help.contains("命令:"), "{help}");
        assert!(
            help.contains("显示帮助") && help.contains("显示版本号"),
            "{help}"
        );
        let mut check = cmd.find_subcommand_mut("check").expect("check").clone();
        let help = check.render_help().to_string();
        assert!(help.contains("用法：reportlint check [选项]"), "{help}");
        assert!(
            help.contains("输出格式。可选：human（默认）、json"),
            "{help}"
        );
        assert!(
            !help.contains("Options") && !help.contains("possible values"),
            "{help}"
        );
    }
}
