//! Messages of the indicator rules (I01–I10).

use super::{row1, short};

pub(crate) fn i01_unknown(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: mã chỉ tiêu '{code}' không có trong kế hoạch")
}
pub(crate) fn i01_empty(cell: &str) -> String {
    format!("Ô {cell}: dòng có số liệu nhưng \"Mã chỉ tiêu\" để trống")
}
pub(crate) fn i02_not_number(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: số liệu '{value}' không phải là số")
}
pub(crate) fn i02_negative(cell: &str, value: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: số liệu '{value}' là số âm")
}
pub(crate) fn i03_measure(cell: &str, value: &str, plan: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: đơn vị tính '{value}' khác với kế hoạch ('{plan}')")
}
pub(crate) fn i04_below_half(code: &str, value: &str, half: &str) -> String {
    let code = short(code);
    let value = short(value);
    format!("Chỉ tiêu '{code}': số liệu cả năm {value} nhỏ hơn số liệu 6 tháng đầu năm {half}")
}
pub(crate) fn i05_outlier(code: &str, value: &str, previous: &str) -> String {
    let code = short(code);
    let value = short(value);
    format!("Chỉ tiêu '{code}': số liệu {value} chênh lệch quá 3 lần so với cùng kỳ năm trước {previous}")
}
pub(crate) fn i06_missing(code: &str) -> String {
    let code = short(code);
    format!("Thiếu dòng số liệu cho chỉ tiêu '{code}' đơn vị phải báo cáo")
}
pub(crate) fn i06_empty(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: chỉ tiêu '{code}' chưa có số liệu")
}
pub(crate) fn i10_not_collected(cell: &str, code: &str, typed: &str) -> String {
    let code = short(code);
    let typed = short(typed);
    format!("Ô {cell}: chỉ tiêu '{code}' ghi '{typed}' (chưa có số liệu); số liệu vẫn phải báo cáo")
}
pub(crate) fn i07_duplicate(cell: &str, code: &str, first_row: u32) -> String {
    let code = short(code);
    format!(
        "Ô {cell}: mã chỉ tiêu '{code}' đã có ở dòng {}; chỉ dòng {} được tính",
        row1(first_row),
        row1(first_row)
    )
}
/// I08: `value` as typed, the number it was read as and the one it would
/// be the other way.
pub(crate) fn i08_ambiguous(cell: &str, value: &str, read: f64, other: Option<f64>) -> String {
    format!("Ô {cell}: {}", ambiguous_number(value, read, other))
}

/// A number typed as text that reads both ways: the two readings in digits
/// without thousands separators, so that they cannot be mistaken for each
/// other ("22724", "22,724").
pub(crate) fn ambiguous_number(value: &str, read: f64, other: Option<f64>) -> String {
    let value = short(value);
    let plain = |v: f64| crate::text::format_number(v).replace('.', ",");
    match other {
        Some(o) => format!(
            "số '{value}' viết chưa rõ; đã đọc theo kiểu Việt Nam là {}, không phải {}",
            plain(read),
            plain(o)
        ),
        None => format!("số '{value}' viết chưa rõ; đã đọc là {}", plain(read)),
    }
}

/// I09: a unit reports an indicator the plan does not ask it for.
pub(crate) fn i09_not_a_reporter(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: kế hoạch không giao đơn vị báo cáo chỉ tiêu '{code}'; số liệu được ghi nhận nhưng không cộng vào tổng hợp")
}
