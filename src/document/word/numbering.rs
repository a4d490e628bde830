//! numbering.xml: automatic numbering (一、 （一） 1.) as Word shows it in
//! front of its paragraph.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::number_format::format_number;
use crate::source::xml::{attr, events};

/// One level of a numbering definition.
#[derive(Debug, Clone)]
pub(super) struct Level {
    pub(super) format: String,
    /// `w:numFmt`'s `w:format`, for `custom`.
    pub(super) custom: Option<String>,
    pub(super) text: String,
    pub(super) start: u32,
    /// `w:lvlRestart`: restarts after the level of this one-based index or
    /// a higher one (0: never); by default after any higher level.
    pub(super) restart: Option<u32>,
    /// `w:isLgl`: every level's number shown in decimal in this level's label.
    pub(super) legal: bool,
    /// `w:suff`: what follows the label: a tab (Word's default), a space or
    /// nothing.
    pub(super) suffix: &'static str,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            format: "decimal".into(),
            custom: None,
            text: String::new(),
            start: 1,
            restart: None,
            legal: false,
            suffix: "\t",
        }
    }
}

/// An abstract numbering definition.
#[derive(Debug, Default, Clone)]
pub(super) struct Abstract {
    levels: Vec<Level>,
    /// `w:numStyleLink`: the definition is that of the numbering style named.
    style_link: Option<String>,
}

/// A numbering instance (`w:num`): its definition and what it overrides.
#[derive(Debug, Default, Clone)]
pub(super) struct Num {
    abstract_id: String,
    /// ilvl → `w:startOverride`.
    starts: HashMap<usize, u32>,
    /// ilvl → a whole level given in `w:lvlOverride`.
    levels: HashMap<usize, Level>,
}

/// Automatic numbering: its definitions and the counters as the body runs.
///
/// As Word counts: instances (`w:num`) of one abstract definition share one
/// count; an instance that overrides a level's start (`w:startOverride`, as
/// Word's 重新开始于 and LibreOffice's restarted lists write it) sets the
/// count to that start where it is first used, and the count goes on from
/// there, whichever instance the following paragraphs name.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    /// abstractNumId → its definition.
    pub(super) abstracts: HashMap<String, Abstract>,
    /// numId → the instance.
    pub(super) nums: HashMap<String, Num>,
    /// abstractNumId → the current number of each level.
    pub(super) counters: HashMap<String, Vec<u32>>,
    /// The (numId, level) whose start override has been applied.
    started: std::collections::HashSet<(String, usize)>,
    /// numId → its levels in force (definition and overrides), made once.
    in_force: HashMap<String, Vec<Level>>,
}

impl Numbering {
    pub(super) fn parse(xml: Option<&str>) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        let Some(xml) = xml else { return Ok(n) };
        let mut abs: Option<(String, Abstract)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut over: Option<usize> = None;
        events(xml, "word/numbering.xml", |e| match e {
            Event::Start(s) | Event::Empty(s) => match s.local_name().as_ref() {
                "abstractNum" => {
                    abs = attr(&s, "abstractNumId").map(|id| (id, Abstract::default()))
                }
                "numStyleLink" => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.style_link = attr(&s, "val");
                    }
                }
                "lvl" => {
                    let i = attr(&s, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((i, Level::default()));
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.start = v.parse().unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.format = v;
                        l.custom = attr(&s, "format");
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (lvl.as_mut(), attr(&s, "val")) {
                        l.text = v;
                    }
                }
                "suff" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.suffix = match attr(&s, "val").as_deref() {
                            Some("space") => " ",
                            Some("nothing") => "",
                            _ => "\t",
                        };
                    }
                }
                "lvlRestart" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.restart = attr(&s, "val").and_then(|v| v.parse().ok());
                    }
                }
                "isLgl" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.legal = attr(&s, "val")
                            .is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"));
                    }
                }
                "num" => num = attr(&s, "numId").map(|id| (id, Num::default())),
                "abstractNumId" => {
                    if let (Some((_, m)), Some(a)) = (num.as_mut(), attr(&s, "val")) {
                        m.abstract_id = a;
                    }
                }
                "lvlOverride" => over = attr(&s, "ilvl").and_then(|v| v.parse().ok()),
                "startOverride" => {
                    if let (Some((_, m)), Some(i), Some(v)) = (num.as_mut(), over, attr(&s, "val"))
                    {
                        m.starts.insert(i, v.parse().unwrap_or(0));
                    }
                }
                _ => {}
            },
            Event::End(s) => match s.local_name().as_ref() {
                "lvl" => {
                    if let Some((i, l)) = lvl.take() {
                        match (over, num.as_mut(), abs.as_mut()) {
                            // A whole level inside a w:num's lvlOverride.
                            (Some(o), Some((_, m)), _) => {
                                m.levels.insert(o, l);
                            }
                            (_, _, Some((_, a))) => {
                                if a.levels.len() <= i {
                                    a.levels.resize(i + 1, Level::default());
                                }
                                a.levels[i] = l;
                            }
                            _ => {}
                        }
                    }
                }
                "lvlOverride" => over = None,
                "abstractNum" => {
                    if let Some((id, a)) = abs.take() {
                        n.abstracts.insert(id, a);
                    }
                }
                "num" => {
                    if let Some((id, m)) = num.take() {
                        n.nums.insert(id, m);
                    }
                }
                _ => {}
            },
            _ => {}
        })?;
        Ok(n)
    }

    /// Resolves definitions that are a numbering style's (`numStyleLink`):
    /// the style's numbering instance gives the definition.
    pub(super) fn link_styles(&mut self, styles: &HashMap<String, super::styles::Style>) {
        let linked: Vec<(String, Vec<Level>)> = self
            .abstracts
            .iter()
            .filter_map(|(id, a)| {
                let style = styles.get(a.style_link.as_ref()?)?;
                let (num_id, _) = style.num.as_ref()?;
                let target = self.abstracts.get(&self.nums.get(num_id)?.abstract_id)?;
                (!target.levels.is_empty()).then(|| (id.clone(), target.levels.clone()))
            })
            .collect();
        for (id, levels) in linked {
            if let Some(a) = self.abstracts.get_mut(&id) {
                a.levels = levels;
            }
        }
    }

    /// The levels of instance `num`: its definition's, with its overrides.
    fn levels(&self, num: &Num) -> Option<Vec<Level>> {
        let mut levels = self.abstracts.get(&num.abstract_id)?.levels.clone();
        for (&i, l) in &num.levels {
            if levels.len() <= i {
                levels.resize(i + 1, Level::default());
            }
            levels[i] = l.clone();
        }
        for (&i, &start) in &num.starts {
            if let Some(l) = levels.get_mut(i) {
                l.start = start;
            }
        }
        Some(levels)
    }

    /// The number text of the next paragraph of list `num_id` at `ilvl`
    /// (e.g. "（二）"), counting it.
    pub(super) fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let num = self.nums.get(num_id)?;
        if !self.in_force.contains_key(num_id) {
            let levels = self.levels(num)?;
            self.in_force.insert(num_id.to_string(), levels);
        }
        let levels = self.in_force.get(num_id)?;
        let i = ilvl as usize;
        let level = levels.get(i)?;
        let restart = num.starts.contains_key(&i) && self.started.insert((num_id.to_string(), i));
        let counters = self
            .counters
            .entry(num.abstract_id.clone())
            .or_insert_with(|| vec![0; levels.len().max(9)]);
        if counters.len() <= i {
            counters.resize(i + 1, 0);
        }
        counters[i] = if restart || counters[i] == 0 {
            level.start
        } else {
            counters[i] + 1
        };
        // Deeper levels start again, unless their lvlRestart says otherwise.
        for (k, c) in counters.iter_mut().enumerate().skip(i + 1) {
            let restarts = match levels.get(k).and_then(|l| l.restart) {
                None => true,
                Some(0) => false,
                Some(after) => (i as u32) < after,
            };
            if restarts {
                *c = 0;
            }
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
            let format = if level.legal { "decimal" } else { &l.format };
            text = text.replace(
                &format!("%{}", k + 1),
                &format_number(format, value, l.custom.as_deref()),
            );
        }
        text.push_str(level.suffix);
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lvl(ilvl: u8, fmt: &str, text: &str, extra: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>"#
        )
    }

    fn numbering(abstracts: &str, nums: &str) -> Numbering {
        let xml = format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{abstracts}{nums}</w:numbering>"#
        );
        Numbering::parse(Some(&xml)).expect("parses")
    }

    fn outline() -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>"#,
            lvl(0, "taiwaneseCountingThousand", "%1、", ""),
            lvl(1, "chineseCounting", "（%2）", ""),
            lvl(2, "decimal", "%3.", ""),
        )
    }

    /// The labels, without the tab that follows each by default.
    fn labels(n: &mut Numbering, paras: &[(&str, u8)]) -> Vec<String> {
        paras
            .iter()
            .map(|&(id, l)| n.next(id, l).unwrap_or_else(|| "?".into()))
            .map(|l| l.strip_suffix('\t').map(String::from).unwrap_or(l))
            .collect()
    }

    #[test]
    fn the_label_is_followed_by_a_tab_a_space_or_nothing() {
        let abs = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>"#,
            lvl(0, "decimal", "%1.", ""),
            lvl(1, "decimal", "%2.", r#"<w:suff w:val="space"/>"#),
            lvl(2, "decimal", "%3.", r#"<w:suff w:val="nothing"/>"#),
        );
        let mut n = numbering(
            &abs,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let got: Vec<Option<String>> = (0..3).map(|l| n.next("1", l)).collect();
        assert_eq!(
            got,
            [Some("1.\t".into()), Some("1. ".into()), Some("1.".into())]
        );
    }

    #[test]
    fn levels_count_and_deeper_levels_start_again() {
        let mut n = numbering(
            &outline(),
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let got = labels(
            &mut n,
            &[
                ("1", 0),
                ("1", 1),
                ("1", 1),
                ("1", 2),
                ("1", 0),
                ("1", 1),
                ("1", 2),
            ],
        );
        assert_eq!(
            got,
            ["一、", "（一）", "（二）", "1.", "二、", "（一）", "1."]
        );
    }

    #[test]
    fn instances_of_one_definition_continue_unless_one_restarts() {
        let nums = r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;
        let mut n = numbering(&outline(), nums);
        let got = labels(&mut n, &[("1", 2), ("1", 2), ("2", 2), ("3", 2), ("3", 2)]);
        // Word's 重新开始于 1: the third instance starts again; the second continues.
        assert_eq!(got, ["1.", "2.", "3.", "1.", "2."]);
    }

    #[test]
    fn after_a_restart_the_plain_instance_goes_on_counting() {
        // LibreOffice's restarted list: the first item names an instance with
        // startOverride, the next ones the plain instance.
        let nums = r#"<w:num w:numId="6"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="7"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#;
        let mut n = numbering(&outline(), nums);
        let got = labels(&mut n, &[("6", 0), ("6", 0), ("7", 0), ("6", 0), ("7", 0)]);
        assert_eq!(got, ["一、", "二、", "一、", "二、", "三、"]);
    }

    #[test]
    fn a_start_override_other_than_one() {
        let nums = r#"<w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>"#;
        let mut n = numbering(&outline(), nums);
        assert_eq!(labels(&mut n, &[("4", 0), ("4", 0)]), ["三、", "四、"]);
    }

    #[test]
    fn a_whole_level_override() {
        let nums = format!(
            r#"<w:num w:numId="5"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2">{}</w:lvlOverride></w:num>"#,
            lvl(2, "decimalEnclosedParen", "%3", "")
        );
        let mut n = numbering(&outline(), &nums);
        assert_eq!(
            labels(&mut n, &[("5", 0), ("5", 2), ("5", 2)]),
            ["一、", "⑴", "⑵"]
        );
    }

    #[test]
    fn lvl_restart_zero_never_restarts() {
        let abs = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>"#,
            lvl(0, "decimal", "第%1章", ""),
            lvl(1, "decimal", "%2.", r#"<w:lvlRestart w:val="0"/>"#),
        );
        let mut n = numbering(
            &abs,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(
            labels(&mut n, &[("1", 0), ("1", 1), ("1", 0), ("1", 1)]),
            ["第1章", "1.", "第2章", "2."]
        );
    }

    #[test]
    fn legal_numbering_shows_every_level_in_decimal() {
        let abs = format!(
            r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>"#,
            lvl(0, "upperRoman", "%1.", ""),
            lvl(1, "decimal", "%1.%2", r#"<w:isLgl/>"#),
        );
        let mut n = numbering(
            &abs,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        assert_eq!(
            labels(&mut n, &[("1", 0), ("1", 0), ("1", 1)]),
            ["I.", "II.", "2.1"]
        );
    }

    #[test]
    fn numbering_defined_in_a_style() {
        let abs = format!(
            r#"{}<w:abstractNum w:abstractNumId="9"><w:numStyleLink w:val="ReportList"/></w:abstractNum>"#,
            outline().replace(
                "<w:abstractNum w:abstractNumId=\"0\">",
                "<w:abstractNum w:abstractNumId=\"0\"><w:styleLink w:val=\"ReportList\"/>"
            )
        );
        let nums = r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="9"/></w:num>"#;
        let mut n = numbering(&abs, nums);
        let mut styles = HashMap::new();
        styles.insert(
            "ReportList".to_string(),
            super::super::styles::Style {
                num: Some(("1".into(), 0)),
                ..Default::default()
            },
        );
        n.link_styles(&styles);
        assert_eq!(labels(&mut n, &[("2", 0), ("2", 1)]), ["一、", "（一）"]);
    }
}
