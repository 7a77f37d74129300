//! The formulas of an .xlsx sheet, streamed beside its values to tell a
//! formula saved without its result (F14) from an empty cell.

use calamine::Reader;

use super::bytes::{Bytes, Source};

/// A second reader over an .xlsx file's bytes, opened when a sheet is read whole, to
/// stream each cell's formula alongside its value and style: calamine gives
/// a cell's value and style in one pass and its formula in another, and a
/// formula saved without its result reads as an empty cell. The two streams
/// move together, one `<c>` element each, so the sheet is never held in
/// memory; the cost is a second parse of the sheet's XML (and of the
/// workbook's shared strings, once per file).
///
/// Most workbooks have no formula at all, and their blank cells (a border,
/// a fill) read as empty like a formula without its result: a file whose
/// worksheets hold no formula element ([`has_formula`]) never opens the
/// second stream.
pub(super) struct FormulaSide {
    bytes: Bytes,
    book: Option<calamine::Xlsx<Source>>,
    tried: bool,
}

impl FormulaSide {
    /// The formula side of an .xlsx file; `formulas`: whether any of its
    /// worksheets holds a formula element.
    pub(super) fn new(bytes: Bytes, formulas: bool) -> FormulaSide {
        FormulaSide {
            bytes,
            book: None,
            tried: !formulas,
        }
    }

    /// The formula stream of `sheet`; `None` when the file has no formula
    /// or cannot be opened a second time (the values are read all the
    /// same).
    fn reader(&mut self, sheet: &str) -> Option<Formulas<'_>> {
        if !self.tried {
            self.tried = true;
            self.book = calamine::Xlsx::new(self.bytes.cursor()).ok();
        }
        let reader = self.book.as_mut()?.worksheet_cells_reader(sheet).ok()?;
        Some(Formulas {
            reader,
            consumed: 0,
            lost: false,
        })
    }
}

/// The formula stream of a sheet being read.
pub(super) enum FormulaState<'a> {
    /// Not needed yet: every cell so far had a value.
    Waiting(&'a mut FormulaSide),
    /// Open.
    Open(Box<Formulas<'a>>),
    /// Not available, or lost step with the values.
    Off,
}

impl FormulaState<'_> {
    /// The formula of the `n`-th cell (1-based) of `sheet`, at `pos`, when
    /// it has one. The stream is opened at the first call; each call moves
    /// it on to the `n`-th cell, past cells that had values.
    pub(super) fn at(&mut self, sheet: &str, n: u64, pos: (u32, u32)) -> Option<String> {
        if matches!(self, FormulaState::Waiting(_)) {
            let FormulaState::Waiting(side) = std::mem::replace(self, FormulaState::Off) else {
                return None;
            };
            if let Some(r) = side.reader(sheet) {
                *self = FormulaState::Open(Box::new(r));
            }
        }
        let FormulaState::Open(r) = self else {
            return None;
        };
        while r.consumed + 1 < n {
            r.consumed += 1;
            if !matches!(r.reader.next_formula(), Ok(Some(_))) {
                *self = FormulaState::Off;
                return None;
            }
        }
        r.consumed += 1;
        let f = next_formula(r, pos);
        if r.lost {
            *self = FormulaState::Off;
        }
        f
    }
}

/// The formula stream of one sheet.
pub(super) struct Formulas<'a> {
    reader: calamine::XlsxCellReader<'a, Source>,
    /// Cells read from it so far.
    consumed: u64,
    /// The stream no longer matches the values (an error, another order):
    /// it is dropped and the cells read as calamine gives them.
    lost: bool,
}

/// The formula of the next cell, which must be at `pos`; `None` when the
/// cell has no formula.
fn next_formula(r: &mut Formulas<'_>, pos: (u32, u32)) -> Option<String> {
    match r.reader.next_formula() {
        Ok(Some(cell)) if cell.get_position() == pos => {
            let f = cell.get_value().trim();
            (!f.is_empty()).then(|| f.trim_start_matches('=').to_string())
        }
        _ => {
            r.lost = true;
            None
        }
    }
}

/// Whether a worksheet's XML, read from `r`, holds a formula element
/// (`<f>`, `<f t="shared" …/>`, `<x:f>` with any prefix). Scanned in
/// blocks, without parsing; an error reading counts as "yes", so the
/// formula stream decides.
pub(super) fn has_formula(mut r: impl std::io::Read) -> bool {
    // Bytes kept after a `<` to tell its name: "<" + a prefix + ":f" and
    // the byte after it.
    const CARRY: usize = 256;
    const BLOCK: usize = 64 * 1024;
    let mut buf = vec![0u8; BLOCK + CARRY];
    let mut kept = 0usize;
    loop {
        let n = match r.read(&mut buf[kept..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return true,
        };
        let end = kept + n;
        // At the end every `<` is looked at; before it, only those with
        // CARRY bytes after them, the others again with the next block.
        let upto = if n == 0 {
            end
        } else {
            end.saturating_sub(CARRY)
        };
        if block_has_formula(&buf[..end], upto) {
            return true;
        }
        if n == 0 {
            return false;
        }
        buf.copy_within(upto..end, 0);
        kept = end - upto;
    }
}

/// Whether an inflated worksheet's XML holds a formula element, as
/// [`has_formula`] tells it of a stream.
pub(super) fn xml_has_formula(xml: &[u8]) -> bool {
    block_has_formula(xml, xml.len())
}

/// Whether `block` holds a formula element whose tag starts before `upto`
/// (a later one is looked at again with the next block, which keeps it
/// whole). A formula element's name ends in "f" right after "<" or after a
/// prefix's ":": both looked for with SIMD in the whole block, then
/// checked.
fn block_has_formula(block: &[u8], upto: usize) -> bool {
    let unprefixed =
        memchr::memmem::find_iter(block, b"<f").any(|i| i < upto && formula_tag(&block[i + 1..]));
    let prefixed = || {
        memchr::memmem::find_iter(block, b":f").any(|i| {
            let open = block[..i]
                .iter()
                .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')));
            open.is_some_and(|o| {
                o < upto && block[o] == b'<' && o + 1 < i && formula_tag(&block[o + 1..])
            })
        })
    };
    unprefixed || prefixed()
}

/// Whether the bytes after a `<` open a formula element: an optional
/// namespace prefix, `f`, then a space, `>` or `/`.
fn formula_tag(after: &[u8]) -> bool {
    let name_end = after
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':')))
        .unwrap_or(after.len());
    let name = &after[..name_end];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    local == b"f"
        && after
            .get(name_end)
            .is_some_and(|b| matches!(b, b' ' | b'>' | b'/' | b'\t' | b'\r' | b'\n'))
}

#[cfg(test)]
mod tests {
    use super::{has_formula, xml_has_formula};

    /// A reader giving its bytes a few at a time, as a zip member may.
    struct Trickle<'a>(&'a [u8], usize);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn formula_elements_are_found_in_any_form_and_block() {
        let cell = |f: &str| format!(r#"<row r="1"><c r="A1" s="1"/>{f}</row>"#);
        for f in [
            r#"<c r="B1"><f>SUM(A1:A3)</f></c>"#,
            r#"<c r="B1"><f t="shared" ref="B1:B9" si="0"/></c>"#,
            r#"<c r="B1"><f t="shared" si="0"/></c>"#,
            r#"<x:c r="B1"><x:f>A1*2</x:f></x:c>"#,
            "<c r=\"B1\"><f\n>A1</f></c>",
        ] {
            // The tag starts about 50 bytes after the padding: these put it
            // on each side of the first block's end (64 KiB + 256 read,
            // 256 kept); a reader giving 7 bytes at a time moves it anywhere.
            for pad in (0..3).chain(65_470..65_510).chain([70_000]) {
                let xml = format!("<sheetData>{}{}</sheetData>", " ".repeat(pad), cell(f));
                assert!(has_formula(xml.as_bytes()), "{f} after {pad}");
                assert!(
                    xml_has_formula(xml.as_bytes()),
                    "{f} after {pad}, in memory"
                );
                if pad % 13 == 0 {
                    assert!(
                        has_formula(Trickle(xml.as_bytes(), 7)),
                        "{f} after {pad}, trickled"
                    );
                }
            }
        }
        for xml in [
            r#"<sheetData><row r="1"><c r="A1" s="1"/><c r="B1" t="s"><v>0</v></c></row></sheetData>"#,
            r#"<worksheet><sheetPr filterMode="1"/><autoFilter ref="A1:B2"><filterColumn colId="0"/></autoFilter><conditionalFormatting><cfRule><formula>A1&gt;0</formula></cfRule></conditionalFormatting></worksheet>"#,
            "",
            "<",
            "<f",
        ] {
            assert!(!has_formula(xml.as_bytes()), "{xml}");
            assert!(!xml_has_formula(xml.as_bytes()), "{xml}, in memory");
        }
    }
}
