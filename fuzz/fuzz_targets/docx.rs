//! Read any bytes as a Word package, and any text as a document.xml: no
//! panic; the text read lints with the default pack, spans inside it on char
//! boundaries; its fixes written as tracked changes and its findings as
//! comments leave XML that reads again, with the fixed text (the oracle:
//! the same fixes applied to the text).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reportlint::RuleSet;
use reportlint::rules::{defaults, load::build_rule_set};
use reportlint::source::package::{Package, open};
use reportlint::source::evidence::EvidenceView;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| build_rule_set(&defaults::sources()).expect("default pack"))
}

fuzz_target!(|data: &[u8]| {
    // The package layer: any bytes.
    let _ = open(data).map(|p| reportlint::document::word::read(&p));
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
    let Ok((text, doc, map)) = reportlint::document::word::read_mapped(&pkg) else {
        return;
    };
    let report =
        reportlint::lint::lint_document(rules(), "f.docx", &text, doc, &EvidenceView::default());
    for d in &report.diagnostics {
        assert!(
            d.span.end <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end)
        );
        let _ = report.position(d.span.start);
    }
    // The write path.
    let level = reportlint::FixSafety::Unsafe;
    let fixes: Vec<(std::ops::Range<usize>, String)> =
        reportlint::fix::chosen(&text, &report.diagnostics, level)
            .into_iter()
            .map(|f| (f.span.clone(), f.replacement.clone()))
            .collect();
    let mut word = reportlint::fix::word::Word::from_package(pkg.clone());
    let (_, skipped) = word.revise(&text, &map, &fixes);
    let (fixed, _, _) =
        reportlint::document::word::read_mapped(&word.package).expect("the revised XML reads");
    if skipped.is_empty() {
        let (want, _) = reportlint::fix::apply(&text, &report.diagnostics, level);
        assert_eq!(fixed, want);
    }
    let mut word = reportlint::fix::word::Word::from_package(pkg);
    let notes: Vec<reportlint::fix::word::Note> = report
        .diagnostics
        .iter()
        .map(|d| reportlint::fix::word::Note {
            span: d.span.clone(),
            paragraphs: vec![d.message.clone()],
        })
        .collect();
    if word.annotate(&text, &map, &notes).is_ok() {
        let (again, _, _) = reportlint::document::word::read_mapped(&word.package)
            .expect("the annotated XML reads");
        assert_eq!(again, text);
    }
});
