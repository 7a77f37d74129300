//! The sheet "Khó khăn - Kiến nghị".

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::write::style;

pub(super) fn issues_sheet(
    ws: &mut Worksheet,
    palette: &[rust_xlsxwriter::Format],
    c: &Consolidated,
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_ISSUES)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [5.0, 24.0, 10.0, 36.0, 42.0, 42.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths, palette)?;
    g.merge_sized(
        0,
        0,
        last,
        &m::sheet_title(m::ISSUES_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    g.header(1, &m::ISSUES_HEADER)?;
    let mut r = 2u32;
    let looks = Looks::new();
    for (n, i) in c.issues.iter().enumerate() {
        g.count(r, 0, n + 1, &looks.count)?;
        g.text(r, 1, &i.unit_name, &looks.text)?;
        g.text(r, 2, &i.task, &looks.centered)?;
        g.text(r, 3, i.task_content.as_deref().unwrap_or(""), &looks.text)?;
        g.text(r, 4, &i.difficulty, &looks.text)?;
        g.text(r, 5, &i.proposal, &looks.text)?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}
