use super::findings::cell_row;
use super::*;

#[test]
fn records_stream_with_bom_and_bad_lines() {
    let csv = "\u{feff}ma_chi_tieu,ma_don_vi,thuc_hien,cung_ky,tep,dong\nCT1,SCT,'-4,,a.xlsx,5\n\"bad\nCT1,TONG,x,,,\n";
    let v = read_unit_values(csv.as_bytes());
    assert_eq!(v.get(&("SCT".into(), "CT1".into())), Some(&-4.0));
    assert!(read_totals(csv.as_bytes()).is_empty());
    assert!(read_totals(&b""[..]).is_empty());
}

#[test]
fn finding_identity_ignores_the_cell_when_the_item_is_known() {
    let a = FindingRef {
        ma_loi: "T05".into(),
        ma_don_vi: "STP".into(),
        ten_don_vi: String::new(),
        ma_muc: "NV2".into(),
        tep: "old.xlsx".into(),
        trang_tinh: "Nhiệm vụ".into(),
        o: "F6".into(),
        thong_bao: "x".into(),
    };
    // Resent under another name, a row inserted above: the same finding.
    let moved = FindingRef {
        tep: "new.xlsx".into(),
        o: "F7".into(),
        thong_bao: "y".into(),
        ..a.clone()
    };
    let other_task = FindingRef {
        ma_muc: "NV3".into(),
        ..a.clone()
    };
    let (gone, new) = multiset_diff(std::slice::from_ref(&a), &[moved, other_task]);
    assert!(gone.is_empty());
    assert_eq!(new.len(), 1);
    assert_eq!(new[0].ma_muc, "NV3");
}

#[test]
fn cell_rows() {
    assert_eq!(cell_row("F12"), Some(12));
    assert_eq!(cell_row("AB1"), Some(1));
    assert_eq!(cell_row(""), None);
}
