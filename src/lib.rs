//! reportlint: a linter for Chinese discipline-inspection reports (巡察报告)
//! written in Markdown.
//!
//! Data flows one way:
//! [`source`] (files, encodings, walking) → [`document`] (Markdown to a model
//! with spans) → [`rules`] (checks from YAML packs) → [`output`] (one module
//! per format). [`lint`] ties the layers together.

pub mod analysis;
pub mod baseline;
pub mod config;
/// The benchmark's report generator: for the benches and tests only (the
/// `corpus` feature, which they turn on), not part of the library's API.
#[cfg(any(test, feature = "corpus"))]
#[doc(hidden)]
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod fingerprint;
pub mod fix;
pub mod init;
pub mod lint;
pub mod matcher;
pub mod output;
pub mod redact;
pub mod report;
pub mod rules;
pub mod run;
pub mod server;
pub mod source;
pub mod suppress;

pub use diagnostic::{Diagnostic, Fix, FixSafety, Severity};
pub use lint::lint_text;
pub use report::{FileReport, Run};
pub use rules::RuleSet;
pub use run::lint_paths;
