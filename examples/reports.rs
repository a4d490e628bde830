//! Writes the reports the browser page is tested and measured on (see
//! scripts/page-test): a report of about 50 pages (Markdown, and its Word
//! twin with automatic numbering), and a Word report whose problems carry
//! wording that the default pack fixes (comments and tracked changes to
//! download). Deterministic: the same files on every machine.
//!
//!   cargo run --release --example reports -- DIR

use reportlint::corpus::{self, Plant, word};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    // Wrong forms of the default pack's lexicon, planted in problem items.
    let words: Vec<String> = ["全面以严治党", "台帐", "截止2024年底", "倍受"]
        .map(String::from)
        .to_vec();
    // A page of 公文 (GB/T 9704: 22 lines of 28 characters) is about 616
    // characters, 1.8 KB of UTF-8; 50 pages are about 92 KB.
    let long = corpus::report(
        3,
        92_000,
        &Plant {
            words: words.clone(),
            error_rate: 0.05,
            hedge_rate: 0.05,
        },
    );
    std::fs::write(dir.join("长报告.md"), &long)?;
    std::fs::write(
        dir.join("长报告.docx"),
        word::twin(&long, word::Form::Numbered),
    )?;
    let short = corpus::report(
        9,
        6_000,
        &Plant {
            words,
            error_rate: 0.5,
            hedge_rate: 0.2,
        },
    );
    std::fs::write(
        dir.join("问题较多.docx"),
        word::twin(&short, word::Form::Typed),
    )?;
    std::fs::write(dir.join("问题较多.md"), &short)?;
    println!("{}", dir.display());
    Ok(())
}
