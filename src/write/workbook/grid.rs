//! A worksheet grid that sizes its rows, written strictly row by row, and
//! the small conversions the sheets share.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};

use crate::write::style;

/// A worksheet with known column widths, written row by row, that sets
/// each row's height from the lines its cells need.
///
/// Rows must come in increasing order (a write to an earlier row is an
/// error): the table sheets are "constant memory" worksheets, which write a
/// row to disk as soon as a cell of a later row is written. The height of
/// a row is set when the grid first moves past it (or at [`Grid::finish`]),
/// before the worksheet writes the row out.
///
/// A table grid ([`Grid::table`]) ends with one empty cell below the
/// table: rust_xlsxwriter 0.102 writes the last row of a constant memory
/// worksheet twice (the second time empty) when that row has a height,
/// which Excel reports as damaged content; the empty cell makes the table's
/// last row an ordinary one.
pub(super) struct Grid<'a> {
    pub(super) ws: &'a mut Worksheet,
    widths: Vec<f64>,
    /// The row being written and the height its cells need so far.
    current: Option<(u32, f64)>,
    /// Whether [`Grid::finish`] closes the table with an empty cell.
    table: bool,
    /// The height given to each row so far, in row order (for
    /// [`Grid::keep_with_next`]).
    heights: Vec<(u32, f64)>,
    /// The formats a table sheet may use: those registered with the
    /// workbook before the sheets are written side by side (see
    /// [`super::format::table_palette`]); checked in debug builds.
    palette: &'a [Format],
}

impl<'a> Grid<'a> {
    pub(super) fn new(ws: &'a mut Worksheet, widths: &[f64]) -> Result<Grid<'a>, XlsxError> {
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(col(i), *w)?;
        }
        Ok(Grid {
            ws,
            widths: widths.to_vec(),
            current: None,
            heights: Vec::new(),
            table: false,
            palette: &[],
        })
    }

    /// A grid for a table sheet made by [`table_sheet`], whose cells use
    /// only formats of `palette`.
    pub(super) fn table(
        ws: &'a mut Worksheet,
        widths: &[f64],
        palette: &'a [Format],
    ) -> Result<Grid<'a>, XlsxError> {
        let mut g = Grid::new(ws, widths)?;
        g.table = true;
        g.palette = palette;
        Ok(g)
    }

    /// A table sheet's cell format must be registered: one that is not
    /// would get its number from whichever sheet uses it first, and the
    /// sheets are written at the same time.
    fn check(&self, f: &Format) {
        debug_assert!(
            !self.table || self.palette.contains(f),
            "format not in the table palette: {f:?}"
        );
    }

    pub(super) fn width(&self, c1: u16, c2: u16) -> f64 {
        (c1..=c2)
            .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
            .sum()
    }

    /// Moves to `row` (setting the height of the row left behind), then
    /// makes room for `text` over columns `c1..=c2`.
    pub(super) fn grow(
        &mut self,
        row: u32,
        text: &str,
        c1: u16,
        c2: u16,
        points: f64,
    ) -> Result<(), XlsxError> {
        self.go_to(row)?;
        let lines = style::text_lines(text, self.width(c1, c2), points);
        let h = lines as f64 * points * 1.3 + 3.0;
        if let Some((_, e)) = &mut self.current {
            if h > *e {
                *e = h;
            }
        }
        Ok(())
    }

    pub(super) fn go_to(&mut self, row: u32) -> Result<(), XlsxError> {
        match self.current {
            Some((r, _)) if r == row => return Ok(()),
            Some((r, _)) if r > row => {
                return Err(XlsxError::ParameterError(format!(
                    "row {row} written after row {r}"
                )))
            }
            _ => {}
        }
        self.set_height()?;
        self.current = Some((row, 0.0));
        Ok(())
    }

    pub(super) fn set_height(&mut self) -> Result<(), XlsxError> {
        if let Some((r, h)) = self.current.take() {
            let h = h.clamp(18.0, 409.0);
            self.ws.set_row_height(r, h)?;
            self.heights.push((r, h));
        }
        Ok(())
    }

    pub(super) fn text(&mut self, row: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        self.merge_sized(row, c, c, s, f, 12.0)
    }

    pub(super) fn merge(
        &mut self,
        row: u32,
        c1: u16,
        c2: u16,
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.merge_sized(row, c1, c2, s, f, 12.0)
    }

    pub(super) fn merge_sized(
        &mut self,
        row: u32,
        c1: u16,
        c2: u16,
        s: &str,
        f: &Format,
        points: f64,
    ) -> Result<(), XlsxError> {
        self.check(f);
        let s = style::excel_text(s);
        let s = s.as_ref();
        self.grow(row, s, c1, c2, points)?;
        if c1 == c2 {
            self.ws.write_string_with_format(row, c1, s, f)?;
        } else {
            self.ws.merge_range(row, c1, row, c2, s, f)?;
        }
        Ok(())
    }

    pub(super) fn number(
        &mut self,
        row: u32,
        c: u16,
        v: Option<f64>,
        f: &Num,
    ) -> Result<(), XlsxError> {
        f.all().for_each(|s| self.check(s));
        self.grow(row, "", c, c, 12.0)?;
        match v {
            Some(v) if v.is_finite() => {
                self.ws
                    .write_number_with_format(row, c, v, &f.shown[style::decimals(v).min(2)])?
            }
            _ => self.ws.write_blank(row, c, &f.base)?,
        };
        Ok(())
    }

    /// Empty cells `c1..=c2` of `row` in the look of `f` (a table's grid
    /// where nothing was given), in one call: the cells written after it
    /// replace them. The same cells as [`Grid::number`] with no value,
    /// without resolving the format once per cell (a wide table has
    /// millions).
    pub(super) fn blanks(&mut self, row: u32, c1: u16, c2: u16, f: &Num) -> Result<(), XlsxError> {
        if c1 > c2 {
            return Ok(());
        }
        self.check(&f.base);
        self.grow(row, "", c1, c1, 12.0)?;
        self.ws.set_range_format(row, c1, row, c2, &f.base)?;
        Ok(())
    }

    pub(super) fn count(&mut self, row: u32, c: u16, n: usize, f: &Num) -> Result<(), XlsxError> {
        self.number(row, c, Some(n as f64), f)
    }

    pub(super) fn date(
        &mut self,
        row: u32,
        c: u16,
        d: NaiveDate,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.check(f);
        self.grow(row, "", c, c, 12.0)?;
        match excel_date(d) {
            Some(x) => self.ws.write_datetime_with_format(row, c, x, f)?,
            None => {
                self.ws
                    .write_string_with_format(row, c, d.format("%d/%m/%Y").to_string(), f)?
            }
        };
        Ok(())
    }

    pub(super) fn note(&mut self, row: u32, c: u16, text: &str) -> Result<(), XlsxError> {
        self.go_to(row)?;
        let note = Note::new(style::excel_text(text))
            .set_author("tonghop")
            .add_author_prefix(false)
            .set_font_name(style::FONT)
            .set_width(320)
            .set_height(120);
        self.ws.insert_note(row, c, &note)?;
        Ok(())
    }

    pub(super) fn header(&mut self, row: u32, labels: &[&str]) -> Result<(), XlsxError> {
        let f = style::header();
        for (i, l) in labels.iter().enumerate() {
            self.text(row, col(i), l, &f)?;
        }
        Ok(())
    }

    /// Manual page breaks so that no row of `keep` (a section title, a part
    /// heading, a table header) is the last line of a printed page: the
    /// pages are laid out from the row heights the grid set (rows it did
    /// not touch count 15 points) at the scale that fits the columns to the
    /// page width, filled to 90 % (Excel and LibreOffice paginate a little
    /// differently), and a page that would end on `keep` rows ends before
    /// them. `repeat`: the header row printed on every page. Every page
    /// gets its break, so neither viewer adds one of its own elsewhere as
    /// long as the heights are not underestimated (they are generous).
    /// `blocks`: row ranges (a small table) that move whole to the next page
    /// rather than split, when they fit on one. Breaks are given to the
    /// worksheet with `extra` (other breaks the sheet needs); at most
    /// Excel's 1,023.
    pub(super) fn keep_with_next(
        &mut self,
        keep: &std::collections::BTreeSet<u32>,
        blocks: &[(u32, u32)],
        repeat: Option<u32>,
        extra: &[u32],
    ) -> Result<(), XlsxError> {
        // The row being written counts with the height it has so far (it
        // is set at finish, which also closes the table).
        let mut heights = self.heights.clone();
        heights.extend(self.current.map(|(r, h)| (r, h.clamp(18.0, 409.0))));
        let mut breaks = style::page_breaks(&self.widths, &heights, keep, blocks, repeat, extra);
        breaks.extend_from_slice(extra);
        breaks.sort_unstable();
        breaks.dedup();
        breaks.truncate(1023);
        self.ws.set_page_breaks(&breaks)?;
        Ok(())
    }

    /// Sets the height of the last row and, for a table, writes the empty
    /// cell below it (see the type's docs).
    pub(super) fn finish(mut self) -> Result<(), XlsxError> {
        let last = self.current.map(|(r, _)| r);
        self.set_height()?;
        if let (true, Some(r)) = (self.table, last) {
            let blank = Format::new();
            self.check(&blank);
            self.ws.write_blank(r + 1, 0, &blank)?;
        }
        Ok(())
    }
}

/// The format of a number cell: `base` for an empty one, and `base` with
/// each of the number formats of [`style::number_format`] for a value,
/// made once rather than for each cell (a format copied and changed per
/// cell cost a third of the consolidated workbook's time).
pub(super) struct Num {
    pub(super) base: Format,
    shown: [Format; 3],
}

impl Num {
    pub(super) fn new(base: Format) -> Num {
        let shown = style::NUMBER_FORMATS.map(|n| base.clone().set_num_format(n));
        Num { base, shown }
    }

    /// Its formats: the empty cell's, then one per number format.
    pub(super) fn all(&self) -> impl Iterator<Item = &Format> {
        std::iter::once(&self.base).chain(&self.shown)
    }
}

/// A worksheet for a table that can be long: "constant memory" (rows go to
/// a temporary file as they are written, so the workbook does not hold
/// every cell), or an ordinary one when no temporary file can be made.
pub(super) fn table_sheet(wb: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    if wb.add_worksheet_with_constant_memory().is_err() {
        wb.add_worksheet();
    }
    let last = wb.worksheets().len().saturating_sub(1);
    wb.worksheet_from_index(last)
}

/// Width units that print on one A4 landscape page at a still readable
/// scale (about 115 fit at 100 %).
pub(super) const PAGE_UNITS: f64 = 160.0;

/// Pages side by side a table needs at a readable size when its first
/// `repeat` columns repeat on every page.
pub(super) fn pages_wide(widths: &[f64], repeat: usize) -> u16 {
    let total: f64 = widths.iter().sum();
    if total <= PAGE_UNITS {
        return 1;
    }
    let fixed: f64 = widths.iter().take(repeat).sum();
    let per_page = (PAGE_UNITS - fixed).max(20.0);
    let more = ((total - PAGE_UNITS) / per_page).ceil();
    1 + more.clamp(0.0, 50.0) as u16
}

/// The last column that prints on the first page of a table wider than a
/// page (see [`pages_wide`]).
pub(super) fn first_page_last(widths: &[f64]) -> u16 {
    let mut used = 0.0;
    for (i, w) in widths.iter().enumerate() {
        used += w;
        if used > PAGE_UNITS {
            return col(i.saturating_sub(1));
        }
    }
    col(widths.len().saturating_sub(1))
}

pub(super) fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

pub(super) fn row_of(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

pub(super) fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use crate::write::style::page_breaks;
    use std::collections::BTreeSet;

    #[test]
    fn a_kept_row_never_ends_a_page() {
        // One page holds 508.6 × 0.9 ≈ 457 points at 100 %: 25 rows of 18.
        let widths = [10.0; 5];
        let heights: Vec<(u32, f64)> = (0..60).map(|r| (r, 18.0)).collect();
        let plain = page_breaks(&widths, &heights, &BTreeSet::new(), &[], None, &[]);
        assert_eq!(plain, [25, 50]);
        // Row 24 would end the first page: it moves to the second.
        let keep = BTreeSet::from([24]);
        assert_eq!(
            page_breaks(&widths, &heights, &keep, &[], None, &[]),
            [24, 49]
        );
        // A repeated header takes its room on every later page.
        assert_eq!(
            page_breaks(&widths, &heights, &BTreeSet::new(), &[], Some(0), &[]),
            [25, 49]
        );
        // A forced break starts a page.
        assert_eq!(
            page_breaks(&widths, &heights, &BTreeSet::new(), &[], None, &[10]),
            [35]
        );
        // A small table split by the page moves whole, with the heading
        // kept before it.
        let keep = BTreeSet::from([19]);
        assert_eq!(
            page_breaks(&widths, &heights, &keep, &[(20, 30)], None, &[]),
            [19, 44]
        );
        // A block longer than a page splits.
        assert_eq!(
            page_breaks(&widths, &heights, &BTreeSet::new(), &[(20, 55)], None, &[]),
            [25, 50]
        );
        // Wider columns print smaller, so more rows fit on a page.
        let wide = [40.0; 8];
        assert!(page_breaks(&wide, &heights, &BTreeSet::new(), &[], None, &[])[0] > 30);
    }
}
