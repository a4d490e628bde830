//! One module per rule kind. Each reads its own keys of a
//! [`RawRule`](super::pack::RawRule) (reporting located errors through
//! [`Build`](super::build::Build)), checks a
//! [`Context`](super::context::Context), and defines its
//! [`KindDef`] as `KIND`. Adding a kind: one file
//! here, and one line in [`KINDS`].

use super::kind::KindDef;

pub mod count;
pub mod evidence_files;
pub mod existence;
pub mod focuses;
pub mod front_matter;
pub mod numbering;
pub mod punctuation;
pub mod ratio;
pub mod sensitive;
pub mod sources;
pub mod substitution;

/// Every kind, in the order `rules` and error messages list them.
pub const KINDS: &[&KindDef] = &[
    &existence::KIND,
    &substitution::KIND,
    &ratio::KIND,
    &sources::KIND,
    &focuses::KIND,
    &numbering::KIND,
    &punctuation::KIND,
    &sensitive::KIND,
    &front_matter::KIND,
    &evidence_files::KIND,
    &count::KIND,
];

/// The kind of that name.
pub fn kind(name: &str) -> Option<&'static KindDef> {
    KINDS.iter().copied().find(|k| k.name == name)
}
