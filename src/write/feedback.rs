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
                f.cell.map_or(Field::Empty, |c| Field::from(c.to_string())),
                Field::from(f.message.as_str()),
                Field::from(f.hint.as_str()),
            ]
        }),
    )
}

fn text_or_empty(s: Option<&str>) -> Field<'_> {
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
/// sheet, cell, severity, message and hint, under a heading that names the
/// unit, the period, its file (or, when it sent several, a group row per
/// file), the counts and, when there are errors, the date by which the
/// corrected report is due (`han_nop_lai` days after `date`) and where to
/// send it (the consolidating unit's e-mail); "Báo cáo hợp lệ" when there is
/// no finding. A finding on a task or indicator row names that task or
/// indicator (code and first words). It holds this unit's findings only.
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

    // The unit's files: named once at the top when there is one, as group
    // rows when there are several (findings without a file come first).
    let mut files: Vec<&str> = outcome
        .files
        .iter()
        .filter(|f| f.unit.as_deref() == Some(code.as_str()))
        .map(|f| f.rel.as_str())
        .chain(mine.iter().filter_map(|f| f.file.as_deref()))
        .collect();
    files.sort_unstable();
    files.dedup();
    if files.len() > 1 {
        mine.sort_by(|a, b| {
            a.file
                .cmp(&b.file)
                .then(a.severity.cmp(&b.severity))
                .then(a.cmp(b))
        });
    }
    let subjects = Subjects::new(plan, outcome.counted.get(&code));

    let mut wb = style::small_workbook(date, messages::FEEDBACK_TITLE);
    let ws = wb.add_worksheet();
    ws.set_name(messages::FEEDBACK_SHEET)?;
    // Every column of FEEDBACK_HEADERS but "Tệp" (the file heads the sheet
    // or its group instead).
    let headers: Vec<&str> = messages::FEEDBACK_HEADERS
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != FILE_COLUMN)
        .map(|(_, h)| *h)
        .collect();
    let last_col = (headers.len() - 1) as u16;
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
    if let [one] = files.as_slice() {
        lines.push((messages::check_file_line(one), style::plain()));
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
    if errors > 0 {
        let due = date + chrono::Days::new(u64::from(plan.info.resubmit_days()));
        let to = plan
            .consolidator_email()
            .map(str::to_string)
            .unwrap_or_else(|| plan.unit_name(&plan.info.consolidator).to_string());
        lines.push((
            messages::feedback_resubmit(due, &to),
            style::marked(style::plain().set_bold()),
        ));
    }
    if outcome.unusable.contains(&code) {
        lines.push((
            messages::feedback_unusable(&period.label()),
            style::plain().set_bold(),
        ));
    }
    let total_width: f64 = 6.0 + 14.0 + 6.0 + 16.0 + 60.0 + 45.0;
    let mut r: u32 = 0;
    for (text, fmt) in &lines {
        ws.merge_range(r, 0, r, last_col, text, fmt)?;
        let h = style::row_height(style::text_lines(text, total_width, 12.0), 12.0);
        ws.set_row_height(r, h.max(21.0))?;
        r += 1;
    }
    r += 1;
    let header_row = r;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *h, &style::header())?;
    }
    let text = style::text();
    let mut cols: Vec<Vec<String>> = headers.iter().map(|h| vec![h.to_string()]).collect();
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
    // (row, texts) of each finding, for the heights once widths are known.
    let mut rows_text: Vec<(u32, Vec<String>)> = Vec::with_capacity(mine.len());
    let mut group: Option<Option<&str>> = None;
    for (i, f) in mine.iter().enumerate() {
        r += 1;
        if files.len() > 1 && group != Some(f.file.as_deref()) {
            group = Some(f.file.as_deref());
            if let Some(file) = f.file.as_deref() {
                ws.merge_range(
                    r,
                    0,
                    r,
                    last_col,
                    &messages::check_file_line(file),
                    &style::section(),
                )?;
                ws.set_row_height(r, 21.0)?;
                r += 1;
            }
        }
        let message = match subjects.of(f) {
            Some(subject) => messages::feedback_about(&subject, &f.message),
            None => f.message.clone(),
        };
        let cells = [
            (i + 1).to_string(),
            f.sheet.clone().unwrap_or_default(),
            f.cell.map(|c| c.to_string()).unwrap_or_default(),
            format!("{} ({})", f.severity.label(), f.rule),
            message,
            f.hint.clone(),
        ];
        rows_text.push((r, cells.to_vec()));
        for (c, v) in cells.into_iter().enumerate() {
            let fmt = if c == 3 && f.severity == Severity::Error {
                style::marked(style::text())
            } else {
                text.clone()
            };
            ws.write_string_with_format(r, c as u16, style::excel_text(&v), &fmt)?;
            cols[c].push(v);
        }
    }
    // Of several files, those without a finding are said to be valid.
    if files.len() > 1 && !mine.is_empty() {
        for file in files
            .iter()
            .filter(|x| !mine.iter().any(|f| f.file.as_deref() == Some(**x)))
        {
            for (text, fmt) in [
                (messages::check_file_line(file), style::section()),
                (messages::FEEDBACK_VALID.to_string(), style::text()),
            ] {
                r += 1;
                ws.merge_range(r, 0, r, last_col, &text, &fmt)?;
                ws.set_row_height(r, 21.0)?;
            }
        }
    }
    let limits: [(f64, f64); 6] = [
        (5.0, 6.0),
        (10.0, 16.0),
        (5.0, 8.0),
        (12.0, 18.0),
        (30.0, 60.0),
        (24.0, 45.0),
    ];
    let mut widths = [0.0; 6];
    for (c, (min, max)) in limits.iter().enumerate() {
        let w = style::fit_width(cols[c].iter().map(String::as_str), *min, *max);
        ws.set_column_width(c as u16, w)?;
        widths[c] = w;
    }
    // Each finding's row as high as its longest wrapped cell.
    for (row, row_texts) in &rows_text {
        let lines = row_texts
            .iter()
            .zip(widths)
            .map(|(t, w)| style::text_lines(t, w, 12.0))
            .max()
            .unwrap_or(1);
        ws.set_row_height(*row, style::row_height(lines, 12.0))?;
    }
    style::print_setup(ws, header_row, header_row)?;
    if !mine.is_empty() {
        ws.autofilter(header_row, 0, r, last_col)?;
    }
    wb.save_to_buffer()
}

/// The index of "Tệp" in [`messages::FEEDBACK_HEADERS`].
const FILE_COLUMN: usize = 1;

/// Words of a task's content or an indicator's name that name it in a
/// finding.
const SUBJECT_WORDS: usize = 8;

/// What the rows of a unit's counted report are about: (file, sheet, row)
/// → "Nhiệm vụ NV01 (Tuyên truyền …)".
struct Subjects(std::collections::BTreeMap<(String, String, u32), String>);

impl Subjects {
    fn new(plan: &Plan, report: Option<&crate::validate::CountedReport>) -> Subjects {
        let mut map = std::collections::BTreeMap::new();
        let Some(r) = report else {
            return Subjects(map);
        };
        if let Some(sheet) = &r.task_sheet {
            for t in r.tasks.iter().filter(|t| !t.task.is_empty()) {
                let words = plan
                    .task(&t.task)
                    .map(|x| crate::text::first_words(&x.content, SUBJECT_WORDS));
                map.insert(
                    (r.rel.clone(), sheet.clone(), t.row),
                    messages::feedback_task(&t.task, words.as_deref()),
                );
            }
        }
        if let Some(sheet) = &r.indicator_sheet {
            for i in r.indicators.iter().filter(|i| !i.indicator.is_empty()) {
                let words = plan
                    .indicator(&i.indicator)
                    .map(|x| crate::text::first_words(&x.name, SUBJECT_WORDS));
                map.insert(
                    (r.rel.clone(), sheet.clone(), i.row),
                    messages::feedback_indicator(&i.indicator, words.as_deref()),
                );
            }
        }
        Subjects(map)
    }

    fn of(&self, f: &Finding) -> Option<String> {
        let key = (f.file.clone()?, f.sheet.clone()?, f.cell?.row);
        self.0.get(&key).cloned()
    }
}
