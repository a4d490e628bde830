//! No fix changes an identifier: generated reports cite 底稿 IDs of many
//! shapes (XC-2025-01-010, D-2024-05-06, 2025-01-010, DG2024001…) in inline
//! marks and footnotes, and carry file paths, 发文字号 and times, right
//! beside planted errors. After `check --fix --unsafe-fixes` (Markdown and
//! Word) and the language server's fix-all, every ID occurs as often as
//! before, the sources still resolve, and every planted error is fixed.
//! The IDs are counted here, by this file's own tokenizer.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use reportlint::corpus::Rng;
use reportlint::corpus::word::{Form, twin};
use serde_json::Value;

/// Planted errors: wrong, right, whether the fix is safe.
const PLANTED: [(&str, &str, bool); 6] = [
    ("全面以严治党", "全面从严治党", true),
    ("于2024.3.5印发", "于2024年3月5日印发", true),
    ("3千万元", "3000万元", true),
    ("约30人左右", "约30人", true),
    ("发放,涉及", "发放，涉及", true),
    ("增强4个意识", "增强四个意识", false),
];

/// An ID of one of many shapes.
fn id(rng: &mut Rng, n: usize) -> String {
    let prefix = rng.pick(&["XC", "D", "DG", "XCZ", "JD"]);
    let year = 2020 + rng.below(6);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    match rng.below(8) {
        0 => format!("{prefix}-{year}-{month:02}-{:03}", n + 1),
        1 => format!("{prefix}-{year}-{month:02}-{day:02}"),
        2 => format!("{year}-{month:02}-{:03}", n + 1),
        3 => format!("{prefix}{year}{:03}", n + 1),
        4 => format!("{prefix}_{}", n + 1),
        5 => format!("{prefix}-{}", n + 1),
        6 => format!("{year}-{month}-{day}"),
        _ => format!("{prefix}-{year}-{month}-{day}-{n}"),
    }
}

/// A report: three focus sections, items each with a planted error right
/// beside an ID, cited inline or by footnote; and its IDs.
fn report(seed: u64) -> (String, Vec<String>) {
    let mut rng = Rng::new(seed);
    let focuses = [
        "贯彻落实党的路线方针政策和党中央决策部署方面",
        "群众身边腐败问题和不正之风方面",
        "基层党组织领导班子和干部队伍建设方面",
    ];
    let mut ids: Vec<String> = Vec::new();
    let mut body = String::new();
    let mut notes = String::new();
    let mut count = 0;
    for (f, focus) in focuses.iter().enumerate() {
        body.push_str(&format!("### （{}）{focus}\n\n", ["一", "二", "三"][f]));
        for item in 1..=3 {
            let a = id(&mut rng, ids.len());
            let b = id(&mut rng, ids.len() + 1);
            if ids.contains(&a) || ids.contains(&b) || a == b {
                continue;
            }
            ids.push(a.clone());
            ids.push(b.clone());
            count += 1;
            let (wrong, _, _) = PLANTED[rng.below(PLANTED.len())];
            let (wrong2, _, _) = PLANTED[rng.below(PLANTED.len())];
            let extra = rng.pick(&[
                "依据县委发〔2024〕7号文件，",
                "每日8:00-12:00值班，",
                "下午17:30后仍有接待，",
                "",
            ]);
            let cite = if rng.chance(0.5) {
                format!("[^{a}]")
            } else {
                format!("（底稿：{a}）")
            };
            if cite.starts_with("[^") {
                notes.push_str(&format!("[^{a}]: {a}：核查材料，见：底稿/{a}.pdf。\n"));
            }
            body.push_str(&format!(
                "{item}. 问题{count}。{extra}{wrong}{cite}；另有{wrong2}（底稿：{b}、{a}）。\n"
            ));
        }
        body.push('\n');
    }
    let text = format!(
        "---\nunit: 县民政局党组\ngroup: 县委第一巡察组\nround: 十五届县委第三轮巡察\ndate: 2025年4月1日\n---\n\n\
         # 关于县民政局党组巡察情况的报告\n\n## 一、基本情况\n\n巡察组进驻后个别谈话52人次。\n\n\
         ## 二、发现的主要问题\n\n{body}## 三、意见建议\n\n加强学习，逐条整改。\n\n{notes}"
    );
    (text, ids)
}

/// How often each ID occurs in `text` as a whole token (a run of ASCII
/// letters, digits, `-` and `_`).
fn id_counts(text: &str, ids: &[String]) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = ids.iter().map(|i| (i.clone(), 0)).collect();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
        if let Some(n) = counts.get_mut(token) {
            *n += 1;
        }
    }
    counts
}

/// The evidence manifest listing every ID.
fn manifest(dir: &Path, ids: &[String]) {
    let yaml: String = ids
        .iter()
        .map(|i| format!("\"{i}\": {{title: 核查材料}}\n"))
        .collect();
    std::fs::write(dir.join("evidence.yaml"), yaml).unwrap();
}

/// Findings about sources, and the number of sourced claims.
fn sources_of(path: &Path) -> (Vec<String>, Value) {
    let (json, _) = check_json(&[path.to_str().unwrap()]);
    let rules: Vec<String> = findings(&json)
        .into_iter()
        .map(|f| f.0)
        .filter(|r| {
            matches!(
                r.as_str(),
                "claim-without-source" | "unknown-source" | "unrecognized-source" | "unused-source"
            )
        })
        .collect();
    (rules, json["files"][0]["stats"]["sourced_claims"].clone())
}

/// The text a Word file shows, all changes accepted (the reader's).
fn word_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let pkg = reportlint::source::package::open(&bytes).unwrap();
    reportlint::document::word::read(&pkg).unwrap().0
}

fn assert_fixed(what: &str, before: &str, after: &str, ids: &[String], unsafe_too: bool) {
    assert_eq!(
        id_counts(after, ids),
        id_counts(before, ids),
        "{what}: IDs changed\n{after}"
    );
    for (wrong, right, safe) in PLANTED {
        if safe || unsafe_too {
            assert!(!after.contains(wrong), "{what}: {wrong} is left\n{after}");
            // (right may be a piece of wrong: 约30人 of 约30人左右.)
            let rights = before.replace(wrong, "\u{E000}").matches(right).count();
            assert_eq!(
                after.matches(right).count(),
                before.matches(wrong).count() + rights,
                "{what}: {wrong} → {right}\n{after}"
            );
        }
    }
}

#[test]
fn fixes_never_change_an_id_in_markdown_or_word() {
    for seed in 0..12 {
        let (text, ids) = report(seed);
        let dir = tempfile::tempdir().unwrap();
        manifest(dir.path(), &ids);

        // Markdown.
        let md = dir.path().join("报告.md");
        std::fs::write(&md, &text).unwrap();
        let (sources_before, sourced_before) = sources_of(&md);
        assert_eq!(
            sources_before,
            [] as [String; 0],
            "the generator cites well:\n{text}"
        );
        cmd()
            .args(["check", "--fix", "--unsafe-fixes", "--quiet"])
            .arg(&md)
            .output()
            .unwrap();
        let after = std::fs::read_to_string(&md).unwrap();
        assert_fixed(
            &format!("seed {seed} (Markdown)"),
            &text,
            &after,
            &ids,
            true,
        );
        assert_eq!(
            sources_of(&md),
            (sources_before.clone(), sourced_before.clone())
        );

        // Word: the fixes become tracked changes.
        let docx = dir.path().join("报告.docx");
        std::fs::write(&docx, twin(&text, Form::Typed)).unwrap();
        let word_before = word_text(&docx);
        let (sources_word, sourced_word) = sources_of(&docx);
        cmd()
            .args(["check", "--fix", "--unsafe-fixes", "--quiet"])
            .arg(&docx)
            .output()
            .unwrap();
        let word_after = word_text(&docx);
        assert_ne!(
            word_after, word_before,
            "seed {seed}: Word fixes were written"
        );
        assert_fixed(
            &format!("seed {seed} (Word)"),
            &word_before,
            &word_after,
            &ids,
            true,
        );
        assert_eq!(sources_of(&docx), (sources_word, sourced_word));
    }
}

/// The language server's "fix all" over an in-memory connection.
fn server_fix_all(text: &str) -> String {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || {
        reportlint::server::run(&server, reportlint::server::session::Settings::default())
    });
    let send = |m: Message| client.sender.send(m).unwrap();
    // The first message `pick` takes, within 30 s.
    let wait = |what: &str, pick: &dyn Fn(Message) -> Option<Value>| loop {
        let m = client
            .receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        if let Some(v) = pick(m) {
            return v;
        }
    };
    let request = |id: i32, method: &str, params: Value| {
        send(Message::Request(Request {
            id: RequestId::from(id),
            method: method.into(),
            params,
        }));
        wait(method, &|m| match m {
            Message::Response(r) if r.id == RequestId::from(id) => Some(
                r.response_result
                    .unwrap_or_else(|e| panic!("{method}: {}", e.message)),
            ),
            _ => None,
        })
    };
    let notify = |method: &str, params: Value| {
        send(Message::Notification(Notification {
            method: method.into(),
            params,
        }))
    };
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/report.md", dir.path().display());
    request(
        1,
        "initialize",
        json!({"capabilities": {}, "rootUri": null}),
    );
    notify("initialized", json!({}));
    notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    // The document is linted before it has actions.
    wait("the server publishes diagnostics", &|m| match m {
        Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri =>
        {
            Some(Value::Null)
        }
        _ => None,
    });
    let end = text.matches('\n').count();
    let actions = request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": end, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll.reportlint"]}}),
    );
    request(3, "shutdown", Value::Null);
    notify("exit", Value::Null);
    thread.join().unwrap().unwrap();
    let action = &actions[0];
    assert_eq!(action["kind"], "source.fixAll.reportlint", "{actions}");
    let edit = &action["edit"]["documentChanges"][0]["edits"][0];
    apply_utf16_edit(text, edit)
}

/// Applies one LSP text edit (UTF-16 columns) to `text`.
fn apply_utf16_edit(text: &str, edit: &Value) -> String {
    let offset = |pos: &Value| {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let mut at = start;
        for c in text[start..].chars() {
            if units >= col || c == '\n' {
                break;
            }
            units += c.len_utf16();
            at += c.len_utf8();
        }
        at
    };
    let (a, b) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..a],
        edit["newText"].as_str().unwrap(),
        &text[b..]
    )
}

#[test]
fn the_servers_fix_all_never_changes_an_id() {
    for seed in 0..6 {
        let (text, ids) = report(seed);
        let after = server_fix_all(&text);
        assert_fixed(&format!("seed {seed} (server)"), &text, &after, &ids, false);
    }
}
