//! One module per rule kind. Each compiles its part of a [`RawRule`]
//! (reporting located errors through [`Build`]) and checks a [`Context`].
//!
//! [`RawRule`]: super::pack::RawRule
//! [`Build`]: super::load::Build
//! [`Context`]: super::Context

pub mod count;
pub mod evidence_files;
pub mod existence;
pub mod focuses;
pub mod front_matter;
pub mod matcher;
pub mod numbering;
pub mod punctuation;
pub mod ratio;
pub mod sensitive;
pub mod sources;
pub mod substitution;
