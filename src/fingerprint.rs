//! Fingerprints: an identity for a finding that survives edits elsewhere in
//! the file (lines added above it), for baselines and GitLab Code Quality.
//!
//! A fingerprint hashes the rule, the file path, the text of the span with
//! white space removed and the titles of the sections that hold it; a
//! counter tells apart identical findings in the same section.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// FNV-1a, 64 bits: small, and stable across builds and platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The innermost section holding `offset`.
fn innermost(doc: &Document, offset: usize) -> Option<usize> {
    doc.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.span.start <= offset && offset < s.span.end.max(s.span.start + 1))
        .map(|(i, _)| i)
        .next_back()
}

/// The titles from the top section down to `section`, joined by ` > `.
fn section_path(doc: &Document, section: Option<usize>) -> String {
    let mut titles: Vec<&str> = doc
        .ancestors(section)
        .map(|i| doc.sections[i].title.as_str())
        .collect();
    titles.reverse();
    titles.join(" > ")
}

/// One fingerprint per diagnostic, in the same order.
pub fn fingerprints(
    path: &str,
    src: &str,
    doc: &Document,
    diagnostics: &[Diagnostic],
) -> Vec<String> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let mut paths: HashMap<Option<usize>, String> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let text: String = src
                .get(d.span.clone())
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let section = innermost(doc, d.span.start);
            let sections = paths
                .entry(section)
                .or_insert_with(|| section_path(doc, section));
            let base = fnv1a(&[&d.rule, path, &text, sections]);
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            format!("{:016x}", fnv1a(&[&format!("{base:016x}"), &n.to_string()]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(src: &str, needle: &str) -> Diagnostic {
        let at = src.find(needle).unwrap();
        Diagnostic {
            rule: "standard-term".into(),
            severity: Severity::Error,
            span: at..at + needle.len(),
            message: String::new(),
            fix: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn survives_lines_added_above_and_tells_duplicates_apart() {
        let a = "# 一、问题\n\n全面以严治党，全面以严治党。\n";
        let b = format!("\n\n新增一段。\n\n{a}");
        let fa = fingerprints(
            "r.md",
            a,
            &crate::document::parse(a),
            &[diag(a, "全面以严治党")],
        );
        let fb = fingerprints(
            "r.md",
            &b,
            &crate::document::parse(&b),
            &[diag(&b, "全面以严治党")],
        );
        assert_eq!(fa, fb);
        let second = a.rfind("全面以严治党").unwrap();
        let mut d2 = diag(a, "全面以严治党");
        d2.span = second..second + "全面以严治党".len();
        let both = fingerprints(
            "r.md",
            a,
            &crate::document::parse(a),
            &[diag(a, "全面以严治党"), d2],
        );
        assert_ne!(both[0], both[1]);
        let other = fingerprints(
            "s.md",
            a,
            &crate::document::parse(a),
            &[diag(a, "全面以严治党")],
        );
        assert_ne!(fa, other, "the path is part of the identity");
    }
}
