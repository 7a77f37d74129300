//! The previous set of the period, read back before it moves to `lich-su/`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::exports::for_each_record;
use super::findings::cell_row;
use super::{Manifest, TOTAL};
use crate::model::FindingRef;

/// A task row of an earlier `du-lieu/nhiem-vu.csv`, as it is read: the
/// codes of the task and the unit, the status code and the share as
/// written. Handed to the caller one at a time, never kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRow<'a> {
    /// `ma_nhiem_vu`, as a code.
    pub task: &'a str,
    /// `ma_don_vi`, as a code.
    pub unit: &'a str,
    /// `tinh_trang`: a status code, or empty.
    pub status: &'a str,
    /// `ty_le` as written, or empty.
    pub share: &'a str,
}

/// What is left of the previous set of the period, read before it moves to
/// `lich-su/`, reduced to what the comparison needs.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Its `manifest.json`, when readable.
    pub manifest: Option<Manifest>,
    /// Its `kiem-tra.csv`, one entry a line (the task or indicator code
    /// filled from the exports' `tep`/`dong`).
    pub findings: Option<Vec<FindingRef>>,
    /// Whether it had a readable `du-lieu/nhiem-vu.csv` (its rows went to
    /// the caller of [`Previous::read_with`]).
    pub has_tasks: bool,
    /// Its consolidated values by indicator.
    pub totals: Option<BTreeMap<String, f64>>,
    /// Its units' values by (unit, indicator).
    pub unit_values: BTreeMap<(String, String), f64>,
}

impl Previous {
    /// Reads what exists of the set in `dir` (`out/<ky>/`); missing or
    /// unreadable files are left out. Each row of the task export goes to
    /// `on_task` as it is read, in the file's order, and is not kept (at
    /// 5,000 units the export has 300,000 rows: kept as a map they cost
    /// 70 MB).
    pub fn read_with(dir: &Path, mut on_task: impl FnMut(TaskRow<'_>)) -> Previous {
        let open = |p: &str| {
            std::fs::File::open(dir.join(p))
                .ok()
                .map(std::io::BufReader::new)
        };
        let manifest = Manifest::read(dir);
        // The findings first, to know which files' rows name their items.
        let findings: Option<Vec<(FindingRef, Option<u64>)>> = open("kiem-tra.csv").map(|r| {
            let mut out = Vec::new();
            for_each_record(r, |rec| {
                let g = |k: &str| rec.get(k).unwrap_or_default().to_string();
                let o = g("o");
                let row = cell_row(&o);
                out.push((
                    FindingRef {
                        ma_loi: g("ma_loi"),
                        ma_don_vi: g("ma_don_vi"),
                        ten_don_vi: String::new(),
                        ma_muc: String::new(),
                        tep: g("tep"),
                        trang_tinh: g("trang_tinh"),
                        o,
                        thong_bao: g("thong_bao"),
                    },
                    row,
                ));
            });
            out
        });
        let with_findings: HashSet<String> = findings
            .iter()
            .flatten()
            .filter(|(_, row)| row.is_some())
            .map(|(f, _)| f.tep.clone())
            .collect();
        // The rows of the exports, to name the item a finding is on: only
        // those of files with findings (a clean rerun needs none).
        let mut rows: BTreeMap<(String, u64), String> = BTreeMap::new();
        let has_tasks = open("du-lieu/nhiem-vu.csv").is_some_and(|r| {
            for_each_record(r, |rec| {
                let (Some(t), Some(u)) = (rec.code("ma_nhiem_vu"), rec.code("ma_don_vi")) else {
                    return;
                };
                if let (Some(f), Some(d)) = (rec.get("tep"), rec.row()) {
                    if with_findings.contains(f) {
                        rows.entry((f.to_string(), d)).or_insert_with(|| t.clone());
                    }
                }
                on_task(TaskRow {
                    task: &t,
                    unit: &u,
                    status: rec.get("tinh_trang").unwrap_or_default(),
                    share: rec.get("ty_le").unwrap_or_default(),
                });
            });
            true
        });
        let mut unit_values = BTreeMap::new();
        let totals = open("du-lieu/chi-tieu.csv").map(|r| {
            let mut totals = BTreeMap::new();
            for_each_record(r, |rec| {
                let (Some(u), Some(code)) = (rec.code("ma_don_vi"), rec.code("ma_chi_tieu")) else {
                    return;
                };
                if let (Some(f), Some(d)) = (rec.get("tep"), rec.row()) {
                    if with_findings.contains(f) {
                        rows.entry((f.to_string(), d))
                            .or_insert_with(|| code.clone());
                    }
                }
                let Some(v) = rec.number("thuc_hien") else {
                    return;
                };
                if u == TOTAL {
                    totals.entry(code).or_insert(v);
                } else if !u.is_empty() {
                    unit_values.entry((u, code)).or_insert(v);
                }
            });
            totals
        });
        let findings = findings.map(|v| {
            v.into_iter()
                .map(|(mut f, row)| {
                    if let Some(item) = row.and_then(|row| rows.get(&(f.tep.clone(), row))) {
                        f.ma_muc = item.clone();
                    }
                    f
                })
                .collect()
        });
        Previous {
            manifest,
            findings,
            has_tasks,
            totals,
            unit_values,
        }
    }

    /// Whether there was a previous set at all.
    pub fn exists(&self) -> bool {
        self.manifest.is_some()
            || self.findings.is_some()
            || self.has_tasks
            || self.totals.is_some()
    }
}
