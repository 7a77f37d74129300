//! Consolidation: the counted reports merged into one model of the plan's
//! tasks and indicators for the period (OUTPUTS.md, "The consolidated
//! workbook").
//!
//! [`consolidate`] is pure: it takes the plan, the period, the validation
//! [`Outcome`] and, optionally, last year's consolidated totals, and returns
//! a [`Consolidated`] made of plain values in plan order. The writers in
//! [`crate::write`] only lay it out.
//!
//! Decisions, where the spec leaves room:
//! - A task's status is its lead's; with several leads, the least advanced
//!   ([`Status::progress_rank`]), ties broken by the lower share. When no
//!   lead sent a row, the status is [`TaskState::NoLead`] (only coordinators
//!   reported) or [`TaskState::Unreported`] (nobody did).
//! - Only rows of units the plan assigns to the task (lead or coordinator,
//!   mergers applied) enter the "Nhiệm vụ" sheet; a later duplicate row (T08)
//!   is never used.
//! - `tong`, `trung_binh` and `lon_nhat` use every counted report that gave
//!   a value; `rieng` uses the first unit of `don_vi_bao_cao` (mergers
//!   applied) that gave one, and only it. No value gives no total (never 0).
//! - Statistical marks (issue 15): "nothing happened" adds 0 to a `tong`
//!   and is left out of `trung_binh` and `lon_nhat`; "not applicable" and
//!   "not collected" are left out of every total. A total made of marks
//!   only is 0 when every mark says nothing happened, empty otherwise.
//! - "Same period last year" is taken from the reports' "Cùng kỳ năm trước"
//!   values of the units whose values made the total (same method), so that
//!   the comparison covers the same units; when none gave one, from last
//!   year's consolidated total (`out/<ky năm trước>/du-lieu/chi-tieu.csv`).

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{Deadline, Direction, Method, Period, Plan, Role};
use crate::read::values::{Mark, Marked, Status};

pub use crate::model::{Submission, TaskState, UnitState};
use crate::validate::{CountedReport, FileStatus, Outcome, Severity, TaskEntry};

/// The consolidated model of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidated {
    /// The period.
    pub period: Period,
    /// Who sent what.
    pub submission: Submission,
    /// Plan sections in order of first appearance, each with its tasks in
    /// plan order.
    pub sections: Vec<Section>,
    /// Task counts by status over the whole plan.
    pub counts: StatusCounts,
    /// One line per plan indicator, in plan order.
    pub indicators: Vec<IndicatorLine>,
    /// Units that gave at least one indicator value: expected units in plan
    /// order, then others by code. One column each in "Chỉ tiêu".
    pub indicator_units: Vec<String>,
    /// Every non-empty difficulty or proposal, by task in plan order.
    pub issues: Vec<Issue>,
    /// Every expected unit, in plan order.
    pub units: Vec<UnitLine>,
}

/// Tasks counted by consolidated status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Every task.
    pub total: usize,
    /// "Hoàn thành".
    pub done: usize,
    /// "Đang thực hiện".
    pub in_progress: usize,
    /// "Chưa thực hiện".
    pub not_started: usize,
    /// "Thường xuyên".
    pub ongoing: usize,
    /// No usable status from a lead (nobody reported, only coordinators did,
    /// or the lead's status is invalid).
    pub unreported: usize,
    /// Overdue ("Quá hạn").
    pub overdue: usize,
}

impl StatusCounts {
    fn add(&mut self, t: &TaskLine) {
        self.total += 1;
        match t.state {
            TaskState::Status(Status::Done) => self.done += 1,
            TaskState::Status(Status::InProgress) => self.in_progress += 1,
            TaskState::Status(Status::NotStarted) => self.not_started += 1,
            TaskState::Status(Status::Ongoing) => self.ongoing += 1,
            _ => self.unreported += 1,
        }
        if t.overdue {
            self.overdue += 1;
        }
    }

    /// `n` as a percentage of the total (None when there are no tasks).
    pub fn share(&self, n: usize) -> Option<f64> {
        (self.total > 0).then(|| n as f64 * 100.0 / self.total as f64)
    }
}

/// A plan section with its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The section title (`muc`).
    pub title: String,
    /// Its tasks, in plan order.
    pub tasks: Vec<TaskLine>,
    /// Its tasks counted by status.
    pub counts: StatusCounts,
}

/// One plan task, consolidated.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLine {
    /// Task code.
    pub code: String,
    /// What is to be done (the plan's text).
    pub content: String,
    /// Effective lead unit codes in the period.
    pub leads: Vec<String>,
    /// Effective coordinator unit codes in the period.
    pub coordinators: Vec<String>,
    /// The deadline.
    pub deadline: Deadline,
    /// The consolidated status.
    pub state: TaskState,
    /// The share of the lead row that gave the status.
    pub share: Option<f64>,
    /// Not "Hoàn thành" with a fixed deadline before the cut-off end.
    pub overdue: bool,
    /// The rows reported on the task: leads first (plan order), then
    /// coordinators (plan order).
    pub results: Vec<Contribution>,
    /// Lead and coordinator units with no row on the task, plan order.
    pub owing: Vec<String>,
    /// Why the status is marked: the errors of the lead row that gave it.
    pub status_errors: Vec<String>,
}

impl TaskLine {
    /// Whether the task has at least one reported row.
    pub fn reported(&self) -> bool {
        !self.results.is_empty()
    }
}

/// One unit's row on a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Lead or coordinator.
    pub role: Role,
    /// The row's status.
    pub status: Option<Status>,
    /// The row's share.
    pub share: Option<f64>,
    /// "Kết quả thực hiện".
    pub result: String,
    /// The file, relative to the inbox.
    pub file: String,
    /// 0-based sheet row.
    pub row: u32,
    /// The row carries an error finding.
    pub has_error: bool,
    /// The error messages of the row (`"T05: …"`).
    pub errors: Vec<String>,
}

/// One plan indicator, consolidated.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    /// Indicator code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit of measure (the plan's).
    pub measure: String,
    /// Consolidation method.
    pub method: Method,
    /// Good direction.
    pub direction: Direction,
    /// Effective reporting units in the period, in order.
    pub reporters: Vec<String>,
    /// Each unit's value, by unit code (every counted report with a row).
    pub values: BTreeMap<String, UnitValue>,
    /// The consolidated value; None when no counted report gave one.
    pub total: Option<f64>,
    /// For `rieng`: the unit whose value is the total.
    pub source: Option<String>,
    /// A value used for the total comes from a row with errors.
    pub total_marked: bool,
    /// Annual target.
    pub target: Option<f64>,
    /// Total as a percentage of the annual target.
    pub target_share: Option<f64>,
    /// Same period last year.
    pub previous: Option<f64>,
    /// Where `previous` comes from.
    pub previous_source: Option<PreviousSource>,
    /// Change against last year, in percent.
    pub change: Option<f64>,
}

/// Where "same period last year" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviousSource {
    /// The reports' "Cùng kỳ năm trước" values.
    Reports,
    /// Last year's consolidated output.
    LastRun,
}

/// One unit's value of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValue {
    /// "Thực hiện kỳ báo cáo" (None when empty or invalid; 0 for the mark
    /// "nothing happened").
    pub value: Option<f64>,
    /// The statistical mark typed instead of a figure ("-", "x", "…"):
    /// shown in the unit's column.
    pub mark: Option<Marked>,
    /// "Cùng kỳ năm trước".
    pub previous: Option<f64>,
    /// The value entered the total.
    pub used: bool,
    /// The row carries an error finding.
    pub has_error: bool,
    /// The error messages of the row.
    pub errors: Vec<String>,
    /// The file, relative to the inbox.
    pub file: String,
    /// 0-based sheet row.
    pub row: u32,
}

/// A difficulty or proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Task code as reported.
    pub task: String,
    /// The plan's text of the task, when the code is in the plan.
    pub task_content: Option<String>,
    /// "Khó khăn, vướng mắc".
    pub difficulty: String,
    /// "Đề xuất, kiến nghị".
    pub proposal: String,
}

/// One expected unit in "Tình hình nộp".
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLine {
    /// Unit code.
    pub code: String,
    /// Unit name.
    pub name: String,
    /// Counted, excluded or missing.
    pub state: UnitState,
    /// The counted file (or the excluded files, `; `-joined).
    pub file: Option<String>,
    /// "Ngày báo cáo" of the counted report.
    pub report_date: Option<chrono::NaiveDate>,
    /// The counted report is late.
    pub late: bool,
    /// Error findings on the unit.
    pub errors: usize,
    /// Warning findings on the unit.
    pub warnings: usize,
}

/// Merges the counted reports of `outcome` into the consolidated model.
///
/// `previous_year`: last year's consolidated totals by indicator code (the
/// `TONG` lines of `du-lieu/chi-tieu.csv` of the same period a year
/// earlier), used for "same period last year" when the reports give none.
pub fn consolidate(
    plan: &Plan,
    period: Period,
    outcome: &Outcome,
    previous_year: Option<&BTreeMap<String, f64>>,
) -> Consolidated {
    let errors = row_errors(outcome);
    let name = |code: &str| {
        plan.unit(code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };

    // Sections in order of first appearance.
    let mut sections: Vec<Section> = Vec::new();
    let mut counts = StatusCounts::default();
    for task in &plan.tasks {
        let line = task_line(plan, period, outcome, &errors, task, &name);
        counts.add(&line);
        match sections.iter_mut().find(|s| s.title == task.section) {
            Some(s) => {
                s.counts.add(&line);
                s.tasks.push(line);
            }
            None => {
                let mut s = Section {
                    title: task.section.clone(),
                    tasks: Vec::new(),
                    counts: StatusCounts::default(),
                };
                s.counts.add(&line);
                s.tasks.push(line);
                sections.push(s);
            }
        }
    }

    let indicators: Vec<IndicatorLine> = plan
        .indicators
        .iter()
        .map(|ind| indicator_line(plan, period, outcome, &errors, ind, previous_year))
        .collect();
    let mut with_values: BTreeSet<&str> = BTreeSet::new();
    for ind in &indicators {
        with_values.extend(ind.values.keys().map(String::as_str));
    }
    let mut indicator_units: Vec<String> = outcome
        .expected
        .iter()
        .filter(|u| with_values.contains(u.as_str()))
        .cloned()
        .collect();
    for u in with_values {
        if !indicator_units.iter().any(|x| x == u) {
            indicator_units.push(u.to_string());
        }
    }

    Consolidated {
        period,
        submission: submission(outcome),
        sections,
        counts,
        indicators,
        indicator_units,
        issues: issues(plan, outcome, &name),
        units: unit_lines(outcome, &name),
    }
}

/// Error messages by (file, sheet, 0-based row).
type RowErrors = BTreeMap<(String, String, u32), Vec<String>>;

fn row_errors(outcome: &Outcome) -> RowErrors {
    let mut out = RowErrors::new();
    for f in &outcome.findings {
        if f.severity != Severity::Error {
            continue;
        }
        if let (Some(file), Some(sheet), Some(cell)) = (&f.file, &f.sheet, f.cell) {
            out.entry((file.clone(), sheet.clone(), cell.row))
                .or_default()
                .push(format!("{}: {}", f.rule, f.message));
        }
    }
    out
}

fn lookup(errors: &RowErrors, file: &str, sheet: Option<&String>, row: u32) -> Vec<String> {
    sheet
        .and_then(|s| errors.get(&(file.to_string(), s.clone(), row)))
        .cloned()
        .unwrap_or_default()
}

/// The unit's first (non-duplicate) row on `task`.
fn task_row<'a>(report: &'a CountedReport, task: &str) -> Option<&'a TaskEntry> {
    report.tasks.iter().find(|t| !t.duplicate && t.task == task)
}

fn task_line(
    plan: &Plan,
    period: Period,
    outcome: &Outcome,
    errors: &RowErrors,
    task: &crate::plan::Task,
    name: &dyn Fn(&str) -> String,
) -> TaskLine {
    let code = crate::text::code(&task.code);
    let leads = plan.leads_in(task, period);
    let coordinators = plan.coordinators_in(task, period);
    let mut results = Vec::new();
    let mut owing = Vec::new();
    let mut lead_rows: Vec<&Contribution> = Vec::new();
    let assigned = leads
        .iter()
        .map(|u| (u, Role::Lead))
        .chain(coordinators.iter().map(|u| (u, Role::Coordinator)));
    for (unit, role) in assigned {
        let Some((report, entry)) = outcome
            .counted
            .get(unit)
            .and_then(|r| task_row(r, &code).map(|e| (r, e)))
        else {
            owing.push(unit.clone());
            continue;
        };
        results.push(Contribution {
            unit: unit.clone(),
            unit_name: name(unit),
            role,
            status: entry.status,
            share: entry.share,
            result: entry.result.clone(),
            file: report.rel.clone(),
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
        content: task.content.clone(),
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

fn indicator_line(
    plan: &Plan,
    period: Period,
    outcome: &Outcome,
    errors: &RowErrors,
    ind: &crate::plan::Indicator,
    previous_year: Option<&BTreeMap<String, f64>>,
) -> IndicatorLine {
    let code = crate::text::code(&ind.code);
    let reporters = plan.reporters_in(ind, period);
    let mut values: BTreeMap<String, UnitValue> = BTreeMap::new();
    for (unit, report) in &outcome.counted {
        let Some(e) = report
            .indicators
            .iter()
            .find(|e| !e.duplicate && e.indicator == code)
        else {
            continue;
        };
        values.insert(
            unit.clone(),
            UnitValue {
                value: e.value,
                mark: e.mark.clone(),
                previous: e.previous,
                used: false,
                has_error: e.has_error,
                errors: lookup(errors, &report.rel, report.indicator_sheet.as_ref(), e.row),
                file: report.rel.clone(),
                row: e.row,
            },
        );
    }

    // Which values enter the total.
    let mut source = None;
    match ind.method {
        Method::Single => {
            source = reporters
                .iter()
                .find(|u| values.get(*u).is_some_and(|v| v.value.is_some()))
                .cloned();
            if let Some(v) = source.as_ref().and_then(|u| values.get_mut(u)) {
                v.used = true;
            }
        }
        Method::Sum | Method::Mean | Method::Max => {
            // Only the units the plan asks for this indicator count; a value
            // from any other is shown but not used (finding I09).
            // "Nothing happened" adds 0 to a `tong` and is left out of a
            // `trung_binh` or `lon_nhat` (a rate with no cases is not 0 %).
            for (unit, v) in values.iter_mut() {
                let counts = v.mark.is_none() || ind.method == Method::Sum;
                v.used = v.value.is_some() && counts && reporters.contains(unit);
            }
        }
    }
    let used: Vec<&UnitValue> = values.values().filter(|v| v.used).collect();
    let total = if used.iter().any(|v| v.mark.is_none()) {
        aggregate(ind.method, used.iter().filter_map(|v| v.value))
    } else {
        marks_only_total(ind.method, &reporters, &values, source.as_deref())
    };
    let total_marked = used.iter().any(|v| v.has_error);
    let from_reports = aggregate(ind.method, used.iter().filter_map(|v| v.previous));
    let (previous, previous_source) = match from_reports {
        Some(p) => (Some(p), Some(PreviousSource::Reports)),
        None => match previous_year.and_then(|m| m.get(&code)) {
            Some(p) => (Some(*p), Some(PreviousSource::LastRun)),
            None => (None, None),
        },
    };
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b != 0.0 => Some(a * 100.0 / b),
        _ => None,
    };
    IndicatorLine {
        code,
        name: ind.name.clone(),
        measure: ind.measure.clone(),
        method: ind.method,
        direction: ind.direction,
        reporters,
        total,
        source,
        total_marked,
        target: ind.annual_target,
        target_share: ratio(total, ind.annual_target),
        previous,
        previous_source,
        change: ratio(total, previous).map(|r| r - 100.0),
        values,
    }
}

/// The total of an indicator no figure of which is used, only marks: 0
/// when every mark of the units that count says nothing happened, empty
/// otherwise (issue 15).
fn marks_only_total(
    method: Method,
    reporters: &[String],
    values: &BTreeMap<String, UnitValue>,
    source: Option<&str>,
) -> Option<f64> {
    let marks: Vec<Mark> = match (method, source) {
        (Method::Single, Some(s)) => values
            .get(s)
            .and_then(|v| v.mark.as_ref())
            .map(|m| m.mark)
            .into_iter()
            .collect(),
        (Method::Single, None) => Vec::new(),
        _ => reporters
            .iter()
            .filter_map(|u| values.get(u))
            .filter_map(|v| v.mark.as_ref().map(|m| m.mark))
            .collect(),
    };
    (!marks.is_empty() && marks.iter().all(|m| *m == Mark::Nil)).then_some(0.0)
}

/// Applies a consolidation method to values; None when there are none.
///
/// # Examples
/// ```
/// use tonghop::consolidate::aggregate;
/// use tonghop::plan::Method;
/// assert_eq!(aggregate(Method::Sum, [1.0, 2.5]), Some(3.5));
/// assert_eq!(aggregate(Method::Mean, [1.0, 2.0]), Some(1.5));
/// assert_eq!(aggregate(Method::Max, [1.0, 7.0, 2.0]), Some(7.0));
/// assert_eq!(aggregate(Method::Single, [4.0, 9.0]), Some(4.0));
/// assert_eq!(aggregate(Method::Sum, []), None);
/// ```
pub fn aggregate(method: Method, values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let mut it = values.into_iter();
    let first = it.next()?;
    Some(match method {
        Method::Sum => it.fold(first, |a, b| a + b),
        Method::Mean => {
            let (sum, n) = it.fold((first, 1usize), |(s, n), v| (s + v, n + 1));
            sum / n as f64
        }
        Method::Max => it.fold(first, f64::max),
        Method::Single => first,
    })
}

fn submission(outcome: &Outcome) -> Submission {
    let mut s = Submission {
        expected: outcome.expected.len(),
        sent: outcome.counted.len(),
        missing: outcome.missing.len(),
        missing_units: outcome.missing.clone(),
        ..Submission::default()
    };
    for r in outcome.counted.values() {
        if r.late {
            s.late += 1;
            s.late_units.push(r.unit.clone());
        } else {
            s.on_time += 1;
        }
    }
    let mut twice = BTreeSet::new();
    for f in &outcome.files {
        match f.status {
            FileStatus::Excluded => s.excluded += 1,
            FileStatus::Superseded => {
                s.superseded += 1;
                if let Some(u) = &f.unit {
                    twice.insert(u.clone());
                }
            }
            FileStatus::Skipped => s.skipped += 1,
            FileStatus::Counted => {}
        }
    }
    s.twice_sent = twice.into_iter().collect();
    for f in &outcome.findings {
        match f.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => {}
        }
    }
    s
}

fn issues(plan: &Plan, outcome: &Outcome, name: &dyn Fn(&str) -> String) -> Vec<Issue> {
    let task_pos: BTreeMap<String, usize> = plan
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (crate::text::code(&t.code), i))
        .collect();
    let unit_pos: BTreeMap<&str, usize> = outcome
        .expected
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i))
        .collect();
    let mut out: Vec<((usize, usize, String, u32), Issue)> = Vec::new();
    for (unit, report) in &outcome.counted {
        for t in &report.tasks {
            if t.duplicate || (t.difficulty.trim().is_empty() && t.proposal.trim().is_empty()) {
                continue;
            }
            let tp = task_pos.get(&t.task).copied().unwrap_or(usize::MAX);
            let up = unit_pos.get(unit.as_str()).copied().unwrap_or(usize::MAX);
            out.push((
                (tp, up, unit.clone(), t.row),
                Issue {
                    unit: unit.clone(),
                    unit_name: name(unit),
                    task: t.task.clone(),
                    task_content: plan.task(&t.task).map(|x| x.content.clone()),
                    difficulty: t.difficulty.clone(),
                    proposal: t.proposal.clone(),
                },
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, i)| i).collect()
}

fn unit_lines(outcome: &Outcome, name: &dyn Fn(&str) -> String) -> Vec<UnitLine> {
    let mut errors: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for f in &outcome.findings {
        if let Some(u) = &f.unit {
            let e = errors.entry(u.as_str()).or_default();
            match f.severity {
                Severity::Error => e.0 += 1,
                Severity::Warning => e.1 += 1,
                Severity::Info => {}
            }
        }
    }
    outcome
        .expected
        .iter()
        .map(|code| {
            let (errs, warns) = errors.get(code.as_str()).copied().unwrap_or_default();
            let mut line = UnitLine {
                code: code.clone(),
                name: name(code),
                state: UnitState::Missing,
                file: None,
                report_date: None,
                late: false,
                errors: errs,
                warnings: warns,
            };
            if let Some(r) = outcome.counted.get(code) {
                line.state = UnitState::Counted;
                line.file = Some(r.rel.clone());
                line.report_date = r.report_date;
                line.late = r.late;
            } else {
                let excluded: Vec<&str> = outcome
                    .files
                    .iter()
                    .filter(|f| f.status == FileStatus::Excluded && f.unit.as_ref() == Some(code))
                    .map(|f| f.rel.as_str())
                    .collect();
                if !excluded.is_empty() {
                    line.state = UnitState::Excluded;
                    line.file = Some(excluded.join("; "));
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
