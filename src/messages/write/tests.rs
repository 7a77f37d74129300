use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::model::Submission;

#[test]
fn date_line_follows_decree_30() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        place_date("Hải Phòng", d(2020, 6, 30)),
        "Hải Phòng, ngày 30 tháng 6 năm 2020"
    );
    assert_eq!(
        place_date("Hải Phòng", d(2020, 2, 5)),
        "Hải Phòng, ngày 05 tháng 02 năm 2020"
    );
    assert_eq!(
        place_date("Hải Phòng", d(2020, 12, 15)),
        "Hải Phòng, ngày 15 tháng 12 năm 2020"
    );
}

#[test]
fn summary_names_units_and_outputs() {
    let sub = Submission {
        expected: 3,
        sent: 2,
        on_time: 1,
        late: 1,
        missing: 1,
        excluded: 1,
        errors: 4,
        warnings: 2,
        ..Default::default()
    };
    let s = Summary {
        plan: "1315/QĐ-UBND",
        period: "6 tháng đầu năm 2020",
        submission: &sub,
        files: 5,
        missing: vec!["Sở Xây dựng".into()],
        late: vec!["Sở Tư pháp".into()],
        twice: vec!["Sở Công Thương".into()],
        out: Path::new("out/2020-H1"),
        outputs: vec!["tong-hop-2020-H1.xlsx".into()],
    };
    assert_eq!(
        summary(&s),
        "Tổng hợp kế hoạch 1315/QĐ-UBND — 6 tháng đầu năm 2020\n\
         \x20 Báo cáo được tổng hợp: 2/3 đơn vị (đúng hạn 1, gửi sau hạn 1); chưa gửi: 1\n\
         \x20 Tệp trong thư mục nhận: 5 (bị loại 1, được thay bằng bản mới hơn 0, bỏ qua 0)\n\
         \x20 Lỗi: 4; cảnh báo: 2\n\
         \x20 Chưa gửi: Sở Xây dựng\n\
         \x20 Gửi sau hạn: Sở Tư pháp\n\
         \x20 Gửi nhiều lần (tính bản mới nhất): Sở Công Thương\n\
         \x20 Kết quả ghi vào 'out/2020-H1':\n\
         \x20   tong-hop-2020-H1.xlsx\n"
    );
}

#[test]
fn changes_use_status_labels() {
    let c = crate::model::Changes {
        previous_set: "lich-su/1".into(),
        newly_counted: vec![crate::model::UnitRef {
            ma_don_vi: "SXD".into(),
            ten_don_vi: "Sở Xây dựng".into(),
        }],
        status_moves: vec![crate::model::Move {
            task: "NV1.01".into(),
            unit: "SCT".into(),
            unit_name: "Sở Công Thương".into(),
            before: "dang_thuc_hien".into(),
            after: "hoan_thanh".into(),
            share_before: Some("50".into()),
            share_after: Some("100".into()),
        }],
        ..Default::default()
    };
    assert_eq!(
        changes(&c),
        "  So với lần chạy trước (đã chuyển vào lich-su/1):\n\
         \x20   Đơn vị mới được tổng hợp: Sở Xây dựng\n\
         \x20   Nhiệm vụ NV1.01 (Sở Công Thương): Đang thực hiện 50% → Hoàn thành 100%\n\
         \x20   Lỗi và cảnh báo đã hết: 0; mới phát hiện: 0\n"
    );
}
