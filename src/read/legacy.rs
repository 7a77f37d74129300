//! Text typed in a legacy font (TCVN3, VNI) converted as a workbook is
//! read, and the note the report keeps of it (F15). See
//! [`crate::text::legacy`] for the tables and the judgement.

use std::collections::BTreeMap;

use super::header::Cells;
use super::open::Book;
use super::stream::Flow;
use super::{LegacyText, Limits, Raw, ReadError, Report, Table};
use crate::model::Cell;
use crate::text::legacy::{self as legacy_text, Encoding};

/// The cells typed in a legacy font (TCVN3, VNI) converted so far, by sheet
/// and cell (a sheet may be read more than once: looked at, then read).
///
/// Every row of every format passes here before anything reads a label, a
/// unit, a period, a status or a text, so they are all read after
/// conversion. The judgement is by the characters of each cell
/// ([`legacy_text::convert`] without a font).
// TODO(issue 13): when the .xlsx streaming pass reads cell styles, give
// `convert` the cell's font name (calamine's `next_cell_with_style_id` and
// `styles()`: `Style::font.name`), so that short cells in a `.VnTime` font
// ("Së") are converted too; the other readers likewise (`w:rFonts` in
// .docx, the CSS `font-family` of HTML exports).
pub(super) struct Legacy {
    /// The workbook's sheet names, for the workbook order of the cells.
    names: Vec<String>,
    /// Converted cells by (sheet index, row, column).
    cells: BTreeMap<(usize, u32, u32), Encoding>,
    /// Cells holding Unicode Vietnamese, for the report's verdict: only
    /// counted, once each (a sheet read twice lists its cells twice; they
    /// are sorted and deduplicated once, at the end, which costs less than
    /// hashing each as it comes).
    unicode: Vec<(usize, u32, u32)>,
}

impl Legacy {
    pub(super) fn new(names: &[String]) -> Legacy {
        Legacy {
            names: names.to_vec(),
            cells: BTreeMap::new(),
            unicode: Vec::new(),
        }
    }

    fn key(&self, sheet: &str, r: u32, c: u32) -> (usize, u32, u32) {
        (self.index(sheet), r, c)
    }

    fn index(&self, sheet: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == sheet)
            .unwrap_or(usize::MAX)
    }

    /// Streams the rows of `sheet` to `f` with legacy text converted.
    pub(super) fn rows(
        &mut self,
        book: &mut Book,
        sheet: &str,
        limits: &Limits,
        enforce: bool,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<(), ReadError> {
        let index = self.index(sheet);
        book.rows(
            sheet,
            limits,
            enforce,
            &mut |r, cells| match self.convert_row(index, r, cells) {
                Some(converted) => f(r, &converted),
                None => f(r, cells),
            },
        )
    }

    /// The row with its legacy cells converted; `None` when it has none.
    fn convert_row(&mut self, sheet: usize, r: u32, cells: &Cells) -> Option<Cells> {
        let mut out: Option<Cells> = None;
        for (i, (c, v)) in cells.iter().enumerate() {
            let Raw::Text(t) = v else { continue };
            if t.is_ascii() {
                continue;
            }
            if legacy_text::has_unicode_vietnamese(t) {
                self.unicode.push((sheet, r, *c));
                continue;
            }
            let Some(enc) = legacy_text::detect(t) else {
                continue;
            };
            let converted = legacy_text::decode(t, enc, false);
            self.cells.insert((sheet, r, *c), enc);
            out.get_or_insert_with(|| cells.clone())[i].1 = Raw::Text(converted);
        }
        out
    }

    /// The report judged as a whole: when the cells judged legacy outnumber
    /// those of Unicode Vietnamese, the cells the per-cell judgement left
    /// alone (short ones such as "Së", or "Cã" that reads as Unicode too)
    /// are converted as well. Then what the report says about its converted
    /// cells (F15).
    pub(super) fn finish(mut self, report: &mut Report) -> Option<LegacyText> {
        self.unicode.sort_unstable();
        self.unicode.dedup();
        let count = |e: Encoding| self.cells.values().filter(|x| **x == e).count();
        let verdict = legacy_text::Detector {
            tcvn3: count(Encoding::Tcvn3),
            vni: count(Encoding::Vni),
            unicode: self.unicode.len(),
        }
        .verdict();
        if let Some(enc) = verdict {
            if let Some(t) = report.tasks.as_mut() {
                self.table(t, enc);
            }
            if let Some(t) = report.indicators.as_mut() {
                self.table(t, enc);
            }
            let i = &mut report.info;
            for l in i.values_mut() {
                let key = self.key(&l.sheet, l.row, l.col);
                if self.cells.contains_key(&key) {
                    continue;
                }
                if let Some(u) = convert_raw(&l.value, enc) {
                    l.value = u;
                    self.cells.insert(key, enc);
                }
            }
            // The title rows are left as the first pass made them: they
            // carry no position to tell a converted one from another.
        }
        self.note()
    }

    /// Converts the cells of a table of a report judged to be in `enc`.
    fn table<C: Ord + Copy>(&mut self, t: &mut Table<C>, enc: Encoding) {
        for row in &mut t.rows {
            for (c, v) in row.cells.iter_mut() {
                let col = t.columns.get(c).copied().unwrap_or(u32::MAX);
                let key = self.key(&t.sheet, row.row, col);
                // Converted already (converting twice would turn the
                // Unicode "ô" of "không" into VNI's "ơ").
                if self.cells.contains_key(&key) {
                    continue;
                }
                if let Some(u) = convert_raw(v, enc) {
                    *v = u;
                    self.cells.insert(key, enc);
                }
            }
        }
    }

    /// The F15 note: how many cells, the first one, the main encoding.
    fn note(&self) -> Option<LegacyText> {
        let ((index, row, col), encoding) = self.cells.iter().next()?;
        let sheet = self.names.get(*index).cloned().unwrap_or_default();
        let mut counts: BTreeMap<Encoding, usize> = BTreeMap::new();
        for e in self.cells.values() {
            *counts.entry(*e).or_default() += 1;
        }
        // The encoding of most cells (ties: TCVN3, the older and commoner).
        let encoding = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(*encoding, |(e, _)| *e);
        Some(LegacyText {
            encoding,
            cells: self.cells.len(),
            sheet,
            first: Cell::new(*row, *col),
        })
    }
}

/// A text cell of a report judged to be in `enc`, converted; `None` when it
/// stays as it is.
fn convert_raw(v: &Raw, enc: Encoding) -> Option<Raw> {
    match v {
        Raw::Text(t) => legacy_text::Detector::convert_in(t, enc).map(Raw::Text),
        _ => None,
    }
}
