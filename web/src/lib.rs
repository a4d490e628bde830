//! reportlint's core in WebAssembly, the engine of the browser page
//! (`scripts/page`): files' bytes in, what `check` reports and the files
//! `check --fix` / `--annotate` write out, with no file system, threads or
//! clock of its own. The host speaks to it over the module's memory:
//!
//! - `rl_alloc(len) -> ptr` / `rl_free(ptr, len)`: room the host fills, and
//!   gives back (also every answer, once read);
//! - `rl_configure(req, len) -> answer`: reportlint.yaml and rule packs
//!   (entries of kind "setting", see [`request`]; the packs reportlint.yaml
//!   names may also be among the chosen folder's files, kind "listed"); the
//!   answer is JSON `{"errors": [...]}`, empty when the rules were set;
//! - `rl_lint(req, len, flags) -> answer`: the reports of the request, as
//!   `check --format json` writes them (flags bit 0: wrapped with the page's
//!   view, `{"check": …, "views": […], "rules": {…}}`; bit 1: the other
//!   files of the request are the folder the drafter chose, so the 底稿
//!   beside each report are looked for among them);
//! - `rl_fix(req, len, flags, date) -> answer`: the request's one report
//!   fixed and/or annotated (bit 0: comments, bit 1: fixes, bit 2: unsafe
//!   fixes too, bit 3: as for `rl_lint`), its changes dated `date` (seconds
//!   since 1970); the answer is a JSON length (u32 LE), the JSON
//!   `{"check": …, "fixed": n, "comments": n, "error": …}`, then the file's
//!   new bytes — those `check` writes for the same file.
//!
//! An answer is a u64: its address in the high 32 bits, its length in the
//! low 32.

pub mod request;
pub mod view;

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use serde::Serialize;

use reportlint::config::Config;
use reportlint::diagnostic::FixSafety;
use reportlint::fix::file::{self as fix_file, WordRequest};
use reportlint::lint::{empty_file, lint_bytes, lint_file_text, unreadable};
use reportlint::output::format::Options;
use reportlint::output::stream::Writer;
use reportlint::report::FileReport;
use reportlint::rules::load::ConfigError;
use reportlint::rules::load::PackSource;
use reportlint::rules::{RuleSet, defaults, load::build_rule_set};
use reportlint::source::evidence::EvidenceView;

use request::{Entry, Kind};

thread_local! {
    /// The rules in force: the default pack until `rl_configure` sets others.
    static RULES: RefCell<Option<Rc<RuleSet>>> = const { RefCell::new(None) };
}

/// The rules in force.
fn rules() -> Rc<RuleSet> {
    RULES.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                Rc::new(match build_rule_set(&defaults::sources()) {
                    Ok(rules) => rules,
                    // The embedded pack is tested by `cargo test`; it always loads.
                    Err(e) => panic!("the default pack does not load: {e:?}"),
                })
            })
            .clone()
    })
}

/// A settings error as the page shows it.
#[derive(Debug, Serialize)]
pub struct SettingError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl From<ConfigError> for SettingError {
    fn from(e: ConfigError) -> SettingError {
        SettingError {
            file: e.file,
            line: e.position.line,
            column: e.position.column,
            message: e.message,
            help: e.help,
        }
    }
}

/// The rules of the default pack, the packs given, and the reportlint.yaml
/// given (its `rules:` found among the packs given or, by path, the files of
/// the chosen folder, `folder`), as `check --rules PACK… --config
/// reportlint.yaml` builds them.
pub fn rules_from(settings: &[Entry], folder: &[Entry]) -> Result<RuleSet, Vec<SettingError>> {
    let text = |e: &Entry| -> std::sync::Arc<str> {
        String::from_utf8_lossy(e.bytes.as_deref().unwrap_or_default())
            .into_owned()
            .into()
    };
    let is_config = |e: &&Entry| e.name.rsplit('/').next() == Some(reportlint::config::FILE_NAME);
    let configs: Vec<&Entry> = settings.iter().filter(is_config).collect();
    if configs.len() > 1 {
        let names: Vec<&str> = configs.iter().map(|c| c.name.as_str()).collect();
        return Err(vec![SettingError {
            file: names.join("、"),
            line: 1,
            column: 1,
            message: "只能选择一个 reportlint.yaml".into(),
            help: Some("请只保留要使用的那一个配置文件".into()),
        }]);
    }
    let given: Vec<&Entry> = settings.iter().filter(|e| !is_config(e)).collect();
    let mut sources = defaults::sources();
    let Some(config_entry) = configs.first() else {
        sources.extend(
            given
                .iter()
                .map(|p| PackSource::new(p.name.clone(), text(p))),
        );
        return build_rule_set(&sources).map_err(|es| es.into_iter().map(Into::into).collect());
    };
    let config = Config::parse(Path::new(&config_entry.name), text(config_entry))
        .map_err(|es| es.into_iter().map(SettingError::from).collect::<Vec<_>>())?;
    // The packs the config names, found among those given; the others are
    // added before them, as `--rules` packs are.
    let base = config_entry.name.rsplit_once('/').map_or("", |(d, _)| d);
    // The packs chosen, then the folder's YAML files (named by path only).
    let packs: Vec<&Entry> = given
        .iter()
        .copied()
        .chain(folder.iter().filter(|e| {
            e.bytes.is_some() && (e.name.ends_with(".yaml") || e.name.ends_with(".yml"))
        }))
        .collect();
    let mut named: Vec<usize> = Vec::new();
    let mut errors = Vec::new();
    for (i, wanted) in config.pack_names().iter().enumerate() {
        let full = if base.is_empty() {
            wanted.trim_start_matches("./").to_string()
        } else {
            format!("{base}/{}", wanted.trim_start_matches("./"))
        };
        let full = full.trim_end_matches('/');
        let found: Vec<usize> = (0..packs.len())
            .filter(|&k| {
                let n = &packs[k].name;
                n == full
                    || n.starts_with(&format!("{full}/"))
                    || (k < given.len()
                        && Path::new(n).file_name() == Path::new(wanted).file_name())
            })
            .collect();
        if found.is_empty() {
            errors.push(config.error(
                &format!("rules[{i}]"),
                format!("配置文件要用的规则包“{wanted}”没有一起选择：请同时选择它"),
            ));
        }
        named.extend(found);
    }
    if !errors.is_empty() {
        return Err(errors.into_iter().map(Into::into).collect());
    }
    named.sort_unstable();
    named.dedup();
    for (k, p) in given.iter().enumerate() {
        if !named.contains(&k) {
            sources.push(PackSource::new(p.name.clone(), text(p)));
        }
    }
    for k in named {
        sources.push(PackSource::new(packs[k].name.clone(), text(packs[k])));
    }
    config
        .rule_set(&sources)
        .map_err(|es| es.into_iter().map(Into::into).collect())
}

/// Sets the rules from the settings files of `req`; the errors, if any
/// (the rules are then left as they were).
pub fn configure(req: &[u8]) -> String {
    let result = request::entries(req)
        .map_err(|e| {
            vec![SettingError {
                file: String::new(),
                line: 1,
                column: 1,
                message: e,
                help: None,
            }]
        })
        .and_then(|entries| {
            let (settings, folder): (Vec<Entry>, Vec<Entry>) =
                entries.into_iter().partition(|e| e.kind == Kind::Setting);
            if settings.is_empty() {
                build_rule_set(&defaults::sources())
                    .map_err(|es| es.into_iter().map(Into::into).collect())
            } else {
                rules_from(&settings, &folder)
            }
        });
    let errors = match result {
        Ok(rules) => {
            RULES.with(|r| *r.borrow_mut() = Some(Rc::new(rules)));
            Vec::new()
        }
        Err(errors) => errors,
    };
    #[derive(Serialize)]
    struct Answer {
        errors: Vec<SettingError>,
    }
    serde_json::to_string(&Answer { errors }).unwrap_or_default()
}

/// The evidence beside `report`: from the request's listing when the host
/// says it is the chosen folder, otherwise none can be looked for.
fn evidence(rules: &RuleSet, report: &str, entries: &[Entry], listed: bool) -> EvidenceView {
    if !listed {
        return EvidenceView::default();
    }
    let files = request::listing(entries);
    let read = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| e.bytes.clone())
    };
    EvidenceView::from_listing(report, &files, &read, &rules.structure.evidence)
}

fn is_docx(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// `check --format json` over `reports`.
fn check_json(rules: &RuleSet, reports: &[FileReport]) -> String {
    let options = Options {
        rules,
        color: false,
        summary: false,
    };
    let mut out = Vec::new();
    let written = Writer::new("json", &options, &mut out).and_then(|mut w| {
        for r in reports {
            w.file(r)?;
        }
        w.finish()
    });
    match written {
        Ok(_) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
    }
}

/// The reports of `req` linted: check's JSON, or (`details`) the page's
/// object around it.
pub fn lint(req: &[u8], details: bool, listed: bool) -> String {
    let entries = match request::entries(req) {
        Ok(e) => e,
        Err(e) => return serde_json::json!({ "error": e }).to_string(),
    };
    let rules = rules();
    // As `check` does: in the order of their paths, each once.
    let mut reports: Vec<&Entry> = entries.iter().filter(|e| e.kind == Kind::Report).collect();
    reports.sort_by(|a, b| a.name.cmp(&b.name));
    reports.dedup_by(|a, b| a.name == b.name);
    let done: Vec<FileReport> = reports
        .iter()
        .map(|e| {
            let view = evidence(&rules, &e.name, &entries, listed);
            lint_bytes(
                &rules,
                &e.name,
                e.bytes.as_deref().unwrap_or_default(),
                &view,
            )
        })
        .collect();
    let check = check_json(&rules, &done);
    if !details {
        return check;
    }
    let views: Vec<view::View> = done
        .iter()
        .map(|r| view::view(&rules, r, is_docx(&r.display), listed))
        .collect();
    let docs = view::rule_docs(&rules, done.iter());
    format!(
        "{{\"check\": {check}, \"views\": {}, \"rules\": {}}}",
        serde_json::to_string(&views).unwrap_or_default(),
        serde_json::to_string(&docs).unwrap_or_default()
    )
}

/// What `rl_fix` answers besides the bytes.
#[derive(Serialize)]
struct Fixed {
    check: serde_json::Value,
    fixed: usize,
    comments: Option<usize>,
    error: Option<String>,
}

/// The request's one report fixed (`fix`) and/or annotated: the JSON, and
/// the bytes `check --fix` / `--annotate` write for it.
pub fn fix(
    req: &[u8],
    annotate: bool,
    fix: Option<FixSafety>,
    listed: bool,
    date: u64,
) -> (String, Vec<u8>) {
    let answer =
        |rules: &RuleSet, report: Option<&FileReport>, comments, error: Option<String>, bytes| {
            let check = report.map(|r| check_json(rules, std::slice::from_ref(r)));
            let fixed = Fixed {
                check: check
                    .and_then(|c| serde_json::from_str(&c).ok())
                    .unwrap_or(serde_json::Value::Null),
                fixed: report.map_or(0, |r| r.fixed),
                comments,
                error,
            };
            (serde_json::to_string(&fixed).unwrap_or_default(), bytes)
        };
    let rules = rules();
    let entries = match request::entries(req) {
        Ok(e) => e,
        Err(e) => return answer(&rules, None, None, Some(e), Vec::new()),
    };
    let Some(entry) = entries.iter().find(|e| e.kind == Kind::Report) else {
        return answer(
            &rules,
            None,
            None,
            Some("请求中没有报告文件".into()),
            Vec::new(),
        );
    };
    let name = entry.name.as_str();
    let bytes = entry.bytes.clone().unwrap_or_default();
    let view = evidence(&rules, name, &entries, listed);
    if is_docx(name) {
        let request = WordRequest {
            fix,
            diff: false,
            annotate,
            date,
        };
        let out = fix_file::word(&rules, name, bytes.clone(), &view, request);
        return match out.output {
            Some(Ok(new)) => answer(&rules, Some(&out.report), out.comments, out.error, new),
            // Nothing edited: the file as it was, as `check --fix` leaves it.
            None => answer(&rules, Some(&out.report), out.comments, out.error, bytes),
            Some(Err(reason)) => answer(
                &rules,
                Some(&out.report),
                None,
                Some(format!("无法写出文件：{reason}")),
                Vec::new(),
            ),
        };
    }
    if annotate {
        let report = lint_bytes(&rules, name, &bytes, &view);
        let error = "批注只能写入 Word 文件（.docx）；Markdown 报告请下载修复后的文件".to_string();
        return answer(&rules, Some(&report), None, Some(error), Vec::new());
    }
    let file = match reportlint::source::decode_file(
        Path::new(name),
        name.to_string(),
        &bytes,
        rules.encoding,
    ) {
        Ok(file) if file.text.trim().is_empty() => {
            let report = unreadable(&rules, &empty_file(name));
            return answer(&rules, Some(&report), None, None, bytes);
        }
        Ok(file) => file,
        Err(e) => {
            let report = unreadable(&rules, &e);
            return answer(&rules, Some(&report), None, None, bytes);
        }
    };
    let report = lint_file_text(&rules, &file, &file.text, &view);
    let Some(level) = fix else {
        return answer(&rules, Some(&report), None, None, bytes);
    };
    let (text, report) = fix_file::text(&rules, &file, report, level, &view);
    if text == file.text {
        return answer(&rules, Some(&report), None, None, bytes);
    }
    match reportlint::source::decode::encode(&text, file.encoding) {
        Ok(new) => answer(&rules, Some(&report), None, None, new),
        Err(reason) => answer(&rules, Some(&report), None, Some(reason), Vec::new()),
    }
}

/// An answer handed to the host: exactly as long as it holds, so that
/// `rl_free(ptr, len)` frees it.
fn hand_out(out: Vec<u8>) -> u64 {
    let out = out.into_boxed_slice();
    let len = out.len() as u64;
    let ptr = Box::into_raw(out) as *mut u8 as usize as u64;
    (ptr << 32) | len
}

/// The request at `ptr`.
///
/// # Safety
/// `ptr`/`len` must be memory the host wrote through [`rl_alloc`].
unsafe fn request_at<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: as the caller promises.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Room for `len` bytes, for the host to fill.
#[unsafe(no_mangle)]
pub extern "C" fn rl_alloc(len: usize) -> *mut u8 {
    let mut room = std::mem::ManuallyDrop::new(Vec::<u8>::with_capacity(len.max(1)));
    room.as_mut_ptr()
}

/// Gives back `len` bytes at `ptr` from [`rl_alloc`] or an answer.
///
/// # Safety
/// `ptr` and `len` must be as [`rl_alloc`] or an answer handed them out,
/// and given back once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller gives back a buffer of capacity `len.max(1)` made here.
    drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
}

/// Sets the rules from reportlint.yaml and rule packs; see the crate's docs.
///
/// # Safety
/// The request must be memory the host wrote through [`rl_alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_configure(req: *const u8, len: usize) -> u64 {
    // SAFETY: as the caller promises.
    hand_out(configure(unsafe { request_at(req, len) }).into_bytes())
}

/// Lints the reports of a request; see the crate's docs.
///
/// # Safety
/// The request must be memory the host wrote through [`rl_alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_lint(req: *const u8, len: usize, flags: u32) -> u64 {
    // SAFETY: as the caller promises.
    let req = unsafe { request_at(req, len) };
    hand_out(lint(req, flags & 1 != 0, flags & 2 != 0).into_bytes())
}

/// Fixes and/or annotates the report of a request; see the crate's docs.
///
/// # Safety
/// The request must be memory the host wrote through [`rl_alloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn rl_fix(req: *const u8, len: usize, flags: u32, date: u32) -> u64 {
    // SAFETY: as the caller promises.
    let req = unsafe { request_at(req, len) };
    let level = match (flags & 2 != 0, flags & 4 != 0) {
        (false, _) => None,
        (true, false) => Some(FixSafety::Safe),
        (true, true) => Some(FixSafety::Unsafe),
    };
    let (json, bytes) = fix(req, flags & 1 != 0, level, flags & 8 != 0, u64::from(date));
    let mut out = Vec::with_capacity(4 + json.len() + bytes.len());
    out.extend((json.len() as u32).to_le_bytes());
    out.extend(json.as_bytes());
    out.extend(bytes);
    hand_out(out)
}

/// A panic, for the hosts' tests of what follows one (the module traps; the
/// host starts a fresh instance). Takes and returns what the other calls do.
#[unsafe(no_mangle)]
pub extern "C" fn rl_test_panic(_req: *const u8, _len: usize) -> u64 {
    panic!("injected for a test")
}
