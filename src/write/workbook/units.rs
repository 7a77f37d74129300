//! The sheet "Tình hình nộp": one row per expected unit.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::write::style;

pub(super) fn units_sheet(
    ws: &mut Worksheet,
    palette: &[rust_xlsxwriter::Format],
    c: &Consolidated,
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_SUBMISSION)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [5.0, 10.0, 36.0, 15.0, 40.0, 12.0, 13.0, 8.0, 10.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths, palette)?;
    g.merge_sized(
        0,
        0,
        last,
        &m::sheet_title(m::SUBMISSION_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    g.header(1, &m::UNITS_HEADER)?;
    let mut r = 2u32;
    let looks = Looks::new();
    for (n, u) in c.units.iter().enumerate() {
        g.count(r, 0, n + 1, &looks.count)?;
        g.text(r, 1, &u.code, &looks.centered)?;
        g.text(r, 2, &u.name, &looks.text)?;
        g.text(r, 3, m::unit_state(u.state), &looks.centered)?;
        g.text(r, 4, u.file.as_deref().unwrap_or(""), &looks.text)?;
        match u.report_date {
            Some(d) => g.date(r, 5, d, &looks.date)?,
            None => g.text(r, 5, "", &looks.centered)?,
        }
        let when = match u.state {
            crate::consolidate::UnitState::Counted => m::timeliness(u.late),
            _ => "",
        };
        g.text(r, 6, when, &looks.centered)?;
        g.count(r, 7, u.errors, &looks.number)?;
        g.count(r, 8, u.warnings, &looks.number)?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}
