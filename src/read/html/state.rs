//! The second pass: the tokens of the page laid out into the sheet's
//! rows, cells, merges and the text between tables.

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};

use super::cell::{value, CellState};
use super::style::{parse_css, parse_style, Style};
use super::{MAX_CELL_BYTES, MAX_COLSPAN, MAX_ROWSPAN, MAX_TABLE_DEPTH, MAX_TAGS};
use crate::read::grid::{GridBuilder, Merge};
use crate::read::{Limits, ReadError};

/// A rowspan still covering rows below: columns `[from, to)` until `until`
/// (exclusive).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) from: u64,
    pub(super) to: u64,
    pub(super) until: u64,
}

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) grid: Option<GridBuilder>,
    pub(super) error: Option<ReadError>,
    pub(super) tags: u64,
    /// Open tables.
    pub(super) depth: u32,
    /// The depth of the table being laid out, when inside one: its cells
    /// are cells of the sheet; a table nested in one of them adds its text
    /// to that cell.
    pub(super) grid_depth: Option<u32>,
    /// Which tables (in the order they start) are layout tables, from the
    /// first pass: see [`scan_layout`](super::layout::scan_layout).
    pub(super) layout: Vec<bool>,
    /// The next free row of the sheet.
    pub(super) row: u64,
    /// The row being filled, when inside a `<tr>`.
    pub(super) in_row: bool,
    pub(super) col: u64,
    pub(super) spans: Vec<Span>,
    pub(super) cell: Option<CellState>,
    /// Text outside any table, shown by Excel as a row of its own.
    pub(super) loose: String,
    pub(super) in_style: bool,
    pub(super) css: String,
    pub(super) classes: BTreeMap<String, Style>,
    /// The sheet name from the `<x:Name>` of the Excel head.
    pub(super) sheet_name: Option<String>,
    pub(super) font_stack: Vec<Option<String>>,
    pub(super) tables: u64,
}

pub(super) struct Sink {
    pub(super) state: RefCell<State>,
}

pub(super) fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| a.name.local.as_ref().eq_ignore_ascii_case(name))
        .map(|a| &*a.value)
}

impl State {
    fn fail(&mut self, e: ReadError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn grid(&mut self) -> &mut GridBuilder {
        // Set in `read` before any token.
        self.grid
            .get_or_insert_with(|| GridBuilder::new("html", &Limits::default()))
    }

    fn push_text(&mut self, s: &str) {
        let in_cell = self.cell.is_some();
        let target = match self.cell.as_mut() {
            Some(c) => &mut c.text,
            None => &mut self.loose,
        };
        if target.len().saturating_add(s.len()) > MAX_CELL_BYTES {
            let bytes = target.len().saturating_add(s.len()) as u64;
            self.fail(ReadError::TextTooLong {
                format: "html",
                bytes,
                limit: MAX_CELL_BYTES as u64,
            });
            return;
        }
        let mut space = self.cell.as_ref().is_some_and(|c| c.space);
        let target = match self.cell.as_mut() {
            Some(c) => &mut c.text,
            None => &mut self.loose,
        };
        for ch in s.chars() {
            // Source whitespace collapses to one space (not a no-break
            // space, which is text).
            if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !space && !target.is_empty() && !target.ends_with('\n') {
                    target.push(' ');
                }
                space = true;
            } else {
                target.push(ch);
                space = false;
            }
        }
        if in_cell {
            if let Some(c) = self.cell.as_mut() {
                c.space = space;
            }
        }
    }

    fn line_break(&mut self) {
        let target = match self.cell.as_mut() {
            Some(c) => {
                c.space = true;
                &mut c.text
            }
            None => &mut self.loose,
        };
        while target.ends_with(' ') {
            target.pop();
        }
        target.push('\n');
    }

    /// Text outside tables becomes a row of its own (column A).
    pub(super) fn flush_loose(&mut self) {
        let text = std::mem::take(&mut self.loose);
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let row = self.row;
            let v = crate::read::convert::text(line);
            if let Err(e) = self.grid().set(row, 0, v, None) {
                self.fail(e);
                return;
            }
            self.row += 1;
        }
    }

    fn start_row(&mut self) {
        if self.in_row {
            self.end_row();
        }
        self.in_row = true;
        self.col = 0;
    }

    pub(super) fn end_row(&mut self) {
        if self.cell.is_some() {
            self.end_cell();
        }
        if self.in_row {
            self.in_row = false;
            self.row += 1;
            let row = self.row;
            self.spans.retain(|s| s.until > row);
        }
    }

    /// Moves the column past the rowspans from above.
    fn skip_spans(&mut self) {
        loop {
            let row = self.row;
            let col = self.col;
            match self
                .spans
                .iter()
                .find(|s| s.until > row && s.from <= col && col < s.to)
            {
                Some(s) => self.col = s.to,
                None => break,
            }
        }
    }

    fn start_cell(&mut self, tag: &Tag) {
        if !self.in_row {
            self.start_row();
        }
        if self.cell.is_some() {
            self.end_cell();
        }
        let span = |name: &str, max: u64| {
            attr(tag, name)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1)
                .clamp(1, max)
        };
        let mut style = Style::default();
        if let Some(class) = attr(tag, "class") {
            for c in class.split_whitespace() {
                if let Some(s) = self.classes.get(&c.to_ascii_lowercase()) {
                    if s.number_format.is_some() {
                        style.number_format.clone_from(&s.number_format);
                    }
                    if s.font.is_some() {
                        style.font.clone_from(&s.font);
                    }
                }
            }
        }
        let inline = attr(tag, "style").unwrap_or("");
        parse_style(inline, &mut style);
        let no_merge = inline
            .to_ascii_lowercase()
            .replace(' ', "")
            .contains("mso-ignore:colspan");
        if style.font.is_none() {
            style.font = self.font_stack.iter().rev().flatten().next().cloned();
        }
        self.cell = Some(CellState {
            num: attr(tag, "x:num").map(str::to_string),
            is_str: attr(tag, "x:str").is_some(),
            style,
            colspan: span("colspan", MAX_COLSPAN),
            rowspan: span("rowspan", MAX_ROWSPAN),
            no_merge,
            ..CellState::default()
        });
    }

    fn end_cell(&mut self) {
        let Some(c) = self.cell.take() else { return };
        self.skip_spans();
        let (row, col) = (self.row, self.col);
        let last_row = row + c.rowspan - 1;
        let last_col = col + c.colspan - 1;
        let v = value(&c);
        let font = c.style.font.clone().map(String::into_boxed_str);
        let grid = self.grid();
        let res = grid
            .check(last_row, last_col)
            .and_then(|()| grid.set(row, col, v, font));
        if let Err(e) = res {
            self.fail(e);
            return;
        }
        if c.rowspan > 1 || (c.colspan > 1 && !c.no_merge) {
            // Within the limits checked above.
            self.grid().merge(Merge {
                first_row: row as u32,
                first_col: col as u32,
                last_row: last_row as u32,
                last_col: last_col as u32,
            });
        }
        if c.rowspan > 1 {
            self.spans.push(Span {
                from: col,
                to: col + c.colspan,
                until: row + c.rowspan,
            });
        }
        self.col = col + c.colspan;
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        self.tags += 1;
        if self.tags > MAX_TAGS {
            self.fail(ReadError::TooManyElements {
                format: "html",
                limit: MAX_TAGS,
            });
            return TokenSinkResult::Plaintext;
        }
        let name = &*tag.name;
        let start = tag.kind == TagKind::StartTag;
        match name {
            "style" if start => {
                self.in_style = true;
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            "style" => {
                self.in_style = false;
                let css = std::mem::take(&mut self.css);
                parse_css(&css, &mut self.classes);
            }
            "script" if start => return TokenSinkResult::RawData(RawKind::ScriptData),
            "title" | "textarea" if start => return TokenSinkResult::RawData(RawKind::Rcdata),
            "table" if start => {
                let index = usize::try_from(self.tables).unwrap_or(usize::MAX);
                self.tables += 1;
                self.depth += 1;
                if self.depth > MAX_TABLE_DEPTH {
                    self.fail(ReadError::TooDeep {
                        format: "html",
                        limit: MAX_TABLE_DEPTH,
                    });
                    return TokenSinkResult::Plaintext;
                }
                match self.grid_depth {
                    // Inside a laid-out table: text of its cell.
                    Some(_) => self.line_break(),
                    // A layout table around the report: see through it.
                    None if self.layout.get(index).copied().unwrap_or(false) => self.line_break(),
                    None => {
                        self.flush_loose();
                        self.grid_depth = Some(self.depth);
                    }
                }
            }
            "table" => {
                if self.grid_depth == Some(self.depth) {
                    self.end_row();
                    self.spans.clear();
                    self.grid_depth = None;
                } else if self.depth > 0 {
                    self.line_break();
                }
                self.depth = self.depth.saturating_sub(1);
            }
            "tr" if self.grid_depth == Some(self.depth) => {
                if start {
                    self.start_row()
                } else {
                    self.end_row()
                }
            }
            "td" | "th" if self.grid_depth == Some(self.depth) => {
                if start {
                    self.start_cell(tag)
                } else {
                    self.end_cell()
                }
            }
            "td" | "th" if self.depth > 0 && !start => {
                if self.grid_depth.is_some() {
                    self.push_text(" ")
                } else {
                    self.line_break()
                }
            }
            "tr" if self.depth > 0 && !start => self.line_break(),
            "br" => self.line_break(),
            "font" if start && !tag.self_closing => {
                self.font_stack.push(attr(tag, "face").map(str::to_string));
            }
            "font" => {
                self.font_stack.pop();
            }
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li"
                if self.grid_depth.is_none() || (!start && self.cell.is_some()) =>
            {
                self.line_break();
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.state.borrow_mut();
        if st.error.is_some() {
            return TokenSinkResult::Continue;
        }
        match token {
            Token::TagToken(tag) => return st.tag(&tag),
            Token::CharacterTokens(t) => {
                if st.in_style {
                    if st.css.len() < MAX_CELL_BYTES * 4 {
                        st.css.push_str(&t);
                    }
                } else {
                    st.push_text(&t);
                }
            }
            // Excel's head: `<x:ExcelWorksheet><x:Name>Nhiệm vụ</x:Name>`.
            Token::CommentToken(c) if st.sheet_name.is_none() => {
                if let Some(i) = c.find("<x:Name>") {
                    let rest = &c[i + 8..];
                    if let Some(j) = rest.find("</x:Name>") {
                        let n = rest[..j].trim();
                        if !n.is_empty() && n.len() <= 200 {
                            st.sheet_name = Some(n.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
