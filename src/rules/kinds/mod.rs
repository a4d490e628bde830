//! One module per rule kind. Each compiles its part of a [`RawRule`]
//! (reporting located errors through [`Build`]) and checks a [`Context`].
//!
//! [`RawRule`]: super::pack::RawRule
//! [`Build`]: super::load::Build
//! [`Context`]: super::Context

pub mod existence;
pub mod focuses;
pub mod matcher;
pub mod ratio;
pub mod sources;
pub mod substitution;
