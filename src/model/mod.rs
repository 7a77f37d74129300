//! The spec's vocabulary, shared by every stage: rules and their severity
//! ([`Rule`], [`Severity`]), what a cell holds ([`Raw`], [`Located`],
//! [`Cell`]), the form's columns ([`TaskCol`], [`IndicatorCol`]), task
//! statuses and roles ([`Status`], [`Role`]), how an indicator is
//! consolidated ([`Method`], [`Direction`]) and what happened to a file
//! ([`FileStatus`]).
//!
//! This module imports nothing of the crate but [`crate::text`]: it is the
//! floor every other layer stands on. Sentences for people are not here;
//! [`crate::messages`] renders these values.

mod cell;
mod columns;
mod figures;
mod rule;
mod words;

pub use cell::{percent_points, Cell, Located, Raw};
pub use columns::{IndicatorCol, TaskCol};
pub use figures::Submission;
pub use rule::{Rule, Severity};
pub use words::{
    Direction, FileStatus, Method, Role, Skip, Status, TaskState, UnitState, NO_REPORT,
};
