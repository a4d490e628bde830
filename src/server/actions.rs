//! Requests about one document: code actions (a finding's fix, "fix all",
//! "disable for this line") and hover (the rule's explanation). Everything
//! is computed from the server's own copy of the document and its last
//! lint, never from ranges the client echoes back; edits carry the version
//! they were made for, so a client applies none to a newer text.

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentChanges, Hover,
    HoverContents, HoverParams, MarkupContent, MarkupKind, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::encoding::Encoding;
use super::session::Doc;
use crate::diagnostic::{Diagnostic, FixSafety};
use crate::output::rules_list::explain;

/// The kind of the "fix all safe fixes" action.
pub const FIX_ALL: &str = "source.fixAll.reportlint";

/// The code actions for a range of a document.
pub fn code_actions(
    uri: &Uri,
    doc: &Doc,
    encoding: Encoding,
    params: &CodeActionParams,
    lsp_diagnostic: impl Fn(usize, &Diagnostic) -> lsp_types::Diagnostic,
) -> Result<Vec<CodeActionOrCommand>, String> {
    let pos = doc.positions(encoding);
    let range = pos.range(params.range).map_err(|e| e.to_string())?;
    let only = params.context.only.as_deref();
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut actions = Vec::new();
    let Some(report) = &doc.report else {
        return Ok(actions);
    };
    let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(doc.version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }])),
        ..WorkspaceEdit::default()
    };
    let touches = |d: &Diagnostic| d.span.start <= range.end && range.start <= d.span.end;
    if wants(&CodeActionKind::QUICKFIX) {
        for (i, d) in report
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| touches(d))
        {
            let lsp = lsp_diagnostic(i, d);
            if let Some(f) = &d.fix {
                let title = if f.replacement.is_empty() {
                    format!("reportlint：删除（{}）", d.rule)
                } else {
                    format!("reportlint：改为“{}”（{}）", f.replacement, d.rule)
                };
                let title = match f.safety {
                    FixSafety::Safe => title,
                    FixSafety::Unsafe => format!("{title}——需结合上下文判断"),
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp.clone()]),
                    edit: Some(edit(vec![TextEdit {
                        range: pos.lsp_range(&f.span),
                        new_text: f.replacement.clone(),
                    }])),
                    is_preferred: Some(f.safety == FixSafety::Safe),
                    ..CodeAction::default()
                }));
            }
            // Silence it on its line, with a reason to fill in.
            let line = doc.lines.line_col(&doc.text, d.span.start).line;
            let start = doc.lines.line_start(line).unwrap_or(0);
            let indent: String = doc.text[start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t' || *c == '\u{3000}')
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("reportlint：本行不检查 {}", d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(edit(vec![TextEdit {
                    range: pos.lsp_range(&(start..start)),
                    new_text: format!(
                        "{indent}<!-- reportlint-disable-next-line {} -- 请填写理由 -->\n",
                        d.rule
                    ),
                }])),
                ..CodeAction::default()
            }));
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL);
    let asked = only.is_some() && wants(&fix_all)
        || only.is_none() && report.diagnostics.iter().any(|d| d.fix.is_some());
    if asked && let Some((span, new_text)) = fix_all_edit(doc) {
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: "reportlint：应用全部安全修复".into(),
            kind: Some(fix_all),
            edit: Some(edit(vec![TextEdit {
                range: pos.lsp_range(&span),
                new_text,
            }])),
            ..CodeAction::default()
        }));
    }
    Ok(actions)
}

/// Every safe fix of a document, round after round as `check --fix` does,
/// as one edit of the part that changes.
fn fix_all_edit(doc: &Doc) -> Option<(std::ops::Range<usize>, String)> {
    let (report, rules, view) = (
        doc.report.as_ref()?,
        doc.rules.as_ref()?,
        doc.view.as_ref()?,
    );
    let (fixed, _, n) =
        crate::fix::rounds::fix_rounds(&doc.text, FixSafety::Safe, report.clone(), |t| {
            crate::lint_text(rules, &report.display, t, view)
        });
    if n == 0 || fixed == doc.text {
        return None;
    }
    // One edit of the part that changes.
    let (head, tail) = crate::fix::common_ends(&doc.text, &fixed);
    Some((
        head..doc.text.len() - tail,
        fixed[head..fixed.len() - tail].to_string(),
    ))
}

/// The explanation of the findings under a position.
pub fn hover(doc: &Doc, encoding: Encoding, params: &HoverParams) -> Result<Option<Hover>, String> {
    let pos = doc.positions(encoding);
    let at = pos
        .offset(params.text_document_position_params.position)
        .map_err(|e| e.to_string())?;
    let (Some(report), Some(rules)) = (&doc.report, &doc.rules) else {
        return Ok(None);
    };
    let under: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.span.start <= at && (at < d.span.end || d.span.is_empty() && at == d.span.start)
        })
        .collect();
    let Some(first) = under.first() else {
        return Ok(None);
    };
    let mut value = String::new();
    for d in &under {
        // A lexicon entry explains itself (its right form and source);
        // otherwise the rule does, without its list of entries.
        let matched = doc.text.get(d.span.clone()).unwrap_or_default();
        let text = explain(rules, matched)
            .filter(|_| !matched.is_empty())
            .or_else(|| explain(rules, &d.rule))
            .unwrap_or_default();
        let text = text.split("\n词条（").next().unwrap_or_default().trim_end();
        if !value.is_empty() {
            value.push_str("\n\n---\n\n");
        }
        value.push_str(&format!("**{}**（`{}`）\n\n", d.message, d.rule));
        // Line breaks kept as Markdown hard breaks.
        for line in text.lines() {
            value.push_str(line);
            value.push_str("  \n");
        }
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(pos.lsp_range(&first.span)),
    }))
}
