//! The read layer: finding report files, reading and decoding them, and the
//! evidence registry (manifest, 底稿 folder) that sits beside a report.
//!
//! Nothing above this layer touches the file system.

pub mod char_source;
pub mod evidence;
pub mod line_index;
pub mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use line_index::{LineCol, LineIndex};

/// A report read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path used to open the file.
    pub path: PathBuf,
    /// The path as shown to users: forward slashes, no leading `./`.
    pub display: String,
    /// The decoded text, without a byte-order mark.
    pub text: String,
    /// Whether the file began with a UTF-8 byte-order mark.
    pub bom: bool,
}

/// A file or folder that could not be read; the run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The path as shown to users.
    pub display: String,
    /// Where in the file the problem is, when it is inside the file.
    pub position: Option<LineCol>,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}",
                self.display, p.line, p.column, self.message
            ),
            None => write!(f, "{}: {}", self.display, self.message),
        }
    }
}

/// The path as users see it: forward slashes and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// Reads and decodes one report.
pub fn read_file(path: &Path) -> Result<SourceFile, ReadError> {
    let display = display_path(path);
    let bytes = std::fs::read(path).map_err(|e| ReadError {
        display: display.clone(),
        position: None,
        message: format!("无法读取文件：{}", io_reason(&e)),
    })?;
    decode(path, display, bytes)
}

/// Builds a [`SourceFile`] from bytes already in memory (e.g. standard input).
pub fn decode(path: &Path, display: String, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, bytes),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            path: path.to_path_buf(),
            display,
            text,
            bom,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Valid UTF-8 up to `valid`, so this slice decodes.
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let idx = LineIndex::new(&prefix);
            let position = idx.line_col(&prefix, prefix.len());
            Err(ReadError {
                display,
                position: Some(position),
                message: "文件不是UTF-8编码（此处起无法按UTF-8解码），请另存为UTF-8后再检查".into(),
            })
        }
    }
}

/// A short Chinese reason for an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件或文件夹不存在".into(),
        PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}
