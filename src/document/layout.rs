//! Layout inference: what a drafter's layout means, so that every later
//! layer sees one [`Document`] whatever the layout. Reports arrive as
//! Markdown written to the tool's template, as a typed outline (the
//! ordinals 一、 （一） 1. on plain lines, GB/T 9704-2012 7.3.3), and as
//! text pasted from Word (one paragraph a line, 首行缩进, no blank lines).
//!
//! The rules, each documented in the README ("报告的写法"):
//!
//! - **Indentation is layout, never markup.** A block CommonMark would read
//!   as indented code but that holds Han text is prose: its indentation is
//!   rewritten, byte for byte, into ideographic spaces before parsing, so
//!   offsets do not move ([`reindent`]). Fenced code stays code.
//! - **A line break ends a paragraph** when the line before it ends a
//!   sentence (。！？；： and …, with closing quotes, brackets or footnote
//!   references after them), when that line is a typed heading, or when the
//!   next line starts with an ordinal (一、 （一） 1. 1、 （1） ①) or with an
//!   ideographic-space indent. Otherwise (a line broken mid-sentence, as a
//!   hard-wrapped Markdown paragraph is) the lines stay one paragraph
//!   ([`breaks_paragraph`]).
//! - **Typed headings.** A paragraph that begins with a first- or
//!   second-level ordinal (一、 （一）, and their wrong forms 一. （一）、)
//!   and reads as a title (no sentence punctuation, no 底稿 mark, at most
//!   [`TITLE_MAX_CHARS`] characters) is a heading at the ordinal's level. So
//!   is a wholly bold paragraph that reads as a title. A numbered line of
//!   the third level or below (1.xxx, （1）xxx, ①xxx) is a problem item's
//!   entry, not a heading ([`infer_headings`]).
//! - **Nesting.** A Markdown heading closes the headings of its level and
//!   below, typed ones included; a typed heading closes typed headings of its
//!   ordinal level and below, and a Markdown heading whose own ordinal is of
//!   that level or below; otherwise it nests beneath the heading before it
//!   ([`build_sections`]).

use std::borrow::Cow;
use std::ops::Range;

use super::model::{BlockKind, Document, HeadingLevel, Section};
use super::ordinal::{self, INDENT};

/// The longest line (in characters) that still reads as a typed heading.
pub const TITLE_MAX_CHARS: usize = 60;

/// Marks that end a sentence (or a lead-in) at the end of a line.
const SENTENCE_END: [char; 11] = ['。', '！', '？', '；', '：', '…', '!', '?', ';', ':', '.'];

/// What may follow the sentence's end on the same line: closing quotes and
/// brackets, emphasis markup.
const CLOSERS: [char; 14] = [
    '”', '’', '）', ')', '》', '」', '』', '】', '〕', ']', '*', '_', '"', '\'',
];

/// Whether a character is a Han ideograph (CJK Unified Ideographs, their
/// extensions, the compatibility blocks).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Whether `src` may hold prose that CommonMark would read as indented
/// code: a line indented by four columns or more that holds Han text. Only
/// then does the reader look for such blocks ([`reindent`]).
pub fn may_hold_indented_prose(src: &str) -> bool {
    src.lines()
        .any(|l| indented_code_like(l) && l.chars().any(is_han))
}

/// `src` with the indentation of the given indented code blocks (those that
/// hold Han text) turned into ideographic spaces: three ASCII bytes to one
/// U+3000, the rest spaces. CommonMark then reads them as paragraphs, and
/// every byte offset stays where it was.
pub fn reindent<'a>(src: &'a str, code_blocks: &[Range<usize>]) -> Cow<'a, str> {
    let mut lines: Vec<usize> = Vec::new();
    for range in code_blocks {
        if !src
            .get(range.clone())
            .is_some_and(|t| t.chars().any(is_han))
        {
            continue;
        }
        // Each line the block touches, from its line start.
        let mut at = src[..range.start].rfind('\n').map_or(0, |i| i + 1);
        while at < range.end {
            lines.push(at);
            at = src[at..].find('\n').map_or(src.len(), |i| at + i + 1);
        }
    }
    if lines.is_empty() {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len());
    let mut copied = 0;
    for start in lines {
        let run = src[start..]
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .count();
        if run == 0 {
            continue;
        }
        out.push_str(&src[copied..start]);
        out.extend(std::iter::repeat_n('\u{3000}', run / 3));
        out.extend(std::iter::repeat_n(' ', run % 3));
        copied = start + run;
    }
    out.push_str(&src[copied..]);
    debug_assert_eq!(out.len(), src.len());
    Cow::Owned(out)
}

/// A line indented by four columns or more (as CommonMark's indented code is).
fn indented_code_like(line: &str) -> bool {
    let mut cols = 0;
    for b in line.bytes() {
        match b {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => break,
        }
        if cols >= 4 {
            return true;
        }
    }
    false
}

/// Whether the line break at `newline` (a soft break inside a Markdown
/// paragraph) ends a paragraph: see the module documentation.
pub fn breaks_paragraph(src: &str, newline: Range<usize>) -> bool {
    let line_start = src[..newline.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[line_start..newline.start];
    let rest = src.get(newline.end..).unwrap_or("");
    let after = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let ordinal_next = ordinal::at_line_start(after).is_some()
        // 第\n二、三次 is one phrase wrapped, not a new entry.
        && !before.trim_end().ends_with('第');
    if after.starts_with('\u{3000}') || ordinal_next {
        return true;
    }
    // A line that reads as a typed heading ends its paragraph, unless it is
    // a full line of hard-wrapped text: the first line of a wrapped
    // （三）加强资金监管，坚决纠治群众身边腐\n败问题…… reads as a title too.
    if typed_heading_line(before) {
        return !wrapped_and_full(src, line_start, newline.end);
    }
    if !ends_sentence(before) {
        return false;
    }
    // （底稿：\nD-005） : no paragraph begins with an ID after a colon.
    if before.trim_end().ends_with(['：', ':'])
        && after.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return false;
    }
    // A sentence end ends a paragraph, unless the lines are hard-wrapped
    // and this one is full: it then ended where the width did.
    !wrapped_and_full(src, line_start, newline.end)
}

/// The widest a hard-wrapped Markdown line is taken to be, in columns:
/// nobody wraps wider; lines pasted from Word (whole paragraphs) mostly are.
const WRAP_MAX_COLUMNS: usize = 120;

/// How many lines either side of a break are looked at to tell whether
/// the lines around it are hard-wrapped.
const WRAP_WINDOW: usize = 16;

/// Whether the line from `line_start` (ending at a soft break, the next
/// line starting at `next`) is a full line of hard-wrapped text. The lines
/// around it (up to a blank line, [`WRAP_WINDOW`] either side) are
/// hard-wrapped when one of them, not the last, breaks mid-sentence (it
/// ends with neither a sentence mark nor a closing bracket or quote) and
/// is full; a line is full when it is within a few columns of the widest
/// line there, which is at most [`WRAP_MAX_COLUMNS`] wide.
fn wrapped_and_full(src: &str, line_start: usize, next: usize) -> bool {
    let width = |l: &str| -> Option<usize> {
        let w = unicode_width::UnicodeWidthStr::width(l.trim_end());
        (w <= WRAP_MAX_COLUMNS).then_some(w)
    };
    let this = src[line_start..next].trim_end_matches(['\n', '\r']);
    let Some(this_width) = width(this) else {
        return false;
    };
    // The lines around, in order: up to the window, not past a blank line.
    let mut lines: Vec<&str> = src[..line_start]
        .split('\n')
        .rev()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .take(WRAP_WINDOW)
        .collect();
    lines.reverse();
    let at = lines.len();
    lines.push(this);
    lines.extend(
        src[next..]
            .split('\n')
            .take_while(|l| !l.trim().is_empty())
            .take(WRAP_WINDOW),
    );
    // Each line's width, once; a line wider than a wrap means no wrapping.
    let Some(widths) = lines
        .iter()
        .map(|l| width(l))
        .collect::<Option<Vec<usize>>>()
    else {
        return false;
    };
    let widest = widths.iter().copied().max().unwrap_or(0);
    let slack = (widest / 8).max(4);
    let full = |w: usize| w + slack >= widest;
    if !full(this_width) {
        return false;
    }
    lines[..lines.len() - 1].iter().enumerate().any(|(i, l)| {
        let l = l.trim_end();
        i != at
            && !ends_sentence(l)
            && !l.ends_with(CLOSERS)
            && !l.ends_with(']')
            && full(widths[i])
            && !lines[i + 1].starts_with('\u{3000}')
            && ordinal::at_line_start(lines[i + 1]).is_none()
    })
}

/// Whether a line ends a sentence, looking past closing marks and footnote
/// references after its last mark.
fn ends_sentence(line: &str) -> bool {
    let mut s = line.trim_end();
    loop {
        // A footnote reference [^ID] at the end.
        if s.ends_with(']')
            && let Some(open) = s.rfind("[^")
            && !s[open + 2..s.len() - 1].contains(['[', ']'])
        {
            s = s[..open].trim_end();
            continue;
        }
        match s.chars().next_back() {
            Some(c) if CLOSERS.contains(&c) => s = &s[..s.len() - c.len_utf8()],
            Some('.') => return ends_with_han_period(s),
            Some(c) => return SENTENCE_END.contains(&c),
            None => return false,
        }
    }
}

/// An ASCII full stop ends a sentence only after Han text (not in 1. or 12.6).
fn ends_with_han_period(s: &str) -> bool {
    s[..s.len() - 1].chars().next_back().is_some_and(is_han)
}

/// Whether a whole line is a typed heading: a first- or second-level
/// ordinal, or bold throughout, and a title's shape.
fn typed_heading_line(line: &str) -> bool {
    let t = line.trim_matches(INDENT);
    let bold = t.len() > 4
        && ((t.starts_with("**") && t.ends_with("**"))
            || (t.starts_with("__") && t.ends_with("__")));
    let inner = if bold { &t[2..t.len() - 2] } else { t };
    match ordinal::at_line_start(inner) {
        Some((level, _, len)) if level <= 2 => reads_as_title(&inner[len..], true),
        Some(_) => false,
        None => bold && reads_as_title(inner, false),
    }
}

/// Whether text (after its ordinal) reads as a title: short, no sentence
/// punctuation, no 底稿 mark or footnote reference; a trailing colon is
/// taken after an ordinal (一、基本情况：), not on an unnumbered bold line
/// (which is a lead-in: **主要存在以下问题：**).
pub fn reads_as_title(text: &str, numbered: bool) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let t = if numbered {
        t.trim_end_matches(['：', ':'])
    } else {
        t
    };
    !t.is_empty()
        && t.chars().count() <= TITLE_MAX_CHARS
        && !t.contains(['。', '！', '？', '；', '!', '?', ';', '：', ':'])
        && !t.ends_with(['，', ',', '、'])
        && !t.contains("底稿")
        && !t.contains("[^")
}

/// Gives every body block outside quotes its ordinal, and turns paragraphs
/// that are typed or bold headings into headings.
pub fn infer_headings(doc: &mut Document, src: &str) {
    for b in &mut doc.blocks {
        if !b.in_body() || b.quote_depth > 0 {
            continue;
        }
        b.ordinal = ordinal::at_start(src, b);
        if b.kind != BlockKind::Paragraph || !b.footnote_refs.is_empty() {
            continue;
        }
        let text = b.text.as_str();
        let level = match &b.ordinal {
            Some(o) if o.level <= 2 => {
                // The ordinal's text length in the plain text: the source
                // span's, less any markup before it.
                let written = src.get(o.span.clone()).unwrap_or("");
                let after = text
                    .find(written)
                    .map_or(text, |at| &text[at + written.len()..]);
                reads_as_title(after, true).then_some(o.level)
            }
            Some(_) => None,
            None => (b.bold && reads_as_title(text, false)).then_some(HeadingLevel::UNNUMBERED),
        };
        let bold_numbered = b.bold && b.ordinal.as_ref().is_some_and(|o| o.level > 2);
        if let Some(level) = level.filter(|_| !bold_numbered) {
            b.kind = BlockKind::Heading(HeadingLevel::Typed(level));
        }
    }
}

/// Whether a new heading closes the open section `top`: where both carry
/// an ordinal, the ordinals decide (a typed （一） stays open beneath a
/// Markdown `#### （1）`); otherwise a Markdown heading closes every typed
/// one and the Markdown ones of its level and below, and a typed heading
/// nests beneath a Markdown heading without an ordinal.
fn closes(new: HeadingLevel, new_ord: Option<u8>, top: HeadingLevel, top_ord: Option<u8>) -> bool {
    match (new, top) {
        (HeadingLevel::Marked(h), HeadingLevel::Marked(t)) => t >= h,
        (HeadingLevel::Typed(k), HeadingLevel::Typed(j)) => j >= k,
        (HeadingLevel::Marked(_), HeadingLevel::Typed(j)) => new_ord.is_none_or(|k| j >= k),
        (HeadingLevel::Typed(k), HeadingLevel::Marked(_)) => top_ord.is_some_and(|j| j >= k),
    }
}

/// Builds the sections from the heading blocks, in document order, and
/// tells every block the innermost section that holds it (a heading, the
/// one it heads).
pub fn build_sections(doc: &mut Document, len: usize) {
    doc.sections.clear();
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..doc.blocks.len() {
        if let BlockKind::Heading(level) = doc.blocks[i].kind {
            let start = doc.blocks[i].span.start;
            let ord = doc.blocks[i].ordinal.as_ref().map(|o| o.level);
            while let Some(&top) = stack.last() {
                let t = &doc.sections[top];
                let top_ord = doc.blocks[t.heading].ordinal.as_ref().map(|o| o.level);
                if !closes(level, ord, t.level, top_ord) {
                    break;
                }
                doc.sections[top].span.end = start;
                stack.pop();
            }
            let idx = doc.sections.len();
            doc.sections.push(Section {
                level,
                title: doc.blocks[i].text.as_str().trim().to_string(),
                heading: i,
                span: start..len,
                parent: stack.last().copied(),
            });
            stack.push(idx);
        }
        doc.blocks[i].section = stack.last().copied();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_are_seen_past_closers_and_references() {
        assert!(ends_sentence("违规发放津补贴12.6万元。"));
        assert!(ends_sentence("涉及资金8.4万元。[^D-001]"));
        assert!(ends_sentence("主要表现在："));
        assert!(ends_sentence("“三会一课”落实不严格。”"));
        assert!(ends_sentence("违规发放。**"));
        assert!(!ends_sentence("截至巡察时仍未完成主体工程，进度"));
        assert!(!ends_sentence("涉及资金12."));
        assert!(!ends_sentence("（底稿：D-1）"));
    }

    #[test]
    fn line_breaks_split_paragraphs_only_where_a_paragraph_ends() {
        let at = |s: &str| {
            let i = s.find('\n').unwrap();
            breaks_paragraph(s, i..i + 1)
        };
        // Pasted from Word: each line a paragraph.
        assert!(at("1.违规发放津补贴（底稿：D-1）。\n2.公款吃喝3.2万元。"));
        assert!(at("（一）群众身边腐败问题和不正之风方面\n违规发放津补贴。"));
        assert!(at("该局存在问题\n　　违规发放津补贴。"));
        assert!(at("1.违规发放津补贴（底稿：D-1）\n2.公款吃喝。"));
        assert!(at("**群众身边腐败问题方面**\n违规发放。"));
        // Hard-wrapped Markdown: one paragraph.
        assert!(!at(
            "县级养老服务中心项目计划2023年6月建成，截至巡察时仍未\n完成主体工程。"
        ));
        assert!(!at("涉及资金\n8.4万元。"));
        assert!(!at("主要表现在\n一是违规发放。"));
        assert!(!at("于2024年\n3、4月份。"));
    }

    #[test]
    fn a_hard_wrapped_line_ending_a_sentence_stays_in_its_paragraph() {
        // Wrapped at 38 columns: the second line ends with 。 where the width did.
        let wrapped = "1. 落实社会救助政策不精准，全县低保动\n\
                       态管理中有17户家庭收入超过保障标准。\n\
                       仍未按规定退出（底稿：D-001）。\n";
        let doc = crate::document::parse(wrapped);
        assert_eq!(doc.blocks.len(), 1, "{:?}", doc.blocks);
        assert!(doc.blocks[0].text.as_str().ends_with("（底稿：D-001）。"));
        // A marker broken after its colon.
        let colon = "1. 违规发放津补贴12.6万元（底稿：\nXC-2025-01-010）。\n";
        assert_eq!(crate::document::parse(colon).blocks.len(), 1);
        // Lines pasted from Word, each a paragraph: no line breaks mid-sentence.
        let pasted = "甲乙丙丁。\n戊己庚辛壬癸子丑寅卯辰巳午未。\n申酉戌亥。\n";
        assert_eq!(crate::document::parse(pasted).blocks.len(), 3);
        // The first line of a wrapped paragraph that reads as a title.
        let titled = "（三）加强资金监管，坚决纠治群众身边腐\n\
                      败问题和不正之风。对惠农补贴、衔接资金\n\
                      开展全面清理，多发的补贴资金限期追回。\n";
        assert_eq!(crate::document::parse(titled).blocks.len(), 1);
        let heading = "（三）群众身边腐败问题方面\n\
                       违规发放津补贴，2023年以来该局以加班补\n\
                       助名义发放未经批准的补贴12.6万元。\n";
        assert_eq!(
            crate::document::parse(heading).blocks.len(),
            2,
            "a short heading line"
        );
        // Nor does a line ending with its 底稿 mark look wrapped.
        let cited = "违规发放津补贴，涉及干部15人（底稿：D-1）\n有的单位整改不到位。\n另有问题。\n";
        assert_eq!(crate::document::parse(cited).blocks.len(), 2);
    }

    #[test]
    fn titles_have_no_sentence_punctuation() {
        assert!(reads_as_title("群众身边腐败问题和不正之风方面", true));
        assert!(reads_as_title("基本情况：", true));
        assert!(!reads_as_title("主要存在以下问题：", false));
        assert!(!reads_as_title("违规发放津补贴12.6万元。", true));
        assert!(!reads_as_title("整合综合窗口。3月起实行", true));
        assert!(!reads_as_title("违规发放津补贴（底稿：D-1）", true));
        assert!(!reads_as_title(&"很长".repeat(31), true));
    }

    #[test]
    fn indented_han_prose_is_re_indented_in_place() {
        let src = "前言。\n\n    　第一段有汉字。\n    第二行。\n\n    plain code\n";
        let first = src.find("    　").unwrap()..src.find("\n\n    plain").unwrap();
        let plain = src.find("    plain").unwrap()..src.len();
        let out = reindent(src, &[first, plain]);
        assert_eq!(out.len(), src.len());
        assert!(
            out.contains("\u{3000} \u{3000}第一段有汉字。\n\u{3000} 第二行。"),
            "{out}"
        );
        assert!(
            out.contains("    plain code"),
            "code without Han is untouched"
        );
        assert!(matches!(reindent("无缩进。\n", &[]), Cow::Borrowed(_)));
        assert!(may_hold_indented_prose(src));
        assert!(!may_hold_indented_prose("  两格缩进。\n    code\n"));
    }

    #[test]
    fn indented_prose_is_read_and_code_stays_code() {
        let src = "前言。\n\n    第一段有汉字。\n\n```\n    code 中文\n```\n\n    plain code\n";
        let doc = crate::document::parse(src);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str().trim()).collect();
        assert_eq!(texts, ["前言。", "第一段有汉字。"]);
        let b = &doc.blocks[1];
        assert_eq!(&src[b.span.clone()].trim(), &"第一段有汉字。");
    }
}
