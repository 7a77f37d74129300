//! Integration tests: forms (`tonghop forms`, `write::forms`).
//!
//! The forms are read back with calamine and checked by label, the way the
//! reader finds things, not by fixed cell address. The round trips through
//! the reader and the validator fill a generated form the way a person does
//! in Excel: by typing into its empty input cells (the cell XML is edited in
//! place; everything else in the file stays as generated).

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use tonghop::plan::{self, Deadline, Period, Plan, Role};
use tonghop::write::forms::{form_xlsx, mail_merge_csv};

use crate::util::{repo, text, Project};

const INFO: &str = "Thông tin";
const TASKS: &str = "Nhiệm vụ";
const INDICATORS: &str = "Chỉ tiêu";
const GUIDE: &str = "Hướng dẫn";

const TASK_HEADER: [&str; 10] = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Vai trò",
    "Thời hạn",
    "Tình trạng",
    "Tỷ lệ hoàn thành (%)",
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
];

use crate::util::INDICATOR_LABELS as INDICATOR_HEADER;

fn hp1315() -> Plan {
    plan::load(&repo().join("templates/hp-1315")).expect("plan")
}

fn h1() -> Period {
    Period::first_half(2020)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A sheet as a grid of displayed strings, from A1 (absolute positions).
fn grid(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("open xlsx");
    let r = x.worksheet_range(sheet).expect("sheet");
    let Some((er, ec)) = r.end() else {
        return Vec::new();
    };
    (0..=er)
        .map(|row| {
            (0..=ec)
                .map(|col| match r.get_value((row, col)) {
                    None | Some(Data::Empty) => String::new(),
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Float(f)) => format!("{f}"),
                    Some(Data::Int(i)) => format!("{i}"),
                    Some(Data::DateTime(d)) => (day(1899, 12, 30)
                        + chrono::Duration::days(d.as_f64() as i64))
                    .format("%d/%m/%Y")
                    .to_string(),
                    Some(other) => format!("{other}"),
                })
                .collect()
        })
        .collect()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    let x: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("open xlsx");
    x.sheet_names()
}

/// The 0-based row whose cells contain `label`.
fn row_with(g: &[Vec<String>], label: &str) -> usize {
    g.iter()
        .position(|r| r.iter().any(|c| c == label))
        .unwrap_or_else(|| panic!("no row with {label:?}"))
}

fn col_of(header: &[String], label: &str) -> usize {
    header
        .iter()
        .position(|c| c == label)
        .unwrap_or_else(|| panic!("no column {label:?}"))
}

/// The "Thông tin" value next to `label`.
fn info_value(g: &[Vec<String>], label: &str) -> String {
    let r = row_with(g, label);
    g[r][1].clone()
}

/// What the plan says SCT (or `unit`) owes in 2020-H1: task codes with role,
/// in plan order.
fn owed_tasks(plan: &Plan, unit: &str, period: Period) -> Vec<(String, Role)> {
    plan.tasks
        .iter()
        .filter_map(|t| {
            plan.role_of(unit, &t.code, period)
                .map(|r| (t.code.clone(), r))
        })
        .collect()
}

fn owed_indicators(plan: &Plan, unit: &str, period: Period) -> Vec<String> {
    plan.indicators
        .iter()
        .filter(|i| plan.reporters_in(i, period).iter().any(|c| c == unit))
        .map(|i| i.code.clone())
        .collect()
}

#[test]
fn form_has_the_four_sheets_and_the_unit_info() {
    let plan = hp1315();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    assert_eq!(sheet_names(&b), [INFO, TASKS, INDICATORS, GUIDE]);
    let g = grid(&b, INFO);
    assert_eq!(info_value(&g, "Mã đơn vị"), "SCT");
    assert_eq!(info_value(&g, "Tên đơn vị"), "Sở Công Thương");
    assert_eq!(info_value(&g, "Mã kế hoạch"), "hp-1315");
    assert_eq!(info_value(&g, "Kỳ báo cáo"), "6 tháng đầu năm 2020");
    for label in [
        "Ngày báo cáo",
        "Người lập",
        "Điện thoại",
        "Email",
        "Thủ trưởng đơn vị",
    ] {
        assert_eq!(info_value(&g, label), "", "{label} is left to fill");
    }
    // Labels are in column A.
    for label in [
        "Mã đơn vị",
        "Kỳ báo cáo",
        "Ngày báo cáo",
        "Thủ trưởng đơn vị",
    ] {
        assert_eq!(g[row_with(&g, label)][0], label);
    }
}

#[test]
fn task_sheet_lists_the_units_tasks_in_plan_order_under_sections() {
    let plan = hp1315();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    assert_eq!(g[h], TASK_HEADER, "header labels exactly as FORM.md");
    // Title rows name the unit, the plan and the period.
    let titles: String = g[..h]
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(titles.contains("Sở Công Thương"), "{titles}");
    assert!(titles.contains("1315/QĐ-UBND"), "{titles}");
    assert!(titles.contains("6 tháng đầu năm 2020"), "{titles}");

    let code = col_of(&g[h], "Mã nhiệm vụ");
    let role = col_of(&g[h], "Vai trò");
    let deadline = col_of(&g[h], "Thời hạn");
    let content = col_of(&g[h], "Nội dung nhiệm vụ");
    let mut got = Vec::new();
    let mut sections = Vec::new();
    for row in &g[h + 1..] {
        if row[code].is_empty() {
            // A section row: its text in column A, no code.
            assert!(!row[0].is_empty(), "{row:?}");
            sections.push(row[0].clone());
            continue;
        }
        let t = plan.task(&row[code]).expect("plan task");
        got.push((
            row[code].clone(),
            if row[role] == "Chủ trì" {
                Role::Lead
            } else {
                assert_eq!(row[role], "Phối hợp");
                Role::Coordinator
            },
        ));
        assert_eq!(row[content], t.content);
        let want = match t.deadline {
            Deadline::Date(d) => d.format("%d/%m/%Y").to_string(),
            Deadline::Ongoing => "Thường xuyên".to_string(),
        };
        assert_eq!(row[deadline], want, "{}", row[code]);
    }
    let want = owed_tasks(&plan, "SCT", h1());
    assert_eq!(want.len(), 23);
    assert_eq!(got, want);
    // One section row before the first task of each section.
    let mut want_sections: Vec<String> = Vec::new();
    for (c, _) in &want {
        let s = plan.task(c).unwrap().section.clone();
        if want_sections.last() != Some(&s) {
            want_sections.push(s);
        }
    }
    assert_eq!(sections, want_sections);
    assert!(sections[0].starts_with("II.1 "), "{sections:?}");
}

#[test]
fn indicator_sheet_lists_the_units_indicators_in_plan_order() {
    let plan = hp1315();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    let g = grid(&b, INDICATORS);
    let h = row_with(&g, "Mã chỉ tiêu");
    assert_eq!(g[h], INDICATOR_HEADER);
    let code = col_of(&g[h], "Mã chỉ tiêu");
    let name = col_of(&g[h], "Tên chỉ tiêu");
    let measure = col_of(&g[h], "Đơn vị tính");
    let value = col_of(&g[h], "Thực hiện kỳ báo cáo");
    let rows: Vec<&Vec<String>> = g[h + 1..].iter().filter(|r| !r[code].is_empty()).collect();
    let got: Vec<String> = rows.iter().map(|r| r[code].clone()).collect();
    assert_eq!(got, owed_indicators(&plan, "SCT", h1()));
    assert_eq!(got.len(), 10);
    for r in rows {
        let i = plan.indicator(&r[code]).unwrap();
        assert_eq!(r[name], i.name);
        assert_eq!(r[measure], i.measure);
        assert_eq!(r[value], "", "left to fill");
    }
}

#[test]
fn a_successor_owes_the_tasks_and_indicators_of_the_unit_it_replaced() {
    // hp-1315 stretched to 2025: SKHDT merged into STC on 28/02/2025.
    let p = Project::new();
    let dir = p.path().join("templates/hp-1315");
    let f = dir.join("ke-hoach.csv");
    let kh = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, kh.replace("den_nam,2020", "den_nam,2025")).unwrap();
    let plan = plan::load(&dir).unwrap();
    let y = Period::whole_year(2025);
    let b = form_xlsx(&plan, y, day(2025, 12, 1), "STC").unwrap();
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    let code = col_of(&g[h], "Mã nhiệm vụ");
    let got: Vec<String> = g[h + 1..]
        .iter()
        .map(|r| r[code].clone())
        .filter(|c| !c.is_empty())
        .collect();
    let want: Vec<String> = owed_tasks(&plan, "STC", y)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(got, want);
    // NV2.01: SKHDT coordinates it in the plan; STC owes it now.
    assert!(got.contains(&"NV2.01".to_string()), "{got:?}");
    let gi = grid(&b, INDICATORS);
    let hi = row_with(&gi, "Mã chỉ tiêu");
    let ci = col_of(&gi[hi], "Mã chỉ tiêu");
    let got: Vec<String> = gi[hi + 1..]
        .iter()
        .map(|r| r[ci].clone())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(got, owed_indicators(&plan, "STC", y));
    assert!(got.contains(&"CT01".to_string()), "{got:?}");
    // The merged unit is not expected any more: no form for it.
    assert!(plan.expected_units(y).iter().all(|u| u.code != "SKHDT"));
}

#[test]
fn a_unit_without_tasks_still_gets_a_readable_form() {
    // QLC coordinates no task of hp-1315 but reports three indicators.
    let plan = hp1315();
    assert!(owed_tasks(&plan, "QLC", h1()).is_empty());
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "QLC").unwrap();
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    assert_eq!(g[h], TASK_HEADER);
    // One note row under the header, no task code.
    assert_eq!(g.len(), h + 2, "{g:?}");
    assert_eq!(g[h + 1][1], "");
    assert!(
        g[h + 1][0].contains("không chủ trì, phối hợp nhiệm vụ nào"),
        "{g:?}"
    );
    let g = grid(&b, INDICATORS);
    let h = row_with(&g, "Mã chỉ tiêu");
    let got: Vec<&str> = g[h + 1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(got, owed_indicators(&plan, "QLC", h1()));
    assert_eq!(got.len(), 3);
}

#[test]
fn guide_says_when_and_to_whom_to_send() {
    let plan = hp1315();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "STP").unwrap();
    let text: String = grid(&b, GUIDE)
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("về Sở Công Thương chậm nhất ngày 15/06/2020"),
        "{text}"
    );
    assert!(text.contains("Sở Tư pháp (mã STP)"), "{text}");
    for status in [
        "Hoàn thành",
        "Đang thực hiện",
        "Chưa thực hiện",
        "Thường xuyên",
    ] {
        assert!(text.contains(&format!("• {status}:")), "{status}");
    }
    assert!(text.contains("Không đổi tên các trang tính"), "{text}");
    let b = form_xlsx(&plan, Period::whole_year(2020), day(2020, 12, 1), "STP").unwrap();
    let text: String = grid(&b, GUIDE).into_iter().flatten().collect();
    assert!(text.contains("chậm nhất ngày 15/12/2020"), "{text}");
}

#[test]
fn unknown_unit_is_refused() {
    let plan = hp1315();
    let e = form_xlsx(&plan, h1(), day(2020, 6, 1), "XYZ").unwrap_err();
    assert!(e.to_string().contains("'XYZ'"), "{e}");
}

#[test]
fn forms_are_byte_identical_across_builds_and_runs() {
    let plan = hp1315();
    let a = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    assert_eq!(a, b);
    let p = Project::new();
    let args = ["forms", "--ky", "2020-H1", "--ngay", "2020-06-01", "-q"];
    assert_eq!(p.run(&args).status.code(), Some(0));
    let first = std::fs::read(p.out("2020-H1", "bieu-mau/SCT.xlsx")).unwrap();
    let first_csv = std::fs::read(p.out("2020-H1", "bieu-mau/huong-dan-gui.csv")).unwrap();
    assert_eq!(p.run(&args).status.code(), Some(0));
    assert_eq!(
        std::fs::read(p.out("2020-H1", "bieu-mau/SCT.xlsx")).unwrap(),
        first
    );
    assert_eq!(
        std::fs::read(p.out("2020-H1", "bieu-mau/huong-dan-gui.csv")).unwrap(),
        first_csv
    );
    assert_eq!(first, a, "the command writes what form_xlsx builds");
}

#[test]
fn forms_command_writes_one_form_per_expected_unit_and_a_summary() {
    let p = Project::new();
    let o = p.run(&["forms", "--ky", "2020-H1", "--ngay", "2020-06-01"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(
        out.trim_end(),
        format!(
            "Đã ghi 38 biểu mẫu báo cáo vào '{}'.",
            Path::new("out").join("2020-H1").join("bieu-mau").display()
        )
    );
    let plan = hp1315();
    let dir = p.out("2020-H1", "bieu-mau");
    let mut have: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(have.remove("huong-dan-gui.csv"));
    let want: BTreeSet<String> = plan
        .expected_units(h1())
        .iter()
        .map(|u| format!("{}.xlsx", u.code))
        .collect();
    // Exactly the forms: no temporary file left behind.
    assert_eq!(have, want);
    assert!(!have.contains("SNNMT.xlsx"), "not in force in 2020");
    // Each form is for its own unit.
    let b = std::fs::read(dir.join("QHB.xlsx")).unwrap();
    assert_eq!(info_value(&grid(&b, INFO), "Mã đơn vị"), "QHB");
}

#[test]
fn forms_quiet_prints_nothing() {
    let p = Project::new();
    let o = p.run(&["forms", "--ky", "2020-H1", "-q"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(out, "");
    assert_eq!(err, "");
}

#[test]
fn unwritable_out_is_exit_1_naming_the_path() {
    let p = Project::new();
    // `out` is a file, so out/2020-H1/bieu-mau cannot be created: the
    // message names the file in the way.
    std::fs::write(p.path().join("out"), "x").unwrap();
    let o = p.run(&["forms", "--ky", "2020-H1"]);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    assert!(err.contains("không ghi được"), "{err}");
    assert!(err.contains("'out' không phải là thư mục"), "{err}");
    assert_eq!(out, "");
}

#[test]
fn mail_merge_list_has_one_line_per_expected_unit() {
    let plan = hp1315();
    let csv = String::from_utf8(mail_merge_csv(&plan, h1())).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "\u{feff}ma_don_vi,ten_don_vi,email,tep_bieu_mau,han_nop",
            "SCT,Sở Công Thương,sct@haiphong.example,SCT.xlsx,15/06/2020",
            "SKHDT,Sở Kế hoạch và Đầu tư,skhdt@haiphong.example,SKHDT.xlsx,15/06/2020",
        ]
    );
    assert_eq!(lines.len(), 1 + plan.expected_units(h1()).len());
    let annual = String::from_utf8(mail_merge_csv(&plan, Period::whole_year(2020))).unwrap();
    assert!(
        annual.contains("SCT,Sở Công Thương,sct@haiphong.example,SCT.xlsx,15/12/2020\n"),
        "{annual}"
    );
}

#[test]
fn mail_merge_list_takes_the_email_from_the_plan() {
    let p = Project::new();
    let f = p.path().join("templates/hp-1315/don-vi.csv");
    let mut r = csv::Reader::from_path(&f).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    // The demo plan has an `email` column already: replace its values.
    let col = header.iter().position(|h| h == "email").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for rec in r.records() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        rec[col] = if rec[0] == "SCT" {
            "sct@haiphong.gov.vn".to_string()
        } else {
            String::new()
        };
        w.write_record(&rec).unwrap();
    }
    std::fs::write(&f, w.into_inner().unwrap()).unwrap();
    let o = p.run(&["forms", "--ky", "2020-H1", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    let csv = std::fs::read_to_string(p.out("2020-H1", "bieu-mau/huong-dan-gui.csv")).unwrap();
    assert!(
        csv.contains("\nSCT,Sở Công Thương,sct@haiphong.gov.vn,SCT.xlsx,15/06/2020\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\nSTP,Sở Tư pháp,,STP.xlsx,15/06/2020\n"),
        "{csv}"
    );
}

// ---- the file itself ------------------------------------------------------

/// The parts of an xlsx file, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a valid zip");
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

#[test]
fn every_form_is_a_valid_zip_with_the_expected_parts() {
    let p = Project::new();
    assert_eq!(
        p.run(&["forms", "--ky", "2020-H1", "-q"]).status.code(),
        Some(0)
    );
    let plan = hp1315();
    for u in plan.expected_units(h1()) {
        let b = std::fs::read(p.out("2020-H1", &format!("bieu-mau/{}.xlsx", u.code))).unwrap();
        let parts = parts(&b);
        for name in [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/sharedStrings.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml",
            "xl/worksheets/sheet4.xml",
        ] {
            assert!(parts.contains_key(name), "{}: no {name}", u.code);
        }
        // Every sheet protected, without a password.
        for i in 1..=4 {
            let s = &parts[&format!("xl/worksheets/sheet{i}.xml")];
            assert!(s.contains("<sheetProtection"), "{} sheet{i}", u.code);
            assert!(!s.contains("password="), "{} sheet{i}", u.code);
            assert!(
                s.contains("<pageSetup paperSize=\"9\""),
                "A4: {} sheet{i}",
                u.code
            );
            assert!(
                s.contains("orientation=\"landscape\""),
                "{} sheet{i}",
                u.code
            );
        }
        // The fixed creation date, not the wall clock.
        assert!(
            parts["docProps/core.xml"].contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">")
        );
        // Input cells are unlocked.
        assert!(
            parts["xl/styles.xml"].contains("locked=\"0\""),
            "{}",
            u.code
        );
        assert!(
            parts["xl/styles.xml"].contains("Times New Roman"),
            "{}",
            u.code
        );
    }
}

#[test]
fn input_cells_carry_the_data_validations() {
    let plan = hp1315();
    let b = form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap();
    let parts = parts(&b);
    let info = &parts["xl/worksheets/sheet1.xml"];
    assert!(info.contains("<dataValidation type=\"date\""), "{info}");
    let tasks = &parts["xl/worksheets/sheet2.xml"];
    // Status lists: ongoing tasks offer "Thường xuyên", the others do not.
    assert!(tasks.contains(
        "<formula1>\"Hoàn thành,Đang thực hiện,Chưa thực hiện,Thường xuyên\"</formula1>"
    ));
    assert!(tasks.contains("<formula1>\"Hoàn thành,Đang thực hiện,Chưa thực hiện\"</formula1>"));
    // The share: a whole number 0–100, with Vietnamese messages.
    assert!(tasks.contains("type=\"whole\""), "{tasks}");
    assert!(tasks.contains("<formula1>0</formula1><formula2>100</formula2>"));
    assert!(tasks.contains("số nguyên từ 0 đến 100"));
    let ind = &parts["xl/worksheets/sheet3.xml"];
    // A number not below 0, or a statistical mark ("-", "x", "…").
    assert!(ind.contains("type=\"custom\""), "{ind}");
    assert!(ind.contains("<formula1>OR(AND(ISNUMBER(E"), "{ind}");
    assert!(ind.contains("=\"-\""), "{ind}");

    // Which status list sits on which row: the ongoing list exactly on the
    // rows of ongoing tasks.
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    let code = col_of(&g[h], "Mã nhiệm vụ");
    let status_col = col_of(&g[h], "Tình trạng");
    let letter = (b'A' + status_col as u8) as char;
    let ongoing_rows: BTreeSet<usize> = g
        .iter()
        .enumerate()
        .skip(h + 1)
        .filter(|(_, r)| {
            !r[code].is_empty() && plan.task(&r[code]).unwrap().deadline == Deadline::Ongoing
        })
        .map(|(i, _)| i + 1)
        .collect();
    let mut covered = BTreeSet::new();
    for dv in tasks.split("<dataValidation ").skip(1) {
        if !dv.contains("Thường xuyên\"</formula1>") {
            continue;
        }
        let sqref = dv
            .split("sqref=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        for range in sqref.split(' ') {
            let (a, z) = range.split_once(':').unwrap_or((range, range));
            assert!(a.starts_with(letter) && z.starts_with(letter), "{range}");
            let a: usize = a[1..].parse().unwrap();
            let z: usize = z[1..].parse().unwrap();
            covered.extend(a..=z);
        }
    }
    assert_eq!(covered, ongoing_rows);
}

#[test]
#[ignore = "needs LibreOffice and pdftoppm; slow"]
fn form_renders_to_pdf_with_libreoffice() {
    let has = |cmd: &str| {
        std::process::Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok()
    };
    if !has("soffice") || !has("pdftoppm") {
        eprintln!("soffice or pdftoppm missing: skipped");
        return;
    }
    let plan = hp1315();
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("SCT.xlsx");
    std::fs::write(
        &xlsx,
        form_xlsx(&plan, h1(), day(2020, 6, 1), "SCT").unwrap(),
    )
    .unwrap();
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let o = std::process::Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o).1);
    let pdf = dir.path().join("SCT.pdf");
    assert!(std::fs::metadata(&pdf).unwrap().len() > 10_000);
    let o = std::process::Command::new("pdftoppm")
        .args(["-r", "50", "-png", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("page 1 rendered");
    assert!(std::fs::metadata(png).unwrap().len() > 1_000);
}

// ---- round trips through the reader and the validator ---------------------

/// A value typed into an input cell.
enum Typed {
    Text(String),
    Number(f64),
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn a1(row: usize, col: usize) -> String {
    format!("{}{}", (b'A' + col as u8) as char, row + 1)
}

/// Types values into empty cells of a generated form, as a person would:
/// each `(sheet index from 1, row, column, value)` replaces the empty,
/// styled cell the generator wrote there, keeping its style.
fn type_into(bytes: &[u8], cells: &[(usize, usize, usize, Typed)]) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        for (sheet, row, col, v) in cells {
            if name != format!("xl/worksheets/sheet{sheet}.xml") {
                continue;
            }
            let mut s = String::from_utf8(data).unwrap();
            let open = format!("<c r=\"{}\" ", a1(*row, *col));
            let at = s
                .find(&open)
                .unwrap_or_else(|| panic!("no cell {} in {name}", a1(*row, *col)));
            let end = at + s[at..].find("/>").unwrap();
            let attrs = &s[at + 3..end];
            let cell = match v {
                Typed::Text(t) => format!(
                    "<c {attrs} t=\"inlineStr\"><is><t>{}</t></is></c>",
                    xml_escape(t)
                ),
                Typed::Number(n) => format!("<c {attrs}><v>{n}</v></c>"),
            };
            s.replace_range(at..end + 2, &cell);
            data = s.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The input cells of a generated form, filled completely (`full`) or with
/// the info only.
fn filled_form(plan: &Plan, unit: &str, full: bool) -> Vec<u8> {
    let b = form_xlsx(plan, h1(), day(2020, 6, 1), unit).unwrap();
    let mut cells = Vec::new();
    let g = grid(&b, INFO);
    // 15/06/2020 (the due date) as an Excel serial: on time.
    cells.push((1, row_with(&g, "Ngày báo cáo"), 1, Typed::Number(43997.0)));
    cells.push((
        1,
        row_with(&g, "Người lập"),
        1,
        Typed::Text("Nguyễn Văn A".into()),
    ));
    cells.push((
        1,
        row_with(&g, "Điện thoại"),
        1,
        Typed::Text("0225 3842 000".into()),
    ));
    cells.push((
        1,
        row_with(&g, "Email"),
        1,
        Typed::Text("a@example.vn".into()),
    ));
    cells.push((
        1,
        row_with(&g, "Thủ trưởng đơn vị"),
        1,
        Typed::Text("Trần Văn B".into()),
    ));
    if full {
        let g = grid(&b, TASKS);
        let h = row_with(&g, "Mã nhiệm vụ");
        let c = |l| col_of(&g[h], l);
        for (r, row) in g.iter().enumerate().skip(h + 1) {
            let Some(t) = plan.task(&row[c("Mã nhiệm vụ")]) else {
                continue;
            };
            let (status, share) = match t.deadline {
                Deadline::Ongoing => ("Thường xuyên", 50.0),
                Deadline::Date(_) => ("Hoàn thành", 100.0),
            };
            cells.push((2, r, c("Tình trạng"), Typed::Text(status.into())));
            cells.push((2, r, c("Tỷ lệ hoàn thành (%)"), Typed::Number(share)));
            cells.push((
                2,
                r,
                c("Kết quả thực hiện"),
                Typed::Text(format!("Đã triển khai nhiệm vụ {}.", t.code)),
            ));
        }
        let g = grid(&b, INDICATORS);
        let h = row_with(&g, "Mã chỉ tiêu");
        let c = |l| col_of(&g[h], l);
        for (r, row) in g.iter().enumerate().skip(h + 1) {
            if row[c("Mã chỉ tiêu")].is_empty() {
                continue;
            }
            cells.push((3, r, c("Thực hiện kỳ báo cáo"), Typed::Number(120.5)));
            cells.push((3, r, c("Cùng kỳ năm trước"), Typed::Number(100.0)));
        }
    }
    type_into(&b, &cells)
}

/// The findings of `kiem-tra.csv` about `unit`: (rule, cell).
fn findings_of(p: &Project, unit: &str) -> Vec<(String, String)> {
    let path = p.out("2020-H1", "kiem-tra.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| {
        h.iter()
            .position(|c| c.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (rule, who, cell) = (col("ma_loi"), col("ma_don_vi"), col("o"));
    r.records()
        .map(|x| x.unwrap())
        .filter(|x| &x[who] == unit)
        .map(|x| (x[rule].to_string(), x[cell].to_string()))
        .collect()
}

#[test]
fn typing_into_a_form_keeps_it_readable() {
    // Not ignored: checks the fill helper itself, so the round trips below
    // test the pipeline and not the helper.
    let plan = hp1315();
    let b = filled_form(&plan, "SCT", true);
    let g = grid(&b, INFO);
    assert_eq!(info_value(&g, "Ngày báo cáo"), "15/06/2020");
    assert_eq!(info_value(&g, "Người lập"), "Nguyễn Văn A");
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    let first = &g[h + 2];
    assert_eq!(first[1], "NV1.01");
    assert_eq!(first[5], "Thường xuyên");
    assert_eq!(first[6], "50");
    assert_eq!(first[7], "Đã triển khai nhiệm vụ NV1.01.");
    assert_eq!(sheet_names(&b), [INFO, TASKS, INDICATORS, GUIDE]);
}

#[test]
fn a_filled_form_gives_no_findings() {
    let p = Project::new();
    let plan = hp1315();
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    std::fs::write(
        p.inbox("2020-H1", "SCT.xlsx"),
        filled_form(&plan, "SCT", true),
    )
    .unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);
    assert_eq!(findings_of(&p, "SCT"), []);
}

#[test]
fn a_blank_form_gives_exactly_the_missing_value_findings() {
    let p = Project::new();
    let plan = hp1315();
    let b = filled_form(&plan, "SCT", false);
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    std::fs::write(p.inbox("2020-H1", "SCT.xlsx"), &b).unwrap();
    let o = p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o).1);

    // Every task row: status missing (T04, on the status cell) and result
    // missing (T07, on the result cell); every indicator: I06.
    let g = grid(&b, TASKS);
    let h = row_with(&g, "Mã nhiệm vụ");
    let code = col_of(&g[h], "Mã nhiệm vụ");
    let status = col_of(&g[h], "Tình trạng");
    let result = col_of(&g[h], "Kết quả thực hiện");
    let mut want: Vec<(String, String)> = Vec::new();
    for (r, row) in g.iter().enumerate().skip(h + 1) {
        if !row[code].is_empty() {
            want.push(("T04".into(), a1(r, status)));
            want.push(("T07".into(), a1(r, result)));
        }
    }
    assert_eq!(want.len(), 2 * 23);
    let mut got = findings_of(&p, "SCT");
    let i06: Vec<_> = got.iter().filter(|(r, _)| r == "I06").cloned().collect();
    assert_eq!(i06.len(), owed_indicators(&plan, "SCT", h1()).len());
    got.retain(|(r, _)| r != "I06");
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn forms_are_written_under_the_period_lock() {
    let p = crate::util::Project::new();
    let dir = p.out("2020-H1", "");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let lock = std::fs::File::create(dir.join(".khoa")).expect("lock file");
    lock.try_lock().expect("lock");
    let o = p.run(&["forms", "--ky", "2020-H1", "--ngay", "2020-05-01"]);
    let (_, err) = crate::util::text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("đang có một lần chạy khác"), "{err}");
    assert!(!dir.join("bieu-mau").exists());
    drop(lock);
    let o = p.run(&["forms", "--ky", "2020-H1", "--ngay", "2020-05-01", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::util::text(&o).1);
    assert!(dir.join("bieu-mau/SCT.xlsx").is_file());
    assert!(dir.join("bieu-mau/huong-dan-gui.csv").is_file());
    // No temporary file is left beside them.
    let left: Vec<_> = std::fs::read_dir(dir.join("bieu-mau"))
        .expect("bieu-mau")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
