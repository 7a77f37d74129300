//! What can be wrong with a plan ([`PlanError`]) and what the loader tells
//! the user without refusing the plan ([`PlanNote`]). Conditions carry their
//! values; the Vietnamese text is rendered by `messages` on display.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::messages as m;

/// One problem in a plan file, located by file and, when it concerns one
/// line or one field, by 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanError {
    /// The file, as given to [`load`](super::load) joined with the file name.
    pub file: PathBuf,
    /// 1-based line; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    /// 1-based column (field); `None` for the whole line or file.
    pub column: Option<usize>,
    /// What is wrong.
    pub problem: PlanProblem,
}

/// The condition of a [`PlanError`], named after what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlanProblem {
    /// The file does not exist.
    MissingFile,
    /// The file exists but cannot be read.
    Unreadable {
        /// The system's reason.
        detail: String,
    },
    /// The file is larger than a plan file can sensibly be.
    TooBig {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The CSV parser refused the file.
    BadCsv {
        /// The parser's reason.
        detail: String,
    },
    /// The file has no header line.
    Empty,
    /// A required column is missing from the header.
    MissingColumn {
        /// The column.
        column: String,
        /// The header as found.
        header: Vec<String>,
    },
    /// A line has more or fewer fields than the header.
    FieldCount {
        /// Fields on the line.
        got: usize,
        /// Fields in the header.
        want: usize,
    },
    /// A code (`ma`) repeats an earlier row's.
    DuplicateCode {
        /// The code, normalised.
        code: String,
        /// The line of its first use.
        first_line: u64,
    },
    /// A key of `ke-hoach.csv` is given twice.
    DuplicateKey {
        /// The key.
        key: String,
        /// The line of its first use.
        first_line: u64,
    },
    /// A row has no code (`ma`).
    EmptyCode,
    /// A required value is empty.
    MissingValue {
        /// The column or key.
        column: String,
    },
    /// A required key of `ke-hoach.csv` is absent.
    MissingKey {
        /// The key.
        key: String,
    },
    /// Not a `YYYY-MM-DD` date.
    BadDate {
        /// The column or key.
        column: String,
        /// The text found.
        value: String,
    },
    /// Not an `MM-DD` day of the year.
    BadMonthDay {
        /// The key.
        column: String,
        /// The text found.
        value: String,
    },
    /// Not a year 1900–2200.
    BadYear {
        /// The key.
        column: String,
        /// The text found.
        value: String,
    },
    /// `tu_nam` is after `den_nam`.
    YearsReversed {
        /// `tu_nam`.
        from: i32,
        /// `den_nam`.
        to: i32,
    },
    /// `hieu_luc_tu` is after `hieu_luc_den`.
    ValidityReversed {
        /// `hieu_luc_tu`.
        from: NaiveDate,
        /// `hieu_luc_den`.
        to: NaiveDate,
    },
    /// A unit code that `don-vi.csv` does not list.
    UnknownUnit {
        /// The column or key naming it.
        column: String,
        /// The code.
        code: String,
    },
    /// A unit code given twice in one list.
    RepeatedUnit {
        /// The column.
        column: String,
        /// The code.
        code: String,
    },
    /// A unit both leads and coordinates one task.
    LeadAndCoordinator {
        /// The unit code.
        code: String,
    },
    /// A chain of `thay_the_boi` that comes back on itself.
    SuccessorCycle {
        /// The unit the chain starts from.
        code: String,
    },
    /// `loai` is empty or not a lower-case code.
    BadUnitKind {
        /// The text found.
        value: String,
    },
    /// `thoi_han` is neither a date nor `thuong_xuyen`.
    BadDeadline {
        /// The text found.
        value: String,
    },
    /// `cach_tong_hop` is not one of the methods.
    BadMethod {
        /// The text found.
        value: String,
    },
    /// `chieu_tot` is neither `tang` nor `giam`.
    BadDirection {
        /// The text found.
        value: String,
    },
    /// Not a number, or a negative one.
    BadNumber {
        /// The column.
        column: String,
        /// The text found.
        value: String,
    },
    /// `han_nop_lai` is not a whole number of days 1–365.
    BadResubmitDays {
        /// The text found.
        value: String,
    },
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PlanProblem::*;
        let s = match self {
            MissingFile => m::plan_missing_file(),
            Unreadable { detail } => m::plan_file_unreadable(detail),
            TooBig { size, limit } => m::plan_file_too_big(*size, *limit),
            BadCsv { detail } => m::plan_csv_invalid(detail),
            Empty => m::plan_file_empty(),
            MissingColumn { column, header } => m::plan_missing_column(column, header),
            FieldCount { got, want } => m::plan_field_count(*got, *want),
            DuplicateCode { code, first_line } => m::plan_duplicate_code(code, *first_line),
            DuplicateKey { key, first_line } => m::plan_duplicate_key(key, *first_line),
            EmptyCode => m::plan_empty_code(),
            MissingValue { column } => m::plan_missing_value(column),
            MissingKey { key } => m::plan_missing_key(key),
            BadDate { column, value } => m::plan_bad_date(column, value),
            BadMonthDay { column, value } => m::plan_bad_month_day(column, value),
            BadYear { column, value } => m::plan_bad_year(column, value),
            YearsReversed { from, to } => m::plan_years_reversed(*from, *to),
            ValidityReversed { from, to } => m::plan_validity_reversed(*from, *to),
            UnknownUnit { column, code } => m::plan_unknown_unit(column, code),
            RepeatedUnit { column, code } => m::plan_repeated_unit(column, code),
            LeadAndCoordinator { code } => m::plan_lead_and_coordinator(code),
            SuccessorCycle { code } => m::plan_successor_cycle(code),
            BadUnitKind { value } => m::plan_bad_unit_kind(value),
            BadDeadline { value } => m::plan_bad_deadline(value),
            BadMethod { value } => {
                m::plan_bad_enum("cach_tong_hop", value, "tong, trung_binh, lon_nhat, rieng")
            }
            BadDirection { value } => m::plan_bad_enum("chieu_tot", value, "tang, giam"),
            BadNumber { column, value } => m::plan_bad_number(column, value),
            BadResubmitDays { value } => m::plan_bad_resubmit_days(value),
        };
        f.write_str(&s)
    }
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match (self.line, self.column) {
            (None, _) => write!(f, "{file}: {}", self.problem),
            (Some(l), None) => write!(f, "{file}:{l}: {}", self.problem),
            (Some(l), Some(c)) => write!(f, "{file}:{l}:{c}: {}", self.problem),
        }
    }
}

/// Every problem found in a plan, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PlanErrors(pub Vec<PlanError>);

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        f.write_str(&m::plan_error_count(self.0.len()))
    }
}

/// Something the loader did to read a plan file that the user should know
/// of, said once per file; the plan is still loaded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlanNote {
    /// The fields are separated by `sep` instead of a comma.
    Separator {
        /// The file.
        file: PathBuf,
        /// The separator found in the header line.
        sep: char,
    },
    /// The file is not UTF-8 and was decoded as `encoding`.
    Decoded {
        /// The file.
        file: PathBuf,
        /// The encoding's name, e.g. `windows-1258`.
        encoding: &'static str,
    },
    /// An optional column is absent: its values count as empty.
    ColumnAbsent {
        /// The file.
        file: PathBuf,
        /// The column.
        column: &'static str,
    },
    /// A number whose separator reads both ways ("1.234", "1,234"), read
    /// the Vietnamese way, as I08 reads a report's.
    AmbiguousNumber {
        /// The file.
        file: PathBuf,
        /// Its 1-based line.
        line: u64,
        /// The column.
        column: &'static str,
        /// The text as written (it tells both readings).
        value: String,
    },
}

impl fmt::Display for PlanNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            PlanNote::Separator { file, sep } => m::plan_note_separator(file, *sep),
            PlanNote::Decoded { file, encoding } => m::plan_note_decoded(file, encoding),
            PlanNote::ColumnAbsent { file, column } => m::plan_note_column_absent(file, column),
            PlanNote::AmbiguousNumber {
                file,
                line,
                column,
                value,
            } => {
                let read = crate::text::number::parse_number(value).map_or(0.0, |n| n.value);
                let other = crate::text::number::other_reading(value);
                m::plan_note_ambiguous_number(file, *line, column, value, read, other)
            }
        };
        f.write_str(&s)
    }
}
