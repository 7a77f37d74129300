//! The consolidated workbook `tong-hop-<ky>.xlsx` (OUTPUTS.md): six sheets
//! "Tổng hợp", "Nhiệm vụ", "Chỉ tiêu", "Khó khăn - Kiến nghị", "Tình hình
//! nộp" and "Kiểm tra", laid out from a [`Consolidated`].
//!
//! Presentation follows Decree 30/2020/NĐ-CP through [`super::style`]. Row
//! heights are set from the wrapped length of each cell (the shared style
//! fixes a default row height, so neither Excel nor LibreOffice would grow a
//! row for wrapped text by itself). The place on the date line is
//! `dia_danh` of `ke-hoach.csv` when given, else what follows the last
//! "thành phố" or "tỉnh" in the issuing body ("Ủy ban nhân dân thành phố
//! Hải Phòng" → "Hải Phòng"), else the issuing body itself.
//!
//! The sheet "Tổng hợp" is a report, not a table: it gets the page setup
//! (A4 landscape, fit to width, page numbers) but no repeated rows, frozen
//! panes or filter. Every other sheet is one table with its header rows
//! repeated and frozen and an autofilter.
//!
//! The five table sheets are rust_xlsxwriter "constant memory" worksheets:
//! each row goes to a temporary file once the next row is started, so the
//! workbook never holds all its cells (the "Chỉ tiêu" sheet has one column
//! per unit, and the plan can have thousands of tasks). They are therefore
//! written strictly row by row, each row's height set before the next row
//! starts. Their strings are stored inline rather than shared, which makes
//! the file slightly larger but changes nothing a reader sees.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;

use super::style;
use crate::consolidate::Consolidated;
use crate::messages as m;
use crate::plan::Plan;
use crate::validate::Finding;

mod charts;
mod findings;
mod format;
mod grid;
mod indicators;
mod issues;
mod summary;
mod tasks;
mod units;

use grid::table_sheet;

/// Builds `tong-hop-<ky>.xlsx`.
///
/// `findings` are the run's findings in `kiem-tra.csv` order; `date` is the
/// date printed on the report and stored as the creation date, so the same
/// inputs and date give the same bytes.
///
/// # Errors
/// A [`XlsxError`] when the workbook cannot be assembled (not expected for
/// any input: texts are cut to Excel's cell limit).
pub fn tong_hop_xlsx(
    plan: &Plan,
    c: &Consolidated,
    findings: &[Finding],
    date: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Vec::new();
    write_tong_hop_xlsx(plan, c, findings, date, &mut book)?;
    Ok(book)
}

/// Writes `tong-hop-<ky>.xlsx` to `w` as it is compressed, part by part
/// (the bytes of [`tong_hop_xlsx`]): at 5,000 units the file is 20 MB,
/// which a buffer would hold whole, and twice over while it grows.
///
/// # Errors
/// As [`tong_hop_xlsx`], and a [`XlsxError::IoError`] when `w` fails.
pub fn write_tong_hop_xlsx(
    plan: &Plan,
    c: &Consolidated,
    findings: &[Finding],
    date: NaiveDate,
    w: impl std::io::Write + Send,
) -> Result<(), XlsxError> {
    let label = c.period.label();
    let mut wb = style::workbook(date, &m::workbook_title(&label));
    let palette = format::table_palette();
    for f in &palette {
        wb.register_format(f);
    }
    summary::summary_sheet(wb.add_worksheet(), plan, c, date)?;
    for _ in 0..5 {
        table_sheet(&mut wb)?;
    }
    // The five table sheets are written at the same time: "Nhiệm vụ" on
    // one core, the others on the second. Their formats are all registered
    // above, so the bytes do not depend on which sheet comes first.
    let [_, tasks_ws, indicators_ws, issues_ws, units_ws, findings_ws] =
        wb.worksheets_mut().as_mut_slice()
    else {
        return Err(XlsxError::ParameterError("sheets".into()));
    };
    let p = palette.as_slice();
    let (a, b) = rayon::join(
        || tasks::tasks_sheet(tasks_ws, p, plan, c),
        || {
            indicators::indicators_sheet(indicators_ws, p, plan, c)?;
            issues::issues_sheet(issues_ws, p, c)?;
            units::units_sheet(units_ws, p, c)?;
            findings::findings_sheet(findings_ws, p, c, findings)
        },
    );
    a?;
    b?;
    // Compressing the parts is the last step, on one core: level 3 takes
    // half the time of the default 6 for a file a fifth larger (at 1,000
    // units 0.15 s instead of 0.3-0.4 s, 4.0 MB instead of 3.3 MB).
    wb.set_zip_compression_level(3);
    wb.save_to_writer(w)
}

/// The place of the date line (see the module docs).
///
/// # Examples
/// ```
/// # use std::collections::BTreeMap;
/// use tonghop::write::workbook::place_name;
/// assert_eq!(place_name("Ủy ban nhân dân thành phố Hải Phòng", &BTreeMap::new()), "Hải Phòng");
/// assert_eq!(place_name("UBND tỉnh Quảng Ninh", &BTreeMap::new()), "Quảng Ninh");
/// let extra = BTreeMap::from([("dia_danh".to_string(), "Đồ Sơn".to_string())]);
/// assert_eq!(place_name("Ủy ban nhân dân thành phố Hải Phòng", &extra), "Đồ Sơn");
/// ```
pub fn place_name(issuing_body: &str, extra: &BTreeMap<String, String>) -> String {
    if let Some(p) = extra.get("dia_danh").map(|s| s.trim()) {
        if !p.is_empty() {
            return p.to_string();
        }
    }
    let words: Vec<&str> = issuing_body.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
    let mut start = None;
    for i in 0..folded.len() {
        if folded[i] == "tinh" {
            start = Some(i + 1);
        }
        if folded[i] == "thanh" && folded.get(i + 1).is_some_and(|w| w == "pho") {
            start = Some(i + 2);
        }
    }
    match start {
        Some(s) if s < words.len() => words[s..].join(" "),
        _ => issuing_body.trim().to_string(),
    }
}
#[cfg(test)]
mod tests {
    use super::grid::{row_of, Grid};
    use super::tasks::results_text;
    use super::*;
    use crate::consolidate::TaskLine;
    use crate::consolidate::{consolidate, tests as fx};
    use rust_xlsxwriter::Workbook;

    #[test]
    fn results_lead_first_then_coordinators_by_name() {
        let (_d, plan) = fx::plan();
        let outcome_ = fx::outcome();
        let c = consolidate(&plan, fx::period(), &outcome_, None);
        let tasks: Vec<&TaskLine> = c.sections.iter().flat_map(|s| &s.tasks).collect();
        // NV2: one lead (STP), coordinator SCT.
        assert_eq!(
            results_text(tasks[1]),
            "Kết quả NV2 dòng 6\nSở Công Thương: Kết quả NV2 dòng 7"
        );
        // NV1: two leads, both named.
        assert!(
            results_text(tasks[0]).starts_with("Sở Công Thương: Kết quả NV1 dòng 6\nSở Tư pháp: ")
        );
        assert_eq!(results_text(tasks[3]), "Chưa có báo cáo");
    }

    #[test]
    fn results_longer_than_the_tallest_row_go_on_in_the_rows_below() {
        use calamine::{Data, Reader};
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let mut c = consolidate(&plan, fx::period(), &o, None);
        // Sixty paragraphs of about two lines each: far more than one row
        // of 409 points shows.
        let long: String = (1..=60)
            .map(|i| format!("Đoạn {i}: đã tổ chức hội nghị quán triệt, tập huấn cho cán bộ, công chức, viên chức."))
            .collect::<Vec<_>>()
            .join("\n");
        let task = &mut c.sections[0].tasks[1];
        task.results.truncate(1);
        task.results[0].result = &long;
        let code = task.code.clone();
        let whole = results_text(task);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let mut x = calamine::Xlsx::new(std::io::Cursor::new(book)).unwrap();
        let range = x.worksheet_range(crate::messages::SHEET_TASKS).unwrap();
        let text = |r: &[Data], i: usize| match r.get(i) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        };
        let rows: Vec<&[Data]> = range.rows().filter(|r| text(r, 1) == code).collect();
        assert!(rows.len() >= 3, "{} rows", rows.len());
        assert_eq!(text(rows[0], 2), c.sections[0].tasks[1].content);
        for r in &rows[1..] {
            assert_eq!(text(r, 2), crate::messages::CONTINUED);
            assert_eq!(text(r, 0), "");
        }
        // Nothing is lost or repeated, and no part is taller than a row.
        let parts: Vec<String> = rows.iter().map(|r| text(r, 9)).collect();
        assert_eq!(parts.join("\n"), whole);
        assert!(parts.iter().all(|p| style::text_lines(p, 44.0, 12.0) <= 24));
        // A short result keeps its one row.
        let other = c.sections[0].tasks[0].code.clone();
        assert_eq!(range.rows().filter(|r| text(r, 1) == other).count(), 1);
    }

    fn sheet_xml(book: &[u8], n: usize) -> String {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut f = z.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn table_sheets_stream_rows_and_keep_their_heights() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        // "Tổng hợp" is an ordinary sheet (shared strings); "Nhiệm vụ" a
        // constant memory one (inline strings).
        assert!(!sheet_xml(&book, 1).contains("inlineStr"));
        let tasks = sheet_xml(&book, 2);
        assert!(tasks.contains(r#"t="inlineStr""#));
        // Every row has the height its cells need, set before the row was
        // written out (above the sheet's default 18 points), and is written
        // once; then comes the empty closing row.
        let attr = |tag: &str, name: &str| -> Option<String> {
            let v = tag.split(&format!(r#" {name}=""#)).nth(1)?;
            Some(v[..v.find('"')?].to_string())
        };
        let rows: Vec<(u32, Option<f64>)> = tasks
            .split("<row ")
            .skip(1)
            .map(|row| {
                let tag = format!(" {}", &row[..row.find('>').unwrap()]);
                (
                    attr(&tag, "r").unwrap().parse().unwrap(),
                    attr(&tag, "ht").map(|h| h.parse().unwrap()),
                )
            })
            .collect();
        let tasks_n: usize = c.sections.iter().map(|s| s.tasks.len()).sum();
        // Title, header, sections, tasks, and the legend of the marked cells.
        let table = 2 + c.sections.len() + tasks_n + 1;
        let numbers: Vec<u32> = rows.iter().map(|(r, _)| *r).collect();
        assert_eq!(numbers, (1..=row_of(table + 1)).collect::<Vec<_>>());
        let heights: Vec<f64> = rows[..table]
            .iter()
            .map(|(_, h)| h.unwrap_or(0.0))
            .collect();
        assert!(heights.iter().all(|h| *h > 18.0), "{heights:?}");
        assert!(heights.iter().any(|h| *h > 40.0), "{heights:?}");
        // The closing row keeps the default height.
        assert_eq!(rows[table], (table as u32 + 1, None));
        // No table sheet writes a row twice or out of order.
        for n in 2..=6 {
            let xml = sheet_xml(&book, n);
            let numbers: Vec<u32> = xml
                .split("<row r=\"")
                .skip(1)
                .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(
                numbers.windows(2).all(|w| w[0] < w[1]),
                "sheet {n}: {numbers:?}"
            );
        }
        assert!(tasks.contains("<autoFilter ref=\"A2:"));
        assert!(tasks.contains("<pane ySplit=\"2\""));
    }

    #[test]
    fn a_grid_refuses_an_earlier_row() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let mut g = Grid::new(ws, &[10.0]).unwrap();
        g.text(3, 0, "a", &style::text()).unwrap();
        g.text(3, 0, "b", &style::text()).unwrap();
        assert!(g.text(2, 0, "c", &style::text()).is_err());
        assert!(g.note(1, 0, "d").is_err());
        g.text(5, 0, "e", &style::text()).unwrap();
        g.finish().unwrap();
    }

    fn part(book: &[u8], name: &str) -> Option<String> {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut f = z.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        Some(s)
    }

    #[test]
    fn numbers_print_without_a_trailing_dot() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let styles = part(&book, "xl/styles.xml").unwrap();
        assert!(!styles.contains("#,##0.##"), "{styles}");
        assert!(
            styles.contains(r##"formatCode="#,##0.0""##),
            "14.5 has one decimal"
        );
        assert!(styles.contains(r##"formatCode="#,##0""##), "whole numbers");
    }

    #[test]
    fn summary_charts_carry_their_figures() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let bar = part(&book, "xl/charts/chart1.xml").expect("bar chart");
        assert!(bar.contains(r#"<c:grouping val="stacked"/>"#));
        // The cached values are there, so a viewer need not recalculate:
        // one series per status, one point per section.
        assert_eq!(bar.matches("<c:numCache>").count(), 5);
        assert!(bar.contains(&format!(r#"<c:ptCount val="{}"/>"#, c.sections.len())));
        let pie = part(&book, "xl/charts/chart2.xml").expect("pie chart");
        assert!(pie.contains("<c:pieChart>"));
        let s = &c.submission;
        for n in [s.on_time, s.late, s.missing] {
            assert!(pie.contains(&format!("<c:v>{n}</c:v>")), "{pie}");
        }
        // Both on the ordinary sheet "Tổng hợp".
        let rels = part(&book, "xl/worksheets/_rels/sheet1.xml.rels").unwrap();
        assert!(rels.contains("drawing"));
    }

    #[test]
    fn indicator_totals_come_right_after_the_name() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let book = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let xml = sheet_xml(&book, 3);
        let header = &xml[xml.find(r#"<row r="2""#).unwrap()..];
        let header = &header[..header.find("</row>").unwrap()];
        let texts: Vec<&str> = header
            .split("<t>")
            .skip(1)
            .map(|t| &t[..t.find("</t>").unwrap()])
            .collect();
        assert_eq!(&texts[5..7], ["Tổng hợp", "Kế hoạch năm"]);
        assert_eq!(texts[10], "Sở Công Thương");
    }

    #[test]
    fn same_inputs_same_bytes() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let a = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        let b = tong_hop_xlsx(&plan, &c, &o.findings, d).unwrap();
        assert_eq!(a, b);
        if let Some(p) = std::env::var_os("TONGHOP_DUMP_XLSX") {
            std::fs::write(p, &a).unwrap();
        }
    }
}
