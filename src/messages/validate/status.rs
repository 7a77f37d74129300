//! The texts of `status` and `check`.

use chrono::NaiveDate;

use super::day;

use crate::model::FileStatus;

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
