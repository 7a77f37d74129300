//! Messages of the write stage: the labels of the consolidated workbook, the
//! notes on marked cells, the run's progress, summary and changes, and the
//! errors of the output folder.

mod changes;
mod run;
#[cfg(test)]
mod tests;
mod workbook;

pub use changes::changes;
pub use run::*;
pub use workbook::*;
