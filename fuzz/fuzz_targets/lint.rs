//! Parse and lint any bytes with the default pack: no panic, spans inside
//! the text on char boundaries, fixes that settle.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reportlint::RuleSet;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| build_rule_set(&defaults::sources()).expect("default pack"))
}

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = reportlint::source::decode::decode(data, None) else {
        return;
    };
    let report = reportlint::lint_text(rules(), "f.md", &text, &EvidenceView::default());
    for d in &report.diagnostics {
        assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        let _ = report.position(d.span.start);
    }
    let (once, _) = reportlint::fix::apply(&text, &report.diagnostics, reportlint::FixSafety::Unsafe);
    let _ = reportlint::lint_text(rules(), "f.md", &once, &EvidenceView::default());
});
