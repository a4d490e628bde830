//! `reportlint check`: lint files and folders, write findings in one of
//! the output formats, apply or show fixes, keep a baseline.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;

use reportlint::FixSafety;
use reportlint::output::Totals;
use reportlint::output::format::Options;
use reportlint::output::stream::{Writer, format_names};
use reportlint::rules::RuleSet;
use reportlint::run::{Actions, Annotate, FixRequest, NoProgress, Progress, lint_walked};
use reportlint::source::display_path;

use super::{
    Color, Failure, PackArgs, exit_status, io_failure, print_out, report_read_errors, resolver,
};

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// 要检查的文件和文件夹（文件夹中查找 .md、.markdown 和 .docx；默认为当前文件夹）。
    #[arg(default_value = ".", value_name = "路径")]
    pub(crate) paths: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
    /// 输出格式。
    #[arg(long, default_value = "human", value_parser = clap::builder::PossibleValuesParser::new(format_names()))]
    pub(crate) format: String,
    /// 警告也算失败（退出码为 1）。
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// 人读的输出何时用颜色（auto：输出到终端时用）。
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,
    /// 在原文件中应用安全修复（原子写入；Word 报告写成修订），再报告剩下的问题。
    #[arg(long)]
    pub(crate) fix: bool,
    /// 与 --fix 或 --diff 同用：连同不安全修复（正确写法要看上下文）一起应用。
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// 只以统一 diff 显示修复会带来的改动，不写文件（有改动时退出码为 1）。
    #[arg(long, conflicts_with = "fix")]
    pub(crate) diff: bool,
    /// Word 报告：把问题写成批注，另存为 报告.reportlint.docx（加 --fix 时修复也写成修订；原文件不动）。
    #[arg(long, conflicts_with = "diff")]
    pub(crate) annotate: bool,
    /// 与 --annotate 同用、只有一个 .docx 时：写到这个文件，而不是 报告.reportlint.docx。
    #[arg(long, short, value_name = "PATH", requires = "annotate")]
    pub(crate) output: Option<PathBuf>,
    /// 把现有问题记入基线文件 FILE（退出码为 0）。
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// 只报告基线文件 FILE（由 --write-baseline 写出）中没有记录的新问题。
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// 从标准输入读取报告（编辑器集成用）。
    #[arg(long)]
    pub(crate) stdin: bool,
    /// 与 --stdin 同用：这段文字所属的文件路径（用于查找配置、底稿和输出）。
    #[arg(long, value_name = "PATH", requires = "stdin")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// 不显示进度条和末尾的汇总行。
    #[arg(long, short)]
    pub(crate) quiet: bool,
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

impl CheckArgs {
    /// The fixes asked for (`--fix`, `--diff`, `--unsafe-fixes`).
    pub(crate) fn fix_request(&self) -> Option<FixRequest> {
        (self.fix || self.diff).then_some(FixRequest {
            level: if self.unsafe_fixes {
                FixSafety::Unsafe
            } else {
                FixSafety::Safe
            },
            diff: self.diff,
        })
    }
}

/// `check` on files and folders (`--stdin` is [`super::stdin`]).
pub(crate) fn check(args: CheckArgs) -> Result<u8, Failure> {
    let mut resolver = resolver(&args.packs)?;
    let fix = args.fix_request();
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
        Some(Writer::new(&args.format, &options(&args, &rules), stdout).map_err(io_failure)?)
    };
    let mut diffs = String::new();
    let mut recorded = Vec::new();
    let mut write_error = None;
    // Each file, in path order: filtered by the baseline, then written.
    if let Some(out) = &args.output {
        let words = walk
            .files
            .iter()
            .filter(|f| reportlint::source::walk::is_docx(f))
            .count();
        if words != 1 {
            return Err(Failure::Usage(format!(
                "--output {} 只能用于一个 .docx 文件（这次有 {words} 个）；不加 --output 时每个文件写到“文件名.reportlint.docx”",
                display_path(out)
            )));
        }
    }
    if args.annotate
        && !walk
            .files
            .iter()
            .any(|f| reportlint::source::walk::is_docx(f))
    {
        eprintln!(
            "提示：--annotate 只用于 Word 报告（.docx），把问题写成批注；这次检查的都是 Markdown 报告，问题照常输出，没有写出批注版。"
        );
    }
    let actions = Actions {
        fix,
        annotate: args.annotate.then(|| Annotate {
            output: args.output.clone(),
        }),
    };
    let mut annotated = Vec::new();
    let (mut linted, mut hidden) = (0, 0);
    let errors = lint_walked(&mut resolver, walk, &actions, progress, &mut |mut f| {
        linted += 1;
        if let Some(a) = f.annotated.take() {
            annotated.push(a);
        }
        if let Some(b) = baseline.as_mut() {
            hidden += b.filter_file(&mut f);
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
    if linted == 0 && errors.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| display_path(p)).collect();
        return Err(Failure::Usage(format!(
            "在 {} 中没有找到要检查的报告（.md、.markdown、.docx；隐藏文件夹、target/、node_modules/ 和 reportlint.yaml 的 exclude 不查）：请检查路径，或直接指明报告文件",
            paths.join("、")
        )));
    }
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
    if !args.quiet {
        for (file, n) in &annotated {
            eprintln!("已写出 {file}（{n} 条批注）。");
        }
        if args.baseline.is_some() && hidden > 0 {
            eprintln!("基线中已记录的 {hidden} 个问题未列出（只报告新问题）。");
        }
    }
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

/// What the output format needs from the command line.
pub(crate) fn options<'a>(args: &CheckArgs, rules: &'a RuleSet) -> Options<'a> {
    Options {
        rules,
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        summary: !args.quiet,
    }
}
