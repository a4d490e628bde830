//! The problem part of a report and its claims, computed once per document
//! from the pack's problem-heading patterns.

use regex::Regex;

use crate::document::{Block, BlockKind, Document};

/// Which sections form the problem part, which blocks are claims, and the
/// character counts the ratio rule and `stats` use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// For each section: whether it is inside the problem part.
    pub problem: Vec<bool>,
    /// Sections whose heading matches a problem pattern and whose parent is
    /// not in the problem part: where the problem part begins.
    pub roots: Vec<usize>,
    /// Indexes of claim blocks, in document order.
    pub claims: Vec<usize>,
    /// Text characters of the body.
    pub total_chars: usize,
    /// Text characters of the problem part.
    pub problem_chars: usize,
}

impl Outline {
    /// Computes the outline of `doc`.
    pub fn new(doc: &Document, problem_headings: &[Regex]) -> Outline {
        let mut problem = vec![false; doc.sections.len()];
        let mut roots = Vec::new();
        for (i, s) in doc.sections.iter().enumerate() {
            let parent_problem = s.parent.is_some_and(|p| problem[p]);
            if parent_problem {
                problem[i] = true;
            } else if problem_headings.iter().any(|re| re.is_match(&s.title)) {
                problem[i] = true;
                roots.push(i);
            }
        }
        let mut outline = Outline {
            problem,
            roots,
            ..Outline::default()
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            if !b.in_body() {
                continue;
            }
            let chars = b.text.char_count();
            outline.total_chars += chars;
            if outline.block_in_problem(b) {
                outline.problem_chars += chars;
                if is_claim(b) {
                    outline.claims.push(i);
                }
            }
        }
        outline
    }

    /// Whether a block sits in the problem part.
    pub fn block_in_problem(&self, b: &Block) -> bool {
        b.section.is_some_and(|s| self.problem[s])
    }

    /// Whether the section is where a problem part begins.
    pub fn is_root(&self, section: usize) -> bool {
        self.roots.contains(&section)
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

/// A claim: a paragraph or list item with text that is not a lead-in (text
/// ending in a colon that introduces what follows).
fn is_claim(b: &Block) -> bool {
    if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) {
        return false;
    }
    let text = b.text.as_str().trim();
    !text.is_empty() && !text.ends_with(['：', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;

    fn outline(md: &str) -> (Document, Outline) {
        let doc = parse(md);
        let o = Outline::new(&doc, &[Regex::new("存在的主要问题").unwrap()]);
        (doc, o)
    }

    #[test]
    fn problem_part_runs_to_the_next_heading_of_its_level() {
        let md = "# 报告\n\n## 一、基本情况\n\n概况十字概况十字。\n\n## 二、存在的主要问题\n\n### （一）方面\n\n问题一。\n\n## 三、意见建议\n\n建议。\n";
        let (doc, o) = outline(md);
        assert_eq!(o.roots.len(), 1);
        assert_eq!(doc.sections[o.roots[0]].title, "二、存在的主要问题");
        // Heading texts count toward their sections.
        let problem = "二、存在的主要问题（一）方面问题一。";
        assert_eq!(o.problem_chars, problem.chars().count());
        let total = "报告一、基本情况概况十字概况十字。".chars().count()
            + problem.chars().count()
            + "三、意见建议建议。".chars().count();
        assert_eq!(o.total_chars, total);
        assert_eq!(o.claims.len(), 1);
    }

    #[test]
    fn lead_ins_headings_and_footnotes_are_not_claims() {
        let md = "## 存在的主要问题\n\n经查，主要问题如下：\n\n- 问题甲[^1]\n  - 子项乙\n\n[^1]: 底稿 D-1。\n";
        let (doc, o) = outline(md);
        let claims: Vec<_> = o
            .claims
            .iter()
            .map(|&i| doc.blocks[i].text.as_str())
            .collect();
        assert_eq!(claims, ["问题甲", "子项乙"]);
        // The footnote definition's text is not counted.
        assert_eq!(
            o.total_chars,
            "存在的主要问题经查，主要问题如下：问题甲子项乙"
                .chars()
                .count()
        );
    }
}
