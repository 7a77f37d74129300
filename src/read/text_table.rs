//! CSV and tab-separated text (what some programs save under an .xls
//! name): one sheet, one cell per field, the rows as the lines. The
//! encoding is told by the byte-order mark, else UTF-8, else
//! Windows-1258; the separator is a tab, `;` or `,`, whichever splits the
//! first lines most evenly.

use super::grid::{Grid, GridBuilder};
use super::{Limits, ReadError};
use crate::read::error::Looks;

/// Lines looked at to choose the separator.
const SNIFF_LINES: usize = 30;

/// Longest field kept, in bytes: Excel's cell limit is 32,767 characters;
/// a field longer than a few times that is not a report.
const MAX_FIELD_BYTES: usize = 256 * 1024;

/// The separator that splits the first lines into the most fields, in
/// the most lines; `None` when none splits any line.
fn separator(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .collect();
    let mut best: Option<(usize, usize, u8)> = None;
    for sep in [b'\t', b';', b','] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == sep).count())
            .collect();
        let split = counts.iter().filter(|c| **c > 0).count();
        let most = counts.iter().copied().max().unwrap_or(0);
        if split == 0 {
            continue;
        }
        // A tab is never typed inside a report's text: prefer it.
        let key = (split, if sep == b'\t' { usize::MAX } else { most }, sep);
        if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
            best = Some(key);
        }
    }
    best.map(|(_, _, s)| s)
}

/// Reads a text table into a one-sheet grid.
///
/// # Errors
/// [`ReadError::NoTables`] (text) when no line has a separator (a note,
/// not a table);
/// the F12 limits of [`GridBuilder`] for rows, columns and cells.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Grid, ReadError> {
    let text = super::sniff::decode(bytes);
    let Some(sep) = separator(&text) else {
        return Err(ReadError::NoTables { looks: Looks::Text });
    };
    let mut grid = GridBuilder::new("csv", limits);
    grid.sheet("Sheet1");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        // A quote in a tab-separated export is text, not a quote.
        .quoting(sep != b'\t')
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut row: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::Corrupt {
                    format: "csv",
                    source: Some(Box::new(e)),
                })
            }
        }
        grid.check(row, record.len().saturating_sub(1) as u64)?;
        for (col, field) in record.iter().enumerate() {
            if field.len() > MAX_FIELD_BYTES {
                return Err(ReadError::SheetTooManyCells {
                    sheet: Some("Sheet1".into()),
                    cells: field.len() as u64,
                    limit: MAX_FIELD_BYTES as u64,
                });
            }
            grid.set(row, col as u64, super::convert::text(field), None)?;
        }
        row += 1;
    }
    Ok(grid.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Raw;

    fn cell(g: &Grid, r: u32, c: u32) -> Option<&Raw> {
        g.sheets[0].rows.get(&r)?.get(&c).map(|c| &c.value)
    }

    #[test]
    fn separator_chosen_by_the_lines() {
        assert_eq!(separator("a\tb\tc\n1\t2\t3"), Some(b'\t'));
        assert_eq!(separator("a;b;c\n1,5;2;3"), Some(b';'));
        assert_eq!(separator("a,b,c\n1,2,3"), Some(b','));
        assert_eq!(separator("một dòng chữ\nkhông có cột"), None);
    }

    #[test]
    fn quoted_fields_with_separators_and_breaks() {
        let g = read(
            "\u{feff}Mã,Kết quả\nNV1,\"Đã xong, tốt\nlắm\"\n".as_bytes(),
            &Limits::default(),
        )
        .expect("csv");
        assert_eq!(cell(&g, 1, 1), Some(&Raw::Text("Đã xong, tốt\nlắm".into())));
        assert_eq!(cell(&g, 0, 0), Some(&Raw::Text("Mã".into())));
    }

    #[test]
    fn prose_is_not_a_table() {
        assert!(matches!(
            read(b"Kinh gui So Cong Thuong\n", &Limits::default()),
            Err(ReadError::NoTables { looks: Looks::Text })
        ));
    }
}
