//! Personal identifiers in text: 18-digit resident ID numbers with a valid
//! GB 11643 check digit, mainland mobile numbers, bank card numbers that pass
//! the Luhn check. [`scan`] finds them (for the `sensitive` rule kind);
//! [`redact`] masks them in any text an output shows (source lines, diffs).

use std::ops::Range;

/// What kind of identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identifier {
    /// 公民身份号码
    IdCard,
    /// 手机号码
    Mobile,
    /// 银行卡号
    BankCard,
}

impl Identifier {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Identifier::IdCard => "身份证号",
            Identifier::Mobile => "手机号码",
            Identifier::BankCard => "银行卡号",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Identifier::IdCard => "id-card",
            Identifier::Mobile => "mobile",
            Identifier::BankCard => "bank-card",
        }
    }
}

/// An identifier found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it is.
    pub kind: Identifier,
    /// Its bytes.
    pub range: Range<usize>,
}

/// GB 11643-1999 check digit of the first 17 digits.
fn id_check_digit(first17: &[u8]) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    C[(sum % 11) as usize]
}

fn plausible_birth_date(d: &[u8]) -> bool {
    let num = |s: &[u8]| s.iter().fold(0u32, |a, b| a * 10 + u32::from(b - b'0'));
    let (y, m, day) = (num(&d[6..10]), num(&d[10..12]), num(&d[12..14]));
    (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
}

/// Whether 18 characters are a valid resident ID number.
pub fn valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && plausible_birth_date(b)
        && b[17].to_ascii_uppercase() as char == id_check_digit(&b[..17])
}

/// Whether a digit string passes the Luhn check.
pub fn luhn(s: &str) -> bool {
    let mut sum = 0;
    for (i, c) in s.bytes().rev().enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

/// Every identifier in `text` that stands alone (not part of a longer run of digits).
pub fn scan(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Every number looked for has at least SHORTEST digits, so only every
    // SHORTEST-th byte needs looking at until a digit turns up. No run of
    // digits reaches from before `i` to `i` (what precedes `i` is a probed
    // non-digit or the end of the last run), so a run found starts at or
    // after `i`.
    const SHORTEST: usize = 11;
    while i < b.len() {
        let probe = i + SHORTEST - 1;
        if probe >= b.len() {
            break;
        }
        if !b[probe].is_ascii_digit() {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && b[start - 1].is_ascii_digit() {
            start -= 1;
        }
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let (end, kind) = identify(text, start, i);
        i = end;
        if let Some(kind) = kind {
            out.push(Found {
                kind,
                range: start..end,
            });
        }
    }
    out
}

/// What the run of digits `start..digits` of `text` is: where it ends (past
/// the X that may end an ID number) and its kind, if it is an identifier
/// standing alone.
fn identify(text: &str, start: usize, digits: usize) -> (usize, Option<Identifier>) {
    let b = text.as_bytes();
    let mut end = digits;
    // An ID number may end in X.
    if end - start == 17 && matches!(b.get(end), Some(b'X' | b'x')) {
        end += 1;
    }
    // Not glued to letters either (a code such as AB13800138000 is no phone number).
    let glued = start > 0 && b[start - 1].is_ascii_alphabetic()
        || b.get(end).is_some_and(u8::is_ascii_alphanumeric);
    if glued {
        return (end, None);
    }
    let run = &text[start..end];
    let kind = match run.len() {
        18 if valid_id(run) => Some(Identifier::IdCard),
        18 if b[start..start + 17].iter().all(u8::is_ascii_digit)
            && plausible_birth_date(&b[start..end]) =>
        {
            None
        }
        11 if b[start] == b'1' && (b'3'..=b'9').contains(&b[start + 1]) => Some(Identifier::Mobile),
        16..=19 if run.bytes().all(|c| c.is_ascii_digit()) && luhn(run) => {
            Some(Identifier::BankCard)
        }
        _ => None,
    };
    (end, kind)
}

/// The masked form: the first 3 (mobile) or 4 characters and the last 4 kept.
pub fn mask(kind: Identifier, value: &str) -> String {
    let keep_head = if kind == Identifier::Mobile { 3 } else { 4 };
    let n = value.len();
    value
        .char_indices()
        .map(|(i, c)| {
            if i < keep_head || i >= n.saturating_sub(4) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `text` with every identifier masked. Masking replaces ASCII digits with
/// `*` one for one, so every byte offset and column stays as it was.
pub fn redact(text: &str) -> String {
    let found = scan(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut s = text.to_string();
    for f in found.into_iter().rev() {
        let masked = mask(f.kind, &text[f.range.clone()]);
        s.replace_range(f.range, &masked);
    }
    s
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// The scan before the skipping: a look at every byte.
    fn scan_every_byte(text: &str) -> Vec<Found> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let (end, kind) = identify(text, start, i);
            i = end;
            if let Some(kind) = kind {
                out.push(Found {
                    kind,
                    range: start..end,
                });
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Skipping ahead finds what looking at every byte finds.
        #[test]
        fn skipping_finds_what_every_byte_finds(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    "13800138000", "11010519491231002X", "6222020200112233445",
                    "4111111111111111", "110105194912310021", "问题", "X", "a", " ",
                ]).prop_map(str::to_string),
                "[0-9]{1,20}",
                "[0-9a-zX问，]{0,6}",
            ], 0..12)
        ) {
            let text = pieces.concat();
            let got: Vec<_> = scan(&text).into_iter().map(|f| (f.kind, f.range)).collect();
            let want: Vec<_> = scan_every_byte(&text).into_iter().map(|f| (f.kind, f.range)).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    use super::*;

    #[test]
    fn id_numbers_need_a_valid_check_digit() {
        assert!(valid_id("11010519491231002X"));
        assert!(!valid_id("110105194912310021"));
        assert_eq!(scan("身份证11010519491231002X。").len(), 1);
        assert!(scan("身份证110105194912310021。").is_empty());
    }

    #[test]
    fn numbers_inside_longer_runs_are_not_flagged() {
        assert_eq!(scan("电话13800138000").len(), 1);
        assert!(scan("编号138001380001").is_empty());
        assert!(scan("编号AB13800138000").is_empty());
    }

    #[test]
    fn bank_cards_pass_luhn() {
        assert!(luhn("4111111111111111"));
        assert_eq!(
            scan("卡号4111111111111111").first().map(|f| f.kind),
            Some(Identifier::BankCard)
        );
        assert!(scan("卡号4111111111111112").is_empty());
    }

    #[test]
    fn masking_keeps_offsets() {
        let t = "身份证11010519491231002X，电话13800138000";
        let r = redact(t);
        assert_eq!(r.len(), t.len());
        assert!(r.contains("1101**********002X"));
        assert!(r.contains("138****8000"));
    }
}
