//! Integration tests: plan files as Excel saves them (CRLF or CR-only line
//! endings, `;` separators, Windows-1258, a BOM) and a plan whose document
//! number is not known yet, through the binary to its outputs.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use sha2::{Digest, Sha256};
use tonghop::plan::{self, Period};
use tonghop::write::forms::form_xlsx;
use unicode_normalization::UnicodeNormalization;

use crate::util::{text, Project};

/// The hp-1315 plan folder of a project.
fn plan_dir(p: &Project) -> PathBuf {
    p.path().join("templates/hp-1315")
}

fn read_text(f: &Path) -> String {
    std::fs::read_to_string(f).unwrap()
}

/// `s` in Windows-1258, the way Excel's plain "CSV" writes Vietnamese: the
/// base letters ă â ê ô ơ ư đ are single bytes, tone marks are combining
/// marks after them.
fn windows_1258(s: &str) -> Vec<u8> {
    let mut decomposed = String::new();
    for c in s.chars() {
        // A letter with its breve, circumflex or horn stays one character;
        // the tone marks follow it.
        let parts: Vec<char> = c.to_string().nfd().collect();
        let (shape, tones): (Vec<char>, Vec<char>) = parts.into_iter().partition(|m| {
            !matches!(
                m,
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
            )
        });
        decomposed.extend(shape.into_iter().collect::<String>().nfc());
        decomposed.extend(tones);
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&decomposed);
    assert!(!unmappable, "{s}");
    bytes.into_owned()
}

/// `ke-hoach.csv` of hp-1315 without `so_hieu` and `ngay_ban_hanh` values,
/// separated by `;`, with CRLF endings, in Windows-1258.
fn unnumbered_excel_plan(p: &Project) {
    let f = plan_dir(p).join("ke-hoach.csv");
    let kh = read_text(&f)
        .replace("so_hieu,1315/QĐ-UBND", "so_hieu,")
        .replace("ngay_ban_hanh,2016-07-08", "ngay_ban_hanh,")
        .replace(',', ";")
        .replace('\n', "\r\n");
    std::fs::write(&f, windows_1258(&kh)).unwrap();
}

/// The notes about `ke-hoach.csv` on stderr.
fn notes(err: &str) -> usize {
    err.lines()
        .filter(|l| l.starts_with("tonghop: lưu ý: ") && l.contains("ke-hoach.csv"))
        .count()
}

fn run_2020_h1(p: &Project) -> std::process::Output {
    std::fs::create_dir_all(p.inbox("2020-H1", "")).unwrap();
    p.run(&["run", "--ky", "2020-H1", "--ngay", "2020-06-30"])
}

fn cell(bytes: &[u8], sheet: &str, r: u32, c: u32) -> String {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let g = wb.worksheet_range(sheet).unwrap();
    match g.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The workbook's title: the first text of column A on "Tổng hợp" that
/// starts with "Tổng hợp kết quả" (the heading block above it moves).
fn title(bytes: &[u8]) -> String {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let g = wb.worksheet_range("Tổng hợp").unwrap();
    (0..20)
        .filter_map(|r| match g.get_value((r, 0)) {
            Some(Data::String(s)) if s.starts_with("Tổng hợp kết quả") => Some(s.clone()),
            _ => None,
        })
        .next()
        .unwrap_or_default()
}

const NAME: &str = "Kế hoạch thực hiện Chương trình hành động số 02-CTr/TU ngày 12/01/2016 \
                    của Ban Thường vụ Thành ủy thực hiện Nghị quyết số 22-NQ/TW ngày 10/4/2013 \
                    của Bộ Chính trị khóa XI về hội nhập quốc tế";

#[test]
fn an_unnumbered_plan_saved_by_excel_runs_to_the_workbook_title() {
    let p = Project::new();
    unnumbered_excel_plan(&p);
    let o = run_2020_h1(&p);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    // One note per thing done to read the file.
    let notes: Vec<&str> = err.lines().filter(|l| l.contains("ke-hoach.csv")).collect();
    assert_eq!(notes.len(), 2, "{err}");
    assert!(notes[0].contains("Windows-1258"), "{err}");
    assert!(notes[1].contains("chấm phẩy"), "{err}");
    // The title names the plan by its title alone: no "số", no empty date.
    let wb = std::fs::read(p.out("2020-H1", "tong-hop-2020-H1.xlsx")).unwrap();
    let title = title(&wb);
    assert_eq!(title, format!("Tổng hợp kết quả thực hiện {NAME}"));
    assert!(
        out.starts_with("Tổng hợp kết quả — 6 tháng đầu năm 2020"),
        "{out}"
    );
    // The manifest's hashes are of the bytes on disk, read once.
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(p.out("2020-H1", "manifest.json")).unwrap()).unwrap();
    let mut all = Sha256::new();
    for name in plan::PLAN_FILES {
        let b = std::fs::read(plan_dir(&p).join(name)).unwrap();
        let one = format!("{:x}", Sha256::digest(&b));
        assert_eq!(m["ke_hoach"]["tep"][name], one.as_str(), "{name}");
        all.update(&b);
    }
    assert_eq!(
        m["ke_hoach"]["sha256"],
        format!("{:x}", all.finalize()).as_str()
    );
}

#[test]
fn a_numbered_plan_keeps_its_number_in_the_title() {
    let p = Project::new();
    let o = run_2020_h1(&p);
    assert_eq!(o.status.code(), Some(0));
    let (out, err) = text(&o);
    assert!(err.is_empty(), "no notes for a plain plan: {err}");
    assert!(
        out.starts_with("Tổng hợp kế hoạch 1315/QĐ-UBND — "),
        "{out}"
    );
    let wb = std::fs::read(p.out("2020-H1", "tong-hop-2020-H1.xlsx")).unwrap();
    assert_eq!(
        title(&wb),
        format!("Tổng hợp kết quả thực hiện {NAME} (ban hành kèm theo văn bản số 1315/QĐ-UBND ngày 08/07/2016)")
    );
}

#[test]
fn an_unnumbered_plan_gives_forms_and_status_that_read_well() {
    let p = Project::new();
    unnumbered_excel_plan(&p);
    let plan = plan::load(&plan_dir(&p)).unwrap();
    assert_eq!((plan.info.number.as_str(), plan.info.issued), ("", None));
    let b = form_xlsx(
        &plan,
        Period::first_half(2020),
        chrono::NaiveDate::from_ymd_opt(2020, 6, 1).unwrap(),
        "SCT",
    )
    .unwrap();
    let line = cell(&b, "Nhiệm vụ", 2, 0);
    assert_eq!(
        line,
        format!("Thực hiện {NAME} của Ủy ban nhân dân thành phố Hải Phòng — Kỳ báo cáo: 6 tháng đầu năm 2020")
    );
    let o = p.run(&["status", "--ky", "2020-H1", "--ngay", "2020-06-30"]);
    let (out, err) = text(&o);
    assert!(
        out.contains(&format!("{NAME} — 6 tháng đầu năm 2020")),
        "{out}"
    );
    assert_eq!(notes(&err), 2, "{err}");
    // Every command says how it read the plan, once.
    for args in [
        &["check", "--ky", "2020-H1", "khong-co.xlsx"][..],
        &["forms", "--ky", "2020-H1", "-q"][..],
    ] {
        let (_, err) = text(&p.run(args));
        assert_eq!(notes(&err), 2, "{args:?}: {err}");
    }
}

#[test]
fn a_plan_error_in_a_crlf_file_names_the_right_line() {
    let p = Project::new();
    let f = plan_dir(&p).join("don-vi.csv");
    let lines: Vec<String> = read_text(&f).lines().map(str::to_string).collect();
    // Line 6 (the 5th unit) gets a kind that is not a code.
    let mut fields: Vec<String> = lines[5].split(',').map(str::to_string).collect();
    fields[2] = "Sở".into();
    let mut changed = lines.clone();
    changed[5] = fields.join(",");
    std::fs::write(&f, changed.join("\r\n") + "\r\n").unwrap();
    let o = p.run(&["status", "--ky", "2020-H1"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("don-vi.csv:6:3: 'loai' = 'Sở'"), "{err}");
    // The same with CR-only endings (Excel for Mac).
    std::fs::write(&f, changed.join("\r") + "\r").unwrap();
    let (_, err) = text(&p.run(&["status", "--ky", "2020-H1"]));
    assert!(err.contains("don-vi.csv:6:3: 'loai' = 'Sở'"), "{err}");
}
