//! What a check reads ([`Context`]): the source, its document model, the
//! outline, the evidence beside the report, and the occurrences the rule
//! set's shared automaton found; and where a text rule looks ([`Scope`]).

use crate::document::{Block, Document};
use crate::source::evidence::EvidenceView;

use crate::analysis::citations::Citations;
use crate::analysis::problem_part::ProblemPart;
use crate::analysis::protected::Protected;
use crate::document::ordinal;
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
                cx.outline
                    .claim_scope()
                    .into_iter()
                    .map(move |i| (i, &doc.blocks[i])),
            ),
            Scope::Problem => {
                Box::new(all.filter(move |(_, b)| b.in_body() && cx.outline.block_in_problem(b)))
            }
            Scope::Heading => Box::new(all.filter(|(_, b)| matches!(b.kind, Heading(_)))),
            Scope::Paragraph => {
                Box::new(all.filter(|(_, b)| b.in_body() && matches!(b.kind, Paragraph | ListItem)))
            }
        }
    }
}

/// What a check reads: the source, its document model, the outline computed
/// from the pack's structure settings, and the evidence beside the report.
pub struct Context<'a> {
    /// The report text.
    pub src: &'a str,
    /// Its document model.
    pub doc: &'a Document,
    /// Problem part and claims.
    pub outline: &'a ProblemPart,
    /// The evidence registry beside the report.
    pub evidence: &'a EvidenceView,
    /// The identifiers, citations, links and codes no wording rule reads
    /// and no fix touches (see [`Protected`]).
    pub protected: &'a Protected<'a>,
    /// How sources are cited (the sources rule's markers), for rules that
    /// read the citations of a report (see [`Citations`]).
    pub citations: Option<&'a Citations>,
    /// Per block: every occurrence of every rule's literals and pattern
    /// triggers, found in one pass by the rule set's shared automaton.
    pub literals: &'a [Vec<Candidate>],
    /// The ordinal at the start of each block, found once for the rules
    /// that read them (see [`Context::ordinals`]).
    pub ordinals: std::cell::OnceCell<Vec<Option<ordinal::Ordinal<'a>>>>,
    /// The focus of each claim, found once by the focuses rule for itself
    /// and the statistics (keyed by the rule's address; see [`Context::once`]).
    pub claim_focuses: std::cell::OnceCell<(usize, Vec<Option<usize>>)>,
    /// Whether each claim carries a source, found once by the sources rule
    /// (keyed likewise).
    pub claims_sourced: std::cell::OnceCell<(usize, Vec<bool>)>,
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

impl<'a> Context<'a> {
    /// `find()` for the rule at `owner` (an address), kept in `cell` for
    /// the next caller: the first rule to ask fills the cell, later calls
    /// from the same rule read it, and another rule computes its own.
    pub fn once<'c, T: Clone>(
        cell: &'c std::cell::OnceCell<(usize, Vec<T>)>,
        owner: usize,
        find: impl Fn() -> Vec<T>,
    ) -> std::borrow::Cow<'c, [T]> {
        let (who, value) = cell.get_or_init(|| (owner, find()));
        if *who == owner {
            std::borrow::Cow::Borrowed(value)
        } else {
            std::borrow::Cow::Owned(find())
        }
    }

    /// The ordinal of each body block outside quotes (None for the rest),
    /// in block order; computed on first use.
    pub fn ordinals(&self) -> &[Option<ordinal::Ordinal<'a>>] {
        self.ordinals.get_or_init(|| {
            self.doc
                .blocks
                .iter()
                .map(|b| b.ordinal.as_ref().map(|m| m.read(self.src)))
                .collect()
        })
    }

    /// The literal and trigger occurrences of check `check` in block
    /// `block`, or `None` when the rule set has no shared automaton (the
    /// check searches itself).
    pub fn candidates(&self, check: usize, block: usize) -> Option<Prefound> {
        let mut found = Prefound::default();
        for (what, range) in self.occurrences(check, block)? {
            match what {
                Owned::Literal(i) => found.literals.push((i as usize, range)),
                Owned::Trigger(i) => found.triggers.push((i as usize, range)),
                Owned::Keyword(_) => {}
            }
        }
        Some(found)
    }

    /// Every occurrence of check `check`'s words in block `block`, or
    /// `None` when the rule set has no shared automaton.
    pub fn occurrences(
        &self,
        check: usize,
        block: usize,
    ) -> Option<impl Iterator<Item = (Owned, std::ops::Range<usize>)> + '_> {
        Some(
            self.literals
                .get(block)?
                .iter()
                .filter(move |c| c.check as usize == check)
                .map(|c| (c.what, c.range())),
        )
    }
}
