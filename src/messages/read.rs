//! Messages of the read stage: why a file could not be read (F01) or is
//! over a limit (F12), in words a clerk understands.

/// Bytes as megabytes with one decimal, Vietnamese style, and the exact
/// count ("52,4 MB (54945382 byte)").
fn mb(bytes: u64) -> String {
    let v = bytes as f64 / (1024.0 * 1024.0);
    format!("{} ({bytes} byte)", format!("{v:.1} MB").replace('.', ","))
}

/// The file could not be opened or read from disk.
pub(crate) fn read_io(e: &std::io::Error) -> String {
    format!("không mở được tệp ({e})")
}

/// A document without any report table (a cover letter, a narrative
/// report); `what` is the tag of what it is.
pub(crate) fn read_no_tables(what: &str) -> String {
    let doc = match what {
        "Word" => "Tệp Word",
        "HTML" => "Trang web",
        "text" => "Tệp văn bản",
        _ => "Tệp",
    };
    format!(
        "{doc} không có bảng nhiệm vụ hoặc bảng chỉ tiêu (công văn, báo cáo chỉ có lời văn): bỏ qua; hãy gửi biểu mẫu .xlsx, hoặc tệp Word có kèm các bảng của biểu mẫu"
    )
}

/// A document nested deeper than the reader follows.
pub(crate) fn read_too_deep(format: &str, limit: u32) -> String {
    format!("tệp .{format} lồng nhau quá {limit} tầng, vượt giới hạn cho phép")
}

/// A document with more elements (tags, cells) than accepted.
pub(crate) fn read_too_many_elements(format: &str, limit: u64) -> String {
    format!("tệp .{format} có hơn {limit} phần tử, vượt giới hạn cho phép")
}

/// One cell's text is longer than accepted.
pub(crate) fn read_text_too_long(format: &str, bytes: u64, limit: u64) -> String {
    format!("một ô của tệp .{format} chứa hơn {bytes} byte chữ, vượt giới hạn {limit} byte")
}

/// A zero-byte file.
pub(crate) fn read_empty_file() -> String {
    "tệp rỗng (0 byte): tệp bị lỗi khi lưu hoặc khi gửi; hãy gửi lại tệp báo cáo".to_string()
}

/// Not a spreadsheet whatever its name says; `what` is a short tag of
/// what it looks like.
pub(crate) fn read_not_spreadsheet(what: &str) -> String {
    let looks = match what {
        "HTML" => "một trang web (HTML) được đặt tên như tệp Excel",
        "PDF" => "một tệp PDF được đặt tên như tệp Excel",
        "Word" => "một tệp Word được đặt tên như tệp Excel",
        "text" => "một tệp văn bản được đặt tên như tệp Excel",
        "zip" => "một tệp nén không chứa bảng tính",
        "image" => "một tệp ảnh (ảnh chụp hoặc bản quét)",
        "old-excel" => {
            "một bảng tính Excel đời rất cũ (Excel 2.x–4.0) mà chương trình không đọc được"
        }
        "xml" => "một tệp XML không phải bảng tính Excel",
        _ => "không phải là bảng tính Excel",
    };
    format!(
        "tệp không thật sự là bảng tính: {looks}; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
    )
}

/// A zip-based workbook whose archive is broken (truncated download).
pub(crate) fn read_corrupt_zip() -> String {
    "tệp bị hỏng hoặc bị cắt cụt (tải về chưa hết?); hãy gửi lại tệp báo cáo".to_string()
}

/// The reader rejected a workbook of format `format`.
pub(crate) fn read_corrupt(format: &str) -> String {
    format!(
        "tệp .{format} bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
    )
}

/// The reader rejected sheet `sheet` of a workbook of format `format`.
pub(crate) fn read_corrupt_sheet(sheet: &str, format: &str) -> String {
    format!(
        "trang \"{sheet}\" của tệp .{format} bị hỏng, không đọc được; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
    )
}

/// The reader library failed on the file (a panic caught).
pub(crate) fn read_crashed() -> String {
    "tệp có cấu trúc bất thường, chương trình không đọc được; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại".to_string()
}

/// Reading the file took longer than the time limit, in seconds.
pub(crate) fn read_timeout(seconds: u64) -> String {
    format!(
        "đọc tệp mất hơn {seconds} giây mà chưa xong: tệp có cấu trúc bất thường; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
    )
}

/// The file is over the size limit.
pub(crate) fn read_file_too_big(size: u64, max: u64) -> String {
    format!("tệp nặng {}, vượt giới hạn {}", mb(size), mb(max))
}

/// A zip member inflates over the limit.
pub(crate) fn read_member_too_big(member: &str, size: u64, max: u64) -> String {
    format!(
        "phần \"{member}\" trong tệp khi giải nén nặng {}, vượt giới hạn {}",
        mb(size),
        mb(max)
    )
}

/// A zip member inflates far more than its compressed size (a zip bomb).
pub(crate) fn read_member_ratio(
    member: &str,
    size: u64,
    compressed: u64,
    max_ratio: u64,
) -> String {
    format!(
        "phần \"{member}\" trong tệp nén bất thường: {compressed} byte giải nén thành {size} byte (gấp hơn {max_ratio} lần)"
    )
}

/// A sheet that is read is over the row or column limit; `declared` when
/// the size is the one the sheet declares rather than the cells found.
pub(crate) fn read_sheet_too_big(
    sheet: &str,
    rows: u32,
    cols: u32,
    max_rows: u32,
    max_cols: u32,
    declared: bool,
) -> String {
    let place = if sheet.is_empty() {
        "một trang của tệp".to_string()
    } else {
        format!("trang \"{sheet}\"")
    };
    let how = if declared {
        "khai báo"
    } else {
        "có dữ liệu đến"
    };
    format!("{place} {how} {rows} dòng, {cols} cột, vượt giới hạn {max_rows} dòng, {max_cols} cột")
}

/// A sheet of a format loaded whole spans too many cells.
pub(crate) fn read_sheet_too_many_cells(sheet: &str, cells: u64, max: u64) -> String {
    let place = if sheet.is_empty() {
        "một trang của tệp".to_string()
    } else {
        format!("trang \"{sheet}\"")
    };
    format!("{place} trải trên {cells} ô, vượt giới hạn {max} ô")
}

/// The sheets of a workbook loaded whole (.xls) together span too many
/// cells.
pub(crate) fn read_workbook_too_many_cells(cells: u64, max: u64) -> String {
    format!("các trang của tệp trải trên tổng cộng {cells} ô, vượt giới hạn {max} ô")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_messages_name_the_numbers() {
        assert_eq!(
            read_sheet_too_big("Nhiệm vụ", 1_048_576, 16_384, 50_000, 1_000, true),
            "trang \"Nhiệm vụ\" khai báo 1048576 dòng, 16384 cột, vượt giới hạn 50000 dòng, 1000 cột"
        );
        assert_eq!(
            read_file_too_big(60 * 1024 * 1024, 50 * 1024 * 1024),
            "tệp nặng 60,0 MB (62914560 byte), vượt giới hạn 50,0 MB (52428800 byte)"
        );
        assert_eq!(
            read_workbook_too_many_cells(15_200_000, 2_000_000),
            "các trang của tệp trải trên tổng cộng 15200000 ô, vượt giới hạn 2000000 ô"
        );
        assert_eq!(
            read_timeout(60),
            "đọc tệp mất hơn 60 giây mà chưa xong: tệp có cấu trúc bất thường; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại"
        );
        assert_eq!(
            read_member_ratio("xl/worksheets/sheet2.xml", 104_858_390, 102_443, 100),
            "phần \"xl/worksheets/sheet2.xml\" trong tệp nén bất thường: 102443 byte giải nén thành 104858390 byte (gấp hơn 100 lần)"
        );
    }
}
