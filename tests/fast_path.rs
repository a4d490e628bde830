//! The fast path (one automaton for all lexicon entries) finds exactly what
//! a naive search, one token at a time, finds on the generated corpus: speed
//! has not changed results.

use std::collections::BTreeSet;

use reportlint::corpus;
use reportlint::rules::load::{PackSource, build_rule_set};
use reportlint::source::evidence::EvidenceView;

#[test]
fn automaton_and_naive_search_agree_on_the_generated_corpus() {
    let k = 1000;
    let lexicon = corpus::lexicon(k);
    let rules = build_rule_set(&[PackSource::new(
        "bench-lexicon.yaml",
        corpus::lexicon_pack(k),
    )])
    .expect("the generated pack loads");
    let plant = corpus::Plant {
        words: lexicon.iter().step_by(7).map(|(w, _)| w.clone()).collect(),
        error_rate: 0.6,
        hedge_rate: 0.1,
    };
    let mut total = 0;
    for seed in 0..40 {
        let text = corpus::report(seed, 8_000, &plant);
        let report = reportlint::lint_text(&rules, "r.md", &text, &EvidenceView::default());
        let fast: BTreeSet<(usize, usize, String)> = report
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.span.start,
                    d.span.end,
                    d.fix
                        .as_ref()
                        .map(|f| f.replacement.clone())
                        .unwrap_or_default(),
                )
            })
            .collect();
        let mut naive = BTreeSet::new();
        for (wrong, right) in &lexicon {
            for (at, _) in text.match_indices(wrong.as_str()) {
                naive.insert((at, at + wrong.len(), right.clone()));
            }
        }
        assert_eq!(fast, naive, "seed {seed}");
        total += naive.len();
    }
    assert!(total > 100, "the corpus carries planted errors: {total}");
}
