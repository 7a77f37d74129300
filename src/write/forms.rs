//! The pre-filled blank report form of `tonghop forms` (OUTPUTS.md, FORM.md
//! §3): one workbook per expected unit, with the unit's info, one row per
//! task it leads or coordinates, its indicators, dropdown lists and number
//! checks on the input cells, everything else locked (no password), and the
//! "Hướng dẫn" sheet. Also the mail-merge list `huong-dan-gui.csv`.
//!
//! The form is the reader's best case: the labels are exactly FORM.md's, the
//! sheets have the names the reader looks for first, and the cells a unit
//! fills are the only ones it can change.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    ProtectionOptions, Worksheet, XlsxError,
};

use super::{csv_bytes, style, Field};
use crate::messages as m;
use crate::plan::{Deadline, Period, Plan, Role, Task, Unit};
use crate::read::values::Status;
use crate::Error;

/// Fill of the cells a unit fills in (light yellow).
const INPUT_FILL: u32 = 0xFFF2CC;

/// 0-based row of the table headers on "Nhiệm vụ" and "Chỉ tiêu".
const HEADER_ROW: u32 = 4;

/// 0-based row of the first label on "Thông tin".
const INFO_FIRST_ROW: u32 = 2;

/// Height of one line of 12-point Times New Roman, in points.
const LINE_HEIGHT: f64 = 15.75;

/// Column widths of the task table, by header label position.
const TASK_WIDTHS: [f64; 10] = [5.0, 10.0, 42.0, 9.5, 11.5, 15.0, 10.5, 38.0, 22.0, 22.0];

/// Column widths of the indicator table.
const INDICATOR_WIDTHS: [f64; 7] = [5.0, 10.0, 48.0, 14.0, 15.0, 15.0, 30.0];

// Task table columns (0-based).
const T_STT: u16 = 0;
const T_CODE: u16 = 1;
const T_CONTENT: u16 = 2;
const T_ROLE: u16 = 3;
const T_DEADLINE: u16 = 4;
const T_STATUS: u16 = 5;
const T_SHARE: u16 = 6;
const T_RESULT: u16 = 7;
const T_LAST: u16 = 9;

// Indicator table columns (0-based).
const I_VALUE: u16 = 4;
const I_PREVIOUS: u16 = 5;
const I_NOTE: u16 = 6;
const I_LAST: u16 = 6;

/// One line of a unit's task table: a section title, or a task with the
/// unit's role on it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TaskLine<'a> {
    Section(&'a str),
    Task(&'a Task, Role),
}

/// The tasks `unit` leads or coordinates in `period` (mergers applied: a
/// successor owes its predecessors' tasks), in plan order, with a section
/// line before each change of section.
fn task_lines<'a>(plan: &'a Plan, period: Period, unit: &str) -> Vec<TaskLine<'a>> {
    let mut out = Vec::new();
    let mut section: Option<&str> = None;
    for (t, role) in plan.tasks_owed(unit, period) {
        let s = t.section.trim();
        if !s.is_empty() && section != Some(s) {
            out.push(TaskLine::Section(s));
        }
        section = Some(s);
        out.push(TaskLine::Task(t, role));
    }
    out
}

/// The file name of a unit's form: its code, with anything but letters,
/// digits, `-` and `_` replaced.
pub fn form_file_name(unit_code: &str) -> String {
    let safe: String = unit_code
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.xlsx")
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// Lines a text takes in a wrapped cell `width` characters wide.
fn line_count(text: &str, width: f64) -> usize {
    style::text_lines(text, width + 1.0, 12.0)
}

fn height(lines: usize) -> f64 {
    lines as f64 * LINE_HEIGHT + 4.0
}

/// What every sheet of one form needs.
struct Form<'a> {
    f: Formats,
    plan: &'a Plan,
    period: Period,
    unit: &'a Unit,
}

/// The formats of a form.
struct Formats {
    text: Format,
    center: Format,
    date: Format,
    label: Format,
    header: Format,
    section: Format,
    title: Format,
    subtitle: Format,
    plain: Format,
    heading: Format,
    input: Format,
    input_center: Format,
    input_date: Format,
    input_text: Format,
    input_number: Format,
}

impl Formats {
    fn new() -> Formats {
        let input = style::text()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL));
        Formats {
            text: style::text(),
            center: style::text().set_align(FormatAlign::Center),
            date: style::text()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Center),
            label: style::text().set_bold(),
            header: style::header(),
            section: style::section(),
            title: style::title(),
            subtitle: style::plain().set_italic().set_align(FormatAlign::Center),
            plain: style::plain(),
            heading: style::plain().set_bold(),
            input_center: input.clone().set_align(FormatAlign::Center),
            input_date: input
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Left),
            input_text: input.clone().set_num_format("@"),
            input_number: input.clone().set_align(FormatAlign::Right),
            input,
        }
    }
}

fn protect(ws: &mut Worksheet) {
    // No password; people may still resize rows and columns to read their
    // text, but not change what is locked.
    let options = ProtectionOptions {
        format_rows: true,
        format_columns: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn validation_texts(dv: DataValidation, texts: &[String]) -> Result<DataValidation, XlsxError> {
    let mut dv = dv;
    if let Some(t) = texts.first() {
        dv = dv.set_input_title(t.as_str())?;
        if texts.len() > 2 {
            dv = dv.set_error_title(t.as_str())?;
        }
    }
    if let Some(t) = texts.get(1) {
        dv = dv.set_input_message(t.as_str())?;
    }
    if let Some(t) = texts.get(2) {
        dv = dv.set_error_message(t.as_str())?;
    }
    Ok(dv)
}

/// Builds the pre-filled blank report form of one unit for one period.
///
/// # Parameters
/// - `plan`, `period`: what the form is for.
/// - `date`: the date stored in the document properties (`--ngay`), so two
///   builds with the same inputs are byte-identical.
/// - `unit_code`: the unit (any case).
///
/// # Errors
/// [`XlsxError::ParameterError`] when the plan has no such unit; any other
/// [`XlsxError`] from building the workbook.
///
/// # Examples
/// ```
/// # let dir = tempfile::tempdir()?;
/// # tonghop::plan::write_example(dir.path())?;
/// # use chrono::NaiveDate;
/// let plan = tonghop::plan::load(dir.path())?;
/// let period = "2020-H1".parse()?;
/// let date = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
/// let a = tonghop::write::forms::form_xlsx(&plan, period, date, "SCT")?;
/// let b = tonghop::write::forms::form_xlsx(&plan, period, date, "sct")?;
/// assert_eq!(a, b);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn form_xlsx(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
    unit_code: &str,
) -> Result<Vec<u8>, XlsxError> {
    let unit = plan
        .unit(unit_code)
        .ok_or_else(|| XlsxError::ParameterError(m::form_unknown_unit(unit_code)))?;
    let form = Form {
        f: Formats::new(),
        plan,
        period,
        unit,
    };
    let title = format!("{} — {}", unit.name, period.label());
    let mut wb = style::workbook(date, &title);

    let ws = wb.add_worksheet();
    ws.set_name(m::FORM_SHEET_INFO)?;
    info_sheet(ws, &form)?;

    let ws = wb.add_worksheet();
    ws.set_name(m::FORM_SHEET_TASKS)?;
    task_sheet(ws, &form)?;

    let ws = wb.add_worksheet();
    ws.set_name(m::FORM_SHEET_INDICATORS)?;
    indicator_sheet(ws, &form)?;

    let ws = wb.add_worksheet();
    ws.set_name(m::FORM_SHEET_GUIDE)?;
    guide_sheet(ws, &form)?;

    wb.save_to_buffer()
}

fn info_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 64)?;
    ws.merge_range(0, 0, 0, 1, m::FORM_INFO_TITLE, &f.title)?;
    ws.set_row_height(0, height(1) + 4.0)?;

    let label = |i: usize| m::FORM_INFO_LABELS.get(i).copied().unwrap_or_default();
    let given = [
        unit.code.clone(),
        unit.name.clone(),
        plan.info.id.clone(),
        period.label(),
    ];
    let mut r = INFO_FIRST_ROW;
    for (i, value) in given.iter().enumerate() {
        ws.write_string_with_format(r, 0, label(i), &f.label)?;
        ws.write_string_with_format(r, 1, value, &f.text)?;
        ws.set_row_height(r, height(line_count(value, 64.0)))?;
        r += 1;
    }

    // "Ngày báo cáo": a date, checked.
    let date_row = r;
    ws.write_string_with_format(r, 0, label(4), &f.label)?;
    ws.write_blank(r, 1, &f.input_date)?;
    let due = period.due(&plan.info);
    let from = period.cutoff_start();
    let to = NaiveDate::from_ymd_opt(period.year + 1, 12, 31).unwrap_or(due);
    let dv = DataValidation::new().allow_date(DataValidationRule::Between(
        excel_date(from)?,
        excel_date(to)?,
    ));
    let dv = validation_texts(dv, &m::form_date_validation(due, from, to))?;
    ws.add_data_validation(r, 1, r, 1, &dv)?;
    ws.set_row_height(r, height(1))?;
    r += 1;

    // People and contacts: free text. The phone is a text cell so that a
    // leading 0 stays.
    for i in 5..m::FORM_INFO_LABELS.len() {
        ws.write_string_with_format(r, 0, label(i), &f.label)?;
        let fmt = if i == 6 { &f.input_text } else { &f.input };
        ws.write_blank(r, 1, fmt)?;
        ws.set_row_height(r, height(1))?;
        r += 1;
    }

    r += 1;
    ws.merge_range(r, 0, r, 1, m::FORM_INFO_NOTE, &f.plain)?;
    ws.set_row_height(r, height(line_count(m::FORM_INFO_NOTE, 88.0)))?;

    style::print_setup(ws, 0, 0)?;
    ws.set_selection(date_row, 1, date_row, 1)?;
    protect(ws);
    Ok(())
}

/// The three title rows above a table, merged across its columns.
fn title_rows(
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

fn header_row(
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

fn task_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    let lines = task_lines(plan, period, &unit.code);
    let total_width: f64 = TASK_WIDTHS.iter().sum();
    title_rows(ws, form, m::FORM_TASKS_TITLE, T_LAST, total_width)?;
    let mut widths = TASK_WIDTHS;
    widths[usize::from(T_CODE)] = style::fit_width(
        lines
            .iter()
            .filter_map(|l| match l {
                TaskLine::Task(t, _) => Some(t.code.as_str()),
                TaskLine::Section(_) => None,
            })
            .chain(["Mã nhiệm vụ"]),
        10.0,
        16.0,
    ) - 2.0;
    header_row(ws, f, &m::FORM_TASK_HEADER, &widths)?;

    // Blocks of consecutive task rows that share a status list, for the
    // data validations: (first row, last row, ongoing).
    let mut blocks: Vec<(u32, u32, bool)> = Vec::new();
    let mut r = HEADER_ROW + 1;
    let mut n = 0u32;
    for line in &lines {
        match line {
            TaskLine::Section(s) => {
                ws.merge_range(r, 0, r, T_LAST, s, &f.section)?;
                ws.set_row_height(r, height(line_count(s, total_width)))?;
            }
            TaskLine::Task(t, role) => {
                n += 1;
                ws.write_number_with_format(r, T_STT, f64::from(n), &f.center)?;
                ws.write_string_with_format(r, T_CODE, &t.code, &f.center)?;
                ws.write_string_with_format(r, T_CONTENT, &t.content, &f.text)?;
                ws.write_string_with_format(
                    r,
                    T_ROLE,
                    m::form_role(*role == Role::Lead),
                    &f.center,
                )?;
                let ongoing = match t.deadline {
                    Deadline::Date(d) => {
                        ws.write_datetime_with_format(r, T_DEADLINE, excel_date(d)?, &f.date)?;
                        false
                    }
                    Deadline::Ongoing => {
                        ws.write_string_with_format(r, T_DEADLINE, m::FORM_ONGOING, &f.center)?;
                        true
                    }
                };
                ws.write_blank(r, T_STATUS, &f.input_center)?;
                ws.write_blank(r, T_SHARE, &f.input_number)?;
                for c in T_RESULT..=T_LAST {
                    ws.write_blank(r, c, &f.input)?;
                }
                let content_lines = line_count(&t.content, widths[usize::from(T_CONTENT)]);
                ws.set_row_height(r, height(content_lines.max(3)))?;
                match blocks.last_mut() {
                    Some((_, last, o)) if *last + 1 == r && *o == ongoing => *last = r,
                    _ => blocks.push((r, r, ongoing)),
                }
            }
        }
        r += 1;
    }
    if lines.is_empty() {
        ws.merge_range(r, 0, r, T_LAST, m::FORM_NO_TASKS, &f.text)?;
        ws.set_row_height(r, height(line_count(m::FORM_NO_TASKS, total_width)))?;
    }

    let status_dv = |ongoing: bool| -> Result<DataValidation, XlsxError> {
        let choices: Vec<&str> = Status::ALL
            .iter()
            .filter(|s| ongoing || **s != Status::Ongoing)
            .map(|s| s.label())
            .collect();
        let dv = DataValidation::new().allow_list_strings(&choices)?;
        validation_texts(dv, &m::form_status_validation(&choices, ongoing))
    };
    let fixed_dv = status_dv(false)?;
    let ongoing_dv = status_dv(true)?;
    let share_dv = validation_texts(
        DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 100)),
        &m::form_share_validation(),
    )?;
    let result_dv = validation_texts(
        DataValidation::new().allow_any_value(),
        &m::form_result_input(),
    )?;
    // One validation per kind, over all its rows (Excel's multi-range), so
    // the file stays small whatever the order of ongoing and fixed tasks.
    // `only`: the ongoing (Some(true)) or fixed (Some(false)) rows, or all.
    let ranges = |col: u16, only: Option<bool>| -> Option<(u32, String)> {
        let mut spans: Vec<(u32, u32)> = Vec::new();
        for &(a, z, ongoing) in &blocks {
            if only.is_some_and(|o| o != ongoing) {
                continue;
            }
            match spans.last_mut() {
                Some(last) if last.1 + 1 == a => last.1 = z,
                _ => spans.push((a, z)),
            }
        }
        let first = spans.first()?.0;
        let joined: Vec<String> = spans
            .iter()
            .map(|&(a, z)| cell_range(a, col, z, col))
            .collect();
        Some((first, joined.join(" ")))
    };
    let kinds = [
        (T_STATUS, Some(false), &fixed_dv),
        (T_STATUS, Some(true), &ongoing_dv),
        (T_SHARE, None, &share_dv),
        (T_RESULT, None, &result_dv),
    ];
    for (col, only, dv) in kinds {
        if let Some((first, range)) = ranges(col, only) {
            let dv = dv.clone().set_multi_range(range);
            ws.add_data_validation(first, col, first, col, &dv)?;
        }
    }

    style::print_setup(ws, HEADER_ROW, HEADER_ROW)?;
    if let Some((first, _, _)) = blocks.first() {
        ws.set_selection(*first, T_STATUS, *first, T_STATUS)?;
    }
    protect(ws);
    Ok(())
}

fn indicator_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
    let (f, plan, period, unit) = (&form.f, form.plan, form.period, form.unit);
    let indicators = plan.indicators_owed(&unit.code, period);
    let total_width: f64 = INDICATOR_WIDTHS.iter().sum();
    title_rows(ws, form, m::FORM_INDICATORS_TITLE, I_LAST, total_width)?;
    let mut widths = INDICATOR_WIDTHS;
    widths[1] = style::fit_width(
        indicators
            .iter()
            .map(|i| i.code.as_str())
            .chain(["Mã chỉ tiêu"]),
        10.0,
        16.0,
    ) - 2.0;
    header_row(ws, f, &m::FORM_INDICATOR_HEADER, &widths)?;

    let first = HEADER_ROW + 1;
    let mut r = first;
    for (n, ind) in indicators.iter().enumerate() {
        let n = u32::try_from(n + 1).unwrap_or(u32::MAX);
        ws.write_number_with_format(r, 0, f64::from(n), &f.center)?;
        ws.write_string_with_format(r, 1, &ind.code, &f.center)?;
        ws.write_string_with_format(r, 2, &ind.name, &f.text)?;
        ws.write_string_with_format(r, 3, &ind.measure, &f.center)?;
        ws.write_blank(r, I_VALUE, &f.input_number)?;
        ws.write_blank(r, I_PREVIOUS, &f.input_number)?;
        ws.write_blank(r, I_NOTE, &f.input)?;
        let lines = line_count(&ind.name, widths[2]).max(line_count(&ind.measure, widths[3]));
        ws.set_row_height(r, height(lines.max(2)))?;
        r += 1;
    }
    if indicators.is_empty() {
        ws.merge_range(r, 0, r, I_LAST, m::FORM_NO_INDICATORS, &f.text)?;
        ws.set_row_height(r, height(line_count(m::FORM_NO_INDICATORS, total_width)))?;
    } else {
        let dv = validation_texts(
            DataValidation::new().allow_custom(value_rule(first)),
            &m::form_value_validation(),
        )?;
        ws.add_data_validation(first, I_VALUE, r - 1, I_PREVIOUS, &dv)?;
        ws.set_selection(first, I_VALUE, first, I_VALUE)?;
    }

    style::print_setup(ws, HEADER_ROW, HEADER_ROW)?;
    protect(ws);
    Ok(())
}

/// The rule of the indicator value cells: a number not below 0, or one of
/// the statistical marks ("-", "x", "…"), relative to the first value cell
/// (row `first`, 0-based).
fn value_rule(first: u32) -> rust_xlsxwriter::Formula {
    let cell = crate::model::Cell::new(first, u32::from(I_VALUE)).to_string();
    let marks: String = crate::read::values::MARKS
        .iter()
        .map(|(s, _)| format!(",{cell}=\"{s}\""))
        .collect();
    rust_xlsxwriter::Formula::new(format!("OR(AND(ISNUMBER({cell}),{cell}>=0){marks})"))
}

fn guide_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
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

/// The unit's email from the plan's `don-vi.csv` (an extra column named
/// `email`, any case), when there is one.
fn unit_email(unit: &Unit) -> String {
    unit.emails().join("; ")
}

/// The mail-merge list written next to the forms (`huong-dan-gui.csv`): one
/// line per expected unit with its code, name, email (empty when the plan
/// has none), form file and due date (dd/mm/yyyy). UTF-8 with BOM.
///
/// # Examples
/// ```
/// # let dir = tempfile::tempdir()?;
/// # tonghop::plan::write_example(dir.path())?;
/// let plan = tonghop::plan::load(dir.path())?;
/// let csv = tonghop::write::forms::mail_merge_csv(&plan, "2020-H1".parse()?);
/// let text = String::from_utf8(csv)?;
/// assert!(text.starts_with("\u{feff}ma_don_vi,ten_don_vi,email,tep_bieu_mau,han_nop\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn mail_merge_csv(plan: &Plan, period: Period) -> Vec<u8> {
    let due = period.due(&plan.info).format("%d/%m/%Y").to_string();
    let rows = plan.expected_units(period).into_iter().map(|u| {
        vec![
            Field::from(u.code.as_str()),
            Field::from(u.name.as_str()),
            Field::from(unit_email(u)),
            Field::from(form_file_name(&u.code)),
            Field::from(due.as_str()),
        ]
    });
    csv_bytes(&m::FORMS_MAIL_MERGE_HEADER, rows)
}

/// The forms of every unit expected in `period` and the mail-merge list,
/// by path relative to `out/<ky>/` (`bieu-mau/<ma>.xlsx`, forms first in
/// plan order, then `bieu-mau/huong-dan-gui.csv`), for
/// `OutputDir::write_beside`.
///
/// # Errors
/// [`Error::Output`] naming the form that could not be built.
pub fn forms_files(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = Vec::new();
    for unit in plan.expected_units(period) {
        let rel = format!("{FORMS_DIR}/{}", form_file_name(&unit.code));
        let bytes = form_xlsx(plan, period, date, &unit.code).map_err(|e| Error::Output {
            path: PathBuf::from(&rel),
            source: std::io::Error::other(e.to_string()),
        })?;
        files.push((rel, bytes));
    }
    files.push((
        format!("{FORMS_DIR}/{}", m::FORMS_MAIL_MERGE_FILE),
        mail_merge_csv(plan, period),
    ));
    Ok(files)
}

/// The folder of `out/<ky>/` that holds the forms.
pub const FORMS_DIR: &str = "bieu-mau";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counts() {
        assert_eq!(line_count("", 10.0), 1);
        assert_eq!(line_count("abc", 10.0), 1);
        assert_eq!(line_count("a".repeat(23).as_str(), 10.0), 2);
        assert_eq!(line_count("a".repeat(30).as_str(), 10.0), 3);
        assert_eq!(line_count("a\nb", 10.0), 2);
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(form_file_name("SCT"), "SCT.xlsx");
        assert_eq!(form_file_name("A/B"), "A_B.xlsx");
        assert_eq!(form_file_name("../X"), "___X.xlsx");
    }

    #[test]
    fn validation_texts_fit_excel_limits() {
        let d = NaiveDate::from_ymd_opt(2020, 6, 15).unwrap_or_default();
        let all = [
            m::form_date_validation(d, d, d).to_vec(),
            m::form_status_validation(&["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"], false)
                .to_vec(),
            m::form_status_validation(
                &[
                    "Hoàn thành",
                    "Đang thực hiện",
                    "Chưa thực hiện",
                    "Thường xuyên",
                ],
                true,
            )
            .to_vec(),
            m::form_share_validation().to_vec(),
            m::form_value_validation().to_vec(),
            m::form_result_input().to_vec(),
        ];
        for texts in all {
            assert!(texts[0].encode_utf16().count() <= 32, "{}", texts[0]);
            for t in &texts[1..] {
                assert!(t.encode_utf16().count() <= 255, "{t}");
            }
        }
    }
}
