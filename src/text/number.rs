//! Numbers typed as text, the way Vietnamese and English clerks write them.
//! Shared by the plan loader (`ke_hoach_nam`) and the report reader.

/// The result of reading a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value.
    pub value: f64,
    /// The text was ambiguous ("1.234") and was read the Vietnamese way (I08).
    pub ambiguous: bool,
}

/// Reads a number typed as text: Vietnamese style ("1.234,5"), English
/// style ("1,234.5") or plain ("1234.5", "1234,5"), with spaces allowed as
/// thousands separators. A text with one separator followed by exactly three
/// digits, after one to three digits not starting with 0, is read the
/// Vietnamese way and marked ambiguous: "1.234" is 1234, "1,234" is 1.234
/// (English would read them the other way round). `None` when the text is
/// not a number.
///
/// # Examples
/// ```
/// use tonghop::text::number::parse_number;
/// let n = |s: &str| parse_number(s).map(|n| (n.value, n.ambiguous));
/// assert_eq!(n("1.234,5"), Some((1234.5, false)));
/// assert_eq!(n("2,5"), Some((2.5, false)));
/// assert_eq!(n("1.234"), Some((1234.0, true)));
/// assert_eq!(n("1,234"), Some((1.234, true)));
/// assert_eq!(n("khoảng 5"), None);
/// ```
pub fn parse_number(t: &str) -> Option<Number> {
    let t: String = t
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    let (neg, body) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    if !body.starts_with(|c: char| c.is_ascii_digit())
        || !body.ends_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let groups_ok = |s: &str, sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
    };
    // One separator between one to three digits (not starting with 0) and
    // exactly three: a thousands group in one convention, a decimal in the
    // other ("1.234", "1,234").
    let reads_both_ways = |int: &str, frac: &str| {
        frac.len() == 3 && !int.is_empty() && int.len() <= 3 && !int.starts_with('0')
    };
    let mut ambiguous = false;
    let normal: String = match (dots, commas) {
        (0, 0) => body.to_string(),
        (0, 1) => {
            // "79,0": a decimal comma. "1,234" is also English for 1234:
            // read the Vietnamese way too, and said to be unsure.
            let (int, frac) = body.split_once(',')?;
            ambiguous = reads_both_ways(int, frac);
            body.replace(',', ".")
        }
        (1, 0) => {
            let (int, frac) = body.split_once('.')?;
            if reads_both_ways(int, frac) {
                ambiguous = true;
                format!("{int}{frac}")
            } else {
                body.to_string()
            }
        }
        (_, 0) if groups_ok(body, '.') => body.replace('.', ""), // 1.234.567
        (0, _) if groups_ok(body, ',') => body.replace(',', ""), // 1,234,567
        _ => {
            // Both separators: the last one is the decimal mark.
            let last_dot = body.rfind('.')?;
            let last_comma = body.rfind(',')?;
            if last_comma > last_dot && commas == 1 {
                let (int, frac) = body.split_at(last_comma);
                if !groups_ok(int, '.') {
                    return None;
                }
                format!("{}.{}", int.replace('.', ""), &frac[1..])
            } else if last_dot > last_comma && dots == 1 {
                let (int, frac) = body.split_at(last_dot);
                if !groups_ok(int, ',') {
                    return None;
                }
                format!("{}.{}", int.replace(',', ""), &frac[1..])
            } else {
                return None;
            }
        }
    };
    let v: f64 = normal.parse().ok()?;
    Some(Number {
        value: if neg { -v } else { v },
        ambiguous,
    })
}

/// What an ambiguous text ([`Number::ambiguous`]) means read the other
/// way, the English way: "1.234" → 1.234, "1,234" → 1234. `None` for a text
/// that is not a number.
///
/// # Examples
/// ```
/// use tonghop::text::number::other_reading;
/// assert_eq!(other_reading("22.724"), Some(22.724));
/// assert_eq!(other_reading("1,234"), Some(1234.0));
/// ```
pub fn other_reading(t: &str) -> Option<f64> {
    let swapped: String = t
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect();
    parse_number(&swapped).map(|n| n.value)
}
