//! A run over many files: walking, each folder's configuration and rule
//! set and the evidence beside it, linting in parallel batches, handing
//! reports on in path order. One file's reading, fixing and writing is
//! [`file`].

pub mod file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Resolver;
use crate::report::{FileReport, Run};
use crate::rules::{ConfigError, RuleSet};
use crate::source::evidence::EvidenceView;
use crate::source::{self, ReadError};

use file::lint_file_guarded;
pub use file::{Actions, Annotate, FixRequest, annotated_path};

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
            rules.structure.evidence.manifest.clone(),
            rules.structure.evidence.folder.clone(),
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
            EvidenceView::load(&d, &rules.structure.evidence)
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
