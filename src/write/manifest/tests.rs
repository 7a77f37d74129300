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
    let outputs = BTreeMap::from([("kiem-tra.csv".to_string(), sha256_hex(b"x"))]);
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

/// The moves of `c` as (task, unit, before, after).
fn moves_of(c: &Changes) -> Vec<(&str, &str, &str, &str)> {
    c.status_moves
        .iter()
        .map(|m| {
            (
                m.task.as_str(),
                m.unit.as_str(),
                m.before.as_str(),
                m.after.as_str(),
            )
        })
        .collect()
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
    let previous = Previous::read_with(&dir, |_| {});
    assert!(previous.exists());

    // Nothing changed: nothing to say.
    let task_moves = |o| {
        let mut t = TaskMoves::new(&plan, o);
        Previous::read_with(&dir, |r| t.visit(r));
        t
    };
    let same = changes(
        &plan,
        &previous,
        task_moves(&before),
        &before,
        &c_before,
        "lich-su/1".into(),
    );
    assert!(same.is_empty(), "{same:?}");
    assert_eq!(
        thay_doi_csv(&same).iter().filter(|b| **b == b'\n').count(),
        1
    );

    // The rerun: QLC now counted, STP fixed its share, SCT finished NV2
    // and resent under another name with a changed CT1.
    let mut after = before.clone();
    after
        .findings
        .retain(|f| f.rule != crate::validate::Rule::T05 && f.rule != crate::validate::Rule::R01);
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
    let c = changes(
        &plan,
        &previous,
        task_moves(&after),
        &after,
        &c_after,
        "lich-su/1".into(),
    );
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
    let moves = moves_of(&c);
    assert_eq!(
        moves,
        [
            ("NV2", "SCT", "dang_thuc_hien", "hoan_thanh"),
            ("NV3", "QLC", NO_REPORT, "hoan_thanh")
        ]
    );
    assert_eq!(c.status_moves[0].share_before.as_deref(), Some("50"));
    assert_eq!(c.status_moves[0].share_after.as_deref(), Some("50"));

    // A row only the previous run had moves to "no report"; a share that
    // moved alone is a move too; rows before and after every other key are
    // walked.
    // The first row of a task and unit counts: the rows visited before the
    // export's stand for a previous set that had them.
    let mut t = TaskMoves::new(&plan, &after);
    let row = |task, unit, status, share| TaskRow {
        task,
        unit,
        status,
        share,
    };
    t.visit(row("NV0", "SCT", "hoan_thanh", "100"));
    t.visit(row("NV9", "ZZZ", "dang_thuc_hien", "10"));
    t.visit(row("NV2", "SCT", "hoan_thanh", "40"));
    Previous::read_with(&dir, |r| t.visit(r));
    let c = changes(&plan, &previous, t, &after, &c_after, "lich-su/1".into());
    type Seen<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
    let moves: Vec<Seen> = c
        .status_moves
        .iter()
        .map(|m| {
            (
                m.task.as_str(),
                m.unit.as_str(),
                m.after.as_str(),
                m.share_before.as_deref(),
                m.share_after.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("NV0", "SCT", NO_REPORT, Some("100"), None),
            ("NV2", "SCT", "hoan_thanh", Some("40"), Some("50")),
            ("NV3", "QLC", "hoan_thanh", None, None),
            ("NV9", "ZZZ", NO_REPORT, Some("10"), None),
        ]
    );
    let csv = String::from_utf8(thay_doi_csv(&c)).unwrap();
    assert!(csv.contains("thay_the,SCT,"), "{csv}");
    assert!(csv.contains("loi_moi,QLC,"), "{csv}");
    assert!(csv.contains("gia_tri,,,"), "{csv}");
}

#[test]
fn task_moves_take_the_first_row_of_each_task_and_unit_in_any_order() {
    let (_d, plan) = fx::plan();
    let mut o = fx::outcome();
    o.counted.clear();
    let sct = vec![
        fx::task("NV1", Some(Status::Done), Some(100.0), 6),
        fx::task("NV2", Some(Status::InProgress), Some(50.0), 7),
    ];
    let mut dup = fx::task("NV2", Some(Status::Done), Some(100.0), 8);
    dup.duplicate = true;
    let stp = vec![
        fx::task("NV1", Some(Status::InProgress), Some(40.0), 6),
        dup,
    ];
    o.counted
        .insert("SCT".into(), fx::report("SCT", "sct.xlsx", sct, vec![]));
    o.counted
        .insert("STP".into(), fx::report("STP", "stp.xlsx", stp, vec![]));
    let row = |task, unit, status, share| TaskRow {
        task,
        unit,
        status,
        share,
    };
    let mut t = TaskMoves::new(&plan, &o);
    // Units interleaved, as in an export edited by hand.
    t.visit(row("NV2", "SCT", "dang_thuc_hien", "50")); // the same: no move
    t.visit(row("NV1", "STP", "dang_thuc_hien", "30")); // share moved
    t.visit(row("NV1", "SCT", "dang_thuc_hien", "80")); // status moved
    t.visit(row("NV1", "STP", "hoan_thanh", "100")); // a later row: passed over
    t.visit(row("NV2", "STP", "hoan_thanh", "100")); // only a duplicate now: no report
    t.visit(row("NV3", "QHB", "hoan_thanh", "")); // a unit not counted now
    t.visit(row("NV3", "QHB", "dang_thuc_hien", "")); // its later row
    let previous = Previous {
        has_tasks: true,
        ..Previous::default()
    };
    let c_now = crate::consolidate::consolidate(&plan, fx::period(), &o, None);
    let c = changes(&plan, &previous, t, &o, &c_now, "lich-su/1".into());
    let moves = moves_of(&c);
    assert_eq!(
        moves,
        [
            ("NV1", "SCT", "dang_thuc_hien", "hoan_thanh"),
            ("NV1", "STP", "dang_thuc_hien", "dang_thuc_hien"),
            ("NV2", "STP", "hoan_thanh", NO_REPORT),
            ("NV3", "QHB", "hoan_thanh", NO_REPORT),
        ]
    );
    assert_eq!(c.status_moves[1].share_before.as_deref(), Some("30"));
    assert_eq!(c.status_moves[1].share_after.as_deref(), Some("40"));

    // Without a previous task export, no move at all; with an empty one,
    // every row of this run comes from "no report".
    let none = changes(
        &plan,
        &Previous::default(),
        TaskMoves::new(&plan, &o),
        &o,
        &c_now,
        "lich-su/1".into(),
    );
    assert!(none.status_moves.is_empty());
    let all = changes(
        &plan,
        &previous,
        TaskMoves::new(&plan, &o),
        &o,
        &c_now,
        "lich-su/1".into(),
    );
    let keys: Vec<(&str, &str)> = all
        .status_moves
        .iter()
        .map(|m| (m.task.as_str(), m.unit.as_str()))
        .collect();
    assert_eq!(keys, [("NV1", "SCT"), ("NV1", "STP"), ("NV2", "SCT")]);
    assert!(all.status_moves.iter().all(|m| m.before == NO_REPORT));
}
