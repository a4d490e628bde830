//! Load any text as a rule pack: a located error or a rule set, never a panic.
#![no_main]


use libfuzzer_sys::fuzz_target;
use reportlint::rules::load::{PackSource, build_rule_set};
use reportlint::source::evidence::EvidenceView;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = PackSource::new("fuzz.yaml", text);
    match build_rule_set(&[source]) {
        Ok(rules) => {
            let _ = reportlint::lint_text(&rules, "f.md", "## 发现的主要问题\n\n据说全面以严治党（底稿：D-1）。\n", &EvidenceView::default());
        }
        Err(errors) => {
            for e in errors {
                let _ = e.plain();
            }
        }
    }
});
