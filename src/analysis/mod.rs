//! The analysis stage: what the checks read about a report besides its
//! text, computed once per document from the pack-level [`Structure`]
//! (read when the packs load) — the problem part and its statements, each
//! statement's sources and focus, the protected identifier spans, the
//! ordinals. Rules see it through [`crate::rules::Context`]; no rule
//! computes it for another.

pub mod citations;
pub mod focus;
pub mod frameworks;
pub mod problem_part;
pub mod protected;
