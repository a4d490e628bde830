//! The problem part of a report, its items and its statements, computed
//! once per document from the pack's problem-heading patterns.
//!
//! - The **problem part** is every section whose heading matches a problem
//!   pattern (and none of the exclusions: 问题线索, 整改情况 …), with all
//!   beneath it.
//! - A **statement** is what needs a 底稿: each part of an inline
//!   enumeration (一是……；二是……, inline （1）……（2）……, ①……②……), whose
//!   lead before the first marker is not one; otherwise each paragraph,
//!   line-split paragraph, list item or table body row, except lead-ins
//!   (text ending with ：) and a numbered entry's bare 定性句 (one
//!   qualitative sentence without figures or a reference) whose facts follow
//!   in the item's next paragraphs. 「有的……；有的……」 is no enumeration:
//!   有的 is a quantifier, and its clauses share the statement's reference.
//! - An **item** is a numbered entry at the problem level (the shallowest
//!   ordinal beneath each focus heading) with what continues it; where a
//!   focus has no numbered entries, each paragraph or row holding a
//!   statement is an item.

use std::ops::Range;

use regex::Regex;

use crate::document::ordinal::{INDENT, to_chinese};
use crate::document::{Block, BlockKind, Document, Span, first_line};

/// The problem-heading patterns used when a pack does not give any.
pub const DEFAULT_PROBLEM_HEADINGS: &[&str] = &[
    r"(发现|存在)的?(主要|突出|具体)?问题",
    r"方面(存在|发现)?的?(主要)?问题$",
    r"问题清单",
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])?\s*(?:主要|突出)问题",
    r"问题及其?(具体)?表现",
];

/// Headings that match a problem pattern but are not the problem part:
/// 问题线索 (移交, reported apart) and 整改情况 (a previous round's problems).
pub const DEFAULT_NOT_PROBLEM_HEADINGS: &[&str] = &[r"线索", r"移交", r"整改(情况|落实情况|进展)"];

/// Which headings begin the problem part.
#[derive(Debug, Clone, Default)]
pub struct ProblemHeadings {
    /// A heading matching one of these begins a problem part …
    pub headings: Vec<Regex>,
    /// … unless it matches one of these (问题线索, 整改情况).
    pub not_headings: Vec<Regex>,
}

impl ProblemHeadings {
    /// The headings taken when a pack gives none
    /// ([`DEFAULT_PROBLEM_HEADINGS`], less [`DEFAULT_NOT_PROBLEM_HEADINGS`]).
    pub fn standard() -> ProblemHeadings {
        let compile = |list: &[&str]| list.iter().filter_map(|p| Regex::new(p).ok()).collect();
        ProblemHeadings {
            headings: compile(DEFAULT_PROBLEM_HEADINGS),
            not_headings: compile(DEFAULT_NOT_PROBLEM_HEADINGS),
        }
    }

    /// Whether a heading's title begins a problem part.
    pub fn is_problem_heading(&self, title: &str) -> bool {
        self.headings.iter().any(|re| re.is_match(title))
            && !self.not_headings.iter().any(|re| re.is_match(title))
    }
}

/// A statement: a claim that needs a 底稿.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The block that holds it.
    pub block: usize,
    /// Its range in the block's plain text.
    pub range: Range<usize>,
    /// Whether it is one part of an inline enumeration (a finding about it
    /// spans the part, from its marker).
    pub part: bool,
    /// For a row of a table with a 底稿 column: that cell, where alone the
    /// row's source is looked for.
    pub source_cell: Option<Range<usize>>,
    /// For a row of a table with a focus column (聚焦, 方面, 类别): that cell.
    pub focus_cell: Option<Range<usize>>,
}

impl Statement {
    /// Where a finding about it points: a part from its marker, a whole
    /// block from its first character; to the end of that line.
    pub fn finding_span(&self, src: &str, doc: &Document) -> Span {
        let block = &doc.blocks[self.block];
        let start = if self.part {
            block.text.source_span(self.range.clone()).start
        } else {
            block.span.start
        };
        first_line(src, &(start..block.span.end.max(start)))
    }
}

/// Which sections form the problem part, its statements and items, and the
/// character counts the ratio rule and `stats` use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProblemPart {
    /// For each section: whether it is inside the problem part.
    pub problem: Vec<bool>,
    /// Sections whose heading matches a problem pattern and whose parent is
    /// not in the problem part: where the problem part begins.
    pub roots: Vec<usize>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
    /// Blocks that lead statements without being one (an item's bare
    /// 定性句, whose facts follow): in the claim scope of text rules all
    /// the same (a guess in a 定性句 is still a guess).
    pub leads: Vec<usize>,
    /// The first block of each problem item, in document order.
    pub items: Vec<usize>,
    /// Text characters of the body.
    pub total_chars: usize,
    /// Text characters of the problem part.
    pub problem_chars: usize,
}

impl ProblemPart {
    /// Computes the problem part of `doc`.
    pub fn new(doc: &Document, part: &ProblemHeadings) -> ProblemPart {
        let mut problem = vec![false; doc.sections.len()];
        let mut roots = Vec::new();
        for (i, s) in doc.sections.iter().enumerate() {
            let parent_problem = s.parent.is_some_and(|p| problem[p]);
            if parent_problem {
                problem[i] = true;
            } else if part.is_problem_heading(&s.title) {
                problem[i] = true;
                roots.push(i);
            }
        }
        let mut part = ProblemPart {
            problem,
            roots,
            ..ProblemPart::default()
        };
        let mut table = TableColumns::default();
        for (i, b) in doc.blocks.iter().enumerate() {
            if !b.in_body() {
                continue;
            }
            let chars = text_chars(doc, b);
            part.total_chars += chars;
            if b.kind == BlockKind::TableHead {
                table = TableColumns::of(b);
            }
            if part.block_in_problem(b) {
                part.problem_chars += chars;
                if statements(doc, i, &table, &mut part.statements) == Lead::Bare {
                    part.leads.push(i);
                }
            }
        }
        part.items = items(doc, &part);
        part
    }

    /// Whether a block sits in the problem part.
    pub fn block_in_problem(&self, b: &Block) -> bool {
        b.section.is_some_and(|s| self.problem[s])
    }

    /// Whether the section is where a problem part begins.
    pub fn is_root(&self, section: usize) -> bool {
        self.roots.contains(&section)
    }

    /// The blocks that hold statements, each once, in document order.
    pub fn statement_blocks(&self) -> impl Iterator<Item = usize> + '_ {
        let mut last = None;
        self.statements.iter().filter_map(move |s| {
            if last == Some(s.block) {
                return None;
            }
            last = Some(s.block);
            Some(s.block)
        })
    }

    /// The blocks text rules of the claim scope read: those holding
    /// statements and the bare leads of items, each once, in document order.
    pub fn claim_scope(&self) -> Vec<usize> {
        let mut blocks: Vec<usize> = self
            .statement_blocks()
            .chain(self.leads.iter().copied())
            .collect();
        blocks.sort_unstable();
        blocks
    }

    /// Problem characters over all characters (0 for an empty body).
    pub fn ratio(&self) -> f64 {
        if self.total_chars == 0 {
            0.0
        } else {
            self.problem_chars as f64 / self.total_chars as f64
        }
    }
}

/// A block's text characters, its list number included (the "1." of a
/// Markdown list is the same text to a reader as a typed "1."), less the
/// footnote references left in its text (an undefined `[^D-9]` is a
/// citation, not prose, as a Word reference is).
fn text_chars(doc: &Document, b: &Block) -> usize {
    // Only a block whose text still holds `[^` can have one (most have none).
    let has_literal_refs = b.text.as_str().contains("[^");
    let cited: usize = b
        .footnote_refs
        .iter()
        .filter(|_| has_literal_refs)
        .map(|&r| doc.footnote_refs[r].label.as_str())
        .filter(|label| b.text.as_str().contains(&format!("[^{label}]")))
        .map(|label| label.chars().count() + 3)
        .sum();
    let list_number = match (&b.ordinal, b.kind) {
        // An ordered list's marker is ASCII (digits and . or )), outside the
        // text: its bytes are its characters.
        (Some(o), BlockKind::ListItem)
            if !b
                .text
                .as_str()
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()) =>
        {
            o.span.len()
        }
        _ => 0,
    };
    (b.text.char_count() + list_number).saturating_sub(cited)
}

/// The columns of the table being read: which one holds the 底稿 and which
/// one the focus.
#[derive(Debug, Default)]
struct TableColumns {
    source: Option<usize>,
    focus: Option<usize>,
}

impl TableColumns {
    fn of(head: &Block) -> TableColumns {
        let text = head.text.as_str();
        let cell = |pred: &dyn Fn(&str) -> bool| {
            head.cells
                .iter()
                .position(|r| text.get(r.clone()).is_some_and(|t| pred(t.trim())))
        };
        TableColumns {
            source: cell(&|t| t.contains("底稿") || t.contains("依据")),
            focus: cell(&|t| t.contains("聚焦") || t.contains("方面") || t.contains("类别")),
        }
    }
}

/// Whether a block was an item's bare lead.
#[derive(Debug, PartialEq, Eq)]
enum Lead {
    Bare,
    No,
}

/// The statements of one block of the problem part.
fn statements(doc: &Document, i: usize, table: &TableColumns, out: &mut Vec<Statement>) -> Lead {
    let b = &doc.blocks[i];
    let text = b.text.as_str();
    let whole = |range: Range<usize>| Statement {
        block: i,
        range,
        part: false,
        source_cell: None,
        focus_cell: None,
    };
    match b.kind {
        BlockKind::TableRow => {
            if b.cells.iter().all(|r| text[r.clone()].trim().is_empty()) {
                return Lead::No;
            }
            out.push(Statement {
                source_cell: table.source.and_then(|c| b.cells.get(c).cloned()),
                focus_cell: table.focus.and_then(|c| b.cells.get(c).cloned()),
                ..whole(0..text.len())
            });
        }
        BlockKind::Paragraph | BlockKind::ListItem => {
            let trimmed = text.trim_end();
            if trimmed.trim_start().is_empty() || trimmed.ends_with(['：', ':']) {
                return Lead::No; // empty, or a lead-in
            }
            if b.ordinal.is_none() && b.footnote_refs.is_empty() && is_overview(trimmed) {
                return Lead::No; // 巡察组共发现问题9个，主要表现在以下三个方面。
            }
            let markers = enumeration(text);
            if markers.len() >= 2 {
                for (k, &at) in markers.iter().enumerate() {
                    let end = markers.get(k + 1).copied().unwrap_or(text.len());
                    let part = text[at..end].trim_end();
                    out.push(Statement {
                        part: true,
                        ..whole(at..at + part.len())
                    });
                }
                return Lead::No;
            }
            if bare_lead(doc, i) {
                return Lead::Bare;
            }
            out.push(whole(0..text.len()));
        }
        _ => {}
    }
    Lead::No
}

/// Whether an unnumbered paragraph is an overview of what follows, however
/// it ends (：or 。): it points ahead to the problems (以下三个方面, 下列
/// 问题, …如下) with no figure, or totals them (共发现问题9个, 梳理出问题12个);
/// it is short and cites nothing.
/// “巡察组共发现问题9个，主要表现在以下三个方面。” and “经梳理，主要存在以下
/// 问题。” lead the items; they are not statements needing a 底稿.
fn is_overview(text: &str) -> bool {
    static AHEAD: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?:以下|下列)[^。；，0-9]{0,6}(?:方面|问题)|如下[。：:]?$").expect("valid")
    });
    static TOTAL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"(?:发现|梳理出?|查出|反馈)[^。；，]{0,8}问题\s*[0-9一二三四五六七八九十百]+\s*[个条项类]")
            .expect("valid")
    });
    let t = text.trim_matches(|c: char| c.is_whitespace() || INDENT.contains(&c));
    t.len() <= 80 * 4
        && t.chars().count() <= 80
        && !t.contains("底稿")
        && !t.contains("如，")
        && (AHEAD.is_match(t) && !has_figures(t) || TOTAL.is_match(t))
        && t.matches(['。', '；', ';']).count() <= 1
}

/// Whether block `i` is a numbered entry's bare 定性句 whose facts follow:
/// one sentence, no Arabic figure, no reference, and the next block of the
/// section continues the entry (a paragraph or row without an ordinal of
/// the entry's level or above).
fn bare_lead(doc: &Document, i: usize) -> bool {
    let b = &doc.blocks[i];
    let Some(ord) = &b.ordinal else {
        return false;
    };
    // Cheapest first: is the entry continued at all, does it cite anything.
    let continued = doc.blocks.get(i + 1).is_some_and(|next| {
        next.in_body()
            && next.section == b.section
            && matches!(
                next.kind,
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableHead
            )
            && next.ordinal.as_ref().is_none_or(|n| n.level > ord.level)
            && !next.text.as_str().trim().is_empty()
    });
    if !continued || !b.footnote_refs.is_empty() {
        return false;
    }
    let text = b.text.as_str().trim_matches(|c: char| c.is_whitespace());
    if text.contains("底稿") || text.contains("如，") || has_figures(text) {
        return false;
    }
    let sentence_marks = text
        .matches(['。', '！', '？', '；', '!', '?', ';'])
        .count();
    sentence_marks == 0 || (sentence_marks == 1 && text.ends_with(['。', '！', '？', '!', '?']))
}

/// Whether a text has Arabic figures after its leading ordinal (1. （2）).
fn has_figures(text: &str) -> bool {
    let rest = text.trim_start_matches(INDENT);
    let body = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "（(）).．、".contains(c));
    body.contains(|c: char| c.is_ascii_digit())
}

/// The markers of inline enumerations, by family, for 1 to 20: 一是 …,
/// （1） and (1) …, ① ….
fn marker_families() -> &'static [Vec<Vec<String>>; 3] {
    static FAMILIES: std::sync::LazyLock<[Vec<Vec<String>>; 3]> = std::sync::LazyLock::new(|| {
        let n = 1..=20u32;
        [
            n.clone()
                .map(|n| vec![format!("{}是", to_chinese(n))])
                .collect(),
            n.clone()
                .map(|n| vec![format!("（{n}）"), format!("({n})")])
                .collect(),
            n.filter_map(|n| char::from_u32(0x2460 + n - 1))
                .map(|c| vec![c.to_string()])
                .collect(),
        ]
    });
    &FAMILIES
}

/// Where the first marker of any family first occurs: a text without one
/// (nearly every text) has no enumeration. Four SIMD substring searches
/// cost far less than one automaton walk over Han text.
fn first_marker(text: &str) -> Option<usize> {
    use memchr::memmem::Finder;
    static FIRST: std::sync::LazyLock<[Finder<'static>; 4]> = std::sync::LazyLock::new(|| {
        ["一是", "（1）", "(1)", "①"].map(|m| Finder::new(m.as_bytes()))
    });
    FIRST.iter().filter_map(|f| f.find(text.as_bytes())).min()
}

/// Byte offsets of the markers of an inline enumeration in a text, when it
/// has one (at least 一是 and 二是, in order): 一是/二是, （1）/（2）, ①/②.
/// A marker counts at the start of the text, after its ordinal, or after
/// punctuation or white space (not in 统一是).
pub fn enumeration(text: &str) -> Vec<usize> {
    let Some(first) = first_marker(text) else {
        return Vec::new();
    };
    for family in marker_families() {
        let mut found = Vec::new();
        let mut from = first;
        for markers in family {
            let next = markers
                .iter()
                .filter_map(|m| marker_at(text, from, m))
                .min();
            match next {
                Some(at) => {
                    found.push(at);
                    from = at + text[at..].chars().next().map_or(1, char::len_utf8);
                }
                None => break,
            }
        }
        if found.len() >= 2 {
            return found;
        }
    }
    Vec::new()
}

/// The first place from `from` where `marker` stands as an enumeration marker.
fn marker_at(text: &str, from: usize, marker: &str) -> Option<usize> {
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(marker) {
        let pos = at + i;
        let before = text[..pos].chars().next_back();
        let ok = match before {
            None => true,
            Some(c) => {
                c.is_whitespace()
                    || "：:；;。，,、.．）)*".contains(c)
                    || text[..pos]
                        .trim_start_matches(INDENT)
                        .chars()
                        .all(|c| c.is_ascii_digit() || "（(）).．、".contains(c))
            }
        };
        if ok {
            return Some(pos);
        }
        at = pos + marker.len();
    }
    None
}

/// The problem items: within each part beneath a problem heading (its
/// child sections, normally the focuses, or the problem heading itself
/// where it has none), the numbered entries at the shallowest level, or,
/// where there are none, each block holding a statement.
fn items(doc: &Document, o: &ProblemPart) -> Vec<usize> {
    let mut containers: Vec<usize> = Vec::new();
    for &root in &o.roots {
        let children: Vec<usize> = (0..doc.sections.len())
            .filter(|&s| doc.sections[s].parent == Some(root))
            .collect();
        if children.is_empty() {
            containers.push(root);
        } else {
            containers.extend(children);
        }
    }
    let mut items = Vec::new();
    for c in containers {
        let span = doc.sections[c].span.clone();
        let heading = doc.sections[c].heading;
        let own_level = doc.blocks[heading].ordinal.as_ref().map_or(0, |o| o.level);
        let inside = |i: usize| {
            let b = &doc.blocks[i];
            b.in_body() && i != heading && span.start <= b.span.start && b.span.start < span.end
        };
        let level_of = |i: usize| {
            doc.blocks[i]
                .ordinal
                .as_ref()
                .map(|o| o.level)
                .filter(|&l| l > own_level)
        };
        let blocks: Vec<usize> = (heading + 1..doc.blocks.len())
            .take_while(|&i| doc.blocks[i].span.start < span.end)
            .filter(|&i| inside(i))
            .collect();
        match blocks.iter().filter_map(|&i| level_of(i)).min() {
            Some(min) => items.extend(blocks.iter().filter(|&&i| level_of(i) == Some(min))),
            None => {
                let mut last = None;
                for s in &o.statements {
                    if inside(s.block) && last != Some(s.block) {
                        items.push(s.block);
                        last = Some(s.block);
                    }
                }
            }
        }
    }
    items.sort_unstable();
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn problem_part(md: &str) -> (Document, ProblemPart) {
        let doc = parse(md);
        let part = ProblemHeadings {
            headings: vec![Regex::new("存在的主要问题").unwrap()],
            not_headings: vec![Regex::new("线索").unwrap()],
        };
        let o = ProblemPart::new(&doc, &part);
        (doc, o)
    }

    fn claim_texts(doc: &Document, o: &ProblemPart) -> Vec<String> {
        o.statements
            .iter()
            .map(|s| doc.blocks[s.block].text.as_str()[s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn problem_part_runs_to_the_next_heading_of_its_level() {
        let md = "# 报告\n\n## 一、基本情况\n\n概况十字概况十字。\n\n## 二、存在的主要问题\n\n### （一）方面\n\n问题一。\n\n## 三、意见建议\n\n建议。\n";
        let (doc, o) = problem_part(md);
        assert_eq!(o.roots.len(), 1);
        assert_eq!(doc.sections[o.roots[0]].title, "二、存在的主要问题");
        // Heading texts count toward their sections.
        let problem = "二、存在的主要问题（一）方面问题一。";
        assert_eq!(o.problem_chars, problem.chars().count());
        let total = "报告一、基本情况概况十字概况十字。".chars().count()
            + problem.chars().count()
            + "三、意见建议建议。".chars().count();
        assert_eq!(o.total_chars, total);
        assert_eq!(o.statements.len(), 1);
    }

    #[test]
    fn an_overview_is_no_statement_whatever_ends_it() {
        for lead in [
            "巡察组共发现问题9个，主要表现在以下三个方面。",
            "经梳理，主要存在以下问题。",
            "巡察发现问题12个，具体如下",
        ] {
            assert!(is_overview(lead), "{lead}");
        }
        for fact in [
            "以下单位未按规定退出低保户17户（底稿：D-1）。",
            "下列人员违规领取补贴3万元。",
            "以下方面的问题涉及资金12万元。",
            "2023年违规发放津补贴12.6万元。",
            "有的单位问题整改不到位，如，某村2023年以来未召开党员大会。",
        ] {
            assert!(!is_overview(fact), "{fact}");
        }
    }

    #[test]
    fn lead_ins_headings_and_footnotes_are_not_claims() {
        let md = "## 存在的主要问题\n\n经查，主要问题如下：\n\n- 问题甲[^1]\n  - 子项乙\n\n[^1]: 底稿 D-1。\n";
        let (doc, o) = problem_part(md);
        assert_eq!(claim_texts(&doc, &o), ["问题甲", "子项乙"]);
        // The footnote definition's text is not counted.
        assert_eq!(
            o.total_chars,
            "存在的主要问题经查，主要问题如下：问题甲子项乙"
                .chars()
                .count()
        );
    }

    #[test]
    fn a_line_of_clues_is_no_problem_part() {
        let (_, o) = problem_part("## 三、存在的主要问题线索\n\n移交问题线索3件。\n");
        assert!(o.roots.is_empty());
    }

    #[test]
    fn inline_parts_are_statements_and_their_lead_is_not() {
        let md = "## 存在的主要问题\n\n1.财务管理不规范。一是违规发放津补贴12.6万元（底稿：D-1）；二是公款吃喝3.2万元。\n";
        let (doc, o) = problem_part(md);
        assert_eq!(
            claim_texts(&doc, &o),
            [
                "一是违规发放津补贴12.6万元（底稿：D-1）；",
                "二是公款吃喝3.2万元。"
            ]
        );
        assert!(o.statements.iter().all(|s| s.part));
        assert_eq!(o.items.len(), 1);
    }

    #[test]
    fn some_and_others_share_one_statement() {
        let md =
            "## 存在的主要问题\n\n有的支部未按期换届；有的支部三会一课流于形式（底稿：D-2）。\n";
        let (_, o) = problem_part(md);
        assert_eq!(o.statements.len(), 1);
    }

    #[test]
    fn a_bare_qualitative_sentence_leads_the_facts_that_follow() {
        let md = "## 存在的主要问题\n\n2.违反中央八项规定精神问题时有发生。\n\n2023年以来公款吃喝3.2万元（底稿：D-5）。\n\n3.公款吃喝。\n";
        let (doc, o) = problem_part(md);
        // The last entry has nothing after it: it is a statement itself.
        assert_eq!(
            claim_texts(&doc, &o),
            ["2023年以来公款吃喝3.2万元（底稿：D-5）。", "3.公款吃喝。"]
        );
        // The lead is read by claim-scoped text rules all the same.
        let lead = doc
            .blocks
            .iter()
            .position(|b| b.text.as_str().starts_with("2.违反"))
            .unwrap();
        assert_eq!(o.leads, [lead]);
        assert!(o.claim_scope().contains(&lead));
        assert_eq!(o.items.len(), 2);
    }

    #[test]
    fn enumeration_markers_stand_after_punctuation_only() {
        assert_eq!(enumeration("统一是关键，一是甲；二是乙").len(), 2);
        assert!(enumeration("统一是关键；二是乙").is_empty());
        assert_eq!(enumeration("①甲；②乙；③丙").len(), 3);
        assert_eq!(enumeration("（1）甲。（2）乙。").len(), 2);
        assert!(enumeration("（1）甲。").is_empty());
    }

    #[test]
    fn table_rows_are_statements_with_their_source_cell() {
        let md = "## 存在的主要问题\n\n| 问题 | 底稿 |\n|---|---|\n| 违规发放津补贴 | D-1 |\n| 公款吃喝 |  |\n";
        let (doc, o) = problem_part(md);
        assert_eq!(o.statements.len(), 2);
        let cell = |s: &Statement| {
            let r = s.source_cell.clone().expect("a source column");
            doc.blocks[s.block].text.as_str()[r].trim().to_string()
        };
        assert_eq!(cell(&o.statements[0]), "D-1");
        assert_eq!(cell(&o.statements[1]), "");
    }
}
