//! Protected spans ([`Protected`]): the parts of a report that are
//! identifiers, not prose. A wording rule finds nothing inside one, and no
//! fix of any rule may touch one, so that `--fix` never changes a 底稿 ID,
//! a citation, a file name, a link, a 发文字号, a time or a code.
//!
//! What is protected, found once per report from its document model:
//!
//! - every recognised citation marker whole (（底稿：XC-2025-01-010）), as
//!   the sources rule defines them ([`Citations`]);
//! - footnote references and the labels of footnote definitions
//!   (`[^D-2024-05-06]`), and link destinations;
//! - in the text of every block: ID-shaped tokens (ASCII letters and
//!   digits joined by `-` `_` `/` `.` `:` with at least one letter, or
//!   mixing letters and digits: `XC-2025-01-010`, `D-001`, `MA6C12345X`,
//!   `v1.2`), runs of three or more numbers that are not a real date
//!   (`2025-01-010`, `2024-02-30`, `1.2.3`), times (`8:00-12:00`, `17：30`),
//!   URLs, file names with an extension and paths (`底稿/D-001.pdf`,
//!   `低保核查表.xlsx`), and 发文字号 years and numbers (`〔2024〕7号`).
//!
//! A date written in digits (`2024-03-05`, `2024.3.5`) is no identifier
//! when its month and day are real and nothing is glued to it: the
//! number-usage rule may rewrite it as 2024年3月5日.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::citations::Citations;
use crate::document::Document;

/// The protected byte ranges of one report. Footnote labels and link
/// destinations are gathered when it is made; a block's identifiers and
/// citation marks are found the first time a finding or fix in that block
/// asks (few blocks of a report have one), then kept.
#[derive(Debug, Default)]
pub struct Protected<'a> {
    doc: Option<&'a Document>,
    citations: Option<&'a Citations>,
    fixed: Spans,
    blocks: Vec<std::cell::OnceCell<Spans>>,
}

/// Byte ranges, sorted and merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Spans(Vec<Range<usize>>);

impl Spans {
    fn new(mut spans: Vec<Range<usize>>) -> Spans {
        spans.retain(|r| !r.is_empty());
        spans.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for r in spans {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Spans(merged)
    }

    fn touches(&self, range: &Range<usize>) -> bool {
        // The first span that ends after the range's start.
        let i = self.0.partition_point(|s| s.end <= range.start);
        let Some(s) = self.0.get(i) else {
            return false;
        };
        if range.is_empty() {
            s.start < range.start
        } else {
            s.start < range.end
        }
    }
}

impl<'a> Protected<'a> {
    /// The protected spans of a report (see the module documentation).
    pub fn new(doc: &'a Document, src: &str, citations: Option<&'a Citations>) -> Protected<'a> {
        let mut spans: Vec<Range<usize>> =
            doc.footnote_refs.iter().map(|r| r.span.clone()).collect();
        for d in &doc.footnote_defs {
            if let Some(head) = src.get(d.span.clone())
                && head.starts_with("[^")
                && let Some(end) = head.find("]:")
            {
                spans.push(d.span.start..d.span.start + end + 2);
            }
        }
        for l in &doc.links {
            let Some(text) = src.get(l.span.clone()) else {
                continue;
            };
            // `[text](dest)`: the destination; `<dest>`: all of it.
            match text.rfind("](") {
                Some(at) if text.starts_with('[') => spans.push(l.span.start + at..l.span.end),
                _ if text.starts_with('<') => spans.push(l.span.clone()),
                _ => {}
            }
        }
        Protected {
            doc: Some(doc),
            citations,
            fixed: Spans::new(spans),
            blocks: (0..doc.blocks.len()).map(|_| Default::default()).collect(),
        }
    }

    /// Protected spans given directly, for tests.
    #[cfg(test)]
    fn from_spans(spans: Vec<Range<usize>>) -> Protected<'static> {
        Protected {
            fixed: Spans::new(spans),
            ..Protected::default()
        }
    }

    /// The identifiers and citation marks of block `i`, in source bytes.
    fn block(&self, i: usize) -> &Spans {
        self.blocks[i].get_or_init(|| {
            let Some(b) = self.doc.and_then(|d| d.blocks.get(i)) else {
                return Spans::default();
            };
            let text = b.text.as_str();
            let mut local = identifier_ranges(text);
            if let Some(c) = self.citations {
                local.extend(c.markers(text));
            }
            Spans::new(local.into_iter().map(|r| b.text.source_span(r)).collect())
        })
    }

    /// Whether `range` shares a byte with a protected span, or (when empty,
    /// an insertion point) falls strictly inside one.
    pub fn touches(&self, range: &Range<usize>) -> bool {
        if self.fixed.touches(range) {
            return true;
        }
        let Some(doc) = self.doc else {
            return false;
        };
        // The blocks the range reaches into (blocks are in source order).
        let first = doc.blocks.partition_point(|b| b.span.end <= range.start);
        (first..doc.blocks.len())
            .take_while(|&i| doc.blocks[i].span.start <= range.end)
            .any(|i| self.block(i).touches(range))
    }
}

/// File extensions that make a name a file name.
const EXTENSIONS: &str = "pdf|docx?|xlsx?|pptx?|wps|et|dps|ofd|txt|md|csv|jpe?g|png|gif|tiff?|zip|rar|7z|mp3|mp4|wav|amr|html?";

/// Identifier-shaped ranges of a plain text (see the module documentation).
pub fn identifier_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // ASCII runs of letters, digits and joiners.
    let mut i = 0;
    while i < bytes.len() {
        if !is_token_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let url = text[i..].starts_with("http://") || text[i..].starts_with("https://");
        while i < bytes.len() && (is_token_byte(bytes[i]) || url && is_url_byte(bytes[i])) {
            i += 1;
        }
        if let Some(r) = classify(text, start..i, url) {
            out.push(r);
        }
    }
    // Each pattern only where its telling character is.
    if text.contains('号') {
        out.extend(DOC_NUMBER.find_iter(text).map(|m| m.range()));
    }
    if bytes
        .windows(4)
        .any(|w| w[0].is_ascii_digit() && w[1..] == *"：".as_bytes())
    {
        out.extend(WIDE_TIME.find_iter(text).map(|m| m.range()));
    }
    let extension = bytes
        .windows(2)
        .any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic());
    if extension {
        for caps in FILE_NAME.captures_iter(text) {
            // Not the start of a longer name (a.pdfx).
            if let Some(m) = caps.name("name")
                && !bytes.get(m.end()).is_some_and(u8::is_ascii_alphanumeric)
            {
                out.push(m.range());
            }
        }
    }
    out
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b':' | b'\\')
}

fn is_url_byte(b: u8) -> bool {
    matches!(
        b,
        b'?' | b'=' | b'&' | b'%' | b'#' | b'+' | b'~' | b'@' | b'!' | b',' | b';'
    )
}

const JOINERS: [char; 6] = ['-', '_', '.', '/', ':', '\\'];

/// Whether an ASCII run (joiners at its ends trimmed) is an identifier,
/// and its range if so.
fn classify(text: &str, run: Range<usize>, url: bool) -> Option<Range<usize>> {
    let raw = &text[run.clone()];
    if url {
        let t = raw.trim_end_matches(['.', ',', ';', '!', '?', ':']);
        return Some(run.start..run.start + t.len());
    }
    let lead = raw.len() - raw.trim_start_matches(JOINERS).len();
    let t = raw.trim_start_matches(JOINERS).trim_end_matches(JOINERS);
    if t.is_empty() {
        return None;
    }
    let range = run.start + lead..run.start + lead + t.len();
    let letters = t.bytes().any(|b| b.is_ascii_alphabetic());
    let digits = t.bytes().any(|b| b.is_ascii_digit());
    let joined = t.contains(JOINERS);
    if letters {
        // A word (PDF, App) is no identifier; letters with digits or joiners are.
        return (digits || joined).then_some(range);
    }
    if !joined {
        return None;
    }
    if t.contains(':') {
        // 8:00, 8:00-12:00.
        return TIME.is_match(t).then_some(range);
    }
    let groups: Vec<&str> = t.split(JOINERS).collect();
    let seps: Vec<char> = t.chars().filter(|c| JOINERS.contains(c)).collect();
    match groups.len() {
        // 12.6, 3-5, 2024/2025: numbers and ranges, the number rules' to read.
        2 => None,
        3 if seps[0] == seps[1] && is_date(&groups) => None,
        _ => Some(range),
    }
}

/// Whether three numbers are a real year, month and day.
fn is_date(groups: &[&str]) -> bool {
    let num = |s: &str, max_len: usize| {
        (!s.is_empty() && s.len() <= max_len)
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(groups[0], 4), num(groups[1], 2), num(groups[2], 2))
    else {
        return false;
    };
    if groups[0].len() != 4 || !(1900..=2099).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[-~][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
        .expect("valid")
});

static WIDE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{1,2}：[0-9]{2}(?:[-—～~][0-9]{1,2}：[0-9]{2})?").expect("valid")
});

/// 〔2024〕7号 and its misbracketed forms: the year and the number.
static DOC_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[〔\[［【(（][0-9]{4}[〕\]］】)）]第?[0-9]+号").expect("valid"));

/// A file name with an extension, in a folder or not: it begins after a
/// delimiter (so the sentence before it is not taken in).
static FILE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[\s：:，,、；;（(“「《〈【\[=](?P<name>(?:[\p{{Han}}A-Za-z0-9_\-.（）()]{{1,40}}/)*[\p{{Han}}A-Za-z0-9_\-（）()]{{1,40}}\.(?i:{EXTENSIONS}))"
    ))
    .expect("valid")
});

#[cfg(test)]
mod tests {
    use super::*;

    fn protected(text: &str) -> Vec<&str> {
        let mut r = identifier_ranges(text);
        r.sort_by_key(|r| r.start);
        r.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn ids_of_every_shape_are_protected() {
        assert_eq!(protected("（底稿：XC-2025-01-010）"), ["XC-2025-01-010"]);
        assert_eq!(protected("见D-2024-05-06。"), ["D-2024-05-06"]);
        assert_eq!(protected("编号2025-01-010的"), ["2025-01-010"]);
        assert_eq!(
            protected("代码91510100MA6C12345X，"),
            ["91510100MA6C12345X"]
        );
        assert_eq!(protected("版本v1.2发布"), ["v1.2"]);
        assert_eq!(protected("条款1.2.3规定"), ["1.2.3"]);
        assert_eq!(protected("于8:00-12:00值班"), ["8:00-12:00"]);
        assert_eq!(protected("下午17：30下班"), ["17：30"]);
        assert_eq!(protected("县委发〔2024〕7号文件"), ["〔2024〕7号"]);
        assert_eq!(
            protected("见https://www.example.gov.cn/a_b.html?id=3。"),
            ["https://www.example.gov.cn/a_b.html?id=3"]
        );
        assert_eq!(
            protected("附件：底稿/低保核查表.xlsx，"),
            ["底稿/低保核查表.xlsx"]
        );
        assert_eq!(
            protected("见低保核查表.pdf"),
            [] as [&str; 0],
            "no delimiter before it"
        );
        assert_eq!(protected("见：低保核查表.pdf"), ["低保核查表.pdf"]);
    }

    #[test]
    fn numbers_dates_and_ranges_stay_prose() {
        for text in [
            "于2024-03-05印发",
            "于2024.3.5印发",
            "2024/3/5",
            "12.6万元",
            "3-5万元",
            "20%-30%",
            "共3千万元",
            "PDF文件",
            "2024年",
            "1.违规发放",
            "占比3/5的问题",
        ] {
            assert_eq!(protected(text), [] as [&str; 0], "{text}");
        }
        // Not a real date: protected.
        assert_eq!(protected("2024-02-30"), ["2024-02-30"]);
        assert_eq!(protected("2023-02-29"), ["2023-02-29"]);
        assert!(protected("2024-02-29").is_empty(), "a leap day is real");
        assert_eq!(protected("2024-13-05"), ["2024-13-05"]);
    }

    #[test]
    fn touches_sees_overlap_and_insertions_inside() {
        let p = Protected::from_spans(vec![10..20, 5..8, 18..25]);
        assert_eq!(p.fixed.0, [5..8, 10..25]);
        assert!(p.touches(&(0..6)));
        assert!(p.touches(&(24..30)));
        assert!(!p.touches(&(8..10)));
        assert!(!p.touches(&(25..30)));
        assert!(p.touches(&(12..12)));
        assert!(
            !p.touches(&(10..10)),
            "inserting before a span changes nothing in it"
        );
        assert!(!p.touches(&(25..25)));
    }
}
