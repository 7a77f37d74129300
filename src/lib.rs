//! `tonghop` consolidates the periodic reports that units (departments and
//! districts) send on a city plan: it reads every workbook in
//! `inbox/<ky>/`, checks it against the plan, tells each unit what to fix,
//! and writes one consolidated workbook.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! [`model`] holds the spec's vocabulary every stage shares (rules,
//! severities, cell values, statuses); [`text`] the text helpers; and
//! [`messages`] every sentence for people.
//!
//! [`plan`] (load the CSVs) → [`discover`] (walk the inbox) → [`read`]
//! (workbook → report rows) → [`validate`] (rules → findings) →
//! [`consolidate`] (reports → merged model) → [`write`](mod@write) (xlsx, csv, json,
//! eml). [`history`] reads back what earlier runs wrote to `out/` (the
//! previous set of the period, last year's totals, the first half's values).
//!
//! # Example
//! ```
//! # let dir = tempfile::tempdir()?;
//! # tonghop::plan::write_example(dir.path())?;
//! use tonghop::plan::{self, Period};
//! let plan = plan::load(dir.path())?;
//! let period: Period = "2020-H1".parse()?;
//! period.check_in(&plan)?;
//! let expected: Vec<_> = plan.expected_units(period).iter().map(|u| u.code.clone()).collect();
//! assert_eq!(expected, ["SCT", "STP", "QHB"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod consolidate;
pub mod discover;
pub mod error;
pub mod history;
pub mod ingest;
pub mod messages;
pub mod model;
pub mod plan;
pub mod read;
pub mod text;
pub mod validate;
pub mod write;

pub use error::{Error, ExitCode};
