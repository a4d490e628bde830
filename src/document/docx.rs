//! A Word report (.docx) to the same [`Document`] a Markdown report gives.
//! The text the rules read is the document as Word shows it, one line a
//! paragraph (a table row is one line, its cells apart by tabs), the
//! footnotes after the body: so a finding's line is the paragraph's number
//! and its column the character in that paragraph.
//!
//! Read as a drafter sees it: automatic numbering (一、 （一） 1. from
//! numbering.xml) is written in front of its paragraph; heading styles and
//! outline levels make headings; tracked changes read as accepted
//! (insertions in, deletions out); field codes out, field results in;
//! hyperlinks' text in; a text box once (its fallback copy skipped); a
//! footnote reference is a source whose label is the note's leading ID
//! ("D-001：……") or else its number. Element names are matched without
//! their namespace, so Strict and Transitional files read alike. A DTD is
//! refused.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

use super::layout;
use super::model::*;
use super::ordinal::to_chinese;
use super::text::InlineText;
use crate::source::docx::Package;

/// The value of an attribute, by local name (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Whether an on/off property (`<w:b/>`, `<w:b w:val="0"/>`) is on.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Reads every event of an XML part, refusing a DTD.
fn events(xml: &str, part: &str, mut each: impl FnMut(Event<'_>)) -> Result<(), String> {
    events_at(xml, part, |e, _| each(e))
}

/// Like [`events`], with each event's byte range in the part.
fn events_at(
    xml: &str,
    part: &str,
    mut each: impl FnMut(Event<'_>, Range<usize>),
) -> Result<(), String> {
    // quick-xml skips a leading byte-order mark and counts positions after
    // it; they are made to count from the part's first byte.
    let bom = if xml.starts_with('\u{feff}') { 3 } else { 0 };
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let from = bom + reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(e) if !matches!(e, Event::DocType(_)) => {
                let to = bom + reader.buffer_position() as usize;
                each(e, from..to)
            }
            Ok(_) => {
                return Err(format!(
                    "{part} 含有 DTD（文档类型定义）：拒绝读取；请在 Word/WPS 中另存为 .docx"
                ));
            }
            Err(e) => {
                return Err(format!(
                    "{part} 的 XML 有误（第 {} 字节附近：{e}）：请在 Word/WPS 中打开后重新保存",
                    reader.buffer_position()
                ));
            }
        }
    }
}

/// The character an entity reference stands for.
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    match r.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// A paragraph style: its outline level, numbering and parent.
#[derive(Debug, Default, Clone)]
struct Style {
    outline: Option<u8>,
    num: Option<(String, u8)>,
    based_on: Option<String>,
}

/// Paragraph styles by id, from styles.xml.
fn styles(xml: Option<&str>) -> Result<HashMap<String, Style>, String> {
    let mut out = HashMap::new();
    let Some(xml) = xml else { return Ok(out) };
    let mut cur: Option<(String, Style)> = None;
    let mut num_id: Option<String> = None;
    let mut ilvl = 0u8;
    events(xml, "word/styles.xml", |e| match e {
        Event::Start(s) | Event::Empty(s) => match s.local_name().as_ref() {
            "style" => cur = attr(&s, "styleId").map(|id| (id, Style::default())),
            "name" => {
                if let (Some((_, st)), Some(name)) = (cur.as_mut(), attr(&s, "val")) {
                    let n = name.to_lowercase();
                    let level = n
                        .strip_prefix("heading ")
                        .or_else(|| n.strip_prefix("标题 "))
                        .or_else(|| n.strip_prefix("标题"))
                        .and_then(|d| d.trim().parse::<u8>().ok());
                    if let Some(l) = level.filter(|l| (1..=9).contains(l)) {
                        st.outline.get_or_insert(l - 1);
                    }
                }
            }
            "basedOn" => {
                if let Some((_, st)) = cur.as_mut() {
                    st.based_on = attr(&s, "val");
                }
            }
            "outlineLvl" => {
                if let (Some((_, st)), Some(v)) = (cur.as_mut(), attr(&s, "val")) {
                    st.outline = v.parse().ok();
                }
            }
            "numId" => num_id = attr(&s, "val"),
            "ilvl" => ilvl = attr(&s, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
            _ => {}
        },
        Event::End(s) => match s.local_name().as_ref() {
            "numPr" => {
                if let (Some((_, st)), Some(id)) = (cur.as_mut(), num_id.take()) {
                    st.num = Some((id, ilvl));
                }
                ilvl = 0;
            }
            "style" => {
                if let Some((id, st)) = cur.take() {
                    out.insert(id, st);
                }
            }
            _ => {}
        },
        _ => {}
    })?;
    Ok(out)
}

/// One level of a numbering definition.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// Automatic numbering: its definitions and the counters as the body runs.
#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → the current number of each level.
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    fn parse(xml: Option<&str>) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        let Some(xml) = xml else { return Ok(n) };
        let mut abs: Option<(String, Vec<Level>)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        let mut num: Option<String> = None;
        events(xml, "word/numbering.xml", |e| match e {
            Event::Start(s) | Event::Empty(s) => match s.local_name().as_ref() {
                "abstractNum" => abs = attr(&s, "abstractNumId").map(|id| (id, Vec::new())),
                "lvl" => {
                    let i = attr(&s, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((
                        i,
                        Level {
                            format: "decimal".into(),
                            text: String::new(),
                            start: 1,
                        },
                    ));
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.start = v.parse().unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.text = v;
                    }
                }
                "num" => num = attr(&s, "numId"),
                "abstractNumId" => {
                    if let (Some(id), Some(a)) = (num.as_ref(), attr(&s, "val")) {
                        n.nums.insert(id.clone(), a);
                    }
                }
                _ => {}
            },
            Event::End(s) => match s.local_name().as_ref() {
                "lvl" => {
                    if let (Some((_, levels)), Some((i, l))) = (abs.as_mut(), lvl.take()) {
                        if levels.len() <= i {
                            levels.resize(i + 1, l.clone());
                        }
                        levels[i] = l;
                    }
                }
                "abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        n.abstracts.insert(id, levels);
                    }
                }
                _ => {}
            },
            _ => {}
        })?;
        Ok(n)
    }

    /// The number text of the next paragraph of list `num_id` at `ilvl`
    /// (e.g. "（二）"), counting it.
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let abs = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abs)?;
        let i = ilvl as usize;
        let level = levels.get(i)?.clone();
        let counters = self
            .counters
            .entry(abs)
            .or_insert_with(|| vec![0; levels.len().max(9)]);
        if counters.len() <= i {
            counters.resize(i + 1, 0);
        }
        counters[i] = if counters[i] == 0 {
            level.start
        } else {
            counters[i] + 1
        };
        for c in counters.iter_mut().skip(i + 1) {
            *c = 0; // deeper levels start again
        }
        if level.format == "none" || level.format == "bullet" {
            return Some(String::new()); // nothing typed in front
        }
        let mut text = level.text.clone();
        for (k, l) in levels.iter().enumerate().take(i + 1) {
            let value = if counters[k] == 0 {
                l.start
            } else {
                counters[k]
            };
            text = text.replace(&format!("%{}", k + 1), &format_number(&l.format, value));
        }
        Some(text)
    }
}

/// A number in a numbering format.
fn format_number(format: &str, n: u32) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographTraditional"
        | "taiwaneseCounting"
        | "japaneseCounting" => to_chinese(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            char::from_u32(0x2460 + n.saturating_sub(1))
                .filter(|_| (1..=20).contains(&n))
                .map_or_else(|| n.to_string(), String::from)
        }
        "lowerLetter" => char::from_u32('a' as u32 + (n.saturating_sub(1) % 26))
            .map_or_else(String::new, String::from),
        "upperLetter" => char::from_u32('A' as u32 + (n.saturating_sub(1) % 26))
            .map_or_else(String::new, String::from),
        "decimalZero" => format!("{n:02}"),
        _ => n.to_string(),
    }
}

/// Relationship targets by id (a part's hyperlinks).
fn relationships(xml: Option<&str>, part: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let Some(xml) = xml else { return Ok(out) };
    events(xml, part, |e| {
        if let Event::Start(s) | Event::Empty(s) = e
            && s.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(&s, "Id"), attr(&s, "Target"))
        {
            out.insert(id, target);
        }
    })?;
    Ok(out)
}

/// Which part of the package a run is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Part {
    /// `word/document.xml`.
    #[default]
    Document,
    /// `word/footnotes.xml`.
    Footnotes,
    /// `word/endnotes.xml`.
    Endnotes,
}

/// Where the text the rules read came from in the package: enough to put a
/// comment or a tracked change on exact characters. It is not part of the
/// document model, so rules never see it; the Word writer
/// ([`crate::fix::docx`]) reads it.
#[derive(Debug, Default, Clone)]
pub struct WordMap {
    /// The pieces of text, in the order of the text.
    pub pieces: Vec<Piece>,
    /// The runs the pieces are in.
    pub runs: Vec<RunInfo>,
    /// Where the body ends in the text: the lines after it are notes.
    pub body_end: usize,
    /// Each note's range in the text and where its first reference is in
    /// the body.
    pub notes: Vec<(Range<usize>, Option<usize>)>,
    /// Each line's range in the text.
    pub lines: Vec<Range<usize>>,
}

/// A piece of the text and the XML it was read from.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Its range in the text the rules read.
    pub src: Range<usize>,
    /// Its range in its part: the text between `<w:t>` and `</w:t>` (or one
    /// entity of it), or an element read as a character (`<w:tab/>`).
    pub xml: Range<usize>,
    /// For text: the range of its `<w:t>` start tag; `None` for an element
    /// read as a character.
    pub text_tag: Option<Range<usize>>,
    /// Its run, in [`WordMap::runs`].
    pub run: usize,
}

/// A run (`<w:r>`) that holds pieces of the text.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// The part it is in.
    pub part: Part,
    /// Its element's name as written (`w:r`).
    pub tag: String,
    /// The range of its `<w:rPr>` (its formatting), if any.
    pub rpr: Option<Range<usize>>,
    /// Whether it is inside a tracked insertion or move already.
    pub revised: bool,
}

/// A piece while its paragraph is read: its byte offset and length in the
/// paragraph's text.
#[derive(Debug, Clone)]
struct PPiece {
    at: usize,
    len: usize,
    xml: Range<usize>,
    text_tag: Option<Range<usize>>,
    run: usize,
}

/// Shifts pieces by `by` bytes.
fn shifted(pieces: Vec<PPiece>, by: usize) -> impl Iterator<Item = PPiece> {
    pieces
        .into_iter()
        .map(move |p| PPiece { at: p.at + by, ..p })
}

/// A line of the report as read: a paragraph, or a table row.
#[derive(Debug, Default)]
struct Line {
    text: String,
    heading: Option<u8>,
    bold: bool,
    /// Table rows: cell ranges in `text`; whether it is a table's first row.
    cells: Option<(Vec<std::ops::Range<usize>>, bool)>,
    /// Footnote and endnote references: (byte offset in `text`, note key).
    refs: Vec<(usize, String)>,
    /// Hyperlink targets in it.
    links: Vec<String>,
    /// Where its text came from.
    pieces: Vec<PPiece>,
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    /// Runs with text, and how many of them were bold.
    runs: usize,
    bold_runs: usize,
    refs: Vec<(usize, String)>,
    links: Vec<String>,
    pieces: Vec<PPiece>,
}

/// A table cell being read: its text, note references and pieces.
#[derive(Debug, Default)]
struct Cell {
    text: String,
    refs: Vec<(usize, String)>,
    pieces: Vec<PPiece>,
}

/// Word comments' anchors: id → (first line, last line).
type Anchors = HashMap<String, (usize, usize)>;

/// Each note's key and the range of its lines.
type Notes = Vec<(String, std::ops::Range<usize>)>;

/// The state of the body reader.
#[derive(Default)]
struct Body {
    lines: Vec<Line>,
    stack: Vec<Para>,
    /// Depth inside elements whose text is not read (deletions, a text
    /// box's fallback copy, field instructions).
    skip: usize,
    in_text: bool,
    in_ppr: bool,
    in_rpr: bool,
    run_bold: bool,
    run_has_text: bool,
    /// Complex fields: inside a field's instruction (between begin and separate).
    field_instr: Vec<bool>,
    num_id: Option<String>,
    ilvl: u8,
    /// Table rows being read: the cells, and whether the row is its table's first.
    row: Option<Vec<Cell>>,
    first_row: Vec<bool>,
    /// The part's relationships (hyperlink targets by id).
    rels: HashMap<String, String>,
    /// Hyperlink targets of the row being read.
    row_links: Vec<String>,
    /// Word comments' anchors.
    anchors: Anchors,
    /// The part being read, the byte range of the event being read, and
    /// the runs read so far.
    part: Part,
    at: Range<usize>,
    runs: Vec<RunInfo>,
    /// The run being read (in `runs`), the start of its `<w:rPr>`, and the
    /// `<w:t>` start tag being read.
    run: Option<usize>,
    rpr_start: usize,
    text_tag: Option<Range<usize>>,
    /// Depth inside tracked insertions and moves.
    inserted: usize,
    /// How many elements are open, and how many were when the run being
    /// read started: only a run's own children are mapped (a `<w:t>` in
    /// anything else cannot be cut safely).
    depth: usize,
    run_depth: usize,
    /// How many elements are open inside the `<w:t>` being read.
    text_depth: usize,
}

impl Body {
    /// Whether the element starting now is a child of the run being read
    /// (and the run's name is a plain XML name that can be written again).
    fn in_run(&self) -> bool {
        self.run
            .and_then(|r| self.runs.get(r))
            .is_some_and(|r| plain_name(&r.tag))
            && self.depth == self.run_depth + 1
    }
}

/// Whether an element name is a plain XML name (`w:r`), safe to write in
/// a new tag.
fn plain_name(name: &str) -> bool {
    let mut parts = name.split(':');
    let ok = |p: &str| {
        p.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && p.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    let (a, b, c) = (parts.next(), parts.next(), parts.next());
    c.is_none() && a.is_some_and(ok) && b.is_none_or(ok)
}

impl Body {
    fn text(&mut self, s: &str) {
        if self.skip > 0 || !self.in_text || self.field_instr.last() == Some(&true) {
            return;
        }
        let direct = self.text_tag.is_some() && self.depth == self.text_depth;
        self.record(direct, s.len(), self.text_tag.clone());
        if let Some(p) = self.stack.last_mut() {
            p.text.push_str(s);
            self.run_has_text = true;
        }
    }

    /// Maps `len` bytes about to be added to the paragraph back to the event
    /// being read, when it is a child of a run that can be cut (`direct`).
    fn record(&mut self, direct: bool, len: usize, text_tag: Option<Range<usize>>) {
        if let (Some(p), Some(run)) = (self.stack.last_mut(), self.run.filter(|_| direct)) {
            p.pieces.push(PPiece {
                at: p.text.len(),
                len,
                xml: self.at.clone(),
                text_tag,
                run,
            });
        }
    }

    fn push_char(&mut self, c: char) {
        if self.skip > 0 || self.field_instr.last() == Some(&true) {
            return;
        }
        self.record(self.in_run(), c.len_utf8(), None);
        if let Some(p) = self.stack.last_mut() {
            p.text.push(c);
        }
    }
}

/// Reads the body of document.xml (or the notes of footnotes.xml) into lines.
fn body(
    xml: &str,
    name: &str,
    rels: HashMap<String, String>,
    styles: &HashMap<String, Style>,
    numbering: &mut Numbering,
    note_tag: Option<&str>,
    part: Part,
) -> Result<(Vec<Line>, Notes, Anchors, Vec<RunInfo>), String> {
    let mut b = Body {
        rels,
        part,
        ..Body::default()
    };
    // For notes: each note's key and its range of lines.
    let mut notes: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut note: Option<(String, usize)> = None;
    let mut skip_note = false;
    events_at(xml, name, |e, at| {
        b.at = at;
        match e {
            Event::Start(s) => {
                start(&mut b, &s, false, note_tag, &mut note, &mut skip_note);
                b.depth += 1;
            }
            Event::Empty(s) => start(&mut b, &s, true, note_tag, &mut note, &mut skip_note),
            Event::End(s) => {
                b.depth = b.depth.saturating_sub(1);
                let name = s.local_name();
                match name.as_ref() {
                    "ins" | "moveTo" => b.inserted = b.inserted.saturating_sub(1),
                    "del" | "moveFrom" | "Fallback" | "instrText" | "delText" | "delInstrText" => {
                        b.skip = b.skip.saturating_sub(1)
                    }
                    "t" => {
                        b.in_text = false;
                        b.text_tag = None;
                    }
                    "pPr" => {
                        b.in_ppr = false;
                        if let (Some(p), Some(id)) = (b.stack.last_mut(), b.num_id.take()) {
                            p.num = Some((id, b.ilvl));
                        }
                    }
                    "rPr" => {
                        if b.in_rpr
                            && let Some(r) = b.run.and_then(|r| b.runs.get_mut(r))
                        {
                            r.rpr = Some(b.rpr_start..b.at.end);
                        }
                        b.in_rpr = false
                    }
                    "r" => {
                        b.run = None;
                        if let Some(p) = b.stack.last_mut()
                            && b.run_has_text
                        {
                            p.runs += 1;
                            p.bold_runs += usize::from(b.run_bold);
                        }
                    }
                    "p" => {
                        if let Some(p) = b.stack.pop() {
                            let line = finish(p, styles, numbering);
                            match b.row.as_mut().and_then(|cells| cells.last_mut()) {
                                Some(cell) => {
                                    if !cell.text.is_empty() && !line.text.is_empty() {
                                        cell.text.push(' ');
                                    }
                                    let base = cell.text.len();
                                    cell.refs
                                        .extend(line.refs.into_iter().map(|(o, k)| (base + o, k)));
                                    cell.pieces.extend(shifted(line.pieces, base));
                                    cell.text.push_str(&line.text);
                                    b.row_links.extend(line.links);
                                }
                                None => b.lines.push(line),
                            }
                        }
                    }
                    "tr" => {
                        if let Some(cells) = b.row.take() {
                            let first = b
                                .first_row
                                .last_mut()
                                .map(|f| std::mem::replace(f, false))
                                .unwrap_or(false);
                            let mut text = String::new();
                            let mut ranges = Vec::new();
                            let mut line_refs = Vec::new();
                            let mut pieces = Vec::new();
                            for (i, c) in cells.into_iter().enumerate() {
                                if i > 0 {
                                    text.push('\t');
                                }
                                let at = text.len();
                                line_refs.extend(c.refs.into_iter().map(|(o, k)| (at + o, k)));
                                pieces.extend(shifted(c.pieces, at));
                                text.push_str(&c.text);
                                ranges.push(at..text.len());
                            }
                            b.lines.push(Line {
                                text,
                                cells: Some((ranges, first)),
                                refs: line_refs,
                                links: std::mem::take(&mut b.row_links),
                                pieces,
                                ..Line::default()
                            });
                        }
                    }
                    "tbl" => {
                        b.first_row.pop();
                    }
                    n if Some(n) == note_tag => {
                        if let Some((key, from)) = note.take()
                            && !skip_note
                        {
                            notes.push((key, from..b.lines.len()));
                        }
                        skip_note = false;
                    }
                    _ => {}
                }
            }
            Event::Text(t) => b.text(&t.xml10_content()),
            Event::CData(t) => b.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                if let Some(c) = entity(&r) {
                    b.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    })?;
    Ok((b.lines, notes, b.anchors, b.runs))
}

/// An element starts (or is empty, when `empty`).
fn start(
    b: &mut Body,
    s: &BytesStart<'_>,
    empty: bool,
    note_tag: Option<&str>,
    note: &mut Option<(String, usize)>,
    skip_note: &mut bool,
) {
    let name = s.local_name();
    let name = name.as_ref();
    if Some(name) == note_tag {
        // A footnote or endnote; the separators are not notes.
        let kind = attr(s, "type");
        *skip_note = matches!(
            kind.as_deref(),
            Some("separator" | "continuationSeparator" | "continuationNotice")
        );
        *note = attr(s, "id").map(|id| (id, b.lines.len()));
        return;
    }
    match name {
        "del" | "moveFrom" | "Fallback" | "instrText" | "delText" | "delInstrText" if !empty => {
            b.skip += 1
        }
        "ins" | "moveTo" if !empty => b.inserted += 1,
        "p" if !empty => b.stack.push(Para::default()),
        "pPr" if !empty => b.in_ppr = true,
        "pStyle" if b.in_ppr => {
            if let Some(p) = b.stack.last_mut() {
                p.style = attr(s, "val");
            }
        }
        "outlineLvl" if b.in_ppr => {
            if let Some(p) = b.stack.last_mut() {
                p.outline = attr(s, "val").and_then(|v| v.parse().ok());
            }
        }
        "numId" if b.in_ppr => b.num_id = attr(s, "val"),
        "ilvl" if b.in_ppr => b.ilvl = attr(s, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
        "r" if !empty => {
            b.run_bold = false;
            b.run_has_text = false;
            b.run = Some(b.runs.len());
            b.run_depth = b.depth;
            b.runs.push(RunInfo {
                part: b.part,
                tag: String::from_utf8_lossy(s.name().as_ref().as_bytes()).into_owned(),
                rpr: None,
                revised: b.inserted > 0,
            });
        }
        "rPr" if !b.in_ppr && b.in_run() => {
            if empty {
                if let Some(r) = b.run.and_then(|r| b.runs.get_mut(r)) {
                    r.rpr = Some(b.at.clone());
                }
            } else {
                b.in_rpr = true;
                b.rpr_start = b.at.start;
            }
        }
        "b" if b.in_rpr => b.run_bold = on(s),
        "t" if !empty => {
            b.in_text = true;
            b.text_tag = (b.in_run() && plain_name(s.name().as_ref())).then(|| b.at.clone());
            b.text_depth = b.depth + 1;
        }
        "tab" if !b.in_ppr => b.push_char(' '),
        "br" | "cr" => b.push_char(' '),
        "noBreakHyphen" => b.push_char('-'),
        "footnoteReference" | "endnoteReference" => {
            let kind = if name == "footnoteReference" {
                "f"
            } else {
                "e"
            };
            if let (Some(p), Some(id)) = (b.stack.last_mut(), attr(s, "id"))
                && b.skip == 0
            {
                p.refs.push((p.text.len(), format!("{kind}{id}")));
            }
        }
        "fldChar" => match attr(s, "fldCharType").as_deref() {
            Some("begin") => b.field_instr.push(true),
            Some("separate") => {
                if let Some(f) = b.field_instr.last_mut() {
                    *f = false;
                }
            }
            Some("end") => {
                b.field_instr.pop();
            }
            _ => {}
        },
        "commentRangeStart" => {
            if let Some(id) = attr(s, "id") {
                let at = b.lines.len();
                b.anchors.insert(id, (at, at));
            }
        }
        "commentRangeEnd" => {
            if let Some(id) = attr(s, "id") {
                let at = b.lines.len();
                b.anchors.entry(id).or_insert((at, at)).1 = at;
            }
        }
        "hyperlink" => {
            let target = attr(s, "id").and_then(|id| b.rels.get(&id).cloned());
            if let (Some(p), Some(t)) = (b.stack.last_mut(), target) {
                p.links.push(t);
            }
        }
        "tbl" if !empty => b.first_row.push(true),
        "tr" if !empty => b.row = Some(Vec::new()),
        "tc" if !empty => {
            if let Some(cells) = b.row.as_mut() {
                cells.push(Cell::default());
            }
        }
        _ => {}
    }
}

/// A paragraph read: its number in front, its heading level, bold.
fn finish(p: Para, styles: &HashMap<String, Style>, numbering: &mut Numbering) -> Line {
    // Its style and the styles it is based on, nearest first.
    let mut chain: Vec<&Style> = Vec::new();
    let mut id = p.style.clone();
    while let Some(s) = id.as_ref().and_then(|i| styles.get(i)) {
        if chain.len() > 16 {
            break; // a cycle of basedOn
        }
        chain.push(s);
        id = s.based_on.clone();
    }
    let outline = p.outline.or_else(|| chain.iter().find_map(|s| s.outline));
    let heading = outline.filter(|&l| l < 9).map(|l| l + 1);
    let num = p
        .num
        .clone()
        .or_else(|| chain.iter().find_map(|s| s.num.clone()));
    let prefix = num
        .filter(|(id, _)| id != "0")
        .and_then(|(id, ilvl)| numbering.next(&id, ilvl))
        .unwrap_or_default();
    let shift = prefix.len();
    Line {
        text: format!("{prefix}{}", p.text),
        heading,
        bold: p.runs > 0 && p.bold_runs == p.runs,
        cells: None,
        refs: p.refs.into_iter().map(|(o, k)| (o + shift, k)).collect(),
        links: p.links,
        pieces: shifted(p.pieces, shift).collect(),
    }
}

/// A note's label: its leading ID before a colon ("D-001：低保核查表" →
/// D-001), or else its number.
fn note_label(text: &str, number: usize) -> String {
    let t = text.trim_start();
    let id: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let rest = t[id.len()..].trim_start();
    if !id.is_empty() && id.chars().any(|c| c.is_ascii_digit()) && rest.starts_with(['：', ':']) {
        id
    } else {
        number.to_string()
    }
}

/// Reads a .docx package into the text the rules read and its document model.
pub fn read(pkg: &Package) -> Result<(String, Document), String> {
    read_mapped(pkg).map(|(text, doc, _)| (text, doc))
}

/// Like [`read`], with the map from the text back to the package's XML.
pub fn read_mapped(pkg: &Package) -> Result<(String, Document, WordMap), String> {
    let styles = styles(pkg.styles.as_deref())?;
    let mut numbering = Numbering::parse(pkg.numbering.as_deref())?;
    let rels = relationships(pkg.document_rels.as_deref(), "word/_rels/document.xml.rels")?;
    let (mut lines, _, anchors, mut runs) = body(
        &pkg.document,
        "word/document.xml",
        rels,
        &styles,
        &mut numbering,
        None,
        Part::Document,
    )?;
    let body_lines = lines.len();
    // Notes after the body: footnotes, then endnotes.
    let mut notes: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for (xml, part, tag, kind, rels, which) in [
        (
            pkg.footnotes.as_deref(),
            "word/footnotes.xml",
            "footnote",
            "f",
            pkg.footnote_rels.as_deref(),
            Part::Footnotes,
        ),
        (
            pkg.endnotes.as_deref(),
            "word/endnotes.xml",
            "endnote",
            "e",
            pkg.endnote_rels.as_deref(),
            Part::Endnotes,
        ),
    ] {
        let Some(xml) = xml else { continue };
        let rels = relationships(rels, part)?;
        let (mut note_lines, ranges, _, note_runs) = body(
            xml,
            part,
            rels,
            &styles,
            &mut Numbering::default(),
            Some(tag),
            which,
        )?;
        // The notes' runs follow the body's in one list.
        let run_base = runs.len();
        for l in &mut note_lines {
            for p in &mut l.pieces {
                p.run += run_base;
            }
        }
        runs.extend(note_runs);
        let base = lines.len();
        notes.extend(
            ranges
                .into_iter()
                .map(|(id, r)| (format!("{kind}{id}"), base + r.start..base + r.end)),
        );
        lines.extend(note_lines);
    }
    // Labels of the notes, in order of appearance.
    let mut labels: HashMap<String, String> = HashMap::new();
    for (n, (key, r)) in notes.iter().enumerate() {
        let text: String = lines[r.clone()]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        labels.insert(key.clone(), note_label(&text, n + 1));
    }

    let mut src = String::new();
    let mut doc = Document::default();
    let mut map = WordMap {
        runs,
        ..WordMap::default()
    };
    let mut note_of_line: Vec<Option<usize>> = vec![None; lines.len()];
    for (i, (key, r)) in notes.iter().enumerate() {
        let text: String = lines[r.clone()]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        doc.footnote_defs.push(FootnoteDef {
            label: labels.get(key).cloned().unwrap_or_default(),
            span: 0..0,
            text,
        });
        for l in r.clone() {
            note_of_line[l] = Some(i);
        }
    }
    for (li, line) in lines.iter().enumerate() {
        let start = src.len();
        src.push_str(&line.text);
        let end = src.len();
        src.push('\n');
        if li == body_lines {
            map.body_end = start;
        }
        map.lines.push(start..end);
        map.pieces.extend(line.pieces.iter().map(|p| Piece {
            src: start + p.at..start + p.at + p.len,
            xml: p.xml.clone(),
            text_tag: p.text_tag.clone(),
            run: p.run,
        }));
        let mut text = InlineText::with_capacity(line.text.len());
        text.push(&line.text, start..end, &src, false);
        let container = match note_of_line[li] {
            Some(n) => Container::Footnote(n),
            None => Container::Body,
        };
        let kind = match (&line.cells, line.heading) {
            (Some((_, true)), _) => BlockKind::TableHead,
            (Some(_), _) => BlockKind::TableRow,
            (None, Some(level)) if li < body_lines => {
                BlockKind::Heading(HeadingLevel::Marked(level))
            }
            _ => BlockKind::Paragraph,
        };
        let index = doc.blocks.len();
        for dest in &line.links {
            doc.links.push(Link {
                dest: dest.clone(),
                span: start..end,
                footnote: note_of_line[li],
            });
        }
        for (at, key) in &line.refs {
            // A reference to a note that is not there keeps its number,
            // which no definition has: `unknown-source` reports it.
            let label = labels
                .get(key)
                .cloned()
                .unwrap_or_else(|| key[1..].to_string());
            doc.footnote_refs.push(FootnoteRef {
                label,
                span: start + at..start + at,
                block: Some(index),
            });
        }
        doc.blocks.push(Block {
            kind,
            span: start..end,
            text,
            section: None,
            container,
            quote_depth: 0,
            list_depth: 0,
            footnote_refs: Vec::new(),
            ordinal: None,
            bold: line.bold,
            cells: line
                .cells
                .as_ref()
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
        });
    }
    for (i, (_, r)) in notes.iter().enumerate().filter(|(_, (_, r))| !r.is_empty()) {
        if let (Some(first), Some(last)) = (
            doc.blocks.get(r.start),
            r.end.checked_sub(1).and_then(|l| doc.blocks.get(l)),
        ) {
            doc.footnote_defs[i].span = first.span.start..last.span.end;
        }
    }
    if lines.len() == body_lines {
        map.body_end = src.len();
    }
    for (i, r) in doc.footnote_refs.iter().enumerate() {
        if let Some(b) = r.block {
            doc.blocks[b].footnote_refs.push(i);
        }
    }
    // Each note and its first reference in the body (a comment on a note is
    // put there).
    for def in &doc.footnote_defs {
        let at = doc
            .footnote_refs
            .iter()
            .find(|r| r.label == def.label && r.span.start < map.body_end)
            .map(|r| r.span.start);
        map.notes.push((def.span.clone(), at));
    }
    doc.origin = Origin::Word;
    doc.front_matter = properties(pkg.custom.as_deref())?;
    // Word comments (批注), on the paragraphs they are anchored on.
    let texts = comments(pkg.comments.as_deref())?;
    let mut ids: Vec<&String> = anchors.keys().collect();
    ids.sort_by_key(|id| anchors[*id]);
    for id in ids {
        let (first, last) = anchors[id];
        let (Some(text), Some(a), Some(b)) = (
            texts.get(id),
            doc.blocks.get(first),
            doc.blocks.get(last.max(first)),
        ) else {
            continue;
        };
        let span = a.span.start..b.span.end;
        doc.comments.push(Comment {
            span: span.clone(),
            body: text.trim().to_string(),
            anchor: Some(span),
        });
    }
    layout::infer_headings(&mut doc, &src);
    layout::build_sections(&mut doc, src.len());
    Ok((src, doc, map))
}

/// The text of each Word comment, by id.
fn comments(xml: Option<&str>) -> Result<HashMap<String, String>, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let Some(xml) = xml else { return Ok(out) };
    let mut id: Option<String> = None;
    let mut in_text = false;
    events(xml, "word/comments.xml", |e| match e {
        Event::Start(s) if s.local_name().as_ref() == "comment" => {
            id = attr(&s, "id");
        }
        Event::Start(s) if s.local_name().as_ref() == "t" => in_text = true,
        Event::End(s) if s.local_name().as_ref() == "t" => in_text = false,
        Event::End(s) if s.local_name().as_ref() == "p" => {
            if let Some(i) = &id {
                out.entry(i.clone()).or_default().push(' ');
            }
        }
        Event::Text(t) if in_text => {
            if let Some(i) = &id {
                out.entry(i.clone())
                    .or_default()
                    .push_str(&t.xml10_content());
            }
        }
        _ => {}
    })?;
    Ok(out)
}

/// The document's custom properties (文件 → 属性 → 自定义) as front matter.
fn properties(xml: Option<&str>) -> Result<Option<FrontMatter>, String> {
    let Some(xml) = xml else { return Ok(None) };
    let mut map = serde_yaml::Mapping::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    let mut depth_in_value = false;
    events(xml, "docProps/custom.xml", |e| match e {
        Event::Start(s) => match s.local_name().as_ref() {
            "property" => {
                name = attr(&s, "name");
                value.clear();
            }
            _ if name.is_some() => depth_in_value = true,
            _ => {}
        },
        Event::Text(t) if depth_in_value => value.push_str(&t.xml10_content()),
        Event::End(s) if s.local_name().as_ref() == "property" => {
            if let Some(n) = name.take() {
                map.insert(
                    serde_yaml::Value::String(n),
                    serde_yaml::Value::String(value.trim().to_string()),
                );
            }
            depth_in_value = false;
        }
        _ => {}
    })?;
    Ok((!map.is_empty()).then(|| FrontMatter {
        span: 0..0,
        value: Ok(serde_yaml::Value::Mapping(map)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines the reader gives for a body.
    fn lines(body: &str, ns: &str) -> Vec<String> {
        let pkg = Package {
            document: format!(
                r#"<w:document xmlns:w="{ns}" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
            ),
            ..Package::default()
        };
        let (text, _) = read(&pkg).expect("reads");
        text.lines().map(String::from).collect()
    }

    const TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    #[test]
    fn strict_files_read_as_transitional_ones() {
        let body = r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>"#;
        assert_eq!(
            lines(body, "http://purl.oclc.org/ooxml/wordprocessingml/main"),
            lines(body, TRANSITIONAL)
        );
    }

    #[test]
    fn a_text_box_is_read_once_and_field_results_without_their_code() {
        let body = concat!(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第3页</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:hyperlink w:history="1"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>尾</w:t></w:r></w:p>"#,
        );
        let got = lines(body, TRANSITIONAL);
        assert_eq!(
            got.iter().filter(|l| l.contains("框内文字")).count(),
            1,
            "{got:?}"
        );
        assert!(got.contains(&"见第3页".to_string()), "{got:?}");
        assert!(got.contains(&"链接文字 尾".to_string()), "{got:?}");
    }

    #[test]
    fn a_dtd_is_refused() {
        let pkg = Package {
            document:
                r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="w"><w:body/></w:document>"#
                    .into(),
            ..Package::default()
        };
        assert!(read(&pkg).unwrap_err().contains("DTD"));
    }

    /// The map's oracle: every piece's XML, decoded on its own, is the text
    /// the piece stands for, and each run's formatting is a `<w:rPr>`.
    #[test]
    fn every_piece_of_text_maps_to_the_xml_it_was_read_from() {
        let body = concat!(
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>甲&amp;乙</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 丙 </w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元一</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr/><w:t>单元二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:ins w:id="1"><w:r><w:t>插入</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:br/><w:t>&#x4E01;</w:t></w:r></w:p>"#,
        );
        let pkg = Package {
            document: format!(
                r#"<w:document xmlns:w="{TRANSITIONAL}"><w:body>{body}</w:body></w:document>"#
            ),
            ..Package::default()
        };
        let (text, _, map) = read_mapped(&pkg).expect("reads");
        assert_eq!(text, "甲&乙  丙 \n单元一 第二段\t单元二\n插入 丁\n");
        let xml = &pkg.document;
        let mut covered = 0;
        for p in &map.pieces {
            let raw = &xml[p.xml.clone()];
            let decoded = match raw {
                "&amp;" => "&".to_string(),
                "&#x4E01;" => "丁".to_string(),
                "<w:tab/>" | "<w:br/>" => " ".to_string(),
                r => r.to_string(),
            };
            assert_eq!(decoded, text[p.src.clone()], "{raw}");
            if let Some(tag) = &p.text_tag {
                assert!(
                    xml[tag.clone()].starts_with("<w:t"),
                    "{}",
                    &xml[tag.clone()]
                );
            }
            covered += p.src.len();
        }
        // Every character but the joins (cell tab, paragraph space, line ends).
        assert_eq!(covered, text.len() - 5);
        let rprs: Vec<&str> = map
            .runs
            .iter()
            .filter_map(|r| r.rpr.clone())
            .map(|r| &xml[r])
            .collect();
        assert_eq!(rprs, ["<w:rPr><w:b/></w:rPr>", "<w:rPr/>"]);
        assert_eq!(
            map.runs.iter().filter(|r| r.revised).count(),
            1,
            "the run inside w:ins"
        );
    }

    #[test]
    fn positions_count_a_byte_order_mark() {
        for bom in ["\u{feff}", "\u{feff}\u{feff}"] {
            let pkg = Package {
                document: format!(
                    "{bom}<w:document xmlns:w=\"{TRANSITIONAL}\"><w:body><w:p><w:r><w:t>甲乙</w:t></w:r></w:p></w:body></w:document>"
                ),
                ..Package::default()
            };
            let (_, _, map) = read_mapped(&pkg).expect("reads");
            let p = &map.pieces[0];
            assert_eq!(&pkg.document[p.xml.clone()], "甲乙");
            assert_eq!(&pkg.document[p.text_tag.clone().unwrap()], "<w:t>");
        }
    }

    #[test]
    fn note_labels_are_the_leading_id() {
        assert_eq!(note_label(" D-001：低保动态管理核查表", 1), "D-001");
        assert_eq!(note_label("XC2024-12: 凭证", 2), "XC2024-12");
        assert_eq!(note_label("见补充材料。", 3), "3");
    }

    #[test]
    fn numbers_in_their_formats() {
        assert_eq!(format_number("chineseCounting", 12), "十二");
        assert_eq!(format_number("decimal", 3), "3");
        assert_eq!(format_number("decimalEnclosedCircle", 2), "②");
    }
}
