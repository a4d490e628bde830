//! Writing back into Word reports: `--fix` as tracked changes (修订),
//! `--annotate` as comments (批注). Expectations are read from the written
//! XML by a walk of its own (text between markers, `w:del`/`w:ins`
//! contents), not by the reader under test; where LibreOffice is installed
//! it opens every file written and its reading is checked too.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;
use reportlint::corpus::word::{Form, twin};

/// Every entry of a package: name → (raw compressed bytes, content).
fn entries(bytes: &[u8]) -> BTreeMap<String, (Vec<u8>, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut raw = Vec::new();
        let name = {
            let mut e = zip.by_index_raw(i).unwrap();
            e.read_to_end(&mut raw).unwrap();
            e.name().unwrap().to_string()
        };
        let mut bytes = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut bytes).unwrap();
        out.insert(name, (raw, String::from_utf8_lossy(&bytes).into_owned()));
    }
    out
}

/// A twin of a bad fixture in a folder of its own.
fn twin_in(dir: &Path, fixture_name: &str, form: Form) -> PathBuf {
    let md = fixture(&format!("fixtures/bad/{fixture_name}.md"));
    let p = dir.join("报告.docx");
    std::fs::write(&p, twin(&md, form)).unwrap();
    p
}

/// Text inside elements named `local` (`del`, `ins`), by a plain scan of
/// the XML: each element's `delText`/`t` contents joined.
fn revised(xml: &str, local: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let open = format!("<w:{local} ");
    let close = format!("</w:{local}>");
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let start = &rest[i..];
        let end = start.find(&close).expect("closed");
        let element = &start[..end];
        let author = element
            .split("w:author=\"")
            .nth(1)
            .and_then(|a| a.split('"').next())
            .unwrap_or_default()
            .to_string();
        let text: String = element
            .split('>')
            .filter_map(|s| s.split('<').next())
            .collect();
        out.push((author, text));
        rest = &start[end..];
    }
    out
}

#[test]
fn fixes_are_tracked_changes_of_only_what_changes_in_every_form() {
    for form in [Form::Typed, Form::Numbered, Form::Tracked] {
        let dir = tempfile::tempdir().unwrap();
        let p = twin_in(dir.path(), "standard-term", form);
        let before = std::fs::read(&p).unwrap();
        let out = cmd().args(["check", "--fix"]).arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{form:?}: {out:?}");
        let after = std::fs::read(&p).unwrap();
        let (old, new) = (entries(&before), entries(&after));
        // Only the body changed; every other entry is byte for byte the same.
        assert_eq!(
            old.keys().collect::<Vec<_>>(),
            new.keys().collect::<Vec<_>>()
        );
        for (name, (raw, _)) in &old {
            if name != "word/document.xml" {
                assert_eq!(&new[name].0, raw, "{form:?}: {name} was rewritten");
            }
        }
        let xml = &new["word/document.xml"].1;
        let dels = revised(xml, "del");
        let ours: Vec<&(String, String)> = dels.iter().filter(|d| d.0 == "reportlint").collect();
        assert_eq!(
            ours,
            [&("reportlint".to_string(), "以".to_string())],
            "{form:?}"
        );
        let ins = revised(xml, "ins");
        let ours: Vec<&(String, String)> = ins.iter().filter(|d| d.0 == "reportlint").collect();
        assert_eq!(
            ours,
            [&("reportlint".to_string(), "从".to_string())],
            "{form:?}"
        );
        // Rejected, every change (ours and the drafter's) reads as the
        // original did with its changes rejected.
        assert_eq!(
            rejected(xml),
            rejected(&old["word/document.xml"].1),
            "{form:?}"
        );
        // Read with the changes accepted, the finding is gone; a second run
        // changes nothing.
        let (json, _) = check_json(&[p.to_str().unwrap()]);
        assert!(!findings(&json).iter().any(|f| f.0 == "standard-term"));
        cmd().args(["check", "--fix"]).arg(&p).output().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), after, "{form:?}: second run");
    }
}

/// The body's text with every tracked change rejected: deleted text in,
/// inserted text out (a scan of its own, not the reader under test).
fn rejected(xml: &str) -> String {
    let mut out = String::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut inserted, mut in_text) = (0usize, false);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) => match e.name().as_ref() {
                "w:ins" => inserted += 1,
                "w:t" | "w:delText" => in_text = true,
                _ => {}
            },
            quick_xml::events::Event::End(e) => match e.name().as_ref() {
                "w:ins" => inserted -= 1,
                "w:t" | "w:delText" => in_text = false,
                "w:p" => out.push('\n'),
                _ => {}
            },
            quick_xml::events::Event::Text(t) if in_text && inserted == 0 => {
                out.push_str(&t.xml10_content())
            }
            _ => {}
        }
    }
    out
}

/// A package holding `body`, in a folder of its own, after `check --fix`:
/// the folder, the file and its document.xml.
fn fixed_body(body: &str) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(&p, package(body, None)).unwrap();
    cmd()
        .args(["check", "--fix", "-q"])
        .arg(&p)
        .output()
        .unwrap();
    let xml = entries(&std::fs::read(&p).unwrap())["word/document.xml"]
        .1
        .clone();
    (dir, p, xml)
}

#[test]
fn the_term_split_over_three_runs_becomes_one_tracked_change() {
    let body = r#"<w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p><w:p><w:r><w:t>推进全面以</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>严</w:t></w:r><w:r><w:t>治党力度不够。</w:t></w:r></w:p>"#;
    let (_dir, p, xml) = fixed_body(body);
    assert_eq!(
        revised(&xml, "del"),
        [("reportlint".to_string(), "以".to_string())]
    );
    assert_eq!(
        revised(&xml, "ins"),
        [("reportlint".to_string(), "从".to_string())]
    );
    // The inserted 从 takes the formatting of the run it replaces in (not
    // the bold 严 after it).
    let ins = &xml[xml.find("<w:ins ").unwrap()..];
    assert!(
        ins[..ins.find("</w:ins>").unwrap()]
            .find("<w:b/>")
            .is_none(),
        "{xml}"
    );
    assert_eq!(rejected(&xml), "一、基本情况\n推进全面以严治党力度不够。\n");
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    assert!(!findings(&json).iter().any(|f| f.0 == "standard-term"));
}

/// A package: document.xml holding `body`, content types and relationships.
fn package(body: &str, comments: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ),
        (
            "_rels/.rels".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
        ),
        (
            "word/document.xml".to_string(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#),
        ),
    ];
    if let Some(c) = comments {
        parts.push((
            "word/comments.xml".to_string(),
            format!(r#"<w:comments {W}>{c}</w:comments>"#),
        ));
        parts.push((
            "word/_rels/document.xml.rels".to_string(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#.to_string(),
        ));
        parts[0].1 = parts[0].1.replace("</Types>", r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#);
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_fix_keeps_the_formatting_of_its_run() {
    let body = r#"<w:p><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>推进全面以严治党力度不够。</w:t></w:r></w:p>"#;
    let (_dir, _, xml) = fixed_body(body);
    let ins = &xml[xml.find("<w:ins ").unwrap()..];
    assert!(
        ins.starts_with("<w:ins ")
            && ins.contains(
                r#"<w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">从</w:t>"#
            ),
        "{xml}"
    );
    // Each piece of the cut run keeps it too: four runs carry it (推进全面,
    // the deleted 以, the inserted 从, 严治党力度不够。).
    assert_eq!(
        xml.matches(r#"<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>"#)
            .count(),
        4,
        "{xml}"
    );
}

#[test]
fn diff_shows_the_text_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = twin_in(dir.path(), "standard-term", Form::Tracked);
    let before = std::fs::read(&p).unwrap();
    let out = cmd().args(["check", "--diff"]).arg(&p).output().unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(diff.contains("-3.推进全面以严治党力度不够"), "{diff}");
    assert!(diff.contains("+3.推进全面从严治党力度不够"), "{diff}");
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

/// Each comment's anchored text (between its range markers, deleted text
/// left out), by id, from a scan of document.xml.
fn anchored(xml: &str) -> BTreeMap<String, String> {
    let mut open: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut in_t = false;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                let name = e.name().as_ref().to_string();
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "w:id")
                    .map(|a| a.value.to_string());
                match (name.as_str(), id) {
                    ("w:commentRangeStart", Some(id)) => {
                        out.entry(id.clone()).or_default();
                        open.push(id);
                    }
                    ("w:commentRangeEnd", Some(id)) => open.retain(|o| *o != id),
                    ("w:t", _) => in_t = true,
                    _ => {}
                }
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            quick_xml::events::Event::Text(t) if in_t => {
                let t = t.xml10_content().to_string();
                for id in &open {
                    out.get_mut(id).unwrap().push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The comments of comments.xml: id → (author, text).
fn comments(xml: &str) -> BTreeMap<String, (String, String)> {
    xml.split("<w:comment ")
        .skip(1)
        .map(|c| {
            let attr = |n: &str| {
                c.split(&format!("w:{n}=\""))
                    .nth(1)
                    .and_then(|a| a.split('"').next())
                    .unwrap_or_default()
                    .to_string()
            };
            let text: String = c
                .split("<w:t")
                .skip(1)
                .filter_map(|s| s.split_once('>').map(|(_, r)| r))
                .filter_map(|s| s.split('<').next())
                .collect::<Vec<_>>()
                .join("|");
            (attr("id"), (attr("author"), text))
        })
        .collect()
}

#[test]
fn annotate_anchors_each_finding_on_its_characters_and_keeps_the_original() {
    for form in [Form::Typed, Form::Tracked] {
        let dir = tempfile::tempdir().unwrap();
        let p = twin_in(dir.path(), "standard-term", form);
        let before = std::fs::read(&p).unwrap();
        let out = cmd()
            .args(["check", "--annotate"])
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("报告.reportlint.docx（1 条批注）"),
            "{out:?}"
        );
        assert_eq!(std::fs::read(&p).unwrap(), before, "the original is kept");
        let written = entries(&std::fs::read(dir.path().join("报告.reportlint.docx")).unwrap());
        let notes = comments(&written["word/comments.xml"].1);
        let anchors = anchored(&written["word/document.xml"].1);
        assert_eq!(notes.len(), 1, "{notes:?}");
        let (id, (author, text)) = notes.iter().next().unwrap();
        assert_eq!(author, "reportlint");
        assert!(
            text.contains("standard-term") && text.contains("建议改为：“全面从严治党”"),
            "{text}"
        );
        assert_eq!(anchors[id], "全面以严治党", "{form:?}");
        // The new part is declared; other entries are untouched.
        assert!(
            written["[Content_Types].xml"]
                .1
                .contains("/word/comments.xml")
        );
        assert!(
            written["word/_rels/document.xml.rels"]
                .1
                .contains("Target=\"comments.xml\"")
        );
        let old = entries(&before);
        for (name, (raw, _)) in &old {
            if ![
                "word/document.xml",
                "[Content_Types].xml",
                "word/_rels/document.xml.rels",
            ]
            .contains(&name.as_str())
            {
                assert_eq!(&written[name].0, raw, "{name} was rewritten");
            }
        }
        // A folder walk does not lint the copy.
        let (json, _) = check_json(&[dir.path().to_str().unwrap()]);
        assert_eq!(json["files"].as_array().unwrap().len(), 1, "{json}");
    }
}

#[test]
fn annotate_keeps_existing_comments_and_uses_new_ids() {
    let body = r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>一、基本情况</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:r><w:t>推进全面以严治党力度不够。</w:t></w:r></w:p>"#;
    let existing = r#"<w:comment w:id="0" w:author="审稿人"><w:p><w:r><w:t>请核实</w:t></w:r></w:p></w:comment>"#;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("报告.docx");
    std::fs::write(&p, package(body, Some(existing))).unwrap();
    let target = dir.path().join("批注版.docx");
    let out = cmd()
        .args(["check", "--annotate", "-o"])
        .arg(&target)
        .arg(&p)
        .output()
        .unwrap();
    assert!(target.exists(), "{out:?}");
    let written = entries(&std::fs::read(&target).unwrap());
    let notes = comments(&written["word/comments.xml"].1);
    assert_eq!(notes["0"], ("审稿人".to_string(), "请核实".to_string()));
    let anchors = anchored(&written["word/document.xml"].1);
    assert_eq!(anchors["0"], "一、基本情况");
    let term = notes
        .iter()
        .find(|(_, (_, t))| t.contains("standard-term"))
        .expect("a comment for the term");
    assert_ne!(term.0, "0");
    assert_eq!(anchors[term.0], "全面以严治党");
    // Every finding got its comment, each with its own id.
    let (json, _) = check_json(&[p.to_str().unwrap()]);
    assert_eq!(notes.len(), findings(&json).len() + 1, "{notes:?}");
}

#[test]
fn a_failed_write_leaves_the_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    let p = twin_in(dir.path(), "standard-term", Form::Tracked);
    let before = std::fs::read(&p).unwrap();
    let out = cmd()
        .args(["check", "--fix"])
        .arg(&p)
        .env("REPORTLINT_FAIL_WRITE_AT", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("原文件保持原样"),
        "{out:?}"
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".reportlint"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn output_needs_exactly_one_word_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = twin_in(dir.path(), "standard-term", Form::Typed);
    let b = dir.path().join("另一份.docx");
    std::fs::copy(&a, &b).unwrap();
    let out = cmd()
        .args(["check", "--annotate", "--output", "x.docx"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("只能用于一个 .docx 文件"));
}

/// LibreOffice, when installed (`.ci/run` installs it; set
/// REPORTLINT_REQUIRE_LIBREOFFICE=1 to fail rather than skip without it).
fn soffice() -> Option<&'static str> {
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("REPORTLINT_REQUIRE_LIBREOFFICE").is_some() {
        panic!("LibreOffice (soffice) is required but not installed");
    }
    found.then_some("soffice")
}

/// Converts `file` with LibreOffice into `format` in `out`; returns the path.
fn convert(file: &Path, format: &str, out: &Path) -> PathBuf {
    let profile = out.join("profile");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    let name = format!(
        "{}.{}",
        file.file_stem().unwrap().to_string_lossy(),
        format.split(':').next().unwrap()
    );
    let path = out.join(name);
    assert!(
        path.exists(),
        "LibreOffice converted {}: {status:?}",
        file.display()
    );
    path
}

#[test]
fn libreoffice_opens_what_reportlint_writes() {
    if soffice().is_none() {
        eprintln!("LibreOffice is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    let p = twin_in(dir.path(), "standard-term", Form::Tracked);
    // Comments: LibreOffice anchors the note on the same characters.
    cmd()
        .args(["check", "--annotate", "-q"])
        .arg(&p)
        .output()
        .unwrap();
    let odt = convert(&dir.path().join("报告.reportlint.docx"), "odt", &lo);
    let content = entries(&std::fs::read(&odt).unwrap())["content.xml"]
        .1
        .clone();
    let at = content.find("<office:annotation ").expect("an annotation");
    let after = &content[at..];
    let body_end = after.find("</office:annotation>").unwrap();
    assert!(after[..body_end].contains("<dc:creator>reportlint</dc:creator>"));
    let anchored = &after[body_end + "</office:annotation>".len()..];
    assert!(
        anchored.starts_with("全面以严治党<office:annotation-end"),
        "{anchored:.200}"
    );
    // Tracked changes: LibreOffice sees reportlint's deletion and insertion;
    // saved again as .docx by LibreOffice, it reads with no finding left.
    cmd()
        .args(["check", "--fix", "-q"])
        .arg(&p)
        .output()
        .unwrap();
    let odt = convert(&p, "odt", &lo);
    let content = entries(&std::fs::read(&odt).unwrap())["content.xml"]
        .1
        .clone();
    assert!(
        content.contains("<text:deletion><office:change-info><dc:creator>reportlint</dc:creator>"),
        "{content:.2000}"
    );
    assert!(
        content.contains("<text:insertion><office:change-info><dc:creator>reportlint</dc:creator>")
    );
    let resaved_dir = dir.path().join("resaved");
    std::fs::create_dir_all(&resaved_dir).unwrap();
    let resaved = convert(&p, "docx:MS Word 2007 XML", &resaved_dir);
    let (json, _) = check_json(&[resaved.to_str().unwrap()]);
    assert!(
        !findings(&json).iter().any(|f| f.0 == "standard-term"),
        "{json}"
    );
}
