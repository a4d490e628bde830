//! Inline text of a block, with a map back to source bytes, and what counts
//! as a text character.

use std::ops::Range;

/// Whether `c` counts as a text character: any non-whitespace scalar value.
pub fn is_text_char(c: char) -> bool {
    !c.is_whitespace()
}

/// The number of text characters in `s`: characters less white space,
/// counted on the bytes (every report's every character passes here).
pub fn count_text_chars(s: &str) -> usize {
    let bytes = s.as_bytes();
    // ASCII white space: U+0009..=U+000D and U+0020.
    let ascii_space = memchr::memchr3_iter(b' ', b'\n', b'\t', bytes).count()
        + memchr::memchr3_iter(b'\r', 0x0B, 0x0C, bytes).count();
    // Other white space: U+3000, or a character led by one of these bytes
    // (U+0085, U+00A0, U+1680, U+2000..=U+205F), decoded only there.
    // One searcher for the whole run: building one costs more than a block's search.
    static IDEOGRAPHIC: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()));
    let ideographic = IDEOGRAPHIC.find_iter(bytes).count();
    let other_space = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .filter(|&i| s[i..].chars().next().is_some_and(char::is_whitespace))
        .count();
    s.chars().count() - ascii_space - ideographic - other_space
}

/// One run of text and where it sits in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Start in [`InlineText::text`].
    text_start: usize,
    /// Byte length in the text.
    len: usize,
    /// Source range the run came from.
    src: Range<usize>,
    /// Whether the text is byte-for-byte the source slice, so offsets map 1:1.
    exact: bool,
    /// Whether the run is inline code.
    code: bool,
}

/// The plain text of a block (markup removed) with a map to source bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineText {
    text: String,
    pieces: Vec<Piece>,
}

impl InlineText {
    /// The plain text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// An empty text with room for `bytes` bytes, so that a block whose
    /// source length is known fills it without growing it.
    pub fn with_capacity(bytes: usize) -> InlineText {
        InlineText {
            text: String::with_capacity(bytes),
            pieces: Vec::with_capacity(4),
        }
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Appends a run of text that came from `src` in `source`.
    pub fn push(&mut self, run: &str, src: Range<usize>, source: &str, code: bool) {
        if run.is_empty() {
            return;
        }
        let (src, exact) = match source.get(src.clone()) {
            Some(s) if s == run => (src, true),
            Some(s) => match s.find(run) {
                // Inline code: the run sits inside the backticks.
                Some(at) => (src.start + at..src.start + at + run.len(), true),
                None => (src, false),
            },
            None => (src, false),
        };
        self.pieces.push(Piece {
            text_start: self.text.len(),
            len: run.len(),
            src,
            exact,
            code,
        });
        self.text.push_str(run);
    }

    /// The number of text characters.
    pub fn char_count(&self) -> usize {
        count_text_chars(&self.text)
    }

    /// The source end of the last piece, if any.
    pub fn source_end(&self) -> Option<usize> {
        self.pieces.last().map(|p| p.src.end)
    }

    fn piece_at(&self, offset: usize) -> Option<&Piece> {
        let i = self
            .pieces
            .partition_point(|p| p.text_start + p.len <= offset);
        self.pieces.get(i)
    }

    /// Maps a range of the plain text (on char boundaries) to source bytes.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let Some(first) = self.piece_at(range.start) else {
            let end = self.source_end().unwrap_or(0);
            return end..end;
        };
        let start = if first.exact {
            first.src.start + (range.start - first.text_start)
        } else {
            first.src.start
        };
        let last_byte = range.end.saturating_sub(1).max(range.start);
        let end = match self.piece_at(last_byte) {
            Some(p) if range.end > range.start => {
                if p.exact {
                    p.src.start + (range.end - p.text_start)
                } else {
                    p.src.end
                }
            }
            _ => start,
        };
        start..end.max(start)
    }

    /// Whether any part of `range` (plain-text offsets) is inline code.
    pub fn touches_code(&self, range: Range<usize>) -> bool {
        self.pieces
            .iter()
            .any(|p| p.code && p.text_start < range.end && range.start < p.text_start + p.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_including_ideographic_space_is_not_text() {
        assert_eq!(count_text_chars("问题 一\u{3000}二\n"), 4);
    }

    proptest::proptest! {
        /// The byte-level count is the character-level definition.
        #[test]
        fn byte_count_is_the_char_count(
            s in "[ \t\n\r\u{b}\u{c}a问。“”、\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{3001}é]{0,40}"
        ) {
            let want = s.chars().filter(|&c| is_text_char(c)).count();
            proptest::prop_assert_eq!(count_text_chars(&s), want);
        }
    }

    #[test]
    fn spans_map_across_pieces() {
        let src = "前文**重点**后文";
        let mut t = InlineText::default();
        t.push("前文", 0..6, src, false);
        t.push("重点", 8..14, src, false);
        t.push("后文", 16..22, src, false);
        assert_eq!(t.as_str(), "前文重点后文");
        let at = t.as_str().find("文重").unwrap();
        let span = t.source_span(at..at + "文重".len());
        assert_eq!(&src[span], "文**重");
    }

    #[test]
    fn code_runs_are_found_inside_backticks() {
        let src = "a`代码`b";
        let mut t = InlineText::default();
        t.push("代码", 1..9, src, true);
        assert_eq!(&src[t.source_span(0..6)], "代码");
        assert!(t.touches_code(0..3));
    }
}
