//! The evidence registry beside a report: an optional manifest (`evidence.yaml`)
//! mapping 底稿 IDs to files, and an optional 底稿 folder whose file names are IDs.
//!
//! Rules never read these from disk themselves; they receive an [`EvidenceView`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::LineCol;
#[cfg(feature = "native")]
use super::{display_path, io_reason};

/// Where the read layer looks for evidence beside a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceSettings {
    /// File name of the manifest, e.g. `evidence.yaml`.
    pub manifest: String,
    /// Name of the folder that holds 底稿 files, e.g. `底稿`.
    pub folder: String,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            manifest: "evidence.yaml".into(),
            folder: "底稿".into(),
        }
    }
}

/// One manifest entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestEntry {
    /// The 底稿 file, relative to the report's folder.
    pub file: Option<String>,
    /// A human title.
    pub title: Option<String>,
}

/// A manifest that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The manifest path as shown to users.
    pub display: String,
    /// Where the problem is, when known.
    pub position: Option<LineCol>,
    /// What is wrong.
    pub message: String,
}

/// Where a path named in a report leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStatus {
    /// A file or folder that exists inside the root.
    Exists,
    /// Inside the root, but nothing is there.
    Missing,
    /// An absolute path.
    Absolute,
    /// Climbs (..) out of the root.
    Outside,
}

/// The status of each path a report names (see [`EvidenceView::statuses`]).
pub type PathStatuses = std::collections::BTreeMap<String, PathStatus>;

/// What a report's folder holds as evidence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceView {
    /// The report's folder.
    pub dir: std::path::PathBuf,
    /// How many folders the report's folder lies below the report
    /// repository's root (see [`depth_below_root`]).
    pub root_depth: usize,
    /// The manifest's entries by ID, when a manifest exists and parsed.
    pub manifest: Option<BTreeMap<String, ManifestEntry>>,
    /// A manifest that exists but could not be used.
    pub manifest_error: Option<ManifestError>,
    /// The file stems in the 底稿 folder, when that folder exists.
    pub folder_stems: Option<BTreeSet<String>>,
    /// Every file under the root, when a host without a file system listed
    /// them ([`EvidenceView::from_listing`]): paths relative to the root,
    /// joined with `/`; `dir` is then relative to the root too.
    pub listing: Option<BTreeSet<String>>,
}

impl EvidenceView {
    /// Whether any registry (manifest or folder) is present; without one,
    /// inline IDs are accepted as written.
    pub fn has_registry(&self) -> bool {
        self.manifest.is_some() || self.manifest_error.is_some() || self.folder_stems.is_some()
    }

    /// Whether a present registry holds `id`.
    pub fn holds(&self, id: &str) -> bool {
        if self.manifest.as_ref().is_some_and(|m| m.contains_key(id)) {
            return true;
        }
        self.folder_stems
            .as_ref()
            .is_some_and(|stems| stems.iter().any(|s| stem_names_id(s, id)))
    }

    /// Where a path written in the report (relative to its folder) leads.
    pub fn path_status(&self, written: &str) -> PathStatus {
        let p = Path::new(written);
        if p.is_absolute()
            || written.starts_with('/')
            || written.starts_with('\\')
            || written.get(1..3) == Some(":\\")
            || written.get(1..3) == Some(":/")
        {
            return PathStatus::Absolute;
        }
        // Resolve lexically: `..` must not climb above the root.
        let mut depth = self.root_depth as isize;
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => depth -= 1,
                std::path::Component::Normal(_) => depth += 1,
                _ => {}
            }
            if depth < 0 {
                return PathStatus::Outside;
            }
        }
        if let Some(listing) = &self.listing {
            return if listed(listing, &lexical(&self.dir.join(p))) {
                PathStatus::Exists
            } else {
                PathStatus::Missing
            };
        }
        // Without the file system (the core alone, as in a browser) and no
        // listing, a file cannot be looked for: it is taken as there.
        if !cfg!(feature = "native") || self.dir.join(p).exists() {
            PathStatus::Exists
        } else {
            PathStatus::Missing
        }
    }

    /// The status of each of `paths`, looked up once each.
    pub fn statuses(&self, paths: impl IntoIterator<Item = String>) -> PathStatuses {
        let mut out = PathStatuses::new();
        for p in paths {
            if let std::collections::btree_map::Entry::Vacant(e) = out.entry(p) {
                let status = self.path_status(e.key());
                e.insert(status);
            }
        }
        out
    }

    /// What a report's folder holds, from a listing of every file under a
    /// root a host chose (a folder picked in the browser page) instead of
    /// the file system: `report` and each of `files` are paths relative to
    /// that root joined with `/`; `read` gives a listed file's bytes (only
    /// the manifest is read). The same as [`EvidenceView::load`] gives for
    /// that folder on disk, with the chosen folder as the root.
    pub fn from_listing(
        report: &str,
        files: &BTreeSet<String>,
        read: &dyn Fn(&str) -> Option<Vec<u8>>,
        settings: &EvidenceSettings,
    ) -> EvidenceView {
        let dir = report.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut view = EvidenceView {
            dir: Path::new(dir).to_path_buf(),
            root_depth: dir.split('/').filter(|c| !c.is_empty()).count(),
            listing: Some(files.clone()),
            ..EvidenceView::default()
        };
        let manifest = lexical(&view.dir.join(&settings.manifest));
        if files.contains(&manifest) {
            let text = read(&manifest).map(|b| String::from_utf8_lossy(&b).into_owned());
            match text.as_deref().map(parse_manifest) {
                Some(Ok(m)) => view.manifest = Some(m),
                Some(Err((position, message))) => {
                    view.manifest_error = Some(ManifestError {
                        display: manifest,
                        position,
                        message,
                    })
                }
                None => {
                    view.manifest_error = Some(ManifestError {
                        display: manifest,
                        position: None,
                        message: "无法读取：未提供文件内容".into(),
                    })
                }
            }
        }
        let folder = lexical(&view.dir.join(&settings.folder));
        let inside = format!("{folder}/");
        let stems: BTreeSet<String> = files
            .range(inside.clone()..)
            .take_while(|f| f.starts_with(&inside))
            // As deep as `load` walks: three levels below the folder.
            .filter(|f| f[inside.len()..].split('/').count() <= 3)
            .filter_map(|f| Path::new(f).file_stem())
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if !stems.is_empty() || files.contains(&folder) {
            view.folder_stems = Some(stems);
        }
        view
    }

    /// Reads the registry beside a report in `dir`.
    #[cfg(feature = "native")]
    pub fn load(dir: &Path, settings: &EvidenceSettings) -> EvidenceView {
        let mut view = EvidenceView {
            dir: dir.to_path_buf(),
            root_depth: depth_below_root(dir),
            ..EvidenceView::default()
        };
        let manifest_path = dir.join(&settings.manifest);
        if manifest_path.is_file() {
            match std::fs::read_to_string(&manifest_path) {
                Ok(text) => match parse_manifest(&text) {
                    Ok(m) => view.manifest = Some(m),
                    Err((position, message)) => {
                        view.manifest_error = Some(ManifestError {
                            display: display_path(&manifest_path),
                            position,
                            message,
                        })
                    }
                },
                Err(e) => {
                    view.manifest_error = Some(ManifestError {
                        display: display_path(&manifest_path),
                        position: None,
                        message: format!("无法读取：{}", io_reason(&e)),
                    })
                }
            }
        }
        let folder = dir.join(&settings.folder);
        if folder.is_dir() {
            let stems = walkdir::WalkDir::new(&folder)
                .max_depth(3)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter_map(|e| {
                    e.path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .collect();
            view.folder_stems = Some(stems);
        }
        view
    }
}

/// How many folders `dir` lies below the report repository's root: the
/// nearest folder at or above it holding `.git` or `reportlint.yaml` (0 when
/// there is none: the report's folder is then the root).
#[cfg(feature = "native")]
pub fn depth_below_root(dir: &Path) -> usize {
    let Ok(abs) = std::fs::canonicalize(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return 0;
    };
    abs.ancestors()
        .position(|a| a.join(".git").exists() || a.join("reportlint.yaml").exists())
        .unwrap_or(0)
}

/// A relative path resolved without the file system, joined with `/`
/// (`a/./b/../c` → `a/c`).
fn lexical(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop();
            }
            _ => {}
        }
    }
    parts.join("/")
}

/// Whether a listing holds `path` as a file or as a folder of files.
fn listed(listing: &BTreeSet<String>, path: &str) -> bool {
    if path.is_empty() || listing.contains(path) {
        return true;
    }
    let inside = format!("{path}/");
    listing
        .range(inside.clone()..)
        .next()
        .is_some_and(|f| f.starts_with(&inside))
}

/// A file stem names an ID when it is the ID, or the ID followed by a space,
/// an underscore or an opening bracket (`D-001 财务凭证.pdf`).
fn stem_names_id(stem: &str, id: &str) -> bool {
    match stem.strip_prefix(id) {
        Some("") => true,
        Some(rest) => rest.starts_with([' ', '_', '（', '(', '　']),
        None => false,
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEntry {
    File(String),
    Full {
        file: Option<String>,
        title: Option<String>,
    },
}

/// Parses a manifest: a mapping from ID to `{file, title}` or to a file path.
pub fn parse_manifest(
    text: &str,
) -> Result<BTreeMap<String, ManifestEntry>, (Option<LineCol>, String)> {
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let raw: BTreeMap<String, RawEntry> = serde_yaml::from_str(text).map_err(|e| {
        let pos = e.location().map(|l| LineCol {
            line: l.line(),
            column: l.column(),
        });
        (
            pos,
            format!(
                "底稿清单有误（应为“编号: {{file: 路径, title: 标题}}”的映射）：{}",
                super::yaml_error::chinese(&e.to_string(), &["file", "title"])
            ),
        )
    })?;
    Ok(raw
        .into_iter()
        .map(|(id, e)| {
            let entry = match e {
                RawEntry::File(file) => ManifestEntry {
                    file: Some(file),
                    title: None,
                },
                RawEntry::Full { file, title } => ManifestEntry { file, title },
            };
            (id, entry)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_accepts_both_entry_forms() {
        let m =
            parse_manifest("D-001: {file: 底稿/D-001.pdf, title: 凭证}\nD-002: 底稿/D-002.pdf\n")
                .unwrap();
        assert_eq!(m["D-001"].title.as_deref(), Some("凭证"));
        assert_eq!(m["D-002"].file.as_deref(), Some("底稿/D-002.pdf"));
    }

    #[test]
    fn manifest_error_has_a_position() {
        let (pos, _) = parse_manifest("D-001: [a\n").unwrap_err();
        assert!(pos.is_some());
    }

    #[test]
    fn stems_name_ids_exactly_or_before_a_separator() {
        assert!(stem_names_id("D-001", "D-001"));
        assert!(stem_names_id("D-001 财务凭证", "D-001"));
        assert!(!stem_names_id("D-0012", "D-001"));
    }
}
