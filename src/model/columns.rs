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

    /// Every column, in form order.
    pub const ALL: [TaskCol; 9] = [
        TaskCol::Number,
        TaskCol::Code,
        TaskCol::Content,
        TaskCol::Role,
        TaskCol::Status,
        TaskCol::Share,
        TaskCol::Result,
        TaskCol::Difficulty,
        TaskCol::Proposal,
    ];

    /// The column's label on the form (FORM.md §3): the one table of
    /// labels the forms, the messages and the outputs use. The reader
    /// accepts these and their synonyms.
    pub const fn label(self) -> &'static str {
        match self {
            TaskCol::Number => "STT",
            TaskCol::Code => "Mã nhiệm vụ",
            TaskCol::Content => "Nội dung nhiệm vụ",
            TaskCol::Role => "Vai trò",
            TaskCol::Status => "Tình trạng",
            TaskCol::Share => "Tỷ lệ hoàn thành (%)",
            TaskCol::Result => "Kết quả thực hiện",
            TaskCol::Difficulty => "Khó khăn, vướng mắc",
            TaskCol::Proposal => "Đề xuất, kiến nghị",
        }
    }
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

    /// Every column, in form order.
    pub const ALL: [IndicatorCol; 6] = [
        IndicatorCol::Code,
        IndicatorCol::Name,
        IndicatorCol::Measure,
        IndicatorCol::Value,
        IndicatorCol::PreviousYear,
        IndicatorCol::Note,
    ];

    /// The column's label on the form (FORM.md §3).
    pub const fn label(self) -> &'static str {
        match self {
            IndicatorCol::Code => "Mã chỉ tiêu",
            IndicatorCol::Name => "Tên chỉ tiêu",
            IndicatorCol::Measure => "Đơn vị tính",
            IndicatorCol::Value => "Thực hiện kỳ báo cáo",
            IndicatorCol::PreviousYear => "Cùng kỳ năm trước",
            IndicatorCol::Note => "Ghi chú",
        }
    }
}
