//! The focuses in force for a report ([`Focusing`]): the configured set or
//! the framework its front matter asks for, and the focus of each
//! statement.

use super::focus::FocusSet;
use super::frameworks::{self, Framework};
use super::problem_part::{ProblemPart, Statement};
use crate::document::Document;

/// The focuses of a rule set, as the pack's focuses rule (or
/// `reportlint.yaml`) sets them: a built-in framework's name, if it is one,
/// and the focuses. A report's front matter may ask for another framework
/// (`framework: 四个落实`).
#[derive(Debug, Clone)]
pub struct Focusing {
    /// The configured framework's name, when it is a built-in one.
    pub framework: Option<String>,
    /// The configured focuses.
    pub set: FocusSet,
}

impl Focusing {
    /// The focuses in force for a report: the framework its front matter
    /// names, or the configured ones.
    pub fn active(&self, doc: &Document) -> &FocusSet {
        match requested_framework(doc).and_then(frameworks::by_name) {
            Some(f) => f.set(),
            None => &self.set,
        }
    }

    /// The focus of every claim, in claim order, under the focuses in force
    /// ([`Focusing::active`]): the one its table row's focus column names, or
    /// that of its nearest enclosing heading naming exactly one focus,
    /// looking up to the heading of the problem part.
    pub fn classify_claims(&self, doc: &Document, problems: &ProblemPart) -> Vec<Option<usize>> {
        let set = self.active(doc);
        let named = set.section_focuses(doc);
        let classify = |st: &Statement| {
            let block = &doc.blocks[st.block];
            if let Some(cell) = &st.focus_cell
                && let [one] = set.named_by(block.text.as_str().get(cell.clone()).unwrap_or(""))[..]
            {
                return Some(one);
            }
            for s in doc.ancestors(block.section) {
                if let Some(f) = named[s] {
                    return Some(f);
                }
                if problems.is_root(s) {
                    break;
                }
            }
            None
        };
        problems.statements.iter().map(classify).collect()
    }

    /// The framework that names this report's focus headings clearly better
    /// than the focuses in force, if one does.
    pub fn better_framework(
        &self,
        doc: &Document,
        problems: &ProblemPart,
    ) -> Option<&'static Framework> {
        let own = self.active(doc).fit(doc, problems);
        frameworks::all()
            .iter()
            .filter(|f| {
                Some(&f.name) != self.framework.as_ref()
                    && requested_framework(doc) != Some(f.name.as_str())
            })
            .map(|f| (f.set().fit(doc, problems), f))
            .filter(|(fit, _)| *fit > own && fit.0 >= 2)
            .max_by_key(|(fit, _)| *fit)
            .map(|(_, f)| f)
    }
}

/// Claims per focus of `set`, in focus order, and the unclassified claims,
/// from the claims' focuses ([`Focusing::classify_claims`]).
pub fn tally<'o>(
    problems: &'o ProblemPart,
    classes: &[Option<usize>],
    set: &FocusSet,
) -> (Vec<usize>, Vec<&'o Statement>) {
    let mut counts = vec![0; set.focuses.len()];
    let mut unclassified = Vec::new();
    for (st, &f) in problems.statements.iter().zip(classes) {
        match f {
            Some(f) => counts[f] += 1,
            None => unclassified.push(st),
        }
    }
    (counts, unclassified)
}

/// The framework a report's front matter asks for (`framework: 四个落实`).
pub fn requested_framework(doc: &Document) -> Option<&str> {
    let fm = doc.front_matter.as_ref()?;
    fm.value.as_ref().ok()?.get("framework")?.as_str()
}
