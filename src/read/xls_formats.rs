//! The number formats of an .xls workbook, noted during the guard's walk
//! of its records (see [`super::xls_guard`]): calamine reads the cells of a
//! percent-formatted .xls cell as plain numbers, so the guard notes which
//! cells those are.

use super::cfb::{u16_at, u32_at};
use super::percent::PercentCells;

/// The workbook globals that tell a cell's number format: FORMAT records
/// (custom format codes by id), XF records (the format id of each cell
/// format, in order) and BOUNDSHEET records (each sheet's name by the
/// stream offset of its BOF).
#[derive(Default)]
pub(super) struct Formats {
    codes: std::collections::BTreeMap<u32, bool>,
    xf_percent: Vec<bool>,
    pub(super) sheets: std::collections::BTreeMap<usize, String>,
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
    pub(super) fn format(&mut self, data: &[u8]) {
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
    pub(super) fn xf(&mut self, data: &[u8]) {
        let pct = u16_at(data, 2)
            .is_some_and(|id| self.codes.get(&id).copied().unwrap_or(matches!(id, 9 | 10)));
        self.xf_percent.push(pct);
    }

    /// BOUNDSHEET8: lbPlyPos, state, type, then the name (cch u8).
    pub(super) fn sheet(&mut self, data: &[u8]) {
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
    pub(super) fn note_percents(&self, typ: u32, data: &[u8], sheet: &str, out: &mut PercentCells) {
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
