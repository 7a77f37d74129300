//! What the plan files say about each other: every unit code named in
//! `ke-hoach.csv`, `nhiem-vu.csv` and `chi-tieu.csv` is a unit of
//! `don-vi.csv`. When `don-vi.csv` could not be read, these checks are
//! skipped (its own errors say why).

use std::collections::BTreeSet;
use std::path::Path;

use super::{Loader, Sheet};
use crate::plan::{PlanInfo, PlanProblem};
use crate::text;

/// Unit codes → their position in `don-vi.csv`.
pub(super) type UnitIndex = std::collections::HashMap<String, usize>;

/// `co_quan_tong_hop` (on `line` of `file`) names a unit.
pub(super) fn consolidator_is_a_unit(
    l: &mut Loader,
    file: &Path,
    info: &PlanInfo,
    line: u64,
    units: &UnitIndex,
) {
    if !units.is_empty() && !units.contains_key(&info.consolidator) {
        let column = "co_quan_tong_hop".to_string();
        let code = info.consolidator.clone();
        l.err(
            file,
            Some(line),
            Some(2),
            PlanProblem::UnknownUnit { column, code },
        );
    }
}

/// A column holding unit codes separated by `;`: the codes, each checked
/// against the unit list and for repeats, and the column's 1-based
/// position. `required`: an empty list is an error.
pub(super) fn unit_list(
    l: &mut Loader,
    s: &Sheet,
    fields: &[String],
    line: u64,
    column: &str,
    required: bool,
    units: &UnitIndex,
) -> (Vec<String>, Option<usize>) {
    let (value, col) = s.get(fields, column);
    let codes: Vec<String> = value
        .split(';')
        .map(text::code)
        .filter(|c| !c.is_empty())
        .collect();
    // Checked on the codes, not the text: ";" names no unit either.
    if required && codes.is_empty() {
        let column = column.to_string();
        l.at(s, line, col, PlanProblem::MissingValue { column });
    }
    let mut seen = BTreeSet::new();
    for c in &codes {
        if !units.is_empty() && !units.contains_key(c) {
            let (column, code) = (column.to_string(), c.clone());
            l.at(s, line, col, PlanProblem::UnknownUnit { column, code });
        }
        if !seen.insert(c) {
            let (column, code) = (column.to_string(), c.clone());
            l.at(s, line, col, PlanProblem::RepeatedUnit { column, code });
        }
    }
    (codes, col)
}
