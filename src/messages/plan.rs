//! The texts of plan errors and plan notes, and how a plan is named in
//! titles. Plain values in, Vietnamese out.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use crate::text::fold;

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The sentence that closes a list of `n` plan errors.
pub fn plan_error_count(n: usize) -> String {
    format!("Kế hoạch có {n} lỗi; sửa các tệp trên rồi chạy lại (chưa ghi tệp kết quả nào).")
}

pub(crate) fn plan_missing_file() -> String {
    "không tìm thấy tệp".to_string()
}
pub(crate) fn plan_file_unreadable(detail: &str) -> String {
    format!("không đọc được tệp ({detail})")
}
pub(crate) fn plan_file_too_big(size: u64, limit: u64) -> String {
    format!(
        "tệp quá lớn ({} MB, tối đa {} MB cho một tệp kế hoạch)",
        size.div_ceil(1 << 20),
        limit >> 20
    )
}
pub(crate) fn plan_csv_invalid(detail: &str) -> String {
    format!("tệp CSV không hợp lệ ({detail})")
}
pub(crate) fn plan_file_empty() -> String {
    "tệp rỗng, thiếu dòng tiêu đề cột".to_string()
}
pub(crate) fn plan_missing_column(col: &str, header: &[String]) -> String {
    format!(
        "thiếu cột '{col}' ở dòng tiêu đề (đang có: {})",
        header.join(", ")
    )
}
pub(crate) fn plan_field_count(got: usize, want: usize) -> String {
    format!("dòng có {got} cột, dòng tiêu đề có {want} cột")
}
pub(crate) fn plan_duplicate_code(code: &str, first_line: u64) -> String {
    format!("mã '{code}' bị trùng với dòng {first_line}")
}
pub(crate) fn plan_duplicate_key(key: &str, first_line: u64) -> String {
    format!("khóa '{key}' đã có ở dòng {first_line}")
}
pub(crate) fn plan_empty_code() -> String {
    "thiếu mã ở cột 'ma'".to_string()
}
pub(crate) fn plan_missing_value(key: &str) -> String {
    format!("thiếu giá trị cho '{key}'")
}
pub(crate) fn plan_missing_key(key: &str) -> String {
    format!("thiếu khóa '{key}'")
}
pub(crate) fn plan_bad_date(what: &str, v: &str) -> String {
    format!("'{what}' = '{v}' không phải ngày dạng YYYY-MM-DD")
}
pub(crate) fn plan_bad_month_day(what: &str, v: &str) -> String {
    format!("'{what}' = '{v}' không phải ngày trong năm dạng MM-DD")
}
pub(crate) fn plan_bad_year(what: &str, v: &str) -> String {
    format!("'{what}' = '{v}' không phải năm (4 chữ số)")
}
pub(crate) fn plan_years_reversed(from: i32, to: i32) -> String {
    format!("năm bắt đầu {from} sau năm kết thúc {to}")
}
pub(crate) fn plan_validity_reversed(a: NaiveDate, b: NaiveDate) -> String {
    format!("hiệu lực từ {} sau hiệu lực đến {}", dmy(a), dmy(b))
}
pub(crate) fn plan_unknown_unit(column: &str, code: &str) -> String {
    format!("'{column}' ghi mã đơn vị '{code}' không có trong don-vi.csv")
}
pub(crate) fn plan_repeated_unit(column: &str, code: &str) -> String {
    format!("'{column}' ghi mã đơn vị '{code}' hai lần")
}
pub(crate) fn plan_lead_and_coordinator(code: &str) -> String {
    format!("đơn vị '{code}' vừa chủ trì vừa phối hợp cùng một nhiệm vụ")
}
pub(crate) fn plan_successor_cycle(code: &str) -> String {
    format!("chuỗi 'thay_the_boi' từ '{code}' quay vòng, không kết thúc ở đơn vị nào")
}
pub(crate) fn plan_bad_unit_kind(v: &str) -> String {
    format!("'loai' = '{v}' không hợp lệ (ví dụ: so, ban_nganh, quan, huyen)")
}
pub(crate) fn plan_bad_deadline(v: &str) -> String {
    format!("'thoi_han' = '{v}' phải là ngày dạng YYYY-MM-DD hoặc 'thuong_xuyen'")
}
pub(crate) fn plan_bad_enum(col: &str, v: &str, allowed: &str) -> String {
    format!("'{col}' = '{v}' không hợp lệ (chỉ nhận: {allowed})")
}
pub(crate) fn plan_bad_number(col: &str, v: &str) -> String {
    format!("'{col}' = '{v}' không phải số không âm")
}
pub(crate) fn plan_bad_resubmit_days(v: &str) -> String {
    format!("'han_nop_lai' = '{v}' phải là số ngày nguyên từ 1 đến 365")
}

// ---- notes ---------------------------------------------------------------

/// Prints a note (something the user should know that stops nothing) to
/// stderr as one line with the `tonghop: lưu ý: ` prefix. A broken pipe is
/// ignored.
pub fn eprint_note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "tonghop: lưu ý: {text}");
}

fn sep_name(sep: char) -> String {
    match sep {
        ';' => "dấu chấm phẩy (;)".to_string(),
        '\t' => "dấu tab".to_string(),
        c => format!("'{c}'"),
    }
}

pub(crate) fn plan_note_separator(file: &Path, sep: char) -> String {
    format!(
        "{}: các cột cách nhau bởi {} thay vì dấu phẩy; đã đọc theo {}.",
        file.display(),
        sep_name(sep),
        sep_name(sep)
    )
}
pub(crate) fn plan_note_decoded(file: &Path, encoding: &str) -> String {
    let name = if encoding.eq_ignore_ascii_case("windows-1258") {
        "Windows-1258 (CSV thường của Excel)".to_string()
    } else {
        encoding.to_string()
    };
    format!(
        "{}: tệp không ở bảng mã UTF-8, đã đọc theo bảng mã {name}; nên lưu lại bằng \"CSV UTF-8 (phân cách bằng dấu phẩy)\".",
        file.display()
    )
}
pub(crate) fn plan_note_column_absent(file: &Path, column: &str) -> String {
    format!(
        "{}: không có cột '{column}'; coi như cột này để trống.",
        file.display()
    )
}

pub(crate) fn plan_note_ambiguous_number(
    file: &Path,
    line: u64,
    column: &str,
    value: &str,
    read: f64,
    other: Option<f64>,
) -> String {
    format!(
        "{}, dòng {line}, cột '{column}': {}; ghi rõ, ví dụ 1.234,0.",
        file.display(),
        super::validate::ambiguous_number(value, read, other)
    )
}

// ---- how a plan is named -------------------------------------------------

/// How a plan is named in a heading: "Kế hoạch 1315/QĐ-UBND" when its
/// document number is known, else its title (prefixed with "Kế hoạch" when
/// the title does not start with it).
///
/// # Examples
/// ```
/// use tonghop::messages::{plan_ref, plan_ref_numbered};
/// assert_eq!(plan_ref("1315/QĐ-UBND", "Kế hoạch hội nhập"), "Kế hoạch 1315/QĐ-UBND");
/// assert_eq!(plan_ref_numbered("1315/QĐ-UBND", "x"), "Kế hoạch số 1315/QĐ-UBND");
/// assert_eq!(plan_ref("", "Kế hoạch hội nhập"), "Kế hoạch hội nhập");
/// assert_eq!(plan_ref_numbered(" ", "hội nhập quốc tế"), "Kế hoạch hội nhập quốc tế");
/// ```
pub fn plan_ref(number: &str, name: &str) -> String {
    let number = number.trim();
    if !number.is_empty() {
        return format!("Kế hoạch {number}");
    }
    plan_by_name(name)
}

/// Like [`plan_ref`], in a sentence: "Kế hoạch số 1315/QĐ-UBND".
pub fn plan_ref_numbered(number: &str, name: &str) -> String {
    let number = number.trim();
    if !number.is_empty() {
        return format!("Kế hoạch số {number}");
    }
    plan_by_name(name)
}

fn plan_by_name(name: &str) -> String {
    let name = name.trim();
    if fold(name).starts_with("ke hoach") {
        name.to_string()
    } else {
        format!("Kế hoạch {name}")
    }
}

/// "văn bản số 1315/QĐ-UBND ngày 08/07/2016", with what is known of the
/// document; empty when neither its number nor its date is.
pub fn plan_document(number: &str, issued: Option<NaiveDate>) -> String {
    let mut s = String::new();
    let number = number.trim();
    if !number.is_empty() {
        let _ = write!(s, "văn bản số {number}");
    }
    if let Some(d) = issued {
        if s.is_empty() {
            s.push_str("văn bản");
        }
        let _ = write!(s, " ngày {}", dmy(d));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_texts_word_for_word() {
        let f = Path::new("ke-hoach.csv");
        assert_eq!(
            plan_note_separator(f, ';'),
            "ke-hoach.csv: các cột cách nhau bởi dấu chấm phẩy (;) thay vì dấu phẩy; đã đọc theo dấu chấm phẩy (;)."
        );
        assert_eq!(
            plan_note_decoded(f, "windows-1258"),
            "ke-hoach.csv: tệp không ở bảng mã UTF-8, đã đọc theo bảng mã Windows-1258 (CSV thường của Excel); \
             nên lưu lại bằng \"CSV UTF-8 (phân cách bằng dấu phẩy)\"."
        );
        assert_eq!(
            plan_note_column_absent(f, "muc"),
            "ke-hoach.csv: không có cột 'muc'; coi như cột này để trống."
        );
        assert_eq!(
            plan_duplicate_code("SCT", 2),
            "mã 'SCT' bị trùng với dòng 2"
        );
        assert_eq!(
            plan_bad_resubmit_days("0"),
            "'han_nop_lai' = '0' phải là số ngày nguyên từ 1 đến 365"
        );
        assert_eq!(
            plan_file_too_big(17 << 20, 16 << 20),
            "tệp quá lớn (17 MB, tối đa 16 MB cho một tệp kế hoạch)"
        );
        let d = NaiveDate::from_ymd_opt(2016, 7, 8);
        assert_eq!(
            plan_document("1315/QĐ-UBND", d),
            "văn bản số 1315/QĐ-UBND ngày 08/07/2016"
        );
        assert_eq!(plan_document("", d), "văn bản ngày 08/07/2016");
        assert_eq!(plan_document("", None), "");
    }
}
