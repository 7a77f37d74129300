use super::*;

#[test]
fn line_counts() {
    assert_eq!(line_count("", 10.0), 1);
    assert_eq!(line_count("abc", 10.0), 1);
    assert_eq!(line_count("a".repeat(23).as_str(), 10.0), 2);
    assert_eq!(line_count("a".repeat(30).as_str(), 10.0), 3);
    assert_eq!(line_count("a\nb", 10.0), 2);
}

#[test]
fn file_names_are_safe() {
    assert_eq!(form_file_name("SCT"), "SCT.xlsx");
    assert_eq!(form_file_name("A/B"), "A_B.xlsx");
    assert_eq!(form_file_name("../X"), "___X.xlsx");
}

#[test]
fn validation_texts_fit_excel_limits() {
    let d = NaiveDate::from_ymd_opt(2020, 6, 15).unwrap_or_default();
    let all = [
        m::form_date_validation(d, d, d).to_vec(),
        m::form_status_validation(&["Hoàn thành", "Đang thực hiện", "Chưa thực hiện"], false)
            .to_vec(),
        m::form_status_validation(
            &[
                "Hoàn thành",
                "Đang thực hiện",
                "Chưa thực hiện",
                "Thường xuyên",
            ],
            true,
        )
        .to_vec(),
        m::form_share_validation().to_vec(),
        m::form_value_validation().to_vec(),
        m::form_result_input().to_vec(),
    ];
    for texts in all {
        assert!(texts[0].encode_utf16().count() <= 32, "{}", texts[0]);
        for t in &texts[1..] {
            assert!(t.encode_utf16().count() <= 255, "{t}");
        }
    }
}
