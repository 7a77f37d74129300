//! Reading and checking the four plan CSV files: [`load`] reads each file
//! once ([`source`]), hashes the bytes it parsed, hands each file to its
//! parser (`info`, `units`, `tasks`, `indicators`) and checks what the files
//! say about each other ([`checks`]).

mod checks;
mod example;
mod indicators;
mod info;
mod source;
mod tasks;
mod units;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub use example::write_example;
use source::Sheet;
pub use source::MAX_PLAN_FILE;

use super::{Plan, PlanError, PlanErrors, PlanNote, PlanProblem};
use crate::text;

/// The plan files, in the order they are checked (and hashed together).
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

/// Columns that may be left out of their file: every value in them may be
/// empty, so an absent column reads as an empty one (with a note).
const OPTIONAL_COLUMNS: [&str; 9] = [
    "bi_danh",
    "hieu_luc_tu",
    "hieu_luc_den",
    "thay_the_boi",
    "muc",
    "phoi_hop",
    "ghi_chu",
    "don_vi_tinh",
    "ke_hoach_nam",
];

/// What the loader has found so far.
#[derive(Default)]
struct Loader {
    errors: Vec<PlanError>,
    notes: Vec<PlanNote>,
}

impl Loader {
    fn err(&mut self, file: &Path, line: Option<u64>, column: Option<usize>, problem: PlanProblem) {
        self.errors.push(PlanError {
            file: file.to_path_buf(),
            line,
            column,
            problem,
        });
    }

    /// An error on a line of `s`.
    fn at(&mut self, s: &Sheet, line: u64, column: Option<usize>, problem: PlanProblem) {
        self.err(&s.file, Some(line), column, problem);
    }

    /// The code (`ma`) of a row, normalised; `None` (with the error
    /// recorded) when it is empty or repeats an earlier row's. `seen` maps
    /// codes to their first line.
    fn new_code(
        &mut self,
        s: &Sheet,
        fields: &[String],
        line: u64,
        seen: &mut BTreeMap<String, u64>,
    ) -> Option<String> {
        let (code, col) = s.get(fields, "ma");
        let code = text::code(code);
        if code.is_empty() {
            self.at(s, line, col, PlanProblem::EmptyCode);
            return None;
        }
        if let Some(&first_line) = seen.get(&code) {
            self.at(
                s,
                line,
                col,
                PlanProblem::DuplicateCode { code, first_line },
            );
            return None;
        }
        seen.insert(code.clone(), line);
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
    ) -> (&'f str, Option<usize>) {
        let (value, col) = s.get(fields, column);
        if value.is_empty() {
            let column = column.to_string();
            self.at(s, line, col, PlanProblem::MissingValue { column });
        }
        (value, col)
    }

    /// Reads `dir/name` once: its bytes (for the hash) and, when its header
    /// has the columns of `columns` that are not optional and every row has
    /// the header's width, the sheet.
    fn read(&mut self, dir: &Path, name: &str, columns: &[&'static str]) -> ReadFile {
        let file = dir.join(name);
        let bytes = match source::read_bytes(&file) {
            Ok(b) => b,
            Err(problem) => {
                self.err(&file, None, None, problem);
                return (None, None);
            }
        };
        let sheet = match source::parse(&file, &bytes, &mut self.notes) {
            Ok(s) => s,
            Err((line, problem)) => {
                self.err(&file, line, None, problem);
                return (Some(bytes), None);
            }
        };
        let mut ok = true;
        for &c in columns {
            if sheet.col(c).is_some() {
                continue;
            }
            if OPTIONAL_COLUMNS.contains(&c) {
                let (file, column) = (file.clone(), c);
                self.notes.push(PlanNote::ColumnAbsent { file, column });
            } else {
                let column = c.to_string();
                let header = sheet.header.clone();
                let problem = PlanProblem::MissingColumn { column, header };
                self.err(&file, Some(1), None, problem);
                ok = false;
            }
        }
        // Columns beyond the standard ones are allowed: `don-vi.csv` keeps
        // them (contact details for the reminder list), the others ignore
        // them. A misspelt standard column shows up as a missing one.
        let want = sheet.header.len();
        for (line, fields) in &sheet.rows {
            if fields.len() != want {
                let got = fields.len();
                self.err(
                    &file,
                    Some(*line),
                    None,
                    PlanProblem::FieldCount { got, want },
                );
                ok = false;
            }
        }
        (Some(bytes), ok.then_some(sheet))
    }
}

/// A file's bytes (when it could be read) and its sheet (when it is sound).
type ReadFile = (Option<Vec<u8>>, Option<Sheet>);

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Loads and checks the plan in `dir` (the four CSV files of FORM.md §1).
/// Each file is read once; [`Plan::sha256`] and [`Plan::sha256_combined`]
/// are the hashes of the bytes parsed.
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
    let mut l = Loader::default();
    let mut bytes = Vec::with_capacity(PLAN_FILES.len());
    let mut read = |l: &mut Loader, name: &'static str, columns: &[&'static str]| {
        let (b, sheet) = l.read(dir, name, columns);
        bytes.push((name, b));
        sheet
    };
    let info = read(&mut l, "ke-hoach.csv", &["khoa", "gia_tri"]);
    let units = read(&mut l, "don-vi.csv", &UNIT_COLUMNS);
    let tasks = read(&mut l, "nhiem-vu.csv", &TASK_COLUMNS);
    let indicators = read(&mut l, "chi-tieu.csv", &INDICATOR_COLUMNS);

    let info = info.and_then(|s| info::load_info(&mut l, &s));
    let units = units
        .map(|s| units::load_units(&mut l, &s))
        .unwrap_or_default();
    let unit_index: checks::UnitIndex = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    let tasks = tasks
        .map(|s| tasks::load_tasks(&mut l, &s, &unit_index))
        .unwrap_or_default();
    let indicators = indicators
        .map(|s| indicators::load_indicators(&mut l, &s, &unit_index))
        .unwrap_or_default();
    if let Some((info, line)) = &info {
        checks::consolidator_is_a_unit(&mut l, &dir.join("ke-hoach.csv"), info, *line, &unit_index);
    }

    let mut sha256 = BTreeMap::new();
    let mut all = Sha256::new();
    for (name, b) in &bytes {
        if let Some(b) = b {
            sha256.insert(name.to_string(), hex(&Sha256::digest(b)));
            all.update(b);
        }
    }
    match info {
        Some((info, _)) if l.errors.is_empty() => {
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
                sha256_combined: hex(&all.finalize()),
                notes: l.notes,
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

#[cfg(test)]
mod tests;
