//! The cells of an .xlsb workbook whose number format shows a percentage.
//! calamine reads such a cell as the plain fraction it stores (0.95 for a
//! cell showing "95%") and does not give a cell's style, so this scan reads
//! the formats from `xl/styles.bin` and each cell's style from the sheets'
//! records (MS-XLSB), as the .xls guard does for BIFF8
//! ([`super::xls_formats`]).
//!
//! The scan reads records one by one through the zip reader, with no
//! record body longer than [`MAX_BODY`] held. It walks every part calamine
//! reads (styles, shared strings, workbook, each worksheet), and refuses a
//! package where a record declares a body longer than its whole part
//! (F01): calamine would allocate that body, up to 256 MiB, before finding
//! the part too short. Any other part it cannot make sense of notes no
//! cells, and calamine's reading of it says what is wrong.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};

use super::bytes::Source;
use super::cfb::{u16_at, u32_at};
use super::percent::PercentCells;
use super::sniff::{part_name, part_text, relationships};
use super::ReadError;

/// Longest record body read into memory; longer records (none of those
/// read here is longer than a format code) are skipped.
const MAX_BODY: usize = 64 * 1024;

// Record types (MS-XLSB 2.4).
const BRT_ROW_HDR: u16 = 0x0000;
const BRT_CELL_RK: u16 = 0x0002;
const BRT_CELL_REAL: u16 = 0x0005;
const BRT_FMLA_NUM: u16 = 0x0009;
const BRT_FMT: u16 = 0x002C;
const BRT_XF: u16 = 0x002F;
const BRT_BUNDLE_SH: u16 = 0x009C;
const BRT_BEGIN_CELL_XFS: u16 = 0x0269;
const BRT_END_CELL_XFS: u16 = 0x026A;

/// The percent cells of every worksheet of the package `zip`, whose
/// members are `members` (part name → name as stored), each no larger
/// than `max_member` bytes inflated; an error for a record longer than its
/// part.
pub(super) fn xlsb_guard(
    zip: &mut zip::ZipArchive<Source>,
    members: &BTreeMap<String, String>,
    max_member: u64,
) -> Result<PercentCells, ReadError> {
    let mut parts = Parts {
        zip,
        members,
        max_member,
    };
    let mut styles = Styles::default();
    parts.records("xl/styles.bin", &mut |typ, body| styles.record(typ, body))?;
    let xf_percent = styles.xf_percent;
    parts.records("xl/sharedstrings.bin", &mut |_, _| {})?;
    let rels = parts
        .text("xl/_rels/workbook.bin.rels")
        .map(|xml| {
            relationships(&xml)
                .into_iter()
                .map(|r| (r.id, r.target))
                .collect()
        })
        .unwrap_or_default();
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut missing: Option<String> = None;
    parts.records("xl/workbook.bin", &mut |typ, body| {
        if typ == BRT_BUNDLE_SH {
            match bundle_sheet(body, &rels) {
                Ok(sheet) => sheets.extend(sheet),
                Err(id) => {
                    missing.get_or_insert(id);
                }
            }
        }
    })?;
    if let Some(id) = missing {
        return Err(super::error::corrupt("xlsb", NoRelationship { id }));
    }
    let mut out = PercentCells::default();
    let any_percent = xf_percent.contains(&true);
    for (name, part) in &sheets {
        let mut row = 0u32;
        parts.records(part, &mut |typ, body| match typ {
            _ if !any_percent => {}
            BRT_ROW_HDR => row = u32_at(body, 0).unwrap_or(row),
            BRT_CELL_RK | BRT_CELL_REAL | BRT_FMLA_NUM => {
                let (Some(col), Some(style)) = (u32_at(body, 0), u32_at(body, 4)) else {
                    return;
                };
                // iStyleRef: the low 24 bits.
                let xf = (style & 0x00FF_FFFF) as usize;
                if xf_percent.get(xf).copied().unwrap_or(false) {
                    let (r, c) = (u64::from(row), u64::from(col));
                    out.note(name, (r, r), (c, c));
                }
            }
            _ => {}
        })?;
    }
    out.finish();
    Ok(out)
}

/// A sheet of `xl/workbook.bin` whose relationship id is not in
/// `xl/_rels/workbook.bin.rels`.
#[derive(Debug, thiserror::Error)]
#[error("sheet relationship '{id}' not in xl/_rels/workbook.bin.rels")]
pub(super) struct NoRelationship {
    id: String,
}

/// A record whose body, as declared, is longer than the whole part.
#[derive(Debug, thiserror::Error)]
#[error("record of {len} bytes in part '{part}' of {size} bytes")]
pub(super) struct RecordPastEnd {
    part: String,
    len: u64,
    size: u64,
}

/// The parts of a package, read within the limit on one member.
struct Parts<'a> {
    zip: &'a mut zip::ZipArchive<Source>,
    members: &'a BTreeMap<String, String>,
    max_member: u64,
}

impl Parts<'_> {
    /// Calls `f` with each record of `part` (see [`each_record`]); nothing
    /// when the package has no such part or it cannot be opened.
    fn records(&mut self, part: &str, f: &mut dyn FnMut(u16, &[u8])) -> Result<(), ReadError> {
        let Some(name) = self.members.get(part) else {
            return Ok(());
        };
        let Ok(file) = self.zip.by_name(name) else {
            return Ok(());
        };
        let size = file.size();
        each_record(BufReader::new(file.take(self.max_member)), size, f).map_err(|len| {
            super::error::corrupt(
                "xlsb",
                RecordPastEnd {
                    part: part.to_string(),
                    len,
                    size,
                },
            )
        })
    }

    /// `part` as text (see [`part_text`]).
    fn text(&mut self, part: &str) -> Option<String> {
        part_text(self.zip, self.members, part, self.max_member)
    }
}

/// The cell formats of `xl/styles.bin`, read record by record: whether
/// each (`BrtXF` of the cell XFs, in order, not those of the cell styles)
/// shows a percentage, its number format being built-in 9 or 10 ("0%",
/// "0.00%") or a custom format (`BrtFmt`) with a `%`.
#[derive(Default)]
struct Styles {
    codes: BTreeMap<u32, bool>,
    in_cell_xfs: bool,
    xf_percent: Vec<bool>,
}

impl Styles {
    /// Takes one record.
    fn record(&mut self, typ: u16, body: &[u8]) {
        match typ {
            BRT_FMT => {
                if let (Some(id), Some(code)) = (u16_at(body, 0), wide_str(body, 2)) {
                    self.codes
                        .insert(id, super::convert::is_percent_format(&code));
                }
            }
            BRT_BEGIN_CELL_XFS => self.in_cell_xfs = true,
            BRT_END_CELL_XFS => self.in_cell_xfs = false,
            BRT_XF if self.in_cell_xfs => {
                let pct = u16_at(body, 2)
                    .is_some_and(|id| self.codes.get(&id).copied().unwrap_or(matches!(id, 9 | 10)));
                self.xf_percent.push(pct);
            }
            _ => {}
        }
    }
}

/// A `BrtBundleSh` (hsState, iTabID, strRelID, strName): the sheet's name
/// and its part, as calamine finds it ("xl/" and the relationship's
/// target); `None` for a record it skips too (no relationship id).
/// `Err` with the id when no relationship has it: calamine panics there.
fn bundle_sheet(
    body: &[u8],
    rels: &BTreeMap<String, String>,
) -> Result<Option<(String, String)>, String> {
    let Some(rel_id) = wide_str(body, 8) else {
        return Ok(None);
    };
    let name_at = 8 + 4 + 2 * rel_id.encode_utf16().count();
    let Some(target) = rels.get(&rel_id) else {
        return Err(rel_id);
    };
    let Some(name) = wide_str(body, name_at) else {
        return Ok(None);
    };
    let part = match target.strip_prefix('/') {
        Some(absolute) => part_name(absolute),
        None => part_name(&format!("xl/{target}")),
    };
    Ok(Some((name, part)))
}

/// An XLWideString at `at`: a 32-bit character count, then UTF-16LE.
/// `None` for a null string (count 0xFFFFFFFF) or one past the body.
fn wide_str(body: &[u8], at: usize) -> Option<String> {
    let n = usize::try_from(u32_at(body, at)?).ok()?;
    let bytes = body.get(at + 4..at.checked_add(4)?.checked_add(n.checked_mul(2)?)?)?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// Calls `f` with each record's type and body until the part ends or a
/// record is cut short; `Err(len)` for a record whose body is declared
/// longer (`len`) than the whole part (`size` bytes), before reading it.
fn each_record(mut r: impl Read, size: u64, f: &mut dyn FnMut(u16, &[u8])) -> Result<(), u64> {
    let mut body = Vec::new();
    while let Some((typ, len)) = header(&mut r) {
        if len as u64 > size {
            return Err(len as u64);
        }
        if len > MAX_BODY {
            let skipped = std::io::copy(&mut (&mut r).take(len as u64), &mut std::io::sink());
            if skipped.map_or(true, |n| n != len as u64) {
                return Ok(());
            }
            continue;
        }
        body.resize(len, 0);
        if r.read_exact(&mut body).is_err() {
            return Ok(());
        }
        f(typ, &body);
    }
    Ok(())
}

/// A record header: its type (one or two bytes of 7 bits) and its body's
/// length (one to four bytes of 7 bits).
fn header(r: &mut impl Read) -> Option<(u16, usize)> {
    let mut byte = || {
        let mut b = [0u8; 1];
        r.read_exact(&mut b).ok().map(|()| b[0])
    };
    let b0 = byte()?;
    let typ = if b0 & 0x80 != 0 {
        u16::from(b0 & 0x7F) | (u16::from(byte()? & 0x7F) << 7)
    } else {
        u16::from(b0)
    };
    let mut len = 0usize;
    for i in 0..4 {
        let b = byte()?;
        len |= usize::from(b & 0x7F) << (7 * i);
        if b & 0x80 == 0 {
            break;
        }
    }
    Some((typ, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as Excel writes it.
    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut out = if typ < 0x80 {
            vec![typ as u8]
        } else {
            vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
        };
        let mut len = body.len();
        loop {
            let b = (len & 0x7F) as u8;
            len >>= 7;
            if len == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        out.extend(body);
        out
    }

    #[test]
    fn records_are_read_with_their_types_and_lengths_and_long_ones_skipped() {
        let long = vec![7u8; MAX_BODY + 1];
        let mut bytes = record(0x0269, &[1, 0, 0, 0]);
        bytes.extend(record(0x0005, &long));
        bytes.extend(record(0x002F, &[0; 200]));
        let size = bytes.len() as u64;
        let mut seen = Vec::new();
        let all = each_record(&bytes[..], size, &mut |typ, body| {
            seen.push((typ, body.len()))
        });
        assert_eq!(all, Ok(()));
        assert_eq!(seen, [(0x0269, 4), (0x002F, 200)]);
        // A record cut short ends the part.
        let mut seen = 0;
        let cut = &bytes[..bytes.len() - 1];
        assert_eq!(each_record(cut, size, &mut |_, _| seen += 1), Ok(()));
        assert_eq!(seen, 1);
    }

    #[test]
    fn a_record_longer_than_its_part_is_refused_before_it_is_read() {
        // Four length bytes of 7 bits: a body of 256 MiB - 1 declared.
        let mut bytes = vec![0x13, 0xFF, 0xFF, 0xFF, 0x7F];
        bytes.extend([0u8; 16]);
        let mut seen = 0;
        let size = bytes.len() as u64;
        assert_eq!(
            each_record(&bytes[..], size, &mut |_, _| seen += 1),
            Err((1 << 28) - 1)
        );
        assert_eq!(seen, 0);
    }

    fn wide(t: &str) -> Vec<u8> {
        let mut b = (t.encode_utf16().count() as u32).to_le_bytes().to_vec();
        b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
        b
    }

    fn xf(ifmt: u16) -> Vec<u8> {
        let mut b = 0xFFFFu16.to_le_bytes().to_vec();
        b.extend(ifmt.to_le_bytes());
        b.extend([0u8; 12]);
        record(BRT_XF, &b)
    }

    #[test]
    fn cell_formats_tell_percentages_by_built_in_and_custom_codes() {
        let fmt = |id: u16, code: &str| {
            let mut b = id.to_le_bytes().to_vec();
            b.extend(wide(code));
            record(BRT_FMT, &b)
        };
        let mut bytes = record(0x0267, &3u32.to_le_bytes());
        bytes.extend(fmt(164, "0.0%"));
        bytes.extend(fmt(165, r#"0"%""#));
        bytes.extend(fmt(166, "#,##0"));
        bytes.extend(record(0x0268, &[]));
        // The cell styles' formats come first and are not the cells'.
        bytes.extend(record(0x0272, &1u32.to_le_bytes()));
        bytes.extend(xf(9));
        bytes.extend(record(0x0273, &[]));
        bytes.extend(record(BRT_BEGIN_CELL_XFS, &6u32.to_le_bytes()));
        for id in [0, 9, 10, 164, 165, 166] {
            bytes.extend(xf(id));
        }
        bytes.extend(record(BRT_END_CELL_XFS, &[]));
        bytes.extend(xf(9));
        let mut styles = Styles::default();
        let size = bytes.len() as u64;
        let all = each_record(&bytes[..], size, &mut |typ, body| styles.record(typ, body));
        assert_eq!(all, Ok(()));
        assert_eq!(
            styles.xf_percent,
            [false, true, true, true, false, false],
            "0, 0%, 0.00%, 0.0%, 0\"%\", #,##0"
        );
    }

    #[test]
    fn a_sheet_names_its_part_by_its_relationship() {
        let rels: BTreeMap<String, String> = [
            ("rId1".to_string(), "worksheets/Sheet1.bin".to_string()),
            ("rId2".to_string(), "/xl/worksheets/sheet2.bin".to_string()),
        ]
        .into_iter()
        .collect();
        let sheet = |rel: &str, name: &str| {
            let mut b = 0u32.to_le_bytes().to_vec();
            b.extend(1u32.to_le_bytes());
            b.extend(wide(rel));
            b.extend(wide(name));
            bundle_sheet(&b, &rels)
        };
        assert_eq!(
            sheet("rId1", "Chỉ tiêu"),
            Ok(Some(("Chỉ tiêu".into(), "xl/worksheets/sheet1.bin".into())))
        );
        assert_eq!(
            sheet("rId2", "Nhiệm vụ"),
            Ok(Some(("Nhiệm vụ".into(), "xl/worksheets/sheet2.bin".into())))
        );
        assert_eq!(sheet("rId9", "Khác"), Err("rId9".into()));
    }

    #[test]
    fn wide_strings_and_null_ones() {
        let b = wide("Chỉ");
        assert_eq!(wide_str(&b, 0).as_deref(), Some("Chỉ"));
        assert_eq!(wide_str(&0xFFFF_FFFFu32.to_le_bytes(), 0), None);
        assert_eq!(wide_str(&b[..7], 0), None);
    }
}
