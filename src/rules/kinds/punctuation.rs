//! `punctuation`: half-width punctuation touching Chinese text becomes its
//! full-width form (GB/T 15834-2011). Code, link destinations, URLs,
//! decimals (12.6), times (10:30) and ordinals (1.) are left alone.

use crate::rules::kind::{KindDef, Rule, boxed};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Fix, FixSafety, fill};
use crate::rules::compile::{Build, fix_safety};
use crate::rules::context::{Context, Scope};
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;

/// The default map: half-width → full-width.
pub const DEFAULT_MAP: &[(char, char)] = &[
    (',', '，'),
    (';', '；'),
    (':', '：'),
    ('?', '？'),
    ('!', '！'),
    ('(', '（'),
    (')', '）'),
];

/// A compiled punctuation rule.
#[derive(Debug, Clone)]
pub struct Punctuation {
    /// Its id and texts.
    pub meta: RuleMeta,
    scope: Scope,
    map: BTreeMap<char, char>,
    /// The ASCII keys of `map` as bits.
    ascii: u128,
    /// Whether every key of `map` is ASCII (the default marks are), so a
    /// block can be tested on its bytes.
    ascii_only: bool,
    safety: FixSafety,
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '“'
                | '”'
                | '《'
                | '》'
                | '（'
                | '）'
        )
}

fn url_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:https?|ftp|file)://[^\s\p{Han}]+|www\.[^\s\p{Han}]+")
            .expect("valid pattern")
    })
}

impl Punctuation {
    /// Compiles the rule.
    pub fn compile(
        b: &mut Build<'_>,
        raw: &RawRule,
        mut meta: RuleMeta,
        scope: Scope,
    ) -> Option<Punctuation> {
        let k: Keys = b.keys(raw)?;
        let mut map = BTreeMap::new();
        match &k.swap {
            None => map.extend(DEFAULT_MAP.iter().copied()),
            Some(m) => {
                for (k, v) in m {
                    let (mut kc, mut vc) = (k.chars(), v.chars());
                    match (kc.next(), kc.next(), vc.next(), vc.next()) {
                        (Some(a), None, Some(z), None) => {
                            map.insert(a, z);
                        }
                        _ => b.error(
                            &format!("swap.{k}"),
                            "punctuation 规则的 swap 每项须是一个字符对一个字符",
                        ),
                    }
                }
            }
        }
        let safety = fix_safety(k.fix);
        meta.fix = Some(safety);
        let ascii = map
            .keys()
            .filter(|c| c.is_ascii())
            .fold(0u128, |bits, &c| bits | 1u128 << c as u32);
        let ascii_only = map.keys().all(char::is_ascii);
        let rule = Punctuation {
            meta,
            scope,
            map,
            ascii,
            ascii_only,
            safety,
        };
        let specs = if b.self_test { &raw.specs[..] } else { &[] };
        for (i, spec) in specs.iter().enumerate() {
            match (&spec.from, &spec.to) {
                (Some(from), Some(to)) => {
                    let got = rule.apply(from);
                    if &got != to {
                        b.spec_failed(
                            &format!("specs[{i}]"),
                            format!("“{from}”应改为“{to}”，实际得到“{got}”"),
                        );
                    }
                }
                _ => b.error(
                    &format!("specs[{i}]"),
                    "punctuation 规则的自测写作 {from: 原文, to: 改正后}",
                ),
            }
        }
        Some(rule)
    }

    /// Whether `c` is a mark this rule replaces (a bit table for ASCII).
    fn is_candidate(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1u128 << c as u32) != 0
        } else {
            self.map.contains_key(&c)
        }
    }

    /// Half-width marks in a plain text that should be full-width: (byte range, replacement).
    pub fn find(
        &self,
        text: &str,
        skip: &dyn Fn(&Range<usize>) -> bool,
    ) -> Vec<(Range<usize>, char)> {
        // Most blocks hold no half-width mark at all: skip them in one pass.
        let any = if self.ascii_only {
            // Chinese text is mostly bytes ≥ 0x80: look closer only at the
            // eight-byte words that hold an ASCII byte.
            let marked = |w: &[u8]| w.iter().any(|&b| b < 128 && self.ascii & (1u128 << b) != 0);
            let words = text.as_bytes().chunks_exact(8);
            let rest = words.remainder();
            words
                .filter(|w| {
                    let x = u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
                    x & 0x8080_8080_8080_8080 != 0x8080_8080_8080_8080
                })
                .any(marked)
                || marked(rest)
        } else {
            text.chars().any(|c| self.is_candidate(c))
        };
        if !any {
            return Vec::new();
        }
        let urls: Vec<Range<usize>> = url_pattern().find_iter(text).map(|m| m.range()).collect();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let near_han = |i: usize| {
            let prev = i.checked_sub(1).map(|j| chars[j].1);
            let next = chars.get(i + 1).map(|x| x.1);
            prev.is_some_and(is_han) || next.is_some_and(is_han)
        };
        // Bracket pairs convert together when either side touches Chinese.
        let mut partner: Vec<Option<usize>> = vec![None; chars.len()];
        let mut open: Vec<usize> = Vec::new();
        for (i, &(_, c)) in chars.iter().enumerate() {
            if c == '(' {
                open.push(i);
            } else if c == ')'
                && let Some(o) = open.pop()
            {
                partner[i] = Some(o);
                partner[o] = Some(i);
            }
        }
        let contains_han = |a: usize, b: usize| {
            chars[a.min(b)..=a.max(b)]
                .iter()
                .any(|&(_, c)| is_han(c) && c != '（' && c != '）')
        };
        let mut out = Vec::new();
        for (i, &(at, c)) in chars.iter().enumerate() {
            let Some(&full) = self.map.get(&c) else {
                continue;
            };
            let range = at..at + c.len_utf8();
            if skip(&range) || urls.iter().any(|u| u.start <= at && at < u.end) {
                continue;
            }
            let hit = match (c, partner[i]) {
                ('(' | ')', Some(p)) => near_han(i) || near_han(p) || contains_han(i, p),
                (':', _) => {
                    // 10:30 is a time.
                    let digit = |j: Option<usize>| {
                        j.and_then(|j| chars.get(j))
                            .is_some_and(|x| x.1.is_ascii_digit())
                    };
                    near_han(i) && !(digit(i.checked_sub(1)) && digit(Some(i + 1)))
                }
                _ => near_han(i),
            };
            if hit {
                out.push((range, full));
            }
        }
        out
    }

    /// A plain text with every mark fixed (for specs).
    pub fn apply(&self, text: &str) -> String {
        let mut s = text.to_string();
        for (r, c) in self.find(text, &|_| false).into_iter().rev() {
            s.replace_range(r, &c.to_string());
        }
        s
    }

    /// Reports every half-width mark touching Chinese text, with its fix.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, block) in self.scope.blocks(cx) {
            let text = block.text.as_str();
            for (range, full) in self.find(text, &|r| block.text.touches_code(r.clone())) {
                let span = block.text.source_span(range.clone());
                let found = &text[range];
                let replacement = full.to_string();
                let fix = Fix::for_text(cx.src, span.clone(), found, &replacement, self.safety);
                out.push(self.meta.diagnostic(
                    span,
                    fill(
                        &self.meta.message,
                        &[("match", found), ("replacement", &replacement)],
                    ),
                    fix,
                ));
            }
        }
    }
}
/// The keys a `punctuation` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    swap: Option<BTreeMap<String, String>>,
    fix: Option<FixSafety>,
}

/// The `punctuation` kind.
pub const KIND: KindDef = KindDef {
    name: "punctuation",
    keys: crate::rules::keys::fields::<Keys>,
    specs: true,
    placeholders: &["match", "replacement"],
    compile: |b, raw, meta, scope| boxed(Punctuation::compile(b, raw, meta, scope)),
};

impl Rule for Punctuation {
    fn reads_prose(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        Punctuation::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!();
}
