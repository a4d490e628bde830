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

use crate::document::docx::{Part, Piece, WordMap};
use crate::source::docx::Package;

/// The author of the comments and tracked changes reportlint writes.
pub const AUTHOR: &str = "reportlint";

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
    edited: BTreeSet<&'static str>,
    next_id: u64,
    date: String,
}

/// The names a run's pieces are written with: the namespace prefix
/// (`w:`), the run's and the text's element names (`w:r`, `w:t`), and the
/// run's `<w:rPr>` (its formatting), as XML.
#[derive(Debug, Clone)]
struct Names {
    p: String,
    r: String,
    t: String,
    rpr: String,
}

/// What is done at one place inside a piece.
#[derive(Debug, Clone)]
struct Mark {
    /// Byte offset in the piece's text.
    at: usize,
    /// Order among marks at the same place: comment ends, then insertions,
    /// then comment starts.
    order: u8,
    /// The XML put there, outside any run.
    xml: String,
}

/// The edits of one piece.
#[derive(Debug, Default, Clone)]
struct PieceEdits {
    marks: Vec<Mark>,
    /// Byte ranges of the piece's text deleted as tracked changes.
    deleted: Vec<Range<usize>>,
}

impl Word {
    /// Opens a package from its bytes.
    pub fn open(bytes: Vec<u8>) -> Result<Word, String> {
        let package = crate::source::docx::open(&bytes)?;
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
            date: now(),
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
            self.edited.insert(part_name(part));
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
        self.edited.insert("word/comments.xml");
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
        let rel = format!(
            r#"<Relationship Id="rIdReportlint{}" Type="{rel_type}" Target="comments.xml"/>"#,
            self.next_id
        );
        let rels = match self.package.document_rels.take() {
            Some(xml) if xml.contains(r#"Target="comments.xml""#) => xml,
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
        self.edited.insert("word/_rels/document.xml.rels");
        let types = self
            .package
            .content_types
            .take()
            .ok_or("压缩包里没有 [Content_Types].xml，无法写入批注")?;
        let types = if types.contains(r#"PartName="/word/comments.xml""#) {
            types
        } else {
            let at = types
                .rfind("</Types>")
                .ok_or("[Content_Types].xml 无法识别，无法写入批注")?;
            format!(
                r#"{}<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>{}"#,
                &types[..at],
                &types[at..]
            )
        };
        self.package.content_types = Some(types);
        self.edited.insert("[Content_Types].xml");
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
                Some(&part) => {
                    drop(entry);
                    out.start_file(part, options).map_err(damaged)?;
                    out.write_all(self.text_of(part).as_bytes())
                        .map_err(|e| format!("无法写出 .docx（{e}）"))?;
                    written.insert(part);
                }
                None => out.raw_copy_file(entry).map_err(damaged)?,
            }
        }
        for &part in &self.edited {
            if !written.contains(part) {
                out.start_file(part, options).map_err(damaged)?;
                out.write_all(self.text_of(part).as_bytes())
                    .map_err(|e| format!("无法写出 .docx（{e}）"))?;
            }
        }
        Ok(out.finish().map_err(damaged)?.into_inner())
    }

    fn text_of(&self, part: &str) -> &str {
        let p = &self.package;
        match part {
            "word/document.xml" => &p.document,
            "word/footnotes.xml" => p.footnotes.as_deref().unwrap_or_default(),
            "word/endnotes.xml" => p.endnotes.as_deref().unwrap_or_default(),
            "word/comments.xml" => p.comments.as_deref().unwrap_or_default(),
            "word/_rels/document.xml.rels" => p.document_rels.as_deref().unwrap_or_default(),
            "[Content_Types].xml" => p.content_types.as_deref().unwrap_or_default(),
            _ => "",
        }
    }
}

/// Where a comment on `span` goes: (first piece, byte offset in it, last
/// piece, byte offset in it), on characters of the body. A range in a note
/// goes to the note's reference in the body; an empty range takes the
/// character at it (or before it); a range with no text of its own (an
/// automatic number) takes its whole paragraph.
fn anchor(text: &str, map: &WordMap, span: &Range<usize>) -> Option<(usize, usize, usize, usize)> {
    let pieces = &map.pieces;
    let in_body = |i: &usize| map.runs[pieces[*i].run].part == Part::Document;
    let mut span = span.clone();
    if span.start >= map.body_end {
        let at = map
            .notes
            .iter()
            .find(|(r, _)| r.start <= span.start && span.start <= r.end)
            .and_then(|(_, at)| *at)
            .unwrap_or(0);
        span = at..at;
    }
    if span.is_empty() {
        // The character at it, or else the one before it, in its line.
        let line = map
            .lines
            .iter()
            .find(|l| l.start <= span.start && span.start <= l.end)?;
        let next = text[span.start..line.end].chars().next();
        let prev = text[line.start..span.start].chars().next_back();
        span = match (next, prev) {
            (Some(c), _) => span.start..span.start + c.len_utf8(),
            (None, Some(c)) => span.start - c.len_utf8()..span.start,
            (None, None) => span,
        };
    }
    let first = pieces.partition_point(|p| p.src.end <= span.start);
    let overlapping: Vec<usize> = (first..pieces.len())
        .take_while(|&i| pieces[i].src.start < span.end)
        .filter(in_body)
        .collect();
    if let (Some(&a), Some(&b)) = (overlapping.first(), overlapping.last()) {
        let from = span.start.max(pieces[a].src.start) - pieces[a].src.start;
        let to = span.end.min(pieces[b].src.end) - pieces[b].src.start;
        return Some((a, from, b, to));
    }
    // No text of its own: its whole line, or else the nearest text after
    // it, or before it.
    let line = map
        .lines
        .iter()
        .find(|l| l.start <= span.start && span.start <= l.end)?;
    let in_line: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].src.start >= line.start && pieces[i].src.end <= line.end)
        .filter(in_body)
        .collect();
    let (a, b) = match (in_line.first(), in_line.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => {
            let after = (first..pieces.len()).find(in_body);
            let i = after.or_else(|| (0..first.min(pieces.len())).rev().find(in_body))?;
            (i, i)
        }
    };
    Some((a, 0, b, pieces[b].src.len()))
}

/// Where to insert at `at`: (piece, byte offset in it) of a text piece
/// holding the character at `at`, or ending there.
fn insertion_point(map: &WordMap, at: usize) -> Option<(usize, usize)> {
    let pieces = &map.pieces;
    let i = pieces.partition_point(|p| p.src.end < at);
    let candidates = [i, i + 1];
    // Prefer the piece the text before `at` is in (the insertion takes its
    // formatting), then the one after.
    for &k in &candidates {
        if let Some(p) = pieces.get(k)
            && p.text_tag.is_some()
            && p.src.start <= at
            && at <= p.src.end
        {
            return Some((k, at - p.src.start));
        }
    }
    None
}

/// A text piece with its edits, as the XML that replaces it (inside its
/// `<w:t>`).
fn render_text(text: &str, e: &PieceEdits, names: &Names, date: &str, next_id: &mut u64) -> String {
    let Names { p, r, t, rpr } = names;
    let close = format!("</{t}></{r}>");
    let reopen = format!(r#"<{r}>{rpr}<{t} xml:space="preserve">"#);
    let mut bounds: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    bounds.extend(e.marks.iter().map(|m| m.at));
    for d in &e.deleted {
        bounds.insert(d.start);
        bounds.insert(d.end);
    }
    let mut marks = e.marks.clone();
    marks.sort_by_key(|m| (m.at, m.order));
    let mut out = String::new();
    let mut pos = 0;
    for b in bounds {
        if b > pos {
            let seg = text.get(pos..b).unwrap_or_default();
            if e.deleted.iter().any(|d| d.start <= pos && b <= d.end) {
                let id = *next_id;
                *next_id = next_id.saturating_add(1);
                leave_run(&mut out, &close, &reopen);
                out.push_str(&format!(
                    r#"<{p}del {p}id="{id}" {p}author="{AUTHOR}" {p}date="{date}"><{r}>{rpr}<{p}delText xml:space="preserve">{}</{p}delText></{r}></{p}del>{reopen}"#,
                    escape(seg)
                ));
            } else {
                out.push_str(&escape(seg));
            }
        }
        let here: Vec<&Mark> = marks.iter().filter(|m| m.at == b).collect();
        if !here.is_empty() {
            leave_run(&mut out, &close, &reopen);
            for m in here {
                out.push_str(&m.xml);
            }
            out.push_str(&reopen);
        }
        pos = b;
    }
    out
}

/// Closes the run being written, or takes back a run just opened (so that
/// no empty run is left between two edits).
fn leave_run(out: &mut String, close: &str, reopen: &str) {
    if out.ends_with(reopen) {
        out.truncate(out.len() - reopen.len());
    } else {
        out.push_str(close);
    }
}

/// An element read as a character (`<w:tab/>`) with marks before or after
/// it, as the XML that replaces it (inside its run).
fn render_element(original: &str, len: usize, e: &PieceEdits, names: &Names) -> String {
    let Names { r, rpr, .. } = names;
    let mut marks = e.marks.clone();
    marks.sort_by_key(|m| (m.at, m.order));
    let around = |after: bool| -> String {
        let here: String = marks
            .iter()
            .filter(|m| (m.at >= len.max(1)) == after)
            .map(|m| m.xml.as_str())
            .collect();
        if here.is_empty() {
            String::new()
        } else {
            format!("</{r}>{here}<{r}>{rpr}")
        }
    };
    format!("{}{original}{}", around(false), around(true))
}

/// The element name of a start tag as written (`<w:t xml:space=…>` → `w:t`).
fn qualified_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect()
}

/// The namespace prefix of a tag or name, with its colon (`<w:t>`, `w:r` → `w:`).
fn prefix_of(tag: &str) -> String {
    let name = qualified_name(tag);
    match name.rfind(':') {
        Some(i) => name[..=i].to_string(),
        None => String::new(),
    }
}

/// The prefix (with its colon) of a part's root element named `local`.
fn root_prefix(xml: &str, local: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(s) | quick_xml::events::Event::Empty(s)) => {
                let name = s.name().as_ref().to_string();
                let (prefix, l) = match name.rfind(':') {
                    Some(i) => (name[..=i].to_string(), &name[i + 1..]),
                    None => (String::new(), name.as_str()),
                };
                return (l == local).then_some(prefix);
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The prefix of document.xml's root and the namespace it is bound to.
fn main_namespace(document: &str) -> Option<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(document);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(s)) => {
                let name = s.name().as_ref().to_string();
                let prefix = name.rsplit_once(':').map(|(p, _)| p.to_string())?;
                let key = format!("xmlns:{prefix}");
                let uri = s
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == key)
                    .map(|a| a.value.to_string())?;
                return Some((prefix, uri));
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The largest `w:id` number in a part (comment, revision and bookmark ids
/// share no space in the standard, but unique ids are safe with every
/// reader).
fn max_id(xml: &str) -> u64 {
    let mut max = 0;
    let mut rest = xml;
    while let Some(i) = rest.find(":id=\"") {
        rest = &rest[i + 5..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u32>().map(u64::from) {
            max = max.max(n);
        }
    }
    max
}

/// Text escaped for XML content and attributes (quick-xml's escaping).
fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

fn part_name(part: Part) -> &'static str {
    match part {
        Part::Document => "word/document.xml",
        Part::Footnotes => "word/footnotes.xml",
        Part::Endnotes => "word/endnotes.xml",
    }
}

/// The time of the changes, as Word writes it (UTC): now, or
/// `SOURCE_DATE_EPOCH` when set (reproducible output).
fn now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    stamp(secs)
}

/// Seconds since 1970 as an ISO 8601 UTC time.
fn stamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
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
        let (text, _, map) = crate::document::docx::read_mapped(&word.package).unwrap();
        assert_eq!(text, "一.基本情况\n甲乙\n");
        let number = 0.."一.".len();
        let across = "一.基本".len().."一.基本情况\n甲".len();
        let fine = "一.基本情况\n".len().."一.基本情况\n甲".len();
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
        let (after, _, _) = crate::document::docx::read_mapped(&word.package).unwrap();
        assert_eq!(after, "一.基本情况\n丙乙\n");
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
