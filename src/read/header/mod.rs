//! Finding a table's header row by its labels and mapping columns, then
//! sorting the rows under it into data rows, numbering rows, section titles
//! and blanks (FORM.md §3).
//!
//! Labels are compared whole after [`norm_label`] (folded, punctuation and a
//! "(%)" suffix removed), never as substrings: "Thực hiện" must not match
//! "Kết quả thực hiện" or "Đơn vị phối hợp".

mod labels;
mod rows;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::Raw;
use labels::cell_label;
#[cfg(test)]
use labels::match_label;
pub(super) use labels::{norm_label, Column};
pub(super) use rows::data_row;

/// One row as read: 0-based sheet row and its non-empty cells by column,
/// in column order.
pub(super) type Cells = Vec<(u32, Raw)>;

/// A header found: the rows it spans and the column map.
#[derive(Debug, Clone)]
pub(super) struct Header<C: Ord> {
    /// 0-based row of the first header row.
    pub first_row: u32,
    /// 0-based row of the last header row.
    pub last_row: u32,
    /// Column of each mapped label.
    pub columns: BTreeMap<C, u32>,
}

/// A row's cells with the column each names, when it names one: the label
/// of every cell normalised and matched once per row (finding a header
/// looks at each row up to five times).
type Labeled<C> = Vec<(u32, Option<C>)>;

fn label_row<C: Column>(cells: &Cells) -> Labeled<C> {
    cells
        .iter()
        .map(|(col, v)| (*col, cell_label::<C>(v)))
        .collect()
}

/// The columns a single row maps, first column winning for each label.
fn map_row<C: Column>(cells: &[(u32, Option<C>)]) -> BTreeMap<C, u32> {
    let mut map = BTreeMap::new();
    for (col, c) in cells {
        if let Some(c) = c {
            map.entry(*c).or_insert(*col);
        }
    }
    map
}

/// Columns of a two-row header: per column, the lower row's label when it
/// names a column, else the upper row's.
fn map_pair<C: Column>(upper: &[(u32, Option<C>)], lower: &[(u32, Option<C>)]) -> BTreeMap<C, u32> {
    let mut per_col: BTreeMap<u32, C> = BTreeMap::new();
    for (col, c) in upper.iter().chain(lower) {
        if let Some(c) = c {
            per_col.insert(*col, *c);
        }
    }
    let mut map = BTreeMap::new();
    for (col, c) in per_col {
        map.entry(c).or_insert(col);
    }
    map
}

/// Whether `lower` continues the header in `upper` (a two-row header): it
/// names at least one column, mostly holds labels, and has no value under
/// the code column.
fn continues_header<C: Column>(upper: &[(u32, Option<C>)], lower: &[(u32, Option<C>)]) -> bool {
    let matched = lower.iter().filter(|(_, c)| c.is_some()).count();
    let other = lower.len() - matched;
    if matched == 0 || other > matched {
        return false;
    }
    let upper_map = map_row::<C>(upper);
    if let Some(code_col) = upper_map.get(&C::CODE) {
        if let Some((_, c)) = lower.iter().find(|(col, _)| col == code_col) {
            if c.is_none() {
                return false;
            }
        }
    }
    true
}

/// How good a column map is as a header: the number of columns found, when
/// it qualifies. With `need_code`, the code column and one other are
/// required; without it (a sheet found by its name), two columns.
fn score<C: Column>(map: &BTreeMap<C, u32>, need_code: bool) -> Option<usize> {
    let n = map.len();
    let has_code = map.contains_key(&C::CODE);
    let ok = if need_code {
        has_code && n >= 2
    } else {
        n >= 2 && (has_code || n >= 3)
    };
    ok.then_some(n)
}

/// Finds the header among the first rows of a sheet: the row (or pair of
/// rows) naming the most columns. Ties go to the earlier, single row.
pub(super) fn find_header<C: Column>(rows: &[(u32, Cells)], need_code: bool) -> Option<Header<C>> {
    let mut best: Option<(usize, Header<C>)> = None;
    let labeled: Vec<Labeled<C>> = rows.iter().map(|(_, c)| label_row::<C>(c)).collect();
    for (i, (r, _)) in rows.iter().enumerate() {
        let cells = &labeled[i];
        let single = map_row::<C>(cells);
        let mut candidate: Option<(usize, Header<C>)> = score(&single, need_code).map(|s| {
            (
                s,
                Header {
                    first_row: *r,
                    last_row: *r,
                    columns: single.clone(),
                },
            )
        });
        if let (Some((r2, _)), Some(lower)) = (rows.get(i + 1), labeled.get(i + 1)) {
            if *r2 == r + 1 && continues_header::<C>(cells, lower) {
                let pair = map_pair::<C>(cells, lower);
                // The upper row must add a column the lower row lacks;
                // otherwise it is a title above a one-row header.
                let lower_alone = map_row::<C>(lower).len();
                if let Some(s) = score(&pair, need_code).filter(|s| *s > lower_alone) {
                    if candidate.as_ref().is_none_or(|(cs, _)| s > *cs) {
                        candidate = Some((
                            s,
                            Header {
                                first_row: *r,
                                last_row: *r2,
                                columns: pair,
                            },
                        ));
                    }
                }
            }
        }
        if let Some((s, h)) = candidate {
            if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                best = Some((s, h));
            }
        }
    }
    best.map(|(_, h)| h)
}

/// How many columns of kind `C` the best header among `rows` names (0 when
/// none qualifies), for telling a renamed sheet's kind by its content.
pub(super) fn header_score<C: Column>(rows: &[(u32, Cells)]) -> usize {
    find_header::<C>(rows, true).map_or(0, |h| h.columns.len())
}
