//! The sheet "Tổng hợp": the report itself, heading block, figures and
//! highlights.

use chrono::NaiveDate;
use rust_xlsxwriter::{FormatAlign, FormatUnderline, Worksheet, XlsxError};

use super::format::*;
use super::grid::*;
use super::place_name;
use crate::consolidate::{Consolidated, TaskLine};
use crate::messages as m;
use crate::plan::Plan;
use crate::write::style;

pub(super) fn summary_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    c: &Consolidated,
    date: NaiveDate,
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_SUMMARY)?;
    report_setup(ws);
    ws.set_screen_gridlines(false);
    let mut g = Grid::new(ws, &[46.0, 13.0, 13.0, 13.0, 13.0, 13.0, 15.0, 13.0])?;
    let last = 7u16;
    let center = style::plain().set_align(FormatAlign::Center);
    let center_bold = center.clone().set_bold();
    let consolidator = unit_name(plan, &plan.info.consolidator);

    // The heading block: two columns, a short rule under the unit and
    // under the motto.
    g.merge(0, 0, 1, &plan.info.issuing_body.to_uppercase(), &center)?;
    g.merge(0, 2, last, m::NATION, &center_bold)?;
    g.merge(1, 0, 1, &consolidator.to_uppercase(), &center_bold)?;
    g.merge(1, 2, last, m::MOTTO, &center_bold)?;
    let rule = center
        .clone()
        .set_font_size(8)
        .set_underline(FormatUnderline::Single);
    g.merge_sized(2, 0, 1, &"\u{a0}".repeat(22), &rule, 8.0)?;
    g.merge_sized(2, 2, last, &"\u{a0}".repeat(44), &rule, 8.0)?;
    g.merge(3, 0, 1, &m::doc_number(&plan.info.consolidator), &center)?;
    let place = place_name(&plan.info.issuing_body, &plan.info.extra);
    g.merge(
        3,
        2,
        last,
        &m::place_date(&place, date),
        &center.clone().set_italic(),
    )?;

    // The title: this sheet is the appendix of the báo cáo.
    g.merge_sized(5, 0, last, m::APPENDIX_KIND, &style::title(), 14.0)?;
    g.merge(
        6,
        0,
        last,
        &m::appendix_of(&plan.info.consolidator, date, &consolidator),
        &center.clone().set_italic(),
    )?;
    g.merge(
        7,
        0,
        last,
        &m::report_title(&plan.info.name, &plan.info.number, plan.info.issued),
        &center_bold,
    )?;
    g.merge(
        8,
        0,
        last,
        &m::report_period(
            &c.period.label(),
            c.period.cutoff_start(),
            c.period.cutoff_end(),
        ),
        &center.clone().set_italic(),
    )?;

    let part = style::plain().set_bold();
    let mut r = 10u32;
    // Rows that must not end a printed page: part titles and table headers.
    let mut keep = std::collections::BTreeSet::new();
    // The small tables, each kept on one page when it fits.
    let mut blocks: Vec<(u32, u32)> = Vec::new();

    // I. Submission.
    g.merge(r, 0, last, m::PART_SUBMISSION, &part)?;
    keep.insert(r);
    r += 1;
    keep.insert(r);
    g.text(r, 0, m::SUBMISSION_HEADER[0], &style::header())?;
    g.text(r, 1, m::SUBMISSION_HEADER[1], &style::header())?;
    r += 1;
    let s = &c.submission;
    let figures = [
        s.expected,
        s.sent,
        s.on_time,
        s.late,
        s.missing,
        s.excluded,
        s.superseded,
    ];
    let table = r - 1;
    for (label, n) in m::SUBMISSION_LABELS.iter().zip(figures) {
        g.text(r, 0, label, &style::text())?;
        g.count(r, 1, n, &Num::new(style::number()))?;
        r += 1;
    }
    blocks.push((table, r - 1));
    let unit_names =
        |codes: &[String]| -> Vec<String> { codes.iter().map(|u| unit_name(plan, u)).collect() };
    if !s.missing_units.is_empty() {
        g.merge(
            r,
            0,
            last,
            &m::missing_list(&unit_names(&s.missing_units)),
            &style::plain(),
        )?;
        r += 1;
    }
    if !s.unusable_units.is_empty() {
        g.merge(
            r,
            0,
            last,
            &m::unusable_list(&unit_names(&s.unusable_units)),
            &style::plain(),
        )?;
        r += 1;
    }
    if !s.late_units.is_empty() {
        g.merge(
            r,
            0,
            last,
            &m::late_list(&unit_names(&s.late_units)),
            &style::plain(),
        )?;
        r += 1;
    }
    r += 1;

    // II. Tasks by status.
    g.merge(r, 0, last, m::PART_TASKS, &part)?;
    keep.insert(r);
    r += 1;
    keep.insert(r);
    g.header(r, &m::COUNTS_HEADER)?;
    r += 1;
    let count_rows = |g: &mut Grid<'_>,
                      r: &mut u32,
                      label: &str,
                      k: &crate::consolidate::StatusCounts,
                      strong: bool|
     -> Result<(), XlsxError> {
        let (tf, nf) = if strong {
            (bold(), Num::new(bold_number()))
        } else {
            (style::text(), Num::new(style::number()))
        };
        let values = k.in_table_order();
        let share = Num::new(italic_number());
        g.text(*r, 0, label, &tf)?;
        for (i, v) in values.iter().enumerate() {
            g.count(*r, col(i + 1), *v, &nf)?;
        }
        *r += 1;
        g.text(*r, 0, m::COUNTS_SHARE, &italic())?;
        for (i, v) in values.iter().enumerate() {
            g.number(*r, col(i + 1), k.share(*v), &share)?;
        }
        *r += 1;
        Ok(())
    };
    let counts_start = r;
    count_rows(&mut g, &mut r, m::COUNTS_ALL, &c.counts, true)?;
    for sec in &c.sections {
        count_rows(&mut g, &mut r, &sec.title, &sec.counts, false)?;
    }
    // A count row stays with its share row.
    keep.extend((counts_start..r).step_by(2));
    blocks.push((counts_start - 1, r - 1));
    r += 1;

    // III. Overdue tasks.
    g.merge(r, 0, last, m::PART_OVERDUE, &part)?;
    keep.insert(r);
    r += 1;
    let overdue: Vec<&TaskLine> = c
        .sections
        .iter()
        .flat_map(|s| &s.tasks)
        .filter(|t| t.overdue)
        .collect();
    if overdue.is_empty() {
        g.merge(r, 0, last, m::NO_OVERDUE, &style::plain())?;
        r += 1;
    } else {
        let h = m::OVERDUE_HEADER;
        for (i, l) in h.iter().take(4).enumerate() {
            g.text(r, col(i), l, &style::header())?;
        }
        g.merge(r, 4, last, h[4], &style::header())?;
        keep.insert(r);
        let table = r;
        r += 1;
        for t in overdue {
            g.text(r, 0, &format!("{} — {}", t.code, t.content), &style::text())?;
            deadline_cell(&mut g, &Looks::new(), r, 1, t.deadline)?;
            g.text(r, 2, m::task_state(t.state), &centered())?;
            g.number(r, 3, t.share, &Num::new(style::number()))?;
            g.merge(r, 4, last, &names(plan, &t.leads), &style::text())?;
            r += 1;
        }
        blocks.push((table, r - 1));
    }
    r += 1;

    // IV. Indicator highlights.
    g.merge(r, 0, last, m::PART_INDICATORS, &part)?;
    keep.insert(r);
    r += 1;
    keep.insert(r);
    g.header(r, &m::HIGHLIGHTS_HEADER)?;
    let table = r;
    r += 1;
    for ind in &c.indicators {
        let used = ind.values.values().filter(|v| v.used).count();
        g.text(
            r,
            0,
            &format!("{} — {}", ind.code, ind.name),
            &style::text(),
        )?;
        g.text(r, 1, &ind.measure, &centered())?;
        let nf = Num::new(if ind.total_marked {
            style::marked(style::number())
        } else {
            style::number()
        });
        g.number(r, 2, ind.total, &nf)?;
        if ind.total_marked {
            g.note(r, 2, &m::marked_note(&total_errors(ind)))?;
        }
        let number = Num::new(style::number());
        g.number(r, 3, ind.previous, &number)?;
        g.number(r, 4, ind.change.map(|x| x + 100.0), &number)?;
        g.number(r, 5, ind.target, &number)?;
        g.number(r, 6, ind.target_share, &number)?;
        g.count(r, 7, used, &number)?;
        r += 1;
    }
    blocks.push((table, r - 1));
    if c.indicators.iter().any(|i| i.total_marked) {
        g.merge(r, 0, last, m::MARKED_LEGEND, &legend())?;
        r += 1;
    }
    r += 1;

    // V. Charts, on a page of their own.
    let charts_page = r;
    super::charts::charts(&mut g, c, r, last)?;
    g.keep_with_next(&keep, &blocks, None, &[charts_page])?;
    g.finish()
}
