//! Web pages saved as .xls (the "export to Excel" of e-government and ERP
//! systems): the `<table>`s laid out as Excel lays them out when it opens
//! the file. Tables and the text between them stack down one sheet;
//! `colspan`/`rowspan` are merged cells; `<br>` is a line break inside the
//! cell; `x:num`/`x:str` and `mso-number-format` (inline or by class) give
//! the value and its type, a `%` format a [`Raw::Percent`](super::Raw::Percent).
//!
//! The page is read by html5ever's tokenizer, streamed: no document tree
//! is built, so memory follows the cells kept (bounded by the grid limits),
//! not the markup. Tag count, table nesting and cell text are bounded too.

mod cell;
mod layout;
mod state;
mod style;
#[cfg(test)]
mod tests;

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::TokenizerResult;

use super::grid::{Grid, GridBuilder};
use super::{Limits, ReadError};
use layout::scan_layout;
use state::{Sink, State};

/// Most tags a page may have (a report of the largest size has far fewer).
pub(super) const MAX_TAGS: u64 = 5_000_000;
/// Deepest nesting of tables followed (a table inside a cell).
pub(super) const MAX_TABLE_DEPTH: u32 = 8;
/// Longest text of one cell, in bytes.
pub(super) const MAX_CELL_BYTES: usize = 256 * 1024;
/// Largest `colspan` and `rowspan` honoured, as browsers do.
pub(super) const MAX_COLSPAN: u64 = 1000;
pub(super) const MAX_ROWSPAN: u64 = 65534;

/// Reads a web page's tables into a one-sheet grid.
///
/// # Errors
/// [`ReadError::NotSpreadsheet`] (HTML) for a page without any table; the
/// F12 limits: tags, table nesting, cell text, rows, columns and cells.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Grid, ReadError> {
    let text = super::sniff::decode(bytes);
    let layout = scan_layout(&text);
    let sink = Sink {
        state: RefCell::new(State {
            grid: Some(GridBuilder::new("html", limits)),
            layout,
            ..State::default()
        }),
    };
    let tok = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(text));
    while let TokenizerResult::Script(()) = tok.feed(&queue) {}
    tok.end();
    let mut st = tok.sink.state.into_inner();
    if let Some(e) = st.error.take() {
        return Err(e);
    }
    st.end_row();
    st.flush_loose();
    if let Some(e) = st.error.take() {
        return Err(e);
    }
    let mut grid = st.grid.take().map(GridBuilder::finish).unwrap_or_default();
    grid.format = "html";
    if st.tables == 0 || grid.sheets.iter().all(|s| s.rows.is_empty()) {
        return Err(ReadError::NotSpreadsheet {
            looks: super::error::Looks::Html,
        });
    }
    if let (Some(s), Some(n)) = (grid.sheets.first_mut(), st.sheet_name) {
        s.name = super::convert::text(&n).display();
    }
    Ok(grid)
}
