//! Unit tests of consolidation, and a hand-made plan and outcome that the
//! writers' tests reuse.

use super::*;
use crate::plan::Role;
use crate::read::values::Status;
use crate::read::ReportInfo;
use crate::validate::{Cell, FileOutcome, Finding, IndicatorEntry, Rule};
use crate::validate::{CountedReport, FileStatus, Outcome, TaskEntry};
use chrono::NaiveDate;

/// A plan with two leads on one task and one indicator of each method.
pub(crate) fn plan() -> (tempfile::TempDir, Plan) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    std::fs::write(
        p.join("ke-hoach.csv"),
        "khoa,gia_tri\nma,vd\nten,Kế hoạch ví dụ về hội nhập\nso_hieu,12/QĐ-UBND\nngay_ban_hanh,2019-01-02\n\
         co_quan_ban_hanh,Ủy ban nhân dân thành phố Hải Phòng\nco_quan_tong_hop,SCT\n\
         noi_nhan,Ủy ban nhân dân thành phố\nhan_bao_cao_6_thang,06-15\nhan_bao_cao_nam,12-15\n\
         tu_nam,2019\nden_nam,2021\n",
    )
    .expect("write");
    std::fs::write(
        p.join("don-vi.csv"),
        "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n\
         SCT,Sở Công Thương,so,,,,\n\
         STP,Sở Tư pháp,so,,,,\n\
         SKHDT,Sở Kế hoạch và Đầu tư,so,,,,\n\
         QHB,Ủy ban nhân dân quận Hồng Bàng,quan,,,,\n\
         QLC,Ủy ban nhân dân quận Lê Chân,quan,,,,\n",
    )
    .expect("write");
    std::fs::write(
        p.join("nhiem-vu.csv"),
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\n\
         NV1,I. Tuyên truyền,Tuyên truyền kế hoạch,SCT;STP,QHB,thuong_xuyen,\n\
         NV2,I. Tuyên truyền,Rà soát văn bản,STP,SCT,2019-12-31,\n\
         NV3,II. Thể chế,Xây dựng đề án,QLC,SCT,2020-12-31,\n\
         NV4,II. Thể chế,Đào tạo cán bộ,SKHDT,,thuong_xuyen,\n",
    )
    .expect("write");
    std::fs::write(
        p.join("chi-tieu.csv"),
        "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
         CT1,Số lớp tập huấn,lớp,tong,SCT;STP;QHB,20,tang\n\
         CT2,Kim ngạch xuất khẩu,triệu USD,rieng,STP;SCT,,tang\n\
         CT3,Tỷ lệ hài lòng,%,trung_binh,SCT;STP,,tang\n\
         CT4,Số quốc gia,quốc gia,lon_nhat,SCT;STP;QHB,,tang\n\
         CT5,Vốn FDI,triệu USD,tong,SKHDT,100,tang\n\
         CT6,Số doanh nghiệp,doanh nghiệp,rieng,QLC;SCT,,tang\n",
    )
    .expect("write");
    let plan = crate::plan::load(p).expect("plan");
    (dir, plan)
}

pub(crate) fn task(code: &str, status: Option<Status>, share: Option<f64>, row: u32) -> TaskEntry {
    TaskEntry {
        task: code.into(),
        role: None,
        status,
        share,
        result: format!("Kết quả {code} dòng {}", row + 1),
        difficulty: String::new(),
        proposal: String::new(),
        row,
        has_error: false,
        duplicate: false,
    }
}

pub(crate) fn ind(
    code: &str,
    value: Option<f64>,
    previous: Option<f64>,
    row: u32,
) -> IndicatorEntry {
    IndicatorEntry {
        indicator: code.into(),
        value,
        previous,
        measure: String::new(),
        row,
        has_error: false,
        duplicate: false,
        mark: None,
    }
}

pub(crate) fn report(
    unit: &str,
    rel: &str,
    tasks: Vec<TaskEntry>,
    indicators: Vec<IndicatorEntry>,
) -> CountedReport {
    CountedReport {
        unit: unit.into(),
        sent_as: None,
        rel: rel.into(),
        report_date: NaiveDate::from_ymd_opt(2020, 6, 10),
        late: false,
        info: ReportInfo::default(),
        tasks,
        indicators,
        task_sheet: Some("Nhiệm vụ".into()),
        indicator_sheet: Some("Chỉ tiêu".into()),
    }
}

fn file(rel: &str, unit: Option<&str>, status: FileStatus, rule: Option<Rule>) -> FileOutcome {
    FileOutcome {
        rel: rel.into(),
        size: 100,
        sha256: "ab".repeat(32),
        unit: unit.map(str::to_string),
        status,
        rule,
        report_date: NaiveDate::from_ymd_opt(2020, 6, 10),
        late: false,
        sent_by: None,
    }
}

/// Three counted reports (SCT, STP late, QHB), one superseded and one
/// excluded file, QLC and SKHDT missing.
pub(crate) fn outcome() -> Outcome {
    use Status::*;
    let mut sct_tasks = vec![
        task("NV1", Some(Done), Some(100.0), 5),
        task("NV2", Some(InProgress), Some(50.0), 6),
        task("NV3", Some(InProgress), Some(30.0), 7),
        task("NV2", Some(Done), Some(100.0), 8),
    ];
    sct_tasks[3].duplicate = true;
    sct_tasks[1].difficulty = "Thiếu kinh phí".into();
    sct_tasks[1].proposal = "=Bổ sung kinh phí".into();
    let mut stp_tasks = vec![
        task("NV1", Some(InProgress), Some(60.0), 4),
        task("NV2", Some(InProgress), Some(80.0), 5),
    ];
    stp_tasks[1].has_error = true;
    let qhb_tasks = vec![task("NV1", Some(Ongoing), None, 4)];
    let mut stp_ind = vec![
        ind("CT1", Some(3.0), Some(2.0), 3),
        ind("CT2", Some(5.0), Some(4.0), 4),
        ind("CT3", Some(4.0), None, 5),
        ind("CT4", Some(9.0), None, 6),
    ];
    stp_ind[0].has_error = true;
    let mut sct_ind = vec![
        ind("CT1", Some(10.0), Some(8.0), 3),
        ind("CT2", Some(7.0), None, 4),
        ind("CT3", Some(2.0), None, 5),
        ind("CT4", Some(1.0), None, 6),
        ind("CT6", Some(11.0), None, 7),
        ind("CT1", Some(99.0), None, 8),
    ];
    sct_ind[5].duplicate = true;
    let qhb_ind = vec![
        ind("CT1", Some(1.5), None, 3),
        ind("CT4", Some(3.0), None, 4),
    ];
    let mut stp = report("STP", "b/stp.xlsx", stp_tasks, stp_ind);
    stp.late = true;
    let mut counted = BTreeMap::new();
    counted.insert(
        "SCT".into(),
        report("SCT", "a/sct.xlsx", sct_tasks, sct_ind),
    );
    counted.insert("STP".into(), stp);
    counted.insert("QHB".into(), report("QHB", "qhb.xlsx", qhb_tasks, qhb_ind));
    let findings = vec![
        Finding::new(Rule::T05, "Ô F6: tỷ lệ '80' sai")
            .unit("STP")
            .file("b/stp.xlsx")
            .sheet("Nhiệm vụ")
            .cell(Cell::new(5, 1)),
        Finding::new(Rule::I02, "Ô E4: giá trị '3' không phải là số")
            .unit("STP")
            .file("b/stp.xlsx")
            .sheet("Chỉ tiêu")
            .cell(Cell::new(3, 1)),
        Finding::new(Rule::F06, "Đã có báo cáo mới hơn")
            .unit("SCT")
            .file("a/sct-old.xlsx"),
        Finding::new(Rule::F05, "Kỳ báo cáo '2019' sai")
            .unit("SKHDT")
            .file("skhdt.xlsx"),
        Finding::new(Rule::R01, "Đơn vị 'QLC' chưa gửi báo cáo").unit("QLC"),
    ];
    let files = vec![
        file(
            "a/sct-old.xlsx",
            Some("SCT"),
            FileStatus::Superseded,
            Some(Rule::F06),
        ),
        file("a/sct.xlsx", Some("SCT"), FileStatus::Counted, None),
        file("b/stp.xlsx", Some("STP"), FileStatus::Counted, None),
        file("qhb.xlsx", Some("QHB"), FileStatus::Counted, None),
        file(
            "skhdt.xlsx",
            Some("SKHDT"),
            FileStatus::Excluded,
            Some(Rule::F05),
        ),
        file("Thumbs.db", None, FileStatus::Skipped, Some(Rule::F11)),
    ];
    let mut findings = findings;
    findings.sort();
    Outcome {
        findings,
        files,
        counted,
        expected: ["SCT", "STP", "SKHDT", "QHB", "QLC"]
            .map(String::from)
            .to_vec(),
        missing: ["SKHDT", "QLC"].map(String::from).to_vec(),
        unusable: Vec::new(),
    }
}

pub(crate) fn period() -> Period {
    Period::first_half(2020)
}

fn line<'a>(c: &'a Consolidated<'_>, code: &str) -> &'a TaskLine<'a> {
    c.sections
        .iter()
        .flat_map(|s| &s.tasks)
        .find(|t| t.code == code)
        .expect("task")
}

fn indicator<'a>(c: &'a Consolidated, code: &str) -> &'a IndicatorLine {
    c.indicators
        .iter()
        .find(|i| i.code == code)
        .expect("indicator")
}

#[test]
fn several_leads_take_the_least_advanced() {
    let (_d, plan) = plan();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, None);
    let nv1 = line(&c, "NV1");
    assert_eq!(nv1.leads, ["SCT", "STP"]);
    assert_eq!(nv1.state, TaskState::Status(Status::InProgress));
    assert_eq!(nv1.share, Some(60.0));
    assert!(!nv1.overdue, "ongoing tasks are never overdue");
    // Leads first, then the coordinator.
    let who: Vec<_> = nv1.results.iter().map(|r| (r.unit, r.role)).collect();
    assert_eq!(
        who,
        [
            ("SCT", Role::Lead),
            ("STP", Role::Lead),
            ("QHB", Role::Coordinator)
        ]
    );
    assert!(nv1.owing.is_empty());
}

#[test]
fn duplicate_rows_are_not_used_and_errors_are_kept() {
    let (_d, plan) = plan();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, None);
    let nv2 = line(&c, "NV2");
    assert_eq!(nv2.state, TaskState::Status(Status::InProgress));
    assert_eq!(nv2.share, Some(80.0));
    // SCT's second NV2 row (Hoàn thành) is a duplicate: its first row counts.
    let sct = nv2.results.iter().find(|r| r.unit == "SCT").expect("SCT");
    assert_eq!(sct.status, Some(Status::InProgress));
    assert_eq!(sct.row, 6);
    // The deadline 2019-12-31 is before the cut-off end and not done.
    assert!(nv2.overdue);
    assert_eq!(nv2.status_errors.len(), 1);
    assert!(nv2.status_errors[0].starts_with("T05: "));
}

#[test]
fn tasks_without_lead_or_reports() {
    let (_d, plan) = plan();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, None);
    let nv3 = line(&c, "NV3");
    assert_eq!(nv3.state, TaskState::NoLead);
    assert_eq!(nv3.owing, ["QLC"]);
    assert!(!nv3.overdue, "deadline 2020-12-31 is after the cut-off");
    let nv4 = line(&c, "NV4");
    assert_eq!(nv4.state, TaskState::Unreported);
    assert!(!nv4.reported());
    assert_eq!(nv4.owing, ["SKHDT"]);
    assert_eq!(c.sections.len(), 2);
    assert_eq!(c.sections[0].title, "I. Tuyên truyền");
    assert_eq!(c.sections[1].counts.unreported, 2);
    assert_eq!(c.counts.total, 4);
    assert_eq!(c.counts.in_progress, 2);
    assert_eq!(c.counts.overdue, 1);
    assert_eq!(c.counts.share(2), Some(50.0));
}

#[test]
fn indicator_methods() {
    let (_d, plan) = plan();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, None);
    // tong: 10 + 3 + 1.5; SCT's duplicate 99 is not used.
    let ct1 = indicator(&c, "CT1");
    assert_eq!(ct1.total, Some(14.5));
    assert!(ct1.total_marked, "STP's row has an error");
    assert_eq!(ct1.target_share, Some(72.5));
    assert_eq!(ct1.values["STP"].errors.len(), 1);
    // rieng: the first reporter (STP), never a sum.
    let ct2 = indicator(&c, "CT2");
    assert_eq!(ct2.total, Some(5.0));
    assert_eq!(ct2.source.as_deref(), Some("STP"));
    assert!(ct2.values["STP"].used && !ct2.values["SCT"].used);
    assert_eq!(ct2.previous, Some(4.0));
    assert_eq!(ct2.change, Some(25.0));
    assert_eq!(indicator(&c, "CT3").total, Some(3.0));
    assert_eq!(indicator(&c, "CT4").total, Some(9.0));
    // Nobody reported: empty, not 0.
    let ct5 = indicator(&c, "CT5");
    assert_eq!(ct5.total, None);
    assert_eq!(ct5.target_share, None);
    // rieng whose first reporter is missing: the next one that reported.
    assert_eq!(indicator(&c, "CT6").total, Some(11.0));
    assert_eq!(indicator(&c, "CT6").source.as_deref(), Some("SCT"));
    assert_eq!(c.indicator_units, ["SCT", "STP", "QHB"]);
}

#[test]
fn previous_year_from_reports_then_last_run() {
    let (_d, plan) = plan();
    let last: BTreeMap<String, f64> = [("CT1".into(), 1.0), ("CT3".into(), 2.0)].into();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, Some(&last));
    let ct1 = indicator(&c, "CT1");
    assert_eq!(ct1.previous, Some(10.0), "8 + 2 from the reports");
    assert_eq!(ct1.previous_source, Some(PreviousSource::Reports));
    let ct3 = indicator(&c, "CT3");
    assert_eq!(ct3.previous, Some(2.0));
    assert_eq!(ct3.previous_source, Some(PreviousSource::LastRun));
    assert_eq!(ct3.change, Some(50.0));
}

#[test]
fn submission_and_units() {
    let (_d, plan) = plan();
    let outcome_ = outcome();
    let c = consolidate(&plan, period(), &outcome_, None);
    let s = &c.submission;
    assert_eq!(
        (
            s.expected,
            s.sent,
            s.on_time,
            s.late,
            s.missing,
            s.excluded,
            s.superseded,
            s.skipped
        ),
        (5, 3, 2, 1, 2, 1, 1, 1)
    );
    assert_eq!(s.late_units, ["STP"]);
    assert_eq!(s.twice_sent, ["SCT"]);
    assert_eq!((s.errors, s.warnings), (3, 1));
    let states: Vec<_> = c.units.iter().map(|u| (u.code.as_str(), u.state)).collect();
    assert_eq!(
        states,
        [
            ("SCT", UnitState::Counted),
            ("STP", UnitState::Counted),
            ("SKHDT", UnitState::Excluded),
            ("QHB", UnitState::Counted),
            ("QLC", UnitState::Missing)
        ]
    );
    assert_eq!(c.units[1].errors, 2);
    assert_eq!(c.issues.len(), 1);
    assert_eq!(c.issues[0].task, "NV2");
    assert_eq!(c.issues[0].unit_name, "Sở Công Thương");
}
