//! Reading and checking the four plan CSV files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::{Deadline, Direction, Indicator, Method, Plan, PlanInfo, Task, Unit};
use crate::text;

/// The plan files, in the order they are checked.
pub const PLAN_FILES: [&str; 4] = ["ke-hoach.csv", "don-vi.csv", "nhiem-vu.csv", "chi-tieu.csv"];

/// The columns of `don-vi.csv`, in order.
pub const UNIT_COLUMNS: [&str; 7] = [
    "ma",
    "ten",
    "loai",
    "bi_danh",
    "hieu_luc_tu",
    "hieu_luc_den",
    "thay_the_boi",
];
/// The columns of `nhiem-vu.csv`, in order.
pub const TASK_COLUMNS: [&str; 7] = [
    "ma", "muc", "noi_dung", "chu_tri", "phoi_hop", "thoi_han", "ghi_chu",
];
/// The columns of `chi-tieu.csv`, in order.
pub const INDICATOR_COLUMNS: [&str; 7] = [
    "ma",
    "ten",
    "don_vi_tinh",
    "cach_tong_hop",
    "don_vi_bao_cao",
    "ke_hoach_nam",
    "chieu_tot",
];

/// One problem in a plan file, located by file, line and column (1-based;
/// 0 when the problem concerns the whole file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanError {
    /// The file, as given to [`load`] joined with the file name.
    pub file: PathBuf,
    /// 1-based line, 0 for the whole file.
    pub line: u64,
    /// 1-based column (field), 0 for the whole line or file.
    pub column: usize,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => write!(f, "{file}: {}", self.message),
            (l, 0) => write!(f, "{file}:{l}: {}", self.message),
            (l, c) => write!(f, "{file}:{l}:{c}: {}", self.message),
        }
    }
}

/// Every problem found in a plan, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::messages::plan_errors(.0))]
pub struct PlanErrors(pub Vec<PlanError>);

struct Sheet {
    file: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Sheet {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

struct Loader {
    errors: Vec<PlanError>,
}

impl Loader {
    /// The code (`ma`) of a row, normalised; `None` (with the error
    /// recorded) when it is empty or repeats an earlier row's.
    fn new_code(
        &mut self,
        s: &Sheet,
        fields: &[String],
        line: u64,
        seen: &mut BTreeSet<String>,
    ) -> Option<String> {
        let (code, col) = get(s, fields, "ma");
        let code = text::code(code);
        if code.is_empty() {
            self.err(&s.file, line, col, crate::messages::plan_empty_code());
            return None;
        }
        if !seen.insert(code.clone()) {
            let msg = crate::messages::plan_duplicate_code(&code);
            self.err(&s.file, line, col, msg);
            return None;
        }
        Some(code)
    }

    /// The value of a column that must not be empty, with its 1-based
    /// position; an empty value is recorded as an error.
    fn required<'f>(
        &mut self,
        s: &Sheet,
        fields: &'f [String],
        line: u64,
        column: &str,
    ) -> (&'f str, usize) {
        let (value, col) = get(s, fields, column);
        if value.is_empty() {
            self.err(
                &s.file,
                line,
                col,
                crate::messages::plan_missing_value(column),
            );
        }
        (value, col)
    }

    fn err(&mut self, file: &Path, line: u64, column: usize, message: String) {
        self.errors.push(PlanError {
            file: file.to_path_buf(),
            line,
            column,
            message,
        });
    }

    fn read(&mut self, dir: &Path, name: &str, columns: &[&str]) -> Option<Sheet> {
        let file = dir.join(name);
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                self.err(&file, 0, 0, crate::messages::plan_file_unreadable(&e));
                return None;
            }
        };
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(strip_bom(&bytes));
        let mut header = None;
        let mut rows = Vec::new();
        for rec in rdr.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line());
                    let fields: Vec<String> = r.iter().map(|f| text::nfc(f.trim())).collect();
                    if header.is_none() {
                        header = Some(fields);
                    } else if fields.iter().any(|f| !f.is_empty()) {
                        rows.push((line, fields));
                    }
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    self.err(&file, line, 0, crate::messages::plan_csv_invalid(&e));
                    return None;
                }
            }
        }
        let Some(header) = header else {
            self.err(&file, 0, 0, crate::messages::plan_file_empty());
            return None;
        };
        let sheet = Sheet {
            file: file.clone(),
            header,
            rows,
        };
        let mut ok = true;
        for c in columns {
            if sheet.col(c).is_none() {
                let msg = crate::messages::plan_missing_column(c, &sheet.header);
                self.err(&file, 1, 0, msg);
                ok = false;
            }
        }
        // Columns beyond the standard ones are allowed: `don-vi.csv` keeps
        // them (contact details for the reminder list), the others ignore
        // them. A misspelt standard column shows up as a missing one.
        let width = sheet.header.len();
        for (line, fields) in &sheet.rows {
            if fields.len() != width {
                let msg = crate::messages::plan_field_count(fields.len(), width);
                self.err(&file, *line, 0, msg);
                ok = false;
            }
        }
        ok.then_some(sheet)
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

fn get<'a>(sheet: &Sheet, fields: &'a [String], name: &str) -> (&'a str, usize) {
    match sheet.col(name) {
        Some(i) => (fields.get(i).map_or("", String::as_str), i + 1),
        None => ("", 0),
    }
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(';')
        .map(text::code)
        .filter(|c| !c.is_empty())
        .collect()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    // 2000 is a leap year, so 02-29 is accepted here.
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Loads and checks the plan in `dir` (the four CSV files of FORM.md §1).
///
/// # Errors
/// [`PlanErrors`] with every problem found: a missing or unreadable file, a
/// wrong header, a duplicate code, a unit named in a task or indicator that
/// the unit list does not have, a bad date or an unknown value for an
/// enumerated column.
///
/// # Examples
/// ```
/// # let dir = tempfile::tempdir()?;
/// # tonghop::plan::write_example(dir.path())?;
/// let plan = tonghop::plan::load(dir.path())?;
/// assert_eq!(plan.info.id, "vd");
/// assert!(plan.unit("sct").is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(dir: &Path) -> Result<Plan, PlanErrors> {
    let mut l = Loader { errors: Vec::new() };
    let mut sha256 = BTreeMap::new();
    for name in PLAN_FILES {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            sha256.insert(name.to_string(), sha256_hex(&b));
        }
    }
    let info = l
        .read(dir, "ke-hoach.csv", &["khoa", "gia_tri"])
        .and_then(|s| load_info(&mut l, &s));
    let units = l
        .read(dir, "don-vi.csv", &UNIT_COLUMNS)
        .map(|s| load_units(&mut l, &s))
        .unwrap_or_default();
    let tasks = l.read(dir, "nhiem-vu.csv", &TASK_COLUMNS);
    let indicators = l.read(dir, "chi-tieu.csv", &INDICATOR_COLUMNS);
    let mut unit_index = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        unit_index.insert(u.code.clone(), i);
    }
    let tasks = tasks
        .map(|s| load_tasks(&mut l, &s, &unit_index))
        .unwrap_or_default();
    let indicators = indicators
        .map(|s| load_indicators(&mut l, &s, &unit_index))
        .unwrap_or_default();
    let info = info.map(|(info, consolidator_line)| {
        if !unit_index.is_empty() && !unit_index.contains_key(&info.consolidator) {
            let file = dir.join("ke-hoach.csv");
            let msg = crate::messages::plan_unknown_unit("co_quan_tong_hop", &info.consolidator);
            l.err(&file, consolidator_line, 2, msg);
        }
        info
    });
    match info {
        Some(info) if l.errors.is_empty() => {
            let task_index = tasks
                .iter()
                .enumerate()
                .map(|(i, t)| (t.code.clone(), i))
                .collect();
            let indicator_index = indicators
                .iter()
                .enumerate()
                .map(|(i, t)| (t.code.clone(), i))
                .collect();
            let mut plan = Plan {
                info,
                units,
                tasks,
                indicators,
                dir: dir.to_path_buf(),
                sha256,
                unit_index,
                task_index,
                indicator_index,
                name_index: BTreeMap::new(),
                phrase_index: BTreeMap::new(),
                duties: Default::default(),
            };
            plan.build_name_indexes();
            Ok(plan)
        }
        _ => {
            let mut errors = l.errors;
            errors.sort();
            errors.dedup();
            Err(PlanErrors(errors))
        }
    }
}

/// `ke-hoach.csv`, with the line of `co_quan_tong_hop` (checked against the
/// units once they are loaded).
fn load_info(l: &mut Loader, s: &Sheet) -> Option<(PlanInfo, u64)> {
    let mut kv: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for (line, f) in &s.rows {
        let (k, _) = get(s, f, "khoa");
        let (v, _) = get(s, f, "gia_tri");
        if kv.insert(k.to_string(), (*line, v.to_string())).is_some() {
            l.err(&s.file, *line, 1, crate::messages::plan_duplicate_code(k));
        }
    }
    let file = s.file.clone();
    let mut take = |key: &str| -> Option<(u64, String)> {
        match kv.remove(key) {
            Some((line, v)) if !v.is_empty() => Some((line, v)),
            Some((line, _)) => {
                l.err(&file, line, 2, crate::messages::plan_missing_value(key));
                None
            }
            None => {
                l.err(&file, 0, 0, crate::messages::plan_missing_key(key));
                None
            }
        }
    };
    let id = take("ma");
    let name = take("ten");
    let number = take("so_hieu");
    let issued = take("ngay_ban_hanh");
    let issuing_body = take("co_quan_ban_hanh");
    let consolidator = take("co_quan_tong_hop");
    let consolidator_line = consolidator.as_ref().map_or(0, |(line, _)| *line);
    let recipient = take("noi_nhan");
    let half = take("han_bao_cao_6_thang");
    let annual = take("han_bao_cao_nam");
    let from = take("tu_nam");
    let to = take("den_nam");
    let extra = kv.into_iter().map(|(k, (_, v))| (k, v)).collect();
    let mut date = |v: Option<(u64, String)>, what: &str| {
        let (line, v) = v?;
        let d = parse_date(&v);
        if d.is_none() {
            l.err(&s.file, line, 2, crate::messages::plan_bad_date(what, &v));
        }
        d
    };
    let issued = date(issued, "ngay_ban_hanh");
    let mut md = |v: Option<(u64, String)>, what: &str| {
        let (line, v) = v?;
        let d = parse_month_day(&v);
        if d.is_none() {
            l.err(
                &s.file,
                line,
                2,
                crate::messages::plan_bad_month_day(what, &v),
            );
        }
        d
    };
    let half = md(half, "han_bao_cao_6_thang");
    let annual = md(annual, "han_bao_cao_nam");
    let mut year = |v: Option<(u64, String)>, what: &str| {
        let (line, v) = v?;
        let y = v.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        if y.is_none() {
            l.err(&s.file, line, 2, crate::messages::plan_bad_year(what, &v));
        }
        y.map(|y| (line, y))
    };
    let from = year(from, "tu_nam");
    let to = year(to, "den_nam");
    if let (Some((_, f)), Some((line, t))) = (from, to) {
        if f > t {
            l.err(&s.file, line, 2, crate::messages::plan_years_reversed(f, t));
            return None;
        }
    }
    let info = PlanInfo {
        id: id?.1,
        name: name?.1,
        number: number?.1,
        issued: issued?,
        issuing_body: issuing_body?.1,
        consolidator: text::code(&consolidator?.1),
        recipient: recipient?.1,
        half_year_due: half?,
        annual_due: annual?,
        from_year: from?.1,
        to_year: to?.1,
        extra,
    };
    Some((info, consolidator_line))
}

fn load_units(l: &mut Loader, s: &Sheet) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut successor_at = Vec::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (name, _) = l.required(s, f, line, "ten");
        let (kind, kcol) = get(s, f, "loai");
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        {
            l.err(
                &s.file,
                line,
                kcol,
                crate::messages::plan_bad_unit_kind(kind),
            );
        }
        let mut date = |col: &str| {
            let (v, c) = get(s, f, col);
            if v.is_empty() {
                return None;
            }
            let d = parse_date(v);
            if d.is_none() {
                l.err(&s.file, line, c, crate::messages::plan_bad_date(col, v));
            }
            d
        };
        let valid_from = date("hieu_luc_tu");
        let valid_to = date("hieu_luc_den");
        if let (Some(a), Some(b)) = (valid_from, valid_to) {
            if a > b {
                let (_, c) = get(s, f, "hieu_luc_den");
                l.err(
                    &s.file,
                    line,
                    c,
                    crate::messages::plan_validity_reversed(a, b),
                );
            }
        }
        let (succ, scol) = get(s, f, "thay_the_boi");
        let successor = Some(text::code(succ)).filter(|c| !c.is_empty());
        if let Some(sc) = &successor {
            successor_at.push((line, scol, code.clone(), sc.clone()));
        }
        let extra = s
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !UNIT_COLUMNS.contains(&h.as_str()))
            .map(|(i, h)| (h.clone(), f.get(i).cloned().unwrap_or_default()))
            .collect();
        units.push(Unit {
            code,
            name: name.to_string(),
            kind: kind.to_string(),
            aliases: f
                .get(s.col("bi_danh").unwrap_or(usize::MAX))
                .map(|a| {
                    a.split(';')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            valid_from,
            valid_to,
            successor,
            extra,
        });
    }
    // Successors must exist, and a chain of mergers must end.
    for (line, col, code, succ) in successor_at {
        if !seen.contains(&succ) {
            let msg = crate::messages::plan_unknown_unit("thay_the_boi", &succ);
            l.err(&s.file, line, col, msg);
            continue;
        }
        let mut at = succ.clone();
        let mut visited = BTreeSet::from([code.clone()]);
        while let Some(next) = units
            .iter()
            .find(|u| u.code == at)
            .and_then(|u| u.successor.clone())
        {
            if !visited.insert(at.clone()) {
                l.err(
                    &s.file,
                    line,
                    col,
                    crate::messages::plan_successor_cycle(&code),
                );
                break;
            }
            at = next;
        }
    }
    units
}

fn check_units(
    l: &mut Loader,
    s: &Sheet,
    line: u64,
    col: usize,
    column: &str,
    codes: &[String],
    units: &BTreeMap<String, usize>,
) {
    let mut seen = BTreeSet::new();
    for c in codes {
        if !units.is_empty() && !units.contains_key(c) {
            l.err(
                &s.file,
                line,
                col,
                crate::messages::plan_unknown_unit(column, c),
            );
        }
        if !seen.insert(c) {
            l.err(
                &s.file,
                line,
                col,
                crate::messages::plan_repeated_unit(column, c),
            );
        }
    }
}

/// A column holding unit codes separated by `;`: the codes, each checked
/// against the unit list, and the column's 1-based position. `required`: an
/// empty list is an error.
fn unit_list(
    l: &mut Loader,
    s: &Sheet,
    fields: &[String],
    line: u64,
    column: &str,
    required: bool,
    units: &BTreeMap<String, usize>,
) -> (Vec<String>, usize) {
    let (text, col) = get(s, fields, column);
    let codes = split_codes(text);
    // Checked on the codes, not the text: ";" names no unit either.
    if required && codes.is_empty() {
        l.err(
            &s.file,
            line,
            col,
            crate::messages::plan_missing_value(column),
        );
    }
    check_units(l, s, line, col, column, &codes, units);
    (codes, col)
}

fn load_tasks(l: &mut Loader, s: &Sheet, units: &BTreeMap<String, usize>) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (leads, _) = unit_list(l, s, f, line, "chu_tri", true, units);
        let (coordinators, pcol) = unit_list(l, s, f, line, "phoi_hop", false, units);
        for c in &coordinators {
            if leads.contains(c) {
                l.err(
                    &s.file,
                    line,
                    pcol,
                    crate::messages::plan_lead_and_coordinator(c),
                );
            }
        }
        let (dl, dcol) = get(s, f, "thoi_han");
        let deadline = if text::fold(dl) == "thuong_xuyen" || text::fold(dl) == "thuong xuyen" {
            Some(Deadline::Ongoing)
        } else {
            parse_date(dl).map(Deadline::Date)
        };
        let Some(deadline) = deadline else {
            l.err(&s.file, line, dcol, crate::messages::plan_bad_deadline(dl));
            continue;
        };
        let (content, _) = l.required(s, f, line, "noi_dung");
        tasks.push(Task {
            code,
            section: get(s, f, "muc").0.to_string(),
            content: content.to_string(),
            leads,
            coordinators,
            deadline,
            note: get(s, f, "ghi_chu").0.to_string(),
        });
    }
    tasks
}

fn load_indicators(l: &mut Loader, s: &Sheet, units: &BTreeMap<String, usize>) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, f) in &s.rows {
        let line = *line;
        let Some(code) = l.new_code(s, f, line, &mut seen) else {
            continue;
        };
        let (m, mcol) = get(s, f, "cach_tong_hop");
        let method = match m {
            "tong" => Some(Method::Sum),
            "trung_binh" => Some(Method::Mean),
            "lon_nhat" => Some(Method::Max),
            "rieng" => Some(Method::Single),
            _ => {
                let msg = crate::messages::plan_bad_enum(
                    "cach_tong_hop",
                    m,
                    "tong, trung_binh, lon_nhat, rieng",
                );
                l.err(&s.file, line, mcol, msg);
                None
            }
        };
        let (reporters, _) = unit_list(l, s, f, line, "don_vi_bao_cao", true, units);
        let (t, tcol) = get(s, f, "ke_hoach_nam");
        let annual_target = if t.is_empty() {
            None
        } else {
            // "2,5" is how a Vietnamese clerk writes 2.5.
            let n = crate::read::values::parse_number(&crate::read::Raw::Text(t.to_string()));
            match n.map(|n| n.value).ok_or(()) {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    l.err(
                        &s.file,
                        line,
                        tcol,
                        crate::messages::plan_bad_number("ke_hoach_nam", t),
                    );
                    None
                }
            }
        };
        let (d, dcol) = get(s, f, "chieu_tot");
        let direction = match d {
            "tang" => Some(Direction::Up),
            "giam" => Some(Direction::Down),
            _ => {
                let msg = crate::messages::plan_bad_enum("chieu_tot", d, "tang, giam");
                l.err(&s.file, line, dcol, msg);
                None
            }
        };
        let (name, _) = l.required(s, f, line, "ten");
        if let (Some(method), Some(direction)) = (method, direction) {
            out.push(Indicator {
                code,
                name: name.to_string(),
                measure: get(s, f, "don_vi_tinh").0.to_string(),
                method,
                reporters,
                annual_target,
                direction,
            });
        }
    }
    out
}

/// Writes a small valid plan (id `vd`, 2019–2021, three units, two tasks, two
/// indicators) into `dir`. For examples and tests.
///
/// # Errors
/// Any I/O error from writing the files.
#[doc(hidden)]
pub fn write_example(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join("ke-hoach.csv"),
        "khoa,gia_tri\nma,vd\nten,Kế hoạch ví dụ\nso_hieu,1/QĐ-UBND\nngay_ban_hanh,2019-01-02\n\
         co_quan_ban_hanh,Ủy ban nhân dân thành phố\nco_quan_tong_hop,SCT\n\
         noi_nhan,Ủy ban nhân dân thành phố\nhan_bao_cao_6_thang,06-15\nhan_bao_cao_nam,12-15\n\
         tu_nam,2019\nden_nam,2021\n",
    )?;
    std::fs::write(
        dir.join("don-vi.csv"),
        "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n\
         SCT,Sở Công Thương,so,Sở CT;So Cong Thuong,,,\n\
         STP,Sở Tư pháp,so,Sở TP,,,\n\
         QHB,Ủy ban nhân dân quận Hồng Bàng,quan,Quận Hồng Bàng;Hồng Bàng,,2020-12-31,STP\n",
    )?;
    std::fs::write(
        dir.join("nhiem-vu.csv"),
        "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\n\
         NV1,I. Tuyên truyền,Tuyên truyền kế hoạch,SCT,STP;QHB,thuong_xuyen,\n\
         NV2,II. Thể chế,Rà soát văn bản,STP,SCT,2019-12-31,\n",
    )?;
    std::fs::write(
        dir.join("chi-tieu.csv"),
        "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
         CT1,Số lớp tập huấn,lớp,tong,SCT;STP;QHB,20,tang\n\
         CT2,Kim ngạch xuất khẩu,triệu USD,rieng,SCT,,tang\n",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example plan with `file` replaced by `text`.
    fn broken(file: &str, text: &str) -> (tempfile::TempDir, PlanErrors) {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        let e = load(dir.path()).unwrap_err();
        (dir, e)
    }

    /// (file name, line, column) of each error.
    fn places(e: &PlanErrors) -> Vec<(String, u64, usize)> {
        e.0.iter()
            .map(|p| {
                let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
                (name, p.line, p.column)
            })
            .collect()
    }

    const UNITS: &str = "ma,ten,loai,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\n";

    #[test]
    fn the_example_loads() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        let p = load(dir.path()).unwrap();
        assert_eq!(p.units.len(), 3);
        assert_eq!(p.tasks.len(), 2);
        assert_eq!(p.indicators.len(), 2);
        assert_eq!(p.sha256.len(), 4);
    }

    #[test]
    fn missing_file_is_named_without_line() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join("chi-tieu.csv")).unwrap();
        let e = load(dir.path()).unwrap_err();
        assert_eq!(places(&e), [("chi-tieu.csv".to_string(), 0, 0)]);
        assert!(e.0[0]
            .to_string()
            .ends_with("chi-tieu.csv: không tìm thấy tệp"));
    }

    #[test]
    fn wrong_header_names_the_missing_column() {
        let (_d, e) = broken(
            "don-vi.csv",
            "ma,ten,loại,bi_danh,hieu_luc_tu,hieu_luc_den,thay_the_boi\nSCT,Sở Công Thương,so,,,,\n",
        );
        assert_eq!(places(&e), [("don-vi.csv".to_string(), 1, 0)]);
        assert!(e.0[0].message.contains("'loai'"), "{}", e.0[0].message);
    }

    #[test]
    fn extra_columns_are_kept_for_units_and_ignored_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        std::fs::write(
            dir.path().join("don-vi.csv"),
            UNITS.trim_end().to_string()
                + ",email,so_fax\n"
                + "SCT,Sở Công Thương,so,,,,,sct@hp.gov.vn,123\nSTP,Sở Tư pháp,so,,,,,,\n\
                   QHB,Quận,quan,,,2020-12-31,STP,,\n",
        )
        .unwrap();
        let p = load(dir.path()).unwrap();
        let sct = p.unit("SCT").unwrap();
        assert_eq!(
            sct.extra.get("email").map(String::as_str),
            Some("sct@hp.gov.vn")
        );
        assert_eq!(sct.extra.get("so_fax").map(String::as_str), Some("123"));
    }

    #[test]
    fn duplicate_code_bad_kind_bad_date_all_at_once() {
        let (_d, e) = broken(
            "don-vi.csv",
            &format!(
                "{UNITS}SCT,Sở Công Thương,so,,,,\nSTP,Sở Tư pháp,So,,,,\nsct,Trùng,so,,,,\n\
                 QHB,Quận Hồng Bàng,quan,,2020-13-01,,\n"
            ),
        );
        let p = places(&e);
        assert!(p.contains(&("don-vi.csv".into(), 3, 3)), "kind: {p:?}");
        assert!(p.contains(&("don-vi.csv".into(), 4, 1)), "duplicate: {p:?}");
        assert!(p.contains(&("don-vi.csv".into(), 5, 5)), "date: {p:?}");
        let text = e.to_string();
        assert!(
            text.contains("'SCT'") && text.contains("2020-13-01"),
            "{text}"
        );
    }

    #[test]
    fn task_lead_that_does_not_exist() {
        let (_d, e) = broken(
            "nhiem-vu.csv",
            "ma,muc,noi_dung,chu_tri,phoi_hop,thoi_han,ghi_chu\nNV1,I,Việc,SXX,STP,thuong_xuyen,\n\
             NV2,I,Việc,SCT,,31/12/2019,\n",
        );
        assert_eq!(
            places(&e),
            [
                ("nhiem-vu.csv".to_string(), 2, 4),
                ("nhiem-vu.csv".to_string(), 3, 6)
            ]
        );
        assert!(e.0[0].message.contains("SXX"));
    }

    #[test]
    fn indicator_enums_and_numbers() {
        let (_d, e) = broken(
            "chi-tieu.csv",
            "ma,ten,don_vi_tinh,cach_tong_hop,don_vi_bao_cao,ke_hoach_nam,chieu_tot\n\
             CT1,Lớp,lớp,cong,SCT,-2,len\n",
        );
        assert_eq!(
            places(&e),
            [
                ("chi-tieu.csv".to_string(), 2, 4),
                ("chi-tieu.csv".to_string(), 2, 6),
                ("chi-tieu.csv".to_string(), 2, 7)
            ]
        );
    }

    #[test]
    fn successor_cycle_and_unknown_successor() {
        let (_d, e) = broken(
            "don-vi.csv",
            &format!(
                "{UNITS}SCT,Sở Công Thương,so,,,2020-01-01,STP\nSTP,Sở Tư pháp,so,,,2020-01-01,SCT\n\
                 QHB,Quận,quan,,,,SXX\n"
            ),
        );
        let text = e.to_string();
        assert!(text.contains("quay vòng"), "{text}");
        assert!(text.contains("SXX"), "{text}");
    }

    #[test]
    fn nfd_text_is_normalised_and_bom_ignored() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        let nfd = "Sở Tư pháp".chars().collect::<String>();
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfd.as_str()).collect();
        let units = format!(
            "\u{feff}{UNITS}SCT,Sở Công Thương,so,,,,\nSTP,{nfd},so,,,,\nQHB,Quận,quan,,,2020-12-31,STP\n"
        );
        std::fs::write(dir.path().join("don-vi.csv"), units).unwrap();
        let p = load(dir.path()).unwrap();
        assert_eq!(p.unit("STP").unwrap().name, "Sở Tư pháp");
    }

    #[test]
    fn a_csv_that_is_not_utf8_says_so_in_vietnamese() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        // "Sở" in Windows-1258 is not valid UTF-8.
        let mut bytes = UNITS.as_bytes().to_vec();
        bytes.extend_from_slice(b"SCT,S\xd5 C\xf4ng Th\xfd\xf5ng,so,,,,\n");
        std::fs::write(dir.path().join("don-vi.csv"), bytes).unwrap();
        let e = load(dir.path()).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("don-vi.csv:2:") && text.contains("UTF-8"),
            "{text}"
        );
        assert!(!text.contains("invalid utf-8"), "{text}");
    }

    #[test]
    fn consolidator_must_be_a_unit() {
        let dir = tempfile::tempdir().unwrap();
        write_example(dir.path()).unwrap();
        let kh = std::fs::read_to_string(dir.path().join("ke-hoach.csv")).unwrap();
        std::fs::write(
            dir.path().join("ke-hoach.csv"),
            kh.replace("co_quan_tong_hop,SCT", "co_quan_tong_hop,SYY"),
        )
        .unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("ke-hoach.csv:7:2:"), "{e}");
        assert!(e.to_string().contains("SYY"));
    }
}
