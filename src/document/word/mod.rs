//! A Word report (.docx) to the same [`Document`] a Markdown report gives.
//! The text the rules read is the document as Word shows it, one line a
//! paragraph (a table row is one line, its cells apart by tabs), the
//! footnotes after the body: so a finding's line is the paragraph's number
//! and its column the character in that paragraph.
//!
//! Read as a drafter sees it: automatic numbering (一、 （一） 1. from
//! numbering.xml) is written in front of its paragraph; heading styles and
//! outline levels make headings; tracked changes read as accepted
//! (insertions in, deletions out); field codes out, field results in;
//! hyperlinks' text in; a text box once (its fallback copy skipped); a
//! footnote reference is a source whose label is the note's leading ID
//! ("D-001：……") or else its number. Element names are matched without
//! their namespace, so Strict and Transitional files read alike. A DTD is
//! refused.

mod body;
mod map;
pub mod number_format;
mod numbering;
mod parts;
mod styles;

pub use map::{Part, Piece, RunInfo, WordMap};

use std::collections::HashMap;

use crate::document::layout;
use crate::document::model::*;
use crate::document::text::InlineText;
use crate::source::package::Package;

use body::*;
use numbering::*;
use parts::*;
use styles::*;

/// Reads a .docx package into the text the rules read and its document model.
pub fn read(pkg: &Package) -> Result<(String, Document), String> {
    read_mapped(pkg).map(|(text, doc, _)| (text, doc))
}

/// Like [`read`], with the map from the text back to the package's XML.
pub fn read_mapped(pkg: &Package) -> Result<(String, Document, WordMap), String> {
    let styles = styles(pkg.styles.as_deref())?;
    let mut numbering = Numbering::parse(pkg.numbering.as_deref())?;
    numbering.link_styles(&styles);
    let rels = relationships(pkg.document_rels.as_deref(), &pkg.names.document_rels)?;
    let (mut lines, _, anchors, mut runs) = body(
        &pkg.document,
        &pkg.names.document,
        rels,
        &styles,
        &mut numbering,
        None,
        Part::Document,
    )?;
    let body_lines = lines.len();
    // Notes after the body: footnotes, then endnotes.
    let mut notes: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for (xml, part, tag, kind, rels, which) in [
        (
            pkg.footnotes.as_deref(),
            pkg.names.footnotes.as_str(),
            "footnote",
            "f",
            pkg.footnote_rels.as_deref(),
            Part::Footnotes,
        ),
        (
            pkg.endnotes.as_deref(),
            pkg.names.endnotes.as_str(),
            "endnote",
            "e",
            pkg.endnote_rels.as_deref(),
            Part::Endnotes,
        ),
    ] {
        let Some(xml) = xml else { continue };
        let rels = relationships(rels, part)?;
        let (mut note_lines, ranges, _, note_runs) = body(
            xml,
            part,
            rels,
            &styles,
            &mut Numbering::default(),
            Some(tag),
            which,
        )?;
        // The notes' runs follow the body's in one list.
        let run_base = runs.len();
        for l in &mut note_lines {
            for p in &mut l.pieces {
                p.run += run_base;
            }
        }
        runs.extend(note_runs);
        let base = lines.len();
        notes.extend(
            ranges
                .into_iter()
                .map(|(id, r)| (format!("{kind}{id}"), base + r.start..base + r.end)),
        );
        lines.extend(note_lines);
    }
    // Labels of the notes, in order of appearance.
    let mut labels: HashMap<String, String> = HashMap::new();
    for (n, (key, r)) in notes.iter().enumerate() {
        let text: String = lines[r.clone()]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        labels.insert(key.clone(), note_label(&text, n + 1));
    }

    let mut src = String::new();
    let mut doc = Document::default();
    let mut map = WordMap {
        runs,
        ..WordMap::default()
    };
    let mut note_of_line: Vec<Option<usize>> = vec![None; lines.len()];
    for (i, (key, r)) in notes.iter().enumerate() {
        let text: String = lines[r.clone()]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        doc.footnote_defs.push(FootnoteDef {
            label: labels.get(key).cloned().unwrap_or_default(),
            span: 0..0,
            text,
        });
        for l in r.clone() {
            note_of_line[l] = Some(i);
        }
    }
    for (li, line) in lines.iter().enumerate() {
        let start = src.len();
        src.push_str(&line.text);
        let end = src.len();
        src.push('\n');
        if li == body_lines {
            map.body_end = start;
        }
        map.lines.push(start..end);
        map.pieces.extend(line.pieces.iter().map(|p| Piece {
            src: start + p.at..start + p.at + p.len,
            xml: p.xml.clone(),
            text_tag: p.text_tag.clone(),
            run: p.run,
        }));
        let mut text = InlineText::with_capacity(line.text.len());
        text.push(&line.text, start..end, &src, false);
        let container = match note_of_line[li] {
            Some(n) => Container::Footnote(n),
            None => Container::Body,
        };
        let kind = match (&line.cells, line.heading) {
            (Some((_, true)), _) => BlockKind::TableHead,
            (Some(_), _) => BlockKind::TableRow,
            (None, Some(level)) if li < body_lines => {
                BlockKind::Heading(HeadingLevel::Marked(level))
            }
            _ => BlockKind::Paragraph,
        };
        let index = doc.blocks.len();
        for dest in &line.links {
            doc.links.push(Link {
                dest: dest.clone(),
                span: start..end,
                footnote: note_of_line[li],
            });
        }
        for (at, key) in &line.refs {
            // A reference to a note that is not there keeps its number,
            // which no definition has: `unknown-source` reports it.
            let label = labels
                .get(key)
                .cloned()
                .unwrap_or_else(|| key[1..].to_string());
            doc.footnote_refs.push(FootnoteRef {
                label,
                span: start + at..start + at,
                block: Some(index),
            });
        }
        doc.blocks.push(Block {
            kind,
            span: start..end,
            text,
            section: None,
            container,
            quote_depth: 0,
            list_depth: 0,
            footnote_refs: Vec::new(),
            ordinal: None,
            bold: line.bold,
            cells: line
                .cells
                .as_ref()
                .map(|(c, _)| c.clone())
                .unwrap_or_default(),
        });
    }
    for (i, (_, r)) in notes.iter().enumerate().filter(|(_, (_, r))| !r.is_empty()) {
        if let (Some(first), Some(last)) = (
            doc.blocks.get(r.start),
            r.end.checked_sub(1).and_then(|l| doc.blocks.get(l)),
        ) {
            doc.footnote_defs[i].span = first.span.start..last.span.end;
        }
    }
    if lines.len() == body_lines {
        map.body_end = src.len();
    }
    for (i, r) in doc.footnote_refs.iter().enumerate() {
        if let Some(b) = r.block {
            doc.blocks[b].footnote_refs.push(i);
        }
    }
    // Each note and its first reference in the body (a comment on a note is
    // put there).
    for def in &doc.footnote_defs {
        let at = doc
            .footnote_refs
            .iter()
            .find(|r| r.label == def.label && r.span.start < map.body_end)
            .map(|r| r.span.start);
        map.notes.push((def.span.clone(), at));
    }
    doc.origin = Origin::Word;
    doc.front_matter = properties(pkg.custom.as_deref())?;
    // Word comments (批注), on the paragraphs they are anchored on.
    let texts = comments(pkg.comments.as_deref())?;
    let mut ids: Vec<&String> = anchors.keys().collect();
    ids.sort_by_key(|id| anchors[*id]);
    for id in ids {
        let (first, last) = anchors[id];
        let (Some(text), Some(a), Some(b)) = (
            texts.get(id),
            doc.blocks.get(first),
            doc.blocks.get(last.max(first)),
        ) else {
            continue;
        };
        let span = a.span.start..b.span.end;
        doc.comments.push(Comment {
            span: span.clone(),
            body: text.trim().to_string(),
            anchor: Some(span),
        });
    }
    layout::infer_headings(&mut doc, &src);
    layout::build_sections(&mut doc, src.len());
    Ok((src, doc, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines the reader gives for a body.
    fn lines(body: &str, ns: &str) -> Vec<String> {
        let pkg = Package {
            document: format!(
                r#"<w:document xmlns:w="{ns}" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
            ),
            ..Package::default()
        };
        let (text, _) = read(&pkg).expect("reads");
        text.lines().map(String::from).collect()
    }

    const TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn a_nested_table_is_part_of_its_cell_and_its_row_stays_whole() {
        let nested = format!(
            "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
            para("内甲"),
            para("内乙")
        );
        let body = format!(
            "{}<w:tbl><w:tr><w:tc>{}{nested}{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}",
            para("前"),
            para("外层：全面以严治党"),
            para("后"),
            para("第二格"),
            para("二行"),
            para("乙"),
            para("完")
        );
        assert_eq!(
            lines(&body, TRANSITIONAL),
            [
                "前",
                "外层：全面以严治党 内甲 内乙 后\t第二格",
                "二行\t乙",
                "完"
            ]
        );
    }

    #[test]
    fn empty_paragraphs_count() {
        let body = format!("{}<w:p/><w:p></w:p>{}", para("一"), para("二"));
        assert_eq!(lines(&body, TRANSITIONAL), ["一", "", "", "二"]);
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_its_paragraph_with_the_next() {
        let body = format!(
            r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>推进全面以</w:t></w:r></w:p>{}{}"#,
            para("严治党。"),
            para("下一段")
        );
        assert_eq!(lines(&body, TRANSITIONAL), ["推进全面以严治党。", "下一段"]);
        // In a table cell the paragraphs stay apart (Word cannot join cells).
        let cell = format!(
            r#"<w:tbl><w:tr><w:tc><w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"#,
            para("乙")
        );
        assert_eq!(lines(&cell, TRANSITIONAL), ["甲\t乙"]);
    }

    #[test]
    fn old_properties_of_a_tracked_change_and_ruby_text_are_not_read() {
        let body = r#"<w:p><w:pPr><w:pPrChange w:id="0" w:author="a"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:rPr><w:rPrChange w:id="1" w:author="a"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>秘密情报</w:t></w:r><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>"#;
        let pkg = Package {
            document: format!(
                r#"<w:document xmlns:w="{TRANSITIONAL}"><w:body>{body}</w:body></w:document>"#
            ),
            numbering: Some(format!(
                r#"<w:numbering xmlns:w="{TRANSITIONAL}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
            )),
            ..Package::default()
        };
        let (text, doc) = read(&pkg).expect("reads");
        assert_eq!(text.lines().next(), Some("秘密情报東京"));
        assert!(!doc.blocks[0].bold, "the old bold is not in force");
    }

    #[test]
    fn symbols_and_emoji_are_one_character_each() {
        let body = r#"<w:p><w:r><w:t>符号</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><mc:AlternateContent><mc:Choice Requires="w16se"><w:r><w16se:symEx xmlns:w16se="x" w16se:font="Segoe UI Emoji" w16se:char="1F600"/></w:r></mc:Choice><mc:Fallback><w:r><w:t>😀</w:t></w:r></mc:Fallback></mc:AlternateContent><w:r><w:t>完</w:t></w:r></w:p>"#;
        assert_eq!(lines(body, TRANSITIONAL), ["符号\u{f0fc}😀完"]);
    }

    #[test]
    fn strict_files_read_as_transitional_ones() {
        let body = r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>"#;
        assert_eq!(
            lines(body, "http://purl.oclc.org/ooxml/wordprocessingml/main"),
            lines(body, TRANSITIONAL)
        );
    }

    #[test]
    fn a_text_box_is_read_once_and_field_results_without_their_code() {
        let body = concat!(
            r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>见</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第3页</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            r#"<w:p><w:hyperlink w:history="1"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>尾</w:t></w:r></w:p>"#,
        );
        let got = lines(body, TRANSITIONAL);
        assert_eq!(
            got.iter().filter(|l| l.contains("框内文字")).count(),
            1,
            "{got:?}"
        );
        assert!(got.contains(&"见第3页".to_string()), "{got:?}");
        assert!(got.contains(&"链接文字 尾".to_string()), "{got:?}");
    }

    #[test]
    fn a_dtd_is_refused() {
        let pkg = Package {
            document:
                r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="w"><w:body/></w:document>"#
                    .into(),
            ..Package::default()
        };
        assert!(read(&pkg).unwrap_err().contains("DTD"));
    }

    /// The map's oracle: every piece's XML, decoded on its own, is the text
    /// the piece stands for, and each run's formatting is a `<w:rPr>`.
    #[test]
    fn every_piece_of_text_maps_to_the_xml_it_was_read_from() {
        let body = concat!(
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>甲&amp;乙</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 丙 </w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元一</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr/><w:t>单元二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:ins w:id="1"><w:r><w:t>插入</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:br/><w:t>&#x4E01;</w:t></w:r></w:p>"#,
        );
        let pkg = Package {
            document: format!(
                r#"<w:document xmlns:w="{TRANSITIONAL}"><w:body>{body}</w:body></w:document>"#
            ),
            ..Package::default()
        };
        let (text, _, map) = read_mapped(&pkg).expect("reads");
        assert_eq!(text, "甲&乙  丙 \n单元一 第二段\t单元二\n插入 丁\n");
        let xml = &pkg.document;
        let mut covered = 0;
        for p in &map.pieces {
            let raw = &xml[p.xml.clone()];
            let decoded = match raw {
                "&amp;" => "&".to_string(),
                "&#x4E01;" => "丁".to_string(),
                "<w:tab/>" | "<w:br/>" => " ".to_string(),
                r => r.to_string(),
            };
            assert_eq!(decoded, text[p.src.clone()], "{raw}");
            if let Some(tag) = &p.text_tag {
                assert!(
                    xml[tag.clone()].starts_with("<w:t"),
                    "{}",
                    &xml[tag.clone()]
                );
            }
            covered += p.src.len();
        }
        // Every character but the joins (cell tab, paragraph space, line ends).
        assert_eq!(covered, text.len() - 5);
        let rprs: Vec<&str> = map
            .runs
            .iter()
            .filter_map(|r| r.rpr.clone())
            .map(|r| &xml[r])
            .collect();
        assert_eq!(rprs, ["<w:rPr><w:b/></w:rPr>", "<w:rPr/>"]);
        assert_eq!(
            map.runs.iter().filter(|r| r.revised).count(),
            1,
            "the run inside w:ins"
        );
    }

    #[test]
    fn positions_count_a_byte_order_mark() {
        for bom in ["\u{feff}", "\u{feff}\u{feff}"] {
            let pkg = Package {
                document: format!(
                    "{bom}<w:document xmlns:w=\"{TRANSITIONAL}\"><w:body><w:p><w:r><w:t>甲乙</w:t></w:r></w:p></w:body></w:document>"
                ),
                ..Package::default()
            };
            let (_, _, map) = read_mapped(&pkg).expect("reads");
            let p = &map.pieces[0];
            assert_eq!(&pkg.document[p.xml.clone()], "甲乙");
            assert_eq!(&pkg.document[p.text_tag.clone().unwrap()], "<w:t>");
        }
    }

    #[test]
    fn note_labels_are_the_leading_id() {
        assert_eq!(note_label(" D-001：低保动态管理核查表", 1), "D-001");
        assert_eq!(note_label("XC2024-12: 凭证", 2), "XC2024-12");
        assert_eq!(note_label("见补充材料。", 3), "3");
    }
}
