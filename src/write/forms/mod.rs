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
use rust_xlsxwriter::{
    Color, DataValidation, ExcelDateTime, Format, FormatAlign, ProtectionOptions, Worksheet,
    XlsxError,
};

mod guide;
mod indicators;
mod info;
mod table;
mod tasks;
#[cfg(test)]
mod tests;

use guide::guide_sheet;
use indicators::indicator_sheet;
use info::info_sheet;
use tasks::task_sheet;

use super::{csv_bytes, style, Field};
use crate::messages as m;
use crate::plan::{Period, Plan, Role, Task, Unit};
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
    let mut wb = style::small_workbook(date, &title);

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
