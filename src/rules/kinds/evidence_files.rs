//! `evidence-files`: the 底稿 files a report names exist, inside the report
//! repository. Paths come from footnote definitions (Markdown links and bare
//! paths) and from the manifest entries of the IDs the report cites.

use crate::rules::kind::{KindDef, Rule, boxed};
use crate::rules::pack::RawSubRule;
use serde::Deserialize;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, fill};
use crate::rules::compile::Build;
use crate::rules::context::Context;
use crate::rules::meta::RuleMeta;
use crate::rules::pack::RawRule;
use crate::source::evidence::PathStatus;

/// A compiled evidence-files rule.
#[derive(Debug, Clone)]
pub struct EvidenceFiles {
    /// `missing-evidence-file`.
    pub meta: RuleMeta,
    /// `evidence-outside-root`.
    pub outside: Option<RuleMeta>,
    bare: Regex,
}

/// File endings a bare path in a footnote must have to count as a path.
pub const DEFAULT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "jpg", "jpeg", "png", "tif", "zip",
    "rar", "txt", "md", "mp3", "mp4", "amr",
];

fn url_like() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(?i)[a-z][a-z0-9+.-]*:").expect("valid pattern"))
}



impl EvidenceFiles {
    /// Compiles the rule.
    pub fn compile(b: &mut Build<'_>, raw: &RawRule, meta: RuleMeta) -> Option<EvidenceFiles> {
        let k: Keys = b.keys(raw)?;
        let exts = k
            .extensions
            .clone()
            .unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect());
        let alternatives = exts
            .iter()
            .map(|e| regex::escape(e))
            .collect::<Vec<_>>()
            .join("|");
        let pattern =
            format!(r"(?i)(?:\.{{1,2}}/|/)?[\p{{Han}}\w\-./（）()]+\.(?:{alternatives})\b");
        let bare = b.regex("extensions", &pattern)?;
        let outside = k.outside.as_ref().map(|s| b.companion("outside", s, &meta));
        Some(EvidenceFiles {
            meta,
            outside,
            bare,
        })
    }

    fn report(
        &self,
        cx: &Context<'_>,
        out: &mut Vec<Diagnostic>,
        span: Range<usize>,
        path: &str,
        via: &str,
    ) {
        let status = cx.path_status(path);
        let (meta, detail) = match status {
            PathStatus::Exists => return,
            PathStatus::Missing => (&self.meta, "不存在"),
            PathStatus::Absolute => match &self.outside {
                Some(m) => (m, "是绝对路径"),
                None => return,
            },
            PathStatus::Outside => match &self.outside {
                Some(m) => (m, "在报告仓库之外"),
                None => return,
            },
        };
        out.push(meta.diagnostic(
            span,
            fill(
                &meta.message,
                &[("path", path), ("detail", detail), ("via", via)],
            ),
            None,
        ));
    }

    /// Every path the report names, where, and how (脚注 or 底稿清单).
    fn named(&self, cx: &Context<'_>) -> Vec<(Range<usize>, String, &'static str)> {
        let mut out = Vec::new();
        let doc = cx.doc;
        let mut links_of: Vec<Vec<&crate::document::Link>> =
            vec![Vec::new(); doc.footnote_defs.len()];
        for l in &doc.links {
            if let Some(fi) = l.footnote.filter(|&fi| fi < links_of.len()) {
                links_of[fi].push(l);
            }
        }
        for (fi, def) in doc.footnote_defs.iter().enumerate() {
            let mut covered: Vec<Range<usize>> = Vec::new();
            for link in links_of[fi].iter().copied() {
                covered.push(link.span.clone());
                if link.dest.is_empty()
                    || link.dest.starts_with('#')
                    || url_like().is_match(&link.dest)
                {
                    continue;
                }
                let path = crate::source::percent_decode(link.dest.split('#').next().unwrap_or(""));
                out.push((link.span.clone(), path, "脚注"));
            }
            let text = &cx.src[def.span.clone()];
            if !text.contains('.') {
                continue; // no file ending, no bare path
            }
            for m in self.bare.find_iter(text) {
                let span = def.span.start + m.start()..def.span.start + m.end();
                if covered
                    .iter()
                    .any(|c| c.start <= span.start && span.start < c.end)
                {
                    continue;
                }
                if text[..m.start()].ends_with("://")
                    || text[..m.start()].ends_with('/')
                        && m.start() > 0
                        && url_like().is_match(&text[..m.start()])
                {
                    continue;
                }
                out.push((span, m.as_str().to_string(), "脚注"));
            }
        }
        // Manifest entries of the IDs this report cites.
        let Some(manifest) = &cx.evidence.manifest else {
            return out;
        };
        let mut cited: Vec<(String, Range<usize>)> = doc
            .footnote_refs
            .iter()
            .map(|r| (r.label.clone(), r.span.clone()))
            .collect();
        if let Some(sources) = &cx.structure.citations {
            for b in &doc.blocks {
                for (id, range) in sources.inline_ids(b.text.as_str()) {
                    cited.push((id, b.text.source_span(range)));
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (id, span) in cited {
            let Some(file) = manifest.get(&id).and_then(|e| e.file.as_deref()) else {
                continue;
            };
            if seen.insert(id.clone()) {
                out.push((span, file.to_string(), "底稿清单"));
            }
        }
        out
    }

    /// Reports named files that are missing, absolute or outside the repository.
    pub fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (span, path, via) in self.named(cx) {
            self.report(cx, out, span, &path, via);
        }
    }
}

/// The keys a `evidence-files` rule takes.
#[derive(Debug, Default, Deserialize)]
struct Keys {
    extensions: Option<Vec<String>>,
    outside: Option<RawSubRule>,
}

/// The `evidence-files` kind.
pub const KIND: KindDef = KindDef {
    name: "evidence-files",
    keys: crate::rules::keys::fields::<Keys>,
    specs: false,
    placeholders: &["path", "detail", "via"],
    compile: |b, raw, meta, _| boxed(EvidenceFiles::compile(b, raw, meta)),
};

impl Rule for EvidenceFiles {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        EvidenceFiles::check(self, cx, out)
    }

    crate::rules::kind::rule_metas!(outside);

    fn paths(&self, cx: &Context<'_>) -> Vec<String> {
        self.named(cx).into_iter().map(|(_, p, _)| p).collect()
    }
}
