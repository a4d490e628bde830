//! The document model: what a report is made of, each part with its byte span.

use std::ops::Range;

use super::text::InlineText;

/// A byte range in the source text, always on char boundaries.
pub type Span = Range<usize>;

/// An ordinal as the document model keeps it: its level, number and span
/// (the text is the source at `span`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdinalMark {
    /// 1 to 5 (see `ordinal::LEVEL_NAMES`).
    pub level: u8,
    /// The number it carries.
    pub number: u32,
    /// Source span of the ordinal with its mark.
    pub span: Range<usize>,
}

/// What a report was read from: what a message tells the drafter to edit
/// depends on it (front matter in Markdown, document properties in Word).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Origin {
    /// A Markdown text.
    #[default]
    Markdown,
    /// A Word package (.docx).
    Word,
}

/// A parsed report.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// What it was read from.
    pub origin: Origin,
    /// The YAML front matter, if the report begins with one.
    pub front_matter: Option<FrontMatter>,
    /// Sections in document order; each knows its parent.
    pub sections: Vec<Section>,
    /// Leaf blocks in document order (by start offset).
    pub blocks: Vec<Block>,
    /// Footnote references (`[^id]`), defined or not, in document order.
    pub footnote_refs: Vec<FootnoteRef>,
    /// Footnote definitions in document order.
    pub footnote_defs: Vec<FootnoteDef>,
    /// Links, with their destinations, in document order.
    pub links: Vec<Link>,
    /// HTML comments (`<!-- … -->`) outside code, in document order.
    pub comments: Vec<Comment>,
}

/// The front matter block.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The span of the whole block, fences included.
    pub span: Span,
    /// The parsed YAML, or why it did not parse (message, byte offset).
    pub value: Result<serde_yaml::Value, (String, usize)>,
}

/// How a heading was written: its level is read from the markup or from the
/// ordinal a typed outline puts in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingLevel {
    /// A heading marked as one: a Markdown heading (`##`, level 1 to 6) or
    /// a Word heading style or outline level (1 to 9).
    Marked(u8),
    /// A line the reader took as a heading: a typed ordinal line (一、 or
    /// （一）, the ordinal's level) or a wholly bold line (its ordinal's
    /// level, or [`HeadingLevel::UNNUMBERED`] without one).
    Typed(u8),
}

impl HeadingLevel {
    /// The level of a bold heading line that carries no ordinal: beneath
    /// every numbered level.
    pub const UNNUMBERED: u8 = 6;
}

/// A heading and everything under it up to the next heading that closes it
/// (see [`super::layout`] for how typed and Markdown headings nest).
#[derive(Debug, Clone)]
pub struct Section {
    /// How its heading was written.
    pub level: HeadingLevel,
    /// The heading's plain text.
    pub title: String,
    /// Index of the heading block in [`Document::blocks`].
    pub heading: usize,
    /// From the heading's start to the start of the next heading that closes
    /// it (or the end of the text).
    pub span: Span,
    /// The enclosing section.
    pub parent: Option<usize>,
}

/// What kind of leaf block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading.
    Heading(HeadingLevel),
    /// A paragraph: a Markdown paragraph, or one line of it where the lines
    /// are paragraphs of their own (see [`super::layout`]).
    Paragraph,
    /// A list item's own text, without its nested lists.
    ListItem,
    /// A table's header row.
    TableHead,
    /// A table's body row.
    TableRow,
}

/// Where a block sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// In the body of the report.
    Body,
    /// Inside the footnote definition with this index.
    Footnote(usize),
}

/// A leaf block: the unit rules look at.
#[derive(Debug, Clone)]
pub struct Block {
    /// The kind of block.
    pub kind: BlockKind,
    /// From the block's first byte (list marker included) to the end of its own text.
    pub span: Span,
    /// Its plain text.
    pub text: InlineText,
    /// The innermost section that holds it (for a heading, the one it heads).
    pub section: Option<usize>,
    /// Body or footnote definition.
    pub container: Container,
    /// How many block quotes enclose it.
    pub quote_depth: u8,
    /// How many lists enclose it (0 outside lists).
    pub list_depth: u8,
    /// Indexes into [`Document::footnote_refs`] of the references in its own text.
    pub footnote_refs: Vec<usize>,
    /// The 层次序数 its text begins with (body blocks outside quotes).
    pub ordinal: Option<OrdinalMark>,
    /// Whether all of its text is bold.
    pub bold: bool,
    /// For table rows: each cell's range in [`Block::text`].
    pub cells: Vec<Range<usize>>,
}

impl Block {
    /// Whether the block is body text (not inside a footnote definition).
    pub fn in_body(&self) -> bool {
        self.container == Container::Body
    }
}

/// A footnote reference `[^label]`.
#[derive(Debug, Clone)]
pub struct FootnoteRef {
    /// The label between `[^` and `]`.
    pub label: String,
    /// The span of `[^label]`.
    pub span: Span,
    /// The block whose text holds it.
    pub block: Option<usize>,
}

/// A footnote definition `[^label]: …`.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    /// The label.
    pub label: String,
    /// The whole definition.
    pub span: Span,
    /// The plain text of its content.
    pub text: String,
}

/// A link and its destination.
#[derive(Debug, Clone)]
pub struct Link {
    /// Where it points, as written.
    pub dest: String,
    /// The span of the whole link.
    pub span: Span,
    /// The footnote definition it sits in, if any.
    pub footnote: Option<usize>,
}

/// A comment: an HTML comment in Markdown, a comment (批注) in Word.
#[derive(Debug, Clone)]
pub struct Comment {
    /// The span of `<!-- … -->`.
    pub span: Span,
    /// The text between `<!--` and `-->`, trimmed.
    pub body: String,
    /// For a Word comment (批注): the paragraphs it is anchored on. A
    /// directive in it applies there (an HTML comment's to what follows it).
    pub anchor: Option<Span>,
}

impl Document {
    /// The chain of sections from `section` up to the top, innermost first.
    pub fn ancestors(&self, section: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(section, move |&i| self.sections[i].parent)
    }
}

/// The span of a block's first line: what block-level findings point at.
pub fn first_line(src: &str, span: &Span) -> Span {
    let end = span.end.min(src.len());
    let start = span.start.min(end);
    let Some(text) = src.get(start..end) else {
        return start..start;
    };
    let span = &(start..end);
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    span.start..span.start + text[..end].trim_end().len()
}
