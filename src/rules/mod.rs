//! The check layer: rule packs (YAML) compiled into rules that read a
//! [`Document`](crate::document::Document) and its
//! [`Analysis`](crate::analysis::Analysis), and report
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s.
//!
//! A pack is data: adding a rule of an existing kind needs no Rust. A kind
//! is one file under [`kinds`] plus one line in [`kinds::KINDS`]. Modules
//! import downward only: the toolkit ([`compile`], [`context`], [`meta`])
//! below the kinds, the rule set ([`set`]) and the loader ([`load`]) above
//! them; this module only declares them and names what the rest of the
//! program uses. What every rule reads about a report's structure (the
//! problem part, sources, focuses, protected spans) is the analysis stage
//! below, in [`crate::analysis`].

pub mod builtin;
pub mod compile;
pub mod context;
pub mod defaults;
pub mod error;
pub mod keys;
pub mod kind;
pub mod kinds;
pub mod load;

pub mod meta;
pub mod pack;
pub mod set;

pub mod yaml_index;

/// Ordinals live in the document model; rules read them from there.
pub use crate::document::ordinal;

pub use crate::analysis::problem_part::ProblemPart;
pub use crate::document::first_line;
pub use context::{Candidate, Context, Owned, Scope};
pub use kinds::ratio::percent as ratio_percent;
pub use load::{ConfigError, load_pack};
pub use meta::{EntryDoc, RuleMeta};
pub use set::{RuleSet, SharedLiterals};
