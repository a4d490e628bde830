//! The default pack: the YAML files of `rules/`, embedded at build time so
//! that `reportlint check report.md` works with no configuration.

use std::sync::Arc;

use super::load::PackSource;

/// The files of the default pack: name and text.
pub const FILES: &[(&str, &str)] = &[
    ("structure.yaml", include_str!("../../rules/structure.yaml")),
    ("lexicon.yaml", include_str!("../../rules/lexicon.yaml")),
    ("variants.yaml", include_str!("../../rules/variants.yaml")),
    ("wording.yaml", include_str!("../../rules/wording.yaml")),
    ("format.yaml", include_str!("../../rules/format.yaml")),
    ("numbers.yaml", include_str!("../../rules/numbers.yaml")),
    ("privacy.yaml", include_str!("../../rules/privacy.yaml")),
    ("metadata.yaml", include_str!("../../rules/metadata.yaml")),
];

/// The default pack as pack sources, named `<default>/FILE`, loaded without
/// their self-tests (see [`PackSource::self_test`]).
pub fn sources() -> Vec<PackSource> {
    FILES
        .iter()
        .map(|(name, text)| PackSource {
            origin: format!("<default>/{name}"),
            text: Arc::from(*text),
            // Tested by `cargo test`, not on every run.
            self_test: false,
        })
        .collect()
}
