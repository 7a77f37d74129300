//! Messages of the validate stage: one function a finding, naming the value
//! in quotes, plus the texts of the feedback workbook, `status` and `check`.

use chrono::NaiveDate;

use crate::model::{FileStatus, Skip};

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn row1(row: u32) -> u64 {
    row as u64 + 1
}

// ---- files ----------------------------------------------------------------

/// A value from a report as a message quotes it: at most 100 characters,
/// then "…". A hostile cell of 40,000 characters must not become a message
/// of 40,000 characters.
fn short(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 100;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
        None => std::borrow::Cow::Borrowed(s),
    }
}

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

// ---- tasks ----------------------------------------------------------------

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

// ---- indicators -----------------------------------------------------------

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
pub(crate) fn i07_duplicate(cell: &str, code: &str, first_row: u32) -> String {
    let code = short(code);
    format!(
        "Ô {cell}: mã chỉ tiêu '{code}' đã có ở dòng {}; chỉ dòng {} được tính",
        row1(first_row),
        row1(first_row)
    )
}
pub(crate) fn i08_ambiguous(cell: &str, value: &str, read: &str) -> String {
    let value = short(value);
    format!("Ô {cell}: số '{value}' viết chưa rõ; đã đọc là {read}")
}

// ---- the run ----------------------------------------------------------------

pub(crate) fn r01_missing(code: &str, name: &str, period: &str) -> String {
    let code = short(code);
    let name = short(name);
    format!("Đơn vị '{name}' ({code}) chưa gửi báo cáo kỳ {period}")
}

// ---- feedback workbook ------------------------------------------------------

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
/// `plan` is how the plan is named ([`plan_ref`](super::plan_ref)).
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

// ---- status and check -------------------------------------------------------

/// A heading of a `status` group, with its count.
pub fn status_group(title: &str, n: usize) -> String {
    format!("{title} ({n}):")
}
/// Group title: sent on time.
pub const STATUS_ON_TIME: &str = "Đã gửi đúng hạn";
/// Group title: sent late.
pub const STATUS_LATE: &str = "Đã gửi muộn";
/// Group title: missing.
pub const STATUS_MISSING: &str = "Chưa gửi";
/// Group title: excluded files.
pub const STATUS_EXCLUDED: &str = "Tệp bị loại";
/// Group title: superseded files.
pub const STATUS_SUPERSEDED: &str = "Tệp bị thay thế bởi báo cáo mới hơn";
/// Group title: skipped files.
pub const STATUS_SKIPPED: &str = "Tệp bỏ qua";
/// One counted report in `status`.
pub fn status_sent_line(code: &str, name: &str, rel: &str, date: Option<NaiveDate>) -> String {
    format!(
        "  {code:<8} {name} — tệp '{rel}', ngày báo cáo {}",
        date_or_dash(date)
    )
}
/// One missing unit in `status`.
pub fn status_missing_line(code: &str, name: &str) -> String {
    format!("  {code:<8} {name}")
}
/// One file set aside in `status`.
pub fn status_file_line(rel: &str, unit: Option<&str>, rule: &str, message: &str) -> String {
    match unit {
        Some(u) => format!("  '{rel}' ({u}) — {rule}: {message}"),
        None => format!("  '{rel}' — {rule}: {message}"),
    }
}
/// The summary line of `status`.
pub fn status_summary(
    expected: usize,
    sent: usize,
    on_time: usize,
    late: usize,
    missing: usize,
    excluded: usize,
) -> String {
    format!("Phải báo cáo: {expected}; đã gửi: {sent} (đúng hạn: {on_time}, muộn: {late}); chưa gửi: {missing}; tệp bị loại: {excluded}")
}
/// The report date as shown by `status`, or a dash.
pub fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_else(|| "—".into())
}

/// `check`: the file line.
pub fn check_file_line(path: &str) -> String {
    format!("Tệp: {path}")
}
/// `check`: the unit the report was read as.
pub fn check_unit_line(code: &str, name: &str, sent_as: Option<(&str, &str)>) -> String {
    match sent_as {
        Some((c, n)) => format!("Đơn vị: {name} ({code}); gửi dưới tên {n} ({c})"),
        None => format!("Đơn vị: {name} ({code})"),
    }
}
/// `check`: no unit identified.
pub const CHECK_NO_UNIT: &str = "Đơn vị: không xác định được";
/// `check`: the period the report was checked against.
pub fn check_period_line(label: &str, code: &str) -> String {
    format!("Kỳ báo cáo: {label} ({code})")
}
/// `check`: what the batch would do with the file.
pub fn check_status_line(status: FileStatus, rule: Option<&str>) -> String {
    let rule = rule.map(|r| format!(" ({r})")).unwrap_or_default();
    match status {
        FileStatus::Counted => "Tình trạng: báo cáo được tính khi tổng hợp".into(),
        FileStatus::Superseded => format!("Tình trạng: bị thay thế bởi báo cáo mới hơn{rule}"),
        FileStatus::Excluded => format!("Tình trạng: bị loại khỏi tổng hợp{rule}"),
        FileStatus::Skipped => format!("Tình trạng: bỏ qua, không phải báo cáo{rule}"),
    }
}
/// `check`: one finding line.
pub fn check_finding_line(
    severity: &str,
    rule: &str,
    place: &str,
    message: &str,
    hint: &str,
) -> String {
    if place.is_empty() {
        format!("  [{severity}] {rule}: {message} — {hint}")
    } else {
        format!("  [{severity}] {rule} {place}: {message} — {hint}")
    }
}

/// T12: a text longer than Excel's cell limit.
pub fn t12_too_long(cell: &str, chars: usize) -> String {
    format!(
        "Ô {cell}: nội dung dài {chars} ký tự, vượt giới hạn 32.767 ký tự của một ô Excel; bảng tổng hợp chỉ giữ phần đầu"
    )
}

/// I09: a unit reports an indicator the plan does not ask it for.
pub(crate) fn i09_not_a_reporter(cell: &str, code: &str) -> String {
    let code = short(code);
    format!("Ô {cell}: kế hoạch không giao đơn vị báo cáo chỉ tiêu '{code}'; số liệu được ghi nhận nhưng không cộng vào tổng hợp")
}

#[cfg(test)]
mod tests {
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
            i08_ambiguous("E6", "1.234", "1234"),
            "Ô E6: số '1.234' viết chưa rõ; đã đọc là 1234"
        );
        assert_eq!(
            f09_missing_column("Kết quả thực hiện", "Nhiệm vụ"),
            "Trang 'Nhiệm vụ' thiếu cột bắt buộc \"Kết quả thực hiện\""
        );
    }
}
