//! `reportlint text`: the text the checks read, numbered as findings number
//! it. The numbers are checked against the findings of `check` on the same
//! files (a finding's line names the line `text` prints under that number).

mod common;

use common::cmd;

fn run(args: &[&str]) -> (String, String, Option<i32>) {
    let out = cmd().args(args).output().expect("runs");
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
        out.status.code(),
    )
}

#[test]
fn a_findings_line_is_the_line_text_numbers_so() {
    for file in [
        "fixtures/bad/standard-term.md",
        "fixtures/encodings/gbk.md",
        "fixtures/docx/libreoffice/numbered.docx",
        "fixtures/docx/libreoffice/tracked.docx",
    ] {
        let (text, _, code) = run(&["text", file]);
        assert_eq!(code, Some(0), "{file}");
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            assert!(l.starts_with(&format!("{}:", i + 1)), "{file}: {l}");
        }
        let (json, _, _) = run(&["check", "--format", "json", file]);
        let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        for d in json["files"][0]["diagnostics"]
            .as_array()
            .expect("findings")
        {
            let line = d["line"].as_u64().expect("line") as usize;
            let (col, end) = (
                d["column"].as_u64().unwrap() as usize,
                d["end_column"].as_u64().unwrap() as usize,
            );
            if d["end_line"].as_u64() != Some(line as u64) || end <= col {
                continue;
            }
            // The flagged characters, cut from `text`'s line by column.
            let body = lines[line - 1]
                .split_once(':')
                .map(|(_, b)| b)
                .expect("numbered");
            let flagged: String = body.chars().skip(col - 1).take(end - col).collect();
            assert!(!flagged.trim().is_empty(), "{file}:{line}:{col} {d}");
            if d["rule"] == "standard-term" {
                let message = d["message"].as_str().unwrap_or_default();
                assert!(
                    message.contains(&flagged),
                    "{file}:{line}: “{flagged}” not in “{message}”"
                );
            }
        }
    }
}

#[test]
fn word_numbering_is_written_in_front_and_plain_leaves_out_numbers() {
    let (text, _, _) = run(&["text", "--plain", "fixtures/docx/libreoffice/numbered.docx"]);
    let lines: Vec<&str> = text.lines().collect();
    // The label, then the tab LibreOffice put after it (w:suff).
    assert_eq!(lines[3], "一、\t基本情况");
    assert!(
        lines.contains(&"（二）\t群众身边腐败问题和不正之风方面"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("2.\t临时救助审核把关不严")),
        "{text}"
    );
}

#[test]
fn several_files_name_each_line_and_a_bad_one_does_not_stop_the_rest() {
    let (text, err, code) = run(&["text", "missing.md", "fixtures/bad/hedging.md"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("missing.md") && err.contains("无法读取"),
        "{err}"
    );
    assert!(text.starts_with("fixtures/bad/hedging.md:1:"), "{text}");
}
