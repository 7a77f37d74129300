//! Reading one workbook: which sheet is which (by name, else by content),
//! then each table and the info sheet, streamed row by row.

use super::header::{self, Cells, Column, Header};
use super::info;
use super::legacy::Legacy;
use super::open::{self, Book};
use super::stream::Flow;
use super::{
    IndicatorCol, Limits, Raw, ReadError, Report, ReportInfo, Row, SheetChoice, Table, TableKind,
    TaskCol,
};
use crate::text::fold_compact;

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

/// The first sheet named `kind`: visible sheets before hidden ones, then
/// exact names first.
fn by_name(names: &[String], visible: &[bool], kind: Named) -> Option<usize> {
    let mut best: Option<(usize, (bool, bool))> = None;
    for (i, n) in names.iter().enumerate() {
        if let Some((k, exact)) = named(n) {
            let key = (visible.get(i).copied().unwrap_or(true), exact);
            if k == kind && best.is_none_or(|(_, b)| key > b) {
                best = Some((i, key));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// The sheets named `kind`, in workbook order: the visible ones, or, when
/// none is visible, the hidden ones (a hidden sheet never wins over a
/// visible one).
fn all_named(names: &[String], visible: &[bool], kind: Named) -> Vec<usize> {
    let all: Vec<usize> = (0..names.len())
        .filter(|&i| matches!(named(&names[i]), Some((k, _)) if k == kind))
        .collect();
    let shown: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| visible.get(i).copied().unwrap_or(true))
        .collect();
    if shown.is_empty() {
        all
    } else {
        shown
    }
}

/// A table picked among candidate sheets: its sheet index, the table with
/// its titles, and the choice made when there were several.
type Picked<C> = (usize, Found<C>, Option<SheetChoice>);

/// Reads the table of kind `C` from the sheets `candidates` (by name) and
/// keeps the one with more rows for which `filled` holds, ties going to
/// the later tab. With more than one table found, says which was used.
#[allow(clippy::too_many_arguments)]
fn pick_table<C: Column>(
    book: &mut Book,
    names: &[String],
    candidates: &[usize],
    limits: &Limits,
    kind: TableKind,
    filled: fn(&Row<C>) -> bool,
    other_header: fn(&Cells) -> bool,
    legacy: &mut Legacy,
) -> Result<Option<Picked<C>>, ReadError> {
    let mut found: Vec<(usize, Found<C>)> = Vec::new();
    for &i in candidates {
        if let Some(t) = read_table::<C>(book, &names[i], limits, false, 0, other_header, legacy)? {
            found.push((i, t));
        }
    }
    let mut best: Option<(usize, usize)> = None;
    for (k, (_, (t, ..))) in found.iter().enumerate() {
        let n = t.rows.iter().filter(|r| filled(r)).count();
        if best.is_none_or(|(_, b)| n >= b) {
            best = Some((k, n));
        }
    }
    let Some((k, _)) = best else {
        return Ok(None);
    };
    let choice = (found.len() > 1).then(|| SheetChoice {
        kind,
        used: names[found[k].0].clone(),
        others: found
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, (i, _))| names[*i].clone())
            .collect(),
    });
    let (i, t) = found.swap_remove(k);
    Ok(Some((i, t, choice)))
}

pub(super) fn read(bytes: super::bytes::Bytes, limits: &Limits) -> Result<Report, ReadError> {
    let mut book = open::open_bytes(bytes, limits)?;
    let names = book.sheet_names();
    let visible = book.visible();
    let mut sheet_choices: Vec<SheetChoice> = Vec::new();
    let guide: Vec<bool> = names
        .iter()
        .map(|n| matches!(named(n), Some((Named::Guide, _))))
        .collect();
    let mut used = vec![false; names.len()];
    let mut legacy = Legacy::new(&names);
    // Titles per sheet index, joined in workbook order at the end.
    let mut titles: Vec<(usize, Vec<String>)> = Vec::new();

    // Where the first table found starts (sheet, header row), for the
    // "Thông tin" facts a one-sheet file carries above it; and where a
    // table ended at the other table's header, for stacked tables.
    let mut first_table: Option<(usize, u32)> = None;
    let mut stacked_tasks: Option<(usize, u32)> = None;
    let mut stacked_indicators: Option<(usize, u32)> = None;
    let mut tasks: Option<Table<TaskCol>> = None;
    let candidates = all_named(&names, &visible, Named::Tasks);
    candidates.iter().for_each(|&i| used[i] = true);
    let status = |r: &Row<TaskCol>| !r.get(TaskCol::Status).is_empty();
    let picked = pick_table(
        &mut book,
        &names,
        &candidates,
        limits,
        TableKind::Tasks,
        status,
        is_header_of::<IndicatorCol>,
        &mut legacy,
    )?;
    if let Some((i, (t, ti, first, end), choice)) = picked {
        tasks = Some(t);
        titles.push((i, ti));
        sheet_choices.extend(choice);
        first_table = first_table.or(Some((i, first)));
        stacked_indicators = end.map(|r| (i, r));
    }
    let mut indicators: Option<Table<IndicatorCol>> = None;
    let candidates = all_named(&names, &visible, Named::Indicators);
    candidates.iter().for_each(|&i| used[i] = true);
    let value = |r: &Row<IndicatorCol>| !r.get(IndicatorCol::Value).is_empty();
    let picked = pick_table(
        &mut book,
        &names,
        &candidates,
        limits,
        TableKind::Indicators,
        value,
        is_header_of::<TaskCol>,
        &mut legacy,
    )?;
    if let Some((i, (t, ti, first, end), choice)) = picked {
        indicators = Some(t);
        titles.push((i, ti));
        sheet_choices.extend(choice);
        first_table = first_table.or(Some((i, first)));
        stacked_tasks = end.map(|r| (i, r));
    }
    let info_index = by_name(&names, &visible, Named::Info);
    if let Some(i) = info_index {
        used[i] = true;
    }

    // Renamed sheets ("Biểu 01", "Sheet1"): tell them by their header.
    let mut info_candidate: Option<usize> = None;
    if tasks.is_none() || indicators.is_none() || info_index.is_none() {
        let mut best_tasks: Option<(usize, (bool, usize))> = None;
        let mut best_indicators: Option<(usize, (bool, usize))> = None;
        for i in 0..names.len() {
            if used[i] || guide[i] {
                continue;
            }
            let Some(head) = peek(&mut book, &names[i], limits, &mut legacy) else {
                continue;
            };
            let ts = header::header_score::<TaskCol>(&head);
            let is = header::header_score::<IndicatorCol>(&head);
            // A visible sheet wins over a hidden one whatever its score.
            let shown = visible.get(i).copied().unwrap_or(true);
            let better = |best: Option<(usize, (bool, usize))>, score: usize| {
                best.is_none_or(|(_, b)| (shown, score) > b)
            };
            if tasks.is_none() && ts > 0 && ts >= is && better(best_tasks, ts) {
                best_tasks = Some((i, (shown, ts)));
            } else if indicators.is_none() && is > 0 && is > ts && better(best_indicators, is) {
                best_indicators = Some((i, (shown, is)));
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
            if let Some((t, ti, first, end)) = read_table::<TaskCol>(
                &mut book,
                &names[i],
                limits,
                true,
                0,
                is_header_of::<IndicatorCol>,
                &mut legacy,
            )? {
                tasks = Some(t);
                titles.push((i, ti));
                first_table = first_table.or(Some((i, first)));
                stacked_indicators = stacked_indicators.or(end.map(|r| (i, r)));
            }
        }
        if let Some((i, _)) = best_indicators {
            used[i] = true;
            if let Some((t, ti, first, end)) = read_table::<IndicatorCol>(
                &mut book,
                &names[i],
                limits,
                true,
                0,
                is_header_of::<TaskCol>,
                &mut legacy,
            )? {
                indicators = Some(t);
                titles.push((i, ti));
                first_table = first_table.or(Some((i, first)));
                stacked_tasks = stacked_tasks.or(end.map(|r| (i, r)));
            }
        }
    }
    // Stacked tables (one sheet, one after the other): the other table
    // starts where the first ended.
    if let (None, Some((i, from))) = (&indicators, stacked_indicators) {
        if let Some((t, _, _, _)) = read_table::<IndicatorCol>(
            &mut book,
            &names[i],
            limits,
            true,
            from,
            is_header_of::<TaskCol>,
            &mut legacy,
        )? {
            indicators = Some(t);
        }
    }
    if let (None, Some((i, from))) = (&tasks, stacked_tasks) {
        if let Some((t, _, _, _)) = read_table::<TaskCol>(
            &mut book,
            &names[i],
            limits,
            true,
            from,
            is_header_of::<IndicatorCol>,
            &mut legacy,
        )? {
            tasks = Some(t);
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
    } else if let Some((i, first)) = first_table {
        // No info sheet: a one-sheet file (a web export, a text table, a
        // hand-made sheet) may carry the facts as label/value rows above
        // its first table. Their other texts are titles already.
        let rows = collect(
            &mut book,
            &names[i],
            limits,
            true,
            INFO_ROWS,
            first,
            &mut legacy,
        )?;
        if info::label_count(&rows) > 0 {
            report_info = info::read_info(&names[i], &rows, &mut Vec::new());
        }
    }

    if let (None, None, Some(looks)) = (&tasks, &indicators, book.document()) {
        return Err(ReadError::NoTables { looks });
    }
    titles.sort_by_key(|(i, _)| *i);
    let mut report = Report {
        sheets: names,
        info: report_info,
        titles: titles.into_iter().flat_map(|(_, t)| t).collect(),
        tasks,
        indicators,
        legacy: None,
        sheet_choices,
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
    /// Rows above this one belong to another table on the same sheet.
    from: u32,
    /// Whether a row is the header of the other table (stacked tables of a
    /// web export or a text file): the table ends above it.
    other_header: fn(&Cells) -> bool,
    /// The row where the other table's header starts, when one was met.
    ended_at: Option<u32>,
    head: Vec<(u32, Cells)>,
    header: Option<Header<C>>,
    gave_up: bool,
    rows: Vec<Row<C>>,
    titles: Vec<String>,
}

impl<C: Column> TableState<C> {
    fn push(&mut self, r: u32, cells: &Cells) -> Flow {
        if self.gave_up || self.ended_at.is_some() {
            return Flow::Stop;
        }
        if r < self.from {
            return Flow::Continue;
        }
        match &self.header {
            Some(h) => {
                if (self.other_header)(cells) {
                    self.ended_at = Some(r);
                    return Flow::Stop;
                }
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
            } else if *r > h.last_row && self.ended_at.is_none() {
                if (self.other_header)(cells) {
                    self.ended_at = Some(*r);
                    continue;
                }
                if let Some(row) = header::data_row(*r, cells, &h.columns) {
                    self.rows.push(row);
                }
            }
        }
        self.header = Some(h);
    }
}

/// A table found, with the title texts above its header, the first row
/// of its header and the row where another table starts below it.
type Found<C> = (Table<C>, Vec<String>, u32, Option<u32>);

/// Whether one row is a header of the table kind `C` (naming its code
/// column and at least one more).
fn is_header_of<C: Column>(cells: &Cells) -> bool {
    // Most rows are data: a number, a date or a long text rules a header
    // out before any label is folded.
    let labels = cells
        .iter()
        .filter(|(_, v)| matches!(v, Raw::Text(t) if t.len() <= 256))
        .count();
    let data = cells
        .iter()
        .any(|(_, v)| !matches!(v, Raw::Text(t) if t.len() <= 256));
    labels >= 2 && !data && header::header_score::<C>(&[(0, cells.clone())]) >= 2
}

/// Reads the table of kind `C` on `sheet`; `None` when no header is found.
/// With `need_code` (a sheet found by content) the header must name the
/// code column.
fn read_table<C: Column>(
    book: &mut Book,
    sheet: &str,
    limits: &Limits,
    need_code: bool,
    from: u32,
    other_header: fn(&Cells) -> bool,
    legacy: &mut Legacy,
) -> Result<Option<Found<C>>, ReadError> {
    let mut state = TableState::<C> {
        need_code,
        from,
        other_header,
        ended_at: None,
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
    let ended_at = state.ended_at;
    Ok(state.header.map(|h| {
        (
            Table {
                sheet: sheet.to_string(),
                header_row: h.last_row,
                columns: h.columns,
                rows: state.rows,
            },
            state.titles,
            h.first_row,
            ended_at,
        )
    }))
}
