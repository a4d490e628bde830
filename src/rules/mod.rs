//! The check layer: rule packs (YAML) compiled into checks that read a
//! [`Document`] and report [`Diagnostic`]s.
//!
//! A pack is data: adding a rule of an existing kind needs no Rust. Each kind
//! lives in its own module under [`kinds`].

pub mod builtin;
pub mod defaults;
pub mod frameworks;
pub mod kinds;
pub mod load;

pub mod outline;
/// Ordinals live in the document model; rules read them from there.
pub use crate::document::ordinal;
pub mod pack;
pub mod stats;
pub mod yaml_index;

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Fix, FixSafety, Severity};
use crate::document::{Block, Document, Span};
use crate::source::evidence::{EvidenceSettings, EvidenceView};

pub use kinds::ratio::percent as ratio_percent;
pub use load::{ConfigError, load_pack};
pub use outline::Outline;

/// What a rule id means: everything `rules` and `explain` show.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    /// English kebab-case id.
    pub id: Arc<str>,
    /// The kind that implements it.
    pub kind: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The message template.
    pub message: String,
    /// The long description.
    pub description: String,
    /// Whether its findings carry a fix, and how safe it is.
    pub fix: Option<FixSafety>,
    /// The pack file it came from.
    pub origin: String,
    /// Where its id is written in that file.
    pub position: crate::source::LineCol,
    /// For lexicon rules: the entries with their notes and sources.
    pub entries: Vec<EntryDoc>,
}

/// One lexicon entry as documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDoc {
    /// The wrong form.
    pub wrong: String,
    /// The right form.
    pub right: String,
    /// Why.
    pub note: Option<String>,
    /// Where the right form comes from.
    pub source: Option<String>,
}

impl RuleMeta {
    /// A finding of this rule.
    pub fn diagnostic(&self, span: Span, message: String, fix: Option<Fix>) -> Diagnostic {
        Diagnostic {
            rule: self.id.clone(),
            severity: self.severity,
            span,
            message,
            fix,
        }
    }
}

/// Where a text rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every text block, footnote definitions included.
    Document,
    /// Blocks of the problem part.
    Problem,
    /// Claims: blocks of the problem part holding statements, and the bare
    /// 定性句 leading an item (see [`outline`]).
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
    pub outline: &'a Outline,
    /// The evidence registry beside the report.
    pub evidence: &'a EvidenceView,
    /// The whole rule set, for checks that read another rule's settings.
    pub rules: &'a RuleSet,
    /// Per block: every occurrence of every rule's literals and pattern
    /// triggers, found in one pass by the rule set's shared automaton.
    pub literals: &'a [Vec<Candidate>],
    /// The ordinal at the start of each block, found once for the rules
    /// that read them (see [`Context::ordinals`]).
    pub ordinals: std::cell::OnceCell<Vec<Option<ordinal::Ordinal<'a>>>>,
    /// The focus of each claim under the rule set's focuses check, found
    /// once for that check and the statistics (see [`Context::claim_focuses`]).
    pub claim_focuses: std::cell::OnceCell<Vec<Option<usize>>>,
    /// Whether each claim carries a source under the rule set's sources
    /// check, found once (see [`Context::claims_sourced`]).
    pub claims_sourced: std::cell::OnceCell<Vec<bool>>,
}

/// `find()`, kept in `cell` for the next caller when `shared`.
fn once_if<'c, T: Clone>(
    shared: bool,
    cell: &'c std::cell::OnceCell<Vec<T>>,
    find: impl FnOnce() -> Vec<T>,
) -> std::borrow::Cow<'c, [T]> {
    if shared {
        std::borrow::Cow::Borrowed(cell.get_or_init(find))
    } else {
        std::borrow::Cow::Owned(find())
    }
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

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Candidate {
    fn new(check: usize, what: Owned, range: std::ops::Range<usize>) -> Candidate {
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
    /// The focus of each claim, in claim order, under `f`: found once when
    /// `f` is the rule set's focuses check ([`RuleSet::focuses`]), which the
    /// statistics also read.
    pub fn claim_focuses(
        &self,
        f: &kinds::focuses::Focuses,
    ) -> std::borrow::Cow<'_, [Option<usize>]> {
        let shared = self.rules.focuses().is_some_and(|g| std::ptr::eq(g, f));
        once_if(shared, &self.claim_focuses, || {
            f.classify_claims(self.doc, self.outline)
        })
    }

    /// Whether each claim, in claim order, carries a source under `s`:
    /// found once when `s` is the rule set's sources check
    /// ([`RuleSet::sources`]), which the statistics also read.
    pub fn claims_sourced(&self, s: &kinds::sources::Sources) -> std::borrow::Cow<'_, [bool]> {
        let find = || {
            self.outline
                .claims
                .iter()
                .map(|st| s.is_sourced(self.doc, st))
                .collect::<Vec<bool>>()
        };
        let shared = self.rules.sources().is_some_and(|g| std::ptr::eq(g, s));
        once_if(shared, &self.claims_sourced, find)
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
    pub fn candidates(&self, check: usize, block: usize) -> Option<kinds::matcher::Prefound> {
        let mut found = kinds::matcher::Prefound::default();
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

/// One automaton over the literals and pattern triggers of every existence
/// and substitution check of a rule set, and the focus keywords: one pass
/// over a block's text finds them all.
#[derive(Debug, Clone)]
pub struct SharedLiterals {
    ac: aho_corasick::AhoCorasick,
    /// For each pattern of `ac`: its check and what it is in that check's matcher.
    owners: Vec<(usize, Owned)>,
}

impl SharedLiterals {
    /// Builds the automaton for `checks`, if any has literals or triggers;
    /// fails (with the automaton's reason) only for word lists beyond its
    /// capacity.
    pub fn new(checks: &[Check]) -> Result<Option<SharedLiterals>, String> {
        let mut words: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (ci, c) in checks.iter().enumerate() {
            let m = match c {
                Check::Existence(e) => e.matcher(),
                Check::Substitution(s) => s.matcher(),
                Check::Focuses(f) => {
                    for (ki, w) in f.keywords().enumerate() {
                        words.push(w);
                        owners.push((ci, Owned::Keyword(small(ki))));
                    }
                    continue;
                }
                _ => continue,
            };
            for (li, w) in m.literals().iter().enumerate() {
                words.push(w);
                owners.push((ci, Owned::Literal(small(li))));
            }
            for (ti, w) in m.trigger_words().iter().enumerate() {
                words.push(w);
                owners.push((ci, Owned::Trigger(small(ti))));
            }
        }
        if words.is_empty() {
            return Ok(None);
        }
        let ac = aho_corasick::AhoCorasick::new(&words).map_err(|e| e.to_string())?;
        Ok(Some(SharedLiterals { ac, owners }))
    }

    /// Every occurrence in every block.
    pub fn scan(&self, doc: &Document) -> Vec<Vec<Candidate>> {
        doc.blocks
            .iter()
            .map(|b| {
                self.ac
                    .find_overlapping_iter(b.text.as_str())
                    .map(|m| {
                        let (check, what) = self.owners[m.pattern().as_usize()];
                        Candidate::new(check, what, m.range())
                    })
                    .collect()
            })
            .collect()
    }
}

/// A compiled check of one of the kinds.
#[derive(Debug, Clone)]
pub enum Check {
    /// `existence`
    Existence(kinds::existence::Existence),
    /// `substitution`
    Substitution(kinds::substitution::Substitution),
    /// `ratio`
    Ratio(kinds::ratio::Ratio),
    /// `sources`
    Sources(kinds::sources::Sources),
    /// `focuses`
    Focuses(kinds::focuses::Focuses),
    /// `numbering`
    Numbering(kinds::numbering::Numbering),
    /// `punctuation`
    Punctuation(kinds::punctuation::Punctuation),
    /// `sensitive`
    Sensitive(kinds::sensitive::Sensitive),
    /// `front-matter`
    FrontMatter(kinds::front_matter::FrontMatterRule),
    /// `evidence-files`
    EvidenceFiles(kinds::evidence_files::EvidenceFiles),
    /// `count`
    Count(kinds::count::Count),
}

impl Check {
    /// Runs the check; `index` is its place in the rule set.
    pub fn run(&self, cx: &Context<'_>, index: usize, out: &mut Vec<Diagnostic>) {
        match self {
            Check::Existence(c) => c.check(cx, index, out),
            Check::Substitution(c) => c.check(cx, index, out),
            Check::Ratio(c) => c.check(cx, out),
            Check::Sources(c) => c.check(cx, out),
            Check::Focuses(c) => c.check(cx, index, out),
            Check::Numbering(c) => c.check(cx, out),
            Check::Punctuation(c) => c.check(cx, out),
            Check::Sensitive(c) => c.check(cx, out),
            Check::FrontMatter(c) => c.check(cx, out),
            Check::EvidenceFiles(c) => c.check(cx, out),
            Check::Count(c) => c.check(cx, out),
        }
    }

    /// The ids this check reports under: its own and its companions'.
    pub fn metas(&self) -> Vec<&RuleMeta> {
        match self {
            Check::Existence(c) => vec![&c.meta],
            Check::Substitution(c) => vec![&c.meta],
            Check::Ratio(c) => [Some(&c.meta), c.missing.as_ref()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Sources(c) => [Some(&c.meta), c.unknown.as_ref(), c.unused.as_ref()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Focuses(c) => [Some(&c.meta), c.not_covered.as_ref(), c.mismatch.as_ref()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Numbering(c) => vec![&c.meta],
            Check::Punctuation(c) => vec![&c.meta],
            Check::Sensitive(c) => vec![&c.meta],
            Check::FrontMatter(c) => vec![&c.meta],
            Check::EvidenceFiles(c) => [Some(&c.meta), c.outside.as_ref()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Count(c) => vec![&c.meta],
        }
    }

    fn metas_mut(&mut self) -> Vec<&mut RuleMeta> {
        match self {
            Check::Existence(c) => vec![&mut c.meta],
            Check::Substitution(c) => vec![&mut c.meta],
            Check::Ratio(c) => [Some(&mut c.meta), c.missing.as_mut()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Sources(c) => [Some(&mut c.meta), c.unknown.as_mut(), c.unused.as_mut()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Focuses(c) => [
                Some(&mut c.meta),
                c.not_covered.as_mut(),
                c.mismatch.as_mut(),
            ]
            .into_iter()
            .flatten()
            .collect(),
            Check::Numbering(c) => vec![&mut c.meta],
            Check::Punctuation(c) => vec![&mut c.meta],
            Check::Sensitive(c) => vec![&mut c.meta],
            Check::FrontMatter(c) => vec![&mut c.meta],
            Check::EvidenceFiles(c) => [Some(&mut c.meta), c.outside.as_mut()]
                .into_iter()
                .flatten()
                .collect(),
            Check::Count(c) => vec![&mut c.meta],
        }
    }
}

/// Every rule of a run, compiled once.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The checks, in pack order.
    pub checks: Vec<Check>,
    /// Which headings begin the problem part (from the ratio rule, or the defaults).
    pub problem_part: outline::ProblemPart,
    /// Where evidence sits beside a report (from the sources rule, or the defaults).
    pub evidence: EvidenceSettings,
    /// Rules built into the program (about suppression comments).
    pub builtin: Vec<RuleMeta>,
    /// Rule ids switched off by configuration: they run, but their findings are dropped.
    pub disabled: std::collections::BTreeSet<String>,
    /// The shared automaton over every check's literals.
    pub literals: Option<SharedLiterals>,
    /// The encoding to read reports in, when not detected (`--encoding`, config).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl RuleSet {
    /// A rule set with no rules (for reports of files that could not be read).
    pub fn empty() -> RuleSet {
        RuleSet {
            checks: Vec::new(),
            problem_part: Default::default(),
            evidence: EvidenceSettings::default(),
            builtin: Vec::new(),
            disabled: Default::default(),
            literals: None,
            encoding: None,
        }
    }

    /// Every rule id with its meaning, in pack order.
    pub fn metas(&self) -> Vec<&RuleMeta> {
        self.checks
            .iter()
            .flat_map(Check::metas)
            .chain(&self.builtin)
            .collect()
    }

    /// The rules that report: every rule but the disabled ones.
    pub fn active_metas(&self) -> Vec<&RuleMeta> {
        self.metas()
            .into_iter()
            .filter(|m| !self.disabled.contains(&*m.id))
            .collect()
    }

    /// The meaning of one rule id.
    pub fn meta(&self, id: &str) -> Option<&RuleMeta> {
        self.metas().into_iter().find(|m| &*m.id == id)
    }

    /// Sets the severity of a rule id; false if no rule has that id.
    pub fn set_severity(&mut self, id: &str, severity: Severity) -> bool {
        let mut found = false;
        for c in &mut self.checks {
            for m in c.metas_mut() {
                if &*m.id == id {
                    m.severity = severity;
                    found = true;
                }
            }
        }
        for m in &mut self.builtin {
            if &*m.id == id {
                m.severity = severity;
                found = true;
            }
        }
        found
    }

    /// The sources check, if the pack has one.
    pub fn sources(&self) -> Option<&kinds::sources::Sources> {
        self.checks.iter().find_map(|c| match c {
            Check::Sources(s) => Some(s),
            _ => None,
        })
    }

    /// The focuses check, if the pack has one.
    pub fn focuses(&self) -> Option<&kinds::focuses::Focuses> {
        self.checks.iter().find_map(|c| match c {
            Check::Focuses(f) => Some(f),
            _ => None,
        })
    }

    /// Runs every check over one document; diagnostics come back sorted by
    /// position, then rule.
    pub fn check(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, c) in self.checks.iter().enumerate() {
            c.run(cx, i, &mut out);
        }
        crate::diagnostic::sort(&mut out);
        out.dedup();
        out
    }
}

/// The span of a block's first line: what block-level findings point at.
pub fn first_line(src: &str, span: &Span) -> Span {
    let end = span.end.min(src.len());
    let start = span.start.min(end);
    let Some(text) = src.get(start..end) else {
        return start..start;
    };
    let span = &(start..end);
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    span.start..span.start + text[..end].trim_end().len()
}
