//! Numbers about one report: characters, problem share, claims, sources, focuses.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Analysis;

/// What `stats` and the JSON output report for a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Text characters of the body.
    pub total_chars: usize,
    /// Text characters of the problem part.
    pub problem_chars: usize,
    /// problem_chars / total_chars, rounded to three decimals.
    pub problem_ratio: f64,
    /// Statements (claims needing a 底稿) in the problem part.
    pub claims: usize,
    /// Problem items (numbered entries at the problem level, or unnumbered
    /// paragraphs and rows beneath a focus heading).
    pub items: usize,
    /// Claims with at least one source reference.
    pub sourced_claims: usize,
    /// Claims per focus id (every focus in force for the report, zeros included).
    pub focuses: BTreeMap<String, usize>,
    /// The short Chinese name of each focus id (for the table; not in JSON).
    #[serde(skip)]
    pub focus_names: BTreeMap<String, String>,
    /// The focus ids in their framework's order (for the table; not in JSON).
    #[serde(skip)]
    pub focus_order: Vec<String>,
}

impl Stats {
    /// The stats of an analysed report.
    pub fn new(a: &Analysis<'_>) -> Stats {
        let o = &a.problems;
        let sourced_claims = a.sourced.iter().filter(|&&x| x).count();
        let (focuses, focus_names, focus_order) = match &a.focuses {
            Some((set, classes)) => {
                let (counts, _) = super::focusing::tally(o, classes, set);
                (
                    set.focuses
                        .iter()
                        .map(|x| x.id.clone())
                        .zip(counts)
                        .collect(),
                    set.focuses
                        .iter()
                        .map(|x| (x.id.clone(), x.short.clone()))
                        .collect(),
                    set.focuses.iter().map(|x| x.id.clone()).collect(),
                )
            }
            None => Default::default(),
        };
        Stats {
            total_chars: o.total_chars,
            problem_chars: o.problem_chars,
            problem_ratio: (o.ratio() * 1000.0).round() / 1000.0,
            claims: o.statements.len(),
            items: o.items.len(),
            sourced_claims,
            focuses,
            focus_names,
            focus_order,
        }
    }
}
