//! File rules (FORM.md §4, RULES.md "Files"): which unit a report is from
//! (F03, F04, F10), whether it is for this period (F05), its date (F08) and
//! the required columns of its tables (F09).
//!
//! The unit is looked for in this order, the first source that names a plan
//! unit wins:
//! 1. "Mã đơn vị": a plan code, else a name or alias typed in it;
//! 2. "Tên đơn vị": a name or alias, or a text that names exactly one unit;
//! 3. when "Mã đơn vị" holds a code-like text (one word, letters and
//!    digits) the plan does not know, the unit is identified but not in the
//!    plan: F04, without looking further (titles and paths may name other
//!    units, such as the recipient);
//! 4. the title rows, then the file name, then each folder name, nearest
//!    first. A source counts when it names exactly one unit; when it names
//!    several, the consolidating unit (the usual addressee, "Kính gửi: Sở
//!    Công Thương") is set aside, and if several still remain the source is
//!    ambiguous and the next one is tried;
//! 5. nothing found: F04 when "Tên đơn vị" named a unit the plan does not
//!    know (a misspelt name is thus still recovered from the file name),
//!    else F03.

use chrono::NaiveDate;

use crate::messages;
use crate::plan::{Period, Plan, Unit};
use crate::read::values::parse_date;
use crate::read::{IndicatorCol, Located, Raw, Report, TaskCol};
use crate::text;

use super::{Cell, Finding};

/// What the report says about its unit.
#[derive(Debug)]
pub(super) enum UnitId<'p> {
    /// A plan unit.
    Found(&'p Unit),
    /// A unit the plan does not list: the code (when one was typed) and the
    /// text to name in the message.
    Unknown { code: Option<String>, text: String },
    /// No source names exactly one unit; the units named by the ambiguous
    /// sources, if any.
    None(Vec<String>),
}

/// Identifies the unit of a report (see the module docs for the order).
pub(super) fn identify<'p>(plan: &'p Plan, report: &Report, rel: &str) -> UnitId<'p> {
    let code_text = report.info.unit_code.as_ref().map(located_text);
    let name_text = report.info.unit_name.as_ref().map(located_text);
    let code_text = code_text.filter(|t| !t.trim().is_empty());
    let name_text = name_text.filter(|t| !t.trim().is_empty());

    if let Some(c) = &code_text {
        if let Some(u) = plan.resolve_unit(c) {
            return UnitId::Found(u);
        }
    }
    if let Some(n) = &name_text {
        if let Some(u) = plan.resolve_unit(n) {
            return UnitId::Found(u);
        }
        if let [u] = plan.find_units_in(n).as_slice() {
            return UnitId::Found(u);
        }
    }
    if let Some(c) = &code_text {
        if let [u] = plan.find_units_in(c).as_slice() {
            return UnitId::Found(u);
        }
        if looks_like_code(c) {
            return UnitId::Unknown {
                code: Some(text::code(c)),
                text: text::clean(c),
            };
        }
    }

    let mut ambiguous: Vec<String> = Vec::new();
    let mut sources: Vec<Vec<&'p Unit>> = Vec::new();
    let mut from_titles: Vec<&'p Unit> = Vec::new();
    for t in &report.titles {
        for u in plan.find_units_in(t) {
            if !from_titles.iter().any(|o| o.code == u.code) {
                from_titles.push(u);
            }
        }
    }
    sources.push(from_titles);
    let mut parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    if let Some(file) = parts.pop() {
        let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
        sources.push(plan.find_units_in(stem));
    }
    for folder in parts.iter().rev() {
        sources.push(plan.find_units_in(folder));
    }
    for units in sources {
        match pick(plan, units) {
            Pick::One(u) => return UnitId::Found(u),
            Pick::Several(codes) => {
                for c in codes {
                    if !ambiguous.contains(&c) {
                        ambiguous.push(c);
                    }
                }
            }
            Pick::Nothing => {}
        }
    }
    match name_text {
        // A name the plan does not know, and nothing else names a unit.
        Some(n) if ambiguous.is_empty() => UnitId::Unknown {
            code: None,
            text: text::clean(&n),
        },
        _ => UnitId::None(ambiguous),
    }
}

/// The unit a file's name, else its nearest folder, names (the same
/// sources and tie-breaks as [`identify`]), as in force in the period; for
/// a file that could not be read at all.
pub(super) fn unit_from_path(plan: &Plan, period: Period, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    let file = parts.pop()?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let sources = std::iter::once(stem).chain(parts.into_iter().rev());
    for s in sources {
        if let Pick::One(u) = pick(plan, plan.find_units_in(s)) {
            return Some(
                in_force(plan, u, period).map_or_else(|| u.code.clone(), |s| s.code.clone()),
            );
        }
    }
    None
}

enum Pick<'p> {
    One(&'p Unit),
    Several(Vec<String>),
    Nothing,
}

fn pick<'p>(plan: &Plan, mut units: Vec<&'p Unit>) -> Pick<'p> {
    if units.len() > 1 {
        let consolidator = text::code(&plan.info.consolidator);
        units.retain(|u| u.code != consolidator);
    }
    match units.as_slice() {
        [] => Pick::Nothing,
        [u] => Pick::One(u),
        many => Pick::Several(many.iter().map(|u| u.code.clone()).collect()),
    }
}

/// A text typed as a code: one word of letters, digits and `-_.`, at most 20
/// characters, with at least one letter.
fn looks_like_code(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().count() <= 20
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && t.chars().any(|c| c.is_ascii_alphabetic())
}

/// The text of a value for telling the unit; a formula saved without its
/// result says nothing (its text is not the value, F14).
fn located_text(l: &Located) -> String {
    match l.value {
        Raw::Formula(_) => String::new(),
        _ => l.value.display(),
    }
}

/// F05: "Kỳ báo cáo" missing, unreadable or another period.
pub(super) fn check_period(report: &Report, period: Period) -> Option<(String, Option<&Located>)> {
    let expected = period.label();
    let Some(loc) = report.info.period.as_ref().filter(|l| !l.value.is_empty()) else {
        let has_info_sheet = report.info.sheet.is_some();
        return Some((messages::f05_missing(&expected, has_info_sheet), None));
    };
    let found = period_of(&loc.value);
    match found {
        Some(p) if p == period => None,
        Some(p) => Some((
            messages::f05_other(&loc.value.display(), &p.label(), &expected),
            Some(loc),
        )),
        None => Some((
            messages::f05_unreadable(&loc.value.display(), &expected),
            Some(loc),
        )),
    }
}

/// The period a "Kỳ báo cáo" value names, when it is an accepted spelling.
pub(super) fn period_of(raw: &Raw) -> Option<Period> {
    match raw {
        Raw::Text(t) => Period::from_spelling(t),
        Raw::Number(n) => Period::from_number(*n),
        _ => None,
    }
}

/// F08: "Ngày báo cáo" missing or not a date. Returns the date when it is one.
pub(super) fn check_date(report: &Report) -> Result<NaiveDate, (String, Option<&Located>)> {
    let Some(loc) = report
        .info
        .report_date
        .as_ref()
        .filter(|l| !l.value.is_empty())
    else {
        return Err((messages::f08_missing(), None));
    };
    if matches!(loc.value, Raw::Formula(_)) {
        // Not a missing or wrong date: F14 says what happened.
        return Err((String::new(), None));
    }
    parse_date(&loc.value).ok_or_else(|| (messages::f08_not_date(&loc.value.display()), Some(loc)))
}

/// F09: each required column missing from a table that was found.
pub(super) fn missing_columns(report: &Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(t) = &report.tasks {
        for c in TaskCol::REQUIRED {
            if t.col(c).is_none() {
                out.push((t.sheet.clone(), c.label().to_string()));
            }
        }
    }
    if let Some(t) = &report.indicators {
        for c in IndicatorCol::REQUIRED {
            if t.col(c).is_none() {
                out.push((t.sheet.clone(), c.label().to_string()));
            }
        }
    }
    out
}

/// The "Thông tin" values that hold a formula saved without its result
/// (F14), with their label, in form order.
pub(super) fn info_formulas(report: &Report) -> Vec<(&'static str, &Located)> {
    let i = &report.info;
    [
        ("Mã đơn vị", &i.unit_code),
        ("Tên đơn vị", &i.unit_name),
        ("Mã kế hoạch", &i.plan_id),
        ("Kỳ báo cáo", &i.period),
        ("Ngày báo cáo", &i.report_date),
        ("Người lập", &i.preparer),
        ("Điện thoại", &i.phone),
        ("Email", &i.email),
        ("Thủ trưởng đơn vị", &i.head),
    ]
    .into_iter()
    .filter_map(|(label, l)| {
        l.as_ref()
            .filter(|l| matches!(l.value, Raw::Formula(_)))
            .map(|l| (label, l))
    })
    .collect()
}

/// The F14 message for a value of the info sheet.
pub(super) fn f14_info(label: &str, l: &Located) -> String {
    let formula = match &l.value {
        Raw::Formula(f) => f.as_str(),
        _ => "",
    };
    messages::f14_formula(&format!("\"{label}\""), formula)
}

/// A finding about a value of the info sheet: its sheet and cell when the
/// value was found, else the info sheet when there is one.
pub(super) fn at_info(f: Finding, report: &Report, loc: Option<&Located>) -> Finding {
    match loc {
        Some(l) => f.sheet(l.sheet.clone()).cell(Cell::new(l.row, l.col)),
        None => match &report.info.sheet {
            Some(s) => f.sheet(s.clone()),
            None => f,
        },
    }
}

/// The rule for a unit not found in force: F10 when a successor is, else F04.
pub(super) fn in_force<'p>(plan: &'p Plan, unit: &'p Unit, period: Period) -> Option<&'p Unit> {
    plan.successor_in_force(&unit.code, period.cutoff_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_like_texts() {
        assert!(looks_like_code("SDTTG"));
        assert!(looks_like_code(" s-x_1 "));
        assert!(!looks_like_code("Sở Dân tộc"));
        assert!(!looks_like_code("12345"));
        assert!(!looks_like_code(""));
    }
}
