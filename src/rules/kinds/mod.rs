//! One module per rule kind. Each reads its own keys of a
//! [`RawRule`](super::pack::RawRule) (reporting located errors through
//! [`Build`](super::compile::Build)), checks a
//! [`Context`](super::context::Context), and defines its
//! [`KindDef`] as `KIND`. Adding a kind: one file
//! here, and one line in [`KINDS`].

use super::kind::KindDef;

/// Declares each kind's module and lists its `KIND` in [`KINDS`]: adding a
/// kind is its file and its name here.
macro_rules! kinds {
    ($($kind:ident,)*) => {
        $(pub mod $kind;)*

        /// Every kind, in the order `rules` and error messages list them.
        pub const KINDS: &[&KindDef] = &[$(&$kind::KIND,)*];
    };
}

kinds! {
    existence,
    substitution,
    ratio,
    sources,
    focuses,
    numbering,
    punctuation,
    sensitive,
    front_matter,
    evidence_files,
    count,
    repetition,
    consistency,
    conditional,
}

/// The kind of that name.
pub fn kind(name: &str) -> Option<&'static KindDef> {
    KINDS.iter().copied().find(|k| k.name == name)
}
