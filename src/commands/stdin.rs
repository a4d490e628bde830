//! `reportlint check --stdin`: lint the text on standard input as the file
//! `--stdin-filename` names (for editors); with `--fix`, print the fixed text.

use std::io::Read;
use std::path::{Path, PathBuf};

use reportlint::output::stream::Writer;
use reportlint::source::display_path;
use reportlint::source::evidence::EvidenceView;

use super::check::{CheckArgs, options};
use super::{Failure, exit_status, io_failure, print_out, report_read_errors};

/// `--stdin`: lint the text on standard input as if it were `--stdin-filename`.
pub(crate) fn check_stdin(args: CheckArgs) -> Result<u8, Failure> {
    let mut resolver = super::resolver(&args.packs)?;
    let resolver = &mut resolver;
    let fix = args.fix_request();
    let args = &args;
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
        &rules.structure.evidence,
    );
    let report = reportlint::lint_text(&rules, &display, &file.text, &view);
    if let Some(req) = fix {
        // Fixed text goes to standard output, for the editor to take.
        let (text, _, _) =
            reportlint::fix::rounds::fix_rounds(&file.text, req.level, report, |t| {
                reportlint::lint_text(&rules, &display, t, &view)
            });
        print_out(&text);
        return Ok(0);
    }
    let mut w = Writer::new(
        &args.format,
        &options(args, &rules),
        std::io::stdout().lock(),
    )
    .map_err(io_failure)?;
    w.file(&report).map_err(io_failure)?;
    let totals = w.finish().map_err(io_failure)?;
    Ok(exit_status(&[], &totals, args.deny_warnings))
}
