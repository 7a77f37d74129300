//! The sheet "Chỉ tiêu": every plan indicator with one column per unit.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use crate::consolidate::{Consolidated, PreviousSource};
use crate::messages as m;
use crate::plan::{Method, Plan};
use crate::write::style;

pub(super) fn indicators_sheet(
    ws: &mut Worksheet,
    palette: &[rust_xlsxwriter::Format],
    plan: &Plan,
    c: &Consolidated,
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_INDICATORS)?;
    style::print_setup(ws, 1, 1)?;
    let units = &c.indicator_units;
    // STT, code, name, measure, method; then the consolidated value, target
    // and change (read with the name); then one column per unit.
    let mut widths = vec![5.0, 8.0, 32.0, 12.0, 13.0, 12.0, 11.0, 11.0, 12.0, 11.0];
    widths.extend(units.iter().map(|_| 12.0));
    let last = col(widths.len() - 1);
    let first_tail = 5u16;
    let first_unit = 5 + col(m::INDICATORS_TAIL.len());
    // One column per unit can make the table far wider than a page: then it
    // prints on several pages side by side, each repeating STT, code and
    // name, at a readable size, instead of shrinking to one page width.
    let pages = pages_wide(&widths, 3);
    let title_last = if pages > 1 {
        ws.set_print_fit_to_pages(pages, 0);
        ws.set_repeat_columns(0, 2)?;
        // The title centred over what the first page shows.
        first_page_last(&widths)
    } else {
        last
    };
    let mut g = Grid::table(ws, &widths, palette)?;
    g.merge_sized(
        0,
        0,
        title_last,
        &m::sheet_title(m::INDICATORS_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    // Unit columns are headed by the unit's name (people read names; the
    // code is in the cell's note).
    let unit_names: Vec<String> = units.iter().map(|u| unit_name(plan, u)).collect();
    let mut header: Vec<&str> = m::INDICATORS_HEAD.to_vec();
    header.extend(m::INDICATORS_TAIL);
    header.extend(unit_names.iter().map(String::as_str));
    g.header(1, &header)?;
    for (i, u) in units.iter().enumerate() {
        g.note(1, first_unit + col(i), &m::unit_code_note(u))?;
    }
    let unit_cols: std::collections::HashMap<&str, u16> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), first_unit + col(i)))
        .collect();
    let mut r = 2u32;
    let looks = Looks::new();
    for (n, ind) in c.indicators.iter().enumerate() {
        g.count(r, 0, n + 1, &looks.count)?;
        g.text(r, 1, &ind.code, &looks.centered)?;
        g.text(r, 2, &ind.name, &looks.text)?;
        g.text(r, 3, &ind.measure, &looks.centered)?;
        g.text(r, 4, m::method_label(ind.method), &looks.centered)?;
        // The unit columns are empty but for the units that gave a value:
        // the block first, then each value over it.
        g.blanks(
            r,
            first_unit,
            first_unit + col(units.len()).saturating_sub(1),
            &looks.number,
        )?;
        for (u, v) in &ind.values {
            let Some(&cc) = unit_cols.get(u.as_str()) else {
                continue;
            };
            let shown_unused = !v.used && v.value.is_some();
            let f = match (shown_unused, v.has_error) {
                (true, true) => &looks.marked_unused_number,
                (true, false) => &looks.unused_number,
                (false, true) => &looks.marked_number,
                (false, false) => &looks.number,
            };
            // A statistical mark shows as the unit typed it ("-", "x", "…").
            match &v.mark {
                Some(m) => g.text(r, cc, &m.text, &f.base)?,
                None => g.number(r, cc, v.value, f)?,
            }
            let mut notes = Vec::new();
            if v.has_error {
                notes.push(m::marked_note(&v.errors));
            }
            if shown_unused && ind.method == Method::Single {
                let src = ind.source.as_deref().map(|s| unit_name(plan, s));
                notes.push(m::single_not_used(src.as_deref()));
            }
            if !notes.is_empty() {
                g.note(r, cc, &notes.join("\n"))?;
            }
        }
        let tf = if ind.total_marked {
            &looks.marked_bold_number
        } else {
            &looks.bold_number
        };
        g.number(r, first_tail, ind.total, tf)?;
        let mut notes = Vec::new();
        if ind.total_marked {
            notes.push(m::marked_note(&total_errors(ind)));
        }
        if let (Method::Single, Some(s)) = (ind.method, &ind.source) {
            notes.push(m::single_source(&unit_name(plan, s)));
        }
        if !notes.is_empty() {
            g.note(r, first_tail, &notes.join("\n"))?;
        }
        g.number(r, first_tail + 1, ind.target, &looks.number)?;
        g.number(r, first_tail + 2, ind.target_share, &looks.number)?;
        g.number(r, first_tail + 3, ind.previous, &looks.number)?;
        if ind.previous_source == Some(PreviousSource::LastRun) {
            g.note(r, first_tail + 3, m::PREVIOUS_FROM_LAST_RUN)?;
        }
        g.number(
            r,
            first_tail + 4,
            ind.change.map(|x| x + 100.0),
            &looks.number,
        )?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    let marked = c
        .indicators
        .iter()
        .any(|i| i.total_marked || i.values.values().any(|v| v.has_error));
    if marked {
        g.merge(r, 0, title_last, m::MARKED_LEGEND, &legend())?;
    }
    g.finish()
}
