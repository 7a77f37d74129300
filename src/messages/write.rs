//! Messages of the write stage: the labels of the consolidated workbook, the
//! notes on marked cells, the run's progress, summary and changes, and the
//! errors of the output folder.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::model::{Method, Status, Submission, TaskState, UnitState};

// ---- the consolidated workbook --------------------------------------------

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
    match super::plan_document(number, issued) {
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

// ---- the run ---------------------------------------------------------------

/// The progress bar's message.
pub const PROGRESS_READING: &str = "Đang đọc báo cáo";

/// A plain progress line (no terminal).
pub fn progress_line(done: usize, total: usize, rel: &str) -> String {
    format!("Đã đọc {done}/{total}: {rel}")
}

/// Another run of the same period holds the lock.
pub fn busy(dir: &Path) -> String {
    format!(
        "đang có một lần chạy khác tổng hợp vào '{}'; chờ lần chạy đó xong rồi chạy lại",
        dir.display()
    )
}

/// Recovery: a complete set staged by an interrupted run was moved in.
pub fn recovered_set() -> String {
    "Lần chạy trước bị ngắt khi đang thay kết quả; đã hoàn tất việc thay (kết quả cũ ở lich-su/)."
        .to_string()
}

/// Recovery: an incomplete staging folder was removed.
pub fn recovered_staging() -> String {
    "Lần chạy trước bị ngắt khi đang ghi; đã xóa phần ghi dở, kết quả cũ giữ nguyên.".to_string()
}

/// Recovery: a half-moved previous set was moved back.
pub fn recovered_previous() -> String {
    "Lần chạy trước bị ngắt khi đang chuyển kết quả cũ vào lich-su/; đã đưa kết quả cũ về chỗ cũ."
        .to_string()
}

/// "phan-hoi/ (12 tệp phản hồi)".
pub fn feedback_count(n: usize) -> String {
    format!("phan-hoi/ ({n} tệp phản hồi cho đơn vị)")
}

/// The previous set moved to the history.
pub fn history_moved(h: &str) -> String {
    format!("{h}/ (kết quả lần chạy trước)")
}

/// The label of a status code of the data exports, or the code itself.
fn status_word(code: &str) -> &str {
    if code.is_empty() {
        return "(trống)";
    }
    if code == crate::model::NO_REPORT {
        return "chưa có báo cáo";
    }
    Status::ALL
        .iter()
        .find(|s| s.code() == code)
        .map_or(code, |s| s.label())
}

/// The summary printed at the end of a run.
pub struct Summary<'a> {
    /// Plan number (`so_hieu`), empty when the plan is not numbered yet.
    pub plan: &'a str,
    /// Period label.
    pub period: &'a str,
    /// Figures.
    pub submission: &'a Submission,
    /// Files found in the inbox.
    pub files: usize,
    /// Names of the missing units.
    pub missing: Vec<String>,
    /// Late units' names.
    pub late: Vec<String>,
    /// Names of units that sent more than one report.
    pub twice: Vec<String>,
    /// The output folder.
    pub out: &'a Path,
    /// The main output files, relative to `out`.
    pub outputs: Vec<String>,
}

/// The end-of-run summary, several lines.
pub fn summary(s: &Summary<'_>) -> String {
    let f = s.submission;
    let mut o = String::new();
    if s.plan.trim().is_empty() {
        // A plan whose document is not numbered yet.
        let _ = writeln!(o, "Tổng hợp kết quả — {}", s.period);
    } else {
        let _ = writeln!(o, "Tổng hợp kế hoạch {} — {}", s.plan, s.period);
    }
    let _ = writeln!(
        o,
        "  Báo cáo được tổng hợp: {}/{} đơn vị (đúng hạn {}, gửi sau hạn {}); chưa gửi: {}",
        f.sent, f.expected, f.on_time, f.late, f.missing
    );
    let _ = writeln!(
        o,
        "  Tệp trong thư mục nhận: {} (bị loại {}, được thay bằng bản mới hơn {}, bỏ qua {})",
        s.files, f.excluded, f.superseded, f.skipped
    );
    let _ = writeln!(o, "  Lỗi: {}; cảnh báo: {}", f.errors, f.warnings);
    if !s.missing.is_empty() {
        let _ = writeln!(o, "  Chưa gửi: {}", s.missing.join("; "));
    }
    if !s.late.is_empty() {
        let _ = writeln!(o, "  Gửi sau hạn: {}", s.late.join("; "));
    }
    if !s.twice.is_empty() {
        let _ = writeln!(
            o,
            "  Gửi nhiều lần (tính bản mới nhất): {}",
            s.twice.join("; ")
        );
    }
    let _ = writeln!(o, "  Kết quả ghi vào '{}':", s.out.display());
    for p in &s.outputs {
        let _ = writeln!(o, "    {p}");
    }
    o
}

/// The changes since the previous run, several lines: reports new and
/// replaced, units newly counted, values, statuses and shares that moved,
/// findings resolved and new, each named; "không có thay đổi" when nothing
/// changed.
pub fn changes(c: &crate::model::Changes) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "  So với lần chạy trước (đã chuyển vào {}):",
        c.previous_set
    );
    if c.is_empty() {
        let _ = writeln!(o, "    không có thay đổi");
        return o;
    }
    let day = |d: &Option<String>| match d {
        Some(d) => format!(" (ngày {})", iso_to_vi(d)),
        None => String::new(),
    };
    for r in &c.new_reports {
        let _ = match &r.tep_cu {
            Some(old) => writeln!(
                o,
                "    Báo cáo thay thế: {}: {}{} → {}{}",
                r.unit.ten_don_vi,
                old,
                day(&r.ngay_cu),
                r.tep_moi,
                day(&r.ngay_moi)
            ),
            None => writeln!(
                o,
                "    Báo cáo mới: {}: {}{}",
                r.unit.ten_don_vi,
                r.tep_moi,
                day(&r.ngay_moi)
            ),
        };
    }
    let names = |v: &[crate::model::UnitRef]| {
        v.iter()
            .map(|u| u.ten_don_vi.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.newly_counted.is_empty() {
        let _ = writeln!(
            o,
            "    Đơn vị mới được tổng hợp: {}",
            names(&c.newly_counted)
        );
    }
    if !c.no_longer_counted.is_empty() {
        let _ = writeln!(
            o,
            "    Đơn vị không còn được tổng hợp: {}",
            names(&c.no_longer_counted)
        );
    }
    let value = |v: Option<f64>| v.map_or_else(|| "(trống)".to_string(), super::number_vi);
    for v in &c.values {
        let who = if v.don_vi.is_empty() {
            String::new()
        } else {
            format!(" (số liệu thay đổi: {})", v.don_vi.join(", "))
        };
        let _ = writeln!(
            o,
            "    Chỉ tiêu {} {}: {} → {}{}",
            v.ma_chi_tieu,
            v.ten_chi_tieu,
            value(v.truoc),
            value(v.sau),
            who
        );
    }
    for m in &c.status_moves {
        let share = |s: &Option<String>| s.as_ref().map_or(String::new(), |x| format!(" {x}%"));
        let _ = writeln!(
            o,
            "    Nhiệm vụ {} ({}): {}{} → {}{}",
            m.task,
            if m.unit_name.is_empty() {
                &m.unit
            } else {
                &m.unit_name
            },
            status_word(&m.before),
            share(&m.share_before),
            status_word(&m.after),
            share(&m.share_after),
        );
    }
    let _ = writeln!(
        o,
        "    Lỗi và cảnh báo đã hết: {}; mới phát hiện: {}",
        c.resolved.len(),
        c.new_findings.len()
    );
    for (label, list) in [("Đã hết", &c.resolved), ("Mới", &c.new_findings)] {
        for f in list {
            let who = if f.ten_don_vi.is_empty() {
                &f.tep
            } else {
                &f.ten_don_vi
            };
            let item = if f.ma_muc.is_empty() {
                String::new()
            } else {
                format!(", {}", f.ma_muc)
            };
            let _ = writeln!(
                o,
                "      {label}: {} ({who}{item}): {}",
                f.ma_loi,
                short(&f.thong_bao)
            );
        }
    }
    o
}

/// `YYYY-MM-DD` as `dd/mm/yyyy`; other text as it is.
fn iso_to_vi(d: &str) -> String {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map_or_else(|_| d.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// A message cut to one short line for the terminal.
fn short(s: &str) -> String {
    const MAX: usize = 90;
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let cut: String = line.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// `out/` or `out/<ky>/` is not a folder.
pub fn not_a_folder(p: &Path) -> String {
    format!("'{}' không phải là thư mục", p.display())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
