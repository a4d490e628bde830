//! Property tests: for arbitrary Unicode Markdown (CJK, combining marks,
//! emoji, CR/LF mixes, unbalanced markup, typed outlines, lines pasted from
//! Word, indented prose, inline 一是/二是 parts), linting never panics, every span
//! lies inside the text on char boundaries, positions map back to the same
//! offset, and fixing twice gives the same text as fixing once.

use std::sync::OnceLock;

use proptest::prelude::*;
use reportlint::FixSafety;
use reportlint::RuleSet;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;
use reportlint::source::{LineCol, LineIndex};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| build_rule_set(&defaults::sources()).expect("default pack"))
}

const FRAGMENTS: &[&str] = &[
    "# ",
    "## 二、发现的主要问题",
    "### （一）群众身边腐败问题和不正之风方面",
    "- ",
    "1. ",
    "2、",
    "（一）",
    "(1)",
    "一.",
    "**",
    "*",
    "`",
    "```\n",
    "[^D-1]",
    "[^D-1]: 底稿 [凭证](底稿/a.pdf)",
    "[链接](http://a.b/c,d)",
    "<!-- reportlint-disable hedging -- 理由 -->",
    "<!--",
    "-->",
    "| 甲 | 乙 |\n|---|---|\n| 1 | 2 |",
    "---\n",
    "---\nunit: x\n",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "  ",
    "\t",
    "全面以严治党",
    "八项规定精神",
    "中央八项规定精神",
    "据说",
    "可能性",
    "经查,该局",
    "(2023年)",
    "10:30",
    "12.6万元",
    "共发现问题3个",
    "（底稿：D-001）",
    "11010519491231002X",
    "13800138000",
    "😀",
    "e\u{301}",
    "\u{3000}",
    "\u{200b}",
    "某",
    "问题",
    // Real layouts: typed outline, Word paste, indentation, inline parts.
    "    ",
    "\u{3000}\u{3000}",
    "一、基本情况\n",
    "二、巡察发现的主要问题\n",
    "（二）落实全面从严治党战略部署方面\n",
    "**（一）群众身边腐败问题方面**",
    "1.违规发放津补贴。",
    "①",
    "②",
    "一是",
    "二是",
    "有的",
    "。",
    "；",
    "：\n",
    "（见底稿D-1）",
    "（底稿：SC-07，第12页）",
    "（底稿在补充材料里）",
    "上轮巡察发现的15个问题",
    "framework: 四个落实\n",
];

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[\\u{4e00}-\\u{4e80}]{1,6}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// Applies fixes round after round until nothing changes (what --fix does).
fn fix_all(text: &str) -> String {
    let lint = |t: &str| reportlint::lint_text(rules(), "p.md", t, &EvidenceView::default());
    reportlint::fix::rounds::fix_rounds(text, FixSafety::Unsafe, lint(text), lint).0
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_inside_on_char_boundaries_and_positions_round_trip(text in markdown()) {
        let report = reportlint::lint_text(rules(), "p.md", &text, &EvidenceView::default());
        let idx = LineIndex::new(&text);
        for d in &report.diagnostics {
            let spans = std::iter::once(&d.span).chain(d.fix.as_ref().map(|f| &f.span));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= text.len(), "{:?} in {}", s, text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{:?}", s);
            }
            let pos: LineCol = idx.line_col(&text, d.span.start);
            prop_assert_eq!(pos, report.position(d.span.start));
            prop_assert_eq!(idx.offset(&text, pos), Some(d.span.start));
        }
    }

    #[test]
    fn fixing_twice_gives_what_fixing_once_gave(text in markdown()) {
        let once = fix_all(&text);
        let twice = fix_all(&once);
        prop_assert_eq!(once, twice);
    }
}
