//! What a cell holds, where it is, and its A1 name.

use std::fmt;

/// The most characters Excel keeps in a cell (T12).
pub const EXCEL_MAX_CHARS: usize = 32_767;

/// A cell value as read, before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// An empty cell (or only whitespace).
    Empty,
    /// Text, in NFC, as typed (not trimmed), without control characters
    /// other than tab and line breaks.
    Text(String),
    /// A number.
    Number(f64),
    /// A number the cell's format shows as a percentage: the stored
    /// fraction (0.4 for a cell that shows "40%"). Readers give it where
    /// the format is known (an .xlsx style, an .ods `percentage` cell, an
    /// HTML `mso-number-format`); elsewhere such a cell is a plain
    /// [`Raw::Number`].
    Percent(f64),
    /// A boolean.
    Bool(bool),
    /// A date (Excel date or ODS date), without time.
    Date(chrono::NaiveDate),
    /// An Excel error value, as shown in Excel: `#REF!`, `#N/A`…
    Error(String),
    /// A formula saved without its result (a file re-saved by a program
    /// that keeps formulas and drops their values): the formula's text,
    /// without the leading `=`, empty when the reader cannot give it.
    Formula(String),
}

impl Raw {
    /// Whether the cell is empty or holds only whitespace.
    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as people see it, for messages and outputs.
    ///
    /// # Examples
    /// ```
    /// use tonghop::model::Raw;
    /// assert_eq!(Raw::Number(12.5).display(), "12.5");
    /// assert_eq!(Raw::Percent(0.4).display(), "40%");
    /// assert_eq!(Raw::Formula("SUM(B2:B4)".into()).display(), "=SUM(B2:B4)");
    /// ```
    pub fn display(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(t) => t.clone(),
            Raw::Number(n) => crate::text::format_number(*n),
            Raw::Percent(p) => format!("{}%", crate::text::format_number(percent_points(*p))),
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Date(d) => d.format("%d/%m/%Y").to_string(),
            Raw::Error(e) => e.clone(),
            Raw::Formula(f) => format!("={f}"),
        }
    }
}

/// A stored fraction as the percentage a cell shows (0.4 → 40), rounded
/// to 10 decimals so that binary fractions do not show (0.749 → 74.9, not
/// 74.89999999999999).
pub fn percent_points(fraction: f64) -> f64 {
    let p = fraction * 100.0;
    let r = (p * 1e10).round() / 1e10;
    if r.is_finite() {
        r
    } else {
        p
    }
}

/// A value with its place in the sheet (0-based row and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// The sheet it was found on (its name without control characters).
    pub sheet: String,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    /// The value.
    pub value: Raw,
}

impl Located {
    /// Its cell.
    pub fn cell(&self) -> Cell {
        Cell::new(self.row, self.col)
    }
}

/// A cell position, 0-based, shown in A1 notation.
///
/// # Examples
/// ```
/// use tonghop::model::Cell;
/// assert_eq!(Cell::new(0, 0).to_string(), "A1");
/// assert_eq!(Cell::new(9, 27).to_string(), "AB10");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cell {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl Cell {
    /// A cell at 0-based `row` and `col`.
    pub fn new(row: u32, col: u32) -> Cell {
        Cell { row, col }
    }

    /// The column letters: 0 → "A", 26 → "AA".
    pub fn column_name(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut s = String::new();
        while n > 0 {
            let r = ((n - 1) % 26) as u8;
            s.insert(0, char::from(b'A' + r));
            n = (n - 1) / 26;
        }
        s
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Cell::column_name(self.col), self.row as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(Cell::column_name(0), "A");
        assert_eq!(Cell::column_name(25), "Z");
        assert_eq!(Cell::column_name(26), "AA");
        assert_eq!(Cell::column_name(701), "ZZ");
        assert_eq!(Cell::column_name(702), "AAA");
        assert_eq!(Cell::column_name(16383), "XFD");
        assert_eq!(Cell::new(1048575, 16383).to_string(), "XFD1048576");
    }

    #[test]
    fn percent_cells_show_what_excel_shows() {
        assert_eq!(percent_points(1.0), 100.0);
        assert_eq!(percent_points(0.749), 74.9);
        assert_eq!(Raw::Percent(1.0).display(), "100%");
        assert!(!Raw::Formula(String::new()).is_empty());
    }
}
