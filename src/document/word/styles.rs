//! styles.xml: which paragraph styles are headings, and at what level.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::source::xml::{attr, events};

/// A paragraph style: its outline level, numbering and parent.
#[derive(Debug, Default, Clone)]
pub(super) struct Style {
    pub(super) outline: Option<u8>,
    pub(super) num: Option<(String, u8)>,
    pub(super) based_on: Option<String>,
}

/// Paragraph styles by id, from styles.xml.
pub(super) fn styles(xml: Option<&str>) -> Result<HashMap<String, Style>, String> {
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
