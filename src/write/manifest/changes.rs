//! `thay_doi`: what changed since the previous run of the same period.

use std::collections::{BTreeSet, HashMap};

use super::{Changes, FileEntry, Move, NewReport, Previous, UnitRef, ValueChange, NO_REPORT};
use crate::consolidate::Consolidated;
use crate::history;
use crate::history::TaskRow;
use crate::plan::Plan;
use crate::validate::Outcome;
/// Compares this run with the previous set.
///
/// `tasks` has met the previous set's task rows as [`Previous::read_with`]
/// read them.
pub fn changes(
    plan: &Plan,
    previous: &Previous,
    tasks: TaskMoves<'_>,
    outcome: &Outcome,
    c: &Consolidated,
    previous_set: String,
) -> Changes {
    let name = |code: &str| plan.unit_name(code).to_string();
    let before_files: Vec<&FileEntry> = previous
        .manifest
        .iter()
        .flat_map(|m| &m.tep)
        .filter(|f| f.trang_thai == "tinh")
        .collect();
    let before_units: BTreeSet<String> = previous
        .manifest
        .iter()
        .flat_map(|m| m.credited_units())
        .map(String::from)
        .collect();
    let now_units: BTreeSet<String> = outcome.counted.keys().cloned().collect();

    // Reports counted now whose file (path and content) was not counted.
    let mut new_reports = Vec::new();
    if previous.manifest.is_some() {
        // The first file of each path, and each unit's first counted file.
        let mut sha_of: HashMap<&str, &str> = HashMap::new();
        for f in &outcome.files {
            sha_of.entry(f.rel.as_str()).or_insert(f.sha256.as_str());
        }
        let mut before_of: HashMap<&str, &FileEntry> = HashMap::new();
        for f in &before_files {
            if let Some(u) = f.ma_don_vi.as_deref() {
                before_of.entry(u).or_insert(f);
            }
        }
        for r in outcome.counted.values() {
            let sha = sha_of.get(r.rel.as_str()).copied().unwrap_or("");
            let old = before_of.get(r.unit.as_str());
            if old.is_some_and(|o| o.duong_dan == r.rel && o.sha256 == sha) {
                continue;
            }
            new_reports.push(NewReport {
                unit: UnitRef {
                    ma_don_vi: r.unit.clone(),
                    ten_don_vi: name(&r.unit),
                },
                tep_moi: r.rel.clone(),
                ngay_moi: r.report_date.map(|d| d.format("%Y-%m-%d").to_string()),
                tep_cu: old.map(|o| o.duong_dan.clone()),
                ngay_cu: old.and_then(|o| o.ngay_bao_cao.clone()),
            });
        }
    }

    // Consolidated values, with the units whose own value moved.
    let mut values = Vec::new();
    if let Some(old_totals) = &previous.totals {
        for ind in &c.indicators {
            let before = old_totals.get(&ind.code).copied();
            if same(before, ind.total) {
                continue;
            }
            let mut units: BTreeSet<&str> = BTreeSet::new();
            for (u, v) in &ind.values {
                let was = previous
                    .unit_values
                    .get(&(u.clone(), ind.code.clone()))
                    .copied();
                if !same(was, v.value) {
                    units.insert(u);
                }
            }
            for (u, code) in previous.unit_values.keys() {
                if *code == ind.code && !ind.values.contains_key(u) {
                    units.insert(u);
                }
            }
            values.push(ValueChange {
                ma_chi_tieu: ind.code.clone(),
                ten_chi_tieu: ind.name.clone(),
                truoc: before,
                sau: ind.total,
                don_vi: units.into_iter().map(name).collect(),
            });
        }
    }

    let now = history::finding_refs(outcome);
    let (mut resolved, mut new_findings) = match &previous.findings {
        Some(before) => history::multiset_diff(before, &now),
        None => (Vec::new(), Vec::new()),
    };
    for f in resolved.iter_mut().chain(new_findings.iter_mut()) {
        if !f.ma_don_vi.is_empty() {
            f.ten_don_vi = name(&f.ma_don_vi);
        }
    }

    let status_moves = if previous.has_tasks {
        tasks.finish()
    } else {
        Vec::new()
    };

    Changes {
        previous_set,
        new_reports,
        newly_counted: history::unit_refs(plan, now_units.difference(&before_units)),
        no_longer_counted: history::unit_refs(plan, before_units.difference(&now_units)),
        values,
        resolved,
        new_findings,
        status_moves,
    }
}

/// The task rows of this run by (task, unit), which the previous set's rows
/// meet one at a time as its export is read ([`TaskMoves::visit`]): a row
/// whose status or share moved, one that appears (a late report arrived)
/// or one that disappears is a move; "no report" stands for the missing
/// side. Neither side is copied: this run's rows are looked up in the
/// counted reports, one unit's rows indexed at a time (the export lists
/// them unit by unit), and only the moves are kept.
#[derive(Debug)]
pub struct TaskMoves<'a> {
    plan: &'a Plan,
    outcome: &'a Outcome,
    /// For each unit met, which of its report's task rows a previous row
    /// met, by position.
    met: HashMap<&'a str, Vec<bool>>,
    /// The unit whose rows are indexed (task code → position).
    index: Option<(&'a str, HashMap<&'a str, usize>)>,
    moves: Vec<Move>,
}

impl<'a> TaskMoves<'a> {
    /// The moves of this run's task rows (its counted reports, duplicate
    /// rows aside), none met yet.
    pub fn new(plan: &'a Plan, outcome: &'a Outcome) -> TaskMoves<'a> {
        TaskMoves {
            plan,
            outcome,
            met: HashMap::new(),
            index: None,
            moves: Vec::new(),
        }
    }

    /// One row of the previous set; a later row of the same task and unit
    /// is passed over, as the first one counts.
    pub fn visit(&mut self, before: TaskRow<'_>) {
        let Some((unit, report)) = self.outcome.counted.get_key_value(before.unit) else {
            return self.push(before, (NO_REPORT, None));
        };
        let unit = unit.as_str();
        if self.index.as_ref().is_none_or(|(u, _)| *u != unit) {
            let mut rows = HashMap::with_capacity(report.tasks.len());
            for (i, t) in report
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.duplicate)
            {
                rows.entry(t.task.as_str()).or_insert(i);
            }
            self.index = Some((unit, rows));
        }
        let at = self
            .index
            .as_ref()
            .and_then(|(_, rows)| rows.get(before.task).copied());
        let Some(i) = at else {
            return self.push(before, (NO_REPORT, None));
        };
        let met = self
            .met
            .entry(unit)
            .or_insert_with(|| vec![false; report.tasks.len()]);
        if std::mem::replace(&mut met[i], true) {
            return;
        }
        let t = &report.tasks[i];
        self.push(before, (t.status.map_or("", |s| s.code()), t.share));
    }

    fn push(&mut self, before: TaskRow<'_>, after: (&str, Option<f64>)) {
        let share_moved = before.share.parse::<f64>().ok() != after.1;
        if before.status != after.0 || share_moved {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            self.moves.push(Move {
                task: before.task.to_string(),
                unit: before.unit.to_string(),
                unit_name: self.plan.unit_name(before.unit).to_string(),
                before: before.status.to_string(),
                after: after.0.to_string(),
                share_before: opt(before.share),
                share_after: after.1.map(share_text),
            });
        }
    }

    /// The moves by task and unit, with this run's rows that no previous
    /// row met (moves from "no report").
    fn finish(mut self) -> Vec<Move> {
        let outcome = self.outcome;
        for (unit, report) in &outcome.counted {
            let met = self.met.remove(unit.as_str()).unwrap_or_default();
            for (i, t) in report
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.duplicate)
            {
                if met.get(i).copied().unwrap_or(false) {
                    continue;
                }
                let before = TaskRow {
                    task: &t.task,
                    unit,
                    status: NO_REPORT,
                    share: "",
                };
                self.push(before, (t.status.map_or("", |s| s.code()), t.share));
            }
        }
        // Stable: of two moves of one task and unit (two previous rows of
        // it, in a file edited by hand), the first stays, the rest go.
        self.moves
            .sort_by(|a, b| (&a.task, &a.unit).cmp(&(&b.task, &b.unit)));
        self.moves
            .dedup_by(|b, a| (&a.task, &a.unit) == (&b.task, &b.unit));
        self.moves
    }
}

/// Two optional values are the same (to the last digit the exports keep).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        (None, None) => true,
        _ => false,
    }
}

/// A share as the exports write it.
fn share_text(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}
