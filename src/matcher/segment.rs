//! Word boundaries of Chinese text, to confirm a lexicon or hedging hit: a
//! substring is not a word (村长 in 农村长者, 建国 in 刘建国后). A hit that
//! a word of its sentence's segmentation overlaps without holding it whole
//! is no hit. A word that holds the whole hit carries a wrong form itself
//! (忿忿 in 忿忿不平, 帐户 in 个人帐户: the hit stands, for lexicon
//! entries), but is another word than a hedge (据传 in 数据传输: no hit).
//!
//! The segmentation is jieba's without the HMM (the route of greatest
//! probability through the words of jieba's dictionary), computed here over
//! a copy of the dictionary sorted ahead of time (`data/jieba/`), because
//! `jieba-rs` builds its trie of 349,045 words at start-up (136 ms
//! measured), more than a whole single-file check may take. Looking a word
//! up is a binary search over the sorted lines: nothing is built at
//! start-up. `jieba-rs` itself is the oracle in the tests: the same words
//! for every sentence.

use std::cell::RefCell;
use std::ops::Range;

use crate::document::layout::is_han;

/// The dictionary: `word frequency` lines, sorted by bytes.
static DICT: &str = include_str!("../../data/jieba/dict.txt");

/// The longest word tried, in characters.
const MAX_WORD: usize = 16;

/// The sum of the dictionary's frequencies (checked by a test).
const TOTAL: f64 = 60_101_964.0;

/// Where each line of the dictionary starts, found on the first look-up
/// (one pass over its 4 MB, about a millisecond): a look-up is then a
/// binary search over these, each step one comparison.
fn line_starts() -> &'static [u32] {
    static STARTS: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    STARTS.get_or_init(|| {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', DICT.as_bytes()).map(|i| i + 1))
            .filter(|&i| i < DICT.len())
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect()
    })
}

/// Line `i` of the dictionary: its word and its frequency.
fn line(i: usize) -> (&'static str, &'static str) {
    let starts = line_starts();
    let start = starts[i] as usize;
    let end = starts.get(i + 1).map_or(DICT.len(), |&e| e as usize);
    let line = DICT[start..end].trim_end_matches('\n');
    line.split_once(' ').unwrap_or((line, ""))
}

/// The word of the dictionary line starting at byte `start`.
#[inline(always)]
fn word_from(start: u32) -> &'static [u8] {
    let rest = &DICT.as_bytes()[start as usize..];
    &rest[..memchr::memchr(b' ', rest).unwrap_or(rest.len())]
}

/// The first line at or after `from` whose word is not below `word`.
/// Searched by galloping from `from`: when `word` extends the word looked
/// up before it (the next character of a sentence), its line is near.
#[inline(always)]
fn first_not_below(starts: &[u32], from: usize, word: &[u8]) -> usize {
    let below = |s: &u32| word_from(*s) < word;
    if starts.get(from).is_none_or(|s| !below(s)) {
        return from;
    }
    // The line at `lo` is below `word`; double the step until one is not.
    let (mut lo, mut step) = (from, 1);
    let hi = loop {
        let hi = from + step;
        if starts.get(hi).is_none_or(|s| !below(s)) {
            break hi.min(starts.len());
        }
        lo = hi;
        step *= 2;
    };
    lo + 1 + starts[lo + 1..hi].partition_point(below)
}

/// A word's frequency, or why not (`Err(true)` when no word starts with
/// it, so no longer one will; `Err(false)` when it is only a prefix), and
/// the line it would be at, from which a longer word is searched.
#[inline(always)]
fn lookup_from(from: usize, word: &str) -> (Result<u64, bool>, usize) {
    let starts = line_starts();
    let at = first_not_below(starts, from, word.as_bytes());
    if at >= starts.len() {
        return (Err(true), at);
    }
    let (w, f) = line(at);
    let found = if w == word {
        f.parse().map_err(|_| false)
    } else {
        Err(!w.starts_with(word))
    };
    (found, at)
}

/// [`lookup_from`] over the whole dictionary.
fn lookup_at(word: &str) -> (Result<u64, bool>, usize) {
    let at = line_starts().partition_point(|&s| word_from(s) < word.as_bytes());
    lookup_from(at, word)
}

/// A word's frequency, or why not: `Err(true)` when no word starts with it
/// (so no longer one will), `Err(false)` when it is only a prefix.
fn lookup(word: &str) -> Result<u64, bool> {
    lookup_at(word).0
}

/// Whether `word` is a word of the dictionary (an ordinary word, not a
/// coinage of the report's own).
pub fn is_word(word: &str) -> bool {
    lookup(word).is_ok()
}

/// The words of a run of Han characters, as the byte offsets where they end.
pub fn segment(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let offset = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let log_total = TOTAL.ln();
    // best[i]: the best score from char i to the end, and where its first
    // word ends.
    let mut best: Vec<(f64, usize)> = vec![(0.0, n); n + 1];
    for i in (0..n).rev() {
        let mut choice: Option<(f64, usize)> = None;
        // Each longer word's line is at or after the shorter one's.
        let mut from = None;
        for j in i + 1..=(i + MAX_WORD).min(n) {
            let word = &text[offset(i)..offset(j)];
            let (found, at) = match from {
                None => lookup_at(word),
                Some(from) => lookup_from(from, word),
            };
            from = Some(at);
            let freq = match found {
                Ok(f) if f > 0 => f,
                Ok(_) | Err(false) => continue,
                Err(true) => break,
            };
            let score = (freq as f64).ln() - log_total + best[j].0;
            // Ties go to the longer word, as in jieba.
            if choice.is_none_or(|(s, _)| score >= s) {
                choice = Some((score, j));
            }
        }
        // A character no word starts with stands alone.
        best[i] = choice.unwrap_or((-log_total + best[i + 1].0, i + 1));
    }
    let mut ends = Vec::new();
    let mut i = 0;
    while i < n {
        i = best[i].1;
        ends.push(offset(i));
    }
    ends
}

/// Ordered series of position and rank words that drafters use in parallel
/// (上热中温下冷, 前松后紧, 省市县三级): each member stands before a word of
/// its own.
const SERIES: [&[char]; 10] = [
    &['上', '中', '下'],
    &['前', '中', '后'],
    &['左', '中', '右'],
    &['高', '中', '低'],
    &['大', '中', '小'],
    &['早', '中', '晚'],
    &['内', '外'],
    &['头', '尾'],
    &['省', '市', '县', '乡', '村'],
    &['首', '末'],
];

/// Whether a hit straddles two members of a parallel series: one of its
/// characters (not its first) is a series word, an earlier member stands
/// one or two characters before it (before the hit), and one or two
/// characters after it comes a later member (or it is the series' last,
/// with a word after it). 热中 in 上热中温下冷 is 上热、中温、下冷, not 热衷;
/// a dictionary segmentation cannot see this, the parallel does.
pub fn straddles_series(text: &str, range: &Range<usize>) -> bool {
    let is_member = |c: char| SERIES.iter().any(|s| s.contains(&c));
    // Cheapest first: a series word inside the hit, not at its start.
    let hit = &text[range.clone()];
    if !hit.chars().skip(1).any(is_member) {
        return false;
    }
    // The hit with up to three characters either side.
    let before: Vec<char> = text[..range.start].chars().rev().take(3).collect();
    let chars: Vec<char> = before
        .iter()
        .rev()
        .copied()
        .chain(hit.chars())
        .chain(text[range.end..].chars().take(4))
        .collect();
    let first = before.len();
    let last = first + hit.chars().count();
    (first + 1..last).any(|p| {
        let c = chars[p];
        SERIES.iter().any(|series| {
            let Some(k) = series.iter().position(|&m| m == c) else {
                return false;
            };
            if k == 0 {
                return false;
            }
            let before = (1..=2).any(|gap| {
                p.checked_sub(gap + 1)
                    .is_some_and(|q| q < first && series[..k].contains(&chars[q]))
            });
            let later = &series[k + 1..];
            let after = if later.is_empty() {
                chars.get(p + 1).is_some_and(|&x| is_han(x))
            } else {
                (2..=3).any(|gap| chars.get(p + gap).is_some_and(|x| later.contains(x)))
            };
            before && after
        })
    })
}

/// The words of one text (a block's), each run of Han characters
/// segmented whole, once, when a hit in it first needs its words: every
/// rule that confirms a hit in the same sentence reads the same
/// segmentation.
#[derive(Debug)]
pub struct Segmentation<'t> {
    text: &'t str,
    /// The runs segmented so far, by start: the run's bytes and where its
    /// words end (absolute offsets).
    runs: RefCell<Vec<(Range<usize>, Vec<usize>)>>,
}

impl<'t> Segmentation<'t> {
    /// A text, none of it segmented yet.
    pub fn new(text: &'t str) -> Segmentation<'t> {
        Segmentation {
            text,
            runs: RefCell::new(Vec::new()),
        }
    }

    /// The text.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The word around byte `at` of a run of Han characters (`at` with Han
    /// characters either side), or `None` when a word starts there.
    fn word_around(&self, at: usize) -> Option<Range<usize>> {
        let text = self.text;
        let mut start = at;
        for (k, c) in text[..at].char_indices().rev() {
            if !is_han(c) {
                break;
            }
            start = k;
        }
        let mut runs = self.runs.borrow_mut();
        let i = match runs.binary_search_by_key(&start, |(r, _)| r.start) {
            Ok(i) => i,
            Err(i) => {
                let end = text[at..]
                    .char_indices()
                    .find(|&(_, c)| !is_han(c))
                    .map_or(text.len(), |(k, _)| at + k);
                let ends = segment(&text[start..end]).into_iter().map(|e| start + e);
                runs.insert(i, (start..end, ends.collect()));
                i
            }
        };
        let (run, ends) = &runs[i];
        let mut from = run.start;
        for &end in ends {
            if at == from || at == end {
                return None;
            }
            if at < end {
                return Some(from..end);
            }
            from = end;
        }
        None
    }

    /// Whether the hit at `range` starts and ends on word boundaries of its
    /// sentence, or (with `held`) lies wholly inside one word. A boundary
    /// with a non-Han character on either side is always one; only
    /// boundaries inside a run of Han characters are decided by the
    /// segmentation of that run.
    pub fn on_word_boundaries(&self, range: &Range<usize>, held: bool) -> bool {
        let text = self.text;
        let inside_han = |at: usize| {
            let before = text[..at].chars().next_back();
            let after = text[at..].chars().next();
            before.is_some_and(is_han) && after.is_some_and(is_han)
        };
        // A word that holds the whole hit (忿忿 in 忿忿不平, 帐户 in 个人帐户)
        // carries the wrong form itself; one that only overlaps it (农村 over
        // 村长) is another word.
        let holds = |w: &Range<usize>| held && w.start <= range.start && range.end <= w.end;
        let ok = |at: usize| !inside_han(at) || self.word_around(at).is_none_or(|w| holds(&w));
        ok(range.start) && ok(range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Segmentation::on_word_boundaries`] of a text segmented for this one hit.
    fn on_word_boundaries(text: &str, range: &Range<usize>, held: bool) -> bool {
        Segmentation::new(text).on_word_boundaries(range, held)
    }

    /// One segmentation shared by every hit of a text (each run segmented
    /// once, in whatever order hits ask) answers as a fresh one per hit.
    #[test]
    fn a_shared_segmentation_answers_as_a_fresh_one() {
        let text = "农村长者反映，个人帐户资金忿忿不平；数据传输中据传存在问题，A股上热中温下冷。";
        let shared = Segmentation::new(text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut asked = 0;
        for (k, &a) in bounds.iter().enumerate().rev() {
            for &b in bounds[k + 1..].iter().take(4) {
                for held in [false, true] {
                    let r = a..b;
                    assert_eq!(
                        shared.on_word_boundaries(&r, held),
                        Segmentation::new(text).on_word_boundaries(&r, held),
                        "{:?} {held}",
                        &text[r.clone()]
                    );
                    asked += 1;
                }
            }
        }
        assert!(asked > 200);
        assert!(shared.runs.borrow().len() >= 4);
    }

    /// The oracle of [`lookup`]: the dictionary read into a map, and every
    /// prefix of its words; each word, each prefix and some non-words of
    /// every line are looked up both ways.
    #[test]
    fn lookup_agrees_with_a_map_of_the_dictionary() {
        use std::collections::{HashMap, HashSet};
        let mut words: HashMap<&str, u64> = HashMap::new();
        let mut prefixes: HashSet<&str> = HashSet::from([""]);
        for l in DICT.lines() {
            let (w, f) = l.split_once(' ').expect("word and frequency");
            words.insert(w, f.parse().expect("frequency"));
            for (i, _) in w.char_indices().skip(1) {
                prefixes.insert(&w[..i]);
            }
        }
        let oracle = |w: &str| match words.get(w) {
            Some(&f) => Ok(f),
            None => Err(!prefixes.contains(w)),
        };
        let mut tried = 0;
        for (n, l) in DICT.lines().enumerate().step_by(7) {
            let w = l.split(' ').next().unwrap_or_default();
            let mut probes = vec![w.to_string(), format!("{w}乙"), format!("甲{w}")];
            probes.extend(w.char_indices().skip(1).map(|(i, _)| w[..i].to_string()));
            if n % 1000 == 0 {
                probes.push(String::new());
                probes.push("\u{10FFFF}".into());
            }
            for p in &probes {
                assert_eq!(lookup(p), oracle(p), "{p:?}");
                tried += 1;
            }
        }
        assert!(tried > 100_000, "{tried}");
    }

    #[test]
    fn a_hit_across_a_parallel_series_is_two_words() {
        let at = |text: &str, hit: &str| {
            let i = text.find(hit).unwrap();
            straddles_series(text, &(i..i + hit.len()))
        };
        assert!(at("存在上热中温下冷现象", "热中"));
        assert!(at("工作前松中紧后乱", "松中"));
        assert!(at("呈现上热下冷", "热下"));
        assert!(!at("对工作很热中", "热中"));
        assert!(
            !at("中温", "中温"),
            "a hit beginning with the member is not across it"
        );
        assert!(!at("热中于名利", "热中"));
    }

    fn words(s: &str) -> Vec<&str> {
        let mut last = 0;
        segment(s)
            .into_iter()
            .map(|e| {
                let w = &s[last..e];
                last = e;
                w
            })
            .collect()
    }

    #[test]
    fn the_total_is_the_sum_of_the_frequencies() {
        let sum: u64 = DICT
            .lines()
            .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .sum();
        assert_eq!(sum as f64, TOTAL);
        let sorted = DICT
            .lines()
            .zip(DICT.lines().skip(1))
            .all(|(a, b)| a.split(' ').next() < b.split(' ').next());
        assert!(
            sorted,
            "data/jieba/dict.txt is sorted by bytes, one line a word"
        );
    }

    #[test]
    fn words_are_found_by_lookup() {
        assert!(lookup("农村").is_ok_and(|f| f > 1000));
        assert!(lookup("农村长").is_err());
        assert_eq!(lookup("龘龘龘龘"), Err(true));
    }

    #[test]
    fn the_false_positives_of_substrings_are_not_words() {
        assert_eq!(words("农村长者助餐点"), ["农村", "长者", "助", "餐点"]);
        assert_eq!(words("刘建国后调任"), ["刘建国", "后", "调任"]);
        let t = "农村长者助餐点";
        let at = t.find("村长").unwrap();
        assert!(!on_word_boundaries(t, &(at..at + "村长".len()), true));
        let t = "推进全面以严治党力度不够";
        let at = t.find("全面以严治党").unwrap();
        assert!(on_word_boundaries(
            t,
            &(at..at + "全面以严治党".len()),
            true
        ));
        // Beside a digit or punctuation, a boundary is a boundary.
        assert!(on_word_boundaries("截止2024年", &(0.."截止".len()), false));
    }

    /// A word that holds the whole hit carries the wrong form itself: the
    /// dictionary has 忿忿不平 and 个人帐户 as words, and they are the
    /// variant's own misspellings. A word that only overlaps the hit is
    /// another word.
    #[test]
    fn a_word_holding_the_whole_hit_carries_it() {
        let hit = |t: &str, w: &str| {
            let at = t.find(w).unwrap();
            on_word_boundaries(t, &(at..at + w.len()), true)
        };
        assert_eq!(words("群众忿忿不平"), ["群众", "忿忿不平"]);
        assert!(hit("群众忿忿不平", "忿忿"));
        assert_eq!(words("转入个人帐户"), ["转入", "个人帐户"]);
        assert!(hit("转入个人帐户", "帐户"));
        // Overlapping, not holding: 有关 over 关连's start, 股 / 分红.
        assert!(!hit("按股分红", "股分"));
        assert!(!hit("设计画面", "计画"));
        assert!(!hit("机关连续三年", "关连"));
        // Without `held` (a hedge is a word of its own), a longer word
        // holding it is another word.
        let t = "系统数据传输未加密";
        let at = t.find("据传").unwrap();
        assert!(!on_word_boundaries(t, &(at..at + "据传".len()), false));
        assert!(on_word_boundaries(t, &(at..at + "据传".len()), true));
    }

    /// The oracle: jieba-rs (its own dictionary, no HMM) cuts every run of
    /// Han characters of the fixtures into the same words.
    #[test]
    fn the_same_words_as_jieba_rs() {
        let jieba = jieba_rs::Jieba::new();
        let mut runs = Vec::new();
        for dir in ["fixtures/good", "fixtures/bad"] {
            for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    let mut run = String::new();
                    for c in text.chars() {
                        if is_han(c) {
                            run.push(c);
                        } else if !run.is_empty() {
                            runs.push(std::mem::take(&mut run));
                        }
                    }
                }
            }
        }
        assert!(runs.len() > 500, "{}", runs.len());
        let mut differ = Vec::new();
        for r in &runs {
            let want = jieba.cut(r, false);
            if words(r) != want {
                differ.push(format!("{r}: {:?} / jieba {want:?}", words(r)));
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }
}
