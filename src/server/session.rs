//! The server's state: settings, open documents and their last lint, the
//! rule sets and evidence views of their folders.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::Uri;
use serde::Deserialize;

use super::encoding::{Encoding, Positions};
use crate::config::Resolver;
use crate::report::FileReport;
use crate::rules::RuleSet;
use crate::source::LineIndex;
use crate::source::evidence::EvidenceView;

/// Settings from `initializationOptions` or `workspace/configuration`
/// (section `reportlint`): the command line's `--config`, `--rules` and
/// `--deny-warnings`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// A reportlint.yaml to use for every file (`--config`).
    pub config: Option<PathBuf>,
    /// Extra rule packs (`--rules`).
    pub rules: Vec<PathBuf>,
    /// Report warnings as errors (`--deny-warnings`).
    pub deny_warnings: bool,
    /// Leave out the default pack (`--no-default-rules`).
    pub no_default_rules: bool,
    /// When to lint an open document: as it is typed, or when it is saved.
    pub run: Run,
}

/// When an open document is linted.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Run {
    /// On open and on every change.
    #[default]
    OnType,
    /// On open and on save.
    OnSave,
}

/// An open document and its last lint.
#[derive(Debug)]
pub struct Doc {
    /// Its version, as the client numbers them.
    pub version: i32,
    /// Its text.
    pub text: String,
    /// Its line starts.
    pub lines: LineIndex,
    /// The last lint of this version (`None` when linting failed).
    pub report: Option<FileReport>,
    /// The rule set and evidence it was linted with.
    pub rules: Option<Arc<RuleSet>>,
    /// The evidence it was linted with.
    pub view: Option<Arc<EvidenceView>>,
}

impl Doc {
    /// A document with its text, not linted yet.
    pub fn new(version: i32, text: String) -> Doc {
        let lines = LineIndex::new(&text);
        Doc {
            version,
            text,
            lines,
            report: None,
            rules: None,
            view: None,
        }
    }

    /// Positions in its text.
    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions::new(&self.text, &self.lines, encoding)
    }
}

/// Everything the server keeps between messages.
pub struct Session {
    /// The position encoding agreed with the client.
    pub encoding: Encoding,
    /// Current settings.
    pub settings: Settings,
    /// Open documents.
    pub docs: HashMap<Uri, Doc>,
    /// The workspace folders.
    pub roots: Vec<PathBuf>,
    /// Rule sets by folder (rebuilt when a config or pack changes).
    resolver: Option<Resolver>,
    /// Why the rule sets could not be built, if they could not.
    pub config_error: Option<String>,
    /// Evidence views by folder (reloaded when evidence changes).
    views: HashMap<(PathBuf, String, String), Arc<EvidenceView>>,
}

impl Session {
    /// A session with the encoding agreed and the settings given.
    pub fn new(encoding: Encoding, settings: Settings, roots: Vec<PathBuf>) -> Session {
        Session {
            encoding,
            settings,
            docs: HashMap::new(),
            roots,
            resolver: None,
            config_error: None,
            views: HashMap::new(),
        }
    }

    /// Forgets compiled rule sets and evidence: a config, pack or evidence
    /// file changed.
    pub fn reload(&mut self) {
        self.resolver = None;
        self.config_error = None;
        self.views.clear();
    }

    /// The resolver for the current settings.
    pub fn resolver(&mut self) -> Result<&mut Resolver, String> {
        if self.resolver.is_none() {
            self.resolver = Some(resolver(&self.settings)?);
        }
        self.resolver
            .as_mut()
            .ok_or_else(|| "规则集无法建立".to_string())
    }

    /// The rule set and evidence for a report in `dir`.
    pub fn rules_for(&mut self, dir: &Path) -> Result<(Arc<RuleSet>, Arc<EvidenceView>), String> {
        let rules = self.resolver()?.rules_for_dir(dir).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let key = (
            dir.to_path_buf(),
            rules.structure.evidence.manifest.clone(),
            rules.structure.evidence.folder.clone(),
        );
        let view = self
            .views
            .entry(key)
            .or_insert_with(|| Arc::new(EvidenceView::load(dir, &rules.structure.evidence)))
            .clone();
        Ok((rules, view))
    }
}

/// A resolver for `settings`, as the command line builds one.
pub fn resolver(settings: &Settings) -> Result<Resolver, String> {
    let sources = crate::config::packs(settings.no_default_rules, &settings.rules)?;
    Resolver::new(sources, settings.config.as_deref()).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The file path of a `file:` URI.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // file:///path, or file://host/path (the host is dropped).
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    Some(PathBuf::from(crate::source::percent_decode(path)))
}

/// The `file:` URI of a path (absolute, or made so).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut s = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s.parse().ok()
}

/// The folder whose config and evidence govern a document.
pub fn dir_of(uri: &Uri, roots: &[PathBuf]) -> PathBuf {
    path_of(uri)
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .or_else(|| roots.first().cloned())
        .unwrap_or_else(|| PathBuf::from("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths_round_trip() {
        let p = PathBuf::from("/tmp/巡察 报告/a.md");
        let uri = uri_of(&p).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/%E5%B7%A1%E5%AF%9F%20%E6%8A%A5%E5%91%8A/a.md"
        );
        assert_eq!(path_of(&uri), Some(p));
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&untitled), None);
    }
}
