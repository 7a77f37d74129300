//! Feedback outputs (OUTPUTS.md): `kiem-tra.csv` (every finding of the run),
//! `phan-hoi/<ma-don-vi>.xlsx` (one unit's findings, print-ready) and
//! `phan-hoi/chua-nop.csv` (expected units with no report, for the
//! reminder). Each builder returns bytes; the run writes them.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_xlsxwriter::{Format, XlsxError};

use super::{csv_bytes, style, Field};
use crate::messages;
use crate::plan::{Period, Plan};
use crate::validate::{Finding, Outcome, Severity};

/// The columns of `kiem-tra.csv`.
pub const KIEM_TRA_HEADER: [&str; 8] = [
    "ma_loi",
    "muc_do",
    "ma_don_vi",
    "tep",
    "trang_tinh",
    "o",
    "thong_bao",
    "huong_dan",
];

/// `kiem-tra.csv`: every finding, one a line, sorted by unit, file, sheet,
/// row, column, rule; UTF-8 with BOM; text neutralised against formula
/// injection.
///
/// # Examples
/// ```
/// use tonghop::validate::{Finding, Rule};
/// let f = Finding::new(Rule::R01, "=chưa gửi").unit("SCT");
/// let csv = String::from_utf8(tonghop::write::feedback::kiem_tra_csv(&[f])).unwrap();
/// assert!(csv.starts_with("\u{feff}ma_loi,muc_do,ma_don_vi,tep,trang_tinh,o,thong_bao,huong_dan\n"));
/// assert!(csv.contains("R01,canh_bao,SCT,,,,'=chưa gửi,"));
/// ```
pub fn kiem_tra_csv(findings: &[Finding]) -> Vec<u8> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort();
    csv_bytes(
        &KIEM_TRA_HEADER,
        sorted.into_iter().map(|f| {
            vec![
                Field::from(f.rule.code()),
                Field::from(f.severity.code()),
                text_or_empty(f.unit.as_deref()),
                text_or_empty(f.file.as_deref()),
                text_or_empty(f.sheet.as_deref()),
                f.cell.map_or(Field::Empty, |c| Field::Text(c.to_string())),
                Field::from(f.message.as_str()),
                Field::from(f.hint.as_str()),
            ]
        }),
    )
}

fn text_or_empty(s: Option<&str>) -> Field {
    match s {
        Some(s) if !s.is_empty() => Field::from(s),
        _ => Field::Empty,
    }
}

/// Columns of `chua-nop.csv` before the plan's own contact columns.
pub const CHUA_NOP_HEADER: [&str; 3] = ["ma_don_vi", "ten_don_vi", "loai"];

/// `phan-hoi/chua-nop.csv`: the expected units with no counted report, in
/// plan order, with their contact details from `don-vi.csv` (code, name,
/// kind, then every extra column the plan has, in name order).
pub fn chua_nop_csv(plan: &Plan, outcome: &Outcome) -> Vec<u8> {
    let extra: BTreeSet<&str> = plan
        .units
        .iter()
        .flat_map(|u| u.extra.keys().map(String::as_str))
        .collect();
    let mut header: Vec<&str> = CHUA_NOP_HEADER.to_vec();
    header.extend(extra.iter().copied());
    let rows = outcome.missing.iter().map(|code| {
        let unit = plan.unit(code);
        let mut row = vec![
            Field::from(code.as_str()),
            unit.map_or(Field::Empty, |u| Field::from(u.name.as_str())),
            unit.map_or(Field::Empty, |u| Field::from(u.kind.as_str())),
        ];
        for k in &extra {
            row.push(text_or_empty(
                unit.and_then(|u| u.extra.get(*k)).map(String::as_str),
            ));
        }
        row
    });
    csv_bytes(&header, rows)
}

/// `phan-hoi/<ma-don-vi>.xlsx`: the findings of one unit, errors first, with
/// file, sheet, cell, severity, message and hint, under a heading that names
/// the unit, the period and the counts; "Báo cáo hợp lệ" when there is none.
/// It holds this unit's findings only.
///
/// # Errors
/// A [`XlsxError`] when the workbook cannot be built.
pub fn feedback_xlsx(
    plan: &Plan,
    period: Period,
    date: NaiveDate,
    unit_code: &str,
    outcome: &Outcome,
) -> Result<Vec<u8>, XlsxError> {
    let code = crate::text::code(unit_code);
    let name = plan.unit(&code).map_or(code.as_str(), |u| u.name.as_str());
    // Its findings, and those of the files that seem to come from it but
    // could not be credited (a PDF named after it, an unreadable workbook).
    let guessed: BTreeSet<&str> = outcome
        .files
        .iter()
        .filter(|f| f.unit.is_none() && f.sent_by.as_deref() == Some(code.as_str()))
        .map(|f| f.rel.as_str())
        .collect();
    let mut mine: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| {
            f.unit.as_deref() == Some(code.as_str())
                || (f.unit.is_none() && f.file.as_deref().is_some_and(|x| guessed.contains(x)))
        })
        .collect();
    mine.sort_by(|a, b| a.severity.cmp(&b.severity).then(a.cmp(b)));
    let count = |s: Severity| mine.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );

    let mut wb = style::workbook(date, messages::FEEDBACK_TITLE);
    let ws = wb.add_worksheet();
    ws.set_name(messages::FEEDBACK_SHEET)?;
    let last_col = (messages::FEEDBACK_HEADERS.len() - 1) as u16;
    let mut lines: Vec<(String, Format)> = vec![
        (messages::FEEDBACK_TITLE.to_string(), style::title()),
        (
            messages::feedback_plan_line(
                &messages::plan_ref(&plan.info.number, &plan.info.name),
                &period.label(),
            ),
            style::plain().set_align(rust_xlsxwriter::FormatAlign::Center),
        ),
        (
            messages::feedback_unit_line(name, &code),
            style::plain().set_bold(),
        ),
    ];
    if let Some(r) = outcome.counted.get(&code) {
        lines.push((messages::check_file_line(&r.rel), style::plain()));
    }
    lines.push((messages::feedback_date_line(date), style::plain()));
    lines.push((
        messages::counts_line(errors, warnings, infos),
        style::plain().set_bold(),
    ));
    lines.push((
        messages::feedback_advice(errors).to_string(),
        style::plain(),
    ));
    if outcome.unusable.contains(&code) {
        lines.push((
            messages::feedback_unusable(&period.label()),
            style::plain().set_bold(),
        ));
    }
    let mut r: u32 = 0;
    for (text, fmt) in &lines {
        ws.merge_range(r, 0, r, last_col, text, fmt)?;
        ws.set_row_height(r, 21.0)?;
        r += 1;
    }
    r += 1;
    let header_row = r;
    for (c, h) in messages::FEEDBACK_HEADERS.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &style::header())?;
    }
    let text = style::text();
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); messages::FEEDBACK_HEADERS.len()];
    for (c, h) in messages::FEEDBACK_HEADERS.iter().enumerate() {
        cols[c].push(h.to_string());
    }
    if mine.is_empty() {
        r += 1;
        ws.merge_range(
            r,
            0,
            r,
            last_col,
            messages::FEEDBACK_VALID,
            &style::section(),
        )?;
    }
    let first_data_row = r + 1;
    let mut rows_text: Vec<Vec<String>> = Vec::with_capacity(mine.len());
    for (i, f) in mine.iter().enumerate() {
        r += 1;
        let cells = [
            (i + 1).to_string(),
            f.file.clone().unwrap_or_default(),
            f.sheet.clone().unwrap_or_default(),
            f.cell.map(|c| c.to_string()).unwrap_or_default(),
            format!("{} ({})", f.severity.label(), f.rule),
            f.message.clone(),
            f.hint.clone(),
        ];
        rows_text.push(cells.to_vec());
        for (c, v) in cells.into_iter().enumerate() {
            let fmt = if c == 4 && f.severity == Severity::Error {
                style::marked(style::text())
            } else {
                text.clone()
            };
            ws.write_string_with_format(r, c as u16, style::excel_text(&v), &fmt)?;
            cols[c].push(v);
        }
    }
    let limits: [(f64, f64); 7] = [
        (5.0, 6.0),
        (16.0, 36.0),
        (10.0, 16.0),
        (5.0, 8.0),
        (12.0, 18.0),
        (30.0, 60.0),
        (24.0, 45.0),
    ];
    let mut widths = [0.0; 7];
    for (c, (min, max)) in limits.iter().enumerate() {
        let w = style::fit_width(cols[c].iter().map(String::as_str), *min, *max);
        ws.set_column_width(c as u16, w)?;
        widths[c] = w;
    }
    // Each finding's row as high as its longest wrapped cell.
    for (i, row_texts) in rows_text.iter().enumerate() {
        let lines = row_texts
            .iter()
            .zip(widths)
            .map(|(t, w)| style::text_lines(t, w, 12.0))
            .max()
            .unwrap_or(1);
        ws.set_row_height(first_data_row + i as u32, style::row_height(lines, 12.0))?;
    }
    style::print_setup(ws, header_row, header_row)?;
    if !mine.is_empty() {
        ws.autofilter(header_row, 0, r, last_col)?;
    }
    wb.save_to_buffer()
}
