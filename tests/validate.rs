//! Integration tests of the validation stage: every rule triggered and not
//! triggered on reports built as values, the cross-file decisions, and the
//! feedback outputs. Tests that need the workbook reader are at the end,
//! ignored until it lands.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use tonghop::discover::{Format, InputFile, Skip};
use tonghop::plan::{self, Period, Plan};
use tonghop::read::{
    IndicatorCol, Located, Raw, ReadError, Report, ReportInfo, Row, Table, TaskCol,
};
use tonghop::validate::{
    check_file, finish, Candidate, Context, FileStatus, Finding, Outcome, Rule, Severity,
};
use tonghop::write::feedback::{chua_nop_csv, feedback_xlsx, kiem_tra_csv};

// ---- a small plan -------------------------------------------------------------

/// The plan of these tests: years 2019–2021, due 15/06 and 15/12, SCT
/// consolidates. QHB merged into STP at the end of 2020; SNN exists from 2021.
fn plan() -> Plan {
    let dir = tempfile::tempdir().unwrap();
    plan::write_example(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("don-vi.csv"),
        "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi,email,dien_thoai\n\
         SCT,Sở Công Thương,so,Sở CT;So Cong Thuong,,,,sct@hp.gov.vn,0225 111\n\
         STP,Sở Tư pháp,so,Sở TP,,,,stp@hp.gov.vn,0225 222\n\
         QHB,Ủy ban nhân dân quận Hồng Bàng,quan,Quận Hồng Bàng;Hồng Bàng,,2020-12-31,STP,qhb@hp.gov.vn,\n\
         SNN,Sở Nông nghiệp,so,,2021-01-01,,,,\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("nhiem-vu.csv"),
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\n\
         NV1,I. Tuyên truyền,Tuyên truyền kế hoạch,SCT,STP;QHB,thuong_xuyen,\n\
         NV2,II. Thể chế,Rà soát văn bản,STP,SCT,2019-12-31,\n\
         NV3,II. Thể chế,Cải cách hành chính quận,QHB,,2020-12-31,\n",
    )
    .unwrap();
    plan::load(dir.path()).unwrap()
}

fn h1() -> Period {
    Period::first_half(2020)
}

// ---- reports built as values -----------------------------------------------------

fn t(s: &str) -> Raw {
    if s.is_empty() {
        Raw::Empty
    } else {
        Raw::Text(s.to_string())
    }
}

fn loc(sheet: &str, row: u32, col: u32, value: Raw) -> Located {
    Located {
        sheet: sheet.into(),
        row,
        col,
        value,
    }
}

const INFO: &str = "Thông tin";
const TASKS: &str = "Nhiệm vụ";
const INDICATORS: &str = "Chỉ tiêu";

/// Task table: header on row 3 (0-based 2), columns A–I in form order; data
/// from Excel row 4.
fn task_table(rows: Vec<Row<TaskCol>>) -> Table<TaskCol> {
    use TaskCol::*;
    let cols = [
        Number, Code, Content, Role, Status, Share, Result, Difficulty, Proposal,
    ];
    Table {
        sheet: TASKS.into(),
        header_row: 2,
        columns: cols
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u32))
            .collect(),
        rows,
    }
}

/// A task row on Excel row `excel_row`.
fn task(excel_row: u32, code: &str, status: &str, share: Raw, result: &str) -> Row<TaskCol> {
    let mut cells = BTreeMap::new();
    cells.insert(TaskCol::Code, t(code));
    cells.insert(TaskCol::Status, t(status));
    cells.insert(TaskCol::Share, share);
    cells.insert(TaskCol::Result, t(result));
    Row {
        row: excel_row - 1,
        cells,
    }
}

/// Indicator table: header on row 2, columns A–G in form order.
fn indicator_table(rows: Vec<Row<IndicatorCol>>) -> Table<IndicatorCol> {
    use IndicatorCol::*;
    let cols = [Code, Name, Measure, Value, PreviousYear, Note];
    Table {
        sheet: INDICATORS.into(),
        header_row: 1,
        // A is "STT": the code is in B.
        columns: cols
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u32 + 1))
            .collect(),
        rows,
    }
}

fn indicator(
    excel_row: u32,
    code: &str,
    measure: &str,
    value: Raw,
    previous: Raw,
) -> Row<IndicatorCol> {
    let mut cells = BTreeMap::new();
    cells.insert(IndicatorCol::Code, t(code));
    cells.insert(IndicatorCol::Measure, t(measure));
    cells.insert(IndicatorCol::Value, value);
    cells.insert(IndicatorCol::PreviousYear, previous);
    Row {
        row: excel_row - 1,
        cells,
    }
}

fn info(code: &str, name: &str, period: Raw, date: Raw) -> ReportInfo {
    let some = |row, v: Raw| (!v.is_empty()).then(|| loc(INFO, row, 1, v));
    ReportInfo {
        sheet: Some(INFO.into()),
        unit_code: some(0, t(code)),
        unit_name: some(1, t(name)),
        period: some(3, period),
        report_date: some(4, date),
        ..ReportInfo::default()
    }
}

/// A clean report of SCT for 2020-H1: SCT leads NV1 (ongoing) and
/// coordinates NV2 (deadline 2019-12-31, done); it reports CT1 and CT2.
fn clean() -> Report {
    Report {
        sheets: vec![INFO.into(), TASKS.into(), INDICATORS.into()],
        info: info(
            "SCT",
            "Sở Công Thương",
            t("6 tháng đầu năm 2020"),
            t("10/06/2020"),
        ),
        titles: vec![],
        tasks: Some(task_table(vec![
            task(4, "NV1", "Thường xuyên", Raw::Empty, "Đã tuyên truyền"),
            task(5, "NV2", "Hoàn thành", Raw::Number(100.0), "Đã rà soát"),
        ])),
        indicators: Some(indicator_table(vec![
            indicator(3, "CT1", "lớp", Raw::Number(5.0), Raw::Number(4.0)),
            indicator(4, "CT2", "triệu USD", Raw::Number(100.0), Raw::Number(90.0)),
        ])),
        legacy: None,
        sheet_choices: Vec::new(),
    }
}

fn input(rel: &str) -> InputFile {
    InputFile {
        path: PathBuf::from(rel),
        rel: rel.into(),
        size: 1000,
        modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_590_000_000)),
        kind: Ok(Format::Xlsx),
    }
}

fn check_in(period: Period, ctx: &Context, rel: &str, r: Report) -> Candidate {
    check_file(&plan(), period, ctx, &input(rel), "ab".into(), Some(Ok(r)))
}

fn check(r: Report) -> Candidate {
    check_in(h1(), &Context::default(), "bc.xlsx", r)
}

/// (rule, unit, cell) of each finding.
fn found(c: &Candidate) -> Vec<(String, Option<String>, Option<String>)> {
    summary(&c.findings)
}

fn summary(fs: &[Finding]) -> Vec<(String, Option<String>, Option<String>)> {
    fs.iter()
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.unit.clone(),
                f.cell.map(|c| c.to_string()),
            )
        })
        .collect()
}

fn one(
    rule: &str,
    unit: Option<&str>,
    cell: Option<&str>,
) -> Vec<(String, Option<String>, Option<String>)> {
    vec![(rule.into(), unit.map(Into::into), cell.map(Into::into))]
}

fn sct(rule: &str, cell: Option<&str>) -> Vec<(String, Option<String>, Option<String>)> {
    one(rule, Some("SCT"), cell)
}

fn the(c: &Candidate, rule: Rule) -> &Finding {
    c.findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:#?}", c.findings))
}

fn tasks_mut(r: &mut Report) -> &mut Vec<Row<TaskCol>> {
    &mut r.tasks.as_mut().unwrap().rows
}

fn inds_mut(r: &mut Report) -> &mut Vec<Row<IndicatorCol>> {
    &mut r.indicators.as_mut().unwrap().rows
}

// ---- the clean report ------------------------------------------------------------------

#[test]
fn clean_report_has_no_finding_and_counts() {
    let c = check(clean());
    assert_eq!(found(&c), vec![]);
    assert_eq!(c.outcome.status, FileStatus::Counted);
    assert_eq!(c.outcome.unit.as_deref(), Some("SCT"));
    let r = c.report.unwrap();
    assert_eq!(r.unit, "SCT");
    assert_eq!(r.sent_as, None);
    assert_eq!(r.report_date, NaiveDate::from_ymd_opt(2020, 6, 10));
    assert_eq!(r.tasks.len(), 2);
    assert_eq!(r.tasks[0].role, Some(tonghop::plan::Role::Lead));
    assert_eq!(r.tasks[1].role, Some(tonghop::plan::Role::Coordinator));
    assert_eq!(r.tasks[1].share, Some(100.0));
    assert_eq!(r.tasks[1].row, 4);
    assert!(!r.tasks[1].has_error);
    assert_eq!(r.indicators[0].value, Some(5.0));
    assert_eq!(r.indicators[0].previous, Some(4.0));
    assert_eq!(r.task_sheet.as_deref(), Some(TASKS));
}

// ---- file rules --------------------------------------------------------------------------

#[test]
fn f11_skipped_file_has_no_unit() {
    let mut i = input("~$bc.xlsx");
    i.kind = Err(Skip::LockFile);
    let c = check_file(&plan(), h1(), &Context::default(), &i, String::new(), None);
    assert_eq!(found(&c), one("F11", None, None));
    assert_eq!(c.outcome.status, FileStatus::Skipped);
    assert_eq!(c.outcome.rule, Some(Rule::F11));
    assert!(c.report.is_none());
    // A readable file is not F11.
    assert!(check(clean()).findings.iter().all(|f| f.rule != Rule::F11));
}

#[test]
fn f01_unreadable_and_encrypted() {
    for e in [
        ReadError::Corrupt {
            format: "xlsx",
            source: None,
        },
        ReadError::Encrypted,
    ] {
        let c = check_file(
            &plan(),
            h1(),
            &Context::default(),
            &input("x.xlsx"),
            String::new(),
            Some(Err(e)),
        );
        assert_eq!(found(&c), one("F01", None, None));
        assert_eq!(c.outcome.status, FileStatus::Excluded);
        assert_eq!(c.outcome.rule, Some(Rule::F01));
        assert_eq!(c.findings[0].file.as_deref(), Some("x.xlsx"));
    }
    assert!(check(clean()).findings.is_empty());
}

#[test]
fn f12_limit_names_the_sheet() {
    let e = ReadError::SheetTooBig {
        sheet: Some("Nhiệm vụ".into()),
        rows: 60_000,
        cols: 4,
        max_rows: 50_000,
        max_cols: 1_000,
        declared: false,
    };
    let c = check_file(
        &plan(),
        h1(),
        &Context::default(),
        &input("x.xlsx"),
        String::new(),
        Some(Err(e)),
    );
    assert_eq!(found(&c), one("F12", None, None));
    assert_eq!(c.findings[0].sheet.as_deref(), Some("Nhiệm vụ"));
    assert!(c.findings[0].message.contains("60000"));
    assert_eq!(c.outcome.status, FileStatus::Excluded);
}

#[test]
fn f02_no_table_names_the_unit_when_known() {
    let mut r = clean();
    r.tasks = None;
    r.indicators = None;
    r.sheets = vec!["Sheet1".into()];
    let c = check(r);
    assert_eq!(found(&c), sct("F02", None));
    assert!(c.findings[0].message.contains("'Sheet1'"));
    assert_eq!(c.outcome.status, FileStatus::Excluded);
    assert_eq!(c.outcome.rule, Some(Rule::F02));
    // One table is enough: no F02 (the missing tasks are T03).
    let mut r = clean();
    r.tasks = None;
    let c = check(r);
    assert!(c.findings.iter().all(|f| f.rule != Rule::F02));
    assert_eq!(c.outcome.status, FileStatus::Counted);
}

#[test]
fn f03_no_unit_anywhere() {
    let mut r = clean();
    r.info = info("", "", t("6 tháng đầu năm 2020"), t("10/06/2020"));
    let c = check_in(
        h1(),
        &Context::default(),
        "tai ve/Bao cao ket qua (4).xlsx",
        r.clone(),
    );
    assert_eq!(found(&c), one("F03", None, None));
    assert_eq!(c.outcome.status, FileStatus::Excluded);
    assert_eq!(c.outcome.unit, None);
    // Titles that name the consolidator and one other unit: the other one.
    let mut r2 = r.clone();
    r2.titles = vec![
        "Kính gửi: Sở Công Thương".into(),
        "BÁO CÁO CỦA SỞ TƯ PHÁP".into(),
    ];
    let c = check_in(h1(), &Context::default(), "x.xlsx", r2);
    assert_eq!(c.outcome.unit.as_deref(), Some("STP"));
    // The file name, then the nearest folder.
    let c = check_in(
        h1(),
        &Context::default(),
        "a/Báo cáo Sở Tư pháp 6 tháng.xlsx",
        r.clone(),
    );
    assert_eq!(c.outcome.unit.as_deref(), Some("STP"));
    let c = check_in(
        h1(),
        &Context::default(),
        "Sở Tư pháp/Ủy ban nhân dân quận Hồng Bàng/bc.xlsx",
        r.clone(),
    );
    assert_eq!(c.outcome.unit.as_deref(), Some("QHB"));
    // Titles alone, the consolidator itself.
    let mut r3 = r;
    r3.titles = vec!["SỞ CÔNG THƯƠNG HẢI PHÒNG".into()];
    let c = check_in(h1(), &Context::default(), "Copy of Bieu mau.xlsx", r3);
    assert_eq!(c.outcome.unit.as_deref(), Some("SCT"));
}

#[test]
fn f03_two_units_in_the_file_name_is_ambiguous() {
    let mut r = clean();
    r.info = info("", "", t("6 tháng đầu năm 2020"), t("10/06/2020"));
    let c = check_in(
        h1(),
        &Context::default(),
        "Sở Tư pháp - Quận Hồng Bàng.xlsx",
        r,
    );
    assert_eq!(found(&c), one("F03", None, None));
    assert!(c.findings[0].message.contains("STP") && c.findings[0].message.contains("QHB"));
}

#[test]
fn unit_by_name_or_alias_when_code_is_empty() {
    let mut r = clean();
    r.info = info(
        "",
        "so cong thuong",
        t("6 tháng đầu năm 2020"),
        t("10/06/2020"),
    );
    let c = check(r);
    assert_eq!(found(&c), vec![]);
    assert_eq!(c.outcome.unit.as_deref(), Some("SCT"));
}

#[test]
fn f04_code_not_in_the_plan() {
    let mut r = clean();
    r.info = info("SDTTG", "", t("6 tháng đầu năm 2020"), t("10/06/2020"));
    // Even with a unit in the file name: the info sheet said who it is.
    let c = check_in(h1(), &Context::default(), "Sở Tư pháp.xlsx", r);
    assert_eq!(found(&c), one("F04", Some("SDTTG"), None));
    assert!(c.findings[0].message.contains("'SDTTG'"));
    assert_eq!(c.outcome.status, FileStatus::Excluded);
    assert_eq!(c.outcome.rule, Some(Rule::F04));
}

#[test]
fn f04_unknown_name_unless_the_path_names_a_unit() {
    let mut r = clean();
    r.info = info(
        "",
        "Sở Dân tộc và Tôn giáo",
        t("6 tháng đầu năm 2020"),
        t("10/06/2020"),
    );
    let c = check_in(h1(), &Context::default(), "Zalo/bc.xlsx", r.clone());
    assert_eq!(found(&c), one("F04", None, None));
    assert!(c.findings[0].message.contains("'Sở Dân tộc và Tôn giáo'"));
    // A misspelt name with the unit in the file name: recovered.
    r.info = info(
        "",
        "Sở Công Thươngg",
        t("6 tháng đầu năm 2020"),
        t("10/06/2020"),
    );
    let c = check_in(h1(), &Context::default(), "BC SCT 6T2020.xlsx", r);
    assert_eq!(found(&c), vec![]);
    assert_eq!(c.outcome.unit.as_deref(), Some("SCT"));
}

#[test]
fn f04_unit_not_in_force_without_successor() {
    let mut r = clean();
    r.info = info(
        "SNN",
        "Sở Nông nghiệp",
        t("6 tháng đầu năm 2020"),
        t("10/06/2020"),
    );
    let c = check(r.clone());
    assert_eq!(found(&c), one("F04", Some("SNN"), None));
    // In force in 2021: not F04.
    r.info = info("SNN", "Sở Nông nghiệp", t("2021-H1"), t("10/06/2021"));
    let c = check_in(Period::first_half(2021), &Context::default(), "bc.xlsx", r);
    assert!(
        c.findings.iter().all(|f| f.rule != Rule::F04),
        "{:#?}",
        c.findings
    );
    assert_eq!(c.outcome.unit.as_deref(), Some("SNN"));
}

#[test]
fn f10_merged_unit_is_credited_to_its_successor() {
    let p2021 = Period::first_half(2021);
    let r = Report {
        info: info(
            "QHB",
            "Ủy ban nhân dân quận Hồng Bàng",
            t("6T/2021"),
            t("01/06/2021"),
        ),
        tasks: Some(task_table(vec![
            task(4, "NV1", "Thường xuyên", Raw::Empty, "Đã làm"),
            task(5, "NV2", "Hoàn thành", Raw::Number(1.0), "Đã làm"),
        ])),
        indicators: Some(indicator_table(vec![indicator(
            3,
            "CT1",
            "lớp",
            Raw::Number(3.0),
            Raw::Empty,
        )])),
        ..clean()
    };
    let c = check_in(p2021, &Context::default(), "qhb.xlsx", r);
    let f10 = the(&c, Rule::F10);
    assert_eq!(f10.unit.as_deref(), Some("STP"));
    assert_eq!(f10.cell, None);
    assert_eq!(f10.severity, Severity::Warning);
    assert!(
        f10.message.contains("QHB") && f10.message.contains("STP"),
        "{}",
        f10.message
    );
    assert!(
        f10.message.contains("Ủy ban nhân dân quận Hồng Bàng")
            && f10.message.contains("Sở Tư pháp")
    );
    let rep = c.report.as_ref().unwrap();
    assert_eq!(rep.unit, "STP");
    assert_eq!(rep.sent_as.as_deref(), Some("QHB"));
    assert_eq!(c.outcome.unit.as_deref(), Some("STP"));
    // Every finding is the successor's; STP inherits QHB's lead of NV3 (T03,
    // an error) and leads NV2.
    assert!(c.findings.iter().all(|f| f.unit.as_deref() == Some("STP")));
    let t03 = c.findings.iter().find(|f| f.rule == Rule::T03).unwrap();
    assert!(t03.message.contains("NV3"));
    assert_eq!(t03.severity, Severity::Error);
    assert_eq!(rep.tasks[1].role, Some(tonghop::plan::Role::Lead));
    // In 2020 QHB is still in force: no F10.
    let mut r = clean();
    r.info = info("QHB", "", t("6 tháng đầu năm 2020"), t("10/06/2020"));
    let c = check(r);
    assert!(c.findings.iter().all(|f| f.rule != Rule::F10));
    assert_eq!(c.outcome.unit.as_deref(), Some("QHB"));
}

#[test]
fn f06_between_a_merged_unit_and_its_successor_explains_the_merger() {
    let p2021 = Period::first_half(2021);
    let mut old = clean();
    old.info = info("QHB", "", t("6T/2021"), t("01/06/2021"));
    let mut new = clean();
    new.info = info("STP", "", t("6T/2021"), t("05/06/2021"));
    let ctx = Context::default();
    let o = finish(
        &plan(),
        p2021,
        vec![
            check_in(p2021, &ctx, "qhb.xlsx", old),
            check_in(p2021, &ctx, "stp.xlsx", new),
        ],
    );
    assert_eq!(o.counted["STP"].rel, "stp.xlsx");
    let f06 = o.findings.iter().find(|f| f.rule == Rule::F06).unwrap();
    assert_eq!(f06.file.as_deref(), Some("qhb.xlsx"));
    assert_eq!(f06.unit.as_deref(), Some("STP"));
    assert!(
        f06.message.contains("sáp nhập") && f06.message.contains("QHB"),
        "{}",
        f06.message
    );
}

#[test]
fn f05_other_or_missing_period() {
    let mut r = clean();
    r.info.period = Some(loc(INFO, 3, 1, t("Năm 2020")));
    let c = check(r.clone());
    assert_eq!(found(&c), sct("F05", Some("B4")));
    assert_eq!(c.findings[0].sheet.as_deref(), Some(INFO));
    assert!(c.findings[0].message.contains("'Năm 2020'"));
    assert_eq!(c.outcome.status, FileStatus::Excluded);
    assert_eq!(c.outcome.rule, Some(Rule::F05));
    r.info.period = None;
    let c = check(r.clone());
    assert_eq!(found(&c), sct("F05", None));
    // Excluded: only the excluding finding, even with bad rows.
    tasks_mut(&mut r)[0] = task(4, "NV9", "Tốt", Raw::Empty, "");
    assert_eq!(found(&check(r.clone())), sct("F05", None));
    // Accepted spellings and a year typed as a number.
    for (p, v) in [
        (h1(), t("6T/2020")),
        (h1(), t("sau thang dau nam 2020")),
        (Period::whole_year(2020), Raw::Number(2020.0)),
        (Period::whole_year(2020), t("Cả năm 2020")),
    ] {
        let mut r = clean();
        r.info.period = Some(loc(INFO, 3, 1, v.clone()));
        let c = check_in(p, &Context::default(), "bc.xlsx", r);
        assert!(c.findings.iter().all(|f| f.rule != Rule::F05), "{v:?}");
    }
}

#[test]
fn f08_date_missing_or_not_a_date() {
    let mut r = clean();
    r.info.report_date = Some(loc(INFO, 4, 1, t("hôm qua")));
    let c = check(r.clone());
    assert_eq!(found(&c), sct("F08", Some("B5")));
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(c.findings[0].message.contains("'hôm qua'"));
    assert_eq!(c.outcome.status, FileStatus::Counted);
    r.info.report_date = None;
    let c = check(r);
    assert_eq!(found(&c), sct("F08", None));
    assert_eq!(c.findings[0].sheet.as_deref(), Some(INFO));
    // An Excel date is a date.
    let mut r = clean();
    r.info.report_date = Some(loc(
        INFO,
        4,
        1,
        Raw::Date(NaiveDate::from_ymd_opt(2020, 6, 1).unwrap()),
    ));
    assert!(check(r).findings.is_empty());
}

#[test]
fn f09_missing_required_column_no_cell_and_no_t07() {
    let mut r = clean();
    let tt = r.tasks.as_mut().unwrap();
    tt.columns.remove(&TaskCol::Result);
    for row in &mut tt.rows {
        row.cells.remove(&TaskCol::Result);
    }
    let c = check(r);
    assert_eq!(found(&c), sct("F09", None));
    assert_eq!(c.findings[0].sheet.as_deref(), Some(TASKS));
    assert!(c.findings[0].message.contains("\"Kết quả thực hiện\""));
    assert_eq!(c.outcome.status, FileStatus::Counted);
    // The indicator value column.
    let mut r = clean();
    r.indicators
        .as_mut()
        .unwrap()
        .columns
        .remove(&IndicatorCol::Value);
    let c = check(r);
    assert_eq!(found(&c), sct("F09", None));
    assert!(c.findings[0].message.contains("\"Thực hiện kỳ báo cáo\""));
}

// ---- task rules ---------------------------------------------------------------------------

#[test]
fn t01_unknown_task_code() {
    let mut r = clean();
    tasks_mut(&mut r).push(task(
        6,
        "nv9",
        "Đang thực hiện",
        Raw::Number(50.0),
        "Đang làm",
    ));
    let c = check(r);
    assert_eq!(found(&c), sct("T01", Some("B6")));
    assert!(c.findings[0].message.contains("'NV9'"));
    assert!(c.report.unwrap().tasks[2].has_error);
}

#[test]
fn t02_task_not_assigned_to_the_unit() {
    let mut r = clean();
    tasks_mut(&mut r).push(task(
        6,
        "NV3",
        "Đang thực hiện",
        Raw::Number(50.0),
        "Đang làm",
    ));
    let c = check(r);
    assert_eq!(found(&c), sct("T02", Some("B6")));
    assert_eq!(c.findings[0].severity, Severity::Warning);
    let rep = c.report.unwrap();
    assert_eq!(rep.tasks[2].role, None);
    assert!(!rep.tasks[2].has_error);
}

#[test]
fn t03_missing_led_task_is_an_error_coordinated_a_warning() {
    let mut r = clean();
    tasks_mut(&mut r).remove(0); // NV1, led by SCT
    let c = check(r);
    assert_eq!(found(&c), sct("T03", None));
    assert_eq!(c.findings[0].severity, Severity::Error);
    assert_eq!(c.findings[0].sheet.as_deref(), Some(TASKS));
    assert!(c.findings[0].message.contains("'NV1'"));
    let mut r = clean();
    tasks_mut(&mut r).remove(1); // NV2, coordinated by SCT
    let c = check(r);
    assert_eq!(found(&c), sct("T03", None));
    assert_eq!(c.findings[0].severity, Severity::Warning);
}

#[test]
fn t04_status_not_in_vocabulary_or_empty() {
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Tốt", Raw::Number(100.0), "Đã rà soát");
    let c = check(r.clone());
    let f = the(&c, Rule::T04);
    assert_eq!(f.cell.unwrap().to_string(), "E5");
    assert_eq!(f.unit.as_deref(), Some("SCT"));
    assert_eq!(
        f.message,
        "Ô E5: tình trạng 'Tốt' không thuộc danh mục (Hoàn thành, Đang thực hiện, Chưa thực hiện, Thường xuyên)"
    );
    assert!(c.report.as_ref().unwrap().tasks[1].has_error);
    assert_eq!(c.report.as_ref().unwrap().tasks[1].status, None);
    tasks_mut(&mut r)[1] = task(5, "NV2", "", Raw::Number(100.0), "Đã rà soát");
    let c = check(r.clone());
    assert_eq!(the(&c, Rule::T04).cell.unwrap().to_string(), "E5");
    // Synonyms and spacing are accepted.
    tasks_mut(&mut r)[1] = task(5, "NV2", "  da hoan thanh ", Raw::Number(100.0), "x");
    assert!(check(r).findings.is_empty());
}

#[test]
fn t05_share_not_a_number_or_out_of_range() {
    for share in [t("khoảng 80"), Raw::Number(120.0), Raw::Number(-5.0)] {
        let mut r = clean();
        tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", share.clone(), "x");
        let c = check(r);
        assert_eq!(found(&c), sct("T05", Some("F5")), "{share:?}");
        assert_eq!(c.report.unwrap().tasks[1].share, None);
    }
    for share in [t("100%"), Raw::Number(1.0), t("100")] {
        let mut r = clean();
        tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", share.clone(), "x");
        let c = check(r);
        assert!(c.findings.iter().all(|f| f.rule != Rule::T05), "{share:?}");
    }
}

#[test]
fn t06_status_and_share_disagree() {
    let cases = [
        ("Hoàn thành", 80.0, true),
        ("Chưa thực hiện", 10.0, true),
        ("Đang thực hiện", 100.0, true),
        ("Đang thực hiện", 60.0, false),
        ("Chưa thực hiện", 0.0, false),
    ];
    for (status, share, fires) in cases {
        let mut r = clean();
        tasks_mut(&mut r)[0] = task(4, "NV1", status, Raw::Number(share), "ghi chú kết quả");
        let c = check(r);
        let t06: Vec<_> = c.findings.iter().filter(|f| f.rule == Rule::T06).collect();
        if fires {
            assert_eq!(t06.len(), 1, "{status} {share}");
            assert_eq!(t06[0].cell.unwrap().to_string(), "B4");
            assert_eq!(t06[0].unit.as_deref(), Some("SCT"));
        } else {
            assert!(t06.is_empty(), "{status} {share}");
        }
    }
    // No share: no T06.
    let mut r = clean();
    tasks_mut(&mut r)[0] = task(4, "NV1", "Đang thực hiện", Raw::Empty, "x");
    assert!(check(r).findings.is_empty());
}

#[test]
fn t07_result_empty_unless_not_started() {
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", Raw::Number(100.0), "");
    let c = check(r);
    assert_eq!(found(&c), sct("T07", Some("G5")));
    let mut r = clean();
    tasks_mut(&mut r)[0] = task(4, "NV1", "Chưa thực hiện", Raw::Empty, "");
    assert!(check(r).findings.is_empty());
}

#[test]
fn t12_text_longer_than_a_cell_is_flagged_on_its_cell() {
    let long = "ă".repeat(40_000);
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", Raw::Number(100.0), &long);
    let c = check(r);
    assert_eq!(found(&c), sct("T12", Some("G5")));
    assert!(the(&c, Rule::T12).message.contains("40000"));
    // Exactly at Excel's limit: nothing to say.
    let mut r = clean();
    let at_limit = "ă".repeat(32_767);
    tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", Raw::Number(100.0), &at_limit);
    assert!(check(r).findings.is_empty());
}

#[test]
fn t08_duplicate_task_names_the_earlier_row() {
    let mut r = clean();
    tasks_mut(&mut r).push(task(6, "NV1", "Thường xuyên", Raw::Empty, "Lần hai"));
    let c = check(r);
    assert_eq!(found(&c), sct("T08", Some("B6")));
    assert!(
        c.findings[0].message.contains("dòng 4"),
        "{}",
        c.findings[0].message
    );
    let rep = c.report.unwrap();
    assert!(!rep.tasks[0].duplicate);
    assert!(rep.tasks[2].duplicate);
    assert!(rep.tasks[2].has_error);
}

#[test]
fn t09_excel_error_only_t09_in_share_cell() {
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", Raw::Error("#DIV/0!".into()), "x");
    let c = check(r);
    assert_eq!(found(&c), sct("T09", Some("F5")));
    assert!(c.findings[0].message.contains("'#DIV/0!'"));
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Hoàn thành", Raw::Number(100.0), "");
    tasks_mut(&mut r)[1]
        .cells
        .insert(TaskCol::Result, Raw::Error("#REF!".into()));
    let c = check(r);
    assert_eq!(found(&c), sct("T09", Some("G5")));
}

#[test]
fn t10_ongoing_for_a_fixed_deadline() {
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "TX", Raw::Empty, "x");
    let c = check(r);
    // Not "Hoàn thành" and overdue: T11 too.
    assert_eq!(
        found(&c),
        [sct("T11", Some("B5")), sct("T10", Some("E5"))].concat()
    );
    assert_eq!(
        c.report.unwrap().tasks[1].status,
        Some(tonghop::read::values::Status::Ongoing)
    );
    // NV1 is ongoing: "Thường xuyên" is right (the clean report).
    assert!(check(clean()).findings.is_empty());
}

#[test]
fn t11_overdue_and_not_done() {
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Đang thực hiện", Raw::Number(50.0), "x");
    let c = check(r);
    assert_eq!(found(&c), sct("T11", Some("B5")));
    assert_eq!(c.findings[0].severity, Severity::Info);
    assert!(c.findings[0].message.contains("31/12/2019"));
    // Done: no T11 (the clean report); an invalid status is not done.
    let mut r = clean();
    tasks_mut(&mut r)[1] = task(5, "NV2", "Tốt", Raw::Empty, "x");
    let rules: Vec<_> = check(r).findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [Rule::T11, Rule::T04]);
}

// ---- indicator rules ----------------------------------------------------------------------------

#[test]
fn i01_unknown_indicator() {
    let mut r = clean();
    inds_mut(&mut r).push(indicator(5, "CT9", "", Raw::Number(1.0), Raw::Empty));
    let c = check(r);
    assert_eq!(found(&c), sct("I01", Some("B5")));
}

#[test]
fn i09_indicator_the_plan_does_not_ask_of_the_unit() {
    // CT2 is reported by SCT only; STP sends a value for it.
    let mut r = clean();
    r.info = info(
        "STP",
        "Sở Tư pháp",
        t("6 tháng đầu năm 2020"),
        t("10/06/2020"),
    );
    let c = check(r);
    let f = the(&c, Rule::I09);
    assert_eq!(f.unit.as_deref(), Some("STP"));
    assert_eq!(f.cell.map(|c| c.to_string()).as_deref(), Some("B4"));
    assert_eq!(f.severity, Severity::Warning);
    // SCT reports CT2 as asked: no I09 (the clean report has no finding).
    assert!(check(clean()).findings.is_empty());
}

#[test]
fn i02_not_a_number_or_negative() {
    for v in [
        t("khoảng 5"),
        Raw::Number(-3.0),
        t("-3"),
        Raw::Error("#VALUE!".into()),
    ] {
        let mut r = clean();
        inds_mut(&mut r)[0] = indicator(3, "CT1", "lớp", v.clone(), Raw::Empty);
        let c = check(r);
        assert_eq!(found(&c), sct("I02", Some("E3")), "{v:?}");
        let rep = c.report.unwrap();
        assert_eq!(rep.indicators[0].value, None);
        assert!(rep.indicators[0].has_error);
    }
    let mut r = clean();
    inds_mut(&mut r)[0] = indicator(3, "CT1", "lớp", t("5,5"), Raw::Empty);
    let c = check(r);
    assert!(c.findings.is_empty());
    assert_eq!(c.report.unwrap().indicators[0].value, Some(5.5));
}

#[test]
fn i03_measure_differs_from_plan() {
    let mut r = clean();
    inds_mut(&mut r)[0] = indicator(3, "CT1", "người", Raw::Number(5.0), Raw::Empty);
    let c = check(r);
    assert_eq!(found(&c), sct("I03", Some("D3")));
    assert!(c.findings[0].message.contains("'người'") && c.findings[0].message.contains("'lớp'"));
    let mut r = clean();
    inds_mut(&mut r)[1] = indicator(4, "CT2", "Triệu  USD", Raw::Number(5.0), Raw::Empty);
    assert!(check(r).findings.is_empty());
}

#[test]
fn i04_annual_below_first_half_for_sums() {
    let year = Period::whole_year(2020);
    let mut r = clean();
    r.info.period = Some(loc(INFO, 3, 1, t("Năm 2020")));
    r.info.report_date = Some(loc(INFO, 4, 1, t("10/12/2020")));
    let mut half = BTreeMap::new();
    half.insert(("SCT".to_string(), "CT1".to_string()), 8.0);
    half.insert(("SCT".to_string(), "CT2".to_string()), 500.0); // rieng: never I04
    let ctx = Context {
        first_half: Some(half),
    };
    let c = check_in(year, &ctx, "bc.xlsx", r.clone());
    assert_eq!(found(&c), sct("I04", Some("B3")));
    // Not for a half-year period, nor without the first half's data.
    r.info.period = Some(loc(INFO, 3, 1, t("6 tháng đầu năm 2020")));
    assert!(check_in(h1(), &ctx, "bc.xlsx", r.clone())
        .findings
        .is_empty());
    r.info.period = Some(loc(INFO, 3, 1, t("Năm 2020")));
    assert!(check_in(year, &Context::default(), "bc.xlsx", r)
        .findings
        .is_empty());
}

#[test]
fn i05_outlier_against_last_year() {
    for (v, p, fires) in [
        (13.0, 4.0, true),
        (1.0, 4.0, true),
        (12.0, 4.0, false),
        (5.0, 0.0, false),
    ] {
        let mut r = clean();
        inds_mut(&mut r)[0] = indicator(3, "CT1", "lớp", Raw::Number(v), Raw::Number(p));
        let c = check(r);
        if fires {
            assert_eq!(found(&c), sct("I05", Some("B3")), "{v} {p}");
        } else {
            assert!(c.findings.is_empty(), "{v} {p}");
        }
    }
    let mut r = clean();
    inds_mut(&mut r)[0] = indicator(3, "CT1", "lớp", Raw::Number(50.0), Raw::Empty);
    assert!(check(r).findings.is_empty());
}

#[test]
fn i06_missing_row_or_empty_value() {
    let mut r = clean();
    inds_mut(&mut r).remove(1);
    let c = check(r);
    assert_eq!(found(&c), sct("I06", None));
    assert!(c.findings[0].message.contains("'CT2'"));
    let mut r = clean();
    inds_mut(&mut r)[0] = indicator(3, "CT1", "lớp", Raw::Empty, Raw::Empty);
    let c = check(r);
    assert_eq!(found(&c), sct("I06", Some("E3")));
    // STP does not report CT2: no I06 for it.
    let mut r = clean();
    r.info = info("STP", "", t("6 tháng đầu năm 2020"), t("10/06/2020"));
    r.tasks = Some(task_table(vec![
        task(4, "NV1", "Thường xuyên", Raw::Empty, "x"),
        task(5, "NV2", "Hoàn thành", Raw::Number(100.0), "x"),
    ]));
    inds_mut(&mut r).remove(1);
    assert!(check(r).findings.is_empty());
}

#[test]
fn i07_duplicate_indicator_first_counts() {
    let mut r = clean();
    inds_mut(&mut r).push(indicator(5, "CT1", "lớp", Raw::Number(9.0), Raw::Empty));
    let c = check(r);
    assert_eq!(found(&c), sct("I07", Some("B5")));
    assert!(c.findings[0].message.contains("dòng 3"));
    let rep = c.report.unwrap();
    assert!(!rep.indicators[0].duplicate);
    assert!(rep.indicators[2].duplicate);
    assert_eq!(rep.indicators[2].value, Some(9.0));
}

#[test]
fn i08_ambiguous_number_read_the_vietnamese_way() {
    let mut r = clean();
    inds_mut(&mut r)[1] = indicator(4, "CT2", "triệu USD", t("1.234"), Raw::Empty);
    let c = check(r);
    assert_eq!(found(&c), sct("I08", Some("E4")));
    assert_eq!(c.report.unwrap().indicators[1].value, Some(1234.0));
    let mut r = clean();
    inds_mut(&mut r)[1] = indicator(4, "CT2", "triệu USD", t("1.234,0"), Raw::Empty);
    assert!(check(r).findings.is_empty());
    // A single comma before three digits is the Vietnamese decimal mark,
    // and English for thousands: read as 1,234 and said to be unsure.
    let mut r = clean();
    inds_mut(&mut r)[1] = indicator(4, "CT2", "triệu USD", t("1,234"), Raw::Empty);
    let c = check(r);
    assert_eq!(found(&c), sct("I08", Some("E4")));
    assert!(
        c.findings[0].message.contains("là 1,234, không phải 1234"),
        "{}",
        c.findings[0].message
    );
    assert_eq!(c.report.unwrap().indicators[1].value, Some(1.234));
    for sure in ["1,23", "0,234", "1234,5"] {
        let mut r = clean();
        inds_mut(&mut r)[1] = indicator(4, "CT2", "triệu USD", t(sure), Raw::Empty);
        assert!(check(r).findings.is_empty(), "{sure}");
    }
}

// ---- across files ----------------------------------------------------------------------------------

fn with(rel: &str, code: &str, date: &str, modified_s: u64) -> Candidate {
    let mut r = clean();
    r.info = info(code, "", t("6 tháng đầu năm 2020"), t(date));
    if code != "SCT" {
        r.tasks = Some(task_table(vec![
            task(4, "NV1", "Thường xuyên", Raw::Empty, "x"),
            task(5, "NV2", "Hoàn thành", Raw::Number(100.0), "x"),
        ]));
        if code == "STP" {
            inds_mut(&mut r).remove(1);
        }
    }
    let mut i = input(rel);
    i.modified = Some(SystemTime::UNIX_EPOCH + Duration::from_secs(modified_s));
    check_file(
        &plan(),
        h1(),
        &Context::default(),
        &i,
        "ab".into(),
        Some(Ok(r)),
    )
}

/// The file counted for SCT among `candidates`.
fn winner(candidates: Vec<Candidate>) -> String {
    finish(&plan(), h1(), candidates).counted["SCT"].rel.clone()
}

#[test]
fn f06_latest_date_then_newest_file_then_last_path() {
    // Latest date wins even over a newer file.
    let o = finish(
        &plan(),
        h1(),
        vec![
            with("a.xlsx", "SCT", "12/06/2020", 2_000_000_000),
            with("b.xlsx", "SCT", "13/06/2020", 1_000_000_000),
        ],
    );
    assert_eq!(o.counted["SCT"].rel, "b.xlsx");
    let f06: Vec<_> = o.findings.iter().filter(|f| f.rule == Rule::F06).collect();
    assert_eq!(f06.len(), 1);
    assert_eq!(f06[0].file.as_deref(), Some("a.xlsx"));
    assert_eq!(f06[0].unit.as_deref(), Some("SCT"));
    assert!(f06[0].message.contains("'b.xlsx'"));
    assert_eq!(o.files[0].status, FileStatus::Superseded);
    assert_eq!(o.files[0].rule, Some(Rule::F06));
    assert_eq!(o.files[1].status, FileStatus::Counted);
    // Same date: the newest file.
    assert_eq!(
        winner(vec![
            with("a.xlsx", "SCT", "12/06/2020", 2_000_000_000),
            with("b.xlsx", "SCT", "12/06/2020", 1_000_000_000)
        ]),
        "a.xlsx"
    );
    // Same date and time: the path that sorts last.
    assert_eq!(
        winner(vec![
            with("b/x.xlsx", "SCT", "12/06/2020", 1_000_000_000),
            with("a/z.xlsx", "SCT", "12/06/2020", 1_000_000_000)
        ]),
        "b/x.xlsx"
    );
    // A report without "Ngày báo cáo" competes with the day its file was
    // last modified (1,591,920,000 s = 12/06/2020), as for lateness.
    assert_eq!(
        winner(vec![
            with("a.xlsx", "SCT", "10/06/2020", 1_000_000_000),
            with("b.xlsx", "SCT", "", 1_591_920_000)
        ]),
        "b.xlsx"
    );
    assert_eq!(
        winner(vec![
            with("a.xlsx", "SCT", "13/06/2020", 1_000_000_000),
            with("b.xlsx", "SCT", "", 1_591_920_000)
        ]),
        "a.xlsx"
    );
    // A superseded file keeps only its F06, even with findings of its own.
    let mut loser = with("a/z.xlsx", "SCT", "12/06/2020", 1_000_000_000);
    loser
        .findings
        .push(Finding::new(Rule::T04, "x").unit("SCT").file("a/z.xlsx"));
    let o = finish(
        &plan(),
        h1(),
        vec![loser, with("b/x.xlsx", "SCT", "12/06/2020", 1_000_000_000)],
    );
    let on_loser: Vec<_> = o
        .findings
        .iter()
        .filter(|f| f.file.as_deref() == Some("a/z.xlsx"))
        .collect();
    assert_eq!(on_loser.len(), 1);
    assert_eq!(on_loser[0].rule, Rule::F06);
    // One file per unit: no F06.
    let o = finish(&plan(), h1(), vec![with("a.xlsx", "SCT", "12/06/2020", 1)]);
    assert!(o.findings.iter().all(|f| f.rule != Rule::F06));
}

#[test]
fn f07_late_by_report_date_or_file_time() {
    // Due 15/06/2020: the 15th is on time, the 16th late.
    let o = finish(
        &plan(),
        h1(),
        vec![
            with("sct.xlsx", "SCT", "15/06/2020", 1),
            with("stp.xlsx", "STP", "16/06/2020", 1),
        ],
    );
    let f07: Vec<_> = o.findings.iter().filter(|f| f.rule == Rule::F07).collect();
    assert_eq!(f07.len(), 1);
    assert_eq!(f07[0].unit.as_deref(), Some("STP"));
    assert_eq!(f07[0].file.as_deref(), Some("stp.xlsx"));
    assert_eq!(f07[0].cell, None);
    assert!(f07[0].message.contains("16/06/2020") && f07[0].message.contains("15/06/2020"));
    assert!(o.counted["STP"].late);
    assert!(!o.counted["SCT"].late);
    let stp = o.files.iter().find(|f| f.rel == "stp.xlsx").unwrap();
    assert!(stp.late);
    // No date: the file time (2020-07-01 is late; 2020-06-01 is not).
    let late_time = 1_593_600_000; // 2020-07-01
    let early_time = 1_590_969_600; // 2020-06-01
    let o = finish(&plan(), h1(), vec![with("sct.xlsx", "SCT", "", late_time)]);
    assert!(o
        .findings
        .iter()
        .any(|f| f.rule == Rule::F07 && f.unit.as_deref() == Some("SCT")));
    let o = finish(&plan(), h1(), vec![with("sct.xlsx", "SCT", "", early_time)]);
    assert!(o.findings.iter().all(|f| f.rule != Rule::F07));
}

#[test]
fn r01_expected_units_without_report() {
    let o = finish(
        &plan(),
        h1(),
        vec![with("sct.xlsx", "SCT", "10/06/2020", 1)],
    );
    assert_eq!(o.expected, ["SCT", "STP", "QHB"]);
    assert_eq!(o.missing, ["STP", "QHB"]);
    let r01: Vec<_> = o.findings.iter().filter(|f| f.rule == Rule::R01).collect();
    assert_eq!(r01.len(), 2);
    assert_eq!(r01[0].unit.as_deref(), Some("QHB"));
    assert_eq!(r01[0].file, None);
    assert_eq!(r01[0].cell, None);
    assert!(o
        .findings
        .iter()
        .all(|f| !(f.rule == Rule::R01 && f.unit.as_deref() == Some("SCT"))));
    // An excluded report does not count, but the unit did send: "Đã gửi,
    // không sử dụng được", off the missing list, no R01.
    let mut bad = with("stp.xlsx", "STP", "10/06/2020", 1);
    bad.report = None;
    bad.outcome.status = FileStatus::Excluded;
    let o = finish(&plan(), h1(), vec![bad.clone()]);
    assert!(!o.missing.contains(&"STP".to_string()));
    assert_eq!(o.unusable, ["STP"]);
    assert!(o
        .findings
        .iter()
        .all(|f| !(f.rule == Rule::R01 && f.unit.as_deref() == Some("STP"))));
    // Nor when only the file's name tells who sent it (a PDF, F11).
    let mut pdf = bad.clone();
    pdf.outcome.unit = None;
    pdf.outcome.sent_by = Some("STP".into());
    pdf.outcome.status = FileStatus::Skipped;
    let o = finish(&plan(), h1(), vec![pdf]);
    assert_eq!(o.unusable, ["STP"]);
    // A file that names no unit leaves the unit missing, with R01.
    bad.outcome.unit = None;
    let o = finish(&plan(), h1(), vec![bad]);
    assert!(o.missing.contains(&"STP".to_string()));
    assert!(o.unusable.is_empty());
    assert!(o
        .findings
        .iter()
        .any(|f| f.rule == Rule::R01 && f.unit.as_deref() == Some("STP")));
    // Findings are sorted as kiem-tra.csv lists them.
    let mut sorted = o.findings.clone();
    sorted.sort();
    assert_eq!(sorted, o.findings);
}

// ---- outputs ----------------------------------------------------------------------------------------

fn two_units() -> Outcome {
    let mut sct = clean();
    tasks_mut(&mut sct)[1] = task(5, "NV2", "Tốt", Raw::Number(100.0), "x");
    let stp_report = Report {
        info: info(
            "STP",
            "Sở Tư pháp",
            t("6 tháng đầu năm 2020"),
            t("20/06/2020"),
        ),
        tasks: Some(task_table(vec![task(
            4,
            "NV2",
            "Bí mật STP",
            Raw::Empty,
            "x",
        )])),
        indicators: Some(indicator_table(vec![indicator(
            3,
            "CT1",
            "lớp",
            t("=cmd"),
            Raw::Empty,
        )])),
        ..clean()
    };
    let p = plan();
    let ctx = Context::default();
    finish(
        &p,
        h1(),
        vec![
            check_file(
                &p,
                h1(),
                &ctx,
                &input("sct.xlsx"),
                "a".into(),
                Some(Ok(sct)),
            ),
            check_file(
                &p,
                h1(),
                &ctx,
                &input("Sở Tư pháp/stp.xlsx"),
                "b".into(),
                Some(Ok(stp_report)),
            ),
        ],
    )
}

#[test]
fn kiem_tra_csv_bytes() {
    let o = two_units();
    let b = kiem_tra_csv(&o.findings);
    assert!(b.starts_with(b"\xEF\xBB\xBF"));
    let s = String::from_utf8(b[3..].to_vec()).unwrap();
    let mut lines = s.lines();
    assert_eq!(
        lines.next(),
        Some("ma_loi,muc_do,ma_don_vi,tep,trang_tinh,o,thong_bao,huong_dan")
    );
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .from_reader(s.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    // Sorted by unit: QHB (R01), SCT, STP.
    let units: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    let mut sorted = units.clone();
    sorted.sort();
    assert_eq!(units, sorted);
    assert_eq!(units.first(), Some(&"QHB"));
    let t04 = rows
        .iter()
        .find(|r| r[0] == "T04" && r[2] == "SCT")
        .unwrap();
    assert_eq!(t04[1], "loi");
    assert_eq!(t04[3], "sct.xlsx");
    assert_eq!(t04[4], "Nhiệm vụ");
    assert_eq!(t04[5], "E5");
    // "=cmd" is named in the I02 message; a message starting with "=" is
    // neutralised.
    let f = Finding::new(Rule::I02, "=cmd|' /C calc'!A0").unit("STP");
    let s = String::from_utf8(kiem_tra_csv(&[f])).unwrap();
    assert!(s.contains(",'=cmd|"), "{s}");
    let r01 = rows.iter().find(|r| r[0] == "R01").unwrap();
    assert_eq!(
        (r01[1].as_str(), r01[3].as_str(), r01[5].as_str()),
        ("canh_bao", "", "")
    );
}

fn sheet_text(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["Phản hồi"]);
    let range = wb.worksheet_range("Phản hồi").unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    c => c.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn feedback_workbook_holds_one_units_findings_only() {
    let o = two_units();
    let p = plan();
    let date = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let bytes = feedback_xlsx(&p, h1(), date, "SCT", &o).unwrap();
    // Same inputs, same bytes.
    assert_eq!(bytes, feedback_xlsx(&p, h1(), date, "SCT", &o).unwrap());
    let cells = sheet_text(bytes);
    let all: String = cells
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(cells[0][0], "KẾT QUẢ KIỂM TRA BÁO CÁO");
    assert!(all.contains("Sở Công Thương (SCT)"), "{all}");
    assert!(all.contains("6 tháng đầu năm 2020"));
    assert!(all.contains("1 lỗi"), "{all}");
    // The one file is named once, at the top; then the deadline and the
    // address for the corrected report (han_nop_lai absent: 7 days).
    assert!(cells.iter().any(|r| r[0] == "Tệp: sct.xlsx"), "{all}");
    assert!(
        all.contains("Đề nghị gửi lại báo cáo đã sửa trước ngày 07/07/2020 đến: sct@hp.gov.vn."),
        "{all}"
    );
    let row = cells.iter().find(|r| r.iter().any(|c| c == "E5")).unwrap();
    assert_eq!(row[1], "Nhiệm vụ");
    assert!(row[3].starts_with("Lỗi"));
    // The finding names its task: code and first words.
    assert!(
        row[4].starts_with("Nhiệm vụ NV2 (Rà soát văn bản): "),
        "{}",
        row[4]
    );
    assert!(row[4].contains("'Tốt'"));
    assert!(!row[5].is_empty());
    assert!(
        !all.contains("\nsct.xlsx\n"),
        "the file is not repeated per row"
    );
    // Nothing of STP or QHB.
    for other in [
        "STP",
        "Sở Tư pháp",
        "Bí mật STP",
        "=cmd",
        "stp.xlsx",
        "QHB",
        "Hồng Bàng",
    ] {
        assert!(!all.contains(other), "{other} leaked: {all}");
    }
}

#[test]
fn feedback_groups_findings_by_file_when_a_unit_sent_several() {
    let p = plan();
    let o = finish(
        &p,
        h1(),
        vec![
            with("a.xlsx", "SCT", "10/06/2020", 1),
            with("b.xlsx", "SCT", "12/06/2020", 2),
        ],
    );
    let date = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let cells = sheet_text(feedback_xlsx(&p, h1(), date, "SCT", &o).unwrap());
    let firsts: Vec<&str> = cells.iter().map(|r| r[0].as_str()).collect();
    // No single file at the top; one group row per file, each before its
    // findings (the superseded a.xlsx has F06).
    let a = firsts
        .iter()
        .position(|c| *c == "Tệp: a.xlsx")
        .expect("a.xlsx group");
    assert!(
        firsts[..a].iter().all(|c| !c.starts_with("Tệp:")),
        "{firsts:?}"
    );
    assert!(cells[a + 1][3].contains("F06"), "{:?}", cells[a + 1]);
    // Without errors, no resubmission line.
    let all = cells.concat().join("\n");
    assert!(!all.contains("Đề nghị gửi lại"), "{all}");
    // The counted b.xlsx has no finding: its group says so.
    let b = firsts
        .iter()
        .position(|c| *c == "Tệp: b.xlsx")
        .expect("b.xlsx group");
    assert!(b > a);
    assert_eq!(firsts[b + 1], "Báo cáo hợp lệ");
}

#[test]
fn feedback_workbook_says_valid_when_no_finding() {
    let p = plan();
    let o = finish(
        &p,
        h1(),
        vec![check_file(
            &p,
            h1(),
            &Context::default(),
            &input("sct.xlsx"),
            "a".into(),
            Some(Ok(clean())),
        )],
    );
    let cells = sheet_text(
        feedback_xlsx(
            &p,
            h1(),
            NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(),
            "SCT",
            &o,
        )
        .unwrap(),
    );
    let all: Vec<String> = cells.into_iter().flatten().collect();
    assert!(all.iter().any(|c| c == "Báo cáo hợp lệ"), "{all:?}");
    assert!(all
        .iter()
        .any(|c| c.contains("0 lỗi, 0 cảnh báo, 0 thông tin")));
}

#[test]
fn chua_nop_lists_missing_units_with_contacts() {
    let p = plan();
    let o = finish(&p, h1(), vec![with("sct.xlsx", "SCT", "10/06/2020", 1)]);
    let s = String::from_utf8(chua_nop_csv(&p, &o)).unwrap();
    assert_eq!(
        s,
        "\u{feff}ma_don_vi,ten_don_vi,loai,dien_thoai,email\n\
         STP,Sở Tư pháp,so,0225 222,stp@hp.gov.vn\n\
         QHB,Ủy ban nhân dân quận Hồng Bàng,quan,,qhb@hp.gov.vn\n"
    );
}

// ---- with the reader: enable when read lands ----------------------------------------------------------

mod with_reader {
    use crate::row;
    use crate::util::{indicator_header, task_header, text, Book, Project};

    fn sct_book(status: &str) -> Book {
        crate::util::sct_book()
            .sheet(
                "Nhiệm vụ",
                vec![
                    row!["BÁO CÁO KẾT QUẢ"],
                    task_header(),
                    row![1, "NV1.02", "Thông tin", "Chủ trì", status, 50, "Đã làm"],
                ],
            )
            .sheet(
                "Chỉ tiêu",
                vec![
                    indicator_header(),
                    row![1, "CT04", "Kim ngạch", "triệu USD", 809.1],
                ],
            )
    }

    #[test]
    fn check_prints_findings_with_sheet_and_cell() {
        let p = Project::new();
        let f = p.path().join("bc.xlsx");
        sct_book("Tốt").save(&f);
        let o = p.run(&["check", "bc.xlsx"]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            out.contains("SCT") && out.contains("6 tháng đầu năm 2020"),
            "{out}"
        );
        assert!(out.contains("T04 Nhiệm vụ!E3"), "{out}");
        let o = p.run(&["check", "--strict", "bc.xlsx"]);
        assert_eq!(o.status.code(), Some(3));
    }

    #[test]
    fn status_groups_sent_and_missing() {
        let p = Project::new();
        sct_book("Đang thực hiện").save(&p.inbox("2020-H1", "sct.xlsx"));
        let o = p.run(&["status", "--ky", "2020-H1"]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(out.contains("Đã gửi đúng hạn (1):"), "{out}");
        assert!(out.contains("Chưa gửi (37):"), "{out}");
        assert!(!p.path().join("out").exists());
    }
}
