//! The texts of the email drafts (`out/<ky>/thu/<ma>.eml`).

use std::fmt::Write as _;

use chrono::NaiveDate;

/// What a draft is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// The report has errors, or no file could be used: the feedback
    /// workbook and the deadline for the corrected report.
    Resend,
    /// Nothing sent yet: a reminder with the pre-filled form.
    Reminder,
    /// Counted, with warnings only or none: an acknowledgement.
    Thanks,
}

/// Everything a draft's text names.
pub struct MailText<'a> {
    /// The kind.
    pub kind: MailKind,
    /// The unit's name.
    pub unit: &'a str,
    /// The consolidating unit's name.
    pub sender: &'a str,
    /// Plan number.
    pub plan: &'a str,
    /// Period label.
    pub period: &'a str,
    /// The day the report or the corrected report is due.
    pub due: NaiveDate,
    /// The file counted, when there is one.
    pub file: Option<&'a str>,
    /// Errors and warnings of the unit.
    pub errors: usize,
    /// Warnings, each a short line (for the acknowledgement).
    pub warnings: Vec<String>,
    /// The attached file's name, when there is one.
    pub attachment: Option<&'a str>,
}

/// The subject line.
pub fn mail_subject(t: &MailText<'_>) -> String {
    match t.kind {
        MailKind::Resend => format!(
            "Đề nghị gửi lại báo cáo {} — Kế hoạch {} — {}",
            t.period, t.plan, t.unit
        ),
        MailKind::Reminder => format!(
            "Nhắc gửi báo cáo {} — Kế hoạch {} — {}",
            t.period, t.plan, t.unit
        ),
        MailKind::Thanks => format!(
            "Đã nhận báo cáo {} — Kế hoạch {} — {}",
            t.period, t.plan, t.unit
        ),
    }
}

/// The plain-text body.
pub fn mail_body(t: &MailText<'_>) -> String {
    let due = t.due.format("%d/%m/%Y");
    let mut o = String::new();
    let _ = writeln!(o, "Kính gửi: {}", t.unit);
    let _ = writeln!(o);
    match t.kind {
        MailKind::Resend => {
            if t.file.is_some() {
                let _ = writeln!(
                    o,
                    "{} đã nhận báo cáo {} của Quý đơn vị theo Kế hoạch {}. Báo cáo còn {} lỗi cần sửa, liệt kê trong tệp đính kèm (từng lỗi ghi rõ tệp, trang tính, ô và cách sửa).",
                    t.sender, t.period, t.plan, t.errors
                );
            } else {
                let _ = writeln!(
                    o,
                    "{} đã nhận tệp Quý đơn vị gửi cho báo cáo {} theo Kế hoạch {}, nhưng không sử dụng được tệp nào; lý do ghi trong tệp đính kèm.",
                    t.sender, t.period, t.plan
                );
            }
            let _ = writeln!(
                o,
                "Đề nghị Quý đơn vị sửa và gửi lại báo cáo (tệp Excel theo biểu mẫu của kế hoạch) trước ngày {due}."
            );
        }
        MailKind::Reminder => {
            let _ = writeln!(
                o,
                "{} chưa nhận được báo cáo {} của Quý đơn vị theo Kế hoạch {}. Hạn gửi: ngày {due}.",
                t.sender, t.period, t.plan
            );
            let _ = writeln!(
                o,
                "Gửi kèm biểu mẫu báo cáo đã điền sẵn nhiệm vụ và chỉ tiêu của Quý đơn vị; đề nghị điền và gửi lại tệp này."
            );
        }
        MailKind::Thanks => {
            let _ = writeln!(
                o,
                "{} đã nhận và tổng hợp báo cáo {} của Quý đơn vị theo Kế hoạch {}{}.",
                t.sender,
                t.period,
                t.plan,
                t.file.map_or(String::new(), |f| format!(" (tệp {f})"))
            );
            if t.warnings.is_empty() {
                let _ = writeln!(o, "Báo cáo không có lỗi hay cảnh báo nào.");
            } else {
                let _ = writeln!(
                    o,
                    "Báo cáo có {} cảnh báo, đề nghị Quý đơn vị xem lại (không bắt buộc gửi lại):",
                    t.warnings.len()
                );
                for w in &t.warnings {
                    let _ = writeln!(o, "  - {w}");
                }
            }
        }
    }
    if let Some(a) = t.attachment {
        let _ = writeln!(o);
        let _ = writeln!(o, "Tệp đính kèm: {a}");
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "Trân trọng,");
    let _ = writeln!(o, "{}", t.sender);
    o
}

/// How many units the no-address line names before it counts the rest.
const NO_ADDRESS_SHOWN: usize = 20;

/// The first twenty of `items` joined by "; ", then how many more `what`
/// (a plan without any address would otherwise print every unit).
fn first_of(items: &[String], what: &str) -> String {
    let mut shown = items
        .iter()
        .take(NO_ADDRESS_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    let more = items.len().saturating_sub(NO_ADDRESS_SHOWN);
    if more > 0 {
        shown.push_str(&format!(" và {more} {what} khác"));
    }
    shown
}

/// The summary line naming the units whose draft has no address.
pub fn mail_no_address(names: &[String]) -> String {
    format!(
        "  Thư chưa có địa chỉ người nhận (thêm cột email trong don-vi.csv): {}",
        first_of(names, "đơn vị")
    )
}

/// `status`: the units that sent after their draft in `thu/` was written
/// (a reminder, or a request to send again), whose draft must not go out.
pub fn stale_drafts(names: &[String], files: &[String]) -> String {
    format!(
        "Thư cũ, đừng gửi: {} đơn vị đã gửi báo cáo sau khi thư của đơn vị được soạn: {} ({}). Chạy lại tonghop run để soạn thư mới cho các đơn vị này.",
        names.len(),
        first_of(names, "đơn vị"),
        first_of(files, "thư")
    )
}

/// The output line of the drafts.
pub fn letters_count(n: usize) -> String {
    format!("thu/ ({n} thư soạn sẵn, mở bằng Outlook hoặc Thunderbird)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_address_line_names_twenty_then_counts() {
        let names: Vec<String> = (1..=25).map(|i| format!("Đơn vị {i}")).collect();
        let line = mail_no_address(&names);
        assert!(line.contains("Đơn vị 20 và 5 đơn vị khác"), "{line}");
        assert!(!line.contains("Đơn vị 21"), "{line}");
        assert!(mail_no_address(&names[..2]).ends_with(": Đơn vị 1; Đơn vị 2"));
    }
}
