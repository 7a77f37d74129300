//! Integration tests: hostile inputs (issue 9).
//!
//! Each hostile file is put in an inbox among clean reports of other units
//! and run through the binary: `tonghop check` on the file and `tonghop
//! status` on the inbox. The hostile file gets its finding (rule and file);
//! the clean reports are still counted and listed as sent. Then a mutation
//! test feeds the reader flipped, cut and duplicated bytes and checks that it
//! never panics out and never hangs.
//!
//! `write_hostile_inputs` (ignored) writes every input to `$HOSTILE_DIR` for
//! `bench/hostile.sh`, which measures peak memory with a release build.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use chrono::NaiveDate;
use tonghop::messages;
use tonghop::plan::{self, Deadline, Period, Plan};
use tonghop::read::{read_workbook, Limits, Raw, ReadError, Report, TaskCol};
use tonghop::validate::{FileStatus, Severity};

use crate::row;
use crate::util::{
    biff, biff_bof, cfb, col_name, indicator_header, info_rows, raw_ods, raw_xlsx, raw_zip, repo,
    sheet_xml, task_header, text, zip_bomb_xlsx, Book, Lcg, Project, V,
};

const KY: &str = "2020-H1";
/// Units whose clean reports surround each hostile file.
const GOOD: [&str; 3] = ["SCT", "STP", "QHA"];
/// The unit whose report carries hostile content.
const HOST: &str = "SYT";
/// Report date of every report built here (before the due date 15/06).
const DATE: (u16, u8, u8) = (2020, 6, 10);

fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| plan::load(&repo().join("templates/hp-1315")).expect("plan"))
}

fn period() -> Period {
    Period::first_half(2020)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(DATE.0.into(), DATE.1.into(), DATE.2.into()).expect("date")
}

// ---- clean reports ------------------------------------------------------------

/// The three sheets of a report, as rows of cells.
#[derive(Clone)]
struct Sheets {
    info: Vec<Vec<V>>,
    tasks: Vec<Vec<V>>,
    indicators: Vec<Vec<V>>,
}

/// Sheet row (0-based) of the first task row in [`clean`]: a title, then
/// the header.
const FIRST_TASK_ROW: usize = 2;
/// Sheet row (0-based) of the first indicator row: the header, then data.
const FIRST_INDICATOR_ROW: usize = 1;

/// A clean 2020-H1 report of `unit` for the hp-1315 plan: every task it
/// leads or coordinates (ongoing ones "Thường xuyên", the others done) and
/// every indicator it reports, with the plan's measures.
fn clean(unit: &str) -> Sheets {
    let p = plan();
    let u = p.unit(unit).expect("unit in plan");
    let info = info_rows(
        unit,
        &u.name,
        "6 tháng đầu năm 2020",
        V::D(DATE.0, DATE.1, DATE.2),
    );
    let mut tasks = vec![row!["BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ"], task_header()];
    for t in &p.tasks {
        let role = if p.leads_in(t, period()).contains(&unit) {
            "Chủ trì"
        } else if p.coordinators_in(t, period()).contains(&unit) {
            "Phối hợp"
        } else {
            continue;
        };
        let n = tasks.len() as i32 - 1;
        let content = t.content.chars().take(60).collect::<String>();
        tasks.push(match t.deadline {
            Deadline::Ongoing => row![
                n,
                t.code.as_str(),
                content,
                role,
                "Thường xuyên",
                "",
                "Đã triển khai thường xuyên"
            ],
            Deadline::Date(_) => row![
                n,
                t.code.as_str(),
                content,
                role,
                "Hoàn thành",
                100,
                "Đã hoàn thành"
            ],
        });
    }
    let mut indicators = vec![indicator_header()];
    for i in &p.indicators {
        if p.reporters_in(i, period()).iter().any(|c| c == unit) {
            let n = indicators.len() as i32;
            indicators.push(row![
                n,
                i.code.as_str(),
                i.name.as_str(),
                i.measure.as_str(),
                10 * n
            ]);
        }
    }
    Sheets {
        info,
        tasks,
        indicators,
    }
}

impl Sheets {
    fn book(&self) -> Book {
        Book::new()
            .sheet("Thông tin", self.info.clone())
            .sheet("Nhiệm vụ", self.tasks.clone())
            .sheet("Chỉ tiêu", self.indicators.clone())
    }

    fn xlsx(&self) -> Vec<u8> {
        self.book().bytes()
    }

    /// The same report written by hand, every value an inline string (for
    /// text rust_xlsxwriter refuses to write, such as 40,000 characters).
    fn raw_xlsx(&self) -> Vec<u8> {
        self.raw_xlsx_named(["Thông tin", "Nhiệm vụ", "Chỉ tiêu"])
    }

    /// [`Sheets::raw_xlsx`] with the given sheet names, written as they
    /// are (rust_xlsxwriter refuses some).
    fn raw_xlsx_named(&self, names: [&str; 3]) -> Vec<u8> {
        let sheet = |rows: &[Vec<V>]| {
            let texts: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(cell_text).collect())
                .collect();
            let width = texts.iter().map(Vec::len).max().unwrap_or(1).max(1) as u32;
            let refs: Vec<(u32, Vec<&str>)> = texts
                .iter()
                .enumerate()
                .map(|(i, r)| (i as u32, r.iter().map(String::as_str).collect()))
                .collect();
            let dim = format!("A1:{}{}", col_name(width - 1), rows.len().max(1));
            sheet_xml(&dim, &refs)
        };
        raw_xlsx(&[
            (names[0], sheet(&self.info)),
            (names[1], sheet(&self.tasks)),
            (names[2], sheet(&self.indicators)),
        ])
    }

    /// Sets a task cell: `row` counts from the first task row, `col` is the
    /// 0-based column of the standard form.
    fn set_task(&mut self, row: usize, col: usize, v: V) {
        let r = &mut self.tasks[FIRST_TASK_ROW + row];
        if r.len() <= col {
            r.resize(col + 1, V::E);
        }
        r[col] = v;
    }
}

/// A cell as the text a person would type.
fn cell_text(v: &V) -> String {
    match v {
        V::S(s) => s.clone(),
        V::N(n) => format!("{n}"),
        V::D(y, m, d) => format!("{d:02}/{m:02}/{y}"),
        V::F(_, cached) => cached.clone(),
        V::P(n) => format!("{}%", n * 100.0),
        V::E => String::new(),
    }
}

/// The A1 name of a task cell (`row` from the first task row).
fn task_cell(row: usize, col: usize) -> String {
    format!("{}{}", col_name(col as u32), FIRST_TASK_ROW + row + 1)
}

// Columns of the standard task form.
const C_CONTENT: usize = 2;
const C_STATUS: usize = 4;
const C_SHARE: usize = 5;
const C_RESULT: usize = 6;
const C_DIFFICULTY: usize = 7;
const C_PROPOSAL: usize = 8;

// ---- an inbox and the binary ------------------------------------------------

/// A project whose inbox holds a clean report of each [`GOOD`] unit.
struct Inbox {
    p: Project,
}

impl Inbox {
    fn new() -> Inbox {
        let p = Project::new();
        for u in GOOD {
            let path = p.inbox(KY, &good_rel(u));
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, clean(u).xlsx()).expect("write");
        }
        Inbox { p }
    }

    /// Writes `bytes` as `inbox/2020-H1/<rel>`.
    fn put(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.p.inbox(KY, rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// `tonghop check` on `inbox/2020-H1/<rel>`, from the project folder;
    /// returns stdout and the path as given.
    fn check(&self, rel: &str) -> (String, String) {
        let given = format!("inbox/{KY}/{rel}");
        let o = self.p.run(&["check", "--ky", KY, "--", &given]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "check {rel}: {err}\n{out}");
        assert!(err.is_empty(), "check {rel}: {err}");
        (out, given)
    }

    /// `tonghop status --ky 2020-H1`.
    fn status(&self) -> String {
        let o = self.p.run(&["status", "--ky", KY]);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "status: {err}\n{out}");
        assert!(err.is_empty(), "status: {err}");
        out
    }

    /// `check` excludes `rel` with `rule` (and prints that finding), and
    /// `status` lists it as excluded with `rule` while the clean reports are
    /// sent.
    fn assert_excluded(&self, rel: &str, rule: &str) -> (String, String) {
        let (out, _) = self.check(rel);
        assert_check_status(&out, FileStatus::Excluded, Some(rule));
        assert_check_finding(&out, Severity::Error, rule, None);
        let status = self.status();
        assert!(
            status.lines().any(
                |l| l.starts_with(&format!("  '{rel}'")) && l.contains(&format!(" — {rule}: "))
            ),
            "status lacks '{rel}' — {rule}:\n{status}"
        );
        self.assert_good_sent(&status, &[]);
        assert_summary(&status, GOOD.len(), 1);
        (out, status)
    }

    /// `check` counts `rel` as a report of `unit`, and `status` lists it as
    /// sent, with the clean reports.
    fn assert_counted(&self, rel: &str, unit: &str) -> (String, String) {
        let (out, _) = self.check(rel);
        assert_check_status(&out, FileStatus::Counted, None);
        let u = plan().unit(unit).expect("unit");
        let unit_line = messages::check_unit_line(&u.code, &u.name, None);
        assert!(out.lines().any(|l| l == unit_line), "{unit_line}\n{out}");
        let status = self.status();
        self.assert_good_sent(&status, &[(unit, rel)]);
        assert_summary(&status, GOOD.len() + 1, 0);
        (out, status)
    }

    /// Every clean report and each (unit, rel) of `more` is listed as sent
    /// on time.
    fn assert_good_sent(&self, status: &str, more: &[(&str, &str)]) {
        let mut sent: Vec<(String, String)> =
            GOOD.iter().map(|u| (u.to_string(), good_rel(u))).collect();
        sent.extend(more.iter().map(|(u, r)| (u.to_string(), r.to_string())));
        for (code, rel) in &sent {
            let u = plan().unit(code).expect("unit");
            let line = messages::status_sent_line(&u.code, &u.name, rel, Some(date()));
            assert!(
                status.lines().any(|l| l == line),
                "lacks {line:?}:\n{status}"
            );
        }
        let group = messages::status_group(messages::STATUS_ON_TIME, sent.len());
        assert!(
            status.lines().any(|l| l == group),
            "lacks {group:?}:\n{status}"
        );
    }
}

/// The last line of `status`: `sent` reports on time, `excluded` files.
fn assert_summary(status: &str, sent: usize, excluded: usize) {
    let expected = plan().expected_units(period()).len();
    let line = messages::status_summary(expected, sent, sent, 0, expected - sent, excluded);
    assert_eq!(status.lines().last(), Some(line.as_str()), "{status}");
}

fn good_rel(unit: &str) -> String {
    format!("bao-cao-{unit}.xlsx")
}

fn assert_check_status(out: &str, status: FileStatus, rule: Option<&str>) {
    let line = messages::check_status_line(status, rule);
    assert!(out.lines().any(|l| l == line), "lacks {line:?}:\n{out}");
}

/// `check` printed a finding of `rule` with `severity`, at `place`
/// ("Nhiệm vụ!F3") when given, else anywhere (a whole file, or a sheet).
fn assert_check_finding(out: &str, severity: Severity, rule: &str, place: Option<&str>) {
    let head = format!("  [{}] {rule}", severity.label());
    let found = out.lines().any(|l| match (l.strip_prefix(&head), place) {
        (Some(rest), Some(p)) => rest.starts_with(&format!(" {p}: ")),
        (Some(rest), None) => rest.starts_with(": ") || rest.starts_with(' '),
        (None, _) => false,
    });
    assert!(found, "lacks {head} {place:?}:\n{out}");
}

/// `check` found nothing at all.
fn assert_check_clean(out: &str) {
    assert!(
        out.lines().any(|l| l == messages::counts_line(0, 0, 0)),
        "not clean:\n{out}"
    );
}

fn corpus_file(rel: &str) -> PathBuf {
    repo()
        .join("tests/corpus/hp-1315-2020-H1/inbox/2020-H1")
        .join(rel)
}

// ---- the hostile inputs ---------------------------------------------------------

fn truncated_xlsx() -> Vec<u8> {
    let mut b = clean(HOST).xlsx();
    b.truncate(b.len() * 2 / 3);
    b
}

fn random_bytes() -> Vec<u8> {
    Lcg(9).bytes(20_000)
}

/// A Word document, as sent by mistake and renamed .xlsx.
fn docx() -> Vec<u8> {
    std::fs::read(corpus_file("email/Bao cao ket qua thuc hien (6).docx")).expect("docx")
}

fn pdf() -> Vec<u8> {
    std::fs::read(corpus_file("email/Copy of Bieu mau bao cao.pdf")).expect("pdf")
}

/// An xlsx encrypted by Excel ("Encrypt with Password"): a compound file
/// holding "EncryptionInfo" (agile encryption, version 4.4) and
/// "EncryptedPackage" instead of a zip.
fn encrypted_xlsx() -> Vec<u8> {
    let mut info = Vec::new();
    info.extend(4u16.to_le_bytes());
    info.extend(4u16.to_le_bytes());
    info.extend(0x40u32.to_le_bytes());
    info.extend_from_slice(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>"#,
    );
    let mut package = Vec::new();
    package.extend(9000u64.to_le_bytes());
    package.extend(Lcg(3).bytes(9008));
    cfb(&[("EncryptionInfo", info), ("EncryptedPackage", package)])
}

/// A BIFF8 .xls "protected with a password to open": the workbook
/// globals start with BOF then FILEPASS; the records after it are
/// encrypted (here: random). `kind` 1 is RC4 (Excel 97–2003's default), 0
/// the older XOR obfuscation.
fn password_xls(kind: u16) -> Vec<u8> {
    let mut rng = Lcg(11);
    let mut filepass = kind.to_le_bytes().to_vec();
    if kind == 0 {
        filepass.extend(rng.bytes(4)); // key, verification bytes
    } else {
        filepass.extend(1u16.to_le_bytes()); // RC4 version 1.1
        filepass.extend(1u16.to_le_bytes());
        filepass.extend(rng.bytes(48)); // salt, verifier, verifier hash
    }
    let mut stream = biff_bof(0x0005);
    stream.extend(biff(0x002F, &filepass));
    // Encrypted records: a code page, a sheet (BoundSheet8, its position
    // in clear as the format requires), then the end of the globals.
    stream.extend(biff(0x0042, &rng.bytes(2)));
    let sheet_pos = stream.len() + 4 + 14 + 4;
    let mut bound = (sheet_pos as u32).to_le_bytes().to_vec();
    bound.extend(rng.bytes(10));
    stream.extend(biff(0x0085, &bound));
    stream.extend(biff(0x000A, &[]));
    // The sheet: BOF, encrypted cells, EOF.
    stream.extend(biff_bof(0x0010));
    for _ in 0..20 {
        let mut cell = vec![1, 0, 1, 0, 0, 0]; // row 1, col 1, XF 0
        cell.extend(rng.bytes(8));
        stream.extend(biff(0x0203, &cell));
    }
    stream.extend(biff(0x000A, &[]));
    cfb(&[("Workbook", stream)])
}

/// A BIFF8 .xls of `sheets` worksheets, each spanning `rows` × `cols`
/// cells (a DIMENSIONS record and two numbers at opposite corners): small
/// on disk, but calamine loads every sheet of an .xls at once as a dense
/// range of rows × cols values.
fn xls_of_big_sheets(sheets: usize, rows: u32, cols: u16) -> Vec<u8> {
    let number = |r: u32, c: u16| {
        let mut d = (r as u16).to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend(0u16.to_le_bytes()); // XF
        d.extend(1.0f64.to_le_bytes());
        biff(0x0203, &d)
    };
    let mut sheet = biff_bof(0x0010);
    let mut dim = 0u32.to_le_bytes().to_vec();
    dim.extend(rows.to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    dim.extend(cols.to_le_bytes());
    dim.extend(0u16.to_le_bytes());
    sheet.extend(biff(0x0200, &dim));
    sheet.extend(number(0, 0));
    sheet.extend(number(rows - 1, cols - 1));
    sheet.extend(biff(0x000A, &[]));
    let name = |i: usize| format!("Sheet{i}");
    let bound_len = |i: usize| 4 + 8 + name(i).len();
    let globals_len =
        biff_bof(5).len() + (0..sheets).map(bound_len).sum::<usize>() + biff(0x000A, &[]).len();
    let mut stream = biff_bof(0x0005);
    for i in 0..sheets {
        let pos = (globals_len + i * sheet.len()) as u32;
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0, 0]); // visible worksheet
        d.extend([name(i).len() as u8, 0]);
        d.extend(name(i).as_bytes());
        stream.extend(biff(0x0085, &d));
    }
    stream.extend(biff(0x000A, &[]));
    assert_eq!(stream.len(), globals_len);
    for _ in 0..sheets {
        stream.extend(&sheet);
    }
    cfb(&[("Workbook", stream)])
}

/// An .ods of `sheets` tables, each with a number at A1 and at the cell
/// `rows` × `cols` away (empty rows and cells between, repeated): calamine
/// loads every table of an .ods at once as a dense range.
fn ods_of_big_sheets(sheets: usize, rows: u32, cols: u32) -> Vec<u8> {
    let number = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
    let tables: String = (0..sheets)
        .map(|i| {
            format!(
                r#"<table:table table:name="Sheet{i}"><table:table-row>{number}</table:table-row><table:table-row table:number-rows-repeated="{}"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="{}"/>{number}</table:table-row></table:table>"#,
                rows - 2,
                cols - 1
            )
        })
        .collect();
    raw_ods(&tables)
}

/// A task sheet whose dimension claims the whole grid, A1:XFD1048576.
fn whole_grid_xlsx() -> Vec<u8> {
    let s = clean(HOST);
    let mut raw = s.raw_xlsx();
    // Rewrite the task sheet's dimension in the hand-written workbook.
    let mut z = zip::ZipArchive::new(Cursor::new(std::mem::take(&mut raw))).expect("zip");
    let mut members = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("member");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == "xl/worksheets/sheet2.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            let start = xml.find("<dimension ref=\"").expect("dimension");
            let end = start + xml[start..].find("/>").expect("end");
            data = format!(
                "{}<dimension ref=\"A1:XFD1048576\"{}",
                &xml[..start],
                &xml[end..]
            )
            .into_bytes();
        }
        members.push((name, data));
    }
    raw_zip(&members)
}

/// A task sheet of 60 MB of spaces deflated to about 400 KB.
fn zip_bomb() -> Vec<u8> {
    zip_bomb_xlsx("Nhiệm vụ", &task_sheet_xml(), 60 * 1024 * 1024, None)
}

/// The same bomb, its member declaring only 100 KB inflated: the size
/// check passes and the inflater must stop at the declared size.
fn lying_zip_bomb() -> Vec<u8> {
    zip_bomb_xlsx(
        "Nhiệm vụ",
        &task_sheet_xml(),
        60 * 1024 * 1024,
        Some(100 * 1024),
    )
}

fn task_sheet_xml() -> String {
    sheet_xml(
        "A1:D2",
        &[
            (
                0,
                vec!["STT", "Mã nhiệm vụ", "Tình trạng", "Kết quả thực hiện"],
            ),
            (1, vec!["1", "NV1.01", "Hoàn thành", "Xong"]),
        ],
    )
}

/// The start of a task sheet: a header, declaring A1:C2 whatever follows.
const TASK_SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C2"/><sheetData><row><c t="inlineStr"><is><t>Mã nhiệm vụ</t></is></c><c t="inlineStr"><is><t>Tình trạng</t></is></c><c t="inlineStr"><is><t>Kết quả</t></is></c></row>"#;

/// A zip member written by a closure.
type Member<'a> = (&'a str, &'a mut dyn FnMut(&mut dyn Write));

/// Writes to `path` an xlsx with one sheet, "Nhiệm vụ", whose XML and any
/// `extra` members are written by their closures in chunks, never whole in
/// memory. `stored` writes them uncompressed, else deflated at level 1.
fn write_streamed_xlsx(
    path: &Path,
    stored: bool,
    sheet: &mut dyn FnMut(&mut dyn Write),
    extra: &mut [Member<'_>],
) {
    let base = raw_xlsx(&[("Nhiệm vụ", String::new())]);
    let mut src = zip::ZipArchive::new(Cursor::new(base)).expect("zip");
    let file = std::fs::File::create(path).expect("create");
    let mut w = zip::ZipWriter::new(std::io::BufWriter::new(file));
    for i in 0..src.len() {
        let f = src.by_index_raw(i).expect("member");
        if f.name().expect("name") != "xl/worksheets/sheet1.xml" {
            w.raw_copy_file(f).expect("copy");
        }
    }
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let mut opts = zip::write::SimpleFileOptions::default().compression_method(method);
    if !stored {
        opts = opts.compression_level(Some(1));
    }
    w.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("start");
    sheet(&mut w);
    for (name, body) in extra.iter_mut() {
        w.start_file(*name, opts).expect("start");
        body(&mut w);
    }
    w.finish().expect("finish").flush().expect("flush");
}

/// Writes `count` pieces made by `piece` to `w`, in chunks of about 1 MB.
fn chunked(w: &mut dyn Write, count: u32, piece: &mut dyn FnMut(u32, &mut String)) {
    let mut chunk = String::with_capacity(1 << 20);
    for i in 0..count {
        piece(i, &mut chunk);
        if chunk.len() > (1 << 20) - 256 {
            w.write_all(chunk.as_bytes()).expect("write");
            chunk.clear();
        }
    }
    w.write_all(chunk.as_bytes()).expect("write");
}

/// Writes an xlsx whose task sheet has a header then `rows` data rows
/// (see [`write_streamed_xlsx`]). `stored` writes it uncompressed, as the
/// ratio check would refuse a deflated sheet this repetitive before its
/// rows are counted. The sheet declares A1:C2, so only the rows streamed
/// can tell.
fn write_many_rows(path: &Path, rows: u32, stored: bool) {
    write_streamed_xlsx(
        path,
        stored,
        &mut |w| {
            w.write_all(TASK_SHEET_HEAD.as_bytes()).expect("write");
            chunked(w, rows, &mut |r, s| {
                s.push_str("<row><c><v>");
                s.push_str(&r.to_string());
                s.push_str("</v></c></row>");
            });
            w.write_all(b"</sheetData></worksheet>").expect("write");
        },
        &mut [],
    );
}

/// An xlsx, stored, whose task sheet has one cell of `bytes` random
/// letters: the largest text a file under the size limits can hold.
fn write_huge_cell(path: &Path, bytes: u32) {
    let mut rng = Lcg(5);
    write_streamed_xlsx(
        path,
        true,
        &mut |w| {
            w.write_all(TASK_SHEET_HEAD.as_bytes()).expect("write");
            w.write_all(br#"<row><c t="inlineStr"><is><t>"#)
                .expect("write");
            chunked(w, bytes / 64, &mut |_, s| {
                s.extend((0..64).map(|_| char::from(b'a' + (rng.next_u32() % 26) as u8)));
            });
            w.write_all(b"</t></is></c></row></sheetData></worksheet>")
                .expect("write");
        },
        &mut [],
    );
}

/// An xlsx, stored, whose shared-string table holds `count` one-letter
/// strings (calamine loads the whole table when it opens the file).
fn write_shared_string_flood(path: &Path, count: u32) {
    let mut table = |w: &mut dyn Write| {
        w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#)
            .expect("write");
        chunked(w, count, &mut |_, s| s.push_str("<si><t>a</t></si>"));
        w.write_all(b"</sst>").expect("write");
    };
    write_streamed_xlsx(
        path,
        true,
        &mut |w| {
            w.write_all(TASK_SHEET_HEAD.as_bytes()).expect("write");
            w.write_all(br#"<row><c t="s"><v>0</v></c></row></sheetData></worksheet>"#)
                .expect("write");
        },
        &mut [("xl/sharedStrings.xml", &mut table)],
    );
}

/// A report of [`HOST`] whose second task's status cell holds 40,000
/// characters (Excel's own limit is 32,767) and whose first result does too.
fn long_cell() -> Sheets {
    let mut s = clean(HOST);
    let long = "Đang thực hiện ".repeat(2_666) + "xxxxxxxxxx";
    assert_eq!(long.chars().count(), 40_000);
    let result: String = "Kết quả: "
        .chars()
        .chain(long.chars())
        .take(40_000)
        .collect();
    s.set_task(0, C_RESULT, V::S(result));
    s.set_task(1, C_STATUS, V::S(long));
    s
}

/// Control characters, direction marks and an ANSI escape in free text,
/// and invisible marks around the status and the code.
fn control_chars() -> Sheets {
    let mut s = clean(HOST);
    s.set_task(
        0,
        C_RESULT,
        V::S("Đã xong\u{7}\u{8}\u{1b}[2J\u{1b}[31mĐỎ\u{1b}[0m\u{0}".into()),
    );
    s.set_task(
        0,
        C_DIFFICULTY,
        V::S(
            "\u{200F}\u{202E}ngược chiều\u{202C} \u{200E}trái\u{061C} tab\there\nxuống dòng\r"
                .into(),
        ),
    );
    s.set_task(
        0,
        C_PROPOSAL,
        V::S("\u{feff}\u{200B}đề xuất\u{2028}\u{85}".into()),
    );
    let status = match &s.tasks[FIRST_TASK_ROW][C_STATUS] {
        V::S(t) => t.clone(),
        _ => unreachable!("status is text"),
    };
    s.set_task(0, C_STATUS, V::S(format!("\u{200F}{status}\u{200B}")));
    s
}

/// The whole report typed in NFD (as some macOS and web tools write):
/// sheet names, labels, unit name and statuses.
fn nfd_sheets() -> (Book, String) {
    use unicode_normalization::UnicodeNormalization;
    let s = clean(HOST);
    let nfd = |rows: &[Vec<V>]| -> Vec<Vec<V>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        V::S(t) => V::S(t.nfd().collect()),
                        other => other.clone(),
                    })
                    .collect()
            })
            .collect()
    };
    let mut tasks = nfd(&s.tasks);
    // Make sure one status is "Đang thực hiện" (at 50 %).
    let in_progress: String = "Đang thực hiện".nfd().collect();
    assert_ne!(in_progress, "Đang thực hiện");
    tasks[FIRST_TASK_ROW][C_STATUS] = V::S(in_progress.clone());
    tasks[FIRST_TASK_ROW][C_SHARE] = V::N(50.0);
    let book = Book::new()
        .sheet(&"Thông tin".nfd().collect::<String>(), nfd(&s.info))
        .sheet(&"Nhiệm vụ".nfd().collect::<String>(), tasks)
        .sheet(&"Chỉ tiêu".nfd().collect::<String>(), nfd(&s.indicators));
    (book, in_progress)
}

/// Text that a spreadsheet program or a CSV reader could take for a
/// formula, typed as text.
const FORMULA_TEXTS: [&str; 5] = [
    "=1+1",
    "+84 912 345 678",
    "-Tăng cường kiểm tra",
    "@SUM(A1:A9)",
    "=HYPERLINK(\"http://x.invalid\",\"bấm\")",
];

fn formula_text() -> Sheets {
    let mut s = clean(HOST);
    s.set_task(0, C_RESULT, V::S(FORMULA_TEXTS[0].into()));
    s.set_task(0, C_DIFFICULTY, V::S(FORMULA_TEXTS[1].into()));
    s.set_task(0, C_PROPOSAL, V::S(FORMULA_TEXTS[2].into()));
    s.set_task(0, C_CONTENT, V::S(FORMULA_TEXTS[3].into()));
    // A status that is formula text: T04 quotes it as text.
    s.set_task(1, C_STATUS, V::S(FORMULA_TEXTS[4].into()));
    s
}

/// Formulas whose cached values are Excel errors.
fn error_values() -> Sheets {
    let mut s = clean(HOST);
    s.set_task(0, C_SHARE, V::F("=1/0".into(), "#DIV/0!".into()));
    s.set_task(1, C_RESULT, V::F("=#REF!".into(), "#REF!".into()));
    s.indicators[FIRST_INDICATOR_ROW][4] = V::F("=NA()".into(), "#N/A".into());
    s
}

fn two_hundred_sheets() -> Book {
    let s = clean(HOST);
    let mut b = Book::new().sheet("Thông tin", s.info.clone());
    for i in 0..98 {
        b = b.sheet(&format!("Sheet{i}"), vec![row![format!("ghi chép {i}")]]);
    }
    b = b.sheet("Nhiệm vụ", s.tasks.clone());
    for i in 98..197 {
        b = b.sheet(&format!("Sheet{i}"), vec![row![format!("ghi chép {i}"), i]]);
    }
    b.sheet("Chỉ tiêu", s.indicators.clone())
}

/// A file name of at least `bytes` bytes (Vietnamese letters take two or
/// three), ending in `.xlsx`.
fn long_name(bytes: usize) -> String {
    let mut s = String::from("Báo cáo kết quả thực hiện Kế hoạch 1315 của Sở Y tế");
    let mut i = 0;
    while s.len() < bytes - 5 {
        i += 1;
        s.push_str(&format!(" – lần gửi thứ {i}"));
    }
    s + ".xlsx"
}

// ---- F01: unreadable ------------------------------------------------------------

#[test]
fn clean_reports_are_clean() {
    let inbox = Inbox::new();
    for u in GOOD {
        let (out, _) = inbox.check(&good_rel(u));
        assert_check_status(&out, FileStatus::Counted, None);
        assert_check_clean(&out);
    }
    let status = inbox.status();
    inbox.assert_good_sent(&status, &[]);
}

#[test]
fn zero_byte_file_is_f01() {
    let inbox = Inbox::new();
    inbox.put("rỗng.xlsx", b"");
    inbox.assert_excluded("rỗng.xlsx", "F01");
}

#[test]
fn truncated_xlsx_is_f01() {
    let inbox = Inbox::new();
    inbox.put("cắt cụt.xlsx", &truncated_xlsx());
    inbox.assert_excluded("cắt cụt.xlsx", "F01");
}

#[test]
fn random_bytes_named_xlsx_are_f01() {
    let inbox = Inbox::new();
    inbox.put("ngẫu nhiên.xlsx", &random_bytes());
    inbox.assert_excluded("ngẫu nhiên.xlsx", "F01");
}

#[test]
fn word_and_pdf_renamed_xlsx_name_what_they_are() {
    let inbox = Inbox::new();
    inbox.put("pdf.xlsx", &pdf());
    let (out, status) = inbox.assert_excluded("pdf.xlsx", "F01");
    assert!(out.contains("PDF"), "{out}");
    assert!(status.contains("PDF"), "{status}");
    // A Word letter under an .xlsx name is read as what it is: a document
    // without a report table, skipped (F11) as a Word file.
    let inbox = Inbox::new();
    inbox.put("word.xlsx", &docx());
    let (out, _) = inbox.check("word.xlsx");
    assert_check_status(&out, FileStatus::Skipped, Some("F11"));
    assert!(out.contains("Word"), "{out}");
}

#[test]
fn encrypted_xlsx_is_f01() {
    let inbox = Inbox::new();
    inbox.put("mật khẩu.xlsx", &encrypted_xlsx());
    let (out, _) = inbox.assert_excluded("mật khẩu.xlsx", "F01");
    assert!(out.contains(&ReadError::Encrypted.to_string()), "{out}");
}

#[test]
fn password_protected_xls_is_f01() {
    // RC4, what Excel 97–2003 writes, and the older XOR obfuscation.
    for kind in [1, 0] {
        let inbox = Inbox::new();
        inbox.put("mật khẩu.xls", &password_xls(kind));
        let (out, _) = inbox.assert_excluded("mật khẩu.xls", "F01");
        assert!(
            out.contains(&ReadError::Encrypted.to_string()),
            "kind {kind}: {out}"
        );
    }
}

// ---- F12: limits ------------------------------------------------------------------

#[test]
fn sheet_declaring_the_whole_grid_is_read_by_its_cells() {
    // FORM.md §4: a declared size is neither allocated nor judged.
    let inbox = Inbox::new();
    inbox.put("lưới.xlsx", &whole_grid_xlsx());
    inbox.assert_counted("lưới.xlsx", HOST);
}

#[test]
fn zip_bomb_is_f12() {
    let inbox = Inbox::new();
    let bytes = zip_bomb();
    assert!(bytes.len() < 1024 * 1024);
    inbox.put("bom.xlsx", &bytes);
    inbox.assert_excluded("bom.xlsx", "F12");
}

#[test]
fn zip_bomb_lying_about_its_size_is_f01() {
    let inbox = Inbox::new();
    inbox.put("bom nói dối.xlsx", &lying_zip_bomb());
    inbox.assert_excluded("bom nói dối.xlsx", "F01");
}

#[test]
fn a_million_rows_is_f12() {
    let inbox = Inbox::new();
    let path = inbox.p.inbox(KY, "triệu dòng.xlsx");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    write_many_rows(&path, 1_000_000, true);
    let (out, _) = inbox.assert_excluded("triệu dòng.xlsx", "F12");
    assert!(out.contains("50001") && out.contains("50000"), "{out}");
}

#[test]
fn xls_whose_sheets_together_span_too_many_cells_is_f12() {
    // One sheet of 1.9 million cells reads; eight of them would hold
    // 8 × 1.9 million values in memory at once.
    let one = xls_of_big_sheets(1, 1_900, 1_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.xls");
    std::fs::write(&path, &one).expect("write");
    let r = read_workbook(&path, &Limits::default()).expect("one big sheet reads");
    assert_eq!(r.sheets, ["Sheet0"]);
    let inbox = Inbox::new();
    inbox.put("nhiều trang lớn.xls", &xls_of_big_sheets(8, 1_900, 1_000));
    let (out, _) = inbox.assert_excluded("nhiều trang lớn.xls", "F12");
    assert!(out.contains("3800000"), "{out}");
}

#[test]
fn ods_whose_sheets_together_span_too_many_cells_is_f12() {
    let one = ods_of_big_sheets(1, 1_900, 1_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.ods");
    std::fs::write(&path, &one).expect("write");
    let r = read_workbook(&path, &Limits::default()).expect("one big sheet reads");
    assert_eq!(r.sheets, ["Sheet0"]);
    let inbox = Inbox::new();
    inbox.put("nhiều trang lớn.ods", &ods_of_big_sheets(8, 1_900, 1_000));
    let (out, _) = inbox.assert_excluded("nhiều trang lớn.ods", "F12");
    assert!(out.contains("vượt giới hạn 2000000 ô"), "{out}");
}

/// `ods_of_big_sheets` with its attributes written another way XML allows.
fn respelled(bytes_of: impl Fn(&str) -> String) -> Vec<u8> {
    let number = bytes_of(r#"<table:table-cell office:value-type="float" office:value="1"/>"#);
    let tables: String = (0..8)
        .map(|i| {
            bytes_of(&format!(
                r#"<table:table table:name="Sheet{i}"><table:table-row>{number}</table:table-row><table:table-row table:number-rows-repeated="1898"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="999"/>{number}</table:table-row></table:table>"#
            ))
        })
        .collect();
    raw_ods(&tables)
}

#[test]
fn ods_with_single_quoted_attributes_is_still_guarded() {
    // The guard used to read only double-quoted attributes: this 4 KB file
    // made calamine build eight dense sheets of 1.9 million cells.
    let single = respelled(|x| x.replace('"', "'"));
    let inbox = Inbox::new();
    inbox.put("nháy đơn.ods", &single);
    let (out, _) = inbox.assert_excluded("nháy đơn.ods", "F12");
    assert!(out.contains("vượt giới hạn 2000000 ô"), "{out}");
}

#[test]
fn ods_with_fuzzed_attribute_spelling_is_still_guarded() {
    // Spaces around "=", line breaks between attributes, an entity in a
    // name, a repeated attribute: calamine reads them all the same way.
    let fuzzed = respelled(|x| {
        x.replace("=\"", " =\n '")
            .replace("\" ", "'\t\n ")
            .replace("\"/>", "'/>")
            .replace("\">", "' >")
            .replace("Sheet", "Sh&#101;et")
            .replace(
                "table:number-rows-repeated",
                "table:number-rows-repeated ='1' table:number-rows-repeated",
            )
    });
    assert!(!String::from_utf8_lossy(&fuzzed).is_empty());
    let inbox = Inbox::new();
    inbox.put("thuộc tính lạ.ods", &fuzzed);
    let (out, _) = inbox.assert_excluded("thuộc tính lạ.ods", "F12");
    assert!(out.contains("vượt giới hạn 2000000 ô"), "{out}");
    // The same file spelled plainly but small reads.
    let small = raw_ods(
        r#"<table:table table:name = 'Nhiệm vụ'><table:table-row><table:table-cell office:value-type = 'string'><text:p>Mã nhiệm vụ</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.ods");
    std::fs::write(&path, &small).expect("write");
    let r = read_workbook(&path, &Limits::default()).expect("reads");
    assert_eq!(r.sheets, ["Nhiệm vụ"]);
}

// ---- content that reads -------------------------------------------------------------

#[test]
fn cell_of_forty_thousand_characters_is_read_whole() {
    let s = long_cell();
    let inbox = Inbox::new();
    let path = inbox.put("dài.xlsx", &s.raw_xlsx());
    let r = read_workbook(&path, &Limits::default()).expect("reads");
    let rows = &r.tasks.as_ref().expect("tasks").rows;
    match rows[1].get(TaskCol::Status) {
        Raw::Text(t) => assert_eq!(t.chars().count(), 40_000),
        other => panic!("{other:?}"),
    }
    match rows[0].get(TaskCol::Result) {
        Raw::Text(t) => assert_eq!(t.chars().count(), 40_000),
        other => panic!("{other:?}"),
    }
    // The status is not in the vocabulary: T04 on its cell; the long
    // result is longer than an Excel cell: T12 on its cell (the outputs cut
    // it). The message quotes a short start of the value, not 40,000
    // characters.
    let (out, _) = inbox.check("dài.xlsx");
    assert_check_status(&out, FileStatus::Counted, None);
    assert_check_finding(
        &out,
        Severity::Error,
        "T04",
        Some(&format!("Nhiệm vụ!{}", task_cell(1, C_STATUS))),
    );
    assert_check_finding(
        &out,
        Severity::Warning,
        "T12",
        Some(&format!("Nhiệm vụ!{}", task_cell(0, C_RESULT))),
    );
    assert!(
        out.lines().any(|l| l == messages::counts_line(1, 1, 0)),
        "{out}"
    );
    assert!(
        out.lines().all(|l| l.chars().count() < 1_000),
        "a line quotes the whole cell"
    );
    let status = inbox.status();
    inbox.assert_good_sent(&status, &[(HOST, "dài.xlsx")]);
}

#[test]
fn control_characters_and_direction_marks_are_kept_and_do_not_break_status() {
    let s = control_chars();
    let inbox = Inbox::new();
    let path = inbox.put("điều khiển.xlsx", &s.xlsx());
    let (out, _) = inbox.assert_counted("điều khiển.xlsx", HOST);
    assert_check_clean(&out);
    let r = read_workbook(&path, &Limits::default()).expect("reads");
    let row = &r.tasks.as_ref().expect("tasks").rows[0];
    let difficulty = row.get(TaskCol::Difficulty).display();
    assert!(
        difficulty.contains("\u{202E}ngược chiều\u{202C}"),
        "{difficulty:?}"
    );
    assert!(
        difficulty.contains("tab\there\nxuống dòng"),
        "{difficulty:?}"
    );
    // Control characters are dropped (the rest of the text stays),
    // direction marks, tabs and line breaks kept.
    let result = row.get(TaskCol::Result).display();
    assert_eq!(result, "Đã xong[2J[31mĐỎ[0m");
    // Nothing read from the file reaches the terminal as a control
    // sequence: check prints no escape or other C0 control character, even
    // when a finding quotes the cell.
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    // A status cell and a sheet name with escapes, quoted by a finding.
    let mut s = control_chars();
    s.set_task(1, C_STATUS, V::S("\u{1b}[2J\u{1b}[31mXong?\u{7}".into()));
    let bytes = s.raw_xlsx_named(["Thông tin", "Nhiệm vụ\u{1b}[2J\n", "Chỉ tiêu"]);
    inbox.put("điều khiển.xlsx", &bytes);
    let (out, _) = inbox.check("điều khiển.xlsx");
    let place = format!("Nhiệm vụ[2J!{}", task_cell(1, C_STATUS));
    assert_check_finding(&out, Severity::Error, "T04", Some(&place));
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
}

#[test]
fn nfd_text_is_read_as_nfc() {
    let (book, in_progress) = nfd_sheets();
    let inbox = Inbox::new();
    let path = inbox.put("nfd.xlsx", &book.bytes());
    let r = read_workbook(&path, &Limits::default()).expect("reads");
    let t = r.tasks.as_ref().expect("task sheet found by its NFD name");
    // The sheet name stays as in the workbook (it names the sheet there);
    // every value is NFC.
    assert_eq!(tonghop::text::nfc(&t.sheet), "Nhiệm vụ");
    assert_eq!(
        t.rows[0].get(TaskCol::Status),
        &Raw::Text("Đang thực hiện".into())
    );
    assert_ne!(in_progress, "Đang thực hiện");
    let (out, _) = inbox.assert_counted("nfd.xlsx", HOST);
    assert_check_clean(&out);
    // What reaches the data exports is NFC, the unit's texts included.
    let o = inbox.p.run(&["run", "--ky", KY, "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let csv = std::fs::read_to_string(inbox.p.out(KY, "du-lieu/nhiem-vu.csv")).expect("csv");
    assert_eq!(tonghop::text::nfc(&csv), csv);
    assert!(
        csv.lines()
            .any(|l| l.contains(HOST) && l.contains("dang_thuc_hien")),
        "{csv}"
    );
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let s = formula_text();
    let inbox = Inbox::new();
    let path = inbox.put("công thức.xlsx", &s.xlsx());
    let r = read_workbook(&path, &Limits::default()).expect("reads");
    let rows = &r.tasks.as_ref().expect("tasks").rows;
    let t = |s: &str| Raw::Text(s.to_string());
    assert_eq!(rows[0].get(TaskCol::Result), &t(FORMULA_TEXTS[0]));
    assert_eq!(rows[0].get(TaskCol::Difficulty), &t(FORMULA_TEXTS[1]));
    assert_eq!(rows[0].get(TaskCol::Proposal), &t(FORMULA_TEXTS[2]));
    assert_eq!(rows[0].get(TaskCol::Content), &t(FORMULA_TEXTS[3]));
    assert_eq!(rows[1].get(TaskCol::Status), &t(FORMULA_TEXTS[4]));
    let (out, _) = inbox.check("công thức.xlsx");
    assert_check_status(&out, FileStatus::Counted, None);
    let place = format!("Nhiệm vụ!{}", task_cell(1, C_STATUS));
    assert_check_finding(&out, Severity::Error, "T04", Some(&place));
    // The status is printed as the text typed, quoted.
    assert!(out.contains(&format!("'{}'", FORMULA_TEXTS[4])), "{out}");
    assert!(
        out.lines().any(|l| l == messages::counts_line(1, 0, 0)),
        "{out}"
    );
    let status = inbox.status();
    inbox.assert_good_sent(&status, &[(HOST, "công thức.xlsx")]);
}

#[test]
fn formulas_with_error_values_are_t09() {
    let s = error_values();
    let inbox = Inbox::new();
    inbox.put("lỗi công thức.xlsx", &s.xlsx());
    let (out, _) = inbox.check("lỗi công thức.xlsx");
    assert_check_status(&out, FileStatus::Counted, None);
    for place in [
        format!("Nhiệm vụ!{}", task_cell(0, C_SHARE)),
        format!("Nhiệm vụ!{}", task_cell(1, C_RESULT)),
    ] {
        assert_check_finding(&out, Severity::Error, "T09", Some(&place));
    }
    // T09 is a rule of the task sheet; on the indicator sheet the error
    // value is "not a number" (I02), quoting it.
    let place = format!("Chỉ tiêu!E{}", FIRST_INDICATOR_ROW + 1);
    assert_check_finding(&out, Severity::Error, "I02", Some(&place));
    assert!(
        out.lines().any(|l| l == messages::counts_line(3, 0, 0)),
        "{out}"
    );
    for code in ["#DIV/0!", "#REF!", "#N/A"] {
        assert!(out.contains(code), "{code}: {out}");
    }
    let status = inbox.status();
    inbox.assert_good_sent(&status, &[(HOST, "lỗi công thức.xlsx")]);
}

#[test]
fn two_hundred_sheets_read() {
    let inbox = Inbox::new();
    inbox.put("200 trang.xlsx", &two_hundred_sheets().bytes());
    let (out, _) = inbox.assert_counted("200 trang.xlsx", HOST);
    assert_check_clean(&out);
}

// ---- file and folder names ------------------------------------------------------------

#[test]
fn names_with_spaces_vietnamese_letters_and_dashes() {
    let rels = [
        "Công văn đến/Đợt 1 (tháng 6)/Báo cáo Sở Y tế 6 tháng 2020.xlsx",
        "-x.xlsx",
        "--ky 2020-H1.xlsx",
        " khoảng trắng đầu và cuối .xlsx",
    ];
    for rel in rels {
        let inbox = Inbox::new();
        inbox.put(rel, &clean(HOST).xlsx());
        let (out, _) = inbox.assert_counted(rel, HOST);
        assert_check_clean(&out);
    }
}

#[test]
fn check_takes_a_file_named_like_a_flag_after_double_dash() {
    let inbox = Inbox::new();
    inbox.put("-x.xlsx", &clean(HOST).xlsx());
    inbox.put("--ky.xlsx", &clean(HOST).xlsx());
    let dir = inbox.p.inbox(KY, "");
    let o = inbox.p.run_in(
        &dir,
        &[
            "check",
            "--templates",
            "../../templates",
            "--ky",
            KY,
            "--",
            "-x.xlsx",
            "--ky.xlsx",
        ],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for f in ["-x.xlsx", "--ky.xlsx"] {
        assert!(
            out.lines().any(|l| l == messages::check_file_line(f)),
            "{out}"
        );
    }
    // Both are the same unit's report, decided together as the batch does:
    // one counts, the other is set aside (F06).
    assert_eq!(
        out.lines()
            .filter(|l| *l == messages::check_status_line(FileStatus::Counted, None))
            .count(),
        1,
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| *l == messages::check_status_line(FileStatus::Superseded, Some("F06")))
            .count(),
        1,
        "{out}"
    );
    // Without "--", "-x.xlsx" is a flag: a usage error, nothing read.
    let o = inbox.p.run_in(
        &dir,
        &["check", "--templates", "../../templates", "-x.xlsx"],
    );
    assert_eq!(o.status.code(), Some(2), "{:?}", text(&o));
}

#[test]
fn very_long_file_and_folder_names() {
    let name = long_name(240);
    assert!(name.len() >= 200 && name.len() <= 255, "{}", name.len());
    let folder = long_name(220).replace(".xlsx", "");
    let rel = format!("{folder}/{name}");
    let inbox = Inbox::new();
    inbox.put(&rel, &clean(HOST).xlsx());
    let (out, _) = inbox.assert_counted(&rel, HOST);
    assert_check_clean(&out);
}

#[test]
fn nfd_file_name_is_listed_in_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = "Báo cáo Sở Y tế.xlsx";
    let nfd: String = nfc.nfd().collect();
    let inbox = Inbox::new();
    inbox.put(&nfd, &clean(HOST).xlsx());
    let status = inbox.status();
    inbox.assert_good_sent(&status, &[(HOST, nfc)]);
}

// ---- mutation: the reader never panics out and never hangs -------------------------------

/// Reads `path` on its own thread; fails the test if the read panics out
/// of `read_workbook` or takes longer than `limit`.
fn read_bounded(path: &Path, limit: Duration, what: &str) -> Result<Report, ReadError> {
    let (tx, rx) = mpsc::channel();
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(read_workbook(&p, &Limits::default()));
    });
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: read took over {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: read panicked out"),
    }
}

/// One mutation of `b`: flip a few bytes, cut the file, drop a range, or
/// duplicate a range in place.
fn mutate(b: &[u8], rng: &mut Lcg) -> (Vec<u8>, String) {
    let mut m = b.to_vec();
    let len = b.len().max(1);
    match rng.below(4) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let i = rng.below(len);
                if let Some(x) = m.get_mut(i) {
                    *x ^= (rng.next_u32() as u8) | 1;
                }
            }
            (m, format!("flip {n} bytes"))
        }
        1 => {
            let at = rng.below(len);
            m.truncate(at);
            (m, format!("cut at {at}"))
        }
        2 => {
            let at = rng.below(len);
            let n = (1 + rng.below(64)).min(m.len() - at.min(m.len()));
            m.drain(at..at + n);
            (m, format!("drop {n} at {at}"))
        }
        _ => {
            let at = rng.below(len);
            let n = (1 + rng.below(256)).min(b.len() - at.min(b.len()));
            let copy = b[at..at + n].to_vec();
            let to = rng.below(len);
            m.splice(to..to, copy);
            (m, format!("duplicate {n} from {at} to {to}"))
        }
    }
}

/// The members of a zip, inflated.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("member");
            let mut d = Vec::new();
            f.read_to_end(&mut d).expect("inflate");
            (f.name().expect("name").to_string(), d)
        })
        .collect()
}

#[test]
fn mutated_workbooks_never_panic_out_or_hang() {
    let limit = Duration::from_secs(10);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut seeds: Vec<(&str, Vec<u8>)> = vec![
        ("xlsx", clean(HOST).xlsx()),
        (
            "xls",
            std::fs::read(corpus_file("Công văn đến/2020/QNQ.xls")).expect("xls"),
        ),
        (
            "ods",
            std::fs::read(corpus_file(
                "Công văn đến/2020/Bao cao ket qua thuc hien (9).ods",
            ))
            .expect("ods"),
        ),
        (
            "xls",
            std::fs::read(corpus_file(
                "Zalo/Nhóm báo cáo KH1315/Bao cao ket qua thuc hien (8).xls",
            ))
            .expect("xls"),
        ),
        ("xls", password_xls(1)),
        ("xlsx", encrypted_xlsx()),
        (
            "xlsx",
            std::fs::read(corpus_file("tai ve/Bieu tong hop 148.xlsx")).expect("encrypted"),
        ),
    ];
    seeds.push(("xlsx", clean(HOST).raw_xlsx()));
    // Its records walked by the .xlsb scan, then by calamine.
    seeds.push(("xlsb", clean(HOST).book().xlsb_bytes()));
    let whole = dir.path().join("whole.xlsb");
    std::fs::write(&whole, &seeds[seeds.len() - 1].1).expect("write");
    let read = read_bounded(&whole, limit, "the .xlsb seed").expect("the .xlsb seed reads");
    assert!(read.tasks.is_some() && read.indicators.is_some());
    let mut rng = Lcg(2020);
    let mut reads = 0;
    // Byte-level mutations of each whole file.
    for (k, (ext, bytes)) in seeds.iter().enumerate() {
        let path = dir.path().join(format!("m{k}.{ext}"));
        for i in 0..40 {
            let (m, how) = mutate(bytes, &mut rng);
            std::fs::write(&path, &m).expect("write");
            let _ = read_bounded(&path, limit, &format!("seed {k} ({ext}) #{i}: {how}"));
            reads += 1;
        }
    }
    // Mutations of the XML inside a zip, re-zipped, so that the parsers
    // behind the zip layer see them.
    for (k, (ext, bytes)) in seeds.iter().enumerate() {
        if !bytes.starts_with(b"PK") {
            continue;
        }
        let members = unzip(bytes);
        let path = dir.path().join(format!("x{k}.{ext}"));
        for i in 0..40 {
            let target = rng.below(members.len());
            let mut ms = members.clone();
            let (m, how) = mutate(&ms[target].1, &mut rng);
            ms[target].1 = m;
            std::fs::write(&path, raw_zip(&ms)).expect("write");
            let what = format!("seed {k} ({ext}) member {} #{i}: {how}", ms[target].0);
            let _ = read_bounded(&path, limit, &what);
            reads += 1;
        }
    }
    assert!(reads >= 300, "{reads}");
}

// ---- inputs for bench/hostile.sh ----------------------------------------------------------

/// Writes every hostile input to `$HOSTILE_DIR` (one file each, named by
/// the finding expected) for the peak-memory table of bench/hostile.sh.
#[test]
#[ignore = "writes the hostile inputs for bench/hostile.sh"]
fn write_hostile_inputs() {
    let dir = PathBuf::from(std::env::var("HOSTILE_DIR").expect("HOSTILE_DIR"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).expect("write");
    put("00-clean.xlsx", &clean(HOST).xlsx());
    put("01-zero-byte.xlsx", b"");
    put("02-truncated.xlsx", &truncated_xlsx());
    put("03-random-bytes.xlsx", &random_bytes());
    put("04-docx-renamed.xlsx", &docx());
    put("05-pdf-renamed.xlsx", &pdf());
    put("06-encrypted.xlsx", &encrypted_xlsx());
    put("07-password-rc4.xls", &password_xls(1));
    put("08-password-xor.xls", &password_xls(0));
    put("09-whole-grid.xlsx", &whole_grid_xlsx());
    put("10-zip-bomb.xlsx", &zip_bomb());
    put("11-zip-bomb-lying.xlsx", &lying_zip_bomb());
    write_many_rows(&dir.join("12-million-rows-stored.xlsx"), 1_000_000, true);
    write_many_rows(&dir.join("13-million-rows-deflated.xlsx"), 1_000_000, false);
    put("14-cell-40000-chars.xlsx", &long_cell().raw_xlsx());
    put("15-control-chars.xlsx", &control_chars().xlsx());
    put("16-nfd.xlsx", &nfd_sheets().0.bytes());
    put("17-formula-text.xlsx", &formula_text().xlsx());
    put("18-error-values.xlsx", &error_values().xlsx());
    put("19-200-sheets.xlsx", &two_hundred_sheets().bytes());
    put(&long_name(240), &clean(HOST).xlsx());
    // Worst cases for memory within the limits (49 MB under 50 MB).
    write_huge_cell(&dir.join("21-one-cell-49MB.xlsx"), 49 * 1024 * 1024);
    write_shared_string_flood(
        &dir.join("22-shared-strings-49MB.xlsx"),
        49 * 1024 * 1024 / 17,
    );
    let mut s = clean(HOST);
    let first = s.tasks[FIRST_TASK_ROW].clone();
    while s.tasks.len() < 49_990 {
        s.tasks.push(first.clone());
    }
    put("23-49990-task-rows.xlsx", &s.xlsx());
    put(
        "24-xls-8-sheets-of-1.9M-cells.xls",
        &xls_of_big_sheets(8, 1_900, 1_000),
    );
    put(
        "25-xls-1-sheet-of-1.9M-cells.xls",
        &xls_of_big_sheets(1, 1_900, 1_000),
    );
    put(
        "26-ods-8-sheets-of-1.9M-cells.ods",
        &ods_of_big_sheets(8, 1_900, 1_000),
    );
    put(
        "27-ods-1-sheet-of-1.9M-cells.ods",
        &ods_of_big_sheets(1, 1_900, 1_000),
    );
    // Issue 13: the .ods guard against other spellings of the attributes.
    put(
        "28-ods-8-sheets-single-quotes.ods",
        &respelled(|x| x.replace('"', "'")),
    );
    put(
        "29-ods-8-sheets-fuzzed-attributes.ods",
        &respelled(|x| x.replace("=\"", " =\n \"")),
    );
    put(
        "30-xls-declaring-65536-rows.xls",
        &xls_2x2_declaring_65536(),
    );
}

/// A BIFF8 .xls of four numbers (A1:B2) whose DIMENSIONS record declares
/// 65,536 rows and 256 columns: calamine reserves what is declared.
fn xls_2x2_declaring_65536() -> Vec<u8> {
    let mut bytes = xls_of_big_sheets(1, 2, 2);
    // The DIMENSIONS data follows its header 02 00 0E 00; rows is at +4.
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("DIMENSIONS");
    bytes[at + 4 + 4..at + 4 + 8].copy_from_slice(&65_536u32.to_le_bytes());
    bytes[at + 4 + 10..at + 4 + 12].copy_from_slice(&256u16.to_le_bytes());
    bytes
}

#[test]
fn xls_of_four_cells_declaring_65536_rows_is_counted_by_its_cells() {
    let bytes = xls_2x2_declaring_65536();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.xls");
    std::fs::write(&path, &bytes).expect("write");
    let r = read_workbook(&path, &Limits::default()).expect("reads by its cells");
    assert_eq!(r.sheets, ["Sheet0"]);
}

/// The feedback workbook of a unit whose report quotes a 40,000-character
/// cell in a finding: Excel cells hold at most 32,767 characters, so the
/// writer must shorten the text (and say so) rather than fail.
#[test]
fn feedback_of_a_forty_thousand_character_cell_is_written() {
    use tonghop::discover::describe;
    use tonghop::validate::{check_file, finish, Context};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dài.xlsx");
    std::fs::write(&path, long_cell().raw_xlsx()).expect("write");
    let input = describe(&path, "dài.xlsx".into());
    let read = read_workbook(&path, &Limits::default());
    let cand = check_file(
        plan(),
        period(),
        &Context::default(),
        &input,
        String::new(),
        Some(read),
    );
    let outcome = finish(plan(), period(), vec![cand]);
    let res = tonghop::write::feedback::feedback_xlsx(plan(), period(), date(), HOST, &outcome);
    assert!(res.is_ok(), "{res:?}");
}

// ---- the formats read without a spreadsheet library (issue 14) ---------------------------

/// Reads `bytes` saved as `name`.
fn read_new(name: &str, bytes: &[u8]) -> Result<Report, ReadError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    read_bounded(&path, Duration::from_secs(20), name)
}

fn assert_f12(name: &str, bytes: &[u8]) {
    let res = read_new(name, bytes);
    assert!(
        matches!(&res, Err(e) if e.rule() == tonghop::validate::Rule::F12),
        "{name}: {res:?}"
    );
}

#[test]
fn html_over_the_limits_is_f12() {
    // Tables nested deeper than followed.
    let deep = format!("<html><body>{}", "<table><tr><td>".repeat(50));
    assert_f12("sâu.xls", deep.as_bytes());
    // A span that reaches past the column limit.
    assert_f12(
        "rộng.xls",
        b"<html><table><tr><td colspan=999>a</td><td colspan=999>b</td></tr></table></html>",
    );
    // A row past the row limit, reached by rowspans.
    let tall = format!(
        "<html><table>{}</table></html>",
        "<tr><td rowspan=65534>x</td></tr>".repeat(2)
    );
    let res = read_new("cao.xls", tall.as_bytes());
    assert!(res.is_ok() || matches!(&res, Err(e) if e.rule() == tonghop::validate::Rule::F12));
    // One cell of megabytes of text.
    let big = format!(
        "<html><table><tr><td>{}</td></tr></table></html>",
        "chữ ".repeat(200_000)
    );
    assert_f12("ô lớn.xls", big.as_bytes());
    // Through the batch: F12 excludes the file, the clean reports count.
    let inbox = Inbox::new();
    inbox.put("sâu.xls", deep.as_bytes());
    let (out, _) = inbox.assert_excluded("sâu.xls", "F12");
    assert!(out.contains("html"), "{out}");
}

#[test]
fn spreadsheetml_entities_are_never_expanded_and_depth_is_bounded() {
    // Billion laughs: nine levels of ten references. Not expanded: the
    // cell holds only the text around them, read at once.
    let mut dtd = String::from("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for i in 1..10 {
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&lol{};", i - 1).repeat(10)
        ));
    }
    dtd.push_str("]>");
    let xml = format!(
        "<?xml version=\"1.0\"?>{dtd}<?mso-application progid=\"Excel.Sheet\"?>\
         <Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\
         <Worksheet ss:Name=\"Nhiệm vụ\"><Table><Row><Cell><Data ss:Type=\"String\">&lol9;Mã nhiệm vụ</Data></Cell></Row></Table></Worksheet></Workbook>"
    );
    let r = read_new("cười.xls", xml.as_bytes()).expect("read");
    assert_eq!(r.sheets, ["Nhiệm vụ"]);
    // Nesting far deeper than any workbook.
    let deep = format!(
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">{}",
        "<Table>".repeat(10_000)
    );
    assert_f12("sâu.xml", deep.as_bytes());
    // A row index past the row limit.
    let far = "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"A\"><Table><Row ss:Index=\"4000000\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row></Table></Worksheet></Workbook>";
    assert_f12("xa.xml", far.as_bytes());
}

#[test]
fn text_and_word_over_the_limits_are_f12() {
    // More columns than the limit.
    let wide = vec!["a"; 1_500].join("\t");
    assert_f12("rộng.tsv", wide.as_bytes());
    // A Word table nested far deeper than any report.
    let deep = crate::formats::docx_with(&"<w:tbl><w:tr><w:tc>".repeat(200));
    assert_f12("sâu.docx", &deep);
}

#[test]
fn mutated_web_xml_text_and_word_reports_never_panic_out_or_hang() {
    let limit = Duration::from_secs(10);
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<(&str, Vec<u8>)> = vec![
        ("xls", crate::formats::html()),
        ("xls", crate::formats::sml()),
        ("xls", crate::formats::text_table("\t", false)),
        ("csv", crate::formats::text_table(";", true)),
        ("docx", crate::formats::docx()),
    ];
    let mut rng = Lcg(1315);
    let mut reads = 0;
    for (k, (ext, bytes)) in seeds.iter().enumerate() {
        let path = dir.path().join(format!("n{k}.{ext}"));
        for i in 0..40 {
            let (m, how) = mutate(bytes, &mut rng);
            std::fs::write(&path, &m).expect("write");
            let _ = read_bounded(&path, limit, &format!("seed {k} ({ext}) #{i}: {how}"));
            reads += 1;
        }
        if bytes.starts_with(b"PK") {
            let members = unzip(bytes);
            for i in 0..60 {
                let target = rng.below(members.len());
                let mut ms = members.clone();
                let (m, how) = mutate(&ms[target].1, &mut rng);
                ms[target].1 = m;
                std::fs::write(&path, raw_zip(&ms)).expect("write");
                let what = format!("seed {k} member {} #{i}: {how}", ms[target].0);
                let _ = read_bounded(&path, limit, &what);
                reads += 1;
            }
        }
    }
    assert!(reads >= 250, "{reads}");
}
