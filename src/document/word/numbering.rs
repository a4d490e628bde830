//! numbering.xml: automatic numbering (一、 （一） 1.) as Word shows it in
//! front of its paragraph.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::xml::{attr, events};
use crate::document::ordinal::to_chinese;

/// One level of a numbering definition.
#[derive(Debug, Clone)]
pub(super) struct Level {
    pub(super) format: String,
    pub(super) text: String,
    pub(super) start: u32,
}

/// Automatic numbering: its definitions and the counters as the body runs.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// abstractNumId → levels.
    pub(super) abstracts: HashMap<String, Vec<Level>>,
    /// numId → abstractNumId.
    pub(super) nums: HashMap<String, String>,
    /// abstractNumId → the current number of each level.
    pub(super) counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    pub(super) fn parse(xml: Option<&str>) -> Result<Numbering, String> {
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
    pub(super) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
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
pub(super) fn format_number(format: &str, n: u32) -> String {
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
