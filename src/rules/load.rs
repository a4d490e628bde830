//! Loading packs: YAML → checked, compiled rules, with every error located
//! at its line and column in the pack file.

use crate::source::yaml_error::{chinese, nearest, syntax};
use std::collections::HashMap;
use std::sync::Arc;

use super::compile::{Build, join};
use super::context::Scope;
use super::kind::Rule;
use super::kinds::{self, KINDS};
use super::meta::RuleMeta;
use super::pack::{COMMON_KEYS, RawPack, RawRule};
use super::set::{RuleSet, SharedLiterals};
use super::yaml_index::YamlIndex;
use crate::analysis::{Setting, Structure};
use crate::source::LineCol;

pub use super::error::ConfigError;
pub use crate::source::packs::PackSource;

/// Runs `a` and `b`, side by side when threads are there.
fn side_by_side<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    return (a(), b());
}

/// Loads one pack file. All problems are reported, not just the first.
pub fn load_pack(source: &PackSource) -> Result<Vec<Compiled>, Vec<ConfigError>> {
    let err_at =
        |pos: LineCol, msg: String| ConfigError::new(&source.origin, source.text.clone(), pos, msg);
    // Two independent reads of the same text: the position index and the
    // rules themselves (for a large lexicon each takes a while). The
    // embedded default pack, tested by `cargo test` with its index (its
    // keys, specs and positions: tests/packs.rs, tests/lexicon.rs), is read
    // once: its index would only place errors it cannot have.
    let (index, raw) = if source.self_test {
        side_by_side(
            || YamlIndex::new(&source.text),
            || serde_yaml::from_str::<RawPack>(&source.text),
        )
    } else {
        (
            Ok(YamlIndex::default()),
            serde_yaml::from_str::<RawPack>(&source.text),
        )
    };
    let index = index.map_err(|(msg, pos)| vec![err_at(pos, syntax(&msg))])?;
    // A file holding one rule (Vale's style: `id`, `kind`, … at the top)
    // is a pack of that one rule, its keys located at the top level.
    let top = index.keys_of("");
    let one_rule = top.iter().any(|k| k == "kind") && !top.iter().any(|k| k == "rules");
    let (raw, base_of): (Result<RawPack, serde_yaml::Error>, fn(usize) -> String) = if one_rule {
        let rule = serde_yaml::from_str::<RawRule>(&source.text);
        (
            rule.map(|r| RawPack {
                name: None,
                description: None,
                rules: vec![r],
            }),
            |_| String::new(),
        )
    } else {
        (raw, |i| format!("rules[{i}]"))
    };
    const HELP: &str = "规则包的写法见 README“编写规则包”一节；`reportlint rules` 列出现有规则";
    let mut issues = Vec::new();
    let raw: RawPack = match raw {
        Ok(raw) => raw,
        Err(e) => {
            let pos = e
                .location()
                .map(|l| LineCol {
                    line: l.line(),
                    column: l.column(),
                })
                .unwrap_or(LineCol { line: 1, column: 1 });
            let whole = vec![err_at(pos, explain_serde_error(&e.to_string())).with_help(HELP)];
            // Every rule on its own, so that each rule's error is reported,
            // not only the first, and the other rules are checked as well.
            match (one_rule, rules_one_by_one(&source.text)) {
                (false, Some((rules, errors))) if !errors.is_empty() => {
                    issues.extend(errors);
                    RawPack {
                        name: None,
                        description: None,
                        rules,
                    }
                }
                _ => return Err(whole),
            }
        }
    };
    let mut checks = Vec::new();
    for (i, rule) in raw.rules.iter().enumerate() {
        let base = base_of(i);
        let mut b = Build::new(&base, &index, &mut issues);
        b.self_test = source.self_test;
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

/// A problem found in a pack: the YAML path it is at, and the message.
type Issue = (String, String);

/// The rules of a pack read one by one: those that read, and the error of
/// each that does not (its path and message); `None` when the pack is not
/// a mapping with a list of rules.
fn rules_one_by_one(text: &str) -> Option<(Vec<RawRule>, Vec<Issue>)> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let list = value.get("rules")?.as_sequence()?;
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match serde_yaml::from_value::<RawRule>(item.clone()) {
            Ok(r) => rules.push(r),
            Err(e) => {
                let msg = e.to_string();
                // Point at the key whose value is the bad one, if one is.
                let bad = msg.split('`').nth(1).unwrap_or("");
                let key = item.as_mapping().and_then(|m| {
                    m.iter().find_map(|(k, v)| {
                        (v.as_str() == Some(bad) || k.as_str() == Some(bad))
                            .then(|| k.as_str().map(str::to_string))
                            .flatten()
                    })
                });
                // A missing key beside an unknown one near it: the unknown
                // one is the slip (severty for severity).
                let missing = msg
                    .strip_prefix("missing field `")
                    .map(|m| m.split('`').next().unwrap_or(""));
                let slip = missing.and_then(|want| {
                    item.as_mapping()?
                        .keys()
                        .filter_map(|k| k.as_str())
                        .find(|k| {
                            !COMMON_KEYS.contains(k)
                                && !KINDS.iter().any(|kind| (kind.keys)().contains(k))
                                && nearest(k, [want]).is_some()
                        })
                });
                if let (Some(slip), Some(want)) = (slip, missing) {
                    errors.push((
                        format!("rules[{i}].{slip}"),
                        format!("规则包有误：未知的键“{slip}”，是否想写“{want}”？"),
                    ));
                    continue;
                }
                let path = match key {
                    Some(k) => format!("rules[{i}].{k}"),
                    None => format!("rules[{i}].id"),
                };
                errors.push((path, explain_serde_error(&msg)));
            }
        }
    }
    Some((rules, errors))
}

/// A serde_yaml message about a pack in Chinese, with a suggestion for a
/// misspelt key (any rule's key: the kind may be the misspelt part).
fn explain_serde_error(msg: &str) -> String {
    let keys: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(KINDS.iter().flat_map(|k| (k.keys)()))
        .copied()
        .collect();
    format!("规则包有误：{}", chinese(msg, &keys))
}

/// A rule compiled, and the structure setting it defines, if any.
#[derive(Debug)]
pub struct Compiled {
    /// The rule.
    pub rule: Box<dyn Rule>,
    /// What it sets of the rule set's [`Structure`].
    pub setting: Option<Setting>,
}

/// Compiles one rule through its kind: the kind is looked up in the
/// registry, the rule's keys are checked against the kind's, and so are its
/// messages' placeholders.
fn compile_rule(
    b: &mut Build<'_>,
    index: &YamlIndex,
    base: &str,
    rule: &RawRule,
    origin: &str,
) -> Option<Compiled> {
    b.check_id("id", &rule.id);
    let Some(kind) = kinds::kind(&rule.kind) else {
        let names: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        let near = nearest(&rule.kind, names.iter().copied());
        let hint = near.map_or(String::new(), |k| format!("是否想写“{k}”？"));
        b.error(
            "kind",
            format!(
                "未知的规则类型“{}”{hint}；可用的类型：{}",
                rule.kind,
                names.join("、")
            ),
        );
        return None;
    };
    for key in index.keys_of(base) {
        if COMMON_KEYS.contains(&key.as_str()) || (kind.keys)().contains(&key.as_str()) {
            continue;
        }
        let near = nearest(key, (kind.keys)().iter().chain(COMMON_KEYS).copied());
        let message = match near {
            Some(k) => format!("未知的键“{key}”，是否想写“{k}”？"),
            None => format!(
                "“{}”类规则不接受键“{key}”；可用的键：{}",
                rule.kind,
                COMMON_KEYS
                    .iter()
                    .chain((kind.keys)())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        };
        b.error(key, message);
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
    if !kind.specs && !rule.specs.is_empty() {
        let with: Vec<&str> = KINDS.iter().filter(|k| k.specs).map(|k| k.name).collect();
        b.error(
            "specs",
            format!(
                "{} 规则没有自测，请删去 specs（specs 只用于 {}）",
                kind.name,
                with.join("、")
            ),
        );
    }
    let meta = RuleMeta {
        position: index.locate(&join(base, "id")),
        id: Arc::from(rule.id.as_str()),
        kind: kind.name,
        severity: rule.severity,
        message: rule.message.clone(),
        description: rule.description.clone(),
        fix: None,
        origin: origin.to_string(),
        entries: Vec::new(),
    };
    let before = b.issues.len();
    let compiled = (kind.compile)(b, rule, meta, scope);
    if let Some(r) = &compiled {
        check_placeholders(b, kind.name, kind.placeholders, &**r);
    }
    if b.issues.len() > before {
        None
    } else {
        compiled.map(|rule| Compiled {
            rule,
            setting: b.setting.take(),
        })
    }
}

/// Every `{name}` in a rule's messages (its companions' too) must be one of
/// its kind's placeholders: an unknown one would be printed as it is.
fn check_placeholders(b: &mut Build<'_>, kind: &str, allowed: &[&str], rule: &dyn Rule) {
    for (i, m) in rule.metas().into_iter().enumerate() {
        for name in placeholders(&m.message) {
            if allowed.contains(&name) {
                continue;
            }
            // The main rule's message, or its i-th companion's.
            let key = if i == 0 {
                "message".to_string()
            } else {
                b.companion_key(&m.id)
                    .map_or("message".to_string(), |k| format!("{k}.message"))
            };
            let list: Vec<String> = allowed.iter().map(|p| format!("{{{p}}}")).collect();
            b.error(
                &key,
                format!(
                    "提示信息中的占位符“{{{name}}}”不认识：{kind} 规则可用 {}",
                    if list.is_empty() {
                        "（无）".to_string()
                    } else {
                        list.join(" ")
                    }
                ),
            );
        }
    }
}

/// The `{name}` placeholders of a message template.
fn placeholders(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Loads and joins packs into one rule set; rule ids must be unique across them.
pub fn build_rule_set(sources: &[PackSource]) -> Result<RuleSet, Vec<ConfigError>> {
    let mut errors = Vec::new();
    let mut checks = Vec::new();
    // Packs compile side by side (a large lexicon beside the default pack),
    // and are joined in their given order.
    #[cfg(feature = "parallel")]
    let loaded: Vec<_> = {
        use rayon::prelude::*;
        sources.par_iter().map(|s| (s, load_pack(s))).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let loaded: Vec<_> = sources.iter().map(|s| (s, load_pack(s))).collect();
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
            for m in c.rule.metas() {
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
    // What shapes reading a report (the problem headings, citations,
    // focuses) is set by one rule each, before any check runs.
    let mut structure = Structure::default();
    // What each setting is, and the rule that defined it.
    let mut defined: Vec<(&'static str, String)> = Vec::new();
    let mut rules = Vec::new();
    for (s, cs) in checks {
        for c in cs {
            let (id, pos) = c.rule.metas().first().map_or_else(
                || (String::new(), LineCol { line: 1, column: 1 }),
                |m| (m.id.to_string(), m.position),
            );
            if let Some(setting) = c.setting {
                let what = setting.what();
                if let Some((_, first)) = defined.iter().find(|(d, _)| *d == what) {
                    errors.push(
                        ConfigError::new(
                            &s.origin,
                            s.text.clone(),
                            pos,
                            format!(
                                "规则“{id}”又定义了{what}，但它已由规则“{first}”定义：这是全套规则共用的设置，只能由一条规则定义"
                            ),
                        )
                        .with_help("删去这条规则；要换用自己的设置，请用 --no-default-rules 不加载默认规则包，或在 reportlint.yaml 中设置 focuses、evidence"),
                    );
                } else {
                    defined.push((what, id));
                    setting.apply(&mut structure);
                }
            }
            rules.push(c.rule);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let checks = rules;
    let literals = SharedLiterals::new(&checks, &structure).map_err(|e| {
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
        structure,
        builtin: crate::rules::builtin::metas(),
        disabled: Default::default(),
        encoding: None,
    })
}
