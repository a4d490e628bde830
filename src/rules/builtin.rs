//! Rules built into the program rather than a pack: about suppression
//! comments (applied by `crate::suppress`) and about files that are not
//! UTF-8 or not text.

use std::sync::Arc;

use super::meta::RuleMeta;
use crate::diagnostic::Severity;
use crate::source::LineCol;

/// `non-utf8-encoding`
pub const NON_UTF8: &str = "non-utf8-encoding";
/// `unreadable-file`
pub const UNREADABLE: &str = "unreadable-file";

/// A built-in rule's meaning.
pub fn meta(id: &str, severity: Severity, message: &str, description: &str) -> RuleMeta {
    RuleMeta {
        id: Arc::from(id),
        kind: "built-in",
        severity,
        message: message.to_string(),
        description: description.to_string(),
        fix: None,
        origin: "<built-in>".to_string(),
        position: LineCol { line: 1, column: 1 },
        entries: Vec::new(),
    }
}

/// `suppression-without-reason`
pub const WITHOUT_REASON: &str = "suppression-without-reason";
/// `unused-suppression`
pub const UNUSED: &str = "unused-suppression";
/// `unknown-rule-in-suppression`
pub const UNKNOWN_RULE: &str = "unknown-rule-in-suppression";

/// The built-in rules about suppressions, for `rules` and `explain`.
fn suppression_metas() -> Vec<RuleMeta> {
    let meta = |id: &str, message: &str, description: &str| {
        meta(id, Severity::Warning, message, description)
    };
    vec![
        meta(
            WITHOUT_REASON,
            "屏蔽注释没有写理由：请在规则ID后加“ -- 理由”",
            "屏蔽注释必须写明理由。\n\n作用：<!-- reportlint-disable RULE -- 理由 --> 中“--”后没有理由时警告。\n\n原因：屏蔽一条检查是有意为之，审核人要能看到为什么。\n\n示例：<!-- reportlint-disable hedging --> → <!-- reportlint-disable hedging -- 引用信访原话 -->\n\n修复：无自动修复，补写理由。",
        ),
        meta(
            UNUSED,
            "这条屏蔽注释没有屏蔽任何问题：请删除它",
            "没有起作用的屏蔽注释。\n\n作用：屏蔽注释覆盖的范围内没有它点名的规则报出的问题时警告。\n\n原因：问题改正后留下的屏蔽注释会在以后悄悄屏蔽新问题。\n\n修复：无自动修复，删除该注释。",
        ),
        meta(
            UNKNOWN_RULE,
            "屏蔽注释中的规则“{id}”不存在：`reportlint rules` 列出全部规则",
            "屏蔽注释点名了不存在的规则。\n\n作用：屏蔽注释中的规则ID不是当前启用的规则时警告。\n\n原因：多半是拼写错误，这样的注释什么也屏蔽不了。\n\n修复：无自动修复，改正规则ID。",
        ),
    ]
}

/// Every built-in rule.
pub fn metas() -> Vec<RuleMeta> {
    let mut v = suppression_metas();
    v.push(meta(
        NON_UTF8,
        Severity::Info,
        "文件是{encoding}编码，已按此编码检查；请另存为UTF-8",
        "报告文件不是UTF-8编码。\n\n作用：GBK、GB18030、UTF-16 等编码的文件照常解码检查（行列按解码后的文字计），并提示一次。\n\n原因：报告仓库中混用编码，差异比较、检索和网页显示都会乱码。WPS、记事本另存时常选成GBK。\n\n修复：无自动修复（--fix 按文件原来的编码写回）。用编辑器另存为UTF-8。",
    ));
    v.push(meta(
        UNREADABLE,
        Severity::Error,
        "无法作为文本读取：{reason}",
        "文件不是可读的文本。\n\n作用：以 .md 结尾的文件含有NUL字节（二进制文件），或按任何编码都解不开时报错；其他文件照常检查。\n\n原因：常见于把 .docx、.pdf 改名为 .md，或文件已损坏。\n\n修复：无自动修复。换成Markdown文本，或移出报告文件夹。",
    ));
    v
}
