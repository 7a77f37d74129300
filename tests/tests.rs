//! Integration tests, built as one binary (one module per area).

mod util;

mod cli;
mod conventions;
mod corpus;
mod forms;
mod hostile;
mod read;
mod run;
mod validate;
