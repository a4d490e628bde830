//! Structure-level ordinals (层次序数) at the start of headings, paragraphs and
//! list items: 一、 → （一） → 1. → （1） (GB/T 9704-2012 7.3.3), and ① below
//! them. The reader finds them (a typed outline is told by its ordinals);
//! rules read them from [`Block::ordinal`].

use std::ops::Range;

use super::model::{Block, BlockKind, OrdinalMark};

/// The levels, 1-based: GB/T 9704's four, then the circled numbers
/// practice uses beneath them.
pub const LEVEL_NAMES: [&str; 5] = ["一、", "（一）", "1.", "（1）", "①"];

impl OrdinalMark {
    /// The ordinal with its text, borrowed from the source it was found in.
    pub fn read<'a>(&self, src: &'a str) -> Ordinal<'a> {
        Ordinal {
            level: self.level,
            number: self.number,
            span: self.span.clone(),
            written: src.get(self.span.clone()).unwrap_or(""),
        }
    }
}

/// An ordinal found at the start of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ordinal<'a> {
    /// 1 to 4.
    pub level: u8,
    /// The number it carries.
    pub number: u32,
    /// Source span of the ordinal with its mark.
    pub span: Range<usize>,
    /// The ordinal as written, e.g. `(一)、`.
    pub written: &'a str,
}

impl Ordinal<'_> {
    /// How it should be written, e.g. `（一）`.
    pub fn expected(&self) -> String {
        render(self.level, self.number)
    }

    /// Whether it is written as GB/T 9704 says (without writing it out:
    /// every ordinal of every report passes here).
    pub fn well_formed(&self) -> bool {
        if self.level == 5 {
            return self.written.chars().eq(circled(self.number));
        }
        let (open, close) = match self.level {
            1 => ("", "、"),
            3 => ("", "."),
            _ => ("（", "）"),
        };
        let Some(inner) = self
            .written
            .strip_prefix(open)
            .and_then(|r| r.strip_suffix(close))
        else {
            return false;
        };
        if self.level <= 2 {
            return inner == chinese(self.number);
        }
        inner.bytes().all(|b| b.is_ascii_digit())
            && !(inner.len() > 1 && inner.starts_with('0'))
            && inner.parse() == Ok(self.number)
    }
}

/// [`to_chinese`], from a table for the numbers ordinals carry.
fn chinese(n: u32) -> std::borrow::Cow<'static, str> {
    static TABLE: std::sync::LazyLock<Vec<String>> =
        std::sync::LazyLock::new(|| (0..100).map(to_chinese).collect());
    match TABLE.get(n as usize) {
        Some(s) => std::borrow::Cow::Borrowed(s.as_str()),
        None => std::borrow::Cow::Owned(to_chinese(n)),
    }
}

const CN_DIGITS: &str = "〇一二三四五六七八九十百";
const MARKS: [char; 9] = ['、', '.', '．', '，', ',', '：', ':', ' ', '　'];

/// Parses a Chinese numeral from 一 to 九十九.
pub fn parse_chinese(s: &str) -> Option<u32> {
    let digit = |c: char| "〇一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        [d] => digit(*d).filter(|&n| n > 0),
        _ => None,
    }
}

/// Writes 1 to 99 as a Chinese numeral.
pub fn to_chinese(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10 % 10) as usize]),
        _ => format!("{}十{}", D[(n / 10 % 10) as usize], D[(n % 10) as usize]),
    }
}

/// How the ordinal of `level` and `number` is written.
pub fn render(level: u8, number: u32) -> String {
    match level {
        1 => format!("{}、", to_chinese(number)),
        2 => format!("（{}）", to_chinese(number)),
        3 => format!("{number}."),
        4 => format!("（{number}）"),
        _ => circled(number).map_or_else(|| format!("({number})"), String::from),
    }
}

/// ① to ⑳ for 1 to 20.
fn circled(n: u32) -> Option<char> {
    (1..=20)
        .contains(&n)
        .then(|| char::from_u32(0x2460 + n - 1))
        .flatten()
}

/// The number of a circled digit ① to ⑳.
fn circled_number(c: char) -> Option<u32> {
    let n = (c as u32).checked_sub(0x2460)? + 1;
    (n <= 20).then_some(n)
}

/// The white space that indents a line: ASCII, tabs, and the ideographic
/// space (全角空格) of 首行缩进.
pub const INDENT: [char; 3] = [' ', '\t', '\u{3000}'];

/// Where a block's own content starts in the source: after heading hashes,
/// bullet markers and indentation (an ordered list marker is kept: it is the ordinal).
fn content_start(src: &str, block: &Block) -> usize {
    let text = &src[block.span.clone()];
    let mut rest = text.trim_start_matches(INDENT);
    match block.kind {
        BlockKind::Heading(super::model::HeadingLevel::Marked(_)) => {
            rest = rest.trim_start_matches('#').trim_start_matches(INDENT)
        }
        BlockKind::ListItem => {
            if let Some(r) = rest.strip_prefix(['-', '*', '+']) {
                rest = r.trim_start_matches(INDENT);
            }
        }
        _ => {}
    }
    // Bold around a whole line (**（一）……方面**) is markup, not the ordinal.
    rest = rest
        .trim_start_matches(['*', '_'])
        .trim_start_matches(INDENT);
    block.span.start + (text.len() - rest.len())
}

/// The ordinal at the start of a block, if it has one.
pub fn at_start(src: &str, block: &Block) -> Option<OrdinalMark> {
    if matches!(block.kind, BlockKind::TableRow | BlockKind::TableHead) {
        return None;
    }
    let start = content_start(src, block);
    let s = src.get(start..block.span.end.max(start))?;
    let (level, number, len) = parse_prefix(s)?;
    Some(OrdinalMark {
        level,
        number,
        span: start..start + len,
    })
}

/// The ordinal at the start of a line of text (after its indentation), as
/// (level, number, byte length from the start of `s`).
pub fn at_line_start(s: &str) -> Option<(u8, u32, usize)> {
    let rest = s.trim_start_matches(INDENT);
    let (level, number, len) = parse_prefix(rest)?;
    Some((level, number, s.len() - rest.len() + len))
}

/// Parses an ordinal prefix: (level, number, byte length with its mark).
fn parse_prefix(s: &str) -> Option<(u8, u32, usize)> {
    let first = s.chars().next()?;
    if let Some(n) = circled_number(first) {
        return Some((5, n, first.len_utf8()));
    }
    if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let close = s[inner_start..].find(['）', ')'])? + inner_start;
        let inner = &s[inner_start..close];
        let close_len = s[close..].chars().next()?.len_utf8();
        let (level, number) = if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
            (4, inner.parse().ok()?)
        } else if inner.chars().all(|c| CN_DIGITS.contains(c)) {
            (2, parse_chinese(inner)?)
        } else {
            return None;
        };
        let mut len = close + close_len;
        // A mark after a bracketed ordinal is wrong, but belongs to it.
        if let Some(c) = s[len..]
            .chars()
            .next()
            .filter(|c| matches!(c, '、' | '.' | '．' | '，' | ','))
        {
            len += c.len_utf8();
        }
        return Some((level, number, len));
    }
    if first.is_ascii_digit() {
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let mark = s[digits..].chars().next()?;
        if !matches!(mark, '.' | '．' | '、' | '，' | ',' | ')' | '）') {
            return None;
        }
        let after = s[digits + mark.len_utf8()..].chars().next();
        // 12.6万元 is a number, not an ordinal.
        if after.is_some_and(|c| c.is_ascii_digit()) || digits > 3 {
            return None;
        }
        return Some((3, s[..digits].parse().ok()?, digits + mark.len_utf8()));
    }
    if CN_DIGITS.contains(first) {
        let num_len = s.find(|c: char| !CN_DIGITS.contains(c)).unwrap_or(s.len());
        let number = parse_chinese(&s[..num_len])?;
        let mark = s[num_len..].chars().next()?;
        if !MARKS.contains(&mark) {
            return None;
        }
        // 一是……、一定 are words; a space mark needs text after it.
        return Some((1, number, num_len + mark.len_utf8()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..100 {
            assert_eq!(parse_chinese(&to_chinese(n)), Some(n), "{n}");
        }
        assert_eq!(parse_chinese("二十三"), Some(23));
    }

    #[test]
    fn well_formed_is_written_as_rendered() {
        let mut forms = Vec::new();
        for n in 0..120u32 {
            let cn = to_chinese(n);
            for w in [
                format!("{cn}、"),
                format!("（{cn}）"),
                format!("({cn})"),
                format!("（{cn}）、"),
                format!("{cn}."),
                format!("一{cn}、"),
                format!("{n}."),
                format!("0{n}."),
                format!("{n}、"),
                format!("（{n}）"),
                format!("(0{n})"),
                format!("+{n}."),
            ] {
                forms.push((n, w));
            }
        }
        for (n, w) in &forms {
            for level in 1..=4 {
                let o = Ordinal {
                    level,
                    number: *n,
                    span: 0..w.len(),
                    written: w,
                };
                assert_eq!(o.well_formed(), *w == render(level, *n), "{level} {n} {w}");
            }
        }
    }

    #[test]
    fn prefixes_of_each_level() {
        assert_eq!(parse_prefix("一、基本情况"), Some((1, 1, 6)));
        assert_eq!(parse_prefix("十二.标题").map(|p| p.0), Some(1));
        assert_eq!(parse_prefix("（三）问题"), Some((2, 3, 9)));
        assert_eq!(parse_prefix("(三)、问题").map(|p| (p.0, p.2)), Some((2, 8)));
        assert_eq!(parse_prefix("2. 问题"), Some((3, 2, 2)));
        assert_eq!(parse_prefix("2、问题"), Some((3, 2, 4)));
        assert_eq!(parse_prefix("（4）问题"), Some((4, 4, 7)));
        assert_eq!(parse_prefix("12.6万元"), None);
        assert_eq!(parse_prefix("2023年"), None);
        assert_eq!(parse_prefix("一是加强"), None);
        assert_eq!(parse_prefix("（见附件）"), None);
    }
}
