//! The consolidated model: plain values in plan order, built by
//! [`super::consolidate`] and laid out by the writers.

use std::collections::BTreeMap;

pub use crate::model::{Submission, TaskState, UnitState};

use crate::plan::{Deadline, Direction, Method, Period, Role};
use crate::read::values::{Marked, Status};

/// The consolidated model of one period. It borrows the reports' texts
/// from the [`crate::validate::Outcome`] and the unit names from the plan
/// it was made from (at 5,000 reports a copy of each was a fifth of the
/// run's memory).
#[derive(Debug, Clone, PartialEq)]
pub struct Consolidated<'a> {
    /// The period.
    pub period: Period,
    /// Who sent what.
    pub submission: Submission,
    /// Plan sections in order of first appearance, each with its tasks in
    /// plan order.
    pub sections: Vec<Section<'a>>,
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
    /// The counts in the order of the tables that show them (the workbook's
    /// "Tổng hợp" and the draft báo cáo): total, done, in progress, not
    /// started, ongoing, unreported, overdue.
    pub fn in_table_order(&self) -> [usize; 7] {
        [
            self.total,
            self.done,
            self.in_progress,
            self.not_started,
            self.ongoing,
            self.unreported,
            self.overdue,
        ]
    }

    pub(super) fn add(&mut self, t: &TaskLine) {
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
pub struct Section<'a> {
    /// The section title (`muc`).
    pub title: String,
    /// Its tasks, in plan order.
    pub tasks: Vec<TaskLine<'a>>,
    /// Its tasks counted by status.
    pub counts: StatusCounts,
}

/// One plan task, consolidated.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLine<'a> {
    /// Task code.
    pub code: String,
    /// What is to be done (the plan's text).
    pub content: &'a str,
    /// Effective lead unit codes in the period.
    pub leads: Vec<&'a str>,
    /// Effective coordinator unit codes in the period.
    pub coordinators: Vec<&'a str>,
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
    pub results: Vec<Contribution<'a>>,
    /// Lead and coordinator units with no row on the task, plan order.
    pub owing: Vec<&'a str>,
    /// Why the status is marked: the errors of the lead row that gave it.
    pub status_errors: Vec<String>,
}

impl TaskLine<'_> {
    /// Whether the task has at least one reported row.
    pub fn reported(&self) -> bool {
        !self.results.is_empty()
    }
}

/// One unit's row on a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution<'a> {
    /// Unit code.
    pub unit: &'a str,
    /// Unit name (the code when the plan has no such unit).
    pub unit_name: &'a str,
    /// Lead or coordinator.
    pub role: Role,
    /// The row's status.
    pub status: Option<Status>,
    /// The row's share.
    pub share: Option<f64>,
    /// "Kết quả thực hiện".
    pub result: &'a str,
    /// The file, relative to the inbox.
    pub file: &'a str,
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
