//! `tonghop check FILE…`: validate single reports exactly as the batch does
//! (same rules, same messages), print the findings, write nothing.
//!
//! Each file is checked on its own: the period is `--ky` when given, else
//! the report's own "Kỳ báo cáo" when the plan covers it, else the default
//! period. Lateness (F07) is judged as in the batch; other files are not
//! looked at, so there is no F06 or R01.

use std::io::Write;
use std::path::Path;

use tonghop::discover::{self, InputFile};
use tonghop::messages;
use tonghop::plan::Period;
use tonghop::read::{read_input, Limits, ReadError, Report};
use tonghop::validate::{check_file, finish, period_of, Context, FileStatus, Severity};
use tonghop::{Error, ExitCode};

use crate::cli::CheckArgs;
use crate::config::Config;

/// Checks the given files.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let cfg = Config::new(&args.common)?;
    cfg.plan.eprint_notes();
    let limits = Limits::default();
    let ctx = Context::default();
    let mut errors = false;
    let mut not_found = false;
    let mut out = std::io::stdout().lock();
    for path in &args.files {
        if !path.exists() {
            // A mistyped path is the clerk's argument, not a bad report.
            not_found = true;
            tonghop::messages::eprint_error(&Error::Usage(tonghop::messages::check_not_found(
                path,
            )));
            continue;
        }
        let input = input_for(path);
        let read = read_input(&input, &limits);
        let period = period_for(&cfg, read.as_ref());
        let cand = check_file(&cfg.plan, period, &ctx, &input, String::new(), read);
        let outcome = finish(&cfg.plan, period, vec![cand]);
        let findings: Vec<_> = outcome
            .findings
            .iter()
            .filter(|f| f.file.as_deref() == Some(input.rel.as_str()))
            .collect();
        errors |= findings.iter().any(|f| f.severity == Severity::Error);
        let file = outcome.files.first();
        let mut lines = vec![messages::check_file_line(&input.rel)];
        let unit = file.and_then(|f| f.unit.as_deref());
        match unit.and_then(|u| cfg.plan.unit(u)) {
            Some(u) => {
                let sent_as = outcome
                    .counted
                    .get(&u.code)
                    .and_then(|r| r.sent_as.as_deref())
                    .and_then(|c| cfg.plan.unit(c))
                    .map(|s| (s.code.as_str(), s.name.as_str()));
                lines.push(messages::check_unit_line(&u.code, &u.name, sent_as));
            }
            None => match unit {
                Some(code) => lines.push(messages::check_unit_line(code, "", None)),
                None => lines.push(messages::CHECK_NO_UNIT.to_string()),
            },
        }
        lines.push(messages::check_period_line(&period.label(), &period.code()));
        lines.push(messages::check_status_line(
            file.map_or(FileStatus::Excluded, |f| f.status),
            file.and_then(|f| f.rule).map(|r| r.code()),
        ));
        let (e, w, i) = (
            findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count(),
            findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            findings
                .iter()
                .filter(|f| f.severity == Severity::Info)
                .count(),
        );
        lines.push(messages::counts_line(e, w, i));
        if findings.is_empty() {
            lines.push(format!("  {}", messages::FEEDBACK_VALID));
        }
        for f in findings {
            let place = match (&f.sheet, f.cell) {
                (Some(s), Some(c)) => format!("{s}!{c}"),
                (Some(s), None) => s.clone(),
                (None, Some(c)) => c.to_string(),
                (None, None) => String::new(),
            };
            lines.push(messages::check_finding_line(
                f.severity.label(),
                f.rule.code(),
                &place,
                &f.message,
                &f.hint,
            ));
        }
        lines.push(String::new());
        for l in lines {
            if writeln!(out, "{l}").is_err() {
                return Ok(ExitCode::Done); // a closed pipe
            }
        }
    }
    Ok(if not_found {
        ExitCode::Failed
    } else if args.strict && errors {
        ExitCode::StrictErrors
    } else {
        ExitCode::Done
    })
}

/// The file as the batch would list it; the relative path is the path as
/// given, with `/`.
fn input_for(path: &Path) -> InputFile {
    let rel = tonghop::text::nfc(&path.to_string_lossy().replace('\\', "/"));
    discover::describe(path, rel)
}

/// `--ky` when given, else the report's own period when the plan covers it,
/// else the default period.
fn period_for(cfg: &Config, read: Option<&Result<Report, ReadError>>) -> Period {
    if cfg.period_given {
        return cfg.period;
    }
    read.and_then(|r| r.as_ref().ok())
        .and_then(|r| r.info.period.as_ref())
        .and_then(|l| period_of(&l.value))
        .filter(|p| cfg.plan.covers_year(p.year))
        .unwrap_or(cfg.period)
}
