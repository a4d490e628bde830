//! serde and YAML error messages in Chinese, for packs, reportlint.yaml and
//! evidence manifests: what is wrong, and for a misspelt key or value the
//! one probably meant (是否想写), from the list serde names or one given.

/// Levenshtein distance, for suggesting a key or a value.
pub fn edit_distance(a: &str, b: &str) -> usize {
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

/// The candidate nearest to `word`, if it is near enough to be a slip
/// (at most two edits, and fewer than the word's length).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = 2.min(word.chars().count().saturating_sub(1)).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(c, word), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The text before serde_yaml's " at line N column M".
pub fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

/// The names in serde's "expected one of `a`, `b`" or "expected `a`".
fn expected_names(msg: &str) -> Vec<&str> {
    let Some(at) = msg.find("expected") else {
        return Vec::new();
    };
    msg[at..].split('`').skip(1).step_by(2).collect()
}

/// The first backquoted name in a message.
fn quoted(msg: &str) -> &str {
    msg.split('`').nth(1).unwrap_or("")
}

/// A serde or YAML message in Chinese. `keys` are the keys allowed where
/// serde does not list them (a rule's keys come from its kind).
pub fn chinese(msg: &str, keys: &[&str]) -> String {
    let msg = strip_location(msg);
    // "rules[2].severity: unknown variant …": the path stays as written.
    let (path, body) = match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') => (format!("{p}："), b),
        _ => (String::new(), msg),
    };
    let suggest = |word: &str, list: &[&str]| {
        nearest(word, list.iter().copied()).map_or(String::new(), |k| format!("，是否想写“{k}”？"))
    };
    let text = if body.starts_with("unknown field `") {
        let key = quoted(body);
        let mut list = expected_names(body);
        if list.is_empty() {
            list = keys.to_vec();
        }
        let hint = suggest(key, &list);
        if hint.is_empty() && !list.is_empty() {
            format!("未知的键“{key}”；可用的键：{}", list.join("、"))
        } else {
            format!("未知的键“{key}”{hint}")
        }
    } else if body.starts_with("unknown variant `") {
        let value = quoted(body);
        let list = expected_names(body);
        format!(
            "“{value}”不是可用的值{}（可用：{}）",
            suggest(value, &list),
            list.join("、")
        )
    } else if body.starts_with("missing field `") {
        format!("缺少必需的键“{}”", quoted(body))
    } else if body.starts_with("duplicate field `") {
        format!("键“{}”写了两次", quoted(body))
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "值的类型不对：应为{}，写的是{}",
            kind_zh(wanted),
            kind_zh(found)
        )
    } else if body.starts_with("data did not match any variant") {
        "这一项的写法不是可用的任何一种".to_string()
    } else if let Some(rest) = body.strip_prefix("invalid length ") {
        format!("个数不对（{rest}）")
    } else if let Some(rest) = body.strip_prefix("invalid value: ") {
        format!("值无效（{rest}）")
    } else if body.contains("while parsing")
        || body.contains("while scanning")
        || body.starts_with("did not find expected")
        || body.starts_with("found ")
        || body.contains("mapping values are not allowed")
    {
        return format!("{path}{}", syntax(body));
    } else {
        format!("格式错误（{body}）")
    };
    format!("{path}{text}")
}

/// A YAML syntax error (the parser's words kept in brackets), in Chinese.
pub fn syntax(msg: &str) -> String {
    format!(
        "YAML 语法错误（{}）：请检查这里的缩进、冒号、括号和引号是否成对",
        strip_location(msg)
    )
}

/// serde's name of a value's type, in Chinese.
fn kind_zh(s: &str) -> String {
    let s = s.trim();
    let table = [
        ("a sequence", "列表（[甲, 乙] 或逐行 - 甲）"),
        ("sequence", "列表"),
        ("a map", "映射（键: 值）"),
        ("map", "映射（键: 值）"),
        ("a string", "字符串"),
        ("string", "字符串"),
        ("a boolean", "true 或 false"),
        ("boolean", "true 或 false"),
        ("integer", "整数"),
        ("floating point", "数"),
        ("unit value", "空值"),
        ("f64", "数"),
        ("u32", "整数"),
        ("usize", "整数"),
    ];
    for (en, zh) in table {
        if s == en {
            return zh.to_string();
        }
        if let Some(rest) = s.strip_prefix(en) {
            // string "hedging" → 字符串“hedging”
            let rest = rest.trim();
            let quoted = rest
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .or_else(|| rest.strip_prefix('`').and_then(|r| r.strip_suffix('`')));
            return match quoted {
                Some(v) => format!("{zh}“{v}”"),
                None if rest.is_empty() => zh.to_string(),
                None => format!("{zh} {rest}"),
            };
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_chinese_with_a_suggestion() {
        assert_eq!(
            chinese(
                "unknown field `tokenz`, expected one of `tokens`, `exceptions`",
                &[]
            ),
            "未知的键“tokenz”，是否想写“tokens”？"
        );
        assert_eq!(
            chinese("unknown field `severty`", &["id", "kind", "severity"]),
            "未知的键“severty”，是否想写“severity”？"
        );
        assert_eq!(
            chinese(
                "severity.preferred-term: unknown variant `eror`, expected one of `error`, `warning`, `info` at line 2 column 28",
                &[]
            ),
            "severity.preferred-term：“eror”不是可用的值，是否想写“error”？（可用：error、warning、info）"
        );
        assert_eq!(
            chinese("missing field `description`", &[]),
            "缺少必需的键“description”"
        );
        assert_eq!(
            chinese(
                "disable: invalid type: string \"hedging\", expected a sequence",
                &[]
            ),
            "disable：值的类型不对：应为列表（[甲, 乙] 或逐行 - 甲），写的是字符串“hedging”"
        );
        let syntax = chinese(
            "did not find expected ',' or ']' while parsing a flow sequence at line 4 column 13",
            &[],
        );
        assert!(syntax.starts_with("YAML 语法错误"), "{syntax}");
        assert!(!chinese("unknown variant `x`, expected `a` or `b`", &[]).contains("unknown"));
        assert_eq!(
            chinese(
                "data did not match any variant of untagged enum RawEntry at line 1 column 8",
                &[]
            ),
            "这一项的写法不是可用的任何一种"
        );
    }
}
