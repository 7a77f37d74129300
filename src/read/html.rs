//! Web pages saved as .xls (the "export to Excel" of e-government and ERP
//! systems): the `<table>`s laid out as Excel lays them out when it opens
//! the file. Tables and the text between them stack down one sheet;
//! `colspan`/`rowspan` are merged cells; `<br>` is a line break inside the
//! cell; `x:num`/`x:str` and `mso-number-format` (inline or by class) give
//! the value and its type, a `%` format a [`Raw::Percent`].
//!
//! The page is read by html5ever's tokenizer, streamed: no document tree
//! is built, so memory follows the cells kept (bounded by the grid limits),
//! not the markup. Tag count, table nesting and cell text are bounded too.

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;

use super::grid::{Grid, GridBuilder, Merge};
use super::{Limits, Raw, ReadError};

/// Most tags a page may have (a report of the largest size has far fewer).
pub(super) const MAX_TAGS: u64 = 5_000_000;
/// Deepest nesting of tables followed (a table inside a cell).
pub(super) const MAX_TABLE_DEPTH: u32 = 8;
/// Longest text of one cell, in bytes.
pub(super) const MAX_CELL_BYTES: usize = 256 * 1024;
/// Largest `colspan` and `rowspan` honoured, as browsers do.
const MAX_COLSPAN: u64 = 1000;
const MAX_ROWSPAN: u64 = 65534;

/// What a CSS rule says about a cell.
#[derive(Debug, Clone, Default)]
struct Style {
    number_format: Option<String>,
    font: Option<String>,
}

/// The cell being read.
#[derive(Debug, Default)]
struct CellState {
    text: String,
    /// The last character pushed was collapsible whitespace.
    space: bool,
    num: Option<String>,
    is_str: bool,
    style: Style,
    colspan: u64,
    rowspan: u64,
    /// `mso-ignore:colspan`: the text runs over the next cells, which are
    /// still taken, but Excel does not merge them.
    no_merge: bool,
}

/// A rowspan still covering rows below: columns `[from, to)` until `until`
/// (exclusive).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: u64,
    to: u64,
    until: u64,
}

#[derive(Debug, Default)]
struct State {
    grid: Option<GridBuilder>,
    error: Option<ReadError>,
    tags: u64,
    /// Open tables.
    depth: u32,
    /// The depth of the table being laid out, when inside one: its cells
    /// are cells of the sheet; a table nested in one of them adds its text
    /// to that cell.
    grid_depth: Option<u32>,
    /// Which tables (in the order they start) are layout tables, from the
    /// first pass: see [`scan_layout`].
    layout: Vec<bool>,
    /// The next free row of the sheet.
    row: u64,
    /// The row being filled, when inside a `<tr>`.
    in_row: bool,
    col: u64,
    spans: Vec<Span>,
    cell: Option<CellState>,
    /// Text outside any table, shown by Excel as a row of its own.
    loose: String,
    in_style: bool,
    css: String,
    classes: BTreeMap<String, Style>,
    /// The sheet name from the `<x:Name>` of the Excel head.
    sheet_name: Option<String>,
    font_stack: Vec<Option<String>>,
    tables: u64,
}

struct Sink {
    state: RefCell<State>,
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a str> {
    tag.attrs
        .iter()
        .find(|a| a.name.local.as_ref().eq_ignore_ascii_case(name))
        .map(|a| &*a.value)
}

/// The declarations of a CSS block: `mso-number-format` and `font-family`.
fn parse_style(decls: &str, into: &mut Style) {
    for d in decls.split(';') {
        let Some((k, v)) = d.split_once(':') else {
            continue;
        };
        let v = v
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .replace("\\0022", "")
            .replace('\\', "");
        match k.trim().to_ascii_lowercase().as_str() {
            "mso-number-format" => into.number_format = Some(v),
            "font-family" => {
                let first = v.split(',').next().unwrap_or("").trim();
                let first = first.trim_matches(|c| c == '"' || c == '\'');
                if !first.is_empty() {
                    into.font = Some(first.to_string());
                }
            }
            _ => {}
        }
    }
}

/// The class rules (`.xl65 {…}`, `td.xl65 {…}`) of a style sheet.
fn parse_css(css: &str, classes: &mut BTreeMap<String, Style>) {
    // Comments out first (Excel wraps the sheet in `<!-- -->`).
    let css = css.replace("<!--", " ").replace("-->", " ");
    for block in css.split('}') {
        let Some((sel, decls)) = block.split_once('{') else {
            continue;
        };
        for s in sel.split(',') {
            let s = s.trim();
            if let Some((_, class)) = s.rsplit_once('.') {
                let class = class.trim().to_ascii_lowercase();
                if !class.is_empty() {
                    parse_style(decls, classes.entry(class).or_default());
                }
            }
        }
    }
}

/// A number as an export writes it in `x:num` or in a cell.
fn number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches('%');
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn is_date_format(f: &str) -> bool {
    let l = f.to_ascii_lowercase();
    l.contains("date") || (l.contains('d') && l.contains('m') && l.contains('y'))
}

/// The cell's value from its text, attributes and number format.
fn value(c: &CellState) -> Raw {
    let text = c.text.trim();
    let fmt = c.style.number_format.as_deref().unwrap_or("");
    if c.is_str || fmt == "@" {
        return super::convert::text(text);
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
        Some(n) if is_date_format(fmt) => super::grid::serial_date(n),
        Some(n) => Raw::Number(n),
        None => super::convert::text(text),
    }
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
    fn flush_loose(&mut self) {
        let text = std::mem::take(&mut self.loose);
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let row = self.row;
            let v = super::convert::text(line);
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

    fn end_row(&mut self) {
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

/// What the first pass learns of one table.
#[derive(Debug, Default, Clone, Copy)]
struct TableShape {
    nested: bool,
    cells: u32,
    widest: u32,
}

/// The first pass: tables in start order, each with whether it holds a
/// table and its widest row of its own cells.
#[derive(Default)]
struct LayoutScan {
    tables: Vec<TableShape>,
    open: Vec<usize>,
    tags: u64,
}

/// Most tables whose shape the first pass records.
const MAX_SCANNED_TABLES: usize = 100_000;

struct ScanSink {
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
fn scan_layout(text: &str) -> Vec<bool> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(g: &Grid, r: u32, c: u32) -> Raw {
        g.sheets[0]
            .rows
            .get(&r)
            .and_then(|row| row.get(&c))
            .map_or(Raw::Empty, |c| c.value.clone())
    }

    #[test]
    fn spans_are_merged_cells_and_tables_stack() {
        let page = r#"<html><head><style>.p{mso-number-format:"0%";font-family:".VnTime"}</style></head><body>
            <p>Đơn vị: S&#7903; Công Thương</p>
            <table><tr><th rowspan=2>Mã</th><th colspan=2>Kết quả</th></tr>
            <tr><th>Tỷ lệ</th><th>Ghi chú</th></tr>
            <tr><td>NV1</td><td class=p x:num="0.4">40%</td><td>dòng 1<br>dòng 2</td></tr></table>
            <table><tr><td x:num>12,5</td><td x:str>007</td></tr></table></body></html>"#;
        let g = read(page.as_bytes(), &Limits::default()).expect("html");
        assert_eq!(cell(&g, 0, 0), Raw::Text("Đơn vị: Sở Công Thương".into()));
        assert_eq!(cell(&g, 1, 0), Raw::Text("Mã".into()));
        assert_eq!(cell(&g, 1, 1), Raw::Text("Kết quả".into()));
        assert_eq!(cell(&g, 2, 1), Raw::Text("Tỷ lệ".into()));
        assert_eq!(cell(&g, 2, 2), Raw::Text("Ghi chú".into()));
        assert_eq!(cell(&g, 3, 1), Raw::Percent(0.4));
        assert_eq!(g.sheets[0].font(3, 1), Some(".VnTime"));
        assert_eq!(cell(&g, 3, 2), Raw::Text("dòng 1\ndòng 2".into()));
        assert_eq!(cell(&g, 4, 1), Raw::Text("007".into()));
        assert_eq!(g.sheets[0].merges.len(), 2);
    }

    #[test]
    fn a_report_inside_a_layout_table_is_laid_out() {
        let page = r#"<html><body><table><tr><td>SỞ CÔNG THƯƠNG</td><td>CỘNG HÒA</td></tr>
            <tr><td colspan=2><table><tr><td>Mã</td><td>Tình trạng</td><td>Tỷ lệ<table><tr><td>a</td></tr></table></td></tr>
            <tr><td>NV1</td><td>Xong</td><td>100</td></tr></table></td></tr></table></body></html>"#;
        let g = read(page.as_bytes(), &Limits::default()).expect("html");
        assert_eq!(cell(&g, 0, 0), Raw::Text("SỞ CÔNG THƯƠNG".into()));
        assert_eq!(cell(&g, 1, 0), Raw::Text("CỘNG HÒA".into()));
        assert_eq!(cell(&g, 2, 0), Raw::Text("Mã".into()));
        // A table nested in a report cell stays text of that cell.
        assert_eq!(cell(&g, 2, 2), Raw::Text("Tỷ lệ\na".into()));
        assert_eq!(cell(&g, 3, 2), Raw::Text("100".into()));
    }

    #[test]
    fn a_page_without_table_is_not_a_report() {
        assert!(matches!(
            read(
                b"<html><body><p>Kinh gui</p></body></html>",
                &Limits::default()
            ),
            Err(ReadError::NotSpreadsheet { .. })
        ));
    }

    #[test]
    fn nesting_and_tags_are_bounded() {
        let deep = "<table><tr><td>".repeat(20);
        assert!(matches!(
            read(format!("<html>{deep}").as_bytes(), &Limits::default()),
            Err(ReadError::TooDeep { .. })
        ));
    }
}
