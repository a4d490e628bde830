//! A list number as Word shows it, for every value of `ST_NumberFormat`
//! (ECMA-376 Part 1, §17.18.59): 一、 from `chineseCountingThousand` or
//! `taiwaneseCountingThousand`, （壹） from `chineseLegalSimplified`, ⑴ from
//! `decimalEnclosedParen`, iv from `lowerRoman`…
//!
//! Where a sequence has a fixed length (甲乙丙…, ①…⑳, the zodiac) Word shows
//! the decimal number past its end; so does this.

/// `n` in the numbering format named `format` (its `w:numFmt` value; for
/// `custom`, `custom` is its `w:format`, such as "001, 002, 003, ...").
pub fn format_number(format: &str, n: u32, custom: Option<&str>) -> String {
    let table = |seq: &str| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| seq.chars().nth(i))
            .map_or_else(|| n.to_string(), String::from)
    };
    let from = |first: u32, last: u32| {
        (1..=last - first + 1)
            .contains(&n)
            .then(|| char::from_u32(first + n - 1))
            .flatten()
            .map_or_else(|| n.to_string(), String::from)
    };
    match format {
        "decimal" | "decimalHalfWidth" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "decimalFullWidth" | "decimalFullWidth2" => full_width(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => from(0x2460, 0x2473),
        "decimalEnclosedFullstop" => from(0x2488, 0x249B),
        "decimalEnclosedParen" => from(0x2474, 0x2487),
        "ideographEnclosedCircle" => from(0x3280, 0x3289),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n, LATIN_UPPER),
        "lowerLetter" => letters(n, LATIN_LOWER),
        "russianUpper" => letters(n, RUSSIAN_UPPER),
        "russianLower" => letters(n, RUSSIAN_LOWER),
        "ordinal" => ordinal(n),
        "cardinalText" => capitalized(&english(n)),
        "ordinalText" => capitalized(&english_ordinal(n)),
        "hex" => format!("{n:X}"),
        "chicago" => chicago(n),
        "numberInDash" => format!("- {n} -"),
        // 一、二、十一、一百零一
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => counting(n, CN_DIGITS, CN_UNITS, "零", 1),
        // 일, 십일, 이십, 백일: Sino-Korean numbers in Hangul
        "koreanCounting" => counting(n, KOREAN_DIGITS, KOREAN_UNITS, "", 3),
        // 하나, 둘, 열하나, 스물: native Korean numbers below 100
        "koreanLegal" => korean_native(n),
        // 壹、贰、壹拾
        "chineseLegalSimplified" => counting(n, CN_LEGAL_SIMPLIFIED, CN_LEGAL_UNITS, "零", 0),
        "ideographLegalTraditional" => counting(n, CN_LEGAL_TRADITIONAL, CN_LEGAL_UNITS, "零", 0),
        "japaneseLegal" => counting(n, JP_LEGAL, JP_LEGAL_UNITS, "", 0),
        // 一〇、一一: digit by digit
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            digits(n, CN_DIGITS)
        }
        "koreanDigital2" => digits(n, HANJA_DIGITS),
        "koreanDigital" => digits(n, KOREAN_DIGITS),
        "ideographTraditional" => table(HEAVENLY_STEMS),
        "ideographZodiac" => table(EARTHLY_BRANCHES),
        "ideographZodiacTraditional" => sexagenary(n),
        // The kana and Hangul sequences start again after their end.
        "aiueo" => cycle(n, AIUEO_HALF),
        "aiueoFullWidth" => cycle(n, AIUEO_FULL),
        "iroha" => cycle(n, IROHA_HALF),
        "irohaFullWidth" => cycle(n, IROHA_FULL),
        "ganada" => cycle(n, GANADA),
        "chosung" => cycle(n, CHOSUNG),
        "thaiNumbers" => digits(n, THAI_DIGITS),
        "hindiNumbers" => digits(n, HINDI_DIGITS),
        "thaiLetters" => letters(n, THAI_LETTERS),
        "hindiVowels" => letters(n, HINDI_VOWELS),
        "hindiConsonants" => letters(n, HINDI_CONSONANTS),
        "arabicAlpha" => letters(n, ARABIC_ALPHA),
        "arabicAbjad" => table(ARABIC_ABJAD),
        "hebrew2" => letters(n, HEBREW_LETTERS),
        "hebrew1" => hebrew(n),
        "vietnameseCounting" => vietnamese(n),
        "custom" => custom_format(n, custom),
        // Shown as a symbol or nothing; reportlint reads no number.
        "none" | "bullet" => String::new(),
        // The spelled-out amounts (bahtText, dollarText), the counting
        // words of scripts reportlint does not check (hindiCounting,
        // thaiCounting), and values unknown: the decimal number.
        _ => n.to_string(),
    }
}

const CN_DIGITS: &str = "〇一二三四五六七八九";
const CN_UNITS: &str = "十百千";
const CN_LEGAL_SIMPLIFIED: &str = "零壹贰叁肆伍陆柒捌玖";
const CN_LEGAL_UNITS: &str = "拾佰仟";
const CN_LEGAL_TRADITIONAL: &str = "零壹貳參肆伍陸柒捌玖";
const JP_LEGAL: &str = "〇壱弐参四伍六七八九";
const JP_LEGAL_UNITS: &str = "拾百阡";
const KOREAN_DIGITS: &str = "영일이삼사오육칠팔구";
const KOREAN_UNITS: &str = "십백천";
const HANJA_DIGITS: &str = "零一二三四五六七八九";
const HEAVENLY_STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
const EARTHLY_BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
const LATIN_UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LATIN_LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
// Word's Cyrillic sequence leaves out ё, й, ъ, ы, ь.
const RUSSIAN_LOWER: &str = "абвгдежзиклмнопрстуфхцчшщэюя";
const RUSSIAN_UPPER: &str = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ";
const AIUEO_FULL: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const AIUEO_HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
const IROHA_FULL: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン";
const IROHA_HALF: &str = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳｲﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼｴﾋﾓｾｽﾝ";
const GANADA: &str = "가나다라마바사아자차카타파하";
const CHOSUNG: &str = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ";
const THAI_DIGITS: &str = "๐๑๒๓๔๕๖๗๘๙";
const HINDI_DIGITS: &str = "०१२३४५६७८९";
const THAI_LETTERS: &str = "กขคงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮฤ";
const HINDI_VOWELS: &str = "अआइईउऊऋएऐओऔ";
const HINDI_CONSONANTS: &str = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह";
const ARABIC_ALPHA: &str = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي";
const ARABIC_ABJAD: &str = "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ";
const HEBREW_LETTERS: &str = "אבגדהוזחטיכלמנסעפצקרשת";

/// Full-width digits: １２.
fn full_width(n: u32) -> String {
    n.to_string()
        .chars()
        .filter_map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10))
        .collect()
}

/// The `i`th character of a sequence written as one string.
fn nth(seq: &str, i: usize) -> char {
    seq.chars().nth(i).unwrap_or('?')
}

/// Digit by digit from the ten digits of `table`: 一〇 for 10.
fn digits(n: u32, table: &str) -> String {
    n.to_string()
        .bytes()
        .map(|b| nth(table, usize::from(b - b'0')))
        .collect()
}

/// Counting with units: 十一, 一百零一, 一千零一十, 一万二千, a gap of
/// zeros written `zero` once. A leading one before the unit of position
/// 1 to `short` is left out: Chinese counting writes 十一 (short 1) but 一百,
/// Korean 십일, 백, 천 (short 3); legal forms keep it, 壹拾壹 (short 0).
fn counting(n: u32, digits: &str, units: &str, zero: &str, short: usize) -> String {
    if n == 0 {
        return nth(digits, 0).to_string();
    }
    const GROUPS: [&str; 3] = ["", "万", "亿"];
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut gap = false;
    for (g, &value) in groups.iter().enumerate().rev() {
        if value == 0 {
            gap = !out.is_empty();
            continue;
        }
        if gap || (!out.is_empty() && value < 1000) {
            out.push_str(zero);
        }
        gap = false;
        let mut inner_zero = false;
        for pos in (0..4).rev() {
            let d = (value / 10u32.pow(pos as u32) % 10) as usize;
            if d == 0 {
                inner_zero = true;
                continue;
            }
            let started = value >= 10u32.pow(pos as u32 + 1);
            if inner_zero && started {
                out.push_str(zero);
            }
            inner_zero = false;
            let leading_one = (1..=short).contains(&pos) && d == 1 && out.is_empty();
            if !leading_one {
                out.push(nth(digits, d));
            }
            if pos > 0 {
                out.push(nth(units, pos - 1));
            }
        }
        out.push_str(GROUPS.get(g).copied().unwrap_or(""));
    }
    out
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The `n`th of a sequence that starts again after its end.
fn cycle(n: u32, seq: &str) -> String {
    if n == 0 {
        return n.to_string();
    }
    nth(seq, ((n - 1) as usize) % seq.chars().count()).to_string()
}

/// Native Korean numbers (하나, 열하나, 아흔아홉) below 100, Sino-Korean
/// from 100 (백, 백일).
fn korean_native(n: u32) -> String {
    const ONES_K: [&str; 10] = [
        "", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉",
    ];
    const TENS_K: [&str; 10] = [
        "", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔",
    ];
    match n {
        1..=99 => format!("{}{}", TENS_K[(n / 10) as usize], ONES_K[(n % 10) as usize]),
        _ => counting(n, KOREAN_DIGITS, KOREAN_UNITS, "", 3),
    }
}

/// Word's letters past the end of the alphabet repeat: Z, AA, BB… ZZ, AAA.
fn letters(n: u32, alphabet: &str) -> String {
    if n == 0 {
        return n.to_string();
    }
    let len = alphabet.chars().count() as u32;
    let i = ((n - 1) % len) as usize;
    let times = ((n - 1) / len + 1) as usize;
    nth(alphabet, i).to_string().repeat(times)
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// English words: twenty-one, one hundred one, two thousand.
fn english(n: u32) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => match n % 10 {
            0 => TENS[(n / 10) as usize].to_string(),
            r => format!("{}-{}", TENS[(n / 10) as usize], ONES[r as usize]),
        },
        100..=999 => match n % 100 {
            0 => format!("{} hundred", ONES[(n / 100) as usize]),
            r => format!("{} hundred {}", ONES[(n / 100) as usize], english(r)),
        },
        _ => match n % 1000 {
            0 => format!("{} thousand", english(n / 1000)),
            r => format!("{} thousand {}", english(n / 1000), english(r)),
        },
    }
}

/// English ordinal words: first, twenty-first, one hundredth.
fn english_ordinal(n: u32) -> String {
    let words = english(n);
    let (head, last) = match words.rfind([' ', '-']) {
        Some(i) => words.split_at(i + 1),
        None => ("", words.as_str()),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// *, †, ‡, §, then each doubled, tripled…
fn chicago(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    letters(n, "*†‡§")
}

/// The sexagenary cycle: 甲子, 乙丑 … 癸亥.
fn sexagenary(n: u32) -> String {
    if !(1..=60).contains(&n) {
        return n.to_string();
    }
    let i = (n - 1) as usize;
    format!(
        "{}{}",
        nth(HEAVENLY_STEMS, i % 10),
        nth(EARTHLY_BRANCHES, i % 12)
    )
}

/// Hebrew numerals (alphabetic): א … י, יא, טו and טז for 15 and 16, ק …
fn hebrew(n: u32) -> String {
    if !(1..=999).contains(&n) {
        return n.to_string();
    }
    const HUNDREDS: [&str; 10] = ["", "ק", "ר", "ש", "ת", "תק", "תר", "תש", "תת", "תתק"];
    const TENS_H: [&str; 10] = ["", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ"];
    const ONES_H: [&str; 10] = ["", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט"];
    let mut out = HUNDREDS[(n / 100) as usize].to_string();
    match n % 100 {
        15 => out.push_str("טו"),
        16 => out.push_str("טז"),
        r => {
            out.push_str(TENS_H[(r / 10) as usize]);
            out.push_str(ONES_H[(r % 10) as usize]);
        }
    }
    out
}

/// Vietnamese counting words for 1 to 99: một, hai … mười một, hai mươi mốt.
fn vietnamese(n: u32) -> String {
    const V: [&str; 10] = [
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    match n {
        1..=9 => V[n as usize].to_string(),
        10 => "mười".into(),
        11..=19 => format!(
            "mười {}",
            if n == 15 {
                "lăm"
            } else {
                V[(n % 10) as usize]
            }
        ),
        20..=99 => {
            let ones = match n % 10 {
                0 => String::new(),
                1 => " mốt".into(),
                5 => " lăm".into(),
                r => format!(" {}", V[r as usize]),
            };
            format!("{} mươi{ones}", V[(n / 10) as usize])
        }
        _ => n.to_string(),
    }
}

/// `custom` with its `w:format`: "001, 002, 003, ..." pads with zeros to
/// the width of its first number; otherwise the decimal number.
fn custom_format(n: u32, format: Option<&str>) -> String {
    let first = format
        .and_then(|f| f.split(',').next())
        .map(str::trim)
        .unwrap_or("");
    if first.len() > 1 && first.bytes().all(|b| b.is_ascii_digit()) && first.starts_with('0') {
        format!("{n:0width$}", width = first.len())
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::format_number as f;

    fn all(format: &str, values: &[u32]) -> Vec<String> {
        values.iter().map(|&n| f(format, n, None)).collect()
    }

    #[test]
    fn chinese_counting_as_word_shows_it() {
        let values = [
            1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111, 1000, 1001, 1010, 10000, 10001,
            20300,
        ];
        let want = [
            "一",
            "二",
            "九",
            "十",
            "十一",
            "十九",
            "二十",
            "二十一",
            "九十九",
            "一百",
            "一百零一",
            "一百一十",
            "一百一十一",
            "一千",
            "一千零一",
            "一千零一十",
            "一万",
            "一万零一",
            "二万零三百",
        ];
        for format in [
            "chineseCounting",
            "chineseCountingThousand",
            "taiwaneseCounting",
            "taiwaneseCountingThousand",
            "japaneseCounting",
        ] {
            assert_eq!(all(format, &values), want, "{format}");
        }
    }

    #[test]
    fn legal_and_digital_forms() {
        assert_eq!(
            all("chineseLegalSimplified", &[1, 2, 3, 10, 11, 20, 101]),
            ["壹", "贰", "叁", "壹拾", "壹拾壹", "贰拾", "壹佰零壹"]
        );
        assert_eq!(
            all("ideographLegalTraditional", &[2, 3, 6, 10]),
            ["貳", "參", "陸", "壹拾"]
        );
        assert_eq!(
            all("ideographDigital", &[1, 10, 25]),
            ["一", "一〇", "二五"]
        );
        assert_eq!(all("taiwaneseDigital", &[10, 100]), ["一〇", "一〇〇"]);
        assert_eq!(
            all("japaneseLegal", &[1, 2, 3, 10]),
            ["壱", "弐", "参", "壱拾"]
        );
        assert_eq!(all("koreanDigital", &[1, 10]), ["일", "일영"]);
        assert_eq!(all("koreanDigital2", &[10]), ["一零"]);
        assert_eq!(
            all("koreanCounting", &[1, 10, 11, 20, 100, 101, 1000]),
            ["일", "십", "십일", "이십", "백", "백일", "천"]
        );
        assert_eq!(
            all("koreanLegal", &[1, 10, 11, 20, 99, 100, 101]),
            ["하나", "열", "열하나", "스물", "아흔아홉", "백", "백일"]
        );
    }

    #[test]
    fn cycles_and_their_ends() {
        assert_eq!(
            all("ideographTraditional", &[1, 2, 3, 10, 11]),
            ["甲", "乙", "丙", "癸", "11"]
        );
        assert_eq!(
            all("ideographZodiac", &[1, 2, 3, 12, 13]),
            ["子", "丑", "寅", "亥", "13"]
        );
        assert_eq!(
            all("ideographZodiacTraditional", &[1, 2, 11, 60, 61]),
            ["甲子", "乙丑", "甲戌", "癸亥", "61"]
        );
        assert_eq!(all("decimalEnclosedCircle", &[1, 20, 21]), ["①", "⑳", "21"]);
        assert_eq!(all("decimalEnclosedCircleChinese", &[3]), ["③"]);
        assert_eq!(all("decimalEnclosedParen", &[1, 20, 21]), ["⑴", "⒇", "21"]);
        assert_eq!(all("decimalEnclosedFullstop", &[1, 20]), ["⒈", "⒛"]);
        assert_eq!(
            all("ideographEnclosedCircle", &[1, 10, 11]),
            ["㊀", "㊉", "11"]
        );
    }

    #[test]
    fn latin_forms() {
        assert_eq!(
            all("upperRoman", &[1, 4, 9, 14, 40, 90, 400, 1999, 3999]),
            [
                "I",
                "IV",
                "IX",
                "XIV",
                "XL",
                "XC",
                "CD",
                "MCMXCIX",
                "MMMCMXCIX"
            ]
        );
        assert_eq!(all("lowerRoman", &[3, 12]), ["iii", "xii"]);
        assert_eq!(
            all("upperLetter", &[1, 26, 27, 28, 53]),
            ["A", "Z", "AA", "BB", "AAA"]
        );
        assert_eq!(all("lowerLetter", &[2, 52]), ["b", "zz"]);
        assert_eq!(
            all("decimalZero", &[1, 9, 10, 100]),
            ["01", "09", "10", "100"]
        );
        assert_eq!(all("decimalFullWidth", &[1, 12]), ["１", "１２"]);
        assert_eq!(all("decimalFullWidth2", &[7]), ["７"]);
        assert_eq!(all("decimalHalfWidth", &[7]), ["7"]);
        assert_eq!(
            all("ordinal", &[1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]),
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
        assert_eq!(
            all("cardinalText", &[1, 12, 21, 40, 100, 101, 2000]),
            [
                "One",
                "Twelve",
                "Twenty-one",
                "Forty",
                "One hundred",
                "One hundred one",
                "Two thousand"
            ]
        );
        assert_eq!(
            all("ordinalText", &[1, 2, 3, 5, 12, 20, 21, 100]),
            [
                "First",
                "Second",
                "Third",
                "Fifth",
                "Twelfth",
                "Twentieth",
                "Twenty-first",
                "One hundredth"
            ]
        );
        assert_eq!(all("hex", &[9, 10, 255]), ["9", "A", "FF"]);
        assert_eq!(all("chicago", &[1, 4, 5, 8]), ["*", "§", "**", "§§"]);
        assert_eq!(all("numberInDash", &[3]), ["- 3 -"]);
        assert_eq!(all("russianLower", &[1, 10, 28, 29]), ["а", "к", "я", "аа"]);
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            all("aiueoFullWidth", &[1, 2, 46, 47]),
            ["ア", "イ", "ン", "ア"]
        );
        assert_eq!(all("irohaFullWidth", &[1, 2, 3]), ["イ", "ロ", "ハ"]);
        assert_eq!(all("ganada", &[1, 2, 15]), ["가", "나", "가"]);
        assert_eq!(all("chosung", &[1, 14]), ["ㄱ", "ㅎ"]);
        assert_eq!(all("thaiNumbers", &[12]), ["๑๒"]);
        assert_eq!(all("hindiNumbers", &[12]), ["१२"]);
        assert_eq!(
            all("hebrew1", &[1, 10, 11, 15, 16, 100]),
            ["א", "י", "יא", "טו", "טז", "ק"]
        );
        assert_eq!(all("hebrew2", &[1, 22, 23]), ["א", "ת", "אא"]);
        assert_eq!(
            all("vietnameseCounting", &[1, 10, 15, 21]),
            ["một", "mười", "mười lăm", "hai mươi mốt"]
        );
    }

    #[test]
    fn none_bullet_custom_and_unknown() {
        assert_eq!(f("none", 3, None), "");
        assert_eq!(f("bullet", 3, None), "");
        assert_eq!(f("custom", 7, Some("001, 002, 003, ...")), "007");
        assert_eq!(f("custom", 7, Some("a, b, c")), "7");
        assert_eq!(f("dollarText", 7, None), "7");
        assert_eq!(f("no-such-format", 7, None), "7");
    }
}
