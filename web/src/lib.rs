//! reportlint's core in WebAssembly: the default rule pack, a file's bytes
//! in, the JSON of `check --format json` out, with nothing of the file
//! system or threads. The host (a browser page, or node in the tests)
//! speaks to it through three functions over the module's memory:
//!
//! - `rl_alloc(len) -> ptr`: room for `len` bytes, for the host to write
//!   a name or a file into;
//! - `rl_lint(name_ptr, name_len, bytes_ptr, bytes_len) -> u64`: lints the
//!   file; the JSON's address in the high 32 bits, its length in the low;
//! - `rl_free(ptr, len)`: gives back what `rl_alloc` or `rl_lint` handed out.
//!
//! A .docx is told by its name; evidence files beside a report cannot be
//! looked for here, so they are taken as present.

use std::sync::OnceLock;

use reportlint::output::format::Options;
use reportlint::output::stream::one_report;
use reportlint::rules::{RuleSet, defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;

/// The default rule pack, compiled on first use.
fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match build_rule_set(&defaults::sources()) {
        Ok(rules) => rules,
        // The embedded pack is tested by `cargo test`; it always loads.
        Err(e) => panic!("the default pack does not load: {e:?}"),
    })
}

/// The JSON `check --format json` writes for one file named `name`.
pub fn lint_json(name: &str, bytes: &[u8]) -> String {
    let rules = rules();
    let report = reportlint::lint::lint_bytes(rules, name, bytes, &EvidenceView::default());
    let options = Options {
        rules,
        color: false,
        summary: false,
    };
    match one_report("json", &options, &report) {
        Ok(out) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("{{\"error\": {:?}}}", e.to_string()),
    }
}

/// Room for `len` bytes, for the host to fill.
#[unsafe(no_mangle)]
pub extern "C" fn rl_alloc(len: usize) -> *mut u8 {
    let mut room = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len.max(1)));
    room.as_mut_ptr()
}

/// Gives back `len` bytes at `ptr` from [`rl_alloc`] or [`rl_lint`].
///
/// # Safety
/// `ptr` and `len` must be as [`rl_alloc`] or [`rl_lint`] handed them out,
/// and given back once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller gives back a buffer of capacity `len.max(1)` made here.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

/// Lints the file `name` (UTF-8) whose bytes are at `bytes`; returns where
/// its JSON is (address << 32 | length), for the host to read and free.
///
/// # Safety
/// Both ranges must be memory the host wrote through [`rl_alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_lint(
    name: *const u8,
    name_len: usize,
    bytes: *const u8,
    bytes_len: usize,
) -> u64 {
    // SAFETY: the caller passes buffers from rl_alloc it filled.
    let (name, bytes) = unsafe {
        (
            std::slice::from_raw_parts(name, name_len),
            std::slice::from_raw_parts(bytes, bytes_len),
        )
    };
    let json = lint_json(&String::from_utf8_lossy(name), bytes);
    // Exactly as long as it holds, so that rl_free(ptr, len) frees it.
    let out = json.into_bytes().into_boxed_slice();
    let len = out.len() as u64;
    let ptr = Box::into_raw(out) as *mut u8 as usize as u64;
    (ptr << 32) | len
}
