//! The `reportlint` command line: arguments → library calls → exit status.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use reportlint::config::Resolver;
use reportlint::fix::Level;
use reportlint::lint::{FixRequest, NoProgress, Progress};
use reportlint::lint::{lint_paths, lint_walked};
use reportlint::output;
use reportlint::output::Totals;
use reportlint::output::stream::{Kind as StreamKind, Writer};
use reportlint::rules::load::PackSource;
use reportlint::rules::{ConfigError, RuleSet, defaults};
use reportlint::source::evidence::EvidenceView;
use reportlint::source::{ReadError, display_path};

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
    /// Explain a rule (or a lexicon entry, or a focus framework): what it checks, why, and how to fix it.
    Explain(ExplainArgs),
    /// Write a commented reportlint.yaml, a report template and a sample evidence.yaml.
    Init(InitArgs),
}

#[derive(Args)]
struct PackArgs {
    /// Add a rule pack: a YAML file or a folder of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Leave out the built-in default pack.
    #[arg(long)]
    no_default_rules: bool,
    /// Use this config file instead of the nearest reportlint.yaml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read reports that are not UTF-8 in this encoding (e.g. gbk, gb18030) instead of detecting it.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
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
    /// Record the current findings in FILE (then exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Report only findings that FILE (from --write-baseline) does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Read the report from standard input (for editors).
    #[arg(long)]
    stdin: bool,
    /// With --stdin: the path the text belongs to (for config, evidence and output).
    #[arg(long, value_name = "PATH", requires = "stdin")]
    stdin_filename: Option<PathBuf>,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct StatsArgs {
    /// Files and folders.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Args)]
struct RulesArgs {
    #[command(flatten)]
    packs: PackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Args)]
struct ExplainArgs {
    /// A rule id (e.g. standard-term) or a wrong wording from the lexicon.
    rule: String,
    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to write into.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

enum Failure {
    Config(Vec<ConfigError>),
    Usage(String),
}

impl From<Vec<ConfigError>> for Failure {
    fn from(e: Vec<ConfigError>) -> Self {
        Failure::Config(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => check(a),
        Command::Stats(a) => stats(a),
        Command::Rules(a) => rules(a),
        Command::Explain(a) => explain(a),
        Command::Init(a) => init(a),
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
            eprintln!("配置或规则包有 {} 处错误，未执行检查。", errors.len());
            ExitCode::from(2)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("错误：{msg}");
            ExitCode::from(2)
        }
    }
}

fn theme(color: bool) -> miette::GraphicalTheme {
    if color && std::env::var_os("NO_COLOR").is_none() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}

/// The default pack (unless dropped) and every `--rules` path, and the config resolver.
fn resolver(args: &PackArgs) -> Result<Resolver, Failure> {
    let mut sources = if args.no_default_rules {
        Vec::new()
    } else {
        defaults::sources()
    };
    for path in &args.rules {
        sources.extend(pack_files(path)?);
    }
    let encoding = match &args.encoding {
        None => None,
        Some(label) => Some(reportlint::source::decode::by_label(label).ok_or_else(|| {
            Failure::Usage(format!(
                "不认识的编码“{label}”；可用如 utf-8、gbk、gb18030、utf-16le"
            ))
        })?),
    };
    Ok(Resolver::new(sources, args.config.as_deref())?.with_encoding(encoding))
}

/// The rule set that governs the current folder.
fn rules_here(args: &PackArgs) -> Result<Arc<RuleSet>, Failure> {
    Ok(resolver(args)?.rules_for_dir(Path::new("."))?)
}

/// The pack files named by one `--rules` path.
fn pack_files(path: &Path) -> Result<Vec<PackSource>, Failure> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map(|text| PackSource::new(display_path(p), text))
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

fn report_read_errors(errors: &[ReadError]) {
    let mut err = std::io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "错误：{e}");
    }
}

fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// A progress bar on stderr, for runs of more than a handful of files.
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, total: usize) {
        if total > 8 {
            self.0.set_length(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "检查中 {bar:40} {pos}/{len} 个文件，已用 {elapsed}",
            ) {
                self.0.set_style(style);
            }
            self.0
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    fn tick(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn check(args: CheckArgs) -> Result<u8, Failure> {
    let mut resolver = resolver(&args.packs)?;
    let fix = (args.fix || args.diff).then_some(FixRequest {
        level: if args.unsafe_fixes {
            Level::Unsafe
        } else {
            Level::Safe
        },
        diff: args.diff,
    });
    if args.stdin {
        return check_stdin(&args, &mut resolver, fix);
    }
    let mut baseline = match &args.baseline {
        Some(path) => {
            Some(reportlint::baseline::load(path).map_err(|e| Failure::Usage(e.to_string()))?)
        }
        None => None,
    };
    let bar = Bar(indicatif::ProgressBar::hidden());
    let progress: &dyn Progress = if !args.quiet && std::io::stderr().is_terminal() {
        &bar
    } else {
        &NoProgress
    };
    // The folder's rule set compiles while the paths are walked.
    let (rules, walk) = rayon::join(
        || resolver.rules_for_dir(Path::new(".")),
        || reportlint::source::walk::collect(&args.paths),
    );
    let rules = rules?;
    let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut writer = if args.diff || args.write_baseline.is_some() {
        None
    } else {
        Some(Writer::new(kind(&args), &rules, stdout, !args.quiet).map_err(io_failure)?)
    };
    let mut diffs = String::new();
    let mut recorded = Vec::new();
    let mut write_error = None;
    // Each file, in path order: filtered by the baseline, then written.
    let errors = lint_walked(&mut resolver, walk, fix, progress, &mut |mut f| {
        if let Some(b) = baseline.as_mut() {
            b.filter_file(&mut f);
        }
        if let Some(d) = &f.diff {
            diffs.push_str(d);
        }
        if args.write_baseline.is_some() {
            recorded.extend(reportlint::baseline::entries(&f));
        }
        if let Some(w) = writer.as_mut()
            && let Err(e) = bar.0.suspend(|| w.file(&f))
        {
            write_error.get_or_insert(e);
        }
    })?;
    if args.diff {
        print_out(&diffs);
        report_read_errors(&errors);
        return Ok(if !errors.is_empty() {
            2
        } else {
            u8::from(!diffs.is_empty())
        });
    }
    if let Some(path) = &args.write_baseline {
        let n = recorded.len();
        reportlint::baseline::write(path, recorded)
            .map_err(|e| Failure::Usage(format!("无法写入基线文件 {}：{e}", display_path(path))))?;
        if !args.quiet {
            eprintln!("已把 {n} 个问题记入基线 {}。", display_path(path));
        }
        report_read_errors(&errors);
        return Ok(if errors.is_empty() { 0 } else { 2 });
    }
    let totals = match writer {
        Some(w) => w.finish(),
        None => Ok(Totals::default()),
    };
    report_read_errors(&errors);
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
    if let Some(e) = write_error.filter(|e| !broken(e)) {
        return Err(io_failure(e));
    }
    let totals = match totals {
        Ok(t) => t,
        Err(e) if broken(&e) => Totals::default(),
        Err(e) => return Err(io_failure(e)),
    };
    Ok(exit_status(&errors, &totals, args.deny_warnings))
}

fn io_failure(e: std::io::Error) -> Failure {
    Failure::Usage(format!("无法写出结果：{e}"))
}

/// The output format asked for.
fn kind(args: &CheckArgs) -> StreamKind {
    match args.format {
        Format::Json => StreamKind::Json,
        Format::Sarif => StreamKind::Sarif,
        Format::Github => StreamKind::Github,
        Format::Gitlab => StreamKind::Gitlab,
        Format::Junit => StreamKind::Junit,
        Format::Human => StreamKind::Human(output::human::Style {
            color: match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            },
        }),
    }
}

/// `--stdin`: lint the text on standard input as if it were `--stdin-filename`.
fn check_stdin(
    args: &CheckArgs,
    resolver: &mut Resolver,
    fix: Option<FixRequest>,
) -> Result<u8, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Usage(format!("无法读取标准输入：{e}")))?;
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let display = display_path(&name);
    let dir = name.parent().map(Path::to_path_buf).unwrap_or_default();
    let rules = resolver.rules_for_dir(&dir)?;
    let file = match reportlint::source::decode_file(&name, display.clone(), &bytes, rules.encoding)
    {
        Ok(f) => f,
        Err(e) => {
            report_read_errors(&[e]);
            return Ok(2);
        }
    };
    let view = EvidenceView::load(
        if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        },
        &rules.evidence,
    );
    let mut report = reportlint::lint_text(&rules, &display, &file.text, &view);
    if let Some(req) = fix {
        // Fixed text goes to standard output, for the editor to take.
        let mut text = file.text.clone();
        for _ in 0..10 {
            let (next, n) = reportlint::fix::apply(&text, &report.diagnostics, req.level);
            if n == 0 {
                break;
            }
            text = next;
            report = reportlint::lint_text(&rules, &display, &text, &view);
        }
        print_out(&text);
        return Ok(0);
    }
    let mut w = Writer::new(kind(args), &rules, std::io::stdout().lock(), !args.quiet)
        .map_err(io_failure)?;
    w.file(&report).map_err(io_failure)?;
    let totals = w.finish().map_err(io_failure)?;
    Ok(exit_status(&[], &totals, args.deny_warnings))
}

fn exit_status(errors: &[ReadError], totals: &Totals, deny_warnings: bool) -> u8 {
    if !errors.is_empty() {
        2
    } else if totals.errors > 0 || (deny_warnings && totals.warnings > 0) {
        1
    } else {
        0
    }
}

fn stats(args: StatsArgs) -> Result<u8, Failure> {
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

fn rules(args: RulesArgs) -> Result<u8, Failure> {
    let rules = rules_here(&args.packs)?;
    print_out(&output::rules_list::render(
        &rules,
        args.format == ListFormat::Json,
    ));
    Ok(0)
}

fn explain(args: ExplainArgs) -> Result<u8, Failure> {
    let rules = rules_here(&args.packs)?;
    match output::rules_list::explain(&rules, &args.rule) {
        Some(text) => {
            print_out(&text);
            Ok(0)
        }
        None => Err(Failure::Usage(format!(
            "没有ID为“{}”的规则，词库中也没有这一写法，也不是内置聚焦框架（{}）；`reportlint rules` 列出全部规则",
            args.rule,
            reportlint::rules::frameworks::names()
        ))),
    }
}

fn init(args: InitArgs) -> Result<u8, Failure> {
    let written = reportlint::init::init(&args.dir).map_err(Failure::Usage)?;
    for w in written {
        println!("已写入 {w}");
    }
    println!("下一步：编辑 报告模板.md，然后运行 `reportlint check`。");
    Ok(0)
}

/// mimalloc instead of the system allocator: a report is parsed into many
/// small strings and vectors, and glibc's malloc/free were about a tenth of
/// all instructions. With mimalloc the corpus benchmark runs ~8% fewer
/// instructions and 10–15% less time, for ~6 MB more peak memory (`no_thp`:
/// no transparent huge pages, which otherwise tripled the peak). It builds
/// with the C compiler Rust already needs for linking (jemalloc would need
/// `make` and three more minutes of build).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
