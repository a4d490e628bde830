//! A generator of Word (.docx) twins of Markdown reports, for the tests and
//! the benchmark: the same report as a drafter would have it in Word, in
//! several forms. It writes the OOXML parts by hand (with the zip crate),
//! independently of the reader under test.
//!
//! - `Typed`: the ordinals typed into the paragraphs (一、 （一） 1.);
//! - `Numbered`: headings in heading styles and items as list paragraphs,
//!   their ordinals from Word's automatic numbering (numbering.xml);
//! - `Tracked`: `Typed`, with a deleted sentence (w:del), an inserted run
//!   (w:ins) and every paragraph split into many runs, mid-term;
//! - `Restarted`: `Numbered` as LibreOffice saves it: 一、 and （一） in
//!   `taiwaneseCountingThousand`, and each list of items restarted as Word's
//!   重新开始于 1 and LibreOffice write it — its first item names an
//!   instance with `w:startOverride`, the next ones the plain instance —
//!   over a level that never restarts by itself (`w:lvlRestart` 0): the
//!   numbers come out right only where the restarts are read as Word does.
//!
//! Footnotes `[^ID]` become Word footnotes whose text starts "ID："; the front
//! matter becomes custom document properties.

use std::io::Write;

/// How the twin is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Typed,
    Numbered,
    Tracked,
    Restarted,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A run of text.
fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text)
    )
}

/// Text as runs of at most `n` characters (Word splits runs after edits).
fn runs(text: &str, split: bool) -> String {
    if !split {
        return run(text);
    }
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(2)
        .map(|c| run(&c.iter().collect::<String>()))
        .collect()
}

/// The paragraph text with its footnote references as Word references.
fn inline(text: &str, notes: &mut Vec<(String, String)>, split: bool) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        let Some(close) = rest[at..].find(']') else {
            break;
        };
        out.push_str(&runs(&rest[..at], split));
        let label = &rest[at + 2..at + close];
        let id = match notes.iter().position(|(l, _)| l == label) {
            Some(i) => i + 1,
            None => {
                notes.push((label.to_string(), String::new()));
                notes.len()
            }
        };
        out.push_str(&format!(r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#));
        rest = &rest[at + close + 1..];
    }
    out.push_str(&runs(rest, split));
    out
}

/// The ordinal at the start of a line and its level (1 一、, 2 （一）, 3 1.).
fn ordinal(line: &str) -> Option<(usize, usize)> {
    let cn = "一二三四五六七八九十";
    if let Some(i) = line.find('、')
        && i > 0
        && line[..i].chars().all(|c| cn.contains(c))
    {
        return Some((1, i + '、'.len_utf8()));
    }
    if line.starts_with('（')
        && let Some(i) = line.find('）')
        && line['（'.len_utf8()..i].chars().all(|c| cn.contains(c))
    {
        return Some((2, i + '）'.len_utf8()));
    }
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    if digits > 0 && line[digits..].starts_with('.') {
        return Some((3, digits + 1));
    }
    None
}

/// The .docx twin of a Markdown report.
pub fn twin(markdown: &str, form: Form) -> Vec<u8> {
    let mut front = Vec::new();
    let mut body = String::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut lines = markdown.lines().peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
        for l in lines.by_ref() {
            if l == "---" {
                break;
            }
            if let Some((k, v)) = l.split_once(": ") {
                front.push((k.to_string(), v.to_string()));
            }
        }
    }
    let split = form == Form::Tracked;
    let mut tracked = false;
    // Restarted: the instances that restart a list, and whether the next
    // item starts one.
    let mut nums = String::new();
    let mut next_num = 2;
    let mut restart = true;
    for l in lines {
        let l = l.trim_end();
        if l.is_empty() {
            continue;
        }
        if let Some(def) = l.strip_prefix("[^") {
            if let Some((label, text)) = def.split_once("]: ") {
                let text = format!("{label}：{text}");
                match notes.iter_mut().find(|(x, _)| x == label) {
                    Some(n) => n.1 = text,
                    None => notes.push((label.to_string(), text)),
                }
            }
            continue;
        }
        let hashes = l.chars().take_while(|&c| c == '#').count();
        let mut text = l[hashes..].trim_start().to_string();
        // A Markdown list number is the typed ordinal "1."; the space goes.
        let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        if digits > 0 && text[digits..].starts_with(". ") {
            text.replace_range(digits + 1..digits + 2, "");
        }
        let mut ppr = String::new();
        if matches!(form, Form::Numbered | Form::Restarted)
            && let Some((level, len)) = ordinal(&text)
        {
            if level <= 2 {
                ppr.push_str(&format!(r#"<w:pStyle w:val="Heading{level}"/>"#));
            }
            let mut num = 1;
            if form == Form::Restarted {
                if level == 3 && restart {
                    num = next_num;
                    next_num += 1;
                    nums.push_str(&format!(r#"<w:num w:numId="{num}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#));
                }
                restart = level < 3;
            }
            ppr.push_str(&format!(
                r#"<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="{num}"/></w:numPr>"#,
                level - 1
            ));
            text.replace_range(..len, "");
        } else if hashes == 1 {
            ppr.push_str(r#"<w:pStyle w:val="Title"/>"#);
        }
        let mut content = inline(&text, &mut notes, split);
        if split && !tracked {
            // One deleted sentence and one inserted (empty of meaning) run.
            content.push_str(r#"<w:del w:id="90" w:author="审稿人"><w:r><w:delText>全面以严治党的这句话已删去。</w:delText></w:r></w:del>"#);
            content
                .push_str(r#"<w:ins w:id="91" w:author="审稿人"><w:r><w:t></w:t></w:r></w:ins>"#);
            tracked = true;
        }
        body.push_str(&format!("<w:p><w:pPr>{ppr}</w:pPr>{content}</w:p>"));
    }
    package(&body, &notes, &front, form, &nums)
}

/// The zip of a document.
fn package(
    body: &str,
    notes: &[(String, String)],
    front: &[(String, String)],
    form: Form,
    nums: &str,
) -> Vec<u8> {
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#
    );
    let mut note_rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (_, text)) in notes.iter().enumerate() {
        // A reference without a definition in Markdown: a reference to a
        // note that is not there.
        if text.is_empty() {
            continue;
        }
        // Markdown links as Word hyperlinks: their text shown, their
        // target a relationship.
        let mut content = String::new();
        let mut rest = format!(" {text}");
        while let Some(open) = rest.find('[') {
            let (Some(mid), Some(close)) = (rest[open..].find("]("), rest[open..].find(')')) else {
                break;
            };
            content.push_str(&run(&rest[..open]));
            let rid = format!("rIdL{i}x{open}");
            note_rels.push_str(&format!(r#"<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{}" TargetMode="External"/>"#, esc(&rest[open + mid + 2..open + close])));
            content.push_str(&format!(
                r#"<w:hyperlink r:id="{rid}">{}</w:hyperlink>"#,
                run(&rest[open + 1..open + mid])
            ));
            rest = rest[open + close + 1..].to_string();
        }
        content.push_str(&run(&rest));
        footnotes.push_str(&format!(
            r#"<w:footnote w:id="{}"><w:p><w:r><w:footnoteRef/></w:r>{content}</w:p></w:footnote>"#,
            i + 1
        ));
    }
    note_rels.push_str("</Relationships>");
    footnotes.push_str("</w:footnotes>");
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>"#
    );
    let (chinese, items_restart) = match form {
        Form::Restarted => ("taiwaneseCountingThousand", r#"<w:lvlRestart w:val="0"/>"#),
        _ => ("chineseCounting", ""),
    };
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{chinese}"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{chinese}"/><w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/>{items_restart}</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>{nums}</w:numbering>"#
    );
    let mut custom = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    );
    for (i, (k, v)) in front.iter().enumerate() {
        custom.push_str(&format!(r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#, i + 2, esc(k), esc(v)));
    }
    custom.push_str("</Properties>");
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", content_types.to_string()),
        ("_rels/.rels", rels.to_string()),
        ("word/_rels/document.xml.rels", doc_rels.to_string()),
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/footnotes.xml", footnotes),
        ("word/_rels/footnotes.xml.rels", note_rels),
        ("docProps/custom.xml", custom),
    ] {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}
