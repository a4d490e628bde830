//! A deterministic generator of realistic reports and lexicons, for the
//! benchmark (`cargo bench`) and for tests that compare the fast matching
//! path with a naive search on the same corpus.

pub mod word;

use std::fmt::Write;

/// A small, fast, seeded generator (xorshift64*): the same seed gives the
/// same corpus on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const UNITS: &[&str] = &[
    "县民政局",
    "县财政局",
    "县教育局",
    "县卫生健康局",
    "县自然资源局",
    "县住房和城乡建设局",
    "某镇",
    "某街道",
];
const SUBJECTS: &[&str] = &[
    "局党组",
    "领导班子",
    "机关党支部",
    "有的股室",
    "个别干部",
    "下属单位",
    "有的村（社区）",
    "相关负责人",
];
const VERBS: &[&str] = &[
    "落实不到位",
    "执行不严格",
    "把关不严",
    "推进滞后",
    "监管缺位",
    "整改不彻底",
    "制度执行打折扣",
    "台账管理混乱",
];
/// Problem matters per focus, so that an item's wording fits the focus it is filed under.
const MATTERS: [&[&str]; 3] = [
    &[
        "低保动态管理",
        "乡村振兴项目推进",
        "安全生产监管",
        "营商环境优化",
        "意识形态工作责任制",
        "重大事项请示报告",
    ],
    &[
        "专项资金使用",
        "临时救助审核",
        "公务接待",
        "津补贴发放",
        "工程项目招投标",
        "政府采购",
        "公务用车",
        "惠民资金发放",
    ],
    &[
        "“三会一课”",
        "干部选拔任用",
        "党费收缴",
        "发展党员",
        "组织生活会",
        "党员管理",
    ],
];
const FOCUS_HEADINGS: [&str; 3] = [
    "贯彻落实党的路线方针政策和党中央决策部署方面",
    "群众身边腐败问题和不正之风方面",
    "基层党组织领导班子和干部队伍建设方面",
];
const CN: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A synthetic lexicon of `k` wrong → right pairs, shaped like a real one:
/// each wrong form is three to six characters of the reports' own
/// vocabulary with one character swapped for one the generator never writes
/// (so it occurs only where planted), at a random place, so that the wrong
/// forms start with as many different characters as real typos do. (A
/// lexicon whose entries share a rare first character lets a literal
/// search skip to that character, which no real lexicon allows.) No two
/// entries share their foreign character, so they never nest or overlap;
/// right forms hold vocabulary only, so no fix is a wrong form again.
///
/// # Panics
/// When `k` exceeds the CJK characters outside the vocabulary (about 27,000).
pub fn lexicon(k: usize) -> Vec<(String, String)> {
    let vocab = vocabulary();
    let common: Vec<char> = vocab.iter().copied().filter(|&c| is_han(c)).collect();
    let mut r = Rng::new(0x001E_81C0);
    let mut foreign: Vec<char> = (0x4E00..=0x9FA5u32)
        .chain(0x3400..=0x4DB5)
        .filter_map(char::from_u32)
        .filter(|c| !vocab.contains(c))
        .collect();
    assert!(
        k <= foreign.len(),
        "at most {} lexicon entries",
        foreign.len()
    );
    for i in (1..foreign.len()).rev() {
        foreign.swap(i, r.below(i + 1));
    }
    foreign
        .into_iter()
        .take(k)
        .map(|f| {
            let len = 3 + r.below(4);
            let at = r.below(len);
            let (mut wrong, mut right) = (String::new(), String::new());
            for i in 0..len {
                let c = common[r.below(common.len())];
                wrong.push(if i == at { f } else { c });
                right.push(c);
            }
            (wrong, right)
        })
        .collect()
}

/// Every character the report generator can write.
fn vocabulary() -> std::collections::BTreeSet<char> {
    let plant = Plant {
        words: vec!["全面以严治党".into()],
        error_rate: 0.5,
        hedge_rate: 0.5,
    };
    let mut v: std::collections::BTreeSet<char> = report(0, 40_000, &plant).chars().collect();
    let lists = [UNITS, SUBJECTS, VERBS, &FOCUS_HEADINGS, &CN];
    for s in lists
        .iter()
        .flat_map(|l| l.iter())
        .chain(MATTERS.iter().flat_map(|m| m.iter()))
    {
        v.extend(s.chars());
    }
    v
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FA5}').contains(&c)
}

/// The lexicon as a rule pack with one substitution rule, `bench-lexicon`.
/// Its wrong forms are random characters, not words, so they are matched
/// as strings (`word: false`): every planted one is a hit, as ripgrep
/// finds it.
pub fn lexicon_pack(k: usize) -> String {
    let mut s = String::from(
        "rules:\n  - id: bench-lexicon\n    kind: substitution\n    severity: warning\n    message: \"“{match}”应为“{replacement}”\"\n    description: 基准测试用的合成词库。\n    word: false\n    swap:\n",
    );
    for (w, r) in lexicon(k) {
        let _ = writeln!(s, "      {w}: {r}");
    }
    s
}

/// What to plant in a report.
#[derive(Debug, Clone)]
pub struct Plant {
    /// Wrong forms to plant, one per planted error.
    pub words: Vec<String>,
    /// Chance that a problem item carries a planted wrong form.
    pub error_rate: f64,
    /// Chance that a problem item carries a hedge (据说, 可能).
    pub hedge_rate: f64,
}

/// One report of roughly `target` bytes.
pub fn report(seed: u64, target: usize, plant: &Plant) -> String {
    let mut r = Rng::new(seed);
    let unit = r.pick(UNITS);
    let mut s = String::with_capacity(target + 2048);
    let _ = write!(
        s,
        "---\nunit: 中共{unit}党组\ngroup: 县委第{}巡察组\nround: 十五届县委第{}轮\ndate: 2024-{:02}-{:02}\n---\n\n# 关于对中共{unit}党组开展常规巡察情况的报告\n\n县委巡察工作领导小组：\n\n根据县委统一部署，县委巡察组对中共{unit}党组开展了常规巡察。现将巡察情况报告如下。\n\n## 一、基本情况\n\n巡察期间，共开展个别谈话{}人次，受理信访举报{}件，调阅资料{}份（底稿：D-000）。\n\n",
        CN[1 + r.below(5)],
        CN[1 + r.below(5)],
        1 + r.below(12),
        1 + r.below(28),
        20 + r.below(60),
        r.below(20),
        100 + r.below(400),
    );
    // The problem part: items spread over the three focuses until the size is reached.
    let mut items: [Vec<String>; 3] = Default::default();
    let mut footnotes = String::new();
    let mut n = 0;
    let mut size = s.len();
    while size < target * 9 / 10 {
        let f = n % 3;
        let matter = r.pick(MATTERS[f]);
        let mut item = format!(
            "{}{}{}。{}年{}月以来，{}在{}中存在问题，涉及金额{}.{}万元，共{}笔",
            matter,
            r.pick(VERBS),
            if r.chance(0.3) {
                "，问题较为突出"
            } else {
                ""
            },
            2021 + r.below(4),
            1 + r.below(12),
            r.pick(SUBJECTS),
            matter,
            1 + r.below(90),
            r.below(10),
            1 + r.below(40),
        );
        if r.chance(plant.error_rate) && !plant.words.is_empty() {
            let w = &plant.words[r.below(plant.words.len())];
            let _ = write!(item, "，推进{w}工作不力");
        }
        if r.chance(plant.hedge_rate) {
            item.push_str(if r.chance(0.5) {
                "，据说还有类似情况"
            } else {
                "，可能存在漏报"
            });
        }
        n += 1;
        if r.chance(0.5) {
            let _ = write!(item, "[^D-{n:03}]。");
            let _ = writeln!(footnotes, "[^D-{n:03}]: {matter}相关凭证和谈话记录。");
        } else {
            let _ = write!(item, "（底稿：D-{n:03}）。");
        }
        size += item.len() + 8;
        items[f].push(item);
    }
    let _ = write!(
        s,
        "## 二、发现的主要问题\n\n巡察共发现问题{n}个，具体如下：\n\n"
    );
    for (f, list) in items.iter().enumerate() {
        let _ = write!(s, "### （{}）{}\n\n", CN[f + 1], FOCUS_HEADINGS[f]);
        for (i, item) in list.iter().enumerate() {
            let _ = writeln!(s, "{}. {item}", i + 1);
        }
        s.push('\n');
    }
    s.push_str("## 三、意见建议\n\n聚焦问题抓整改，逐条建立台账，按期销号。\n\n");
    s.push_str(&footnotes);
    // The layouts drafters use, in turn: the Markdown template, a typed
    // outline, and text pasted from Word.
    match seed % 3 {
        1 => lay_out(&s, false),
        2 => lay_out(&s, true),
        _ => s,
    }
}

/// A Markdown report as a typed outline (headings numbered 一、/（一） lose
/// their `#`, list items their space), or as pasted from Word (also one
/// paragraph a line, no blank lines, indented with two ideographic spaces).
pub fn lay_out(md: &str, word: bool) -> String {
    let mut out = String::with_capacity(md.len() + md.len() / 8);
    let mut front = 0;
    for line in md.split_inclusive('\n') {
        let text = line.trim_end_matches('\n');
        if front < 2 {
            front += usize::from(text == "---");
            out.push_str(line);
            continue;
        }
        let heading = text.trim_start_matches('#');
        let typed = if heading.len() < text.len()
            && heading
                .trim_start()
                .starts_with(['一', '二', '三', '四', '五', '（'])
        {
            heading.trim_start()
        } else {
            text
        };
        let typed = match typed.split_once(". ") {
            Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{n}.{rest}")
            }
            _ => typed.to_string(),
        };
        if word {
            if typed.is_empty() {
                continue;
            }
            if !typed.starts_with(['#', '[']) {
                out.push_str("\u{3000}\u{3000}");
            }
        }
        out.push_str(&typed);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_come_in_three_layouts() {
        let plant = Plant {
            words: Vec::new(),
            error_rate: 0.0,
            hedge_rate: 0.0,
        };
        let md = report(3, 4000, &plant);
        assert!(md.contains("## 二、发现的主要问题\n\n"));
        let typed = report(4, 4000, &plant);
        assert!(
            typed.contains("\n二、发现的主要问题\n\n")
                && typed.contains("\n1.")
                && !typed.contains("## ")
        );
        let word = report(5, 4000, &plant);
        assert!(
            word.contains("\n\u{3000}\u{3000}二、发现的主要问题\n\u{3000}\u{3000}巡察共发现"),
            "{word}"
        );
        assert!(
            !word.split("---").nth(2).unwrap_or("").contains("\n\n"),
            "no blank lines"
        );
    }

    #[test]
    fn same_seed_same_report_and_roughly_the_size_asked() {
        let plant = Plant {
            words: vec!["全面以严治党".into()],
            error_rate: 0.2,
            hedge_rate: 0.1,
        };
        let a = report(7, 20_000, &plant);
        assert_eq!(a, report(7, 20_000, &plant));
        assert_ne!(a, report(8, 20_000, &plant));
        assert!((16_000..26_000).contains(&a.len()), "{}", a.len());
    }

    #[test]
    fn lexicon_words_occur_only_where_planted_and_start_variously() {
        let l = lexicon(2000);
        let plant = Plant {
            words: vec!["全面以严治党".into()],
            error_rate: 0.5,
            hedge_rate: 0.5,
        };
        let text: String = (100..130).map(|s| report(s, 20_000, &plant)).collect();
        let vocab = vocabulary();
        for (w, r) in &l {
            assert!(!text.contains(w.as_str()), "{w} occurs unplanted");
            assert!(
                r.chars().all(|c| vocab.contains(&c)),
                "{r} is not all vocabulary"
            );
            assert_eq!(w.chars().filter(|c| !vocab.contains(c)).count(), 1, "{w}");
        }
        let firsts: std::collections::BTreeSet<char> =
            l.iter().filter_map(|(w, _)| w.chars().next()).collect();
        assert!(firsts.len() > 200, "{} first characters", firsts.len());
    }

    #[test]
    fn lexicon_words_are_distinct_and_do_not_nest() {
        let l = lexicon(1000);
        for (i, (w, _)) in l.iter().enumerate().take(200) {
            for (j, (v, _)) in l.iter().enumerate() {
                assert!(i == j || !v.contains(w.as_str()), "{w} in {v}");
            }
        }
    }
}
