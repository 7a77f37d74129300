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

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::validate::{Finding, Outcome};

/// The unit code of the consolidated lines of `du-lieu/chi-tieu.csv`.
pub const TOTAL: &str = "TONG";

/// The content of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool and its version, e.g. `tonghop 0.1.0`.
    pub cong_cu: String,
    /// The plan.
    pub ke_hoach: PlanRef,
    /// The period code.
    pub ky: String,
    /// The date printed on the report (`--ngay`), `YYYY-MM-DD`.
    #[serde(default)]
    pub ngay: String,
    /// Every input file, in path order.
    pub tep: Vec<FileEntry>,
    /// The expected units whose only files could not be used ("Đã gửi,
    /// không sử dụng được"), by code, in plan order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub khong_su_dung_duoc: Vec<String>,
    /// Findings counted per rule code.
    pub dem_loi: BTreeMap<String, usize>,
    /// Every other output of the set → SHA-256.
    pub dau_ra: BTreeMap<String, String>,
    /// What changed since the previous run (reruns only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thay_doi: Option<Changes>,
}

/// The plan a run used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRef {
    /// Plan id.
    pub ma: String,
    /// SHA-256 of the four plan files concatenated in plan-file order.
    pub sha256: String,
    /// Each plan file's SHA-256.
    #[serde(default)]
    pub tep: BTreeMap<String, String>,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to `inbox/<ky>/`, with `/`.
    pub duong_dan: String,
    /// Size in bytes.
    pub kich_thuoc: u64,
    /// SHA-256 (empty when the file could not be read).
    pub sha256: String,
    /// The unit credited, or null.
    pub ma_don_vi: Option<String>,
    /// `tinh`, `thay_the`, `loai` or `bo_qua`.
    pub trang_thai: String,
    /// The rule that set the file aside, or null.
    pub ma_loi: Option<String>,
    /// "Ngày báo cáo" (`YYYY-MM-DD`), when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ngay_bao_cao: Option<String>,
}

pub use crate::model::{Changes, FindingRef, Move, NewReport, UnitRef, ValueChange};

/// A finding of this run as the comparison sees it; `item` is the task or
/// indicator code of its row (empty when none).
pub fn finding_ref(f: &Finding, item: &str) -> FindingRef {
    FindingRef {
        ma_loi: f.rule.code().to_string(),
        ma_don_vi: f.unit.clone().unwrap_or_default(),
        ten_don_vi: String::new(),
        ma_muc: item.to_string(),
        tep: f.file.clone().unwrap_or_default(),
        trang_tinh: f.sheet.clone().unwrap_or_default(),
        o: f.cell.map(|c| c.to_string()).unwrap_or_default(),
        thong_bao: f.message.clone(),
    }
}

/// A task row of an earlier `du-lieu/nhiem-vu.csv`: status and share.
pub type RowState = (String, String);

/// What is left of the previous set of the period, read before it moves to
/// `lich-su/`, reduced to what the comparison needs.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Its `manifest.json`, when readable.
    pub manifest: Option<Manifest>,
    /// Its `kiem-tra.csv`, one entry a line (the task or indicator code
    /// filled from the exports' `tep`/`dong`).
    pub findings: Option<Vec<FindingRef>>,
    /// Its task rows by (task, unit): status and share codes.
    pub tasks: Option<BTreeMap<(String, String), RowState>>,
    /// Its consolidated values by indicator.
    pub totals: Option<BTreeMap<String, f64>>,
    /// Its units' values by (unit, indicator).
    pub unit_values: BTreeMap<(String, String), f64>,
}

impl Previous {
    /// Reads what exists of the set in `dir` (`out/<ky>/`); missing or
    /// unreadable files are left out.
    pub fn read(dir: &Path) -> Previous {
        let open = |p: &str| {
            std::fs::File::open(dir.join(p))
                .ok()
                .map(std::io::BufReader::new)
        };
        let manifest = std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        // The rows of the exports, to name the item a finding is on.
        let mut rows: BTreeMap<(String, u64), String> = BTreeMap::new();
        let tasks = open("du-lieu/nhiem-vu.csv").map(|r| {
            let mut out = BTreeMap::new();
            for_each_record(r, |rec| {
                let (Some(t), Some(u)) = (rec.code("ma_nhiem_vu"), rec.code("ma_don_vi")) else {
                    return;
                };
                if let (Some(f), Some(d)) = (rec.get("tep"), rec.row()) {
                    rows.entry((f.to_string(), d)).or_insert_with(|| t.clone());
                }
                let status = rec.get("tinh_trang").unwrap_or_default().to_string();
                let share = rec.get("ty_le").unwrap_or_default().to_string();
                out.entry((t, u)).or_insert((status, share));
            });
            out
        });
        let mut unit_values = BTreeMap::new();
        let totals = open("du-lieu/chi-tieu.csv").map(|r| {
            let mut totals = BTreeMap::new();
            for_each_record(r, |rec| {
                let (Some(u), Some(code)) = (rec.code("ma_don_vi"), rec.code("ma_chi_tieu")) else {
                    return;
                };
                if let (Some(f), Some(d)) = (rec.get("tep"), rec.row()) {
                    rows.entry((f.to_string(), d))
                        .or_insert_with(|| code.clone());
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
        let findings = open("kiem-tra.csv").map(|r| {
            let mut out = Vec::new();
            for_each_record(r, |rec| {
                let g = |k: &str| rec.get(k).unwrap_or_default().to_string();
                let tep = g("tep");
                let item = cell_row(&g("o"))
                    .and_then(|row| rows.get(&(tep.clone(), row)))
                    .cloned()
                    .unwrap_or_default();
                out.push(FindingRef {
                    ma_loi: g("ma_loi"),
                    ma_don_vi: g("ma_don_vi"),
                    ten_don_vi: String::new(),
                    ma_muc: item,
                    tep,
                    trang_tinh: g("trang_tinh"),
                    o: g("o"),
                    thong_bao: g("thong_bao"),
                });
            });
            out
        });
        Previous {
            manifest,
            findings,
            tasks,
            totals,
            unit_values,
        }
    }

    /// Whether there was a previous set at all.
    pub fn exists(&self) -> bool {
        self.manifest.is_some()
            || self.findings.is_some()
            || self.tasks.is_some()
            || self.totals.is_some()
    }
}

/// The 1-based row of an A1 cell name ("F12" → 12).
fn cell_row(a1: &str) -> Option<u64> {
    let digits: String = a1.chars().skip_while(|c| c.is_ascii_alphabetic()).collect();
    digits.parse().ok()
}

/// The (1-based file, row) → task or indicator code of this run's counted
/// reports, to name the item of each finding as [`Previous::read`] does.
pub fn item_rows(outcome: &Outcome) -> BTreeMap<(String, u64), String> {
    let mut rows = BTreeMap::new();
    for r in outcome.counted.values() {
        for t in &r.tasks {
            rows.entry((r.rel.clone(), u64::from(t.row) + 1))
                .or_insert_with(|| t.task.clone());
        }
        for i in &r.indicators {
            rows.entry((r.rel.clone(), u64::from(i.row) + 1))
                .or_insert_with(|| i.indicator.clone());
        }
    }
    rows
}

/// This run's findings as the comparison sees them.
pub fn finding_refs(outcome: &Outcome) -> Vec<FindingRef> {
    let rows = item_rows(outcome);
    outcome
        .findings
        .iter()
        .map(|f| {
            let item = match (&f.file, f.cell) {
                (Some(file), Some(c)) => rows
                    .get(&(file.clone(), u64::from(c.row) + 1))
                    .map_or("", String::as_str),
                _ => "",
            };
            finding_ref(f, item)
        })
        .collect()
}

/// (in `a` not `b`, in `b` not `a`) by [`FindingRef::key`], counting
/// repeats; both sorted.
pub fn multiset_diff(a: &[FindingRef], b: &[FindingRef]) -> (Vec<FindingRef>, Vec<FindingRef>) {
    fn minus(a: &[FindingRef], b: &[FindingRef]) -> Vec<FindingRef> {
        let mut count: BTreeMap<_, usize> = BTreeMap::new();
        for f in b {
            *count.entry(f.key()).or_default() += 1;
        }
        let mut out: Vec<FindingRef> = a
            .iter()
            .filter(|f| match count.get_mut(&f.key()) {
                Some(c) if *c > 0 => {
                    *c -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect();
        out.sort();
        out
    }
    (minus(a, b), minus(b, a))
}

/// One line of an earlier export, by column name.
pub struct Record<'a> {
    header: &'a [String],
    rec: &'a csv::StringRecord,
}

impl Record<'_> {
    /// The value of a column (formula neutralising undone).
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == column)?;
        self.rec.get(i).map(unneutralise)
    }

    /// A code column, normalised as the plan's codes are.
    pub fn code(&self, column: &str) -> Option<String> {
        self.get(column).map(crate::text::code)
    }

    /// A finite number.
    pub fn number(&self, column: &str) -> Option<f64> {
        self.get(column)
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
    }

    fn row(&self) -> Option<u64> {
        self.get("dong")
            .and_then(|s| s.trim().parse::<f64>().ok())
            .and_then(|v| (v.is_finite() && v >= 1.0 && v.fract() == 0.0).then_some(v as u64))
    }
}

/// Calls `f` on every readable line of an export read from `r` (BOM
/// stripped). Unreadable lines are skipped.
pub fn for_each_record<R: Read>(r: R, mut f: impl FnMut(&Record<'_>)) {
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(r);
    let header: Vec<String> = match rd.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = if i == 0 {
                    s.trim_start_matches('\u{feff}')
                } else {
                    s
                };
                s.trim().to_string()
            })
            .collect(),
        Err(_) => return,
    };
    let mut rec = csv::StringRecord::new();
    loop {
        match rd.read_record(&mut rec) {
            Ok(true) => f(&Record {
                header: &header,
                rec: &rec,
            }),
            Ok(false) => break,
            // A bad line is skipped; a failing read ends the file.
            Err(e) if e.is_io_error() => break,
            Err(_) => {}
        }
    }
}

/// Undoes the formula neutralising of the exports (a leading `'` before
/// `=`, `+`, `-`, `@` or a tab).
fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t']) => rest,
        _ => s,
    }
}

/// The records of an export as maps column → value (BOM stripped,
/// neutralising undone). Unreadable lines are skipped.
pub fn read_records(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    for_each_record(bytes, |r| {
        out.push(
            r.header
                .iter()
                .zip(r.rec.iter())
                .map(|(h, v)| (h.clone(), unneutralise(v).to_string()))
                .collect(),
        );
    });
    out
}

/// The consolidated values (`TONG` lines with a value) of a
/// `du-lieu/chi-tieu.csv`, by indicator code.
///
/// # Examples
/// ```
/// let csv = "\u{feff}ma_chi_tieu,ma_don_vi,thuc_hien,cung_ky,tep,dong\nCT1,SCT,4,,a.xlsx,5\nCT1,TONG,4,,,\nCT2,TONG,,,,\n";
/// let t = tonghop::history::read_totals(csv.as_bytes());
/// assert_eq!(t.into_iter().collect::<Vec<_>>(), [("CT1".to_string(), 4.0)]);
/// ```
pub fn read_totals<R: Read>(r: R) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let (Some(u), Some(code), Some(v)) = (
            rec.code("ma_don_vi"),
            rec.code("ma_chi_tieu"),
            rec.number("thuc_hien"),
        ) {
            if u == TOTAL {
                out.entry(code).or_insert(v);
            }
        }
    });
    out
}

/// The units' values of a `du-lieu/chi-tieu.csv` by (unit, indicator), the
/// first line of each pair (for rule I04).
pub fn read_unit_values<R: Read>(r: R) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let (Some(u), Some(code), Some(v)) = (
            rec.code("ma_don_vi"),
            rec.code("ma_chi_tieu"),
            rec.number("thuc_hien"),
        ) {
            if u != TOTAL && !u.is_empty() {
                out.entry((u, code)).or_insert(v);
            }
        }
    });
    out
}

/// The status codes of a `du-lieu/nhiem-vu.csv` by (task, unit), the first
/// line of each pair.
pub fn read_task_statuses<R: Read>(r: R) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for_each_record(r, |rec| {
        if let (Some(t), Some(u)) = (rec.code("ma_nhiem_vu"), rec.code("ma_don_vi")) {
            let status = rec.get("tinh_trang").unwrap_or_default().to_string();
            out.entry((t, u)).or_insert(status);
        }
    });
    out
}

/// Last year's consolidated values: the `TONG` lines of
/// `<out_root>/<year-1 period>/du-lieu/chi-tieu.csv`, when it exists.
pub fn last_year_totals(
    out_root: &Path,
    period: crate::plan::Period,
) -> Option<BTreeMap<String, f64>> {
    open_export(out_root, period.previous_year()).map(read_totals)
}

/// The first half's unit values, for a year's run (rule I04).
pub fn first_half_values(
    out_root: &Path,
    period: crate::plan::Period,
) -> Option<BTreeMap<(String, String), f64>> {
    match period.kind {
        crate::plan::PeriodKind::Year => {
            open_export(out_root, crate::plan::Period::first_half(period.year))
                .map(read_unit_values)
        }
        crate::plan::PeriodKind::FirstHalf => None,
    }
}

fn open_export(
    out_root: &Path,
    p: crate::plan::Period,
) -> Option<std::io::BufReader<std::fs::File>> {
    let path = out_root.join(p.code()).join("du-lieu").join("chi-tieu.csv");
    std::fs::File::open(path).ok().map(std::io::BufReader::new)
}

/// The units of a set of codes, with the plan's names, sorted by code.
pub fn unit_refs<'a>(
    plan: &crate::plan::Plan,
    codes: impl IntoIterator<Item = &'a String>,
) -> Vec<UnitRef> {
    let set: BTreeSet<&String> = codes.into_iter().collect();
    set.into_iter()
        .map(|c| UnitRef {
            ma_don_vi: c.clone(),
            ten_don_vi: plan.unit(c).map_or_else(|| c.clone(), |u| u.name.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_stream_with_bom_and_bad_lines() {
        let csv = "\u{feff}ma_chi_tieu,ma_don_vi,thuc_hien,cung_ky,tep,dong\nCT1,SCT,'-4,,a.xlsx,5\n\"bad\nCT1,TONG,x,,,\n";
        let v = read_unit_values(csv.as_bytes());
        assert_eq!(v.get(&("SCT".into(), "CT1".into())), Some(&-4.0));
        assert!(read_totals(csv.as_bytes()).is_empty());
        assert!(read_totals(&b""[..]).is_empty());
    }

    #[test]
    fn finding_identity_ignores_the_cell_when_the_item_is_known() {
        let a = FindingRef {
            ma_loi: "T05".into(),
            ma_don_vi: "STP".into(),
            ten_don_vi: String::new(),
            ma_muc: "NV2".into(),
            tep: "old.xlsx".into(),
            trang_tinh: "Nhiệm vụ".into(),
            o: "F6".into(),
            thong_bao: "x".into(),
        };
        // Resent under another name, a row inserted above: the same finding.
        let moved = FindingRef {
            tep: "new.xlsx".into(),
            o: "F7".into(),
            thong_bao: "y".into(),
            ..a.clone()
        };
        let other_task = FindingRef {
            ma_muc: "NV3".into(),
            ..a.clone()
        };
        let (gone, new) = multiset_diff(std::slice::from_ref(&a), &[moved, other_task]);
        assert!(gone.is_empty());
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].ma_muc, "NV3");
    }

    #[test]
    fn cell_rows() {
        assert_eq!(cell_row("F12"), Some(12));
        assert_eq!(cell_row("AB1"), Some(1));
        assert_eq!(cell_row(""), None);
    }
}
