use super::rows::{is_numbering_row, is_section_text};
use super::*;
use crate::read::{IndicatorCol, TaskCol};

#[test]
fn no_label_is_ruled_out_by_its_letters() {
    // Every accepted label, as printed or typed with numbering and marks,
    // goes past the letter count; a task's text does not.
    fn check<C: Column>() {
        for (c, variants) in C::LABELS {
            for v in *variants {
                for typed in [v.to_string(), format!("II. {v} (%)"), v.to_uppercase()] {
                    assert_eq!(
                        super::labels::cell_label::<C>(&crate::read::Raw::Text(typed.clone())),
                        Some(*c),
                        "{typed}"
                    );
                }
            }
        }
        let long = crate::read::Raw::Text(
            "Hoàn thiện hồ sơ trình phê duyệt đề án phát triển thương mại".into(),
        );
        assert_eq!(super::labels::cell_label::<C>(&long), None);
    }
    check::<TaskCol>();
    check::<IndicatorCol>();
}

#[test]
fn the_reader_accepts_every_label_the_form_prints() {
    for c in TaskCol::ALL {
        assert_eq!(
            match_label::<TaskCol>(&norm_label(c.label())),
            Some(c),
            "{c:?}"
        );
    }
    for c in IndicatorCol::ALL {
        assert_eq!(
            match_label::<IndicatorCol>(&norm_label(c.label())),
            Some(c),
            "{c:?}"
        );
    }
}

fn t(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

fn cells(vals: &[&str]) -> Cells {
    vals.iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, v)| (i as u32, t(v)))
        .collect()
}

#[test]
fn section_titles_in_the_code_column() {
    for s in [
        "TUYÊN TRUYỀN",
        "A. NHIỆM VỤ CHỦ TRÌ",
        "Phối hợp",
        "II",
        "IV.",
        "B",
        "Chủ trì",
    ] {
        assert!(is_section_text(&t(s)), "{s}");
    }
    for s in ["NV1.01", "nv1.01", "NV 12", "CT05", "NV3.6.04", "2.1"] {
        assert!(!is_section_text(&t(s)), "{s}");
    }
}

#[test]
fn text_too_long_for_a_label_matches_none() {
    let long = format!("Mã nhiệm vụ{}", " ".repeat(300));
    assert_eq!(norm_label(&long), "");
    assert_eq!(match_label::<TaskCol>(&norm_label(&long)), None);
}

#[test]
fn labels_normalise() {
    assert_eq!(norm_label("Tỷ lệ hoàn\nthành (%)"), "ty le hoan thanh");
    assert_eq!(norm_label("% hoàn thành"), "% hoan thanh");
    assert_eq!(norm_label("Khó khăn, vướng mắc"), "kho khan vuong mac");
    assert_eq!(norm_label("Mã  nhiệm\nvụ (*)"), "ma nhiem vu");
    assert_eq!(norm_label("1. Mã đơn vị:"), "ma don vi");
    assert_eq!(norm_label("Hoàn thành"), "hoan thanh");
    assert_eq!(norm_label("Kinh phí (triệu đồng)"), "kinh phi trieu dong");
}

#[test]
fn labels_match_whole() {
    let m = |s: &str| match_label::<IndicatorCol>(&norm_label(s));
    assert_eq!(m("Thực hiện"), Some(IndicatorCol::Value));
    assert_eq!(m("THỰC HIỆN KỲ BÁO CÁO"), Some(IndicatorCol::Value));
    assert_eq!(m("Kết quả thực hiện"), None);
    assert_eq!(m("Đơn vị phối hợp"), None);
    assert_eq!(m("So sánh cùng kỳ (%)"), None);
    assert_eq!(m("Cung ky nam truoc"), Some(IndicatorCol::PreviousYear));
    let t = |s: &str| match_label::<TaskCol>(&norm_label(s));
    assert_eq!(t("Tỷ lệ (%)"), Some(TaskCol::Share));
    assert_eq!(t("Hoàn thành"), None);
    assert_eq!(t("Kho khan, vuong mac"), Some(TaskCol::Difficulty));
    assert_eq!(t("Khó khăn, đề xuất"), None);
    assert_eq!(t("Tình hình triển khai"), None);
}

#[test]
fn two_row_header_combines_columns() {
    let rows = vec![
        (0, cells(&["Đơn vị báo cáo: Sở X"])),
        (
            1,
            cells(&[
                "STT",
                "Mã nhiệm vụ",
                "Nội dung",
                "Tình hình triển khai",
                "",
                "",
                "Khó khăn, đề xuất",
            ]),
        ),
        (
            2,
            cells(&[
                "",
                "",
                "",
                "Trạng thái",
                "Tỷ lệ hoàn thành (%)",
                "Kết quả thực hiện",
                "Khó khăn, vướng mắc",
                "De xuat, kien nghi",
            ]),
        ),
        (
            3,
            cells(&["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]),
        ),
    ];
    let h = find_header::<TaskCol>(&rows, true).unwrap();
    assert_eq!((h.first_row, h.last_row), (1, 2));
    assert_eq!(h.columns.get(&TaskCol::Code), Some(&1));
    assert_eq!(h.columns.get(&TaskCol::Status), Some(&3));
    assert_eq!(h.columns.get(&TaskCol::Share), Some(&4));
    assert_eq!(h.columns.get(&TaskCol::Result), Some(&5));
    assert_eq!(h.columns.get(&TaskCol::Difficulty), Some(&6));
    assert_eq!(h.columns.get(&TaskCol::Proposal), Some(&7));
    assert!(is_numbering_row(&rows[3].1));
}

#[test]
fn data_row_under_header_is_not_a_second_header() {
    let rows = vec![
        (0, cells(&["STT", "Mã nhiệm vụ", "Tình trạng", "Kết quả"])),
        (1, cells(&["1", "NV1.01", "Hoàn thành", "Xong việc"])),
    ];
    let h = find_header::<TaskCol>(&rows, true).unwrap();
    assert_eq!((h.first_row, h.last_row), (0, 0));
}

#[test]
fn section_rows_are_skipped() {
    let cols: BTreeMap<TaskCol, u32> = [
        (TaskCol::Number, 0),
        (TaskCol::Code, 1),
        (TaskCol::Content, 2),
        (TaskCol::Status, 3),
    ]
    .into_iter()
    .collect();
    assert!(data_row(5, &cells(&["A", "", "NHIỆM VỤ CHỦ TRÌ"]), &cols).is_none());
    assert!(data_row(5, &cells(&["A. NHIỆM VỤ CHỦ TRÌ"]), &cols).is_none());
    assert!(data_row(5, &cells(&["", "B. NHIỆM VỤ PHỐI HỢP"]), &cols).is_none());
    assert!(data_row(5, &cells(&["", "NV1.01"]), &cols).is_some());
    assert!(data_row(5, &cells(&["", "", "", "Hoàn thành"]), &cols).is_some());
    assert!(data_row(5, &cells(&["", "Mã nhiệm vụ", "", "Tình trạng"]), &cols).is_none());
}
