//! The size guards run before calamine loads a sheet: an .xls file's
//! records (through [`super::xls_guard`]) and an .ods file's content.xml
//! are looked at for a sheet or workbook over the limits (F12).

use std::io::{BufReader, Read, Seek, SeekFrom};

use super::error::{corrupt, corrupt_zip};
use super::xls_guard::XlsProblem;
use super::{Limits, ReadError};

/// Most cells a sheet of a format that calamine loads whole (.xls, .ods)
/// may span (rows × columns), so that a sparse hostile sheet cannot make it
/// allocate gigabytes. It is also the budget of all sheets together, as
/// calamine loads every sheet of those formats at once.
pub(super) const MAX_DENSE_CELLS: u64 = 2_000_000;

/// Refuses an .xls file whose cells would make calamine build a huge
/// range (see [`super::xls_guard`]), and makes calamine forget a declared
/// size over the limits that the cells do not fill (it would reserve it).
/// Gives the cells whose format shows a percentage.
pub(super) fn xls_guard(bytes: &mut [u8], limits: &Limits) -> Result<PercentCells, ReadError> {
    match super::xls_guard::check(bytes, limits, MAX_DENSE_CELLS) {
        Ok(checked) => match checked.declared_over.first() {
            Some(d) if !super::xls_guard::forget_declared(bytes, &checked.declared_over) => {
                // The declaration cannot be taken out: refuse it as before
                // rather than let calamine reserve it.
                check_extent(None, d.rows, d.cols, limits, true)?;
                Err(ReadError::SheetTooManyCells {
                    sheet: None,
                    cells: u64::from(d.rows) * u64::from(d.cols),
                    limit: MAX_DENSE_CELLS,
                })
            }
            _ => Ok(checked.percents),
        },
        Err(XlsProblem::Corrupt) => Err(ReadError::Corrupt {
            format: "xls",
            source: None,
        }),
        Err(XlsProblem::Encrypted) => Err(ReadError::Encrypted),
        Err(XlsProblem::TooManyCells { total }) => Err(ReadError::WorkbookTooManyCells {
            cells: total,
            limit: MAX_DENSE_CELLS,
        }),
        Err(XlsProblem::TooBig {
            rows,
            cols,
            area,
            declared,
        }) => {
            check_dense(None, rows, cols, area, limits, declared).map(|()| PercentCells::default())
        }
    }
}

/// The limit check for a sheet that calamine will hold as a dense range:
/// `rows` and `cols` are the extent from A1, `area` the cells spanned.
fn check_dense(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    area: u64,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    check_extent(sheet, rows, cols, limits, declared)?;
    if area > MAX_DENSE_CELLS {
        return Err(ReadError::SheetTooManyCells {
            sheet: sheet.map(str::to_string),
            cells: area,
            limit: MAX_DENSE_CELLS,
        });
    }
    Ok(())
}

/// Refuses a sheet whose extent (rows, columns from A1) is over the limits.
pub(super) fn check_extent(
    sheet: Option<&str>,
    rows: u32,
    cols: u32,
    limits: &Limits,
    declared: bool,
) -> Result<(), ReadError> {
    if rows > limits.max_rows || cols > limits.max_cols {
        return Err(ReadError::SheetTooBig {
            sheet: sheet.map(str::to_string),
            rows,
            cols,
            max_rows: limits.max_rows,
            max_cols: limits.max_cols,
            declared,
        });
    }
    Ok(())
}

pub(super) use super::percent::PercentCells;

/// Scans an .ods file's content.xml with an XML reader, before calamine
/// expands it, for repeated rows and columns that would make a sheet over
/// the limits; notes on the way which cells are percentages. Attributes
/// are read as XML defines them (either quote, any order, any spacing):
/// a file cannot walk around the guard with a spelling calamine accepts.
pub(super) fn ods_guard(
    reader: &mut super::bytes::Source,
    limits: &Limits,
) -> Result<PercentCells, ReadError> {
    use quick_xml::events::Event;
    reader.seek(SeekFrom::Start(0)).map_err(ReadError::Io)?;
    let mut zip = zip::ZipArchive::new(&mut *reader).map_err(corrupt_zip)?;
    let content = match zip.by_name("content.xml") {
        Ok(f) => f,
        Err(e) => return Err(corrupt("ods", e)),
    };
    let mut scan = OdsScan::default();
    let mut xml =
        quick_xml::Reader::from_reader(BufReader::new(content.take(limits.max_member_bytes)));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => scan.start(&e, false, limits)?,
            Ok(Event::Empty(e)) => scan.start(&e, true, limits)?,
            Ok(Event::End(e)) => {
                if e.name().as_ref() == "table:table-row" {
                    scan.end_row();
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(corrupt("ods", e)),
        }
    }
    scan.percents.finish();
    Ok(scan.percents)
}

/// Running position while scanning ODS content.
#[derive(Default)]
struct OdsScan {
    sheet: String,
    row: u64,
    row_repeat: u64,
    col: u64,
    first_valued: Option<(u64, u64)>,
    /// Cells spanned by the current table so far.
    area: u64,
    /// Cells spanned by the tables before it: calamine holds every table
    /// of an .ods at once, so the budget is for all of them together.
    done: u64,
    percents: PercentCells,
}

/// The attributes of an element the guard needs.
#[derive(Default)]
struct OdsAttrs {
    name: Option<String>,
    rows_repeated: Option<String>,
    cols_repeated: Option<String>,
    value_type: Option<String>,
    calc_value_type: Option<String>,
}

impl OdsAttrs {
    fn of(e: &quick_xml::events::BytesStart<'_>) -> Result<OdsAttrs, ReadError> {
        let mut a = OdsAttrs::default();
        let mut attrs = e.attributes();
        // A repeated attribute is not a reason to stop; the last one counts
        // for the guard (the largest repeat would be safer still, see below).
        attrs.with_checks(false);
        for attr in attrs {
            let attr = attr.map_err(|err| corrupt("ods", err))?;
            let value = match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => attr.value.clone().into_owned(),
            };
            let slot = match attr.key.as_ref() {
                "table:name" => &mut a.name,
                "table:number-rows-repeated" => &mut a.rows_repeated,
                "table:number-columns-repeated" => &mut a.cols_repeated,
                "office:value-type" => &mut a.value_type,
                "calcext:value-type" => &mut a.calc_value_type,
                _ => continue,
            };
            // Of repeated counts, keep the largest: the one that costs most.
            let keep = match (&*slot, repeat_of(Some(&value))) {
                (Some(old), new) if slot_is_count(attr.key.as_ref()) => new > repeat_of(Some(old)),
                _ => true,
            };
            if keep {
                *slot = Some(value);
            }
        }
        Ok(a)
    }
}

fn slot_is_count(key: &str) -> bool {
    key.ends_with("-repeated")
}

/// A repeat count as calamine reads it: a number, else 1.
fn repeat_of(v: Option<&String>) -> u64 {
    v.and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

impl OdsScan {
    fn start(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        empty: bool,
        limits: &Limits,
    ) -> Result<(), ReadError> {
        match e.name().as_ref() {
            "table:table" => {
                let a = OdsAttrs::of(e)?;
                self.done = self.done.saturating_add(self.area);
                self.area = 0;
                self.sheet = a.name.unwrap_or_default();
                self.row = 0;
                self.row_repeat = 1;
                self.col = 0;
                self.first_valued = None;
            }
            "table:table-row" => {
                let a = OdsAttrs::of(e)?;
                self.row_repeat = repeat_of(a.rows_repeated.as_ref());
                self.col = 0;
                if empty {
                    // An empty row written as `<table:table-row …/>`.
                    self.end_row();
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let a = OdsAttrs::of(e)?;
                self.cell(&a, limits)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.row_repeat);
        self.row_repeat = 1;
    }

    fn cell(&mut self, a: &OdsAttrs, limits: &Limits) -> Result<(), ReadError> {
        let reps = repeat_of(a.cols_repeated.as_ref());
        let valued =
            a.value_type.is_some() || a.calc_value_type.as_deref().is_some_and(|v| v != "void");
        let start_col = self.col;
        self.col = self.col.saturating_add(reps);
        if !valued {
            return Ok(());
        }
        let last_row = self.row.saturating_add(self.row_repeat);
        let first = *self.first_valued.get_or_insert((self.row, start_col));
        let rows = u32::try_from(last_row).unwrap_or(u32::MAX);
        let cols = u32::try_from(self.col).unwrap_or(u32::MAX);
        let area = last_row
            .saturating_sub(first.0)
            .saturating_mul(self.col.saturating_sub(first.1.min(start_col)));
        check_dense(Some(&self.sheet), rows, cols, area, limits, false)?;
        self.area = self.area.max(area);
        let total = self.done.saturating_add(self.area);
        if total > MAX_DENSE_CELLS {
            return Err(ReadError::WorkbookTooManyCells {
                cells: total,
                limit: MAX_DENSE_CELLS,
            });
        }
        if a.value_type.as_deref() == Some("percentage") {
            self.percents.note(
                &self.sheet,
                (self.row, last_row.saturating_sub(1)),
                (start_col, self.col.saturating_sub(1)),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_cells_by_row_groups_and_column_runs() {
        let mut p = PercentCells::default();
        p.note("A", (2, 4), (5, 5));
        p.note("A", (2, 4), (1, 2));
        p.note("A", (7, 7), (0, 0));
        p.note("B", (0, 0), (3, 3));
        p.finish();
        for (r, c) in [(2, 1), (3, 2), (4, 5), (7, 0)] {
            assert!(p.contains("A", r, c), "A {r},{c}");
        }
        for (r, c) in [(1, 1), (2, 3), (5, 5), (7, 1), (8, 0), (0, 3)] {
            assert!(!p.contains("A", r, c), "A {r},{c}");
        }
        assert!(p.contains("B", 0, 3) && !p.contains("C", 0, 3));
    }
}
