//! The words of the draft báo cáo `bao-cao-<ky>.docx`. Functions take plain
//! values (names, counts and figures already printed).

/// The short summary line under "BÁO CÁO" (trích yếu); `plan` is
/// "Kế hoạch số …" ([`super::plan_ref_numbered`]).
pub fn bc_summary(plan: &str) -> String {
    format!("Kết quả thực hiện {plan}")
}

/// "Kính gửi: A; B."
pub fn bc_recipient(recipients: &[String]) -> String {
    format!("Kính gửi: {}.", recipients.join("; "))
}

/// The opening paragraph naming the plan.
/// `document` is "văn bản số … ngày …" ([`super::plan_document`]), empty
/// when the plan's number and date are not known.
pub fn bc_opening(
    plan_name: &str,
    document: &str,
    issuing_body: &str,
    consolidator: &str,
    label: &str,
) -> String {
    let issued = if document.is_empty() {
        format!("của {issuing_body}")
    } else {
        format!("(ban hành kèm theo {document} của {issuing_body})")
    };
    format!(
        "Thực hiện {plan_name} {issued}, trên cơ sở báo cáo của các đơn vị, {consolidator} báo \
         cáo kết quả thực hiện Kế hoạch {} như sau:",
        lower_first(label)
    )
}

/// "6 tháng đầu năm 2020" stays; "Năm 2020" becomes "năm 2020".
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Part I.
pub const BC_PART_RESULTS: &str = "I. KẾT QUẢ THỰC HIỆN";
/// Part I.1.
pub const BC_SUBMISSION: &str = "1. Tình hình gửi báo cáo";
/// Part I.2.
pub const BC_TASKS: &str = "2. Tình hình thực hiện nhiệm vụ";
/// Part I.3.
pub const BC_INDICATORS: &str = "3. Kết quả thực hiện các chỉ tiêu";
/// Part II.
pub const BC_PART_DIFFICULTIES: &str = "II. KHÓ KHĂN, VƯỚNG MẮC";
/// Part III.
pub const BC_PART_PROPOSALS: &str = "III. ĐỀ XUẤT, KIẾN NGHỊ";
/// Part IV.
pub const BC_PART_NEXT: &str = "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI";
/// The placeholder of part IV, for the clerk to replace.
pub const BC_NEXT_PLACEHOLDER: &str = "[Cán bộ tổng hợp viết phần này: các nhiệm vụ trọng tâm \
     kỳ tới, giải pháp cho các nhiệm vụ quá hạn và các chỉ tiêu chưa đạt. Xóa đoạn đánh dấu \
     này trước khi trình ký.]";
/// The pointer to the workbook.
pub const BC_APPENDIX: &str = "(Chi tiết tại Phụ lục kèm theo)";

/// "Có 30/40 đơn vị gửi báo cáo được tổng hợp (28 đúng hạn, 2 sau hạn)."
pub fn bc_sent(sent: usize, expected: usize, on_time: usize, late: usize) -> String {
    format!(
        "Có {sent}/{expected} đơn vị gửi báo cáo được tổng hợp ({on_time} đơn vị gửi đúng hạn, \
         {late} đơn vị gửi sau hạn)."
    )
}

/// The units that sent late, by name.
pub fn bc_late(names: &[String]) -> String {
    format!("Đơn vị gửi báo cáo sau hạn: {}.", names.join("; "))
}

/// The units with no counted report, by name.
pub fn bc_missing(n: usize, names: &[String]) -> String {
    format!("Có {n} đơn vị chưa gửi báo cáo: {}.", names.join("; "))
}

/// Every expected unit sent.
pub const BC_NONE_MISSING: &str = "Tất cả các đơn vị đều đã gửi báo cáo.";

/// Files that could not be used.
pub fn bc_excluded(n: usize) -> String {
    format!(
        "Có {n} tệp báo cáo không tổng hợp được (sai mẫu hoặc hỏng); đơn vị gửi đã được \
         thông báo để gửi lại."
    )
}

/// The tasks by status in one sentence. `parts`: "12 nhiệm vụ hoàn thành
/// (30%)" and the like, already printed.
pub fn bc_tasks_total(total: usize, parts: &[String]) -> String {
    format!(
        "Kế hoạch có {total} nhiệm vụ, trong đó: {}.",
        parts.join("; ")
    )
}

/// One section's tasks by status.
pub fn bc_tasks_section(title: &str, total: usize, parts: &[String]) -> String {
    format!("{title}: {total} nhiệm vụ, trong đó {}.", parts.join("; "))
}

/// "12 nhiệm vụ hoàn thành (30%)"; `what` is the status label in lower case.
pub fn bc_count(n: usize, what: &str, share: Option<&str>) -> String {
    match share {
        Some(s) => format!("{n} {what} ({s}%)"),
        None => format!("{n} {what}"),
    }
}

/// The status words of the sentences, in the order of the counts table.
pub const BC_STATUS_WORDS: [&str; 6] = [
    "hoàn thành",
    "đang thực hiện",
    "chưa thực hiện",
    "thực hiện thường xuyên",
    "chưa có báo cáo của đơn vị chủ trì",
    "quá hạn",
];

/// Header of the small table of tasks by status.
pub const BC_COUNTS_HEADER: [&str; 8] = [
    "Lĩnh vực",
    "Tổng số",
    "Hoàn thành",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Thường xuyên",
    "Chưa có báo cáo",
    "Quá hạn",
];

/// Before the list of overdue tasks.
pub fn bc_overdue_intro(n: usize) -> String {
    format!("Có {n} nhiệm vụ quá hạn chưa hoàn thành:")
}

/// One overdue task: "NV05 — Nội dung (hạn 31/12/2019; Đang thực hiện; chủ trì: Sở A)."
pub fn bc_overdue_task(
    code: &str,
    content: &str,
    deadline: &str,
    state: &str,
    leads: &str,
) -> String {
    format!("- {code} — {content} (thời hạn {deadline}; {state}; chủ trì: {leads}).")
}

/// No task is overdue.
pub const BC_NO_OVERDUE: &str = "Không có nhiệm vụ quá hạn.";

/// One indicator in a sentence. Figures already printed; None when absent.
pub fn bc_indicator(
    name: &str,
    total: Option<&str>,
    measure: &str,
    target_share: Option<&str>,
    previous_ratio: Option<&str>,
) -> String {
    let Some(total) = total else {
        return format!("- {name}: chưa có số liệu.");
    };
    // "72,26%", "380 dự án".
    let sep = if measure.trim() == "%" { "" } else { " " };
    let mut s = format!("- {name}: đạt {total}{sep}{}", measure.trim());
    if let Some(t) = target_share {
        s.push_str(&format!(", bằng {t}% kế hoạch năm"));
    }
    if let Some(p) = previous_ratio {
        s.push_str(&format!(", bằng {p}% so với cùng kỳ năm trước"));
    }
    s.push('.');
    s
}

/// Header of the small indicators table.
pub const BC_INDICATORS_HEADER: [&str; 7] = [
    "Chỉ tiêu",
    "Đơn vị tính",
    "Thực hiện",
    "Kế hoạch năm",
    "Đạt so với kế hoạch năm (%)",
    "Cùng kỳ năm trước",
    "So với cùng kỳ (%)",
];

/// A task heading in parts II and III: "Nhiệm vụ NV01 (Tuyên truyền …):".
pub fn bc_issue_task(code: &str, first_words: &str) -> String {
    if first_words.is_empty() {
        format!("Nhiệm vụ {code}:")
    } else {
        format!("Nhiệm vụ {code} ({first_words}):")
    }
}

/// Issues on task codes that are not in the plan.
pub const BC_OTHER_TASKS: &str = "Nội dung khác";

/// One unit text with the units that wrote it.
pub fn bc_issue_text(text: &str, units: &[String]) -> String {
    let t = text.trim().trim_end_matches(['.', ';']);
    format!("- {t} ({}).", units.join("; "))
}

/// A line of a unit text of several lines, but the last.
pub fn bc_issue_line(text: &str) -> String {
    format!("- {}", text.trim().trim_end_matches(['.', ';']))
}

/// No difficulty reported.
pub const BC_NO_DIFFICULTIES: &str = "Các đơn vị không nêu khó khăn, vướng mắc.";
/// No proposal reported.
pub const BC_NO_PROPOSALS: &str = "Các đơn vị không có đề xuất, kiến nghị.";

/// The plan-adjustment heading of part III.
pub const BC_ADJUST: &str = "Đề xuất điều chỉnh Kế hoạch";
/// Before the tasks to adjust.
pub fn bc_adjust_intro(recipient: &str) -> String {
    format!(
        "Đề nghị {recipient} xem xét điều chỉnh nội dung hoặc thời hạn các nhiệm vụ đã quá hạn \
         hoặc chưa triển khai sau thời hạn sau:"
    )
}
/// No task to adjust.
pub const BC_NO_ADJUST: &str = "Chưa có nhiệm vụ cần đề xuất điều chỉnh.";

/// The closing sentence.
pub fn bc_closing(consolidator: &str, recipient: &str) -> String {
    format!("Trên đây là báo cáo của {consolidator}, kính báo cáo {recipient} xem xét, chỉ đạo./.")
}

/// "Nơi nhận:".
pub const BC_COPIES: &str = "Nơi nhận:";
/// The recipient line of "Nơi nhận".
pub fn bc_copy(recipient: &str) -> String {
    format!("- {recipient};")
}
/// The last line of "Nơi nhận".
pub const BC_FILED: &str = "- Lưu: VT, ….";
/// The signer's title when the plan does not give `chuc_danh_ky`.
pub const BC_SIGNER_TITLE: &str = "GIÁM ĐỐC";
/// The name placeholder under the signature.
pub const BC_SIGNER_NAME: &str = "[Họ và tên]";

/// The document title of the draft.
pub fn bc_title(label: &str) -> String {
    format!("Báo cáo kết quả thực hiện kế hoạch {}", lower_first(label))
}

// ---- the workbook as the appendix -------------------------------------------

/// The first title line of "Tổng hợp".
pub const APPENDIX_KIND: &str = "PHỤ LỤC";

/// "(Kèm theo Báo cáo số      /BC-SCT ngày 30/06/2020 của Sở Công Thương)".
pub fn appendix_of(consolidator_code: &str, date: chrono::NaiveDate, consolidator: &str) -> String {
    format!(
        "(Kèm theo Báo cáo số        /BC-{consolidator_code} ngày {} của {consolidator})",
        date.format("%d/%m/%Y")
    )
}

/// The printed legend under a table with marked cells.
pub const MARKED_LEGEND: &str = "Ô tô màu hồng: số liệu lấy từ dòng báo cáo có lỗi (chi tiết \
     trong ghi chú của ô và trang \"Kiểm tra\"); cần đối chiếu trước khi sử dụng.";

/// Part V of "Tổng hợp".
pub const PART_CHARTS: &str = "V. BIỂU ĐỒ";
/// The title of the tasks chart.
pub const CHART_TASKS: &str = "Nhiệm vụ theo tình trạng, theo lĩnh vực";
/// The title of the submission chart.
pub const CHART_SUBMISSION: &str = "Tình hình gửi báo cáo";
/// The heading of the charts' figures.
pub const CHART_DATA: &str = "Số liệu của biểu đồ";
/// Header of the tasks chart's figures (after the section column).
pub const CHART_TASKS_HEADER: [&str; 6] = [
    "Lĩnh vực",
    "Hoàn thành",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Thường xuyên",
    "Chưa có báo cáo",
];
/// The slices of the submission chart.
pub const CHART_SUBMISSION_LABELS: [&str; 3] = ["Gửi đúng hạn", "Gửi sau hạn", "Chưa gửi"];
