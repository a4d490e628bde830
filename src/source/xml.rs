//! Reading the XML parts of a Word package: attributes and events by local
//! name (so that Strict and Transitional files read alike), entities, no DTD.
//! The read layer uses it for the package's relationships, the parse layer
//! ([`crate::document::word`]) for the rest.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

/// The value of an attribute, by local name (`w:val` → `val`).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
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
pub(crate) fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// Reads every event of an XML part, refusing a DTD.
pub(crate) fn events(xml: &str, part: &str, mut each: impl FnMut(Event<'_>)) -> Result<(), String> {
    events_at(xml, part, |e, _| each(e))
}

/// Like [`events`], with each event's byte range in the part.
pub(crate) fn events_at(
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
pub(crate) fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
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
