//! Reading one workbook: which sheet is which (by name, else by content),
//! then each table and the info sheet, streamed row by row.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::header::{self, Cells, Column, Header};
use super::info;
use super::open::{self, Book, Flow};
use super::{
    IndicatorCol, LegacyText, Limits, Raw, ReadError, Report, ReportInfo, Row, Table, TaskCol,
};
use crate::model::Cell;
use crate::text::fold_compact;
use crate::text::legacy::{self as legacy_text, Encoding};

/// Non-empty rows looked at to find a header.
const HEAD_ROWS: usize = 40;
/// A header is looked for above this row only.
const HEAD_MAX_ROW: u32 = 200;
/// Non-empty rows of the info sheet that are read.
const INFO_ROWS: usize = 300;

/// What a sheet's name says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Info,
    Tasks,
    Indicators,
    Guide,
}

/// The kind a sheet name says, and whether it says it exactly
/// ("Nhiem vu") or only contains it ("Biểu nhiệm vụ").
fn named(name: &str) -> Option<(Named, bool)> {
    let c = fold_compact(name);
    if c.contains("huongdan") {
        return Some((Named::Guide, c == "huongdan"));
    }
    for (key, kind) in [
        ("thongtin", Named::Info),
        ("nhiemvu", Named::Tasks),
        ("chitieu", Named::Indicators),
    ] {
        if c == key {
            return Some((kind, true));
        }
        if c.contains(key) {
            return Some((kind, false));
        }
    }
    None
}

/// The first sheet named `kind`, exact names first.
fn by_name(names: &[String], kind: Named) -> Option<usize> {
    let mut loose = None;
    for (i, n) in names.iter().enumerate() {
        match named(n) {
            Some((k, true)) if k == kind => return Some(i),
            Some((k, false)) if k == kind && loose.is_none() => loose = Some(i),
            _ => {}
        }
    }
    loose
}

pub(super) fn read(path: &Path, limits: &Limits) -> Result<Report, ReadError> {
    let mut book = open::open(path, limits)?;
    let names = book.sheet_names();
    let guide: Vec<bool> = names
        .iter()
        .map(|n| matches!(named(n), Some((Named::Guide, _))))
        .collect();
    let mut used = vec![false; names.len()];
    let mut legacy = Legacy::new(&names);
    // Titles per sheet index, joined in workbook order at the end.
    let mut titles: Vec<(usize, Vec<String>)> = Vec::new();

    let mut tasks: Option<Table<TaskCol>> = None;
    if let Some(i) = by_name(&names, Named::Tasks) {
        used[i] = true;
        if let Some((t, ti)) =
            read_table::<TaskCol>(&mut book, &names[i], limits, false, &mut legacy)?
        {
            tasks = Some(t);
            titles.push((i, ti));
        }
    }
    let mut indicators: Option<Table<IndicatorCol>> = None;
    if let Some(i) = by_name(&names, Named::Indicators) {
        used[i] = true;
        if let Some((t, ti)) =
            read_table::<IndicatorCol>(&mut book, &names[i], limits, false, &mut legacy)?
        {
            indicators = Some(t);
            titles.push((i, ti));
        }
    }
    let info_index = by_name(&names, Named::Info);
    if let Some(i) = info_index {
        used[i] = true;
    }

    // Renamed sheets ("Biểu 01", "Sheet1"): tell them by their header.
    let mut info_candidate: Option<usize> = None;
    if tasks.is_none() || indicators.is_none() || info_index.is_none() {
        let mut best_tasks: Option<(usize, usize)> = None;
        let mut best_indicators: Option<(usize, usize)> = None;
        for i in 0..names.len() {
            if used[i] || guide[i] {
                continue;
            }
            let Some(head) = peek(&mut book, &names[i], limits, &mut legacy) else {
                continue;
            };
            let ts = header::header_score::<TaskCol>(&head);
            let is = header::header_score::<IndicatorCol>(&head);
            if tasks.is_none() && ts > 0 && ts >= is && best_tasks.is_none_or(|(_, s)| ts > s) {
                best_tasks = Some((i, ts));
            } else if indicators.is_none()
                && is > 0
                && is > ts
                && best_indicators.is_none_or(|(_, s)| is > s)
            {
                best_indicators = Some((i, is));
            } else if info_index.is_none()
                && info_candidate.is_none()
                && ts == 0
                && is == 0
                && info::label_count(&head) >= 2
            {
                info_candidate = Some(i);
            }
        }
        if let Some((i, _)) = best_tasks {
            used[i] = true;
            if let Some((t, ti)) =
                read_table::<TaskCol>(&mut book, &names[i], limits, true, &mut legacy)?
            {
                tasks = Some(t);
                titles.push((i, ti));
            }
        }
        if let Some((i, _)) = best_indicators {
            used[i] = true;
            if let Some((t, ti)) =
                read_table::<IndicatorCol>(&mut book, &names[i], limits, true, &mut legacy)?
            {
                indicators = Some(t);
                titles.push((i, ti));
            }
        }
    }

    let mut report_info = ReportInfo::default();
    if let Some(i) = info_index.or(info_candidate) {
        let rows = collect(
            &mut book,
            &names[i],
            limits,
            true,
            INFO_ROWS,
            u32::MAX,
            &mut legacy,
        )?;
        let mut ti = Vec::new();
        report_info = info::read_info(&names[i], &rows, &mut ti);
        titles.push((i, ti));
    }

    titles.sort_by_key(|(i, _)| *i);
    let mut report = Report {
        sheets: names,
        info: report_info,
        titles: titles.into_iter().flat_map(|(_, t)| t).collect(),
        tasks,
        indicators,
        legacy: None,
    };
    report.legacy = legacy.finish(&mut report);
    Ok(report)
}

/// The first non-empty rows of a sheet, for telling its kind; `None` when
/// the sheet cannot be read (a chart sheet, a broken part).
fn peek(
    book: &mut Book,
    sheet: &str,
    limits: &Limits,
    legacy: &mut Legacy,
) -> Option<Vec<(u32, Cells)>> {
    collect(book, sheet, limits, false, HEAD_ROWS, HEAD_MAX_ROW, legacy).ok()
}

/// Up to `max` non-empty rows of a sheet above row `below`.
fn collect(
    book: &mut Book,
    sheet: &str,
    limits: &Limits,
    enforce: bool,
    max: usize,
    below: u32,
    legacy: &mut Legacy,
) -> Result<Vec<(u32, Cells)>, ReadError> {
    let mut rows: Vec<(u32, Cells)> = Vec::new();
    legacy.rows(book, sheet, limits, enforce, &mut |r, cells| {
        if r >= below {
            return Flow::Stop;
        }
        rows.push((r, cells.clone()));
        if rows.len() >= max {
            Flow::Stop
        } else {
            Flow::Continue
        }
    })?;
    Ok(rows)
}

/// A table being read: the first rows are kept until the header is found,
/// then each row is sorted into the table as it streams by.
struct TableState<C: Column> {
    need_code: bool,
    head: Vec<(u32, Cells)>,
    header: Option<Header<C>>,
    gave_up: bool,
    rows: Vec<Row<C>>,
    titles: Vec<String>,
}

impl<C: Column> TableState<C> {
    fn push(&mut self, r: u32, cells: &Cells) -> Flow {
        if self.gave_up {
            return Flow::Stop;
        }
        match &self.header {
            Some(h) => {
                if let Some(row) = header::data_row(r, cells, &h.columns) {
                    self.rows.push(row);
                }
                Flow::Continue
            }
            None => {
                if r < HEAD_MAX_ROW {
                    self.head.push((r, cells.clone()));
                }
                if self.head.len() >= HEAD_ROWS || r >= HEAD_MAX_ROW {
                    self.decide();
                    if self.header.is_none() {
                        self.gave_up = true;
                        return Flow::Stop;
                    }
                    if r >= HEAD_MAX_ROW {
                        return self.push(r, cells);
                    }
                }
                Flow::Continue
            }
        }
    }

    /// Finds the header among the rows kept so far and sorts the rows
    /// below it.
    fn decide(&mut self) {
        let head = std::mem::take(&mut self.head);
        let Some(h) = header::find_header::<C>(&head, self.need_code) else {
            return;
        };
        for (r, cells) in &head {
            if *r < h.first_row {
                for (_, v) in cells {
                    if let Raw::Text(t) = v {
                        self.titles.push(t.trim().to_string());
                    }
                }
            } else if *r > h.last_row {
                if let Some(row) = header::data_row(*r, cells, &h.columns) {
                    self.rows.push(row);
                }
            }
        }
        self.header = Some(h);
    }
}

/// A table found, with the title texts above its header.
type Found<C> = (Table<C>, Vec<String>);

/// Reads the table of kind `C` on `sheet`; `None` when no header is found.
/// With `need_code` (a sheet found by content) the header must name the
/// code column.
fn read_table<C: Column>(
    book: &mut Book,
    sheet: &str,
    limits: &Limits,
    need_code: bool,
    legacy: &mut Legacy,
) -> Result<Option<Found<C>>, ReadError> {
    let mut state = TableState::<C> {
        need_code,
        head: Vec::new(),
        header: None,
        gave_up: false,
        rows: Vec::new(),
        titles: Vec::new(),
    };
    legacy.rows(book, sheet, limits, true, &mut |r, cells| {
        state.push(r, cells)
    })?;
    if state.header.is_none() && !state.gave_up {
        state.decide();
    }
    Ok(state.header.map(|h| {
        (
            Table {
                sheet: sheet.to_string(),
                header_row: h.last_row,
                columns: h.columns,
                rows: state.rows,
            },
            state.titles,
        )
    }))
}

/// The cells typed in a legacy font (TCVN3, VNI) converted so far, by sheet
/// and cell (a sheet may be read more than once: looked at, then read).
///
/// Every row of every format passes here before anything reads a label, a
/// unit, a period, a status or a text, so they are all read after
/// conversion. The judgement is by the characters of each cell
/// ([`legacy_text::convert`] without a font).
// TODO(issue 13): when the .xlsx streaming pass reads cell styles, give
// `convert` the cell's font name (calamine's `next_cell_with_style_id` and
// `styles()`: `Style::font.name`), so that short cells in a `.VnTime` font
// ("Së") are converted too; the other readers likewise (`w:rFonts` in
// .docx, the CSS `font-family` of HTML exports).
struct Legacy {
    /// The workbook's sheet names, for the workbook order of the cells.
    names: Vec<String>,
    /// Converted cells by (sheet index, row, column).
    cells: BTreeMap<(usize, u32, u32), Encoding>,
    /// Cells holding Unicode Vietnamese, for the report's verdict.
    unicode: BTreeSet<(usize, u32, u32)>,
}

impl Legacy {
    fn new(names: &[String]) -> Legacy {
        Legacy {
            names: names.to_vec(),
            cells: BTreeMap::new(),
            unicode: BTreeSet::new(),
        }
    }

    fn key(&self, sheet: &str, r: u32, c: u32) -> (usize, u32, u32) {
        let index = self.names.iter().position(|n| n == sheet);
        (index.unwrap_or(usize::MAX), r, c)
    }

    /// Streams the rows of `sheet` to `f` with legacy text converted.
    fn rows(
        &mut self,
        book: &mut Book,
        sheet: &str,
        limits: &Limits,
        enforce: bool,
        f: &mut dyn FnMut(u32, &Cells) -> Flow,
    ) -> Result<(), ReadError> {
        book.rows(
            sheet,
            limits,
            enforce,
            &mut |r, cells| match self.convert_row(sheet, r, cells) {
                Some(converted) => f(r, &converted),
                None => f(r, cells),
            },
        )
    }

    /// The row with its legacy cells converted; `None` when it has none.
    fn convert_row(&mut self, sheet: &str, r: u32, cells: &Cells) -> Option<Cells> {
        let mut out: Option<Cells> = None;
        for (i, (c, v)) in cells.iter().enumerate() {
            let Raw::Text(t) = v else { continue };
            if t.is_ascii() {
                continue;
            }
            if legacy_text::has_unicode_vietnamese(t) {
                let key = self.key(sheet, r, *c);
                self.unicode.insert(key);
                continue;
            }
            let Some(enc) = legacy_text::detect(t) else {
                continue;
            };
            let converted = legacy_text::decode(t, enc, false);
            let key = self.key(sheet, r, *c);
            self.cells.insert(key, enc);
            out.get_or_insert_with(|| cells.clone())[i].1 = Raw::Text(converted);
        }
        out
    }

    /// The report judged as a whole: when the cells judged legacy outnumber
    /// those of Unicode Vietnamese, the cells the per-cell judgement left
    /// alone (short ones such as "Së", or "Cã" that reads as Unicode too)
    /// are converted as well. Then what the report says about its converted
    /// cells (F15).
    fn finish(mut self, report: &mut Report) -> Option<LegacyText> {
        let count = |e: Encoding| self.cells.values().filter(|x| **x == e).count();
        let verdict = legacy_text::Detector {
            tcvn3: count(Encoding::Tcvn3),
            vni: count(Encoding::Vni),
            unicode: self.unicode.len(),
        }
        .verdict();
        if let Some(enc) = verdict {
            if let Some(t) = report.tasks.as_mut() {
                self.table(t, enc);
            }
            if let Some(t) = report.indicators.as_mut() {
                self.table(t, enc);
            }
            let i = &mut report.info;
            for l in [
                &mut i.unit_code,
                &mut i.unit_name,
                &mut i.plan_id,
                &mut i.period,
                &mut i.report_date,
                &mut i.preparer,
                &mut i.phone,
                &mut i.email,
                &mut i.head,
            ]
            .into_iter()
            .flatten()
            {
                let key = self.key(&l.sheet, l.row, l.col);
                if self.cells.contains_key(&key) {
                    continue;
                }
                if let Some(u) = convert_raw(&l.value, enc) {
                    l.value = u;
                    self.cells.insert(key, enc);
                }
            }
            // The title rows are left as the first pass made them: they
            // carry no position to tell a converted one from another.
        }
        self.note()
    }

    /// Converts the cells of a table of a report judged to be in `enc`.
    fn table<C: Ord + Copy>(&mut self, t: &mut Table<C>, enc: Encoding) {
        for row in &mut t.rows {
            for (c, v) in row.cells.iter_mut() {
                let col = t.columns.get(c).copied().unwrap_or(u32::MAX);
                let key = self.key(&t.sheet, row.row, col);
                // Converted already (converting twice would turn the
                // Unicode "ô" of "không" into VNI's "ơ").
                if self.cells.contains_key(&key) {
                    continue;
                }
                if let Some(u) = convert_raw(v, enc) {
                    *v = u;
                    self.cells.insert(key, enc);
                }
            }
        }
    }

    /// The F15 note: how many cells, the first one, the main encoding.
    fn note(&self) -> Option<LegacyText> {
        let ((index, row, col), encoding) = self.cells.iter().next()?;
        let sheet = self.names.get(*index).cloned().unwrap_or_default();
        let mut counts: BTreeMap<Encoding, usize> = BTreeMap::new();
        for e in self.cells.values() {
            *counts.entry(*e).or_default() += 1;
        }
        // The encoding of most cells (ties: TCVN3, the older and commoner).
        let encoding = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(*encoding, |(e, _)| *e);
        Some(LegacyText {
            encoding,
            cells: self.cells.len(),
            sheet,
            first: Cell::new(*row, *col),
        })
    }
}

/// A text cell of a report judged to be in `enc`, converted; `None` when it
/// stays as it is.
fn convert_raw(v: &Raw, enc: Encoding) -> Option<Raw> {
    match v {
        Raw::Text(t) => legacy_text::Detector::convert_in(t, enc).map(Raw::Text),
        _ => None,
    }
}
