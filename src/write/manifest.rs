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
//! `thay_doi` is present on a rerun ([`changes`]): reports new and replaced,
//! units newly counted (and no longer counted), consolidated values that
//! moved, findings resolved and new, and task statuses and shares that
//! moved, each compared with the set moved to `lich-su/<n>/`. What the
//! previous run left is read by [`crate::history::Previous`]; findings are
//! matched by [`FindingRef::key`] (rule, unit, task or indicator code; not
//! the cell). The same changes are listed in `thay-doi.csv`
//! ([`thay_doi_csv`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::consolidate::Consolidated;
use crate::history;
pub use crate::history::{
    Changes, FileEntry, FindingRef, Manifest, Move, NewReport, PlanRef, Previous, UnitRef,
    ValueChange,
};
use crate::plan::{Period, Plan};
use crate::validate::Outcome;

/// The status recorded in a move for a task row that one of the two runs
/// does not have.
pub use crate::model::NO_REPORT;

/// Compares this run with the previous set.
pub fn changes(
    plan: &Plan,
    previous: &Previous,
    outcome: &Outcome,
    c: &Consolidated,
    previous_set: String,
) -> Changes {
    let name = |code: &str| {
        plan.unit(code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };
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
        for r in outcome.counted.values() {
            let sha = outcome
                .files
                .iter()
                .find(|f| f.rel == r.rel)
                .map_or("", |f| f.sha256.as_str());
            let old = before_files
                .iter()
                .find(|f| f.ma_don_vi.as_deref() == Some(r.unit.as_str()));
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
    // report arrived) or disappears is a move from or to "no report".
    let mut status_moves = Vec::new();
    if let Some(old) = &previous.tasks {
        let mut now: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
        for r in outcome.counted.values() {
            for t in r.tasks.iter().filter(|t| !t.duplicate) {
                now.entry((t.task.clone(), r.unit.clone()))
                    .or_insert_with(|| {
                        (
                            t.status.map_or("", |s| s.code()).to_string(),
                            t.share.map(share_text).unwrap_or_default(),
                        )
                    });
            }
        }
        let keys: BTreeSet<&(String, String)> = old.keys().chain(now.keys()).collect();
        let none = (NO_REPORT.to_string(), String::new());
        for key in keys {
            let before = old.get(key).unwrap_or(&none);
            let after = now.get(key).unwrap_or(&none);
            let share_moved = before.1.parse::<f64>().ok() != after.1.parse::<f64>().ok();
            if before.0 != after.0 || share_moved {
                let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
                status_moves.push(Move {
                    task: key.0.clone(),
                    unit: key.1.clone(),
                    unit_name: name(&key.1),
                    before: before.0.clone(),
                    after: after.0.clone(),
                    share_before: opt(&before.1),
                    share_after: opt(&after.1),
                });
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

/// The columns of `thay-doi.csv`.
pub const THAY_DOI_COLUMNS: [&str; 8] = [
    "loai",
    "ma_don_vi",
    "ten_don_vi",
    "ma_muc",
    "ma_loi",
    "truoc",
    "sau",
    "ghi_chu",
];

/// `thay-doi.csv`: the changes one line each (kinds `bao_cao_moi`,
/// `thay_the`, `don_vi_moi_tinh`, `don_vi_khong_con_tinh`, `gia_tri`,
/// `tinh_trang`, `loi_da_sua`, `loi_moi`); only the header when nothing
/// changed.
pub fn thay_doi_csv(ch: &Changes) -> Vec<u8> {
    use super::Field;
    let t = |s: &str| Field::from(s);
    let o = |s: &Option<String>| s.as_deref().map_or(Field::Empty, Field::from);
    let mut rows: Vec<Vec<Field>> = Vec::new();
    for r in &ch.new_reports {
        let kind = if r.tep_cu.is_some() {
            "thay_the"
        } else {
            "bao_cao_moi"
        };
        let note = match (&r.ngay_cu, &r.ngay_moi) {
            (a, b) if a.is_some() || b.is_some() => format!(
                "{} → {}",
                a.as_deref().unwrap_or(""),
                b.as_deref().unwrap_or("")
            ),
            _ => String::new(),
        };
        rows.push(vec![
            t(kind),
            t(&r.unit.ma_don_vi),
            t(&r.unit.ten_don_vi),
            Field::Empty,
            Field::Empty,
            o(&r.tep_cu),
            t(&r.tep_moi),
            t(&note),
        ]);
    }
    for (kind, units) in [
        ("don_vi_moi_tinh", &ch.newly_counted),
        ("don_vi_khong_con_tinh", &ch.no_longer_counted),
    ] {
        for u in units {
            rows.push(vec![
                t(kind),
                t(&u.ma_don_vi),
                t(&u.ten_don_vi),
                Field::Empty,
                Field::Empty,
                Field::Empty,
                Field::Empty,
                Field::Empty,
            ]);
        }
    }
    for v in &ch.values {
        rows.push(vec![
            t("gia_tri"),
            Field::Empty,
            Field::Empty,
            t(&v.ma_chi_tieu),
            Field::Empty,
            Field::from(v.truoc),
            Field::from(v.sau),
            t(&v.don_vi.join("; ")),
        ]);
    }
    for m in &ch.status_moves {
        let with_share = |s: &str, share: &Option<String>| match share {
            Some(x) => format!("{s} ({x}%)"),
            None => s.to_string(),
        };
        rows.push(vec![
            t("tinh_trang"),
            t(&m.unit),
            t(&m.unit_name),
            t(&m.task),
            Field::Empty,
            t(&with_share(&m.before, &m.share_before)),
            t(&with_share(&m.after, &m.share_after)),
            Field::Empty,
        ]);
    }
    for (kind, list) in [("loi_da_sua", &ch.resolved), ("loi_moi", &ch.new_findings)] {
        for f in list {
            rows.push(vec![
                t(kind),
                t(&f.ma_don_vi),
                t(&f.ten_don_vi),
                t(&f.ma_muc),
                t(&f.ma_loi),
                Field::Empty,
                Field::Empty,
                t(&f.thong_bao),
            ]);
        }
    }
    super::csv_bytes(&THAY_DOI_COLUMNS, rows)
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
                ngay_bao_cao: f.report_date.map(|d| d.format("%Y-%m-%d").to_string()),
            })
            .collect(),
        khong_su_dung_duoc: outcome.unusable.clone(),
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
        let (d, plan) = fx::plan();
        let before = fx::outcome();
        let c_before = crate::consolidate::consolidate(&plan, fx::period(), &before, None);
        let run = RunInfo {
            plan: &plan,
            plan_sha256: String::new(),
            period: fx::period(),
            date: chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
        };
        // The previous set on disk, as a run leaves it.
        let dir = d.path().join("out");
        std::fs::create_dir_all(dir.join("du-lieu")).unwrap();
        let m = manifest(&run, &before, &BTreeMap::new(), None);
        std::fs::write(dir.join("manifest.json"), manifest_json(&m)).unwrap();
        std::fs::write(
            dir.join("kiem-tra.csv"),
            crate::write::feedback::kiem_tra_csv(&before.findings),
        )
        .unwrap();
        std::fs::write(
            dir.join("du-lieu/nhiem-vu.csv"),
            crate::write::data::nhiem_vu_csv(&before),
        )
        .unwrap();
        std::fs::write(
            dir.join("du-lieu/chi-tieu.csv"),
            crate::write::data::chi_tieu_csv(&before, &c_before),
        )
        .unwrap();
        let previous = Previous::read(&dir);
        assert!(previous.exists());

        // Nothing changed: nothing to say.
        let same = changes(&plan, &previous, &before, &c_before, "lich-su/1".into());
        assert!(same.is_empty(), "{same:?}");
        assert_eq!(
            thay_doi_csv(&same).iter().filter(|b| **b == b'\n').count(),
            1
        );

        // The rerun: QLC now counted, STP fixed its share, SCT finished NV2
        // and resent under another name with a changed CT1.
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
            sct.rel = "a/sct-moi.xlsx".into();
            if let Some(i) = sct.indicators.first_mut() {
                i.value = i.value.map(|v| v + 10.0);
            }
        }
        after.findings.push(
            crate::validate::Finding::new(crate::validate::Rule::T07, "Kết quả trống")
                .unit("QLC")
                .file("qlc.xlsx")
                .sheet("Nhiệm vụ")
                .cell(crate::validate::Cell::new(4, 6)),
        );
        let c_after = crate::consolidate::consolidate(&plan, fx::period(), &after, None);
        let c = changes(&plan, &previous, &after, &c_after, "lich-su/1".into());
        assert_eq!(c.previous_set, "lich-su/1");
        assert_eq!(c.newly_counted.len(), 1);
        assert_eq!(c.newly_counted[0].ma_don_vi, "QLC");
        assert!(c.no_longer_counted.is_empty());
        let units = |v: &[NewReport]| {
            v.iter()
                .map(|r| (r.unit.ma_don_vi.clone(), r.tep_cu.is_some()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            units(&c.new_reports),
            [("QLC".to_string(), false), ("SCT".to_string(), true)]
        );
        let sct = &c.new_reports[1];
        assert_eq!(sct.tep_moi, "a/sct-moi.xlsx");
        assert_eq!(sct.ngay_cu.as_deref(), Some("2020-06-10"));
        let codes = |v: &[FindingRef]| v.iter().map(|f| f.ma_loi.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&c.resolved), ["R01", "T05"]);
        assert_eq!(codes(&c.new_findings), ["T07"]);
        assert_eq!(c.new_findings[0].ma_muc, "NV3");
        // SCT's first indicator moved the total, and SCT is named.
        assert!(!c.values.is_empty(), "{c:?}");
        assert!(c.values[0]
            .don_vi
            .iter()
            .any(|u| u == &plan.unit("SCT").unwrap().name));
        assert_ne!(c.values[0].truoc, c.values[0].sau);
        // SCT finished NV2; QLC's late report brought NV3 from "no report".
        let moves: Vec<(&str, &str, &str, &str)> = c
            .status_moves
            .iter()
            .map(|m| {
                (
                    m.task.as_str(),
                    m.unit.as_str(),
                    m.before.as_str(),
                    m.after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            moves,
            [
                ("NV2", "SCT", "dang_thuc_hien", "hoan_thanh"),
                ("NV3", "QLC", NO_REPORT, "hoan_thanh")
            ]
        );
        let csv = String::from_utf8(thay_doi_csv(&c)).unwrap();
        assert!(csv.contains("thay_the,SCT,"), "{csv}");
        assert!(csv.contains("loi_moi,QLC,"), "{csv}");
        assert!(csv.contains("gia_tri,,,"), "{csv}");
    }
}
