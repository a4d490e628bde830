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
    /// Where each part is in the zip (found through the relationships).
    pub names: PartNames,
}

/// The zip entry names of a package's parts: found through its
/// relationships (`_rels/.rels` names the main part, its own relationships
/// the others), as Word and LibreOffice find them — Word Online, for one,
/// writes `word/document2.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartNames {
    /// The main part.
    pub document: String,
    /// Its relationships.
    pub document_rels: String,
    /// Styles.
    pub styles: String,
    /// Numbering.
    pub numbering: String,
    /// Footnotes.
    pub footnotes: String,
    /// Endnotes.
    pub endnotes: String,
    /// Comments (where a new one is written when there is none).
    pub comments: String,
    /// The footnotes' relationships.
    pub footnote_rels: String,
    /// The endnotes' relationships.
    pub endnote_rels: String,
}

impl Default for PartNames {
    fn default() -> PartNames {
        PartNames::beside("word/document.xml", &[])
    }
}

/// The relationships part of `part`: `word/document.xml` →
/// `word/_rels/document.xml.rels`.
pub fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship's target as a zip entry name, relative to the folder of
/// the part it belongs to (`dir`), or from the root when it starts with `/`.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.join("/")
}

/// One relationship of a package part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// Its id (`rId3`), by which the part refers to it.
    pub id: String,
    /// Its type, a URI ending in what it is (`…/styles`, `…/hyperlink`).
    pub kind: String,
    /// The part (or, when `external`, the address) it leads to.
    pub target: String,
    /// Whether it leads outside the package (a hyperlink's address).
    pub external: bool,
}

impl Relationship {
    /// Whether it leads to a part of the kind named by its type's last segment.
    fn is(&self, kind: &str) -> bool {
        !self.external && self.kind.rsplit('/').next() == Some(kind)
    }
}

/// The relationships of a relationships part named `part`.
pub fn relationships(xml: &str, part: &str) -> Result<Vec<Relationship>, String> {
    use super::xml::{attr, events};
    let mut out = Vec::new();
    events(xml, part, |e| {
        if let quick_xml::events::Event::Start(s) | quick_xml::events::Event::Empty(s) = e
            && s.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(&s, "Id"), attr(&s, "Target"))
        {
            out.push(Relationship {
                id,
                kind: attr(&s, "Type").unwrap_or_default(),
                target,
                external: attr(&s, "TargetMode").is_some_and(|m| m == "External"),
            });
        }
    })?;
    Ok(out)
}

impl PartNames {
    /// The names of the parts of a main part `document` whose relationships
    /// are `rels`; a part no relationship names is where Word puts it,
    /// beside the main part.
    fn beside(document: &str, rels: &[Relationship]) -> PartNames {
        let dir = document.rsplit_once('/').map_or("", |(d, _)| d);
        let named = |kind: &str, default: &str| {
            rels.iter()
                .find(|r| r.is(kind))
                .map(|r| resolve(dir, &r.target))
                .unwrap_or_else(|| resolve(dir, default))
        };
        let footnotes = named("footnotes", "footnotes.xml");
        let endnotes = named("endnotes", "endnotes.xml");
        PartNames {
            document: document.to_string(),
            document_rels: rels_of(document),
            styles: named("styles", "styles.xml"),
            numbering: named("numbering", "numbering.xml"),
            comments: named("comments", "comments.xml"),
            footnote_rels: rels_of(&footnotes),
            endnote_rels: rels_of(&endnotes),
            footnotes,
            endnotes,
        }
    }
}

/// The most bytes one part may inflate to.
pub const MAX_PART_BYTES: u64 = 64 << 20;

/// The most a part may inflate relative to its compressed size, past
/// [`RATIO_CHECKED_FROM`] bytes. Small parts are not held to it: what they
/// can cost is bounded by their size, and LibreOffice's blank tables
/// compress past 160 to 1.
pub const MAX_RATIO: u64 = 200;

/// The expanded size from which [`MAX_RATIO`] applies: a part of 4 MiB or
/// less is read whatever its ratio (the whole-part limit still holds).
pub const RATIO_CHECKED_FROM: u64 = 4 << 20;

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
        if size > MAX_PART_BYTES || (size > RATIO_CHECKED_FROM && size / packed > MAX_RATIO) {
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
    // The main part, as the package's relationships name it.
    // (A relationships part that cannot be read names nothing: Word's
    // usual names are tried.)
    let main = part("_rels/.rels")?
        .and_then(|rels| relationships(&rels, "_rels/.rels").ok())
        .unwrap_or_default()
        .into_iter()
        .find(|r| r.is("officeDocument"))
        .map_or_else(
            || "word/document.xml".to_string(),
            |r| resolve("", &r.target),
        );
    let Some(document) = part(&main)? else {
        return Err(format!(
            "压缩包里没有 {main}，不是 Word 文档：请在 Word/WPS 中另存为 .docx"
        ));
    };
    let document_rels = part(&rels_of(&main))?;
    let rels_name = rels_of(&main);
    let names = PartNames::beside(
        &main,
        &document_rels
            .as_deref()
            .and_then(|xml| relationships(xml, &rels_name).ok())
            .unwrap_or_default(),
    );
    Ok(Package {
        document,
        styles: part(&names.styles)?,
        numbering: part(&names.numbering)?,
        footnotes: part(&names.footnotes)?,
        endnotes: part(&names.endnotes)?,
        comments: part(&names.comments)?,
        custom: part("docProps/custom.xml")?,
        document_rels,
        footnote_rels: part(&names.footnote_rels)?,
        endnote_rels: part(&names.endnote_rels)?,
        content_types: part("[Content_Types].xml")?,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_found_through_the_relationships() {
        let rel = |kind: &str, target: &str| Relationship {
            id: String::new(),
            kind: kind.to_string(),
            target: target.to_string(),
            external: false,
        };
        let rels = vec![
            rel(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
                "styles2.xml",
            ),
            rel(
                "http://purl.oclc.org/ooxml/officeDocument/relationships/footnotes",
                "/word/notes/fn.xml",
            ),
            rel("x/numbering", "../numbering.xml"),
        ];
        let n = PartNames::beside("word/document2.xml", &rels);
        assert_eq!(n.document_rels, "word/_rels/document2.xml.rels");
        assert_eq!(n.styles, "word/styles2.xml");
        assert_eq!(n.footnotes, "word/notes/fn.xml");
        assert_eq!(n.footnote_rels, "word/notes/_rels/fn.xml.rels");
        assert_eq!(n.numbering, "numbering.xml");
        assert_eq!(n.comments, "word/comments.xml");
        assert_eq!(
            PartNames::default().footnote_rels,
            "word/_rels/footnotes.xml.rels"
        );
        let xml = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="t/officeDocument" Target="/word/document2.xml"/><Relationship Id="rId2" Type="t/hyperlink" Target="http://x" TargetMode="External"/></Relationships>"#;
        let got = relationships(xml, "_rels/.rels").expect("reads");
        assert_eq!(got.len(), 2);
        assert!(got[0].is("officeDocument") && got[0].target == "/word/document2.xml");
        assert!(got[1].external && !got[1].is("hyperlink"));
    }

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
