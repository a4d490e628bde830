//! Linting: reading files, parsing each once, running every rule over the
//! same document model, and collecting results in a stable order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::protected::Protected;
use crate::config::Resolver;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document;
use crate::rules::ConfigError;
use crate::rules::stats::Stats;
use crate::rules::{Context, ProblemPart, RuleSet};
use crate::source::evidence::EvidenceView;
use crate::source::{self, LineCol, LineIndex, ReadError, SourceFile};

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as shown to users.
    pub display: String,
    /// The text that was linted (empty once the report is [released](FileReport::release)).
    pub text: Arc<str>,
    /// Line and character column of every offset a finding, its fix or its
    /// related places start or end at.
    positions: Vec<(usize, LineCol)>,
    /// Findings, sorted by position then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// A fingerprint per finding (same order), stable across unrelated edits.
    pub fingerprints: Vec<String>,
    /// Numbers about the report.
    pub stats: Stats,
    /// How many fixes were applied (with `--fix` or `--diff`).
    pub fixed: usize,
    /// The unified diff of the fixes (with `--diff`).
    pub diff: Option<String>,
    /// With `--annotate`: the Word file written and how many comments it got.
    pub annotated: Option<(String, usize)>,
    /// The rule set it was checked with, when a run's folders have their
    /// own (an output lists the rules its findings name).
    pub rules: Option<Arc<RuleSet>>,
}

impl FileReport {
    /// Line and character column of a byte offset where a finding or fix
    /// starts or ends.
    pub fn position(&self, offset: usize) -> LineCol {
        match self.positions.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.positions[i].1,
            Err(i) => self
                .positions
                .get(i.saturating_sub(1))
                .map_or(LineCol { line: 1, column: 1 }, |p| p.1),
        }
    }

    /// Adds a finding about the whole file, at its start.
    pub fn push_file_level(&mut self, d: Diagnostic) {
        self.diagnostics.insert(0, d);
        self.fingerprints
            .insert(0, format!("file:{}", self.display));
        if self.positions.first().is_none_or(|p| p.0 != 0) {
            self.positions
                .insert(0, (0, LineCol { line: 1, column: 1 }));
        }
    }

    /// Drops the text once it has been shown: what is left (findings with
    /// their positions, stats) is small, so a run over many files holds
    /// memory bounded by the largest file, not the sum.
    pub fn release(&mut self) {
        self.text = Arc::from("");
        self.diff = None;
    }

    /// How many findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The result of a whole run.
#[derive(Debug, Default)]
pub struct Run {
    /// One report per linted file, sorted by path.
    pub files: Vec<FileReport>,
    /// Files, folders and manifests that could not be read.
    pub errors: Vec<ReadError>,
}

impl Run {
    /// How many findings of a severity, over all files.
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }
}

/// Lints one text already in memory.
///
/// ```
/// use reportlint::rules::{defaults, load::build_rule_set};
/// use reportlint::source::evidence::EvidenceView;
///
/// let rules = build_rule_set(&defaults::sources()).expect("the default pack loads");
/// let report = reportlint::lint_text(&rules, "a.md", "推进全面以严治党力度不够。\n", &EvidenceView::default());
/// let d = report.diagnostics.iter().find(|d| &*d.rule == "standard-term").expect("found");
/// assert_eq!(d.fix.as_ref().map(|f| f.replacement.as_str()), Some("全面从严治党"));
/// assert_eq!(report.position(d.span.start).column, 3);
/// ```
pub fn lint_text(
    rules: &RuleSet,
    display: &str,
    text: &str,
    evidence: &EvidenceView,
) -> FileReport {
    lint_document(rules, display, text, document::parse(text), evidence)
}

/// Lints a document model already read from `text` (a Markdown report
/// parsed, or a Word report read: its text is then one line a paragraph).
pub fn lint_document(
    rules: &RuleSet,
    display: &str,
    text: &str,
    doc: document::Document,
    evidence: &EvidenceView,
) -> FileReport {
    let outline = ProblemPart::new(&doc, &rules.problem_part);
    let literals = rules
        .literals
        .as_ref()
        .map(|l| l.scan(&doc))
        .unwrap_or_default();
    let protected = Protected::new(&doc, text, rules.citations.as_ref());
    let cx = Context {
        src: text,
        doc: &doc,
        outline: &outline,
        evidence,
        protected: &protected,
        citations: rules.citations.as_ref(),
        literals: &literals,
        ordinals: Default::default(),
        claim_focuses: Default::default(),
        claims_sourced: Default::default(),
    };
    let mut diagnostics = crate::suppress::apply(&doc, text, rules, rules.check(&cx));
    diagnostics.retain(|d| !rules.disabled.contains(&*d.rule));
    let stats = Stats::new(rules, &cx);
    let fingerprints = crate::fingerprint::fingerprints(display, text, &doc, &diagnostics);
    let lines = LineIndex::new(text);
    let mut offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| {
            let fix = d.fix.as_ref().map(|f| [f.span.start, f.span.end]);
            let related = d.related.iter().flat_map(|r| [r.span.start, r.span.end]);
            [d.span.start, d.span.end]
                .into_iter()
                .chain(fix.into_iter().flatten())
                .chain(related)
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = offsets
        .into_iter()
        .map(|o| (o, lines.line_col(text, o)))
        .collect();
    FileReport {
        positions,
        fingerprints,
        display: display.to_string(),
        text: Arc::from(text),
        diagnostics,
        stats,
        fixed: 0,
        diff: None,
        annotated: None,
        rules: None,
    }
}

/// Told how a run advances (a progress bar, or nothing).
pub trait Progress: Sync {
    /// `total` files are about to be linted.
    fn start(&self, total: usize);
    /// One more file is done.
    fn tick(&self);
    /// All are done.
    fn finish(&self);
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixRequest {
    /// Which fixes.
    pub level: crate::diagnostic::FixSafety,
    /// Print a diff instead of writing.
    pub diff: bool,
}

/// What a run writes besides its findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions {
    /// Fixes to apply or show.
    pub fix: Option<FixRequest>,
    /// Word reports: write the findings as comments (批注) into a copy
    /// (with fixes, as tracked changes, when `fix` asks for them; the
    /// original is then left as it is).
    pub annotate: Option<Annotate>,
}

/// Where `--annotate` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotate {
    /// The file to write; by default 报告.reportlint.docx beside 报告.docx.
    pub output: Option<PathBuf>,
}

/// The file `--annotate` writes for `path` by default: 报告.docx →
/// 报告.reportlint.docx.
pub fn annotated_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.reportlint.docx"))
}

/// Most rounds of fixing one text. A fix may make another apply (a
/// replacement creates a half-width mark beside Han text, which a second
/// round turns full-width); packs are checked at load so that no fix undoes
/// another, so more than two or three rounds mean a bug, and ten bounds it.
pub const MAX_FIX_ROUNDS: usize = 10;

/// Applies fixes of `level` to `text` round after round, re-linting with
/// `relint` after each, until none applies (at most [`MAX_FIX_ROUNDS`]):
/// the one fix loop of `check --fix`, `--diff`, `--stdin --fix` and the
/// language tools. Returns the fixed text, the report of it, and how many
/// fixes were applied.
pub fn fix_rounds(
    text: &str,
    level: crate::diagnostic::FixSafety,
    mut report: FileReport,
    mut relint: impl FnMut(&str) -> FileReport,
) -> (String, FileReport, usize) {
    let mut text = text.to_string();
    let mut fixed = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let (next, n) = crate::fix::apply(&text, &report.diagnostics, level);
        if n == 0 {
            break;
        }
        fixed += n;
        text = next;
        report = relint(&text);
    }
    (text, report, fixed)
}

/// [`lint_file`], with a bug in reportlint (a panic) while linting one file
/// reported as an error of that file: the run goes on with the rest, and
/// the file, if being fixed, is left as it was (fixes are written whole or
/// not at all).
fn lint_file_guarded(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    let run = std::panic::AssertUnwindSafe(|| lint_file(rules, path, view, actions));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let error = ReadError::new(
            crate::source::display_path(path),
            "检查此文件时 reportlint 内部出错，已跳过（其余文件照常检查）；请把这个文件和所用命令报告给 reportlint 的维护者",
        );
        (None, Some(error))
    })
}

/// A bug injected for tests: with `REPORTLINT_PANIC_ON=NAME`, linting a file
/// whose name is NAME panics.
fn panic_point(path: &Path) {
    if let Some(name) = std::env::var_os("REPORTLINT_PANIC_ON")
        && path.file_name() == Some(name.as_os_str())
    {
        panic!("injected for a test: {}", path.display());
    }
}

/// Lints a file, applies fixes as asked, writes or diffs the result.
fn lint_file(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    panic_point(path);
    if source::walk::is_docx(path) {
        return lint_docx(rules, path, view, actions);
    }
    let fix = actions.fix;
    let file: SourceFile = match source::read_file(path, rules.encoding) {
        Ok(f) => f,
        Err(e) if e.not_text => return (Some(unreadable(rules, &e)), None),
        Err(e) => return (None, Some(e)),
    };
    if file.text.trim().is_empty() {
        let e = ReadError::new(
            &file.display,
            "文件是空的，没有可检查的文字：请写入报告内容，或把它移出检查范围",
        );
        return (Some(unreadable(rules, &e)), None);
    }
    let report = lint_file_text(rules, &file, &file.text, view);
    let Some(req) = fix else {
        return (Some(report), None);
    };
    let (text, mut report, fixed) = fix_rounds(&file.text, req.level, report, |t| {
        lint_file_text(rules, &file, t, view)
    });
    report.fixed = fixed;
    if text == file.text {
        return (Some(report), None);
    }
    if req.diff {
        let diff = crate::fix::unified_diff(&file.display, &file.text, &text);
        report.diff = Some(crate::redact::redact(&diff));
        return (Some(report), None);
    }
    // Written back in the file's own encoding, BOM and line endings.
    let written = source::decode::encode(&text, file.encoding).and_then(|bytes| {
        crate::fix::write_atomic(path, &bytes).map_err(|e| source::io_reason(&e))
    });
    match written {
        Ok(()) => (Some(report), None),
        Err(reason) => {
            // The file is untouched; report what it still has.
            let report = lint_file_text(rules, &file, &file.text, view);
            let err = ReadError::new(
                &file.display,
                format!("无法写回修复，文件保持原样：{reason}"),
            );
            (Some(report), Some(err))
        }
    }
}

/// Lints a file's (possibly fixed) text, noting a non-UTF-8 encoding.
fn lint_file_text(
    rules: &RuleSet,
    file: &SourceFile,
    text: &str,
    view: &EvidenceView,
) -> FileReport {
    let mut report = lint_text(rules, &file.display, text, view);
    if !file.encoding.is_utf8()
        && let Some(m) = rules
            .meta(crate::rules::builtin::NON_UTF8)
            .filter(|m| !rules.disabled.contains(&*m.id))
    {
        let message = crate::diagnostic::fill(&m.message, &[("encoding", file.encoding.name())]);
        report.push_file_level(m.diagnostic(0..0, message, None));
    }
    report
}

/// Lints a Word report, and writes its fixes as tracked changes or its
/// findings as comments as `actions` ask. A package that cannot be read is
/// an `unreadable-file` finding saying why and what to do.
fn lint_docx(
    rules: &RuleSet,
    path: &Path,
    view: &EvidenceView,
    actions: &Actions,
) -> (Option<FileReport>, Option<ReadError>) {
    let display = source::display_path(path);
    let opened = std::fs::read(path)
        .map_err(|e| format!("无法读取文件：{}", source::io_reason(&e)))
        .and_then(crate::fix::docx::Word::open)
        .and_then(|word| {
            document::docx::read_mapped(&word.package)
                .map(|(text, doc, map)| (word, text, doc, map))
        });
    let (mut word, text, doc, map) = match opened {
        Ok(read) => read,
        Err(message) => {
            let e = ReadError {
                display,
                position: None,
                message,
                not_text: true,
            };
            return (Some(unreadable(rules, &e)), None);
        }
    };
    let mut report = lint_document(rules, &display, &text, doc, view);
    if actions.fix.is_none() && actions.annotate.is_none() {
        return (Some(report), None);
    }
    let (mut text, mut map, original) = (text.clone(), map, text);
    let first = report.clone();
    if let Some(req) = actions.fix {
        let mut skipped = Vec::new();
        for _ in 0..MAX_FIX_ROUNDS {
            let fixes: Vec<(std::ops::Range<usize>, String)> =
                crate::fix::chosen(&text, &report.diagnostics, req.level)
                    .into_iter()
                    .map(|f| (f.span.clone(), f.replacement.clone()))
                    .collect();
            let (n, not_written) = word.revise(&text, &map, &fixes);
            skipped = not_written;
            if n == 0 {
                break;
            }
            report.fixed += n;
            match document::docx::read_mapped(&word.package) {
                Ok((t, doc, m)) => {
                    let fixed = report.fixed;
                    report = lint_document(rules, &display, &t, doc, view);
                    report.fixed = fixed;
                    (text, map) = (t, m);
                }
                Err(message) => {
                    // A bug of the writer: nothing is written.
                    let err = ReadError::new(
                        &display,
                        format!(
                            "修订写入后无法读回，文件保持原样（请报告给 reportlint 的维护者）：{message}"
                        ),
                    );
                    return (Some(first), Some(err));
                }
            }
        }
        // Say why a fix was not written, where it still applies.
        for d in &mut report.diagnostics {
            if let Some(s) = d
                .fix
                .as_ref()
                .and_then(|f| skipped.iter().find(|s| s.span == f.span))
            {
                d.message
                    .push_str(&format!("（未能写成修订：{}）", s.reason));
            }
        }
        if req.diff {
            if text != original {
                let diff = crate::fix::unified_diff(&display, &original, &text);
                report.diff = Some(crate::redact::redact(&diff));
            }
            return (Some(report), None);
        }
    }
    let target = match &actions.annotate {
        Some(a) => {
            let notes: Vec<crate::fix::docx::Note> =
                report.diagnostics.iter().map(comment_of).collect();
            match word.annotate(&text, &map, &notes) {
                Ok(n) => {
                    let out = a.output.clone().unwrap_or_else(|| annotated_path(path));
                    report.annotated = Some((source::display_path(&out), n));
                    out
                }
                Err(message) => {
                    return (Some(report), Some(ReadError::new(&display, message)));
                }
            }
        }
        None if word.is_edited() => path.to_path_buf(),
        None => return (Some(report), None),
    };
    let written = word.to_bytes().and_then(|bytes| {
        crate::fix::write_atomic_like(&target, &bytes, path).map_err(|e| source::io_reason(&e))
    });
    match written {
        Ok(()) => (Some(report), None),
        Err(reason) => {
            let err = ReadError::new(
                source::display_path(&target),
                format!("无法写出文件，原文件保持原样：{reason}"),
            );
            report.annotated = None;
            (Some(report), Some(err))
        }
    }
}

/// A finding as a Word comment: its message, its rule, and its fix as a
/// suggestion.
fn comment_of(d: &Diagnostic) -> crate::fix::docx::Note {
    let mut paragraphs = vec![
        d.message.clone(),
        format!(
            "规则：{}（{}）；说明：reportlint explain {}",
            d.rule,
            d.severity.label(),
            d.rule
        ),
    ];
    if let Some(f) = &d.fix {
        let unsafe_note = if f.safety == crate::diagnostic::FixSafety::Unsafe {
            "（需结合上下文判断）"
        } else {
            ""
        };
        paragraphs.push(if f.replacement.is_empty() {
            format!("建议删除{unsafe_note}")
        } else {
            format!("建议改为：“{}”{unsafe_note}", f.replacement)
        });
    }
    crate::fix::docx::Note {
        span: d.span.clone(),
        paragraphs,
    }
}

/// The report of a file that is not text: one `unreadable-file` finding.
fn unreadable(rules: &RuleSet, e: &ReadError) -> FileReport {
    let mut report = lint_text(&RuleSet::empty(), &e.display, "", &EvidenceView::default());
    if let Some(m) = rules
        .meta(crate::rules::builtin::UNREADABLE)
        .filter(|m| !rules.disabled.contains(&*m.id))
    {
        let at = e
            .position
            .map(|p| format!("（第{}行第{}列）", p.line, p.column))
            .unwrap_or_default();
        let message =
            crate::diagnostic::fill(&m.message, &[("reason", &format!("{}{at}", e.message))]);
        report.push_file_level(m.diagnostic(0..0, message, None));
    }
    report
}

/// Files linted in parallel at a time; results are handed on in path order
/// after each batch, so memory holds a few batches of texts (the one being
/// written, one waiting, the one being linted), not all of them.
const BATCH: usize = 128;

/// Lints like [`lint_paths_with`] and keeps every report, released of its
/// text, in the returned run.
pub fn lint_paths(
    resolver: &mut Resolver,
    paths: &[PathBuf],
    fix: Option<FixRequest>,
) -> Result<Run, Vec<ConfigError>> {
    let mut files = Vec::new();
    let errors = lint_paths_with(resolver, paths, fix, &NoProgress, &mut |mut f| {
        f.release();
        files.push(f);
    })?;
    Ok(Run { files, errors })
}

/// Walks `paths`, finds each file's configuration and rule set, reads
/// every report and lints the files in parallel. Each report is handed to
/// `sink` in path order as its batch finishes; nothing is kept, so memory
/// holds one batch. Returns what could not be read; fails only when a
/// configuration or pack cannot be used.
pub fn lint_paths_with(
    resolver: &mut Resolver,
    paths: &[PathBuf],
    fix: Option<FixRequest>,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(FileReport),
) -> Result<Vec<ReadError>, Vec<ConfigError>> {
    let actions = Actions {
        fix,
        annotate: None,
    };
    lint_walked(
        resolver,
        source::walk::collect(paths),
        &actions,
        progress,
        sink,
    )
}

/// Like [`lint_paths_with`], for the files of a walk already made (so that a
/// caller can walk while its rule set compiles).
pub fn lint_walked(
    resolver: &mut Resolver,
    walk: source::walk::Walk,
    actions: &Actions,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(FileReport),
) -> Result<Vec<ReadError>, Vec<ConfigError>> {
    let mut errors = walk.errors;

    // Each file's rule set, and the evidence beside it (read once per folder).
    let mut items: Vec<(PathBuf, Arc<RuleSet>)> = Vec::new();
    let mut views: BTreeMap<(PathBuf, String, String), EvidenceView> = BTreeMap::new();
    let key = |dir: &Path, rules: &RuleSet| {
        (
            dir.to_path_buf(),
            rules.evidence.manifest.clone(),
            rules.evidence.folder.clone(),
        )
    };
    for f in walk.files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        let config = resolver.config_for_dir(&dir)?;
        if !walk.named.contains(&f) && config.as_ref().is_some_and(|c| c.excludes(&f)) {
            continue;
        }
        let rules = resolver.rules_for(config.as_ref())?;
        views.entry(key(&dir, &rules)).or_insert_with(|| {
            let d = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir.clone()
            };
            EvidenceView::load(&d, &rules.evidence)
        });
        items.push((f, rules));
    }
    for v in views.values() {
        if let Some(e) = &v.manifest_error {
            errors.push(ReadError {
                display: e.display.clone(),
                position: e.position,
                message: e.message.clone(),
                not_text: false,
            });
        }
    }
    let empty = EvidenceView::default();
    progress.start(items.len());
    // The pool lints batch after batch while this thread hands the finished
    // batch to `sink` (which writes the output): writing overlaps linting,
    // and at most two batches wait (the channel holds one).
    rayon::in_place_scope(|scope| {
        let (done, finished) = std::sync::mpsc::sync_channel(1);
        let (items, views, empty) = (&items, &views, &empty);
        scope.spawn(move |_| {
            for batch in items.chunks(BATCH) {
                let results: Vec<(Option<FileReport>, Option<ReadError>)> = batch
                    .par_iter()
                    .map(|(path, rules)| {
                        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                        let view = views.get(&key(&dir, rules)).unwrap_or(empty);
                        let mut r = lint_file_guarded(rules, path, view, actions);
                        if let Some(report) = &mut r.0 {
                            report.rules = Some(Arc::clone(rules));
                        }
                        progress.tick();
                        r
                    })
                    .collect();
                if done.send(results).is_err() {
                    return;
                }
            }
        });
        for results in finished {
            for (report, error) in results {
                if let Some(report) = report {
                    sink(report);
                }
                errors.extend(error);
            }
        }
    });
    progress.finish();
    errors.sort_by(|a, b| a.display.cmp(&b.display));
    Ok(errors)
}
