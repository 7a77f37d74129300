//! Integration tests, built as one binary (one module per area).

mod util;

mod bao_cao;
mod cli;
mod conventions;
mod corpus;
mod formats;
mod forms;
mod hostile;
mod ingest;
mod plan;
mod read;
mod run;
mod units;
mod validate;
