//! The command line (clap derive), in Vietnamese throughout: the help
//! layout is our own template (clap's headings "Usage", "Options",
//! "Commands" are English), the help and version flags are declared here
//! with Vietnamese texts, defaults are written into the help texts as
//! "[mặc định: …]", and clap's errors are caught and told again in
//! Vietnamese by [`parse`] (clap does not translate its own error texts).
//! Flag names follow the spec (`--ky`, `--ke-hoach`, `--ngay`).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use tonghop::messages::{self, CliProblem};

/// Tổng hợp báo cáo kết quả thực hiện kế hoạch của các sở, ban, ngành,
/// quận, huyện: đọc báo cáo trong inbox/<kỳ>/, kiểm tra theo kế hoạch, gửi
/// lỗi về từng đơn vị và ghi bảng tổng hợp vào out/<kỳ>/.
#[derive(Debug, Parser)]
#[command(name = "tonghop", version, about, long_about = None)]
#[command(disable_help_subcommand = true)]
#[command(disable_help_flag = true, disable_version_flag = true)]
pub struct Cli {
    /// Các lệnh.
    #[command(subcommand)]
    pub command: Command,
    /// In hướng dẫn này.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, display_order = 1000)]
    help: Option<bool>,
    /// In phiên bản.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
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
    /// Cho biết đơn vị nào đã gửi, gửi muộn, chưa gửi. Không ghi tệp nào,
    /// trừ thư nhắc vào out/<kỳ>/thu/ khi có --thu.
    Status(StatusArgs),
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
    /// Thư mục chứa dữ liệu các kế hoạch [mặc định: templates].
    #[arg(
        long = "templates",
        value_name = "THƯ_MỤC",
        default_value = "templates",
        hide_default_value = true
    )]
    pub templates: PathBuf,
    /// Thư mục chứa báo cáo nhận được, mỗi kỳ một thư mục con [mặc định:
    /// inbox].
    #[arg(
        long = "inbox",
        value_name = "THƯ_MỤC",
        default_value = "inbox",
        hide_default_value = true
    )]
    pub inbox: PathBuf,
    /// Thư mục ghi kết quả, mỗi kỳ một thư mục con [mặc định: out].
    #[arg(
        long = "out",
        value_name = "THƯ_MỤC",
        default_value = "out",
        hide_default_value = true
    )]
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

/// Flags of `status`.
#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Các tùy chọn chung.
    #[command(flatten)]
    pub common: Common,
    /// Ghi thư nhắc (tệp .eml, kèm biểu mẫu điền sẵn) cho từng đơn vị chưa
    /// gửi vào out/<kỳ>/thu/. Đây là thứ duy nhất lệnh status ghi ra.
    #[arg(long = "thu")]
    pub letters: bool,
}

/// The help layout of the tool and of each command: (name, usage,
/// sections). `{positionals}`, `{options}` and `{subcommands}` are clap's
/// lists, under our headings.
const LAYOUT: [(&str, &str, &str); 5] = [
    (
        "",
        "tonghop <LỆNH> [TÙY_CHỌN]",
        "Các lệnh:\n{subcommands}\n\nTùy chọn:\n{options}",
    ),
    ("run", "tonghop run [TÙY_CHỌN]", "Tùy chọn:\n{options}"),
    (
        "check",
        "tonghop check [TÙY_CHỌN] <TỆP>...",
        "Tệp:\n{positionals}\n\nTùy chọn:\n{options}",
    ),
    ("forms", "tonghop forms [TÙY_CHỌN]", "Tùy chọn:\n{options}"),
    (
        "status",
        "tonghop status [TÙY_CHỌN]",
        "Tùy chọn:\n{options}",
    ),
];

fn template(sections: &str) -> String {
    format!("{{about-with-newline}}\nCách dùng: {{usage}}\n\n{sections}{{after-help}}")
}

/// The clap command with the Vietnamese layout applied.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    for (name, usage, sections) in LAYOUT {
        let apply = |c: clap::Command| {
            c.help_template(template(sections))
                .override_usage(usage)
                .after_help(messages::CLI_MORE_HELP)
        };
        cmd = if name.is_empty() {
            apply(cmd)
        } else {
            cmd.mut_subcommand(name, apply)
        };
    }
    cmd
}

/// What parsing the command line gave.
pub enum Parsed {
    /// A command to run.
    Run(Cli),
    /// Help or the version, to print on stdout (exit 0).
    Print(String),
    /// A command line that cannot be parsed: the message for stderr (exit 2).
    Usage(String),
}

/// Parses `args` (the program name first), telling clap's errors again in
/// Vietnamese.
pub fn parse<I, T>(args: I) -> Parsed
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut cmd = command();
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) => return from_clap(&e, &mut cmd),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(c) => Parsed::Run(c),
        Err(e) => from_clap(&e, &mut cmd),
    }
}

fn from_clap(e: &clap::Error, cmd: &mut clap::Command) -> Parsed {
    let text = |k: ContextKind| -> Option<String> {
        match e.get(k)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join(", ")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let problem = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Clap renders the help from our template: Vietnamese already.
            return match e.kind() {
                ErrorKind::DisplayHelp => Parsed::Print(e.render().to_string()),
                _ => Parsed::Usage(format!(
                    "{}\n{}",
                    messages::cli_error(&CliProblem::MissingCommand),
                    cmd.render_help()
                )),
            };
        }
        ErrorKind::DisplayVersion => {
            return Parsed::Print(format!("tonghop {}\n", env!("CARGO_PKG_VERSION")));
        }
        ErrorKind::UnknownArgument => CliProblem::UnknownArgument {
            arg,
            suggestion: text(ContextKind::SuggestedArg),
        },
        ErrorKind::InvalidSubcommand => CliProblem::UnknownCommand {
            command: text(ContextKind::InvalidSubcommand).unwrap_or_default(),
            suggestion: text(ContextKind::SuggestedSubcommand),
        },
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            match text(ContextKind::InvalidValue).filter(|v| !v.is_empty()) {
                Some(value) => CliProblem::InvalidValue { arg, value },
                // `--ky` at the end of the line: clap calls it an empty value.
                None => CliProblem::MissingValue { arg },
            }
        }
        ErrorKind::NoEquals
        | ErrorKind::TooFewValues
        | ErrorKind::TooManyValues
        | ErrorKind::WrongNumberOfValues => CliProblem::MissingValue { arg },
        ErrorKind::MissingRequiredArgument => CliProblem::MissingRequired { args: arg },
        ErrorKind::MissingSubcommand => CliProblem::MissingCommand,
        ErrorKind::ArgumentConflict => CliProblem::Conflict {
            arg,
            other: text(ContextKind::PriorArg).unwrap_or_default(),
        },
        _ => CliProblem::Other,
    };
    Parsed::Usage(messages::cli_error(&problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_names_every_command() {
        command().debug_assert();
        let names: Vec<String> = command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        for n in &names {
            assert!(LAYOUT.iter().any(|(l, _, _)| l == n), "{n}");
        }
    }

    #[test]
    fn a_bad_flag_is_told_in_vietnamese() {
        let Parsed::Usage(m) = parse(["tonghop", "run", "--kyy", "2020"]) else {
            panic!("not a usage error")
        };
        assert!(m.contains("--kyy") && m.contains("--ky"), "{m}");
        assert!(!m.contains("Usage") && !m.contains("error"), "{m}");
        let Parsed::Usage(m) = parse(["tonghop", "run", "--ky"]) else {
            panic!("not a usage error")
        };
        assert!(m.contains("--ky"), "{m}");
    }
}
