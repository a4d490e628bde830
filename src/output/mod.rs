//! The report layer: one module per output format. Every format reads the
//! same [`Run`]; positions come from [`crate::source::LineIndex`] only.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules_list;
pub mod sarif;
pub mod stats_table;

use crate::lint::FileReport;
use crate::source::LineCol;

/// Start and end (exclusive) of a diagnostic's span, in lines and characters.
pub fn range(file: &FileReport, span: &std::ops::Range<usize>) -> (LineCol, LineCol) {
    (file.position(span.start), file.position(span.end))
}
