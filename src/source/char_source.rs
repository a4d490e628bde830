//! A miette [`SourceCode`] that reports columns in characters and finds
//! lines through an index.
//!
//! miette counts the column of a span in bytes; for Chinese text that is
//! three times the column an editor shows. Its own `str` implementation also
//! scans the text from the start for every span. This one looks lines up in
//! a [`LineIndex`] and reports character columns.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::LineIndex;

/// A named text whose spans report character columns.
#[derive(Debug, Clone)]
pub struct CharSource {
    name: String,
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

impl CharSource {
    /// Wraps a text with the name shown in the location line.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        let lines = Arc::new(LineIndex::new(&text));
        CharSource {
            name: name.into(),
            text,
            lines,
        }
    }

    /// Byte offset where 0-based line `line` starts (the text's end past the last).
    fn start_of(&self, line: usize) -> usize {
        self.lines.line_start(line + 1).unwrap_or(self.text.len())
    }
}

impl SourceCode for CharSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let offset = span.offset();
        let end = offset + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.lines.line_col(text, offset).line - 1;
        // The last character of the span decides its last line.
        let last = self
            .lines
            .line_col(text, end.saturating_sub(1).max(offset))
            .line
            - 1;
        let from_line = first.saturating_sub(context_lines_before);
        let to_line = (last + context_lines_after).min(self.lines.line_count() - 1);
        let data_start = self.start_of(from_line);
        let data_end = self.start_of(to_line + 1);
        let column = if context_lines_before == 0 {
            text[self.start_of(first)..offset].chars().count()
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            from_line,
            column,
            self.lines.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_is_counted_in_characters() {
        let text: Arc<str> = Arc::from("标题\n推进全面以严治党");
        let src = CharSource::new("a.md", text.clone());
        let off = text.find("全面").unwrap();
        let c = src.read_span(&(off, 6).into(), 0, 0).unwrap();
        assert_eq!((c.line(), c.column()), (1, 2));
    }

    #[test]
    fn context_lines_come_whole() {
        let text: Arc<str> = Arc::from("一\n二\n三\n四\n");
        let src = CharSource::new("a.md", text.clone());
        let off = text.find('三').unwrap();
        let c = src.read_span(&(off, 3).into(), 1, 1).unwrap();
        assert_eq!(std::str::from_utf8(c.data()).unwrap(), "二\n三\n四\n");
        assert_eq!(c.line(), 1);
    }
}
