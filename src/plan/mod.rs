//! The plan: the four CSV files of `templates/<plan-id>/` (FORM.md §1) loaded
//! into typed structures, with every problem reported at once.
//!
//! [`load`] is the only way in. It never stops at the first problem: a broken
//! plan gives a [`PlanErrors`] listing each problem as `file:line:column:
//! message`, and the run stops before any output is written.

mod duties;
mod error;
mod load;
pub mod period;
pub mod unit;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

pub use crate::model::{Direction, Method, Role};
pub use duties::Duties;
pub use error::{PlanError, PlanErrors, PlanNote, PlanProblem};
pub use load::{
    load, write_example, INDICATOR_COLUMNS, MAX_PLAN_FILE, PLAN_FILES, TASK_COLUMNS, UNIT_COLUMNS,
};
pub use period::{Period, PeriodError, PeriodKind};

/// A loaded, checked plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The general facts of `ke-hoach.csv`.
    pub info: PlanInfo,
    /// Units of `don-vi.csv`, in file order.
    pub units: Vec<Unit>,
    /// Tasks of `nhiem-vu.csv`, in plan order.
    pub tasks: Vec<Task>,
    /// Indicators of `chi-tieu.csv`, in plan order.
    pub indicators: Vec<Indicator>,
    /// The folder the plan was read from.
    pub dir: PathBuf,
    /// SHA-256 (hex) of each plan file, by file name, over the bytes parsed.
    pub sha256: BTreeMap<String, String>,
    /// SHA-256 (hex) of the four files concatenated in [`PLAN_FILES`] order.
    pub sha256_combined: String,
    /// How the files were read, when the user should know (a separator
    /// other than a comma, an encoding other than UTF-8, an absent optional
    /// column), in file order.
    pub notes: Vec<PlanNote>,
    // Looked up by code for every report row, never walked: hashed.
    pub(crate) unit_index: std::collections::HashMap<String, usize>,
    pub(crate) task_index: std::collections::HashMap<String, usize>,
    pub(crate) indicator_index: std::collections::HashMap<String, usize>,
    /// Folded-compact names and aliases → unit position.
    pub(crate) name_index: BTreeMap<String, usize>,
    /// First folded word → (phrase words, unit position), for finding unit
    /// names and codes inside longer texts.
    pub(crate) phrase_index: BTreeMap<String, Vec<(Vec<String>, usize)>>,
    pub(crate) duties: duties::DutiesCache,
}

/// `ke-hoach.csv`: what the plan is and when reports are due.
#[derive(Debug, Clone)]
pub struct PlanInfo {
    /// Plan id (`ma`), e.g. `hp-1315`.
    pub id: String,
    /// Full title (`ten`).
    pub name: String,
    /// Document number (`so_hieu`), e.g. `1315/QĐ-UBND`; empty while the
    /// document is not numbered yet.
    pub number: String,
    /// Date of issue (`ngay_ban_hanh`), when known.
    pub issued: Option<NaiveDate>,
    /// Issuing body (`co_quan_ban_hanh`).
    pub issuing_body: String,
    /// Code of the consolidating unit (`co_quan_tong_hop`).
    pub consolidator: String,
    /// Recipient of the consolidated report (`noi_nhan`), may be empty.
    pub recipient: String,
    /// Due date of the half-year report, as (month, day).
    pub half_year_due: (u32, u32),
    /// Due date of the annual report, as (month, day).
    pub annual_due: (u32, u32),
    /// First year the plan applies (`tu_nam`).
    pub from_year: i32,
    /// Last year the plan applies (`den_nam`).
    pub to_year: i32,
    /// Keys of `ke-hoach.csv` that the tool does not use, kept as given.
    pub extra: BTreeMap<String, String>,
}

/// Days a unit has to send a corrected report when `han_nop_lai` is absent.
pub const DEFAULT_RESUBMIT_DAYS: u32 = 7;

impl PlanInfo {
    /// Days after the run date by which a unit sends its corrected report
    /// (key `han_nop_lai` of `ke-hoach.csv`), [`DEFAULT_RESUBMIT_DAYS`] when
    /// the key is absent ([`load`] refuses a value that is not a whole
    /// number of days 1–365).
    pub fn resubmit_days(&self) -> u32 {
        self.extra
            .get("han_nop_lai")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(DEFAULT_RESUBMIT_DAYS)
    }
}

/// A unit of `don-vi.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Code (`ma`), upper case.
    pub code: String,
    /// Official name (`ten`).
    pub name: String,
    /// Kind (`loai`): so, ban_nganh, quan, huyen, or another the plan names.
    pub kind: String,
    /// Aliases (`bi_danh`).
    pub aliases: Vec<String>,
    /// In force from this day (inclusive), when given.
    pub valid_from: Option<NaiveDate>,
    /// In force until this day (inclusive), when given.
    pub valid_to: Option<NaiveDate>,
    /// The unit that took over after a merger (`thay_the_boi`).
    pub successor: Option<String>,
    /// Columns of `don-vi.csv` beyond the standard ones (contact details such
    /// as `email` or `dien_thoai`), kept for the reminder list.
    pub extra: BTreeMap<String, String>,
}

impl Unit {
    /// Whether the unit is in force on `date`.
    ///
    /// # Examples
    /// ```
    /// # use tonghop::plan::Unit;
    /// # use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let u = Unit { code: "SKHDT".into(), name: "Sở Kế hoạch và Đầu tư".into(), kind: "so".into(),
    ///     aliases: vec![], valid_from: None, valid_to: Some(d(2025, 2, 28)), successor: Some("STC".into()),
    ///     extra: Default::default() };
    /// assert!(u.in_force(d(2020, 6, 14)));
    /// assert!(!u.in_force(d(2025, 3, 1)));
    /// ```
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    /// The unit's email addresses from the `email` column of `don-vi.csv`
    /// (an extra column, any case; several separated by `;` or `,`), in the
    /// order given, empty when there is none.
    pub fn emails(&self) -> Vec<&str> {
        self.extra
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("email"))
            .map(|(_, v)| {
                v.split([';', ','])
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A task's deadline (`thoi_han`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Deadline {
    /// A fixed date.
    Date(NaiveDate),
    /// Ongoing (`thuong_xuyen`).
    Ongoing,
}

/// A task of `nhiem-vu.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Code (`ma`), upper case.
    pub code: String,
    /// Section title (`muc`).
    pub section: String,
    /// What is to be done (`noi_dung`).
    pub content: String,
    /// Lead unit codes (`chu_tri`), at least one.
    pub leads: Vec<String>,
    /// Coordinating unit codes (`phoi_hop`).
    pub coordinators: Vec<String>,
    /// Deadline (`thoi_han`).
    pub deadline: Deadline,
    /// Note (`ghi_chu`).
    pub note: String,
}

/// An indicator of `chi-tieu.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Code (`ma`), upper case.
    pub code: String,
    /// Name (`ten`).
    pub name: String,
    /// Unit of measure (`don_vi_tinh`).
    pub measure: String,
    /// Consolidation method (`cach_tong_hop`).
    pub method: Method,
    /// Reporting unit codes in order (`don_vi_bao_cao`).
    pub reporters: Vec<String>,
    /// Annual target (`ke_hoach_nam`), when set.
    pub annual_target: Option<f64>,
    /// Good direction (`chieu_tot`).
    pub direction: Direction,
}

impl Plan {
    /// The unit with this code (any case), if the plan lists it.
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.unit_index
            .get(crate::text::code_of(code).as_ref())
            .map(|&i| &self.units[i])
    }

    /// The name of unit `code`, or the code itself when the plan does not
    /// list it: how every output names a unit.
    pub fn unit_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.unit(code).map_or(code, |u| u.name.as_str())
    }

    /// The consolidating unit (`co_quan_tong_hop`) of `don-vi.csv`.
    pub fn consolidator(&self) -> Option<&Unit> {
        self.unit(&self.info.consolidator)
    }

    /// The consolidating unit's first email address, the sender of the
    /// messages to the units and the address corrected reports go to.
    pub fn consolidator_email(&self) -> Option<&str> {
        self.consolidator()
            .and_then(|u| u.emails().first().copied())
    }

    /// The task with this code (any case), if the plan lists it.
    pub fn task(&self, code: &str) -> Option<&Task> {
        self.task_index
            .get(crate::text::code_of(code).as_ref())
            .map(|&i| &self.tasks[i])
    }

    /// The indicator with this code (any case), if the plan lists it.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicator_index
            .get(crate::text::code_of(code).as_ref())
            .map(|&i| &self.indicators[i])
    }

    /// Prints [`Plan::notes`] to stderr, one line each.
    pub fn eprint_notes(&self) {
        for n in &self.notes {
            crate::messages::eprint_note(&n.to_string());
        }
    }

    /// Whether `year` is within the plan's years.
    pub fn covers_year(&self, year: i32) -> bool {
        (self.info.from_year..=self.info.to_year).contains(&year)
    }
}
