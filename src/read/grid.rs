//! An in-memory workbook for the formats that are not spreadsheets in
//! their own right (HTML tables, SpreadsheetML 2003, CSV/TSV text, Word
//! tables): sheets of rows of cells, filled by those readers within the
//! limits, then streamed to the sheet and header finding exactly like the
//! rows of an .xlsx sheet.
//!
//! A spanned cell (HTML `colspan`/`rowspan`, SpreadsheetML `ss:MergeAcross`,
//! Word `w:gridSpan`/`w:vMerge`) is a merged cell: its value is in its
//! top-left cell and the cells it covers are empty, as Excel shows it.

use std::collections::BTreeMap;

use super::{Limits, Raw, ReadError};

/// Most cells all the sheets of one grid may hold together, so that a
/// hostile file cannot make the reader hold millions of small cells. A
/// report has a few thousand.
pub(super) const MAX_GRID_CELLS: u64 = 2_000_000;

/// An Excel date serial (days since 1899-12-30) as a date, for a number
/// whose format is a date format; a number outside Excel's dates stays a
/// number.
pub(super) fn serial_date(n: f64) -> Raw {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
    match base.and_then(|b| b.checked_add_signed(chrono::Duration::days(n as i64))) {
        Some(d) if (1.0..2_958_466.0).contains(&n) => Raw::Date(d),
        _ => Raw::Number(n),
    }
}

/// One cell: its value and, where the format says it, the font family of
/// its text (for the conversion of legacy Vietnamese fonts, TCVN3/VNI).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct GridCell {
    pub(super) value: Raw,
    pub(super) font: Option<Box<str>>,
}

/// A merged area, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Merge {
    pub(super) first_row: u32,
    pub(super) first_col: u32,
    pub(super) last_row: u32,
    pub(super) last_col: u32,
}

/// One sheet (or one Word table).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct GridSheet {
    pub(super) name: String,
    /// Non-empty cells by row, then column.
    pub(super) rows: BTreeMap<u32, BTreeMap<u32, GridCell>>,
    /// The merged areas, in the order found.
    pub(super) merges: Vec<Merge>,
}

impl GridSheet {
    /// The font family of the text at (`row`, `col`), when the file gave one.
    #[cfg_attr(not(test), allow(dead_code))] // read by the legacy-font conversion
    pub(super) fn font(&self, row: u32, col: u32) -> Option<&str> {
        self.rows.get(&row)?.get(&col)?.font.as_deref()
    }
}

/// A whole grid workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Grid {
    /// The format it was read from, for messages (`html`, `xml`, `csv`,
    /// `docx`).
    pub(super) format: &'static str,
    pub(super) sheets: Vec<GridSheet>,
}

/// Fills a [`Grid`] and enforces the limits as cells come: rows and
/// columns per sheet ([`Limits::max_rows`], [`Limits::max_cols`]) and
/// [`MAX_GRID_CELLS`] over all sheets.
#[derive(Debug)]
pub(super) struct GridBuilder {
    grid: Grid,
    limits: Limits,
    cells: u64,
}

impl GridBuilder {
    pub(super) fn new(format: &'static str, limits: &Limits) -> GridBuilder {
        GridBuilder {
            grid: Grid {
                format,
                sheets: Vec::new(),
            },
            limits: *limits,
            cells: 0,
        }
    }

    /// Starts a new sheet; cells go to it from now on.
    pub(super) fn sheet(&mut self, name: &str) {
        self.grid.sheets.push(GridSheet {
            name: name.to_string(),
            ..GridSheet::default()
        });
    }

    /// Checks that (`row`, `col`) is within the sheet limits.
    pub(super) fn check(&self, row: u64, col: u64) -> Result<(), ReadError> {
        if row >= u64::from(self.limits.max_rows) || col >= u64::from(self.limits.max_cols) {
            return Err(ReadError::SheetTooBig {
                sheet: self.grid.sheets.last().map(|s| s.name.clone()),
                rows: u32::try_from(row.saturating_add(1)).unwrap_or(u32::MAX),
                cols: u32::try_from(col.saturating_add(1)).unwrap_or(u32::MAX),
                max_rows: self.limits.max_rows,
                max_cols: self.limits.max_cols,
                declared: false,
            });
        }
        Ok(())
    }

    /// Puts a value in the current sheet (a sheet is started when there is
    /// none). Empty values are not kept but still count against the size.
    pub(super) fn set(
        &mut self,
        row: u64,
        col: u64,
        value: Raw,
        font: Option<Box<str>>,
    ) -> Result<(), ReadError> {
        self.check(row, col)?;
        self.cells = self.cells.saturating_add(1);
        if self.cells > MAX_GRID_CELLS {
            return Err(ReadError::WorkbookTooManyCells {
                cells: self.cells,
                limit: MAX_GRID_CELLS,
            });
        }
        if self.grid.sheets.is_empty() {
            self.sheet("Sheet1");
        }
        if value.is_empty() {
            return Ok(());
        }
        let (r, c) = (row as u32, col as u32); // within the limits above
        if let Some(s) = self.grid.sheets.last_mut() {
            s.rows
                .entry(r)
                .or_default()
                .insert(c, GridCell { value, font });
        }
        Ok(())
    }

    /// Records a merged area of the current sheet.
    pub(super) fn merge(&mut self, m: Merge) {
        if m.last_row > m.first_row || m.last_col > m.first_col {
            if let Some(s) = self.grid.sheets.last_mut() {
                s.merges.push(m);
            }
        }
    }

    pub(super) fn finish(self) -> Grid {
        self.grid
    }
}

impl Grid {
    /// The sheet names, in order.
    pub(super) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|s| s.name.clone()).collect()
    }

    /// The sheet called `name`.
    pub(super) fn sheet(&self, name: &str) -> Option<&GridSheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_over_the_limits_are_refused_as_they_come() {
        let limits = Limits {
            max_rows: 10,
            max_cols: 5,
            ..Limits::default()
        };
        let mut b = GridBuilder::new("html", &limits);
        b.sheet("A");
        b.set(9, 4, Raw::Text("x".into()), Some("VnTime".into()))
            .expect("in");
        assert!(matches!(
            b.set(10, 0, Raw::Empty, None),
            Err(ReadError::SheetTooBig { rows: 11, .. })
        ));
        assert!(matches!(
            b.set(0, 5, Raw::Empty, None),
            Err(ReadError::SheetTooBig { cols: 6, .. })
        ));
        let g = b.finish();
        assert_eq!(g.sheet("A").and_then(|s| s.font(9, 4)), Some("VnTime"));
        assert_eq!(g.sheet_names(), ["A"]);
    }
}
