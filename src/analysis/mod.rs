//! The analysis stage: what the checks read about a report besides its
//! text, computed once per document from the pack-level [`Structure`]
//! (read when the packs load) — the problem part and its statements, each
//! statement's sources and focus, the protected identifier spans, the
//! ordinals. Rules see it through [`crate::rules::Context`]; no rule
//! computes it for another.

pub mod citations;
pub mod focus;
pub mod focusing;
pub mod frameworks;
pub mod problem_part;
pub mod protected;
pub mod stats;

use std::cell::OnceCell;

use crate::document::Document;
use crate::document::ordinal::Ordinal;
use crate::matcher::segment::Segmentation;
use crate::source::evidence::EvidenceSettings;

use citations::Citations;
use focus::FocusSet;
use focusing::Focusing;
use problem_part::{ProblemHeadings, ProblemPart};
use protected::Protected;

/// How a rule set reads a report's structure: settings of the whole set,
/// each defined by one rule of a pack (the problem headings by the `ratio`
/// rule, citations and evidence by `sources`, the focuses by `focuses`) or
/// by `reportlint.yaml`, and read when the packs load.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Which headings begin the problem part (the standard ones unless a
    /// pack's ratio rule gives its own).
    pub headings: ProblemHeadings,
    /// How reports cite their 底稿, when the set has a sources rule.
    pub citations: Option<Citations>,
    /// Where evidence sits beside a report.
    pub evidence: EvidenceSettings,
    /// The focuses, when the set has a focuses rule.
    pub focusing: Option<Focusing>,
}

impl Default for Structure {
    fn default() -> Structure {
        Structure {
            headings: ProblemHeadings::standard(),
            citations: None,
            evidence: EvidenceSettings::default(),
            focusing: None,
        }
    }
}

/// One setting of a [`Structure`], as a rule defines it when it compiles.
#[derive(Debug, Clone)]
pub enum Setting {
    /// The problem headings (the `ratio` kind).
    Headings(ProblemHeadings),
    /// Citations and evidence (the `sources` kind).
    Sources(Citations, EvidenceSettings),
    /// The focuses (the `focuses` kind).
    Focuses(Focusing),
}

impl Setting {
    /// Which part of the structure it sets, as a pack's author knows it.
    pub fn what(&self) -> &'static str {
        match self {
            Setting::Headings(_) => "问题部分的标题（problem_headings）",
            Setting::Sources(..) => "底稿的引用方式和底稿清单（inline_patterns、manifest 等）",
            Setting::Focuses(_) => "聚焦（focuses）",
        }
    }

    /// Sets it in `structure`.
    pub fn apply(self, structure: &mut Structure) {
        match self {
            Setting::Headings(h) => structure.headings = h,
            Setting::Sources(c, e) => {
                structure.citations = Some(c);
                structure.evidence = e;
            }
            Setting::Focuses(f) => structure.focusing = Some(f),
        }
    }
}

/// What the checks read about one report, computed once from its document
/// model and the rule set's [`Structure`].
#[derive(Debug)]
pub struct Analysis<'a> {
    /// The problem part: its sections, items and statements.
    pub problems: ProblemPart,
    /// The identifiers, citations, links and codes no wording rule reads
    /// and no fix touches.
    pub protected: Protected<'a>,
    /// Whether each statement, in statement order, carries a source (all
    /// false when the rule set reads no citations).
    pub sourced: Vec<bool>,
    /// The focuses in force for the report and each statement's focus, when
    /// the rule set has focuses.
    pub focuses: Option<(&'a FocusSet, Vec<Option<usize>>)>,
    /// Each block's text as words, each sentence segmented once, when a
    /// rule first needs its words.
    pub words: Vec<Segmentation<'a>>,
    /// The ordinal at the start of each block, read on first use.
    ordinals: OnceCell<Vec<Option<Ordinal<'a>>>>,
    doc: &'a Document,
    src: &'a str,
}

impl<'a> Analysis<'a> {
    /// Analyses `doc`, read from `src`, as `structure` says.
    pub fn new(structure: &'a Structure, doc: &'a Document, src: &'a str) -> Analysis<'a> {
        let problems = ProblemPart::new(doc, &structure.headings);
        let protected = Protected::new(doc, src, structure.citations.as_ref());
        let sourced = match &structure.citations {
            Some(c) => problems
                .statements
                .iter()
                .map(|st| c.is_sourced(doc, st))
                .collect(),
            None => vec![false; problems.statements.len()],
        };
        let focuses = structure
            .focusing
            .as_ref()
            .map(|f| (f.active(doc), f.classify_claims(doc, &problems)));
        Analysis {
            problems,
            protected,
            sourced,
            focuses,
            words: doc
                .blocks
                .iter()
                .map(|b| Segmentation::new(b.text.as_str()))
                .collect(),
            ordinals: OnceCell::new(),
            doc,
            src,
        }
    }

    /// The ordinal of each body block outside quotes (None for the rest),
    /// in block order.
    pub fn ordinals(&self) -> &[Option<Ordinal<'a>>] {
        self.ordinals.get_or_init(|| {
            self.doc
                .blocks
                .iter()
                .map(|b| b.ordinal.as_ref().map(|m| m.read(self.src)))
                .collect()
        })
    }
}
