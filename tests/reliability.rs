//! Any input, no panic, no lost bytes: encodings, hostile trees, bad packs,
//! and --fix under failure.

mod common;

use std::time::Duration;

use common::*;

fn positions(json: &serde_json::Value) -> Vec<Finding> {
    findings(json)
}

#[test]
fn every_encoding_gives_the_same_findings_at_the_same_positions() {
    let (json, _) = check_json(&["fixtures/encodings/utf8.md"]);
    let expected = positions(&json);
    assert!(!expected.is_empty());
    for (file, legacy) in [
        ("utf8-bom.md", false),
        ("crlf.md", false),
        ("gbk.md", true),
        ("gb18030.md", true),
        ("utf16le.md", true),
    ] {
        let (json, code) = check_json(&[&format!("fixtures/encodings/{file}")]);
        assert_eq!(code, 1, "{file}");
        let mut got = positions(&json);
        if legacy {
            assert_eq!(
                got.remove(0),
                ("non-utf8-encoding".to_string(), 1, 1, 1, 1),
                "{file}"
            );
        }
        assert_eq!(got, expected, "{file}");
    }
}

#[test]
fn fix_writes_back_in_the_files_own_encoding_and_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = fixture("fixtures/encodings/utf8.md");
    let fixed = utf8.replace("全面以严治党", "全面从严治党");
    for (file, decode) in [
        (
            "gbk.md",
            Box::new(|b: &[u8]| encoding_rs::GBK.decode(b).0.into_owned())
                as Box<dyn Fn(&[u8]) -> String>,
        ),
        (
            "utf16le.md",
            Box::new(|b: &[u8]| encoding_rs::UTF_16LE.decode(b).0.into_owned()),
        ),
        (
            "crlf.md",
            Box::new(|b: &[u8]| String::from_utf8(b.to_vec()).unwrap()),
        ),
    ] {
        let p = dir.path().join(file);
        let original = std::fs::read(format!("fixtures/encodings/{file}")).unwrap();
        std::fs::write(&p, &original).unwrap();
        let (_, code) = check_json(&["--fix", p.to_str().unwrap()]);
        assert_eq!(code, 0, "{file}");
        let after = std::fs::read(&p).unwrap();
        if file == "utf16le.md" {
            assert!(after.starts_with(&[0xFF, 0xFE]), "BOM kept");
        }
        let text = decode(&after);
        let want = if file == "crlf.md" {
            fixed.replace('\n', "\r\n")
        } else {
            fixed.clone()
        };
        assert_eq!(text, want, "{file}");
    }
}

#[cfg(unix)]
#[test]
fn a_hostile_tree_lints_the_good_reports_and_reports_the_rest() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy("fixtures/good/民政局/巡察报告.md", root.join("good.md")).unwrap();
    std::fs::copy(
        "fixtures/good/民政局/evidence.yaml",
        root.join("evidence.yaml"),
    )
    .unwrap();
    std::fs::create_dir(root.join("底稿")).unwrap();
    for e in std::fs::read_dir("fixtures/good/民政局/底稿").unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.join("底稿").join(e.file_name())).unwrap();
    }
    std::fs::create_dir(root.join("sub")).unwrap();
    symlink(root, root.join("sub/loop")).unwrap();
    std::fs::write(root.join("binary.md"), b"PK\x03\x04\x00\x00binary").unwrap();
    symlink(root.join("nowhere.md"), root.join("dangling.md")).unwrap();
    std::fs::write(outside.path().join("secret.md"), "# 外部\n").unwrap();
    symlink(outside.path().join("secret.md"), root.join("outside.md")).unwrap();
    let fifo = root.join("pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let out = cmd()
        .args(["check", "--format", "json", root.to_str().unwrap()])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "read errors exit 2");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = rules_by_file(&json, &|p| p.rsplit('/').next().unwrap().to_string());
    assert_eq!(
        files,
        vec![
            ("binary.md".to_string(), vec!["unreadable-file".to_string()]),
            ("good.md".to_string(), vec![])
        ]
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (name, what) in [
        ("loop", "循环"),
        ("pipe.md", "不是普通文件"),
        ("dangling.md", "无法访问"),
        ("outside.md", "范围之外"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} reported: {stderr}"));
        assert!(line.contains(what), "{line}");
        assert_eq!(
            stderr.matches(name).count(),
            1,
            "{name} reported once: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_every_file_wholly_old_or_wholly_new() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let old = fixture("fixtures/bad/standard-term.md");
    let new = old.replace("全面以严治党", "全面从严治党");
    for i in 0..6 {
        let p = dir.path().join(format!("r{i}.md"));
        std::fs::write(&p, &old).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = cmd()
        .env("REPORTLINT_FAIL_WRITE_AT", "3")
        .args(["check", "--fix", "--quiet", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("文件保持原样"), "{stderr}");
    let (mut olds, mut news) = (0, 0);
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.starts_with('r') && name.ends_with(".md"),
            "no temporary file left: {name}"
        );
        let text = std::fs::read_to_string(&p).unwrap();
        if text == old {
            olds += 1;
        } else {
            assert_eq!(text, new, "{name} is wholly old or wholly new");
            news += 1;
        }
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640,
            "{name}"
        );
    }
    assert_eq!(
        (olds, news),
        (1, 5),
        "exactly the failed write left its file as it was"
    );
}

/// A bug (a panic) while linting one file costs that file, not the run:
/// the other files are reported, the file is named, the exit status is 2,
/// and a file being fixed is left untouched.
#[test]
fn a_panic_on_one_file_is_that_files_error_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let old = fixture("fixtures/bad/standard-term.md");
    for name in ["a.md", "b.md", "c.md"] {
        std::fs::write(dir.path().join(name), &old).unwrap();
    }
    let run = |fix: bool| {
        let mut c = cmd();
        c.env("REPORTLINT_PANIC_ON", "b.md")
            .args(["check", "--quiet", "--format", "json"]);
        if fix {
            c.arg("--fix");
        }
        c.arg(dir.path()).output().unwrap()
    };
    let out = run(false);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let linted: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(linted, ["a.md", "c.md"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("b.md") && l.contains("内部出错")),
        "{stderr}"
    );
    let out = run(true);
    assert_eq!(out.status.code(), Some(2));
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    assert_eq!(read("b.md"), old, "the file that hit the bug is untouched");
    assert_ne!(read("a.md"), old, "the others were fixed");
    assert_ne!(read("c.md"), old);
}

#[test]
fn bad_packs_are_located_errors_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("tokens: []\n", "至少要有一个"),
        ("patterns: [\"(?:\\\\w{100}){100}{100}\"]\n", "过大"),
        ("tokens: 5\n", "值的类型不对：应为列表"),
    ];
    for (body, what) in cases {
        let p = dir.path().join("pack.yaml");
        std::fs::write(
            &p,
            format!("rules:\n  - id: x\n    kind: existence\n    severity: info\n    message: m\n    description: d\n    {body}"),
        )
        .unwrap();
        let out = cmd()
            .args(["rules", "--rules", p.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{body}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("pack.yaml:7:") || stderr.contains("pack.yaml:2:"),
            "{body}: {stderr}"
        );
        assert!(stderr.contains(what), "{body}: {stderr}");
    }
}
