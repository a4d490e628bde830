//! What a rule kind is ([`KindDef`]) and what a compiled rule of any kind
//! does ([`Rule`]). A kind is defined in one file under `kinds/` and
//! registered by one line in [`super::kinds::KINDS`]; the loader, `rules`,
//! `explain` and the rule set know kinds only through these two.

use std::fmt::Debug;

use super::compile::Build;
use super::context::{Context, Owned, Scope, small};
use super::meta::RuleMeta;
use super::pack::RawRule;
use crate::diagnostic::Diagnostic;
use crate::matcher::Matcher;

/// A rule kind: its name, the keys it reads, whether its rules run `specs`,
/// the placeholders its messages may use, and how a rule of it compiles.
#[derive(Debug)]
pub struct KindDef {
    /// The name a pack writes in `kind:`.
    pub name: &'static str,
    /// The keys it takes besides the common ones (`id`, `kind`, …): its
    /// `Keys` struct's fields ([`super::keys::fields`]).
    pub keys: fn() -> &'static [&'static str],
    /// Whether its rules run the `specs` written in them.
    pub specs: bool,
    /// The placeholders its messages (its companions' too) may use.
    pub placeholders: &'static [&'static str],
    /// Compiles a rule of this kind; problems go to `Build`, located.
    pub compile: Compile,
}

/// How a kind compiles a rule: its keys (read through `Build`), its
/// meaning, where it looks; `None` when it reported problems.
pub type Compile = fn(&mut Build<'_>, &RawRule, RuleMeta, Scope) -> Option<Box<dyn Rule>>;

/// A compiled rule of some kind.
pub trait Rule: Debug + Send + Sync {
    /// Checks one report.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// The ids it reports under: its own and its companions'.
    fn metas(&self) -> Vec<&RuleMeta>;

    /// The same, to change (severity from configuration).
    fn metas_mut(&mut self) -> Vec<&mut RuleMeta>;

    /// Whether it reads prose (wording, punctuation, repetition): then a
    /// finding inside a protected span (an ID, a citation, a file name…)
    /// is no finding. Rules about structure, sources and sensitive data
    /// read identifiers on purpose. Whatever this says, no fix may touch
    /// a protected span (see [`crate::analysis::protected`]).
    fn reads_prose(&self) -> bool {
        false
    }

    /// The paths (relative to the report) whose status it will read through
    /// [`Context::path_status`]: the read layer looks them up before checks
    /// run, so that no check touches the file system.
    fn paths(&self, _cx: &Context<'_>) -> Vec<String> {
        Vec::new()
    }

    /// The words it wants the rule set's one automaton to find for it.
    fn shared_words(&self) -> Vec<(&str, Owned)> {
        Vec::new()
    }
}

/// The [`Rule::metas`] and [`Rule::metas_mut`] of a kind whose meaning is
/// its `meta` field, with its companions' in the optional fields named
/// (`rule_metas!(unknown, unused)`).
macro_rules! rule_metas {
    ($($companion:ident),* $(,)?) => {
        fn metas(&self) -> Vec<&RuleMeta> {
            [Some(&self.meta), $(self.$companion.as_ref()),*]
                .into_iter()
                .flatten()
                .collect()
        }

        fn metas_mut(&mut self) -> Vec<&mut RuleMeta> {
            [Some(&mut self.meta), $(self.$companion.as_mut()),*]
                .into_iter()
                .flatten()
                .collect()
        }
    };
}

pub(crate) use rule_metas;

/// Boxes a compiled rule (the kinds' `compile` entries use it).
pub fn boxed<R: Rule + 'static>(rule: Option<R>) -> Option<Box<dyn Rule>> {
    rule.map(|r| Box::new(r) as Box<dyn Rule>)
}

/// A matcher's literals and pattern triggers, as words for the rule set's
/// shared automaton.
pub fn matcher_words(m: &Matcher) -> Vec<(&str, Owned)> {
    let literals = m
        .literals()
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), Owned::Literal(small(i))));
    let triggers = m
        .trigger_words()
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), Owned::Trigger(small(i))));
    literals.chain(triggers).collect()
}
