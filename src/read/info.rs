//! The sheet "Thông tin": labels with their values to the right (after any
//! numbering column) or, when the labels form a header row, in the row
//! below (FORM.md §3). Cells that are neither labels nor values are kept as
//! titles, for finding the unit when the labels say too little.

use std::collections::BTreeMap;

use super::header::{norm_label, Cells};
use super::{Located, Raw, ReportInfo};

/// The info fields, by label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    UnitCode,
    UnitName,
    PlanId,
    Period,
    ReportDate,
    Preparer,
    Phone,
    Email,
    Head,
}

const LABELS: &[(Field, &[&str])] = &[
    (Field::UnitCode, &["ma don vi", "ma dv"]),
    (
        Field::UnitName,
        &[
            "ten don vi",
            "don vi bao cao",
            "ten don vi bao cao",
            "don vi",
        ],
    ),
    (Field::PlanId, &["ma ke hoach"]),
    (Field::Period, &["ky bao cao"]),
    (Field::ReportDate, &["ngay bao cao"]),
    (
        Field::Preparer,
        &["nguoi lap", "nguoi lap bieu", "nguoi lap bao cao"],
    ),
    (Field::Phone, &["dien thoai", "so dien thoai", "dt"]),
    (Field::Email, &["email", "e mail", "thu dien tu"]),
    (
        Field::Head,
        &["thu truong don vi", "thu truong", "lanh dao don vi"],
    ),
];

fn field_of(label: &str) -> Option<Field> {
    LABELS
        .iter()
        .find(|(_, v)| v.contains(&label))
        .map(|(f, _)| *f)
}

fn label_field(v: &Raw) -> Option<Field> {
    match v {
        Raw::Text(t) => field_of(&norm_label(t)),
        _ => None,
    }
}

/// How many info labels `rows` hold, to recognise a renamed info sheet.
pub(super) fn label_count(rows: &[(u32, Cells)]) -> usize {
    rows.iter()
        .flat_map(|(_, cells)| cells.iter())
        .filter(|(_, v)| label_field(v).is_some())
        .count()
}

fn slot(info: &mut ReportInfo, f: Field) -> &mut Option<Located> {
    match f {
        Field::UnitCode => &mut info.unit_code,
        Field::UnitName => &mut info.unit_name,
        Field::PlanId => &mut info.plan_id,
        Field::Period => &mut info.period,
        Field::ReportDate => &mut info.report_date,
        Field::Preparer => &mut info.preparer,
        Field::Phone => &mut info.phone,
        Field::Email => &mut info.email,
        Field::Head => &mut info.head,
    }
}

/// Reads the info fields from the rows of `sheet`; the texts of unlabelled
/// cells go to `titles`, in sheet order.
pub(super) fn read_info(
    sheet: &str,
    rows: &[(u32, Cells)],
    titles: &mut Vec<String>,
) -> ReportInfo {
    let mut info = ReportInfo {
        sheet: Some(sheet.to_string()),
        ..ReportInfo::default()
    };
    let by_row: BTreeMap<u32, &Cells> = rows.iter().map(|(r, c)| (*r, c)).collect();
    // Cells used as labels or values.
    let mut used: BTreeMap<(u32, u32), ()> = BTreeMap::new();
    let located = |row: u32, col: u32, value: Raw| Located {
        sheet: sheet.to_string(),
        row,
        col,
        value,
    };
    for (r, cells) in rows {
        for (i, (c, v)) in cells.iter().enumerate() {
            if let Some(field) = label_field(v) {
                used.insert((*r, *c), ());
                // The next non-empty cell to the right, unless it is a label.
                let right = cells.get(i + 1).filter(|(_, rv)| label_field(rv).is_none());
                let value = match right {
                    Some((rc, rv)) => Some((*r, *rc, rv.clone())),
                    None => {
                        // A header row: the value is in the row below.
                        let below = by_row
                            .range(r + 1..=r.saturating_add(2))
                            .next()
                            .and_then(|(br, bcells)| {
                                bcells
                                    .iter()
                                    .find(|(bc, _)| bc == c)
                                    .map(|(bc, bv)| (*br, *bc, bv.clone()))
                            })
                            .filter(|(_, _, bv)| label_field(bv).is_none());
                        below
                    }
                };
                if let Some((vr, vc, vv)) = value {
                    used.insert((vr, vc), ());
                    let s = slot(&mut info, field);
                    if s.is_none() {
                        *s = Some(located(vr, vc, vv));
                    }
                }
            } else if let Raw::Text(t) = v {
                // "Mã đơn vị: SGDDT" in one cell.
                if let Some((label, value)) = t.split_once(':') {
                    if let Some(field) = field_of(&norm_label(label)) {
                        let value = value.trim();
                        if !value.is_empty() {
                            used.insert((*r, *c), ());
                            let s = slot(&mut info, field);
                            if s.is_none() {
                                *s = Some(located(*r, *c, Raw::Text(value.to_string())));
                            }
                        }
                    }
                }
            }
        }
    }
    for (r, cells) in rows {
        for (c, v) in cells {
            if let (Raw::Text(t), false) = (v, used.contains_key(&(*r, *c))) {
                titles.push(t.trim().to_string());
            }
        }
    }
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(r: u32, vals: &[Raw]) -> (u32, Cells) {
        (
            r,
            vals.iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(i, v)| (i as u32, v.clone()))
                .collect(),
        )
    }
    fn t(s: &str) -> Raw {
        if s.is_empty() {
            Raw::Empty
        } else {
            Raw::Text(s.into())
        }
    }

    #[test]
    fn label_value_pairs_with_numbering_column() {
        let rows = vec![
            row(0, &[t("THÔNG TIN CHUNG VỀ BÁO CÁO")]),
            row(2, &[Raw::Number(1.0), t("Mã đơn vị"), t(""), t("SGDDT")]),
            row(3, &[Raw::Number(2.0), t("Ky bao cao"), t(""), t("6T/2020")]),
            row(4, &[Raw::Number(3.0), t("Ngày báo cáo"), t("")]),
            row(5, &[Raw::Number(4.0), t("Người lập"), t(""), t("Lê A")]),
        ];
        let mut titles = Vec::new();
        let info = read_info("Thông tin", &rows, &mut titles);
        let code = info.unit_code.unwrap();
        assert_eq!((code.row, code.col, code.value), (2, 3, t("SGDDT")));
        assert_eq!(info.period.unwrap().value, t("6T/2020"));
        assert!(info.report_date.is_none());
        assert_eq!(info.preparer.unwrap().value, t("Lê A"));
        assert_eq!(titles, vec!["THÔNG TIN CHUNG VỀ BÁO CÁO".to_string()]);
    }

    #[test]
    fn header_row_with_values_below() {
        let rows = vec![
            row(2, &[t("Mã đơn vị"), t("Tên đơn vị"), t("Kỳ báo cáo")]),
            row(3, &[t("SVHTT"), t("Sở Văn hóa và Thể thao"), t("2020-H1")]),
        ];
        let mut titles = Vec::new();
        let info = read_info("Thong tin", &rows, &mut titles);
        let name = info.unit_name.unwrap();
        assert_eq!((name.row, name.col), (3, 1));
        assert_eq!(info.unit_code.unwrap().value, t("SVHTT"));
        assert_eq!(info.period.unwrap().value, t("2020-H1"));
        assert!(titles.is_empty());
    }

    #[test]
    fn label_and_value_in_one_cell() {
        let rows = vec![row(0, &[t("Mã đơn vị: SCT")])];
        let info = read_info("x", &rows, &mut Vec::new());
        assert_eq!(info.unit_code.unwrap().value, t("SCT"));
    }
}
