//! A pack or configuration file that cannot be used ([`ConfigError`]):
//! located at its line and column, shown by miette with the file's text.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::source::char_source::CharSource;
use crate::source::{LineCol, LineIndex};

/// A pack or config file that cannot be used, located in that file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file as shown to users.
    pub file: String,
    /// Where in it.
    pub position: LineCol,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    source: CharSource,
    offset: usize,
    len: usize,
}

impl ConfigError {
    /// An error at a line and column of `text`.
    pub fn new(file: &str, text: Arc<str>, position: LineCol, message: String) -> ConfigError {
        let idx = LineIndex::new(&text);
        let offset = idx.offset(&text, position).unwrap_or(0);
        let len = text[offset..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | '}'))
            .map(char::len_utf8)
            .sum::<usize>()
            .max(text[offset..].chars().next().map_or(0, char::len_utf8));
        ConfigError {
            file: file.to_string(),
            position,
            message,
            help: None,
            source: CharSource::new(file, text),
            offset,
            len,
        }
    }

    /// Adds a hint on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl ConfigError {
    /// `file:line:column: message`, for plain-text logs.
    pub fn plain(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file, self.position.line, self.position.column, self.message
        )
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("reportlint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("这里".into()),
            self.offset,
            self.len,
        ))))
    }
}
