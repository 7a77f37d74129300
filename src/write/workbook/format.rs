//! Formats and small helpers shared by the sheets of the consolidated
//! workbook.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::grid::*;
use crate::consolidate::IndicatorLine;
use crate::messages as m;
use crate::plan::{Deadline, Plan};
use crate::write::style;

/// The cell formats of the table sheets, made once per sheet: a format
/// made for each cell is an allocation and a copy per cell.
pub(super) struct Looks {
    pub(super) text: Format,
    pub(super) centered: Format,
    pub(super) marked_text: Format,
    pub(super) marked_centered: Format,
    pub(super) date: Format,
    /// A row number or a count, centred.
    pub(super) count: Num,
    pub(super) number: Num,
    pub(super) marked_number: Num,
    pub(super) bold_number: Num,
    pub(super) marked_bold_number: Num,
    pub(super) unused_number: Num,
    pub(super) marked_unused_number: Num,
}

impl Looks {
    pub(super) fn new() -> Looks {
        Looks {
            text: style::text(),
            centered: centered(),
            marked_text: style::marked(style::text()),
            marked_centered: style::marked(centered()),
            date: date_format(),
            count: Num::new(centered()),
            number: Num::new(style::number()),
            marked_number: Num::new(style::marked(style::number())),
            bold_number: Num::new(bold_number()),
            marked_bold_number: Num::new(style::marked(bold_number())),
            unused_number: Num::new(unused_number()),
            marked_unused_number: Num::new(style::marked(unused_number())),
        }
    }
}

/// Every format of the table sheets, in a fixed order: registered with the
/// workbook before the sheets are written on several threads, so each gets
/// the same number in every run whichever sheet uses it first.
pub(super) fn table_palette() -> Vec<Format> {
    let l = Looks::new();
    let mut v = vec![
        Format::new(),
        style::title(),
        style::header(),
        style::section(),
        legend(),
        l.text,
        l.centered,
        l.marked_text,
        l.marked_centered,
        l.date,
    ];
    for n in [
        &l.count,
        &l.number,
        &l.marked_number,
        &l.bold_number,
        &l.marked_bold_number,
        &l.unused_number,
        &l.marked_unused_number,
    ] {
        v.extend(n.all().cloned());
    }
    v
}

pub(super) fn date_format() -> Format {
    style::text()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Center)
}

pub(super) fn centered() -> Format {
    style::text().set_align(FormatAlign::Center)
}

pub(super) fn bold() -> Format {
    style::text().set_bold()
}

pub(super) fn bold_number() -> Format {
    style::number().set_bold()
}

pub(super) fn italic() -> Format {
    style::text().set_italic()
}

pub(super) fn italic_number() -> Format {
    style::number().set_italic()
}

/// The printed legend of marked cells: italic, in the marked colour.
pub(super) fn legend() -> Format {
    style::marked(style::plain().set_italic())
}

/// A value shown but not used: grey italic.
pub(super) fn unused_number() -> Format {
    style::number()
        .set_italic()
        .set_font_color(rust_xlsxwriter::Color::RGB(0x808080))
}

/// Page setup of the report sheet: like [`style::print_setup`] without
/// repeated rows or frozen panes.
pub(super) fn report_setup(ws: &mut Worksheet) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    ws.set_print_center_horizontally(true);
}

pub(super) fn unit_name(plan: &Plan, code: &str) -> String {
    plan.unit_name(code).to_string()
}

pub(super) fn names(plan: &Plan, codes: &[impl AsRef<str>]) -> String {
    codes
        .iter()
        .map(|c| unit_name(plan, c.as_ref()))
        .collect::<Vec<_>>()
        .join("\n")
}
pub(super) fn deadline_cell(
    g: &mut Grid<'_>,
    looks: &Looks,
    r: u32,
    c: u16,
    d: Deadline,
) -> Result<(), XlsxError> {
    match d {
        Deadline::Date(d) => g.date(r, c, d, &looks.date),
        Deadline::Ongoing => g.text(r, c, m::ONGOING, &looks.centered),
    }
}

pub(super) fn total_errors(ind: &IndicatorLine) -> Vec<String> {
    ind.values
        .iter()
        .filter(|(_, v)| v.used && v.has_error)
        .flat_map(|(u, v)| v.errors.iter().map(move |e| format!("{u} — {e}")))
        .collect()
}
