//! Writing the XML of tracked changes and comments: runs cut and
//! re-opened with their formatting, names in the part's own prefixes,
//! ids, dates.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::document::word::Part;

/// The author of the comments and tracked changes reportlint writes.
pub const AUTHOR: &str = "reportlint";

/// The names a run's pieces are written with: the namespace prefix
/// (`w:`), the run's and the text's element names (`w:r`, `w:t`), and the
/// run's `<w:rPr>` (its formatting), as XML.
#[derive(Debug, Clone)]
pub(super) struct Names {
    pub(super) p: String,
    pub(super) r: String,
    pub(super) t: String,
    pub(super) rpr: String,
}

/// What is done at one place inside a piece.
#[derive(Debug, Clone)]
pub(super) struct Mark {
    /// Byte offset in the piece's text.
    pub(super) at: usize,
    /// Order among marks at the same place: comment ends, then insertions,
    /// then comment starts.
    pub(super) order: u8,
    /// The XML put there, outside any run.
    pub(super) xml: String,
}

/// The edits of one piece.
#[derive(Debug, Default, Clone)]
pub(super) struct PieceEdits {
    pub(super) marks: Vec<Mark>,
    /// Byte ranges of the piece's text deleted as tracked changes.
    pub(super) deleted: Vec<Range<usize>>,
}

/// A text piece with its edits, as the XML that replaces it (inside its
/// `<w:t>`).
pub(super) fn render_text(
    text: &str,
    e: &PieceEdits,
    names: &Names,
    date: &str,
    next_id: &mut u64,
) -> String {
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
pub(super) fn leave_run(out: &mut String, close: &str, reopen: &str) {
    if out.ends_with(reopen) {
        out.truncate(out.len() - reopen.len());
    } else {
        out.push_str(close);
    }
}

/// An element read as a character (`<w:tab/>`) with marks before or after
/// it, as the XML that replaces it (inside its run).
pub(super) fn render_element(original: &str, len: usize, e: &PieceEdits, names: &Names) -> String {
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
pub(super) fn qualified_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect()
}

/// The namespace prefix of a tag or name, with its colon (`<w:t>`, `w:r` → `w:`).
pub(super) fn prefix_of(tag: &str) -> String {
    let name = qualified_name(tag);
    match name.rfind(':') {
        Some(i) => name[..=i].to_string(),
        None => String::new(),
    }
}

/// The prefix (with its colon) of a part's root element named `local`.
pub(super) fn root_prefix(xml: &str, local: &str) -> Option<String> {
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
pub(super) fn main_namespace(document: &str) -> Option<(String, String)> {
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
pub(super) fn max_id(xml: &str) -> u64 {
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
pub(super) fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}

pub(super) fn part_name(names: &crate::source::package::PartNames, part: Part) -> &str {
    match part {
        Part::Document => &names.document,
        Part::Footnotes => &names.footnotes,
        Part::Endnotes => &names.endnotes,
    }
}

/// When changes made now are dated, in seconds since 1970 (UTC): now, or
/// `SOURCE_DATE_EPOCH` when set (reproducible output). Native programs
/// only: a WebAssembly host has no clock of its own and passes the time.
#[cfg(feature = "native")]
pub fn now() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        })
}

/// Seconds since 1970 as an ISO 8601 UTC time.
pub(super) fn stamp(secs: u64) -> String {
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
