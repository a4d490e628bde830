//! The report layer: one module per output format of `check`, each
//! implementing [`format::Format`] and listed once in [`FORMATS`]; and the
//! listings of `stats`, `rules` and `explain`. Positions come from
//! [`crate::source::LineIndex`] only.

pub mod format;
pub mod rules_list;
pub mod stats_table;
pub mod stream;

pub use format::Totals;

/// Declares each format's module and lists its `FORMAT` in [`FORMATS`]:
/// adding a format is its file and its name here.
macro_rules! formats {
    ($($format:ident,)*) => {
        $(pub mod $format;)*

        /// Every output format of `check`, by its `--format` name, the
        /// default first.
        pub const FORMATS: &[format::FormatDef] = &[$($format::FORMAT,)*];
    };
}

formats! {
    human,
    json,
    sarif,
    github,
    gitlab,
    junit,
    concise,
}
