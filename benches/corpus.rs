//! The corpus benchmark: lints generated reports with the default pack plus a
//! synthetic lexicon of K entries, and runs ripgrep (and textlint + prh,
//! AutoCorrect where installed) over the same files in the same run, so the
//! ratios compare runs made on the same machine at the same time.
//!
//! `cargo bench --bench corpus` (options after `--`):
//!   --files N        reports in the corpus (default 1000)
//!   --size BYTES     bytes per report (default 20000)
//!   --lexicons K,..  lexicon sizes (default 10,100,1000,10000)
//!   --runs R         timed rounds, each running every tool once at every K
//!                    (interleaved, so drift in machine load touches all alike);
//!                    the median is reported (default 5)
//!   --scale F        also lint F× the files, for memory and linearity (default 10; 0 = skip)
//!   --textlint       install textlint + textlint-rule-prh (npm) and include it
//!   --autocorrect    install autocorrect-py (PyPI) and include AutoCorrect's lint
//!                    (the `autocorrect` command is used instead where installed)
//!   --one MB         instead: lint one report of MB megabytes and one of MB/10,
//!                    for time and memory against size
//!
//! Every tool must find the same number of lexicon hits, so the times are of
//! the same work; a mismatch is printed and the run fails.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reportlint::corpus;

struct Opts {
    files: usize,
    size: usize,
    lexicons: Vec<usize>,
    runs: usize,
    scale: usize,
    textlint: bool,
    autocorrect: bool,
    one: usize,
}

fn opts() -> Opts {
    let mut o = Opts {
        files: 1000,
        size: 20_000,
        lexicons: vec![10, 100, 1000, 10_000],
        runs: 5,
        scale: 10,
        textlint: false,
        autocorrect: false,
        one: 0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let next = |i: usize| args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--files" => o.files = next(i).parse().expect("--files N"),
            "--size" => o.size = next(i).parse().expect("--size BYTES"),
            "--lexicons" => {
                o.lexicons = next(i)
                    .split(',')
                    .map(|k| k.parse().expect("--lexicons K,K"))
                    .collect()
            }
            "--runs" => o.runs = next(i).parse::<usize>().expect("--runs R").max(1),
            "--scale" => o.scale = next(i).parse().expect("--scale F"),
            "--one" => o.one = next(i).parse().expect("--one MB"),
            "--textlint" => {
                o.textlint = true;
                i += 1;
                continue;
            }
            "--autocorrect" => {
                o.autocorrect = true;
                i += 1;
                continue;
            }
            _ => {
                i += 1; // cargo passes --bench; ignore what is not ours
                continue;
            }
        }
        i += 2;
    }
    o
}

/// Writes (or reuses) a corpus of `n` reports; returns its folder and size in bytes.
fn corpus_dir(root: &Path, n: usize, size: usize) -> (PathBuf, u64) {
    let dir = root.join(format!("corpus-v5-{n}-{size}"));
    let marker = dir.join(".complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let plant = corpus::Plant {
            words: corpus::lexicon(10)
                .into_iter()
                .map(|(w, _)| w)
                .chain(["全面以严治党".to_string()])
                .collect(),
            error_rate: 0.045,
            hedge_rate: 0.05,
        };
        for i in 0..n {
            let sub = dir.join(format!("{:03}", i / 100));
            std::fs::create_dir_all(&sub).expect("corpus folder");
            std::fs::write(
                sub.join(format!("report-{i:05}.md")),
                corpus::report(i as u64, size, &plant),
            )
            .expect("write report");
        }
        std::fs::write(&marker, "").expect("marker");
    }
    let bytes = walk(&dir)
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum();
    (dir, bytes)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out
}

/// Runs a command to completion: wall time, peak resident memory (bytes) and stdout.
///
/// The peak comes from wait4 on the child. A child forked from this process
/// starts with this process's high-water mark, so the command is started
/// through `/usr/bin/time` where present, whose own child starts small, and its
/// `%M` figure is used instead.
// The child is reaped by wait4 (which also reports its peak memory), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, u64, Vec<u8>) {
    use std::io::Read;
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut out = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_end(&mut out);
    }
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `child.id()` is our own child, not yet waited for.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed");
    let elapsed = start.elapsed();
    (elapsed, usage.ru_maxrss as u64 * 1024, out)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// One row from the rows of single runs of the same tool and K: the median
/// time, the highest peak, the hits of the last run.
fn combine(samples: Vec<Row>) -> Row {
    let runs = samples.len();
    let time = median(samples.iter().map(|r| r.time).collect());
    let peak = samples.iter().map(|r| r.peak).max().unwrap_or(0);
    let last = samples.into_iter().last().expect("at least one run");
    Row {
        time,
        peak,
        runs,
        ..last
    }
}

#[derive(Clone)]
struct Row {
    tool: String,
    k: usize,
    files: usize,
    bytes: u64,
    time: Duration,
    peak: u64,
    hits: Option<u64>,
    runs: usize,
}

fn reportlint_hits(json: &[u8]) -> u64 {
    let v: serde_json::Value = serde_json::from_slice(json).expect("reportlint JSON");
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .filter(|d| d["rule"] == "bench-lexicon")
        .count() as u64
}

/// A command for `program`, wrapped in `/usr/bin/time` when it exists so its
/// peak memory can be read from `mem_file`.
fn timed(program: &str, mem_file: &Path) -> Command {
    if Path::new("/usr/bin/time").exists() {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(mem_file).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// The peak memory in bytes: from `/usr/bin/time`'s file when it wrote one.
fn peak_of(mem_file: &Path, wait4_peak: u64) -> u64 {
    std::fs::read_to_string(mem_file)
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
        .map_or(wait4_peak, |kb| kb * 1024)
}

/// One run of `reportlint check --quiet --format json EXTRA DIR`.
fn run_reportlint(
    bin: &str,
    dir: &Path,
    extra: &[&OsStr],
    size: (usize, u64),
    k: usize,
    name: &str,
) -> Row {
    let mem_file = dir.with_extension("mem");
    let (time, mem, out) = measure(
        timed(bin, &mem_file)
            .args(["check", "--quiet", "--format", "json"])
            .args(extra)
            .arg(dir),
    );
    Row {
        tool: name.into(),
        k,
        files: size.0,
        bytes: size.1,
        time,
        peak: peak_of(&mem_file, mem),
        hits: Some(reportlint_hits(&out)),
        runs: 1,
    }
}

/// One run of `rg -F -f WORDS DIR`, counting matches; None without ripgrep.
fn run_rg(dir: &Path, words: &Path, files: usize, bytes: u64, k: usize) -> Option<Row> {
    Command::new("rg").arg("--version").output().ok()?;
    let mem_file = dir.with_extension("rgmem");
    let (time, mem, out) = measure(
        timed("rg", &mem_file)
            .args(["-F", "--count-matches", "--no-filename", "-f"])
            .arg(words)
            .arg(dir),
    );
    let hits = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .sum();
    Some(Row {
        tool: "ripgrep -F -f".into(),
        k,
        files,
        bytes,
        time,
        peak: peak_of(&mem_file, mem),
        hits: Some(hits),
        runs: 1,
    })
}

/// Whether `cmd` ran and succeeded.
fn ran(cmd: &mut Command) -> bool {
    cmd.status().is_ok_and(|s| s.success())
}

fn textlint_setup(root: &Path) -> Option<PathBuf> {
    let tools = root.join("tools");
    let bin = tools.join("node_modules/.bin/textlint");
    if !bin.exists() {
        std::fs::create_dir_all(&tools).ok()?;
        let installed = ran(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .args(["textlint", "textlint-rule-prh"]));
        if !installed {
            return None;
        }
    }
    bin.exists().then_some(bin)
}

fn run_textlint(
    bin: &Path,
    root: &Path,
    dir: &Path,
    lex: &[(String, String)],
    files: usize,
    bytes: u64,
) -> Option<Row> {
    let prh = root.join(format!("prh-{}.yml", lex.len()));
    let mut y = String::from("version: 1\nrules:\n");
    for (w, r) in lex {
        y.push_str(&format!("  - expected: {r}\n    pattern: {w}\n"));
    }
    std::fs::write(&prh, y).ok()?;
    let rc = root.join(format!("textlintrc-{}.json", lex.len()));
    std::fs::write(
        &rc,
        format!(
            "{{\"rules\": {{\"prh\": {{\"rulePaths\": [\"{}\"]}}}}}}",
            prh.display()
        ),
    )
    .ok()?;
    let (t, mem, out) = measure(
        Command::new(bin)
            .arg("--config")
            .arg(&rc)
            .args(["--rules-base-directory"])
            .arg(root.join("tools/node_modules"))
            .args(["--format", "json"])
            .arg(dir.join("**/*.md")),
    );
    let v: serde_json::Value = serde_json::from_slice(&out).ok()?;
    let hits = v
        .as_array()?
        .iter()
        .map(|f| f["messages"].as_array().map_or(0, Vec::len) as u64)
        .sum();
    Some(Row {
        tool: "textlint + prh".into(),
        k: lex.len(),
        files,
        bytes,
        time: t,
        peak: mem,
        hits: Some(hits),
        runs: 1,
    })
}

/// A Python with autocorrect-py installed (from PyPI, into a virtual
/// environment under the bench folder), for `--autocorrect`.
fn autocorrect_setup(root: &Path) -> Option<PathBuf> {
    let venv = root.join("tools/autocorrect-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let installed = ran(Command::new("python3").args(["-m", "venv"]).arg(&venv))
            && ran(Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "autocorrect-py",
            ]));
        if !installed {
            return None;
        }
    }
    python.exists().then_some(python)
}

/// One AutoCorrect lint of `dir`: the `autocorrect` command where it is
/// installed, else (with `--autocorrect`) its engine through autocorrect-py.
fn run_autocorrect(root: &Path, dir: &Path, files: usize, bytes: u64, python: bool) -> Option<Row> {
    let (tool, mut cmd) = if Command::new("autocorrect")
        .arg("--version")
        .output()
        .is_ok()
    {
        let mut c = Command::new("autocorrect");
        c.arg("--lint").arg(dir);
        ("autocorrect --lint", c)
    } else if python {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/autocorrect_lint.py");
        let mut c = Command::new(autocorrect_setup(root)?);
        c.arg(script).arg(dir);
        ("autocorrect-py", c)
    } else {
        return None;
    };
    let (t, mem, _) = measure(&mut cmd);
    Some(Row {
        tool: tool.into(),
        k: 0,
        files,
        bytes,
        time: t,
        peak: mem,
        hits: None,
        runs: 1,
    })
}

fn print_table(rows: &[Row], baseline: Option<&Row>) {
    println!(
        "{:<20} {:>6} {:>7} {:>7} {:>10} {:>9} {:>8} {:>9} {:>7} {:>5} {:>10}",
        "tool",
        "K",
        "files",
        "MB",
        "median s",
        "files/s",
        "MB/s",
        "peak MB",
        "hits",
        "runs",
        "× ripgrep"
    );
    for r in rows {
        let mb = r.bytes as f64 / 1e6;
        let s = r.time.as_secs_f64();
        let ratio = baseline.map_or("".to_string(), |b| {
            format!("{:.2}", s / b.time.as_secs_f64())
        });
        println!(
            "{:<20} {:>6} {:>7} {:>7.1} {:>10.3} {:>9.0} {:>8.1} {:>9.1} {:>7} {:>5} {:>10}",
            r.tool,
            r.k,
            r.files,
            mb,
            s,
            r.files as f64 / s,
            mb / s,
            r.peak as f64 / 1e6,
            r.hits.map_or("n/a".into(), |h| h.to_string()),
            r.runs,
            ratio
        );
    }
}

/// One big report of `mb` megabytes and one a tenth the size: time and peak memory.
fn one_report(bin: &str, root: &Path, mb: usize, runs: usize) {
    let plant = corpus::Plant {
        words: vec!["全面以严治党".to_string()],
        error_rate: 0.02,
        hedge_rate: 0.02,
    };
    let mut rows = Vec::new();
    for size in [mb * 100_000, mb * 1_000_000] {
        let dir = root.join(format!("one-{size}"));
        std::fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("big.md");
        if !file.exists() {
            std::fs::write(&file, corpus::report(42, size, &plant)).expect("write");
        }
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        let runs = (0..runs).map(|_| run_reportlint(bin, &file, &[], (1, bytes), 0, "reportlint"));
        rows.push(Row {
            hits: None,
            ..combine(runs.collect())
        });
    }
    print_table(&rows, None);
    println!(
        "{} MB report: {:.2} s, peak {:.0} MB ({:.1}× its size); time {:.1}× that of the {:.0} MB report (10× the bytes)",
        rows[1].bytes as f64 / 1e6,
        rows[1].time.as_secs_f64(),
        rows[1].peak as f64 / 1e6,
        rows[1].peak as f64 / rows[1].bytes as f64,
        rows[1].time.as_secs_f64() / rows[0].time.as_secs_f64(),
        rows[0].bytes as f64 / 1e6
    );
}

fn main() {
    let o = opts();
    let bin = env!("CARGO_BIN_EXE_reportlint");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    std::fs::create_dir_all(&root).expect("bench folder");
    if o.one > 0 {
        one_report(bin, &root, o.one, o.runs.clamp(1, 3));
        return;
    }
    let (dir, bytes) = corpus_dir(&root, o.files, o.size);
    println!(
        "corpus: {} reports, {:.1} MB, {} cores; reportlint {}",
        o.files,
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        env!("CARGO_PKG_VERSION")
    );
    let mut failed = false;
    let ks: Vec<usize> = {
        let mut k = o.lexicons.clone();
        if !k.contains(&2000) {
            k.push(2000);
        }
        k.sort();
        k
    };
    let mut lexicons = BTreeMap::new();
    for &k in &ks {
        let pack = root.join(format!("lexicon-{k}.yaml"));
        std::fs::write(&pack, corpus::lexicon_pack(k)).expect("lexicon");
        let words = root.join(format!("lexicon-{k}.txt"));
        let lex = corpus::lexicon(k);
        std::fs::write(
            &words,
            lex.iter()
                .map(|(w, _)| format!("{w}\n"))
                .collect::<String>(),
        )
        .expect("words");
        lexicons.insert(k, (pack, words, lex));
    }
    // The floor of our own pipeline: walk, read, parse, one rule that never matches.
    let floor_pack = root.join("parse-only.yaml");
    std::fs::write(
        &floor_pack,
        "rules:\n  - id: parse-only\n    kind: existence\n    severity: info\n    message: m\n    description: 只解析。\n    tokens: [\"\\u0001\"]\n",
    )
    .expect("parse-only pack");
    // Interleaved: each round runs every tool once at every K, so a change
    // in the (shared) machine's load during the run touches all alike.
    let mut ours: BTreeMap<usize, Vec<Row>> = BTreeMap::new();
    let mut rg: BTreeMap<usize, Vec<Row>> = BTreeMap::new();
    let mut floor = Vec::new();
    for _ in 0..o.runs {
        for (&k, (pack, words, _)) in &lexicons {
            let rules = ["--rules".as_ref(), pack.as_os_str()];
            let r = run_reportlint(bin, &dir, &rules, (o.files, bytes), k, "reportlint");
            ours.entry(k).or_default().push(r);
            if let Some(g) = run_rg(&dir, words, o.files, bytes, k) {
                rg.entry(k).or_default().push(g);
            }
        }
        let only = [
            "--no-default-rules".as_ref(),
            "--rules".as_ref(),
            floor_pack.as_os_str(),
        ];
        let f = run_reportlint(
            bin,
            &dir,
            &only,
            (o.files, bytes),
            0,
            "reportlint parse-only",
        );
        floor.push(Row { hits: None, ..f });
    }
    let mut rows = Vec::new();
    let rg_rows: Vec<Row> = rg.into_values().map(combine).collect();
    for (k, samples) in ours {
        let r = combine(samples);
        if let Some(g) = rg_rows.iter().find(|g| g.k == k)
            && g.hits != r.hits
        {
            println!(
                "MISMATCH at K={k}: reportlint found {:?} lexicon hits, ripgrep {:?}",
                r.hits, g.hits
            );
            failed = true;
        }
        let hits = r.hits;
        if o.lexicons.contains(&k) || k == 2000 {
            rows.push(r);
        }
        if o.textlint && k == 10 {
            let lex = &lexicons[&k].2;
            match textlint_setup(&root)
                .and_then(|b| run_textlint(&b, &root, &dir, lex, o.files, bytes))
            {
                Some(t) => {
                    if t.hits != hits {
                        println!("note: textlint found {:?} hits at K={k}", t.hits);
                    }
                    rows.push(t);
                }
                None => println!("textlint could not be installed or run; left out"),
            }
        }
    }
    rows.push(combine(floor));
    match run_autocorrect(&root, &dir, o.files, bytes, o.autocorrect) {
        Some(a) => rows.push(a),
        None if o.autocorrect => println!("AutoCorrect could not be installed or run; left out"),
        None => {}
    }
    rows.extend(rg_rows);
    let base = rows
        .iter()
        .find(|r| r.tool.starts_with("ripgrep") && r.k == 2000);
    println!();
    print_table(&rows, base);

    let rl = |k: usize| {
        rows.iter()
            .find(|r| r.tool == "reportlint" && r.k == k)
            .map(|r| r.time.as_secs_f64())
    };
    println!();
    if let (Some(b), Some(t)) = (base, rl(2000)) {
        println!(
            "reportlint (K=2000) / ripgrep (K=2000): {:.2}× (target ≤ 3×)",
            t / b.time.as_secs_f64()
        );
    }
    // The target as the issue words it: the default pack (here with the
    // smallest lexicon) against ripgrep with 2,000 entries.
    let kmin = *o.lexicons.iter().min().unwrap_or(&10);
    if let (Some(b), Some(t)) = (base, rl(kmin)) {
        println!(
            "reportlint default pack (K={kmin}) / ripgrep (K=2000): {:.2}×",
            t / b.time.as_secs_f64()
        );
    }
    let kmax = *o.lexicons.iter().max().unwrap_or(&10);
    if let (Some(a), Some(b)) = (rl(kmin), rl(kmax)) {
        println!(
            "reportlint K={kmax} / K={kmin}: {:.2}× (target ≤ 1.5×)",
            b / a
        );
    }
    for r in rows
        .iter()
        .filter(|r| !r.tool.starts_with("ripgrep") && r.tool != "reportlint")
    {
        if let Some(t) = rl(r.k.max(10)).or(rl(kmin)) {
            let target = if r.tool.starts_with("textlint") {
                " (target ≥ 50×)"
            } else if r.tool.starts_with("autocorrect") {
                " (target ≥ 8×)"
            } else {
                ""
            };
            println!(
                "{} / reportlint: {:.1}×{target}",
                r.tool,
                r.time.as_secs_f64() / t
            );
        }
    }
    if o.scale > 1 {
        let n = o.files * o.scale;
        let (big, big_bytes) = corpus_dir(&root, n, o.size);
        let pack = root.join(format!("lexicon-{kmin}.yaml"));
        let rules = ["--rules".as_ref(), pack.as_os_str()];
        // The small corpus again, in the same rounds as the large one, so the
        // ratio compares runs made under the same load.
        let mut bigs = Vec::new();
        let mut smalls = Vec::new();
        for _ in 0..o.runs.clamp(1, 3) {
            bigs.push(run_reportlint(
                bin,
                &big,
                &rules,
                (n, big_bytes),
                kmin,
                "reportlint",
            ));
            smalls.push(run_reportlint(
                bin,
                &dir,
                &rules,
                (o.files, bytes),
                kmin,
                "reportlint",
            ));
        }
        let (r, small) = (combine(bigs), combine(smalls));
        println!();
        print_table(&[small.clone(), r.clone()], None);
        println!(
            "{n} reports: peak memory {:.1} MB (target < 100 MB); time {:.2}× that of {} reports in the same rounds (target ≤ {:.0}×)",
            r.peak as f64 / 1e6,
            r.time.as_secs_f64() / small.time.as_secs_f64(),
            o.files,
            o.scale as f64 * 1.1
        );
    }
    // The same reports as Word files (.docx twins, typed ordinals), linted
    // in the same rounds as the Markdown ones.
    {
        let docx = docx_dir(&root, &dir);
        let pack = root.join(format!("lexicon-{kmin}.yaml"));
        let rules = ["--rules".as_ref(), pack.as_os_str()];
        let (mut ds, mut ms) = (Vec::new(), Vec::new());
        for _ in 0..o.runs.max(1) {
            ms.push(run_reportlint(
                bin,
                &dir,
                &rules,
                (o.files, bytes),
                kmin,
                "reportlint .md",
            ));
            ds.push(run_reportlint(
                bin,
                &docx,
                &rules,
                (o.files, bytes),
                kmin,
                "reportlint .docx",
            ));
        }
        let (d, m) = (combine(ds), combine(ms));
        println!();
        print_table(&[m.clone(), d.clone()], None);
        println!(
            "{} reports as .docx: {:.2}× the time of the same reports as Markdown in the same rounds (target ≤ 2×)",
            o.files,
            d.time.as_secs_f64() / m.time.as_secs_f64()
        );
        if d.hits != m.hits {
            eprintln!(
                "the .docx twins found {:?} lexicon hits, the Markdown reports {:?}",
                d.hits, m.hits
            );
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
}

/// Writes (or reuses) the .docx twins of a Markdown corpus.
fn docx_dir(root: &Path, md: &Path) -> PathBuf {
    let name = format!(
        "{}-docx-v1",
        md.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let dir = root.join(name);
    let marker = dir.join(".complete");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        for f in walk(md) {
            let text = std::fs::read_to_string(&f).expect("corpus report");
            let rel = f
                .strip_prefix(md)
                .expect("inside the corpus")
                .with_extension("docx");
            let out = dir.join(rel);
            std::fs::create_dir_all(out.parent().expect("a folder")).expect("docx folder");
            std::fs::write(out, corpus::word::twin(&text, corpus::word::Form::Typed))
                .expect("write docx");
        }
        std::fs::write(&marker, "").expect("marker");
    }
    dir
}
