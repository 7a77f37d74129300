//! `tonghop forms`: pre-filled report forms for every expected unit, in
//! `out/<ky>/bieu-mau/`, plus the mail-merge list for sending them, written
//! under the period's lock.

use std::io::Write;

use tonghop::write::forms::{forms_files, FORMS_DIR};
use tonghop::write::output::OutputDir;
use tonghop::{messages, Error, ExitCode};

use crate::cli::Common;
use crate::config::Config;

/// Writes the forms and prints a one-line summary (nothing with `-q`).
pub fn run(args: &Common) -> Result<ExitCode, Error> {
    let cfg = Config::new(args)?;
    cfg.plan.eprint_notes();
    // Under the period's lock, as every writer of `out/<ky>/`.
    let out = OutputDir::open(&cfg.out)?;
    let files = forms_files(&cfg.plan, cfg.period, cfg.date)?;
    // The last file is the mail-merge list; the others are forms.
    let forms = files.len().saturating_sub(1);
    out.write_beside(&files)?;
    let dir = cfg.out.join(FORMS_DIR);
    if !cfg.quiet {
        // A closed stdout (broken pipe) is not an error of the run.
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            messages::forms_written(forms, &dir)
        );
    }
    Ok(ExitCode::Done)
}
