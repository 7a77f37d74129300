//! A look at an .xls file before calamine parses it. calamine loads every
//! sheet of an .xls at once into dense ranges sized from the DIMENSIONS
//! record and from the extreme cell positions; a corrupt or hostile file
//! can make it ask for hundreds of gigabytes, which aborts the process
//! rather than failing. This module finds the workbook stream in the
//! compound file, walks its records and refuses such a file first.

use super::guard::PercentCells;
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

fn u16_at(b: &[u8], o: usize) -> Option<u32> {
    let s = b.get(o..o + 2)?;
    Some(u32::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    let s = b.get(o..o + 4)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

const END: u32 = 0xFFFF_FFFA;

/// The sectors of a compound file.
struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        let shift = u16_at(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector_size = 1usize << shift;
        let fat_sectors = u32_at(bytes, 0x2C)? as usize;
        let max_sectors = bytes.len() / sector_size + 1;
        if fat_sectors > max_sectors {
            return None;
        }
        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
        let mut difat: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|s| *s < END)
            .collect();
        let mut next = u32_at(bytes, 0x44)?;
        let mut guard = 0;
        while next < END && difat.len() < fat_sectors && guard < max_sectors {
            let off = (next as usize + 1) << shift;
            let sector = bytes.get(off..off + sector_size)?;
            let n = sector_size / 4 - 1;
            difat.extend(
                (0..n)
                    .filter_map(|i| u32_at(sector, 4 * i))
                    .filter(|s| *s < END),
            );
            next = u32_at(sector, 4 * n)?;
            guard += 1;
        }
        let mut fat = Vec::new();
        for s in difat.iter().take(fat_sectors) {
            let off = (*s as usize + 1) << shift;
            let sector = bytes.get(off..off + sector_size)?;
            fat.extend((0..sector_size / 4).filter_map(|i| u32_at(sector, 4 * i)));
        }
        Some(Cfb { bytes, shift, fat })
    }

    /// The bytes of the chain starting at `start`, `size` long, in sectors
    /// of `1 << shift` taken from `area` (the file, or the mini stream)
    /// following `table` (the FAT or the mini FAT).
    fn chain(
        area: &[u8],
        table: &[u32],
        shift: u32,
        offset_by_one: bool,
        start: u32,
        size: usize,
    ) -> Option<Vec<u8>> {
        let sector_size = 1usize << shift;
        let mut out = Vec::with_capacity(size.min(area.len()));
        let mut cur = start;
        let mut steps = 0usize;
        while cur < END && out.len() < size {
            let idx = cur as usize + usize::from(offset_by_one);
            let off = idx.checked_mul(sector_size)?;
            let sector = area.get(off..(off + sector_size).min(area.len()))?;
            out.extend_from_slice(sector);
            cur = *table.get(cur as usize)?;
            steps += 1;
            if steps > table.len() {
                return None;
            }
        }
        if out.len() < size {
            return None;
        }
        out.truncate(size);
        Some(out)
    }

    fn stream(&self, start: u32, size: usize) -> Option<Vec<u8>> {
        if size > self.bytes.len() {
            return None;
        }
        Cfb::chain(self.bytes, &self.fat, self.shift, true, start, size)
    }

    /// The workbook stream ("Workbook", or "Book" for BIFF5).
    fn workbook(&self) -> Option<Vec<u8>> {
        let first_dir = u32_at(self.bytes, 0x30)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let dir = self.dir_bytes(first_dir)?;
        let mut root: Option<(u32, usize)> = None;
        let mut book: Option<(u32, usize)> = None;
        for e in dir.chunks_exact(128) {
            let name_len = u16_at(e, 0x40)? as usize;
            let name: Vec<u16> = (0..name_len.min(64) / 2)
                .filter_map(|i| u16_at(e, 2 * i).map(|c| c as u16))
                .take_while(|c| *c != 0)
                .collect();
            let name = String::from_utf16_lossy(&name);
            let typ = *e.get(0x42)?;
            let start = u32_at(e, 0x74)?;
            let size = u32_at(e, 0x78)? as usize;
            if typ == 5 {
                root = Some((start, size));
            } else if typ == 2
                && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
                && book.is_none()
            {
                book = Some((start, size));
            }
        }
        let (start, size) = book?;
        if size >= cutoff {
            return self.stream(start, size);
        }
        // A small stream lives in the mini stream.
        let (root_start, root_size) = root?;
        let mini_stream = self.stream(root_start, root_size)?;
        let minifat_start = u32_at(self.bytes, 0x3C)?;
        let minifat_count = u32_at(self.bytes, 0x40)? as usize;
        let minifat_bytes = self.stream(
            minifat_start,
            minifat_count.checked_mul(1usize << self.shift)?,
        )?;
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        let mini_shift = u16_at(self.bytes, 0x20)?;
        if mini_shift > 12 {
            return None;
        }
        Cfb::chain(&mini_stream, &minifat, mini_shift, false, start, size)
    }

    /// The sectors of the chain starting at `start` in `table`, enough for
    /// `size` bytes in sectors of `sector_size`.
    fn sectors(table: &[u32], start: u32, size: usize, sector_size: usize) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut cur = start;
        while cur < END && out.len().saturating_mul(sector_size) < size {
            out.push(cur);
            cur = *table.get(cur as usize)?;
            if out.len() > table.len() {
                return None;
            }
        }
        Some(out)
    }

    /// Where each byte of the workbook stream lies in the file: a function
    /// from stream offset to file offset (the same walk as
    /// [`Cfb::workbook`]).
    fn workbook_offsets(&self) -> Option<impl Fn(usize) -> Option<usize>> {
        let first_dir = u32_at(self.bytes, 0x30)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let dir = self.dir_bytes(first_dir)?;
        let mut root: Option<(u32, usize)> = None;
        let mut book: Option<(u32, usize)> = None;
        for e in dir.chunks_exact(128) {
            let name_len = u16_at(e, 0x40)? as usize;
            let name: Vec<u16> = (0..name_len.min(64) / 2)
                .filter_map(|i| u16_at(e, 2 * i).map(|c| c as u16))
                .take_while(|c| *c != 0)
                .collect();
            let name = String::from_utf16_lossy(&name);
            let typ = *e.get(0x42)?;
            let start = u32_at(e, 0x74)?;
            let size = u32_at(e, 0x78)? as usize;
            if typ == 5 {
                root = Some((start, size));
            } else if typ == 2
                && (name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book"))
                && book.is_none()
            {
                book = Some((start, size));
            }
        }
        let (start, size) = book?;
        let ss = 1usize << self.shift;
        let file = move |secs: &[u32], p: usize| -> Option<usize> {
            let sec = *secs.get(p / ss)? as usize;
            (sec + 1).checked_mul(ss)?.checked_add(p % ss)
        };
        let (big, mini, mss) = if size >= cutoff {
            (Cfb::sectors(&self.fat, start, size, ss)?, Vec::new(), 0)
        } else {
            let (root_start, root_size) = root?;
            let minifat_start = u32_at(self.bytes, 0x3C)?;
            let minifat_count = u32_at(self.bytes, 0x40)? as usize;
            let minifat_bytes = self.stream(minifat_start, minifat_count.checked_mul(ss)?)?;
            let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
                .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
                .collect();
            let mss = 1usize << u16_at(self.bytes, 0x20)?.min(12);
            (
                Cfb::sectors(&self.fat, root_start, root_size, ss)?,
                Cfb::sectors(&minifat, start, size, mss)?,
                mss,
            )
        };
        Some(move |p: usize| match p.checked_div(mss) {
            // A stream in regular sectors (no mini sector size).
            None => file(&big, p),
            Some(i) => {
                let q = (*mini.get(i)? as usize)
                    .checked_mul(mss)?
                    .checked_add(p % mss)?;
                file(&big, q)
            }
        })
    }

    /// The whole directory chain.
    fn dir_bytes(&self, first: u32) -> Option<Vec<u8>> {
        let sector_size = 1usize << self.shift;
        let mut out = Vec::new();
        let mut cur = first;
        let mut steps = 0usize;
        while cur < END {
            let off = (cur as usize + 1).checked_mul(sector_size)?;
            out.extend_from_slice(self.bytes.get(off..off + sector_size)?);
            cur = *self.fat.get(cur as usize)?;
            steps += 1;
            if steps > self.fat.len() {
                return None;
            }
        }
        Some(out)
    }
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

/// The workbook globals that tell a cell's number format: FORMAT records
/// (custom format codes by id), XF records (the format id of each cell
/// format, in order) and BOUNDSHEET records (each sheet's name by the
/// stream offset of its BOF).
#[derive(Default)]
struct Formats {
    codes: std::collections::BTreeMap<u32, bool>,
    xf_percent: Vec<bool>,
    sheets: std::collections::BTreeMap<usize, String>,
}

/// An XLUnicodeString's characters (`cch` of them, compressed Latin-1 or
/// UTF-16LE after the flags byte at `at`).
fn biff_string(data: &[u8], cch: usize, at: usize) -> Option<String> {
    let high = *data.get(at)? & 1 == 1;
    let body = data.get(at + 1..)?;
    if high {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(body.iter().take(cch).map(|&b| char::from(b)).collect())
    }
}

impl Formats {
    /// FORMAT (BIFF8): ifmt, then the format code.
    fn format(&mut self, data: &[u8]) {
        let (Some(id), Some(cch)) = (u16_at(data, 0), u16_at(data, 2)) else {
            return;
        };
        if let Some(code) = biff_string(data, cch as usize, 4) {
            self.codes
                .insert(id, super::convert::is_percent_format(&code));
        }
    }

    /// XF: its number format id at offset 2; built-in 9 and 10 are "0%"
    /// and "0.00%".
    fn xf(&mut self, data: &[u8]) {
        let pct = u16_at(data, 2)
            .is_some_and(|id| self.codes.get(&id).copied().unwrap_or(matches!(id, 9 | 10)));
        self.xf_percent.push(pct);
    }

    /// BOUNDSHEET8: lbPlyPos, state, type, then the name (cch u8).
    fn sheet(&mut self, data: &[u8]) {
        let (Some(at), Some(&cch)) = (u32_at(data, 0), data.get(6)) else {
            return;
        };
        if let Some(name) = biff_string(data, usize::from(cch), 7) {
            self.sheets.insert(at as usize, name);
        }
    }

    fn is_percent(&self, ixfe: Option<u32>) -> bool {
        ixfe.and_then(|i| self.xf_percent.get(i as usize))
            .copied()
            .unwrap_or(false)
    }

    /// Notes the number cells of a cell record whose format is a percent.
    fn note_percents(&self, typ: u32, data: &[u8], sheet: &str, out: &mut PercentCells) {
        let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) else {
            return;
        };
        let cell = |out: &mut PercentCells, col: u32| {
            out.note(
                sheet,
                (u64::from(r), u64::from(r)),
                (u64::from(col), u64::from(col)),
            );
        };
        match typ {
            // Number, Rk, Formula (its cached number): ixfe at 4.
            0x0203 | 0x027E | 0x0006 if self.is_percent(u16_at(data, 4)) => cell(out, c),
            // MulRk: 6 bytes a cell (ixfe, RK) after row and first column.
            0x00BD => {
                let n = data.len().saturating_sub(6) / 6;
                for k in 0..n {
                    if self.is_percent(u16_at(data, 4 + 6 * k)) {
                        cell(out, c + k as u32);
                    }
                }
            }
            _ => {}
        }
    }
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
