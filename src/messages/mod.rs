//! Every sentence the tool says to people, in Vietnamese, in one place: the
//! rule catalog ([`RULES`]), the texts of errors, and the print macros.
//!
//! Messages are plain words a clerk understands without the spec; each names
//! what it is about (file, sheet, cell, value) in quotes.

mod bao_cao;
mod forms;
mod mail;
mod plan;
mod read;
mod validate;
mod write;

pub use bao_cao::*;
pub use forms::*;
pub use mail::*;
pub use plan::*;
pub(crate) use read::*;
pub use validate::*;
pub use write::*;

use std::fmt::Write as _;

use crate::model::Rule;

/// The words of a rule of the catalog: what it checks and a one-line hint
/// on how to fix it (its severity and whether it excludes the file are
/// [`Rule::severity`] and [`Rule::excludes`]).
#[derive(Debug)]
pub struct RuleText {
    /// The rule.
    pub rule: Rule,
    /// What the rule checks, for the catalog and the printed docs.
    pub title: &'static str,
    /// How to fix it.
    pub hint: &'static str,
}

macro_rules! rule {
    ($rule:ident, $title:expr, $hint:expr) => {
        RuleText {
            rule: Rule::$rule,
            title: $title,
            hint: $hint,
        }
    };
}

/// The rule catalog, in RULES.md order. `docs/quy-tac.md` is generated from
/// it (`tonghop` tests check that the two agree).
pub const RULES: &[RuleText] = &[
    rule!(F01,
        "Không đọc được tệp: tệp hỏng, bị cắt cụt, có mật khẩu hoặc không thật sự là bảng tính",
        "Mở tệp bằng Excel, lưu lại dạng .xlsx không đặt mật khẩu rồi gửi lại."),
    rule!(F02,
        "Không tìm thấy bảng \"Nhiệm vụ\" hoặc \"Chỉ tiêu\" trong tệp",
        "Dùng biểu mẫu của Sở Công Thương, giữ nguyên tên các cột của bảng \"Nhiệm vụ\" và \"Chỉ tiêu\"."),
    rule!(F03,
        "Không xác định được đơn vị báo cáo",
        "Ghi \"Mã đơn vị\" hoặc \"Tên đơn vị\" trong trang \"Thông tin\" của biểu mẫu."),
    rule!(F04,
        "Đơn vị không có trong danh sách của kế hoạch hoặc không còn hoạt động trong kỳ",
        "Kiểm tra lại mã và tên đơn vị theo danh sách đơn vị của kế hoạch."),
    rule!(F05,
        "\"Kỳ báo cáo\" thiếu hoặc ghi kỳ khác",
        "Ghi đúng \"Kỳ báo cáo\" trong trang \"Thông tin\", ví dụ \"6 tháng đầu năm 2020\" hoặc \"Năm 2020\"."),
    rule!(F06,
        "Đã có báo cáo mới hơn của cùng đơn vị; báo cáo này không được tính",
        "Không cần làm gì; nếu báo cáo này mới là bản đúng, hãy gửi lại với \"Ngày báo cáo\" mới hơn."),
    rule!(F07,
        "Báo cáo gửi sau hạn",
        "Lần sau gửi báo cáo đúng hạn theo kế hoạch."),
    rule!(F08,
        "\"Ngày báo cáo\" thiếu hoặc không phải là ngày",
        "Ghi \"Ngày báo cáo\" dạng ngày, ví dụ 15/06/2020."),
    rule!(F09,
        "Thiếu một cột bắt buộc",
        "Thêm cột còn thiếu với đúng tên cột như biểu mẫu rồi gửi lại."),
    rule!(F10,
        "Báo cáo của đơn vị đã sáp nhập; được tính cho đơn vị tiếp nhận",
        "Từ kỳ sau, báo cáo dưới tên đơn vị mới."),
    rule!(F11,
        "Tệp không phải bảng tính, tệp khóa hoặc tệp ẩn: bỏ qua",
        "Không cần làm gì; nếu đây là báo cáo, hãy gửi lại dạng .xlsx."),
    rule!(F12,
        "Tệp vượt giới hạn cho phép (quá lớn, quá nhiều dòng hoặc cột, hoặc nén bất thường)",
        "Chỉ gửi biểu mẫu báo cáo, xóa các trang và dòng thừa, rồi gửi lại."),
    rule!(F13,
        "Có hai trang cùng có thể là trang \"Nhiệm vụ\" (hoặc \"Chỉ tiêu\"); đã dùng trang có nhiều dòng có số liệu hơn",
        "Chỉ giữ một trang \"Nhiệm vụ\" và một trang \"Chỉ tiêu\" trong tệp: xóa bản sao cũ rồi gửi lại."),
    rule!(F14,
        "Ô có công thức nhưng không có giá trị đã lưu; ở ô \"Kỳ báo cáo\", hoặc ô đơn vị khi không còn gì khác cho biết đơn vị, tệp bị loại khỏi tổng hợp",
        "Mở tệp bằng Excel, lưu lại rồi gửi."),
    rule!(F15,
        "Tệp gõ bằng phông chữ cũ (bảng mã TCVN3 hoặc VNI); đã chuyển sang Unicode",
        "Không cần gửi lại; lần sau dùng phông chữ Unicode (Times New Roman) và bảng mã Unicode của bộ gõ."),
    rule!(T01,
        "Mã nhiệm vụ không có trong kế hoạch",
        "Sửa \"Mã nhiệm vụ\" theo đúng mã trong kế hoạch (xem biểu mẫu của đơn vị)."),
    rule!(T02,
        "Đơn vị không chủ trì cũng không phối hợp nhiệm vụ này",
        "Kiểm tra lại mã nhiệm vụ; chỉ báo cáo các nhiệm vụ đơn vị được giao."),
    rule!(T03,
        "Thiếu dòng báo cáo cho một nhiệm vụ được giao",
        "Thêm dòng cho nhiệm vụ còn thiếu rồi gửi lại."),
    rule!(T04,
        "\"Tình trạng\" trống hoặc không đúng danh mục",
        "Chọn một trong: Hoàn thành, Đang thực hiện, Chưa thực hiện, Thường xuyên."),
    rule!(T05,
        "\"Tỷ lệ hoàn thành\" không phải là số hoặc ngoài khoảng 0–100",
        "Ghi số nguyên từ 0 đến 100, không kèm dấu %: ví dụ 75 nghĩa là đã làm được 75%."),
    rule!(T06,
        "\"Tình trạng\" và \"Tỷ lệ hoàn thành\" không khớp nhau",
        "Kiểm tra lại: \"Hoàn thành\" ghi 100, \"Chưa thực hiện\" ghi 0, \"Đang thực hiện\" ghi dưới 100 (không kèm dấu %)."),
    rule!(T07,
        "\"Kết quả thực hiện\" để trống",
        "Ghi tóm tắt kết quả đã làm được trong kỳ."),
    rule!(T08,
        "Cùng một mã nhiệm vụ xuất hiện hai lần",
        "Gộp hai dòng thành một dòng cho mỗi nhiệm vụ."),
    rule!(T09,
        "Ô chứa lỗi công thức của Excel",
        "Sửa công thức hoặc ghi trực tiếp giá trị vào ô."),
    rule!(T10,
        "Ghi \"Thường xuyên\" cho nhiệm vụ có thời hạn cụ thể",
        "Chọn Hoàn thành, Đang thực hiện hoặc Chưa thực hiện cho nhiệm vụ có thời hạn."),
    rule!(T11,
        "Nhiệm vụ đã quá hạn mà chưa hoàn thành",
        "Không cần sửa báo cáo; đơn vị cần đẩy nhanh tiến độ nhiệm vụ."),
    rule!(T12,
        "Ô văn bản dài quá giới hạn 32.767 ký tự của Excel; đã cắt bớt trong bảng tổng hợp",
        "Rút gọn nội dung trong ô (tóm tắt kết quả, gửi chi tiết bằng văn bản kèm theo)."),
    rule!(I01,
        "Mã chỉ tiêu không có trong kế hoạch",
        "Sửa \"Mã chỉ tiêu\" theo đúng mã trong kế hoạch."),
    rule!(I02,
        "Giá trị chỉ tiêu không phải là số hoặc là số âm",
        "Ghi một số không âm, ví dụ 1234,5."),
    rule!(I03,
        "\"Đơn vị tính\" khác với kế hoạch",
        "Quy đổi số liệu theo đơn vị tính của kế hoạch và ghi đúng đơn vị tính."),
    rule!(I04,
        "Số liệu cả năm nhỏ hơn số liệu 6 tháng đầu năm của cùng đơn vị",
        "Kiểm tra lại: số liệu cả năm là lũy kế từ đầu năm."),
    rule!(I05,
        "Số liệu chênh lệch quá 3 lần so với cùng kỳ năm trước",
        "Kiểm tra lại số liệu và đơn vị tính; ghi rõ lý do ở cột \"Ghi chú\" nếu đúng."),
    rule!(I06,
        "Thiếu số liệu của một chỉ tiêu đơn vị phải báo cáo",
        "Thêm dòng hoặc ghi số liệu cho chỉ tiêu còn thiếu."),
    rule!(I07,
        "Cùng một mã chỉ tiêu xuất hiện hai lần",
        "Giữ một dòng cho mỗi chỉ tiêu."),
    rule!(I08,
        "Số ghi dạng chữ không rõ cách viết; đã đọc theo kiểu Việt Nam",
        "Ghi số vào ô dạng số, hoặc ghi rõ, ví dụ 1.234,0."),
    rule!(I09,
        "Đơn vị báo cáo một chỉ tiêu mà kế hoạch không giao cho đơn vị; số liệu không được cộng vào tổng hợp",
        "Kiểm tra lại mã chỉ tiêu; chỉ báo cáo các chỉ tiêu được giao (xem biểu mẫu của đơn vị)."),
    rule!(I10,
        "Đơn vị ghi chỉ tiêu là chưa có số liệu (\"…\"); số liệu vẫn phải báo cáo",
        "Bổ sung số liệu khi thu thập được; ghi \"-\" nếu trong kỳ không phát sinh, \"x\" nếu chỉ tiêu không áp dụng cho đơn vị."),
    rule!(R01,
        "Đơn vị chưa gửi báo cáo trong kỳ",
        "Đôn đốc đơn vị gửi báo cáo."),
];

/// A number as a Vietnamese reader writes it: a dot between thousands, a
/// comma before decimals, at most 4 decimals, no trailing zeros.
///
/// # Examples
/// ```
/// use tonghop::messages::number_vi;
/// assert_eq!(number_vi(1234.5), "1.234,5");
/// assert_eq!(number_vi(99.9), "99,9");
/// assert_eq!(number_vi(-1234567.0), "-1.234.567");
/// assert_eq!(number_vi(0.1234567), "0,1235");
/// ```
pub fn number_vi(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let s = format!("{:.4}", n.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if n < 0.0 && (int != "0" || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// The catalog entry of `rule`.
pub fn rule_text(rule: Rule) -> &'static RuleText {
    // RULES lists every rule in the order of Rule::ALL (tested below), so the
    // index is in bounds; the search is the fallback that keeps it total.
    let i = Rule::ALL.iter().position(|r| *r == rule).unwrap_or(0);
    match RULES.get(i) {
        Some(t) if t.rule == rule => t,
        _ => RULES.iter().find(|t| t.rule == rule).unwrap_or(&RULES[0]),
    }
}

/// The catalog as a Markdown table (the content of `docs/quy-tac.md`).
pub fn catalog_markdown() -> String {
    let mut s = String::from(
        "# Danh mục quy tắc kiểm tra\n\n\
         Tệp này được sinh từ `src/messages.rs` (chạy `cargo test` để kiểm tra hai bên khớp nhau).\n\n\
         | mã | mức độ | loại khỏi tổng hợp | kiểm tra | cách sửa |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            r.rule,
            r.rule.severity().label(),
            if r.rule.excludes() { "có" } else { "" },
            r.title.replace('|', "\\|"),
            r.hint.replace('|', "\\|")
        );
    }
    s
}

// ---- discovery and reading ----------------------------------------------

pub(crate) fn discover_symlink_loop() -> String {
    "liên kết tượng trưng tạo vòng lặp thư mục; bỏ qua".to_string()
}
pub(crate) fn discover_unreachable(e: &walkdir::Error) -> String {
    format!("không truy cập được ({e})")
}
pub(crate) fn read_encrypted() -> String {
    "tệp được mã hóa hoặc đặt mật khẩu; hãy gửi lại tệp không đặt mật khẩu".to_string()
}

// ---- the command line and runs -------------------------------------------

/// Prints an error that stops a command, with the `tonghop: ` prefix. A
/// broken pipe on stderr is ignored.
pub fn eprint_error(e: &dyn std::fmt::Display) {
    use std::io::Write;
    let text = e.to_string();
    let mut err = std::io::stderr().lock();
    for (i, line) in text.lines().enumerate() {
        let prefix = if i == 0 { "tonghop: lỗi: " } else { "  " };
        let _ = writeln!(err, "{prefix}{line}");
    }
}

pub(crate) fn output_failed(path: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "không ghi được '{}' ({e}); kiểm tra thư mục kết quả có tồn tại, còn chỗ trống và được phép ghi",
        path.display()
    )
}

pub(crate) fn inbox_missing(path: &std::path::Path, existing: &[String]) -> String {
    let have = if existing.is_empty() {
        "thư mục nhận chưa có kỳ nào".to_string()
    } else {
        format!("đang có: {}", existing.join(", "))
    };
    format!(
        "không có thư mục báo cáo '{}' ({have}); tạo thư mục này và đặt báo cáo vào đó, hoặc kiểm tra --ky và --inbox. Chưa ghi tệp kết quả nào",
        path.display()
    )
}

/// `check` was given a path that does not exist.
pub fn check_not_found(path: &std::path::Path) -> String {
    format!(
        "không tìm thấy tệp '{}'; kiểm tra lại đường dẫn",
        path.display()
    )
}

/// `status` on a period whose inbox folder does not exist, with the period
/// folders that do.
pub fn status_inbox_missing(path: &std::path::Path, existing: &[String]) -> String {
    let have = if existing.is_empty() {
        "thư mục nhận chưa có kỳ nào".to_string()
    } else {
        format!("đang có: {}", existing.join(", "))
    };
    format!(
        "Chưa có thư mục báo cáo '{}' ({have}): coi như chưa đơn vị nào gửi.",
        path.display()
    )
}

/// `status --thu`: the reminders written.
pub fn reminders_written(n: usize, dir: &std::path::Path) -> String {
    format!("Đã ghi {n} thư nhắc vào '{}'.", dir.display())
}

/// `--ngay` is not a date.
pub fn bad_date_flag(s: &str) -> String {
    format!("--ngay '{s}' không phải ngày: ghi dạng 2020-06-30 hoặc 30/06/2020")
}

/// `--ke-hoach` names no plan.
pub fn plan_not_found(id: &str, templates: &std::path::Path, have: &[String]) -> String {
    format!(
        "không có kế hoạch '{id}' trong '{}' (có: {})",
        templates.display(),
        if have.is_empty() {
            "không có kế hoạch nào".to_string()
        } else {
            have.join(", ")
        }
    )
}

/// `templates/` holds no plan.
pub fn no_plan(templates: &std::path::Path) -> String {
    format!(
        "không tìm thấy kế hoạch nào trong '{}': mỗi kế hoạch là một thư mục con có ke-hoach.csv; chạy lệnh trong thư mục dự án hoặc dùng --templates",
        templates.display()
    )
}

/// `templates/` holds several plans and none was chosen.
pub fn several_plans(templates: &std::path::Path, have: &[String]) -> String {
    format!(
        "'{}' có nhiều kế hoạch ({}); chọn một bằng --ke-hoach",
        templates.display(),
        have.join(", ")
    )
}

/// The first line of `status`.
pub fn status_heading(
    plan: &str,
    period_label: &str,
    period_code: &str,
    expected: usize,
    files: usize,
) -> String {
    format!(
        "{plan} — {period_label} ({period_code}): {expected} đơn vị phải báo cáo, {files} tệp trong thư mục nhận"
    )
}

// ---- periods ------------------------------------------------------------

pub(crate) fn period_bad_code(s: &str) -> String {
    format!("kỳ báo cáo '{s}' không hợp lệ: ghi dạng 2020-H1 (6 tháng đầu năm) hoặc 2020 (cả năm)")
}
pub(crate) fn period_outside_plan(p: &str, from: &i32, to: &i32) -> String {
    format!("kỳ {p} nằm ngoài thời gian của kế hoạch (kế hoạch áp dụng từ năm {from} đến năm {to})")
}
pub(crate) fn period_none_passed(from: &i32) -> String {
    format!(
        "chưa có kỳ báo cáo nào của kế hoạch kết thúc (kế hoạch bắt đầu năm {from}); ghi rõ --ky"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    #[test]
    fn catalog_lists_every_rule_once_in_order() {
        assert_eq!(RULES.len(), Rule::ALL.len());
        for (t, r) in RULES.iter().zip(Rule::ALL) {
            assert_eq!(t.rule, *r);
            assert!(!t.title.is_empty() && !t.hint.is_empty(), "{r}");
            assert!(is_nfc(t.title) && is_nfc(t.hint), "{r} not NFC");
            assert_eq!(rule_text(*r).rule, *r);
        }
    }

    #[test]
    fn docs_catalog_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/quy-tac.md");
        let want = catalog_markdown();
        let have = std::fs::read_to_string(path).unwrap_or_default();
        if have != want {
            if std::env::var_os("TONGHOP_BLESS").is_some() {
                std::fs::write(path, &want).unwrap();
            } else {
                panic!(
                    "docs/quy-tac.md is out of date: run `TONGHOP_BLESS=1 cargo test docs_catalog`"
                );
            }
        }
    }
}

/// Printed under every help text.
pub const CLI_MORE_HELP: &str =
    "Xem hướng dẫn của từng lệnh: tonghop <LỆNH> --help. Mã thoát: 0 xong, 1 lỗi \
     kế hoạch, tham số hoặc thư mục kết quả, 2 dòng lệnh sai, 3 có lỗi trong báo cáo \
     (khi có --strict).";

/// A command line that cannot be parsed, as the tool tells it (clap's own
/// texts are English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliProblem {
    /// A flag the command does not have.
    UnknownArgument {
        /// The flag as typed.
        arg: String,
        /// A close flag, when there is one.
        suggestion: Option<String>,
    },
    /// A command the tool does not have.
    UnknownCommand {
        /// The command as typed.
        command: String,
        /// A close command.
        suggestion: Option<String>,
    },
    /// A value that does not fit the flag.
    InvalidValue {
        /// The flag.
        arg: String,
        /// The value.
        value: String,
    },
    /// A flag given without its value.
    MissingValue {
        /// The flag.
        arg: String,
    },
    /// Required arguments missing.
    MissingRequired {
        /// Their names.
        args: String,
    },
    /// No command given.
    MissingCommand,
    /// Two flags that cannot go together.
    Conflict {
        /// One flag.
        arg: String,
        /// The other.
        other: String,
    },
    /// Anything else clap refuses.
    Other,
}

/// The message for a command line that cannot be parsed, with the way to
/// the help; ends with a newline.
pub fn cli_error(p: &CliProblem) -> String {
    let first = match p {
        CliProblem::UnknownArgument { arg, suggestion } => match suggestion {
            Some(s) => format!("không có tùy chọn '{arg}'; có phải ý bạn là '{s}'?"),
            None => format!("không có tùy chọn '{arg}'"),
        },
        CliProblem::UnknownCommand {
            command,
            suggestion,
        } => match suggestion {
            Some(s) => format!("không có lệnh '{command}'; có phải ý bạn là '{s}'?"),
            None => format!("không có lệnh '{command}'; các lệnh: run, check, forms, status"),
        },
        CliProblem::InvalidValue { arg, value } => {
            format!("giá trị '{value}' không dùng được cho '{arg}'")
        }
        CliProblem::MissingValue { arg } => format!("'{arg}' cần một giá trị đi kèm"),
        CliProblem::MissingRequired { args } => format!("còn thiếu: {args}"),
        CliProblem::MissingCommand => {
            "chưa chọn lệnh; các lệnh: run, check, forms, status".to_string()
        }
        CliProblem::Conflict { arg, other } => {
            format!("không dùng '{arg}' cùng với '{other}'")
        }
        CliProblem::Other => "dòng lệnh không đúng".to_string(),
    };
    format!("tonghop: {first}\nXem hướng dẫn: tonghop --help hoặc tonghop <LỆNH> --help\n")
}

/// The feedback line of a unit whose files could not be used.
pub fn feedback_unusable(period: &str) -> String {
    format!(
        "Đơn vị đã gửi nhưng không tệp nào sử dụng được (xem từng dòng dưới đây). \
         Đề nghị gửi lại báo cáo {period} là tệp Excel (.xlsx) theo biểu mẫu của kế hoạch."
    )
}

/// The state of a unit whose only files could not be used.
pub const STATUS_UNUSABLE: &str = "Đã gửi, không sử dụng được";
