//! Messages of the validate stage: one function a finding, naming the value
//! in quotes, plus the texts of the feedback workbook, `status` and `check`.

mod feedback;
mod files;
mod indicators;
mod status;
mod tasks;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use feedback::*;
pub(crate) use files::*;
pub(crate) use indicators::*;
pub use status::*;
pub use tasks::*;

pub(super) fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(super) fn row1(row: u32) -> u64 {
    row as u64 + 1
}

/// A value from a report as a message quotes it: at most 100 characters,
/// then "…". A hostile cell of 40,000 characters must not become a message
/// of 40,000 characters.
pub(super) fn short(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 100;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..i])),
        None => std::borrow::Cow::Borrowed(s),
    }
}
