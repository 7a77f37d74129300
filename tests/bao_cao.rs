//! The draft báo cáo `bao-cao-<ky>.docx`: its figures are the workbook's,
//! its names and places the plan's.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;
use tonghop::write::style::vn_number;

use crate::util::*;

/// The docx's text (paragraphs joined by newlines) and its tables (rows of
/// cell texts).
fn docx(bytes: &[u8]) -> (String, Vec<Vec<Vec<String>>>) {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("read");
    let mut r = quick_xml::Reader::from_str(&xml);
    let (mut text, mut tables) = (String::new(), Vec::new());
    let mut depth = 0usize;
    let (mut table, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, String) =
        Default::default();
    let mut in_t = false;
    loop {
        match r.read_event().expect("xml") {
            Event::Start(e) => match e.name().into_inner() {
                "w:tbl" => depth += 1,
                "w:t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match e.name().into_inner() {
                "w:tbl" => {
                    depth -= 1;
                    tables.push(std::mem::take(&mut table));
                }
                "w:tr" => table.push(std::mem::take(&mut row)),
                "w:tc" => row.push(std::mem::take(&mut cell).trim().to_string()),
                "w:p" => {
                    if depth > 0 {
                        cell.push(' ');
                    }
                    text.push('\n');
                }
                "w:t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => {
                let s = t[..].to_string();
                text.push_str(&s);
                if depth > 0 {
                    cell.push_str(&s);
                }
            }
            Event::GeneralRef(g) if in_t => {
                let s = match &g[..] {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                };
                text.push_str(s);
                if depth > 0 {
                    cell.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (text, tables)
}

fn summary_sheet(book: &[u8]) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(book.to_vec())).expect("xlsx");
    wb.worksheet_range("Tổng hợp").expect("Tổng hợp")
}

fn s(g: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match g.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn n(g: &calamine::Range<Data>, r: u32, c: u32) -> Option<f64> {
    match g.get_value((r, c)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// The first row whose first two cells are `a` and `b`.
fn find(g: &calamine::Range<Data>, a: &str, b: &str) -> u32 {
    (0..g.height() as u32)
        .find(|r| s(g, *r, 0) == a && s(g, *r, 1) == b)
        .unwrap_or_else(|| panic!("no row {a} | {b}"))
}

fn demo_run() -> (Project, Vec<u8>, Vec<u8>) {
    let p = Project::new();
    copy_dir(&repo().join("inbox/2020-H1"), &p.inbox("2020-H1", ""));
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{:?}", text(&o));
    let book = std::fs::read(p.out("2020-H1", "tong-hop-2020-H1.xlsx")).expect("xlsx");
    let draft = std::fs::read(p.out("2020-H1", "bao-cao-2020-H1.docx")).expect("docx");
    (p, book, draft)
}

#[test]
fn every_figure_of_the_draft_is_the_workbooks() {
    let (_p, book, draft) = demo_run();
    let g = summary_sheet(&book);
    let (text, tables) = docx(&draft);

    // Submission: "Có 37/38 đơn vị … (36 … đúng hạn, 1 … sau hạn)".
    let fig = |label: &str| {
        let r = (0..g.height() as u32)
            .find(|r| s(&g, *r, 0) == label)
            .unwrap_or_else(|| panic!("no {label}"));
        n(&g, r, 1).expect("figure") as usize
    };
    let expected = fig("Số đơn vị phải báo cáo");
    let sent = fig("Số đơn vị đã gửi báo cáo được tổng hợp");
    let on_time = fig("   trong đó: gửi đúng hạn");
    let late = fig("   trong đó: gửi sau hạn");
    assert!(
        text.contains(&format!(
            "Có {sent}/{expected} đơn vị gửi báo cáo được tổng hợp ({on_time} đơn vị gửi đúng hạn, {late} đơn vị gửi sau hạn)"
        )),
        "{text}"
    );
    let missing = fig("Số đơn vị chưa gửi báo cáo");
    assert!(text.contains(&format!("Có {missing} đơn vị chưa gửi báo cáo: ")));

    // Tasks by status: the workbook's count rows (label, 7 counts; a share
    // row under each) against the draft's table, row by row.
    let counts = tables
        .iter()
        .find(|t| {
            t.first()
                .is_some_and(|h| h.first().is_some_and(|c| c == "Lĩnh vực"))
        })
        .expect("counts table");
    let start = find(&g, "Mục", "Tổng số nhiệm vụ") + 1;
    let mut wb_rows = Vec::new();
    let mut r = start;
    while !s(&g, r, 0).is_empty() {
        let v: Vec<String> = (1..=7)
            .map(|c| n(&g, r, c).map(|x| x.to_string()).unwrap_or_default())
            .collect();
        wb_rows.push((s(&g, r, 0), v));
        r += 2;
    }
    // The workbook has the whole plan first; the draft last.
    let mut doc_rows: Vec<(String, Vec<String>)> = counts[1..]
        .iter()
        .map(|row| (row[0].clone(), row[1..].to_vec()))
        .collect();
    let all = doc_rows.pop().expect("total row");
    doc_rows.insert(0, all);
    assert!(wb_rows.len() > 3);
    assert_eq!(doc_rows, wb_rows);
    let total_tasks = &wb_rows[0].1[0];
    assert!(text.contains(&format!("Kế hoạch có {total_tasks} nhiệm vụ, trong đó:")));

    // Indicators: total, previous, ratio, target and share, each printed as
    // the workbook's cell rounds it.
    let inds = tables
        .iter()
        .find(|t| {
            t.first()
                .is_some_and(|h| h.first().is_some_and(|c| c == "Chỉ tiêu"))
        })
        .expect("indicators table");
    let start = find(&g, "Chỉ tiêu", "Đơn vị tính") + 1;
    let shown = |v: Option<f64>| v.map(vn_number).unwrap_or_default();
    let mut checked = 0;
    for (i, row) in inds[1..].iter().enumerate() {
        let r = start + i as u32;
        assert!(
            s(&g, r, 0).ends_with(&row[0]),
            "{} vs {}",
            s(&g, r, 0),
            row[0]
        );
        assert_eq!(row[1], s(&g, r, 1));
        // Draft: total, target, share, previous, ratio.
        // Workbook: total (2), previous (3), ratio (4), target (5), share (6).
        assert_eq!(row[2], shown(n(&g, r, 2)), "total of {}", row[0]);
        assert_eq!(row[3], shown(n(&g, r, 5)), "target of {}", row[0]);
        assert_eq!(row[4], shown(n(&g, r, 6)), "share of {}", row[0]);
        assert_eq!(row[5], shown(n(&g, r, 3)), "previous of {}", row[0]);
        assert_eq!(row[6], shown(n(&g, r, 4)), "ratio of {}", row[0]);
        if let Some(t) = n(&g, r, 2) {
            let v = vn_number(t);
            assert!(
                text.contains(&format!(": đạt {v} ")) || text.contains(&format!(": đạt {v}%")),
                "{v}"
            );
            checked += 1;
        }
    }
    assert!(checked > 5, "{checked}");
    assert!(text.contains("(Chi tiết tại Phụ lục kèm theo)"));
}

#[test]
fn names_and_places_come_from_the_plan() {
    let p = Project::new();
    // A Đà Nẵng plan: the Hải Phòng plan with every name changed.
    let dir = p.path().join("templates/hp-1315");
    for e in std::fs::read_dir(&dir).expect("templates") {
        let path = e.expect("entry").path();
        let t = std::fs::read_to_string(&path).expect("read");
        let t = t
            .replace("Hải Phòng", "Đà Nẵng")
            .replace("1315/QĐ-UBND", "2468/QĐ-UBND");
        std::fs::write(&path, t).expect("write");
    }
    let kh = dir.join("ke-hoach.csv");
    let t = std::fs::read_to_string(&kh).expect("read").replace(
        "noi_nhan,Ủy ban nhân dân thành phố Đà Nẵng",
        "noi_nhan,Ủy ban nhân dân thành phố Đà Nẵng;Bộ Công Thương",
    ) + "chuc_danh_ky,Phó Giám đốc\n";
    std::fs::write(&kh, t).expect("write");
    std::fs::create_dir_all(p.inbox("2020-H1", "")).expect("mkdir");
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-07-02", "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{:?}", text(&o));
    let draft = std::fs::read(p.out("2020-H1", "bao-cao-2020-H1.docx")).expect("docx");
    let (text, _) = docx(&draft);
    for want in [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "SỞ CÔNG THƯƠNG",
        "/BC-SCT",
        "Đà Nẵng, ngày 02 tháng 7 năm 2020",
        "Kết quả thực hiện Kế hoạch số 2468/QĐ-UBND",
        "Kính gửi: Ủy ban nhân dân thành phố Đà Nẵng; Bộ Công Thương.",
        "- Bộ Công Thương;",
        "PHÓ GIÁM ĐỐC",
        "Có 0/",
    ] {
        assert!(text.contains(want), "no {want:?} in\n{text}");
    }
    assert!(!text.contains("Hải Phòng"), "{text}");
}
