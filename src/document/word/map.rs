//! Where each piece of the text read sits in the package's XML: the map
//! that tracked changes and comments are written back through.

use std::ops::Range;

/// Which part of the package a run is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Part {
    /// `word/document.xml`.
    #[default]
    Document,
    /// `word/footnotes.xml`.
    Footnotes,
    /// `word/endnotes.xml`.
    Endnotes,
}

/// Where the text the rules read came from in the package: enough to put a
/// comment or a tracked change on exact characters. It is not part of the
/// document model, so rules never see it; the Word writer
/// ([`crate::fix::word`]) reads it.
#[derive(Debug, Default, Clone)]
pub struct WordMap {
    /// The pieces of text, in the order of the text.
    pub pieces: Vec<Piece>,
    /// The runs the pieces are in.
    pub runs: Vec<RunInfo>,
    /// Where the body ends in the text: the lines after it are notes.
    pub body_end: usize,
    /// Each note's range in the text and where its first reference is in
    /// the body.
    pub notes: Vec<(Range<usize>, Option<usize>)>,
    /// Each line's range in the text.
    pub lines: Vec<Range<usize>>,
}

/// A piece of the text and the XML it was read from.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Its range in the text the rules read.
    pub src: Range<usize>,
    /// Its range in its part: the text between `<w:t>` and `</w:t>` (or one
    /// entity of it), or an element read as a character (`<w:tab/>`).
    pub xml: Range<usize>,
    /// For text: the range of its `<w:t>` start tag; `None` for an element
    /// read as a character.
    pub text_tag: Option<Range<usize>>,
    /// Its run, in [`WordMap::runs`].
    pub run: usize,
}

/// A run (`<w:r>`) that holds pieces of the text.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    /// The part it is in.
    pub part: Part,
    /// Its element's name as written (`w:r`).
    pub tag: String,
    /// The range of its `<w:rPr>` (its formatting), if any.
    pub rpr: Option<Range<usize>>,
    /// Whether it is inside a tracked insertion or move already.
    pub revised: bool,
}
