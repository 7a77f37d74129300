//! `tonghop forms`: pre-filled report forms for every expected unit.

use tonghop::{Error, ExitCode};

use crate::cli::Common;
use crate::config::Config;

/// Writes the forms.
pub fn run(args: &Common) -> Result<ExitCode, Error> {
    let _cfg = Config::new(args)?;
    Err(Error::NotBuilt("forms"))
}
