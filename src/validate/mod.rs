//! Validation: every rule of RULES.md applied to what was read, giving
//! [`Finding`]s, the fate of each file (counted, superseded, excluded,
//! skipped) and the parsed rows of the counted reports for consolidation.
//!
//! Two steps: [`check_file`] looks at one file on its own (file rules F01–F05,
//! F08–F10, F12 and the task and indicator rules), and [`finish`] decides
//! across files (F06 superseded, F07 late, R01 missing).

mod completeness;
mod file;
mod finding;
mod indicator;
mod task;

use std::collections::BTreeMap;

use chrono::NaiveDate;

pub use crate::model::FileStatus;
pub use finding::{Cell, Finding, Rule, Severity};

use crate::discover::{InputFile, Skip};
use crate::messages;
use crate::plan::{Period, Plan, Role};
use crate::read::values::Status;
use crate::read::{ReadError, Report, ReportInfo};

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
    /// For a file set aside with no unit credited (F01, F11, F12): the unit
    /// its name or folder points to, when exactly one. Not a credit (the
    /// findings keep no unit); it tells a unit that sent something unusable
    /// from one that sent nothing.
    pub sent_by: Option<String>,
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
    /// "Thực hiện kỳ báo cáo", None when empty or invalid; 0 for the mark
    /// "nothing happened" ([`Mark::Nil`](crate::read::values::Mark::Nil)).
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
    /// The statistical mark typed instead of a figure ("-", "x", "…").
    pub mark: Option<crate::read::values::Marked>,
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
    /// How the file's kind ranks between two files of one unit with the
    /// same date (F06): a workbook (2) before a Word report (1) before a
    /// CSV/TSV text (0).
    pub precedence: u8,
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
    /// Expected units with no counted report and no file at all, in plan
    /// order.
    pub missing: Vec<String>,
    /// Expected units with no counted report whose only files were set
    /// aside ("Đã gửi, không sử dụng được"), in plan order. Neither in
    /// `missing` nor given R01.
    pub unusable: Vec<String>,
}

/// Checks one file on its own: the file rules in the order of FORM.md §4
/// (F11, F01, F12, F02, F03, F04, F05, then F08, F09, F10), then, for a
/// report that is not excluded, the task and indicator rules against the
/// credited unit. An excluded file carries only the finding that excluded
/// it.
///
/// `read` is `None` for a file discovery skipped (F11).
pub fn check_file(
    plan: &Plan,
    period: Period,
    ctx: &Context,
    input: &InputFile,
    sha256: String,
    read: Option<Result<Report, ReadError>>,
) -> Candidate {
    let mut c = Candidate {
        outcome: FileOutcome {
            rel: input.rel.clone(),
            size: input.size,
            sha256,
            unit: None,
            status: FileStatus::Excluded,
            rule: None,
            report_date: None,
            late: false,
            sent_by: None,
        },
        modified: input.modified,
        findings: Vec::new(),
        report: None,
        precedence: precedence(input),
    };
    let rel = input.rel.as_str();
    let report = match read {
        None => {
            let skip = match &input.kind {
                Err(s) => s.clone(),
                Ok(_) => Skip::NotSpreadsheet,
            };
            c.outcome.status = FileStatus::Skipped;
            if skip == Skip::NotSpreadsheet {
                c.outcome.sent_by = file::unit_from_path(plan, period, rel);
            }
            return set_aside(
                c,
                Finding::new(Rule::F11, messages::f11_skipped(&skip)).file(rel),
            );
        }
        Some(Err(e)) => {
            // F01 names the sheet in its message; F12 on the finding too.
            let f = match (e.rule(), e.sheet()) {
                (Rule::F12, Some(s)) => {
                    Finding::new(Rule::F12, messages::f12_limit(&e.to_string())).sheet(s)
                }
                (Rule::F12, None) => Finding::new(Rule::F12, messages::f12_limit(&e.to_string())),
                // A document without a report table is skipped like a PDF.
                (Rule::F11, _) => {
                    c.outcome.status = FileStatus::Skipped;
                    Finding::new(Rule::F11, e.to_string())
                }
                (rule, _) => Finding::new(rule, messages::f01_unreadable(&e.to_string())),
            };
            c.outcome.sent_by = file::unit_from_path(plan, period, rel);
            return set_aside(c, f.file(rel));
        }
        Some(Ok(r)) => r,
    };
    check_report(plan, period, ctx, c, report)
}

/// The F06 rank of a file's kind (see [`Candidate::precedence`]), by the
/// kind discovery gave it.
fn precedence(input: &InputFile) -> u8 {
    use crate::discover::Format;
    match input.kind {
        Ok(Format::Docx) => 1,
        Ok(Format::Text) => 0,
        _ => 2,
    }
}

/// Excludes (or skips) a file with its one finding.
fn set_aside(mut c: Candidate, f: Finding) -> Candidate {
    c.outcome.rule = Some(f.rule);
    c.outcome.unit = f.unit.clone();
    c.findings = vec![f];
    c
}

fn check_report(
    plan: &Plan,
    period: Period,
    ctx: &Context,
    mut c: Candidate,
    report: Report,
) -> Candidate {
    let rel = c.outcome.rel.clone();
    let id = file::identify(plan, &report, &rel);
    // The unit to name on an excluding finding, when there is one.
    let named: Option<String> = match &id {
        file::UnitId::Found(u) => {
            Some(file::in_force(plan, u, period).map_or_else(|| u.code.clone(), |s| s.code.clone()))
        }
        file::UnitId::Unknown { code, .. } => code.clone(),
        file::UnitId::None(_) => None,
    };
    let with_unit = |f: Finding| match &named {
        Some(u) => f.unit(u.clone()),
        None => f,
    };

    // F02: no table at all.
    if report.tasks.is_none() && report.indicators.is_none() {
        let f = with_unit(Finding::new(
            Rule::F02,
            messages::f02_no_table(&report.sheets),
        ));
        return set_aside(c, f.file(rel));
    }
    // F14 instead of F03/F04: the unit is in a formula saved without its
    // result, and nothing else names it.
    let formulas = file::info_formulas(&report);
    if !matches!(id, file::UnitId::Found(_)) {
        if let Some((label, l)) = formulas
            .iter()
            .find(|(label, _)| matches!(*label, "Mã đơn vị" | "Tên đơn vị"))
        {
            let f = Finding::new(Rule::F14, file::f14_info(label, l));
            return set_aside(c, file::at_info(with_unit(f), &report, Some(l)).file(rel));
        }
    }
    // F03, F04, F10: the unit.
    let (unit, sent_as) = match id {
        file::UnitId::None(several) => {
            let msg = if several.is_empty() {
                messages::f03_no_unit()
            } else {
                messages::f03_several(&several)
            };
            return set_aside(c, Finding::new(Rule::F03, msg).file(rel));
        }
        file::UnitId::Unknown { code, text } => {
            let msg = match &code {
                Some(code) => messages::f04_unknown_code(code),
                None => messages::f04_unknown_name(&text),
            };
            return set_aside(c, with_unit(Finding::new(Rule::F04, msg)).file(rel));
        }
        file::UnitId::Found(u) => match file::in_force(plan, u, period) {
            None => {
                let msg = messages::f04_not_in_force(&u.code, &u.name, &period.label());
                return set_aside(
                    c,
                    Finding::new(Rule::F04, msg).unit(u.code.clone()).file(rel),
                );
            }
            Some(s) if s.code != u.code => (s, Some(u)),
            Some(s) => (s, None),
        },
    };
    let place = Place {
        unit: &unit.code,
        file: &rel,
    };
    // F14 instead of F05: "Kỳ báo cáo" is a formula saved without its
    // result; the report cannot be placed in a period and stays excluded.
    if let Some((label, l)) = formulas.iter().find(|(label, _)| *label == "Kỳ báo cáo") {
        let f = place.finding(Rule::F14, file::f14_info(label, l));
        return set_aside(c, file::at_info(f, &report, Some(l)));
    }
    // F05: the period.
    if let Some((msg, loc)) = file::check_period(&report, period) {
        let f = file::at_info(place.finding(Rule::F05, msg), &report, loc);
        return set_aside(c, f);
    }

    let mut findings = Vec::new();
    if let Some(old) = sent_as {
        findings.push(place.finding(
            Rule::F10,
            messages::f10_merged(&old.code, &old.name, &unit.code, &unit.name),
        ));
    }
    if let Some(l) = &report.legacy {
        findings.push(place.at(
            Rule::F15,
            messages::f15_converted(l.encoding.name(), l.cells, &l.sheet, &l.first.to_string()),
            &l.sheet,
            Some(l.first),
        ));
    }
    // F14 on the other info values that are formulas (the unit was found
    // by the other of code and name).
    for (label, l) in &formulas {
        findings.push(file::at_info(
            place.finding(Rule::F14, file::f14_info(label, l)),
            &report,
            Some(l),
        ));
    }
    let report_date = match file::check_date(&report) {
        Ok(d) => Some(d),
        // A formula date is F14's, above.
        Err((msg, _)) if msg.is_empty() => None,
        Err((msg, loc)) => {
            findings.push(file::at_info(place.finding(Rule::F08, msg), &report, loc));
            None
        }
    };
    for choice in &report.sheet_choices {
        let tasks = choice.kind == crate::read::TableKind::Tasks;
        findings.push(
            place
                .finding(
                    Rule::F13,
                    messages::f13_two_sheets(tasks, &choice.used, &choice.others),
                )
                .sheet(choice.used.clone()),
        );
    }
    for (sheet, label) in file::missing_columns(&report) {
        findings.push(
            place
                .finding(Rule::F09, messages::f09_missing_column(&label, &sheet))
                .sheet(sheet),
        );
    }
    let (tasks, task_findings) = task::check_tasks(plan, period, &place, report.tasks.as_ref());
    let (indicators, ind_findings) =
        indicator::check_indicators(plan, period, ctx, &place, report.indicators.as_ref());
    findings.extend(task_findings);
    findings.extend(ind_findings);
    // A Word table has no sheet tab or A1 grid the clerk sees: say where
    // in words ("Bảng 2, dòng 5, cột 3").
    for f in &mut findings {
        if let (Some(sheet), Some(cell)) = (&f.sheet, f.cell) {
            if messages::is_word_table(sheet) {
                f.message.push_str(&messages::word_table_place(
                    sheet,
                    cell.row + 1,
                    cell.col + 1,
                ));
            }
        }
    }
    findings.sort();

    c.outcome.unit = Some(unit.code.clone());
    c.outcome.status = FileStatus::Counted;
    c.outcome.report_date = report_date;
    c.findings = findings;
    c.report = Some(CountedReport {
        unit: unit.code.clone(),
        sent_as: sent_as.map(|u| u.code.clone()),
        rel: rel.clone(),
        report_date,
        late: false,
        task_sheet: report.tasks.as_ref().map(|t| t.sheet.clone()),
        indicator_sheet: report.indicators.as_ref().map(|t| t.sheet.clone()),
        info: report.info,
        tasks,
        indicators,
    });
    c
}

/// The unit and file every finding of a report carries.
pub(crate) struct Place<'a> {
    /// The credited unit's code.
    pub unit: &'a str,
    /// The file, relative to the inbox.
    pub file: &'a str,
}

impl Place<'_> {
    /// A finding with this unit and file.
    fn finding(&self, rule: Rule, message: String) -> Finding {
        Finding::new(rule, message).unit(self.unit).file(self.file)
    }

    /// A finding on `sheet`, at `cell` when given.
    fn at(&self, rule: Rule, message: String, sheet: &str, cell: Option<Cell>) -> Finding {
        let f = self.finding(rule, message).sheet(sheet);
        match cell {
            Some(c) => f.cell(c),
            None => f,
        }
    }
}

/// The period a "Kỳ báo cáo" value names, when it is an accepted spelling
/// (FORM.md §2): text in any accepted spelling, or a number holding the year.
///
/// # Examples
/// ```
/// use tonghop::{plan::Period, read::Raw, validate::period_of};
/// assert_eq!(period_of(&Raw::Text("6T/2020".into())), Some(Period::first_half(2020)));
/// assert_eq!(period_of(&Raw::Number(2020.0)), Some(Period::whole_year(2020)));
/// assert_eq!(period_of(&Raw::Empty), None);
/// ```
pub fn period_of(raw: &crate::read::Raw) -> Option<Period> {
    file::period_of(raw)
}

/// Decides across files: one counted report per unit (F06: latest "Ngày
/// báo cáo", then newest modification time, then the path that sorts last;
/// a superseded file keeps only its F06), lateness of the counted reports
/// (F07: "Ngày báo cáo", else the file's modification date, strictly after
/// the due date), and the expected units with no counted report (R01).
pub fn finish(plan: &Plan, period: Period, candidates: Vec<Candidate>) -> Outcome {
    completeness::finish(plan, period, candidates)
}
