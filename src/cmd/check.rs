//! `tonghop check FILE…`: validate single reports, write nothing.

use tonghop::{Error, ExitCode};

use crate::cli::CheckArgs;
use crate::config::Config;

/// Checks the given files.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let _cfg = Config::new(&args.common)?;
    Err(Error::NotBuilt("check"))
}
