//! The "Nhiệm vụ" sheet of the form: one row per task the unit leads or
//! coordinates, with the dropdown lists of its input cells.

use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Worksheet, XlsxError};

use super::table::{header_row, title_rows};
use super::{
    excel_date, height, line_count, protect, task_lines, validation_texts, Form, TaskLine,
    HEADER_ROW, TASK_WIDTHS, T_CODE, T_CONTENT, T_DEADLINE, T_LAST, T_RESULT, T_ROLE, T_SHARE,
    T_STATUS, T_STT,
};
use crate::messages as m;
use crate::plan::{Deadline, Role};
use crate::read::values::Status;
use crate::write::style;
pub(super) fn task_sheet(ws: &mut Worksheet, form: &Form<'_>) -> Result<(), XlsxError> {
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
