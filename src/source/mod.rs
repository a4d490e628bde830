//! The read layer: finding report files, reading and decoding them, and the
//! evidence registry (manifest, 底稿 folder) that sits beside a report.
//!
//! Nothing above this layer touches the file system.

pub mod char_source;
pub mod decode;
pub mod evidence;
pub mod line_index;
pub mod package;
pub mod packs;
#[cfg(feature = "native")]
pub mod walk;
pub mod xml;
pub mod yaml_error;

use std::fmt;
use std::path::{Path, PathBuf};

pub use decode::TextEncoding;
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
    /// How the file's bytes encode the text (for writing fixes back).
    pub encoding: TextEncoding,
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
    /// The file was read but is not text (binary, undecodable): reported as
    /// an `unreadable-file` finding rather than a failure of the run.
    pub not_text: bool,
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

impl ReadError {
    /// A failure to read `display`, with a Chinese message.
    pub fn new(display: impl Into<String>, message: impl Into<String>) -> ReadError {
        ReadError {
            display: display.into(),
            position: None,
            message: message.into(),
            not_text: false,
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

/// Reads and decodes one report. Only regular files are read: a FIFO or a
/// device would block or never end.
pub fn read_file(
    path: &Path,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<SourceFile, ReadError> {
    let display = display_path(path);
    let meta = std::fs::metadata(path)
        .map_err(|e| ReadError::new(&display, format!("无法读取文件：{}", io_reason(&e))))?;
    if !meta.is_file() {
        return Err(ReadError::new(
            &display,
            "不是普通文件（如命名管道、设备），已跳过",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ReadError::new(&display, format!("无法读取文件：{}", io_reason(&e))))?;
    // The common case, plain UTF-8 text. encoding_rs validates UTF-8 several
    // times faster than the standard library on Chinese text (4% of a whole
    // run went to it); copying the validated text costs less than validating
    // again, and its brief double size stays below the later peak of parsing.
    let plain = (forced.is_none() && !bytes.starts_with(b"\xEF\xBB\xBF") && !bytes.contains(&0))
        .then(|| encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(&bytes))
        .flatten();
    if let Some(text) = plain {
        let text = text.into_owned();
        return Ok(SourceFile {
            path: path.to_path_buf(),
            display,
            text,
            encoding: TextEncoding::Utf8 { bom: false },
        });
    }
    decode_file(path, display, &bytes, forced)
}

/// Builds a [`SourceFile`] from bytes already in memory (e.g. standard input).
pub fn decode_file(
    path: &Path,
    display: String,
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<SourceFile, ReadError> {
    match decode::decode(bytes, forced) {
        Ok((text, encoding)) => Ok(SourceFile {
            path: path.to_path_buf(),
            display,
            text,
            encoding,
        }),
        Err(e) => Err(ReadError {
            display,
            position: e.position,
            // A reason that says what to do already (a .doc) stands alone.
            message: if e.reason.contains("另存为") {
                e.reason
            } else {
                format!("{}；请另存为UTF-8文本，或用 --encoding 指明编码", e.reason)
            },
            not_text: true,
        }),
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

/// `%20` and friends decoded; invalid sequences kept as written.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
