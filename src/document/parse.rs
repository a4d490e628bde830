//! Markdown to [`Document`], from pulldown-cmark's offset iterator. This is
//! the only module that sees pulldown-cmark events.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use regex::Regex;

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
    section: Option<usize>,
}

/// Parses a report. Never fails: any text is some Markdown.
pub fn parse(src: &str) -> Document {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    let mut doc = Document::default();
    // About a block a line (a little more room than a report needs, and no
    // more than the doubling growth would end with): the block list is not
    // copied again and again as it fills.
    doc.blocks
        .reserve(memchr::memchr_iter(b'\n', src.as_bytes()).count() + 1);
    let mut stack: Vec<Open> = Vec::new();
    let mut para_pushed: Vec<bool> = Vec::new();
    let mut section_stack: Vec<usize> = Vec::new();
    let mut footnote: Option<usize> = None;
    let mut quote_depth: u8 = 0;
    let mut list_depth: u8 = 0;
    let mut skip_depth = 0usize; // code blocks and images: text not read
    let mut metadata: Option<(Range<usize>, String, usize)> = None;
    let mut code_ranges: Vec<Range<usize>> = Vec::new();

    let open = |doc: &mut Document,
                stack: &mut Vec<Open>,
                kind: BlockKind,
                source: &Range<usize>,
                section: Option<usize>| {
        let start = source.start;
        let index = doc.blocks.len();
        doc.blocks.push(Block {
            kind,
            span: start..start,
            text: InlineText::default(),
            section,
            container: Container::Body,
            quote_depth: 0,
            list_depth: 0,
            footnote_refs: Vec::new(),
        });
        // A block's text is at most its source; a list item's source also
        // holds its nested lists, so it gets at most a paragraph's worth.
        let text = InlineText::with_capacity(match kind {
            BlockKind::ListItem => source.len().min(512),
            _ => source.len(),
        });
        stack.push(Open {
            index,
            kind,
            start,
            own_end: start,
            text,
            section,
        });
    };

    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    let cur = section_stack.last().copied();
                    open(
                        &mut doc,
                        &mut stack,
                        BlockKind::Heading(level as u8),
                        &range,
                        cur,
                    )
                }
                Tag::Paragraph => {
                    let in_item = stack.last().is_some_and(|o| o.kind == BlockKind::ListItem);
                    para_pushed.push(!in_item);
                    if !in_item {
                        let cur = section_stack.last().copied();
                        open(&mut doc, &mut stack, BlockKind::Paragraph, &range, cur);
                    }
                }
                Tag::Item => {
                    let cur = section_stack.last().copied();
                    open(&mut doc, &mut stack, BlockKind::ListItem, &range, cur)
                }
                Tag::TableHead | Tag::TableRow => {
                    let cur = section_stack.last().copied();
                    open(&mut doc, &mut stack, BlockKind::TableRow, &range, cur)
                }
                Tag::List(_) => list_depth = list_depth.saturating_add(1),
                Tag::BlockQuote(_) => quote_depth = quote_depth.saturating_add(1),
                Tag::CodeBlock(_) => {
                    skip_depth += 1;
                    code_ranges.push(range.clone());
                }
                Tag::Image { .. } => skip_depth += 1,
                Tag::FootnoteDefinition(label) => {
                    footnote = Some(doc.footnote_defs.len());
                    doc.footnote_defs.push(FootnoteDef {
                        label: String::from(&*label),
                        span: trim_end(src, range),
                        text: String::new(),
                    });
                }
                Tag::Link { dest_url, .. } => doc.links.push(Link {
                    dest: String::from(&*dest_url),
                    span: range,
                    footnote,
                }),
                Tag::MetadataBlock(MetadataBlockKind::YamlStyle) => {
                    metadata = Some((range, String::new(), usize::MAX))
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow | TagEnd::Item => {
                    if let Some(o) = stack.pop() {
                        let end = if o.kind == BlockKind::ListItem {
                            o.own_end
                        } else {
                            trim_end(src, range.clone()).end
                        };
                        let idx = o.index;
                        if let BlockKind::Heading(level) = o.kind {
                            let s =
                                push_section(&mut doc, &mut section_stack, level, &o, src.len());
                            doc.blocks[idx].section = Some(s);
                        }
                        close(&mut doc, o, end, footnote, quote_depth, list_depth);
                    }
                }
                TagEnd::Paragraph => {
                    if para_pushed.pop().unwrap_or(false)
                        && let Some(o) = stack.pop()
                    {
                        let end = trim_end(src, range.clone()).end;
                        close(&mut doc, o, end, footnote, quote_depth, list_depth);
                    }
                }
                TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::CodeBlock | TagEnd::Image => skip_depth = skip_depth.saturating_sub(1),
                TagEnd::FootnoteDefinition => footnote = None,
                TagEnd::MetadataBlock(_) => {
                    if let Some((span, text, start)) = metadata.take() {
                        doc.front_matter = Some(front_matter(span, &text, start));
                    }
                }
                _ => {
                    if let Some(o) = stack.last_mut() {
                        o.own_end = o.own_end.max(range.end);
                    }
                }
            },
            Event::Text(t) => {
                if let Some((_, text, start)) = metadata.as_mut() {
                    *start = (*start).min(range.start);
                    text.push_str(&t);
                } else if skip_depth == 0 {
                    if let Some(i) = footnote {
                        doc.footnote_defs[i].text.push_str(&t);
                    }
                    if let Some(o) = stack.last_mut() {
                        o.text.push(&t, range.clone(), src, false);
                        o.own_end = o.own_end.max(range.end);
                    }
                }
            }
            Event::Code(t) => {
                code_ranges.push(range.clone());
                if let Some(i) = footnote {
                    doc.footnote_defs[i].text.push_str(&t);
                }
                if let Some(o) = stack.last_mut() {
                    o.text.push(&t, range.clone(), src, true);
                    o.own_end = o.own_end.max(range.end);
                }
            }
            Event::FootnoteReference(label) => {
                doc.footnote_refs.push(FootnoteRef {
                    label: String::from(&*label),
                    span: range.clone(),
                    block: stack.last().map(|o| o.index),
                });
                if let Some(o) = stack.last_mut() {
                    o.own_end = o.own_end.max(range.end);
                }
            }
            Event::InlineHtml(_) | Event::HardBreak => {
                if let Some(o) = stack.last_mut() {
                    o.own_end = o.own_end.max(range.end);
                }
            }
            _ => {}
        }
    }
    while let Some(s) = section_stack.pop() {
        doc.sections[s].span.end = src.len();
    }
    doc.footnote_refs.sort_by_key(|r| r.span.start);
    reindex_refs(&mut doc);
    doc.comments = comments(
        src,
        &code_ranges,
        doc.front_matter.as_ref().map(|f| f.span.clone()),
    );
    doc
}

/// Fills the reserved block with what was collected.
fn close(doc: &mut Document, o: Open, end: usize, footnote: Option<usize>, quote: u8, list: u8) {
    let end = end.max(o.start);
    let block = &mut doc.blocks[o.index];
    block.span = o.start..end;
    block.section = block.section.or(o.section);
    block.container = footnote.map_or(Container::Body, Container::Footnote);
    block.quote_depth = quote;
    block.list_depth = list;
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

fn push_section(
    doc: &mut Document,
    stack: &mut Vec<usize>,
    level: u8,
    heading: &Open,
    len: usize,
) -> usize {
    while let Some(&top) = stack.last() {
        if doc.sections[top].level >= level {
            doc.sections[top].span.end = heading.start;
            stack.pop();
        } else {
            break;
        }
    }
    let idx = doc.sections.len();
    doc.sections.push(Section {
        level,
        title: heading.text.as_str().trim().to_string(),
        heading: heading.index,
        span: heading.start..len,
        parent: stack.last().copied(),
    });
    stack.push(idx);
    idx
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
                span: start..end,
                body: src[body_start..body_start + close].trim().to_string(),
            });
        }
        from = if inside_code { body_start } else { end };
    }
    out
}
