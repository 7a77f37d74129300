//! The cells a workbook's format shows as percentages, noted by the guards
//! of the formats calamine loads whole (.xls, .ods) and by the scan of an
//! .xlsb's styles (calamine gives none of them a cell's number format).

use std::collections::BTreeMap;

use super::Raw;

/// Cells whose format shows a percentage, noted by a guard's scan of the
/// file (an .ods `percentage` cell, an .xls cell whose XF record has a
/// percent number format): calamine reads them as plain numbers. Per sheet
/// name, groups of rows (first row → last row, and the column runs of those
/// rows), 0-based and inclusive.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct PercentCells {
    rows: BTreeMap<String, RowGroups>,
    count: usize,
}

/// Groups of rows of one sheet: first row → (last row, column runs).
type RowGroups = BTreeMap<u64, (u64, Vec<(u64, u64)>)>;

/// Most runs of percentage cells noted; past it, the cells read as plain
/// numbers (the rule for an unknown format).
const MAX_PERCENT_RUNS: usize = 200_000;

impl PercentCells {
    /// Notes the cells `rows` × `cols` (inclusive) of `sheet`.
    pub(super) fn note(&mut self, sheet: &str, rows: (u64, u64), cols: (u64, u64)) {
        if self.count >= MAX_PERCENT_RUNS {
            return;
        }
        self.count += 1;
        let sheet_rows = match self.rows.get_mut(sheet) {
            Some(r) => r,
            None => self.rows.entry(sheet.to_string()).or_default(),
        };
        let group = sheet_rows.entry(rows.0).or_insert((rows.1, Vec::new()));
        group.0 = group.0.max(rows.1);
        group.1.push(cols);
    }

    /// Sorts the column runs, for [`PercentCells::contains`].
    pub(super) fn finish(&mut self) {
        for sheet in self.rows.values_mut() {
            for (_, cols) in sheet.values_mut() {
                cols.sort_unstable();
            }
        }
    }

    /// The number `raw` read from the cell at 0-based (`row`, `col`) of
    /// `sheet` as the cell shows it: a [`Raw::Percent`] when its format is
    /// a percentage; any other value as it is.
    pub(super) fn shown(&self, sheet: &str, row: u32, col: u32, raw: Raw) -> Raw {
        match raw {
            Raw::Number(n) if self.contains(sheet, row, col) => Raw::Percent(n),
            raw => raw,
        }
    }

    /// Whether the cell at 0-based (`row`, `col`) of `sheet` is a percentage.
    pub(super) fn contains(&self, sheet: &str, row: u32, col: u32) -> bool {
        let (r, c) = (u64::from(row), u64::from(col));
        let Some(sheet) = self.rows.get(sheet) else {
            return false;
        };
        let Some((_, (last, cols))) = sheet.range(..=r).next_back() else {
            return false;
        };
        if r > *last {
            return false;
        }
        let i = cols.partition_point(|&(c0, _)| c0 <= c);
        i.checked_sub(1)
            .and_then(|k| cols.get(k))
            .is_some_and(|&(_, c1)| c <= c1)
    }
}
