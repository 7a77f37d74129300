//! What one generated report holds (values as they will be written, plus
//! what they mean, for the answer key) and how its workbook is laid out.

use chrono::NaiveDate;
use tonghop::plan::{Deadline, Role};
use tonghop::read::values::Status;

use crate::texts::Spelling;

/// A cell as it will be written.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Num(f64),
    /// A number shown with the `0%` format (0.75 → "75%").
    Pct(f64),
    /// A date shown as dd/mm/yyyy.
    Date(NaiveDate),
    /// A formula whose cached value is an Excel error.
    Error {
        /// The formula.
        formula: String,
        /// The cached error, e.g. `#REF!`.
        value: String,
    },
}

/// What a share cell means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShareSem {
    /// Empty.
    Empty,
    /// A valid 0–100 value.
    Valid(f64),
    /// Not a number or outside 0–100 (T05).
    Invalid,
    /// An Excel error (T09).
    ErrorCell,
}

/// What an indicator value cell means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueSem {
    /// Empty (I06).
    Empty,
    /// A number; `ambiguous` when typed like "1.234" (I08).
    Valid { v: f64, ambiguous: bool },
    /// Negative (I02).
    Negative(f64),
    /// Text that is not a number (I02).
    Invalid,
}

/// One row of the "Nhiệm vụ" table.
#[derive(Debug, Clone)]
pub struct TaskRow {
    /// Stable id within the report (rows move when others are added or removed).
    pub id: u32,
    /// Task code as written.
    pub code: String,
    /// Whether the code is in the plan.
    pub known: bool,
    /// The unit's role on the task (None: not its task).
    pub role: Option<Role>,
    /// The task's deadline, when known.
    pub deadline: Option<Deadline>,
    /// The section title (plan's `muc`).
    pub section: String,
    /// Task text.
    pub content: String,
    /// Status cell and its meaning (None: empty or not in the vocabulary).
    pub status_cell: V,
    /// Meaning of the status.
    pub status: Option<Status>,
    /// Share cell.
    pub share_cell: V,
    /// Meaning of the share.
    pub share: ShareSem,
    /// Result text.
    pub result: String,
    /// Difficulties.
    pub difficulty: String,
    /// Proposals.
    pub proposal: String,
    /// Other units involved (extra column).
    pub partner: String,
}

/// One row of the "Chỉ tiêu" table.
#[derive(Debug, Clone)]
pub struct IndRow {
    /// Stable id within the report.
    pub id: u32,
    /// Indicator code.
    pub code: String,
    /// Whether the code is in the plan.
    pub known: bool,
    /// Name.
    pub name: String,
    /// Unit of measure as written.
    pub measure: String,
    /// Whether the written unit of measure is empty or the plan's.
    pub measure_ok: bool,
    /// Value cell.
    pub value_cell: V,
    /// Meaning of the value.
    pub value: ValueSem,
    /// Same period last year, cell.
    pub last_cell: V,
    /// Same period last year, value.
    pub last: Option<f64>,
    /// Note.
    pub note: String,
}

/// The "Thông tin" sheet.
#[derive(Debug, Clone)]
pub struct Info {
    /// Unit code, when given.
    pub code: Option<String>,
    /// Unit name or alias, when given.
    pub name: Option<String>,
    /// Plan id, when given.
    pub plan_id: Option<String>,
    /// Period cell.
    pub period_cell: V,
    /// Whether the period cell names the generated period.
    pub period_ok: bool,
    /// Date cell.
    pub date_cell: V,
    /// The report date, when the cell holds one.
    pub date: Option<NaiveDate>,
    /// Prepared by.
    pub person: String,
    /// Phone.
    pub phone: String,
    /// Email.
    pub email: String,
    /// Head of the unit.
    pub head: String,
}

/// One generated report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The unit's code.
    pub unit: String,
    /// The unit's official name.
    pub unit_name: String,
    /// About the report.
    pub info: Info,
    /// Task rows in sheet order.
    pub tasks: Vec<TaskRow>,
    /// Indicator rows in sheet order.
    pub inds: Vec<IndRow>,
    /// Next free row id.
    pub next_id: u32,
    /// How the workbook looks.
    pub layout: Layout,
    /// Typed in the legacy TCVN3 font `.VnTime` (issue 15): every text
    /// in TCVN3 code points.
    pub legacy: bool,
}

impl Report {
    /// A fresh row id.
    pub fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }
}

/// Columns of the task table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TCol {
    Stt,
    Code,
    Content,
    Role,
    Status,
    Share,
    Result,
    Difficulty,
    Proposal,
    Partner,
    Source,
}

/// Columns of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ICol {
    Stt,
    Code,
    Name,
    Measure,
    Value,
    Last,
    Note,
    Source,
}

/// How shares are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareStyle {
    /// 75
    Number,
    /// "75%"
    Text,
    /// 0.75 shown as 75%
    Fraction,
}

/// How numbers are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumStyle {
    /// Number cells.
    Number,
    /// Text, Vietnamese style: "1.234.567", "93,8".
    VnText,
    /// Text, plain: "1234567", "93.8".
    PlainText,
}

/// The look of one workbook.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Label spelling.
    pub spelling: Spelling,
    /// Sheet names: info, tasks, indicators, guide.
    pub names: [String; 4],
    /// Sheet order (indices into `names`).
    pub order: Vec<usize>,
    /// Info as one header row with values below, instead of label/value pairs.
    pub info_header_row: bool,
    /// A title row above the info pairs.
    pub info_title: bool,
    /// An empty column between labels and values.
    pub info_gap: bool,
    /// Title rows above the task table.
    pub task_titles: bool,
    /// Title rows above the indicator table.
    pub ind_titles: bool,
    /// Two-row header with a merged group.
    pub merged_header: bool,
    /// A numbering row (1) (2)… under the header.
    pub numbering: bool,
    /// Section rows between tasks.
    pub sections: bool,
    /// Task columns in order.
    pub task_cols: Vec<TCol>,
    /// Indicator columns in order.
    pub ind_cols: Vec<ICol>,
    /// Which label variant to use (0 = the form's).
    pub variant: usize,
    /// How shares are typed.
    pub share_style: ShareStyle,
    /// How numbers are typed.
    pub num_style: NumStyle,
    /// Report date typed as text.
    pub date_text: bool,
}

/// A number cell in the file's style (never an ambiguous "1.234" text).
pub fn num_cell(style: NumStyle, x: f64) -> V {
    let whole = x.fract() == 0.0;
    match style {
        NumStyle::Number => V::Num(x),
        NumStyle::VnText => {
            // "1.234" would be ambiguous (I08): such values stay numbers.
            if whole && (1000.0..1_000_000.0).contains(&x.abs()) {
                return V::Num(x);
            }
            V::Text(vn_format(x))
        }
        NumStyle::PlainText => V::Text(plain_format(x)),
    }
}

/// Vietnamese style: dot thousands, comma decimals, one decimal at most.
pub fn vn_format(x: f64) -> String {
    let neg = x < 0.0;
    let x = x.abs();
    let int = x.trunc() as u64;
    let dec = ((x - x.trunc()) * 10.0).round() as u64;
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if neg { "-" } else { "" };
    if dec == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{dec}")
    }
}

/// Plain style: no thousands separator, decimal dot, one decimal at most.
pub fn plain_format(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}

/// A share cell in the file's style.
pub fn share_cell(style: ShareStyle, x: f64) -> V {
    match style {
        ShareStyle::Number => V::Num(x),
        ShareStyle::Text => V::Text(format!("{}%", plain_format(x))),
        ShareStyle::Fraction if x > 0.0 && x < 100.0 => V::Pct(x / 100.0),
        ShareStyle::Fraction => V::Num(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vn_numbers() {
        assert_eq!(vn_format(1234567.0), "1.234.567");
        assert_eq!(vn_format(93.8), "93,8");
        assert_eq!(vn_format(1234.5), "1.234,5");
        assert_eq!(num_cell(NumStyle::VnText, 1234.0), V::Num(1234.0));
    }
}
