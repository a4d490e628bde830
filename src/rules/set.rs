//! Every rule of a run, compiled once ([`RuleSet`]), and the one automaton
//! that finds all of their words in a block at once ([`SharedLiterals`]).

use crate::analysis::Structure;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

use super::context::{Candidate, Context, Owned, STRUCTURE, small};
use super::kind::Rule;
use super::meta::RuleMeta;

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
    /// Builds the automaton for `checks` and the focus keywords of
    /// `structure`, if there are any words; fails (with the automaton's
    /// reason) only for word lists beyond its capacity.
    pub fn new(
        checks: &[Box<dyn Rule>],
        structure: &Structure,
    ) -> Result<Option<SharedLiterals>, String> {
        let mut words: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (ci, c) in checks.iter().enumerate() {
            for (w, what) in c.shared_words() {
                words.push(w);
                owners.push((ci, what));
            }
        }
        if let Some(f) = &structure.focusing {
            for (i, w) in f.set.keywords().enumerate() {
                words.push(w);
                owners.push((STRUCTURE, Owned::Keyword(small(i))));
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

/// Every rule of a run, compiled once.
#[derive(Debug)]
pub struct RuleSet {
    /// The rules, in pack order.
    pub checks: Vec<Box<dyn Rule>>,
    /// How reports are read: the problem headings, citations, evidence
    /// and focuses, as the pack's rules and the configuration set them.
    pub structure: Structure,
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
            structure: Structure::default(),
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
            .flat_map(|c| c.metas())
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

    /// Runs every check over one document; diagnostics come back sorted by
    /// position, then rule. Protected spans are enforced here, for every
    /// rule alike: a prose rule's finding inside one is dropped, and no fix
    /// that touches one is kept (the finding stays, without it).
    pub fn check(&self, cx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, c) in self.checks.iter().enumerate() {
            let from = out.len();
            c.check(&cx.for_check(i), &mut out);
            if c.reads_prose() {
                let found = out.split_off(from);
                out.extend(
                    found
                        .into_iter()
                        .filter(|d| !cx.analysis.protected.touches(&d.span)),
                );
            }
            for d in &mut out[from..] {
                if d.fix
                    .as_ref()
                    .is_some_and(|f| cx.analysis.protected.touches(&f.span))
                {
                    d.fix = None;
                }
            }
        }
        crate::diagnostic::sort(&mut out);
        out.dedup();
        out
    }
}
