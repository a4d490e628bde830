//! Focus sets: the focuses of a framework (三个聚焦, 四个落实 …), which
//! headings name them, and the words typical of their problems.

use regex::Regex;

use crate::analysis::problem_part::ProblemPart;
use crate::document::Document;
use serde::Deserialize;

/// One focus.
#[derive(Debug, Clone)]
pub struct Focus {
    /// English id, e.g. `corruption`.
    pub id: String,
    /// Canonical Chinese name.
    pub name: String,
    /// A short name for table headers.
    pub short: String,
    /// Heading patterns that name it.
    pub aliases: Vec<Regex>,
    /// Words typical of its problems.
    pub keywords: Vec<String>,
}

/// A set of focuses (a framework) with one automaton over their keywords.
#[derive(Debug, Clone, Default)]
pub struct FocusSet {
    /// The focuses, in order.
    pub focuses: Vec<Focus>,
    /// One automaton over every focus's keywords, built when first needed
    /// (a rule set's shared automaton usually finds them instead).
    keywords: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
    /// For each keyword pattern: its focus and text.
    keyword_owner: Vec<(usize, String)>,
}

impl FocusSet {
    /// A set of compiled focuses, with their keywords indexed.
    pub fn new(focuses: Vec<Focus>) -> FocusSet {
        let keyword_owner: Vec<(usize, String)> = focuses
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.keywords.iter().map(move |k| (i, k.clone())))
            .collect();
        FocusSet {
            focuses,
            keywords: std::sync::OnceLock::new(),
            keyword_owner,
        }
    }

    /// The keyword automaton, built on first use.
    fn automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.keywords
            .get_or_init(|| {
                (!self.keyword_owner.is_empty())
                    .then(|| {
                        aho_corasick::AhoCorasick::builder()
                            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                            .build(self.keyword_owner.iter().map(|(_, k)| k))
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// A set from focuses known to be valid (the built-in frameworks).
    pub fn from_raw(list: &[RawFocus]) -> FocusSet {
        FocusSet::new(
            list.iter()
                .map(|f| Focus {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    short: f.short.clone().unwrap_or_else(|| f.name.clone()),
                    aliases: f
                        .aliases
                        .iter()
                        .filter_map(|a| Regex::new(a).ok())
                        .collect(),
                    keywords: f.keywords.clone(),
                })
                .collect(),
        )
    }

    /// Every keyword, in the order keyword indexes refer to.
    pub fn keywords(&self) -> impl Iterator<Item = &str> {
        self.keyword_owner.iter().map(|(_, k)| k.as_str())
    }

    /// The focuses a heading names.
    pub fn named_by(&self, title: &str) -> Vec<usize> {
        self.focuses
            .iter()
            .enumerate()
            .filter(|(_, f)| f.aliases.iter().any(|re| re.is_match(title)))
            .map(|(i, _)| i)
            .collect()
    }

    /// The focus each section's heading names, when it names exactly one.
    pub fn section_focuses(&self, doc: &Document) -> Vec<Option<usize>> {
        doc.sections
            .iter()
            .map(|s| match self.named_by(&s.title)[..] {
                [one] => Some(one),
                _ => None,
            })
            .collect()
    }

    /// How well this set names the headings of a problem part: how many
    /// headings beneath its roots name exactly one focus, then how many
    /// two-character pieces of those headings the focus's name shares (四个落实's
    /// “落实全面从严治党战略部署” fits “（二）落实全面从严治党战略部署方面”
    /// better than a 三个聚焦 focus that merely has 全面从严治党 as an alias).
    pub fn fit(&self, doc: &Document, problems: &ProblemPart) -> (usize, usize) {
        let mut fit = (0, 0);
        for (i, s) in doc.sections.iter().enumerate() {
            if !problems.problem[i] || problems.is_root(i) {
                continue;
            }
            if let [one] = self.named_by(&s.title)[..] {
                fit.0 += 1;
                let name: Vec<char> = self.focuses[one].name.chars().collect();
                let title: Vec<char> = s.title.chars().collect();
                fit.1 += title
                    .windows(2)
                    .filter(|w| name.windows(2).any(|n| n == *w))
                    .count();
            }
        }
        fit
    }

    /// Keyword hits of each focus in a text, leftmost-longest: (focus,
    /// keyword) pairs. `found` holds every occurrence (keyword index, bytes)
    /// when a rule set's shared automaton has found them; otherwise this
    /// set's own automaton searches.
    pub fn keyword_hits<'a>(
        &'a self,
        text: &str,
        found: Option<Vec<(usize, std::ops::Range<usize>)>>,
    ) -> Vec<(usize, &'a str)> {
        let owner = |k: usize| {
            let (f, k) = &self.keyword_owner[k];
            (*f, k.as_str())
        };
        let Some(found) = found else {
            let Some(ac) = self.automaton() else {
                return Vec::new();
            };
            return ac
                .find_iter(text)
                .map(|m| owner(m.pattern().as_usize()))
                .collect();
        };
        crate::matcher::leftmost_longest(found, |(_, r)| r, |_| true)
            .into_iter()
            .map(|(k, _)| owner(k))
            .collect()
    }
}

/// One focus of the "三个聚焦".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFocus {
    /// English id, e.g. `policy`.
    pub id: String,
    /// The canonical Chinese name.
    pub name: String,
    /// A short name for table headers (`stats`); the name when not given.
    pub short: Option<String>,
    /// Patterns of headings that name this focus.
    pub aliases: Vec<String>,
    /// Words typical of this focus's problems.
    #[serde(default)]
    pub keywords: Vec<String>,
}
