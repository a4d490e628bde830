//! The language server's latency and memory, driven over stdio as an editor
//! would: `cargo bench --bench lsp` (options after `--`):
//!   --size BYTES   the report's size (default 50000)
//!   --edits N      timed edits (default 500)
//!   --memory N     edits for the memory figure (default 10000; 0 = skip)
//!
//! Each edit is one `didChange` (incremental: a character typed into a
//! problem item, then deleted again, so the report keeps its size); the
//! time is from writing it to reading the `publishDiagnostics` of its
//! version. The baseline, measured in the same run, is linting the same
//! text in process (`lint_text`): the ratio is what the server adds.
//! Memory is the server's resident set (VmRSS) after the warm-up and after
//! N more edits, and its peak (VmHWM).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use reportlint::corpus;
use serde_json::{Value, json};

struct Lsp {
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Lsp {
    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("written");
        self.input.flush().expect("flushed");
    }

    fn read(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).expect("a header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.strip_prefix("Content-Length: ") {
                len = v.parse().expect("a length");
            }
        }
        let mut body = vec![0; len];
        self.output.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Reads until the diagnostics of `version`; returns how many there were.
    fn diagnostics(&mut self, version: i64) -> usize {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
            {
                return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

fn rss(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (size, edits, memory) = (
        opt("--size", 50_000),
        opt("--edits", 500),
        opt("--memory", 10_000),
    );
    let plant = corpus::Plant {
        words: vec!["全面以严治党".into()],
        error_rate: 0.05,
        hedge_rate: 0.05,
    };
    let text = corpus::report(7, size, &plant);
    // Where edits go: the end of the first problem item's line.
    let line = text
        .lines()
        .position(|l| l.starts_with("1."))
        .expect("a problem item");
    let column = text
        .lines()
        .nth(line)
        .map_or(0, |l| l.encode_utf16().count());

    // Baseline: the same text linted in process.
    let rules = reportlint::rules::load::build_rule_set(&reportlint::rules::defaults::sources())
        .expect("the default pack");
    let view = reportlint::source::evidence::EvidenceView::default();
    let mut base = Vec::new();
    for _ in 0..edits.min(200) {
        let t = Instant::now();
        let r = reportlint::lint_text(&rules, "a.md", &text, &view);
        base.push(t.elapsed());
        std::hint::black_box(r);
    }
    base.sort();

    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("report.md");
    std::fs::write(&path, &text).expect("written");
    let uri = format!("file://{}", path.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let pid = child.id();
    let mut lsp = Lsp {
        input: child.stdin.take().expect("stdin"),
        output: BufReader::new(child.stdout.take().expect("stdout")),
    };
    lsp.send(json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}));
    let _ = lsp.read();
    lsp.send(json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    lsp.send(json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"markdown","version":1,"text":text}}}));
    let first = lsp.diagnostics(1);

    let mut version = 1i64;
    let edit = |lsp: &mut Lsp, version: &mut i64| -> Duration {
        *version += 1;
        // Odd versions type a character at the end of the line, even ones
        // delete it again.
        let typed = *version % 2 == 0;
        let (end, new) = if typed {
            (column, "。")
        } else {
            (column + 1, "")
        };
        let change = json!({"range":{"start":{"line":line,"character":column},"end":{"line":line,"character":end}},"text":new});
        let t = Instant::now();
        lsp.send(json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":*version},"contentChanges":[change]}}));
        lsp.diagnostics(*version);
        t.elapsed()
    };
    // Warm-up.
    for _ in 0..50 {
        edit(&mut lsp, &mut version);
    }
    let mut times: Vec<Duration> = (0..edits).map(|_| edit(&mut lsp, &mut version)).collect();
    times.sort();
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    let b50 = percentile(&base, 0.5);
    println!("report: {} bytes, {} diagnostics", text.len(), first);
    println!(
        "didChange → publishDiagnostics over {edits} edits: median {}, p99 {}, max {}",
        ms(p50),
        ms(p99),
        ms(*times.last().expect("times"))
    );
    println!(
        "baseline (lint_text in process, same run): median {}; server/baseline {:.2}×",
        ms(b50),
        p50.as_secs_f64() / b50.as_secs_f64()
    );
    println!(
        "targets: median ≤ 5 ms {}, p99 ≤ 20 ms {}",
        if p50 <= Duration::from_millis(5) {
            "met"
        } else {
            "MISSED"
        },
        if p99 <= Duration::from_millis(20) {
            "met"
        } else {
            "MISSED"
        }
    );
    if memory > 0 {
        let (before, _) = rss(pid);
        for _ in 0..memory {
            edit(&mut lsp, &mut version);
        }
        let (after, peak) = rss(pid);
        println!(
            "memory: VmRSS {before} kB after warm-up and {edits} edits, {after} kB after {memory} more edits ({:+} kB); peak {peak} kB",
            after as i64 - before as i64
        );
    }
    lsp.send(json!({"jsonrpc":"2.0","id":2,"method":"shutdown"}));
    let _ = lsp.read();
    lsp.send(json!({"jsonrpc":"2.0","method":"exit"}));
    let status = child.wait().expect("the server exits");
    println!("server exit status: {status}");
}
