//! The cell being read and its value from its text, attributes and number
//! format.

use super::style::{is_date_format, number, Style};
use crate::read::Raw;

/// The cell being read.
#[derive(Debug, Default)]
pub(super) struct CellState {
    pub(super) text: String,
    /// The last character pushed was collapsible whitespace.
    pub(super) space: bool,
    pub(super) num: Option<String>,
    pub(super) is_str: bool,
    pub(super) style: Style,
    pub(super) colspan: u64,
    pub(super) rowspan: u64,
    /// `mso-ignore:colspan`: the text runs over the next cells, which are
    /// still taken, but Excel does not merge them.
    pub(super) no_merge: bool,
}

/// The cell's value from its text, attributes and number format.
pub(super) fn value(c: &CellState) -> Raw {
    let text = c.text.trim();
    let fmt = c.style.number_format.as_deref().unwrap_or("");
    if c.is_str || fmt == "@" {
        return crate::read::convert::text(text);
    }
    let num = match c.num.as_deref() {
        Some(v) if !v.trim().is_empty() => number(v),
        Some(_) => number(text),
        None => None,
    };
    let percent_text = text.ends_with('%');
    match num {
        Some(n) if fmt.contains('%') || fmt.eq_ignore_ascii_case("percent") => {
            // `x:num` holds the fraction; a bare "40%" the points.
            if c.num.as_deref().is_some_and(|v| !v.trim().is_empty()) || !percent_text {
                Raw::Percent(n)
            } else {
                Raw::Percent(n / 100.0)
            }
        }
        Some(n) if is_date_format(fmt) => crate::read::grid::serial_date(n),
        Some(n) => Raw::Number(n),
        None => crate::read::convert::text(text),
    }
}
