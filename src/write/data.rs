//! The data exports `du-lieu/nhiem-vu.csv` and `du-lieu/chi-tieu.csv`
//! (OUTPUTS.md). Reading them back (last year's totals, the first half's
//! unit values, a previous run's rows) is [`crate::history`]'s.
//!
//! Both exports list every row of every counted report, unit by unit (by
//! code), in sheet order, duplicates included (a duplicated task keeps both
//! rows, as OUTPUTS.md asks; indicators do the same, so the file mirrors the
//! reports; the `TONG` lines carry the consolidated values, which never use a
//! duplicate). `chi-tieu.csv` ends with one `TONG` line per plan indicator in
//! plan order, its `thuc_hien` the consolidated value and `cung_ky` the same
//! period last year, empty (never 0) when there is none. Its last column,
//! `ky_hieu`, holds the statistical mark a unit typed instead of a figure
//! ("-", "x", "…"), as typed: `thuc_hien` is then 0 for "nothing happened"
//! and empty for the others.

use std::io::{self, Write};

use super::{csv_bytes, write_csv, Field};
use crate::consolidate::Consolidated;
use crate::validate::Outcome;

/// The columns of `du-lieu/nhiem-vu.csv`.
pub const TASK_COLUMNS: [&str; 10] = [
    "ma_nhiem_vu",
    "ma_don_vi",
    "vai_tro",
    "tinh_trang",
    "ty_le",
    "ket_qua",
    "kho_khan",
    "de_xuat",
    "tep",
    "dong",
];

/// The columns of `du-lieu/chi-tieu.csv`.
pub const INDICATOR_COLUMNS: [&str; 7] = [
    "ma_chi_tieu",
    "ma_don_vi",
    "thuc_hien",
    "cung_ky",
    "tep",
    "dong",
    "ky_hieu",
];

/// The unit code of the consolidated lines.
pub const TOTAL: &str = crate::history::TOTAL;

/// Builds `du-lieu/nhiem-vu.csv`: one line per task row of each counted
/// report.
pub fn nhiem_vu_csv(outcome: &Outcome) -> Vec<u8> {
    csv_bytes(&TASK_COLUMNS, task_rows(outcome))
}

/// [`nhiem_vu_csv`] written to `w` line by line.
///
/// # Errors
/// The error of writing to `w`.
pub fn write_nhiem_vu_csv(w: impl Write, outcome: &Outcome) -> io::Result<()> {
    write_csv(w, &TASK_COLUMNS, task_rows(outcome))
}

fn task_rows(outcome: &Outcome) -> impl Iterator<Item = Vec<Field<'_>>> {
    outcome.counted.values().flat_map(|r| {
        r.tasks.iter().map(move |t| {
            vec![
                Field::from(t.task.as_str()),
                Field::from(r.unit.as_str()),
                Field::from(t.role.map_or("", |x| x.code())),
                Field::from(t.status.map_or("", |s| s.code())),
                Field::from(t.share),
                Field::from(t.result.as_str()),
                Field::from(t.difficulty.as_str()),
                Field::from(t.proposal.as_str()),
                Field::from(r.rel.as_str()),
                Field::Number(f64::from(t.row) + 1.0),
            ]
        })
    })
}

/// Builds `du-lieu/chi-tieu.csv`: one line per indicator row of each
/// counted report, then one `TONG` line per plan indicator.
pub fn chi_tieu_csv(outcome: &Outcome, c: &Consolidated) -> Vec<u8> {
    csv_bytes(&INDICATOR_COLUMNS, indicator_rows(outcome, c))
}

/// [`chi_tieu_csv`] written to `w` line by line.
///
/// # Errors
/// The error of writing to `w`.
pub fn write_chi_tieu_csv(w: impl Write, outcome: &Outcome, c: &Consolidated) -> io::Result<()> {
    write_csv(w, &INDICATOR_COLUMNS, indicator_rows(outcome, c))
}

fn indicator_rows<'a>(
    outcome: &'a Outcome,
    c: &'a Consolidated,
) -> impl Iterator<Item = Vec<Field<'a>>> {
    let units = outcome.counted.values().flat_map(|r| {
        r.indicators.iter().map(move |i| {
            vec![
                Field::from(i.indicator.as_str()),
                Field::from(r.unit.as_str()),
                Field::from(i.value),
                Field::from(i.previous),
                Field::from(r.rel.as_str()),
                Field::Number(f64::from(i.row) + 1.0),
                Field::from(i.mark.as_ref().map_or("", |m| m.text.as_str())),
            ]
        })
    });
    let totals = c.indicators.iter().map(|i| {
        vec![
            Field::from(i.code.as_str()),
            Field::from(TOTAL),
            Field::from(i.total),
            Field::from(i.previous),
            Field::Empty,
            Field::Empty,
            Field::Empty,
        ]
    });
    units.chain(totals)
}

// The readers of earlier exports moved to `crate::history`; these paths
// stay for the callers that know them.
pub use crate::history::{read_records, read_task_statuses, read_totals, read_unit_values};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consolidate::{consolidate, tests as fx};

    #[test]
    fn streamed_exports_are_the_same_bytes() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let mut tasks = Vec::new();
        write_nhiem_vu_csv(&mut tasks, &o).unwrap();
        assert_eq!(tasks, nhiem_vu_csv(&o));
        let mut indicators = Vec::new();
        write_chi_tieu_csv(&mut indicators, &o, &c).unwrap();
        assert_eq!(indicators, chi_tieu_csv(&o, &c));
        assert!(tasks.len() > 100 && indicators.len() > 50);
    }

    #[test]
    fn task_rows_keep_duplicates_and_neutralise() {
        let o = fx::outcome();
        let s = String::from_utf8(nhiem_vu_csv(&o)).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(
            lines[0],
            "\u{feff}ma_nhiem_vu,ma_don_vi,vai_tro,tinh_trang,ty_le,ket_qua,kho_khan,de_xuat,tep,dong"
        );
        // QHB first (by code), then SCT with its two NV2 rows.
        assert_eq!(
            lines[1],
            "NV1,QHB,,thuong_xuyen,,Kết quả NV1 dòng 5,,,qhb.xlsx,5"
        );
        assert_eq!(
            lines[3],
            "NV2,SCT,,dang_thuc_hien,50,Kết quả NV2 dòng 7,Thiếu kinh phí,'=Bổ sung kinh phí,a/sct.xlsx,7"
        );
        assert!(lines[5].starts_with("NV2,SCT,,hoan_thanh,100,"));
        assert_eq!(lines.len(), 1 + 1 + 4 + 2);
    }

    #[test]
    fn totals_are_empty_not_zero_and_read_back() {
        let (_d, plan) = fx::plan();
        let o = fx::outcome();
        let c = consolidate(&plan, fx::period(), &o, None);
        let bytes = chi_tieu_csv(&o, &c);
        let s = String::from_utf8(bytes.clone()).unwrap();
        assert!(s.contains("\nCT1,TONG,14.5,10,,,\n"), "{s}");
        assert!(s.contains("\nCT2,TONG,5,4,,,\n"));
        assert!(s.contains("\nCT5,TONG,,,,,\n"));
        assert!(
            s.contains("\nCT1,SCT,99,,a/sct.xlsx,9,\n"),
            "duplicates are listed"
        );
        let t = read_totals(bytes.as_slice());
        assert_eq!(t.get("CT1"), Some(&14.5));
        assert_eq!(t.get("CT5"), None);
        let u = read_unit_values(bytes.as_slice());
        assert_eq!(u.get(&("SCT".into(), "CT1".into())), Some(&10.0));
        assert_eq!(u.get(&("STP".into(), "CT2".into())), Some(&5.0));
    }

    #[test]
    fn statuses_read_back() {
        let b = nhiem_vu_csv(&fx::outcome());
        let s = read_task_statuses(b.as_slice());
        assert_eq!(s[&("NV2".into(), "SCT".into())], "dang_thuc_hien");
        assert_eq!(s[&("NV1".into(), "QHB".into())], "thuong_xuyen");
    }
}
