//! The library's module graph has no cycles: no module imports one that
//! imports it back (directly or around a longer circle). Imports are read
//! from the source: `use` declarations (braces expanded, `crate::`,
//! `super::`, `self::` and child-relative paths) and such paths in code
//! (`crate::…`, `super::…`, a child module's `existence::KIND`), outside
//! `#[cfg(test)]` modules; each resolves to the file of the
//! longest module prefix it names. A parent declaring `mod child;` is not
//! an import; a parent re-exporting a child's item (`pub use`) is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

/// `src/rules/kinds/sources.rs` → `crate::rules::kinds::sources`.
fn module_of(rel: &str) -> String {
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    if rel == "lib" {
        "crate".to_string()
    } else {
        format!("crate::{}", rel.replace('/', "::"))
    }
}

/// The library's modules: module path → source text.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new("src") {
        let e = e.unwrap();
        let p = e.path();
        if p.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = p
            .strip_prefix("src")
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "main.rs" || rel.starts_with("commands/") {
            continue; // the binary crate, above the library
        }
        let text = std::fs::read_to_string(p).unwrap();
        // Tests may import their parent freely.
        let code = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
        out.insert(module_of(&rel), code);
    }
    out
}

/// Every path a `use` tree names: `a::{b, c::{d, e}}` → a::b, a::c::d, a::c::e.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.trim_end_matches("::*").to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    // Split the inner list at top-level commas.
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.to_string()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// The module a path names, as an absolute module path, if it is one of ours.
fn resolve(path: &str, here: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let segs: Vec<&str> = path.split("::").map(str::trim).collect();
    let mut base: Vec<String> = here.split("::").map(String::from).collect();
    let mut rest = &segs[..];
    match segs.first().copied() {
        Some("crate") => {
            base = vec!["crate".into()];
            rest = &segs[1..];
        }
        Some("self") => rest = &segs[1..],
        Some("super") => {
            while rest.first() == Some(&"super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some(first) if known.contains_key(&format!("{here}::{first}")) => {}
        _ => return None, // std, an external crate, or a local item
    }
    let mut best = None;
    let mut cur = base.join("::");
    if known.contains_key(&cur) {
        best = Some(cur.clone());
    }
    for s in rest {
        cur = format!("{cur}::{s}");
        if known.contains_key(&cur) {
            best = Some(cur.clone());
        }
    }
    best
}

/// Import edges between modules.
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules();
    let use_decl = Regex::new(r"(?ms)^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);").unwrap();
    // Paths in code: `crate::…`, `super::…`, or a child module's `kinds::KIND`.
    let inline = Regex::new(r"\b[a-z_][a-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    let comment = Regex::new(r"(?m)//.*$").unwrap();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &known {
        let code = comment.replace_all(text, "");
        let mut paths: Vec<String> = use_decl
            .captures_iter(&code)
            .flat_map(|c| expand(&c[1]))
            .collect();
        paths.extend(inline.find_iter(&code).map(|m| m.as_str().to_string()));
        let targets = graph.entry(module.clone()).or_default();
        for p in paths {
            if let Some(t) = resolve(&p, module, &known)
                && &t != module
            {
                targets.insert(t);
            }
        }
    }
    graph
}

/// A cycle in the graph, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == m).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(m, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n.as_str())
            && let Some(c) = visit(n, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_module_graph_has_no_cycles() {
    assert!(Path::new("src/lib.rs").exists());
    let graph = edges();
    // The reader sees imports at all: the loader imports the registry, the
    // rule set a kind, a kind the build toolkit.
    assert!(graph["crate::rules::load"].contains("crate::rules::kinds"));
    assert!(graph["crate::rules::set"].contains("crate::rules::kind"));
    assert!(graph["crate::rules::kinds::sources"].contains("crate::rules::compile"));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).map(|c| c.len()), Some(4));
    g.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&g), None);
    assert_eq!(
        expand("super::{compile::{Build, join}, kind::Rule, self}"),
        [
            "super::compile::Build",
            "super::compile::join",
            "super::kind::Rule",
            "super"
        ]
    );
}

/// The layers, bottom up: a module may import its own layer and those
/// below, never one above. Data flows one way: read (files, encodings) →
/// document model → text toolkit → analysis → checks → what follows a
/// check (suppression, fingerprints) → the pipeline → outputs and fixes →
/// front ends.
const LAYERS: &[&[&str]] = &[
    &["crate::source"],
    &["crate::document", "crate::diagnostic"],
    &["crate::matcher", "crate::redact"],
    &["crate::analysis"],
    &["crate::rules"],
    &["crate::suppress", "crate::fingerprint", "crate::report"],
    &["crate::lint", "crate::config"],
    &["crate::fix", "crate::output", "crate::baseline"],
    &["crate::run"],
    &["crate::server", "crate::init", "crate::corpus"],
];

/// The layer of a module (None for the crate root, which only declares).
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| {
        l.iter()
            .any(|p| module == *p || module.starts_with(&format!("{p}::")))
    })
}

#[test]
fn layers_point_down() {
    let graph = edges();
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        let Some(a) = layer(from) else { continue };
        for to in tos {
            if let Some(b) = layer(to)
                && b > a
            {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports pointing up a layer:\n{}",
        wrong.join("\n")
    );
    // Every module has a layer.
    let unplaced: Vec<&String> = graph
        .keys()
        .filter(|m| *m != "crate" && layer(m).is_none())
        .collect();
    assert!(unplaced.is_empty(), "modules without a layer: {unplaced:?}");
}

#[test]
fn the_layer_test_sees_an_upward_import() {
    assert!(layer("crate::rules::kinds::sources") > layer("crate::analysis::focus"));
    assert!(layer("crate::output::sarif") > layer("crate::lint"));
    assert_eq!(layer("crate"), None);
}

/// The analysis and the checks read the document model and the evidence
/// the read layer gathered; they never open a file themselves.
#[test]
fn checks_do_not_touch_the_file_system() {
    let mut touching = Vec::new();
    for (module, code) in modules() {
        if !(module.starts_with("crate::rules") || module.starts_with("crate::analysis")) {
            continue;
        }
        for needle in [
            "std::fs",
            "fs::",
            "File::open",
            ".exists()",
            "read_dir",
            "metadata(",
        ] {
            if code.contains(needle) {
                touching.push(format!("{module}: {needle}"));
            }
        }
    }
    assert!(touching.is_empty(), "{touching:?}");
}
