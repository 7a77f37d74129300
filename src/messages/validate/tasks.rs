//! Messages of the task rules (T01–T12).

use chrono::NaiveDate;

use super::{day, row1, short};

pub(crate) fn t01_unknown(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: mã nhiệm vụ '{code}' không có trong kế hoạch")
}
pub(crate) fn t01_empty(cell: &str) -> String {
    format!("Ô {cell}: dòng có số liệu nhưng \"Mã nhiệm vụ\" để trống")
}
pub(crate) fn t02_not_assigned(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: đơn vị không chủ trì cũng không phối hợp nhiệm vụ '{code}'")
}
pub(crate) fn t03_missing(code: &str, lead: bool) -> String {
    let code = short(code);
    let role = if lead { "chủ trì" } else { "phối hợp" };
    format!("Thiếu dòng báo cáo cho nhiệm vụ '{code}' (đơn vị {role})")
}
/// The accepted statuses, for T04.
pub const STATUS_LIST: &str = "Hoàn thành, Đang thực hiện, Chưa thực hiện, Thường xuyên";
pub(crate) fn t04_empty(cell: &str) -> String {
    format!("Ô {cell}: \"Tình trạng\" để trống (chọn một trong: {STATUS_LIST})")
}
pub(crate) fn t04_invalid(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: tình trạng '{value}' không thuộc danh mục ({STATUS_LIST})")
}
pub(crate) fn t05_not_number(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: tỷ lệ hoàn thành '{value}' không phải là số")
}
pub(crate) fn t05_out_of_range(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: tỷ lệ hoàn thành '{value}' ngoài khoảng 0–100")
}
pub(crate) fn t06_mismatch(cell: &str, status: &str, share: &str) -> String {
    let mut m = format!("Ô {cell}: tình trạng '{status}' không khớp với tỷ lệ hoàn thành {share}%");
    if share == "1" {
        // Excel stores 100% typed in a percent-formatted cell as 1.
        m.push_str(" (nếu ô định dạng phần trăm thì 100% được lưu thành 1: hãy ghi số 100)");
    }
    m
}
pub(crate) fn t07_empty(cell: &str, status: &str) -> String {
    if status.is_empty() {
        format!("Ô {cell}: \"Kết quả thực hiện\" để trống")
    } else {
        format!("Ô {cell}: \"Kết quả thực hiện\" để trống cho nhiệm vụ có tình trạng '{status}'")
    }
}
pub(crate) fn t08_duplicate(cell: &str, code: &str, first_row: u32) -> String {
    let code = short(code);
    format!(
        "Ô {cell}: mã nhiệm vụ '{code}' đã có ở dòng {}",
        row1(first_row)
    )
}
pub(crate) fn t09_error(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: ô chứa lỗi công thức '{value}'")
}
pub(crate) fn t10_ongoing(cell: &str, code: &str, deadline: NaiveDate) -> String {
    let code = short(code);
    format!(
        "Ô {cell}: ghi \"Thường xuyên\" cho nhiệm vụ '{code}' có thời hạn {}",
        day(deadline)
    )
}
pub(crate) fn t11_overdue(code: &str, deadline: NaiveDate, status: &str) -> String {
    let code = short(code);
    let s = if status.is_empty() {
        "chưa ghi tình trạng".to_string()
    } else {
        format!("tình trạng '{status}'")
    };
    format!(
        "Nhiệm vụ '{code}' có thời hạn {} đã quá hạn mà chưa hoàn thành ({s})",
        day(deadline)
    )
}

/// T12: a text longer than Excel's cell limit.
pub fn t12_too_long(cell: &str, chars: usize) -> String {
    format!(
        "Ô {cell}: nội dung dài {chars} ký tự, vượt giới hạn 32.767 ký tự của một ô Excel; bảng tổng hợp chỉ giữ phần đầu"
    )
}
