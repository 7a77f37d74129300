//! Interpreting cell values as FORM.md §3 describes: statuses and their
//! synonyms, completion shares, numbers typed as text in Vietnamese or
//! English style, and dates. Pure functions over [`Raw`], shared by the
//! validation stage and `check`.

use chrono::NaiveDate;

use super::Raw;
use crate::text::fold;
use crate::text::number::parse_number as parse_number_text;
pub use crate::text::number::Number;

pub use crate::model::Status;

/// Reads a status cell. `None` when it is empty or not in the vocabulary.
///
/// # Examples
/// ```
/// use tonghop::read::{Raw, values::{parse_status, Status}};
/// assert_eq!(parse_status(&Raw::Text(" dang  trien khai ".into())), Some(Status::InProgress));
/// assert_eq!(parse_status(&Raw::Text("TX".into())), Some(Status::Ongoing));
/// assert_eq!(parse_status(&Raw::Text("Tốt".into())), None);
/// ```
pub fn parse_status(raw: &Raw) -> Option<Status> {
    static FOLDED: std::sync::OnceLock<Vec<(String, Status)>> = std::sync::OnceLock::new();
    let Raw::Text(t) = raw else { return None };
    let f = fold(t);
    let folded = FOLDED.get_or_init(|| {
        Status::ALL
            .into_iter()
            .flat_map(|s| s.spellings().iter().map(move |sp| (fold(sp), s)))
            .collect()
    });
    folded.iter().find(|(sp, _)| *sp == f).map(|(_, s)| *s)
}

/// Reads a number from a cell: a number cell, or text in Vietnamese style
/// ("1.234,5"), English style ("1,234.5") or plain ("1234.5", "1234,5"),
/// with spaces allowed as thousands separators. A text with one dot followed
/// by exactly three digits and no comma ("1.234") is read as 1234 and marked
/// ambiguous. A cell whose format shows a percentage ([`Raw::Percent`])
/// is the number it shows: 0.749 shown "74,9%" is 74.9. `None` when the
/// cell is empty or not a number.
///
/// # Examples
/// ```
/// use tonghop::read::{Raw, values::parse_number};
/// let n = |s: &str| parse_number(&Raw::Text(s.into())).map(|n| (n.value, n.ambiguous));
/// assert_eq!(n("1.234,5"), Some((1234.5, false)));
/// assert_eq!(n("1,234.5"), Some((1234.5, false)));
/// assert_eq!(n("79,0"), Some((79.0, false)));
/// assert_eq!(n("1.234"), Some((1234.0, true)));
/// assert_eq!(n("12.5"), Some((12.5, false)));
/// assert_eq!(n("khoảng 5"), None);
/// ```
pub fn parse_number(raw: &Raw) -> Option<Number> {
    match raw {
        Raw::Number(n) if n.is_finite() => Some(Number {
            value: *n,
            ambiguous: false,
        }),
        // A cell formatted as a percentage shows, and means, its points
        // ("85%" for 0.85): the value of an indicator counted in %.
        Raw::Percent(p) if p.is_finite() => Some(Number {
            value: crate::model::percent_points(*p),
            ambiguous: false,
        }),
        Raw::Text(t) => parse_number_text(t),
        _ => None,
    }
}

/// A statistical mark typed in an indicator cell instead of a figure, as
/// the statistics office's conventions have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    /// "-", "không phát sinh", "KPS": nothing happened in the period (the
    /// figure is 0).
    Nil,
    /// "x": not applicable to this unit, or not to be reported.
    NotApplicable,
    /// "…", "..", "không có số liệu", "chưa có số liệu": it happened but the
    /// figure was not collected.
    NotCollected,
}

/// The spellings of the marks (compared without case and diacritics);
/// [`parse_mark`] also takes the en and em dash, "--" and any run of dots.
/// The blank forms accept exactly these in their value cells.
pub const MARKS: &[(&str, Mark)] = &[
    ("-", Mark::Nil),
    ("không phát sinh", Mark::Nil),
    ("KPS", Mark::Nil),
    ("x", Mark::NotApplicable),
    ("…", Mark::NotCollected),
    ("..", Mark::NotCollected),
    ("...", Mark::NotCollected),
    ("không có số liệu", Mark::NotCollected),
    ("chưa có số liệu", Mark::NotCollected),
];

/// A mark with the text the unit typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// What the mark means.
    pub mark: Mark,
    /// The mark as typed, trimmed ("KPS", "-", "…").
    pub text: String,
}

/// Reads a statistical mark from an indicator cell: `None` when the cell
/// holds anything else (a number, other text, nothing). Words match
/// without case and diacritics; a dash may be a hyphen, an en or an em
/// dash; dots may be two or more, or the ellipsis character.
///
/// # Examples
/// ```
/// use tonghop::read::{Raw, values::{parse_mark, Mark}};
/// let m = |s: &str| parse_mark(&Raw::Text(s.into())).map(|m| m.mark);
/// assert_eq!(m(" - "), Some(Mark::Nil));
/// assert_eq!(m("Không phát sinh"), Some(Mark::Nil));
/// assert_eq!(m("kps"), Some(Mark::Nil));
/// assert_eq!(m("X"), Some(Mark::NotApplicable));
/// assert_eq!(m("…"), Some(Mark::NotCollected));
/// assert_eq!(m("chua co so lieu"), Some(Mark::NotCollected));
/// assert_eq!(m("-5"), None);
/// assert_eq!(parse_mark(&Raw::Number(0.0)), None);
/// ```
pub fn parse_mark(raw: &Raw) -> Option<Marked> {
    let Raw::Text(t) = raw else { return None };
    let typed = t.trim();
    let f = fold(typed);
    let listed = MARKS.iter().find(|(s, _)| fold(s) == f).map(|(_, m)| *m);
    let mark = match f.as_str() {
        _ if listed.is_some() => listed?,
        "\u{2013}" | "\u{2014}" | "--" => Mark::Nil,
        s if s.len() >= 2 && s.chars().all(|c| c == '.' || c == '\u{2026}') => Mark::NotCollected,
        _ => return None,
    };
    Some(Marked {
        mark,
        text: typed.to_string(),
    })
}

/// Reads a completion share: 0–100 from "75", "75%", "75 %", 75, a cell
/// whose format shows a percentage (what it shows: 1 shown "100%" is 100),
/// or, where the format is not known, a fraction strictly between 0 and 1
/// (0.75 → 75; Excel stores "75%" as 0.75).
/// Returns the number as read, which may lie outside 0–100 (the caller flags
/// T05); `None` when the cell is empty or not a number.
///
/// # Examples
/// ```
/// use tonghop::read::{Raw, values::parse_share};
/// assert_eq!(parse_share(&Raw::Number(0.75)).map(|n| n.value), Some(75.0));
/// assert_eq!(parse_share(&Raw::Text("80%".into())).map(|n| n.value), Some(80.0));
/// assert_eq!(parse_share(&Raw::Number(1.0)).map(|n| n.value), Some(1.0));
/// assert_eq!(parse_share(&Raw::Percent(1.0)).map(|n| n.value), Some(100.0));
/// assert_eq!(parse_share(&Raw::Text("khoảng 80%".into())), None);
/// ```
pub fn parse_share(raw: &Raw) -> Option<Number> {
    let n = match raw {
        // A cell formatted as a percentage: the fraction it stores.
        Raw::Percent(p) if p.is_finite() => {
            return Some(Number {
                value: crate::model::percent_points(*p),
                ambiguous: false,
            })
        }
        Raw::Text(t) => {
            let t = t.trim();
            if let Some(p) = t.strip_suffix('%') {
                // "75%" typed as text: already a percentage.
                return parse_number_text(p);
            }
            parse_number_text(t)?
        }
        // The format says what the cell shows: no guessing from the size.
        Raw::Percent(_) => return parse_number(raw),
        _ => parse_number(raw)?,
    };
    if n.value > 0.0 && n.value < 1.0 {
        Some(Number {
            value: round_share(n.value * 100.0),
            ambiguous: n.ambiguous,
        })
    } else {
        Some(n)
    }
}

/// Rounds away binary noise from a fraction turned into a percentage
/// (0.07 × 100 = 7.000000000000001).
fn round_share(v: f64) -> f64 {
    (v * 1e9).round() / 1e9
}

/// Reads a date: an Excel or ODS date cell, or text `dd/mm/yyyy` (also
/// `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` and ISO `yyyy-mm-dd`), the same
/// with a two-digit year (`07/06/20`, `7-6-20`: 2000 + yy, never guessed
/// from the clock), and the administrative form "ngày 07 tháng 6 năm 2020",
/// also after a place ("Hải Phòng, ngày 07 tháng 6 năm 2020"). Day first
/// always: a text that is no date that way (`6/17/2020`, a month 13,
/// 31/02) is `None`, never read the other way round.
///
/// # Examples
/// ```
/// use tonghop::read::{Raw, values::parse_date};
/// use chrono::NaiveDate;
/// let d = |s: &str| parse_date(&Raw::Text(s.into()));
/// assert_eq!(d("15/06/2020"), NaiveDate::from_ymd_opt(2020, 6, 15));
/// assert_eq!(d("7-6-20"), NaiveDate::from_ymd_opt(2020, 6, 7));
/// assert_eq!(d("Hải Phòng, ngày 07 tháng 6 năm 2020"), NaiveDate::from_ymd_opt(2020, 6, 7));
/// assert_eq!(d("31/02/2020"), None);
/// assert_eq!(d("6/17/2020"), None);
/// ```
pub fn parse_date(raw: &Raw) -> Option<NaiveDate> {
    match raw {
        Raw::Date(d) => Some(*d),
        Raw::Text(t) => parse_date_text(t),
        _ => None,
    }
}

fn parse_date_text(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    if let Some(d) = administrative_date(t) {
        return Some(d);
    }
    // ISO: four-digit year first.
    let parts: Vec<&str> = t.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if y.len() == 4 {
            return ymd(y, m, d);
        }
    }
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if let [d, m, y] = parts.as_slice() {
            return ymd(y, m, d);
        }
    }
    None
}

/// A date from its parts as typed: day and month of 1–2 digits, the year of
/// 4 digits or 2 (2000 + yy).
fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let digits = |s: &str, lens: &[usize]| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let day = digits(d, &[1, 2])?;
    let month = digits(m, &[1, 2])?;
    let year = digits(y, &[2, 4])?;
    let year = if y.len() == 2 { 2000 + year } else { year };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// "ngày 07 tháng 6 năm 2020", alone or after a place and a comma, compared
/// without case and diacritics.
fn administrative_date(t: &str) -> Option<NaiveDate> {
    let f = fold(t);
    let start = f.find("ngay")?;
    let words: Vec<&str> = f[start..].split_whitespace().collect();
    match words.as_slice() {
        ["ngay", d, "thang", m, "nam", y, ..] => ymd(y.trim_end_matches('.'), m, d),
        _ => None,
    }
}

pub use crate::text::format_number;

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<(f64, bool)> {
        parse_number(&Raw::Text(s.into())).map(|n| (n.value, n.ambiguous))
    }

    #[test]
    fn percent_cells_are_their_points() {
        let p = |x: f64| parse_number(&Raw::Percent(x)).map(|n| n.value);
        assert_eq!(p(0.85), Some(85.0));
        assert_eq!(p(f64::NAN), None);
        assert_eq!(parse_share(&Raw::Percent(0.4)).map(|n| n.value), Some(40.0));
        assert_eq!(
            parse_share(&Raw::Percent(1.0)).map(|n| n.value),
            Some(100.0)
        );
    }

    #[test]
    fn vietnamese_and_english_numbers() {
        assert_eq!(num("1234"), Some((1234.0, false)));
        assert_eq!(num("1.234.567"), Some((1234567.0, false)));
        assert_eq!(num("1,234,567"), Some((1234567.0, false)));
        assert_eq!(num("1.234.567,89"), Some((1234567.89, false)));
        assert_eq!(num("1,234,567.89"), Some((1234567.89, false)));
        assert_eq!(num("56,2"), Some((56.2, false)));
        assert_eq!(num("1 234,5"), Some((1234.5, false)));
        assert_eq!(num("-3,5"), Some((-3.5, false)));
        assert_eq!(num("0.234"), Some((0.234, false)));
        assert_eq!(num("12.345"), Some((12345.0, true)));
        assert_eq!(num("1234.567"), Some((1234.567, false)));
        // A single comma is the Vietnamese decimal mark; with three digits
        // after it, English would read a thousands separator: said so.
        assert_eq!(num("1,234"), Some((1.234, true)));
        assert_eq!(num("22,724"), Some((22.724, true)));
        assert_eq!(num("0,234"), Some((0.234, false)));
        assert_eq!(num("1234,567"), Some((1234.567, false)));
        assert_eq!(num("1,23"), Some((1.23, false)));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "",
            "abc",
            "1.2.3,4,5",
            "1,,2",
            ".5",
            "5.",
            "1.23.4",
            "12,34,5",
            "N/A",
            "1e5",
        ] {
            assert_eq!(num(s), None, "{s}");
        }
        assert_eq!(parse_number(&Raw::Number(f64::NAN)), None);
        assert_eq!(parse_number(&Raw::Empty), None);
    }

    #[test]
    fn shares() {
        let s = |r: Raw| parse_share(&r).map(|n| n.value);
        assert_eq!(s(Raw::Number(75.0)), Some(75.0));
        assert_eq!(s(Raw::Number(0.5)), Some(50.0));
        assert_eq!(s(Raw::Number(0.07)), Some(7.0));
        assert_eq!(s(Raw::Number(0.0)), Some(0.0));
        assert_eq!(s(Raw::Number(120.0)), Some(120.0));
        assert_eq!(s(Raw::Text("75 %".into())), Some(75.0));
        assert_eq!(s(Raw::Text("0,5".into())), Some(50.0));
        assert_eq!(s(Raw::Text("87,5%".into())), Some(87.5));
        assert_eq!(s(Raw::Text("khoảng 80%".into())), None);
        // A %-formatted cell is what it shows, 100% included.
        assert_eq!(s(Raw::Percent(1.0)), Some(100.0));
        assert_eq!(s(Raw::Percent(0.4)), Some(40.0));
        assert_eq!(s(Raw::Percent(0.005)), Some(0.5));
        assert_eq!(s(Raw::Percent(0.0)), Some(0.0));
        assert_eq!(
            parse_number(&Raw::Percent(0.749)).map(|n| n.value),
            Some(74.9)
        );
    }

    #[test]
    fn statuses_with_synonyms() {
        let st = |s: &str| parse_status(&Raw::Text(s.into()));
        assert_eq!(st("Đã hoàn thành"), Some(Status::Done));
        assert_eq!(st("XONG"), Some(Status::Done));
        assert_eq!(st("Dang TH"), Some(Status::InProgress));
        assert_eq!(st("chưa làm"), Some(Status::NotStarted));
        assert_eq!(st("Thực hiện thường xuyên"), Some(Status::Ongoing));
        assert_eq!(st(" Đang thực hiện  "), Some(Status::InProgress));
        assert_eq!(st(""), None);
        assert_eq!(st("Tạm dừng"), None);
        assert_eq!(parse_status(&Raw::Number(1.0)), None);
    }

    #[test]
    fn marks_and_what_is_not_a_mark() {
        let m = |s: &str| parse_mark(&Raw::Text(s.into())).map(|m| m.mark);
        for s in [
            "-",
            "–",
            "—",
            "--",
            "KPS",
            "Không phát sinh",
            "KHÔNG PHÁT SINH",
        ] {
            assert_eq!(m(s), Some(Mark::Nil), "{s}");
        }
        assert_eq!(m("x"), Some(Mark::NotApplicable));
        for s in ["…", "..", "...", "Không có số liệu", "Chưa có số liệu"] {
            assert_eq!(m(s), Some(Mark::NotCollected), "{s}");
        }
        for s in ["", ".", "0", "-1", "xx", "x2", "không", "Tốt", "N/A"] {
            assert_eq!(m(s), None, "{s}");
        }
        assert_eq!(
            parse_mark(&Raw::Text(" KPS ".into())).map(|m| m.text),
            Some("KPS".into())
        );
        assert_eq!(parse_mark(&Raw::Empty), None);
    }

    #[test]
    fn dates() {
        let d = |s: &str| parse_date(&Raw::Text(s.into()));
        assert_eq!(d("5/6/2020"), NaiveDate::from_ymd_opt(2020, 6, 5));
        assert_eq!(d("2020-06-05"), NaiveDate::from_ymd_opt(2020, 6, 5));
        assert_eq!(d("05.06.2020"), NaiveDate::from_ymd_opt(2020, 6, 5));
        assert_eq!(d("hôm nay"), None);
        // Two-digit years are this century, whatever the clock says.
        assert_eq!(d("07/06/20"), NaiveDate::from_ymd_opt(2020, 6, 7));
        assert_eq!(d("17/06/20"), NaiveDate::from_ymd_opt(2020, 6, 17));
        assert_eq!(d("10/6/20"), NaiveDate::from_ymd_opt(2020, 6, 10));
        assert_eq!(d("7-6-20"), NaiveDate::from_ymd_opt(2020, 6, 7));
        assert_eq!(
            d("ngày 07 tháng 6 năm 2020"),
            NaiveDate::from_ymd_opt(2020, 6, 7)
        );
        assert_eq!(
            d("Ngày 7 tháng 06 năm 2020"),
            NaiveDate::from_ymd_opt(2020, 6, 7)
        );
        assert_eq!(
            d("Hải Phòng, ngày 07 tháng 6 năm 2020"),
            NaiveDate::from_ymd_opt(2020, 6, 7)
        );
        // Never a guess: month first, month 13, a three-digit year.
        for s in [
            "6/17/2020",
            "01/13/2020",
            "7/6/202",
            "ngày 32 tháng 6 năm 2020",
            "1/2/3/2020",
        ] {
            assert_eq!(d(s), None, "{s}");
        }
    }
}
