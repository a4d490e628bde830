//! Built-in focus frameworks (聚焦框架): 三个聚焦 (the default), 四个聚焦,
//! 四个落实 and 村（社区）巡察, as data in `rules/frameworks/frameworks.yaml`
//! (embedded at build time). A pack or `reportlint.yaml` selects one by name
//! (`focuses: 四个落实`), a report by its front matter (`framework: 四个落实`).

use std::sync::LazyLock;

use serde::Deserialize;

use super::focus::RawFocus;
use crate::analysis::focus::FocusSet;

/// The embedded frameworks file.
pub const FILE: &str = include_str!("../../rules/frameworks/frameworks.yaml");

/// The framework used when nothing selects one.
pub const DEFAULT: &str = "三个聚焦";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    frameworks: Vec<RawFramework>,
}

/// A framework as the file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFramework {
    /// The name it is selected by.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Where its focuses come from.
    pub source: String,
    /// Its focuses.
    pub focuses: Vec<RawFocus>,
}

/// A built-in framework; its focuses are compiled when first asked for.
#[derive(Debug)]
pub struct Framework {
    /// The name it is selected by.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Where its focuses come from.
    pub source: String,
    raw: &'static [RawFocus],
    set: std::sync::OnceLock<FocusSet>,
}

impl Framework {
    /// Its focuses, with their keyword automaton.
    pub fn set(&self) -> &FocusSet {
        self.set.get_or_init(|| FocusSet::from_raw(self.raw))
    }
}

/// The frameworks as written, in file order.
pub fn raw() -> &'static [RawFramework] {
    static RAW: LazyLock<Vec<RawFramework>> = LazyLock::new(|| {
        // The file is part of the program, checked by a test.
        serde_yaml::from_str::<RawFile>(FILE)
            .map(|f| f.frameworks)
            .unwrap_or_default()
    });
    &RAW
}

/// Every built-in framework, in file order.
pub fn all() -> &'static [Framework] {
    static ALL: LazyLock<Vec<Framework>> = LazyLock::new(|| {
        raw()
            .iter()
            .map(|f| Framework {
                name: f.name.clone(),
                description: f.description.clone(),
                source: f.source.clone(),
                raw: &f.focuses,
                set: std::sync::OnceLock::new(),
            })
            .collect()
    });
    &ALL
}

/// The built-in framework of that name.
pub fn by_name(name: &str) -> Option<&'static Framework> {
    all().iter().find(|f| f.name == name.trim())
}

/// The names of the built-in frameworks, joined for a message.
pub fn names() -> String {
    all()
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_frameworks_load_and_every_alias_compiles() {
        let file: RawFile = serde_yaml::from_str(FILE).expect("frameworks.yaml parses");
        let names: Vec<&str> = file.frameworks.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["三个聚焦", "四个聚焦", "四个落实", "村（社区）巡察"]
        );
        for f in &file.frameworks {
            for focus in &f.focuses {
                for a in &focus.aliases {
                    regex::Regex::new(a).expect("alias compiles");
                }
            }
        }
        assert_eq!(all().len(), 4);
        assert_eq!(by_name("四个落实").map(|f| f.set().focuses.len()), Some(4));
    }

    #[test]
    fn each_framework_names_its_own_headings() {
        let heads = |name: &str, titles: &[&str]| {
            let set = by_name(name).expect("framework").set();
            titles
                .iter()
                .map(|t| {
                    set.named_by(t)
                        .iter()
                        .map(|&i| set.focuses[i].id.as_str())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            heads(
                "四个落实",
                &[
                    "（一）落实党的路线方针政策和党中央重大决策部署方面",
                    "（二）落实全面从严治党战略部署方面",
                    "（三）落实新时代党的组织路线方面",
                    "（四）落实巡视整改方面",
                ]
            ),
            [
                vec!["policy"],
                vec!["discipline"],
                vec!["organization"],
                vec!["rectification"]
            ]
        );
        assert_eq!(
            heads(
                "村（社区）巡察",
                &["（一）落实惠民富民、促进共同富裕政策方面"]
            ),
            [vec!["policy"]]
        );
        assert_eq!(
            heads("四个聚焦", &["（四）巡视巡察整改落实方面"]),
            [vec!["rectification"]]
        );
    }
}
