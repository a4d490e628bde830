//! Read any bytes as a Word package, and any text as a document.xml: no
//! panic; the text read lints with the default pack, spans inside it on char
//! boundaries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reportlint::RuleSet;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::docx::{Package, open};
use reportlint::source::evidence::EvidenceView;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| build_rule_set(&defaults::sources()).expect("default pack"))
}

fuzz_target!(|data: &[u8]| {
    // The package layer: any bytes.
    let _ = open(data).map(|p| reportlint::document::docx::read(&p));
    // The XML layer: any text as the body (and as the numbering and notes).
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let pkg = Package {
        document: xml.to_string(),
        numbering: Some(xml.to_string()),
        footnotes: Some(xml.to_string()),
        ..Package::default()
    };
    let Ok((text, doc)) = reportlint::document::docx::read(&pkg) else {
        return;
    };
    let report = reportlint::lint::lint_document(rules(), "f.docx", &text, doc, &EvidenceView::default());
    for d in &report.diagnostics {
        assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        let _ = report.position(d.span.start);
    }
});
