//! The `reportlint` command line: arguments → library calls → exit status.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use reportlint::fix::Level;
use reportlint::lint::FixRequest;
use reportlint::output;
use reportlint::rules::load::{PackSource, build_rule_set};
use reportlint::rules::{ConfigError, RuleSet, defaults};
use reportlint::source::display_path;
use reportlint::{Run, Severity, lint_paths};

/// Lint Markdown 巡察报告 (discipline-inspection reports) against YAML rules.
#[derive(Parser)]
#[command(name = "reportlint", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports and print findings (exit 0: no error, 1: errors, 2: usage/config/I-O failure).
    Check(CheckArgs),
    /// Print numbers per report: characters, problem share, claims, sources, focuses.
    Stats(StatsArgs),
    /// List every active rule.
    Rules(RulesArgs),
    /// Explain a rule (or a lexicon entry): what it checks, why, and how to fix it.
    Explain(ExplainArgs),
}

#[derive(Args)]
struct PackArgs {
    /// Add a rule pack: a YAML file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Leave out the built-in default pack.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Files and folders to check (folders are walked for .md and .markdown).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Count warnings as failures for the exit status.
    #[arg(long)]
    deny_warnings: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Apply safe fixes in place (atomically), then report what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: apply unsafe fixes too (their right wording depends on context).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 if there is any).
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
}

#[derive(Args)]
struct StatsArgs {
    /// Files and folders.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args)]
struct RulesArgs {
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Args)]
struct ExplainArgs {
    /// A rule id (e.g. standard-term) or a wrong wording from the lexicon.
    rule: String,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Stats(a) => stats(a),
        Command::Rules(a) => rules(a),
        Command::Explain(a) => explain(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Config(errors)) => {
            let handler =
                miette::GraphicalReportHandler::new_themed(theme(std::io::stderr().is_terminal()));
            let mut out = String::new();
            for e in &errors {
                let _ = handler.render_report(&mut out, e);
                out.push('\n');
            }
            eprint!("{out}");
            eprintln!("规则包有 {} 处错误，未执行检查。", errors.len());
            ExitCode::from(2)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}

enum Failure {
    Config(Vec<ConfigError>),
    Usage(String),
}

fn theme(color: bool) -> miette::GraphicalTheme {
    if color && std::env::var_os("NO_COLOR").is_none() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}

/// Loads the default pack (unless dropped) and every `--rules` path.
fn load_rules(args: &PackArgs) -> Result<RuleSet, Failure> {
    let mut sources = if args.no_default_rules {
        Vec::new()
    } else {
        defaults::sources()
    };
    for path in &args.rules {
        sources.extend(pack_files(path)?);
    }
    build_rule_set(&sources).map_err(Failure::Config)
}

/// The pack files named by one `--rules` path.
fn pack_files(path: &Path) -> Result<Vec<PackSource>, Failure> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| PackSource {
                origin: display_path(p),
                text: Arc::from(text),
            })
            .map_err(|e| {
                Failure::Usage(format!(
                    "无法读取规则包 {}：{}",
                    display_path(p),
                    reportlint::source::io_reason(&e)
                ))
            })
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Failure::Usage(format!("无法读取规则文件夹 {}：{e}", display_path(path))))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        files.sort();
        files.iter().map(|p| read(p)).collect()
    } else {
        Ok(vec![read(path)?])
    }
}

fn report_read_errors(run: &Run) {
    let mut err = std::io::stderr().lock();
    for e in &run.errors {
        let _ = writeln!(err, "错误：{e}");
    }
}

fn check(args: CheckArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.packs)?;
    let fix = (args.fix || args.diff).then_some(FixRequest {
        level: if args.unsafe_fixes {
            Level::Unsafe
        } else {
            Level::Safe
        },
        diff: args.diff,
    });
    let run = lint_paths(&rules, &args.paths, &|_| false, fix);
    if args.diff {
        let diffs: String = run.files.iter().filter_map(|f| f.diff.clone()).collect();
        print_out(&diffs);
        report_read_errors(&run);
        let code = if !run.errors.is_empty() {
            2
        } else {
            u8::from(!diffs.is_empty())
        };
        return Ok(code);
    }
    let text = match args.format {
        Format::Json => output::json::render(&run),
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            output::human::render(&run, output::human::Style { color })
        }
    };
    print_out(&text);
    report_read_errors(&run);
    Ok(exit_status(&run, args.deny_warnings))
}

fn exit_status(run: &Run, deny_warnings: bool) -> u8 {
    if !run.errors.is_empty() {
        2
    } else if run.count(Severity::Error) > 0 || (deny_warnings && run.count(Severity::Warning) > 0)
    {
        1
    } else {
        0
    }
}

fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn stats(args: StatsArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.packs)?;
    let run = lint_paths(&rules, &args.paths, &|_| false, None);
    let text = match args.format {
        Format::Json => output::stats_table::render_json(&run),
        Format::Human => output::stats_table::render(&run),
    };
    print_out(&text);
    report_read_errors(&run);
    Ok(if run.errors.is_empty() { 0 } else { 2 })
}

fn rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.packs)?;
    print_out(&output::rules_list::render(
        &rules,
        args.format == Format::Json,
    ));
    Ok(0)
}

fn explain(args: ExplainArgs) -> Result<u8, Failure> {
    let rules = load_rules(&args.packs)?;
    match output::rules_list::explain(&rules, &args.rule) {
        Some(text) => {
            print_out(&text);
            Ok(0)
        }
        None => Err(Failure::Usage(format!(
            "没有ID为“{}”的规则，词库中也没有这一写法；`reportlint rules` 列出全部规则",
            args.rule
        ))),
    }
}
