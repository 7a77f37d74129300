//! `tonghop status`: who has sent, who is late, who is missing.

use std::io::Write;

use tonghop::discover;
use tonghop::{Error, ExitCode};

use crate::cli::Common;
use crate::config::Config;

/// Prints the submission status of the period.
pub fn run(args: &Common) -> Result<ExitCode, Error> {
    let cfg = Config::new(args)?;
    let files = discover::discover(&cfg.inbox);
    let expected = cfg.plan.expected_units(cfg.period);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        tonghop::messages::status_heading(&cfg.plan, cfg.period, expected.len(), files.len())
    );
    for u in expected {
        let _ = writeln!(out, "  {:<10} {}", u.code, u.name);
    }
    Ok(ExitCode::Done)
}
