//! Part V of "Tổng hợp": a stacked bar of the tasks by status per plan
//! section and a pie of the submission status. Their figures are written on
//! this ordinary (not constant-memory) sheet, so rust_xlsxwriter stores them
//! in the charts' caches too and every viewer draws the charts without
//! recalculating.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFont, ChartLegendPosition, ChartType, XlsxError,
};

use super::grid::*;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::write::style;

/// Rows the charts take (at the grid's 18-point minimum row height).
const CHART_ROWS: u32 = 17;

/// A short category label for a plan section: its leading number ("II.1")
/// when it has one, else its first words.
fn short(title: &str) -> String {
    let first = title.split_whitespace().next().unwrap_or("");
    let numbered = first
        .trim_end_matches(['.', ':'])
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L' | '.' | 'a'..='z'))
        && first
            .chars()
            .any(|c| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'));
    if numbered && !first.is_empty() {
        first.trim_end_matches(['.', ':']).to_string()
    } else {
        crate::text::first_words(title, 3)
    }
}

/// Writes part V from row `r` (the caller starts a page there): the
/// heading, the two charts, then their figures.
pub(super) fn charts(
    g: &mut Grid<'_>,
    c: &Consolidated,
    mut r: u32,
    last: u16,
) -> Result<(), XlsxError> {
    g.merge(r, 0, last, m::PART_CHARTS, &style::plain().set_bold())?;
    r += 1;
    let chart_row = r;
    for i in 0..CHART_ROWS {
        g.go_to(r + i)?;
    }
    r += CHART_ROWS + 1;

    // The figures: tasks by status per section, then the submission.
    g.merge(r, 0, last, m::CHART_DATA, &style::plain().set_italic())?;
    r += 1;
    g.header(r, &m::CHART_TASKS_HEADER)?;
    let head = r;
    r += 1;
    let first = r;
    for s in &c.sections {
        let k = &s.counts;
        g.text(r, 0, &short(&s.title), &style::text())?;
        for (i, v) in [
            k.done,
            k.in_progress,
            k.not_started,
            k.ongoing,
            k.unreported,
        ]
        .iter()
        .enumerate()
        {
            g.count(r, col(i + 1), *v, &Num::new(style::number()))?;
        }
        r += 1;
    }
    let end = r.saturating_sub(1).max(first);
    r += 1;
    let sub_first = r;
    let s = &c.submission;
    for (label, n) in m::CHART_SUBMISSION_LABELS
        .iter()
        .zip([s.on_time, s.late, s.missing])
    {
        g.text(r, 0, label, &style::text())?;
        g.count(r, 1, n, &Num::new(style::number()))?;
        r += 1;
    }
    let sub_end = r - 1;

    let sheet = m::SHEET_SUMMARY;
    let mut font = ChartFont::new();
    font.set_name(style::FONT);
    let mut big = font.clone();
    big.set_size(12);
    let mut bar = Chart::new(ChartType::BarStacked);
    for i in 1..=5u16 {
        bar.add_series()
            .set_name((sheet, head, i))
            .set_categories((sheet, first, 0, end, 0))
            .set_values((sheet, first, i, end, i))
            .set_gap(60);
    }
    bar.title().set_name(m::CHART_TASKS).set_font(&big);
    bar.legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    bar.x_axis().set_font(&font);
    bar.y_axis().set_font(&font).set_reverse();
    bar.set_width(620).set_height(CHART_ROWS * 24);
    g.ws.insert_chart(chart_row, 0, &bar)?;

    let mut pie = Chart::new(ChartType::Pie);
    pie.add_series()
        .set_name(m::CHART_SUBMISSION)
        .set_categories((sheet, sub_first, 0, sub_end, 0))
        .set_values((sheet, sub_first, 1, sub_end, 1))
        .set_data_label(ChartDataLabel::new().show_value().set_font(&font));
    pie.title().set_name(m::CHART_SUBMISSION).set_font(&big);
    pie.legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    pie.set_width(380).set_height(CHART_ROWS * 24);
    g.ws.insert_chart(chart_row, 3, &pie)?;
    Ok(())
}
