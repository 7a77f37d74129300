//! The spec's words for task statuses, roles, consolidation methods and
//! the fate of a file, with their codes in the outputs.

/// The canonical task statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// "Hoàn thành".
    Done,
    /// "Đang thực hiện".
    InProgress,
    /// "Chưa thực hiện".
    NotStarted,
    /// "Thường xuyên" (ongoing tasks).
    Ongoing,
}

impl Status {
    /// Every status, in the order of the form's dropdown.
    pub const ALL: [Status; 4] = [
        Status::Done,
        Status::InProgress,
        Status::NotStarted,
        Status::Ongoing,
    ];

    /// The code used in the data exports: `hoan_thanh`, `dang_thuc_hien`,
    /// `chua_thuc_hien`, `thuong_xuyen`.
    pub fn code(self) -> &'static str {
        match self {
            Status::Done => "hoan_thanh",
            Status::InProgress => "dang_thuc_hien",
            Status::NotStarted => "chua_thuc_hien",
            Status::Ongoing => "thuong_xuyen",
        }
    }

    /// The canonical label: "Hoàn thành", "Đang thực hiện"…
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "Hoàn thành",
            Status::InProgress => "Đang thực hiện",
            Status::NotStarted => "Chưa thực hiện",
            Status::Ongoing => "Thường xuyên",
        }
    }

    /// How far along the status is, for "the least advanced lead wins":
    /// not started < in progress < ongoing < done.
    pub fn progress_rank(self) -> u8 {
        match self {
            Status::NotStarted => 0,
            Status::InProgress => 1,
            Status::Ongoing => 2,
            Status::Done => 3,
        }
    }

    /// The synonyms accepted for each status (FORM.md §3), canonical first.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            Status::Done => &["Hoàn thành", "Đã hoàn thành", "HT", "Xong"],
            Status::InProgress => &["Đang thực hiện", "Đang triển khai", "Đang TH", "Đang làm"],
            Status::NotStarted => &["Chưa thực hiện", "Chưa triển khai", "Chưa TH", "Chưa làm"],
            Status::Ongoing => &["Thường xuyên", "Thực hiện thường xuyên", "TX"],
        }
    }
}

/// How an indicator is consolidated (`cach_tong_hop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// `tong`: the sum of the units' values.
    Sum,
    /// `trung_binh`: the mean of the units' values.
    Mean,
    /// `lon_nhat`: the largest value.
    Max,
    /// `rieng`: one source, the first unit of `don_vi_bao_cao` that reported.
    Single,
}

impl Method {
    /// The code used in `chi-tieu.csv`.
    pub fn code(self) -> &'static str {
        match self {
            Method::Sum => "tong",
            Method::Mean => "trung_binh",
            Method::Max => "lon_nhat",
            Method::Single => "rieng",
        }
    }
}

/// Which direction of change is good (`chieu_tot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `tang`: higher is better.
    Up,
    /// `giam`: lower is better.
    Down,
}

/// The role of a unit on a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Lead (`chu_tri`).
    Lead,
    /// Coordinator (`phoi_hop`).
    Coordinator,
}

impl Role {
    /// The code used in the data exports: `chu_tri` or `phoi_hop`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Lead => "chu_tri",
            Role::Coordinator => "phoi_hop",
        }
    }
}

/// What happened to a file (`trang_thai` in `manifest.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileStatus {
    /// `tinh`: the report counts.
    Counted,
    /// `thay_the`: a later report of the same unit counts instead (F06).
    Superseded,
    /// `loai`: excluded by a file rule (F01–F05, F12).
    Excluded,
    /// `bo_qua`: not a spreadsheet, a lock or hidden file (F11).
    Skipped,
}

impl FileStatus {
    /// The code used in `manifest.json`.
    pub fn code(self) -> &'static str {
        match self {
            FileStatus::Counted => "tinh",
            FileStatus::Superseded => "thay_the",
            FileStatus::Excluded => "loai",
            FileStatus::Skipped => "bo_qua",
        }
    }
}

/// Why a file is skipped (F11) or cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// An Office lock file (`~$…`).
    LockFile,
    /// A hidden file (`.…`, including `._…` AppleDouble files) or `Thumbs.db`,
    /// `desktop.ini`.
    Hidden,
    /// Not a spreadsheet by its extension.
    NotSpreadsheet,
    /// The walk could not reach it (permissions, a symlink loop); the text
    /// says why.
    Unreachable(String),
}

/// The consolidated status of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// The (least advanced) lead's status.
    Status(Status),
    /// A lead sent a row but its status is empty or invalid (T04).
    Invalid,
    /// Only coordinators reported on the task.
    NoLead,
    /// Nobody reported on the task ("Chưa có báo cáo").
    Unreported,
}

/// What became of an expected unit's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitState {
    /// A report counts.
    Counted,
    /// Reports came but every one was excluded.
    Excluded,
    /// No report.
    Missing,
}

/// The status code of a task on which nobody reported, in the data
/// exports and `manifest.json`.
pub const NO_REPORT: &str = "chua_co_bao_cao";
