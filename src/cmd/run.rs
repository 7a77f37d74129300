//! `tonghop run`: the batch job.

use tonghop::{Error, ExitCode};

use crate::cli::RunArgs;
use crate::config::Config;

/// Runs the batch for one period.
pub fn run(args: &RunArgs) -> Result<ExitCode, Error> {
    let _cfg = Config::new(&args.common)?;
    Err(Error::NotBuilt("run"))
}
