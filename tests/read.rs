//! Integration tests: read. Every layout variation of FORM.md §3 built in
//! code, the read errors (F01) and limits (F12) with files that must and
//! must not trigger them, and the public corpus end to end.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tonghop::model::Rule;
use tonghop::read::{
    read_workbook, IndicatorCol, Limits, Looks, Raw, ReadError, Report, Table, TaskCol,
};

use crate::row;
use crate::util::{
    crc32, deflate_spaces, indicator_header, info_rows, ods_cell, raw_ods, raw_xlsx, raw_zip, repo,
    sheet_xml, task_header, zip_bomb_xlsx, zip_with_deflated, Book, V,
};

// ---- helpers ------------------------------------------------------------

fn t(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

/// Writes `bytes` as `name` in a fresh temp dir and reads it.
fn read_bytes(name: &str, bytes: &[u8], limits: &Limits) -> Result<Report, ReadError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    read_workbook(&path, limits)
}

fn read_book(book: &Book) -> Report {
    match read_bytes("bao-cao.xlsx", &book.bytes(), &Limits::default()) {
        Ok(r) => r,
        Err(e) => panic!("read failed: {e:?}"),
    }
}

fn tasks(r: &Report) -> &Table<TaskCol> {
    r.tasks.as_ref().expect("task table")
}

fn indicators(r: &Report) -> &Table<IndicatorCol> {
    r.indicators.as_ref().expect("indicator table")
}

/// (sheet row, code) of each task row.
fn task_codes(r: &Report) -> Vec<(u32, String)> {
    tasks(r)
        .rows
        .iter()
        .map(|row| (row.row, row.get(TaskCol::Code).display()))
        .collect()
}

fn standard_tasks() -> Vec<Vec<V>> {
    vec![
        task_header(),
        row![
            1,
            "NV1.01",
            "Nội dung 1",
            "Chủ trì",
            "Hoàn thành",
            100,
            "Đã xong",
            "",
            ""
        ],
        row![
            2,
            "NV1.02",
            "Nội dung 2",
            "Phối hợp",
            "Đang thực hiện",
            "75%",
            "Đang làm",
            "Thiếu kinh phí",
            "Bổ sung kinh phí"
        ],
    ]
}

fn standard_indicators() -> Vec<Vec<V>> {
    vec![
        indicator_header(),
        row![1, "CT12", "Số lớp tập huấn", "lớp", 253, 193, "Ước tính"],
        row![2, "CT13", "Số lượt cán bộ", "lượt người", "1.234,5", "", ""],
    ]
}

fn info() -> Vec<Vec<V>> {
    info_rows(
        "SCT",
        "Sở Công Thương",
        "6 tháng đầu năm 2020",
        V::D(2020, 6, 12),
    )
}

// ---- the standard form and its variations --------------------------------

#[test]
fn standard_form_reads_every_column_and_cell() {
    let book = Book::new()
        .sheet("Thông tin", info())
        .sheet("Nhiệm vụ", standard_tasks())
        .sheet("Chỉ tiêu", standard_indicators())
        .sheet("Hướng dẫn", vec![row!["HƯỚNG DẪN"]]);
    let r = read_book(&book);
    assert_eq!(
        r.sheets,
        vec!["Thông tin", "Nhiệm vụ", "Chỉ tiêu", "Hướng dẫn"]
    );

    let tt = tasks(&r);
    assert_eq!(tt.sheet, "Nhiệm vụ");
    assert_eq!(tt.header_row, 0);
    let want: Vec<(TaskCol, u32)> = vec![
        (TaskCol::Number, 0),
        (TaskCol::Code, 1),
        (TaskCol::Content, 2),
        (TaskCol::Role, 3),
        (TaskCol::Status, 4),
        (TaskCol::Share, 5),
        (TaskCol::Result, 6),
        (TaskCol::Difficulty, 7),
        (TaskCol::Proposal, 8),
    ];
    assert_eq!(tt.columns.clone().into_iter().collect::<Vec<_>>(), want);
    assert_eq!(tt.rows.len(), 2);
    let second = &tt.rows[1];
    assert_eq!(second.row, 2);
    assert_eq!(second.get(TaskCol::Code), &t("NV1.02"));
    assert_eq!(second.get(TaskCol::Status), &t("Đang thực hiện"));
    assert_eq!(second.get(TaskCol::Share), &t("75%"));
    assert_eq!(second.get(TaskCol::Difficulty), &t("Thiếu kinh phí"));
    assert_eq!(tt.rows[0].get(TaskCol::Share), &Raw::Number(100.0));
    assert_eq!(tt.rows[0].get(TaskCol::Difficulty), &Raw::Empty);

    let it = indicators(&r);
    assert_eq!(it.col(IndicatorCol::Code), Some(1));
    assert_eq!(it.col(IndicatorCol::Value), Some(4));
    assert_eq!(it.col(IndicatorCol::PreviousYear), Some(5));
    assert_eq!(it.rows[0].get(IndicatorCol::Value), &Raw::Number(253.0));
    assert_eq!(it.rows[1].get(IndicatorCol::Value), &t("1.234,5"));

    let code = r.info.unit_code.as_ref().expect("unit code");
    assert_eq!(
        (code.sheet.as_str(), code.row, code.col),
        ("Thông tin", 0, 1)
    );
    assert_eq!(code.value, t("SCT"));
    let date = r.info.report_date.as_ref().expect("date");
    assert_eq!(
        date.value,
        Raw::Date(NaiveDate::from_ymd_opt(2020, 6, 12).unwrap())
    );
    assert_eq!((date.row, date.col), (4, 1));
    assert_eq!(r.info.sheet.as_deref(), Some("Thông tin"));
    assert_eq!(r.info.plan_id.as_ref().unwrap().value, t("hp-1315"));
    assert_eq!(r.info.preparer.as_ref().unwrap().value, t("Nguyễn Văn A"));
}

#[test]
fn title_rows_above_the_header_become_titles() {
    let mut rows = vec![
        row![
            "UBND THÀNH PHỐ HẢI PHÒNG",
            "",
            "",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        ],
        row!["SỞ VĂN HÓA VÀ THỂ THAO"],
        row!["Đơn vị báo cáo: Sở Văn hóa và Thể thao"],
        row![""],
    ];
    rows.extend(standard_tasks());
    let book = Book::new()
        .sheet("Thông tin", info())
        .sheet("Nhiệm vụ", rows)
        .merge(0, 0, 0, 2)
        .sheet_at("Chỉ tiêu", 2, standard_indicators());
    let r = read_book(&book);
    assert_eq!(tasks(&r).header_row, 4);
    assert_eq!(
        task_codes(&r),
        vec![(5, "NV1.01".into()), (6, "NV1.02".into())]
    );
    assert_eq!(indicators(&r).header_row, 2);
    assert_eq!(indicators(&r).rows[0].row, 3);
    assert_eq!(
        r.titles,
        vec![
            "UBND THÀNH PHỐ HẢI PHÒNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "SỞ VĂN HÓA VÀ THỂ THAO",
            "Đơn vị báo cáo: Sở Văn hóa và Thể thao",
        ]
    );
}

#[test]
fn two_row_merged_header_with_numbering_row() {
    let rows = vec![
        row!["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ"],
        row![
            "STT",
            "Mã nhiệm vụ",
            "Nội dung",
            "Tình hình triển khai",
            "",
            "",
            "Khó khăn, đề xuất",
            ""
        ],
        row![
            "",
            "",
            "",
            "Trạng thái",
            "Tỷ lệ hoàn thành (%)",
            "Kết quả thực hiện",
            "Khó khăn, vướng mắc",
            "De xuat, kien nghi"
        ],
        row!["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        row![
            1,
            "NV1.01",
            "Nội dung",
            "Hoàn thành",
            100,
            "Đã xong",
            "",
            "Kiến nghị"
        ],
    ];
    let book = Book::new()
        .sheet("Nhiệm vụ", rows)
        .merge(0, 0, 0, 7)
        .merge(1, 0, 2, 0)
        .merge(1, 1, 2, 1)
        .merge(1, 2, 2, 2)
        .merge(1, 3, 1, 5)
        .merge(1, 6, 1, 7);
    let r = read_book(&book);
    let tt = tasks(&r);
    assert_eq!(tt.header_row, 2);
    assert_eq!(tt.col(TaskCol::Number), Some(0));
    assert_eq!(tt.col(TaskCol::Code), Some(1));
    assert_eq!(tt.col(TaskCol::Content), Some(2));
    assert_eq!(tt.col(TaskCol::Status), Some(3));
    assert_eq!(tt.col(TaskCol::Share), Some(4));
    assert_eq!(tt.col(TaskCol::Result), Some(5));
    assert_eq!(tt.col(TaskCol::Difficulty), Some(6));
    assert_eq!(tt.col(TaskCol::Proposal), Some(7));
    assert_eq!(task_codes(&r), vec![(4, "NV1.01".into())]);
    assert_eq!(tt.rows[0].get(TaskCol::Proposal), &t("Kiến nghị"));
    assert_eq!(r.titles, vec!["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ"]);
}

#[test]
fn indicator_header_with_group_title_above_values() {
    let rows = vec![
        row![
            "TT",
            "Mã chỉ tiêu",
            "Tên chỉ tiêu",
            "Số liệu",
            "",
            "Ghi chú"
        ],
        row!["", "", "", "Kỳ này", "Cung ky nam truoc", ""],
        row![1, "CT12", "Số lớp", 49, 53, "Ước tính"],
    ];
    let book = Book::new().sheet("chỉ tiêu", rows).merge(0, 3, 0, 4);
    let r = read_book(&book);
    let it = indicators(&r);
    assert_eq!(it.header_row, 1);
    assert_eq!(it.col(IndicatorCol::Value), Some(3));
    assert_eq!(it.col(IndicatorCol::PreviousYear), Some(4));
    assert_eq!(it.col(IndicatorCol::Note), Some(5));
    assert_eq!(it.rows.len(), 1);
    assert_eq!(
        it.rows[0].get(IndicatorCol::PreviousYear),
        &Raw::Number(53.0)
    );
    assert!(r.tasks.is_none());
}

#[test]
fn shuffled_and_extra_columns_map_by_whole_label() {
    let tasks_rows = vec![
        row![
            "Kết quả thực hiện",
            "Đơn vị phối hợp",
            "Thời hạn",
            "Tình  trạng",
            "Mã nhiệm vụ",
            "% hoàn thành",
            "Ghi chú"
        ],
        row![
            "Đã xong",
            "Sở Tài chính",
            "31/12/2020",
            "Hoàn thành",
            "NV1.01",
            100,
            "Đúng tiến độ"
        ],
    ];
    let ind_rows = vec![
        row![
            "Đơn vị phối hợp",
            "Kế hoạch năm",
            "Thực hiện",
            "Nguồn số liệu",
            "Mã CT",
            "ĐVT",
            "So sánh cùng kỳ (%)"
        ],
        row!["Sở X", 500, 420, "Cục Thống kê", "CT12", "lớp", 84],
    ];
    let book = Book::new()
        .sheet("Nhiệm vụ", tasks_rows)
        .sheet("Chỉ tiêu", ind_rows);
    let r = read_book(&book);
    let tt = tasks(&r);
    let cols: Vec<(TaskCol, u32)> = tt.columns.clone().into_iter().collect();
    assert_eq!(
        cols,
        vec![
            (TaskCol::Code, 4),
            (TaskCol::Status, 3),
            (TaskCol::Share, 5),
            (TaskCol::Result, 0),
        ]
    );
    assert_eq!(tt.rows[0].cells.len(), 4, "extra columns are left out");
    let it = indicators(&r);
    let cols: Vec<(IndicatorCol, u32)> = it.columns.clone().into_iter().collect();
    assert_eq!(
        cols,
        vec![
            (IndicatorCol::Code, 4),
            (IndicatorCol::Measure, 5),
            (IndicatorCol::Value, 2),
        ]
    );
    assert_eq!(it.rows[0].get(IndicatorCol::Value), &Raw::Number(420.0));
}

#[test]
fn labels_without_diacritics_upper_case_and_line_breaks() {
    let tasks_rows = vec![
        row![
            "Stt",
            "MÃ NHIỆM\nVỤ",
            "Noi dung nhiem vu",
            "VAI TRO",
            "TINH TRANG",
            "Ty le hoan\nthanh (%)",
            "Ket qua\nthuc hien",
            "Kho khan, vuong mac",
            "ĐỀ XUẤT, KIẾN NGHỊ"
        ],
        row![1, "NV1.01", "x", "Chủ trì", "HT", 100, "Xong", "", ""],
    ];
    let ind_rows = vec![
        row![
            "MA CHI TIEU",
            "TÊN CHỈ TIÊU",
            "Don vi tinh",
            "THUC HIEN KY BAO CAO",
            "CÙNG KỲ NĂM TRƯỚC",
            "GHI CHU"
        ],
        row!["CT12", "x", "lớp", 1, 2, ""],
    ];
    let book = Book::new()
        .sheet("Nhiem vu", tasks_rows)
        .sheet("CHỈ TIÊU", ind_rows)
        .sheet("thông tin", info());
    let r = read_book(&book);
    assert_eq!(tasks(&r).columns.len(), 9);
    assert_eq!(indicators(&r).columns.len(), 6);
    assert_eq!(r.info.unit_code.as_ref().unwrap().value, t("SCT"));
}

#[test]
fn label_variants_of_the_form() {
    let tasks_rows = vec![
        row![
            "TT",
            "Mã số",
            "Nhiệm vụ",
            "Tiến độ",
            "Tỷ lệ (%)",
            "Kết quả",
            "Khó khăn",
            "Kiến nghị"
        ],
        row![1, "NV1.01", "x", "Xong", "100", "Xong", "", ""],
    ];
    let book = Book::new().sheet("Nhiệm vụ", tasks_rows);
    let r = read_book(&book);
    assert_eq!(tasks(&r).columns.len(), 8);
    let book = Book::new().sheet(
        "Nhiệm vụ",
        vec![
            row![
                "Mã NV",
                "Nội dung",
                "Trạng thái",
                "Tỷ lệ hoàn thành",
                "Kết quả",
                "Đề xuất"
            ],
            row!["NV1.01", "x", "Xong", 1, "Xong", ""],
        ],
    );
    let r = read_book(&book);
    assert_eq!(tasks(&r).columns.len(), 6);
    assert_eq!(tasks(&r).col(TaskCol::Proposal), Some(5));
}

#[test]
fn section_blank_and_numbering_rows_are_skipped() {
    let rows = vec![
        task_header(),
        row!["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        row!["A", "", "NHIỆM VỤ CHỦ TRÌ"],
        row!["I", "TUYÊN TRUYỀN"],
        row![1, "NV1.01", "x", "Chủ trì", "Hoàn thành", 100, "Xong"],
        row![""],
        row!["B. NHIỆM VỤ PHỐI HỢP"],
        row![
            2,
            "NV1.02",
            "x",
            "Phối hợp",
            "Đang thực hiện",
            50,
            "Đang làm"
        ],
        row![3, "", "dòng thiếu mã", "", "Hoàn thành", "", ""],
        row![4, "NV1.03"],
        row!["", "", "Ghi chú cuối bảng"],
    ];
    let book = Book::new().sheet("Nhiệm vụ", rows).merge(6, 0, 6, 8);
    let r = read_book(&book);
    assert_eq!(
        task_codes(&r),
        vec![
            (4, "NV1.01".into()),
            (7, "NV1.02".into()),
            (8, String::new()),
            (9, "NV1.03".into()),
        ]
    );
    assert_eq!(tasks(&r).rows[2].get(TaskCol::Status), &t("Hoàn thành"));
}

#[test]
fn indicator_row_without_code_but_with_value_is_kept() {
    let rows = vec![
        indicator_header(),
        row![1, "CT12", "x", "lớp", 5, "", ""],
        row!["", "", "Tổng cộng", "", 99, "", ""],
        row!["", "", "Ghi chú: số liệu ước tính"],
    ];
    let r = read_book(&Book::new().sheet("Chỉ tiêu", rows));
    let it = indicators(&r);
    assert_eq!(it.rows.len(), 2);
    assert_eq!(it.rows[1].row, 2);
    assert_eq!(it.rows[1].get(IndicatorCol::Code), &Raw::Empty);
}

#[test]
fn renamed_sheets_are_found_by_their_header() {
    let mut task_rows = vec![row!["Đơn vị báo cáo: Sở Văn hóa và Thể thao"], row![""]];
    task_rows.extend(standard_tasks());
    let book = Book::new()
        .sheet(
            "Hướng dẫn",
            vec![task_header(), row![1, "NV9.99", "x", "", "Hoàn thành"]],
        )
        .sheet("Sheet1", vec![row!["ghi chép riêng"]])
        .sheet("Biểu 02", standard_indicators())
        .sheet("Biểu 01", task_rows)
        .sheet("Thong tin", info());
    let r = read_book(&book);
    assert_eq!(tasks(&r).sheet, "Biểu 01");
    assert_eq!(
        task_codes(&r),
        vec![(3, "NV1.01".into()), (4, "NV1.02".into())]
    );
    assert_eq!(indicators(&r).sheet, "Biểu 02");
    assert_eq!(r.titles, vec!["Đơn vị báo cáo: Sở Văn hóa và Thể thao"]);
}

#[test]
fn guide_sheet_is_never_read() {
    for name in ["Hướng dẫn", "Huong dan", "HƯỚNG DẪN"] {
        let book = Book::new().sheet(
            name,
            vec![
                task_header(),
                row![1, "NV1.01", "x", "", "Hoàn thành", 1, "x"],
            ],
        );
        let r = read_book(&book);
        assert!(r.tasks.is_none() && r.indicators.is_none(), "{name}");
    }
}

#[test]
fn workbook_without_tables_reads_with_none() {
    let book = Book::new().sheet("Thông tin", info()).sheet(
        "Báo cáo",
        vec![
            row!["BÁO CÁO"],
            row!["Kết quả thực hiện Kế hoạch"],
            row!["I. KẾT QUẢ ĐẠT ĐƯỢC"],
        ],
    );
    let r = read_book(&book);
    assert!(r.tasks.is_none());
    assert!(r.indicators.is_none());
    assert_eq!(r.info.unit_code.as_ref().unwrap().value, t("SCT"));
}

#[test]
fn header_without_code_column_on_a_named_sheet_is_still_the_table() {
    // The validation stage reports the missing column (F09), not F02.
    let book = Book::new().sheet(
        "Nhiệm vụ",
        vec![
            row![
                "STT",
                "Nội dung nhiệm vụ",
                "Tình trạng",
                "Kết quả thực hiện"
            ],
            row![1, "x", "Hoàn thành", "Xong"],
        ],
    );
    let r = read_book(&book);
    let tt = tasks(&r);
    assert_eq!(tt.col(TaskCol::Code), None);
    assert_eq!(tt.rows.len(), 1);
}

// ---- the info sheet ------------------------------------------------------

#[test]
fn info_with_numbering_column_and_gap() {
    let rows = vec![
        row!["THÔNG TIN CHUNG VỀ BÁO CÁO"],
        row![""],
        row![1, "Mã đơn vị", "", "SGDDT"],
        row![2, "TÊN ĐƠN VỊ", "", "Sở Giáo dục và Đào tạo"],
        row![3, "Kỳ báo cáo", "", "6 tháng đầu năm 2020"],
        row![4, "Ngày báo cáo", "", "15/06/2020"],
        row![5, "Email", "", ""],
    ];
    let book = Book::new()
        .sheet("Nhiệm vụ", standard_tasks())
        .sheet("Thông tin", rows);
    let r = read_book(&book);
    let code = r.info.unit_code.as_ref().unwrap();
    assert_eq!((code.row, code.col, &code.value), (2, 3, &t("SGDDT")));
    assert_eq!(r.info.report_date.as_ref().unwrap().value, t("15/06/2020"));
    assert!(r.info.email.is_none());
    assert_eq!(r.titles, vec!["THÔNG TIN CHUNG VỀ BÁO CÁO"]);
}

#[test]
fn info_as_header_row_with_values_below() {
    let rows = vec![
        row!["THÔNG TIN CHUNG VỀ BÁO CÁO"],
        row![""],
        row![
            "Mã đơn vị",
            "Tên đơn vị",
            "Mã kế hoạch",
            "Kỳ báo cáo",
            "Ngày báo cáo",
            "Người lập",
            "Điện thoại"
        ],
        vec![
            V::from("SVHTT"),
            V::from("Sở Văn hóa và Thể thao"),
            V::from("hp-1315"),
            V::N(2020.0),
            V::D(2020, 6, 14),
            V::E,
            V::from("0249.3162619"),
        ],
    ];
    let book = Book::new().sheet("Thong tin", rows).merge(0, 0, 0, 6);
    let r = read_book(&book);
    let i = &r.info;
    assert_eq!(i.unit_code.as_ref().unwrap().value, t("SVHTT"));
    let name = i.unit_name.as_ref().unwrap();
    assert_eq!((name.row, name.col), (3, 1));
    assert_eq!(i.period.as_ref().unwrap().value, Raw::Number(2020.0));
    assert_eq!(
        i.report_date.as_ref().unwrap().value,
        Raw::Date(NaiveDate::from_ymd_opt(2020, 6, 14).unwrap())
    );
    assert!(i.preparer.is_none());
    assert_eq!(i.phone.as_ref().unwrap().value, t("0249.3162619"));
}

#[test]
fn info_sheet_missing_leaves_titles_for_the_unit() {
    let mut rows = vec![row!["Đơn vị báo cáo: Sở Công Thương"]];
    rows.extend(standard_tasks());
    let r = read_book(&Book::new().sheet("Nhiệm vụ", rows));
    assert_eq!(r.info, tonghop::read::ReportInfo::default());
    assert_eq!(r.titles, vec!["Đơn vị báo cáo: Sở Công Thương"]);
}

#[test]
fn info_sheet_last_and_renamed() {
    let book = Book::new()
        .sheet("Nhiệm vụ", standard_tasks())
        .sheet("Sheet3", info());
    let r = read_book(&book);
    assert_eq!(r.info.sheet.as_deref(), Some("Sheet3"));
    assert_eq!(
        r.info.unit_name.as_ref().unwrap().value,
        t("Sở Công Thương")
    );
}

// ---- values ----------------------------------------------------------------

#[test]
fn values_keep_their_kind() {
    let rows = vec![
        task_header(),
        vec![
            V::N(1.0),
            V::from("NV1.01"),
            V::E,
            V::E,
            V::from("Hoàn thành"),
            V::from("75%"),
            V::D(2020, 6, 1),
            V::from("Kho\u{0302}ng"),
            V::E,
        ],
        vec![
            V::N(2.0),
            V::from("NV1.02"),
            V::E,
            V::E,
            V::from("Hoàn thành"),
            V::F("=1/0".into(), "#DIV/0!".into()),
            V::F("=#REF!".into(), "#REF!".into()),
            V::from("   "),
            V::E,
        ],
    ];
    let r = read_book(&Book::new().sheet("Nhiệm vụ", rows));
    let tt = tasks(&r);
    assert_eq!(tt.rows[0].get(TaskCol::Share), &t("75%"));
    assert_eq!(
        tt.rows[0].get(TaskCol::Result),
        &Raw::Date(NaiveDate::from_ymd_opt(2020, 6, 1).unwrap())
    );
    // Text comes out in NFC.
    assert_eq!(tt.rows[0].get(TaskCol::Difficulty), &t("Không"));
    assert_eq!(
        tt.rows[1].get(TaskCol::Share),
        &Raw::Error("#DIV/0!".into())
    );
    assert_eq!(tt.rows[1].get(TaskCol::Result), &Raw::Error("#REF!".into()));
    // Whitespace-only is empty.
    assert_eq!(tt.rows[1].get(TaskCol::Difficulty), &Raw::Empty);
}

// ---- other formats (committed corpus files) ---------------------------------

fn corpus() -> PathBuf {
    repo().join("tests/corpus/hp-1315-2020-H1")
}

fn corpus_file(rel: &str) -> PathBuf {
    corpus().join("inbox/2020-H1").join(rel)
}

#[test]
fn ods_from_libreoffice_reads() {
    let r = read_workbook(
        &corpus_file("Công văn đến/2020/Bao cao ket qua thuc hien (9).ods"),
        &Limits::default(),
    )
    .expect("ods reads");
    assert_eq!(r.info.unit_code.as_ref().unwrap().value, t("STTTT"));
    assert_eq!(tasks(&r).sheet, "NHIỆM VỤ");
    assert!(tasks(&r).rows.len() >= 5);
    assert_eq!(indicators(&r).col(IndicatorCol::Value), Some(3));
    assert!(r.info.report_date.is_some());
}

#[test]
fn xls_from_libreoffice_reads() {
    let r = read_workbook(
        &corpus_file("Công văn đến/2020/QNQ.xls"),
        &Limits::default(),
    )
    .expect("xls reads");
    assert_eq!(r.info.unit_code.as_ref().unwrap().value, t("qnq"));
    let tt = tasks(&r);
    assert_eq!(tt.header_row, 6);
    assert_eq!(tt.col(TaskCol::Status), Some(6));
    assert_eq!(tt.rows.len(), 2);
    assert_eq!(indicators(&r).rows.len(), 3);
}

// ---- unreadable files (F01) -------------------------------------------------

fn assert_unreadable(res: Result<Report, ReadError>, what: &str) {
    match res {
        Err(e) => {
            assert_eq!(e.rule(), Rule::F01, "{what}: {e:?}");
            assert!(!matches!(e, ReadError::Encrypted), "{what}: {e:?}");
        }
        other => panic!("{what}: expected an unreadable file, got {other:?}"),
    }
}

#[test]
fn zero_byte_file_is_unreadable() {
    assert_unreadable(read_bytes("a.xlsx", b"", &Limits::default()), "zero bytes");
}

#[test]
fn truncated_xlsx_is_unreadable() {
    let bytes = Book::new().sheet("Nhiệm vụ", standard_tasks()).bytes();
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        assert_unreadable(
            read_bytes("a.xlsx", &bytes[..cut], &Limits::default()),
            "truncated",
        );
    }
}

#[test]
fn random_bytes_named_xlsx_are_unreadable() {
    let mut x: u32 = 12345;
    let bytes: Vec<u8> = (0..5000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    assert_unreadable(read_bytes("a.xlsx", &bytes, &Limits::default()), "random");
    assert_unreadable(
        read_bytes(
            "a.xls",
            b"<html><body><p>1</p></body></html>",
            &Limits::default(),
        ),
        "html",
    );
    assert_unreadable(
        read_bytes("a.xlsx", b"%PDF-1.4 ...", &Limits::default()),
        "pdf",
    );
}

#[test]
fn word_document_renamed_xlsx_is_read_as_a_document() {
    let bytes = raw_zip(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("word/document.xml", b"<w:document/>".to_vec()),
    ]);
    let res = read_bytes("bao cao.xlsx", &bytes, &Limits::default());
    assert!(
        matches!(res, Err(ReadError::NoTables { looks: Looks::Word })),
        "{res:?}"
    );
}

#[test]
fn corrupt_compound_file_is_unreadable() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 600));
    assert_unreadable(read_bytes("a.xls", &bytes, &Limits::default()), "cfb");
}

#[test]
fn encrypted_xlsx_is_encrypted() {
    let res = read_workbook(
        &corpus_file("tai ve/Bieu tong hop 148.xlsx"),
        &Limits::default(),
    );
    assert!(matches!(res, Err(ReadError::Encrypted)), "{res:?}");
}

// ---- limits (F12) -------------------------------------------------------------

fn task_sheet_rows() -> Vec<(u32, Vec<&'static str>)> {
    vec![
        (
            0,
            vec!["STT", "Mã nhiệm vụ", "Tình trạng", "Kết quả thực hiện"],
        ),
        (1, vec!["1", "NV1.01", "Hoàn thành", "Xong"]),
    ]
}

fn assert_limit(
    res: Result<Report, ReadError>,
    sheet: Option<&str>,
    condition: impl Fn(&ReadError) -> bool,
) {
    match res {
        Err(e) => {
            assert_eq!(e.rule(), Rule::F12, "{e:?}");
            assert_eq!(e.sheet(), sheet, "{e:?}");
            assert!(condition(&e), "{e:?}");
        }
        other => panic!("expected a limit, got {other:?}"),
    }
}

#[test]
fn hand_written_xlsx_reads() {
    // The fixture builder itself is sound: the same file with an honest
    // dimension reads.
    let bytes = raw_xlsx(&[("Nhiệm vụ", sheet_xml("A1:D2", &task_sheet_rows()))]);
    let r = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
    assert_eq!(task_codes(&r), vec![(1, "NV1.01".into())]);
}

#[test]
fn sheet_declaring_the_whole_grid_reads_by_its_cells() {
    // The declaration is not the sheet (FORM.md §4): two real rows read.
    let bytes = raw_xlsx(&[("Nhiệm vụ", sheet_xml("A1:XFD1048576", &task_sheet_rows()))]);
    let r = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
    assert_eq!(task_codes(&r), vec![(1, "NV1.01".into())]);
}

/// A BIFF8 .xls with one sheet "Nhiệm vụ" of the text cells `cells`
/// ((row, column, text)), whose DIMENSIONS record declares `rows` × `cols`;
/// `filler` NUMBER records repeating A1's neighbour make the stream big
/// enough to live in regular sectors rather than the mini stream.
fn xls_declaring(rows: u32, cols: u16, cells: &[(u16, u16, &str)], filler: usize) -> Vec<u8> {
    use crate::util::{biff, biff_bof};
    let utf16 = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut sheet = biff_bof(0x0010);
    let mut dim = 0u32.to_le_bytes().to_vec();
    dim.extend(rows.to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    dim.extend(cols.to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    sheet.extend(biff(0x0200, &dim));
    for (r, c, t) in cells {
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(0u16.to_le_bytes()); // XF
        d.extend((t.encode_utf16().count() as u16).to_le_bytes());
        d.push(1); // UTF-16LE characters
        d.extend(utf16(t));
        sheet.extend(biff(0x0204, &d));
    }
    for _ in 0..filler {
        // A comment-like record calamine skips (CODEPAGE is globals-only).
        sheet.extend(biff(0x0042, &1200u16.to_le_bytes()));
    }
    sheet.extend(biff(0x000A, &[]));
    xls_one_sheet(&[], &sheet)
}

/// A BIFF8 .xls: the globals (`globals` records after the BOF, then the
/// sheet's BOUNDSHEET) and one sheet "Nhiệm vụ" whose records are `sheet`
/// (from its BOF to its EOF).
fn xls_one_sheet(globals: &[u8], sheet: &[u8]) -> Vec<u8> {
    use crate::util::{biff, biff_bof, cfb};
    let utf16 = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let name = utf16("Nhiệm vụ");
    let bound_len = 4 + 8 + name.len();
    let globals_len = biff_bof(5).len() + globals.len() + bound_len + biff(0x000A, &[]).len();
    let mut stream = biff_bof(0x0005);
    stream.extend(globals);
    let mut d = (globals_len as u32).to_le_bytes().to_vec();
    d.extend([0, 0]); // visible worksheet
    d.extend(["Nhiệm vụ".encode_utf16().count() as u8, 1]);
    d.extend(&name);
    stream.extend(biff(0x0085, &d));
    stream.extend(biff(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    stream.extend(sheet);
    cfb(&[("Workbook", stream)])
}

#[test]
fn xls_percent_formatted_cells_read_as_they_show() {
    use crate::util::{biff, biff_bof};
    let utf16 = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    // FORMAT 164 "0.0%"; XF 0 General, XF 1 built-in 9 ("0%"), XF 2 164.
    let mut globals = Vec::new();
    let mut f = 164u16.to_le_bytes().to_vec();
    f.extend(4u16.to_le_bytes());
    f.push(0);
    f.extend(b"0.0%");
    globals.extend(biff(0x041E, &f));
    for ifmt in [0u16, 9, 164] {
        let mut xf = vec![0u8; 20];
        xf[2..4].copy_from_slice(&ifmt.to_le_bytes());
        globals.extend(biff(0x00E0, &xf));
    }
    let label = |r: u16, c: u16, t: &str| {
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend((t.encode_utf16().count() as u16).to_le_bytes());
        d.push(1);
        d.extend(utf16(t));
        biff(0x0204, &d)
    };
    let number = |r: u16, c: u16, xf: u16, v: f64| {
        let mut d = r.to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(xf.to_le_bytes());
        d.extend(v.to_le_bytes());
        biff(0x0203, &d)
    };
    let mut sheet = biff_bof(0x0010);
    for (c, t) in ["Mã nhiệm vụ", "Tình trạng", "Tỷ lệ hoàn thành (%)"]
        .iter()
        .enumerate()
    {
        sheet.extend(label(0, c as u16, t));
    }
    for (r, (code, xf, v)) in [("NV1.01", 1, 1.0), ("NV1.02", 2, 0.4), ("NV2.01", 0, 1.0)]
        .iter()
        .enumerate()
    {
        let r = r as u16 + 1;
        sheet.extend(label(r, 0, code));
        sheet.extend(label(r, 1, "Hoàn thành"));
        sheet.extend(number(r, 2, *xf, *v));
    }
    sheet.extend(biff(0x000A, &[]));
    let r = read_bytes(
        "a.xls",
        &xls_one_sheet(&globals, &sheet),
        &Limits::default(),
    )
    .expect("reads");
    let shares: Vec<Raw> = tasks(&r)
        .rows
        .iter()
        .map(|r| r.get(TaskCol::Share).clone())
        .collect();
    assert_eq!(
        shares,
        [Raw::Percent(1.0), Raw::Percent(0.4), Raw::Number(1.0)]
    );
}

#[test]
fn xls_of_two_by_two_cells_declaring_the_whole_sheet_reads() {
    let cells = [
        (0, 0, "Mã nhiệm vụ"),
        (0, 1, "Tình trạng"),
        (1, 0, "NV1.01"),
        (1, 1, "Hoàn thành"),
    ];
    for filler in [0, 2_000] {
        let bytes = xls_declaring(65_536, 256, &cells, filler);
        let r = read_bytes("a.xls", &bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("filler {filler}: {e:?}"));
        assert_eq!(
            task_codes(&r),
            vec![(1, "NV1.01".into())],
            "filler {filler}"
        );
        assert_eq!(
            tasks(&r).rows[0].get(TaskCol::Status),
            &Raw::Text("Hoàn thành".into())
        );
    }
}

#[test]
fn xls_whose_cells_span_too_many_rows_is_over_the_limit() {
    let cells = [(0, 0, "Mã nhiệm vụ"), (60_000, 0, "NV1.01")];
    assert_limit(
        read_bytes("a.xls", &xls_declaring(2, 1, &cells, 0), &Limits::default()),
        None,
        |e| {
            matches!(
                e,
                ReadError::SheetTooBig {
                    rows: 60_001,
                    max_rows: 50_000,
                    declared: false,
                    ..
                }
            )
        },
    );
}

#[test]
fn huge_declared_sheet_that_is_not_read_does_not_count() {
    let bytes = raw_xlsx(&[
        ("Nhiệm vụ", sheet_xml("A1:D2", &task_sheet_rows())),
        (
            "Sheet9",
            sheet_xml("A1:XFD1048576", &[(0, vec!["ghi chép"])]),
        ),
        (
            "Hướng dẫn",
            sheet_xml("A1:XFD1048576", &[(0, vec!["HƯỚNG DẪN"])]),
        ),
    ]);
    let r = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
    assert_eq!(task_codes(&r), vec![(1, "NV1.01".into())]);
}

#[test]
fn sixty_thousand_real_rows_stop_early() {
    // The sheet declares a small size but holds 60,000 rows.
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Mã nhiệm vụ</t></is></c><c r="B1" t="inlineStr"><is><t>Tình trạng</t></is></c><c r="C1" t="inlineStr"><is><t>Kết quả</t></is></c></row>"#,
    );
    for r in 2..=60_000 {
        xml.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    xml.push_str("</sheetData></worksheet>");
    let bytes = raw_xlsx(&[("Nhiệm vụ", xml)]);
    assert_limit(
        read_bytes("a.xlsx", &bytes, &Limits::default()),
        Some("Nhiệm vụ"),
        |e| {
            matches!(
                e,
                ReadError::SheetTooBig {
                    rows: 50_001,
                    max_rows: 50_000,
                    declared: false,
                    ..
                }
            )
        },
    );
    // Under a higher limit the same file reads.
    let roomy = Limits {
        max_rows: 70_000,
        ..Limits::default()
    };
    let r = read_bytes("a.xlsx", &bytes, &roomy).expect("reads");
    assert_eq!(tasks(&r).rows.len(), 59_999);
    assert_eq!(tasks(&r).rows[59_998].row, 59_999);
}

#[test]
fn too_many_columns_on_a_read_sheet() {
    let mut row: Vec<&str> = vec!["Mã nhiệm vụ", "Tình trạng", "Kết quả"];
    row.resize(1_200, "");
    row.push("x");
    let bytes = raw_xlsx(&[("Nhiệm vụ", sheet_xml("A1:C1", &[(0, row)]))]);
    assert_limit(
        read_bytes("a.xlsx", &bytes, &Limits::default()),
        Some("Nhiệm vụ"),
        |e| {
            matches!(
                e,
                ReadError::SheetTooBig {
                    cols: 1_201,
                    max_cols: 1_000,
                    ..
                }
            )
        },
    );
}

#[test]
fn zip_bomb_member_is_over_the_limit() {
    // A sheet of 60 MB of spaces, deflated to about 400 KB.
    let xml = sheet_xml("A1:D2", &task_sheet_rows());
    let bytes = zip_bomb_xlsx("Nhiệm vụ", &xml, 60 * 1024 * 1024, None);
    assert!(bytes.len() < 1024 * 1024);
    assert_limit(
        read_bytes("a.xlsx", &bytes, &Limits::default()),
        None,
        |e| {
            matches!(
                e,
                ReadError::MemberTooBig { member, limit: 52_428_800, .. }
                    if member == "xl/worksheets/sheet1.xml"
            )
        },
    );
}

#[test]
fn hand_made_deflate_stream_inflates_to_its_text() {
    // The bomb above is real: its stream inflates to what it declares.
    let deflated = deflate_spaces(b"<a>", 1000, "ệ</a>".as_bytes());
    let want = format!("<a>{}ệ</a>", " ".repeat(1000));
    let bytes = zip_with_deflated(
        "a.xml",
        &deflated,
        want.len() as u32,
        crc32(want.as_bytes()),
    );
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut f = z.by_index(0).expect("member");
    let mut got = String::new();
    std::io::Read::read_to_string(&mut f, &mut got).expect("inflate");
    assert_eq!(got, want);
}

#[test]
fn high_inflate_ratio_is_over_the_limit_only_above_the_floor() {
    let pad = |n: usize| {
        let mut s = sheet_xml("A1:D2", &task_sheet_rows());
        s.insert_str(s.len() - "</worksheet>".len(), &" ".repeat(n));
        s
    };
    // 2 MB of spaces: inflates > 100 times, over the 1 MB floor.
    let bytes = raw_xlsx(&[("Nhiệm vụ", pad(2 * 1024 * 1024))]);
    assert_limit(
        read_bytes("a.xlsx", &bytes, &Limits::default()),
        None,
        |e| {
            matches!(
                e,
                ReadError::MemberRatio { member, max_ratio: 100, .. }
                    if member == "xl/worksheets/sheet1.xml"
            )
        },
    );
    // 500 KB of spaces: same ratio, under the floor.
    let bytes = raw_xlsx(&[("Nhiệm vụ", pad(500 * 1024))]);
    let r = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
    assert_eq!(task_codes(&r), vec![(1, "NV1.01".into())]);
}

fn ods_task_table(extra_rows: &str) -> String {
    let header: String = ["Mã nhiệm vụ", "Tình trạng", "Kết quả thực hiện"]
        .iter()
        .map(|s| ods_cell(s))
        .collect();
    let data: String = ["NV1.01", "Hoàn thành", "Xong"]
        .iter()
        .map(|s| ods_cell(s))
        .collect();
    format!(
        r#"<table:table table:name="Nhiệm vụ"><table:table-row>{header}</table:table-row><table:table-row>{data}</table:table-row>{extra_rows}</table:table>"#
    )
}

#[test]
fn ods_with_trailing_empty_rows_reads() {
    // What LibreOffice writes: empty rows and columns repeated to the end.
    let tail = r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
    let bytes = raw_ods(&ods_task_table(tail));
    let r = read_bytes("a.ods", &bytes, &Limits::default()).expect("reads");
    assert_eq!(task_codes(&r), vec![(1, "NV1.01".into())]);
}

#[test]
fn ods_with_repeated_values_over_the_limit() {
    let rows = format!(
        r#"<table:table-row table:number-rows-repeated="60000">{}</table:table-row>"#,
        ods_cell("x")
    );
    assert_limit(
        read_bytes(
            "a.ods",
            &raw_ods(&ods_task_table(&rows)),
            &Limits::default(),
        ),
        Some("Nhiệm vụ"),
        |e| {
            matches!(
                e,
                ReadError::SheetTooBig {
                    rows: 60_002,
                    max_rows: 50_000,
                    ..
                }
            )
        },
    );
    let cols = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2000"/></table:table-row>"#;
    assert_limit(
        read_bytes("a.ods", &raw_ods(&ods_task_table(cols)), &Limits::default()),
        Some("Nhiệm vụ"),
        |e| {
            matches!(
                e,
                ReadError::SheetTooBig {
                    cols: 2_000,
                    max_cols: 1_000,
                    ..
                }
            )
        },
    );
}

#[test]
fn file_over_the_size_limit() {
    let bytes = Book::new().sheet("Nhiệm vụ", standard_tasks()).bytes();
    let small = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    assert_limit(read_bytes("a.xlsx", &bytes, &small), None, |e| {
        matches!(e, ReadError::FileTooBig { limit: 1_000, .. })
    });
    assert!(read_bytes("a.xlsx", &bytes, &Limits::default()).is_ok());
}

#[test]
fn two_hundred_sheets_read() {
    let mut book = Book::new();
    for i in 0..198 {
        book = book.sheet(&format!("Sheet{i}"), vec![row![format!("ghi chép {i}")]]);
    }
    book = book
        .sheet("Biểu 01", standard_tasks())
        .sheet("Biểu 02", standard_indicators());
    let r = read_book(&book);
    assert_eq!(r.sheets.len(), 200);
    assert_eq!(tasks(&r).sheet, "Biểu 01");
    assert_eq!(indicators(&r).sheet, "Biểu 02");
}

// ---- the public corpus --------------------------------------------------------

#[test]
fn corpus_files_read_as_the_answer_key_says() {
    let answer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus().join("answer.json")).expect("answer.json"))
            .expect("json");
    let files = answer["files"].as_array().expect("files");
    let mut checked = 0;
    for f in files {
        let rel = f["path"].as_str().expect("path");
        let rule = f["rule"].as_str();
        let path = corpus_file(rel);
        let res = read_workbook(Path::new(&path), &Limits::default());
        match rule {
            Some("F11") => continue,
            Some("F01") => assert!(
                matches!(&res, Err(e) if e.rule() == Rule::F01),
                "{rel}: {res:?}"
            ),
            Some("F12") => assert!(
                matches!(&res, Err(e) if e.rule() == Rule::F12),
                "{rel}: {res:?}"
            ),
            _ => {
                let r = match res {
                    Ok(r) => r,
                    Err(e) => panic!("{rel}: {e:?}"),
                };
                let renamed = f["roles"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == "renamed"));
                if renamed {
                    assert!(r.tasks.is_some() && r.indicators.is_some(), "{rel}");
                }
                if rule != Some("F02") {
                    assert!(r.tasks.is_some() || r.indicators.is_some(), "{rel}");
                } else {
                    assert!(r.tasks.is_none() && r.indicators.is_none(), "{rel}");
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
}

/// Copies of real files, truncated or with bytes flipped: reading them
/// never panics out of `read_workbook` and never aborts the process (a
/// corrupt .xls once made the reader library ask for 700 GB).
#[test]
fn corrupted_copies_of_real_files_never_crash() {
    let files: [(&str, usize); 4] = [
        ("Công văn đến/2020/QNQ.xls", 250),
        (
            "Zalo/Nhóm báo cáo KH1315/Bao cao ket qua thuc hien (8).xls",
            250,
        ),
        ("Công văn đến/2020/Bao cao ket qua thuc hien (9).ods", 40),
        ("Báo cáo Sở Văn hóa và Thể thao 6 tháng 2020.xlsx", 40),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (f, count) in files {
        let bytes = std::fs::read(corpus_file(f)).expect("corpus file");
        let ext = Path::new(f)
            .extension()
            .and_then(|e| e.to_str())
            .expect("ext");
        let path = dir.path().join(format!("x.{ext}"));
        let mut seed: u64 = 7;
        for k in 0..count {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mut b = bytes.clone();
            if k % 2 == 0 {
                b.truncate((seed >> 33) as usize % bytes.len());
            } else {
                for j in 0..8 {
                    let pos = ((seed >> (j * 3)) as usize) % b.len();
                    b[pos] ^= (seed >> 40) as u8 | 1;
                }
            }
            std::fs::write(&path, &b).expect("write");
            let _ = read_workbook(&path, &Limits::default());
        }
    }
}

// ---- issue 13: values read as the clerk sees them

/// Runs the 2020-H1 consolidation of one SCT report and gives
/// (kiem-tra.csv, du-lieu/nhiem-vu.csv, du-lieu/chi-tieu.csv).
fn run_sct(book: &Book) -> (crate::util::Project, String, String, String) {
    run_sct_file("sct.xlsx", &book.bytes())
}

/// [`run_sct`] on a file of any format, named `name` in the inbox.
fn run_sct_file(name: &str, bytes: &[u8]) -> (crate::util::Project, String, String, String) {
    let p = crate::util::Project::new();
    let path = p.inbox("2020-H1", name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::util::text(&o).1);
    let read = |rel: &str| std::fs::read_to_string(p.out("2020-H1", rel)).unwrap();
    let (kt, nv, ct) = (
        read("kiem-tra.csv"),
        read("du-lieu/nhiem-vu.csv"),
        read("du-lieu/chi-tieu.csv"),
    );
    (p, kt, nv, ct)
}

/// The CSV line of `code` for SCT.
fn line_of<'a>(csv: &'a str, code: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(&format!("{code},")) && l.contains(",SCT,"))
        .unwrap_or_else(|| panic!("no {code} for SCT in {csv}"))
}

fn percent_book() -> Book {
    crate::util::sct_book()
        .sheet(
            "Nhiệm vụ",
            vec![
                crate::util::task_header(),
                vec![
                    V::N(1.0),
                    V::from("NV1.02"),
                    V::from("Tuyên truyền"),
                    V::from("Chủ trì"),
                    V::from("Hoàn thành"),
                    V::P(1.0),
                    V::from("Đã xong"),
                ],
                vec![
                    V::N(2.0),
                    V::from("NV2.01"),
                    V::from("Chiến lược"),
                    V::from("Chủ trì"),
                    V::from("Đang thực hiện"),
                    V::P(0.4),
                    V::from("Đang làm"),
                ],
            ],
        )
        .sheet(
            "Chỉ tiêu",
            vec![
                crate::util::indicator_header(),
                vec![
                    V::N(1.0),
                    V::from("CT15"),
                    V::from("Tỷ lệ hồ sơ đúng hạn"),
                    V::from("%"),
                    V::P(0.749),
                ],
            ],
        )
}

#[test]
fn percent_formatted_cells_read_as_they_show() {
    let r = read_book(&percent_book());
    let t = tasks(&r);
    assert_eq!(t.rows[0].get(TaskCol::Share), &Raw::Percent(1.0));
    let i = indicators(&r);
    assert_eq!(i.rows[0].get(IndicatorCol::Value), &Raw::Percent(0.749));
    // A plain number stays a number: the format is what tells.
    let plain = read_book(&crate::util::sct_book().sheet(
        "Nhiệm vụ",
        vec![
            crate::util::task_header(),
            crate::row![1, "NV1.02", "x", "Chủ trì", "Hoàn thành", 1.0, "Đã xong"],
        ],
    ));
    assert_eq!(tasks(&plain).rows[0].get(TaskCol::Share), &Raw::Number(1.0));
}

#[test]
fn a_hundred_percent_share_is_a_hundred_in_every_output() {
    let (p, kt, nv, ct) = run_sct(&percent_book());
    // "Hoàn thành" with 100 %: no T06 (done but under 100 %).
    assert!(!kt.contains("T06,"), "{kt}");
    let done = line_of(&nv, "NV1.02");
    assert!(done.contains(",100,") && !done.contains(",1,"), "{done}");
    assert!(line_of(&nv, "NV2.01").contains(",40,"), "{nv}");
    // 74,9 % is summed as 74.9, not 0.749.
    let ind = line_of(&ct, "CT15");
    assert!(ind.contains(",74.9,"), "{ind}");
    assert!(!kt.contains("I0") || !kt.contains("CT15"), "{kt}");
    // The consolidated workbook shows the same figures.
    let wb = std::fs::read_dir(p.out("2020-H1", ""))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .expect("consolidated workbook");
    let mut x: calamine::Xlsx<_> = calamine::open_workbook(&wb).unwrap();
    let mut seen = (false, false);
    use calamine::{DataType, Reader};
    for name in x.sheet_names() {
        let Ok(range) = x.worksheet_range(&name) else {
            continue;
        };
        for row in range.rows() {
            let has = |s: &str| row.iter().any(|c| c.get_string() == Some(s));
            if has("NV1.02") && row.iter().any(|c| c.as_f64() == Some(100.0)) {
                seen.0 = true;
            }
            if has("CT15") && row.iter().any(|c| c.as_f64() == Some(74.9)) {
                seen.1 = true;
            }
        }
    }
    assert_eq!(seen, (true, true), "100 and 74.9 in {}", wb.display());
}

#[test]
fn xlsb_percent_formatted_cells_read_as_they_show() {
    let read = |book: &Book| match read_bytes("a.xlsb", &book.xlsb_bytes(), &Limits::default()) {
        Ok(r) => r,
        Err(e) => panic!("read failed: {e:?}"),
    };
    let r = read(&percent_book());
    let t = tasks(&r);
    assert_eq!(t.rows[0].get(TaskCol::Share), &Raw::Percent(1.0));
    assert_eq!(t.rows[1].get(TaskCol::Share), &Raw::Percent(0.4));
    let i = indicators(&r);
    assert_eq!(i.rows[0].get(IndicatorCol::Value), &Raw::Percent(0.749));
    // A number in a General cell stays the number typed, and the other
    // cells of the workbook read as in an .xlsx.
    let plain = read(&crate::util::sct_book().sheet(
        "Nhiệm vụ",
        vec![
            crate::util::task_header(),
            crate::row![1, "NV1.02", "x", "Chủ trì", "Hoàn thành", 1.0, "Đã xong"],
        ],
    ));
    assert_eq!(tasks(&plain).rows[0].get(TaskCol::Share), &Raw::Number(1.0));
    assert_eq!(plain.info, read_book(&crate::util::sct_book()).info);
}

#[test]
fn hostile_xlsb_parts_are_f01_before_calamine_meets_them() {
    let mut members = percent_book().xlsb_members();
    // A shared-string table whose first record (BrtBeginSst) declares a
    // body of 256 MiB in a part of a few bytes: calamine would allocate it.
    let mut sst = vec![0x9F, 0x01, 0xFF, 0xFF, 0xFF, 0x7F];
    sst.extend([0u8; 8]);
    members.push(("xl/sharedStrings.bin".into(), sst));
    let bytes = crate::util::raw_zip(&members);
    // Refused by the scan (its condition names the record), not by
    // calamine after the allocation.
    match read_bytes("a.xlsb", &bytes, &Limits::default()) {
        Err(ReadError::Corrupt {
            format: "xlsb",
            source: Some(e),
        }) => assert_eq!(
            e.to_string(),
            "record of 268435455 bytes in part 'xl/sharedstrings.bin' of 14 bytes"
        ),
        other => panic!("expected a corrupt xlsb, got {other:?}"),
    }
    // The same package without that part reads.
    assert!(read_bytes("a.xlsb", &percent_book().xlsb_bytes(), &Limits::default()).is_ok());
    // A sheet whose relationship is missing (calamine panics on it) is
    // refused by name.
    let mut members = percent_book().xlsb_members();
    for (name, data) in members.iter_mut() {
        if name == "xl/_rels/workbook.bin.rels" {
            *data = String::from_utf8(data.clone())
                .unwrap()
                .replace("Id=\"rId2\"", "Id=\"rIdX\"")
                .into_bytes();
        }
    }
    match read_bytes(
        "a.xlsb",
        &crate::util::raw_zip(&members),
        &Limits::default(),
    ) {
        Err(ReadError::Corrupt {
            format: "xlsb",
            source: Some(e),
        }) => assert_eq!(
            e.to_string(),
            "sheet relationship 'rId2' not in xl/_rels/workbook.bin.rels"
        ),
        other => panic!("expected a corrupt xlsb, got {other:?}"),
    }
}

#[test]
fn xlsb_percent_cells_reach_the_data_as_the_points_they_show() {
    let (_p, kt, nv, ct) = run_sct_file("sct.xlsb", &percent_book().xlsb_bytes());
    assert!(!kt.contains("T06,"), "{kt}");
    let done = line_of(&nv, "NV1.02");
    assert!(done.contains(",100,") && !done.contains(",1,"), "{done}");
    assert!(line_of(&nv, "NV2.01").contains(",40,"), "{nv}");
    let ind = line_of(&ct, "CT15");
    assert!(ind.contains(",74.9,") && ind.contains("sct.xlsb"), "{ind}");
}

#[test]
fn numbers_typed_both_ways_reach_the_data_as_read_with_i08_on_their_cell() {
    for (typed, read) in [("1,234", "1.234"), ("1.234", "1234"), ("1,23", "1.23")] {
        let book = crate::util::sct_book().sheet(
            "Chỉ tiêu",
            vec![
                crate::util::indicator_header(),
                crate::row![1, "CT08", "Hội chợ", "hội chợ", typed],
            ],
        );
        let (_p, kt, _, ct) = run_sct(&book);
        let line = line_of(&ct, "CT08");
        assert!(line.contains(&format!(",{read},")), "{typed}: {line}");
        let i08 = kt.lines().find(|l| l.starts_with("I08,"));
        if typed == "1,23" {
            assert!(i08.is_none(), "{typed}: {kt}");
        } else {
            let i08 = i08.unwrap_or_else(|| panic!("{typed}: no I08 in {kt}"));
            assert!(i08.contains(",SCT,sct.xlsx,Chỉ tiêu,E2,"), "{i08}");
        }
    }
}

#[test]
fn two_digit_years_and_administrative_dates() {
    for (typed, late) in [
        ("07/06/20", false),
        ("7-6-20", false),
        ("17/06/20", true),
        ("Hải Phòng, ngày 07 tháng 6 năm 2020", false),
        ("ngày 17 tháng 6 năm 2020", true),
    ] {
        let book = sct_dated(typed);
        let (_p, kt, _, _) = run_sct(&book);
        assert!(!kt.contains("F08,"), "{typed}: {kt}");
        // Due 15/06/2020: the 17th is late (F07), the 7th is not.
        assert_eq!(kt.contains("F07,"), late, "{typed}: {kt}");
    }
}

/// SCT's half-year report whose "Ngày báo cáo" is `typed`, with one
/// indicator row.
fn sct_dated(typed: &str) -> crate::util::Book {
    crate::util::Book::new()
        .sheet(
            "Thông tin",
            crate::util::info_rows(
                "SCT",
                "Sở Công Thương",
                "6 tháng đầu năm 2020",
                V::from(typed),
            ),
        )
        .sheet("Chỉ tiêu", percent_book_indicators())
}

fn percent_book_indicators() -> Vec<Vec<V>> {
    vec![
        crate::util::indicator_header(),
        crate::row![1, "CT08", "Hội chợ", "hội chợ", 7],
    ]
}

#[test]
fn impossible_or_month_first_dates_are_f08_with_the_text_quoted() {
    for typed in ["6/17/2020", "12/13/2020", "32/6/20"] {
        let book = sct_dated(typed);
        let (_p, kt, _, _) = run_sct(&book);
        let line = kt
            .lines()
            .find(|l| l.starts_with("F08,"))
            .unwrap_or_else(|| panic!("{typed}: no F08 in {kt}"));
        assert!(line.contains(",SCT,sct.xlsx,Thông tin,B5,"), "{line}");
        assert!(line.contains(&format!("'{typed}'")), "{line}");
    }
}

#[test]
fn ods_percentage_cells_read_as_they_show() {
    let pct = |v: &str| {
        format!(
            r#"<table:table-cell office:value-type='percentage' office:value='{v}'><text:p>x</text:p></table:table-cell>"#
        )
    };
    let float = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;
    let header: String = ["Mã nhiệm vụ", "Tình trạng", "Tỷ lệ hoàn thành (%)"]
        .iter()
        .map(|s| ods_cell(s))
        .collect();
    let row = |code: &str, share: &str| {
        format!(
            "<table:table-row>{}{}{share}</table:table-row>",
            ods_cell(code),
            ods_cell("Hoàn thành")
        )
    };
    let tables = format!(
        r#"<table:table table:name="Nhiệm vụ"><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row>{header}</table:table-row>{}{}{}</table:table>"#,
        row("NV1.01", &pct("1")),
        row("NV1.02", float),
        row("NV2.01", &pct("0.4")),
    );
    let r = read_bytes("a.ods", &raw_ods(&tables), &Limits::default()).expect("reads");
    let t = tasks(&r);
    let shares: Vec<(u32, Raw)> = t
        .rows
        .iter()
        .map(|r| (r.row, r.get(TaskCol::Share).clone()))
        .collect();
    assert_eq!(
        shares,
        [
            (3, Raw::Percent(1.0)),
            (4, Raw::Number(1.0)),
            (5, Raw::Percent(0.4))
        ]
    );
}

// ---- issue 13: a stale copy of a sheet

fn tasks_with_statuses(statuses: &[&str]) -> Vec<Vec<V>> {
    let codes = ["NV1.02", "NV2.01", "NV1.01"];
    let mut rows = vec![crate::util::task_header()];
    for (i, s) in statuses.iter().enumerate() {
        rows.push(crate::row![
            i as i32 + 1,
            codes[i],
            "Nội dung",
            "Chủ trì",
            *s,
            "",
            "Kết quả"
        ]);
    }
    rows
}

#[test]
fn a_hidden_sheet_never_wins_over_a_visible_copy() {
    for very in [false, true] {
        // The old sheet hidden keeps its name; the edited copy is visible.
        let book = crate::util::sct_book()
            .sheet(
                "Nhiệm vụ",
                tasks_with_statuses(&["Hoàn thành", "Hoàn thành", "Hoàn thành"]),
            )
            .hide(very)
            .sheet("Nhiệm vụ (2)", tasks_with_statuses(&["Đang thực hiện"]));
        let r = read_book(&book);
        assert_eq!(tasks(&r).sheet, "Nhiệm vụ (2)", "very hidden: {very}");
        assert!(r.sheet_choices.is_empty(), "{:?}", r.sheet_choices);
    }
    // A hidden sheet found only by its content loses to a visible one too.
    let book = crate::util::sct_book()
        .sheet(
            "Biểu cũ",
            tasks_with_statuses(&["Hoàn thành", "Hoàn thành"]),
        )
        .hide(false)
        .sheet("Biểu mới", tasks_with_statuses(&["Đang thực hiện"]));
    assert_eq!(tasks(&read_book(&book)).sheet, "Biểu mới");
}

#[test]
fn two_visible_task_sheets_use_the_fuller_one_and_say_so() {
    use tonghop::read::{SheetChoice, TableKind};
    let book = crate::util::sct_book()
        .sheet("Nhiệm vụ", tasks_with_statuses(&["Hoàn thành", "", ""]))
        .sheet(
            "Nhiệm vụ (2)",
            tasks_with_statuses(&["Hoàn thành", "Đang thực hiện", ""]),
        );
    let r = read_book(&book);
    assert_eq!(tasks(&r).sheet, "Nhiệm vụ (2)");
    assert_eq!(
        r.sheet_choices,
        [SheetChoice {
            kind: TableKind::Tasks,
            used: "Nhiệm vụ (2)".into(),
            others: vec!["Nhiệm vụ".into()],
        }]
    );
    // A tie goes to the later tab, whichever name it has.
    let book = crate::util::sct_book()
        .sheet("Nhiệm vụ (cũ)", tasks_with_statuses(&["Hoàn thành"]))
        .sheet("Nhiệm vụ", tasks_with_statuses(&["Đang thực hiện"]));
    let r = read_book(&book);
    assert_eq!(tasks(&r).sheet, "Nhiệm vụ");
    assert_eq!(r.sheet_choices[0].others, ["Nhiệm vụ (cũ)"]);

    // End to end: F13 on the sheet used, naming both; the rows of the
    // sheet used reach nhiem-vu.csv.
    let book = crate::util::sct_book()
        .sheet("Nhiệm vụ", tasks_with_statuses(&["Hoàn thành"]))
        .sheet(
            "Nhiệm vụ (2)",
            tasks_with_statuses(&["Đang thực hiện", "Hoàn thành"]),
        );
    let (_p, kt, nv, _) = run_sct(&book);
    let f13 = kt
        .lines()
        .find(|l| l.starts_with("F13,"))
        .unwrap_or_else(|| panic!("no F13 in {kt}"));
    assert!(
        f13.starts_with("F13,canh_bao,SCT,sct.xlsx,Nhiệm vụ (2),,"),
        "{f13}"
    );
    assert!(
        f13.contains("'Nhiệm vụ'") && f13.contains("'Nhiệm vụ (2)'"),
        "{f13}"
    );
    assert!(line_of(&nv, "NV1.02").contains(",dang_thuc_hien,"), "{nv}");
    assert!(line_of(&nv, "NV2.01").contains(",hoan_thanh,"), "{nv}");
    // One sheet: no F13.
    let book = crate::util::sct_book().sheet("Nhiệm vụ", tasks_with_statuses(&["Hoàn thành"]));
    let (_p, kt, _, _) = run_sct(&book);
    assert!(!kt.contains("F13,"), "{kt}");
}

// ---- issue 13: formulas saved without their result

/// The cached result the fixtures strip: what a program that keeps
/// formulas and drops their values writes.
const NO_VALUE: &str = "KHONGCOGIATRI";

fn no_value(formula: &str) -> V {
    V::F(formula.into(), NO_VALUE.into())
}

/// `book` as xlsx bytes with every formula's saved result removed.
fn without_results(book: &Book) -> Vec<u8> {
    book.bytes_replacing(&format!("<v>{NO_VALUE}</v>"), "")
}

fn formula_book(period: V, code: V) -> Book {
    crate::util::Book::new()
        .sheet(
            "Thông tin",
            vec![
                vec![V::from("Mã đơn vị"), code],
                crate::row!["Tên đơn vị", ""],
                crate::row!["Mã kế hoạch", "hp-1315"],
                vec![V::from("Kỳ báo cáo"), period],
                vec![V::from("Ngày báo cáo"), V::D(2020, 6, 10)],
            ],
        )
        .sheet(
            "Nhiệm vụ",
            vec![
                crate::util::task_header(),
                vec![
                    V::N(1.0),
                    V::from("NV1.02"),
                    V::from("Tuyên truyền"),
                    V::from("Chủ trì"),
                    V::from("Đang thực hiện"),
                    no_value("40+10"),
                    no_value("\"Đã làm\""),
                ],
                vec![
                    V::N(2.0),
                    V::from("NV2.01"),
                    V::from("Chiến lược"),
                    V::from("Chủ trì"),
                    V::from("Đang thực hiện"),
                    V::P(0.5),
                    no_value("A1&\"x\""),
                ],
            ],
        )
        .sheet(
            "Chỉ tiêu",
            vec![
                crate::util::indicator_header(),
                vec![
                    V::N(1.0),
                    V::from("CT08"),
                    V::from("Hội chợ"),
                    V::from("hội chợ"),
                    no_value("SUM(1,2)"),
                ],
            ],
        )
}

fn run_bytes(name: &str, bytes: &[u8]) -> (crate::util::Project, String, String, String) {
    let p = crate::util::Project::new();
    let path = p.inbox("2020-H1", name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::util::text(&o).1);
    let read = |rel: &str| std::fs::read_to_string(p.out("2020-H1", rel)).unwrap_or_default();
    let (kt, nv, ct) = (
        read("kiem-tra.csv"),
        read("du-lieu/nhiem-vu.csv"),
        read("du-lieu/chi-tieu.csv"),
    );
    (p, kt, nv, ct)
}

#[test]
fn formulas_without_a_saved_value_read_as_formulas() {
    let bytes = without_results(&formula_book(
        V::from("6 tháng đầu năm 2020"),
        V::from("SCT"),
    ));
    assert!(!String::from_utf8_lossy(&bytes).contains(NO_VALUE));
    let r = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
    let row = &tasks(&r).rows[0];
    assert_eq!(row.get(TaskCol::Share), &Raw::Formula("40+10".into()));
    assert_eq!(row.get(TaskCol::Result), &Raw::Formula("\"Đã làm\"".into()));
    assert_eq!(
        indicators(&r).rows[0].get(IndicatorCol::Value),
        &Raw::Formula("SUM(1,2)".into())
    );
    // A formula with its saved result reads as that result.
    let kept = formula_book(V::from("6 tháng đầu năm 2020"), V::from("SCT")).bytes();
    let r = read_bytes("a.xlsx", &kept, &Limits::default()).expect("reads");
    assert_eq!(
        tasks(&r).rows[0].get(TaskCol::Share),
        &Raw::Text(NO_VALUE.into())
    );
}

#[test]
fn a_package_too_large_to_inflate_at_once_reads_the_same() {
    // Read part by part as calamine inflates them (the formulas looked
    // for beforehand), or inflated once and held: the same report.
    let part_by_part = Limits {
        max_inflated_once_bytes: 0,
        ..Limits::default()
    };
    let book = formula_book(V::from("6 tháng đầu năm 2020"), V::from("SCT"));
    for bytes in [without_results(&book), book.bytes()] {
        let once = read_bytes("a.xlsx", &bytes, &Limits::default()).expect("reads");
        let parts = read_bytes("a.xlsx", &bytes, &part_by_part).expect("reads");
        assert_eq!(format!("{once:?}"), format!("{parts:?}"));
        assert!(!tasks(&once).rows.is_empty());
    }
    // A package with a part that is not XML (an image), a folder entry
    // and a part stored uncompressed: copied as they are, read the same.
    let mut extra = zip::ZipWriter::new_append(std::io::Cursor::new(book.bytes())).unwrap();
    let png = [0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0, 0, 0];
    extra
        .start_file(
            "xl/media/image1.png",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    std::io::Write::write_all(&mut extra, &png).unwrap();
    extra
        .add_directory("xl/empty/", zip::write::SimpleFileOptions::default())
        .unwrap();
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    extra.start_file("customXml/item1.xml", stored).unwrap();
    std::io::Write::write_all(&mut extra, b"<a/>").unwrap();
    let extra = extra.finish().unwrap().into_inner();
    let once = read_bytes("a.xlsx", &extra, &Limits::default()).expect("reads");
    let parts = read_bytes("a.xlsx", &extra, &part_by_part).expect("reads");
    assert_eq!(format!("{once:?}"), format!("{parts:?}"));
    assert_eq!(
        format!("{once:?}"),
        format!(
            "{:?}",
            read_bytes("a.xlsx", &book.bytes(), &Limits::default()).expect("reads")
        )
    );
    let no_results = without_results(&book);
    let r = read_bytes("a.xlsx", &no_results, &part_by_part).expect("reads");
    assert_eq!(
        tasks(&r).rows[0].get(TaskCol::Share),
        &Raw::Formula("40+10".into())
    );
}

#[test]
fn formula_cells_are_f14_never_missing() {
    let bytes = without_results(&formula_book(
        V::from("6 tháng đầu năm 2020"),
        V::from("SCT"),
    ));
    let (_p, kt, nv, ct) = run_bytes("sct.xlsx", &bytes);
    let f14: Vec<&str> = kt.lines().filter(|l| l.starts_with("F14,")).collect();
    let at = |sheet: &str, cell: &str| {
        f14.iter()
            .any(|l| l.starts_with(&format!("F14,loi,SCT,sct.xlsx,{sheet},{cell},")))
    };
    assert!(
        at("Nhiệm vụ", "F2") && at("Nhiệm vụ", "G2") && at("Chỉ tiêu", "E2"),
        "{kt}"
    );
    assert!(f14[0].contains("=40+10") || kt.contains("=40+10"), "{kt}");
    assert!(kt.contains("Mở tệp bằng Excel, lưu lại rồi gửi."), "{kt}");
    // Not "no result" (T07), not "not a number" (T05), not "no value" (I06).
    for rule in ["T05,", "T07,", "I06,", "I02,"] {
        for cell in [",Nhiệm vụ,F2,", ",Nhiệm vụ,G2,", ",Chỉ tiêu,E2,"] {
            assert!(
                !kt.lines().any(|l| l.starts_with(rule) && l.contains(cell)),
                "{rule}{cell} in {kt}"
            );
        }
    }
    // The report counts; the unknown values stay empty in the data.
    let task = line_of(&nv, "NV1.02");
    assert!(
        task.starts_with("NV1.02,SCT,chu_tri,dang_thuc_hien,,,"),
        "{task}"
    );
    assert!(ct.lines().any(|l| l.starts_with("CT08,SCT,,")), "{ct}");
}

#[test]
fn formulas_with_saved_results_reach_the_data_as_their_results() {
    // The workbook holds formula elements, so the reader opens the formula
    // pass; each cell keeps its saved result, with no F14.
    let book = crate::util::sct_book()
        .sheet(
            "Nhiệm vụ",
            vec![
                crate::util::task_header(),
                crate::row![
                    1,
                    "NV1.02",
                    "Tuyên truyền",
                    "Chủ trì",
                    "Đang thực hiện",
                    V::F("40+10".into(), "50".into()),
                    "Đã tổ chức 3 hội nghị"
                ],
            ],
        )
        .sheet(
            "Chỉ tiêu",
            vec![
                crate::util::indicator_header(),
                crate::row![
                    1,
                    "CT08",
                    "Hội chợ",
                    "hội chợ",
                    V::F("SUM(1,2)".into(), "3".into())
                ],
            ],
        )
        .bytes();
    let (_p, kt, nv, ct) = run_bytes("sct.xlsx", &book);
    assert!(!kt.lines().any(|l| l.starts_with("F14,")), "{kt}");
    let task = line_of(&nv, "NV1.02");
    assert!(
        task.starts_with("NV1.02,SCT,chu_tri,dang_thuc_hien,50,Đã tổ chức 3 hội nghị,"),
        "{task}"
    );
    assert!(ct.lines().any(|l| l.starts_with("CT08,SCT,3,")), "{ct}");
}

#[test]
fn a_formula_period_or_unit_excludes_under_f14() {
    // "Kỳ báo cáo" as a formula: excluded, F14 at its cell, not F05.
    let bytes = without_results(&formula_book(
        no_value("\"6 tháng\"&\" 2020\""),
        V::from("SCT"),
    ));
    let (p, kt, _, _) = run_bytes("sct.xlsx", &bytes);
    let line = kt
        .lines()
        .find(|l| l.starts_with("F14,"))
        .unwrap_or_else(|| panic!("no F14 in {kt}"));
    assert!(
        line.starts_with("F14,loi,SCT,sct.xlsx,Thông tin,B4,"),
        "{line}"
    );
    assert!(!kt.contains("F05,"), "{kt}");
    let manifest = std::fs::read_to_string(p.out("2020-H1", "manifest.json")).unwrap_or_default();
    assert!(manifest.contains("F14"), "{manifest}");
    // The unit code as a formula, no name, a file name that names no unit:
    // excluded under F14, not F03.
    let bytes = without_results(&formula_book(
        V::from("6 tháng đầu năm 2020"),
        no_value("\"SCT\""),
    ));
    let (_p, kt, _, _) = run_bytes("bao-cao.xlsx", &bytes);
    let line = kt
        .lines()
        .find(|l| l.starts_with("F14,"))
        .unwrap_or_else(|| panic!("no F14 in {kt}"));
    assert!(
        line.starts_with("F14,loi,,bao-cao.xlsx,Thông tin,B1,"),
        "{line}"
    );
    // Named by its file, the report counts, with F14 on the code cell.
    let (_p, named, _, _) = run_bytes("sct.xlsx", &bytes);
    assert!(
        named.contains("F14,loi,SCT,sct.xlsx,Thông tin,B1,"),
        "{named}"
    );
    assert!(!kt.contains("F03,") && !kt.contains("F04,"), "{kt}");
    assert_eq!(
        kt.lines().filter(|l| l.contains(",bao-cao.xlsx,")).count(),
        1,
        "an excluded file has one finding: {kt}"
    );
}

#[test]
fn a_resend_dated_with_a_two_digit_year_supersedes_the_older_report() {
    let p = crate::util::Project::new();
    let report = |date: V| {
        crate::util::Book::new()
            .sheet(
                "Thông tin",
                crate::util::info_rows("SCT", "Sở Công Thương", "6 tháng đầu năm 2020", date),
            )
            .sheet("Chỉ tiêu", percent_book_indicators())
    };
    report(V::D(2020, 6, 5)).save(&p.inbox("2020-H1", "sct-cu.xlsx"));
    report(V::from("10/6/20")).save(&p.inbox("2020-H1", "sct-moi.xlsx"));
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::util::text(&o).1);
    let kt = std::fs::read_to_string(p.out("2020-H1", "kiem-tra.csv")).unwrap();
    let f06 = kt
        .lines()
        .find(|l| l.starts_with("F06,"))
        .unwrap_or_else(|| panic!("no F06 in {kt}"));
    assert!(f06.contains(",SCT,sct-cu.xlsx,"), "{f06}");
    let ct = std::fs::read_to_string(p.out("2020-H1", "du-lieu/chi-tieu.csv")).unwrap();
    assert!(line_of(&ct, "CT08").contains("sct-moi.xlsx"), "{ct}");
}

#[test]
fn a_hidden_info_sheet_never_wins_over_a_visible_one() {
    let info =
        |code: &str| crate::util::info_rows(code, "", "6 tháng đầu năm 2020", V::D(2020, 6, 10));
    // (The first sheet is the active one, which Excel cannot hide.)
    let book = crate::util::Book::new()
        .sheet("Chỉ tiêu", percent_book_indicators())
        .sheet("Thông tin", info("SYT"))
        .hide(false)
        .sheet("Thông tin (2)", info("SCT"));
    let r = read_book(&book);
    assert_eq!(r.info.sheet.as_deref(), Some("Thông tin (2)"));
    assert_eq!(
        r.info.unit_code.map(|l| l.value),
        Some(Raw::Text("SCT".into()))
    );
}
