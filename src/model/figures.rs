//! Figures of a run that every output shows.

/// Submission figures ("Tình hình nộp").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Submission {
    /// Units expected to report.
    pub expected: usize,
    /// Units with a counted report.
    pub sent: usize,
    /// Counted reports received by the due date.
    pub on_time: usize,
    /// Counted reports received after the due date.
    pub late: usize,
    /// Expected units with no counted report.
    pub missing: usize,
    /// Files excluded by a file rule.
    pub excluded: usize,
    /// Files superseded by a later report of the same unit.
    pub superseded: usize,
    /// Files skipped (not spreadsheets, lock or hidden files).
    pub skipped: usize,
    /// Findings of severity "Lỗi".
    pub errors: usize,
    /// Findings of severity "Cảnh báo".
    pub warnings: usize,
    /// Codes of the missing units, plan order.
    pub missing_units: Vec<String>,
    /// Codes of the units whose counted report is late, by code.
    pub late_units: Vec<String>,
    /// Codes of the units that sent more than one report, by code.
    pub twice_sent: Vec<String>,
    /// Codes of the units whose only files could not be used ("Đã gửi,
    /// không sử dụng được"), plan order; not among the missing.
    pub unusable_units: Vec<String>,
}
