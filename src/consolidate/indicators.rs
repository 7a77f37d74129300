//! The "Chỉ tiêu" side of the model: one [`IndicatorLine`] per plan
//! indicator, with the values that enter its total.

use std::collections::{BTreeMap, HashMap};

use super::tasks::{lookup, RowErrors};
use super::{IndicatorLine, PreviousSource, UnitValue};
use crate::plan::{Method, Period, Plan};
use crate::read::values::Mark;
use crate::validate::{CountedReport, IndicatorEntry, Outcome};

/// Each counted report's first (non-duplicate) row of each indicator, by
/// indicator code: made once, so that an indicator's line does not look
/// through every report (at 5,000 units that was 1,260 × 5,000 reports).
pub(super) type Rows<'a> =
    HashMap<&'a str, Vec<(&'a String, &'a CountedReport, &'a IndicatorEntry)>>;

pub(super) fn rows_by_indicator(outcome: &Outcome) -> Rows<'_> {
    let mut by: Rows<'_> = HashMap::new();
    for (unit, report) in &outcome.counted {
        let mut seen: Vec<&str> = Vec::new();
        for e in report.indicators.iter().filter(|e| !e.duplicate) {
            if seen.contains(&e.indicator.as_str()) {
                continue;
            }
            seen.push(e.indicator.as_str());
            by.entry(e.indicator.as_str())
                .or_default()
                .push((unit, report, e));
        }
    }
    by
}

pub(super) fn indicator_line(
    plan: &Plan,
    period: Period,
    rows: &Rows<'_>,
    errors: &RowErrors<'_>,
    ind: &crate::plan::Indicator,
    previous_year: Option<&BTreeMap<String, f64>>,
) -> IndicatorLine {
    let code = crate::text::code(&ind.code);
    let reporters = plan.reporters_in(ind, period);
    let mut values: BTreeMap<String, UnitValue> = BTreeMap::new();
    for &(unit, report, e) in rows.get(code.as_str()).into_iter().flatten() {
        values.insert(
            unit.clone(),
            UnitValue {
                value: e.value,
                mark: e.mark.clone(),
                previous: e.previous,
                used: false,
                has_error: e.has_error,
                errors: lookup(errors, &report.rel, report.indicator_sheet.as_ref(), e.row),
                file: report.rel.clone(),
                row: e.row,
            },
        );
    }

    // Which values enter the total.
    let mut source = None;
    match ind.method {
        Method::Single => {
            source = reporters
                .iter()
                .find(|u| values.get(*u).is_some_and(|v| v.value.is_some()))
                .cloned();
            if let Some(v) = source.as_ref().and_then(|u| values.get_mut(u)) {
                v.used = true;
            }
        }
        Method::Sum | Method::Mean | Method::Max => {
            // Only the units the plan asks for this indicator count; a value
            // from any other is shown but not used (finding I09).
            // "Nothing happened" adds 0 to a `tong` and is left out of a
            // `trung_binh` or `lon_nhat` (a rate with no cases is not 0 %).
            for (unit, v) in values.iter_mut() {
                let counts = v.mark.is_none() || ind.method == Method::Sum;
                v.used = v.value.is_some() && counts && reporters.contains(unit);
            }
        }
    }
    let used: Vec<&UnitValue> = values.values().filter(|v| v.used).collect();
    let total = if used.iter().any(|v| v.mark.is_none()) {
        aggregate(ind.method, used.iter().filter_map(|v| v.value))
    } else {
        marks_only_total(ind.method, &reporters, &values, source.as_deref())
    };
    let total_marked = used.iter().any(|v| v.has_error);
    let from_reports = aggregate(ind.method, used.iter().filter_map(|v| v.previous));
    let (previous, previous_source) = match from_reports {
        Some(p) => (Some(p), Some(PreviousSource::Reports)),
        None => match previous_year.and_then(|m| m.get(&code)) {
            Some(p) => (Some(*p), Some(PreviousSource::LastRun)),
            None => (None, None),
        },
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b != 0.0 => Some(a * 100.0 / b),
        _ => None,
    };
    IndicatorLine {
        code,
        name: ind.name.clone(),
        measure: ind.measure.clone(),
        method: ind.method,
        direction: ind.direction,
        reporters,
        total,
        source,
        total_marked,
        target: ind.annual_target,
        target_share: ratio(total, ind.annual_target),
        previous,
        previous_source,
        change: ratio(total, previous).map(|r| r - 100.0),
        values,
    }
}

/// The total of an indicator no figure of which is used, only marks: 0
/// when every mark of the units that count says nothing happened, empty
/// otherwise (issue 15).
fn marks_only_total(
    method: Method,
    reporters: &[String],
    values: &BTreeMap<String, UnitValue>,
    source: Option<&str>,
) -> Option<f64> {
    let marks: Vec<Mark> = match (method, source) {
        (Method::Single, Some(s)) => values
            .get(s)
            .and_then(|v| v.mark.as_ref())
            .map(|m| m.mark)
            .into_iter()
            .collect(),
        (Method::Single, None) => Vec::new(),
        _ => reporters
            .iter()
            .filter_map(|u| values.get(u))
            .filter_map(|v| v.mark.as_ref().map(|m| m.mark))
            .collect(),
    };
    (!marks.is_empty() && marks.iter().all(|m| *m == Mark::Nil)).then_some(0.0)
}

/// Applies a consolidation method to values; None when there are none.
///
/// # Examples
/// ```
/// use tonghop::consolidate::aggregate;
/// use tonghop::plan::Method;
/// assert_eq!(aggregate(Method::Sum, [1.0, 2.5]), Some(3.5));
/// assert_eq!(aggregate(Method::Mean, [1.0, 2.0]), Some(1.5));
/// assert_eq!(aggregate(Method::Max, [1.0, 7.0, 2.0]), Some(7.0));
/// assert_eq!(aggregate(Method::Single, [4.0, 9.0]), Some(4.0));
/// assert_eq!(aggregate(Method::Sum, []), None);
/// ```
pub fn aggregate(method: Method, values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut it = values.into_iter();
    let first = it.next()?;
    Some(match method {
        Method::Sum => it.fold(first, |a, b| a + b),
        Method::Mean => {
            let (sum, n) = it.fold((first, 1usize), |(s, n), v| (s + v, n + 1));
            sum / n as f64
        }
        Method::Max => it.fold(first, f64::max),
        Method::Single => first,
    })
}
