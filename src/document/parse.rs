//! Markdown to [`Document`], from pulldown-cmark's offset iterator. This is
//! the only module that sees pulldown-cmark events.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::layout;
use super::model::*;
use super::text::InlineText;
use crate::source::{LineCol, LineIndex};

/// A block being filled while its events arrive.
struct Open {
    index: usize,
    kind: BlockKind,
    start: usize,
    own_end: usize,
    text: InlineText,
    /// Whether any of its text was outside strong emphasis.
    plain: bool,
    /// Whether it began at a line break that ended the paragraph before it
    /// (its end is then its own text's, wherever the Markdown block ends).
    split: bool,
    /// Table cells closed so far, and where the open one began in `text`.
    cells: Vec<Range<usize>>,
    cell_start: usize,
}

/// The reader's state between events.
#[derive(Default)]
struct Reader {
    doc: Document,
    stack: Vec<Open>,
    para_pushed: Vec<bool>,
    footnote: Option<usize>,
    quote_depth: u8,
    list_depth: u8,
    strong_depth: usize,
    /// Code blocks and images: their text is not read.
    skip_depth: usize,
    metadata: Option<(Range<usize>, String, usize)>,
    code_ranges: Vec<Range<usize>>,
}

impl Reader {
    /// Reserves a block and starts filling it.
    fn open(&mut self, kind: BlockKind, start: usize, source_len: usize, split: bool) {
        let index = self.doc.blocks.len();
        self.doc.blocks.push(Block {
            kind,
            span: start..start,
            text: InlineText::default(),
            section: None,
            container: Container::Body,
            quote_depth: 0,
            list_depth: 0,
            footnote_refs: Vec::new(),
            ordinal: None,
            bold: false,
            cells: Vec::new(),
        });
        // A block's text is at most its source; a list item's source also
        // holds its nested lists, so it gets at most a paragraph's worth.
        let text = InlineText::with_capacity(match kind {
            BlockKind::ListItem => source_len.min(512),
            _ => source_len,
        });
        self.stack.push(Open {
            index,
            kind,
            start,
            own_end: start,
            text,
            plain: false,
            split,
            cells: Vec::new(),
            cell_start: 0,
        });
    }

    /// Closes the innermost open block; `markdown_end` is where its
    /// Markdown block ends (used unless the block ends at its own text).
    fn close_top(&mut self, src: &str, markdown_end: Option<Range<usize>>) {
        if let Some(o) = self.stack.pop() {
            let end = match markdown_end {
                Some(r) if !o.split => trim_end(src, r).end,
                _ => o.own_end,
            };
            close(
                &mut self.doc,
                o,
                end,
                self.footnote,
                self.quote_depth,
                self.list_depth,
            );
        }
    }

    /// Notes that the innermost block's content reaches `end`.
    fn reach(&mut self, end: usize) {
        if let Some(o) = self.stack.last_mut() {
            o.own_end = o.own_end.max(end);
        }
    }

    /// A soft line break inside a paragraph or list item: where the layout
    /// says the line ends a paragraph, the next line begins a paragraph of
    /// its own (see [`super::layout`]).
    fn soft_break(&mut self, src: &str, range: Range<usize>) {
        let Some(top) = self.stack.last() else { return };
        if !matches!(top.kind, BlockKind::Paragraph | BlockKind::ListItem)
            || !layout::breaks_paragraph(src, range.clone())
        {
            return;
        }
        self.close_top(src, None);
        let rest = &src[range.end..];
        let start = range.end + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        self.open(BlockKind::Paragraph, start, rest.len(), true);
    }
}

/// Parses a report. Never fails: any text is some Markdown.
///
/// The steps: the layout's indentation is made plain to CommonMark
/// ([`layout::reindent`], only where a line may be indented prose); pulldown-cmark's events become
/// blocks, a paragraph split where its lines are paragraphs of their own
/// ([`layout::breaks_paragraph`]); typed and bold headings are recognised
/// ([`layout::infer_headings`]); sections are built from all the headings
/// ([`layout::build_sections`]).
pub fn parse(original: &str) -> Document {
    let normalized = if layout::may_hold_indented_prose(original) {
        layout::reindent(original, &indented_code(original))
    } else {
        std::borrow::Cow::Borrowed(original)
    };
    let src: &str = &normalized;
    let mut r = read_events(src);
    r.doc.footnote_refs.sort_by_key(|r| r.span.start);
    reindex_refs(&mut r.doc);
    r.doc.comments = comments(
        original,
        &r.code_ranges,
        r.doc.front_matter.as_ref().map(|f| f.span.clone()),
    );
    layout::infer_headings(&mut r.doc, src);
    layout::build_sections(&mut r.doc, src.len());
    r.doc
}

/// The spans of the indented code blocks CommonMark finds in `src`.
fn indented_code(src: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::CodeBlockKind;
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    Parser::new_ext(src, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some(range),
            _ => None,
        })
        .collect()
}

/// pulldown-cmark's events to blocks, footnotes, links and front matter.
fn read_events(src: &str) -> Reader {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut r = Reader::default();
    // About a block a line (a little more room than a report needs, and no
    // more than the doubling growth would end with): the block list is not
    // copied again and again as it fills.
    r.doc
        .blocks
        .reserve(memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1);

    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => r.open(
                    BlockKind::Heading(HeadingLevel::Marked(level as u8)),
                    range.start,
                    range.len(),
                    false,
                ),
                Tag::Paragraph => {
                    let in_item = r
                        .stack
                        .last()
                        .is_some_and(|o| o.kind == BlockKind::ListItem);
                    r.para_pushed.push(!in_item);
                    if !in_item {
                        r.open(BlockKind::Paragraph, range.start, range.len(), false);
                    }
                }
                Tag::Item => r.open(BlockKind::ListItem, range.start, range.len(), false),
                Tag::TableHead => r.open(BlockKind::TableHead, range.start, range.len(), false),
                Tag::TableRow => r.open(BlockKind::TableRow, range.start, range.len(), false),
                Tag::TableCell => {
                    if let Some(o) = r.stack.last_mut() {
                        o.cell_start = o.text.as_str().len();
                    }
                }
                Tag::Strong => r.strong_depth += 1,
                Tag::List(_) => r.list_depth = r.list_depth.saturating_add(1),
                Tag::BlockQuote(_) => r.quote_depth = r.quote_depth.saturating_add(1),
                Tag::CodeBlock(_) => {
                    r.skip_depth += 1;
                    r.code_ranges.push(range.clone());
                }
                Tag::Image { .. } => r.skip_depth += 1,
                Tag::FootnoteDefinition(label) => {
                    r.footnote = Some(r.doc.footnote_defs.len());
                    r.doc.footnote_defs.push(FootnoteDef {
                        label: String::from(&*label),
                        span: trim_end(src, range),
                        text: String::new(),
                    });
                }
                Tag::Link { dest_url, .. } => r.doc.links.push(Link {
                    dest: String::from(&*dest_url),
                    span: range,
                    footnote: r.footnote,
                }),
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                    r.metadata = Some((range, String::new(), usize::MAX))
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow => {
                    r.close_top(src, Some(range))
                }
                TagEnd::Item => r.close_top(src, None),
                TagEnd::TableCell => {
                    if let Some(o) = r.stack.last_mut() {
                        let end = o.text.as_str().len();
                        o.cells.push(o.cell_start..end);
                        o.own_end = o.own_end.max(range.end);
                    }
                }
                TagEnd::Paragraph => {
                    if r.para_pushed.pop().unwrap_or(false) {
                        r.close_top(src, Some(range));
                    }
                }
                TagEnd::Strong => {
                    r.strong_depth = r.strong_depth.saturating_sub(1);
                    r.reach(range.end);
                }
                TagEnd::List(_) => r.list_depth = r.list_depth.saturating_sub(1),
                TagEnd::BlockQuote(_) => r.quote_depth = r.quote_depth.saturating_sub(1),
                TagEnd::CodeBlock | TagEnd::Image => r.skip_depth = r.skip_depth.saturating_sub(1),
                TagEnd::FootnoteDefinition => r.footnote = None,
                TagEnd::MetadataBlock(_) => {
                    if let Some((span, text, start)) = r.metadata.take() {
                        r.doc.front_matter = Some(front_matter(span, &text, start));
                    }
                }
                _ => r.reach(range.end),
            },
            Event::Text(t) => {
                if let Some((_, text, start)) = r.metadata.as_mut() {
                    *start = (*start).min(range.start);
                    text.push_str(&t);
                } else if r.skip_depth == 0 {
                    if let Some(i) = r.footnote {
                        r.doc.footnote_defs[i].text.push_str(&t);
                    }
                    let plain = r.strong_depth == 0 && !t.trim().is_empty();
                    if let Some(o) = r.stack.last_mut() {
                        o.text.push(&t, range.clone(), src, false);
                        o.own_end = o.own_end.max(range.end);
                        o.plain |= plain;
                    }
                }
            }
            Event::Code(t) => {
                r.code_ranges.push(range.clone());
                if let Some(i) = r.footnote {
                    r.doc.footnote_defs[i].text.push_str(&t);
                }
                let plain = r.strong_depth == 0;
                if let Some(o) = r.stack.last_mut() {
                    o.text.push(&t, range.clone(), src, true);
                    o.own_end = o.own_end.max(range.end);
                    o.plain |= plain;
                }
            }
            Event::FootnoteReference(label) => {
                r.doc.footnote_refs.push(FootnoteRef {
                    label: String::from(&*label),
                    span: range.clone(),
                    block: r.stack.last().map(|o| o.index),
                });
                r.reach(range.end);
            }
            Event::SoftBreak => r.soft_break(src, range),
            Event::InlineHtml(_) | Event::HardBreak => r.reach(range.end),
            _ => {}
        }
    }
    r
}

/// Fills the reserved block with what was collected.
fn close(doc: &mut Document, o: Open, end: usize, footnote: Option<usize>, quote: u8, list: u8) {
    let end = end.max(o.start);
    let block = &mut doc.blocks[o.index];
    block.span = o.start..end;
    block.container = footnote.map_or(Container::Body, Container::Footnote);
    block.quote_depth = quote;
    block.list_depth = list;
    block.bold = !o.plain && !o.text.is_empty();
    block.cells = o.cells;
    let text = o.text;
    // References to footnotes that are not defined stay text: `[^id]`
    // (most blocks have no `[^` at all: skip the regex there).
    let bytes = text.as_str().as_bytes();
    let maybe = memchr::memchr_iter(b'[', bytes).any(|i| bytes.get(i + 1) == Some(&b'^'));
    let found = maybe
        .then(|| undefined_ref_pattern().captures_iter(text.as_str()))
        .into_iter()
        .flatten();
    for m in found {
        let (Some(all), Some(label)) = (m.get(0), m.get(1)) else {
            continue;
        };
        if text.touches_code(all.range()) {
            continue;
        }
        doc.footnote_refs.push(FootnoteRef {
            label: label.as_str().to_string(),
            span: text.source_span(all.range()),
            block: Some(o.index),
        });
    }
    let block = &mut doc.blocks[o.index];
    block.text = text;
}

/// After sorting references, rebuilds each block's list of reference indexes.
fn reindex_refs(doc: &mut Document) {
    for b in &mut doc.blocks {
        b.footnote_refs.clear();
    }
    for (i, r) in doc.footnote_refs.iter().enumerate() {
        if let Some(b) = r.block {
            doc.blocks[b].footnote_refs.push(i);
        }
    }
}

fn undefined_ref_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\[\^([^\]\[\s]+)\]").expect("valid pattern"))
}

fn front_matter(span: Range<usize>, text: &str, start: usize) -> FrontMatter {
    let start = if start == usize::MAX {
        span.start
    } else {
        start
    };
    let value = if text.trim().is_empty() {
        Ok(serde_yaml::Value::Null)
    } else {
        serde_yaml::from_str(text).map_err(|e| {
            let offset = e
                .location()
                .and_then(|l| {
                    let idx = LineIndex::new(text);
                    idx.offset(
                        text,
                        LineCol {
                            line: l.line(),
                            column: l.column(),
                        },
                    )
                })
                .unwrap_or(0);
            (e.to_string(), start + offset)
        })
    };
    FrontMatter { span, value }
}

fn trim_end(src: &str, range: Range<usize>) -> Range<usize> {
    let end = range.end.min(src.len());
    let trimmed = src[range.start..end].trim_end();
    range.start..range.start + trimmed.len()
}

/// Every `<!-- … -->` outside code and front matter.
fn comments(src: &str, code: &[Range<usize>], front: Option<Range<usize>>) -> Vec<Comment> {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<!--"));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = OPEN.find(&src.as_bytes()[from..]) {
        let start = from + at;
        let body_start = start + 4;
        let Some(close) = src[body_start..].find("-->") else {
            break;
        };
        let end = body_start + close + 3;
        let inside_code = code
            .iter()
            .chain(front.iter())
            .any(|r| r.start <= start && start < r.end);
        if !inside_code {
            out.push(Comment {
                anchor: None,
                span: start..end,
                body: src[body_start..body_start + close].trim().to_string(),
            });
        }
        from = if inside_code { body_start } else { end };
    }
    out
}
