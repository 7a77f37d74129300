//! The first pass: which tables are layout tables.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;

use super::{MAX_TABLE_DEPTH, MAX_TAGS};

/// What the first pass learns of one table.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct TableShape {
    nested: bool,
    cells: u32,
    widest: u32,
}

/// The first pass: tables in start order, each with whether it holds a
/// table and its widest row of its own cells.
#[derive(Default)]
pub(super) struct LayoutScan {
    tables: Vec<TableShape>,
    open: Vec<usize>,
    tags: u64,
}

/// Most tables whose shape the first pass records.
pub(super) const MAX_SCANNED_TABLES: usize = 100_000;

pub(super) struct ScanSink {
    scan: RefCell<LayoutScan>,
}

impl TokenSink for ScanSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let mut s = self.scan.borrow_mut();
        s.tags += 1;
        // Over a limit: the second pass says which.
        if s.tags > MAX_TAGS || s.open.len() > MAX_TABLE_DEPTH as usize {
            return TokenSinkResult::Plaintext;
        }
        let start = tag.kind == TagKind::StartTag;
        match (&*tag.name, start) {
            ("style", true) => return TokenSinkResult::RawData(RawKind::Rawtext),
            ("script", true) => return TokenSinkResult::RawData(RawKind::ScriptData),
            ("title" | "textarea", true) => return TokenSinkResult::RawData(RawKind::Rcdata),
            ("table", true) => {
                if let Some(&p) = s.open.last() {
                    if let Some(t) = s.tables.get_mut(p) {
                        t.nested = true;
                    }
                }
                let i = s.tables.len();
                if i < MAX_SCANNED_TABLES {
                    s.tables.push(TableShape::default());
                }
                s.open.push(i);
            }
            ("table", false) => {
                s.open.pop();
            }
            ("tr", true) => {
                if let Some(&p) = s.open.last() {
                    if let Some(t) = s.tables.get_mut(p) {
                        t.cells = 0;
                    }
                }
            }
            ("td" | "th", true) => {
                if let Some(&p) = s.open.last() {
                    if let Some(t) = s.tables.get_mut(p) {
                        t.cells += 1;
                        t.widest = t.widest.max(t.cells);
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Which tables are layout tables: a table holding another table with at
/// most two cells of its own in any row (a page laid out in one outer
/// table, the report inside). The report table is laid out instead, as
/// Excel does; a table nested in a report's cell stays text of that cell.
pub(super) fn scan_layout(text: &str) -> Vec<bool> {
    let tok = Tokenizer::new(
        ScanSink {
            scan: RefCell::new(LayoutScan::default()),
        },
        TokenizerOpts::default(),
    );
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(text));
    while let TokenizerResult::Script(()) = tok.feed(&queue) {}
    tok.end();
    let scan = tok.sink.scan.into_inner();
    scan.tables
        .iter()
        .map(|t| t.nested && t.widest <= 2)
        .collect()
}
