//! The YAML schema of a rule pack, as serde reads it. Every key any kind
//! takes is here, so a misspelt key is an error at its own line; which keys a
//! kind accepts is checked in [`super::load`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{FixSafety, Severity};

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

/// One rule, all kinds' keys together.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// English kebab-case id.
    pub id: String,
    /// existence | substitution | ratio | sources | focuses
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

    // existence
    /// Literal tokens.
    pub tokens: Option<Vec<String>>,
    /// Regular expressions.
    pub patterns: Option<Vec<String>>,
    /// Phrases in which a hit does not count.
    pub exceptions: Option<Vec<String>>,

    // substitution
    /// wrong → right, literal.
    pub swap: Option<BTreeMap<String, String>>,
    /// wrong → right with context, note and source.
    pub entries: Option<Vec<RawEntry>>,
    /// Text just before a hit that cancels it (for every entry).
    pub not_after: Option<Vec<String>>,
    /// Text just after a hit that cancels it (for every entry).
    pub not_before: Option<Vec<String>>,
    /// Whether the fix is safe to apply without a human look.
    pub fix: Option<FixSafety>,

    // ratio
    /// The minimum share of the problem part.
    pub min: Option<f64>,
    /// Patterns of problem-part headings.
    pub problem_headings: Option<Vec<String>>,
    /// Patterns of headings that are not problem parts though they match one
    /// (问题线索, 整改情况).
    pub not_problem_headings: Option<Vec<String>>,
    /// The companion rule for a report with no problem part.
    pub missing_section: Option<RawSubRule>,

    // sources
    /// Whether footnote references count as sources.
    pub footnotes: Option<bool>,
    /// Patterns of inline source markers, each with a group named `ids`.
    pub inline_patterns: Option<Vec<String>>,
    /// The pattern of one ID inside the `ids` group.
    pub id_pattern: Option<String>,
    /// The manifest's file name beside the report.
    pub manifest: Option<String>,
    /// The 底稿 folder's name beside the report.
    pub folder: Option<String>,
    /// The companion rule for a reference that does not resolve.
    pub unknown: Option<RawSubRule>,
    /// The companion rule for a definition nothing references.
    pub unused: Option<RawSubRule>,
    /// The companion rule for text in brackets that mentions 底稿 in a form
    /// no inline pattern reads.
    pub unrecognized: Option<RawSubRule>,

    // focuses
    /// The focuses: a built-in framework's name, or a list.
    pub focuses: Option<FocusSpec>,
    /// The companion rule for a focus with no problems.
    pub not_covered: Option<RawSubRule>,
    /// The companion rule for a claim whose keywords belong to another focus.
    pub mismatch: Option<RawSubRule>,

    // front-matter
    /// Keys the front matter must carry, with their meaning.
    pub required: Option<BTreeMap<String, String>>,
    /// Keys whose values must be real dates.
    pub date_keys: Option<Vec<String>>,

    // evidence-files
    /// File endings that make a bare word in a footnote a path.
    pub extensions: Option<Vec<String>>,
    /// The companion rule for a path that is absolute or climbs out of the repository.
    pub outside: Option<RawSubRule>,
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

/// A substitution entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    /// What is wrong (literal, or a regex with `regex: true`).
    pub wrong: String,
    /// What is right (`$1` refers to groups when `regex: true`).
    pub right: String,
    /// Whether `wrong` is a regular expression.
    #[serde(default)]
    pub regex: bool,
    /// Text just before the hit that cancels it.
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Text just after the hit that cancels it.
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Why, for `explain`.
    pub note: Option<String>,
    /// The source of the right wording, for `explain`.
    pub source: Option<String>,
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

/// One focus of the "三个聚焦".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFocus {
    /// English id, e.g. `policy`.
    pub id: String,
    /// The canonical Chinese name.
    pub name: String,
    /// A short name for table headers (`stats`); the name when not given.
    pub short: Option<String>,
    /// Patterns of headings that name this focus.
    pub aliases: Vec<String>,
    /// Words typical of this focus's problems.
    #[serde(default)]
    pub keywords: Vec<String>,
}

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

/// The keys each kind accepts, besides the common ones.
pub fn kind_keys(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "existence" => &["tokens", "patterns", "exceptions"],
        "substitution" => &[
            "swap",
            "entries",
            "exceptions",
            "not_after",
            "not_before",
            "fix",
        ],
        "ratio" => &[
            "min",
            "problem_headings",
            "not_problem_headings",
            "missing_section",
        ],
        "sources" => &[
            "footnotes",
            "inline_patterns",
            "id_pattern",
            "manifest",
            "folder",
            "unknown",
            "unused",
            "unrecognized",
        ],
        "focuses" => &["focuses", "not_covered", "mismatch"],
        "numbering" => &[],
        "punctuation" => &["swap", "fix"],
        "sensitive" => &["tokens"],
        "front-matter" => &["required", "date_keys"],
        "evidence-files" => &["extensions", "outside"],
        "count" => &["patterns"],
        _ => return None,
    })
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

/// Every kind, for error messages and `rules`.
pub const KINDS: &[&str] = &[
    "existence",
    "substitution",
    "ratio",
    "sources",
    "focuses",
    "numbering",
    "punctuation",
    "sensitive",
    "front-matter",
    "evidence-files",
    "count",
];
