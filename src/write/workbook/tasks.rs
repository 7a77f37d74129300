//! The sheet "Nhiệm vụ": every plan task by section, with its results.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use crate::consolidate::{Consolidated, TaskLine};
use crate::messages as m;
use crate::plan::{Plan, Role};
use crate::write::style;

pub(super) fn tasks_sheet(
    ws: &mut Worksheet,
    palette: &[rust_xlsxwriter::Format],
    plan: &Plan,
    c: &Consolidated,
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_TASKS)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [
        5.0,
        10.0,
        38.0,
        20.0,
        26.0,
        11.0,
        14.0,
        10.0,
        10.0,
        RESULTS_WIDTH,
        20.0,
    ];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths, palette)?;
    g.merge_sized(
        0,
        0,
        last,
        &m::sheet_title(m::TASKS_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    g.header(1, &m::TASKS_HEADER)?;
    let mut r = 2u32;
    let mut n = 0usize;
    let mut sections = std::collections::BTreeSet::new();
    let looks = Looks::new();
    let section = style::section();
    for sec in &c.sections {
        g.merge(r, 0, last, &sec.title, &section)?;
        sections.insert(r);
        r += 1;
        for t in &sec.tasks {
            n += 1;
            r += task_row(&mut g, &looks, plan, r, n, t)?;
        }
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    let marked = c
        .sections
        .iter()
        .flat_map(|s| &s.tasks)
        .any(|t| !t.status_errors.is_empty() || t.results.iter().any(|x| x.has_error));
    if marked {
        g.merge(r, 0, last, m::MARKED_LEGEND, &legend())?;
    }
    g.keep_with_next(&sections, &[], Some(1), &[])?;
    g.finish()
}

/// The width of "Kết quả thực hiện".
const RESULTS_WIDTH: f64 = 44.0;

/// The most lines of results one row shows: Excel's tallest row is 409
/// points, 26 lines of 12 points (the grid's estimate, `style::text_lines`).
const MAX_RESULT_LINES: usize = 24;

/// Writes task `t` at row `r` and returns the rows it took: one, and more
/// when its results are longer than the tallest row shows (a row cannot
/// grow past 409 points, so its end would be cut off on screen and on
/// paper). Each further row carries the rest of the results, the task's
/// code and "(tiếp theo)".
pub(super) fn task_row(
    g: &mut Grid<'_>,
    looks: &Looks,
    plan: &Plan,
    r: u32,
    n: usize,
    t: &TaskLine,
) -> Result<u32, XlsxError> {
    let marked = !t.status_errors.is_empty();
    let (state_f, share_f) = if marked {
        (&looks.marked_centered, &looks.marked_number)
    } else {
        (&looks.centered, &looks.number)
    };
    g.count(r, 0, n, &looks.count)?;
    g.text(r, 1, &t.code, &looks.centered)?;
    g.text(r, 2, t.content, &looks.text)?;
    g.text(r, 3, &names(plan, &t.leads), &looks.text)?;
    g.text(r, 4, &names(plan, &t.coordinators), &looks.text)?;
    deadline_cell(g, looks, r, 5, t.deadline)?;
    g.text(r, 6, m::task_state(t.state), state_f)?;
    g.number(r, 7, t.share, share_f)?;
    if marked {
        g.note(r, 6, &m::marked_note(&t.status_errors))?;
    }
    let progress = if t.overdue {
        m::OVERDUE
    } else {
        m::ON_SCHEDULE
    };
    g.text(r, 8, progress, &looks.centered)?;
    let results = results_text(t);
    let bad: Vec<(String, Vec<String>)> = t
        .results
        .iter()
        .filter(|c| c.has_error)
        .map(|c| (c.unit_name.to_string(), c.errors.clone()))
        .collect();
    let rf = if bad.is_empty() {
        &looks.text
    } else {
        &looks.marked_text
    };
    let parts = style::split_lines(&results, RESULTS_WIDTH, 12.0, MAX_RESULT_LINES);
    g.text(r, 9, parts.first().map_or("", String::as_str), rf)?;
    if !bad.is_empty() {
        g.note(r, 9, &m::results_note(&bad))?;
    }
    g.text(r, 10, &names(plan, &t.owing), &looks.text)?;
    let mut rows = 1u32;
    for part in parts.iter().skip(1) {
        let c = r + rows;
        g.text(c, 1, &t.code, &looks.centered)?;
        g.text(c, 2, m::CONTINUED, &looks.text)?;
        for col in [0u16, 3, 4, 5, 6, 7, 8, 10] {
            g.text(c, col, "", &looks.text)?;
        }
        g.text(c, 9, part, rf)?;
        rows += 1;
    }
    Ok(rows)
}

/// The results of a task: the lead's text (prefixed with its name when
/// there are several leads), then each coordinator's prefixed with its
/// name; "Chưa có báo cáo" when nobody reported.
pub(super) fn results_text(t: &TaskLine) -> String {
    if !t.reported() {
        return m::NO_REPORT.to_string();
    }
    let several_leads = t.leads.len() > 1;
    t.results
        .iter()
        .filter(|c| !c.result.trim().is_empty())
        .map(|c| {
            // A unit's text past Excel's cell limit keeps its beginning, as
            // T12 tells the unit; the cell it lands in may still be split
            // over several rows.
            let result = style::excel_text(c.result);
            if c.role == Role::Lead && !several_leads {
                result.into_owned()
            } else {
                m::result_of(c.unit_name, &result)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
