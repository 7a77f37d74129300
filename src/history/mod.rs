//! Everything a run reads back from `out/`: the previous run's manifest and
//! exports of the same period (what changed), last year's consolidated
//! values (the "same period last year" column) and the first half's unit
//! values (rule I04).
//!
//! Earlier outputs are context, never a reason to stop: a missing or
//! unreadable file reads as nothing, an unreadable line is skipped. The
//! exports are streamed line by line into the small maps a comparison
//! needs; no earlier file is held whole in memory.
//!
//! This module imports only the layers below it (text, plan, validate); the
//! types of `manifest.json` live here because a run reads them back, and
//! `write::manifest` re-exports them.

mod exports;
mod findings;
mod manifest;
mod previous;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use exports::{
    first_half_values, for_each_record, last_year_totals, read_records, read_task_statuses,
    read_totals, read_unit_values, Record,
};
pub use findings::{finding_ref, finding_refs, item_rows, multiset_diff};
pub use manifest::{FileEntry, Manifest, PlanRef};
pub use previous::{Previous, TaskRow};

/// The unit code of the consolidated lines of `du-lieu/chi-tieu.csv`.
pub const TOTAL: &str = "TONG";

pub use crate::model::{Changes, FindingRef, Move, NewReport, UnitRef, ValueChange};

/// The units of a set of codes, with the plan's names, sorted by code.
pub fn unit_refs<'a>(
    plan: &crate::plan::Plan,
    codes: impl IntoIterator<Item = &'a String>,
) -> Vec<UnitRef> {
    let set: BTreeSet<&String> = codes.into_iter().collect();
    set.into_iter()
        .map(|c| UnitRef {
            ma_don_vi: c.clone(),
            ten_don_vi: plan.unit_name(c).to_string(),
        })
        .collect()
}
