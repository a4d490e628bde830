//! The package's smaller parts: relationships, comments, document
//! properties (read as front matter).

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::document::model::*;
use crate::source::xml::{attr, events};

/// Relationship targets by id (a part's hyperlinks).
pub(super) fn relationships(
    xml: Option<&str>,
    part: &str,
) -> Result<HashMap<String, String>, String> {
    let Some(xml) = xml else {
        return Ok(HashMap::new());
    };
    Ok(crate::source::package::relationships(xml, part)?
        .into_iter()
        .map(|r| (r.id, r.target))
        .collect())
}

/// The text of each Word comment, by id.
pub(super) fn comments(xml: Option<&str>) -> Result<HashMap<String, String>, String> {
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
pub(super) fn properties(xml: Option<&str>) -> Result<Option<FrontMatter>, String> {
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
