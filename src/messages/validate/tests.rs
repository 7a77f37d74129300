use super::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

#[test]
fn messages_word_for_word() {
    assert_eq!(
        t04_invalid("E10", "Tốt"),
        "Ô E10: tình trạng 'Tốt' không thuộc danh mục (Hoàn thành, Đang thực hiện, Chưa thực hiện, Thường xuyên)"
    );
    assert_eq!(
        t08_duplicate("B13", "NV1.02", 11),
        "Ô B13: mã nhiệm vụ 'NV1.02' đã có ở dòng 12"
    );
    assert_eq!(
        f10_merged("QHB", "Quận Hồng Bàng", "STP", "Sở Tư pháp"),
        "Báo cáo gửi dưới tên 'Quận Hồng Bàng' (QHB), đơn vị đã sáp nhập; được tính cho 'Sở Tư pháp' (STP)"
    );
    assert_eq!(
        f07_late(d(2020, 6, 16), d(2020, 6, 15), false),
        "\"Ngày báo cáo\" 16/06/2020 sau hạn nộp 15/06/2020"
    );
    assert_eq!(
        i08_ambiguous("E6", "1.234", 1234.0, Some(1.234)),
        "Ô E6: số '1.234' viết chưa rõ; đã đọc theo kiểu Việt Nam là 1234, không phải 1,234"
    );
    assert_eq!(
        i08_ambiguous("E6", "22,724", 22.724, Some(22724.0)),
        "Ô E6: số '22,724' viết chưa rõ; đã đọc theo kiểu Việt Nam là 22,724, không phải 22724"
    );
    assert_eq!(
        f09_missing_column("Kết quả thực hiện", "Nhiệm vụ"),
        "Trang 'Nhiệm vụ' thiếu cột bắt buộc \"Kết quả thực hiện\""
    );
}
