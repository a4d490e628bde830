//! The report layer: one module per output format of `check`, each
//! implementing [`format::Format`] and registered by one line in
//! [`stream::FORMATS`]; and the listings of `stats`, `rules` and `explain`.
//! Positions come from [`crate::source::LineIndex`] only.

pub mod format;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rules_list;
pub mod sarif;
pub mod stats_table;
pub mod stream;

pub use format::Totals;
