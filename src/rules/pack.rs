//! The YAML schema of a rule pack, as serde reads it: the pack, the keys
//! every rule has, and the shapes several kinds share (companion rules,
//! specs, focuses). A kind's own keys are read by the kind; which keys a
//! kind takes is checked in [`super::load`] against its [`super::kind::KindDef`].

use serde::Deserialize;

use crate::diagnostic::Severity;

/// A pack file: a list of rules, with an optional name and description.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// A name for the pack.
    pub name: Option<String>,
    /// What the pack is for.
    pub description: Option<String>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RawRule>,
}

/// One rule: the keys every rule has, and the rest, which its kind reads
/// ([`super::compile::Build::keys`]).
#[derive(Debug, Deserialize)]
pub struct RawRule {
    /// English kebab-case id.
    pub id: String,
    /// The kind's name (see [`super::kinds::KINDS`]).
    pub kind: String,
    /// error | warning | info
    pub severity: Severity,
    /// The Chinese message, with placeholders.
    pub message: String,
    /// The long description a user reads with `explain`.
    pub description: String,
    /// Where the rule looks.
    pub scope: Option<String>,
    /// Self-tests run when the pack loads.
    #[serde(default)]
    pub specs: Vec<RawSpec>,
    /// Every other key: the kind's own.
    #[serde(flatten)]
    pub keys: serde_yaml::Mapping,
}

/// A companion rule of a structural kind: its own id, severity and texts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSubRule {
    /// English kebab-case id.
    pub id: String,
    /// error | warning | info
    pub severity: Severity,
    /// The Chinese message.
    pub message: String,
    /// The long description.
    pub description: String,
}

/// A self-test: `from`/`to` for substitution; `hit`/`miss` for existence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    /// Text to fix.
    pub from: Option<String>,
    /// What fixing `from` must give.
    pub to: Option<String>,
    /// Text the rule must find something in.
    pub hit: Option<String>,
    /// Text the rule must find nothing in.
    pub miss: Option<String>,
}

pub use crate::analysis::focus::RawFocus;

/// A focus set as a pack or `reportlint.yaml` gives it: the name of a
/// built-in framework (`四个落实`), or the focuses themselves.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FocusSpec {
    /// A built-in framework's name.
    Framework(String),
    /// The focuses.
    List(Vec<RawFocus>),
}

/// Keys every rule may have.
pub const COMMON_KEYS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "message",
    "description",
    "scope",
    "specs",
];
