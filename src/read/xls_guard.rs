//! A look at an .xls file before calamine parses it. calamine loads every
//! sheet of an .xls at once into dense ranges sized from the DIMENSIONS
//! record and from the extreme cell positions; a corrupt or hostile file
//! can make it ask for hundreds of gigabytes, which aborts the process
//! rather than failing. This module finds the workbook stream in the
//! compound file ([`super::cfb`]), walks its records and refuses such a
//! file first, judging each sheet by the cells it has: a declared size over
//! the limits is zeroed instead ([`forget_declared`]). The same walk notes
//! the percent-formatted cells ([`super::xls_formats`]).

use super::cfb::{u16_at, u32_at, Cfb};
use super::percent::PercentCells;
use super::xls_formats::Formats;
use super::Limits;

/// What the look found wrong.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum XlsProblem {
    /// The compound file or the record stream is broken.
    Corrupt,
    /// The sheets together span more cells than the budget: calamine holds
    /// every sheet of an .xls in memory at once, so a budget per sheet
    /// alone let a file of many big sheets take gigabytes.
    TooManyCells { total: u64 },
    /// The workbook has a password to open (a FILEPASS record in the
    /// workbook globals), whatever the encryption: calamine itself only
    /// recognises RC4, and reads an XOR-obfuscated workbook as garbage.
    Encrypted,
    /// A sheet is over the limits: (rows, columns) from A1, the cells its
    /// dense range would span, and whether the size is the declared one.
    TooBig {
        rows: u32,
        cols: u32,
        area: u64,
        declared: bool,
    },
}

/// Cell records and where their position is.
fn cell_position(typ: u32, data: &[u8]) -> Option<(u32, u32, u32)> {
    match typ {
        // Number, Label, RString, BoolErr, Rk, LabelSst, Formula.
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
            let r = u16_at(data, 0)?;
            let c = u16_at(data, 2)?;
            Some((r, c, c))
        }
        // MulRk: row, first column, 6 bytes a cell, last column.
        0x00BD => {
            let r = u16_at(data, 0)?;
            let c = u16_at(data, 2)?;
            let n = (data.len().saturating_sub(6) / 6) as u32;
            let last = u16_at(data, data.len().checked_sub(2)?)?;
            Some((r, c, last.max(c + n.saturating_sub(1))))
        }
        _ => None,
    }
}

/// Checks the .xls `bytes` against `limits` and the dense-range budget
/// `max_cells`, judging each sheet by the cells it really has. A sheet
/// whose DIMENSIONS record declares more than the limits (calamine would
/// reserve that much) is not refused for it: the offsets of those records'
/// data in the workbook stream are returned, for [`forget_declared`].
pub(super) fn check(bytes: &[u8], limits: &Limits, max_cells: u64) -> Result<Checked, XlsProblem> {
    let mut declared_over: Vec<Declared> = Vec::new();
    let mut formats = Formats::default();
    let mut percents = PercentCells::default();
    // The sheet of the current substream, by its BOF's stream offset.
    let mut sheet: Option<String> = None;
    let cfb = Cfb::parse(bytes).ok_or(XlsProblem::Corrupt)?;
    let stream = cfb.workbook().ok_or(XlsProblem::Corrupt)?;
    let mut pos = 0usize;
    let mut depth = 0usize;
    // Substreams begun so far; the first is the workbook globals.
    let mut substreams = 0usize;
    // Cells spanned by the sheets seen so far.
    let mut total: u64 = 0;
    // Bounding box of the cells of the current substream.
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    let too_big = |rows: u32, cols: u32, area: u64, declared: bool| {
        if rows > limits.max_rows || cols > limits.max_cols || area > max_cells {
            Err(XlsProblem::TooBig {
                rows,
                cols,
                area,
                declared,
            })
        } else {
            Ok(())
        }
    };
    while pos + 4 <= stream.len() {
        let typ = u16_at(&stream, pos).ok_or(XlsProblem::Corrupt)?;
        let len = u16_at(&stream, pos + 2).ok_or(XlsProblem::Corrupt)? as usize;
        let data = stream
            .get(pos + 4..pos + 4 + len)
            .unwrap_or_else(|| stream.get(pos + 4..).unwrap_or(&[]));
        let data_at = pos + 4;
        let record_at = pos;
        pos += 4 + len;
        match typ {
            0x0809 => {
                depth += 1;
                substreams += 1;
                if depth == 1 && substreams > 1 {
                    sheet = formats.sheets.get(&record_at).cloned();
                }
            }
            // The globals: number formats, cell formats, sheet names.
            0x041E if depth == 1 && substreams == 1 => formats.format(data),
            0x00E0 if depth == 1 && substreams == 1 => formats.xf(data),
            0x0085 if depth == 1 && substreams == 1 => formats.sheet(data),
            // FILEPASS: the records after it are encrypted.
            0x002F if depth == 1 && substreams == 1 => return Err(XlsProblem::Encrypted),
            0x000A => {
                depth = depth.saturating_sub(1);
                if let Some((r0, r1, c0, c1)) = bbox.take() {
                    let area = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
                    too_big(r1 + 1, c1 + 1, area, false)?;
                    total = total.saturating_add(area);
                    if total > max_cells {
                        return Err(XlsProblem::TooManyCells { total });
                    }
                }
            }
            // DIMENSIONS: calamine reserves rows × columns cells from it.
            // The declaration is not the sheet: when it is over the
            // limits, it is noted to be forgotten, and the sheet is judged
            // by its cells at the end of its substream.
            0x0200 if depth == 1 && matches!(len, 10 | 14 | 16) => {
                let (rf, rl, mut cf, cl) = if len == 10 {
                    (
                        u16_at(data, 0).ok_or(XlsProblem::Corrupt)?,
                        u16_at(data, 2).ok_or(XlsProblem::Corrupt)?,
                        u16_at(data, 4).ok_or(XlsProblem::Corrupt)?,
                        u16_at(data, 6).ok_or(XlsProblem::Corrupt)?,
                    )
                } else {
                    (
                        u32_at(data, 0).ok_or(XlsProblem::Corrupt)?,
                        u32_at(data, 4).ok_or(XlsProblem::Corrupt)?,
                        u16_at(data, 8).ok_or(XlsProblem::Corrupt)?,
                        u16_at(data, 10).ok_or(XlsProblem::Corrupt)?,
                    )
                };
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                if rl >= 1 && cl >= 1 {
                    let rows = rl.saturating_sub(rf);
                    let cols = cl - cf;
                    let area = u64::from(rows) * u64::from(cols);
                    if rl > limits.max_rows || cl > limits.max_cols || area > max_cells {
                        declared_over.push(Declared {
                            at: data_at,
                            len: len.min(data.len()),
                            rows: rl,
                            cols: cl,
                        });
                    }
                }
            }
            _ if depth == 1 => {
                if let Some(name) = &sheet {
                    formats.note_percents(typ, data, name, &mut percents);
                }
                if let Some((r, c0, c1)) = cell_position(typ, data) {
                    let b = bbox.get_or_insert((r, r, c0, c1));
                    b.0 = b.0.min(r);
                    b.1 = b.1.max(r);
                    b.2 = b.2.min(c0);
                    b.3 = b.3.max(c1);
                }
            }
            _ => {}
        }
    }
    percents.finish();
    Ok(Checked {
        declared_over,
        percents,
    })
}

/// What [`check`] found in a file it accepts.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// DIMENSIONS records over the limits, for [`forget_declared`].
    pub(super) declared_over: Vec<Declared>,
    /// The number cells whose format shows a percentage.
    pub(super) percents: PercentCells,
}

/// A DIMENSIONS record that declares more than the limits: where its data
/// lies in the workbook stream, and what it declares (rows, columns from
/// A1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Declared {
    pub(super) at: usize,
    pub(super) len: usize,
    pub(super) rows: u32,
    pub(super) cols: u32,
}

/// Zeroes the DIMENSIONS records `records` (from [`check`]) in the file
/// `bytes`, so that calamine reserves one cell for those sheets instead of
/// their declaration; it sizes each sheet from its cells anyway. The
/// change is checked by reading the stream back: everything but those
/// bytes is as before. `false` (nothing changed) when the stream cannot be
/// mapped back to the file.
pub(super) fn forget_declared(bytes: &mut [u8], records: &[Declared]) -> bool {
    if records.is_empty() {
        return true;
    }
    let (offsets, expected) = {
        let Some(cfb) = Cfb::parse(bytes) else {
            return false;
        };
        let (Some(map), Some(mut expected)) = (cfb.workbook_offsets(), cfb.workbook()) else {
            return false;
        };
        let mut out = Vec::new();
        for r in records {
            for p in r.at..r.at.saturating_add(r.len) {
                match (map(p), expected.get_mut(p)) {
                    (Some(o), Some(b)) if o < bytes.len() => {
                        out.push(o);
                        *b = 0;
                    }
                    _ => return false,
                }
            }
        }
        (out, expected)
    };
    let saved: Vec<u8> = offsets.iter().map(|&o| bytes[o]).collect();
    for &o in &offsets {
        bytes[o] = 0;
    }
    let same = Cfb::parse(bytes).and_then(|c| c.workbook()) == Some(expected);
    if !same {
        for (&o, b) in offsets.iter().zip(saved) {
            bytes[o] = b;
        }
    }
    same
}
