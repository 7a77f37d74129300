//! `thay_doi`: what changed since the previous run of the same period.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Changes, FileEntry, Move, NewReport, Previous, UnitRef, ValueChange, NO_REPORT};
use crate::consolidate::Consolidated;
use crate::history;
use crate::history::RowState;
use crate::plan::Plan;
use crate::validate::Outcome;
/// Compares this run with the previous set.
pub fn changes(
    plan: &Plan,
    previous: &Previous,
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
    let before_units: BTreeSet<String> = before_files
        .iter()
        .filter_map(|f| f.ma_don_vi.clone())
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

    // Task rows by (task, unit), in both runs: a row that appears (a late
    // report arrived) or disappears is a move from or to "no report". Both
    // sides are sorted by key and walked together.
    let mut status_moves = Vec::new();
    if let Some(old) = &previous.tasks {
        let mut now: BTreeMap<(&str, &str), (&str, Option<f64>)> = BTreeMap::new();
        for r in outcome.counted.values() {
            for t in r.tasks.iter().filter(|t| !t.duplicate) {
                now.entry((t.task.as_str(), r.unit.as_str()))
                    .or_insert_with(|| (t.status.map_or("", |s| s.code()), t.share));
            }
        }
        let none_before = (NO_REPORT.to_string(), String::new());
        let mut moved = |task: &str, unit: &str, before: &RowState, after: (&str, Option<f64>)| {
            let share_moved = before.1.parse::<f64>().ok() != after.1;
            if before.0 != after.0 || share_moved {
                let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
                status_moves.push(Move {
                    task: task.to_string(),
                    unit: unit.to_string(),
                    unit_name: name(unit),
                    before: before.0.clone(),
                    after: after.0.to_string(),
                    share_before: opt(&before.1),
                    share_after: after.1.map(share_text),
                });
            }
        };
        let mut a = old.iter().peekable();
        let mut b = now.into_iter().peekable();
        loop {
            let order = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(((t, u), _)), Some((k, _))) => (t.as_str(), u.as_str()).cmp(k),
            };
            match order {
                std::cmp::Ordering::Less => {
                    if let Some(((t, u), before)) = a.next() {
                        moved(t, u, before, (NO_REPORT, None));
                    }
                }
                std::cmp::Ordering::Greater => {
                    if let Some(((t, u), after)) = b.next() {
                        moved(t, u, &none_before, after);
                    }
                }
                std::cmp::Ordering::Equal => {
                    if let (Some((_, before)), Some(((t, u), after))) = (a.next(), b.next()) {
                        moved(t, u, before, after);
                    }
                }
            }
        }
    }

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
