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
//!   ([`crate::model::Status::progress_rank`]), ties broken by the lower share. When no
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

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::plan::{Period, Plan};
use crate::validate::Outcome;

mod indicators;
mod issues;
mod model;
mod submission;
mod tasks;

pub use indicators::aggregate;
pub use model::*;

/// Merges the counted reports of `outcome` into the consolidated model.
///
/// `previous_year`: last year's consolidated totals by indicator code (the
/// `TONG` lines of `du-lieu/chi-tieu.csv` of the same period a year
/// earlier), used for "same period last year" when the reports give none.
pub fn consolidate<'a>(
    plan: &'a Plan,
    period: Period,
    outcome: &'a Outcome,
    previous_year: Option<&BTreeMap<String, f64>>,
) -> Consolidated<'a> {
    let errors = tasks::row_errors(outcome);
    let task_rows = tasks::task_rows(outcome);
    let name = |code: &str| plan.unit_name(code).to_string();

    // Each task's and indicator's line on all cores (they only read), then
    // the sections in order of first appearance.
    let indicator_rows = indicators::rows_by_indicator(outcome);
    let (lines, (indicators, issues)) = rayon::join(
        || {
            plan.tasks
                .par_iter()
                .map(|task| tasks::task_line(plan, period, &task_rows, &errors, task))
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || {
                    plan.indicators
                        .par_iter()
                        .map(|ind| {
                            indicators::indicator_line(
                                plan,
                                period,
                                &indicator_rows,
                                &errors,
                                ind,
                                previous_year,
                            )
                        })
                        .collect::<Vec<IndicatorLine>>()
                },
                || issues::issues(plan, outcome, &name),
            )
        },
    );
    let mut sections: Vec<Section> = Vec::new();
    let mut section_of: HashMap<&str, usize> = HashMap::new();
    let mut counts = StatusCounts::default();
    for (task, line) in plan.tasks.iter().zip(lines) {
        counts.add(&line);
        let i = *section_of.entry(task.section.as_str()).or_insert_with(|| {
            sections.push(Section {
                title: task.section.clone(),
                tasks: Vec::new(),
                counts: StatusCounts::default(),
            });
            sections.len() - 1
        });
        sections[i].counts.add(&line);
        sections[i].tasks.push(line);
    }
    for s in &mut sections {
        s.tasks.shrink_to_fit();
    }

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
        submission: submission::submission(outcome),
        sections,
        counts,
        indicators,
        indicator_units,
        issues,
        units: submission::unit_lines(outcome, &name),
    }
}

#[cfg(test)]
pub(crate) mod tests;
