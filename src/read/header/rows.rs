//! The rows under a header sorted into data rows, numbering rows, section
//! titles and blanks.

use std::collections::BTreeMap;

use super::labels::{cell_label, Column};
use super::Cells;
use crate::read::{Raw, Row};

/// A numbering row "(1) (2) (3)…" (or "1 2 3", "A B C"): at least two
/// cells, each a short number or letter, optionally in parentheses.
pub(in crate::read) fn is_numbering_row(cells: &Cells) -> bool {
    let non_empty: Vec<&Raw> = cells
        .iter()
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
        .collect();
    non_empty.len() >= 2
        && non_empty.iter().all(|v| match v {
            Raw::Number(n) => n.fract() == 0.0 && *n >= 0.0 && *n < 100.0,
            Raw::Text(t) => {
                let t = t.trim();
                let t = t
                    .strip_prefix('(')
                    .and_then(|t| t.strip_suffix(')'))
                    .unwrap_or(t)
                    .trim();
                (1..=3).contains(&t.chars().count())
                    && (t.chars().all(|c| c.is_ascii_digit())
                        || t.chars().all(|c| c.is_ascii_alphabetic()))
            }
            _ => false,
        })
}

/// Turns a sheet row into a data row of the table, or `None` for a blank
/// row, a numbering row, a repeated header row or a section title row.
pub(in crate::read) fn data_row<C: Column>(
    row: u32,
    cells: &Cells,
    columns: &BTreeMap<C, u32>,
) -> Option<Row<C>> {
    if is_numbering_row(cells) {
        return None;
    }
    // A handful of columns: looked up in the map as it is, not inverted
    // for each row.
    let mut values: BTreeMap<C, Raw> = BTreeMap::new();
    for (col, v) in cells {
        if v.is_empty() {
            continue;
        }
        if let Some((c, _)) = columns.iter().find(|(_, at)| *at == col) {
            values.insert(*c, v.clone());
        }
    }
    let code = values.get(&C::CODE);
    let keep_value = C::KEEP_WITHOUT_CODE
        .iter()
        .any(|c| values.get(c).is_some_and(|v| !v.is_empty()));
    match code {
        None => {
            if !keep_value {
                return None;
            }
        }
        Some(v) => {
            // A repeated header row.
            if cell_label::<C>(v) == Some(C::CODE) {
                return None;
            }
            // A section title written in the code column ("TUYÊN TRUYỀN",
            // "A. NHIỆM VỤ CHỦ TRÌ", "II"): not code-like, nothing else on
            // the row but a number/letter.
            if !keep_value && is_section_text(v) {
                let others = values
                    .keys()
                    .filter(|c| **c != C::CODE && Some(**c) != C::NUMBER)
                    .count();
                if others == 0 {
                    return None;
                }
            }
        }
    }
    Some(Row { row, cells: values })
}

/// Text that reads as a section title ("A. NHIỆM VỤ CHỦ TRÌ", "Phối hợp",
/// "II") rather than a code. Codes are short, in Latin letters, digits and
/// `. - _ /`, and hold a digit ("NV1.01", "CT 05"); a Roman numeral or a
/// single letter is section numbering.
pub(super) fn is_section_text(v: &Raw) -> bool {
    let Raw::Text(t) = v else { return false };
    let t = t.trim();
    let code_like = t.len() <= 24
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | ' '));
    let numbering = t
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        || (t.trim_end_matches(['.', ')']).chars().count() == 1
            && t.chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '.' | ')')));
    !code_like || numbering
}
