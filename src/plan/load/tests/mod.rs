//! Tests of the plan loader.

use super::*;
use crate::plan::PlanProblem as P;

/// The example plan with `file` replaced by `text`.
fn broken(file: &str, text: &str) -> (tempfile::TempDir, PlanErrors) {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    let e = load(dir.path()).unwrap_err();
    (dir, e)
}

/// The conditions, in order.
fn problems(e: &PlanErrors) -> Vec<P> {
    e.0.iter().map(|p| p.problem.clone()).collect()
}

/// A plan folder holding the example with `file` replaced by `bytes`.
fn example_with(file: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    std::fs::write(dir.path().join(file), bytes).unwrap();
    dir
}

/// The example's `ke-hoach.csv` with `from` replaced by `to`.
fn info_with(from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let f = dir.path().join("ke-hoach.csv");
    let kh = std::fs::read_to_string(&f).unwrap();
    assert!(kh.contains(from), "{from}");
    std::fs::write(&f, kh.replace(from, to)).unwrap();
    dir
}

/// (file name, line, column) of each error.
fn places(e: &PlanErrors) -> Vec<(String, u64, usize)> {
    e.0.iter()
        .map(|p| {
            let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
            (name, p.line.unwrap_or(0), p.column.unwrap_or(0))
        })
        .collect()
}

const UNITS: &str = "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n";

#[test]
fn the_example_loads() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let p = load(dir.path()).unwrap();
    assert_eq!(p.units.len(), 3);
    assert_eq!(p.tasks.len(), 2);
    assert_eq!(p.indicators.len(), 2);
    assert_eq!(p.sha256.len(), 4);
}

#[test]
fn missing_file_is_named_without_line() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    std::fs::remove_file(dir.path().join("chi-tieu.csv")).unwrap();
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("chi-tieu.csv".to_string(), 0, 0)]);
    assert_eq!(problems(&e), [P::MissingFile]);
    assert!(e.0[0]
        .to_string()
        .ends_with("chi-tieu.csv: không tìm thấy tệp"));
}

#[test]
fn wrong_header_names_the_missing_column() {
    let (_d, e) = broken(
        "don-vi.csv",
        "ma,ten,loại,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\nSCT,Sở Công Thương,so,,,,\n",
    );
    assert_eq!(places(&e), [("don-vi.csv".to_string(), 1, 0)]);
    assert!(
        matches!(&e.0[0].problem, P::MissingColumn { column, header }
            if column == "loai" && header[2] == "loại"),
        "{e:?}"
    );
}

#[test]
fn extra_columns_are_kept_for_units_and_ignored_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("don-vi.csv"),
        UNITS.trim_end().to_string()
            + ",email,so_fax\n"
            + "SCT,Sở Công Thương,so,,,,,sct@hp.gov.vn,123\nSTP,Sở Tư pháp,so,,,,,,\n\
               QHB,Quận,quan,,,2020-12-31,STP,,\n",
    )
    .unwrap();
    let p = load(dir.path()).unwrap();
    let sct = p.unit("SCT").unwrap();
    assert_eq!(
        sct.extra.get("email").map(String::as_str),
        Some("sct@hp.gov.vn")
    );
    assert_eq!(sct.extra.get("so_fax").map(String::as_str), Some("123"));
}

#[test]
fn duplicate_code_bad_kind_bad_date_all_at_once() {
    let (_d, e) = broken(
        "don-vi.csv",
        &format!(
            "{UNITS}SCT,Sở Công Thương,so,,,,\nSTP,Sở Tư pháp,So,,,,\nsct,Trùng,so,,,,\n\
             QHB,Quận Hồng Bàng,quan,,2020-13-01,,\n"
        ),
    );
    let p = places(&e);
    assert!(p.contains(&("don-vi.csv".into(), 3, 3)), "kind: {p:?}");
    assert!(p.contains(&("don-vi.csv".into(), 4, 1)), "duplicate: {p:?}");
    assert!(p.contains(&("don-vi.csv".into(), 5, 5)), "date: {p:?}");
    let pr = problems(&e);
    assert!(
        pr.contains(&P::DuplicateCode {
            code: "SCT".into(),
            first_line: 2
        }),
        "{pr:?}"
    );
    assert!(
        pr.contains(&P::BadDate {
            column: "hieu_luc_tu".into(),
            value: "2020-13-01".into()
        }),
        "{pr:?}"
    );
    assert!(
        pr.contains(&P::BadUnitKind { value: "So".into() }),
        "{pr:?}"
    );
}

#[test]
fn task_lead_that_does_not_exist() {
    let (_d, e) = broken(
        "nhiem-vu.csv",
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\nNV1,I,Việc,SXX,STP,thuong_xuyen,\n\
         NV2,I,Việc,SCT,,31/12/2019,\n",
    );
    assert_eq!(
        places(&e),
        [
            ("nhiem-vu.csv".to_string(), 2, 4),
            ("nhiem-vu.csv".to_string(), 3, 6)
        ]
    );
    assert_eq!(
        problems(&e),
        [
            P::UnknownUnit {
                column: "chu_tri".into(),
                code: "SXX".into()
            },
            P::BadDeadline {
                value: "31/12/2019".into()
            }
        ]
    );
}

#[test]
fn indicator_enums_and_numbers() {
    let (_d, e) = broken(
        "chi-tieu.csv",
        "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
         CT1,Lớp,lớp,cong,SCT,-2,len\n",
    );
    assert_eq!(
        places(&e),
        [
            ("chi-tieu.csv".to_string(), 2, 4),
            ("chi-tieu.csv".to_string(), 2, 6),
            ("chi-tieu.csv".to_string(), 2, 7)
        ]
    );
    assert_eq!(
        problems(&e),
        [
            P::BadMethod {
                value: "cong".into()
            },
            P::BadNumber {
                column: "ke_hoach_nam".into(),
                value: "-2".into()
            },
            P::BadDirection {
                value: "len".into()
            }
        ]
    );
}

#[test]
fn an_annual_target_that_reads_both_ways_loads_with_a_note() {
    let csv = "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
               CT1,Lớp,lớp,tong,SCT,1.234,tang\n\
               CT2,Tỷ lệ,%,trung_binh,SCT,\"2,5\",tang\n";
    let dir = example_with("chi-tieu.csv", csv.as_bytes());
    let p = load(dir.path()).unwrap();
    assert_eq!(p.indicator("CT1").unwrap().annual_target, Some(1234.0));
    assert_eq!(p.indicator("CT2").unwrap().annual_target, Some(2.5));
    assert_eq!(
        p.notes,
        [PlanNote::AmbiguousNumber {
            file: dir.path().join("chi-tieu.csv"),
            line: 2,
            column: "ke_hoach_nam",
            value: "1.234".into(),
        }]
    );
    let text = p.notes[0].to_string();
    assert!(
        text.ends_with(", dòng 2, cột 'ke_hoach_nam': số '1.234' viết chưa rõ; đã đọc theo kiểu Việt Nam là 1234, không phải 1,234; ghi rõ, ví dụ 1.234,0."),
        "{text}"
    );
}

#[test]
fn successor_cycle_and_unknown_successor() {
    let (_d, e) = broken(
        "don-vi.csv",
        &format!(
            "{UNITS}SCT,Sở Công Thương,so,,,2020-01-01,STP\nSTP,Sở Tư pháp,so,,,2020-01-01,SCT\n\
             QHB,Quận,quan,,,,SXX\n"
        ),
    );
    let pr = problems(&e);
    assert!(
        pr.iter().any(|p| matches!(p, P::SuccessorCycle { .. })),
        "{pr:?}"
    );
    assert!(
        pr.contains(&P::UnknownUnit {
            column: "thay_the_boi".into(),
            code: "SXX".into()
        }),
        "{pr:?}"
    );
    // The text still says what is wrong, in Vietnamese.
    let text = e.to_string();
    assert!(text.contains("quay vòng") && text.contains("SXX"), "{text}");
}

#[test]
fn nfd_text_is_normalised_and_bom_ignored() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let nfd = "Sở Tư pháp".chars().collect::<String>();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfd.as_str()).collect();
    let units = format!(
        "\u{feff}{UNITS}SCT,Sở Công Thương,so,,,,\nSTP,{nfd},so,,,,\nQHB,Quận,quan,,,2020-12-31,STP\n"
    );
    std::fs::write(dir.path().join("don-vi.csv"), units).unwrap();
    let p = load(dir.path()).unwrap();
    assert_eq!(p.unit("STP").unwrap().name, "Sở Tư pháp");
}

#[test]
fn consolidator_must_be_a_unit() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let kh = std::fs::read_to_string(dir.path().join("ke-hoach.csv")).unwrap();
    std::fs::write(
        dir.path().join("ke-hoach.csv"),
        kh.replace("co_quan_tong_hop,SCT", "co_quan_tong_hop,SYY"),
    )
    .unwrap();
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 7, 2)]);
    assert_eq!(
        problems(&e),
        [P::UnknownUnit {
            column: "co_quan_tong_hop".into(),
            code: "SYY".into()
        }]
    );
    assert!(e.to_string().contains("ke-hoach.csv:7:2:"), "{e}");
}

mod excel;
