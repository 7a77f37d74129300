//! The formulas of an .xlsx sheet, streamed beside its values to tell a
//! formula saved without its result (F14) from an empty cell.

use calamine::Reader;

use super::bytes::{Bytes, Source};

/// A second reader over an .xlsx file's bytes, opened when a sheet is read whole, to
/// stream each cell's formula alongside its value and style: calamine gives
/// a cell's value and style in one pass and its formula in another, and a
/// formula saved without its result reads as an empty cell. The two streams
/// move together, one `<c>` element each, so the sheet is never held in
/// memory; the cost is a second parse of the sheet's XML (and of the
/// workbook's shared strings, once per file).
pub(super) struct FormulaSide {
    bytes: Bytes,
    book: Option<calamine::Xlsx<Source>>,
    tried: bool,
}

impl FormulaSide {
    pub(super) fn new(bytes: Bytes) -> FormulaSide {
        FormulaSide {
            bytes,
            book: None,
            tried: false,
        }
    }

    /// The formula stream of `sheet`; `None` when the file cannot be opened
    /// a second time (the values are read all the same).
    fn reader(&mut self, sheet: &str) -> Option<Formulas<'_>> {
        if !self.tried {
            self.tried = true;
            self.book = calamine::Xlsx::new(self.bytes.cursor()).ok();
        }
        let reader = self.book.as_mut()?.worksheet_cells_reader(sheet).ok()?;
        Some(Formulas {
            reader,
            consumed: 0,
            lost: false,
        })
    }
}

/// The formula stream of a sheet being read.
pub(super) enum FormulaState<'a> {
    /// Not needed yet: every cell so far had a value.
    Waiting(&'a mut FormulaSide),
    /// Open.
    Open(Box<Formulas<'a>>),
    /// Not available, or lost step with the values.
    Off,
}

impl FormulaState<'_> {
    /// The formula of the `n`-th cell (1-based) of `sheet`, at `pos`, when
    /// it has one. The stream is opened at the first call; each call moves
    /// it on to the `n`-th cell, past cells that had values.
    pub(super) fn at(&mut self, sheet: &str, n: u64, pos: (u32, u32)) -> Option<String> {
        if matches!(self, FormulaState::Waiting(_)) {
            let FormulaState::Waiting(side) = std::mem::replace(self, FormulaState::Off) else {
                return None;
            };
            if let Some(r) = side.reader(sheet) {
                *self = FormulaState::Open(Box::new(r));
            }
        }
        let FormulaState::Open(r) = self else {
            return None;
        };
        while r.consumed + 1 < n {
            r.consumed += 1;
            if !matches!(r.reader.next_formula(), Ok(Some(_))) {
                *self = FormulaState::Off;
                return None;
            }
        }
        r.consumed += 1;
        let f = next_formula(r, pos);
        if r.lost {
            *self = FormulaState::Off;
        }
        f
    }
}

/// The formula stream of one sheet.
pub(super) struct Formulas<'a> {
    reader: calamine::XlsxCellReader<'a, Source>,
    /// Cells read from it so far.
    consumed: u64,
    /// The stream no longer matches the values (an error, another order):
    /// it is dropped and the cells read as calamine gives them.
    lost: bool,
}

/// The formula of the next cell, which must be at `pos`; `None` when the
/// cell has no formula.
fn next_formula(r: &mut Formulas<'_>, pos: (u32, u32)) -> Option<String> {
    match r.reader.next_formula() {
        Ok(Some(cell)) if cell.get_position() == pos => {
            let f = cell.get_value().trim();
            (!f.is_empty()).then(|| f.trim_start_matches('=').to_string())
        }
        _ => {
            r.lost = true;
            None
        }
    }
}
