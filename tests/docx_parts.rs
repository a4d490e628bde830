//! Word packages whose parts are not where Word usually puts them: the
//! main part is found through `_rels/.rels` (Word Online writes
//! `word/document2.xml`), the others through its relationships; fixes and
//! comments are written into those parts. And the zip-bomb guard does not
//! refuse a small part that compresses well (LibreOffice's blank tables).

mod common;

use std::io::{Read, Write};

use common::cmd;

/// Every entry of a package, by name.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).expect("entry");
            let mut b = Vec::new();
            e.read_to_end(&mut b).expect("read");
            (e.name().expect("name").to_string(), b)
        })
        .collect()
}

fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// A fixture with its main part moved to word/document2.xml, as Word Online
/// saves it.
fn moved(fixture: &str) -> Vec<u8> {
    let original = std::fs::read(fixture).expect("fixture");
    let moved: Vec<(String, Vec<u8>)> = entries(&original)
        .into_iter()
        .map(|(name, bytes)| {
            let text = || String::from_utf8(bytes.clone()).expect("XML");
            match name.as_str() {
                "word/document.xml" => ("word/document2.xml".to_string(), bytes),
                "word/_rels/document.xml.rels" => {
                    ("word/_rels/document2.xml.rels".to_string(), bytes)
                }
                "_rels/.rels" => (
                    name,
                    text()
                        .replace("word/document.xml", "word/document2.xml")
                        .into_bytes(),
                ),
                "[Content_Types].xml" => (
                    name,
                    text()
                        .replace("/word/document.xml", "/word/document2.xml")
                        .into_bytes(),
                ),
                _ => (name, bytes),
            }
        })
        .collect();
    assert!(moved.iter().any(|(n, _)| n == "word/document2.xml"));
    zip_of(&moved)
}

fn json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = cmd().current_dir(dir).args(args).output().expect("runs");
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn the_main_part_is_found_through_the_relationships() {
    let dir = tempfile::tempdir().expect("tmp");
    let md = common::fixture("fixtures/bad/standard-term.md");
    std::fs::write(
        dir.path().join("原.docx"),
        reportlint::corpus::word::twin(&md, reportlint::corpus::word::Form::Typed),
    )
    .expect("write");
    let original_path = dir.path().join("原.docx");
    let bytes = std::fs::read(&original_path).expect("read");
    std::fs::write(&original_path, &bytes).expect("write");
    std::fs::write(
        dir.path().join("报告.docx"),
        moved(original_path.to_str().expect("path")),
    )
    .expect("write");
    let want = json(dir.path(), &["check", "--format", "json", "原.docx"]);
    let got = json(dir.path(), &["check", "--format", "json", "报告.docx"]);
    assert_eq!(
        want["files"][0]["diagnostics"],
        got["files"][0]["diagnostics"]
    );
    assert!(
        !got["files"][0]["diagnostics"]
            .as_array()
            .expect("list")
            .is_empty()
    );

    // Fixes are written into word/document2.xml, and read back fixed.
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--fix", "报告.docx"])
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = entries(&std::fs::read(dir.path().join("报告.docx")).expect("read"));
    let names: Vec<&str> = fixed.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"word/document.xml"), "{names:?}");
    let doc2 = fixed
        .iter()
        .find(|(n, _)| n == "word/document2.xml")
        .expect("main part");
    assert!(
        String::from_utf8_lossy(&doc2.1).contains("w:ins"),
        "no tracked change written"
    );
    let after = json(dir.path(), &["check", "--format", "json", "报告.docx"]);
    let left = after["files"][0]["diagnostics"].as_array().expect("list");
    assert!(
        left.iter().all(|d| d["rule"] != "standard-term"),
        "{left:?}"
    );

    // Comments go beside it, linked from its relationships.
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--annotate", "原.docx"])
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1));
    std::fs::write(
        dir.path().join("批注.docx"),
        moved(dir.path().join("原.docx").to_str().expect("path")),
    )
    .expect("write");
    let out = cmd()
        .current_dir(dir.path())
        .args(["check", "--annotate", "批注.docx"])
        .output()
        .expect("runs");
    assert!(out.status.code().is_some_and(|c| c <= 1));
    let annotated = entries(&std::fs::read(dir.path().join("批注.reportlint.docx")).expect("read"));
    let rels = annotated
        .iter()
        .find(|(n, _)| n == "word/_rels/document2.xml.rels")
        .expect("rels");
    assert!(String::from_utf8_lossy(&rels.1).contains(r#"Target="comments.xml""#));
    assert!(annotated.iter().any(|(n, _)| n == "word/comments.xml"));
}

#[test]
fn a_small_part_that_compresses_very_well_is_read() {
    // A blank table of 8000 rows: past 200 to 1, under a megabyte.
    let row =
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
            .repeat(8000);
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>推进全面以严治党。</w:t></w:r></w:p><w:tbl>{row}</w:tbl></w:body></w:document>"#
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let best = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    w.start_file("word/document.xml", best).expect("start");
    w.write_all(xml.as_bytes()).expect("write");
    let bytes = w.finish().expect("finish").into_inner();
    let ratio = xml.len() / bytes.len();
    assert!(ratio > 200, "the test needs a ratio past 200, got {ratio}");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("表.docx"), bytes).expect("write");
    let got = json(dir.path(), &["check", "--format", "json", "表.docx"]);
    let rules: Vec<&str> = got["files"][0]["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"standard-term"), "{rules:?}");
    assert!(!rules.contains(&"unreadable-file"), "{rules:?}");
}

#[test]
fn text_under_a_hundred_thousand_nested_insertions_is_read() {
    let n = 100_000;
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>{}<w:r><w:t>推进全面以严治党。</w:t></w:r>{}</w:p></w:body></w:document>"#,
        r#"<w:ins w:id="1" w:author="a">"#.repeat(n),
        "</w:ins>".repeat(n)
    );
    let bytes = zip_of(&[("word/document.xml".to_string(), xml.into_bytes())]);
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("深.docx"), bytes).expect("write");
    let got = json(dir.path(), &["check", "--format", "json", "深.docx"]);
    let found = got["files"][0]["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .any(|d| d["rule"] == "standard-term" && d["line"] == 1 && d["column"] == 3);
    assert!(found, "{got}");
}
