//! What the host hands the module: named files, each a report, another file
//! of the folder the drafter chose, or a settings file, packed one after
//! another in one buffer:
//!
//! ```text
//! kind: u8 | name length: u32 LE | name (UTF-8) | bytes length: u32 LE | bytes
//! ```
//!
//! A bytes length of `u32::MAX` means the host listed the file without
//! its contents (a 底稿 whose existence is all that counts).

use std::collections::BTreeSet;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A report to check.
    Report,
    /// Another file under the folder the drafter chose.
    Listed,
    /// reportlint.yaml or a rule pack.
    Setting,
}

/// One named file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// Its path as shown (relative to the chosen folder, joined with `/`).
    pub name: String,
    /// Its bytes, when the host gave them.
    pub bytes: Option<Vec<u8>>,
}

/// The entries packed in `buf`; a buffer that does not follow the layout
/// is the host's bug, said in the error.
pub fn entries(buf: &[u8]) -> Result<Vec<Entry>, String> {
    let mut at = 0;
    let mut out = Vec::new();
    let take = |at: &mut usize, n: usize| -> Result<&[u8], String> {
        let end = at
            .checked_add(n)
            .filter(|&e| e <= buf.len())
            .ok_or_else(|| format!("请求在第 {} 字节处被截断", *at))?;
        let s = &buf[*at..end];
        *at = end;
        Ok(s)
    };
    let u32_at = |at: &mut usize| -> Result<u32, String> {
        let b = take(at, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    while at < buf.len() {
        let kind = match take(&mut at, 1)?[0] {
            0 => Kind::Report,
            1 => Kind::Listed,
            2 => Kind::Setting,
            k => return Err(format!("未知的文件类别 {k}")),
        };
        let n = u32_at(&mut at)? as usize;
        let name = String::from_utf8_lossy(take(&mut at, n)?).replace('\\', "/");
        let len = u32_at(&mut at)?;
        let bytes = if len == u32::MAX {
            None
        } else {
            Some(take(&mut at, len as usize)?.to_vec())
        };
        out.push(Entry { kind, name, bytes });
    }
    Ok(out)
}

/// Every file's name, reports included: the folder as the drafter chose it.
pub fn listing(entries: &[Entry]) -> BTreeSet<String> {
    entries
        .iter()
        .filter(|e| e.kind != Kind::Setting)
        .map(|e| e.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack(kind: u8, name: &str, bytes: Option<&[u8]>) -> Vec<u8> {
        let mut out = vec![kind];
        out.extend((name.len() as u32).to_le_bytes());
        out.extend(name.as_bytes());
        match bytes {
            Some(b) => {
                out.extend((b.len() as u32).to_le_bytes());
                out.extend(b);
            }
            None => out.extend(u32::MAX.to_le_bytes()),
        }
        out
    }

    #[test]
    fn entries_read_back_as_packed() {
        let mut buf = pack(0, "民政局/报告.md", Some("正文".as_bytes()));
        buf.extend(pack(1, "民政局\\底稿\\D-001.pdf", None));
        buf.extend(pack(2, "reportlint.yaml", Some(b"")));
        let got = entries(&buf).expect("well formed");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].kind, Kind::Report);
        assert_eq!(got[0].bytes.as_deref(), Some("正文".as_bytes()));
        assert_eq!(got[1].name, "民政局/底稿/D-001.pdf");
        assert_eq!(got[1].bytes, None);
        assert_eq!(got[2].kind, Kind::Setting);
        assert_eq!(
            listing(&got).into_iter().collect::<Vec<_>>(),
            ["民政局/底稿/D-001.pdf", "民政局/报告.md"]
        );
    }

    #[test]
    fn a_cut_request_is_an_error_not_a_panic() {
        let buf = pack(0, "a.md", Some(b"abc"));
        for cut in 1..buf.len() {
            assert!(entries(&buf[..cut]).is_err(), "{cut}");
        }
        assert!(entries(&[9]).is_err());
    }
}
