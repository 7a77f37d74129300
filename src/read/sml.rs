//! SpreadsheetML 2003 (`<?mso-application progid="Excel.Sheet"?>`, the XML
//! that older programs save as .xls): `Worksheet ss:Name`, `Row`/`Cell` with
//! `ss:Index`, `ss:MergeAcross`/`ss:MergeDown` as merged cells, `Data
//! ss:Type` for the value's type and the styles' `NumberFormat` (a percent
//! format gives [`Raw::Percent`]) and `Font ss:FontName`.
//!
//! Read with quick-xml as a stream of events. Entities other than the five
//! of XML and character references are never expanded (no
//! "billion laughs"); element count and nesting depth are bounded, and the
//! cells by the grid limits.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;

use super::grid::{Grid, GridBuilder, Merge};
use super::{Limits, Raw, ReadError};

/// Most elements a document may have.
pub(super) const MAX_ELEMENTS: u64 = 5_000_000;
/// Deepest element nesting followed.
pub(super) const MAX_DEPTH: u32 = 100;
/// Longest text of one cell, in bytes.
pub(super) const MAX_TEXT_BYTES: usize = 256 * 1024;

/// An attribute's value by local name (`ss:Name` → `Name`), its character
/// and predefined references resolved.
pub(super) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// The text a reference stands for: a character reference or one of the
/// five XML entities; any other (a DTD entity) is left out, never
/// expanded.
pub(super) fn reference(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r).map(str::to_string)
}

/// Counts elements and depth against the limits.
#[derive(Debug, Default)]
pub(super) struct Budget {
    elements: u64,
    pub(super) depth: u32,
}

impl Budget {
    pub(super) fn open(&mut self, format: &'static str) -> Result<(), ReadError> {
        self.elements += 1;
        self.depth += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(ReadError::TooManyElements {
                format,
                limit: MAX_ELEMENTS,
            });
        }
        if self.depth > MAX_DEPTH {
            return Err(ReadError::TooDeep {
                format,
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }

    pub(super) fn empty(&mut self, format: &'static str) -> Result<(), ReadError> {
        self.open(format)?;
        self.depth -= 1;
        Ok(())
    }

    pub(super) fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Appends `s` to a cell's text within [`MAX_TEXT_BYTES`].
pub(super) fn push_text(into: &mut String, s: &str, format: &'static str) -> Result<(), ReadError> {
    if into.len().saturating_add(s.len()) > MAX_TEXT_BYTES {
        return Err(ReadError::TextTooLong {
            format,
            bytes: into.len().saturating_add(s.len()) as u64,
            limit: MAX_TEXT_BYTES as u64,
        });
    }
    into.push_str(s);
    Ok(())
}

#[derive(Debug, Clone, Default)]
struct Style {
    percent: bool,
    date: bool,
    font: Option<String>,
}

/// The cell being read.
#[derive(Debug, Default)]
struct Cell {
    typ: String,
    text: String,
    style: Option<String>,
    in_data: bool,
}

fn value(c: &Cell, style: Option<&Style>) -> Raw {
    let t = c.text.trim();
    match c.typ.as_str() {
        "Number" => match t.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                if style.is_some_and(|s| s.percent) {
                    Raw::Percent(n)
                } else {
                    Raw::Number(n)
                }
            }
            _ => super::convert::text(&c.text),
        },
        "DateTime" => match chrono::NaiveDate::parse_from_str(t.get(..10).unwrap_or(t), "%Y-%m-%d")
        {
            Ok(d) => Raw::Date(d),
            Err(_) => super::convert::text(&c.text),
        },
        "Boolean" => Raw::Bool(t == "1" || t.eq_ignore_ascii_case("true")),
        "Error" => Raw::Error(t.to_string()),
        _ => super::convert::text(&c.text),
    }
}

/// Reads a SpreadsheetML 2003 workbook into a grid, one sheet per
/// `Worksheet`.
///
/// # Errors
/// [`ReadError::Corrupt`] (`xml`) for XML that does not parse; the F12
/// limits: elements, depth, cell text, rows, columns and cells.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Grid, ReadError> {
    let text = super::sniff::decode(bytes);
    let mut reader = quick_xml::Reader::from_str(text.trim_start());
    let mut grid = GridBuilder::new("xml", limits);
    let mut budget = Budget::default();
    let mut styles: BTreeMap<String, Style> = BTreeMap::new();
    let mut style_id: Option<String> = None;
    let mut row: u64 = 0;
    let mut col: u64 = 0;
    let mut in_row = false;
    let mut cell: Option<Cell> = None;
    let mut merge: (u64, u64) = (0, 0);
    let mut worksheets = 0u32;
    loop {
        let ev = reader.read_event().map_err(|e| ReadError::Corrupt {
            format: "xml",
            source: Some(Box::new(e)),
        })?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if empty {
                budget.empty("xml")?;
            } else {
                budget.open("xml")?;
            }
            match e.local_name().as_ref() {
                "Style" => {
                    style_id = attr(e, "ID");
                    if let Some(id) = &style_id {
                        styles.entry(id.clone()).or_default();
                    }
                }
                "NumberFormat" => {
                    if let (Some(id), Some(f)) = (&style_id, attr(e, "Format")) {
                        let s = styles.entry(id.clone()).or_default();
                        let l = f.to_ascii_lowercase();
                        s.percent = l.contains('%') || l == "percent";
                        s.date = l.contains("date") || (l.contains('d') && l.contains('y'));
                    }
                }
                "Font" if cell.is_none() => {
                    if let (Some(id), Some(f)) = (&style_id, attr(e, "FontName")) {
                        styles.entry(id.clone()).or_default().font = Some(f);
                    }
                }
                "Worksheet" => {
                    worksheets += 1;
                    let name = attr(e, "Name").unwrap_or_else(|| format!("Sheet{worksheets}"));
                    grid.sheet(&super::convert::text(&name).display());
                    row = 0;
                    in_row = false;
                }
                "Row" => {
                    if in_row {
                        row += 1;
                    }
                    if let Some(i) = attr(e, "Index").and_then(|v| v.trim().parse::<u64>().ok()) {
                        row = i.max(1) - 1;
                    }
                    grid.check(row, 0)?;
                    col = 0;
                    in_row = true;
                    if empty {
                        row += 1;
                        in_row = false;
                    }
                }
                "Cell" => {
                    if let Some(i) = attr(e, "Index").and_then(|v| v.trim().parse::<u64>().ok()) {
                        col = i.max(1) - 1;
                    }
                    let num = |k: &str| {
                        attr(e, k)
                            .and_then(|v| v.trim().parse::<u64>().ok())
                            .unwrap_or(0)
                    };
                    merge = (num("MergeAcross"), num("MergeDown"));
                    grid.check(row.saturating_add(merge.1), col.saturating_add(merge.0))?;
                    let c = Cell {
                        style: attr(e, "StyleID"),
                        ..Cell::default()
                    };
                    if empty {
                        finish_cell(&mut grid, &styles, c, row, col, merge)?;
                        col = col.saturating_add(merge.0).saturating_add(1);
                    } else {
                        cell = Some(c);
                    }
                }
                "Data" => {
                    if let Some(c) = cell.as_mut() {
                        c.typ = attr(e, "Type").unwrap_or_default();
                        c.in_data = !empty;
                    }
                }
                "Br" | "br" => {
                    if let Some(c) = cell.as_mut().filter(|c| c.in_data) {
                        push_text(&mut c.text, "\n", "xml")?;
                    }
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                budget.close();
                match e.local_name().as_ref() {
                    "Style" => style_id = None,
                    "Row" => {
                        row += 1;
                        in_row = false;
                    }
                    "Data" => {
                        if let Some(c) = cell.as_mut() {
                            c.in_data = false;
                        }
                    }
                    "Cell" => {
                        if let Some(c) = cell.take() {
                            finish_cell(&mut grid, &styles, c, row, col, merge)?;
                            col = col.saturating_add(merge.0).saturating_add(1);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_data) {
                    push_text(&mut c.text, &t.xml10_content(), "xml")?;
                }
            }
            Event::CData(t) => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_data) {
                    push_text(&mut c.text, &t.xml10_content(), "xml")?;
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(c), Some(s)) = (cell.as_mut().filter(|c| c.in_data), reference(&r)) {
                    push_text(&mut c.text, &s, "xml")?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if worksheets == 0 {
        return Err(ReadError::NotSpreadsheet {
            looks: super::error::Looks::Xml,
        });
    }
    Ok(grid.finish())
}

fn finish_cell(
    grid: &mut GridBuilder,
    styles: &BTreeMap<String, Style>,
    c: Cell,
    row: u64,
    col: u64,
    merge: (u64, u64),
) -> Result<(), ReadError> {
    let style = c.style.as_ref().and_then(|s| styles.get(s));
    let font = style
        .and_then(|s| s.font.clone())
        .or_else(|| styles.get("Default").and_then(|s| s.font.clone()))
        .map(String::into_boxed_str);
    let v = value(&c, style);
    let v = match (v, style) {
        (Raw::Number(n), Some(s)) if s.date => super::grid::serial_date(n),
        (v, _) => v,
    };
    grid.set(row, col, v, font)?;
    if merge != (0, 0) {
        // Within the limits checked when the cell opened.
        grid.merge(Merge {
            first_row: row as u32,
            first_col: col as u32,
            last_row: (row + merge.1) as u32,
            last_col: (col + merge.0) as u32,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_placed_by_index_and_merges_with_types() {
        let xml = r#"
  <?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Styles><Style ss:ID="p"><NumberFormat ss:Format="0%"/><Font ss:FontName="VNI-Times"/></Style></Styles>
<Worksheet ss:Name="Nhiệm vụ"><Table>
<Row><Cell ss:MergeAcross="1"><Data ss:Type="String">S&#7889; li&#7879;u</Data></Cell><Cell><Data ss:Type="Number">3</Data></Cell></Row>
<Row ss:Index="4"><Cell ss:Index="2" ss:StyleID="p"><Data ss:Type="Number">0.4</Data></Cell><Cell><Data ss:Type="DateTime">2020-06-15T00:00:00.000</Data></Cell></Row>
</Table></Worksheet></Workbook>"#;
        let g = read(xml.as_bytes(), &Limits::default()).expect("xml");
        let s = &g.sheets[0];
        assert_eq!(s.name, "Nhiệm vụ");
        let v = |r: u32, c: u32| {
            s.rows
                .get(&r)
                .and_then(|x| x.get(&c))
                .map(|c| c.value.clone())
        };
        assert_eq!(v(0, 0), Some(Raw::Text("Số liệu".into())));
        assert_eq!(v(0, 2), Some(Raw::Number(3.0)));
        assert_eq!(v(3, 1), Some(Raw::Percent(0.4)));
        assert_eq!(s.font(3, 1), Some("VNI-Times"));
        assert_eq!(
            v(3, 2),
            Some(Raw::Date(
                chrono::NaiveDate::from_ymd_opt(2020, 6, 15).unwrap()
            ))
        );
    }

    #[test]
    fn entities_are_not_expanded() {
        let xml = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="A"><Table><Row><Cell><Data ss:Type="String">&b;x</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let g = read(xml.as_bytes(), &Limits::default()).expect("xml");
        let c = g.sheets[0].rows[&0][&0].value.clone();
        assert_eq!(c, Raw::Text("x".into()));
    }

    #[test]
    fn depth_is_bounded() {
        let xml = format!(
            "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">{}",
            "<a>".repeat(500)
        );
        assert!(matches!(
            read(xml.as_bytes(), &Limits::default()),
            Err(ReadError::TooDeep { .. })
        ));
    }
}
