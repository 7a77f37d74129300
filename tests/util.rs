//! Test helpers: workbooks built in code, a project folder with the plan,
//! and running the binary.
#![allow(dead_code)]

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

/// The task header row of the standard form.
pub fn task_header() -> Vec<V> {
    row![
        "STT",
        "Mã nhiệm vụ",
        "Nội dung nhiệm vụ",
        "Vai trò",
        "Tình trạng",
        "Tỷ lệ hoàn thành (%)",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị"
    ]
}

/// The indicator header row of the standard form.
pub fn indicator_header() -> Vec<V> {
    row![
        "STT",
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Thực hiện kỳ báo cáo",
        "Cùng kỳ năm trước",
        "Ghi chú"
    ]
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
        Command::new(env!("CARGO_BIN_EXE_tonghop"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run tonghop")
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
