//! The rows above the tables of "Nhiệm vụ" and "Chỉ tiêu": the titles and
//! the header row.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{height, line_count, Form, Formats, HEADER_ROW};
use crate::messages as m;
/// The three title rows above a table, merged across its columns.
pub(super) fn title_rows(
    ws: &mut Worksheet,
    form: &Form<'_>,
    title: &str,
    last_col: u16,
    width: f64,
) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    ws.merge_range(0, 0, 0, last_col, title, &f.title)?;
    ws.set_row_height(0, height(1) + 4.0)?;
    let unit_line = m::form_unit_line(&unit.name, &unit.code);
    ws.merge_range(1, 0, 1, last_col, &unit_line, &f.subtitle)?;
    ws.set_row_height(1, height(line_count(&unit_line, width)))?;
    let plan_line = m::form_plan_line(
        &plan.info.number,
        &plan.info.name,
        plan.info.issued,
        &plan.info.issuing_body,
        &period.label(),
    );
    ws.merge_range(2, 0, 2, last_col, &plan_line, &f.subtitle)?;
    ws.set_row_height(2, height(line_count(&plan_line, width)))?;
    Ok(())
}

pub(super) fn header_row(
    ws: &mut Worksheet,
    f: &Formats,
    labels: &[&str],
    widths: &[f64],
) -> Result<(), XlsxError> {
    let mut lines = 1;
    for (c, (label, w)) in labels.iter().zip(widths).enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.set_column_width(c, *w)?;
        ws.write_string_with_format(HEADER_ROW, c, *label, &f.header)?;
        lines = lines.max(line_count(label, *w));
    }
    ws.set_row_height(HEADER_ROW, height(lines))?;
    Ok(())
}
