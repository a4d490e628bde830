//! What a check reads ([`Context`]): the source, its document model, its
//! analysis, the evidence beside the report, and the occurrences the rule
//! set's shared automaton found; and where a text rule looks ([`Scope`]).

use crate::document::{Block, Document};
use crate::source::evidence::{EvidenceView, PathStatus, PathStatuses};

static NO_PATHS: PathStatuses = PathStatuses::new();

use crate::analysis::{Analysis, Structure};
use crate::matcher::Prefound;

/// Where a text rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every text block, footnote definitions included.
    Document,
    /// Blocks of the problem part.
    Problem,
    /// Claims: blocks of the problem part holding statements, and the bare
    /// 定性句 leading an item (see [`crate::analysis::problem_part`]).
    Claim,
    /// Headings.
    Heading,
    /// Paragraphs and list items of the body.
    Paragraph,
}

impl Scope {
    /// Parses a scope name.
    pub fn parse(s: &str) -> Option<Scope> {
        Some(match s {
            "document" => Scope::Document,
            "problem" => Scope::Problem,
            "claim" => Scope::Claim,
            "heading" => Scope::Heading,
            "paragraph" => Scope::Paragraph,
            _ => return None,
        })
    }

    /// The blocks of `cx` in this scope, in document order.
    pub fn blocks<'a>(
        self,
        cx: &'a Context<'_>,
    ) -> Box<dyn Iterator<Item = (usize, &'a Block)> + 'a> {
        use crate::document::BlockKind::*;
        let doc = cx.doc;
        let all = doc.blocks.iter().enumerate();
        match self {
            Scope::Document => Box::new(all),
            Scope::Claim => Box::new(
                cx.analysis
                    .problems
                    .claim_scope()
                    .into_iter()
                    .map(move |i| (i, &doc.blocks[i])),
            ),
            Scope::Problem => Box::new(
                all.filter(move |(_, b)| b.in_body() && cx.analysis.problems.block_in_problem(b)),
            ),
            Scope::Heading => Box::new(all.filter(|(_, b)| matches!(b.kind, Heading(_)))),
            Scope::Paragraph => {
                Box::new(all.filter(|(_, b)| b.in_body() && matches!(b.kind, Paragraph | ListItem)))
            }
        }
    }
}

/// What a check reads: the source, its document model, its analysis (the
/// problem part, statements and their sources and focuses, protected
/// spans) under the rule set's structure settings, the evidence beside the
/// report, and the occurrences of the rule's words found by the rule set's
/// shared automaton. One is made per report; each rule gets a copy naming it
/// ([`Context::for_check`]).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The report text.
    pub src: &'a str,
    /// Its document model.
    pub doc: &'a Document,
    /// What the analysis stage found in it.
    pub analysis: &'a Analysis<'a>,
    /// The rule set's structure settings (citations, focuses…).
    pub structure: &'a Structure,
    /// The evidence registry beside the report.
    pub evidence: &'a EvidenceView,
    /// Per block: every occurrence of every rule's literals and pattern
    /// triggers, found in one pass by the rule set's shared automaton.
    pub literals: &'a [Vec<Candidate>],
    /// The status of every path a rule asked about ([`super::kind::Rule::paths`]),
    /// looked up by the read layer before the checks.
    pub paths: &'a PathStatuses,
    /// The rule being run: its number in [`Context::literals`].
    check: usize,
}

/// An occurrence of a rule's literal or trigger in a block's text. Every
/// occurrence in a report is held while its checks run, so it is kept
/// small: 20 bytes (a block's text, read from one file, is below 4 GiB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the check in [`RuleSet::checks`].
    check: u32,
    /// What occurred: a literal or a trigger of that check's matcher.
    what: Owned,
    /// Where, in the block's plain text.
    start: u32,
    end: u32,
}

/// A word of the shared automaton, as its check numbers it (indexes fit in
/// 32 bits: they count the words of one rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    /// The matcher's literal with this index.
    Literal(u32),
    /// The matcher's trigger literal with this index.
    Trigger(u32),
    /// The focus keyword with this index.
    Keyword(u32),
}

pub(crate) fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Candidate {
    pub(crate) fn new(check: usize, what: Owned, range: std::ops::Range<usize>) -> Candidate {
        Candidate {
            check: small(check),
            what,
            start: small(range.start),
            end: small(range.end),
        }
    }

    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The check number of words that belong to the rule set's structure (the
/// focus keywords), not to one rule.
pub const STRUCTURE: usize = u32::MAX as usize;

impl<'a> Context<'a> {
    /// A context for the report with no rule named yet.
    pub fn new(
        src: &'a str,
        doc: &'a Document,
        analysis: &'a Analysis<'a>,
        structure: &'a Structure,
        evidence: &'a EvidenceView,
        literals: &'a [Vec<Candidate>],
    ) -> Context<'a> {
        Context {
            src,
            doc,
            analysis,
            structure,
            evidence,
            literals,
            paths: &NO_PATHS,
            check: STRUCTURE,
        }
    }

    /// The same context, with the paths' statuses looked up.
    pub fn with_paths(self, paths: &'a PathStatuses) -> Context<'a> {
        Context { paths, ..self }
    }

    /// Where a path the rule named in [`super::kind::Rule::paths`] leads.
    pub fn path_status(&self, path: &str) -> PathStatus {
        self.paths.get(path).copied().unwrap_or(PathStatus::Missing)
    }

    /// The same context, for the rule numbered `check` in the rule set.
    pub fn for_check(self, check: usize) -> Context<'a> {
        Context { check, ..self }
    }

    /// The literal and trigger occurrences of this rule's words in block
    /// `block`, or `None` when the rule set has no shared automaton (the
    /// rule searches itself).
    pub fn candidates(&self, block: usize) -> Option<Prefound> {
        let mut found = Prefound::default();
        for (what, range) in self.occurrences_of(self.check, block)? {
            match what {
                Owned::Literal(i) => found.literals.push((i as usize, range)),
                Owned::Trigger(i) => found.triggers.push((i as usize, range)),
                Owned::Keyword(_) => {}
            }
        }
        Some(found)
    }

    /// The occurrences of the focus keywords in block `block` (their
    /// indexes in [`crate::analysis::focus::FocusSet::keywords`]), or `None`
    /// when the rule set has no shared automaton.
    pub fn keywords(&self, block: usize) -> Option<Vec<(usize, std::ops::Range<usize>)>> {
        Some(
            self.occurrences_of(STRUCTURE, block)?
                .filter_map(|(what, r)| match what {
                    Owned::Keyword(k) => Some((k as usize, r)),
                    _ => None,
                })
                .collect(),
        )
    }

    /// Every occurrence of this rule's words in block `block`, or `None`
    /// when the rule set has no shared automaton.
    pub fn occurrences(
        &self,
        block: usize,
    ) -> Option<impl Iterator<Item = (Owned, std::ops::Range<usize>)> + '_> {
        self.occurrences_of(self.check, block)
    }

    fn occurrences_of(
        &self,
        check: usize,
        block: usize,
    ) -> Option<impl Iterator<Item = (Owned, std::ops::Range<usize>)> + '_> {
        let check = small(check);
        Some(
            self.literals
                .get(block)?
                .iter()
                .filter(move |c| c.check == check)
                .map(|c| (c.what, c.range())),
        )
    }
}
