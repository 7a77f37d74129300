//! The labels of the consolidated workbook and the notes on marked cells.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::model::{Method, TaskState, UnitState};
/// Sheet names of `tong-hop-<ky>.xlsx`, in order.
pub const SHEET_SUMMARY: &str = "Tổng hợp";
/// Sheet "Nhiệm vụ".
pub const SHEET_TASKS: &str = "Nhiệm vụ";
/// Sheet "Chỉ tiêu".
pub const SHEET_INDICATORS: &str = "Chỉ tiêu";
/// Sheet "Khó khăn - Kiến nghị".
pub const SHEET_ISSUES: &str = "Khó khăn - Kiến nghị";
/// Sheet "Tình hình nộp".
pub const SHEET_SUBMISSION: &str = "Tình hình nộp";
/// Sheet "Kiểm tra".
pub const SHEET_FINDINGS: &str = "Kiểm tra";

/// The national title of the heading block (Decree 30/2020/NĐ-CP).
pub const NATION: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under it.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// The document kind, as the title's first line.
pub const REPORT_KIND: &str = "BÁO CÁO";

/// "Số:      /BC-SCT": the number line left blank for the office.
pub fn doc_number(consolidator: &str) -> String {
    format!("Số:        /BC-{consolidator}")
}

/// The place and date line: "Hải Phòng, ngày 30 tháng 6 năm 2020". Days
/// below 10 and the months January and February get a leading zero
/// (Decree 30/2020/NĐ-CP, Appendix I).
pub fn place_date(place: &str, d: NaiveDate) -> String {
    let day = if d.day() < 10 {
        format!("0{}", d.day())
    } else {
        d.day().to_string()
    };
    let month = if d.month() < 3 {
        format!("0{}", d.month())
    } else {
        d.month().to_string()
    };
    format!("{place}, ngày {day} tháng {month} năm {}", d.year())
}

/// The title line naming the plan.
pub fn report_title(plan_name: &str, number: &str, issued: Option<NaiveDate>) -> String {
    // A plan not numbered yet is named by its title alone.
    match crate::messages::plan_document(number, issued) {
        doc if doc.is_empty() => format!("Tổng hợp kết quả thực hiện {plan_name}"),
        doc => format!("Tổng hợp kết quả thực hiện {plan_name} (ban hành kèm theo {doc})"),
    }
}

/// The period line under the title.
pub fn report_period(label: &str, from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "Kỳ báo cáo: {label} (số liệu từ ngày {} đến ngày {})",
        from.format("%d/%m/%Y"),
        to.format("%d/%m/%Y")
    )
}

/// The title row of a table sheet.
pub fn sheet_title(what: &str, label: &str) -> String {
    format!("{} — {label}", what.to_uppercase())
}

/// Part headings of the sheet "Tổng hợp".
pub const PART_SUBMISSION: &str = "I. TÌNH HÌNH GỬI BÁO CÁO";
/// Part II.
pub const PART_TASKS: &str = "II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ";
/// Part III.
pub const PART_OVERDUE: &str = "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH";
/// Part IV.
pub const PART_INDICATORS: &str = "IV. MỘT SỐ CHỈ TIÊU CHỦ YẾU";

/// Header of the submission figures.
pub const SUBMISSION_HEADER: [&str; 2] = ["Nội dung", "Số lượng"];
/// Labels of the submission figures, in order: expected, sent, on time,
/// late, missing, excluded files, superseded files.
pub const SUBMISSION_LABELS: [&str; 7] = [
    "Số đơn vị phải báo cáo",
    "Số đơn vị đã gửi báo cáo được tổng hợp",
    "   trong đó: gửi đúng hạn",
    "   trong đó: gửi sau hạn",
    "Số đơn vị chưa gửi báo cáo",
    "Số tệp bị loại (không tổng hợp được)",
    "Số tệp được thay bằng báo cáo mới hơn",
];

/// "Đơn vị chưa gửi báo cáo: A, B."
pub fn missing_list(names: &[String]) -> String {
    format!("Đơn vị chưa gửi báo cáo: {}.", names.join("; "))
}

/// "Đơn vị đã gửi, không sử dụng được: A; B."
pub fn unusable_list(names: &[String]) -> String {
    format!("Đơn vị đã gửi, không sử dụng được: {}.", names.join("; "))
}

/// "Đơn vị gửi báo cáo sau hạn: A, B."
pub fn late_list(names: &[String]) -> String {
    format!("Đơn vị gửi báo cáo sau hạn: {}.", names.join("; "))
}

/// Header of the task counts by status.
pub const COUNTS_HEADER: [&str; 8] = [
    "Mục",
    "Tổng số nhiệm vụ",
    "Hoàn thành",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Thường xuyên",
    "Chưa có báo cáo của đơn vị chủ trì",
    "Quá hạn",
];
/// The whole plan row.
pub const COUNTS_ALL: &str = "Toàn kế hoạch";
/// The share row under each count row.
pub const COUNTS_SHARE: &str = "   Tỷ lệ (%)";

/// Header of the overdue tasks.
pub const OVERDUE_HEADER: [&str; 5] = [
    "Nhiệm vụ",
    "Thời hạn",
    "Tình trạng",
    "Tỷ lệ hoàn thành (%)",
    "Đơn vị chủ trì",
];
/// No overdue task.
pub const NO_OVERDUE: &str = "Không có nhiệm vụ quá hạn.";

/// Header of the indicator highlights.
pub const HIGHLIGHTS_HEADER: [&str; 8] = [
    "Chỉ tiêu",
    "Đơn vị tính",
    "Thực hiện kỳ báo cáo",
    "Cùng kỳ năm trước",
    "So với cùng kỳ (%)",
    "Kế hoạch năm",
    "Đạt so với kế hoạch năm (%)",
    "Số đơn vị báo cáo",
];

/// Header of the sheet "Nhiệm vụ".
pub const TASKS_HEADER: [&str; 11] = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn",
    "Tình trạng",
    "Tỷ lệ hoàn thành (%)",
    "Tiến độ",
    "Kết quả thực hiện",
    "Đơn vị chưa báo cáo",
];
/// The title of the sheet "Nhiệm vụ".
pub const TASKS_TITLE: &str = "Tình hình thực hiện nhiệm vụ";
/// An ongoing deadline.
pub const ONGOING: &str = "Thường xuyên";
/// "Quá hạn".
pub const OVERDUE: &str = "Quá hạn";
/// "Trong hạn".
pub const ON_SCHEDULE: &str = "Trong hạn";
/// The content cell of a task's continuation row ("Nhiệm vụ"), when its
/// results are longer than one row can show.
pub const CONTINUED: &str = "(tiếp theo)";
/// A task nobody reported on.
pub const NO_REPORT: &str = "Chưa có báo cáo";

/// The consolidated status as shown.
pub fn task_state(s: TaskState) -> &'static str {
    match s {
        TaskState::Status(s) => s.label(),
        TaskState::Invalid => "Tình trạng không hợp lệ",
        TaskState::NoLead => "Đơn vị chủ trì chưa báo cáo",
        TaskState::Unreported => NO_REPORT,
    }
}

/// One unit's result, prefixed with its name.
pub fn result_of(unit_name: &str, text: &str) -> String {
    format!("{unit_name}: {text}")
}

/// The note on a marked cell: the errors of the report rows behind it.
pub fn marked_note(errors: &[String]) -> String {
    if errors.is_empty() {
        "Dòng báo cáo này có lỗi (xem trang \"Kiểm tra\"); số liệu cần được đơn vị sửa lại."
            .to_string()
    } else {
        format!(
            "Dòng báo cáo có lỗi, số liệu cần được đơn vị sửa lại:\n{}",
            errors.join("\n")
        )
    }
}

/// The note on a results cell naming which units' rows have errors.
pub fn results_note(parts: &[(String, Vec<String>)]) -> String {
    let mut s = String::from("Dòng báo cáo có lỗi:");
    for (unit, errors) in parts {
        let _ = write!(s, "\n{unit}: ");
        if errors.is_empty() {
            s.push_str("xem trang \"Kiểm tra\"");
        } else {
            s.push_str(&errors.join("; "));
        }
    }
    s
}

/// The title of the sheet "Chỉ tiêu".
pub const INDICATORS_TITLE: &str = "Kết quả thực hiện các chỉ tiêu";
/// Header columns before the unit columns.
pub const INDICATORS_HEAD: [&str; 5] = [
    "STT",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Cách tổng hợp",
];
/// Header columns after the unit columns.
pub const INDICATORS_TAIL: [&str; 5] = [
    "Tổng hợp",
    "Kế hoạch năm",
    "Đạt so với kế hoạch năm (%)",
    "Cùng kỳ năm trước",
    "So với cùng kỳ (%)",
];

/// How an indicator is consolidated, in words.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Sum => "Tổng",
        Method::Mean => "Trung bình",
        Method::Max => "Lớn nhất",
        Method::Single => "Riêng một đơn vị",
    }
}

/// The note on a `rieng` value that is not used.
pub fn single_not_used(source: Option<&str>) -> String {
    match source {
        Some(s) => format!(
            "Chỉ tiêu lấy số liệu riêng của {s}; số liệu này chỉ để tham khảo, không được tính vào tổng hợp."
        ),
        None => "Chỉ tiêu lấy số liệu riêng của đơn vị đầu tiên trong danh sách báo cáo; số liệu này không được tính vào tổng hợp.".to_string(),
    }
}

/// The note on a `rieng` total naming its source.
pub fn single_source(name: &str) -> String {
    format!("Số liệu của {name}.")
}

/// The note on "same period last year" taken from last year's output.
pub const PREVIOUS_FROM_LAST_RUN: &str =
    "Lấy từ kết quả tổng hợp cùng kỳ năm trước (các đơn vị không ghi \"Cùng kỳ năm trước\").";

/// The note on a unit column's header.
pub fn unit_code_note(code: &str) -> String {
    format!("Mã đơn vị: {code}")
}

/// The title of the sheet "Khó khăn - Kiến nghị".
pub const ISSUES_TITLE: &str = "Khó khăn, vướng mắc và đề xuất, kiến nghị";
/// Header of the sheet "Khó khăn - Kiến nghị".
pub const ISSUES_HEADER: [&str; 6] = [
    "STT",
    "Đơn vị",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
];

/// The title of the sheet "Tình hình nộp".
pub const SUBMISSION_TITLE: &str = "Tình hình gửi báo cáo của các đơn vị";
/// Header of the sheet "Tình hình nộp".
pub const UNITS_HEADER: [&str; 9] = [
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tình trạng",
    "Tệp báo cáo",
    "Ngày báo cáo",
    "Thời gian gửi",
    "Số lỗi",
    "Số cảnh báo",
];

/// A unit's submission state.
pub fn unit_state(s: UnitState) -> &'static str {
    match s {
        UnitState::Counted => "Đã gửi",
        UnitState::Excluded => "Báo cáo bị loại",
        UnitState::Missing => "Chưa gửi",
    }
}

/// On time or late.
pub fn timeliness(late: bool) -> &'static str {
    if late {
        "Gửi sau hạn"
    } else {
        "Đúng hạn"
    }
}

/// The title of the sheet "Kiểm tra".
pub const FINDINGS_TITLE: &str = "Kết quả kiểm tra báo cáo";
/// Header of the sheet "Kiểm tra" (the columns of `kiem-tra.csv`).
pub const FINDINGS_HEADER: [&str; 8] = [
    "Mã lỗi",
    "Mức độ",
    "Mã đơn vị",
    "Tệp",
    "Trang tính",
    "Ô",
    "Thông báo",
    "Hướng dẫn sửa",
];

/// The workbook's document title.
pub fn workbook_title(label: &str) -> String {
    format!("Báo cáo tổng hợp {label}")
}
