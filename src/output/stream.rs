//! Writing findings as files finish, in path order, so that a run over
//! thousands of reports holds one batch in memory, not all of them, in one
//! of the formats of [`FORMATS`].

use std::io::{self, Write};

use super::FORMATS;
use super::format::{Format, Options, Totals};
use crate::report::FileReport;

/// The names `--format` takes.
pub fn format_names() -> Vec<&'static str> {
    FORMATS.iter().map(|f| f.name).collect()
}

/// Writes one run's findings to `out` as they come, in one format.
pub struct Writer<W: Write> {
    format: Box<dyn Format>,
    out: W,
    /// What was written so far.
    pub totals: Totals,
}

impl<W: Write> Writer<W> {
    /// Starts the output in the format named `name` (one of [`FORMATS`]).
    pub fn new(name: &str, options: &Options<'_>, mut out: W) -> io::Result<Writer<W>> {
        let def = FORMATS
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| io::Error::other(format!("没有名为“{name}”的输出格式")))?;
        let mut format = (def.make)(options);
        format.start(&mut out)?;
        Ok(Writer {
            format,
            out,
            totals: Totals::default(),
        })
    }

    /// Writes one file's findings.
    pub fn file(&mut self, f: &FileReport) -> io::Result<()> {
        self.totals.add(f);
        self.format.file(&mut self.out, f)?;
        // A person reads human output as it comes (and a progress bar is
        // drawn below it); the other formats are read whole, so they are
        // written as the buffer fills, not once per file.
        if self.format.live() {
            self.out.flush()?;
        }
        Ok(())
    }

    /// Closes the output.
    pub fn finish(mut self) -> io::Result<Totals> {
        self.format.finish(&mut self.out, &self.totals)?;
        self.out.flush()?;
        Ok(self.totals)
    }
}

/// The whole output of one report in the format named `name`, as `check`
/// writes it for a run of that one file.
pub fn one_report(name: &str, options: &Options<'_>, report: &FileReport) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut w = Writer::new(name, options, &mut out)?;
    w.file(report)?;
    w.finish()?;
    Ok(out)
}
