//! One module a subcommand, each with `pub fn run`.

pub mod check;
pub mod forms;
pub mod run;
pub mod status;
