//! Bytes to text: UTF-8 (with or without BOM) as is; UTF-16 with a BOM;
//! GB18030/GBK and other legacy encodings detected (chardetng) or named
//! (`--encoding`); anything else is not text. And back: text to bytes in the
//! file's own encoding, for `--fix`.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::line_index::{LineCol, LineIndex};

/// How a file's bytes encode its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8 {
        /// Whether the file starts with EF BB BF.
        bom: bool,
    },
    /// UTF-16 little-endian with a BOM.
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// A legacy encoding, e.g. GB18030 or GBK.
    Legacy(&'static Encoding),
}

impl TextEncoding {
    /// Whether the file is UTF-8.
    pub fn is_utf8(self) -> bool {
        matches!(self, TextEncoding::Utf8 { .. })
    }

    /// The encoding's name, e.g. `GBK`, `UTF-16LE`.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 { .. } => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Legacy(e) => e.name(),
        }
    }
}

/// Why bytes are not a text this tool can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// What is wrong, in Chinese.
    pub reason: String,
    /// Where, when known (in the text decoded so far).
    pub position: Option<LineCol>,
}

/// Decodes a file's bytes. `forced` is an encoding named by the user.
pub fn decode(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Result<(String, TextEncoding), Undecodable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|t| (t, TextEncoding::Utf8 { bom: true }));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return legacy(rest, UTF_16LE).map(|t| (t, TextEncoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return legacy(rest, UTF_16BE).map(|t| (t, TextEncoding::Utf16Be));
    }
    if let Some(enc) = forced {
        if enc == UTF_8 {
            return utf8(bytes).map(|t| (t, TextEncoding::Utf8 { bom: false }));
        }
        return legacy(bytes, enc).map(|t| (t, TextEncoding::Legacy(enc)));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(Undecodable {
            reason: "这是旧版 Word 文件（.doc）或其他 OLE 文件，不是文本：请在 Word 或 WPS 中“另存为” .docx 后再检查".into(),
            position: None,
        });
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let before = String::from_utf8_lossy(&bytes[..at]);
        let idx = LineIndex::new(&before);
        return Err(Undecodable {
            reason: "含有NUL字节，是二进制文件而不是文本".into(),
            position: Some(idx.line_col(&before, before.len())),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), TextEncoding::Utf8 { bom: false }));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    // GBK is a subset of GB18030: decode with the superset.
    let enc = if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    };
    if enc == UTF_8 {
        return utf8(bytes).map(|t| (t, TextEncoding::Utf8 { bom: false }));
    }
    legacy(bytes, enc).map(|t| (t, TextEncoding::Legacy(enc)))
}

fn utf8(bytes: &[u8]) -> Result<String, Undecodable> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let idx = LineIndex::new(&prefix);
        Undecodable {
            reason: "不是有效的UTF-8文本（此处起无法解码）".into(),
            position: Some(idx.line_col(&prefix, prefix.len())),
        }
    })
}

fn legacy(bytes: &[u8], enc: &'static Encoding) -> Result<String, Undecodable> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
        .ok_or_else(|| Undecodable {
            reason: format!("无法按{}解码，可能不是文本文件", enc.name()),
            position: None,
        })
}

/// Encodes text back into the file's own encoding, or says why it cannot.
pub fn encode(text: &str, encoding: TextEncoding) -> Result<Vec<u8>, String> {
    match encoding {
        TextEncoding::Utf8 { bom } => {
            let mut out = Vec::with_capacity(text.len() + 3);
            if bom {
                out.extend_from_slice(b"\xEF\xBB\xBF");
            }
            out.extend_from_slice(text.as_bytes());
            Ok(out)
        }
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            let le = encoding == TextEncoding::Utf16Le;
            let mut out = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            Ok(out)
        }
        TextEncoding::Legacy(enc) => {
            let (bytes, _, unmappable) = enc.encode(text);
            if unmappable {
                Err(format!("修复后的文字含有{}无法表示的字符", enc.name()))
            } else {
                Ok(bytes.into_owned())
            }
        }
    }
}

/// An encoding by its label (`gbk`, `gb18030`, `utf-16le`, …).
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_utf16_and_bom_round_trip() {
        let text = "推进全面以严治党力度不够，\r\n经查。";
        for enc in [
            TextEncoding::Utf8 { bom: true },
            TextEncoding::Utf8 { bom: false },
            TextEncoding::Utf16Le,
            TextEncoding::Utf16Be,
            TextEncoding::Legacy(encoding_rs::GB18030),
        ] {
            let bytes = encode(text, enc).unwrap();
            let (back, found) = decode(&bytes, None).unwrap();
            assert_eq!(back, text, "{enc:?}");
            assert_eq!(found.name(), enc.name());
        }
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let e = decode(b"# title\n\x00\x01binary", None).unwrap_err();
        assert!(e.reason.contains("NUL"));
        assert_eq!(e.position, Some(LineCol { line: 2, column: 1 }));
    }
}
