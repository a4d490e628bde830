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
    let out = Command::new("python3")
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lsp"])
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
