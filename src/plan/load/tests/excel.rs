//! Plan files as Excel saves them (issue 13, item 5), optional keys and
//! columns, and the hashes of the bytes read.

use super::*;

#[test]
fn crlf_line_numbers_are_exact() {
    let units = format!(
        "{UNITS}SCT,Sở Công Thương,so,,,,\nSTP,Sở Tư pháp,so,,,,\n\nQHB,Quận,quan,,2020-13-01,,\n"
    )
    .replace('\n', "\r\n");
    let dir = example_with("don-vi.csv", units.as_bytes());
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("don-vi.csv".to_string(), 5, 5)]);
    assert!(e.to_string().contains("don-vi.csv:5:5:"), "{e}");
}

#[test]
fn cr_only_line_numbers_are_exact() {
    let tasks = "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\r\
                 NV1,I,Việc,SCT,,thuong_xuyen,\rNV2,I,Việc,SCT,,2019-02-30,\r";
    let dir = example_with("nhiem-vu.csv", tasks.as_bytes());
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("nhiem-vu.csv".to_string(), 3, 6)]);
}

#[test]
fn a_plan_separated_by_semicolons_loads_with_a_note() {
    let tasks = "ma;muc;noi_dung;chu_tri;phoi_hop;thoi_han;ghi_chu\n\
                 NV1;I. Tuyên truyền;Tuyên truyền, phổ biến;SCT;\"STP;QHB\";thuong_xuyen;\n\
                 NV2;II;Rà soát;STP;SCT;2019-12-31;\n";
    let dir = example_with("nhiem-vu.csv", tasks.as_bytes());
    let p = load(dir.path()).unwrap();
    let t = p.task("NV1").unwrap();
    assert_eq!(t.content, "Tuyên truyền, phổ biến");
    assert_eq!(t.coordinators, ["STP", "QHB"]);
    assert_eq!(
        p.notes,
        [PlanNote::Separator {
            file: dir.path().join("nhiem-vu.csv"),
            sep: ';'
        }]
    );
    assert!(
        p.notes[0].to_string().contains("chấm phẩy"),
        "{}",
        p.notes[0]
    );
}

#[test]
fn a_semicolon_file_with_an_error_names_the_column() {
    let tasks = "ma;muc;noi_dung;chu_tri;phoi_hop;thoi_han;ghi_chu\r\nNV1;I;Việc;SCT;;sớm;\r\n";
    let dir = example_with("nhiem-vu.csv", tasks.as_bytes());
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("nhiem-vu.csv".to_string(), 2, 6)]);
}

#[test]
fn windows_1258_is_decoded_with_a_note() {
    // "Sở Tư pháp" and "Quận" in Windows-1258: ơ = F5, ư = FD, hook above =
    // D2, acute = EC, dot below = F2, â = E2.
    let mut bytes = UNITS.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"SCT,S\xf5\xd2 C\xf4ng Th\xfd\xf5ng,so,,,,\r\nSTP,S\xf5\xd2 T\xfd pha\xecp,so,,,,\r\n\
          QHB,Qu\xe2\xf2n,quan,,,2020-12-31,STP\r\n",
    );
    let dir = example_with("don-vi.csv", &bytes);
    let p = load(dir.path()).unwrap();
    assert_eq!(p.unit("SCT").unwrap().name, "Sở Công Thương");
    assert_eq!(p.unit("STP").unwrap().name, "Sở Tư pháp");
    assert_eq!(p.unit("QHB").unwrap().name, "Quận");
    assert_eq!(
        p.notes,
        [PlanNote::Decoded {
            file: dir.path().join("don-vi.csv"),
            encoding: "windows-1258"
        }]
    );
    // The hash is of the bytes on disk, not of the decoded text.
    use sha2::Digest;
    assert_eq!(p.sha256["don-vi.csv"], hex(&sha2::Sha256::digest(&bytes)));
}

#[test]
fn a_utf8_plan_with_a_bom_has_no_note() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    for name in PLAN_FILES {
        let f = dir.path().join(name);
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(std::fs::read(&f).unwrap());
        std::fs::write(&f, b).unwrap();
    }
    let p = load(dir.path()).unwrap();
    assert_eq!(p.info.id, "vd");
    assert!(p.notes.is_empty(), "{:?}", p.notes);
}

#[test]
fn the_hashes_are_of_the_files_read() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let p = load(dir.path()).unwrap();
    use sha2::Digest;
    let mut all = sha2::Sha256::new();
    for name in PLAN_FILES {
        let b = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(p.sha256[name], hex(&sha2::Sha256::digest(&b)));
        all.update(&b);
    }
    assert_eq!(p.sha256_combined, hex(&all.finalize()));
}

#[test]
fn a_plan_without_number_or_date_loads() {
    let dir = info_with(
        "so_hieu,1/QĐ-UBND\nngay_ban_hanh,2019-01-02\n",
        "so_hieu,\n",
    );
    let p = load(dir.path()).unwrap();
    assert_eq!(p.info.number, "");
    assert_eq!(p.info.issued, None);
    assert!(p.notes.is_empty());
}

#[test]
fn a_bad_issue_date_is_still_an_error() {
    let dir = info_with("ngay_ban_hanh,2019-01-02", "ngay_ban_hanh,02/01/2019");
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 5, 2)]);
    assert_eq!(
        problems(&e),
        [P::BadDate {
            column: "ngay_ban_hanh".into(),
            value: "02/01/2019".into()
        }]
    );
}

#[test]
fn required_keys_are_still_required() {
    let dir = info_with("tu_nam,2019\n", "");
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 0, 0)]);
    assert_eq!(
        problems(&e),
        [P::MissingKey {
            key: "tu_nam".into()
        }]
    );
    let dir = info_with("ten,Kế hoạch ví dụ", "ten,");
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 3, 2)]);
    assert_eq!(
        problems(&e),
        [P::MissingValue {
            column: "ten".into()
        }]
    );
}

#[test]
fn a_repeated_key_names_its_first_line() {
    let dir = info_with("tu_nam,2019\n", "tu_nam,2019\ntu_nam,2018\n");
    let e = load(dir.path()).unwrap_err();
    assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 12, 1)]);
    assert_eq!(
        problems(&e),
        [P::DuplicateKey {
            key: "tu_nam".into(),
            first_line: 11
        }]
    );
}

#[test]
fn optional_columns_may_be_left_out() {
    let dir = example_with(
        "nhiem-vu.csv",
        "ma,noi_dung,chu_tri,thoi_han\nNV1,Tuyên truyền,SCT,thuong_xuyen\n".as_bytes(),
    );
    let p = load(dir.path()).unwrap();
    let t = p.task("NV1").unwrap();
    assert!(t.coordinators.is_empty() && t.section.is_empty() && t.note.is_empty());
    let absent: Vec<_> = p
        .notes
        .iter()
        .map(|n| match n {
            PlanNote::ColumnAbsent { column, .. } => *column,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(absent, ["muc", "phoi_hop", "ghi_chu"]);
}

#[test]
fn resubmit_days_is_validated() {
    let ok = info_with("den_nam,2021\n", "den_nam,2021\nhan_nop_lai,10\n");
    assert_eq!(load(ok.path()).unwrap().info.resubmit_days(), 10);
    let absent = tempfile::tempdir().unwrap();
    write_example(absent.path()).unwrap();
    assert_eq!(
        load(absent.path()).unwrap().info.resubmit_days(),
        crate::plan::DEFAULT_RESUBMIT_DAYS
    );
    for bad in ["0", "366", "7.5", "bảy"] {
        let dir = info_with(
            "den_nam,2021\n",
            &format!("den_nam,2021\nhan_nop_lai,{bad}\n"),
        );
        let e = load(dir.path()).unwrap_err();
        assert_eq!(places(&e), [("ke-hoach.csv".to_string(), 13, 2)], "{bad}");
        assert_eq!(problems(&e), [P::BadResubmitDays { value: bad.into() }]);
    }
}

#[test]
fn an_oversized_plan_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    write_example(dir.path()).unwrap();
    let f = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("chi-tieu.csv"))
        .unwrap();
    f.set_len(MAX_PLAN_FILE + 1).unwrap();
    let e = load(dir.path()).unwrap_err();
    assert_eq!(
        problems(&e),
        [P::TooBig {
            size: MAX_PLAN_FILE + 1,
            limit: MAX_PLAN_FILE
        }]
    );
}
