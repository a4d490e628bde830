//! Baselines: record today's findings, then report only new ones, so a
//! repository that adopts the tool late can fail CI on new problems while it
//! works off the old ones. Findings are matched by fingerprint
//! ([`crate::fingerprint`]), which survives lines added above them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::{FileReport, Run};
use crate::source::ReadError;
use crate::source::{LineCol, display_path};

/// The baseline file's format version.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file.
    path: String,
    /// The rule id.
    rule: String,
    /// The finding's fingerprint.
    fingerprint: String,
    /// Only for people reading the file.
    message: String,
}

/// Recorded findings: how many of each fingerprint.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: HashMap<String, usize>,
}

/// The entries recording one file's findings.
pub fn entries(f: &FileReport) -> Vec<Entry> {
    f.diagnostics
        .iter()
        .zip(&f.fingerprints)
        .map(|(d, fp)| Entry {
            path: f.display.clone(),
            rule: d.rule.to_string(),
            fingerprint: fp.clone(),
            message: d.message.clone(),
        })
        .collect()
}

/// Writes the recorded findings to `path`.
pub fn write(path: &Path, findings: Vec<Entry>) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(&File {
        version: VERSION,
        findings,
    })
    .map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}

/// Reads a baseline file.
pub fn load(path: &Path) -> Result<Baseline, ReadError> {
    let display = display_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| ReadError {
        display: display.clone(),
        position: None,
        message: format!("无法读取基线文件：{}", crate::source::io_reason(&e)),
        not_text: false,
    })?;
    let file: File = serde_json::from_str(&text).map_err(|e| ReadError {
        display: display.clone(),
        position: Some(LineCol {
            line: e.line(),
            column: e.column(),
        }),
        message: format!("基线文件格式错误：{e}；请用 --write-baseline 重新生成"),
        not_text: false,
    })?;
    let mut counts = HashMap::new();
    for e in file.findings {
        *counts.entry(e.fingerprint).or_insert(0) += 1;
    }
    Ok(Baseline { counts })
}

impl Baseline {
    /// Drops from `run` the findings the baseline records (each recorded
    /// finding absorbs one); returns how many were dropped.
    pub fn filter(&self, run: &mut Run) -> usize {
        let mut left = self.counts.clone();
        let mut dropped = 0;
        for f in &mut run.files {
            dropped += Self::filter_with(&mut left, f);
        }
        dropped
    }

    /// Drops from one file the findings the baseline still has unmatched
    /// (each recorded finding absorbs one); returns how many were dropped.
    pub fn filter_file(&mut self, f: &mut FileReport) -> usize {
        Self::filter_with(&mut self.counts, f)
    }

    fn filter_with(left: &mut HashMap<String, usize>, f: &mut FileReport) -> usize {
        let mut dropped = 0;
        let mut keep_d = Vec::new();
        let mut keep_fp = Vec::new();
        for (d, fp) in f.diagnostics.drain(..).zip(f.fingerprints.drain(..)) {
            match left.get_mut(&fp) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    dropped += 1;
                }
                _ => {
                    keep_d.push(d);
                    keep_fp.push(fp);
                }
            }
        }
        f.diagnostics = keep_d;
        f.fingerprints = keep_fp;
        dropped
    }
}
