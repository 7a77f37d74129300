//! The columns of the form's two tables (FORM.md §3).

/// Columns of the "Nhiệm vụ" table (FORM.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskCol {
    /// "STT".
    Number,
    /// "Mã nhiệm vụ" (required).
    Code,
    /// "Nội dung nhiệm vụ".
    Content,
    /// "Vai trò".
    Role,
    /// "Tình trạng" (required).
    Status,
    /// "Tỷ lệ hoàn thành (%)".
    Share,
    /// "Kết quả thực hiện" (required).
    Result,
    /// "Khó khăn, vướng mắc".
    Difficulty,
    /// "Đề xuất, kiến nghị".
    Proposal,
}

impl TaskCol {
    /// The required columns, in form order.
    pub const REQUIRED: [TaskCol; 3] = [TaskCol::Code, TaskCol::Status, TaskCol::Result];
}

/// Columns of the "Chỉ tiêu" table (FORM.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndicatorCol {
    /// "Mã chỉ tiêu" (required).
    Code,
    /// "Tên chỉ tiêu".
    Name,
    /// "Đơn vị tính".
    Measure,
    /// "Thực hiện kỳ báo cáo" (required).
    Value,
    /// "Cùng kỳ năm trước".
    PreviousYear,
    /// "Ghi chú".
    Note,
}

impl IndicatorCol {
    /// The required columns, in form order.
    pub const REQUIRED: [IndicatorCol; 2] = [IndicatorCol::Code, IndicatorCol::Value];
}
