//! Trigger extraction: the literals one of which every match of a pattern
//! must contain, found from the pattern's syntax tree (regex-syntax), so
//! that a pattern is searched only where one of them occurs.

/// Literals one of which every match of `pattern` must contain, when they
/// can be found: the pattern's best required piece (the longest, then the
/// fewest alternatives). None when the pattern can match without any.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    required_in(&regex_syntax::Parser::new().parse(pattern).ok()?)
}

pub(crate) fn required_in(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    required(hir).filter(|set| !set.is_empty() && set.iter().all(|s| !s.is_empty()))
}

/// The most characters a class may have to be used as a set of triggers.
const MAX_CLASS_TRIGGERS: usize = 16;

fn required(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required(a)?);
            }
            Some(all)
        }
        HirKind::Concat(parts) => {
            // A piece one part requires, or every spelling of a run of
            // adjacent parts that each match one of a few strings
            // (`\.(1[0-2]|0?[1-9])\.` → `.10.`, `.11.`, … `.9.`): longer
            // triggers occur less often, so fewer needless searches.
            let exact: Vec<Option<Vec<String>>> = parts.iter().map(exact).collect();
            let mut runs = Vec::new();
            for start in 0..parts.len() {
                let mut product = vec![String::new()];
                for set in exact[start..].iter() {
                    let Some(next) = set.as_deref().and_then(|set| spell(&product, set)) else {
                        break;
                    };
                    product = next;
                    runs.push(product.clone());
                }
            }
            parts
                .iter()
                .filter_map(required)
                .chain(runs)
                .filter(|set| set.iter().all(|s| !s.is_empty()))
                .max_by_key(|set| {
                    (
                        set.iter().map(|s| s.chars().count()).min().unwrap_or(0),
                        std::cmp::Reverse(set.len()),
                    )
                })
        }
        _ => None,
    }
}

/// The most strings a run of parts may spell to be used as triggers.
const MAX_SPELLINGS: usize = 64;

/// Each of `heads` followed by each of `tails`, unless that makes more
/// than [`MAX_SPELLINGS`].
fn spell(heads: &[String], tails: &[String]) -> Option<Vec<String>> {
    (heads.len() * tails.len() <= MAX_SPELLINGS).then(|| {
        heads
            .iter()
            .flat_map(|h| tails.iter().map(move |t| format!("{h}{t}")))
            .collect()
    })
}

/// Every string `hir` matches, when they are few (at most [`MAX_SPELLINGS`];
/// a class at most [`MAX_CLASS_TRIGGERS`] characters).
fn exact(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    let set = match hir.kind() {
        HirKind::Empty => vec![String::new()],
        HirKind::Literal(lit) => vec![String::from_utf8(lit.0.to_vec()).ok()?],
        HirKind::Class(Class::Unicode(c)) => {
            let n: usize = c
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            if n > MAX_CLASS_TRIGGERS {
                return None;
            }
            c.ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(String::from)
                .collect()
        }
        HirKind::Capture(c) => exact(&c.sub)?,
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            let mut set = exact(&r.sub)?;
            set.push(String::new());
            set
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(exact(a)?);
            }
            all
        }
        HirKind::Concat(parts) => {
            let mut product = vec![String::new()];
            for p in parts {
                product = spell(&product, &exact(p)?)?;
            }
            product
        }
        _ => return None,
    };
    (set.len() <= MAX_SPELLINGS).then_some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_literals_of_lexicon_like_patterns() {
        let r = |p: &str| {
            required_literals(p).map(|mut v| {
                v.sort();
                v
            })
        };
        let strings = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(r(r"截止(\d{4}年)"), strings(&["截止"]));
        // 年0, then one of 1–9, then 月: spelt out.
        let months: Vec<String> = (1..=9).map(|m| format!("年0{m}月")).collect();
        assert_eq!(r(r"(\d{4})年0([1-9])月"), Some(months));
        assert_eq!(r(r"(\d)千(\d)百万"), strings(&["百万"]));
        // As long as with the closing quote, and half the spellings.
        assert_eq!(
            r(r"坚定(“?)两个维护(”?)"),
            strings(&["坚定“两个维护", "坚定两个维护"])
        );
        assert_eq!(r(r"(甲|乙)丙"), strings(&["乙丙", "甲丙"]));
        // Dots around a month: `.10.` … `.9.`, not every dot of 12.6万元.
        let dotted = r(r"(\d{4})\.(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])").unwrap();
        assert_eq!(dotted.len(), 21);
        assert!(dotted.contains(&".10.".to_string()) && dotted.contains(&".07.".to_string()));
        // More spellings than allowed: the best single piece instead.
        assert_eq!(r(r"[一二三四五六七八九十]{3}、"), strings(&["、"]));
        assert_eq!(r(r"\p{Han}+"), None);
        assert_eq!(r(r"a?"), None);
    }
}
