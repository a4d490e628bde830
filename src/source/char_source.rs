//! A miette [`SourceCode`] that reports columns in characters.
//!
//! miette counts the column of a span in bytes; for Chinese text that is
//! three times the column an editor shows. This wrapper reads spans through
//! miette's own `str` implementation and replaces the column.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text whose spans report character columns.
#[derive(Debug, Clone)]
pub struct CharSource {
    name: String,
    text: Arc<str>,
}

impl CharSource {
    /// Wraps a text with the name shown in the location line.
    pub fn new(name: impl Into<String>, text: Arc<str>) -> Self {
        CharSource {
            name: name.into(),
            text,
        }
    }

    /// The wrapped text.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl SourceCode for CharSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            let offset = span.offset().min(self.text.len());
            let line_start = self.text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            self.text
                .get(line_start..offset)
                .map_or(inner.column(), |s| s.chars().count())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
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
}
