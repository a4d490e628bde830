//! `numbering`: structure ordinals follow GB/T 9704-2012 7.3.3: 一、 then
//! （一） then 1. then （1）; the right mark after each; no higher level
//! beneath a lower one; siblings count on from one.

use crate::diagnostic::{Diagnostic, fill};
use crate::document::ordinal::{self, LEVEL_NAMES, Ordinal};
use crate::document::{BlockKind, Document};
use crate::rules::context::Context;
use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::meta::RuleMeta;

/// A compiled numbering rule.
#[derive(Debug, Clone)]
pub struct Numbering {
    /// Its id and texts.
    pub meta: RuleMeta,
}

impl Numbering {
    fn report(&self, out: &mut Vec<Diagnostic>, o: &Ordinal, detail: String) {
        out.push(self.meta.diagnostic(
            o.span.clone(),
            fill(
                &self.meta.message,
                &[("detail", &detail), ("ordinal", o.written)],
            ),
            None,
        ));
    }

    /// Reports every ordinal that breaks the ladder.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let doc: &Document = cx.doc;
        let ords = cx.analysis.ordinals();
        // Per group of siblings (the top, or the section they sit in): a
        // stack of (level, last number); group `s + 1` is section `s`.
        let mut stacks: Vec<Vec<(u8, u32)>> = vec![Vec::new(); doc.sections.len() + 1];
        for (i, b) in doc.blocks.iter().enumerate() {
            let Some(o) = &ords[i] else { continue };
            if !o.well_formed() {
                self.report(
                    out,
                    o,
                    format!("序数“{}”应写作“{}”", o.written, o.expected()),
                );
            }
            let is_heading = matches!(b.kind, BlockKind::Heading(_));
            let start = if is_heading {
                b.section.and_then(|s| doc.sections[s].parent)
            } else {
                b.section
            };
            let parent = doc
                .ancestors(start)
                .find_map(|s| ords[doc.sections[s].heading].as_ref());
            if let Some(p) = parent
                && p.level >= o.level
            {
                self.report(
                    out,
                    o,
                    format!(
                        "“{}”（第{}层）不应在“{}”（第{}层）之下：层次序数依次为{}",
                        o.written,
                        o.level,
                        p.written,
                        p.level,
                        LEVEL_NAMES.join("→")
                    ),
                );
                continue;
            }
            let stack = &mut stacks[start.map_or(0, |s| s + 1)];
            while stack.last().is_some_and(|&(l, _)| l > o.level) {
                stack.pop();
            }
            match stack.last_mut() {
                Some((l, n)) if *l == o.level => {
                    let expected = *n + 1;
                    if o.number == *n {
                        self.report(
                            out,
                            o,
                            format!(
                                "序号“{}”与上一项重复，应为“{}”",
                                o.written,
                                ordinal::render(o.level, expected)
                            ),
                        );
                    } else if o.number != expected {
                        self.report(
                            out,
                            o,
                            format!(
                                "序号不连续：此处应为“{}”",
                                ordinal::render(o.level, expected)
                            ),
                        );
                    }
                    *n = o.number;
                }
                _ => {
                    if o.number != 1 {
                        self.report(
                            out,
                            o,
                            format!("同级序号应从“{}”开始", ordinal::render(o.level, 1)),
                        );
                    }
                    stack.push((o.level, o.number));
                }
            }
        }
    }
}

/// The `numbering` kind: no keys of its own.
pub const KIND: KindDef = KindDef {
    name: "numbering",
    keys: || &[],
    specs: false,
    placeholders: &["detail", "ordinal"],
    compile: |_, _, meta, _| boxed(Some(Numbering { meta })),
};

impl Rule for Numbering {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Numbering::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();
}
