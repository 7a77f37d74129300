//! The consolidated workbook `tong-hop-<ky>.xlsx` (OUTPUTS.md): six sheets
//! "Tổng hợp", "Nhiệm vụ", "Chỉ tiêu", "Khó khăn - Kiến nghị", "Tình hình
//! nộp" and "Kiểm tra", laid out from a [`Consolidated`].
//!
//! Presentation follows Decree 30/2020/NĐ-CP through [`super::style`]. Row
//! heights are set from the wrapped length of each cell (the shared style
//! fixes a default row height, so neither Excel nor LibreOffice would grow a
//! row for wrapped text by itself). The place on the date line is
//! `dia_danh` of `ke-hoach.csv` when given, else what follows the last
//! "thành phố" or "tỉnh" in the issuing body ("Ủy ban nhân dân thành phố
//! Hải Phòng" → "Hải Phòng"), else the issuing body itself.
//!
//! The sheet "Tổng hợp" is a report, not a table: it gets the page setup
//! (A4 landscape, fit to width, page numbers) but no repeated rows, frozen
//! panes or filter. Every other sheet is one table with its header rows
//! repeated and frozen and an autofilter.
//!
//! The five table sheets are rust_xlsxwriter "constant memory" worksheets:
//! each row goes to a temporary file once the next row is started, so the
//! workbook never holds all its cells (the "Chỉ tiêu" sheet has one column
//! per unit, and the plan can have thousands of tasks). They are therefore
//! written strictly row by row, each row's height set before the next row
//! starts. Their strings are stored inline rather than shared, which makes
//! the file slightly larger but changes nothing a reader sees.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};

use super::style;
use crate::consolidate::{Consolidated, IndicatorLine, PreviousSource, TaskLine};
use crate::messages as m;
use crate::plan::{Deadline, Method, Plan, Role};
use crate::validate::Finding;

/// Builds `tong-hop-<ky>.xlsx`.
///
/// `findings` are the run's findings in `kiem-tra.csv` order; `date` is the
/// date printed on the report and stored as the creation date, so the same
/// inputs and date give the same bytes.
///
/// # Errors
/// A [`XlsxError`] when the workbook cannot be assembled (not expected for
/// any input: texts are cut to Excel's cell limit).
pub fn tong_hop_xlsx(
    plan: &Plan,
    c: &Consolidated,
    findings: &[Finding],
    date: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let label = c.period.label();
    let mut wb = style::workbook(date, &m::workbook_title(&label));
    summary_sheet(wb.add_worksheet(), plan, c, date)?;
    tasks_sheet(table_sheet(&mut wb)?, plan, c)?;
    indicators_sheet(table_sheet(&mut wb)?, plan, c)?;
    issues_sheet(table_sheet(&mut wb)?, c)?;
    units_sheet(table_sheet(&mut wb)?, c)?;
    findings_sheet(table_sheet(&mut wb)?, c, findings)?;
    wb.save_to_buffer()
}

/// The place of the date line (see the module docs).
///
/// # Examples
/// ```
/// # use std::collections::BTreeMap;
/// use tonghop::write::workbook::place_name;
/// assert_eq!(place_name("Ủy ban nhân dân thành phố Hải Phòng", &BTreeMap::new()), "Hải Phòng");
/// assert_eq!(place_name("UBND tỉnh Quảng Ninh", &BTreeMap::new()), "Quảng Ninh");
/// let extra = BTreeMap::from([("dia_danh".to_string(), "Đồ Sơn".to_string())]);
/// assert_eq!(place_name("Ủy ban nhân dân thành phố Hải Phòng", &extra), "Đồ Sơn");
/// ```
pub fn place_name(issuing_body: &str, extra: &BTreeMap<String, String>) -> String {
    if let Some(p) = extra.get("dia_danh").map(|s| s.trim()) {
        if !p.is_empty() {
            return p.to_string();
        }
    }
    let words: Vec<&str> = issuing_body.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
    let mut start = None;
    for i in 0..folded.len() {
        if folded[i] == "tinh" {
            start = Some(i + 1);
        }
        if folded[i] == "thanh" && folded.get(i + 1).is_some_and(|w| w == "pho") {
            start = Some(i + 2);
        }
    }
    match start {
        Some(s) if s < words.len() => words[s..].join(" "),
        _ => issuing_body.trim().to_string(),
    }
}

// ---- a grid that sizes its rows -------------------------------------------

/// A worksheet with known column widths, written row by row, that sets
/// each row's height from the lines its cells need.
///
/// Rows must come in increasing order (a write to an earlier row is an
/// error): the table sheets are "constant memory" worksheets, which write a
/// row to disk as soon as a cell of a later row is written. The height of
/// a row is set when the grid first moves past it (or at [`Grid::finish`]),
/// before the worksheet writes the row out.
///
/// A table grid ([`Grid::table`]) ends with one empty cell below the
/// table: rust_xlsxwriter 0.102 writes the last row of a constant memory
/// worksheet twice (the second time empty) when that row has a height,
/// which Excel reports as damaged content; the empty cell makes the table's
/// last row an ordinary one.
struct Grid<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<f64>,
    /// The row being written and the height its cells need so far.
    current: Option<(u32, f64)>,
    /// Whether [`Grid::finish`] closes the table with an empty cell.
    table: bool,
}

impl<'a> Grid<'a> {
    fn new(ws: &'a mut Worksheet, widths: &[f64]) -> Result<Grid<'a>, XlsxError> {
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(col(i), *w)?;
        }
        Ok(Grid {
            ws,
            widths: widths.to_vec(),
            current: None,
            table: false,
        })
    }

    /// A grid for a table sheet made by [`table_sheet`].
    fn table(ws: &'a mut Worksheet, widths: &[f64]) -> Result<Grid<'a>, XlsxError> {
        let mut g = Grid::new(ws, widths)?;
        g.table = true;
        Ok(g)
    }

    fn width(&self, c1: u16, c2: u16) -> f64 {
        (c1..=c2)
            .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
            .sum()
    }

    /// Moves to `row` (setting the height of the row left behind), then
    /// makes room for `text` over columns `c1..=c2`.
    fn grow(
        &mut self,
        row: u32,
        text: &str,
        c1: u16,
        c2: u16,
        points: f64,
    ) -> Result<(), XlsxError> {
        self.go_to(row)?;
        let lines = style::text_lines(text, self.width(c1, c2), points);
        let h = lines as f64 * points * 1.3 + 3.0;
        if let Some((_, e)) = &mut self.current {
            if h > *e {
                *e = h;
            }
        }
        Ok(())
    }

    fn go_to(&mut self, row: u32) -> Result<(), XlsxError> {
        match self.current {
            Some((r, _)) if r == row => return Ok(()),
            Some((r, _)) if r > row => {
                return Err(XlsxError::ParameterError(format!(
                    "row {row} written after row {r}"
                )))
            }
            _ => {}
        }
        self.set_height()?;
        self.current = Some((row, 0.0));
        Ok(())
    }

    fn set_height(&mut self) -> Result<(), XlsxError> {
        if let Some((r, h)) = self.current.take() {
            self.ws.set_row_height(r, h.clamp(18.0, 409.0))?;
        }
        Ok(())
    }

    fn text(&mut self, row: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let s = style::excel_text(s);
        let s = s.as_ref();
        self.grow(row, s, c, c, 12.0)?;
        self.ws.write_string_with_format(row, c, s, f)?;
        Ok(())
    }

    fn merge(&mut self, row: u32, c1: u16, c2: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.merge_sized(row, c1, c2, s, f, 12.0)
    }

    fn merge_sized(
        &mut self,
        row: u32,
        c1: u16,
        c2: u16,
        s: &str,
        f: &Format,
        points: f64,
    ) -> Result<(), XlsxError> {
        let s = style::excel_text(s);
        let s = s.as_ref();
        self.grow(row, s, c1, c2, points)?;
        if c1 == c2 {
            self.ws.write_string_with_format(row, c1, s, f)?;
        } else {
            self.ws.merge_range(row, c1, row, c2, s, f)?;
        }
        Ok(())
    }

    fn number(&mut self, row: u32, c: u16, v: Option<f64>, f: &Format) -> Result<(), XlsxError> {
        self.grow(row, "", c, c, 12.0)?;
        match v {
            Some(v) if v.is_finite() => self.ws.write_number_with_format(row, c, v, f)?,
            _ => self.ws.write_blank(row, c, f)?,
        };
        Ok(())
    }

    fn count(&mut self, row: u32, c: u16, n: usize, f: &Format) -> Result<(), XlsxError> {
        self.number(row, c, Some(n as f64), f)
    }

    fn date(&mut self, row: u32, c: u16, d: NaiveDate, f: &Format) -> Result<(), XlsxError> {
        self.grow(row, "", c, c, 12.0)?;
        match excel_date(d) {
            Some(x) => self.ws.write_datetime_with_format(row, c, x, f)?,
            None => {
                self.ws
                    .write_string_with_format(row, c, d.format("%d/%m/%Y").to_string(), f)?
            }
        };
        Ok(())
    }

    fn note(&mut self, row: u32, c: u16, text: &str) -> Result<(), XlsxError> {
        self.go_to(row)?;
        let note = Note::new(style::excel_text(text))
            .set_author("tonghop")
            .add_author_prefix(false)
            .set_font_name(style::FONT)
            .set_width(320)
            .set_height(120);
        self.ws.insert_note(row, c, &note)?;
        Ok(())
    }

    fn header(&mut self, row: u32, labels: &[&str]) -> Result<(), XlsxError> {
        let f = style::header();
        for (i, l) in labels.iter().enumerate() {
            self.text(row, col(i), l, &f)?;
        }
        Ok(())
    }

    /// Sets the height of the last row and, for a table, writes the empty
    /// cell below it (see the type's docs).
    fn finish(mut self) -> Result<(), XlsxError> {
        let last = self.current.map(|(r, _)| r);
        self.set_height()?;
        if let (true, Some(r)) = (self.table, last) {
            self.ws.write_blank(r + 1, 0, &Format::new())?;
        }
        Ok(())
    }
}

/// A worksheet for a table that can be long: "constant memory" (rows go to
/// a temporary file as they are written, so the workbook does not hold
/// every cell), or an ordinary one when no temporary file can be made.
fn table_sheet(wb: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    if wb.add_worksheet_with_constant_memory().is_err() {
        wb.add_worksheet();
    }
    let last = wb.worksheets().len().saturating_sub(1);
    wb.worksheet_from_index(last)
}

/// Width units that print on one A4 landscape page at a still readable
/// scale (about 115 fit at 100 %).
const PAGE_UNITS: f64 = 160.0;

/// Pages side by side a table needs at a readable size when its first
/// `repeat` columns repeat on every page.
fn pages_wide(widths: &[f64], repeat: usize) -> u16 {
    let total: f64 = widths.iter().sum();
    if total <= PAGE_UNITS {
        return 1;
    }
    let fixed: f64 = widths.iter().take(repeat).sum();
    let per_page = (PAGE_UNITS - fixed).max(20.0);
    let more = ((total - PAGE_UNITS) / per_page).ceil();
    1 + more.clamp(0.0, 50.0) as u16
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn row_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

fn date_format() -> Format {
    style::text()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Center)
}

fn centered() -> Format {
    style::text().set_align(FormatAlign::Center)
}

fn bold() -> Format {
    style::text().set_bold()
}

fn bold_number() -> Format {
    style::number().set_bold()
}

fn italic() -> Format {
    style::text().set_italic()
}

fn italic_number() -> Format {
    style::number().set_italic()
}

/// A value shown but not used: grey italic.
fn unused_number() -> Format {
    style::number()
        .set_italic()
        .set_font_color(rust_xlsxwriter::Color::RGB(0x808080))
}

/// Page setup of the report sheet: like [`style::print_setup`] without
/// repeated rows or frozen panes.
fn report_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    ws.set_print_center_horizontally(true);
}

fn unit_name(plan: &Plan, code: &str) -> String {
    plan.unit(code)
        .map_or_else(|| code.to_string(), |u| u.name.clone())
}

fn names(plan: &Plan, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| unit_name(plan, c))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- "Tổng hợp" -------------------------------------------------------------

fn summary_sheet(
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

    // The heading block: two columns.
    g.merge(0, 0, 1, &plan.info.issuing_body.to_uppercase(), &center)?;
    g.merge(0, 2, last, m::NATION, &center_bold)?;
    g.merge(1, 0, 1, &consolidator.to_uppercase(), &center_bold)?;
    g.merge(1, 2, last, m::MOTTO, &center_bold)?;
    g.merge(2, 0, 1, &m::doc_number(&plan.info.consolidator), &center)?;
    let place = place_name(&plan.info.issuing_body, &plan.info.extra);
    g.merge(
        2,
        2,
        last,
        &m::place_date(&place, date),
        &center.clone().set_italic(),
    )?;

    // The title.
    g.merge_sized(4, 0, last, m::REPORT_KIND, &style::title(), 14.0)?;
    g.merge(
        5,
        0,
        last,
        &m::report_title(&plan.info.name, &plan.info.number, plan.info.issued),
        &center_bold,
    )?;
    g.merge(
        6,
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
    let mut r = 8u32;

    // I. Submission.
    g.merge(r, 0, last, m::PART_SUBMISSION, &part)?;
    r += 1;
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
    for (label, n) in m::SUBMISSION_LABELS.iter().zip(figures) {
        g.text(r, 0, label, &style::text())?;
        g.count(r, 1, n, &style::number())?;
        r += 1;
    }
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
    r += 1;
    g.header(r, &m::COUNTS_HEADER)?;
    r += 1;
    let count_rows = |g: &mut Grid<'_>,
                      r: &mut u32,
                      label: &str,
                      k: &crate::consolidate::StatusCounts,
                      strong: bool|
     -> Result<(), XlsxError> {
        let (tf, nf) = if strong {
            (bold(), bold_number())
        } else {
            (style::text(), style::number())
        };
        let values = [
            k.total,
            k.done,
            k.in_progress,
            k.not_started,
            k.ongoing,
            k.unreported,
            k.overdue,
        ];
        g.text(*r, 0, label, &tf)?;
        for (i, v) in values.iter().enumerate() {
            g.count(*r, col(i + 1), *v, &nf)?;
        }
        *r += 1;
        g.text(*r, 0, m::COUNTS_SHARE, &italic())?;
        for (i, v) in values.iter().enumerate() {
            g.number(*r, col(i + 1), k.share(*v), &italic_number())?;
        }
        *r += 1;
        Ok(())
    };
    count_rows(&mut g, &mut r, m::COUNTS_ALL, &c.counts, true)?;
    for sec in &c.sections {
        count_rows(&mut g, &mut r, &sec.title, &sec.counts, false)?;
    }
    r += 1;

    // III. Overdue tasks.
    g.merge(r, 0, last, m::PART_OVERDUE, &part)?;
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
        r += 1;
        for t in overdue {
            g.text(r, 0, &format!("{} — {}", t.code, t.content), &style::text())?;
            deadline_cell(&mut g, r, 1, t.deadline)?;
            g.text(r, 2, m::task_state(t.state), &centered())?;
            g.number(r, 3, t.share, &style::number())?;
            g.merge(r, 4, last, &names(plan, &t.leads), &style::text())?;
            r += 1;
        }
    }
    r += 1;

    // IV. Indicator highlights.
    g.merge(r, 0, last, m::PART_INDICATORS, &part)?;
    r += 1;
    g.header(r, &m::HIGHLIGHTS_HEADER)?;
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
        let nf = if ind.total_marked {
            style::marked(style::number())
        } else {
            style::number()
        };
        g.number(r, 2, ind.total, &nf)?;
        if ind.total_marked {
            g.note(r, 2, &m::marked_note(&total_errors(ind)))?;
        }
        g.number(r, 3, ind.previous, &style::number())?;
        g.number(r, 4, ind.change.map(|x| x + 100.0), &style::number())?;
        g.number(r, 5, ind.target, &style::number())?;
        g.number(r, 6, ind.target_share, &style::number())?;
        g.count(r, 7, used, &style::number())?;
        r += 1;
    }
    let _ = r;
    g.finish()
}

fn deadline_cell(g: &mut Grid<'_>, r: u32, c: u16, d: Deadline) -> Result<(), XlsxError> {
    match d {
        Deadline::Date(d) => g.date(r, c, d, &date_format()),
        Deadline::Ongoing => g.text(r, c, m::ONGOING, &centered()),
    }
}

fn total_errors(ind: &IndicatorLine) -> Vec<String> {
    ind.values
        .iter()
        .filter(|(_, v)| v.used && v.has_error)
        .flat_map(|(u, v)| v.errors.iter().map(move |e| format!("{u} — {e}")))
        .collect()
}

// ---- "Nhiệm vụ" -------------------------------------------------------------

fn tasks_sheet(ws: &mut Worksheet, plan: &Plan, c: &Consolidated) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_TASKS)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [
        5.0, 10.0, 38.0, 18.0, 18.0, 11.0, 14.0, 10.0, 10.0, 50.0, 18.0,
    ];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths)?;
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
    for sec in &c.sections {
        g.merge(r, 0, last, &sec.title, &style::section())?;
        r += 1;
        for t in &sec.tasks {
            n += 1;
            task_row(&mut g, plan, r, n, t)?;
            r += 1;
        }
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}

fn task_row(
    g: &mut Grid<'_>,
    plan: &Plan,
    r: u32,
    n: usize,
    t: &TaskLine,
) -> Result<(), XlsxError> {
    let marked = !t.status_errors.is_empty();
    let mark = |f: Format| if marked { style::marked(f) } else { f };
    g.count(r, 0, n, &centered())?;
    g.text(r, 1, &t.code, &centered())?;
    g.text(r, 2, &t.content, &style::text())?;
    g.text(r, 3, &names(plan, &t.leads), &style::text())?;
    g.text(r, 4, &names(plan, &t.coordinators), &style::text())?;
    deadline_cell(g, r, 5, t.deadline)?;
    g.text(r, 6, m::task_state(t.state), &mark(centered()))?;
    g.number(r, 7, t.share, &mark(style::number()))?;
    if marked {
        g.note(r, 6, &m::marked_note(&t.status_errors))?;
    }
    let progress = if t.overdue {
        m::OVERDUE
    } else {
        m::ON_SCHEDULE
    };
    g.text(r, 8, progress, &centered())?;
    let results = results_text(t);
    let bad: Vec<(String, Vec<String>)> = t
        .results
        .iter()
        .filter(|c| c.has_error)
        .map(|c| (c.unit_name.clone(), c.errors.clone()))
        .collect();
    let rf = if bad.is_empty() {
        style::text()
    } else {
        style::marked(style::text())
    };
    g.text(r, 9, &results, &rf)?;
    if !bad.is_empty() {
        g.note(r, 9, &m::results_note(&bad))?;
    }
    g.text(r, 10, &names(plan, &t.owing), &style::text())?;
    Ok(())
}

/// The results of a task: the lead's text (prefixed with its name when
/// there are several leads), then each coordinator's prefixed with its
/// name; "Chưa có báo cáo" when nobody reported.
pub(crate) fn results_text(t: &TaskLine) -> String {
    if !t.reported() {
        return m::NO_REPORT.to_string();
    }
    let several_leads = t.leads.len() > 1;
    t.results
        .iter()
        .filter(|c| !c.result.trim().is_empty())
        .map(|c| {
            if c.role == Role::Lead && !several_leads {
                c.result.clone()
            } else {
                m::result_of(&c.unit_name, &c.result)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- "Chỉ tiêu" -------------------------------------------------------------

fn indicators_sheet(ws: &mut Worksheet, plan: &Plan, c: &Consolidated) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_INDICATORS)?;
    style::print_setup(ws, 1, 1)?;
    let units = &c.indicator_units;
    let mut widths = vec![5.0, 8.0, 32.0, 12.0, 17.0];
    widths.extend(units.iter().map(|_| 12.0));
    widths.extend([12.0, 11.0, 11.0, 12.0, 11.0]);
    let last = col(widths.len() - 1);
    let first_tail = col(5 + units.len());
    // One column per unit can make the table far wider than a page: then it
    // prints on several pages side by side, each repeating STT, code and
    // name, at a readable size, instead of shrinking to one page width.
    let pages = pages_wide(&widths, 3);
    let title_last = if pages > 1 {
        ws.set_print_fit_to_pages(pages, 0);
        ws.set_repeat_columns(0, 2)?;
        // The title over the repeated columns: on every page, never cut.
        2
    } else {
        last
    };
    let mut g = Grid::table(ws, &widths)?;
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
    header.extend(unit_names.iter().map(String::as_str));
    header.extend(m::INDICATORS_TAIL);
    g.header(1, &header)?;
    for (i, u) in units.iter().enumerate() {
        g.note(1, col(5 + i), &m::unit_code_note(u))?;
    }
    let mut r = 2u32;
    for (n, ind) in c.indicators.iter().enumerate() {
        g.count(r, 0, n + 1, &centered())?;
        g.text(r, 1, &ind.code, &centered())?;
        g.text(r, 2, &ind.name, &style::text())?;
        g.text(r, 3, &ind.measure, &centered())?;
        g.text(r, 4, m::method_label(ind.method), &centered())?;
        for (i, u) in units.iter().enumerate() {
            let cc = col(5 + i);
            let Some(v) = ind.values.get(u) else {
                g.number(r, cc, None, &style::number())?;
                continue;
            };
            let shown_unused = !v.used && v.value.is_some();
            let base = if shown_unused {
                unused_number()
            } else {
                style::number()
            };
            let f = if v.has_error {
                style::marked(base)
            } else {
                base
            };
            // A statistical mark shows as the unit typed it ("-", "x", "…").
            match &v.mark {
                Some(m) => g.text(r, cc, &m.text, &f)?,
                None => g.number(r, cc, v.value, &f)?,
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
            style::marked(bold_number())
        } else {
            bold_number()
        };
        g.number(r, first_tail, ind.total, &tf)?;
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
        g.number(r, first_tail + 1, ind.target, &style::number())?;
        g.number(r, first_tail + 2, ind.target_share, &style::number())?;
        g.number(r, first_tail + 3, ind.previous, &style::number())?;
        if ind.previous_source == Some(PreviousSource::LastRun) {
            g.note(r, first_tail + 3, m::PREVIOUS_FROM_LAST_RUN)?;
        }
        g.number(
            r,
            first_tail + 4,
            ind.change.map(|x| x + 100.0),
            &style::number(),
        )?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}

// ---- "Khó khăn - Kiến nghị" -----------------------------------------------------

fn issues_sheet(ws: &mut Worksheet, c: &Consolidated) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_ISSUES)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [5.0, 24.0, 10.0, 36.0, 42.0, 42.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths)?;
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
    for (n, i) in c.issues.iter().enumerate() {
        g.count(r, 0, n + 1, &centered())?;
        g.text(r, 1, &i.unit_name, &style::text())?;
        g.text(r, 2, &i.task, &centered())?;
        g.text(
            r,
            3,
            i.task_content.as_deref().unwrap_or(""),
            &style::text(),
        )?;
        g.text(r, 4, &i.difficulty, &style::text())?;
        g.text(r, 5, &i.proposal, &style::text())?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}

// ---- "Tình hình nộp" ----------------------------------------------------------

fn units_sheet(ws: &mut Worksheet, c: &Consolidated) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_SUBMISSION)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [5.0, 10.0, 36.0, 15.0, 40.0, 12.0, 13.0, 8.0, 10.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths)?;
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
    for (n, u) in c.units.iter().enumerate() {
        g.count(r, 0, n + 1, &centered())?;
        g.text(r, 1, &u.code, &centered())?;
        g.text(r, 2, &u.name, &style::text())?;
        g.text(r, 3, m::unit_state(u.state), &centered())?;
        g.text(r, 4, u.file.as_deref().unwrap_or(""), &style::text())?;
        match u.report_date {
            Some(d) => g.date(r, 5, d, &date_format())?,
            None => g.text(r, 5, "", &centered())?,
        }
        let when = match u.state {
            crate::consolidate::UnitState::Counted => m::timeliness(u.late),
            _ => "",
        };
        g.text(r, 6, when, &centered())?;
        g.count(r, 7, u.errors, &style::number())?;
        g.count(r, 8, u.warnings, &style::number())?;
        r += 1;
    }
    g.ws.autofilter(1, 0, r.saturating_sub(1).max(1), last)?;
    g.finish()
}

// ---- "Kiểm tra" -------------------------------------------------------------

fn findings_sheet(
    ws: &mut Worksheet,
    c: &Consolidated,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    ws.set_name(m::SHEET_FINDINGS)?;
    style::print_setup(ws, 1, 1)?;
    let widths = [8.0, 10.0, 10.0, 30.0, 14.0, 7.0, 52.0, 40.0];
    let last = col(widths.len() - 1);
    let mut g = Grid::table(ws, &widths)?;
    g.merge_sized(
        0,
        0,
        last,
        &m::sheet_title(m::FINDINGS_TITLE, &c.period.label()),
        &style::title(),
        14.0,
    )?;
    g.header(1, &m::FINDINGS_HEADER)?;
    for (i, f) in findings.iter().enumerate() {
        let r = row_of(i + 2);
        g.text(r, 0, f.rule.code(), &centered())?;
        g.text(r, 1, f.severity.label(), &centered())?;
        g.text(r, 2, f.unit.as_deref().unwrap_or(""), &centered())?;
        g.text(r, 3, f.file.as_deref().unwrap_or(""), &style::text())?;
        g.text(r, 4, f.sheet.as_deref().unwrap_or(""), &style::text())?;
        let cell = f.cell.map(|c| c.to_string()).unwrap_or_default();
        g.text(r, 5, &cell, &centered())?;
        g.text(r, 6, &f.message, &style::text())?;
        g.text(r, 7, &f.hint, &style::text())?;
    }
    let end = row_of(findings.len() + 1);
    g.ws.autofilter(1, 0, end, last)?;
    g.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::{consolidate, tests as fx};

    #[test]
    fn results_lead_first_then_coordinators_by_name() {
        let (_d, plan) = fx::plan();
        let c = consolidate(&plan, fx::period(), &fx::outcome(), None);
        let tasks: Vec<&TaskLine> = c.sections.iter().flat_map(|s| &s.tasks).collect();
        // NV2: one lead (STP), coordinator SCT.
        assert_eq!(
            results_text(tasks[1]),
            "Kết quả NV2 dòng 6\nSở Công Thương: Kết quả NV2 dòng 7"
        );
        // NV1: two leads, both named.
        assert!(
            results_text(tasks[0]).starts_with("Sở Công Thương: Kết quả NV1 dòng 6\nSở Tư pháp: ")
        );
        assert_eq!(results_text(tasks[3]), "Chưa có báo cáo");
    }

    fn sheet_xml(book: &[u8], n: usize) -> String {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut f = z.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn table_sheets_stream_rows_and_keep_their_heights() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        // "Tổng hợp" is an ordinary sheet (shared strings); "Nhiệm vụ" a
        // constant memory one (inline strings).
        assert!(!sheet_xml(&book, 1).contains("inlineStr"));
        let tasks = sheet_xml(&book, 2);
        assert!(tasks.contains(r#"t="inlineStr""#));
        // Every row has the height its cells need, set before the row was
        // written out (above the sheet's default 18 points), and is written
        // once; then comes the empty closing row.
        let attr = |tag: &str, name: &str| -> Option<String> {
            let v = tag.split(&format!(r#" {name}=""#)).nth(1)?;
            Some(v[..v.find('"')?].to_string())
        };
        let rows: Vec<(u32, Option<f64>)> = tasks
            .split("<row ")
            .skip(1)
            .map(|row| {
                let tag = format!(" {}", &row[..row.find('>').unwrap()]);
                (
                    attr(&tag, "r").unwrap().parse().unwrap(),
                    attr(&tag, "ht").map(|h| h.parse().unwrap()),
                )
            })
            .collect();
        let tasks_n: usize = c.sections.iter().map(|s| s.tasks.len()).sum();
        let table = 2 + c.sections.len() + tasks_n;
        let numbers: Vec<u32> = rows.iter().map(|(r, _)| *r).collect();
        assert_eq!(numbers, (1..=row_of(table + 1)).collect::<Vec<_>>());
        let heights: Vec<f64> = rows[..table]
            .iter()
            .map(|(_, h)| h.unwrap_or(0.0))
            .collect();
        assert!(heights.iter().all(|h| *h > 18.0), "{heights:?}");
        assert!(heights.iter().any(|h| *h > 40.0), "{heights:?}");
        // The closing row keeps the default height.
        assert_eq!(rows[table], (table as u32 + 1, None));
        // No table sheet writes a row twice or out of order.
        for n in 2..=6 {
            let xml = sheet_xml(&book, n);
            let numbers: Vec<u32> = xml
                .split("<row r=\"")
                .skip(1)
                .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(
                numbers.windows(2).all(|w| w[0] < w[1]),
                "sheet {n}: {numbers:?}"
            );
        }
        assert!(tasks.contains("<autoFilter ref=\"A2:"));
        assert!(tasks.contains("<pane ySplit=\"2\""));
    }

    #[test]
    fn a_grid_refuses_an_earlier_row() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let mut g = Grid::new(ws, &[10.0]).unwrap();
        g.text(3, 0, "a", &style::text()).unwrap();
        g.text(3, 0, "b", &style::text()).unwrap();
        assert!(g.text(2, 0, "c", &style::text()).is_err());
        assert!(g.note(1, 0, "d").is_err());
        g.text(5, 0, "e", &style::text()).unwrap();
        g.finish().unwrap();
    }

    #[test]
    fn same_inputs_same_bytes() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let a = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let b = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        assert_eq!(a, b);
        if let Some(p) = std::env::var_os("TONGHOP_DUMP_XLSX") {
            std::fs::write(p, &a).unwrap();
        }
    }
}
