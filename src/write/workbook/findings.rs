//! The sheet "Kiểm tra": every finding of the run.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::validate::Finding;
use crate::write::style;

pub(super) fn findings_sheet(
    ws: &mut Worksheet,
    palette: &[rust_xlsxwriter::Format],
    c: &Consolidated,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_FINDINGS)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [8.0, 10.0, 10.0, 30.0, 14.0, 7.0, 52.0, 40.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths, palette)?;
    g.merge_sized(
        0,
        0,
        last,
        &m::sheet_title(m::FINDINGS_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    g.header(1, &m::FINDINGS_HEADER)?;
    let (text, centered) = (style::text(), centered());
    for (i, f) in findings.iter().enumerate() {
        let r = row_of(i + 2);
        g.text(r, 0, f.rule.code(), &centered)?;
        g.text(r, 1, f.severity.label(), &centered)?;
        g.text(r, 2, f.unit.as_deref().unwrap_or(""), &centered)?;
        g.text(r, 3, f.file.as_deref().unwrap_or(""), &text)?;
        g.text(r, 4, f.sheet.as_deref().unwrap_or(""), &text)?;
        let cell = f.cell.map(|c| c.to_string()).unwrap_or_default();
        g.text(r, 5, &cell, &centered)?;
        g.text(r, 6, &f.message, &text)?;
        g.text(r, 7, &f.hint, &text)?;
    }
    let end = row_of(findings.len() + 1);
    g.ws.autofilter(1, 0, end, last)?;
    g.finish()
}
