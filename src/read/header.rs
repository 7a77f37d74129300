//! Finding a table's header row by its labels and mapping columns, then
//! sorting the rows under it into data rows, numbering rows, section titles
//! and blanks (FORM.md §3).
//!
//! Labels are compared whole after [`norm_label`] (folded, punctuation and a
//! "(%)" suffix removed), never as substrings: "Thực hiện" must not match
//! "Kết quả thực hiện" or "Đơn vị phối hợp".

use std::collections::BTreeMap;

use super::{IndicatorCol, Raw, Row, TaskCol};
use crate::text::fold;

/// A table kind: the task table or the indicator table.
pub(super) trait Column: Copy + Ord + std::fmt::Debug + 'static {
    /// Every column with its accepted labels, already in [`norm_label`] form.
    const LABELS: &'static [(Self, &'static [&'static str])];
    /// The code column.
    const CODE: Self;
    /// Columns whose value keeps a row that has no code (so that validation
    /// can flag it).
    const KEEP_WITHOUT_CODE: &'static [Self];
    /// A column that may hold a row number or a section letter ("A", "I").
    const NUMBER: Option<Self>;
}

impl Column for TaskCol {
    const LABELS: &'static [(TaskCol, &'static [&'static str])] = &[
        (TaskCol::Number, &["stt", "tt", "so tt", "so thu tu"]),
        (TaskCol::Code, &["ma nhiem vu", "ma nv", "ma so", "ma"]),
        (
            TaskCol::Content,
            &["noi dung nhiem vu", "nhiem vu", "noi dung", "ten nhiem vu"],
        ),
        (TaskCol::Role, &["vai tro"]),
        (
            TaskCol::Status,
            &[
                "tinh trang",
                "tien do",
                "trang thai",
                "tinh trang thuc hien",
                "tien do thuc hien",
                "trang thai thuc hien",
            ],
        ),
        (
            TaskCol::Share,
            &[
                "ty le hoan thanh",
                "% hoan thanh",
                "ty le",
                "ty le %",
                "muc do hoan thanh",
            ],
        ),
        (TaskCol::Result, &["ket qua thuc hien", "ket qua"]),
        (
            TaskCol::Difficulty,
            &["kho khan vuong mac", "kho khan", "vuong mac"],
        ),
        (
            TaskCol::Proposal,
            &[
                "de xuat kien nghi",
                "kien nghi de xuat",
                "kien nghi",
                "de xuat",
            ],
        ),
    ];
    const CODE: TaskCol = TaskCol::Code;
    const KEEP_WITHOUT_CODE: &'static [TaskCol] =
        &[TaskCol::Status, TaskCol::Share, TaskCol::Result];
    const NUMBER: Option<TaskCol> = Some(TaskCol::Number);
}

impl Column for IndicatorCol {
    const LABELS: &'static [(IndicatorCol, &'static [&'static str])] = &[
        (IndicatorCol::Code, &["ma chi tieu", "ma ct", "ma so", "ma"]),
        (
            IndicatorCol::Name,
            &["ten chi tieu", "chi tieu", "noi dung chi tieu"],
        ),
        (IndicatorCol::Measure, &["don vi tinh", "dvt", "don vi"]),
        (
            IndicatorCol::Value,
            &[
                "thuc hien ky bao cao",
                "thuc hien",
                "ky nay",
                "thuc hien ky nay",
                "thuc hien trong ky",
                "so thuc hien",
                "so lieu thuc hien",
                "gia tri thuc hien",
            ],
        ),
        (
            IndicatorCol::PreviousYear,
            &["cung ky nam truoc", "cung ky", "cung ky nam ngoai"],
        ),
        (IndicatorCol::Note, &["ghi chu"]),
    ];
    const CODE: IndicatorCol = IndicatorCol::Code;
    const KEEP_WITHOUT_CODE: &'static [IndicatorCol] = &[IndicatorCol::Value];
    const NUMBER: Option<IndicatorCol> = None;
}

/// Longest text taken for a label, in bytes; longer text matches none.
const MAX_LABEL_BYTES: usize = 256;

/// A label in comparable form: folded (case, diacritics, spaces), a
/// parenthesised "%", "*" or number removed, other punctuation turned into
/// spaces ("%" kept as a word), leading numbering ("1.", "II.") and a
/// trailing "%" dropped.
///
/// "Tỷ lệ hoàn\nthành (%)" → "ty le hoan thanh"; "% hoàn thành" →
/// "% hoan thanh"; "Khó khăn, vướng mắc" → "kho khan vuong mac".
pub(super) fn norm_label(s: &str) -> String {
    // No label is this long: folding paragraphs of results, or a huge cell
    // of a hostile file, for every header candidate cost most of the time.
    if s.len() > MAX_LABEL_BYTES {
        return String::new();
    }
    let f = fold(s);
    // Drop "(%)", "(*)", "(1)"… groups.
    let mut cleaned = String::with_capacity(f.len());
    let mut rest = f.as_str();
    while let Some(open) = rest.find('(') {
        cleaned.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) => {
                let inner = after[..close].trim();
                let drop = inner.is_empty()
                    || inner == "%"
                    || inner == "*"
                    || inner.chars().all(|c| c.is_ascii_digit());
                if !drop {
                    cleaned.push(' ');
                    cleaned.push_str(inner);
                    cleaned.push(' ');
                }
                rest = &after[close + 1..];
            }
            None => {
                rest = after;
            }
        }
    }
    cleaned.push_str(rest);
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in cleaned.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            if c == '%' {
                words.push("%".to_string());
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // Leading numbering: "1", "2", "i", "ii", "iv", "a" before a longer label.
    while words.len() > 1 && is_numbering_word(&words[0]) {
        words.remove(0);
    }
    if words.len() > 1 && words.last().map(String::as_str) == Some("%") {
        words.pop();
    }
    words.join(" ")
}

fn is_numbering_word(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit())
        || matches!(w, "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii")
}

/// The column of kind `C` that `label` (in [`norm_label`] form) names.
pub(super) fn match_label<C: Column>(label: &str) -> Option<C> {
    if label.is_empty() {
        return None;
    }
    C::LABELS
        .iter()
        .find(|(_, variants)| variants.contains(&label))
        .map(|(c, _)| *c)
}

/// A cell's text for label matching, when it is text.
fn cell_label(v: &Raw) -> Option<String> {
    match v {
        Raw::Text(t) => Some(norm_label(t)),
        _ => None,
    }
}

/// One row as read: 0-based sheet row and its non-empty cells by column,
/// in column order.
pub(super) type Cells = Vec<(u32, Raw)>;

/// A header found: the rows it spans and the column map.
#[derive(Debug, Clone)]
pub(super) struct Header<C: Ord> {
    /// 0-based row of the first header row.
    pub first_row: u32,
    /// 0-based row of the last header row.
    pub last_row: u32,
    /// Column of each mapped label.
    pub columns: BTreeMap<C, u32>,
}

/// A row's cells with the column each names, when it names one: the label
/// of every cell normalised and matched once per row (finding a header
/// looks at each row up to five times).
type Labeled<C> = Vec<(u32, Option<C>)>;

fn label_row<C: Column>(cells: &Cells) -> Labeled<C> {
    cells
        .iter()
        .map(|(col, v)| (*col, cell_label(v).and_then(|l| match_label::<C>(&l))))
        .collect()
}

/// The columns a single row maps, first column winning for each label.
fn map_row<C: Column>(cells: &[(u32, Option<C>)]) -> BTreeMap<C, u32> {
    let mut map = BTreeMap::new();
    for (col, c) in cells {
        if let Some(c) = c {
            map.entry(*c).or_insert(*col);
        }
    }
    map
}

/// Columns of a two-row header: per column, the lower row's label when it
/// names a column, else the upper row's.
fn map_pair<C: Column>(upper: &[(u32, Option<C>)], lower: &[(u32, Option<C>)]) -> BTreeMap<C, u32> {
    let mut per_col: BTreeMap<u32, C> = BTreeMap::new();
    for (col, c) in upper.iter().chain(lower) {
        if let Some(c) = c {
            per_col.insert(*col, *c);
        }
    }
    let mut map = BTreeMap::new();
    for (col, c) in per_col {
        map.entry(c).or_insert(col);
    }
    map
}

/// Whether `lower` continues the header in `upper` (a two-row header): it
/// names at least one column, mostly holds labels, and has no value under
/// the code column.
fn continues_header<C: Column>(upper: &[(u32, Option<C>)], lower: &[(u32, Option<C>)]) -> bool {
    let matched = lower.iter().filter(|(_, c)| c.is_some()).count();
    let other = lower.len() - matched;
    if matched == 0 || other > matched {
        return false;
    }
    let upper_map = map_row::<C>(upper);
    if let Some(code_col) = upper_map.get(&C::CODE) {
        if let Some((_, c)) = lower.iter().find(|(col, _)| col == code_col) {
            if c.is_none() {
                return false;
            }
        }
    }
    true
}

/// How good a column map is as a header: the number of columns found, when
/// it qualifies. With `need_code`, the code column and one other are
/// required; without it (a sheet found by its name), two columns.
fn score<C: Column>(map: &BTreeMap<C, u32>, need_code: bool) -> Option<usize> {
    let n = map.len();
    let has_code = map.contains_key(&C::CODE);
    let ok = if need_code {
        has_code && n >= 2
    } else {
        n >= 2 && (has_code || n >= 3)
    };
    ok.then_some(n)
}

/// Finds the header among the first rows of a sheet: the row (or pair of
/// rows) naming the most columns. Ties go to the earlier, single row.
pub(super) fn find_header<C: Column>(rows: &[(u32, Cells)], need_code: bool) -> Option<Header<C>> {
    let mut best: Option<(usize, Header<C>)> = None;
    let labeled: Vec<Labeled<C>> = rows.iter().map(|(_, c)| label_row::<C>(c)).collect();
    for (i, (r, _)) in rows.iter().enumerate() {
        let cells = &labeled[i];
        let single = map_row::<C>(cells);
        let mut candidate: Option<(usize, Header<C>)> = score(&single, need_code).map(|s| {
            (
                s,
                Header {
                    first_row: *r,
                    last_row: *r,
                    columns: single.clone(),
                },
            )
        });
        if let (Some((r2, _)), Some(lower)) = (rows.get(i + 1), labeled.get(i + 1)) {
            if *r2 == r + 1 && continues_header::<C>(cells, lower) {
                let pair = map_pair::<C>(cells, lower);
                // The upper row must add a column the lower row lacks;
                // otherwise it is a title above a one-row header.
                let lower_alone = map_row::<C>(lower).len();
                if let Some(s) = score(&pair, need_code).filter(|s| *s > lower_alone) {
                    if candidate.as_ref().is_none_or(|(cs, _)| s > *cs) {
                        candidate = Some((
                            s,
                            Header {
                                first_row: *r,
                                last_row: *r2,
                                columns: pair,
                            },
                        ));
                    }
                }
            }
        }
        if let Some((s, h)) = candidate {
            if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                best = Some((s, h));
            }
        }
    }
    best.map(|(_, h)| h)
}

/// How many columns of kind `C` the best header among `rows` names (0 when
/// none qualifies), for telling a renamed sheet's kind by its content.
pub(super) fn header_score<C: Column>(rows: &[(u32, Cells)]) -> usize {
    find_header::<C>(rows, true).map_or(0, |h| h.columns.len())
}

/// A numbering row "(1) (2) (3)…" (or "1 2 3", "A B C"): at least two
/// cells, each a short number or letter, optionally in parentheses.
pub(super) fn is_numbering_row(cells: &Cells) -> bool {
    let non_empty: Vec<&Raw> = cells
        .iter()
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
        .collect();
    non_empty.len() >= 2
        && non_empty.iter().all(|v| match v {
            Raw::Number(n) => n.fract() == 0.0 && *n >= 0.0 && *n < 100.0,
            Raw::Text(t) => {
                let t = t.trim();
                let t = t
                    .strip_prefix('(')
                    .and_then(|t| t.strip_suffix(')'))
                    .unwrap_or(t)
                    .trim();
                (1..=3).contains(&t.chars().count())
                    && (t.chars().all(|c| c.is_ascii_digit())
                        || t.chars().all(|c| c.is_ascii_alphabetic()))
            }
            _ => false,
        })
}

/// Turns a sheet row into a data row of the table, or `None` for a blank
/// row, a numbering row, a repeated header row or a section title row.
pub(super) fn data_row<C: Column>(
    row: u32,
    cells: &Cells,
    columns: &BTreeMap<C, u32>,
) -> Option<Row<C>> {
    if is_numbering_row(cells) {
        return None;
    }
    let by_col: BTreeMap<u32, C> = columns.iter().map(|(c, col)| (*col, *c)).collect();
    let mut values: BTreeMap<C, Raw> = BTreeMap::new();
    for (col, v) in cells {
        if v.is_empty() {
            continue;
        }
        if let Some(c) = by_col.get(col) {
            values.insert(*c, v.clone());
        }
    }
    let code = values.get(&C::CODE);
    let keep_value = C::KEEP_WITHOUT_CODE
        .iter()
        .any(|c| values.get(c).is_some_and(|v| !v.is_empty()));
    match code {
        None => {
            if !keep_value {
                return None;
            }
        }
        Some(v) => {
            // A repeated header row.
            if cell_label(v).and_then(|l| match_label::<C>(&l)) == Some(C::CODE) {
                return None;
            }
            // A section title written in the code column ("TUYÊN TRUYỀN",
            // "A. NHIỆM VỤ CHỦ TRÌ", "II"): not code-like, nothing else on
            // the row but a number/letter.
            if !keep_value && is_section_text(v) {
                let others = values
                    .keys()
                    .filter(|c| **c != C::CODE && Some(**c) != C::NUMBER)
                    .count();
                if others == 0 {
                    return None;
                }
            }
        }
    }
    Some(Row { row, cells: values })
}

/// Text that reads as a section title ("A. NHIỆM VỤ CHỦ TRÌ", "Phối hợp",
/// "II") rather than a code. Codes are short, in Latin letters, digits and
/// `. - _ /`, and hold a digit ("NV1.01", "CT 05"); a Roman numeral or a
/// single letter is section numbering.
fn is_section_text(v: &Raw) -> bool {
    let Raw::Text(t) = v else { return false };
    let t = t.trim();
    let code_like = t.len() <= 24
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | ' '));
    let numbering = t
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        || (t.trim_end_matches(['.', ')']).chars().count() == 1
            && t.chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '.' | ')')));
    !code_like || numbering
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_accepts_every_label_the_form_prints() {
        for c in TaskCol::ALL {
            assert_eq!(
                match_label::<TaskCol>(&norm_label(c.label())),
                Some(c),
                "{c:?}"
            );
        }
        for c in IndicatorCol::ALL {
            assert_eq!(
                match_label::<IndicatorCol>(&norm_label(c.label())),
                Some(c),
                "{c:?}"
            );
        }
    }

    fn t(s: &str) -> Raw {
        Raw::Text(s.to_string())
    }

    fn cells(vals: &[&str]) -> Cells {
        vals.iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(i, v)| (i as u32, t(v)))
            .collect()
    }

    #[test]
    fn section_titles_in_the_code_column() {
        for s in [
            "TUYÊN TRUYỀN",
            "A. NHIỆM VỤ CHỦ TRÌ",
            "Phối hợp",
            "II",
            "IV.",
            "B",
            "Chủ trì",
        ] {
            assert!(is_section_text(&t(s)), "{s}");
        }
        for s in ["NV1.01", "nv1.01", "NV 12", "CT05", "NV3.6.04", "2.1"] {
            assert!(!is_section_text(&t(s)), "{s}");
        }
    }

    #[test]
    fn text_too_long_for_a_label_matches_none() {
        let long = format!("Mã nhiệm vụ{}", " ".repeat(300));
        assert_eq!(norm_label(&long), "");
        assert_eq!(match_label::<TaskCol>(&norm_label(&long)), None);
    }

    #[test]
    fn labels_normalise() {
        assert_eq!(norm_label("Tỷ lệ hoàn\nthành (%)"), "ty le hoan thanh");
        assert_eq!(norm_label("% hoàn thành"), "% hoan thanh");
        assert_eq!(norm_label("Khó khăn, vướng mắc"), "kho khan vuong mac");
        assert_eq!(norm_label("Mã  nhiệm\nvụ (*)"), "ma nhiem vu");
        assert_eq!(norm_label("1. Mã đơn vị:"), "ma don vi");
        assert_eq!(norm_label("Hoàn thành"), "hoan thanh");
        assert_eq!(norm_label("Kinh phí (triệu đồng)"), "kinh phi trieu dong");
    }

    #[test]
    fn labels_match_whole() {
        let m = |s: &str| match_label::<IndicatorCol>(&norm_label(s));
        assert_eq!(m("Thực hiện"), Some(IndicatorCol::Value));
        assert_eq!(m("THỰC HIỆN KỲ BÁO CÁO"), Some(IndicatorCol::Value));
        assert_eq!(m("Kết quả thực hiện"), None);
        assert_eq!(m("Đơn vị phối hợp"), None);
        assert_eq!(m("So sánh cùng kỳ (%)"), None);
        assert_eq!(m("Cung ky nam truoc"), Some(IndicatorCol::PreviousYear));
        let t = |s: &str| match_label::<TaskCol>(&norm_label(s));
        assert_eq!(t("Tỷ lệ (%)"), Some(TaskCol::Share));
        assert_eq!(t("Hoàn thành"), None);
        assert_eq!(t("Kho khan, vuong mac"), Some(TaskCol::Difficulty));
        assert_eq!(t("Khó khăn, đề xuất"), None);
        assert_eq!(t("Tình hình triển khai"), None);
    }

    #[test]
    fn two_row_header_combines_columns() {
        let rows = vec![
            (0, cells(&["Đơn vị báo cáo: Sở X"])),
            (
                1,
                cells(&[
                    "STT",
                    "Mã nhiệm vụ",
                    "Nội dung",
                    "Tình hình triển khai",
                    "",
                    "",
                    "Khó khăn, đề xuất",
                ]),
            ),
            (
                2,
                cells(&[
                    "",
                    "",
                    "",
                    "Trạng thái",
                    "Tỷ lệ hoàn thành (%)",
                    "Kết quả thực hiện",
                    "Khó khăn, vướng mắc",
                    "De xuat, kien nghi",
                ]),
            ),
            (
                3,
                cells(&["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]),
            ),
        ];
        let h = find_header::<TaskCol>(&rows, true).unwrap();
        assert_eq!((h.first_row, h.last_row), (1, 2));
        assert_eq!(h.columns.get(&TaskCol::Code), Some(&1));
        assert_eq!(h.columns.get(&TaskCol::Status), Some(&3));
        assert_eq!(h.columns.get(&TaskCol::Share), Some(&4));
        assert_eq!(h.columns.get(&TaskCol::Result), Some(&5));
        assert_eq!(h.columns.get(&TaskCol::Difficulty), Some(&6));
        assert_eq!(h.columns.get(&TaskCol::Proposal), Some(&7));
        assert!(is_numbering_row(&rows[3].1));
    }

    #[test]
    fn data_row_under_header_is_not_a_second_header() {
        let rows = vec![
            (0, cells(&["STT", "Mã nhiệm vụ", "Tình trạng", "Kết quả"])),
            (1, cells(&["1", "NV1.01", "Hoàn thành", "Xong việc"])),
        ];
        let h = find_header::<TaskCol>(&rows, true).unwrap();
        assert_eq!((h.first_row, h.last_row), (0, 0));
    }

    #[test]
    fn section_rows_are_skipped() {
        let cols: BTreeMap<TaskCol, u32> = [
            (TaskCol::Number, 0),
            (TaskCol::Code, 1),
            (TaskCol::Content, 2),
            (TaskCol::Status, 3),
        ]
        .into_iter()
        .collect();
        assert!(data_row(5, &cells(&["A", "", "NHIỆM VỤ CHỦ TRÌ"]), &cols).is_none());
        assert!(data_row(5, &cells(&["A. NHIỆM VỤ CHỦ TRÌ"]), &cols).is_none());
        assert!(data_row(5, &cells(&["", "B. NHIỆM VỤ PHỐI HỢP"]), &cols).is_none());
        assert!(data_row(5, &cells(&["", "NV1.01"]), &cols).is_some());
        assert!(data_row(5, &cells(&["", "", "", "Hoàn thành"]), &cols).is_some());
        assert!(data_row(5, &cells(&["", "Mã nhiệm vụ", "", "Tình trạng"]), &cols).is_none());
    }
}
