//! Positions over LSP: lines as the [`LineIndex`] makes them, characters
//! counted in the encoding negotiated with the client (UTF-16 code units by
//! default; UTF-8 bytes or UTF-32 characters when the client prefers them).
//! 𠀀 (outside the BMP) is two UTF-16 units, one UTF-32 character, four
//! UTF-8 bytes.

use lsp_types::{Position, PositionEncodingKind};

use crate::source::LineIndex;

/// The unit a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// The first of the client's preferred encodings the server speaks, or
    /// UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|k| match k.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Its name in the protocol.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A text with its line index, for position look-ups both ways.
#[derive(Debug, Clone)]
pub struct Positions<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    encoding: Encoding,
}

/// A position that is not in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfRange(pub Position);

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "位置超出文档范围：第 {} 行（从 0 起）第 {} 列",
            self.0.line, self.0.character
        )
    }
}

impl<'a> Positions<'a> {
    /// Positions in `text`, indexed by `lines`.
    pub fn new(text: &'a str, lines: &'a LineIndex, encoding: Encoding) -> Positions<'a> {
        Positions {
            text,
            lines,
            encoding,
        }
    }

    /// The line (from 0) and character of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let (line, prefix) = self.lines.line_and_prefix(self.text, offset);
        let character: usize = prefix.chars().map(|c| self.encoding.units(c)).sum();
        Position::new(
            u32::try_from(line - 1).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    /// The byte offset of a position. A character past the end of its line
    /// stops at the line's end (as the protocol says); one inside a
    /// character (half a surrogate pair) stops before it; a line past the
    /// last is out of range, except the line just after a text's end.
    pub fn offset(&self, pos: Position) -> Result<usize, OutOfRange> {
        let line = pos.line as usize + 1;
        let Some(start) = self.lines.line_start(line) else {
            return Err(OutOfRange(pos));
        };
        let end = self.lines.line_start(line + 1).unwrap_or(self.text.len());
        let content = &self.text[start..end];
        let content = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .or_else(|| content.strip_suffix('\r'))
            .unwrap_or(content);
        let mut units = 0;
        for (i, c) in content.char_indices() {
            let next = units + self.encoding.units(c);
            if next > pos.character as usize {
                return Ok(start + i);
            }
            units = next;
        }
        Ok(start + content.len())
    }

    /// The byte range of an LSP range.
    pub fn range(&self, r: lsp_types::Range) -> Result<std::ops::Range<usize>, OutOfRange> {
        let (a, b) = (self.offset(r.start)?, self.offset(r.end)?);
        Ok(a.min(b)..a.max(b))
    }

    /// The LSP range of a byte range.
    pub fn lsp_range(&self, r: &std::ops::Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(r.start), self.position(r.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_count_in_the_negotiated_unit() {
        let text = "第一行\n𠀀推进全面以严治党\n";
        let lines = LineIndex::new(text);
        let at = text.find("全面").unwrap();
        let want = [
            (Encoding::Utf16, 2 + 2),
            (Encoding::Utf32, 1 + 2),
            (Encoding::Utf8, 4 + 6),
        ];
        for (enc, ch) in want {
            let p = Positions::new(text, &lines, enc);
            assert_eq!(p.position(at), Position::new(1, ch), "{enc:?}");
            assert_eq!(p.offset(Position::new(1, ch)), Ok(at), "{enc:?}");
        }
    }

    #[test]
    fn positions_past_the_end_clamp_or_fail() {
        let text = "甲乙\r\n丙";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines, Encoding::Utf16);
        // Past the end of a line: its end, before the line break.
        assert_eq!(p.offset(Position::new(0, 99)), Ok("甲乙".len()));
        assert_eq!(p.offset(Position::new(1, 1)), Ok(text.len()));
        assert!(p.offset(Position::new(5, 0)).is_err());
        // Half a surrogate pair stops before the character.
        let text = "𠀀a";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines, Encoding::Utf16);
        assert_eq!(p.offset(Position::new(0, 1)), Ok(0));
        assert_eq!(p.offset(Position::new(0, 2)), Ok(4));
    }

    #[test]
    fn the_preferred_encoding_wins() {
        let offered = [PositionEncodingKind::UTF32, PositionEncodingKind::UTF16];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let odd = [PositionEncodingKind::new("utf-7")];
        assert_eq!(Encoding::negotiate(Some(&odd)), Encoding::Utf16);
    }
}
