//! Writes one generated report as an xlsx workbook and tells where each row
//! landed (for the answer key).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Worksheet, XlsxError};
use tonghop::plan::Role;
use tonghop::write::style;

use crate::model::*;
use crate::texts;

/// Where things are in the written workbook.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// Sheet names: info, tasks, indicators.
    pub info_sheet: String,
    /// Task sheet name.
    pub task_sheet: String,
    /// Indicator sheet name.
    pub ind_sheet: String,
    /// Task row id → 1-based sheet row.
    pub task_rows: BTreeMap<u32, u32>,
    /// Indicator row id → 1-based sheet row.
    pub ind_rows: BTreeMap<u32, u32>,
    /// Column letters of the cells findings point at.
    pub cols: BTreeMap<&'static str, String>,
}

fn task_label(c: TCol, v: usize) -> &'static str {
    let l: [&str; 3] = match c {
        TCol::Stt => ["STT", "TT", "Số TT"],
        TCol::Code => ["Mã nhiệm vụ", "Mã NV", "Mã số"],
        TCol::Content => ["Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung"],
        TCol::Role => ["Vai trò", "Vai trò", "Vai trò"],
        TCol::Status => ["Tình trạng", "Tiến độ", "Trạng thái"],
        TCol::Share => ["Tỷ lệ hoàn thành (%)", "% hoàn thành", "Tỷ lệ (%)"],
        TCol::Result => ["Kết quả thực hiện", "Kết quả", "Kết quả thực hiện"],
        TCol::Difficulty => ["Khó khăn, vướng mắc"; 3],
        TCol::Proposal => ["Đề xuất, kiến nghị"; 3],
        TCol::Partner => ["Đơn vị phối hợp", "Cơ quan phối hợp", "Đơn vị phối hợp"],
        TCol::Source => ["Nguồn số liệu", "Ghi chú", "Nguồn số liệu"],
    };
    l[v % 3]
}

fn ind_label(c: ICol, v: usize) -> &'static str {
    let l: [&str; 3] = match c {
        ICol::Stt => ["STT", "TT", "TT"],
        ICol::Code => ["Mã chỉ tiêu", "Mã CT", "Mã chỉ tiêu"],
        ICol::Name => ["Tên chỉ tiêu"; 3],
        ICol::Measure => ["Đơn vị tính", "ĐVT", "Đơn vị tính"],
        ICol::Value => ["Thực hiện kỳ báo cáo", "Thực hiện", "Kỳ này"],
        ICol::Last => ["Cùng kỳ năm trước"; 3],
        ICol::Note => ["Ghi chú"; 3],
        ICol::Source => ["Nguồn số liệu"; 3],
    };
    l[v % 3]
}

fn width(c: TCol) -> f64 {
    match c {
        TCol::Stt => 5.0,
        TCol::Code => 11.0,
        TCol::Content => 50.0,
        TCol::Role => 10.0,
        TCol::Status => 16.0,
        TCol::Share => 11.0,
        TCol::Result => 50.0,
        TCol::Difficulty | TCol::Proposal | TCol::Partner => 25.0,
        TCol::Source => 16.0,
    }
}

/// A1 column letters of a 0-based column.
pub fn col_letter(mut c: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

struct Formats {
    text: Format,
    header: Format,
    number: Format,
    pct: Format,
    date: Format,
    section: Format,
    title: Format,
    plain: Format,
}

fn put(ws: &mut Worksheet, f: &Formats, row: u32, col: u16, v: &V) -> Result<(), XlsxError> {
    match v {
        V::Empty => {
            ws.write_blank(row, col, &f.text)?;
        }
        V::Text(t) => {
            ws.write_string_with_format(row, col, t, &f.text)?;
        }
        V::Num(x) => {
            ws.write_number_with_format(row, col, *x, &f.number)?;
        }
        V::Pct(x) => {
            ws.write_number_with_format(row, col, *x, &f.pct)?;
        }
        V::Date(d) => {
            ws.write_datetime_with_format(row, col, excel_date(*d), &f.date)?;
        }
        V::Error { formula, value } => {
            ws.write_formula_with_format(
                row,
                col,
                Formula::new(formula).set_result(value),
                &f.number,
            )?;
        }
    }
    Ok(())
}

fn excel_date(d: NaiveDate) -> ExcelDateTime {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap_or_default()
}

/// The workbook as an office with a TCVN3 template sends it: the text of
/// every cell in TCVN3 code points and the `.VnTime` font instead of Times
/// New Roman. Only the shared strings and the fonts change; the sheet tabs
/// keep their Unicode names.
pub fn legacy_xlsx(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        let mut body = Vec::new();
        f.read_to_end(&mut body).map_err(|e| e.to_string())?;
        let body = match name.as_str() {
            "xl/sharedStrings.xml" => {
                let xml = String::from_utf8(body).map_err(|e| e.to_string())?;
                // Markup is ASCII: only the Vietnamese letters change.
                tonghop::text::legacy::encode(&xml, tonghop::text::legacy::Encoding::Tcvn3)
                    .into_bytes()
            }
            "xl/styles.xml" => {
                let xml = String::from_utf8(body).map_err(|e| e.to_string())?;
                xml.replace(&format!("val=\"{}\"", style::FONT), "val=\".VnTime\"")
                    .into_bytes()
            }
            _ => body,
        };
        zout.start_file(name, opts).map_err(|e| e.to_string())?;
        zout.write_all(&body).map_err(|e| e.to_string())?;
    }
    zout.finish()
        .map(|c| c.into_inner())
        .map_err(|e| e.to_string())
}

/// Writes `r` and returns the bytes and positions.
pub fn workbook(
    r: &Report,
    issuing_body: &str,
    created: NaiveDate,
) -> Result<(Vec<u8>, Positions), XlsxError> {
    let l = &r.layout;
    let sp = |s: &str| l.spelling.apply(s);
    let f = Formats {
        text: style::text(),
        header: style::header(),
        // The units' own workbooks keep the format people give them (the
        // tool's outputs format each number by its decimals instead).
        number: style::number().set_num_format("#,##0.##"),
        pct: style::number().set_num_format("0%"),
        date: style::text().set_num_format("dd/mm/yyyy"),
        section: style::section(),
        title: style::title(),
        plain: style::plain(),
    };
    let mut wb = style::workbook(created, "Báo cáo kết quả thực hiện kế hoạch");
    let mut pos = Positions {
        info_sheet: l.names[0].clone(),
        task_sheet: l.names[1].clone(),
        ind_sheet: l.names[2].clone(),
        ..Positions::default()
    };
    for &which in &l.order {
        let ws = wb.add_worksheet();
        ws.set_name(&l.names[which])?;
        match which {
            0 => info_sheet(ws, &f, r, &sp)?,
            1 => task_sheet(ws, &f, r, issuing_body, &sp, &mut pos)?,
            2 => ind_sheet(ws, &f, r, &sp, &mut pos)?,
            _ => guide_sheet(ws, &f)?,
        }
    }
    Ok((wb.save_to_buffer()?, pos))
}

fn info_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    r: &Report,
    sp: &dyn Fn(&str) -> String,
) -> Result<(), XlsxError> {
    let i = &r.info;
    let mut pairs: Vec<(&str, V)> = Vec::new();
    if let Some(c) = &i.code {
        pairs.push(("Mã đơn vị", V::Text(c.clone())));
    }
    if let Some(n) = &i.name {
        pairs.push(("Tên đơn vị", V::Text(n.clone())));
    }
    if let Some(p) = &i.plan_id {
        pairs.push(("Mã kế hoạch", V::Text(p.clone())));
    }
    pairs.push(("Kỳ báo cáo", i.period_cell.clone()));
    pairs.push(("Ngày báo cáo", i.date_cell.clone()));
    pairs.push(("Người lập", V::Text(i.person.clone())));
    pairs.push(("Điện thoại", V::Text(i.phone.clone())));
    pairs.push(("Email", V::Text(i.email.clone())));
    if !i.head.is_empty() {
        pairs.push(("Thủ trưởng đơn vị", V::Text(i.head.clone())));
    }
    let l = &r.layout;
    if l.info_header_row {
        for (c, (label, v)) in pairs.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, sp(label), &f.header)?;
            put(ws, f, 1, c as u16, v)?;
            ws.set_column_width(c as u16, 20.0)?;
        }
        return Ok(());
    }
    let mut row = 0;
    if l.info_title {
        ws.merge_range(0, 0, 0, 1, "THÔNG TIN CHUNG VỀ BÁO CÁO", &f.title)?;
        row = 2;
    }
    let vcol = if l.info_gap { 2 } else { 1 };
    for (label, v) in &pairs {
        ws.write_string_with_format(row, 0, sp(label), &f.text)?;
        put(ws, f, row, vcol, v)?;
        row += 1;
    }
    ws.set_column_width(0, 22.0)?;
    ws.set_column_width(vcol, 45.0)?;
    Ok(())
}

fn task_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    r: &Report,
    issuing_body: &str,
    sp: &dyn Fn(&str) -> String,
    pos: &mut Positions,
) -> Result<(), XlsxError> {
    let l = &r.layout;
    let cols = &l.task_cols;
    let last = (cols.len().max(1) - 1) as u16;
    let mut row: u32 = 0;
    if l.task_titles {
        ws.merge_range(0, 0, 0, 2.min(last), &issuing_body.to_uppercase(), &f.plain)?;
        ws.merge_range(
            1,
            0,
            1,
            2.min(last),
            &format!("Đơn vị báo cáo: {}", r.unit_name),
            &f.plain,
        )?;
        ws.merge_range(
            2,
            0,
            2,
            last,
            "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            &f.title,
        )?;
        row = 4;
    }
    let group = |c: TCol| matches!(c, TCol::Status | TCol::Share | TCol::Result);
    let group_span = cols
        .iter()
        .position(|c| group(*c))
        .filter(|&s| cols.len() >= s + 3 && cols[s..s + 3].iter().all(|c| group(*c)));
    let merged = l.merged_header && group_span.is_some();
    for (i, c) in cols.iter().enumerate() {
        let ci = i as u16;
        let label = sp(task_label(*c, l.variant));
        if merged {
            let s = group_span.unwrap_or(0);
            if (s..s + 3).contains(&i) {
                if i == s {
                    ws.merge_range(row, ci, row, ci + 2, &sp("Tình hình triển khai"), &f.header)?;
                }
                ws.write_string_with_format(row + 1, ci, &label, &f.header)?;
            } else {
                ws.merge_range(row, ci, row + 1, ci, &label, &f.header)?;
            }
        } else {
            ws.write_string_with_format(row, ci, &label, &f.header)?;
        }
        ws.set_column_width(ci, width(*c))?;
    }
    row += if merged { 2 } else { 1 };
    if l.numbering {
        for i in 0..cols.len() {
            ws.write_string_with_format(row, i as u16, format!("({})", i + 1), &f.header)?;
        }
        row += 1;
    }
    let stt_col = cols.iter().position(|c| *c == TCol::Stt);
    let content_col = cols.iter().position(|c| *c == TCol::Content);
    let sections = l.sections && stt_col.is_some() && content_col.is_some();
    let mut current = String::new();
    let mut n_section = 0;
    let mut n = 0;
    for t in &r.tasks {
        if sections && t.section != current && !t.section.is_empty() {
            current = t.section.clone();
            n_section += 1;
            for (i, _) in cols.iter().enumerate() {
                ws.write_blank(row, i as u16, &f.section)?;
            }
            if let Some(sc) = stt_col {
                ws.write_string_with_format(row, sc as u16, texts::roman(n_section), &f.section)?;
            }
            if let Some(cc) = content_col {
                ws.write_string_with_format(row, cc as u16, &t.section, &f.section)?;
            }
            row += 1;
        }
        n += 1;
        for (i, c) in cols.iter().enumerate() {
            let ci = i as u16;
            let v = match c {
                TCol::Stt => V::Num(n as f64),
                TCol::Code => V::Text(t.code.clone()),
                TCol::Content => V::Text(t.content.clone()),
                TCol::Role => match t.role {
                    Some(Role::Lead) => V::Text(sp("Chủ trì")),
                    Some(Role::Coordinator) => V::Text(sp("Phối hợp")),
                    None => V::Text(sp("Phối hợp")),
                },
                TCol::Status => t.status_cell.clone(),
                TCol::Share => t.share_cell.clone(),
                TCol::Result => V::Text(t.result.clone()),
                TCol::Difficulty => V::Text(t.difficulty.clone()),
                TCol::Proposal => V::Text(t.proposal.clone()),
                TCol::Partner => V::Text(t.partner.clone()),
                TCol::Source => V::Text(String::new()),
            };
            let v = match v {
                V::Text(s) if s.is_empty() => V::Empty,
                v => v,
            };
            put(ws, f, row, ci, &v)?;
        }
        pos.task_rows.insert(t.id, row + 1);
        row += 1;
    }
    for (key, c) in [
        ("task_code", TCol::Code),
        ("status", TCol::Status),
        ("share", TCol::Share),
        ("result", TCol::Result),
    ] {
        if let Some(i) = cols.iter().position(|x| *x == c) {
            pos.cols.insert(key, col_letter(i as u16));
        }
    }
    Ok(())
}

fn ind_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    r: &Report,
    sp: &dyn Fn(&str) -> String,
    pos: &mut Positions,
) -> Result<(), XlsxError> {
    let l = &r.layout;
    let cols = &l.ind_cols;
    let last = (cols.len().max(1) - 1) as u16;
    let mut row: u32 = 0;
    if l.ind_titles {
        ws.merge_range(
            0,
            0,
            0,
            last,
            &format!("Đơn vị báo cáo: {}", r.unit_name),
            &f.plain,
        )?;
        ws.merge_range(1, 0, 1, last, "BIỂU SỐ LIỆU CHỈ TIÊU", &f.title)?;
        row = 3;
    }
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(row, i as u16, sp(ind_label(*c, l.variant)), &f.header)?;
        let w = match c {
            ICol::Name => 50.0,
            ICol::Stt => 5.0,
            _ => 15.0,
        };
        ws.set_column_width(i as u16, w)?;
    }
    row += 1;
    if l.numbering {
        for i in 0..cols.len() {
            ws.write_string_with_format(row, i as u16, format!("({})", i + 1), &f.header)?;
        }
        row += 1;
    }
    for (n, x) in r.inds.iter().enumerate() {
        for (i, c) in cols.iter().enumerate() {
            let v = match c {
                ICol::Stt => V::Num((n + 1) as f64),
                ICol::Code => V::Text(x.code.clone()),
                ICol::Name => V::Text(x.name.clone()),
                ICol::Measure => V::Text(x.measure.clone()),
                ICol::Value => x.value_cell.clone(),
                ICol::Last => x.last_cell.clone(),
                ICol::Note => V::Text(x.note.clone()),
                ICol::Source => V::Text(String::new()),
            };
            let v = match v {
                V::Text(s) if s.is_empty() => V::Empty,
                v => v,
            };
            put(ws, f, row, i as u16, &v)?;
        }
        pos.ind_rows.insert(x.id, row + 1);
        row += 1;
    }
    for (key, c) in [
        ("ind_code", ICol::Code),
        ("value", ICol::Value),
        ("measure", ICol::Measure),
    ] {
        if let Some(i) = cols.iter().position(|x| *x == c) {
            pos.cols.insert(key, col_letter(i as u16));
        }
    }
    Ok(())
}

fn guide_sheet(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    let lines = [
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO",
        "1. Sheet \"Thông tin\": ghi mã đơn vị, tên đơn vị, kỳ báo cáo, ngày báo cáo, người lập.",
        "2. Sheet \"Nhiệm vụ\": mỗi dòng một nhiệm vụ đơn vị chủ trì hoặc phối hợp; không xóa cột mã nhiệm vụ.",
        "3. Cột \"Tình trạng\" chọn một trong: Hoàn thành, Đang thực hiện, Chưa thực hiện, Thường xuyên.",
        "4. Cột \"Tỷ lệ hoàn thành (%)\" ghi số từ 0 đến 100.",
        "5. Sheet \"Chỉ tiêu\": số liệu lũy kế từ đầu năm đến hết kỳ báo cáo.",
        "Lưu ý: gửi báo cáo đúng hạn về Sở Công Thương qua hệ thống quản lý văn bản và thư điện tử.",
    ];
    for (i, t) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *t, &f.plain)?;
    }
    ws.set_column_width(0, 100.0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(col_letter(0), "A");
        assert_eq!(col_letter(25), "Z");
        assert_eq!(col_letter(26), "AA");
    }
}
