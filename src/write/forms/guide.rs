//! The "Hướng dẫn" sheet of the form.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{height, line_count, protect, Form};
use crate::messages as m;
use crate::write::style;
pub(super) fn guide_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    const WIDTH: f64 = 110.0;
    ws.set_column_width(0, WIDTH)?;
    let consolidator = plan
        .unit(&plan.info.consolidator)
        .map_or(plan.info.consolidator.as_str(), |u| u.name.as_str());
    let label = period.label();
    let facts = m::GuideFacts {
        unit_name: &unit.name,
        unit_code: &unit.code,
        plan_number: &plan.info.number,
        plan_name: &plan.info.name,
        issuer: &plan.info.issuing_body,
        period_label: &label,
        due: period.due(&plan.info),
        consolidator,
        cutoff_start: period.cutoff_start(),
        cutoff_end: period.cutoff_end(),
    };
    // Headings never end a printed page.
    let mut heights = Vec::new();
    let mut keep = std::collections::BTreeSet::new();
    for (r, line) in (0u32..).zip(m::form_guide(&facts)) {
        let (text, fmt, extra) = match &line {
            m::GuideLine::Title(t) => (t, &f.title, 4.0),
            m::GuideLine::Heading(t) => {
                keep.insert(r);
                (t, &f.heading, 6.0)
            }
            m::GuideLine::Text(t) => (t, &f.plain, 2.0),
        };
        ws.write_string_with_format(r, 0, text, fmt)?;
        let h = height(line_count(text, WIDTH)) + extra;
        ws.set_row_height(r, h)?;
        heights.push((r, h));
    }
    style::print_setup(ws, 0, 0)?;
    ws.set_page_breaks(&style::page_breaks(
        &[WIDTH],
        &heights,
        &keep,
        &[],
        Some(0),
        &[],
    ))?;
    protect(ws);
    Ok(())
}
