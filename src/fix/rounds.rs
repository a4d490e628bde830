//! The one fix loop ([`rounds`]): apply the chosen fixes, lint again, until
//! nothing applies. A report's text ([`fix_rounds`]) and a Word package
//! ([`WordFixes`]) are two [`Fixable`]s of the same loop, so `check --fix`,
//! `--diff`, `--stdin --fix`, the language server and Word tracked changes
//! fix alike.

use std::ops::Range;

use crate::diagnostic::FixSafety;
use crate::document::word::WordMap;
use crate::report::FileReport;

use super::word::{Skipped, Word};

/// Most rounds of fixing one text. A fix may make another apply (a
/// replacement creates a half-width mark beside Han text, which a second
/// round turns full-width); packs are checked at load so that no fix undoes
/// another, so more than two or three rounds mean a bug, and ten bounds it.
pub const MAX_FIX_ROUNDS: usize = 10;

/// Something fixes are written into, round after round.
pub trait Fixable {
    /// Why it could not be read back (nothing, for a text).
    type Error;

    /// Writes the fixes of `report` that `level` allows (those that do not
    /// overlap); returns how many were written.
    fn write(&mut self, report: &FileReport, level: FixSafety) -> usize;

    /// Reads it back and lints it as it now is; an error when it can no
    /// longer be read (a bug of the writer: the caller keeps the original).
    fn relint(&mut self) -> Result<FileReport, Self::Error>;
}

/// Applies fixes of `level` to `target` round after round, re-linting after
/// each, until none applies (at most [`MAX_FIX_ROUNDS`]). Returns the
/// report of the fixed target and how many fixes were applied.
pub fn rounds<F: Fixable>(
    target: &mut F,
    level: FixSafety,
    mut report: FileReport,
) -> Result<(FileReport, usize), F::Error> {
    let mut fixed = 0;
    for _ in 0..MAX_FIX_ROUNDS {
        let n = target.write(&report, level);
        if n == 0 {
            break;
        }
        fixed += n;
        report = target.relint()?;
    }
    Ok((report, fixed))
}

/// A report's text being fixed, linted by `relint`.
struct TextFixes<F> {
    text: String,
    relint: F,
}

impl<F: Fn(&str) -> FileReport> Fixable for TextFixes<F> {
    type Error = std::convert::Infallible;

    fn write(&mut self, report: &FileReport, level: FixSafety) -> usize {
        let (next, n) = super::apply(&self.text, &report.diagnostics, level);
        if n > 0 {
            self.text = next;
        }
        n
    }

    fn relint(&mut self) -> Result<FileReport, Self::Error> {
        Ok((self.relint)(&self.text))
    }
}

/// [`rounds`] over a text, re-linted with `relint`: returns the fixed text,
/// the report of it, and how many fixes were applied.
pub fn fix_rounds(
    text: &str,
    level: FixSafety,
    report: FileReport,
    relint: impl Fn(&str) -> FileReport,
) -> (String, FileReport, usize) {
    let mut target = TextFixes {
        text: text.to_string(),
        relint,
    };
    match rounds(&mut target, level, report) {
        Ok((report, fixed)) => (target.text, report, fixed),
        // Relinting a text cannot fail.
        Err(never) => match never {},
    }
}

/// A Word package being fixed: each fix a tracked change (修订), the text
/// read back from the package after each round.
pub struct WordFixes<'w, F> {
    /// The package.
    pub word: &'w mut Word,
    /// Its text as reportlint reads it, and where each piece sits in the XML.
    pub text: String,
    /// See [`WordMap`].
    pub map: WordMap,
    /// The fixes of the last round that could not be written, and why.
    pub skipped: Vec<Skipped>,
    /// Lints a text and document read from the package.
    pub relint: F,
}

impl<F> Fixable for WordFixes<'_, F>
where
    F: Fn(&str, crate::document::Document) -> FileReport,
{
    fn write(&mut self, report: &FileReport, level: FixSafety) -> usize {
        let fixes: Vec<(Range<usize>, String)> =
            super::chosen(&self.text, &report.diagnostics, level)
                .into_iter()
                .map(|f| (f.span.clone(), f.replacement.clone()))
                .collect();
        let (n, skipped) = self.word.revise(&self.text, &self.map, &fixes);
        self.skipped = skipped;
        n
    }

    type Error = String;

    fn relint(&mut self) -> Result<FileReport, Self::Error> {
        let (text, doc, map) = crate::document::word::read_mapped(&self.word.package)?;
        let report = (self.relint)(&text, doc);
        (self.text, self.map) = (text, map);
        Ok(report)
    }
}
