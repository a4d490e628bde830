//! The language server driven by real clients, over stdio, as a user's
//! editor would: pytest-lsp (tests/lsp/test_server.py) and Neovim headless
//! (tests/lsp/nvim_quickfix.lua). Each runs when its client is installed;
//! `.ci/run` installs both and sets REPORTLINT_REQUIRE_LSP_CLIENTS=1, so
//! that CI fails rather than skips.

use std::process::Command;

/// Whether a client is there; panics when CI requires it and it is not.
fn available(what: &str, probe: &mut Command) -> bool {
    let ok = probe.output().is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("REPORTLINT_REQUIRE_LSP_CLIENTS").is_some() {
        panic!("{what} is required (REPORTLINT_REQUIRE_LSP_CLIENTS) but not installed");
    }
    if !ok {
        eprintln!("{what} is not installed: skipped");
    }
    ok
}

#[test]
fn pytest_lsp_drives_the_server() {
    let mut probe = Command::new("python3");
    probe.args(["-c", "import pytest_lsp"]);
    if !available("pytest-lsp", &mut probe) {
        return;
    }
    // `timeout`: a hung client fails the test instead of holding CI.
    let out = Command::new("timeout")
        .args([
            "600",
            "python3",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/lsp",
        ])
        .env("REPORTLINT_BIN", env!("CARGO_BIN_EXE_reportlint"))
        .output()
        .expect("pytest runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{log}");
    assert!(log.contains(" passed"), "{log}");
}

#[test]
fn neovim_applies_the_quick_fix_on_a_line_of_chinese() {
    let mut probe = Command::new("nvim");
    probe.arg("--version");
    if !available("Neovim", &mut probe) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let report = dir.path().join("报告.md");
    let text = std::fs::read_to_string("fixtures/bad/standard-term.md").expect("the fixture");
    std::fs::write(&report, &text).expect("written");
    let out = dir.path().join("after.md");
    let run = Command::new("timeout")
        .args([
            "120",
            "nvim",
            "--headless",
            "--clean",
            "-l",
            "tests/lsp/nvim_quickfix.lua",
        ])
        .arg(env!("CARGO_BIN_EXE_reportlint"))
        .arg(&report)
        .arg(&out)
        .output()
        .expect("nvim runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{log}");
    // Neovim placed the diagnostic at line 26 (0-based 25), at the byte
    // where the term starts, after the Han text before it.
    let line = text.lines().nth(25).expect("line 26");
    let byte = line.find("全面以严治党").expect("the term on line 26");
    assert!(log.contains(&format!("25 {byte}")), "{log}");
    // Exactly the wrong term changed.
    let after = std::fs::read_to_string(&out).expect("the buffer");
    let want = text.replacen("全面以严治党", "全面从严治党", 1);
    assert_eq!(after.trim_end(), want.trim_end());
}
