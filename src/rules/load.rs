//! Loading packs: YAML → checked, compiled rules, with every error located
//! at its line and column in the pack file.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, SourceCode};
use regex::{Regex, RegexBuilder};

use super::kinds;
use super::pack::{COMMON_KEYS, KINDS, RawPack, RawRule, RawSubRule, kind_keys};
use super::yaml_index::YamlIndex;
use super::{Check, RuleMeta, RuleSet, Scope};
use crate::diagnostic::FixSafety;
use crate::source::char_source::CharSource;
use crate::source::evidence::EvidenceSettings;
use crate::source::{LineCol, LineIndex};

/// The largest compiled size a rule's regex may take.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A pack or config file that cannot be used, located in that file.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file as shown to users.
    pub file: String,
    /// Where in it.
    pub position: LineCol,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    source: CharSource,
    offset: usize,
    len: usize,
}

impl ConfigError {
    /// An error at a line and column of `text`.
    pub fn new(file: &str, text: Arc<str>, position: LineCol, message: String) -> ConfigError {
        let idx = LineIndex::new(&text);
        let offset = idx.offset(&text, position).unwrap_or(0);
        let len = text[offset..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | '}'))
            .map(char::len_utf8)
            .sum::<usize>()
            .max(text[offset..].chars().next().map_or(0, char::len_utf8));
        ConfigError {
            file: file.to_string(),
            position,
            message,
            help: None,
            source: CharSource::new(file, text),
            offset,
            len,
        }
    }

    /// Adds a hint on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl ConfigError {
    /// `file:line:column: message`, for plain-text logs.
    pub fn plain(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file, self.position.line, self.position.column, self.message
        )
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("reportlint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("这里".into()),
            self.offset,
            self.len,
        ))))
    }
}

/// A pack's text and the name it is shown under.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// The file name (or `<default>/name.yaml` for the embedded pack).
    pub origin: String,
    /// The YAML text.
    pub text: Arc<str>,
    /// Whether loading runs the rules' self-tests (`specs`, and the check
    /// that every fix settles). Off only for the embedded default pack, whose
    /// self-tests `cargo test` runs (`tests/packs.rs`); every pack a user
    /// writes is tested each time it loads.
    pub self_test: bool,
}

impl PackSource {
    /// A pack whose self-tests run when it loads.
    pub fn new(origin: impl Into<String>, text: impl Into<Arc<str>>) -> PackSource {
        PackSource {
            origin: origin.into(),
            text: text.into(),
            self_test: true,
        }
    }
}

/// Collects located problems while one rule compiles.
pub struct Build<'a> {
    base: String,
    index: &'a YamlIndex,
    issues: &'a mut Vec<(String, String)>,
    /// Whether the rule's self-tests run (see [`PackSource::self_test`]).
    pub self_test: bool,
}

impl<'a> Build<'a> {
    /// A collector for problems under `base` (e.g. `rules[3]`, or `` for a whole file).
    pub fn new(
        base: &str,
        index: &'a YamlIndex,
        issues: &'a mut Vec<(String, String)>,
    ) -> Build<'a> {
        Build {
            base: base.to_string(),
            index,
            issues,
            self_test: true,
        }
    }

    /// Records a problem at `key` (relative to the rule, e.g. `tokens[2]`).
    pub fn error(&mut self, key: &str, message: impl Into<String>) {
        let path = if key.is_empty() {
            self.base.clone()
        } else if self.base.is_empty() {
            key.to_string()
        } else if key.starts_with('[') {
            format!("{}{key}", self.base)
        } else {
            format!("{}.{key}", self.base)
        };
        self.issues.push((path, message.into()));
    }

    /// Compiles a regex, or records why it cannot be.
    pub fn regex(&mut self, key: &str, pattern: &str) -> Option<Regex> {
        match RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(re) => Some(re),
            Err(regex::Error::CompiledTooBig(_)) => {
                self.error(
                    key,
                    format!("正则表达式过大（编译后超过{REGEX_SIZE_LIMIT}字节），请拆分或简化"),
                );
                None
            }
            Err(e) => {
                self.error(key, format!("正则表达式无效：{e}"));
                None
            }
        }
    }

    /// Compiles a list of regexes under `key`.
    pub fn regexes(&mut self, key: &str, patterns: &[String]) -> Vec<Regex> {
        patterns
            .iter()
            .enumerate()
            .filter_map(|(i, p)| self.regex(&format!("{key}[{i}]"), p))
            .collect()
    }

    /// Checks a list of literals: none may be empty.
    pub fn literals(&mut self, key: &str, list: &[String]) {
        for (i, t) in list.iter().enumerate() {
            if t.is_empty() {
                self.error(&format!("{key}[{i}]"), "不能是空字符串");
            }
        }
    }

    /// Builds the meaning of a companion rule.
    pub fn companion(&mut self, key: &str, raw: &RawSubRule, main: &RuleMeta) -> RuleMeta {
        self.check_id(&format!("{key}.id"), &raw.id);
        RuleMeta {
            position: self.index.locate(&format!("{}.{key}.id", self.base)),
            id: Arc::from(raw.id.as_str()),
            kind: main.kind,
            severity: raw.severity,
            message: raw.message.clone(),
            description: raw.description.clone(),
            fix: None,
            origin: main.origin.clone(),
            entries: Vec::new(),
        }
    }

    fn check_id(&mut self, key: &str, id: &str) {
        let ok = !id.is_empty()
            && id.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !ok {
            self.error(
                key,
                format!("规则ID“{id}”须为英文小写短横线格式，如 standard-term"),
            );
        }
    }
}

/// Loads one pack file. All problems are reported, not just the first.
pub fn load_pack(source: &PackSource) -> Result<Vec<Check>, Vec<ConfigError>> {
    let err_at =
        |pos: LineCol, msg: String| ConfigError::new(&source.origin, source.text.clone(), pos, msg);
    // Two independent reads of the same text: the position index and the
    // rules themselves (for a large lexicon each takes a while).
    let (index, raw) = rayon::join(
        || YamlIndex::new(&source.text),
        || serde_yaml::from_str::<RawPack>(&source.text),
    );
    let index = index.map_err(|(msg, pos)| vec![err_at(pos, format!("YAML语法错误：{msg}"))])?;
    let raw: RawPack =
        raw.map_err(|e| {
            let pos = e
                .location()
                .map(|l| LineCol {
                    line: l.line(),
                    column: l.column(),
                })
                .unwrap_or(LineCol { line: 1, column: 1 });
            vec![err_at(pos, explain_serde_error(&e.to_string())).with_help(
                "规则包的写法见 README“编写规则包”一节；`reportlint rules` 列出现有规则",
            )]
        })?;
    let mut issues = Vec::new();
    let mut checks = Vec::new();
    for (i, rule) in raw.rules.iter().enumerate() {
        let base = format!("rules[{i}]");
        let mut b = Build {
            base: base.clone(),
            index: &index,
            issues: &mut issues,
            self_test: source.self_test,
        };
        if let Some(check) = compile_rule(&mut b, &index, &base, rule, &source.origin) {
            checks.push(check);
        }
    }
    if issues.is_empty() {
        Ok(checks)
    } else {
        Err(issues
            .into_iter()
            .map(|(path, msg)| err_at(index.locate(&path), msg))
            .collect())
    }
}

/// A serde_yaml message in Chinese, with a suggestion for a misspelt key.
fn explain_serde_error(msg: &str) -> String {
    let msg = strip_location(msg);
    let msg = match msg.split_once(": ") {
        Some((path, rest)) if path.starts_with("rules") => rest,
        _ => msg,
    };
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let all = COMMON_KEYS
            .iter()
            .chain(KINDS.iter().filter_map(|k| kind_keys(k)).flatten())
            .copied();
        let best = all
            .min_by_key(|k| edit_distance(k, key))
            .filter(|k| edit_distance(k, key) <= 2);
        return match best {
            Some(k) => format!("未知的键“{key}”，是否想写“{k}”？"),
            None => format!("未知的键“{key}”"),
        };
    }
    format!("规则包格式错误：{msg}")
}

/// Levenshtein distance, for suggesting a key.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// The kinds whose rules run the `specs` written in them.
const SELF_TESTED: [&str; 3] = ["existence", "substitution", "punctuation"];

fn compile_rule(
    b: &mut Build<'_>,
    index: &YamlIndex,
    base: &str,
    rule: &RawRule,
    origin: &str,
) -> Option<Check> {
    b.check_id("id", &rule.id);
    let Some(allowed) = kind_keys(&rule.kind) else {
        b.error(
            "kind",
            format!(
                "未知的规则类型“{}”；可用的类型：{}",
                rule.kind,
                KINDS.join("、")
            ),
        );
        return None;
    };
    for key in index.keys_of(base) {
        if !COMMON_KEYS.contains(&key.as_str()) && !allowed.contains(&key.as_str()) {
            b.error(
                key,
                format!(
                    "“{}”类规则不接受键“{key}”；可用的键：{}",
                    rule.kind,
                    COMMON_KEYS
                        .iter()
                        .chain(allowed)
                        .copied()
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            );
        }
    }
    let scope = match rule.scope.as_deref() {
        None => Scope::Document,
        Some(s) => match Scope::parse(s) {
            Some(sc) => sc,
            None => {
                b.error(
                    "scope",
                    format!("未知的范围“{s}”；可用：document、problem、claim、heading、paragraph"),
                );
                Scope::Document
            }
        },
    };
    let kind: &'static str = KINDS.iter().copied().find(|k| *k == rule.kind)?;
    if !SELF_TESTED.contains(&kind) && !rule.specs.is_empty() {
        b.error(
            "specs",
            format!("{kind} 规则没有自测，请删去 specs（specs 只用于 existence、substitution 和 punctuation）"),
        );
    }
    let meta = RuleMeta {
        position: index.locate(&format!("{base}.id")),
        id: Arc::from(rule.id.as_str()),
        kind,
        severity: rule.severity,
        message: rule.message.clone(),
        description: rule.description.clone(),
        fix: None,
        origin: origin.to_string(),
        entries: Vec::new(),
    };
    let before = b.issues.len();
    let check =
        match kind {
            "existence" => {
                kinds::existence::Existence::compile(b, rule, meta, scope).map(Check::Existence)
            }
            "substitution" => kinds::substitution::Substitution::compile(b, rule, meta, scope)
                .map(Check::Substitution),
            "ratio" => kinds::ratio::Ratio::compile(b, rule, meta).map(Check::Ratio),
            "sources" => kinds::sources::Sources::compile(b, rule, meta).map(Check::Sources),
            "focuses" => kinds::focuses::Focuses::compile(b, rule, meta).map(Check::Focuses),
            "numbering" => Some(Check::Numbering(kinds::numbering::Numbering { meta })),
            "punctuation" => kinds::punctuation::Punctuation::compile(b, rule, meta, scope)
                .map(Check::Punctuation),
            "sensitive" => {
                kinds::sensitive::Sensitive::compile(b, rule, meta, scope).map(Check::Sensitive)
            }
            "front-matter" => {
                kinds::front_matter::FrontMatterRule::compile(rule, meta).map(Check::FrontMatter)
            }
            "evidence-files" => kinds::evidence_files::EvidenceFiles::compile(b, rule, meta)
                .map(Check::EvidenceFiles),
            _ => kinds::count::Count::compile(b, rule, meta).map(Check::Count),
        };
    if b.issues.len() > before { None } else { check }
}

/// Loads and joins packs into one rule set; rule ids must be unique across them.
pub fn build_rule_set(sources: &[PackSource]) -> Result<RuleSet, Vec<ConfigError>> {
    let mut errors = Vec::new();
    let mut checks = Vec::new();
    // Packs compile side by side (a large lexicon beside the default pack),
    // and are joined in their given order.
    use rayon::prelude::*;
    let loaded: Vec<_> = sources.par_iter().map(|s| (s, load_pack(s))).collect();
    for (s, result) in loaded {
        match result {
            Ok(c) => checks.push((s, c)),
            Err(e) => errors.extend(e),
        }
    }
    let mut seen: HashMap<String, String> = crate::rules::builtin::metas()
        .into_iter()
        .map(|m| (m.id.to_string(), m.origin))
        .collect();
    for (s, cs) in &checks {
        for c in cs {
            for m in c.metas() {
                if let Some(first) = seen.insert(m.id.to_string(), s.origin.clone()) {
                    let pos = m.position;
                    errors.push(
                        ConfigError::new(&s.origin, s.text.clone(), pos, format!("规则ID“{}”重复（已在 {first} 中定义）", m.id))
                            .with_help("改用另一个ID；要改动默认规则，请在 reportlint.yaml 中用 disable 或 severity"),
                    );
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let checks: Vec<Check> = checks.into_iter().flat_map(|(_, c)| c).collect();
    let problem_part = checks
        .iter()
        .find_map(|c| match c {
            Check::Ratio(r) => Some(r.problem_part.clone()),
            _ => None,
        })
        .unwrap_or_else(kinds::ratio::default_problem_part);
    let evidence = checks
        .iter()
        .find_map(|c| match c {
            Check::Sources(s) => Some(s.settings.clone()),
            _ => None,
        })
        .unwrap_or_else(EvidenceSettings::default);
    let literals = crate::rules::SharedLiterals::new(&checks).map_err(|e| {
        let last = sources.last();
        vec![ConfigError::new(
            last.map_or("", |s| s.origin.as_str()),
            last.map_or_else(|| Arc::from(""), |s| s.text.clone()),
            LineCol { line: 1, column: 1 },
            format!("规则包的词条太多，无法建立匹配自动机（{e}）：所有规则包的词条合在一个自动机里，请删减词条或拆掉不用的规则包"),
        )]
    })?;
    Ok(RuleSet {
        literals,
        checks,
        problem_part,
        evidence,
        builtin: crate::rules::builtin::metas(),
        disabled: Default::default(),
        encoding: None,
    })
}

/// The fix safety a substitution rule declares (safe unless said otherwise).
pub fn fix_safety(rule: &RawRule) -> FixSafety {
    rule.fix.unwrap_or(FixSafety::Safe)
}
