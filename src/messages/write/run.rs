//! The run's progress and summary, and the errors of the output folder.

use std::fmt::Write as _;
use std::path::Path;

use crate::model::Submission;
/// The progress bar's message.
pub const PROGRESS_READING: &str = "Đang đọc báo cáo";

/// Shown once the reports are read, while the outputs are built and
/// written (a few seconds for a thousand units).
pub const PROGRESS_OUTPUTS: &str = "Đang lập và ghi các tệp kết quả";

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

/// `out/` or `out/<ky>/` is not a folder.
pub fn not_a_folder(p: &Path) -> String {
    format!("'{}' không phải là thư mục", p.display())
}
