//! The rows of one sheet streamed, with the size checks applied as they
//! come: cell by cell for .xlsx and .xlsb, from calamine's range for .xls
//! and .ods.

use calamine::{Data, DataRef, Reader};

use super::convert::{is_percent_format, raw_from_data, raw_from_ref};
use super::error::corrupt_sheet;
use super::formula::FormulaState;
use super::guard::check_extent;
use super::header::Cells;
use super::open::Book;
use super::percent::PercentCells;
use super::{Limits, Raw, ReadError};

/// What to do after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Stop,
}

/// Streams the cells of `sheet` from a calamine xlsx or xlsb workbook into
/// `f`, each cell checked as it comes, stopping at the first one over the
/// limits. The declared dimension is not the sheet (FORM.md §4): it is
/// neither allocated nor judged.
/// `$next` gives the next cell already converted: `Ok(Some(((r, c), raw)))`.
macro_rules! stream_cells {
    ($reader:ident, $format:literal, $sheet:expr, $enforce:expr, $max_rows:expr, $max_cols:expr, $f:expr, $next:expr) => {{
        let mut grouper = Grouper::new($sheet, $max_rows, $max_cols, $enforce);
        loop {
            let cell = $next.map_err(|e| corrupt_sheet($sheet, $format, e))?;
            let Some(((r, c), raw)) = cell else { break };
            if grouper.push(r, c, raw, $f)? == Flow::Stop {
                return Ok(());
            }
        }
        grouper.finish($f);
        Ok(())
    }};
}

/// Which style ids of an .xlsx workbook show numbers as percentages.
fn percent_styles(styles: &[calamine::Style]) -> Vec<bool> {
    styles
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|n| is_percent_format(&n.format_code))
        })
        .collect()
}

/// An .xlsx cell with its style: a number shown as a percentage is
/// [`Raw::Percent`] (the style id comes in the same pass as the value).
fn xlsx_raw(v: &DataRef<'_>, style: usize, percent: &[bool]) -> Raw {
    let pct = percent.get(style).copied().unwrap_or(false);
    match v {
        DataRef::Float(x) if pct && x.is_finite() => Raw::Percent(*x),
        DataRef::Int(i) if pct => Raw::Percent(*i as f64),
        v => raw_from_ref(v),
    }
}

impl Book {
    /// What this is when it is a document rather than a workbook (a
    /// .docx, a text file): without a report table it holds no report at
    /// all (F11, like a note or a cover letter), not a workbook missing
    /// its tables (F02).
    pub(super) fn document(&self) -> Option<super::error::Looks> {
        use super::error::Looks;
        match self {
            Book::Grid(g) if g.format == "docx" => Some(Looks::Word),
            Book::Grid(g) if g.format == "csv" => Some(Looks::Text),
            _ => None,
        }
    }

    /// Whether each sheet, in workbook order, is visible (not hidden nor
    /// very hidden). A format that does not say counts as visible.
    pub(super) fn visible(&self) -> Vec<bool> {
        let meta = match self {
            Book::Xlsx(b, _) => b.sheets_metadata(),
            Book::Xlsb(b, _) => b.sheets_metadata(),
            Book::Xls(b, _) => b.sheets_metadata(),
            Book::Ods(b, _) => b.sheets_metadata(),
            Book::Grid(g) => return vec![true; g.sheet_names().len()],
        };
        meta.iter()
            .map(|s| s.visible == calamine::SheetVisible::Visible)
            .collect()
    }

    /// The sheet names, in workbook order.
    pub(super) fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b, _) => b.sheet_names(),
            Book::Xlsb(b, _) => b.sheet_names(),
            Book::Xls(b, _) => b.sheet_names(),
            Book::Ods(b, _) => b.sheet_names(),
            Book::Grid(g) => g.sheet_names(),
        }
    }

    /// Streams the non-empty rows of `sheet` to `f`, in sheet order, until
    /// `f` says stop. With `enforce`, the declared and actual size of the
    /// sheet are checked against `limits` (F12); without it (a quick look
    /// at the first rows of a sheet), `f` must stop early and the sheet's
    /// size does not matter.
    pub(super) fn rows(
        &mut self,
        sheet: &str,
        limits: &Limits,
        enforce: bool,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<(), ReadError> {
        // Without enforcement the caller stops early; still never stream a
        // hostile sheet forever.
        let (max_rows, max_cols) = if enforce {
            (limits.max_rows, limits.max_cols)
        } else {
            (limits.max_rows.min(1_000), limits.max_cols)
        };
        match self {
            // The xlsx and xlsb cell readers have the same methods but no
            // common trait: one body for both.
            Book::Xlsx(b, side) => {
                let mut reader = b
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "xlsx", e))?;
                let percent = percent_styles(reader.styles());
                // Formulas only where the whole sheet is read (a quick look
                // at the first rows needs the labels), and only once a cell
                // without a value comes: the formula stream is opened then
                // and brought to the same cell.
                let mut formulas = FormulaState::Waiting(side);
                let mut seen: u64 = 0;
                stream_cells!(
                    reader,
                    "xlsx",
                    sheet,
                    enforce,
                    max_rows,
                    max_cols,
                    f,
                    reader.next_cell_with_style_id().map(|c| {
                        c.map(|(cell, style)| {
                            let pos = cell.get_position();
                            seen += 1;
                            let raw = match cell.get_value() {
                                DataRef::Empty if enforce => match formulas.at(sheet, seen, pos) {
                                    Some(text) => Raw::Formula(text),
                                    None => Raw::Empty,
                                },
                                v => xlsx_raw(v, style, &percent),
                            };
                            (pos, raw)
                        })
                    })
                )
            }
            Book::Xlsb(b, percents) => {
                let mut reader = b
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "xlsb", e))?;
                stream_cells!(
                    reader,
                    "xlsb",
                    sheet,
                    enforce,
                    max_rows,
                    max_cols,
                    f,
                    reader.next_cell().map(|c| c.map(|cell| {
                        let (r, col) = cell.get_position();
                        (
                            (r, col),
                            percents.shown(sheet, r, col, raw_from_ref(cell.get_value())),
                        )
                    }))
                )
            }
            Book::Xls(b, percents) => {
                let range = b
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "xls", e));
                range_rows(sheet, &range?, limits, enforce, percents, f)
            }
            Book::Ods(b, percents) => {
                let range = b
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt_sheet(sheet, "ods", e));
                range_rows(sheet, &range?, limits, enforce, percents, f)
            }
            // Built within the limits: only the early stop matters.
            Book::Grid(g) => {
                let Some(s) = g.sheet(sheet) else {
                    return Ok(());
                };
                let mut cells: Cells = Vec::new();
                for (r, row) in &s.rows {
                    if *r >= max_rows {
                        break;
                    }
                    cells.clear();
                    cells.extend(row.iter().map(|(c, cell)| (*c, cell.value.clone())));
                    if f(*r, &cells) == Flow::Stop {
                        break;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The rows of a range calamine loaded whole (.xls, .ods); `percents`
/// tells the cells whose format shows a percentage.
fn range_rows(
    sheet: &str,
    range: &calamine::Range<Data>,
    limits: &Limits,
    enforce: bool,
    percents: &PercentCells,
    f: &mut dyn FnMut(u32, &Cells) -> Flow,
) -> Result<(), ReadError> {
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    if let (true, Some((r1, c1))) = (enforce, range.end()) {
        check_extent(
            Some(sheet),
            r1.saturating_add(1),
            c1.saturating_add(1),
            limits,
            false,
        )?;
    }
    let mut cells: Cells = Vec::new();
    for (i, row) in range.rows().enumerate() {
        cells.clear();
        let r = r0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        for (j, v) in row.iter().enumerate() {
            let col = c0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));
            let raw = percents.shown(sheet, r, col, raw_from_data(v));
            if !matches!(raw, Raw::Empty) {
                cells.push((col, raw));
            }
        }
        if !cells.is_empty() && f(r, &cells) == Flow::Stop {
            break;
        }
    }
    Ok(())
}

/// Groups streamed cells into rows, checking the actual size as it goes.
struct Grouper<'s> {
    sheet: &'s str,
    max_rows: u32,
    max_cols: u32,
    enforce: bool,
    row: Option<u32>,
    cells: Cells,
}

impl<'s> Grouper<'s> {
    fn new(sheet: &'s str, max_rows: u32, max_cols: u32, enforce: bool) -> Grouper<'s> {
        Grouper {
            sheet,
            max_rows,
            max_cols,
            enforce,
            row: None,
            cells: Vec::new(),
        }
    }

    fn push(
        &mut self,
        r: u32,
        c: u32,
        v: Raw,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<Flow, ReadError> {
        if r >= self.max_rows || c >= self.max_cols {
            if !self.enforce {
                return Ok(Flow::Stop);
            }
            return Err(ReadError::SheetTooBig {
                sheet: Some(self.sheet.to_string()),
                rows: r.saturating_add(1),
                cols: c.saturating_add(1),
                max_rows: self.max_rows,
                max_cols: self.max_cols,
                declared: false,
            });
        }
        if self.row != Some(r) {
            if let Some(prev) = self.row {
                if !self.cells.is_empty() {
                    self.cells.sort_by_key(|(c, _)| *c);
                    if f(prev, &self.cells) == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
            }
            self.cells.clear();
            self.row = Some(r);
        }
        if !matches!(v, Raw::Empty) {
            self.cells.push((c, v));
        }
        Ok(Flow::Continue)
    }

    fn finish(mut self, f: &mut dyn FnMut(u32, &Cells) -> Flow) {
        if let (Some(r), false) = (self.row, self.cells.is_empty()) {
            self.cells.sort_by_key(|(c, _)| *c);
            let _ = f(r, &self.cells);
        }
    }
}
