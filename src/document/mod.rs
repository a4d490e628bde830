//! The parse layer: Markdown to a [`Document`] whose every part carries the
//! byte span it came from.

pub mod model;
pub mod parse;
pub mod text;

pub use model::*;
pub use parse::parse;
