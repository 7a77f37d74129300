//! The look shared by every workbook the tool writes (consolidated,
//! feedback, forms): Times New Roman (Decree 30/2020/NĐ-CP), A4 landscape,
//! fit to page width, repeated header rows, page numbers, and a fixed
//! creation time so the same inputs give byte-identical files.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// The font of administrative documents.
pub const FONT: &str = "Times New Roman";

/// Number format for values and totals with no decimals (a value's own
/// format comes from [`number_format`]).
pub const NUMBER_FORMAT: &str = "#,##0";

/// The number format that shows `v` as it is, rounded to at most two
/// decimals: `#,##0` for whole numbers, `#,##0.0` or `#,##0.00` otherwise.
/// Never `#,##0.##`, which Excel prints as "38." for 38.
///
/// # Examples
/// ```
/// use tonghop::write::style::number_format;
/// assert_eq!(number_format(38.0), "#,##0");
/// assert_eq!(number_format(38.004), "#,##0");
/// assert_eq!(number_format(-2.5), "#,##0.0");
/// assert_eq!(number_format(85.7142857), "#,##0.00");
/// assert_eq!(number_format(1.10), "#,##0.0");
/// ```
pub fn number_format(v: f64) -> &'static str {
    NUMBER_FORMATS[decimals(v).min(2)]
}

/// The number formats of [`number_format`], by decimals.
pub const NUMBER_FORMATS: [&str; 3] = [NUMBER_FORMAT, "#,##0.0", "#,##0.00"];

/// The decimals `v` shows with, rounded to two: 0, 1 or 2 (0 for a value
/// that is not finite). The workbooks' formats and the báo cáo's figures
/// both come from it, so the two print the same.
pub fn decimals(v: f64) -> usize {
    if !v.is_finite() {
        return 0;
    }
    let hundredths = (v.abs() * 100.0).round();
    if hundredths % 100.0 == 0.0 {
        0
    } else if hundredths % 10.0 == 0.0 {
        1
    } else {
        2
    }
}

/// `v` as Vietnamese print shows it, with [`decimals`] decimals: "." between
/// thousands, "," before the decimals.
///
/// # Examples
/// ```
/// use tonghop::write::style::vn_number;
/// assert_eq!(vn_number(1234567.0), "1.234.567");
/// assert_eq!(vn_number(-1234.5), "-1.234,5");
/// assert_eq!(vn_number(85.714), "85,71");
/// assert_eq!(vn_number(0.004), "0");
/// ```
pub fn vn_number(v: f64) -> String {
    let d = decimals(v);
    let s = format!("{:.*}", d, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// A new workbook whose document properties carry `date` (not the wall
/// clock), so that two runs with the same inputs and date are identical.
///
/// # Examples
/// ```
/// # use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let mut a = tonghop::write::style::workbook(d, "Tổng hợp");
/// let mut b = tonghop::write::style::workbook(d, "Tổng hợp");
/// a.add_worksheet();
/// b.add_worksheet();
/// assert_eq!(a.save_to_buffer()?, b.save_to_buffer()?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn workbook(date: NaiveDate, title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(2000),
        date.month() as u8,
        date.day() as u8,
    )
    .unwrap_or_default();
    let props = DocProperties::new()
        .set_title(title)
        .set_author("tonghop")
        .set_creation_datetime(&when);
    wb.set_properties(&props);
    wb
}

/// A workbook of one unit (its feedback, its form): like [`workbook`], its
/// parts compressed at zlib level 1. A thousand small workbooks spent half
/// their time in level 6's deflate for a fifth less bytes (about 7.5 KB
/// instead of 6 KB each); the consolidated workbook, large and written once,
/// keeps the default level.
pub fn small_workbook(date: NaiveDate, title: &str) -> Workbook {
    let mut wb = workbook(date, title);
    wb.set_zip_compression_level(1);
    wb
}

/// Plain text: wrapped, top-aligned, thin border.
pub fn text() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// A table header cell: bold, centred, grey, wrapped, bordered.
pub fn header() -> Format {
    text()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9D9D9))
}

/// A number cell (`#,##0`; writers set each value's own format with
/// [`number_format`]).
pub fn number() -> Format {
    text()
        .set_num_format(NUMBER_FORMAT)
        .set_align(FormatAlign::Right)
}

/// A section row inside a table: bold, light fill.
pub fn section() -> Format {
    text().set_bold().set_background_color(Color::RGB(0xF2F2F2))
}

/// A value marked because its row carries an error finding.
pub fn marked(base: Format) -> Format {
    base.set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006))
}

/// Text outside tables (heading block, notes): no border.
pub fn plain() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(12)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

/// A centred bold title line, no border.
pub fn title() -> Format {
    plain()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
}

/// Print setup for a table sheet: A4 landscape, fit to one page wide, rows
/// `first_header..=last_header` repeated on every page and frozen, page
/// numbers in the footer, narrow margins.
///
/// # Errors
/// A [`XlsxError`] when the rows are out of Excel's range.
pub fn print_setup(
    ws: &mut Worksheet,
    first_header: u32,
    last_header: u32,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(first_header, last_header)?;
    ws.set_freeze_panes(last_header + 1, 0)?;
    ws.set_footer("&C&\"Times New Roman\"Trang &P/&N");
    Ok(())
}

/// A4 landscape inside the margins of [`print_setup`], in points.
pub(crate) const PRINT_W: f64 = 842.0 - 0.8 * 72.0;
pub(crate) const PRINT_H: f64 = 595.0 - 1.2 * 72.0;

/// The first row of each printed page after the first, for manual page
/// breaks that keep rows together on a sheet printed with [`print_setup`]
/// (A4 landscape, fit to width): the pages are laid out from `heights`
/// (row, points; rows not listed count 15 points) at the scale that fits
/// `widths` to the page, filled to 90 % (Excel and LibreOffice paginate a
/// little differently); a page never ends on a row of `keep` (a heading, a
/// table header), and a `blocks` range (a small table) that would be split
/// moves whole to the next page when it fits on one. `repeat`: the header
/// row printed on every page; `forced`: rows that start a page anyway.
pub fn page_breaks(
    widths: &[f64],
    heights: &[(u32, f64)],
    keep: &std::collections::BTreeSet<u32>,
    blocks: &[(u32, u32)],
    repeat: Option<u32>,
    forced: &[u32],
) -> Vec<u32> {
    // Excel's column width w is 7w + 5 pixels of the default font, 0.75
    // point each; fit to width prints at a whole percentage.
    let width_pt: f64 = widths.iter().map(|w| (w * 7.0 + 5.0) * 0.75).sum();
    let scale = if width_pt > PRINT_W {
        ((PRINT_W / width_pt) * 100.0).floor().max(10.0) / 100.0
    } else {
        1.0
    };
    let capacity = PRINT_H / scale * 0.9;
    let (Some(first), Some(last)) = (heights.first(), heights.last()) else {
        return Vec::new();
    };
    let known: std::collections::BTreeMap<u32, f64> = heights.iter().copied().collect();
    let _ = first;
    let rows: Vec<(u32, f64)> = (0..=last.0)
        .map(|r| (r, known.get(&r).copied().unwrap_or(15.0)))
        .collect();
    let header = repeat.and_then(|r| known.get(&r).copied()).unwrap_or(0.0);
    let mut breaks = Vec::new();
    let mut start = 0usize;
    let mut used = 0.0;
    let mut i = 0usize;
    while i < rows.len() {
        let (row, h) = rows[i];
        if forced.contains(&row) && i > start {
            start = i;
            used = header;
        }
        if used + h > capacity && i > start {
            let mut b = i;
            // A block split here moves whole when it fits on a page.
            if let Some(&(first, last)) = blocks.iter().find(|(f, l)| *f < row && row <= *l) {
                let whole: f64 = rows
                    .iter()
                    .filter(|(r, _)| (first..=last).contains(r))
                    .map(|(_, h)| h)
                    .sum();
                if let Some(k) = rows[start + 1..i].iter().position(|(r, _)| *r == first) {
                    if header + whole <= capacity {
                        b = start + 1 + k;
                    }
                }
            }
            while b > start + 1 && keep.contains(&rows[b - 1].0) {
                b -= 1;
            }
            breaks.push(rows[b].0);
            start = b;
            used = header + rows[b..i].iter().map(|(_, h)| h).sum::<f64>();
            continue;
        }
        used += h;
        i += 1;
    }
    breaks
}

/// A sheet name Excel accepts, from any text: the characters `[ ] : * ? / \`
/// replaced, at most 31 characters, unique among `taken` (a number is added).
///
/// # Examples
/// ```
/// use tonghop::write::style::sheet_name;
/// assert_eq!(sheet_name("Khó khăn / Kiến nghị", &[]), "Khó khăn - Kiến nghị");
/// assert_eq!(sheet_name("A", &["A".to_string()]), "A (2)");
/// ```
pub fn sheet_name(s: &str, taken: &[String]) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() {
        "Trang".into()
    } else {
        clean.chars().take(31).collect()
    };
    let lower = |x: &str| x.to_lowercase();
    if !taken.iter().any(|t| lower(t) == lower(&base)) {
        return base;
    }
    for n in 2.. {
        let suffix = format!(" ({n})");
        let keep = 31 - suffix.chars().count();
        let cand: String = base.chars().take(keep).collect::<String>() + &suffix;
        if !taken.iter().any(|t| lower(t) == lower(&cand)) {
            return cand;
        }
    }
    base
}

pub use crate::model::EXCEL_MAX_CHARS;

/// Text as a cell can hold it: cut to [`EXCEL_MAX_CHARS`] characters, ending
/// with "…" when cut (rule T12 tells the unit). Every text a workbook writes
/// goes through here, so no input can make a workbook unwritable.
///
/// # Examples
/// ```
/// use tonghop::write::style::{excel_text, EXCEL_MAX_CHARS};
/// assert_eq!(excel_text("ngắn"), "ngắn");
/// let long = "a".repeat(40_000);
/// let cut = excel_text(&long);
/// assert_eq!(cut.chars().count(), EXCEL_MAX_CHARS);
/// assert!(cut.ends_with('…'));
/// ```
pub fn excel_text(s: &str) -> std::borrow::Cow<'_, str> {
    // Excel counts UTF-16 units; Vietnamese letters are one unit each, and
    // counting characters keeps the rare astral ones safely below the cap
    // only if we count them twice.
    let units: usize = s.chars().map(char::len_utf16).sum();
    if units <= EXCEL_MAX_CHARS {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(EXCEL_MAX_CHARS * 2);
    let mut used = 0;
    for c in s.chars() {
        if used + c.len_utf16() > EXCEL_MAX_CHARS - 1 {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

mod lines;
pub use lines::{fit_width, row_height, split_lines, text_lines};
