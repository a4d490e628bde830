//! The one place that maps byte offsets to 1-based line and character column.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`. Columns count Unicode scalar
//! values (characters), never bytes, so that a column printed for Chinese
//! text is the column an editor shows.

/// Line starts of one text, for offset → line:column look-ups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts; the first is always 0.
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The line of a \r\n pair starts after its \n.
            if !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where the 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// Line and character column of `offset` in `text` (the text this index
    /// was built from). An offset past the end is clamped to the end; an
    /// offset inside a character counts that character as before it.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let (line, prefix) = self.line_and_prefix(text, offset);
        LineCol {
            line,
            column: prefix.chars().count() + 1,
        }
    }

    /// The 1-based line of `offset` and the text of that line before it,
    /// clamped as [`LineIndex::line_col`] says: what any count of columns
    /// (characters, or UTF-16 units over LSP) is taken over.
    pub fn line_and_prefix<'t>(&self, text: &'t str, offset: usize) -> (usize, &'t str) {
        let offset = offset.min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let prefix = text.get(start..offset).unwrap_or_else(|| {
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[start..end]
        });
        (line + 1, prefix)
    }

    /// The byte offset of a 1-based line and character column: the inverse of
    /// [`LineIndex::line_col`]. A column past the end of the line stops at it.
    pub fn offset(&self, text: &str, pos: LineCol) -> Option<usize> {
        let start = self.line_start(pos.line)?;
        let end = self.starts.get(pos.line).copied().unwrap_or(self.len);
        let line = &text[start..end];
        let skip = pos.column.checked_sub(1)?;
        let within = line
            .char_indices()
            .nth(skip)
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        Some(start + within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "第一行\n推进全面以严治党力度不够\n";
        let idx = LineIndex::new(text);
        let off = text.find("全面以严治党").unwrap();
        assert_eq!(idx.line_col(text, off), LineCol { line: 2, column: 3 });
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 3 }), Some(off));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, text.find('b').unwrap()).line, 2);
        assert_eq!(idx.line_col(text, text.find('c').unwrap()).line, 3);
        assert_eq!(
            idx.line_col(text, text.find('d').unwrap()),
            LineCol { line: 4, column: 1 }
        );
    }

    #[test]
    fn end_of_text_maps_to_last_line() {
        let text = "一二三";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.line_col(text, text.len()),
            LineCol { line: 1, column: 4 }
        );
        assert_eq!(idx.line_col(text, 999), LineCol { line: 1, column: 4 });
    }
}
