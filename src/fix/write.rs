//! Writing a fixed report back: whole or not at all.

use std::io::Write;
use std::path::Path;

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
