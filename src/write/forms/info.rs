//! The "Thông tin" sheet of the form: the unit, the period, the report date.

use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Worksheet, XlsxError};

use super::{excel_date, height, line_count, protect, validation_texts, Form, INFO_FIRST_ROW};
use crate::messages as m;
use crate::write::style;
pub(super) fn info_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 64)?;
    ws.merge_range(0, 0, 0, 1, m::FORM_INFO_TITLE, &f.title)?;
    ws.set_row_height(0, height(1) + 4.0)?;

    let label = |i: usize| m::FORM_INFO_LABELS.get(i).copied().unwrap_or_default();
    let given = [
        unit.code.clone(),
        unit.name.clone(),
        plan.info.id.clone(),
        period.label(),
    ];
    let mut r = INFO_FIRST_ROW;
    for (i, value) in given.iter().enumerate() {
        ws.write_string_with_format(r, 0, label(i), &f.label)?;
        ws.write_string_with_format(r, 1, value, &f.text)?;
        ws.set_row_height(r, height(line_count(value, 64.0)))?;
        r += 1;
    }

    // "Ngày báo cáo": a date, checked.
    let date_row = r;
    ws.write_string_with_format(r, 0, label(4), &f.label)?;
    ws.write_blank(r, 1, &f.input_date)?;
    let due = period.due(&plan.info);
    let from = period.cutoff_start();
    let to = NaiveDate::from_ymd_opt(period.year + 1, 12, 31).unwrap_or(due);
    let dv = DataValidation::new().allow_date(DataValidationRule::Between(
        excel_date(from)?,
        excel_date(to)?,
    ));
    let dv = validation_texts(dv, &m::form_date_validation(due, from, to))?;
    ws.add_data_validation(r, 1, r, 1, &dv)?;
    ws.set_row_height(r, height(1))?;
    r += 1;

    // People and contacts: free text. The phone is a text cell so that a
    // leading 0 stays.
    for i in 5..m::FORM_INFO_LABELS.len() {
        ws.write_string_with_format(r, 0, label(i), &f.label)?;
        let fmt = if i == 6 { &f.input_text } else { &f.input };
        ws.write_blank(r, 1, fmt)?;
        ws.set_row_height(r, height(1))?;
        r += 1;
    }

    r += 1;
    ws.merge_range(r, 0, r, 1, m::FORM_INFO_NOTE, &f.plain)?;
    ws.set_row_height(r, height(line_count(m::FORM_INFO_NOTE, 88.0)))?;

    style::print_setup(ws, 0, 0)?;
    ws.set_selection(date_row, 1, date_row, 1)?;
    protect(ws);
    Ok(())
}
