//! Writing findings as files finish, in path order, so that a run over
//! thousands of reports holds one batch in memory, not all of them. Every
//! format but JUnit (whose counts come first) streams.

use std::io::{self, Write};

use super::{Totals, github, gitlab, human, json, junit, sarif};
use crate::lint::FileReport;
use crate::rules::RuleSet;

/// An output format for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// miette's graphical report.
    Human(human::Style),
    /// JSON, schema version 1.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub workflow commands.
    Github,
    /// GitLab Code Quality.
    Gitlab,
    /// JUnit XML.
    Junit,
}

/// Writes one run's findings to `out` as they come.
pub struct Writer<W: Write> {
    kind: Kind,
    out: W,
    sarif_ids: Vec<String>,
    any: bool,
    junit_cases: String,
    junit_failures: usize,
    /// What was written so far.
    pub totals: Totals,
    summary: bool,
}

impl<W: Write> Writer<W> {
    /// Starts the output. `summary` says whether human output ends with its summary line.
    pub fn new(kind: Kind, rules: &RuleSet, mut out: W, summary: bool) -> io::Result<Writer<W>> {
        match kind {
            Kind::Json => out.write_all(json::head().as_bytes())?,
            Kind::Sarif => out.write_all(sarif::head(rules).as_bytes())?,
            Kind::Gitlab => out.write_all(b"[")?,
            _ => {}
        }
        Ok(Writer {
            kind,
            out,
            sarif_ids: if kind == Kind::Sarif {
                sarif::rule_ids(rules)
            } else {
                Vec::new()
            },
            any: false,
            junit_cases: String::new(),
            junit_failures: 0,
            totals: Totals::default(),
            summary,
        })
    }

    fn items(&mut self, items: Vec<String>, indent: usize) -> io::Result<()> {
        for i in items {
            self.out.write_all(if self.any { b",\n" } else { b"\n" })?;
            self.out.write_all(json::indent(&i, indent).as_bytes())?;
            self.any = true;
        }
        Ok(())
    }

    /// Writes one file's findings.
    pub fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.totals.add(f);
        match self.kind {
            Kind::Human(style) => self
                .out
                .write_all(human::render_file(f, style).as_bytes())?,
            Kind::Json => self.items(vec![json::file_entry(f)], 4)?,
            Kind::Sarif => {
                let r = sarif::file_results(f, &self.sarif_ids);
                self.items(r, 8)?
            }
            Kind::Gitlab => self.items(gitlab::file_issues(f), 2)?,
            Kind::Github => self.out.write_all(github::file_lines(f).as_bytes())?,
            Kind::Junit => {
                let (case, failed) = junit::testcase(f);
                self.junit_cases.push_str(&case);
                self.junit_failures += usize::from(failed);
            }
        }
        // A person reads human output as it comes (and a progress bar is
        // drawn below it); the other formats are read whole, so they are
        // written as the buffer fills, not once per file.
        match self.kind {
            Kind::Human(_) => self.out.flush(),
            _ => Ok(()),
        }
    }

    /// Closes the output.
    pub fn finish(mut self) -> io::Result<Totals> {
        match self.kind {
            Kind::Human(_) if self.summary => self
                .out
                .write_all(human::summary(&self.totals).as_bytes())?,
            Kind::Json => self
                .out
                .write_all(json::tail(&self.totals, self.any).as_bytes())?,
            Kind::Sarif => self.out.write_all(sarif::tail(self.any).as_bytes())?,
            Kind::Gitlab => self
                .out
                .write_all(if self.any { b"\n]\n" } else { b"]\n" })?,
            Kind::Junit => self.out.write_all(
                junit::document(&self.junit_cases, self.totals.files, self.junit_failures)
                    .as_bytes(),
            )?,
            _ => {}
        }
        self.out.flush()?;
        Ok(self.totals)
    }
}
