//! Indicator rules I01–I08 on the "Chỉ tiêu" table, against the credited
//! unit.
//!
//! Each row finding names one cell on its row: the code cell, except I02,
//! I08 and I06 on an empty value (the value cell) and I03 (the measure
//! cell). A repeated indicator (I07) counts by its first row; the later row
//! gets I07 only.
//!
//! Statistical marks (issue 15) instead of a figure: "-", "không phát
//! sinh", "KPS" (nothing happened: the value is 0), "x" (not applicable)
//! and "…", "..", "không có số liệu", "chưa có số liệu" (not collected:
//! I10, on an indicator the unit owes) are neither I02 nor I06; I04 and I05
//! do not look at them, and a mark on an indicator the plan does not ask of
//! the unit is not I09 (it gives no figure to leave out).
//!
//! Where RULES.md is silent: an Excel error in the value cell is I02; an
//! ambiguous number in "Cùng kỳ năm trước" is I08 on that cell too; I05 is
//! skipped when last year's value is empty, zero or negative; I04 compares
//! with `Context::first_half` keyed by (unit code, indicator code), both
//! upper case.

use std::collections::BTreeMap;

use crate::messages;
use crate::plan::{Method, Period, PeriodKind, Plan};
use crate::read::values::{parse_mark, parse_number, Mark, Number};
use crate::read::{IndicatorCol, Raw, Table};
use crate::text;

use super::{Cell, Context, Finding, IndicatorEntry, Place, Rule, Severity};

/// Checks the indicator table (absent: every owed indicator is missing, I06).
pub(super) fn check_indicators(
    plan: &Plan,
    period: Period,
    ctx: &Context,
    place: &Place<'_>,
    table: Option<&Table<IndicatorCol>>,
) -> (Vec<IndicatorEntry>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut entries = Vec::new();
    let sheet = table.map(|t| t.sheet.as_str());
    let mut first_row: BTreeMap<String, u32> = BTreeMap::new();

    if let Some(t) = table {
        let Some(code_col) = t.col(IndicatorCol::Code) else {
            return (entries, findings);
        };
        for row in &t.rows {
            let mut rf: Vec<Finding> = Vec::new();
            let at = |c: IndicatorCol| t.col(c).map(|col| Cell::new(row.row, col));
            let code_cell = Cell::new(row.row, code_col);
            let cc = code_cell.to_string();
            // A formula without its result: F14 on the cell, never "missing"
            // nor "not a number".
            for (c, v) in &row.cells {
                if let (Raw::Formula(f), Some(cell)) = (v, at(*c)) {
                    rf.push(place.at(
                        Rule::F14,
                        messages::f14_formula(&cell.to_string(), f),
                        &t.sheet,
                        Some(cell),
                    ));
                }
            }
            let code = match row.get(IndicatorCol::Code) {
                Raw::Formula(_) => String::new(),
                r => text::code(&r.display()),
            };
            let value_raw = row.get(IndicatorCol::Value);
            if code.is_empty() {
                let code_is_formula = matches!(row.get(IndicatorCol::Code), Raw::Formula(_));
                if !value_raw.is_empty() && !code_is_formula {
                    rf.push(place.at(
                        Rule::I01,
                        messages::i01_empty(&cc),
                        &t.sheet,
                        Some(code_cell),
                    ));
                }
                findings.extend(rf);
                continue;
            }
            let parsed = parse_number(value_raw).filter(|n| n.value >= 0.0);
            let mark = parse_mark(value_raw);
            // "Nothing happened" is the figure 0.
            let nil = mark.as_ref().is_some_and(|m| m.mark == Mark::Nil);
            // "-" last year: nothing happened then either, 0.
            let previous = parse_number(row.get(IndicatorCol::PreviousYear)).or_else(|| {
                parse_mark(row.get(IndicatorCol::PreviousYear))
                    .filter(|m| m.mark == Mark::Nil)
                    .map(|_| Number {
                        value: 0.0,
                        ambiguous: false,
                    })
            });
            let measure = text::clean(&row.get(IndicatorCol::Measure).display());

            if let Some(first) = first_row.get(&code) {
                rf.push(place.at(
                    Rule::I07,
                    messages::i07_duplicate(&cc, &code, *first),
                    &t.sheet,
                    Some(code_cell),
                ));
                entries.push(IndicatorEntry {
                    indicator: code,
                    value: if nil {
                        Some(0.0)
                    } else {
                        parsed.map(|n| n.value)
                    },
                    previous: previous.map(|n| n.value),
                    measure,
                    row: row.row,
                    has_error: false,
                    duplicate: true,
                    mark,
                });
                findings.extend(rf);
                continue;
            }
            first_row.insert(code.clone(), row.row);

            let indicator = plan.indicator(&code);
            let owed = plan.owes_indicator(place.unit, &code, period);
            if indicator.is_none() {
                rf.push(place.at(
                    Rule::I01,
                    messages::i01_unknown(&cc, &code),
                    &t.sheet,
                    Some(code_cell),
                ));
            } else if !owed && !row.get(IndicatorCol::Value).is_empty() && mark.is_none() {
                // The plan does not ask this unit for this indicator: its
                // value is shown but not added to the total (I09).
                rf.push(place.at(
                    Rule::I09,
                    messages::i09_not_a_reporter(&cc, &code),
                    &t.sheet,
                    Some(code_cell),
                ));
            }

            // The value (I02, I06 on an empty cell, I08), or a statistical
            // mark instead of it (I10 for "not collected").
            let mut value = None;
            if let Some(cell) = at(IndicatorCol::Value) {
                let c = cell.to_string();
                match value_raw {
                    Raw::Formula(_) => {}
                    _ if mark.is_some() => {
                        let not_collected = mark.as_ref().filter(|m| m.mark == Mark::NotCollected);
                        if let Some(m) = not_collected.filter(|_| owed) {
                            rf.push(place.at(
                                Rule::I10,
                                messages::i10_not_collected(&c, &code, &m.text),
                                &t.sheet,
                                Some(cell),
                            ));
                        }
                    }
                    Raw::Error(e) => rf.push(place.at(
                        Rule::I02,
                        messages::i02_not_number(&c, e),
                        &t.sheet,
                        Some(cell),
                    )),
                    r if r.is_empty() => {
                        if owed {
                            rf.push(place.at(
                                Rule::I06,
                                messages::i06_empty(&c, &code),
                                &t.sheet,
                                Some(cell),
                            ));
                        }
                    }
                    r => match parse_number(r) {
                        None => rf.push(place.at(
                            Rule::I02,
                            messages::i02_not_number(&c, r.display().trim()),
                            &t.sheet,
                            Some(cell),
                        )),
                        Some(n) if n.value < 0.0 => rf.push(place.at(
                            Rule::I02,
                            messages::i02_negative(&c, r.display().trim()),
                            &t.sheet,
                            Some(cell),
                        )),
                        Some(n) => {
                            if n.ambiguous {
                                rf.push(place.at(
                                    Rule::I08,
                                    messages::i08_ambiguous(
                                        &c,
                                        r.display().trim(),
                                        n.value,
                                        text::number::other_reading(&r.display()),
                                    ),
                                    &t.sheet,
                                    Some(cell),
                                ));
                            }
                            value = Some(n.value);
                        }
                    },
                }
            }
            if let (Some(cell), Some(n)) = (at(IndicatorCol::PreviousYear), previous) {
                if n.ambiguous {
                    let raw = row.get(IndicatorCol::PreviousYear).display();
                    rf.push(place.at(
                        Rule::I08,
                        messages::i08_ambiguous(
                            &cell.to_string(),
                            raw.trim(),
                            n.value,
                            text::number::other_reading(&raw),
                        ),
                        &t.sheet,
                        Some(cell),
                    ));
                }
            }

            // Unit of measure (I03).
            if let (Some(cell), Some(ind)) = (at(IndicatorCol::Measure), indicator) {
                if !measure.is_empty()
                    && text::fold_compact(&measure) != text::fold_compact(&ind.measure)
                {
                    rf.push(place.at(
                        Rule::I03,
                        messages::i03_measure(&cell.to_string(), &measure, &ind.measure),
                        &t.sheet,
                        Some(cell),
                    ));
                }
            }

            // Annual below the first half (I04), `tong` indicators only.
            if let (Some(v), Some(ind), Some(half)) = (value, indicator, &ctx.first_half) {
                if period.kind == PeriodKind::Year && ind.method == Method::Sum {
                    if let Some(h) = half.get(&(place.unit.to_string(), code.clone())) {
                        if v < *h {
                            rf.push(place.at(
                                Rule::I04,
                                messages::i04_below_half(
                                    &code,
                                    &messages::number_vi(v),
                                    &messages::number_vi(*h),
                                ),
                                &t.sheet,
                                Some(code_cell),
                            ));
                        }
                    }
                }
            }

            // Outlier against the same period last year (I05).
            if let (Some(v), Some(p)) = (value, previous) {
                if p.value > 0.0 {
                    let r = v / p.value;
                    if !(1.0 / 3.0..=3.0).contains(&r) {
                        rf.push(place.at(
                            Rule::I05,
                            messages::i05_outlier(
                                &code,
                                &messages::number_vi(v),
                                &messages::number_vi(p.value),
                            ),
                            &t.sheet,
                            Some(code_cell),
                        ));
                    }
                }
            }

            entries.push(IndicatorEntry {
                indicator: code,
                // After I04 and I05, which a mark does not take part in.
                value: if nil { Some(0.0) } else { value },
                previous: previous.map(|n| n.value),
                measure,
                row: row.row,
                has_error: rf.iter().any(|f| f.severity == Severity::Error),
                duplicate: false,
                mark,
            });
            findings.extend(rf);
        }
    }

    // Owed indicators with no row (I06, no cell).
    for ind in plan.indicators_owed(place.unit, period) {
        if first_row.contains_key(&ind.code) {
            continue;
        }
        let mut f = Finding::new(Rule::I06, messages::i06_missing(&ind.code))
            .unit(place.unit)
            .file(place.file);
        if let Some(s) = sheet {
            f = f.sheet(s);
        }
        findings.push(f);
    }
    (entries, findings)
}
