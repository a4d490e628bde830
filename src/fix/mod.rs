//! Applying fixes: non-overlapping edits, repeated until nothing changes,
//! written atomically so that an interrupted run never leaves half a report.
//! A Word report's fixes are tracked changes and its findings comments:
//! [`word`]. The fix loop is [`rounds`].

pub mod file;
pub mod rounds;
pub mod word;
#[cfg(feature = "native")]
mod write;

#[cfg(feature = "native")]
pub use write::{write_atomic, write_atomic_like};

use crate::diagnostic::{Diagnostic, Fix, FixSafety};

/// The fixes of `diagnostics` that `level` allows, in order of position,
/// leaving out one that overlaps a fix already taken (it is left for the
/// next round, and reported again if it still applies) and one that would
/// change nothing.
pub fn chosen<'a>(text: &str, diagnostics: &'a [Diagnostic], level: FixSafety) -> Vec<&'a Fix> {
    let mut fixes: Vec<&Fix> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| level.allows(f.safety))
        .filter(|f| {
            f.span.end <= text.len()
                && text.is_char_boundary(f.span.start)
                && text.is_char_boundary(f.span.end)
        })
        .collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = Vec::with_capacity(fixes.len());
    let mut last = 0;
    for f in fixes {
        if f.span.start < last || text[f.span.clone()] == f.replacement {
            continue;
        }
        last = f.span.end;
        out.push(f);
    }
    out
}

/// Applies the allowed fixes of `diagnostics` to `text` (those [`chosen`]).
/// Returns the new text and how many fixes were applied.
pub fn apply(text: &str, diagnostics: &[Diagnostic], level: FixSafety) -> (String, usize) {
    let fixes = chosen(text, diagnostics, level);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in &fixes {
        out.push_str(&text[last..f.span.start]);
        out.push_str(&f.replacement);
        last = f.span.end;
    }
    out.push_str(&text[last..]);
    (out, fixes.len())
}

pub use crate::diagnostic::common_ends;

/// A unified diff of a file before and after fixing.
pub fn unified_diff(display: &str, before: &str, after: &str) -> String {
    let (a, b) = if display.starts_with('/') {
        (display.to_string(), display.to_string())
    } else {
        (format!("a/{display}"), format!("b/{display}"))
    };
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&a, &b)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn diag(span: std::ops::Range<usize>, replacement: &str, safety: FixSafety) -> Diagnostic {
        Diagnostic {
            rule: "t".into(),
            severity: Severity::Error,
            span: span.clone(),
            message: String::new(),
            fix: Some(Fix {
                span,
                replacement: replacement.into(),
                safety,
            }),
            related: Vec::new(),
        }
    }

    #[test]
    fn overlapping_fixes_apply_only_the_first() {
        let text = "甲乙丙";
        let d = [
            diag(0..6, "AB", FixSafety::Safe),
            diag(3..9, "BC", FixSafety::Safe),
        ];
        assert_eq!(apply(text, &d, FixSafety::Safe), ("AB丙".to_string(), 1));
    }

    #[test]
    fn unsafe_fixes_need_the_unsafe_level() {
        let d = [diag(0..3, "乙", FixSafety::Unsafe)];
        assert_eq!(apply("甲", &d, FixSafety::Safe).1, 0);
        assert_eq!(apply("甲", &d, FixSafety::Unsafe), ("乙".to_string(), 1));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.md");
        std::fs::write(&p, "旧").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, "新".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "新");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
