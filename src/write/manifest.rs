//! `manifest.json`: what a run read and wrote (OUTPUTS.md), and what changed
//! since the previous run of the same period.
//!
//! `ke_hoach.sha256` is one SHA-256 over the four plan files concatenated in
//! the order `ke-hoach.csv`, `don-vi.csv`, `nhiem-vu.csv`, `chi-tieu.csv`
//! (one value to compare; the generator of the test corpora uses the same
//! definition), and `ke_hoach.tep` gives each file's own hash. `dau_ra` maps
//! every other output of the set (path relative to `out/<ky>/`, with `/`) to
//! its SHA-256; the manifest cannot list its own hash. Keys are sorted and
//! the JSON is pretty-printed, so the same run gives the same bytes.
//!
//! `thay_doi` is present on a rerun: units newly counted (and no longer
//! counted), findings resolved and new, and task statuses that moved, each
//! compared with the set moved to `lich-su/<n>/`. A finding is the same
//! finding when its rule, unit (or file, for findings without a unit), sheet
//! and cell agree, and, for findings without a cell, its message too; so a
//! unit that resends under another file name does not see its unchanged
//! errors as resolved and new.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::plan::{Period, Plan};
use crate::validate::{Finding, Outcome};

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
    /// SHA-256 of the four plan files concatenated in [`PLAN_FILES`](crate::plan::PLAN_FILES) order.
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
}

/// What changed since the previous run of the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// Where the previous set went, relative to `out/<ky>/` (`lich-su/1`).
    #[serde(rename = "lan_truoc")]
    pub previous_set: String,
    /// Units counted now and not before.
    #[serde(rename = "don_vi_moi_tinh")]
    pub newly_counted: Vec<String>,
    /// Units counted before and not now.
    #[serde(rename = "don_vi_khong_con_tinh")]
    pub no_longer_counted: Vec<String>,
    /// Findings of the previous run that are gone.
    #[serde(rename = "loi_da_sua")]
    pub resolved: Vec<FindingRef>,
    /// Findings that the previous run did not have.
    #[serde(rename = "loi_moi")]
    pub new_findings: Vec<FindingRef>,
    /// Task rows whose status changed.
    #[serde(rename = "tinh_trang_thay_doi")]
    pub status_moves: Vec<Move>,
}

/// A finding as `kiem-tra.csv` lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FindingRef {
    /// Rule code.
    pub ma_loi: String,
    /// Unit code or empty.
    pub ma_don_vi: String,
    /// File.
    pub tep: String,
    /// Sheet.
    pub trang_tinh: String,
    /// Cell.
    pub o: String,
    /// Message.
    pub thong_bao: String,
}

impl FindingRef {
    /// From a finding of this run.
    pub fn of(f: &Finding) -> FindingRef {
        FindingRef {
            ma_loi: f.rule.code().to_string(),
            ma_don_vi: f.unit.clone().unwrap_or_default(),
            tep: f.file.clone().unwrap_or_default(),
            trang_tinh: f.sheet.clone().unwrap_or_default(),
            o: f.cell.map(|c| c.to_string()).unwrap_or_default(),
            thong_bao: f.message.clone(),
        }
    }

    /// The identity used to compare runs (see the module docs).
    fn key(&self) -> (String, String, String, String, String) {
        let who = if self.ma_don_vi.is_empty() {
            format!("tep:{}", self.tep)
        } else {
            self.ma_don_vi.to_uppercase()
        };
        let msg = if self.o.is_empty() {
            self.thong_bao.clone()
        } else {
            String::new()
        };
        (
            self.ma_loi.to_uppercase(),
            who,
            self.trang_tinh.clone(),
            self.o.to_uppercase(),
            msg,
        )
    }
}

/// A task row whose status changed between runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// Task code.
    #[serde(rename = "ma_nhiem_vu")]
    pub task: String,
    /// Unit code.
    #[serde(rename = "ma_don_vi")]
    pub unit: String,
    /// The status code before (empty when invalid).
    #[serde(rename = "truoc")]
    pub before: String,
    /// The status code now.
    #[serde(rename = "sau")]
    pub after: String,
}

/// What is left of the previous set, read before it moves to `lich-su/`.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Its `manifest.json`, when readable.
    pub manifest: Option<Manifest>,
    /// Its `kiem-tra.csv`.
    pub findings: Option<Vec<u8>>,
    /// Its `du-lieu/nhiem-vu.csv`.
    pub tasks: Option<Vec<u8>>,
}

impl Previous {
    /// Reads what exists of the set in `dir` (`out/<ky>/`); missing or
    /// unreadable files are left out.
    pub fn read(dir: &Path) -> Previous {
        let read = |p: &str| std::fs::read(dir.join(p)).ok();
        Previous {
            manifest: read("manifest.json").and_then(|b| serde_json::from_slice(&b).ok()),
            findings: read("kiem-tra.csv"),
            tasks: read("du-lieu/nhiem-vu.csv"),
        }
    }

    /// Whether there was a previous set at all.
    pub fn exists(&self) -> bool {
        self.manifest.is_some() || self.findings.is_some() || self.tasks.is_some()
    }
}

/// The status recorded in a move for a task row that one of the two runs
/// does not have.
pub use crate::model::NO_REPORT;

/// Compares this run with the previous set.
pub fn changes(previous: &Previous, outcome: &Outcome, previous_set: String) -> Changes {
    let before_units: BTreeSet<String> = previous
        .manifest
        .iter()
        .flat_map(|m| &m.tep)
        .filter(|f| f.trang_thai == "tinh")
        .filter_map(|f| f.ma_don_vi.clone())
        .collect();
    let now_units: BTreeSet<String> = outcome.counted.keys().cloned().collect();

    // Findings as multisets by identity.
    let before: Vec<FindingRef> = previous
        .findings
        .as_deref()
        .map(super::data::read_records)
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let g = |k: &str| r.get(k).cloned().unwrap_or_default();
            FindingRef {
                ma_loi: g("ma_loi"),
                ma_don_vi: g("ma_don_vi"),
                tep: g("tep"),
                trang_tinh: g("trang_tinh"),
                o: g("o"),
                thong_bao: g("thong_bao"),
            }
        })
        .collect();
    let now: Vec<FindingRef> = outcome.findings.iter().map(FindingRef::of).collect();
    let (resolved, new_findings) = multiset_diff(&before, &now);

    // Task rows by (task, unit), in both runs: a row that appears (a late
    // report arrived) or disappears is a move from or to "no report".
    let mut status_moves = Vec::new();
    if let Some(b) = &previous.tasks {
        let old = super::data::read_task_statuses(b);
        let mut now: BTreeMap<(String, String), String> = BTreeMap::new();
        for r in outcome.counted.values() {
            for t in r.tasks.iter().filter(|t| !t.duplicate) {
                now.entry((t.task.clone(), r.unit.clone()))
                    .or_insert_with(|| t.status.map_or("", |s| s.code()).to_string());
            }
        }
        let keys: BTreeSet<&(String, String)> = old.keys().chain(now.keys()).collect();
        for key in keys {
            let before = old.get(key).map_or(NO_REPORT, String::as_str);
            let after = now.get(key).map_or(NO_REPORT, String::as_str);
            if before != after {
                status_moves.push(Move {
                    task: key.0.clone(),
                    unit: key.1.clone(),
                    before: before.to_string(),
                    after: after.to_string(),
                });
            }
        }
    }

    Changes {
        previous_set,
        newly_counted: now_units.difference(&before_units).cloned().collect(),
        no_longer_counted: before_units.difference(&now_units).cloned().collect(),
        resolved,
        new_findings,
        status_moves,
    }
}

/// (in `a` not `b`, in `b` not `a`), counting repeats.
fn multiset_diff(a: &[FindingRef], b: &[FindingRef]) -> (Vec<FindingRef>, Vec<FindingRef>) {
    let mut count: BTreeMap<_, isize> = BTreeMap::new();
    for f in b {
        *count.entry(f.key()).or_default() += 1;
    }
    let mut gone = Vec::new();
    for f in a {
        let c = count.entry(f.key()).or_default();
        if *c > 0 {
            *c -= 1;
        } else {
            gone.push(f.clone());
        }
    }
    let mut count: BTreeMap<_, isize> = BTreeMap::new();
    for f in a {
        *count.entry(f.key()).or_default() += 1;
    }
    let mut new = Vec::new();
    for f in b {
        let c = count.entry(f.key()).or_default();
        if *c > 0 {
            *c -= 1;
        } else {
            new.push(f.clone());
        }
    }
    gone.sort();
    new.sort();
    (gone, new)
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of a file, read in blocks.
///
/// # Errors
/// The I/O error when the file cannot be read.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// The combined SHA-256 of the plan files (see the module docs), as the
/// plan loader computed it over the bytes it parsed.
pub fn plan_sha256(plan: &Plan) -> String {
    plan.sha256_combined.clone()
}

/// Everything [`manifest_json`] needs besides the outcome.
pub struct RunInfo<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its combined hash ([`plan_sha256`]).
    pub plan_sha256: String,
    /// The period.
    pub period: Period,
    /// The date printed.
    pub date: chrono::NaiveDate,
}

/// Builds the manifest of a run.
///
/// `outputs`: every other file of the set by path relative to `out/<ky>/`.
pub fn manifest(
    run: &RunInfo<'_>,
    outcome: &Outcome,
    outputs: &BTreeMap<String, Vec<u8>>,
    changes: Option<Changes>,
) -> Manifest {
    let mut dem_loi = BTreeMap::new();
    for f in &outcome.findings {
        *dem_loi.entry(f.rule.code().to_string()).or_insert(0) += 1;
    }
    Manifest {
        cong_cu: format!("tonghop {}", env!("CARGO_PKG_VERSION")),
        ke_hoach: PlanRef {
            ma: run.plan.info.id.clone(),
            sha256: run.plan_sha256.clone(),
            tep: run.plan.sha256.clone(),
        },
        ky: run.period.code(),
        ngay: run.date.format("%Y-%m-%d").to_string(),
        tep: outcome
            .files
            .iter()
            .map(|f| FileEntry {
                duong_dan: f.rel.clone(),
                kich_thuoc: f.size,
                sha256: f.sha256.clone(),
                ma_don_vi: f.unit.clone(),
                trang_thai: f.status.code().to_string(),
                ma_loi: f.rule.map(|r| r.code().to_string()),
            })
            .collect(),
        dem_loi,
        dau_ra: outputs
            .iter()
            .map(|(k, v)| (k.clone(), sha256_hex(v)))
            .collect(),
        thay_doi: changes,
    }
}

/// The manifest as pretty JSON with a final newline.
pub fn manifest_json(m: &Manifest) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut b = serde_json::to_vec_pretty(m).unwrap_or_default();
    b.push(b'\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::tests as fx;
    use crate::read::values::Status;

    #[test]
    fn manifest_fields_and_order() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let run = RunInfo {
            plan: &plan,
            plan_sha256: plan_sha256(&plan),
            period: fx::period(),
            date: chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
        };
        let outputs = BTreeMap::from([("kiem-tra.csv".to_string(), b"x".to_vec())]);
        let m = manifest(&run, &o, &outputs, None);
        let json = String::from_utf8(manifest_json(&m)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["ky"], "2020-H1");
        assert_eq!(v["ke_hoach"]["ma"], "vd");
        assert_eq!(v["ke_hoach"]["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(v["tep"][0]["duong_dan"], "a/sct-old.xlsx");
        assert_eq!(v["tep"][0]["trang_thai"], "thay_the");
        assert_eq!(v["tep"][0]["ma_loi"], "F06");
        assert_eq!(v["tep"][1]["ma_loi"], serde_json::Value::Null);
        assert_eq!(v["tep"][5]["ma_don_vi"], serde_json::Value::Null);
        assert_eq!(v["dem_loi"]["T05"], 1);
        assert_eq!(
            v["dau_ra"]["kiem-tra.csv"],
            "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        );
        assert!(v.get("thay_doi").is_none());
        // The key order is the struct order, stable.
        let keys: Vec<usize> = [
            "cong_cu", "ke_hoach", "ky", "ngay", "tep", "dem_loi", "dau_ra",
        ]
        .iter()
        .map(|k| json.find(&format!("\n  \"{k}\"")).unwrap())
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        let back: Manifest = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn changes_between_runs() {
        let (_d, plan) = fx::plan();
        let before = fx::outcome();
        let run = RunInfo {
            plan: &plan,
            plan_sha256: String::new(),
            period: fx::period(),
            date: chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
        };
        let kiem_tra = {
            let rows = before.findings.iter().map(|f| {
                let r = FindingRef::of(f);
                vec![r.ma_loi, r.ma_don_vi, r.tep, r.trang_tinh, r.o, r.thong_bao]
                    .into_iter()
                    .map(crate::write::Field::Text)
                    .collect()
            });
            crate::write::csv_bytes(
                &["ma_loi", "ma_don_vi", "tep", "trang_tinh", "o", "thong_bao"],
                rows,
            )
        };
        let previous = Previous {
            manifest: Some(manifest(&run, &before, &BTreeMap::new(), None)),
            findings: Some(kiem_tra),
            tasks: Some(crate::write::data::nhiem_vu_csv(&before)),
        };
        // The rerun: QLC now counted, STP fixed its share, SCT finished NV2.
        let mut after = before.clone();
        after.findings.retain(|f| {
            f.rule != crate::validate::Rule::T05 && f.rule != crate::validate::Rule::R01
        });
        let qlc = fx::report(
            "QLC",
            "qlc.xlsx",
            vec![fx::task("NV3", Some(Status::Done), None, 4)],
            vec![],
        );
        after.counted.insert("QLC".into(), qlc);
        if let Some(sct) = after.counted.get_mut("SCT") {
            sct.tasks[1].status = Some(Status::Done);
        }
        after.findings.push(
            Finding::new(crate::validate::Rule::T07, "Kết quả trống")
                .unit("QLC")
                .file("qlc.xlsx")
                .sheet("Nhiệm vụ")
                .cell(crate::validate::Cell::new(4, 6)),
        );
        let c = changes(&previous, &after, "lich-su/1".into());
        assert_eq!(c.previous_set, "lich-su/1");
        assert_eq!(c.newly_counted, ["QLC"]);
        assert!(c.no_longer_counted.is_empty());
        let codes = |v: &[FindingRef]| v.iter().map(|f| f.ma_loi.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&c.resolved), ["R01", "T05"]);
        assert_eq!(codes(&c.new_findings), ["T07"]);
        // SCT finished NV2; QLC's late report brought NV3 from "no report".
        assert_eq!(
            c.status_moves,
            [
                Move {
                    task: "NV2".into(),
                    unit: "SCT".into(),
                    before: "dang_thuc_hien".into(),
                    after: "hoan_thanh".into()
                },
                Move {
                    task: "NV3".into(),
                    unit: "QLC".into(),
                    before: NO_REPORT.into(),
                    after: "hoan_thanh".into()
                }
            ]
        );
    }

    #[test]
    fn same_finding_in_a_resent_file_is_not_new() {
        let a = FindingRef {
            ma_loi: "T05".into(),
            ma_don_vi: "STP".into(),
            tep: "old.xlsx".into(),
            trang_tinh: "Nhiệm vụ".into(),
            o: "F6".into(),
            thong_bao: "x".into(),
        };
        let b = FindingRef {
            tep: "new.xlsx".into(),
            thong_bao: "y".into(),
            ..a.clone()
        };
        let (gone, new) = multiset_diff(std::slice::from_ref(&a), &[b.clone(), b]);
        assert!(gone.is_empty());
        assert_eq!(new.len(), 1);
    }
}
