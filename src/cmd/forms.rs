//! `tonghop forms`: pre-filled report forms for every expected unit, in
//! `out/<ky>/bieu-mau/`, plus the mail-merge list for sending them.

use std::io::Write;

use tonghop::write::forms::write_forms;
use tonghop::{messages, Error, ExitCode};

use crate::cli::Common;
use crate::config::Config;

/// Writes the forms and prints a one-line summary (nothing with `-q`).
pub fn run(args: &Common) -> Result<ExitCode, Error> {
    let cfg = Config::new(args)?;
    cfg.plan.eprint_notes();
    let dir = cfg.out.join("bieu-mau");
    let written = write_forms(&cfg.plan, cfg.period, cfg.date, &dir)?;
    if !cfg.quiet {
        // The last file written is the mail-merge list; the others are forms.
        let forms = written.len().saturating_sub(1);
        // A closed stdout (broken pipe) is not an error of the run.
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            messages::forms_written(forms, &dir)
        );
    }
    Ok(ExitCode::Done)
}
