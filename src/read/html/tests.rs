use super::*;
use crate::read::Raw;

fn cell(g: &Grid, r: u32, c: u32) -> Raw {
    g.sheets[0]
        .rows
        .get(&r)
        .and_then(|row| row.get(&c))
        .map_or(Raw::Empty, |c| c.value.clone())
}

#[test]
fn spans_are_merged_cells_and_tables_stack() {
    let page = r#"<html><head><style>.p{mso-number-format:"0%";font-family:".VnTime"}</style></head><body>
        <p>Đơn vị: S&#7903; Công Thương</p>
        <table><tr><th rowspan=2>Mã</th><th colspan=2>Kết quả</th></tr>
        <tr><th>Tỷ lệ</th><th>Ghi chú</th></tr>
        <tr><td>NV1</td><td class=p x:num="0.4">40%</td><td>dòng 1<br>dòng 2</td></tr></table>
        <table><tr><td x:num>12,5</td><td x:str>007</td></tr></table></body></html>"#;
    let g = read(page.as_bytes(), &Limits::default()).expect("html");
    assert_eq!(cell(&g, 0, 0), Raw::Text("Đơn vị: Sở Công Thương".into()));
    assert_eq!(cell(&g, 1, 0), Raw::Text("Mã".into()));
    assert_eq!(cell(&g, 1, 1), Raw::Text("Kết quả".into()));
    assert_eq!(cell(&g, 2, 1), Raw::Text("Tỷ lệ".into()));
    assert_eq!(cell(&g, 2, 2), Raw::Text("Ghi chú".into()));
    assert_eq!(cell(&g, 3, 1), Raw::Percent(0.4));
    assert_eq!(g.sheets[0].font(3, 1), Some(".VnTime"));
    assert_eq!(cell(&g, 3, 2), Raw::Text("dòng 1\ndòng 2".into()));
    assert_eq!(cell(&g, 4, 1), Raw::Text("007".into()));
    assert_eq!(g.sheets[0].merges.len(), 2);
}

#[test]
fn a_report_inside_a_layout_table_is_laid_out() {
    let page = r#"<html><body><table><tr><td>SỞ CÔNG THƯƠNG</td><td>CỘNG HÒA</td></tr>
        <tr><td colspan=2><table><tr><td>Mã</td><td>Tình trạng</td><td>Tỷ lệ<table><tr><td>a</td></tr></table></td></tr>
        <tr><td>NV1</td><td>Xong</td><td>100</td></tr></table></td></tr></table></body></html>"#;
    let g = read(page.as_bytes(), &Limits::default()).expect("html");
    assert_eq!(cell(&g, 0, 0), Raw::Text("SỞ CÔNG THƯƠNG".into()));
    assert_eq!(cell(&g, 1, 0), Raw::Text("CỘNG HÒA".into()));
    assert_eq!(cell(&g, 2, 0), Raw::Text("Mã".into()));
    // A table nested in a report cell stays text of that cell.
    assert_eq!(cell(&g, 2, 2), Raw::Text("Tỷ lệ\na".into()));
    assert_eq!(cell(&g, 3, 2), Raw::Text("100".into()));
}

#[test]
fn a_page_without_table_is_not_a_report() {
    assert!(matches!(
        read(
            b"<html><body><p>Kinh gui</p></body></html>",
            &Limits::default()
        ),
        Err(ReadError::NotSpreadsheet { .. })
    ));
}

#[test]
fn nesting_and_tags_are_bounded() {
    let deep = "<table><tr><td>".repeat(20);
    assert!(matches!(
        read(format!("<html>{deep}").as_bytes(), &Limits::default()),
        Err(ReadError::TooDeep { .. })
    ));
}
