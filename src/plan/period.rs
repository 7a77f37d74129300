//! Reporting periods (FORM.md §2): the first half of a year (`2026-H1`) and
//! the whole year (`2026`), their cut-off and due dates, and every spelling a
//! report may use for them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::{Plan, PlanInfo};
use crate::text::fold;

/// Half year or whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    /// The first six months (`YYYY-H1`).
    FirstHalf,
    /// The whole year (`YYYY`).
    Year,
}

/// A reporting period.
///
/// Ordered by year, then first half before the year.
///
/// # Examples
/// ```
/// use tonghop::plan::Period;
/// let p: Period = "2026-H1".parse()?;
/// assert_eq!(p.label(), "6 tháng đầu năm 2026");
/// assert_eq!(p.cutoff_end().to_string(), "2026-06-14");
/// assert_eq!(Period::from_spelling("6T/2026"), Some(p));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// Half or whole year.
    pub kind: PeriodKind,
}

/// A period code that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The text is not a period code (`2026-H1` or `2026`).
    #[error("{}", crate::messages::period_bad_code(.0))]
    BadCode(String),
    /// The period lies outside the plan's years.
    #[error("{}", crate::messages::period_outside_plan(.period, .from, .to))]
    OutsidePlan {
        /// The period asked for.
        period: String,
        /// The plan's first year.
        from: i32,
        /// The plan's last year.
        to: i32,
    },
    /// No period of the plan has reached its cut-off yet.
    #[error("{}", crate::messages::period_none_passed(.0))]
    NonePassed(i32),
}

impl Period {
    /// The first half of `year`.
    pub fn first_half(year: i32) -> Period {
        Period {
            year,
            kind: PeriodKind::FirstHalf,
        }
    }

    /// The whole `year`.
    pub fn whole_year(year: i32) -> Period {
        Period {
            year,
            kind: PeriodKind::Year,
        }
    }

    /// The code used for folders and flags: `2026-H1` or `2026`.
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::FirstHalf => format!("{}-H1", self.year),
            PeriodKind::Year => format!("{}", self.year),
        }
    }

    /// The period as people write it: "6 tháng đầu năm 2026" or "Năm 2026".
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::FirstHalf => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Year => format!("Năm {}", self.year),
        }
    }

    /// First day of the data cut-off (Decree 09/2019/NĐ-CP): 15 December of
    /// the year before.
    pub fn cutoff_start(&self) -> NaiveDate {
        ymd(self.year - 1, 12, 15)
    }

    /// Last day of the data cut-off: 14 June (half year) or 14 December.
    pub fn cutoff_end(&self) -> NaiveDate {
        match self.kind {
            PeriodKind::FirstHalf => ymd(self.year, 6, 14),
            PeriodKind::Year => ymd(self.year, 12, 14),
        }
    }

    /// The due date of the reports, from the plan's `han_bao_cao_6_thang` or
    /// `han_bao_cao_nam`. A 29 February due date in a common year falls on
    /// 28 February.
    pub fn due(&self, info: &PlanInfo) -> NaiveDate {
        let (m, d) = match self.kind {
            PeriodKind::FirstHalf => info.half_year_due,
            PeriodKind::Year => info.annual_due,
        };
        NaiveDate::from_ymd_opt(self.year, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(self.year, m, d.saturating_sub(1)))
            .unwrap_or_else(|| self.cutoff_end())
    }

    /// The same period one year earlier (for "same period last year").
    pub fn previous_year(&self) -> Period {
        Period {
            year: self.year - 1,
            kind: self.kind,
        }
    }

    /// Reads a period as a report spells it in "Kỳ báo cáo": the codes,
    /// "6 tháng đầu năm 2026", "6 tháng 2026", "6T/2026", "Sáu tháng đầu năm
    /// 2026", "Năm 2026", "Cả năm 2026", "2026", with or without diacritics,
    /// in any case and spacing. `None` when the text is none of these.
    ///
    /// # Examples
    /// ```
    /// use tonghop::plan::Period;
    /// assert_eq!(Period::from_spelling("sau thang dau nam 2020"), Some(Period::first_half(2020)));
    /// assert_eq!(Period::from_spelling("CẢ NĂM 2020"), Some(Period::whole_year(2020)));
    /// assert_eq!(Period::from_spelling("Quý 2/2020"), None);
    /// ```
    pub fn from_spelling(s: &str) -> Option<Period> {
        let f = fold(s);
        if let Some(p) = parse_code(&f) {
            return Some(p);
        }
        let (head, year) = split_year(&f)?;
        let head = head.trim_end_matches(['/', '-', ' ', '.']).trim();
        let kind = match head {
            "" | "nam" | "ca nam" => PeriodKind::Year,
            "6 thang dau nam" | "6 thang" | "6t" | "sau thang dau nam" | "sau thang" => {
                PeriodKind::FirstHalf
            }
            _ => return None,
        };
        Some(Period { year, kind })
    }

    /// Reads a number cell holding a year (2026.0 → the year 2026).
    pub fn from_number(n: f64) -> Option<Period> {
        if n.fract() == 0.0 && (1900.0..=2200.0).contains(&n) {
            Some(Period::whole_year(n as i32))
        } else {
            None
        }
    }

    /// Checks that the plan covers this period.
    ///
    /// # Errors
    /// [`PeriodError::OutsidePlan`], naming the plan's years.
    pub fn check_in(&self, plan: &Plan) -> Result<(), PeriodError> {
        if plan.covers_year(self.year) {
            Ok(())
        } else {
            Err(PeriodError::OutsidePlan {
                period: self.code(),
                from: plan.info.from_year,
                to: plan.info.to_year,
            })
        }
    }

    /// The default period: the plan's latest period whose cut-off has passed
    /// on `today` (for a plan that ended, its last year).
    ///
    /// # Errors
    /// [`PeriodError::NonePassed`] when no period of the plan has ended yet.
    ///
    /// # Examples
    /// ```
    /// # use tonghop::plan::{Period, PeriodError};
    /// # use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(Period::latest_passed(2016, 2020, d(2026, 11, 23)), Ok(Period::whole_year(2020)));
    /// assert_eq!(Period::latest_passed(2016, 2020, d(2018, 7, 1)), Ok(Period::first_half(2018)));
    /// assert_eq!(Period::latest_passed(2016, 2020, d(2018, 6, 14)), Ok(Period::whole_year(2017)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn latest_passed(from: i32, to: i32, today: NaiveDate) -> Result<Period, PeriodError> {
        let mut year = to.min(today.year());
        while year >= from {
            for p in [Period::whole_year(year), Period::first_half(year)] {
                if p.cutoff_end() < today {
                    return Ok(p);
                }
            }
            year -= 1;
        }
        Err(PeriodError::NonePassed(from))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Parses a period code as given to `--ky`: `2026-H1` (also `2026-h1`,
    /// `2026H1`) or `2026`, or any spelling [`Period::from_spelling`] knows.
    fn from_str(s: &str) -> Result<Period, PeriodError> {
        parse_code(&fold(s))
            .or_else(|| Period::from_spelling(s))
            .ok_or_else(|| PeriodError::BadCode(s.to_string()))
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // The dates used here (15 December, 14 June, 14 December) exist in every
    // year chrono can represent, so the fallback is never taken.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn parse_code(f: &str) -> Option<Period> {
    let f = f.trim();
    let (y, kind) = if let Some(y) = f
        .strip_suffix("-h1")
        .or_else(|| f.strip_suffix("h1"))
        .or_else(|| f.strip_suffix("/h1"))
    {
        (y.trim_end_matches([' ', '-']), PeriodKind::FirstHalf)
    } else {
        (f, PeriodKind::Year)
    };
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Period {
        year: y.parse().ok()?,
        kind,
    })
}

/// Splits a folded text into what precedes a trailing four-digit year, and
/// the year.
fn split_year(f: &str) -> Option<(&str, i32)> {
    let f = f.trim().trim_end_matches('.');
    if f.len() < 4 {
        return None;
    }
    let (head, tail) = f.split_at(f.len() - 4);
    if !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if head.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((head, tail.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_spelling_of_the_spec() {
        let h1 = Some(Period::first_half(2026));
        let y = Some(Period::whole_year(2026));
        for s in [
            "2026-H1",
            "2026-h1",
            "6 tháng đầu năm 2026",
            "6 tháng 2026",
            "6T/2026",
            "6t/2026",
            "Sáu tháng đầu năm 2026",
            "6 thang dau nam 2026",
            "Sau thang dau nam 2026",
            "  6   THÁNG  ĐẦU NĂM   2026 ",
            "6 tha\u{301}ng đâ\u{300}u năm 2026",
        ] {
            assert_eq!(Period::from_spelling(s), h1, "{s}");
        }
        for s in ["2026", "Năm 2026", "Cả năm 2026", "ca nam 2026", "NAM 2026"] {
            assert_eq!(Period::from_spelling(s), y, "{s}");
        }
        for s in [
            "",
            "2026-H2",
            "Quý I/2026",
            "9 tháng 2026",
            "20265",
            "năm",
            "6 tháng",
        ] {
            assert_eq!(Period::from_spelling(s), None, "{s}");
        }
    }

    #[test]
    fn codes_parse_and_print() {
        assert_eq!("2020-H1".parse::<Period>(), Ok(Period::first_half(2020)));
        assert_eq!("2020".parse::<Period>(), Ok(Period::whole_year(2020)));
        assert_eq!(Period::first_half(2020).code(), "2020-H1");
        assert_eq!(Period::whole_year(2020).to_string(), "2020");
        assert!("20-H1".parse::<Period>().is_err());
        assert!("H1".parse::<Period>().is_err());
    }

    #[test]
    fn year_number_cell() {
        assert_eq!(Period::from_number(2026.0), Some(Period::whole_year(2026)));
        assert_eq!(Period::from_number(2026.5), None);
        assert_eq!(Period::from_number(26.0), None);
    }

    #[test]
    fn cutoff_dates() {
        let h1 = Period::first_half(2026);
        assert_eq!(h1.cutoff_start(), d(2025, 12, 15));
        assert_eq!(h1.cutoff_end(), d(2026, 6, 14));
        let y = Period::whole_year(2026);
        assert_eq!(y.cutoff_start(), d(2025, 12, 15));
        assert_eq!(y.cutoff_end(), d(2026, 12, 14));
        assert_eq!(y.label(), "Năm 2026");
    }

    #[test]
    fn default_period_edges() {
        // The cut-off must have passed: the day itself is not enough.
        assert_eq!(
            Period::latest_passed(2016, 2020, d(2020, 12, 14)),
            Ok(Period::first_half(2020))
        );
        assert_eq!(
            Period::latest_passed(2016, 2020, d(2020, 12, 15)),
            Ok(Period::whole_year(2020))
        );
        assert_eq!(
            Period::latest_passed(2016, 2020, d(2016, 6, 15)),
            Ok(Period::first_half(2016))
        );
        assert_eq!(
            Period::latest_passed(2016, 2020, d(2016, 6, 14)),
            Err(PeriodError::NonePassed(2016))
        );
    }
}
