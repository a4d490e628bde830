//! The toolkit a kind compiles a rule with ([`Build`]): located errors,
//! regular expressions within a size limit, the kind's own keys read from
//! the rule, companion rules. It sits below the kinds and the loader.

use std::sync::Arc;

use regex::{Regex, RegexBuilder};
use serde::de::DeserializeOwned;

use super::meta::RuleMeta;
use super::pack::{RawRule, RawSubRule};
use super::yaml_index::YamlIndex;
use crate::analysis::Setting;
use crate::diagnostic::FixSafety;

/// The largest compiled size a rule's regex may take.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Collects located problems while one rule compiles.
pub struct Build<'a> {
    pub(crate) base: String,
    pub(crate) index: &'a YamlIndex,
    pub(crate) issues: &'a mut Vec<(String, String)>,
    /// Whether the rule's self-tests run (see `PackSource::self_test`).
    pub self_test: bool,
    /// The companion rules built so far: (key, id).
    pub(crate) companions: Vec<(String, String)>,
    /// The structure setting the rule defines, if its kind defines one
    /// (see [`crate::analysis::Structure`]).
    pub(crate) setting: Option<Setting>,
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
            companions: Vec::new(),
            setting: None,
        }
    }

    /// Defines a setting of the rule set's structure (the problem headings,
    /// citations, focuses): read by every rule, so set by one.
    pub fn define(&mut self, setting: Setting) {
        self.setting = Some(setting);
    }

    /// Records a problem at `key` (relative to the rule, e.g. `tokens[2]`).
    pub fn error(&mut self, key: &str, message: impl Into<String>) {
        let path = join(&self.base, key);
        self.issues.push((path, message.into()));
    }

    /// Records a failed self-test (`specs[i]` of the rule, or of an entry):
    /// what was expected and what came out, and what to do about it.
    pub fn spec_failed(&mut self, key: &str, what: impl AsRef<str>) {
        self.error(
            key,
            format!(
                "自测未通过：{}。请改正规则（或词条的 not_after、not_before、word），或改正这条自测",
                what.as_ref()
            ),
        );
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

    /// The kind's own keys of a rule, read into the kind's struct (every
    /// field optional); a value of the wrong type is an error at its key.
    /// (Keys the kind does not take were reported by the loader, with a
    /// suggestion.)
    pub fn keys<T: DeserializeOwned>(&mut self, raw: &RawRule) -> Option<T> {
        let read =
            |m: serde_yaml::Mapping| serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(m));
        let err = match read(raw.keys.clone()) {
            Ok(keys) => return Some(keys),
            Err(e) => e,
        };
        // Every key of a kind is optional: the key that fails alone is the
        // one to point at.
        let culprit = raw.keys.iter().find_map(|(k, v)| {
            let mut one = serde_yaml::Mapping::new();
            one.insert(k.clone(), v.clone());
            read(one)
                .err()
                .map(|e| (k.as_str().unwrap_or("").to_string(), e))
        });
        let (key, err) = culprit.unwrap_or((String::new(), err));
        let detail = crate::source::yaml_error::chinese(&err.to_string(), &[]);
        let message = if key.is_empty() {
            format!("规则包有误：{detail}")
        } else {
            format!("规则包有误：键“{key}”的值不对：{detail}")
        };
        self.error(&key, message);
        None
    }

    /// Builds the meaning of a companion rule.
    pub fn companion(&mut self, key: &str, raw: &RawSubRule, main: &RuleMeta) -> RuleMeta {
        self.check_id(&format!("{key}.id"), &raw.id);
        self.companions.push((key.to_string(), raw.id.clone()));
        RuleMeta {
            position: self.index.locate(&join(&self.base, &format!("{key}.id"))),
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

    /// The key a companion rule of this id was read from.
    pub fn companion_key(&self, id: &str) -> Option<&str> {
        self.companions
            .iter()
            .find(|(_, i)| i == id)
            .map(|(k, _)| k.as_str())
    }

    pub(crate) fn check_id(&mut self, key: &str, id: &str) {
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

/// The fix safety a substitution rule declares (safe unless said otherwise).
pub fn fix_safety(fix: Option<FixSafety>) -> FixSafety {
    fix.unwrap_or(FixSafety::Safe)
}

/// A key path below `base` (`rules[3]` and `tokens[2]` give
/// `rules[3].tokens[2]`; the empty base, a one-rule file's, gives the key).
pub fn join(base: &str, key: &str) -> String {
    if key.is_empty() {
        base.to_string()
    } else if base.is_empty() {
        key.to_string()
    } else if key.starts_with('[') {
        format!("{base}{key}")
    } else {
        format!("{base}.{key}")
    }
}
