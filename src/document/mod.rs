//! The parse layer: a report's text to one [`Document`] whose every part
//! carries the byte span it came from, whatever the layout the drafter used
//! (Markdown headings, a typed outline, lines pasted from Word).

pub mod layout;
pub mod model;
pub mod ordinal;
pub mod parse;
pub mod text;
pub mod word;

pub use model::*;
pub use parse::parse;
