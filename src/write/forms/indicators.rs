//! The "Chỉ tiêu" sheet of the form: one row per indicator, with the
//! number check of its value cells.

use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use super::table::{header_row, title_rows};
use super::{
    height, line_count, protect, validation_texts, Form, HEADER_ROW, INDICATOR_WIDTHS, I_LAST,
    I_NOTE, I_PREVIOUS, I_VALUE,
};
use crate::messages as m;
use crate::write::style;
pub(super) fn indicator_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    let indicators = plan.indicators_owed(&unit.code, period);
    let total_width: f64 = INDICATOR_WIDTHS.iter().sum();
    title_rows(ws, form, m::FORM_INDICATORS_TITLE, I_LAST, total_width)?;
    let mut widths = INDICATOR_WIDTHS;
    widths[1] = style::fit_width(
        indicators
            .iter()
            .map(|i| i.code.as_str())
            .chain(["Mã chỉ tiêu"]),
        10.0,
        16.0,
    ) - 2.0;
    header_row(ws, f, &m::FORM_INDICATOR_HEADER, &widths)?;

    let first = HEADER_ROW + 1;
    let mut r = first;
    for (n, ind) in indicators.iter().enumerate() {
        let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
        ws.write_number_with_format(r, 0, f64::from(n), &f.center)?;
        ws.write_string_with_format(r, 1, &ind.code, &f.center)?;
        ws.write_string_with_format(r, 2, &ind.name, &f.text)?;
        ws.write_string_with_format(r, 3, &ind.measure, &f.center)?;
        ws.write_blank(r, I_VALUE, &f.input_number)?;
        ws.write_blank(r, I_PREVIOUS, &f.input_number)?;
        ws.write_blank(r, I_NOTE, &f.input)?;
        let lines = line_count(&ind.name, widths[2]).max(line_count(&ind.measure, widths[3]));
        ws.set_row_height(r, height(lines.max(2)))?;
        r += 1;
    }
    if indicators.is_empty() {
        ws.merge_range(r, 0, r, I_LAST, m::FORM_NO_INDICATORS, &f.text)?;
        ws.set_row_height(r, height(line_count(m::FORM_NO_INDICATORS, total_width)))?;
    } else {
        let dv = validation_texts(
            DataValidation::new().allow_custom(value_rule(first)),
            &m::form_value_validation(),
        )?;
        ws.add_data_validation(first, I_VALUE, r - 1, I_PREVIOUS, &dv)?;
        ws.set_selection(first, I_VALUE, first, I_VALUE)?;
    }

    style::print_setup(ws, HEADER_ROW, HEADER_ROW)?;
    protect(ws);
    Ok(())
}

/// The rule of the indicator value cells: a number not below 0, or one of
/// the statistical marks ("-", "x", "…"), relative to the first value cell
/// (row `first`, 0-based).
pub(super) fn value_rule(first: u32) -> rust_xlsxwriter::Formula {
    let cell = crate::model::Cell::new(first, u32::from(I_VALUE)).to_string();
    let marks: String = crate::read::values::MARKS
        .iter()
        .map(|(s, _)| format!(",{cell}=\"{s}\""))
        .collect();
    rust_xlsxwriter::Formula::new(format!("OR(AND(ISNUMBER({cell}),{cell}>=0){marks})"))
}
