//! Test helpers: workbooks built in code, a project folder with the plan,
//! and running the binary.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Workbook, Worksheet};

/// A cell of a fixture sheet.
#[derive(Debug, Clone)]
pub enum V {
    /// Text.
    S(String),
    /// Number.
    N(f64),
    /// Date (y, m, d), written as an Excel date.
    D(u16, u8, u8),
    /// A formula with a cached result (e.g. an error "#REF!").
    F(String, String),
    /// A number in a cell formatted as a percentage ("0%"): the stored
    /// fraction, as Excel keeps it (1.0 shows "100%").
    P(f64),
    /// Nothing.
    E,
}

impl From<&str> for V {
    fn from(s: &str) -> V {
        if s.is_empty() {
            V::E
        } else {
            V::S(s.to_string())
        }
    }
}
impl From<String> for V {
    fn from(s: String) -> V {
        V::from(s.as_str())
    }
}
impl From<f64> for V {
    fn from(n: f64) -> V {
        V::N(n)
    }
}
impl From<i32> for V {
    fn from(n: i32) -> V {
        V::N(n as f64)
    }
}

/// Builds a row of cells: `row!["NV1.01", 75, "Hoàn thành"]`.
#[macro_export]
macro_rules! row {
    ($($x:expr),* $(,)?) => { vec![$($crate::util::V::from($x)),*] };
}

/// A workbook under construction: sheets of rows starting at A1 (or at a
/// given top-left cell), plus merged ranges.
#[derive(Default)]
pub struct Book {
    sheets: Vec<FixtureSheet>,
    /// Sheets hidden (`false`) or very hidden (`true`), by name.
    hidden: Vec<(String, bool)>,
}

/// A merged range: first row, first column, last row, last column (0-based).
type Merge = (u32, u16, u32, u16);

/// A sheet: name, first row, rows, merged ranges.
type FixtureSheet = (String, u32, Vec<Vec<V>>, Vec<Merge>);

impl Book {
    pub fn new() -> Book {
        Book::default()
    }

    /// Adds a sheet whose rows start at A1.
    pub fn sheet(mut self, name: &str, rows: Vec<Vec<V>>) -> Book {
        self.sheets.push((name.to_string(), 0, rows, Vec::new()));
        self
    }

    /// Adds a sheet whose rows start at 0-based row `first_row`.
    pub fn sheet_at(mut self, name: &str, first_row: u32, rows: Vec<Vec<V>>) -> Book {
        self.sheets
            .push((name.to_string(), first_row, rows, Vec::new()));
        self
    }

    /// Hides the last sheet added (very hidden with `very`).
    pub fn hide(mut self, very: bool) -> Book {
        if let Some(s) = self.sheets.last() {
            self.hidden.push((s.0.clone(), very));
        }
        self
    }

    /// Merges a range (0-based, inclusive) on the last sheet added.
    pub fn merge(mut self, r1: u32, c1: u16, r2: u32, c2: u16) -> Book {
        if let Some(s) = self.sheets.last_mut() {
            s.3.push((r1, c1, r2, c2));
        }
        self
    }

    fn build(&self) -> Workbook {
        let mut wb = Workbook::new();
        for (name, first, rows, merges) in &self.sheets {
            let ws: &mut Worksheet = wb.add_worksheet();
            ws.set_name(name).expect("sheet name");
            for (h, very) in &self.hidden {
                if h == name && *very {
                    ws.set_very_hidden(true);
                } else if h == name {
                    ws.set_hidden(true);
                }
            }
            for (r, row) in rows.iter().enumerate() {
                let r = first + r as u32;
                for (c, v) in row.iter().enumerate() {
                    let c = c as u16;
                    match v {
                        V::S(s) => {
                            ws.write_string(r, c, s).expect("write");
                        }
                        V::N(n) => {
                            ws.write_number(r, c, *n).expect("write");
                        }
                        V::D(y, m, d) => {
                            let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                            let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
                            ws.write_datetime_with_format(r, c, &dt, &fmt)
                                .expect("write");
                        }
                        V::P(n) => {
                            let fmt = rust_xlsxwriter::Format::new().set_num_format("0.0%");
                            ws.write_number_with_format(r, c, *n, &fmt).expect("write");
                        }
                        V::F(f, cached) => {
                            let f = rust_xlsxwriter::Formula::new(f).set_result(cached);
                            ws.write_formula(r, c, f).expect("write");
                        }
                        V::E => {}
                    }
                }
            }
            for (r1, c1, r2, c2) in merges {
                // Keep the top-left text; merge_range writes its own.
                let text = rows
                    .get((*r1 - first) as usize)
                    .and_then(|row| row.get(*c1 as usize))
                    .and_then(|v| match v {
                        V::S(s) => Some(s.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                ws.merge_range(*r1, *c1, *r2, *c2, &text, &rust_xlsxwriter::Format::new())
                    .expect("merge");
            }
        }
        wb
    }

    /// The workbook as xlsx bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.build().save_to_buffer().expect("save")
    }

    /// The workbook as xlsx bytes, with the text `marker` replaced by
    /// `text` in every part: for cells Excel's writers refuse to write
    /// (longer than 32,767 characters), which other programs still produce.
    pub fn bytes_replacing(&self, marker: &str, text: &str) -> Vec<u8> {
        use std::io::{Read, Write};
        let src = self.bytes();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).expect("zip");
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zout = zip::ZipWriter::new(&mut out);
            for i in 0..zin.len() {
                let mut f = zin.by_index(i).expect("entry");
                let name = f.name().expect("name").to_string();
                let mut body = Vec::new();
                f.read_to_end(&mut body).expect("read");
                let body = match String::from_utf8(body) {
                    Ok(t) => t.replace(marker, text).into_bytes(),
                    Err(e) => e.into_bytes(),
                };
                let opts = zip::write::SimpleFileOptions::default();
                zout.start_file(name, opts).expect("start");
                zout.write_all(&body).expect("write");
            }
            zout.finish().expect("finish");
        }
        out.into_inner()
    }

    /// The workbook as an .xlsb package (MS-XLSB records), as Excel saves
    /// a "binary workbook": text as inline strings, numbers as reals, a
    /// percentage `V::P` in a cell of the custom format "0.0%", a date in
    /// built-in format 14. Formulas and merges are not written.
    pub fn xlsb_bytes(&self) -> Vec<u8> {
        raw_zip(&self.xlsb_members())
    }

    /// The members of [`Book::xlsb_bytes`], by name, before zipping.
    pub fn xlsb_members(&self) -> Vec<(String, Vec<u8>)> {
        // Cell formats: 0 General, 1 "0.0%" (custom 164), 2 built-in 14.
        const PERCENT_XF: u32 = 1;
        const DATE_XF: u32 = 2;
        let mut types = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>"#,
        );
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.bin"/>"#,
        );
        let mut workbook = brt(0x0083, &[]);
        workbook.extend(brt(0x008F, &[]));
        let mut members: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, (name, first, rows, _)) in self.sheets.iter().enumerate() {
            let n = i + 1;
            types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.bin" ContentType="application/vnd.ms-excel.worksheet"/>"#));
            rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.bin"/>"#));
            let state: u32 = match self.hidden.iter().find(|(h, _)| h == name) {
                Some((_, true)) => 2,
                Some((_, false)) => 1,
                None => 0,
            };
            let mut sh = state.to_le_bytes().to_vec();
            sh.extend((n as u32).to_le_bytes());
            sh.extend(wide(&format!("rId{n}")));
            sh.extend(wide(name));
            workbook.extend(brt(0x009C, &sh));
            let last_row = first + rows.len().saturating_sub(1) as u32;
            let last_col = rows
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(1)
                .saturating_sub(1) as u32;
            let mut sheet = brt(0x0081, &[]);
            let dim: Vec<u8> = [*first, last_row, 0, last_col]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect();
            sheet.extend(brt(0x0094, &dim));
            sheet.extend(brt(0x0091, &[]));
            for (r, row) in rows.iter().enumerate() {
                let r = first + r as u32;
                let mut hdr = r.to_le_bytes().to_vec();
                hdr.extend([0u8; 13]);
                sheet.extend(brt(0x0000, &hdr));
                for (c, v) in row.iter().enumerate() {
                    let cell = |xf: u32| {
                        let mut b = (c as u32).to_le_bytes().to_vec();
                        b.extend(xf.to_le_bytes());
                        b
                    };
                    let real = |xf: u32, x: f64| {
                        let mut b = cell(xf);
                        b.extend(x.to_le_bytes());
                        brt(0x0005, &b)
                    };
                    match v {
                        V::S(t) => {
                            let mut b = cell(0);
                            b.extend(wide(t));
                            sheet.extend(brt(0x0006, &b));
                        }
                        V::N(x) => sheet.extend(real(0, *x)),
                        V::P(x) => sheet.extend(real(PERCENT_XF, *x)),
                        V::D(y, m, d) => {
                            let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                            sheet.extend(real(DATE_XF, dt.to_excel()));
                        }
                        V::F(..) => panic!("xlsb fixtures write no formulas"),
                        V::E => {}
                    }
                }
            }
            sheet.extend(brt(0x0092, &[]));
            sheet.extend(brt(0x0082, &[]));
            members.push((format!("xl/worksheets/sheet{n}.bin"), sheet));
        }
        workbook.extend(brt(0x0090, &[]));
        workbook.extend(brt(0x0084, &[]));
        types.push_str("</Types>");
        rels.push_str("</Relationships>");
        let mut styles = brt(0x0116, &[]);
        styles.extend(brt(0x0267, &1u32.to_le_bytes()));
        let mut fmt = 164u16.to_le_bytes().to_vec();
        fmt.extend(wide("0.0%"));
        styles.extend(brt(0x002C, &fmt));
        styles.extend(brt(0x0268, &[]));
        styles.extend(brt(0x0269, &3u32.to_le_bytes()));
        for ifmt in [0u16, 164, 14] {
            let mut xf = 0xFFFFu16.to_le_bytes().to_vec();
            xf.extend(ifmt.to_le_bytes());
            xf.extend([0u8; 12]);
            styles.extend(brt(0x002F, &xf));
        }
        styles.extend(brt(0x026A, &[]));
        styles.extend(brt(0x0117, &[]));
        let mut all: Vec<(String, Vec<u8>)> = vec![
            ("[Content_Types].xml".into(), types.into_bytes()),
            (
                "_rels/.rels".into(),
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#.to_vec(),
            ),
            ("xl/workbook.bin".into(), workbook),
            ("xl/_rels/workbook.bin.rels".into(), rels.into_bytes()),
            ("xl/styles.bin".into(), styles),
        ];
        all.extend(members);
        all
    }

    /// Writes the workbook to `path`, creating folders.
    pub fn save(&self, path: &Path) {
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).expect("mkdir");
        }
        std::fs::write(path, self.bytes()).expect("write xlsx");
    }
}

/// The standard "Thông tin" sheet rows for a unit and period.
pub fn info_rows(unit_code: &str, unit_name: &str, period: &str, date: V) -> Vec<Vec<V>> {
    vec![
        row!["Mã đơn vị", unit_code],
        row!["Tên đơn vị", unit_name],
        row!["Mã kế hoạch", "hp-1315"],
        row!["Kỳ báo cáo", period],
        vec![V::from("Ngày báo cáo"), date],
        row!["Người lập", "Nguyễn Văn A"],
    ]
}

/// A workbook whose "Thông tin" sheet names SCT and the first half of
/// 2020, reported on 10/06/2020; add the table sheets to it.
pub fn sct_book() -> Book {
    Book::new().sheet(
        "Thông tin",
        info_rows(
            "SCT",
            "Sở Công Thương",
            "6 tháng đầu năm 2020",
            V::D(2020, 6, 10),
        ),
    )
}

/// The labels of the standard form's task table, as a clerk types them
/// (written out here, not taken from the code under test).
pub const TASK_LABELS: [&str; 9] = [
    "STT",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Vai trò",
    "Tình trạng",
    "Tỷ lệ hoàn thành (%)",
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
];

/// The labels of the standard form's indicator table.
pub const INDICATOR_LABELS: [&str; 7] = [
    "STT",
    "Mã chỉ tiêu",
    "Tên chỉ tiêu",
    "Đơn vị tính",
    "Thực hiện kỳ báo cáo",
    "Cùng kỳ năm trước",
    "Ghi chú",
];

/// The task header row of the standard form.
pub fn task_header() -> Vec<V> {
    TASK_LABELS.iter().map(|s| V::from(*s)).collect()
}

/// The indicator header row of the standard form.
pub fn indicator_header() -> Vec<V> {
    INDICATOR_LABELS.iter().map(|s| V::from(*s)).collect()
}

/// A project folder: `templates/hp-1315` copied from the repository, an
/// empty `inbox/` and `out/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        let src = repo().join("templates/hp-1315");
        let dst = dir.path().join("templates/hp-1315");
        std::fs::create_dir_all(&dst).expect("mkdir");
        for e in std::fs::read_dir(&src).expect("templates") {
            let e = e.expect("entry");
            std::fs::copy(e.path(), dst.join(e.file_name())).expect("copy");
        }
        std::fs::create_dir_all(dir.path().join("inbox")).expect("mkdir");
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `inbox/<ky>/<rel>`.
    pub fn inbox(&self, ky: &str, rel: &str) -> PathBuf {
        self.path().join("inbox").join(ky).join(rel)
    }

    /// `out/<ky>/<rel>`.
    pub fn out(&self, ky: &str, rel: &str) -> PathBuf {
        self.path().join("out").join(ky).join(rel)
    }

    /// Runs the binary in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.path(), args)
    }

    /// Runs the binary in folder `dir` (for paths given relative to it).
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tonghop"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("run tonghop")
    }
}

/// Copies a folder tree.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read_dir") {
        let e = e.expect("entry");
        let to = dst.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

// ---- hand-made files: zips, xlsx parts, deflate streams, compound files ----

/// `s` with the five XML special characters escaped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A zip of the given members (name, bytes), deflated.
pub fn raw_zip<N: AsRef<str>>(members: &[(N, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        w.start_file(name.as_ref(), opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

/// A minimal xlsx written by hand: one worksheet per (name, xml).
pub fn raw_xlsx(sheets: &[(&str, String)]) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, xml)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        wb.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            xml_escape(name)
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        members.push((
            format!("xl/worksheets/sheet{n}.xml"),
            xml.clone().into_bytes(),
        ));
    }
    types.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let mut all: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), types.into_bytes()),
        (
            "_rels/.rels".into(),
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/workbook.xml".into(), wb.into_bytes()),
        ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()),
    ];
    all.extend(members);
    raw_zip(&all)
}

/// The column letters of 0-based column `c` ("A", "AB").
pub fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        let r = ((c - 1) % 26) as u8;
        s.push(b'A' + r);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Sheet XML with a declared dimension and the given rows of inline
/// strings.
pub fn sheet_xml(dimension: &str, rows: &[(u32, Vec<&str>)]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>"#
    );
    for (r, cells) in rows {
        s.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in cells.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            s.push_str(&format!(
                r#"<c r="{}{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                col_name(c as u32),
                r + 1,
                xml_escape(v)
            ));
        }
        s.push_str("</row>");
    }
    s.push_str("</sheetData></worksheet>");
    s
}

/// Bits of a deflate stream, least significant first.
#[derive(Default)]
pub struct Bits {
    out: Vec<u8>,
    n: u32,
}

impl Bits {
    pub fn bit(&mut self, b: u32) {
        if self.n.is_multiple_of(8) {
            self.out.push(0);
        }
        if b != 0 {
            *self.out.last_mut().unwrap() |= 1 << (self.n % 8);
        }
        self.n += 1;
    }
    /// A Huffman code, most significant bit first.
    pub fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.bit((code >> i) & 1);
        }
    }
    pub fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b - 144), 9);
        }
    }
}

/// A deflate stream (one fixed-Huffman block) of `prefix`, `count` spaces
/// and `suffix`, built directly: each run of 258 spaces is one 13-bit
/// back-reference, so 60 MB cost about 400 KB and no compression time.
pub fn deflate_spaces(prefix: &[u8], count: usize, suffix: &[u8]) -> Vec<u8> {
    let mut w = Bits::default();
    w.bit(1); // final block
    w.bit(1); // fixed Huffman (BTYPE = 01, low bit first)
    w.bit(0);
    prefix.iter().for_each(|b| w.literal(*b));
    w.literal(b' ');
    let mut left = count - 1;
    while left >= 258 {
        w.code(0b1100_0101, 8); // length 258 (code 285)
        w.code(0, 5); // distance 1
        left -= 258;
    }
    (0..left).for_each(|_| w.literal(b' '));
    suffix.iter().for_each(|b| w.literal(*b));
    w.code(0, 7); // end of block
    w.out
}

/// CRC-32 (IEEE), bit by bit; for small test data only.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in data {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A one-member zip holding `deflated` as `name`, declaring `size` bytes
/// inflated and the given CRC.
pub fn zip_with_deflated(name: &str, deflated: &[u8], size: u32, crc: u32) -> Vec<u8> {
    let le16 = |v: u16| v.to_le_bytes();
    let le32 = |v: u32| v.to_le_bytes();
    let n = name.as_bytes();
    let csize = u32::try_from(deflated.len()).unwrap();
    let mut z = Vec::new();
    z.extend(le32(0x0403_4b50));
    z.extend(le16(20));
    z.extend(le16(0x0800)); // UTF-8 names
    z.extend(le16(8));
    z.extend([0u8; 4]); // time, date
    z.extend(le32(crc));
    z.extend(le32(csize));
    z.extend(le32(size));
    z.extend(le16(n.len() as u16));
    z.extend(le16(0));
    z.extend(n);
    z.extend(deflated);
    let cd_start = z.len() as u32;
    z.extend(le32(0x0201_4b50));
    z.extend(le16(20));
    z.extend(le16(20));
    z.extend(le16(0x0800));
    z.extend(le16(8));
    z.extend([0u8; 4]);
    z.extend(le32(crc));
    z.extend(le32(csize));
    z.extend(le32(size));
    z.extend(le16(n.len() as u16));
    z.extend([0u8; 12]); // extra, comment, disk, internal and external attributes
    z.extend(le32(0)); // local header offset
    z.extend(n);
    let cd_size = z.len() as u32 - cd_start;
    z.extend(le32(0x0605_4b50));
    z.extend([0u8; 4]);
    z.extend(le16(1));
    z.extend(le16(1));
    z.extend(le32(cd_size));
    z.extend(le32(cd_start));
    z.extend(le16(0));
    z
}
/// An xlsx whose only sheet, `sheet`, is `xml` with `spaces` spaces before
/// its closing `</sheetData>` (so a parser must read through them), deflated by hand (a zip bomb: 60 MB cost about 400 KB
/// and no compression time). The member declares `declared` bytes inflated
/// (its true size when `None`) and a CRC of 0, so it must be refused before
/// it is inflated to the end.
pub fn zip_bomb_xlsx(sheet: &str, xml: &str, spaces: usize, declared: Option<u32>) -> Vec<u8> {
    let at = xml.rfind("</sheetData>").expect("sheetData");
    let (head, tail) = xml.split_at(at);
    let deflated = deflate_spaces(head.as_bytes(), spaces, tail.as_bytes());
    let size = declared.unwrap_or_else(|| u32::try_from(xml.len() + spaces).expect("size"));
    let bomb = zip_with_deflated("xl/worksheets/sheet1.xml", &deflated, size, 0);
    // The other parts of a sound xlsx, with the bomb copied in raw.
    let base = raw_xlsx(&[(sheet, xml.to_string())]);
    let mut src = zip::ZipArchive::new(Cursor::new(base)).expect("zip");
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let f = src.by_index_raw(i).expect("member");
        if f.name().expect("name") != "xl/worksheets/sheet1.xml" {
            w.raw_copy_file(f).expect("copy");
        }
    }
    let mut bomb = zip::ZipArchive::new(Cursor::new(bomb)).expect("bomb zip");
    w.raw_copy_file(bomb.by_index_raw(0).expect("bomb member"))
        .expect("copy bomb");
    w.finish().expect("finish").into_inner()
}

/// A compound file (MS-CFB version 3, 512-byte sectors) holding the given
/// streams at the root, as .xls workbooks and encrypted Office files are.
/// Streams shorter than the 4096-byte mini-stream cutoff are padded with
/// zeros to it, so that no mini stream is needed.
pub fn cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const SECTOR: usize = 512;
    const FREE: u32 = 0xFFFF_FFFF;
    const END: u32 = 0xFFFF_FFFE;
    const FATSECT: u32 = 0xFFFF_FFFD;
    let data: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, d)| {
            let mut d = d.clone();
            let len = d.len().max(4096).div_ceil(SECTOR) * SECTOR;
            d.resize(len, 0);
            d
        })
        .collect();
    let dir_entries = streams.len() + 1;
    let dir_sectors = (dir_entries * 128).div_ceil(SECTOR);
    let data_sectors: usize = data.iter().map(|d| d.len() / SECTOR).sum();
    let mut fat_sectors = 1;
    while fat_sectors * (SECTOR / 4) < fat_sectors + dir_sectors + data_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109, "too big for a header-only DIFAT");
    // Sectors: FAT, then directory, then each stream in turn.
    let mut fat: Vec<u32> = vec![FATSECT; fat_sectors];
    let dir_start = fat.len() as u32;
    for i in 0..dir_sectors {
        fat.push(if i + 1 == dir_sectors {
            END
        } else {
            dir_start + i as u32 + 1
        });
    }
    let mut starts = Vec::new();
    for d in &data {
        let n = d.len() / SECTOR;
        let start = fat.len() as u32;
        starts.push(start);
        for i in 0..n {
            fat.push(if i + 1 == n {
                END
            } else {
                start + i as u32 + 1
            });
        }
    }
    fat.resize(fat_sectors * SECTOR / 4, FREE);

    let mut out = Vec::new();
    // Header.
    out.extend([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out.extend([0u8; 16]); // CLSID
    out.extend(0x003Eu16.to_le_bytes()); // minor version
    out.extend(0x0003u16.to_le_bytes()); // major version
    out.extend(0xFFFEu16.to_le_bytes()); // byte order
    out.extend(9u16.to_le_bytes()); // sector shift
    out.extend(6u16.to_le_bytes()); // mini sector shift
    out.extend([0u8; 6]);
    out.extend(0u32.to_le_bytes()); // directory sectors (0 in version 3)
    out.extend((fat_sectors as u32).to_le_bytes());
    out.extend(dir_start.to_le_bytes());
    out.extend(0u32.to_le_bytes()); // transaction signature
    out.extend(4096u32.to_le_bytes()); // mini stream cutoff
    out.extend(END.to_le_bytes()); // first mini FAT sector
    out.extend(0u32.to_le_bytes()); // mini FAT sectors
    out.extend(END.to_le_bytes()); // first DIFAT sector
    out.extend(0u32.to_le_bytes()); // DIFAT sectors
    for i in 0..109u32 {
        let v = if (i as usize) < fat_sectors { i } else { FREE };
        out.extend(v.to_le_bytes());
    }
    assert_eq!(out.len(), SECTOR);
    // FAT.
    for v in &fat {
        out.extend(v.to_le_bytes());
    }
    // Directory: the root, whose child is the first stream; each stream's
    // right sibling is the next.
    let entry = |name: &str, typ: u8, child: u32, right: u32, start: u32, size: u32| {
        let mut e = Vec::with_capacity(128);
        let units: Vec<u16> = name.encode_utf16().collect();
        assert!(units.len() < 32, "name too long");
        for u in &units {
            e.extend(u.to_le_bytes());
        }
        e.resize(64, 0);
        e.extend((((units.len() + 1) * 2) as u16).to_le_bytes());
        e.push(typ);
        e.push(1); // black
        e.extend(FREE.to_le_bytes()); // left sibling
        e.extend(right.to_le_bytes());
        e.extend(child.to_le_bytes());
        e.extend([0u8; 16 + 4 + 8 + 8]); // CLSID, state, times
        e.extend(start.to_le_bytes());
        e.extend(size.to_le_bytes());
        e.extend(0u32.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1, FREE, END, 0);
    for (i, ((name, _), d)) in streams.iter().zip(&data).enumerate() {
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            FREE
        };
        dir.extend(entry(name, 2, FREE, right, starts[i], d.len() as u32));
    }
    while dir.len() < dir_sectors * SECTOR {
        let mut e = vec![0u8; 128];
        e[0x44..0x50].copy_from_slice(&[0xFF; 12]);
        dir.extend(e);
    }
    out.extend(dir);
    for d in data {
        out.extend(d);
    }
    out
}

/// One BIFF record: type, length, data.
pub fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(4 + data.len());
    r.extend(typ.to_le_bytes());
    r.extend(
        u16::try_from(data.len())
            .expect("record length")
            .to_le_bytes(),
    );
    r.extend(data);
    r
}

/// One MS-XLSB record: its type (one or two bytes of 7 bits), its length
/// (one to four bytes of 7 bits) and its body.
pub fn brt(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = if typ < 0x80 {
        vec![typ as u8]
    } else {
        vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
    };
    let mut len = body.len();
    loop {
        let b = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            r.push(b);
            break;
        }
        r.push(b | 0x80);
    }
    r.extend(body);
    r
}

/// An MS-XLSB XLWideString: a 32-bit character count, then UTF-16LE.
pub fn wide(t: &str) -> Vec<u8> {
    let units: Vec<u16> = t.encode_utf16().collect();
    let mut b = (units.len() as u32).to_le_bytes().to_vec();
    b.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    b
}

/// The BOF record of a BIFF8 substream of type `dt` (5 = workbook globals,
/// 0x10 = worksheet).
pub fn biff_bof(dt: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(0x0600u16.to_le_bytes());
    d.extend(dt.to_le_bytes());
    d.extend(0x0DBBu16.to_le_bytes()); // build
    d.extend(0x07CCu16.to_le_bytes()); // year
    d.extend(0u32.to_le_bytes());
    d.extend(0x0006u32.to_le_bytes());
    biff(0x0809, &d)
}

/// A tiny fixed-seed pseudo-random generator (64-bit LCG, high bits).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u32() as usize) % n.max(1)
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u32() as u8).collect()
    }
}

/// A minimal .ods: the mimetype and a content.xml with `tables`.
pub fn raw_ods(tables: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    raw_zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        ("content.xml", content.into_bytes()),
        (
            "META-INF/manifest.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.to_vec(),
        ),
    ])
}

/// An ODS text cell.
pub fn ods_cell(s: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
    )
}
