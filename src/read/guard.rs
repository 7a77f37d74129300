//! The size guards run before calamine loads a sheet: an .xls file's
//! records (through [`super::xls_guard`]) and an .ods file's content.xml
//! are looked at for a sheet or workbook over the limits (F12).

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};

use super::open::{corrupt, corrupt_zip};
use super::xls_guard::XlsProblem;
use super::{Limits, ReadError};

/// Most cells a sheet of a format that calamine loads whole (.xls, .ods)
/// may span (rows × columns), so that a sparse hostile sheet cannot make it
/// allocate gigabytes. It is also the budget of all sheets together, as
/// calamine loads every sheet of those formats at once.
pub(super) const MAX_DENSE_CELLS: u64 = 2_000_000;

/// Refuses an .xls file that would make calamine reserve a huge range
/// (see [`super::xls_guard`]).
pub(super) fn xls_guard(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    match super::xls_guard::check(bytes, limits, MAX_DENSE_CELLS) {
        Ok(()) => Ok(()),
        Err(XlsProblem::Corrupt) => Err(ReadError::Corrupt {
            format: "xls",
            source: None,
        }),
        Err(XlsProblem::Encrypted) => Err(ReadError::Encrypted),
        Err(XlsProblem::TooManyCells { total }) => Err(ReadError::WorkbookTooManyCells {
            cells: total,
            limit: MAX_DENSE_CELLS,
        }),
        Err(XlsProblem::TooBig {
            rows,
            cols,
            area,
            declared,
        }) => check_dense(None, rows, cols, area, limits, declared),
    }
}

/// The limit check for a sheet that calamine will hold as a dense range:
/// `rows` and `cols` are the extent from A1, `area` the cells spanned.
fn check_dense(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    area: u64,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    check_extent(sheet, rows, cols, limits, declared)?;
    if area > MAX_DENSE_CELLS {
        return Err(ReadError::SheetTooManyCells {
            sheet: sheet.map(str::to_string),
            cells: area,
            limit: MAX_DENSE_CELLS,
        });
    }
    Ok(())
}

/// Refuses a sheet whose extent (rows, columns from A1) is over the limits.
pub(super) fn check_extent(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    if rows > limits.max_rows || cols > limits.max_cols {
        return Err(ReadError::SheetTooBig {
            sheet: sheet.map(str::to_string),
            rows,
            cols,
            max_rows: limits.max_rows,
            max_cols: limits.max_cols,
            declared,
        });
    }
    Ok(())
}

/// Scans an .ods file's content.xml, before calamine expands it, for
/// repeated rows and columns that would make a sheet over the limits.
pub(super) fn ods_guard(reader: &mut BufReader<File>, limits: &Limits) -> Result<(), ReadError> {
    reader.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    let mut zip = zip::ZipArchive::new(&mut *reader).map_err(corrupt_zip)?;
    let content = match zip.by_name("content.xml") {
        Ok(f) => f,
        Err(e) => return Err(corrupt("ods", e)),
    };
    let mut scan = OdsScan::default();
    let mut input = BufReader::new(content.take(limits.max_member_bytes));
    let mut tag: Vec<u8> = Vec::new();
    let mut in_tag = false;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = input.read(&mut buf).map_err(|e| corrupt("ods", e))?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            if in_tag {
                if b == b'>' {
                    in_tag = false;
                    scan.tag(&tag, limits)?;
                    tag.clear();
                } else if tag.len() < 8192 {
                    tag.push(b);
                }
            } else if b == b'<' {
                in_tag = true;
            }
        }
    }
    Ok(())
}

/// Running position while scanning ODS content.
#[derive(Default)]
struct OdsScan {
    sheet: String,
    row: u64,
    row_repeat: u64,
    col: u64,
    first_valued: Option<(u64, u64)>,
    /// Cells spanned by the current table so far.
    area: u64,
    /// Cells spanned by the tables before it: calamine holds every table
    /// of an .ods at once, so the budget is for all of them together.
    done: u64,
}

impl OdsScan {
    fn tag(&mut self, tag: &[u8], limits: &Limits) -> Result<(), ReadError> {
        // The name runs to the first space or "/" (after a leading "/" of
        // an end tag).
        let name_end = tag
            .iter()
            .enumerate()
            .position(|(i, b)| b.is_ascii_whitespace() || (*b == b'/' && i > 0))
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let attr = |key: &[u8]| -> Option<String> {
            let mut pat = Vec::with_capacity(key.len() + 2);
            pat.extend_from_slice(key);
            pat.extend_from_slice(b"=\"");
            let start = tag.windows(pat.len()).position(|w| w == pat.as_slice())? + pat.len();
            let end = tag[start..].iter().position(|b| *b == b'"')? + start;
            Some(String::from_utf8_lossy(&tag[start..end]).into_owned())
        };
        let repeat = |key: &[u8]| -> u64 {
            attr(key)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match name {
            b"table:table" => {
                self.done = self.done.saturating_add(self.area);
                self.area = 0;
                self.sheet = attr(b"table:name").unwrap_or_default();
                self.row = 0;
                self.row_repeat = 1;
                self.col = 0;
                self.first_valued = None;
            }
            b"table:table-row" => {
                self.row_repeat = repeat(b"table:number-rows-repeated");
                self.col = 0;
                if tag.last() == Some(&b'/') {
                    // An empty row written as `<table:table-row …/>`.
                    self.row = self.row.saturating_add(self.row_repeat);
                    self.row_repeat = 1;
                }
            }
            b"/table:table-row" => {
                self.row = self.row.saturating_add(self.row_repeat);
                self.row_repeat = 1;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let reps = repeat(b"table:number-columns-repeated");
                let valued = attr(b"office:value-type").is_some()
                    || attr(b"calcext:value-type").is_some_and(|v| v != "void");
                let start_col = self.col;
                self.col = self.col.saturating_add(reps);
                if valued {
                    let last_row = self.row.saturating_add(self.row_repeat);
                    let first = *self.first_valued.get_or_insert((self.row, start_col));
                    let rows = u32::try_from(last_row).unwrap_or(u32::MAX);
                    let cols = u32::try_from(self.col).unwrap_or(u32::MAX);
                    let area = last_row
                        .saturating_sub(first.0)
                        .saturating_mul(self.col.saturating_sub(first.1.min(start_col)));
                    check_dense(Some(&self.sheet), rows, cols, area, limits, false)?;
                    self.area = self.area.max(area);
                    let total = self.done.saturating_add(self.area);
                    if total > MAX_DENSE_CELLS {
                        return Err(ReadError::WorkbookTooManyCells {
                            cells: total,
                            limit: MAX_DENSE_CELLS,
                        });
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
