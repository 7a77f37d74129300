//! Integration tests, built as one binary (one module per area).

mod util;

mod cli;
mod corpus;
mod formats;
mod forms;
mod hostile;
mod read;
mod run;
mod validate;
