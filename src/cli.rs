//! The command line (clap derive). Help texts are in Vietnamese; flag names
//! follow the spec (`--ky`, `--ke-hoach`, `--ngay`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Tổng hợp báo cáo kết quả thực hiện kế hoạch của các sở, ban, ngành,
/// quận, huyện: đọc báo cáo trong inbox/<kỳ>/, kiểm tra theo kế hoạch, gửi
/// lỗi về từng đơn vị và ghi bảng tổng hợp vào out/<kỳ>/.
#[derive(Debug, Parser)]
#[command(name = "tonghop", version, about, long_about = None)]
#[command(disable_help_subcommand = true)]
pub struct Cli {
    /// Các lệnh.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chạy tổng hợp một kỳ: đọc inbox/<kỳ>/, kiểm tra, ghi out/<kỳ>/.
    Run(RunArgs),
    /// Kiểm tra từng tệp báo cáo như khi chạy tổng hợp, không ghi tệp nào.
    Check(CheckArgs),
    /// Ghi biểu mẫu báo cáo điền sẵn cho từng đơn vị vào out/<kỳ>/bieu-mau/.
    Forms(Common),
    /// Cho biết đơn vị nào đã gửi, gửi muộn, chưa gửi; không ghi tệp nào.
    Status(Common),
}

/// Flags shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Kỳ báo cáo: 2020-H1 (6 tháng đầu năm) hoặc 2020 (cả năm). Mặc định: kỳ
    /// gần nhất của kế hoạch đã hết thời gian lấy số liệu.
    #[arg(long = "ky", value_name = "KỲ")]
    pub period: Option<String>,
    /// Mã kế hoạch (tên thư mục trong templates/). Mặc định: kế hoạch duy nhất.
    #[arg(long = "ke-hoach", value_name = "MÃ")]
    pub plan: Option<String>,
    /// Thư mục chứa dữ liệu các kế hoạch.
    #[arg(
        long = "templates",
        value_name = "THƯ_MỤC",
        default_value = "templates"
    )]
    pub templates: PathBuf,
    /// Thư mục chứa báo cáo nhận được, mỗi kỳ một thư mục con.
    #[arg(long = "inbox", value_name = "THƯ_MỤC", default_value = "inbox")]
    pub inbox: PathBuf,
    /// Thư mục ghi kết quả, mỗi kỳ một thư mục con.
    #[arg(long = "out", value_name = "THƯ_MỤC", default_value = "out")]
    pub out: PathBuf,
    /// Ngày ghi trên báo cáo tổng hợp (YYYY-MM-DD hoặc dd/mm/yyyy). Mặc định: hôm nay.
    #[arg(long = "ngay", value_name = "NGÀY")]
    pub date: Option<String>,
    /// Chỉ in lỗi, không in tiến độ và tóm tắt.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
}

/// Flags of `run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Các tùy chọn chung.
    #[command(flatten)]
    pub common: Common,
    /// Trả mã thoát 3 khi có lỗi trong báo cáo (cho lịch chạy tự động cần cảnh báo).
    #[arg(long = "strict")]
    pub strict: bool,
}

/// Flags of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Các tùy chọn chung.
    #[command(flatten)]
    pub common: Common,
    /// Trả mã thoát 3 khi có lỗi trong báo cáo.
    #[arg(long = "strict")]
    pub strict: bool,
    /// Các tệp báo cáo cần kiểm tra.
    #[arg(value_name = "TỆP", required = true)]
    pub files: Vec<PathBuf>,
}
