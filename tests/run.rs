//! Integration tests: run. The consolidated workbook read back with
//! calamine from a hand-made validation outcome, determinism, and the
//! output folder (history, lock, failures) through the binary.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use tonghop::consolidate::consolidate;
use tonghop::plan::{self, Period, Plan};
use tonghop::read::values::Status;
use tonghop::read::ReportInfo;
use tonghop::validate::{
    Cell, CountedReport, FileOutcome, FileStatus, Finding, IndicatorEntry, Outcome, Rule, TaskEntry,
};
use tonghop::write::{data, workbook};

use crate::util::{text, Project};

// ---- a hand-made plan and outcome ------------------------------------------

/// A plan with two leads on NV1 and an indicator of each method.
fn plan_dir() -> (tempfile::TempDir, Plan) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let w = |name: &str, s: &str| std::fs::write(p.join(name), s).unwrap();
    w(
        "ke-hoach.csv",
        "khoa,gia_tri\nma,vd\nten,Kế hoạch ví dụ về hội nhập\nso_hieu,12/QĐ-UBND\n\
         ngay_ban_hanh,2019-01-02\nco_quan_ban_hanh,Ủy ban nhân dân thành phố Hải Phòng\n\
         co_quan_tong_hop,SCT\nnoi_nhan,Ủy ban nhân dân thành phố\nhan_bao_cao_6_thang,06-15\n\
         han_bao_cao_nam,12-15\ntu_nam,2019\nden_nam,2021\n",
    );
    w(
        "don-vi.csv",
        "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n\
         SCT,Sở Công Thương,so,,,,\nSTP,Sở Tư pháp,so,,,,\nQHB,Ủy ban nhân dân quận Hồng Bàng,quan,,,,\n\
         QLC,Ủy ban nhân dân quận Lê Chân,quan,,,,\n",
    );
    w(
        "nhiem-vu.csv",
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\n\
         NV1,I. Tuyên truyền,Tuyên truyền kế hoạch,SCT;STP,QHB,thuong_xuyen,\n\
         NV2,I. Tuyên truyền,Rà soát văn bản,STP,SCT,2019-12-31,\n\
         NV3,II. Thể chế,Xây dựng đề án,QLC,,2020-12-31,\n",
    );
    w(
        "chi-tieu.csv",
        "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
         CT1,Số lớp tập huấn,lớp,tong,SCT;STP;QHB,20,tang\n\
         CT2,Kim ngạch xuất khẩu,triệu USD,rieng,STP;SCT,,tang\n\
         CT3,Tỷ lệ hài lòng,%,trung_binh,SCT;STP,,tang\n\
         CT4,Số quốc gia,quốc gia,lon_nhat,SCT;STP;QHB,,tang\n\
         CT5,Vốn FDI,triệu USD,tong,QLC,100,tang\n",
    );
    let plan = plan::load(p).unwrap();
    (dir, plan)
}

fn task(code: &str, status: Status, share: f64, row: u32) -> TaskEntry {
    TaskEntry {
        task: code.into(),
        role: None,
        status: Some(status),
        share: Some(share),
        result: format!("Kết quả {code}"),
        difficulty: String::new(),
        proposal: String::new(),
        row,
        has_error: false,
        duplicate: false,
    }
}

fn ind(code: &str, value: f64, row: u32) -> IndicatorEntry {
    IndicatorEntry {
        indicator: code.into(),
        value: Some(value),
        previous: None,
        measure: String::new(),
        row,
        has_error: false,
        duplicate: false,
        mark: None,
    }
}

fn report(unit: &str, tasks: Vec<TaskEntry>, indicators: Vec<IndicatorEntry>) -> CountedReport {
    CountedReport {
        unit: unit.into(),
        sent_as: None,
        rel: format!("{unit}.xlsx"),
        report_date: NaiveDate::from_ymd_opt(2020, 6, 10),
        late: false,
        info: ReportInfo::default(),
        tasks,
        indicators,
        task_sheet: Some("Nhiệm vụ".into()),
        indicator_sheet: Some("Chỉ tiêu".into()),
    }
}

fn outcome() -> Outcome {
    use Status::*;
    let mut stp_ind = vec![ind("CT1", 3.0, 3), ind("CT2", 5.0, 4), ind("CT3", 4.0, 5)];
    stp_ind[0].has_error = true;
    let counted = BTreeMap::from([
        (
            "SCT".to_string(),
            report(
                "SCT",
                vec![
                    task("NV1", Done, 100.0, 5),
                    task("NV2", InProgress, 40.0, 6),
                ],
                vec![
                    ind("CT1", 10.0, 3),
                    ind("CT2", 7.0, 4),
                    ind("CT3", 2.0, 5),
                    ind("CT4", 1.0, 6),
                ],
            ),
        ),
        (
            "STP".to_string(),
            report(
                "STP",
                vec![
                    task("NV1", InProgress, 60.0, 4),
                    task("NV2", NotStarted, 0.0, 5),
                ],
                stp_ind,
            ),
        ),
        (
            "QHB".to_string(),
            report(
                "QHB",
                vec![task("NV1", Ongoing, 50.0, 4)],
                vec![ind("CT1", 1.5, 3), ind("CT4", 9.0, 4)],
            ),
        ),
    ]);
    let file = |unit: &str| FileOutcome {
        rel: format!("{unit}.xlsx"),
        size: 10,
        sha256: String::new(),
        unit: Some(unit.into()),
        status: FileStatus::Counted,
        rule: None,
        report_date: NaiveDate::from_ymd_opt(2020, 6, 10),
        late: false,
        sent_by: None,
    };
    Outcome {
        findings: vec![Finding::new(Rule::I02, "Ô E4: giá trị không phải là số")
            .unit("STP")
            .file("STP.xlsx")
            .sheet("Chỉ tiêu")
            .cell(Cell::new(3, 4))],
        files: vec![file("QHB"), file("SCT"), file("STP")],
        counted,
        expected: ["SCT", "STP", "QHB", "QLC"].map(String::from).to_vec(),
        missing: vec!["QLC".into()],
        unusable: Vec::new(),
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

fn build() -> Vec<u8> {
    let (_d, plan) = plan_dir();
    let o = outcome();
    let c = consolidate(&plan, Period::first_half(2020), &o, None);
    workbook::tong_hop_xlsx(&plan, &c, &o.findings, date()).unwrap()
}

type Grid = calamine::Range<Data>;

fn sheets(bytes: &[u8]) -> (Vec<String>, BTreeMap<String, Grid>) {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names();
    let mut out = BTreeMap::new();
    for n in &names {
        out.insert(n.clone(), wb.worksheet_range(n).unwrap());
    }
    (names, out)
}

fn s(g: &Grid, r: u32, c: u32) -> String {
    match g.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn n(g: &Grid, r: u32, c: u32) -> Option<f64> {
    match g.get_value((r, c)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        Some(Data::Empty) | None => None,
        Some(other) => panic!("({r},{c}) is not a number: {other:?}"),
    }
}

/// The row whose column `c` holds `text`.
fn row_with(g: &Grid, c: u32, text: &str) -> u32 {
    (0..g.height() as u32)
        .find(|r| s(g, *r, c) == text)
        .unwrap_or_else(|| panic!("no row with {text}"))
}

fn col_with(g: &Grid, r: u32, text: &str) -> u32 {
    (0..g.width() as u32)
        .find(|c| s(g, r, *c) == text)
        .unwrap_or_else(|| panic!("no column {text}"))
}

// ---- the workbook ------------------------------------------------------------

#[test]
fn workbook_has_the_six_sheets_and_the_heading() {
    let (names, g) = sheets(&build());
    assert_eq!(
        names,
        [
            "Tổng hợp",
            "Nhiệm vụ",
            "Chỉ tiêu",
            "Khó khăn - Kiến nghị",
            "Tình hình nộp",
            "Kiểm tra"
        ]
    );
    let t = &g["Tổng hợp"];
    assert_eq!(s(t, 0, 0), "ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG");
    assert_eq!(s(t, 1, 0), "SỞ CÔNG THƯƠNG");
    assert_eq!(s(t, 0, 2), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(s(t, 1, 2), "Độc lập - Tự do - Hạnh phúc");
    // Row 2: the short rules under the unit and the motto.
    assert!(s(t, 2, 0).chars().all(|c| c == '\u{a0}') && !s(t, 2, 0).is_empty());
    assert_eq!(s(t, 3, 0), "Số:        /BC-SCT");
    assert_eq!(s(t, 3, 2), "Hải Phòng, ngày 30 tháng 6 năm 2020");
    // The sheet is the báo cáo's appendix.
    assert_eq!(s(t, 5, 0), "PHỤ LỤC");
    assert_eq!(
        s(t, 6, 0),
        "(Kèm theo Báo cáo số        /BC-SCT ngày 30/06/2020 của Sở Công Thương)"
    );
    assert!(s(t, 7, 0).contains("12/QĐ-UBND") && s(t, 7, 0).contains("Kế hoạch ví dụ"));
    assert!(s(t, 8, 0).contains("6 tháng đầu năm 2020"));
    // Submission figures are numbers.
    let r = row_with(t, 0, "Số đơn vị phải báo cáo");
    assert_eq!(n(t, r, 1), Some(4.0));
    assert_eq!(n(t, r + 1, 1), Some(3.0));
    assert_eq!(n(t, r + 4, 1), Some(1.0), "missing");
    // Tasks by status over the plan.
    let r = row_with(t, 0, "Toàn kế hoạch");
    assert_eq!(n(t, r, 1), Some(3.0));
    assert_eq!(n(t, r, 3), Some(1.0), "in progress: NV1");
    assert_eq!(n(t, r, 4), Some(1.0), "not started: NV2");
    assert_eq!(n(t, r, 6), Some(1.0), "no lead report: NV3");
    assert_eq!(n(t, r, 7), Some(1.0), "overdue: NV2");
}

#[test]
fn task_status_is_the_least_advanced_lead() {
    let (_, g) = sheets(&build());
    let t = &g["Nhiệm vụ"];
    assert_eq!(s(t, 1, 6), "Tình trạng");
    let r = row_with(t, 1, "NV1");
    assert_eq!(s(t, r, 6), "Đang thực hiện");
    assert_eq!(n(t, r, 7), Some(60.0));
    assert_eq!(
        s(t, r, 9),
        "Sở Công Thương: Kết quả NV1\nSở Tư pháp: Kết quả NV1\nỦy ban nhân dân quận Hồng Bàng: Kết quả NV1"
    );
    let r = row_with(t, 1, "NV2");
    assert_eq!(s(t, r, 6), "Chưa thực hiện");
    assert_eq!(s(t, r, 8), "Quá hạn");
    let r = row_with(t, 1, "NV3");
    assert_eq!(s(t, r, 6), "Chưa có báo cáo");
    assert_eq!(s(t, r, 9), "Chưa có báo cáo");
    assert_eq!(s(t, r, 10), "Ủy ban nhân dân quận Lê Chân");
    // Section rows sit above their tasks.
    assert_eq!(s(t, row_with(t, 1, "NV1") - 1, 0), "I. Tuyên truyền");
}

#[test]
fn indicator_totals_for_each_method() {
    let (_, g) = sheets(&build());
    let t = &g["Chỉ tiêu"];
    let total = col_with(t, 1, "Tổng hợp");
    let sct = col_with(t, 1, "Sở Công Thương");
    let stp = col_with(t, 1, "Sở Tư pháp");
    let at = |code: &str| row_with(t, 1, code);
    assert_eq!(n(t, at("CT1"), total), Some(14.5), "tong");
    assert_eq!(
        n(t, at("CT2"), total),
        Some(5.0),
        "rieng: STP first, never 5 + 7"
    );
    assert_eq!(n(t, at("CT2"), sct), Some(7.0), "shown, not used");
    assert_eq!(n(t, at("CT2"), stp), Some(5.0));
    assert_eq!(n(t, at("CT3"), total), Some(3.0), "trung_binh");
    assert_eq!(n(t, at("CT4"), total), Some(9.0), "lon_nhat");
    assert_eq!(
        n(t, at("CT5"), total),
        None,
        "nobody reported: empty, not 0"
    );
    assert_eq!(
        n(t, at("CT1"), total + 2),
        Some(72.5),
        "share of the target"
    );
}

#[test]
fn data_exports_match_the_workbook() {
    let (_d, plan) = plan_dir();
    let o = outcome();
    let c = consolidate(&plan, Period::first_half(2020), &o, None);
    let csv = String::from_utf8(data::chi_tieu_csv(&o, &c)).unwrap();
    assert!(csv.contains("\nCT2,TONG,5,,,,\n"), "{csv}");
    assert!(csv.contains("\nCT5,TONG,,,,,\n"));
    let t = data::read_totals(csv.as_bytes());
    assert_eq!(t.get("CT1"), Some(&14.5));
}

#[test]
fn same_inputs_and_date_give_identical_bytes() {
    assert_eq!(build(), build());
}

// ---- the binary and the output folder ------------------------------------------

fn run(p: &Project, extra: &[&str]) -> std::process::Output {
    // An empty inbox folder is a valid inbox: every unit is missing.
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    let mut args = vec!["run", "--ky", "2020-H1", "--ngay", "2020-06-30"];
    args.extend_from_slice(extra);
    p.run(&args)
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), read(e.path()))
        })
        .collect()
}

#[test]
fn run_writes_the_set_and_reruns_keep_history() {
    let p = Project::new();
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    std::fs::write(p.inbox("2020-H1", "ghi chu.txt"), b"x").unwrap();
    let o = run(&p, &[]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(out.contains("Báo cáo được tổng hợp"), "{out}");
    // Progress, without a terminal: a line per file read, then one for the
    // outputs, which take a while at a thousand units.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.last().copied(),
        Some("Đang lập và ghi các tệp kết quả…"),
        "{err}"
    );
    assert!(lines[0].starts_with("Đã đọc 1/1: "), "{err}");
    assert!(out.contains("tong-hop-2020-H1.xlsx"));
    for f in [
        "tong-hop-2020-H1.xlsx",
        "kiem-tra.csv",
        "manifest.json",
        "du-lieu/nhiem-vu.csv",
        "du-lieu/chi-tieu.csv",
    ] {
        assert!(p.out("2020-H1", f).is_file(), "{f}");
    }
    let first = read(&p.out("2020-H1", "manifest.json"));
    let m: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(m["ky"], "2020-H1");
    assert_eq!(m["tep"][0]["duong_dan"], "ghi chu.txt");
    assert!(m["dau_ra"]["tong-hop-2020-H1.xlsx"].as_str().unwrap().len() == 64);
    assert!(m.get("thay_doi").is_none());

    assert_eq!(run(&p, &["-q"]).status.code(), Some(0));
    let o = run(&p, &[]);
    assert_eq!(o.status.code(), Some(0));
    let (out, _) = text(&o);
    assert!(out.contains("lich-su/2"), "{out}");
    assert!(out.contains("không có thay đổi"), "{out}");
    assert_eq!(read(&p.out("2020-H1", "lich-su/1/manifest.json")), first);
    // An identical rerun keeps its manifest, not a second copy of the set.
    assert!(p.out("2020-H1", "lich-su/2/manifest.json").is_file());
    assert!(!p.out("2020-H1", "lich-su/2/tong-hop-2020-H1.xlsx").exists());
    assert!(!p.out("2020-H1", "lich-su/2/du-lieu/chi-tieu.csv").exists());
    assert!(p.out("2020-H1", "du-lieu/chi-tieu.csv").is_file());
    let m: serde_json::Value =
        serde_json::from_slice(&read(&p.out("2020-H1", "manifest.json"))).unwrap();
    assert_eq!(m["thay_doi"]["lan_truoc"], "lich-su/2");
}

#[test]
fn quiet_run_prints_nothing() {
    let p = Project::new();
    let o = run(&p, &["-q"]);
    assert_eq!(o.status.code(), Some(0));
    let (out, err) = text(&o);
    assert_eq!((out.as_str(), err.as_str()), ("", ""));
}

#[test]
fn two_runs_with_the_same_inputs_are_byte_identical() {
    let a = Project::new();
    let b = Project::new();
    for p in [&a, &b] {
        std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
        std::fs::write(p.inbox("2020-H1", "a.pdf"), b"%PDF").unwrap();
        assert_eq!(run(p, &["-q"]).status.code(), Some(0));
    }
    let fa = files_under(&a.out("2020-H1", ""));
    let fb = files_under(&b.out("2020-H1", ""));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs");
    }
}

#[test]
fn a_second_run_of_the_period_is_refused() {
    let p = Project::new();
    let dir = p.out("2020-H1", "");
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::File::create(dir.join(".khoa")).unwrap();
    lock.try_lock().unwrap();
    let o = run(&p, &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("đang có một lần chạy khác"), "{err}");
    assert!(!dir.join("manifest.json").exists());
    drop(lock);
    assert_eq!(run(&p, &["-q"]).status.code(), Some(0));
}

#[test]
fn out_that_is_a_file_fails_with_exit_1() {
    let p = Project::new();
    std::fs::write(p.path().join("out"), b"not a folder").unwrap();
    let o = run(&p, &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("'out'"), "{err}");
    assert_eq!(read(&p.path().join("out")), b"not a folder");
}

/// The switch fails after the new set is staged (the history folder cannot
/// be made): the previous set stays complete in place, and the next run
/// finishes the interrupted switch before its own.
#[test]
fn a_failed_switch_keeps_the_previous_set() {
    let p = Project::new();
    assert_eq!(run(&p, &["-q"]).status.code(), Some(0));
    let dir = p.out("2020-H1", "");
    let before = files_under(&dir);
    std::fs::write(dir.join("lich-su"), b"in the way").unwrap();
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    std::fs::write(p.inbox("2020-H1", "x.txt"), b"new").unwrap();
    let o = run(&p, &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (k, v) in &before {
        assert!(read(&dir.join(k)) == *v, "{k} changed");
    }
    std::fs::remove_file(dir.join("lich-su")).unwrap();
    let o = run(&p, &[]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("đã hoàn tất việc thay"), "{err}");
    // The first set went to lich-su/1, the interrupted one to lich-su/2.
    assert_eq!(
        read(&dir.join("lich-su/1/manifest.json")),
        before["manifest.json"]
    );
    assert!(dir.join("lich-su/2/manifest.json").is_file());
    let leftovers: Vec<String> = files_under(&dir)
        .into_keys()
        .filter(|k| k.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn strict_without_error_findings_exits_0() {
    let p = Project::new();
    assert_eq!(run(&p, &["-q", "--strict"]).status.code(), Some(0));
}

#[test]
fn a_cell_longer_than_excel_allows_is_cut_in_the_workbook_and_flagged() {
    use crate::util::task_header;
    let p = Project::new();
    let long = "Đã triển khai. ".repeat(3_000); // 45,000 characters
    let book = crate::util::sct_book()
        .sheet(
            "Nhiệm vụ",
            vec![
                task_header(),
                crate::row![1, "NV1.02", "", "Chủ trì", "Hoàn thành", 100, "DAI-QUA"],
            ],
        )
        .bytes_replacing("DAI-QUA", &long);
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    std::fs::write(p.inbox("2020-H1", "sct.xlsx"), book).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::util::text(&o).1);
    let kt = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    assert!(
        kt.lines()
            .any(|l| l.starts_with("T12,canh_bao,SCT,sct.xlsx,Nhiệm vụ,G2,")),
        "{kt}"
    );
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(p.out("2020-H1", "tong-hop-2020-H1.xlsx")).unwrap();
    let range = calamine::Reader::worksheet_range(&mut wb, "Nhiệm vụ").unwrap();
    let longest = range
        .rows()
        .flatten()
        .map(|c| c.to_string().chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest <= 32_767, "{longest}");
    // The text keeps its first 32,767 characters, over as many rows as it
    // needs (a row shows at most 409 points).
    let kept: usize = range
        .rows()
        .filter(|r| r.get(1).is_some_and(|c| *c == "NV1.02"))
        .map(|r| r.get(9).map_or(0, |c| c.to_string().chars().count() + 1))
        .sum();
    assert!(kept > 32_000 && kept < 33_000, "{kept}");
}

/// Whether the set in `dir` is complete: its manifest parses and every
/// output it lists is there with the recorded SHA-256, in `dir` or, for a
/// file identical to a later set's (kept once), in a later set of
/// `later` (newer `lich-su/<m>/`, then `out/<ky>/`).
fn set_is_complete(dir: &std::path::Path, later: &[std::path::PathBuf]) -> Result<(), String> {
    let bytes = std::fs::read(dir.join("manifest.json")).map_err(|e| format!("{e}"))?;
    let m: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| format!("{e}"))?;
    let outputs = m["dau_ra"].as_object().ok_or("no dau_ra")?;
    if outputs.is_empty() {
        return Err("empty dau_ra".into());
    }
    for (rel, sha) in outputs {
        let found = std::iter::once(dir)
            .chain(later.iter().map(|p| p.as_path()))
            .any(|d| {
                std::fs::read(d.join(rel)).is_ok_and(|b| {
                    Some(tonghop::write::manifest::sha256_hex(&b).as_str()) == sha.as_str()
                })
            });
        if !found {
            return Err(format!(
                "{rel}: missing or content differs from the manifest"
            ));
        }
    }
    Ok(())
}

/// The complete sets of a period: in place, and in each `lich-su/<n>/` that
/// is not being moved.
fn complete_sets(out: &std::path::Path) -> (bool, usize) {
    let here = out.join("manifest.json").exists();
    if here {
        set_is_complete(out, &[]).unwrap_or_else(|e| panic!("the set in place is broken: {e}"));
    }
    let mut sets: Vec<(u64, std::path::PathBuf)> = std::fs::read_dir(out.join("lich-su"))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let d = e.unwrap().path();
            let n = d.file_name()?.to_str()?.parse::<u64>().ok()?;
            Some((n, d))
        })
        .collect();
    sets.sort();
    let mut kept = 0;
    for (i, (_, d)) in sets.iter().enumerate() {
        if d.join(".dang-chuyen").exists() || !d.join("manifest.json").exists() {
            continue; // a move the next run finishes
        }
        let mut later: Vec<std::path::PathBuf> =
            sets[i + 1..].iter().map(|(_, p)| p.clone()).collect();
        later.push(out.to_path_buf());
        set_is_complete(d, &later).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        kept += 1;
    }
    (here, kept)
}

#[test]
fn runs_killed_at_random_moments_never_lose_the_last_complete_set() {
    use std::time::{Duration, Instant};
    let p = Project::new();
    // The demo inbox: enough files that a run takes a while to write.
    let src = crate::util::repo().join("inbox/2020-H1");
    crate::util::copy_dir(&src, &p.path().join("inbox/2020-H1"));
    let args = ["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"];
    let t = Instant::now();
    assert_eq!(p.run(&args).status.code(), Some(0));
    let full = t.elapsed();
    let out = p.out("2020-H1", "");
    assert_eq!(complete_sets(&out), (true, 0));

    // Kill runs at spread-out moments (fixed pseudo-random fractions of a
    // full run), then check what a clerk would find.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..6 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let frac = (seed % 1000) as f64 / 1000.0;
        let delay = full.mul_f64(0.2 + 0.9 * frac);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tonghop"))
            .args(args)
            .current_dir(p.path())
            .spawn()
            .unwrap();
        std::thread::sleep(delay.min(Duration::from_secs(20)));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let (here, kept) = complete_sets(&out);
        assert!(
            here || kept > 0,
            "round {round}: no complete set left after a kill at {delay:?}"
        );
    }
    // The next run repairs whatever was left and writes a complete set;
    // every earlier set is complete in lich-su/.
    assert_eq!(p.run(&args).status.code(), Some(0));
    for e in std::fs::read_dir(out.join("lich-su")).unwrap() {
        let d = e.unwrap().path();
        assert!(!d.join(".dang-chuyen").exists(), "{}", d.display());
    }
    // Every set, in place and in lich-su/, is complete.
    let (here, _) = complete_sets(&out);
    assert!(here);
    let staging: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(staging.is_empty(), "{staging:?}");
}

/// A clean SCT report for `period` whose CT08 (a `tong` indicator SCT
/// reports) has `ct08`.
pub(crate) fn sct_report(period: &str, date: crate::util::V, ct08: f64) -> crate::util::Book {
    use crate::util::{indicator_header, info_rows, Book};
    Book::new()
        .sheet(
            "Thông tin",
            info_rows("SCT", "Sở Công Thương", period, date),
        )
        .sheet(
            "Chỉ tiêu",
            vec![
                indicator_header(),
                crate::row![1, "CT08", "Số hội chợ", "hội chợ", ct08],
            ],
        )
}

#[test]
fn strict_exits_3_when_reports_have_errors() {
    let p = Project::new();
    // No task sheet: every task SCT leads is missing (T03, an error).
    sct_report("6 tháng đầu năm 2020", crate::util::V::D(2020, 6, 10), 5.0)
        .save(&p.inbox("2020-H1", "sct.xlsx"));
    let o = p.run(&[
        "run",
        "--ky",
        "2020-H1",
        "--ngay",
        "2020-06-30",
        "-q",
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o).1);
    // The outputs are written all the same.
    assert!(p.out("2020-H1", "kiem-tra.csv").exists());
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn annual_value_below_the_first_half_is_flagged_from_the_half_year_outputs() {
    let p = Project::new();
    sct_report("6 tháng đầu năm 2020", crate::util::V::D(2020, 6, 10), 12.0)
        .save(&p.inbox("2020-H1", "sct.xlsx"));
    sct_report("Năm 2020", crate::util::V::D(2020, 12, 10), 9.0).save(&p.inbox("2020", "sct.xlsx"));
    let kt = |ky: &str| std::fs::read_to_string(p.out(ky, "kiem-tra.csv")).unwrap();

    // Without the half-year outputs there is nothing to compare with.
    let o = p.run(&["run", "--ky", "2020", "--ngay", "2020-12-20", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    assert!(!kt("2020").contains("I04,"), "{}", kt("2020"));

    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let o = p.run(&["run", "--ky", "2020", "--ngay", "2020-12-20", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let line = kt("2020")
        .lines()
        .find(|l| l.starts_with("I04,"))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no I04 in {}", kt("2020")));
    assert!(
        line.starts_with("I04,canh_bao,SCT,sct.xlsx,Chỉ tiêu,B2,"),
        "{line}"
    );

    // An annual value at or above the half year is fine.
    sct_report("Năm 2020", crate::util::V::D(2020, 12, 11), 12.0)
        .save(&p.inbox("2020", "sct.xlsx"));
    let o = p.run(&["run", "--ky", "2020", "--ngay", "2020-12-20", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!kt("2020").contains("I04,"), "{}", kt("2020"));
}

#[test]
fn a_value_from_a_unit_not_asked_for_the_indicator_is_not_summed() {
    use crate::util::indicator_header;
    let p = Project::new();
    // CT01 (tong) is reported by SKHDT and BQLKKT, not by SCT.
    crate::util::sct_book()
        .sheet(
            "Chỉ tiêu",
            vec![
                indicator_header(),
                crate::row![1, "CT01", "Vốn FDI", "triệu USD", 1000],
                crate::row![2, "CT08", "Hội chợ", "hội chợ", 7],
            ],
        )
        .save(&p.inbox("2020-H1", "sct.xlsx"));
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let ct = std::fs::read_to_string(p.out("2020-H1", "du-lieu/chi-tieu.csv")).unwrap();
    assert!(ct.lines().any(|l| l == "CT01,TONG,,,,,"), "{ct}");
    assert!(ct.lines().any(|l| l == "CT08,TONG,7,,,,"), "{ct}");
    let kt = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    assert!(
        kt.lines()
            .any(|l| l.starts_with("I09,canh_bao,SCT,sct.xlsx,Chỉ tiêu,B2,")),
        "{kt}"
    );
}
