//! Task rules T01–T11 on the "Nhiệm vụ" table, against the credited unit.
//!
//! Each row finding names one cell on its row: the code cell, except the
//! value rules (T04 and T10 the status cell, T05 the share cell, T07 the
//! result cell, T09 the cell holding the error). A cell holding an Excel
//! error gets T09 only: its own value rule is not applied to it.
//!
//! Where RULES.md is silent:
//! - T07 applies whenever the status is not "Chưa thực hiện", including an
//!   empty or invalid status (T04 then says why); never when the column is
//!   missing (F09 says so).
//! - T11 applies to rows whose status is empty or invalid too (they are not
//!   "Hoàn thành"), only to rows of tasks the unit leads or coordinates, and
//!   only to the first row of a repeated code (the row that is used).
//! - A row with data but no task code is T01 on its code cell; a row with
//!   no code and no data is ignored.

use std::collections::{BTreeMap, BTreeSet};

use crate::messages;
use crate::plan::{Deadline, Period, Plan, Role};
use crate::read::values::{parse_share, parse_status, Status};
use crate::read::{Raw, Table, TaskCol};
use crate::text;

use super::{Cell, Finding, Place, Rule, Severity, TaskEntry};

/// Checks the task table (absent: every assigned task is missing, T03).
pub(super) fn check_tasks(
    plan: &Plan,
    period: Period,
    place: &Place<'_>,
    table: Option<&Table<TaskCol>>,
) -> (Vec<TaskEntry>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut entries = Vec::new();
    let sheet = table.map(|t| t.sheet.as_str());
    // code → first 0-based row
    let mut first_row: BTreeMap<String, u32> = BTreeMap::new();

    if let Some(t) = table {
        // Without the code column no row can be told apart; F09 says so.
        let Some(code_col) = t.col(TaskCol::Code) else {
            return (entries, findings);
        };
        for row in &t.rows {
            let mut rf: Vec<Finding> = Vec::new();
            let at = |c: TaskCol| t.col(c).map(|col| Cell::new(row.row, col));
            let code_cell = Cell::new(row.row, code_col);
            let mut errors: BTreeSet<TaskCol> = BTreeSet::new();
            for (c, v) in &row.cells {
                match (v, at(*c)) {
                    (Raw::Error(e), Some(cell)) => {
                        rf.push(place.at(
                            Rule::T09,
                            messages::t09_error(&cell.to_string(), e),
                            &t.sheet,
                            Some(cell),
                        ));
                        errors.insert(*c);
                    }
                    // A formula without its result: F14, never "missing".
                    (Raw::Formula(f), Some(cell)) => {
                        rf.push(place.at(
                            Rule::F14,
                            messages::f14_formula(&cell.to_string(), f),
                            &t.sheet,
                            Some(cell),
                        ));
                        errors.insert(*c);
                    }
                    _ => {}
                }
            }
            let code = if errors.contains(&TaskCol::Code) {
                String::new()
            } else {
                text::code(&row.get(TaskCol::Code).display())
            };
            if code.is_empty() {
                let has_data = [TaskCol::Status, TaskCol::Share, TaskCol::Result]
                    .iter()
                    .any(|c| !row.get(*c).is_empty());
                if has_data && !errors.contains(&TaskCol::Code) {
                    rf.push(place.at(
                        Rule::T01,
                        messages::t01_empty(&code_cell.to_string()),
                        &t.sheet,
                        Some(code_cell),
                    ));
                }
                findings.extend(rf);
                continue;
            }
            let task = plan.task(&code);
            let role = task.and_then(|_| plan.role_of(place.unit, &code, period));
            if task.is_none() {
                rf.push(place.at(
                    Rule::T01,
                    messages::t01_unknown(&code_cell.to_string(), &code),
                    &t.sheet,
                    Some(code_cell),
                ));
            } else if role.is_none() {
                rf.push(place.at(
                    Rule::T02,
                    messages::t02_not_assigned(&code_cell.to_string(), &code),
                    &t.sheet,
                    Some(code_cell),
                ));
            }
            let duplicate = match first_row.get(&code) {
                Some(first) => {
                    rf.push(place.at(
                        Rule::T08,
                        messages::t08_duplicate(&code_cell.to_string(), &code, *first),
                        &t.sheet,
                        Some(code_cell),
                    ));
                    true
                }
                None => {
                    first_row.insert(code.clone(), row.row);
                    false
                }
            };
            let deadline = task.and_then(|t| match t.deadline {
                Deadline::Date(d) => Some(d),
                Deadline::Ongoing => None,
            });

            // Status (T04, T10).
            let mut status = None;
            if let (Some(cell), false) = (at(TaskCol::Status), errors.contains(&TaskCol::Status)) {
                let raw = row.get(TaskCol::Status);
                let c = cell.to_string();
                if raw.is_empty() {
                    rf.push(place.at(Rule::T04, messages::t04_empty(&c), &t.sheet, Some(cell)));
                } else {
                    status = parse_status(raw);
                    if status.is_none() {
                        rf.push(place.at(
                            Rule::T04,
                            messages::t04_invalid(&c, raw.display().trim()),
                            &t.sheet,
                            Some(cell),
                        ));
                    }
                }
                if let (Some(Status::Ongoing), Some(d)) = (status, deadline) {
                    rf.push(place.at(
                        Rule::T10,
                        messages::t10_ongoing(&c, &code, d),
                        &t.sheet,
                        Some(cell),
                    ));
                }
            }

            // Share (T05).
            let mut share = None;
            if let (Some(cell), false) = (at(TaskCol::Share), errors.contains(&TaskCol::Share)) {
                let raw = row.get(TaskCol::Share);
                if !raw.is_empty() {
                    let c = cell.to_string();
                    match parse_share(raw) {
                        None => rf.push(place.at(
                            Rule::T05,
                            messages::t05_not_number(&c, raw.display().trim()),
                            &t.sheet,
                            Some(cell),
                        )),
                        Some(n) if !(0.0..=100.0).contains(&n.value) => rf.push(place.at(
                            Rule::T05,
                            messages::t05_out_of_range(&c, raw.display().trim()),
                            &t.sheet,
                            Some(cell),
                        )),
                        Some(n) => share = Some(n.value),
                    }
                }
            }

            // Status against share (T06).
            if let (Some(s), Some(v)) = (status, share) {
                let disagree = match s {
                    Status::Done => v < 100.0,
                    Status::NotStarted => v > 0.0,
                    Status::InProgress => v >= 100.0,
                    Status::Ongoing => false,
                };
                if disagree {
                    rf.push(place.at(
                        Rule::T06,
                        messages::t06_mismatch(
                            &code_cell.to_string(),
                            s.label(),
                            &messages::number_vi(v),
                        ),
                        &t.sheet,
                        Some(code_cell),
                    ));
                }
            }

            // Result (T07); a missing column is F09's.
            if let (Some(cell), false) = (at(TaskCol::Result), errors.contains(&TaskCol::Result)) {
                if row.get(TaskCol::Result).is_empty() && status != Some(Status::NotStarted) {
                    rf.push(place.at(
                        Rule::T07,
                        messages::t07_empty(&cell.to_string(), status.map_or("", |s| s.label())),
                        &t.sheet,
                        Some(cell),
                    ));
                }
            }

            // Overdue (T11): assigned rows of a fixed-deadline task not done.
            if let Some(d) = deadline {
                if d < period.cutoff_end()
                    && status != Some(Status::Done)
                    && role.is_some()
                    && !duplicate
                {
                    rf.push(place.at(
                        Rule::T11,
                        messages::t11_overdue(&code, d, status.map_or("", |s| s.label())),
                        &t.sheet,
                        Some(code_cell),
                    ));
                }
            }

            // Texts longer than a cell can hold are cut in the outputs (T12).
            for c in [TaskCol::Result, TaskCol::Difficulty, TaskCol::Proposal] {
                let chars: usize = match row.get(c) {
                    Raw::Text(t) => t.chars().map(char::len_utf16).sum(),
                    _ => 0,
                };
                if chars > crate::model::EXCEL_MAX_CHARS {
                    if let Some(cell) = at(c) {
                        rf.push(place.at(
                            Rule::T12,
                            messages::t12_too_long(&cell.to_string(), chars),
                            &t.sheet,
                            Some(cell),
                        ));
                    }
                }
            }
            let text_of = |c: TaskCol| {
                if errors.contains(&c) {
                    String::new()
                } else {
                    text::clean(&row.get(c).display())
                }
            };
            entries.push(TaskEntry {
                task: code,
                role,
                status,
                share,
                result: text_of(TaskCol::Result),
                difficulty: text_of(TaskCol::Difficulty),
                proposal: text_of(TaskCol::Proposal),
                row: row.row,
                has_error: rf.iter().any(|f| f.severity == Severity::Error),
                duplicate,
            });
            findings.extend(rf);
        }
    }

    // Assigned tasks with no row (T03): an error for a lead, a warning for a
    // coordinator.
    for (task, role) in plan.tasks_owed(place.unit, period) {
        if first_row.contains_key(&task.code) {
            continue;
        }
        let mut f = Finding::new(
            Rule::T03,
            messages::t03_missing(&task.code, role == Role::Lead),
        )
        .unit(place.unit)
        .file(place.file);
        if let Some(s) = sheet {
            f = f.sheet(s);
        }
        if role == Role::Coordinator {
            f = f.with_severity(Severity::Warning);
        }
        findings.push(f);
    }
    (entries, findings)
}
