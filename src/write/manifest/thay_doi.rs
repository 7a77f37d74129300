//! `thay-doi.csv`: the changes of `thay_doi`, one line each.

use super::Changes;
/// The columns of `thay-doi.csv`.
pub const THAY_DOI_COLUMNS: [&str; 8] = [
    "loai",
    "ma_don_vi",
    "ten_don_vi",
    "ma_muc",
    "ma_loi",
    "truoc",
    "sau",
    "ghi_chu",
];

/// `thay-doi.csv`: the changes one line each (kinds `bao_cao_moi`,
/// `thay_the`, `don_vi_moi_tinh`, `don_vi_khong_con_tinh`, `gia_tri`,
/// `tinh_trang`, `loi_da_sua`, `loi_moi`); only the header when nothing
/// changed.
pub fn thay_doi_csv(ch: &Changes) -> Vec<u8> {
    use crate::write::Field;
    fn t(s: &str) -> Field<'_> {
        Field::from(s)
    }
    fn o(s: &Option<String>) -> Field<'_> {
        s.as_deref().map_or(Field::Empty, Field::from)
    }
    let mut rows: Vec<Vec<Field>> = Vec::new();
    for r in &ch.new_reports {
        let kind = if r.tep_cu.is_some() {
            "thay_the"
        } else {
            "bao_cao_moi"
        };
        let note = match (&r.ngay_cu, &r.ngay_moi) {
            (a, b) if a.is_some() || b.is_some() => format!(
                "{} → {}",
                a.as_deref().unwrap_or(""),
                b.as_deref().unwrap_or("")
            ),
            _ => String::new(),
        };
        rows.push(vec![
            t(kind),
            t(&r.unit.ma_don_vi),
            t(&r.unit.ten_don_vi),
            Field::Empty,
            Field::Empty,
            o(&r.tep_cu),
            t(&r.tep_moi),
            Field::from(note),
        ]);
    }
    for (kind, units) in [
        ("don_vi_moi_tinh", &ch.newly_counted),
        ("don_vi_khong_con_tinh", &ch.no_longer_counted),
    ] {
        for u in units {
            rows.push(vec![
                t(kind),
                t(&u.ma_don_vi),
                t(&u.ten_don_vi),
                Field::Empty,
                Field::Empty,
                Field::Empty,
                Field::Empty,
                Field::Empty,
            ]);
        }
    }
    for v in &ch.values {
        rows.push(vec![
            t("gia_tri"),
            Field::Empty,
            Field::Empty,
            t(&v.ma_chi_tieu),
            Field::Empty,
            Field::from(v.truoc),
            Field::from(v.sau),
            Field::from(v.don_vi.join("; ")),
        ]);
    }
    for m in &ch.status_moves {
        let with_share = |s: &str, share: &Option<String>| match share {
            Some(x) => format!("{s} ({x}%)"),
            None => s.to_string(),
        };
        rows.push(vec![
            t("tinh_trang"),
            t(&m.unit),
            t(&m.unit_name),
            t(&m.task),
            Field::Empty,
            Field::from(with_share(&m.before, &m.share_before)),
            Field::from(with_share(&m.after, &m.share_after)),
            Field::Empty,
        ]);
    }
    for (kind, list) in [("loi_da_sua", &ch.resolved), ("loi_moi", &ch.new_findings)] {
        for f in list {
            rows.push(vec![
                t(kind),
                t(&f.ma_don_vi),
                t(&f.ten_don_vi),
                t(&f.ma_muc),
                t(&f.ma_loi),
                Field::Empty,
                Field::Empty,
                t(&f.thong_bao),
            ]);
        }
    }
    crate::write::csv_bytes(&THAY_DOI_COLUMNS, rows)
}
