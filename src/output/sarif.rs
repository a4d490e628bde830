//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other
//! viewers. Columns are Unicode code points (`columnKind`), as everywhere.
//!
//! The handful of SARIF objects used are plain serde structs here; the
//! output is validated against the official schema in the test suite.

use serde::Serialize;

use std::io::{self, Write};

use super::format::{Format, FormatDef, Items, Totals, indent, range};
use crate::diagnostic::{FixSafety, Severity};
use crate::report::FileReport;
use crate::rules::{RuleMeta, RuleSet};

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: &'a [Rule],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    full_description: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    kind: &'static str,
    fix: Option<&'static str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
}

/// A second place a result refers to.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "reportlint/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// A relative path as a URI reference: non-ASCII bytes and reserved
/// characters percent-encoded, `/` kept.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn results(file: &FileReport, ids: &[&str]) -> Vec<SarifResult> {
    let location = ArtifactLocation {
        uri: uri(&file.display),
    };
    file.diagnostics
        .iter()
        .zip(&file.fingerprints)
        .map(|(d, fp)| {
            let (s, e) = range(file, &d.span);
            let region = Region {
                start_line: s.line,
                start_column: s.column,
                end_line: e.line,
                end_column: e.column,
            };
            let fixes = d
                .fix
                .iter()
                .map(|f| {
                    let (fs, fe) = range(file, &f.span);
                    let safety = if f.safety == FixSafety::Safe {
                        "安全修复"
                    } else {
                        "需确认的修复"
                    };
                    SarifFix {
                        description: Text {
                            text: format!("{safety}：改为“{}”", f.replacement),
                        },
                        artifact_changes: vec![ArtifactChange {
                            artifact_location: location.clone(),
                            replacements: vec![Replacement {
                                deleted_region: Region {
                                    start_line: fs.line,
                                    start_column: fs.column,
                                    end_line: fe.line,
                                    end_column: fe.column,
                                },
                                inserted_content: Text {
                                    text: f.replacement.clone(),
                                },
                            }],
                        }],
                    }
                })
                .collect();
            SarifResult {
                rule_id: d.rule.to_string(),
                rule_index: ids.iter().position(|i| *i == &*d.rule).unwrap_or(ids.len()),
                level: level(d.severity),
                message: Text {
                    text: d.message.clone(),
                },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: location.clone(),
                        region,
                    },
                }],
                partial_fingerprints: Fingerprints { v1: fp.clone() },
                fixes,
                related_locations: d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let (rs, re) = range(file, &r.span);
                        RelatedLocation {
                            id: k,
                            physical_location: PhysicalLocation {
                                artifact_location: location.clone(),
                                region: Region {
                                    start_line: rs.line,
                                    start_column: rs.column,
                                    end_line: re.line,
                                    end_column: re.column,
                                },
                            },
                            message: Text {
                                text: r.message.clone(),
                            },
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The driver's rules: the run's own first, then each rule a folder's
/// configuration adds, as the first result of it comes (results point
/// into this table by `ruleIndex`, so it is written after them).
#[derive(Default)]
pub struct RuleTable {
    ids: Vec<String>,
    rules: Vec<Rule>,
}

impl RuleTable {
    /// The table of a rule set's active rules.
    pub fn new(rules: &RuleSet) -> RuleTable {
        let mut t = RuleTable::default();
        for m in rules.active_metas() {
            t.add(m);
        }
        t
    }

    fn add(&mut self, m: &RuleMeta) -> usize {
        if let Some(i) = self.ids.iter().position(|id| *id == *m.id) {
            return i;
        }
        self.ids.push(m.id.to_string());
        self.rules.push(Rule {
            id: m.id.to_string(),
            short_description: Text {
                text: m
                    .description
                    .lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            },
            full_description: Text {
                text: m.description.trim().to_string(),
            },
            default_configuration: Configuration {
                level: level(m.severity),
            },
            properties: RuleProperties {
                kind: m.kind,
                fix: m.fix.map(FixSafety::as_str),
            },
        });
        self.ids.len() - 1
    }

    /// The index of a finding's rule, added from the file's own rule set
    /// where the run's has no such rule.
    fn index(&mut self, id: &str, file_rules: Option<&RuleSet>) -> usize {
        if let Some(i) = self.ids.iter().position(|i| i == id) {
            return i;
        }
        match file_rules.and_then(|r| r.meta(id)) {
            Some(m) => self.add(m),
            None => self.add(&crate::rules::builtin::meta(
                id,
                Severity::Warning,
                "",
                "",
            )),
        }
    }

    /// The rule ids, in table order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

/// The log up to the opening of the results array.
pub fn head() -> String {
    "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [".to_string()
}

/// One file's results, each pretty-printed; rules new to the table are added.
pub fn file_results(file: &FileReport, table: &mut RuleTable) -> Vec<String> {
    for d in &file.diagnostics {
        table.index(&d.rule, file.rules.as_deref());
    }
    let ids: Vec<&str> = table.ids.iter().map(String::as_str).collect();
    results(file, &ids)
        .iter()
        .map(|r| serde_json::to_string_pretty(r).unwrap_or_default())
        .collect()
}

/// The close of the results, the tool with every rule the results name,
/// and the close of the log.
pub fn tail(any: bool, table: &RuleTable) -> String {
    let nl = if any { "\n        " } else { "" };
    let tool = Tool {
        driver: Driver {
            name: "reportlint",
            version: env!("CARGO_PKG_VERSION"),
            information_uri: "https://github.com/reportlint/reportlint",
            rules: &table.rules,
        },
    };
    let tool = serde_json::to_string_pretty(&tool).unwrap_or_default();
    format!(
        "{nl}],\n      \"tool\": {}\n    }}\n  ]\n}}\n",
        indent(&tool, 6).trim_start()
    )
}

/// `--format sarif`.
pub const FORMAT: FormatDef = FormatDef {
    name: "sarif",
    make: |o| {
        Box::new(Sarif {
            table: RuleTable::new(o.rules),
            items: Items::default(),
        })
    },
};

/// The SARIF writer: the results as they come, then the tool with the
/// rules they name (a run's rules and those its folders' packs add).
struct Sarif {
    table: RuleTable,
    items: Items,
}

impl Format for Sarif {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(head().as_bytes())
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> io::Result<()> {
        let results = file_results(f, &mut self.table);
        self.items.write(out, results, 8)
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Totals) -> io::Result<()> {
        out.write_all(tail(self.items.any(), &self.table).as_bytes())
    }
}
