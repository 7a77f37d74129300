//! Messages of the file rules (F01–F15) and of the run (R01).

use chrono::NaiveDate;

use super::{day, short};
use crate::model::Skip;

pub(crate) fn f11_skipped(skip: &Skip) -> String {
    match skip {
        Skip::LockFile => "Tệp khóa tạm của Excel (tên bắt đầu bằng '~$'): bỏ qua".into(),
        Skip::Hidden => "Tệp ẩn hoặc tệp hệ thống: bỏ qua".into(),
        Skip::NotSpreadsheet => {
            "Tệp không phải bảng tính hay báo cáo đọc được (.xlsx, .xlsm, .xls, .xlsb, .ods, .docx, .csv): bỏ qua".into()
        }
        Skip::Unreachable(why) => format!("Không truy cập được tệp: {why}; bỏ qua"),
    }
}
/// Whether `sheet` is a table of a Word report as the reader names them
/// ("Bảng 2").
pub(crate) fn is_word_table(sheet: &str) -> bool {
    sheet
        .strip_prefix("Bảng ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Where a finding is in a Word table, in the clerk's words (1-based row
/// and column of the table's grid).
pub(crate) fn word_table_place(table: &str, row: u32, col: u32) -> String {
    format!(" ({table}, dòng {row}, cột {col})")
}

pub(crate) fn f01_unreadable(why: &str) -> String {
    format!("Không đọc được tệp: {why}")
}
/// F13; `tasks` for the task sheet, else the indicator sheet.
pub(crate) fn f13_two_sheets(tasks: bool, used: &str, others: &[String]) -> String {
    let what = if tasks { "Nhiệm vụ" } else { "Chỉ tiêu" };
    let others: Vec<String> = others.iter().map(|o| format!("'{o}'")).collect();
    format!(
        "Trang '{used}' và trang {} đều có thể là trang \"{what}\"; đã dùng trang '{used}' (nhiều dòng có số liệu hơn, hoặc đứng sau)",
        others.join(", ")
    )
}
/// F14; `what` names the cell ("F6", or a quoted label).
pub(crate) fn f14_formula(what: &str, formula: &str) -> String {
    if formula.is_empty() {
        format!("Ô {what} có công thức nhưng không có giá trị đã lưu")
    } else {
        let formula = short(formula);
        format!("Ô {what} có công thức ={formula} nhưng không có giá trị đã lưu")
    }
}
pub(crate) fn f12_limit(why: &str) -> String {
    format!("Tệp vượt giới hạn cho phép: {why}")
}
pub(crate) fn f02_no_table(sheets: &[String]) -> String {
    let list = if sheets.is_empty() {
        "không có trang tính nào".to_string()
    } else {
        sheets
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("Không tìm thấy bảng \"Nhiệm vụ\" hay bảng \"Chỉ tiêu\" theo tên cột (các trang tính trong tệp: {list})")
}
pub(crate) fn f03_no_unit() -> String {
    "Không xác định được đơn vị báo cáo: không có \"Mã đơn vị\" hay \"Tên đơn vị\", tiêu đề, tên tệp và tên thư mục cũng không nêu đơn vị nào của kế hoạch".into()
}
pub(crate) fn f03_several(units: &[String]) -> String {
    format!(
        "Không xác định được đơn vị báo cáo: không có \"Mã đơn vị\" hay \"Tên đơn vị\", và tiêu đề hoặc tên tệp nêu nhiều đơn vị ({})",
        units.join(", ")
    )
}
pub(crate) fn f04_unknown_code(code: &str) -> String {
    let code = short(code);
    format!("Mã đơn vị '{code}' không có trong danh sách đơn vị của kế hoạch")
}
pub(crate) fn f04_unknown_name(name: &str) -> String {
    let name = short(name);
    format!("Tên đơn vị '{name}' không có trong danh sách đơn vị của kế hoạch")
}
pub(crate) fn f04_not_in_force(code: &str, name: &str, period: &str) -> String {
    let code = short(code);
    let name = short(name);
    format!("Đơn vị '{name}' ({code}) không thuộc diện báo cáo kỳ {period} (chưa hoặc không còn hoạt động vào ngày chốt số liệu)")
}
pub(crate) fn f05_missing(expected: &str, has_info_sheet: bool) -> String {
    if has_info_sheet {
        format!("Thiếu \"Kỳ báo cáo\" trong trang \"Thông tin\"; kỳ đang tổng hợp là '{expected}'")
    } else {
        format!("Không có trang \"Thông tin\" ghi \"Kỳ báo cáo\" (chương trình chỉ đọc kỳ báo cáo ở trang này); kỳ đang tổng hợp là '{expected}'")
    }
}
pub(crate) fn f05_unreadable(value: &str, expected: &str) -> String {
    let value = short(value);
    format!("\"Kỳ báo cáo\" ghi '{value}' không phải kỳ báo cáo hợp lệ; kỳ đang tổng hợp là '{expected}'")
}
pub(crate) fn f05_other(value: &str, found: &str, expected: &str) -> String {
    let value = short(value);
    format!("\"Kỳ báo cáo\" ghi '{value}' ({found}), không phải kỳ đang tổng hợp '{expected}'")
}
pub(crate) fn f06_merged_note(old_code: &str, old_name: &str) -> String {
    format!(" (tệp này gửi dưới tên '{old_name}' ({old_code}), đơn vị đã sáp nhập, nên được tính cho đơn vị tiếp nhận như báo cáo của chính đơn vị đó)")
}
pub(crate) fn f06_superseded(winner: &str, date: Option<NaiveDate>) -> String {
    let winner = short(winner);
    match date {
        Some(d) => format!(
            "Đơn vị đã có báo cáo khác được tính: '{winner}' (ngày báo cáo {}); tệp này không được tính",
            day(d)
        ),
        None => format!("Đơn vị đã có báo cáo khác được tính: '{winner}'; tệp này không được tính"),
    }
}
pub(crate) fn f07_late(date: NaiveDate, due: NaiveDate, by_file_time: bool) -> String {
    if by_file_time {
        format!(
            "Báo cáo không ghi ngày; theo thời gian của tệp ({}) báo cáo gửi sau hạn {}",
            day(date),
            day(due)
        )
    } else {
        format!("\"Ngày báo cáo\" {} sau hạn nộp {}", day(date), day(due))
    }
}
pub(crate) fn f08_missing() -> String {
    "Thiếu \"Ngày báo cáo\"".into()
}
pub(crate) fn f08_not_date(value: &str) -> String {
    let value = short(value);
    format!("\"Ngày báo cáo\" ghi '{value}' không phải là ngày (cần dạng dd/mm/yyyy)")
}
pub(crate) fn f09_missing_column(label: &str, sheet: &str) -> String {
    format!("Trang '{sheet}' thiếu cột bắt buộc \"{label}\"")
}
pub(crate) fn f10_merged(old_code: &str, old_name: &str, new_code: &str, new_name: &str) -> String {
    let old_name = short(old_name);
    format!("Báo cáo gửi dưới tên '{old_name}' ({old_code}), đơn vị đã sáp nhập; được tính cho '{new_name}' ({new_code})")
}
/// F15: `cells` cells of the file were typed in a legacy font (`encoding`
/// "TCVN3" or "VNI") and converted; `first` names the first one.
pub(crate) fn f15_converted(
    encoding: &str,
    cells: usize,
    first_sheet: &str,
    first_cell: &str,
) -> String {
    let first_sheet = short(first_sheet);
    format!(
        "Tệp gõ bằng phông chữ cũ (bảng mã {encoding}): đã chuyển {cells} ô sang Unicode, ô đầu tiên là {first_cell} trang '{first_sheet}'. Lần sau nên dùng phông chữ Unicode như Times New Roman"
    )
}

// ---- the run ----------------------------------------------------------------

pub(crate) fn r01_missing(code: &str, name: &str, period: &str) -> String {
    let code = short(code);
    let name = short(name);
    format!("Đơn vị '{name}' ({code}) chưa gửi báo cáo kỳ {period}")
}
