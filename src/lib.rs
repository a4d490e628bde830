//! reportlint: a linter for Chinese discipline-inspection reports (巡察报告),
//! written in Markdown or Word (.docx).
//!
//! Data flows one way, each layer importing only those below it (checked by
//! `tests/modules.rs`):
//!
//! 1. [`source`]: files, encodings, .docx packages, rule pack files, the
//!    evidence beside a report;
//! 2. [`document`]: Markdown or Word to one document model with spans
//!    ([`diagnostic`]: what a finding is);
//! 3. [`matcher`]: the text toolkit (literal and pattern matching, word
//!    segmentation); [`redact`]: masking sensitive text;
//! 4. [`analysis`]: what every rule reads about a report, once — the
//!    problem part, statements, their sources and focuses, protected spans;
//! 5. [`rules`]: YAML packs compiled into rules of a closed set of kinds;
//! 6. [`suppress`], [`fingerprint`], [`report`]: what follows a check;
//! 7. [`lint`]: one report's pipeline; [`config`]: `reportlint.yaml`;
//! 8. [`fix`] (the fix loop, Word tracked changes and comments),
//!    [`output`] (one module per format), [`baseline`];
//! 9. [`run`]: runs over many files, in parallel batches;
//! 10. front ends: [`server`] (the language server), [`init`]; the command
//!     line is the binary.

#![forbid(unsafe_code)]

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
#[cfg(feature = "native")]
pub mod init;
pub mod lint;
pub mod matcher;
pub mod output;
pub mod redact;
pub mod report;
pub mod rules;
#[cfg(feature = "native")]
pub mod run;
#[cfg(feature = "native")]
pub mod server;
pub mod source;
pub mod suppress;

pub use diagnostic::{Diagnostic, Fix, FixSafety, Severity};
pub use lint::lint_text;
pub use report::{FileReport, Run};
pub use rules::RuleSet;
#[cfg(feature = "native")]
pub use run::lint_paths;
