//! Word reports: a .docx twin of a Markdown report, in each form a drafter's
//! file takes (typed ordinals; Word's automatic numbering with heading
//! styles; tracked changes and runs split mid-term), gives the same findings
//! (rule ids) and the same statistics as the Markdown report.

mod common;

use std::path::Path;

use common::*;
use reportlint::corpus::word::{Form, twin};
use serde_json::Value;

/// Writes `bytes` as `name` in a copy of the report's folder (evidence.yaml
/// and 底稿/ beside it); returns the file's path.
fn beside(report: &str, name: &str, bytes: &[u8], dir: &Path) -> std::path::PathBuf {
    let folder = Path::new(report).parent().unwrap();
    for e in std::fs::read_dir(folder).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
        if p.is_dir() && p.file_name().is_some_and(|n| n == "底稿") {
            std::fs::create_dir_all(dir.join("底稿")).unwrap();
            for f in std::fs::read_dir(&p).unwrap() {
                let f = f.unwrap().path();
                std::fs::copy(&f, dir.join("底稿").join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    let out = dir.join(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

/// Rule ids (sorted) and stats of one file.
fn result(path: &Path) -> (Vec<String>, Value) {
    let (json, _) = check_json(&[path.to_str().unwrap()]);
    let mut rules: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
    rules.sort();
    (rules, json["files"][0]["stats"].clone())
}

#[test]
fn a_word_twin_gives_the_same_findings_and_stats_in_every_form() {
    let reports = [
        "fixtures/good/民政局/巡察报告.md",
        "fixtures/bad/sources.md",
        "fixtures/bad/standard-term.md",
        "fixtures/bad/focuses.md",
        "fixtures/bad/hedging.md",
        "fixtures/bad/problem-count-mismatch.md",
        // Clean for every rule, with the lexicon's near misses.
        "fixtures/prose/巡察报告范文.md",
    ];
    let mut failures = Vec::new();
    for report in reports {
        let md = fixture(report);
        let dir = tempfile::tempdir().unwrap();
        let (want, want_stats) = result(&beside(report, "报告.md", md.as_bytes(), dir.path()));
        for form in [Form::Typed, Form::Numbered, Form::Tracked, Form::Restarted] {
            let d = tempfile::tempdir().unwrap();
            let path = beside(report, "报告.docx", &twin(&md, form), d.path());
            let (got, stats) = result(&path);
            if got != want || stats != want_stats {
                failures.push(format!(
                    "{report} as {form:?}:\n  want {want:?}\n  got  {got:?}\n  want stats {want_stats}\n  got stats  {stats}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A minimal package holding `body` (paragraph XML) as its document.
fn package(body: &str) -> Vec<u8> {
    use std::io::Write;
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(doc.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_term_split_over_three_runs_is_found_at_its_paragraph_and_column() {
    let body = r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p><w:p><w:r><w:t>推进全面以</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>严</w:t></w:r><w:r><w:t>治党力度不够。</w:t></w:r></w:p>"#;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(&p, package(body)).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let f: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f.0 == "standard-term")
        .collect();
    // Paragraph 2, from its 3rd character (推进 before it), six characters.
    assert_eq!(f, [("standard-term".to_string(), 2, 3, 2, 9)]);
}

#[test]
fn automatic_numbering_is_read_in_front_of_its_paragraph() {
    let md = "---\nunit: x\n---\n\n## 二、发现的主要问题\n\n### （一）群众身边腐败问题和不正之风方面\n\n1. 违规发放津补贴12.6万元。\n";
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(&p, twin(md, Form::Numbered)).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let f = findings(&json);
    // The numbers Word draws start at 一、 and （一）, so heading-numbering
    // sees 一、 where the Markdown had 二、; the item is found at its paragraph.
    assert!(
        f.iter()
            .any(|f| f.0 == "claim-without-source" && f.1 == 3 && f.2 == 1),
        "{f:?}"
    );
    assert!(!f.iter().any(|f| f.0 == "missing-problem-section"), "{f:?}");
}

#[test]
fn unreadable_word_files_are_named_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut doc = ole.to_vec();
    doc.extend([0u8; 512]);
    let mut encrypted = doc.clone();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let good = package(r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>"#);
    let truncated = good[..good.len() / 2].to_vec();
    // A zip bomb: one entry that inflates far past its size.
    let bomb = {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(&vec![b' '; 8 << 20]).unwrap();
        zip.finish().unwrap().into_inner()
    };
    for (name, bytes) in [
        ("a旧版.docx", &doc),
        ("b加密.docx", &encrypted),
        ("c截断.docx", &truncated),
        ("d炸弹.docx", &bomb),
        ("e正常.docx", &good),
    ] {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(
        dir.path().join("f报告.md"),
        "# 报告\n\n推进全面以严治党。\n",
    )
    .unwrap();
    let (json, code) = check_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 6, "every file is reported: {json}");
    let reason = |i: usize| -> String {
        let d = &files[i]["diagnostics"][0];
        assert_eq!(d["rule"], "unreadable-file", "{}", files[i]);
        d["message"].as_str().unwrap().to_string()
    };
    assert!(reason(0).contains("另存为 .docx"), "{}", reason(0));
    assert!(reason(1).contains("密码"), "{}", reason(1));
    assert!(reason(2).contains("损坏"), "{}", reason(2));
    assert!(reason(3).contains("过大"), "{}", reason(3));
    assert!(
        !files[4]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "unreadable-file")
    );
    assert!(
        files[5]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "standard-term")
    );
}

/// A package with a comments part.
fn package_with_comments(body: &str, comments: &str) -> Vec<u8> {
    use std::io::Write;
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        (
            "word/document.xml",
            format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#),
        ),
        (
            "word/comments.xml",
            format!(r#"<w:comments {W}>{comments}</w:comments>"#),
        ),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_directive_in_a_word_comment_applies_to_its_paragraphs() {
    let para = |text: &str, id: Option<u32>| match id {
        Some(i) => format!(
            r#"<w:p><w:commentRangeStart w:id="{i}"/><w:r><w:t>{text}</w:t></w:r><w:commentRangeEnd w:id="{i}"/><w:r><w:commentReference w:id="{i}"/></w:r></w:p>"#
        ),
        None => format!(r#"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"#),
    };
    let body = [
        para("推进全面以严治党力度不够。", Some(1)),
        para("推进全面以严治党仍有差距。", None),
        para("另一处全面以严治党。", Some(2)),
    ]
    .concat();
    let comments = r#"<w:comment w:id="1" w:author="起草人"><w:p><w:r><w:t>reportlint-disable-next-line standard-term -- 引用原文</w:t></w:r></w:p></w:comment><w:comment w:id="2" w:author="起草人"><w:p><w:r><w:t>reportlint-disable-next-line standard-term</w:t></w:r></w:p></w:comment>"#;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(&p, package_with_comments(&body, comments)).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let f: Vec<(String, u64)> = findings(&json)
        .into_iter()
        .filter(|f| f.0 != "front-matter" && f.0 != "missing-problem-section")
        .map(|f| (f.0, f.1))
        .collect();
    // Paragraph 1 is silenced with a reason; paragraph 2 has no comment;
    // paragraph 3 is silenced, but its comment gives no reason.
    assert_eq!(
        f,
        [
            ("standard-term".to_string(), 2),
            ("suppression-without-reason".to_string(), 3)
        ]
    );
}

#[test]
fn missing_metadata_in_a_word_report_points_to_the_document_properties() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(
        &p,
        package(r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p>"#),
    )
    .unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    let d = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "front-matter")
        .expect("a front-matter finding")
        .clone();
    assert!(
        d["message"].as_str().unwrap().contains("高级属性 → 自定义"),
        "{d}"
    );
    // Present as custom properties (the twins carry them): no finding.
    let md = fixture("fixtures/good/民政局/巡察报告.md");
    std::fs::write(&p, twin(&md, Form::Typed)).unwrap();
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    assert!(!findings(&json).iter().any(|f| f.0 == "front-matter"));
}

#[test]
#[ignore = "writes the inputs of fixtures/docx/libreoffice (see its README)"]
fn write_twins_for_libreoffice() {
    let out = std::env::var("TWINS_OUT").unwrap_or_else(|_| "/tmp/lo/in".into());
    let md = fixture("fixtures/good/民政局/巡察报告.md");
    for (name, form) in [
        ("typed", Form::Typed),
        ("numbered", Form::Numbered),
        ("tracked", Form::Tracked),
    ] {
        std::fs::write(format!("{out}/{name}.docx"), twin(&md, form)).unwrap();
    }
}

#[test]
fn reports_saved_by_libreoffice_read_like_their_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let (want, want_stats) = result(&beside(
        "fixtures/good/民政局/巡察报告.md",
        "报告.md",
        fixture("fixtures/good/民政局/巡察报告.md").as_bytes(),
        dir.path(),
    ));
    assert!(want.is_empty());
    for name in ["typed", "numbered", "tracked"] {
        let path = Path::new("fixtures/docx/libreoffice").join(format!("{name}.docx"));
        let (got, stats) = result(&path);
        assert_eq!(got, want, "{name}");
        assert_eq!(stats, want_stats, "{name}");
    }
}
