//! `reportlint.yaml`: a report repository's settings, found by walking up
//! from each linted file (the nearest wins; `--config FILE` overrides).
//!
//! ```yaml
//! rules: [规则/本地词库.yaml]        # extra packs, relative to this file
//! disable: [focus-not-covered]       # rule ids switched off
//! severity: {preferred-term: error}  # severity per rule id
//! exclude: ["草稿/**", "**/旧版/*.md"] # globs, relative to this file
//! evidence: {manifest: 底稿清单.yaml, folder: 工作底稿}
//! focuses: 四个落实                   # a built-in framework, or a list: the focus set, replacing the pack's
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::analysis::focus::FocusSet;
use crate::analysis::focusing::Focusing;
use crate::diagnostic::Severity;
use crate::rules::RuleSet;
use crate::rules::compile::Build;
use crate::rules::kinds::focuses::compile_spec;
use crate::rules::load::{ConfigError, PackSource, build_rule_set};
use crate::rules::pack::FocusSpec;
use crate::rules::yaml_index::YamlIndex;
use crate::source::LineCol;
use crate::source::display_path;

/// The config file's name.
pub const FILE_NAME: &str = "reportlint.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<Vec<String>>,
    disable: Option<Vec<String>>,
    severity: Option<BTreeMap<String, Severity>>,
    exclude: Option<Vec<String>>,
    evidence: Option<RawEvidence>,
    focuses: Option<FocusSpec>,
    encoding: Option<String>,
}

/// The keys of reportlint.yaml, for suggestions.
const CONFIG_KEYS: &[&str] = &[
    "rules", "disable", "severity", "exclude", "evidence", "focuses", "encoding",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    manifest: Option<String>,
    folder: Option<String>,
}

/// A loaded config file.
#[derive(Debug)]
pub struct Config {
    /// Where it is.
    pub path: PathBuf,
    dir: PathBuf,
    text: Arc<str>,
    index: YamlIndex,
    raw: RawConfig,
    exclude: GlobSet,
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let text: Arc<str> = std::fs::read_to_string(path)
            .map_err(|e| {
                vec![ConfigError::new(
                    &display_path(path),
                    Arc::from(""),
                    LineCol { line: 1, column: 1 },
                    format!("无法读取配置文件：{}", crate::source::io_reason(&e)),
                )]
            })?
            .into();
        Config::parse(path, text)
    }

    /// Checks the text of a config file that is at `path` (its folder is
    /// where its globs and packs are relative to).
    pub fn parse(path: &Path, text: Arc<str>) -> Result<Config, Vec<ConfigError>> {
        let shown = display_path(path);
        let err = |pos: LineCol, msg: String| ConfigError::new(&shown, text.clone(), pos, msg);
        let index = YamlIndex::new(&text)
            .map_err(|(m, p)| vec![err(p, crate::source::yaml_error::syntax(&m))])?;
        let raw: RawConfig = if text.trim().is_empty() {
            serde_yaml::from_str("{}")
        } else {
            serde_yaml::from_str(&text)
        }
        .map_err(|e| {
            let pos = e.location().map_or(LineCol { line: 1, column: 1 }, |l| LineCol {
                line: l.line(),
                column: l.column(),
            });
            let msg = crate::source::yaml_error::chinese(&e.to_string(), CONFIG_KEYS);
            vec![err(pos, format!("配置文件有误：{msg}")).with_help(
                "可用的键：rules、disable、severity、exclude、evidence、focuses、encoding；`reportlint init` 会写出带注释的示例",
            )]
        })?;
        let mut builder = GlobSetBuilder::new();
        let mut errors = Vec::new();
        for (i, g) in raw.exclude.iter().flatten().enumerate() {
            match Glob::new(g) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(e) => errors.push(err(
                    index.locate(&format!("exclude[{i}]")),
                    format!("exclude 中的模式无效：{e}"),
                )),
            }
        }
        let exclude = builder.build().unwrap_or_else(|_| GlobSet::empty());
        if !errors.is_empty() {
            return Err(errors);
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        })
        .unwrap_or(dir);
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            text,
            index,
            raw,
            exclude,
        })
    }

    /// Whether a walked file is excluded (globs relative to the config's folder).
    pub fn excludes(&self, file: &Path) -> bool {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let rel = abs.strip_prefix(&self.dir).unwrap_or(&abs);
        self.exclude.is_match(rel)
    }

    /// The packs this config names (`rules:`), as written.
    pub fn pack_names(&self) -> &[String] {
        self.raw.rules.as_deref().unwrap_or_default()
    }

    /// The rule set of `sources` (the packs of the run, then this config's
    /// packs) with this config's settings applied.
    pub fn rule_set(&self, sources: &[PackSource]) -> Result<RuleSet, Vec<ConfigError>> {
        let mut rules = build_rule_set(sources)?;
        self.apply(&mut rules)?;
        Ok(rules)
    }

    /// The packs this config adds, resolved relative to it.
    fn packs(&self) -> Result<Vec<PackSource>, Vec<ConfigError>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (i, p) in self.raw.rules.iter().flatten().enumerate() {
            let path = self.dir.join(p);
            let files = crate::source::packs::pack_paths(&path).unwrap_or_default();
            for f in files {
                match std::fs::read_to_string(&f) {
                    Ok(text) => out.push(PackSource::new(display_path(&f), text)),
                    Err(e) => errors.push(self.error(
                        &format!("rules[{i}]"),
                        format!(
                            "无法读取规则包 {}：{}",
                            display_path(&f),
                            crate::source::io_reason(&e)
                        ),
                    )),
                }
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// An error at the entry `path` of this config (`rules[0]`, `focuses`…).
    pub fn error(&self, path: &str, message: String) -> ConfigError {
        ConfigError::new(
            &display_path(&self.path),
            self.text.clone(),
            self.index.locate(path),
            message,
        )
    }

    /// Applies this config's settings to a rule set built with its packs.
    fn apply(&self, rules: &mut RuleSet) -> Result<(), Vec<ConfigError>> {
        let mut errors = Vec::new();
        let ids: Vec<String> = rules.metas().iter().map(|m| m.id.to_string()).collect();
        let unknown =
            |id: &str| match crate::source::yaml_error::nearest(id, ids.iter().map(String::as_str))
            {
                Some(near) => {
                    format!(
                        "没有ID为“{id}”的规则，是否想写“{near}”？`reportlint rules` 列出全部规则"
                    )
                }
                None => format!("没有ID为“{id}”的规则；`reportlint rules` 列出全部规则"),
            };
        for (i, id) in self.raw.disable.iter().flatten().enumerate() {
            if rules.meta(id).is_none() {
                errors.push(self.error(&format!("disable[{i}]"), unknown(id)));
            }
            rules.disabled.insert(id.clone());
        }
        for (id, severity) in self.raw.severity.iter().flatten() {
            if !rules.set_severity(id, *severity) {
                errors.push(self.error(&format!("severity.{id}"), unknown(id)));
            }
        }
        if let Some(label) = &self.raw.encoding {
            match crate::source::decode::by_label(label) {
                Some(e) => rules.encoding = Some(e),
                None => errors.push(self.error(
                    "encoding",
                    format!("不认识的编码“{label}”；可用如 gbk、gb18030、utf-16le"),
                )),
            }
        }
        if let Some(ev) = &self.raw.evidence {
            if let Some(m) = &ev.manifest {
                rules.structure.evidence.manifest = m.clone();
            }
            if let Some(f) = &ev.folder {
                rules.structure.evidence.folder = f.clone();
            }
        }
        if let Some(spec) = &self.raw.focuses {
            let mut issues = Vec::new();
            let (framework, focuses) = {
                let mut b = Build::new("", &self.index, &mut issues);
                compile_spec(&mut b, "focuses", spec)
            };
            for (path, msg) in issues {
                errors.push(self.error(&path, msg));
            }
            let replaced = rules.structure.focusing.is_some();
            if replaced {
                rules.structure.focusing = Some(Focusing {
                    framework,
                    set: FocusSet::new(focuses),
                });
            }
            // The shared automaton holds the focus keywords: rebuild it.
            match crate::rules::SharedLiterals::new(&rules.checks, &rules.structure) {
                Ok(shared) => rules.literals = shared,
                Err(e) => errors.push(self.error(
                    "focuses",
                    format!("关键词太多，无法建立匹配自动机（{e}）：请删减 focuses 中的 keywords"),
                )),
            }
            if !replaced {
                errors.push(self.error(
                    "focuses",
                    "规则集中没有 focuses 类规则，无法设置聚焦".into(),
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The nearest `reportlint.yaml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let abs = std::fs::canonicalize(start).ok()?;
    abs.ancestors()
        .map(|a| a.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Finds the config and the compiled rule set for each file, loading every
/// config and compiling every rule set once.
pub struct Resolver {
    base: Vec<PackSource>,
    explicit: Option<Arc<Config>>,
    configs: HashMap<PathBuf, Option<Arc<Config>>>,
    /// The config file governing each folder asked about (found once per
    /// folder, not once per file: finding it takes a dozen system calls).
    found: HashMap<PathBuf, Option<PathBuf>>,
    sets: HashMap<Option<PathBuf>, Arc<RuleSet>>,
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl Resolver {
    /// `base` is the default pack (unless dropped) and the `--rules` packs;
    /// `explicit` is `--config`.
    pub fn new(
        base: Vec<PackSource>,
        explicit: Option<&Path>,
    ) -> Result<Resolver, Vec<ConfigError>> {
        let explicit = explicit.map(Config::load).transpose()?.map(Arc::new);
        Ok(Resolver {
            base,
            explicit,
            configs: HashMap::new(),
            found: HashMap::new(),
            sets: HashMap::new(),
            encoding: None,
        })
    }

    /// Reads files that are not UTF-8 in `encoding` (`--encoding`), over any config.
    pub fn with_encoding(mut self, encoding: Option<&'static encoding_rs::Encoding>) -> Resolver {
        self.encoding = encoding;
        self
    }

    /// The config that governs files in `dir`.
    pub fn config_for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, Vec<ConfigError>> {
        if let Some(c) = &self.explicit {
            return Ok(Some(c.clone()));
        }
        let found = match self.found.get(dir) {
            Some(f) => f.clone(),
            None => {
                let f = find(dir);
                self.found.insert(dir.to_path_buf(), f.clone());
                f
            }
        };
        let Some(path) = found else {
            return Ok(None);
        };
        if let Some(c) = self.configs.get(&path) {
            return Ok(c.clone());
        }
        let c = Some(Arc::new(Config::load(&path)?));
        self.configs.insert(path, c.clone());
        Ok(c)
    }

    /// The rule set for files governed by `config`.
    pub fn rules_for(
        &mut self,
        config: Option<&Arc<Config>>,
    ) -> Result<Arc<RuleSet>, Vec<ConfigError>> {
        let key = config.map(|c| c.path.clone());
        if let Some(r) = self.sets.get(&key) {
            return Ok(r.clone());
        }
        let mut sources = self.base.clone();
        let mut rules = match config {
            Some(c) => {
                sources.extend(c.packs()?);
                c.rule_set(&sources)?
            }
            None => build_rule_set(&sources)?,
        };
        if self.encoding.is_some() {
            rules.encoding = self.encoding;
        }
        let rules = Arc::new(rules);
        self.sets.insert(key, rules.clone());
        Ok(rules)
    }

    /// The rule set for files in `dir`.
    pub fn rules_for_dir(&mut self, dir: &Path) -> Result<Arc<RuleSet>, Vec<ConfigError>> {
        let c = self.config_for_dir(dir)?;
        self.rules_for(c.as_ref())
    }
}

/// The packs of a run: the embedded default pack (unless left out), then
/// the packs of each `--rules` path, in order (the CLI and the language
/// server build their resolvers from this).
pub fn packs(
    no_default_rules: bool,
    rules: &[std::path::PathBuf],
) -> Result<Vec<PackSource>, String> {
    let mut sources = if no_default_rules {
        Vec::new()
    } else {
        crate::rules::defaults::sources()
    };
    for path in rules {
        sources.extend(crate::source::packs::read_packs(path)?);
    }
    Ok(sources)
}
