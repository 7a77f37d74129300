//! Part I, the indicators: the table of figures.

use super::docx::{self, Body, Cell, Look, Para, TEXT_W};
use super::{body, sub, TABLE_PT};
use crate::consolidate::{Consolidated, IndicatorLine};
use crate::messages as m;
use crate::write::style::vn_number;
/// A figure as printed, or None.
pub(super) fn fig(v: Option<f64>) -> Option<String> {
    v.filter(|x| x.is_finite()).map(vn_number)
}

pub(super) fn indicators(b: &mut Body<'_>, c: &Consolidated) {
    sub(b, m::BC_INDICATORS);
    for ind in &c.indicators {
        body(
            b,
            &m::bc_indicator(
                &ind.name,
                fig(ind.total).as_deref(),
                &ind.measure,
                fig(ind.target_share).as_deref(),
                fig(previous_ratio(ind)).as_deref(),
            ),
        );
    }
    let first = TEXT_W - 6 * 1050;
    let mut widths = vec![first];
    widths.extend([1050; 6]);
    let tl = Look::size(TABLE_PT);
    let mut rows = vec![m::BC_INDICATORS_HEADER
        .iter()
        .map(|h| Cell::one(Para::center(), *h, Look::size(10).bold()))
        .collect::<Vec<_>>()];
    let right = Para {
        align: docx::Align::Center,
        ..Para::center()
    };
    for ind in &c.indicators {
        let mut r = vec![
            Cell::one(Para::left(), &ind.name, tl),
            Cell::one(Para::center(), &ind.measure, tl),
        ];
        for v in [
            ind.total,
            ind.target,
            ind.target_share,
            ind.previous,
            previous_ratio(ind),
        ] {
            r.push(Cell::one(right, fig(v).unwrap_or_default(), tl));
        }
        rows.push(r);
    }
    b.table(&widths, 1, true, &rows);
    b.line(Para::body().after(0), "", Look::size(6));
}

/// "So với cùng kỳ (%)" as the workbook shows it: the total as a percentage
/// of the same period last year.
pub(super) fn previous_ratio(ind: &IndicatorLine) -> Option<f64> {
    ind.change.map(|x| x + 100.0)
}
