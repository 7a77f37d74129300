//! The texts of the feedback workbook.

use chrono::NaiveDate;

use super::day;

/// Title of the feedback workbook.
pub const FEEDBACK_TITLE: &str = "KẾT QUẢ KIỂM TRA BÁO CÁO";
/// Sheet name of the feedback workbook.
pub const FEEDBACK_SHEET: &str = "Phản hồi";
/// Shown when a report has no finding.
pub const FEEDBACK_VALID: &str = "Báo cáo hợp lệ";
/// Column headers of the feedback table.
pub const FEEDBACK_HEADERS: [&str; 7] = [
    "STT",
    "Tệp",
    "Trang tính",
    "Ô",
    "Mức độ",
    "Nội dung",
    "Cách sửa",
];

/// "Kế hoạch 1315/QĐ-UBND — 6 tháng đầu năm 2020".
/// `plan` is how the plan is named ([`plan_ref`](crate::messages::plan_ref)).
pub fn feedback_plan_line(plan: &str, period: &str) -> String {
    format!("{plan} — Kỳ báo cáo: {period}")
}
/// The feedback's deadline line: "Đề nghị gửi lại báo cáo đã sửa trước ngày
/// 07/07/2020 đến: x@y.gov.vn." (`to`: an address or the unit's name).
pub fn feedback_resubmit(due: NaiveDate, to: &str) -> String {
    format!(
        "Đề nghị gửi lại báo cáo đã sửa trước ngày {} đến: {to}.",
        day(due)
    )
}
/// "Nhiệm vụ NV1.01 (Xây dựng, triển khai…)".
pub fn feedback_task(code: &str, words: Option<&str>) -> String {
    match words {
        Some(w) if !w.is_empty() => format!("Nhiệm vụ {code} ({w})"),
        _ => format!("Nhiệm vụ {code}"),
    }
}
/// "Chỉ tiêu CT01 (Vốn đầu tư…)".
pub fn feedback_indicator(code: &str, words: Option<&str>) -> String {
    match words {
        Some(w) if !w.is_empty() => format!("Chỉ tiêu {code} ({w})"),
        _ => format!("Chỉ tiêu {code}"),
    }
}
/// A finding's message prefixed with what its row is about.
pub fn feedback_about(subject: &str, message: &str) -> String {
    format!("{subject}: {message}")
}
/// "Đơn vị: Sở Công Thương (SCT)".
pub fn feedback_unit_line(name: &str, code: &str) -> String {
    format!("Đơn vị: {name} ({code})")
}
/// "Ngày kiểm tra: 30/06/2020".
pub fn feedback_date_line(date: NaiveDate) -> String {
    format!("Ngày kiểm tra: {}", day(date))
}
/// The counts line.
pub fn counts_line(errors: usize, warnings: usize, infos: usize) -> String {
    format!("Kết quả: {errors} lỗi, {warnings} cảnh báo, {infos} thông tin")
}
/// What the unit must do, by whether there are errors.
pub fn feedback_advice(errors: usize) -> &'static str {
    if errors > 0 {
        "Đơn vị sửa các lỗi dưới đây và gửi lại báo cáo."
    } else {
        "Không có lỗi; đơn vị xem các cảnh báo (nếu có) và không cần gửi lại."
    }
}
