//! Integration tests: every file a unit actually sends. The same report
//! saved as .xlsx, HTML-.xls, SpreadsheetML, TSV, CSV (task table only)
//! and .docx gives the same rows in `du-lieu/*.csv`; cell addresses, the
//! "Thông tin" facts above one-sheet tables, formats told by content, and
//! which of two files of one unit wins.

use std::collections::BTreeMap;

use tonghop::read::{read_workbook, Limits, Looks, Raw, ReadError};

use crate::row;
use crate::util::{
    indicator_header, raw_zip, task_header, text, xml_escape, Book, Project, INDICATOR_LABELS,
    TASK_LABELS, V,
};

/// The report, as plain strings: "Thông tin" pairs, task rows, indicator
/// rows (each with the form's columns).
fn info_pairs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Mã đơn vị", "SCT"),
        ("Tên đơn vị", "Sở Công Thương"),
        ("Kỳ báo cáo", "6 tháng đầu năm 2020"),
        ("Ngày báo cáo", "10/06/2020"),
        ("Người lập", "Nguyễn Văn A"),
    ]
}

/// Task rows: (code, role, status, share as a fraction or None, result).
fn tasks() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    Option<f64>,
    &'static str,
)> {
    vec![
        (
            "NV1.02",
            "Chủ trì",
            "Đang thực hiện",
            Some(0.4),
            "Đã tổ chức 3 hội nghị",
        ),
        (
            "NV2.01",
            "Chủ trì",
            "Hoàn thành",
            Some(1.0),
            "Chiến lược đã ban hành",
        ),
        (
            "NV1.01",
            "Phối hợp",
            "Thường xuyên",
            None,
            "Phối hợp tuyên truyền",
        ),
    ]
}

/// Indicator rows: (code, name, unit, value).
fn indicators() -> Vec<(&'static str, &'static str, &'static str, f64)> {
    vec![
        ("CT04", "Kim ngạch xuất khẩu", "triệu USD", 1234.5),
        ("CT05", "Số đề án khuyến công", "đề án", 2.0),
    ]
}

fn share_points(s: Option<f64>) -> String {
    s.map(|f| format!("{}", f * 100.0)).unwrap_or_default()
}

// ---- the six formats -------------------------------------------------------

pub(crate) fn xlsx() -> Vec<u8> {
    let info: Vec<Vec<V>> = info_pairs()
        .into_iter()
        .map(|(k, v)| {
            if k == "Ngày báo cáo" {
                vec![V::from(k), V::D(2020, 6, 10)]
            } else {
                row![k, v]
            }
        })
        .collect();
    let mut t = vec![task_header()];
    for (i, (c, role, st, share, res)) in tasks().into_iter().enumerate() {
        t.push(vec![
            V::N(i as f64 + 1.0),
            V::from(c),
            V::from("Nội dung"),
            V::from(role),
            V::from(st),
            share.map_or(V::E, |s| V::N(s * 100.0)),
            V::from(res),
        ]);
    }
    let mut ind = vec![indicator_header()];
    for (i, (c, name, unit, v)) in indicators().into_iter().enumerate() {
        ind.push(row![i as i32 + 1, c, name, unit, v]);
    }
    Book::new()
        .sheet("Thông tin", info)
        .sheet("Nhiệm vụ", t)
        .sheet("Chỉ tiêu", ind)
        .bytes()
}

/// A web export: the facts as label/value rows, then the two tables
/// stacked, a two-row title with a colspan, the share as a percent class
/// with `x:num`, Vietnamese as numeric entities, a BOM and blank lines.
pub(crate) fn html() -> Vec<u8> {
    let ent = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("&#{};", c as u32)
                }
            })
            .collect()
    };
    let mut h = String::from(
        "\u{feff}\r\n\r\n<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\">\
         <style>br{mso-data-placement:same-cell}.pct{mso-number-format:\"0%\";}</style></head><body>",
    );
    h.push_str("<table>");
    h.push_str(&format!(
        "<tr><td colspan=4 style='mso-ignore:colspan'>{}</td></tr>",
        ent("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH 1315")
    ));
    for (k, v) in info_pairs() {
        h.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>", ent(k), ent(v)));
    }
    h.push_str("</table><table border=1><tr>");
    for c in TASK_LABELS {
        h.push_str(&format!("<th>{}</th>", ent(c)));
    }
    h.push_str("</tr>");
    for (i, (c, role, st, share, res)) in tasks().into_iter().enumerate() {
        let share = share.map_or("<td></td>".to_string(), |s| {
            format!("<td class=pct x:num=\"{s}\">{}%</td>", s * 100.0)
        });
        h.push_str(&format!(
            "<tr><td x:num>{}</td><td>{c}</td><td>N&#7897;i dung</td><td>{}</td><td>{}</td>{share}<td>{}</td></tr>",
            i + 1,
            ent(role),
            ent(st),
            ent(res)
        ));
    }
    h.push_str("</table><table border=1><tr>");
    for c in INDICATOR_LABELS {
        h.push_str(&format!("<th>{}</th>", ent(c)));
    }
    h.push_str("</tr>");
    for (i, (c, name, unit, v)) in indicators().into_iter().enumerate() {
        h.push_str(&format!(
            "<tr><td x:num>{}</td><td>{c}</td><td>{}</td><td>{}</td><td x:num=\"{v}\">{}</td></tr>",
            i + 1,
            ent(name),
            ent(unit),
            v.to_string().replace('.', ",")
        ));
    }
    h.push_str("</table></body></html>");
    h.into_bytes()
}

fn sml_cell(v: &str) -> String {
    format!(
        "<Cell><Data ss:Type=\"String\">{}</Data></Cell>",
        xml_escape(v)
    )
}

/// SpreadsheetML with whitespace before the declaration, three sheets,
/// a percent style and typed numbers.
pub(crate) fn sml() -> Vec<u8> {
    let mut x = String::from(
        "\n  <?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\
         <Styles><Style ss:ID=\"pct\"><NumberFormat ss:Format=\"Percent\"/></Style></Styles>",
    );
    x.push_str("<Worksheet ss:Name=\"Thông tin\"><Table>");
    for (k, v) in info_pairs() {
        x.push_str(&format!("<Row>{}{}</Row>", sml_cell(k), sml_cell(v)));
    }
    x.push_str("</Table></Worksheet><Worksheet ss:Name=\"Nhiệm vụ\"><Table><Row>");
    for c in TASK_LABELS {
        x.push_str(&sml_cell(c));
    }
    x.push_str("</Row>");
    for (i, (c, role, st, share, res)) in tasks().into_iter().enumerate() {
        let share = share.map_or("<Cell/>".to_string(), |s| {
            format!("<Cell ss:StyleID=\"pct\"><Data ss:Type=\"Number\">{s}</Data></Cell>")
        });
        x.push_str(&format!(
            "<Row><Cell><Data ss:Type=\"Number\">{}</Data></Cell>{}{}{}{}{share}{}</Row>",
            i + 1,
            sml_cell(c),
            sml_cell("Nội dung"),
            sml_cell(role),
            sml_cell(st),
            sml_cell(res)
        ));
    }
    x.push_str("</Table></Worksheet><Worksheet ss:Name=\"Chỉ tiêu\"><Table><Row>");
    for c in INDICATOR_LABELS {
        x.push_str(&sml_cell(c));
    }
    x.push_str("</Row>");
    for (i, (c, name, unit, v)) in indicators().into_iter().enumerate() {
        x.push_str(&format!(
            "<Row><Cell><Data ss:Type=\"Number\">{}</Data></Cell>{}{}{}<Cell><Data ss:Type=\"Number\">{v}</Data></Cell></Row>",
            i + 1,
            sml_cell(c),
            sml_cell(name),
            sml_cell(unit)
        ));
    }
    x.push_str("</Table></Worksheet></Workbook>");
    x.into_bytes()
}

/// Text lines with `sep`: the facts, a blank line, the task table and,
/// unless `tasks_only`, a blank line and the indicator table.
pub(crate) fn text_table(sep: &str, tasks_only: bool) -> Vec<u8> {
    let mut lines: Vec<String> = info_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}{sep}{v}"))
        .collect();
    lines.push(String::new());
    lines.push(TASK_LABELS.join(sep));
    for (i, (c, role, st, share, res)) in tasks().into_iter().enumerate() {
        lines.push(
            [
                (i + 1).to_string(),
                c.into(),
                "Nội dung".into(),
                role.into(),
                st.into(),
                share_points(share),
                res.into(),
            ]
            .join(sep),
        );
    }
    if !tasks_only {
        lines.push(String::new());
        lines.push(INDICATOR_LABELS.join(sep));
        for (i, (c, name, unit, v)) in indicators().into_iter().enumerate() {
            lines.push(
                [
                    (i + 1).to_string(),
                    c.into(),
                    name.into(),
                    unit.into(),
                    v.to_string(),
                ]
                .join(sep),
            );
        }
    }
    let mut s = String::from("\u{feff}");
    s.push_str(&lines.join("\r\n"));
    s.into_bytes()
}

fn w_p(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        xml_escape(text)
    )
}

fn w_tc(text: &str, extra: &str) -> String {
    format!("<w:tc><w:tcPr>{extra}</w:tcPr>{}</w:tc>", w_p(text))
}

fn w_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = String::from("<w:tbl><w:tr>");
    for h in header {
        t.push_str(&w_tc(h, ""));
    }
    t.push_str("</w:tr>");
    for r in rows {
        t.push_str("<w:tr>");
        for c in r {
            t.push_str(&w_tc(c, ""));
        }
        t.push_str("</w:tr>");
    }
    t.push_str("</w:tbl>");
    t
}

/// A Word package with the given body.
pub(crate) fn docx_with(body: &str) -> Vec<u8> {
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    raw_zip(&[
        (
            "[Content_Types].xml",
            b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_vec(),
        ),
        (
            "_rels/.rels",
            b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_vec(),
        ),
        ("word/document.xml", doc.into_bytes()),
    ])
}

/// The Word report: facts in paragraphs (title line, "Đơn vị: …", a
/// dated line), then the two tables.
pub(crate) fn docx() -> Vec<u8> {
    let mut body = String::new();
    body.push_str(&w_p("SỞ CÔNG THƯƠNG"));
    body.push_str(&w_p("Hải Phòng, ngày 10 tháng 6 năm 2020"));
    body.push_str(&w_p(
        "BÁO CÁO Kết quả thực hiện Kế hoạch 1315 6 tháng đầu năm 2020",
    ));
    body.push_str(&w_p("Mã đơn vị: SCT"));
    body.push_str(&w_p("Đơn vị: Sở Công Thương"));
    let trows: Vec<Vec<String>> = tasks()
        .into_iter()
        .enumerate()
        .map(|(i, (c, role, st, share, res))| {
            vec![
                (i + 1).to_string(),
                c.into(),
                "Nội dung".into(),
                role.into(),
                st.into(),
                share_points(share),
                res.into(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    body.push_str(&w_table(&TASK_LABELS, &trows));
    body.push_str(&w_p("Bảng chỉ tiêu"));
    let irows: Vec<Vec<String>> = indicators()
        .into_iter()
        .enumerate()
        .map(|(i, (c, name, unit, v))| {
            vec![
                (i + 1).to_string(),
                c.into(),
                name.into(),
                unit.into(),
                v.to_string().replace('.', ","),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    body.push_str(&w_table(&INDICATOR_LABELS, &irows));
    docx_with(&body)
}

// ---- running them ----------------------------------------------------------

/// Runs one file through `tonghop run` and gives the data rows without
/// the file and row columns, with the findings' codes.
fn run_one(name: &str, bytes: &[u8]) -> (Vec<Vec<String>>, Vec<Vec<String>>, String) {
    let p = Project::new();
    let path = p.inbox("2020-H1", name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let read = |rel: &str| -> Vec<Vec<String>> {
        let bytes = std::fs::read(p.out("2020-H1", rel)).unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let headers = r.headers().unwrap().clone();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                headers
                    .iter()
                    .zip(rec.iter())
                    .filter(|(h, _)| !matches!(*h, "tep" | "dong" | "kho_khan" | "de_xuat"))
                    .map(|(_, v)| v.to_string())
                    .collect()
            })
            .collect()
    };
    let findings =
        String::from_utf8(std::fs::read(p.out("2020-H1", "kiem-tra.csv")).unwrap()).unwrap();
    (
        read("du-lieu/nhiem-vu.csv"),
        read("du-lieu/chi-tieu.csv"),
        findings,
    )
}

fn units_rows(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter().filter(|r| r[1] == "SCT").cloned().collect()
}

#[test]
fn the_same_report_in_six_formats_gives_the_same_data() {
    let (xt, xi, xf) = run_one("SCT.xlsx", &xlsx());
    let xt = units_rows(&xt);
    let xi = units_rows(&xi);
    assert_eq!(xt.len(), 3, "{xt:?}\n{xf}");
    assert_eq!(xi.len(), 2, "{xi:?}\n{xf}");
    assert!(
        xt.iter().any(|r| r[0] == "NV1.02" && r[4] == "40"),
        "{xt:?}"
    );
    for (name, bytes, tasks_only) in [
        ("SCT web.xls", html(), false),
        ("SCT xml.xls", sml(), false),
        ("SCT tab.xls", text_table("\t", false), false),
        ("SCT.csv", text_table(";", true), true),
        ("SCT.docx", docx(), false),
    ] {
        let (t, i, f) = run_one(name, &bytes);
        assert_eq!(units_rows(&t), xt, "{name}: tasks\n{f}");
        if !tasks_only {
            assert_eq!(units_rows(&i), xi, "{name}: indicators\n{f}");
        }
        assert!(
            !f.contains("F01") && !f.contains("F02") && !f.contains("F03"),
            "{name}\n{f}"
        );
    }
}

fn read_bytes(name: &str, bytes: &[u8]) -> Result<tonghop::read::Report, ReadError> {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    read_workbook(&p, &Limits::default())
}

#[test]
fn stacked_html_tables_keep_the_addresses_excel_shows() {
    let r = read_bytes("a.xls", &html()).expect("html");
    let t = r.tasks.as_ref().expect("tasks");
    let i = r.indicators.as_ref().expect("indicators");
    // Title row 1, five facts (rows 2–6), task header row 7, three tasks,
    // indicator header row 11.
    assert_eq!(t.header_row, 6);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].row, 7);
    assert_eq!(i.header_row, 10);
    assert_eq!(i.rows[1].row, 12);
    assert_eq!(t.sheet, i.sheet);
    let code = r.info.unit_code.as_ref().expect("code");
    assert_eq!(
        (code.row, code.col, code.value.clone()),
        (1, 1, Raw::Text("SCT".into()))
    );
    let share = t.rows[0].get(tonghop::read::TaskCol::Share);
    assert_eq!(share, &Raw::Percent(0.4));
}

#[test]
fn docx_tables_are_sheets_named_bang_n() {
    let r = read_bytes("a.docx", &docx()).expect("docx");
    assert_eq!(r.sheets, ["Thông tin", "Bảng 1", "Bảng 2"]);
    assert_eq!(r.tasks.as_ref().map(|t| t.sheet.as_str()), Some("Bảng 1"));
    assert_eq!(
        r.indicators.as_ref().map(|t| t.sheet.as_str()),
        Some("Bảng 2")
    );
    assert_eq!(
        r.info.report_date.as_ref().map(|l| l.value.clone()),
        Some(Raw::Date(
            chrono::NaiveDate::from_ymd_opt(2020, 6, 10).unwrap()
        ))
    );
    assert!(r.info.period.is_some());
    assert_eq!(
        r.info.unit_name.as_ref().map(|l| l.value.clone()),
        Some(Raw::Text("Sở Công Thương".into()))
    );
}

#[test]
fn a_docx_without_tables_is_skipped_f11() {
    let r = read_bytes("cv.docx", &docx_with(&w_p("Kính gửi: Sở Công Thương")));
    let e = r.expect_err("no tables");
    assert_eq!(e.rule(), tonghop::validate::Rule::F11);
    let p = Project::new();
    let path = p.inbox("2020-H1", "Công văn.docx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, docx_with(&w_p("Kính gửi: Sở Công Thương"))).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(o.status.success());
    let f = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    let line = f
        .lines()
        .find(|l| l.contains("Công văn.docx"))
        .expect("finding");
    assert!(line.starts_with("F11,"), "{line}");
}

#[test]
fn formats_are_told_by_content_not_by_name() {
    // SpreadsheetML named .xlsx, HTML named .csv: read all the same.
    assert!(read_bytes("a.xlsx", &sml()).expect("sml").tasks.is_some());
    assert!(read_bytes("a.csv", &html()).expect("html").tasks.is_some());
    assert!(read_bytes("a.xls", &docx()).expect("docx").tasks.is_some());
    let looks = |name: &str, bytes: &[u8]| match read_bytes(name, bytes) {
        Err(ReadError::NotSpreadsheet { looks }) => Some(looks),
        _ => None,
    };
    assert_eq!(
        looks("a.xls", b"\x09\x04\x06\x00\x00\x00\x10\x00\x00\x00"),
        Some(Looks::OldExcel)
    );
    assert_eq!(looks("a.xls", b"\x89PNG\r\n\x1a\n...."), Some(Looks::Image));
    assert_eq!(
        looks("a.xls", b"  <?xml version=\"1.0\"?><note/>"),
        Some(Looks::Xml)
    );
    assert_eq!(looks("a.xls", b"%PDF-1.4"), Some(Looks::Pdf));
    assert_eq!(
        looks(
            "a.xls",
            "\u{feff}<html><body><p>Kính gửi</p></body></html>".as_bytes()
        ),
        Some(Looks::Html)
    );
}

#[test]
fn xlsx_parts_found_through_the_package_relationships() {
    // A workbook at the package root, with `\` in a member name.
    let xlsx = xlsx();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        members.push((f.name().map(|n| n.to_string()).unwrap_or_default(), b));
    }
    let renamed: Vec<(String, Vec<u8>)> = members
        .into_iter()
        .map(|(n, b)| (n.replace("xl/_rels/", "xl\\_rels\\"), b))
        .collect();
    let bytes = raw_zip(&renamed);
    let r = read_bytes("a.xlsm", &bytes);
    assert!(!matches!(r, Err(ReadError::NotSpreadsheet { .. })), "{r:?}");
}

#[test]
fn workbook_wins_over_docx_which_wins_over_csv() {
    let p = Project::new();
    for (name, bytes) in [
        ("SCT.docx", docx()),
        ("SCT.csv", text_table(",", true)),
        ("SCT.xlsx", xlsx()),
    ] {
        let path = p.inbox("2020-H1", name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(o.status.success());
    let f = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    let f06: Vec<&str> = f.lines().filter(|l| l.starts_with("F06,")).collect();
    assert_eq!(f06.len(), 2, "{f}");
    assert!(f06.iter().any(|l| l.contains("SCT.docx")));
    assert!(f06.iter().any(|l| l.contains("SCT.csv")));
    // Without the workbook, the .docx wins.
    std::fs::remove_file(p.inbox("2020-H1", "SCT.xlsx")).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(o.status.success());
    let f = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    let f06: Vec<&str> = f.lines().filter(|l| l.starts_with("F06,")).collect();
    assert_eq!(f06.len(), 1, "{f}");
    assert!(f06[0].contains("SCT.csv"), "{f}");
}

#[test]
fn docx_findings_name_table_row_and_column() {
    // An invalid status in the second task row: "Bảng 1", cell E3.
    let body = format!(
        "{}{}{}",
        w_p("Mã đơn vị: SCT"),
        w_p("Kỳ báo cáo: 6 tháng đầu năm 2020"),
        w_table(
            &TASK_LABELS,
            &[
                vec![
                    "1".into(),
                    "NV1.02".into(),
                    "".into(),
                    "Chủ trì".into(),
                    "Đang thực hiện".into(),
                    "40".into(),
                    "Kết quả".into()
                ],
                vec![
                    "2".into(),
                    "NV2.01".into(),
                    "".into(),
                    "Chủ trì".into(),
                    "Tốt lắm".into(),
                    "".into(),
                    "Kết quả".into()
                ],
            ],
        )
    );
    let p = Project::new();
    let path = p.inbox("2020-H1", "SCT.docx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, docx_with(&body)).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(o.status.success());
    let bytes = std::fs::read(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<BTreeMap<String, String>> = r.deserialize().map(|x| x.unwrap()).collect();
    let t = rows
        .iter()
        .find(|r| r["ma_loi"] == "T04")
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(t["trang_tinh"], "Bảng 1");
    assert_eq!(t["o"], "E3");
    assert!(
        t["thong_bao"].contains("Bảng 1, dòng 3, cột 5"),
        "{}",
        t["thong_bao"]
    );
}

#[test]
fn utf16_web_pages_and_windows_1258_text_are_decoded() {
    // A web export in UTF-16LE with a BOM.
    let page = String::from_utf8(html()).unwrap();
    let utf16: Vec<u8> = page
        .trim_start_matches('\u{feff}')
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16);
    let r = read_bytes("a.xls", &bytes).expect("utf-16 html");
    assert_eq!(r.tasks.as_ref().map(|t| t.rows.len()), Some(3));
    // A tab-separated file in Windows-1258: "Mã nhiệm vụ" and "Hoàn thành"
    // in the code page's bytes (base letter, then a combining tone mark).
    let (cp, _, bad) = encoding_rs::WINDOWS_1258.encode(
        "Ma\u{303} nhiê\u{323}m vu\u{323}\tTi\u{300}nh tra\u{323}ng\tTy\u{309} lê\u{323} hoàn thành (%)\nNV2.01\tHoàn thành\t100\n",
    );
    assert!(!bad);
    assert!(std::str::from_utf8(&cp).is_err());
    let r = read_bytes("a.xls", &cp).expect("cp1258 text");
    let t = r.tasks.as_ref().expect("tasks");
    assert_eq!(
        t.rows[0].get(tonghop::read::TaskCol::Status),
        &Raw::Text("Hoàn thành".into())
    );
}

#[test]
fn a_text_note_or_a_text_without_report_tables_is_skipped_f11() {
    for (name, bytes) in [
        (
            "ghi chú.txt",
            "Gửi anh Nam bản báo cáo\nCảm ơn anh\n".as_bytes(),
        ),
        (
            "danh bạ.csv",
            "Họ tên,Điện thoại\nNguyễn Văn A,0912345678\n".as_bytes(),
        ),
    ] {
        let e = read_bytes(name, bytes).expect_err(name);
        assert!(
            matches!(e, ReadError::NoTables { looks: Looks::Text }),
            "{name}: {e:?}"
        );
        assert_eq!(e.rule(), tonghop::validate::Rule::F11);
    }
    // A text with the task table is read, as above; one that only lost its
    // header is F11 too, not F02: a text file is no workbook.
    assert!(read_bytes("a.csv", &text_table(",", true)).is_ok());
}
