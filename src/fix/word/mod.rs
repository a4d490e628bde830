//! Writing back into a Word report: fixes as tracked changes (修订: the
//! wrong text in `w:del`, the right text in `w:ins`, author "reportlint")
//! and findings as comments (批注) anchored on their exact characters.
//!
//! Edits are made on the XML text of the parts, at the places the reader
//! recorded in its [`WordMap`]: a run is cut where an edit starts or ends
//! (the new run copies the old one's `w:rPr`, so formatting is kept), and
//! nothing else of the part changes. The package is rewritten with every
//! part that was not edited copied byte for byte (its compressed bytes
//! too).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::ops::Range;

use crate::document::word::{Part, Piece, WordMap};
use crate::source::package::Package;

mod place;
mod render;

use place::{anchor, insertion_point};
pub use render::AUTHOR;
#[cfg(feature = "native")]
pub use render::now;
use render::{
    Mark, Names, PieceEdits, escape, main_namespace, max_id, part_name, prefix_of, qualified_name,
    render_element, render_text, root_prefix, stamp,
};

/// A comment to write: where (a range of the text the rules read) and its
/// paragraphs.
#[derive(Debug, Clone)]
pub struct Note {
    /// The characters it is anchored on.
    pub span: Range<usize>,
    /// Its paragraphs.
    pub paragraphs: Vec<String>,
}

/// A fix that could not be written as a tracked change, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The fix's range in the text.
    pub span: Range<usize>,
    /// Why, in Chinese.
    pub reason: &'static str,
}

/// A Word package being edited: the original bytes and its parts as read,
/// the parts edited so far, and the next free annotation id.
#[derive(Debug)]
pub struct Word {
    bytes: Vec<u8>,
    /// The parts as they are now (edits included).
    pub package: Package,
    edited: BTreeSet<String>,
    next_id: u64,
    date: String,
}

impl Word {
    /// Opens a package from its bytes; the changes and comments written
    /// into it are dated `date` (seconds since 1970, UTC).
    pub fn open(bytes: Vec<u8>, date: u64) -> Result<Word, String> {
        let package = crate::source::package::open(&bytes)?;
        let next_id = [
            Some(&package.document),
            package.footnotes.as_ref(),
            package.endnotes.as_ref(),
            package.comments.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|xml| max_id(xml) + 1)
        .max()
        .unwrap_or(1);
        Ok(Word {
            bytes,
            package,
            edited: BTreeSet::new(),
            next_id,
            date: stamp(date),
        })
    }

    /// A package already open, as parts only (for tests and fuzzing):
    /// its edits can be read back from [`Word::package`], but it cannot be
    /// written as a file.
    pub fn from_package(package: Package) -> Word {
        let next_id = max_id(&package.document) + 1;
        Word {
            bytes: Vec::new(),
            package,
            edited: BTreeSet::new(),
            next_id,
            date: stamp(0),
        }
    }

    /// Whether any part was edited.
    pub fn is_edited(&self) -> bool {
        !self.edited.is_empty()
    }

    fn id(&mut self) -> u64 {
        self.next_id = self.next_id.saturating_add(1);
        self.next_id - 1
    }

    fn part_mut(&mut self, part: Part) -> Option<&mut String> {
        match part {
            Part::Document => Some(&mut self.package.document),
            Part::Footnotes => self.package.footnotes.as_mut(),
            Part::Endnotes => self.package.endnotes.as_mut(),
        }
    }

    fn part(&self, part: Part) -> Option<&str> {
        match part {
            Part::Document => Some(&self.package.document),
            Part::Footnotes => self.package.footnotes.as_deref(),
            Part::Endnotes => self.package.endnotes.as_deref(),
        }
    }

    /// Writes `fixes` (ranges of `text` and their replacements, not
    /// overlapping) as tracked changes. `text` and `map` are what the
    /// reader gave for the package as it is now. Returns how many were
    /// written and the ones that could not be.
    pub fn revise(
        &mut self,
        text: &str,
        map: &WordMap,
        fixes: &[(Range<usize>, String)],
    ) -> (usize, Vec<Skipped>) {
        let mut edits: BTreeMap<usize, PieceEdits> = BTreeMap::new();
        let mut skipped = Vec::new();
        let mut written = 0;
        for (span, replacement) in fixes {
            // Only what changes is revised: 全面以严治党 → 全面从严治党 deletes
            // 以 and inserts 从.
            let old = text.get(span.clone()).unwrap_or_default();
            let (head, tail) = super::common_ends(old, replacement);
            let narrow = span.start + head..span.end - tail;
            let new = &replacement[head..replacement.len() - tail];
            match self.plan_fix(text, map, &narrow, new, &mut edits) {
                Ok(()) => written += 1,
                Err(reason) => skipped.push(Skipped {
                    span: span.clone(),
                    reason,
                }),
            }
        }
        self.apply(text, map, edits);
        (written, skipped)
    }

    /// Plans one fix into `edits`, or says why it cannot be a tracked change.
    fn plan_fix(
        &mut self,
        text: &str,
        map: &WordMap,
        span: &Range<usize>,
        replacement: &str,
        edits: &mut BTreeMap<usize, PieceEdits>,
    ) -> Result<(), &'static str> {
        let pieces = &map.pieces;
        if span.is_empty() {
            // An insertion: beside a character of a run.
            let (i, at) = insertion_point(map, span.start)
                .ok_or("修复位置不在正文文字中，请在 Word 中手动修改")?;
            let piece = &pieces[i];
            let run = &map.runs[piece.run];
            if run.revised {
                return Err("修复处有尚未接受的修订，请先在 Word 中接受或拒绝该修订");
            }
            let xml = self.insertion(map, piece, replacement);
            edits
                .entry(i)
                .or_default()
                .marks
                .push(Mark { at, order: 1, xml });
            return Ok(());
        }
        let first = pieces.partition_point(|p| p.src.end <= span.start);
        let mut covered = span.start;
        let mut chosen = Vec::new();
        for (i, p) in pieces.iter().enumerate().skip(first) {
            if p.src.start >= span.end {
                break;
            }
            if p.src.start > covered {
                return Err("修复范围跨越了自动编号、段落或表格单元格，请在 Word 中手动修改");
            }
            if p.text_tag.is_none() {
                return Err("修复范围含有制表符或换行符，请在 Word 中手动修改");
            }
            let run = &map.runs[p.run];
            if run.revised {
                return Err("修复处有尚未接受的修订，请先在 Word 中接受或拒绝该修订");
            }
            if let Some((j, _)) = chosen.first() {
                let j: usize = *j;
                if map.runs[pieces[j].run].part != run.part {
                    return Err("修复范围跨越了正文和脚注，请在 Word 中手动修改");
                }
            }
            let from = covered.max(p.src.start) - p.src.start;
            let to = span.end.min(p.src.end) - p.src.start;
            chosen.push((i, from..to));
            covered = p.src.start + to;
        }
        if covered < span.end || chosen.is_empty() {
            return Err(
                "修复范围落在 Word 自动编号等非正文文字里，请在 Word 的编号格式中修改，或手动修改",
            );
        }
        if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
            return Err("修复范围不在字符边界上，请在 Word 中手动修改");
        }
        let Some(&(last, ref last_range)) = chosen.last() else {
            return Err("修复范围为空，请在 Word 中手动修改");
        };
        let insertion = (!replacement.is_empty())
            .then(|| self.insertion(map, &pieces[chosen[0].0], replacement));
        let last_end = last_range.end;
        for (i, range) in chosen {
            edits.entry(i).or_default().deleted.push(range);
        }
        if let Some(xml) = insertion {
            edits.entry(last).or_default().marks.push(Mark {
                at: last_end,
                order: 1,
                xml,
            });
        }
        Ok(())
    }

    /// The XML of a tracked insertion of `text`, formatted as `piece`'s run.
    fn insertion(&mut self, map: &WordMap, piece: &Piece, text: &str) -> String {
        let Names { p, r, t, rpr } = self.names(map, piece);
        let id = self.id();
        format!(
            r#"<{p}ins {p}id="{id}" {p}author="{AUTHOR}" {p}date="{date}"><{r}>{rpr}<{t} xml:space="preserve">{text}</{t}></{r}></{p}ins>"#,
            date = self.date,
            text = escape(text),
        )
    }

    /// The names a piece's run is written with, and its formatting.
    fn names(&self, map: &WordMap, piece: &Piece) -> Names {
        let run = &map.runs[piece.run];
        let xml = self.part(run.part).unwrap_or_default();
        let p = prefix_of(&run.tag);
        let t = piece
            .text_tag
            .as_ref()
            .and_then(|tag| xml.get(tag.clone()))
            .map(qualified_name)
            .unwrap_or_else(|| format!("{p}t"));
        let rpr = run
            .rpr
            .as_ref()
            .and_then(|r| xml.get(r.clone()))
            .unwrap_or_default()
            .to_string();
        Names {
            p,
            r: run.tag.clone(),
            t,
            rpr,
        }
    }

    /// Writes `notes` as comments. `text` and `map` are what the reader gave
    /// for the package as it is now. Returns how many were written.
    pub fn annotate(&mut self, text: &str, map: &WordMap, notes: &[Note]) -> Result<usize, String> {
        let mut edits: BTreeMap<usize, PieceEdits> = BTreeMap::new();
        let mut comments = Vec::new();
        for note in notes {
            let Some((first, from, last, to)) = anchor(text, map, &note.span) else {
                continue;
            };
            let id = self.id();
            let p = self.names(map, &map.pieces[first]).p;
            edits.entry(first).or_default().marks.push(Mark {
                at: from,
                order: 2,
                xml: format!(r#"<{p}commentRangeStart {p}id="{id}"/>"#),
            });
            edits.entry(last).or_default().marks.push(Mark {
                at: to,
                order: 0,
                xml: format!(
                    r#"<{p}commentRangeEnd {p}id="{id}"/><{p}r><{p}commentReference {p}id="{id}"/></{p}r>"#
                ),
            });
            comments.push((id, note));
        }
        if comments.is_empty() {
            return Ok(0);
        }
        self.apply(text, map, edits);
        self.add_comments(&comments)?;
        Ok(comments.len())
    }

    /// Applies planned edits to their parts.
    fn apply(&mut self, text: &str, map: &WordMap, edits: BTreeMap<usize, PieceEdits>) {
        if edits.is_empty() {
            return;
        }
        // Replacements by part: (range in the part, new XML).
        let mut by_part: BTreeMap<Part, Vec<(Range<usize>, String)>> = BTreeMap::new();
        let mut tags: BTreeSet<(Part, usize, usize)> = BTreeSet::new();
        for (i, e) in edits {
            let piece = &map.pieces[i];
            let run = &map.runs[piece.run];
            let key = run.part;
            let names = self.names(map, piece);
            let Some(xml) = self.part(run.part) else {
                continue;
            };
            let original = xml.get(piece.xml.clone()).unwrap_or_default();
            let new = match &piece.text_tag {
                Some(tag) => {
                    tags.insert((key, tag.start, tag.end));
                    let t = text.get(piece.src.clone()).unwrap_or_default();
                    render_text(t, &e, &names, &self.date, &mut self.next_id)
                }
                None => render_element(original, piece.src.len(), &e, &names),
            };
            by_part
                .entry(key)
                .or_default()
                .push((piece.xml.clone(), new));
        }
        // Each cut `<w:t>` keeps its spaces.
        for (key, start, end) in tags {
            let Some(xml) = self.part(key) else {
                continue;
            };
            let t = qualified_name(xml.get(start..end).unwrap_or_default());
            by_part
                .entry(key)
                .or_default()
                .push((start..end, format!(r#"<{t} xml:space="preserve">"#)));
        }
        for (key, mut reps) in by_part {
            let part = key;
            reps.sort_by_key(|(r, _)| (r.start, r.end));
            let Some(xml) = self.part_mut(part) else {
                continue;
            };
            let mut out = String::with_capacity(xml.len() + reps.len() * 160);
            let mut last = 0;
            for (r, new) in reps {
                if r.start < last {
                    continue; // cannot happen: pieces do not overlap
                }
                out.push_str(&xml[last..r.start]);
                out.push_str(&new);
                last = r.end;
            }
            out.push_str(&xml[last..]);
            *xml = out;
            let name = part_name(&self.package.names, part).to_string();
            self.edited.insert(name);
        }
    }

    /// Adds comments to comments.xml, creating it (with its relationship
    /// and content type) when the document has none.
    fn add_comments(&mut self, comments: &[(u64, &Note)]) -> Result<(), String> {
        let (prefix, uri) = main_namespace(&self.package.document)
            .ok_or("word/document.xml 的根元素没有声明命名空间，无法写入批注")?;
        let p = format!("{prefix}:");
        let existing = self.package.comments.take();
        let p_existing = existing
            .as_deref()
            .and_then(|x| root_prefix(x, "comments"))
            .unwrap_or_else(|| p.clone());
        let mut body = String::new();
        for (id, note) in comments {
            let q = &p_existing;
            body.push_str(&format!(
                r#"<{q}comment {q}id="{id}" {q}author="{AUTHOR}" {q}date="{date}" {q}initials="RL">"#,
                date = self.date
            ));
            for (k, para) in note.paragraphs.iter().enumerate() {
                body.push_str(&format!("<{q}p>"));
                if k == 0 {
                    body.push_str(&format!("<{q}r><{q}annotationRef/></{q}r>"));
                }
                body.push_str(&format!(
                    r#"<{q}r><{q}t xml:space="preserve">{}</{q}t></{q}r></{q}p>"#,
                    escape(para)
                ));
            }
            body.push_str(&format!("</{q}comment>"));
        }
        let comments_xml = match existing {
            Some(xml) => {
                let close = format!("</{p_existing}comments>");
                match xml.rfind(&close) {
                    Some(at) => format!("{}{body}{}", &xml[..at], &xml[at..]),
                    None => {
                        // An empty `<w:comments/>`.
                        let empty = format!("<{p_existing}comments");
                        let at = xml.rfind(&empty).ok_or("word/comments.xml 无法识别")?;
                        let end = xml[at..].find("/>").ok_or("word/comments.xml 无法识别")? + at;
                        format!("{}>{body}{close}{}", &xml[..end], &xml[end + 2..])
                    }
                }
            }
            None => {
                self.link_comments(&uri)?;
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<{prefix}:comments xmlns:{prefix}="{uri}">{body}</{prefix}:comments>"#,
                    "\r\n"
                )
            }
        };
        self.package.comments = Some(comments_xml);
        self.edited.insert(self.package.names.comments.clone());
        Ok(())
    }

    /// Adds the relationship and the content type of a new comments.xml.
    fn link_comments(&mut self, uri: &str) -> Result<(), String> {
        let strict = uri.starts_with("http://purl.oclc.org/");
        let rel_type = if strict {
            "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
        } else {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
        };
        let names = &self.package.names;
        // The comments part relative to the main part's folder.
        let dir = names.document.rsplit_once('/').map_or("", |(d, _)| d);
        let target = match names.comments.strip_prefix(&format!("{dir}/")) {
            Some(rel) if !dir.is_empty() => rel.to_string(),
            _ => format!("/{}", names.comments),
        };
        let part_name = format!("/{}", names.comments);
        let rels_name = names.document_rels.clone();
        let rel = format!(
            r#"<Relationship Id="rIdReportlint{}" Type="{rel_type}" Target="{target}"/>"#,
            self.next_id
        );
        let rels = match self.package.document_rels.take() {
            Some(xml) if xml.contains(&format!(r#"Target="{target}""#)) => xml,
            Some(xml) => {
                let at = xml
                    .rfind("</Relationships>")
                    .ok_or("word/_rels/document.xml.rels 无法识别，无法写入批注")?;
                format!("{}{rel}{}", &xml[..at], &xml[at..])
            }
            None => format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>"#,
                "\r\n"
            ),
        };
        self.package.document_rels = Some(rels);
        self.edited.insert(rels_name);
        let types = self
            .package
            .content_types
            .take()
            .ok_or("压缩包里没有 [Content_Types].xml，无法写入批注")?;
        let types = if types.contains(&format!(r#"PartName="{part_name}""#)) {
            types
        } else {
            let at = types
                .rfind("</Types>")
                .ok_or("[Content_Types].xml 无法识别，无法写入批注")?;
            format!(
                r#"{}<Override PartName="{part_name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>{}"#,
                &types[..at],
                &types[at..]
            )
        };
        self.package.content_types = Some(types);
        self.edited.insert("[Content_Types].xml".to_string());
        Ok(())
    }

    /// The package as bytes: edited parts written anew, every other entry
    /// copied as it was (compressed bytes and all), new parts at the end.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let damaged = |e: zip::result::ZipError| format!("无法写出 .docx（{e}）");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&self.bytes)).map_err(damaged)?;
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut written: BTreeSet<&str> = BTreeSet::new();
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(damaged)?;
            let name = entry.name().map_err(damaged)?.to_string();
            match self.edited.iter().find(|e| **e == name) {
                Some(part) => {
                    drop(entry);
                    out.start_file(part.as_str(), options).map_err(damaged)?;
                    out.write_all(self.text_of(part).as_bytes())
                        .map_err(|e| format!("无法写出 .docx（{e}）"))?;
                    written.insert(part.as_str());
                }
                None => out.raw_copy_file(entry).map_err(damaged)?,
            }
        }
        for part in &self.edited {
            if !written.contains(part.as_str()) {
                out.start_file(part.as_str(), options).map_err(damaged)?;
                out.write_all(self.text_of(part).as_bytes())
                    .map_err(|e| format!("无法写出 .docx（{e}）"))?;
            }
        }
        Ok(out.finish().map_err(damaged)?.into_inner())
    }

    fn text_of(&self, part: &str) -> &str {
        let p = &self.package;
        let n = &p.names;
        let text = if part == n.document {
            Some(p.document.as_str())
        } else if part == n.footnotes {
            p.footnotes.as_deref()
        } else if part == n.endnotes {
            p.endnotes.as_deref()
        } else if part == n.comments {
            p.comments.as_deref()
        } else if part == n.document_rels {
            p.document_rels.as_deref()
        } else if part == "[Content_Types].xml" {
            p.content_types.as_deref()
        } else {
            None
        };
        text.unwrap_or_default()
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// A package in memory with `body` and a numbering definition whose
    /// first level draws 一. in front of its paragraphs.
    fn numbered(body: &str) -> Word {
        let package = Package {
            document: format!(
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
            numbering: Some(
                r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
                    .into(),
            ),
            ..Package::default()
        };
        Word::from_package(package)
    }

    #[test]
    fn a_fix_in_automatic_numbering_or_across_paragraphs_is_left_with_its_reason() {
        let mut word = numbered(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p><w:p><w:r><w:t>甲乙</w:t></w:r></w:p>"#,
        );
        let (text, _, map) = crate::document::word::read_mapped(&word.package).unwrap();
        // Word's label, then its tab.
        assert_eq!(text, "一.\t基本情况\n甲乙\n");
        let number = 0.."一.".len();
        let across = "一.\t基本".len().."一.\t基本情况\n甲".len();
        let fine = "一.\t基本情况\n".len().."一.\t基本情况\n甲".len();
        let (n, skipped) = word.revise(
            &text,
            &map,
            &[
                (number.clone(), "一、".into()),
                (across.clone(), "x".into()),
                (fine, "丙".into()),
            ],
        );
        assert_eq!(n, 1);
        assert_eq!(skipped.len(), 2);
        // The number and its text differ only in the mark: the mark alone is
        // in the automatic number.
        assert_eq!(skipped[0].span, number);
        assert!(skipped[0].reason.contains("自动编号"), "{skipped:?}");
        assert_eq!(skipped[1].span, across);
        let (after, _, _) = crate::document::word::read_mapped(&word.package).unwrap();
        assert_eq!(after, "一.\t基本情况\n丙乙\n");
    }

    #[test]
    fn times_and_helpers() {
        assert_eq!(stamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(stamp(1_000_000_000), "2001-09-09T01:46:40Z");
        assert_eq!(stamp(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(max_id(r#"<w:del w:id="7"/><w:ins w:id="12"/>"#), 12);
        assert_eq!(prefix_of("<w:t xml:space=\"preserve\">"), "w:");
        assert_eq!(prefix_of("<t>"), "");
        assert_eq!(escape("a<b&\""), "a&lt;b&amp;&quot;");
    }
}
