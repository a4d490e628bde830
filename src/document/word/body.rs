//! The walk over a story (the body, footnotes, endnotes, comments):
//! paragraphs, runs, tables, fields, text boxes and tracked changes to lines.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

use super::map::{Part, RunInfo};
use super::numbering::Numbering;
use super::styles::Style;
use crate::source::xml::{attr, entity, events_at, on};

/// A piece while its paragraph is read: its byte offset and length in the
/// paragraph's text.
#[derive(Debug, Clone)]
pub(super) struct PPiece {
    pub(super) at: usize,
    pub(super) len: usize,
    pub(super) xml: Range<usize>,
    pub(super) text_tag: Option<Range<usize>>,
    pub(super) run: usize,
}

/// Shifts pieces by `by` bytes.
pub(super) fn shifted(pieces: Vec<PPiece>, by: usize) -> impl Iterator<Item = PPiece> {
    pieces
        .into_iter()
        .map(move |p| PPiece { at: p.at + by, ..p })
}

/// A line of the report as read: a paragraph, or a table row.
#[derive(Debug, Default)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) heading: Option<u8>,
    pub(super) bold: bool,
    /// Table rows: cell ranges in `text`; whether it is a table's first row.
    pub(super) cells: Option<(Vec<std::ops::Range<usize>>, bool)>,
    /// Footnote and endnote references: (byte offset in `text`, note key).
    pub(super) refs: Vec<(usize, String)>,
    /// Hyperlink targets in it.
    pub(super) links: Vec<String>,
    /// Where its text came from.
    pub(super) pieces: Vec<PPiece>,
}

/// A paragraph being read.
#[derive(Debug, Default)]
pub(super) struct Para {
    pub(super) text: String,
    pub(super) style: Option<String>,
    pub(super) outline: Option<u8>,
    pub(super) num: Option<(String, u8)>,
    /// Runs with text, and how many of them were bold.
    pub(super) runs: usize,
    pub(super) bold_runs: usize,
    pub(super) refs: Vec<(usize, String)>,
    pub(super) links: Vec<String>,
    pub(super) pieces: Vec<PPiece>,
    /// Its paragraph mark is a tracked deletion: accepted, the paragraph
    /// runs on into the next.
    pub(super) mark_deleted: bool,
}

impl Para {
    /// This paragraph run on into `next` (its mark deleted): one paragraph
    /// with both texts and `next`'s properties, as Word shows it accepted.
    fn join(self, next: Para) -> Para {
        let shift = self.text.len();
        let mut pieces = self.pieces;
        pieces.extend(shifted(next.pieces, shift));
        let mut refs = self.refs;
        refs.extend(next.refs.into_iter().map(|(o, k)| (o + shift, k)));
        let mut links = self.links;
        links.extend(next.links);
        Para {
            text: self.text + &next.text,
            runs: self.runs + next.runs,
            bold_runs: self.bold_runs + next.bold_runs,
            refs,
            links,
            pieces,
            ..next
        }
    }
}

/// A table cell being read: its text, note references and pieces.
#[derive(Debug, Default)]
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) refs: Vec<(usize, String)>,
    pub(super) pieces: Vec<PPiece>,
}

/// Word comments' anchors: id → (first line, last line).
pub(super) type Anchors = HashMap<String, (usize, usize)>;

/// Each note's key and the range of its lines.
pub(super) type Notes = Vec<(String, std::ops::Range<usize>)>;

/// The state of the body reader.
#[derive(Default)]
pub(super) struct Body {
    pub(super) lines: Vec<Line>,
    pub(super) stack: Vec<Para>,
    /// Depth inside elements whose text is not read (deletions, a text
    /// box's fallback copy, field instructions).
    pub(super) skip: usize,
    pub(super) in_text: bool,
    pub(super) in_ppr: bool,
    pub(super) in_rpr: bool,
    /// Inside tracked changes of properties (their old values).
    pub(super) old_props: usize,
    /// Inside a paragraph's own run properties (`w:pPr/w:rPr`: its mark).
    pub(super) in_mark_rpr: bool,
    /// A paragraph whose mark is deleted, waiting to run on into the next.
    pub(super) joined: Option<Para>,
    pub(super) run_bold: bool,
    pub(super) run_has_text: bool,
    /// Complex fields: inside a field's instruction (between begin and separate).
    pub(super) field_instr: Vec<bool>,
    pub(super) num_id: Option<String>,
    pub(super) ilvl: u8,
    /// Table rows being read: the cells, and whether the row is its table's first.
    /// One per table row open, outermost first (a nested table's row is
    /// read into the cell that holds it).
    pub(super) rows: Vec<Vec<Cell>>,
    pub(super) first_row: Vec<bool>,
    /// The part's relationships (hyperlink targets by id).
    pub(super) rels: HashMap<String, String>,
    /// Hyperlink targets of the row being read.
    pub(super) row_links: Vec<String>,
    /// Word comments' anchors.
    pub(super) anchors: Anchors,
    /// The part being read, the byte range of the event being read, and
    /// the runs read so far.
    pub(super) part: Part,
    pub(super) at: Range<usize>,
    pub(super) runs: Vec<RunInfo>,
    /// The run being read (in `runs`), the start of its `<w:rPr>`, and the
    /// `<w:t>` start tag being read.
    pub(super) run: Option<usize>,
    pub(super) rpr_start: usize,
    pub(super) text_tag: Option<Range<usize>>,
    /// Depth inside tracked insertions and moves.
    pub(super) inserted: usize,
    /// How many elements are open, and how many were when the run being
    /// read started: only a run's own children are mapped (a `<w:t>` in
    /// anything else cannot be cut safely).
    pub(super) depth: usize,
    pub(super) run_depth: usize,
    /// How many elements are open inside the `<w:t>` being read.
    pub(super) text_depth: usize,
}

impl Body {
    /// A paragraph ends: its line, or its text added to the table cell it is in.
    fn end_paragraph(&mut self, styles: &HashMap<String, Style>, numbering: &mut Numbering) {
        let Some(mut p) = self.stack.pop() else {
            return;
        };
        // Outside tables, a deleted paragraph mark joins two paragraphs.
        if self.rows.is_empty() {
            if let Some(before) = self.joined.take() {
                p = before.join(p);
            }
            if p.mark_deleted {
                self.joined = Some(p);
                return;
            }
        }
        let line = finish(p, styles, numbering);
        if self.rows.is_empty() {
            self.lines.push(line);
        } else {
            self.add_to_cell(line);
        }
    }

    /// A paragraph (or a nested table's row) becomes part of the innermost
    /// open cell, after a space.
    fn add_to_cell(&mut self, line: Line) {
        let Some(cell) = self.rows.last_mut().and_then(|cells| cells.last_mut()) else {
            self.lines.push(line);
            return;
        };
        if !cell.text.is_empty() && !line.text.is_empty() {
            cell.text.push(' ');
        }
        let base = cell.text.len();
        cell.refs
            .extend(line.refs.into_iter().map(|(o, k)| (base + o, k)));
        cell.pieces.extend(shifted(line.pieces, base));
        cell.text.push_str(&line.text);
        self.row_links.extend(line.links);
    }

    /// Whether the element starting now is a child of the run being read
    /// (and the run's name is a plain XML name that can be written again).
    pub(super) fn in_run(&self) -> bool {
        self.run
            .and_then(|r| self.runs.get(r))
            .is_some_and(|r| plain_name(&r.tag))
            && self.depth == self.run_depth + 1
    }
}

/// Whether an element name is a plain XML name (`w:r`), safe to write in
/// a new tag.
pub(super) fn plain_name(name: &str) -> bool {
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
    pub(super) fn text(&mut self, s: &str) {
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
    pub(super) fn record(&mut self, direct: bool, len: usize, text_tag: Option<Range<usize>>) {
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

    pub(super) fn push_char(&mut self, c: char) {
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
pub(super) fn body(
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
            // An empty paragraph (`<w:p/>`) is a paragraph all the same:
            // Word counts it, and so do the paragraph numbers of findings.
            Event::Empty(s) if s.local_name().as_ref() == "p" => {
                b.stack.push(Para::default());
                b.end_paragraph(styles, numbering);
            }
            Event::Empty(s) => start(&mut b, &s, true, note_tag, &mut note, &mut skip_note),
            Event::End(s) => {
                b.depth = b.depth.saturating_sub(1);
                let name = s.local_name();
                match name.as_ref() {
                    // The old properties of a tracked change close nothing
                    // of the paragraph or run in force.
                    n if b.old_props > 0
                        && !matches!(n, "pPrChange" | "rPrChange" | "numberingChange") => {}
                    "ins" | "moveTo" => b.inserted = b.inserted.saturating_sub(1),
                    "del" | "moveFrom" | "Fallback" | "instrText" | "delText" | "delInstrText"
                    | "rt" => b.skip = b.skip.saturating_sub(1),
                    "pPrChange" | "rPrChange" | "numberingChange" => {
                        b.old_props = b.old_props.saturating_sub(1)
                    }
                    "t" => {
                        b.in_text = false;
                        b.text_tag = None;
                    }
                    "pPr" => {
                        b.in_ppr = false;
                        b.in_mark_rpr = false;
                        if let (Some(p), Some(id)) = (b.stack.last_mut(), b.num_id.take()) {
                            p.num = Some((id, b.ilvl));
                        }
                    }
                    "rPr" if b.in_mark_rpr => b.in_mark_rpr = false,
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
                    "p" => b.end_paragraph(styles, numbering),
                    "tr" => {
                        if let Some(cells) = b.rows.pop() {
                            // A nested table's cells are set apart by spaces,
                            // as paragraphs in a cell are; a row's by tabs.
                            let nested = !b.rows.is_empty();
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
                                if i > 0 && !(nested && c.text.is_empty()) {
                                    text.push(if nested { ' ' } else { '\t' });
                                }
                                let at = text.len();
                                line_refs.extend(c.refs.into_iter().map(|(o, k)| (at + o, k)));
                                pieces.extend(shifted(c.pieces, at));
                                text.push_str(&c.text);
                                ranges.push(at..text.len());
                            }
                            let line = Line {
                                text,
                                cells: Some((ranges, first)),
                                refs: line_refs,
                                links: Vec::new(),
                                pieces,
                                ..Line::default()
                            };
                            if !nested {
                                let links = std::mem::take(&mut b.row_links);
                                b.lines.push(Line { links, ..line });
                            } else {
                                // A nested table's row: part of the cell that holds it.
                                b.add_to_cell(line);
                            }
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
    // A last paragraph whose mark was deleted has nothing to run on into.
    if let Some(p) = b.joined.take() {
        let line = finish(p, styles, numbering);
        b.lines.push(line);
    }
    Ok((b.lines, notes, b.anchors, b.runs))
}

/// An element starts (or is empty, when `empty`).
pub(super) fn start(
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
        "del" | "moveFrom" if b.in_mark_rpr => {
            if let Some(p) = b.stack.last_mut() {
                p.mark_deleted = true;
            }
            if !empty {
                b.skip += 1;
            }
        }
        // Text deleted, a fallback copy, field code, and ruby text (振假名 /
        // 注音 above its base, which is read) are not the text.
        "del" | "moveFrom" | "Fallback" | "instrText" | "delText" | "delInstrText" | "rt"
            if !empty =>
        {
            b.skip += 1
        }
        // A tracked change of properties holds the old ones: not in force.
        "pPrChange" | "rPrChange" | "numberingChange" if !empty => b.old_props += 1,
        _ if b.old_props > 0 => {}
        "ins" | "moveTo" if !empty => b.inserted += 1,
        "p" if !empty => b.stack.push(Para::default()),
        "pPr" if !empty => b.in_ppr = true,
        "rPr" if b.in_ppr && !empty => b.in_mark_rpr = true,
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
        // A symbol (w:sym, in a symbol font) or an emoji Word 2016 stores as
        // w16se:symEx beside a fallback copy (which is skipped): one
        // character, its code as written.
        "sym" | "symEx" if !b.in_ppr => {
            if let Some(c) = attr(s, "char")
                .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                .and_then(char::from_u32)
            {
                b.push_char(c);
            }
        }
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
        "tr" if !empty => b.rows.push(Vec::new()),
        "tc" if !empty => {
            if let Some(cells) = b.rows.last_mut() {
                cells.push(Cell::default());
            }
        }
        _ => {}
    }
}

/// A paragraph read: its number in front, its heading level, bold.
pub(super) fn finish(p: Para, styles: &HashMap<String, Style>, numbering: &mut Numbering) -> Line {
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
pub(super) fn note_label(text: &str, number: usize) -> String {
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
