//! Reading rule packs: the YAML files a `--rules` path or a
//! `reportlint.yaml` names ([`read_packs`]), as texts for the loader.

use std::sync::Arc;

/// A pack's text and the name it is shown under.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// The file name (or `<default>/name.yaml` for the embedded pack).
    pub origin: String,
    /// The YAML text.
    pub text: Arc<str>,
    /// Whether loading runs the rules' self-tests (`specs`, and the check
    /// that every fix settles). Off only for the embedded default pack, whose
    /// self-tests `cargo test` runs (`tests/packs.rs`); every pack a user
    /// writes is tested each time it loads.
    pub self_test: bool,
}

impl PackSource {
    /// A pack whose self-tests run when it loads.
    pub fn new(origin: impl Into<String>, text: impl Into<Arc<str>>) -> PackSource {
        PackSource {
            origin: origin.into(),
            text: text.into(),
            self_test: true,
        }
    }
}

/// The pack files a `--rules` path (or a config's `rules:` entry) names:
/// the file itself, or the YAML files of a folder (not its subfolders), in
/// name order.
pub fn pack_paths(path: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads the pack files one `--rules` path names (see [`pack_paths`]).
/// The error says which file or folder could not be read, in Chinese.
pub fn read_packs(path: &std::path::Path) -> Result<Vec<PackSource>, String> {
    use super::{display_path, io_reason};
    let paths = pack_paths(path).map_err(|e| {
        format!(
            "无法读取规则文件夹 {}：{}",
            display_path(path),
            io_reason(&e)
        )
    })?;
    paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|text| PackSource::new(display_path(p), text))
                .map_err(|e| format!("无法读取规则包 {}：{}", display_path(p), io_reason(&e)))
        })
        .collect()
}
