//! Word reports (.docx): every top-level table of `word/document.xml` is a
//! sheet "Bảng 1", "Bảng 2"… laid out on the table's grid (`w:gridSpan`
//! and `w:vMerge` are merged cells, `w:gridBefore` skips grid columns),
//! and the paragraphs outside tables are the sheet "Thông tin", one row
//! each: "Đơn vị: …" split into label and value, "… ngày 15 tháng 6 năm
//! 2020" as "Ngày báo cáo", and a title line "… 6 tháng đầu năm 2020" as
//! "Kỳ báo cáo", so the "Thông tin" reader finds them.
//!
//! Content controls (`w:sdt`) are read through; tracked deletions
//! (`w:del`) are left out; a table nested in a cell gives its text to that
//! cell; `w:br` is a line break. The font family of each run
//! (`w:rFonts`) is kept for the legacy-font conversion.

use std::io::Read;

use quick_xml::events::Event;

use super::grid::{Grid, GridBuilder, Merge};
use super::sml::{attr, push_text, reference, Budget};
use super::{Limits, Raw, ReadError};
use crate::text::fold;

/// The name of the sheet holding the paragraphs.
pub(super) const PARAGRAPHS: &str = "Thông tin";

/// The name of the sheet of table `n` (1-based).
pub(super) fn table_sheet(n: usize) -> String {
    format!("Bảng {n}")
}

#[derive(Debug, Default)]
struct TableState {
    row: u64,
    col: u64,
    /// The current cell's text, font, span and vertical merge.
    text: String,
    font: Option<String>,
    span: u64,
    vmerge: Option<bool>,
    in_cell: bool,
}

/// A paragraph of the body as rows of the "Thông tin" sheet.
fn paragraph_rows(text: &str) -> Vec<Vec<Raw>> {
    let t = text.trim();
    if t.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![match t.split_once(':') {
        Some((label, value)) if label.chars().count() <= 40 && !value.trim().is_empty() => {
            vec![
                super::convert::text(label.trim()),
                super::convert::text(value.trim()),
            ]
        }
        _ => vec![super::convert::text(t)],
    }];
    let f = fold(t);
    if let Some(d) = date_in(&f) {
        rows.push(vec![Raw::Text("Ngày báo cáo".into()), Raw::Date(d)]);
    }
    if f.contains("bao cao") {
        if let Some((start, len)) = period_in(&f) {
            // The words as typed when folding kept one character for one
            // (it does for NFC Vietnamese), else the folded words.
            let chars: Vec<char> = t.chars().collect();
            let p = if chars.len() == f.chars().count() {
                chars[start..start + len].iter().collect()
            } else {
                f.chars().skip(start).take(len).collect()
            };
            rows.push(vec![Raw::Text("Kỳ báo cáo".into()), Raw::Text(p)]);
        }
    }
    rows
}

/// "ngay 15 thang 6 nam 2020" in folded text.
fn date_in(f: &str) -> Option<chrono::NaiveDate> {
    let i = f.find("ngay ")?;
    let words: Vec<&str> = f[i..].split_whitespace().take(6).collect();
    match words.as_slice() {
        ["ngay", d, "thang", m, "nam", y] => {
            let n = |s: &str| {
                s.trim_matches(|c: char| !c.is_ascii_digit())
                    .parse::<u32>()
                    .ok()
            };
            chrono::NaiveDate::from_ymd_opt(n(y)? as i32, n(m)?, n(d)?)
        }
        _ => None,
    }
}

/// Where the period of a title line is in the folded text `f` ("6 thang
/// dau nam 2020", "6 thang cuoi nam 2020"), as a character offset and
/// length.
fn period_in(f: &str) -> Option<(usize, usize)> {
    for key in [
        "6 thang dau nam",
        "sau thang dau nam",
        "6 thang cuoi nam",
        "sau thang cuoi nam",
    ] {
        if let Some(i) = f.find(key) {
            let rest = &f[i + key.len()..];
            let gap = rest.len() - rest.trim_start().len();
            let year: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if year.len() == 4 {
                let start = f[..i].chars().count();
                let len = key.chars().count() + gap + 4;
                return Some((start, len));
            }
        }
    }
    None
}

/// Reads the main part `member` of a Word package into a grid.
///
/// # Errors
/// [`ReadError::NoTables`] when the document has no table (a letter);
/// [`ReadError::Corrupt`] (`docx`) for a part that does not parse; the F12
/// limits: elements, depth, cell text, rows, columns and cells.
pub(super) fn read<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    member: &str,
    limits: &Limits,
) -> Result<Grid, ReadError> {
    let corrupt = |e: Box<dyn std::error::Error + Send + Sync>| ReadError::Corrupt {
        format: "docx",
        source: Some(e),
    };
    let mut xml = String::new();
    {
        let f = zip.by_name(member).map_err(|e| corrupt(Box::new(e)))?;
        f.take(limits.max_member_bytes)
            .read_to_string(&mut xml)
            .map_err(|e| corrupt(Box::new(e)))?;
    }
    read_xml(&xml, limits)
}

/// Reads `word/document.xml` (its text) into a grid; see [`read`].
pub(super) fn read_xml(xml: &str, limits: &Limits) -> Result<Grid, ReadError> {
    let corrupt = |e: Box<dyn std::error::Error + Send + Sync>| ReadError::Corrupt {
        format: "docx",
        source: Some(e),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut budget = Budget::default();
    // Paragraphs first in their own builder: the sheets are in the order
    // "Thông tin", "Bảng 1", "Bảng 2"…
    let mut paras: Vec<Vec<Raw>> = Vec::new();
    let mut grid = GridBuilder::new("docx", limits);
    let mut tables = 0usize;
    // Nesting of tables: 1 inside a top-level table.
    let mut tbl_depth = 0u32;
    let mut del_depth = 0u32;
    let mut in_t = false;
    let mut para = String::new();
    let mut run_font: Option<String> = None;
    let mut t = TableState::default();
    loop {
        let ev = reader.read_event().map_err(|e| corrupt(Box::new(e)))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                // An empty element closes at once: no End event follows.
                let is_empty = matches!(ev, Event::Empty(_));
                let e = e.clone();
                let name = e.local_name().as_ref().to_string();
                budget.open("docx")?;
                match name.as_str() {
                    "del" if !is_empty => del_depth += 1,
                    "t" if !is_empty => in_t = true,
                    "rFonts" => {
                        run_font = attr(&e, "ascii")
                            .or_else(|| attr(&e, "hAnsi"))
                            .or_else(|| attr(&e, "cs"));
                    }
                    "r" => run_font = None,
                    "br" | "cr" if del_depth == 0 => {
                        if t.in_cell {
                            push_text(&mut t.text, "\n", "docx")?;
                        } else {
                            push_text(&mut para, "\n", "docx")?;
                        }
                    }
                    "tab" if del_depth == 0 && !is_empty_tab_stop(&e) => {
                        if t.in_cell {
                            push_text(&mut t.text, " ", "docx")?;
                        } else {
                            push_text(&mut para, " ", "docx")?;
                        }
                    }
                    "tbl" if !is_empty => {
                        tbl_depth += 1;
                        if tbl_depth == 1 {
                            flush_para(&mut para, &mut paras);
                            tables += 1;
                            grid.sheet(&table_sheet(tables));
                            t = TableState::default();
                        } else if t.in_cell {
                            push_text(&mut t.text, "\n", "docx")?;
                        }
                    }
                    "tr" if tbl_depth == 1 => {
                        t.col = 0;
                    }
                    "gridBefore" if tbl_depth == 1 => {
                        t.col = attr(&e, "val")
                            .and_then(|v| v.parse::<u64>().ok())
                            .unwrap_or(0);
                    }
                    "tc" if tbl_depth == 1 && !is_empty => {
                        t.in_cell = true;
                        t.text.clear();
                        t.font = None;
                        t.span = 1;
                        t.vmerge = None;
                    }
                    "gridSpan" if tbl_depth == 1 && t.in_cell => {
                        t.span = attr(&e, "val")
                            .and_then(|v| v.parse::<u64>().ok())
                            .unwrap_or(1)
                            .clamp(1, 1000);
                    }
                    "vMerge" if tbl_depth == 1 && t.in_cell => {
                        // A missing `val` means continue.
                        t.vmerge = Some(attr(&e, "val").as_deref() == Some("restart"));
                    }
                    "p" if tbl_depth >= 1 && t.in_cell && !t.text.is_empty() => {
                        push_text(&mut t.text, "\n", "docx")?;
                    }
                    _ => {}
                }
                if is_empty {
                    budget.close();
                }
            }
            Event::End(e) => {
                budget.close();
                match e.local_name().as_ref() {
                    "del" => del_depth = del_depth.saturating_sub(1),
                    "t" => in_t = false,
                    "p" if tbl_depth == 0 => flush_para(&mut para, &mut paras),
                    "tbl" => {
                        tbl_depth = tbl_depth.saturating_sub(1);
                    }
                    "tc" if tbl_depth == 1 => {
                        end_cell(&mut grid, &mut t)?;
                    }
                    "tr" if tbl_depth == 1 => {
                        t.row += 1;
                    }
                    "tr" if tbl_depth > 1 && t.in_cell => {
                        push_text(&mut t.text, "\n", "docx")?;
                    }
                    "tc" if tbl_depth > 1 && t.in_cell => {
                        push_text(&mut t.text, " ", "docx")?;
                    }
                    _ => {}
                }
            }
            Event::Text(x) if in_t && del_depth == 0 => {
                let s = x.xml10_content();
                if tbl_depth >= 1 && t.in_cell {
                    push_text(&mut t.text, &s, "docx")?;
                    if t.font.is_none() {
                        t.font.clone_from(&run_font);
                    }
                } else {
                    push_text(&mut para, &s, "docx")?;
                }
            }
            Event::GeneralRef(r) if in_t && del_depth == 0 => {
                if let Some(s) = reference(&r) {
                    if tbl_depth >= 1 && t.in_cell {
                        push_text(&mut t.text, &s, "docx")?;
                    } else {
                        push_text(&mut para, &s, "docx")?;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush_para(&mut para, &mut paras);
    if tables == 0 {
        return Err(ReadError::NoTables {
            looks: super::error::Looks::Word,
        });
    }
    // The paragraphs' sheet goes first.
    let mut out = GridBuilder::new("docx", limits);
    out.sheet(PARAGRAPHS);
    for (r, cells) in paras.into_iter().enumerate() {
        for (c, v) in cells.into_iter().enumerate() {
            out.set(r as u64, c as u64, v, None)?;
        }
    }
    let mut g = out.finish();
    g.sheets.extend(grid.finish().sheets);
    g.format = "docx";
    Ok(g)
}

/// A `w:tab` inside `w:tabs` is a tab stop, not a tab character.
fn is_empty_tab_stop(e: &quick_xml::events::BytesStart<'_>) -> bool {
    attr(e, "pos").is_some()
}

fn flush_para(para: &mut String, paras: &mut Vec<Vec<Raw>>) {
    let text = std::mem::take(para);
    for line in text.split('\n') {
        paras.extend(paragraph_rows(line));
    }
}

fn end_cell(grid: &mut GridBuilder, t: &mut TableState) -> Result<(), ReadError> {
    t.in_cell = false;
    let (row, col) = (t.row, t.col);
    grid.check(row, col.saturating_add(t.span - 1))?;
    match t.vmerge {
        // Continues the merge above: the cell is covered, its value is the
        // one above.
        Some(false) => grid.set(row, col, Raw::Empty, None)?,
        _ => {
            let v = super::convert::text(t.text.trim());
            let font = t.font.take().map(String::into_boxed_str);
            grid.set(row, col, v, font)?;
            if t.span > 1 {
                grid.merge(Merge {
                    first_row: row as u32,
                    first_col: col as u32,
                    last_row: row as u32,
                    last_col: (col + t.span - 1) as u32,
                });
            }
        }
    }
    t.col = col.saturating_add(t.span);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(g: &Grid, sheet: usize, r: u32, c: u32) -> Raw {
        g.sheets[sheet]
            .rows
            .get(&r)
            .and_then(|x| x.get(&c))
            .map_or(Raw::Empty, |c| c.value.clone())
    }

    #[test]
    fn merges_deletions_content_controls_and_fonts() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>Đơn vị: Sở Công Thương</w:t></w:r></w:p>
<w:p><w:r><w:t>Hải Phòng, ngày 10 tháng 6 năm 2020</w:t></w:r></w:p>
<w:tbl><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>Mã</w:t></w:r></w:p></w:tc>
<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Kết quả</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
<w:tc><w:p><w:sdt><w:sdtContent><w:r><w:t>Giữ</w:t></w:r></w:sdtContent></w:sdt><w:del><w:r><w:delText>Bỏ</w:delText></w:r></w:del><w:r><w:br/><w:t>dòng 2</w:t></w:r></w:p></w:tc>
<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>lồng</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;
        let g = read_xml(xml, &Limits::default()).expect("docx");
        let names: Vec<&str> = g.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Thông tin", "Bảng 1"]);
        assert_eq!(v(&g, 0, 0, 0), Raw::Text("Đơn vị".into()));
        assert_eq!(v(&g, 0, 0, 1), Raw::Text("Sở Công Thương".into()));
        assert_eq!(
            v(&g, 0, 2, 1),
            Raw::Date(chrono::NaiveDate::from_ymd_opt(2020, 6, 10).unwrap())
        );
        assert_eq!(v(&g, 1, 0, 1), Raw::Text("Mã".into()));
        assert_eq!(g.sheets[1].font(0, 1), Some(".VnTime"));
        assert_eq!(v(&g, 1, 0, 2), Raw::Text("Kết quả".into()));
        assert_eq!(v(&g, 1, 1, 0), Raw::Text("x".into()));
        assert_eq!(v(&g, 1, 1, 1), Raw::Empty);
        assert_eq!(v(&g, 1, 1, 2), Raw::Text("Giữ\ndòng 2".into()));
        assert_eq!(v(&g, 1, 1, 3), Raw::Text("lồng".into()));
    }

    #[test]
    fn a_letter_without_tables_is_no_report() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Kính gửi</w:t></w:r></w:p></w:body></w:document>"#;
        assert!(matches!(
            read_xml(xml, &Limits::default()),
            Err(ReadError::NoTables { .. })
        ));
    }

    #[test]
    fn period_and_date_in_paragraphs() {
        let rows = paragraph_rows("BÁO CÁO Kết quả thực hiện 6 tháng đầu năm 2020");
        assert_eq!(rows[1][1], Raw::Text("6 tháng đầu năm 2020".into()));
        assert!(date_in("ngay 31 thang 2 nam 2020").is_none());
    }
}
