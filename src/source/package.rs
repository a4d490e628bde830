//! Reading a Word report (.docx): the package is a zip of XML parts. This
//! module opens it and hands the parts the reader needs to the parse layer
//! ([`crate::document::word`]); it refuses what is not a .docx it can read
//! safely, saying what to do: an old binary .doc, a password-protected file
//! (both OLE containers), a damaged zip, an entry that would inflate past a
//! fixed limit or ratio (a zip bomb).

use std::io::Read;

/// The parts of a Word package the reader uses, as text.
#[derive(Debug, Clone, Default)]
pub struct Package {
    /// `word/document.xml`: the body.
    pub document: String,
    /// `word/styles.xml`: heading styles, outline levels, style numbering.
    pub styles: Option<String>,
    /// `word/numbering.xml`: automatic numbering.
    pub numbering: Option<String>,
    /// `word/footnotes.xml`.
    pub footnotes: Option<String>,
    /// `word/endnotes.xml`.
    pub endnotes: Option<String>,
    /// `word/comments.xml`: comments (批注).
    pub comments: Option<String>,
    /// `docProps/custom.xml`: the document's custom properties.
    pub custom: Option<String>,
    /// The relationships of the body, the footnotes and the endnotes
    /// (hyperlink targets).
    pub document_rels: Option<String>,
    /// `word/_rels/footnotes.xml.rels`.
    pub footnote_rels: Option<String>,
    /// `word/_rels/endnotes.xml.rels`.
    pub endnote_rels: Option<String>,
    /// `[Content_Types].xml` (for the writer, which may add a part).
    pub content_types: Option<String>,
}

/// The most bytes one part may inflate to.
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// The most a part may inflate relative to its compressed size.
pub const MAX_RATIO: u64 = 200;

/// The OLE compound-file signature: old .doc files and encrypted packages.
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a file cannot be read as a Word report, in Chinese, saying what to do.
pub fn refusal(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(OLE) {
        // An encrypted .docx is an OLE container holding "EncryptedPackage"
        // (UTF-16 in the directory).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let encrypted = bytes.windows(marker.len()).any(|w| w == marker.as_slice());
        return Some(if encrypted {
            "文件设有打开密码，无法读取：请在 Word/WPS 中取消密码后另存为 .docx".to_string()
        } else {
            "这是旧版 Word 文档（.doc 格式），无法读取：请在 Word/WPS 中另存为 .docx".to_string()
        });
    }
    if !bytes.starts_with(b"PK") {
        return Some(
            "不是 .docx 文件（不是 zip 压缩包）：请在 Word/WPS 中另存为 .docx".to_string(),
        );
    }
    None
}

/// Opens a .docx package from its bytes.
pub fn open(bytes: &[u8]) -> Result<Package, String> {
    if let Some(why) = refusal(bytes) {
        return Err(why);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("文件已损坏，无法作为 .docx 打开（{e}）：请在 Word/WPS 中打开后重新保存")
    })?;
    let mut part = |name: &str| -> Result<Option<String>, String> {
        let mut entry = match zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "无法读取 {name}（{e}）：请在 Word/WPS 中打开后重新保存"
                ));
            }
        };
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > MAX_PART_BYTES || size / packed > MAX_RATIO {
            return Err(format!(
                "{name} 解压后过大（{size} 字节，压缩比 {}）：拒绝读取（可能是恶意构造的压缩包）",
                size / packed
            ));
        }
        let mut text = String::new();
        // The declared size is checked above; the read is bounded too, as a
        // zip can lie about it.
        (&mut entry)
            .take(MAX_PART_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                format!("{name} 已损坏或不是UTF-8文本（{e}）：请在 Word/WPS 中打开后重新保存")
            })?;
        if text.len() as u64 > MAX_PART_BYTES {
            return Err(format!(
                "{name} 解压后过大：拒绝读取（可能是恶意构造的压缩包）"
            ));
        }
        Ok(Some(text))
    };
    let Some(document) = part("word/document.xml")? else {
        return Err(
            "压缩包里没有 word/document.xml，不是 Word 文档：请在 Word/WPS 中另存为 .docx"
                .to_string(),
        );
    };
    Ok(Package {
        document,
        styles: part("word/styles.xml")?,
        numbering: part("word/numbering.xml")?,
        footnotes: part("word/footnotes.xml")?,
        endnotes: part("word/endnotes.xml")?,
        comments: part("word/comments.xml")?,
        custom: part("docProps/custom.xml")?,
        document_rels: part("word/_rels/document.xml.rels")?,
        footnote_rels: part("word/_rels/footnotes.xml.rels")?,
        endnote_rels: part("word/_rels/endnotes.xml.rels")?,
        content_types: part("[Content_Types].xml")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_and_encrypted_and_other_files_are_named() {
        let mut doc = OLE.to_vec();
        doc.extend_from_slice(&[0; 64]);
        assert!(refusal(&doc).unwrap().contains(".doc 格式"));
        let mut enc = doc.clone();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(refusal(&enc).unwrap().contains("密码"));
        assert!(refusal(b"# not a zip").unwrap().contains("不是 zip"));
        assert!(
            open(b"PK\x03\x04 truncated")
                .unwrap_err()
                .contains("已损坏")
        );
    }
}
