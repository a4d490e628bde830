//! Applying fixes: non-overlapping edits, repeated until nothing changes,
//! written atomically so that an interrupted run never leaves half a report.
//! A Word report's fixes are tracked changes and its findings comments:
//! [`docx`].

pub mod rounds;
pub mod word;

use std::io::Write;
use std::path::Path;

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

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder, flushed to disk, given the original's permissions (when there
/// is an original), then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_like(path, bytes, path)
}

/// [`write_atomic`], the new file given the permissions of `like` (the
/// original of an annotated copy): a copy is as readable as its original.
pub fn write_atomic_like(path: &Path, bytes: &[u8], like: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let permissions = match std::fs::metadata(like) {
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".reportlint-fix-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(tmp.path(), permissions)?;
    }
    // A failure here leaves the original whole; dropping `tmp` removes it.
    fail_point()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A write failure injected for tests: with `REPORTLINT_FAIL_WRITE_AT=N`, the
/// Nth write of the process fails after its temporary file was written, as
/// a full disk or a kill would.
fn fail_point() -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = std::env::var("REPORTLINT_FAIL_WRITE_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return Ok(());
    };
    if WRITES.fetch_add(1, Ordering::SeqCst) + 1 == at {
        return Err(std::io::Error::other("写入失败（测试注入）"));
    }
    Ok(())
}

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
