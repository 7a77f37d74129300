//! The "Nhiệm vụ" side of the model: one [`TaskLine`] per plan task, and the
//! error messages of the rows it was built from.

use std::collections::HashMap;

use super::{Contribution, TaskLine, TaskState};
use crate::plan::{Deadline, Period, Plan, Role};
use crate::read::values::Status;
use crate::validate::{CountedReport, Outcome, Severity, TaskEntry};

/// Error messages by (file, sheet, 0-based row).
pub(super) type RowErrors<'a> = HashMap<(&'a str, &'a str, u32), Vec<String>>;

pub(super) fn row_errors(outcome: &Outcome) -> RowErrors<'_> {
    let mut out = RowErrors::new();
    for f in &outcome.findings {
        if f.severity != Severity::Error {
            continue;
        }
        if let (Some(file), Some(sheet), Some(cell)) = (&f.file, &f.sheet, f.cell) {
            out.entry((file.as_str(), sheet.as_str(), cell.row))
                .or_default()
                .push(format!("{}: {}", f.rule, f.message));
        }
    }
    out
}

pub(super) fn lookup(
    errors: &RowErrors<'_>,
    file: &str,
    sheet: Option<&String>,
    row: u32,
) -> Vec<String> {
    sheet
        .and_then(|s| errors.get(&(file, s.as_str(), row)))
        .cloned()
        .unwrap_or_default()
}

/// Each counted report's first (non-duplicate) row on each task, by (unit,
/// task code): found once, not by searching a report's rows for every
/// task it is assigned.
pub(super) type TaskRows<'a> = HashMap<(&'a str, &'a str), (&'a CountedReport, &'a TaskEntry)>;

pub(super) fn task_rows(outcome: &Outcome) -> TaskRows<'_> {
    let mut out = TaskRows::new();
    for (unit, report) in &outcome.counted {
        for t in report.tasks.iter().filter(|t| !t.duplicate) {
            out.entry((unit.as_str(), t.task.as_str()))
                .or_insert((report, t));
        }
    }
    out
}

pub(super) fn task_line<'a>(
    plan: &'a Plan,
    period: Period,
    rows: &TaskRows<'a>,
    errors: &RowErrors<'_>,
    task: &'a crate::plan::Task,
) -> TaskLine<'a> {
    let code = crate::text::code(&task.code);
    let leads = plan.leads_in(task, period);
    let coordinators = plan.coordinators_in(task, period);
    // One line per assigned unit at most: sized once (a thousand units'
    // contributions grown by doubling held a third more).
    let mut results = Vec::with_capacity(leads.len() + coordinators.len());
    let mut owing = Vec::new();
    let mut lead_rows: Vec<&Contribution> = Vec::new();
    let assigned = leads
        .iter()
        .map(|u| (u, Role::Lead))
        .chain(coordinators.iter().map(|u| (u, Role::Coordinator)));
    for (unit, role) in assigned {
        let Some(&(report, entry)) = rows.get(&(*unit, code.as_str())) else {
            owing.push(*unit);
            continue;
        };
        let unit = report.unit.as_str();
        results.push(Contribution {
            unit,
            unit_name: plan.unit_name(unit),
            role,
            status: entry.status,
            share: entry.share,
            result: &entry.result,
            file: &report.rel,
            row: entry.row,
            has_error: entry.has_error,
            errors: lookup(errors, &report.rel, report.task_sheet.as_ref(), entry.row),
        });
    }
    lead_rows.extend(results.iter().filter(|c| c.role == Role::Lead));

    // The least advanced lead; ties: the lower share (an empty share last).
    let chosen = lead_rows
        .iter()
        .filter_map(|c| c.status.map(|s| (s, *c)))
        .min_by(|(a, ca), (b, cb)| {
            a.progress_rank().cmp(&b.progress_rank()).then_with(|| {
                let x = ca.share.unwrap_or(f64::INFINITY);
                let y = cb.share.unwrap_or(f64::INFINITY);
                x.total_cmp(&y)
            })
        });
    let (state, share, status_errors) = match chosen {
        Some((s, c)) => (TaskState::Status(s), c.share, c.errors.clone()),
        None if !lead_rows.is_empty() => {
            let errs = lead_rows.iter().flat_map(|c| c.errors.clone()).collect();
            (TaskState::Invalid, None, errs)
        }
        None if !results.is_empty() => (TaskState::NoLead, None, Vec::new()),
        None => (TaskState::Unreported, None, Vec::new()),
    };
    let overdue = match task.deadline {
        Deadline::Date(d) => d < period.cutoff_end() && state != TaskState::Status(Status::Done),
        Deadline::Ongoing => false,
    };
    TaskLine {
        code,
        content: &task.content,
        leads,
        coordinators,
        deadline: task.deadline,
        state,
        share,
        overdue,
        results,
        owing,
        status_errors,
    }
}
