//! Where an edit or a comment goes in the XML: a range of the text the
//! rules read, placed through the reader's [`WordMap`].

use std::ops::Range;

use crate::document::word::{Part, WordMap};

/// Where a comment on `span` goes: (first piece, byte offset in it, last
/// piece, byte offset in it), on characters of the body. A range in a note
/// goes to the note's reference in the body; an empty range takes the
/// character at it (or before it); a range with no text of its own (an
/// automatic number) takes its whole paragraph.
pub(super) fn anchor(
    text: &str,
    map: &WordMap,
    span: &Range<usize>,
) -> Option<(usize, usize, usize, usize)> {
    let pieces = &map.pieces;
    let in_body = |i: &usize| map.runs[pieces[*i].run].part == Part::Document;
    let mut span = span.clone();
    if span.start >= map.body_end {
        let at = map
            .notes
            .iter()
            .find(|(r, _)| r.start <= span.start && span.start <= r.end)
            .and_then(|(_, at)| *at)
            .unwrap_or(0);
        span = at..at;
    }
    if span.is_empty() {
        // The character at it, or else the one before it, in its line.
        let line = map
            .lines
            .iter()
            .find(|l| l.start <= span.start && span.start <= l.end)?;
        let next = text[span.start..line.end].chars().next();
        let prev = text[line.start..span.start].chars().next_back();
        span = match (next, prev) {
            (Some(c), _) => span.start..span.start + c.len_utf8(),
            (None, Some(c)) => span.start - c.len_utf8()..span.start,
            (None, None) => span,
        };
    }
    let first = pieces.partition_point(|p| p.src.end <= span.start);
    let overlapping: Vec<usize> = (first..pieces.len())
        .take_while(|&i| pieces[i].src.start < span.end)
        .filter(in_body)
        .collect();
    if let (Some(&a), Some(&b)) = (overlapping.first(), overlapping.last()) {
        let from = span.start.max(pieces[a].src.start) - pieces[a].src.start;
        let to = span.end.min(pieces[b].src.end) - pieces[b].src.start;
        return Some((a, from, b, to));
    }
    // No text of its own: its whole line, or else the nearest text after
    // it, or before it.
    let line = map
        .lines
        .iter()
        .find(|l| l.start <= span.start && span.start <= l.end)?;
    let in_line: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].src.start >= line.start && pieces[i].src.end <= line.end)
        .filter(in_body)
        .collect();
    let (a, b) = match (in_line.first(), in_line.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => {
            let after = (first..pieces.len()).find(in_body);
            let i = after.or_else(|| (0..first.min(pieces.len())).rev().find(in_body))?;
            (i, i)
        }
    };
    Some((a, 0, b, pieces[b].src.len()))
}

/// Where to insert at `at`: (piece, byte offset in it) of a text piece
/// holding the character at `at`, or ending there.
pub(super) fn insertion_point(map: &WordMap, at: usize) -> Option<(usize, usize)> {
    let pieces = &map.pieces;
    let i = pieces.partition_point(|p| p.src.end < at);
    let candidates = [i, i + 1];
    // Prefer the piece the text before `at` is in (the insertion takes its
    // formatting), then the one after.
    for &k in &candidates {
        if let Some(p) = pieces.get(k)
            && p.text_tag.is_some()
            && p.src.start <= at
            && at <= p.src.end
        {
            return Some((k, at - p.src.start));
        }
    }
    None
}
