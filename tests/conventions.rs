//! Vietnamese office conventions (issue 15): reports typed in the legacy
//! TCVN3 and VNI fonts, and the statistical marks "-", "x", "…" in
//! indicator cells, from the workbook a unit sends to the CSV exports and
//! the consolidated workbook.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use tonghop::read::{read_workbook, Limits, Raw};
use tonghop::text::legacy::{encode, Encoding};
use tonghop::write::data::read_records;

use crate::row;
use crate::util::{indicator_header, info_rows, sct_book, task_header, Book, Project, V};

const KY: &str = "2020-H1";

fn run(p: &Project) {
    let o = p.run(&["run", "--ky", KY, "--ngay", "2020-06-30"]);
    let (out, err) = crate::util::text(&o);
    assert!(matches!(o.status.code(), Some(0) | Some(2)), "{out}\n{err}");
}

fn records(p: &Project, rel: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(p.out(KY, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    read_records(&bytes)
}

/// The line of `du-lieu/chi-tieu.csv` for (indicator, unit): its
/// `thuc_hien` and `ky_hieu`.
fn line(rows: &[BTreeMap<String, String>], ind: &str, unit: &str) -> (String, String) {
    let r = rows
        .iter()
        .find(|r| r["ma_chi_tieu"] == ind && r["ma_don_vi"] == unit)
        .unwrap_or_else(|| panic!("no line {ind} {unit}"));
    (r["thuc_hien"].clone(), r["ky_hieu"].clone())
}

/// The findings of `rule` as (unit, sheet, cell).
fn findings(rows: &[BTreeMap<String, String>], rule: &str) -> Vec<(String, String, String)> {
    rows.iter()
        .filter(|r| r["ma_loi"] == rule)
        .map(|r| {
            (
                r["ma_don_vi"].clone(),
                r["trang_tinh"].clone(),
                r["o"].clone(),
            )
        })
        .collect()
}

fn indicator_sheet(rows: &[(&str, V)]) -> Vec<Vec<V>> {
    let with: Vec<(&str, V, V)> = rows.iter().map(|(c, v)| (*c, v.clone(), V::E)).collect();
    indicator_sheet_with(&with)
}

/// Rows of (code, value, same period last year).
fn indicator_sheet_with(rows: &[(&str, V, V)]) -> Vec<Vec<V>> {
    let mut out = vec![indicator_header()];
    for (i, (code, v, previous)) in rows.iter().enumerate() {
        out.push(vec![
            V::from(i as i32 + 1),
            V::from(*code),
            V::E,
            V::E,
            v.clone(),
            previous.clone(),
            V::E,
        ]);
    }
    out
}

// ---- statistical marks ---------------------------------------------------------

/// SCT and STP report marks and figures on indicators of each method; the
/// row of each indicator (1-based sheet row) is its position + 1.
fn marks_project() -> Project {
    let p = Project::new();
    std::fs::create_dir_all(p.inbox(KY, "")).unwrap();
    let sct = sct_book().sheet(
        "Chỉ tiêu",
        indicator_sheet(&[
            ("CT08", V::from("-")),               // row 2: tong, with SDL's 3
            ("CT14", V::from("KPS")),             // row 3: tong, STP also nil
            ("CT15", V::from("–")),               // row 4: trung_binh, STP 80
            ("CT12", V::from("x")),               // row 5: tong, STP 5
            ("CT13", V::from("…")),               // row 6: tong, STP "x"
            ("CT05", V::from(0)),                 // row 7: rieng, 0 stays 0
            ("CT06", V::from("khoảng 5")),        // row 8: rieng, I02
            ("CT04", V::from("Không phát sinh")), // row 9: rieng, nil
            ("CT17", V::from("X")),               // row 10: rieng, x
            ("CT07", V::from("chưa có số liệu")), // row 11: rieng, not collected
            ("CT01", V::from("x")),               // row 12: not SCT's: no I09
            ("CT02", V::from("…")),               // row 13: not SCT's: no I10
            ("CT03", V::from(4)),                 // row 14: not SCT's: I09
        ]),
    );
    sct.save(&p.inbox(KY, "sct.xlsx"));
    Book::new()
        .sheet(
            "Thông tin",
            info_rows(
                "STP",
                "Sở Tư pháp",
                "6 tháng đầu năm 2020",
                V::D(2020, 6, 10),
            ),
        )
        .sheet(
            "Chỉ tiêu",
            indicator_sheet_with(&[
                ("CT14", V::from("không phát sinh"), V::E),
                ("CT15", V::from(80), V::E),
                ("CT12", V::from(5), V::from("-")),
                ("CT13", V::from("x"), V::E),
            ]),
        )
        .save(&p.inbox(KY, "stp.xlsx"));
    Book::new()
        .sheet(
            "Thông tin",
            info_rows(
                "SDL",
                "Sở Du lịch",
                "6 tháng đầu năm 2020",
                V::D(2020, 6, 10),
            ),
        )
        .sheet("Chỉ tiêu", indicator_sheet(&[("CT08", V::from(3))]))
        .save(&p.inbox(KY, "sdl.xlsx"));
    run(&p);
    p
}

#[test]
fn marks_reach_the_csv_with_their_figure_and_as_typed() {
    let p = marks_project();
    let rows = records(&p, "du-lieu/chi-tieu.csv");
    let l = |i, u| line(&rows, i, u);
    assert_eq!(l("CT08", "SCT"), ("0".into(), "-".into()));
    assert_eq!(l("CT14", "SCT"), ("0".into(), "KPS".into()));
    assert_eq!(l("CT14", "STP"), ("0".into(), "không phát sinh".into()));
    assert_eq!(l("CT15", "SCT"), ("0".into(), "–".into()));
    assert_eq!(l("CT12", "SCT"), ("".into(), "x".into()));
    assert_eq!(l("CT13", "SCT"), ("".into(), "…".into()));
    assert_eq!(l("CT05", "SCT"), ("0".into(), "".into()), "a 0 stays 0");
    assert_eq!(l("CT06", "SCT"), ("".into(), "".into()));
    assert_eq!(l("CT04", "SCT"), ("0".into(), "Không phát sinh".into()));
    assert_eq!(l("CT17", "SCT"), ("".into(), "X".into()));
    assert_eq!(l("CT07", "SCT"), ("".into(), "chưa có số liệu".into()));
    assert_eq!(l("CT12", "STP"), ("5".into(), "".into()));
    // "-" in "Cùng kỳ năm trước" is 0 there too.
    let stp12 = rows
        .iter()
        .find(|r| r["ma_chi_tieu"] == "CT12" && r["ma_don_vi"] == "STP")
        .unwrap();
    assert_eq!(stp12["cung_ky"], "0");
}

#[test]
fn marks_enter_the_totals_as_the_conventions_say() {
    let p = marks_project();
    let rows = records(&p, "du-lieu/chi-tieu.csv");
    let total = |i| line(&rows, i, "TONG").0;
    assert_eq!(total("CT08"), "3", "nothing happened adds 0 to a tong");
    assert_eq!(total("CT14"), "0", "marks only, all nil: 0");
    assert_eq!(total("CT15"), "80", "left out of trung_binh");
    assert_eq!(total("CT12"), "5", "x is left out");
    assert_eq!(total("CT13"), "", "marks only, not all nil: empty");
    assert_eq!(total("CT05"), "0", "a 0 stays the number 0");
    assert_eq!(total("CT06"), "", "an unreadable value gives no total");
    assert_eq!(total("CT04"), "0", "rieng from a nil mark");
    assert_eq!(total("CT17"), "", "rieng from x");
    assert_eq!(total("CT07"), "");
}

#[test]
fn marks_are_neither_i02_nor_i06_and_not_collected_is_i10() {
    let p = marks_project();
    let k = records(&p, "kiem-tra.csv");
    let at = |rule| findings(&k, rule);
    // The value column is E.
    assert_eq!(
        at("I02"),
        [("SCT".to_string(), "Chỉ tiêu".to_string(), "E8".to_string())],
        "only the unreadable value"
    );
    let i06: Vec<_> = at("I06")
        .into_iter()
        .filter(|(_, _, cell)| !cell.is_empty())
        .collect();
    assert_eq!(i06, [], "no mark is an empty value");
    assert_eq!(
        at("I10"),
        [
            ("SCT".to_string(), "Chỉ tiêu".to_string(), "E6".to_string()),
            ("SCT".to_string(), "Chỉ tiêu".to_string(), "E11".to_string()),
        ]
    );
    assert_eq!(
        at("I09"),
        [("SCT".to_string(), "Chỉ tiêu".to_string(), "B14".to_string())],
        "a mark on an indicator not asked is not I09"
    );
    let i10 = k.iter().find(|r| r["ma_loi"] == "I10").unwrap();
    assert_eq!(i10["muc_do"], "canh_bao");
    assert!(i10["thong_bao"].contains("CT"), "{}", i10["thong_bao"]);
}

#[test]
fn the_workbook_shows_the_mark_in_the_unit_column() {
    let p = marks_project();
    let bytes = std::fs::read(p.out(KY, "tong-hop-2020-H1.xlsx")).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let g = wb.worksheet_range("Chỉ tiêu").unwrap();
    let s = |r: u32, c: u32| match g.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => tonghop::text::format_number(*f),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let row = |code: &str| {
        (0..g.height() as u32)
            .find(|r| s(*r, 1) == code)
            .unwrap_or_else(|| panic!("no row {code}"))
    };
    let col = |name: &str| {
        (0..g.width() as u32)
            .find(|c| s(1, *c) == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let sct = col("Sở Công Thương");
    let stp = col("Sở Tư pháp");
    assert_eq!(s(row("CT08"), sct), "-");
    assert_eq!(s(row("CT13"), sct), "…");
    assert_eq!(s(row("CT13"), stp), "x");
    assert_eq!(s(row("CT12"), stp), "5");
    assert_eq!(s(row("CT05"), sct), "0");
}

// ---- legacy fonts --------------------------------------------------------------

/// STP's report typed in `enc`: labels, unit name, period, statuses and
/// results all in the legacy encoding (the unit code is plain ASCII).
fn legacy_book(enc: Encoding) -> Book {
    let e = |s: &str| V::from(encode(s, enc));
    let info = vec![
        vec![e("Mã đơn vị"), V::from("")],
        vec![e("Tên đơn vị"), e("Sở Tư pháp")],
        vec![e("Kỳ báo cáo"), e("6 tháng đầu năm 2020")],
        vec![e("Ngày báo cáo"), V::D(2020, 6, 12)],
        vec![e("Người lập"), e("Trần Thị Bình")],
    ];
    let header: Vec<V> = crate::util::TASK_LABELS.iter().map(|h| e(h)).collect();
    let tasks = vec![
        header,
        vec![
            V::from(1),
            V::from("NV4.01"),
            V::E,
            V::E,
            e("Đang thực hiện"),
            V::from(50),
            e("Đã tổ chức hội nghị phổ biến pháp luật về thương mại"),
            // Short cells the report's verdict converts.
            e("Có"),
            e("Sở"),
        ],
    ];
    Book::new()
        .sheet("Thông tin", info)
        .sheet("Nhiệm vụ", tasks)
        .sheet(
            "Chỉ tiêu",
            indicator_sheet(&[("CT14", V::from(4)), ("CT12", V::from(2))]),
        )
}

#[test]
fn a_tcvn3_report_is_read_as_unicode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stp.xlsx");
    legacy_book(Encoding::Tcvn3).save(&path);
    let r = read_workbook(&path, &Limits::default()).unwrap();
    let name = r
        .info
        .unit_name
        .as_ref()
        .expect("the unit name is found by its label");
    assert_eq!(name.value, Raw::Text("Sở Tư pháp".into()));
    let period = r.info.period.as_ref().expect("period");
    assert_eq!(period.value, Raw::Text("6 tháng đầu năm 2020".into()));
    let tasks = r
        .tasks
        .as_ref()
        .expect("the task header is found by its labels");
    assert_eq!(tasks.rows.len(), 1);
    let l = r.legacy.as_ref().expect("converted cells are noted");
    assert_eq!(l.encoding, Encoding::Tcvn3);
    assert!(l.cells >= 10, "{l:?}");
    assert_eq!(l.sheet, "Thông tin", "the first cell in workbook order");
    assert_eq!(l.first.to_string(), "A1");
}

#[test]
fn a_unicode_report_notes_no_legacy_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sct.xlsx");
    sct_book()
        .sheet("Nhiệm vụ", vec![task_header()])
        .sheet(
            "Chỉ tiêu",
            vec![
                indicator_header(),
                row![1, "CT05", "µg/m³ ©", "®", 1, "", "Tháng 6"],
            ],
        )
        .save(&path);
    let r = read_workbook(&path, &Limits::default()).unwrap();
    assert_eq!(r.legacy, None);
    let row = &r.indicators.as_ref().unwrap().rows[0];
    assert_eq!(
        row.get(tonghop::read::IndicatorCol::Name),
        &Raw::Text("µg/m³ ©".into())
    );
}

#[test]
fn legacy_reports_are_identified_consolidated_and_told_f15() {
    for (enc, file) in [
        (Encoding::Tcvn3, "stp-tcvn3.xlsx"),
        (Encoding::Vni, "stp-vni.xlsx"),
    ] {
        let p = Project::new();
        std::fs::create_dir_all(p.inbox(KY, "")).unwrap();
        legacy_book(enc).save(&p.inbox(KY, file));
        run(&p);
        let k = records(&p, "kiem-tra.csv");
        for excluding in ["F03", "F04", "F05"] {
            assert_eq!(findings(&k, excluding), [], "{enc:?} {excluding}");
        }
        let f15 = findings(&k, "F15");
        assert_eq!(f15.len(), 1, "{enc:?}");
        assert_eq!(f15[0].0, "STP");
        let r = k.iter().find(|r| r["ma_loi"] == "F15").unwrap();
        assert_eq!(r["muc_do"], "thong_tin");
        assert!(r["thong_bao"].contains(enc.name()), "{}", r["thong_bao"]);
        assert!(r["thong_bao"].contains("Times New Roman"));
        // T04 would say the status was not understood.
        assert_eq!(findings(&k, "T04"), [], "{enc:?}");
        let tasks = records(&p, "du-lieu/nhiem-vu.csv");
        let t = tasks
            .iter()
            .find(|r| r["ma_nhiem_vu"] == "NV4.01")
            .expect("the task row");
        assert_eq!(t["ma_don_vi"], "STP");
        assert_eq!(t["tinh_trang"], "dang_thuc_hien");
        assert_eq!(
            t["ket_qua"],
            "Đã tổ chức hội nghị phổ biến pháp luật về thương mại"
        );
        assert_eq!(t["kho_khan"], "Có", "{enc:?}");
        assert_eq!(t["de_xuat"], "Sở", "{enc:?}");
        let ind = records(&p, "du-lieu/chi-tieu.csv");
        assert_eq!(line(&ind, "CT14", "STP").0, "4");
    }
}

#[test]
fn a_unicode_report_has_no_f15() {
    let p = marks_project();
    assert_eq!(findings(&records(&p, "kiem-tra.csv"), "F15"), []);
}

#[test]
fn marks_only_totals_for_lon_nhat_and_trung_binh() {
    let p = Project::new();
    std::fs::create_dir_all(p.inbox(KY, "")).unwrap();
    // CT03 lon_nhat and CT01, CT02 tong: SKHDT and BQLKKT; CT15
    // trung_binh: SKHDT among others.
    let unit = |code: &str, name: &str, inds: &[(&str, V)]| {
        Book::new()
            .sheet(
                "Thông tin",
                info_rows(code, name, "6 tháng đầu năm 2020", V::D(2020, 6, 10)),
            )
            .sheet("Chỉ tiêu", indicator_sheet(inds))
            .save(&p.inbox(KY, &format!("{code}.xlsx")));
    };
    unit(
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        &[
            ("CT03", V::from("-")),
            ("CT15", V::from("KPS")),
            ("CT01", V::from("-")),
            ("CT02", V::from("..")),
        ],
    );
    unit(
        "BQLKKT",
        "Ban Quản lý Khu kinh tế Hải Phòng",
        &[
            ("CT03", V::from("-")),
            ("CT01", V::from("x")),
            ("CT02", V::from(3)),
        ],
    );
    run(&p);
    let rows = records(&p, "du-lieu/chi-tieu.csv");
    let total = |i| line(&rows, i, "TONG").0;
    assert_eq!(
        total("CT03"),
        "0",
        "lon_nhat, every mark says nothing happened"
    );
    assert_eq!(
        total("CT15"),
        "0",
        "trung_binh, every mark says nothing happened"
    );
    assert_eq!(
        total("CT01"),
        "",
        "nothing happened and not applicable: empty"
    );
    assert_eq!(total("CT02"), "3");
    assert_eq!(line(&rows, "CT02", "SKHDT"), ("".into(), "..".into()));
    let k = records(&p, "kiem-tra.csv");
    assert_eq!(
        findings(&k, "I10"),
        [(
            "SKHDT".to_string(),
            "Chỉ tiêu".to_string(),
            "E5".to_string()
        )]
    );
}

#[test]
fn a_vni_report_in_ods_is_converted_and_its_marks_read() {
    use crate::util::{ods_cell, raw_ods};
    let e = |s: &str| ods_cell(&crate::util::xml_escape(&encode(s, Encoding::Vni)));
    let date = r#"<table:table-cell office:value-type="date" office:date-value="2020-06-10"/>"#;
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let info = [
        row(vec![e("Mã đơn vị"), ods_cell("STP")]),
        row(vec![e("Tên đơn vị"), e("Sở Tư pháp")]),
        row(vec![e("Kỳ báo cáo"), e("6 tháng đầu năm 2020")]),
        row(vec![e("Ngày báo cáo"), date.to_string()]),
    ]
    .concat();
    let header: Vec<String> = crate::util::INDICATOR_LABELS[..6]
        .iter()
        .map(|h| e(h))
        .collect();
    let n = |v: u32| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
    let inds = [
        row(header),
        row(vec![
            n(1),
            ods_cell("CT14"),
            e("Số doanh nghiệp được hỗ trợ"),
            e("doanh nghiệp"),
            e("không phát sinh"),
        ]),
        row(vec![
            n(2),
            ods_cell("CT12"),
            e("Số lớp tập huấn"),
            e("lớp"),
            n(6),
        ]),
    ]
    .concat();
    let tables = format!(
        r#"<table:table table:name="Thông tin">{info}</table:table><table:table table:name="Chỉ tiêu">{inds}</table:table>"#
    );
    let p = Project::new();
    std::fs::create_dir_all(p.inbox(KY, "")).unwrap();
    std::fs::write(p.inbox(KY, "stp.ods"), raw_ods(&tables)).unwrap();
    let r = read_workbook(&p.inbox(KY, "stp.ods"), &Limits::default()).unwrap();
    assert_eq!(r.legacy.as_ref().map(|l| l.encoding), Some(Encoding::Vni));
    assert_eq!(
        r.info.unit_name.as_ref().map(|l| l.value.clone()),
        Some(Raw::Text("Sở Tư pháp".into()))
    );
    run(&p);
    let rows = records(&p, "du-lieu/chi-tieu.csv");
    assert_eq!(
        line(&rows, "CT14", "STP"),
        ("0".into(), "không phát sinh".into())
    );
    assert_eq!(line(&rows, "CT12", "STP"), ("6".into(), "".into()));
    let k = records(&p, "kiem-tra.csv");
    assert_eq!(
        findings(&k, "F15"),
        [("STP".to_string(), "Thông tin".to_string(), "A1".to_string())]
    );
    assert_eq!(findings(&k, "F05"), []);
}

/// Every text of the plan (task contents, sections, names, units of
/// measure): as Unicode, never taken for legacy text; typed in TCVN3 or
/// VNI, converted back to itself whenever it is converted, and converted
/// in nearly every case.
#[test]
fn plan_texts_round_trip_and_unicode_is_never_converted() {
    let dir = crate::util::repo().join("templates/hp-1315");
    let mut texts = Vec::new();
    for f in ["nhiem-vu.csv", "chi-tieu.csv", "don-vi.csv", "ke-hoach.csv"] {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        for r in read_records(&bytes) {
            texts.extend(r.into_values().filter(|v| !v.is_ascii()));
        }
    }
    assert!(texts.len() > 200, "{}", texts.len());
    for t in &texts {
        assert_eq!(tonghop::text::legacy::detect(t), None, "{t}");
    }
    for enc in [Encoding::Tcvn3, Encoding::Vni] {
        let mut converted = 0;
        for t in &texts {
            let legacy = encode(t, enc);
            if let Some(back) = tonghop::text::legacy::convert(&legacy, None) {
                // TCVN3 has no capitals with tones outside the "H" fonts.
                assert_eq!(back.to_lowercase(), t.to_lowercase(), "{enc:?}: {legacy}");
                converted += 1;
            }
        }
        assert!(
            converted * 100 >= texts.len() * 95,
            "{enc:?}: {converted} of {}",
            texts.len()
        );
    }
}

/// An .xls (BIFF8) of one sheet of text cells, each stored as an 8-bit
/// ("compressed") string, as Excel keeps text typed in a TCVN3 font.
fn xls_of_texts(sheet: &str, cells: &[(u16, u16, String)]) -> Vec<u8> {
    use crate::util::{biff, biff_bof, cfb};
    let mut body = biff_bof(0x0010);
    for (r, c, text) in cells {
        let bytes: Vec<u8> = text
            .chars()
            .map(|ch| u8::try_from(u32::from(ch)).expect("a Latin-1 character"))
            .collect();
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(0u16.to_le_bytes()); // XF
        d.extend((bytes.len() as u16).to_le_bytes());
        d.push(0); // 8-bit characters
        d.extend(&bytes);
        body.extend(biff(0x0204, &d)); // LABEL
    }
    body.extend(biff(0x000A, &[]));
    let bound_len = 4 + 8 + sheet.len();
    let globals_len = biff_bof(5).len() + bound_len + biff(0x000A, &[]).len();
    let mut stream = biff_bof(0x0005);
    let mut d = (globals_len as u32).to_le_bytes().to_vec();
    d.extend([0, 0]); // visible worksheet
    d.extend([sheet.len() as u8, 0]);
    d.extend(sheet.as_bytes());
    stream.extend(biff(0x0085, &d));
    stream.extend(biff(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(body);
    cfb(&[("Workbook", stream)])
}

#[test]
fn a_tcvn3_xls_is_converted() {
    let e = |s: &str| encode(s, Encoding::Tcvn3);
    let bytes = xls_of_texts(
        "Thong tin",
        &[
            (0, 0, e("Tên đơn vị")),
            (0, 1, e("Sở Tư pháp")),
            (1, 0, e("Kỳ báo cáo")),
            (1, 1, e("6 tháng đầu năm 2020")),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stp.xls");
    std::fs::write(&path, bytes).unwrap();
    let r = read_workbook(&path, &Limits::default()).unwrap();
    assert_eq!(
        r.info.unit_name.as_ref().map(|l| l.value.clone()),
        Some(Raw::Text("Sở Tư pháp".into()))
    );
    assert_eq!(
        r.info.period.as_ref().map(|l| l.value.clone()),
        Some(Raw::Text("6 tháng đầu năm 2020".into()))
    );
    let l = r.legacy.expect("converted");
    assert_eq!(
        (l.encoding, l.cells, l.first.to_string()),
        (Encoding::Tcvn3, 4, "A1".into())
    );
}
