//! Wording rules a drafter can trust: a lexicon or hedging hit must be a
//! word of its sentence (jieba's segmentation), guesses are findings and
//! consequences are not, ordinal series are no 概数. Each case from the
//! wording issue, both sides.

mod common;

use common::*;

/// A report whose problem part holds `item`, in each layout drafters use:
/// the Markdown template; a typed outline (一、 and 1. without `#` or a
/// space); pasted from Word (one paragraph a line, no blank lines, 首行缩进).
fn layouts(item: &str) -> [String; 3] {
    [
        format!("---\nunit: x\n---\n\n## 二、发现的主要问题\n\n1. {item}（底稿：D-1）。\n"),
        format!("---\nunit: x\n---\n\n二、发现的主要问题\n\n1.{item}（底稿：D-1）。\n"),
        format!("---\nunit: x\n---\n二、发现的主要问题\n\u{3000}\u{3000}1.{item}（底稿：D-1）。\n"),
    ]
}

/// The findings of `rule` in a report whose problem part holds `item`, as
/// (line, column, end column) in the template layout, the item being on
/// line 7. Every other layout must give the same findings on the same
/// characters of the item (checked here).
fn found(rule: &str, item: &str) -> Vec<(u64, u64, u64)> {
    let mut per_layout = Vec::new();
    for text in layouts(item) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.md");
        std::fs::write(&p, &text).unwrap();
        let (json, _) = check_json(&[p.to_str().unwrap()]);
        let got: Vec<(u64, u64, u64)> = findings(&json)
            .into_iter()
            .filter(|f| f.0 == rule)
            .map(|f| (f.1, f.2, f.4))
            .collect();
        // Where the item starts: its line and character column, counted here.
        let line = text.lines().position(|l| l.contains(item)).unwrap() as u64 + 1;
        let l = text.lines().nth(line as usize - 1).unwrap();
        let start = l[..l.find(item).unwrap()].chars().count() as u64 + 1;
        let relative: Vec<(u64, u64, u64)> = got
            .iter()
            .map(|&(fl, c, e)| (fl - line, c - start, e - start))
            .collect();
        per_layout.push((got, relative));
    }
    let (template, relative) = per_layout[0].clone();
    for (i, (_, other)) in per_layout.iter().enumerate().skip(1) {
        assert_eq!(other, &relative, "layout {i} of “{item}”");
    }
    template
}

/// The character column (from 1) of `needle` in the item line `1. {item}`.
fn column(item: &str, needle: &str) -> u64 {
    let line = format!("1. {item}");
    let at = line.find(needle).unwrap();
    line[..at].chars().count() as u64 + 1
}

#[test]
fn a_substring_that_is_not_a_word_is_no_hit() {
    // 村长 inside 农村 + 长者; 建国 inside the name 刘建国.
    assert_eq!(found("preferred-term", "农村长者助餐点未按规定运营"), []);
    assert_eq!(found("preferred-term", "刘建国后调任县民政局局长"), []);
    // The same words as words are hits, where they are.
    let item = "村长签字后即拨付资金";
    let c = column(item, "村长");
    assert_eq!(found("preferred-term", item), [(7, c, c + 2)]);
    let item = "该祠堂建国后首次修缮";
    let c = column(item, "建国后");
    assert_eq!(found("preferred-term", item), [(7, c, c + 3)]);
}

#[test]
fn an_ordinal_series_is_no_approximate_number() {
    assert_eq!(found("preferred-term", "第三、四次党组会议未研究"), []);
    assert_eq!(found("number-usage", "第三、四次党组会议未研究"), []);
    let item = "有七、八个村未公开";
    let c = column(item, "七、八个");
    assert_eq!(found("number-usage", item), [(7, c, c + 4)]);
}

#[test]
fn hedging_finds_guesses_not_consequences() {
    for fact in [
        "多次接受可能影响公正执行公务的宴请",
        "违规出借资金，可能造成国有资产流失",
        "审批把关不严，可能引发廉政风险",
        "存在资金被挪用的可能风险",
        // A hedge inside a longer word is another word: 据传 in 数据传输,
        // 估计 in 估计数.
        "系统数据传输未加密",
        "预算估计数与决算数差异较大",
    ] {
        assert_eq!(found("hedging", fact), [], "{fact}");
    }
    for (guess, word) in [
        ("该局可能涉及3宗用地", "可能"),
        ("估计有十余户未按规定退出", "估计"),
        ("似乎存在虚报冒领", "似乎"),
        ("据说还有类似情况", "据说"),
    ] {
        let c = column(guess, word);
        assert_eq!(found("hedging", guess), [(7, c, c + 2)], "{guess}");
    }
}

/// Line and character column (from 1) of `needle` in `text`, counted here.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() as u64 + 1;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].chars().count() as u64 + 1)
}

/// The speech the project comes from is correct official prose with two
/// wording errors a careful reader finds: the wording rules find those two
/// and nothing else (fixtures/prose/README.txt).
#[test]
fn official_prose_gives_only_its_real_wording_errors() {
    let path = "fixtures/prose/动员部署会讲话.md";
    let text = fixture(path);
    let (json, _) = check_json(&[path]);
    let wording = [
        "standard-term",
        "preferred-term",
        "variant-word",
        "hedging",
        "doubled-word",
        "number-usage",
        "consistent-wording",
        "abbreviation-before-definition",
        "punctuation-width",
    ];
    let got: Vec<(String, u64, u64)> = findings(&json)
        .into_iter()
        .filter(|f| wording.contains(&f.0.as_str()))
        .map(|f| (f.0, f.1, f.2))
        .collect();
    let (l1, c1) = position(&text, "”、“一次一培训");
    let (l2, c2) = position(&text, "全面以严治党");
    assert_eq!(
        got,
        [
            ("preferred-term".to_string(), l1, c1),
            ("standard-term".to_string(), l2, c2),
        ]
    );
}

/// Correct official prose written for this test (fixtures/prose/README.txt):
/// a whole 巡察报告 (50 paragraphs, 36 problem items with their
/// consequences and risks, 第三、四次 and 三、四季度, 农村长者助餐点) and
/// 23 paragraphs of 通报, 整改 and news prose full of near misses for the
/// lexicon (刘建国后调任, 按股分红, 按纳税人, 确定单位, 每人每年100元来源于,
/// 个人材料). The wording rules find nothing in them; the report is clean
/// for every rule.
#[test]
fn correct_prose_gives_no_wording_finding() {
    let paths = [
        "fixtures/prose/巡察报告范文.md",
        "fixtures/prose/通报与整改.md",
    ];
    for path in paths {
        let (json, _) = check_json(&[path]);
        let got: Vec<_> = findings(&json)
            .into_iter()
            .filter(|f| !["front-matter", "missing-problem-section"].contains(&f.0.as_str()))
            .collect();
        assert!(got.is_empty(), "{path}: {got:?}");
    }
    // The near misses are in the text, so the test can fail.
    let text = fixture("fixtures/prose/通报与整改.md");
    for near in [
        "刘建国后调任",
        "按股分红",
        "按纳税人",
        "确定单位",
        "100元来源于",
        "个人材料",
    ] {
        assert!(text.contains(near), "{near}");
    }
    let report = fixture("fixtures/prose/巡察报告范文.md");
    for near in [
        "农村长者助餐点",
        "第三、四次",
        "三、四季度",
        "可能造成",
        "可能影响公正执行公务的宴请",
        "巡察组共发现问题37个，主要表现在以下三个方面。",
        "上热中温下冷",
        "为防备日后可能被查处",
        "未对可能影响到换届提名的档案",
        "专项资金管理任务较重",
        "（以下简称“专项资金”）",
        "党纪政务处分",
        "可能性",
    ] {
        assert!(report.contains(near), "{near}");
    }
}

/// The new lexicon in every layout: a 异形词 inside a longer dictionary word
/// (个人帐户, 忿忿不平) is found on its own characters; one only overlapped
/// by a word (按股分红, 按纳税人) is not; a regulation title and a fixed
/// formulation's digits are found as themselves.
#[test]
fn the_lexicon_in_every_layout() {
    let hit = |rule: &str, item: &str, wrong: &str| {
        let c = column(item, wrong);
        let n = wrong.chars().count() as u64;
        assert_eq!(found(rule, item), [(7, c, c + n)], "{item}");
    };
    hit("variant-word", "资金来源成份复杂", "成份");
    hit("variant-word", "群众对此忿忿不平", "忿忿");
    hit("standard-term", "补贴资金转入村干部个人帐户", "帐户");
    hit(
        "standard-term",
        "违反《中国共产党党员廉洁自律准则》",
        "《中国共产党党员廉洁自律准则》",
    );
    hit(
        "standard-term",
        "2023年运用第1种形态处理仅2人次",
        "第1种形态",
    );
    hit("preferred-term", "2人受到党纪政纪处分", "党纪政纪处分");
    assert_eq!(found("variant-word", "长期在亲属公司持股并按股分红"), []);
    assert_eq!(found("variant-word", "按纳税人分类核对补贴"), []);
    assert_eq!(found("preferred-term", "2人受到党纪政务处分"), []);
}
