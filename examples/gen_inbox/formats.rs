//! The other files units send: a generated workbook re-saved as a web
//! page named .xls (what "export to Excel" buttons write), as SpreadsheetML
//! 2003, as a Word report with its tables, or as CSV text.
//! The cells are those of the workbook, read back, so that the answer key
//! holds for every format.

use std::io::{Cursor, Write};

use calamine::{Data, Reader, Xlsx};

/// The format a report is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// HTML tables under an .xls name.
    Html,
    /// SpreadsheetML 2003 under an .xls name.
    Sml,
    /// A Word report.
    Docx,
    /// CSV: the facts, then the two tables one after the other.
    Csv,
}

impl Kind {
    /// The file name of a report sent as this kind, from its .xlsx name.
    pub fn rename(self, path: &str) -> String {
        let stem = path.strip_suffix(".xlsx").unwrap_or(path);
        match self {
            Kind::Html => format!("{stem} (xuất từ phần mềm).xls"),
            Kind::Sml => format!("{stem} (XML).xls"),
            Kind::Docx => format!("{stem}.docx"),
            Kind::Csv => format!("{stem}.csv"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum C {
    E,
    S(String),
    N(f64),
    D(chrono::NaiveDate),
}

struct Sheet {
    rows: Vec<Vec<C>>,
}

fn sheet(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Sheet {
    let Ok(range) = book.worksheet_range(name) else {
        return Sheet { rows: Vec::new() };
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<C>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![C::E; c0 as usize];
        for v in row {
            cells.push(match v {
                Data::String(s) if !s.trim().is_empty() => C::S(s.clone()),
                Data::Float(f) => C::N(*f),
                Data::Int(i) => C::N(*i as f64),
                Data::DateTime(d) => d
                    .as_datetime()
                    .map_or(C::N(d.as_f64()), |dt| C::D(dt.date())),
                _ => C::E,
            });
        }
        while cells.last() == Some(&C::E) {
            cells.pop();
        }
        rows.push(cells);
    }
    Sheet { rows }
}

/// A number as a clerk's software writes it: a decimal comma.
fn num_text(n: f64) -> String {
    format!("{n}").replace('.', ",")
}

fn text(c: &C) -> String {
    match c {
        C::E => String::new(),
        C::S(s) => s.clone(),
        C::N(n) => num_text(*n),
        C::D(d) => d.format("%d/%m/%Y").to_string(),
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Vietnamese as numeric entities, as web exports write it.
fn entities(s: &str) -> String {
    let mut out = String::new();
    for ch in xml(s).chars() {
        match ch {
            '\n' => out.push_str("<br>"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#{};", c as u32)),
        }
    }
    out
}

/// Converts the workbook `xlsx` (with the sheets `info`, `tasks`,
/// `indicators`) into `kind`.
pub fn convert(kind: Kind, xlsx: &[u8], info: &str, tasks: &str, indicators: &str) -> Vec<u8> {
    let Ok(mut book) = Xlsx::new(Cursor::new(xlsx)) else {
        return Vec::new();
    };
    let info = sheet(&mut book, info);
    let tasks_sheet = sheet(&mut book, tasks);
    let ind_sheet = sheet(&mut book, indicators);
    match kind {
        Kind::Html => html(&[&info, &tasks_sheet, &ind_sheet]),
        Kind::Sml => sml(&[
            (info_name(), &info),
            (tasks, &tasks_sheet),
            (indicators, &ind_sheet),
        ]),
        Kind::Docx => docx(&info, &[&tasks_sheet, &ind_sheet]),
        Kind::Csv => csv(&[&info, &tasks_sheet, &ind_sheet]),
    }
}

fn info_name() -> &'static str {
    "Thông tin"
}

fn html(sheets: &[&Sheet]) -> Vec<u8> {
    let mut h = String::from(
        "\u{feff}\r\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\r\n\
         <head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\
         <style>br{mso-data-placement:same-cell}.so{mso-number-format:\"\\#\\,\\#\\#0\\.\\#\\#\";}</style></head><body>\r\n",
    );
    for s in sheets {
        h.push_str("<table border=\"1\">\r\n");
        for row in &s.rows {
            h.push_str("<tr>");
            for c in row {
                match c {
                    C::N(n) => h.push_str(&format!(
                        "<td class=\"so\" x:num=\"{n}\">{}</td>",
                        num_text(*n)
                    )),
                    C::E => h.push_str("<td></td>"),
                    c => h.push_str(&format!("<td>{}</td>", entities(&text(c)))),
                }
            }
            h.push_str("</tr>\r\n");
        }
        h.push_str("</table>\r\n");
    }
    h.push_str("</body></html>\r\n");
    h.into_bytes()
}

fn sml(sheets: &[(&str, &Sheet)]) -> Vec<u8> {
    let mut x = String::from(
        "\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?>\r\n\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\r\n\
         <Styles><Style ss:ID=\"d\"><NumberFormat ss:Format=\"Short Date\"/></Style></Styles>\r\n",
    );
    for (name, s) in sheets {
        x.push_str(&format!("<Worksheet ss:Name=\"{}\"><Table>\r\n", xml(name)));
        for (r, row) in s.rows.iter().enumerate() {
            if row.is_empty() {
                continue;
            }
            x.push_str(&format!("<Row ss:Index=\"{}\">", r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = c + 1;
                match cell {
                    C::E => {}
                    C::S(t) => x.push_str(&format!(
                        "<Cell ss:Index=\"{at}\"><Data ss:Type=\"String\">{}</Data></Cell>",
                        xml(t).replace('\n', "&#10;")
                    )),
                    C::N(n) => x.push_str(&format!(
                        "<Cell ss:Index=\"{at}\"><Data ss:Type=\"Number\">{n}</Data></Cell>"
                    )),
                    C::D(d) => x.push_str(&format!(
                        "<Cell ss:Index=\"{at}\" ss:StyleID=\"d\"><Data ss:Type=\"DateTime\">{}T00:00:00.000</Data></Cell>",
                        d.format("%Y-%m-%d")
                    )),
                }
            }
            x.push_str("</Row>\r\n");
        }
        x.push_str("</Table></Worksheet>\r\n");
    }
    x.push_str("</Workbook>\r\n");
    x.into_bytes()
}

fn csv(sheets: &[&Sheet]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for (i, s) in sheets.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        for row in &s.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| {
                    let t = text(c);
                    if t.contains([';', '"', '\n', '\r']) {
                        format!("\"{}\"", t.replace('"', "\"\""))
                    } else {
                        t
                    }
                })
                .collect();
            out.push_str(&fields.join(";"));
            out.push_str("\r\n");
        }
    }
    out.into_bytes()
}

fn w_p(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\n')
        .map(|l| format!("<w:t xml:space=\"preserve\">{}</w:t>", xml(l)))
        .collect();
    format!("<w:p><w:r>{}</w:r></w:p>", runs.join("<w:br/>"))
}

fn docx(info: &Sheet, tables: &[&Sheet]) -> Vec<u8> {
    let mut body = String::new();
    // The facts as "label: value" lines; a header-row form (labels above
    // their values) is paired column by column.
    let mut i = 0;
    while i < info.rows.len() {
        let row: Vec<&C> = info.rows[i].iter().filter(|c| **c != C::E).collect();
        let next: Vec<&C> = info
            .rows
            .get(i + 1)
            .map(|r| r.iter().filter(|c| **c != C::E).collect())
            .unwrap_or_default();
        if row.len() >= 3 && row.iter().all(|c| matches!(c, C::S(_))) && !next.is_empty() {
            for (c, label) in info.rows[i].iter().enumerate() {
                if let Some(v) = info.rows[i + 1].get(c).filter(|v| **v != C::E) {
                    body.push_str(&w_p(&format!("{}: {}", text(label), text(v))));
                }
            }
            i += 2;
            continue;
        }
        match row.as_slice() {
            [] => {}
            [one] => body.push_str(&w_p(&text(one))),
            [label, rest @ ..] => {
                let v: Vec<String> = rest.iter().map(|c| text(c)).collect();
                body.push_str(&w_p(&format!("{}: {}", text(label), v.join(" "))));
            }
        }
        i += 1;
    }
    for s in tables {
        // Title rows (one cell) before the header stay paragraphs.
        let start = s
            .rows
            .iter()
            .position(|r| r.iter().filter(|c| **c != C::E).count() >= 3)
            .unwrap_or(s.rows.len());
        for row in &s.rows[..start] {
            for c in row.iter().filter(|c| **c != C::E) {
                body.push_str(&w_p(&text(c)));
            }
        }
        let width = s.rows[start..].iter().map(Vec::len).max().unwrap_or(0);
        body.push_str("<w:tbl>");
        for row in &s.rows[start..] {
            if row.is_empty() {
                continue;
            }
            body.push_str("<w:tr>");
            for c in 0..width {
                let t = row.get(c).map(text).unwrap_or_default();
                body.push_str(&format!("<w:tc>{}</w:tc>", w_p(&t)));
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    zip(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        ),
        ("word/document.xml", &doc),
    ])
}

/// A cover letter: a Word document with paragraphs only (no report).
pub fn letter(lines: &[&str]) -> Vec<u8> {
    let body: String = lines.iter().map(|l| w_p(l)).collect();
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    zip(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        ),
        ("word/document.xml", &doc),
    ])
}

/// A zip of the members, deflated, with a fixed time so the bytes are the
/// same on every run.
fn zip(members: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, data) in members {
        if w.start_file(*name, opts).is_err() || w.write_all(data.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}
