//! `tonghop check FILE…`: validate single reports exactly as the batch does
//! (same rules, same messages), print the findings, write nothing.
//!
//! Each file is checked for a period: `--ky` when given, else the report's
//! own "Kỳ báo cáo" when the plan covers it, else the default period. The
//! files of one period are checked together by the batch's own
//! [`Inspector`], with its context (the first half's outputs for I04): two
//! reports of one unit given together give F06 as in the batch. R01 (units
//! that sent nothing) is the batch's alone and is not printed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use tonghop::discover::{self, InputFile};
use tonghop::ingest::{self, Inspected, Inspector};
use tonghop::messages;
use tonghop::plan::Period;
use tonghop::read::Limits;
use tonghop::validate::{FileStatus, Outcome, Severity};
use tonghop::{Error, ExitCode};

use crate::cli::CheckArgs;
use crate::config::Config;

/// Checks the given files.
pub fn run(args: &CheckArgs) -> Result<ExitCode, Error> {
    let cfg = Config::new(&args.common)?;
    cfg.plan.eprint_notes();
    let limits = Limits::default();
    let out_root = cfg.out.parent().unwrap_or(Path::new("."));
    let mut errors = false;
    let mut not_found = false;
    // Each file read once, with the period it is checked for.
    let mut given: Vec<(InputFile, Period)> = Vec::new();
    let mut by_period: BTreeMap<Period, Vec<(InputFile, Inspected)>> = BTreeMap::new();
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
        let inspected = ingest::read(&input, &limits);
        let period = period_for(&cfg, &inspected);
        given.push((input.clone(), period));
        by_period
            .entry(period)
            .or_default()
            .push((input, inspected));
    }
    // The files of one period are decided together, as the batch does.
    let outcomes: BTreeMap<Period, Outcome> = by_period
        .into_iter()
        .map(|(period, files)| {
            let inspector = Inspector::new(&cfg.plan, period, out_root);
            let candidates = files
                .into_iter()
                .map(|(input, inspected)| inspector.check(&input, inspected))
                .collect();
            (period, inspector.finish(candidates))
        })
        .collect();
    let mut out = std::io::stdout().lock();
    for (input, period) in &given {
        let Some(outcome) = outcomes.get(period) else {
            continue;
        };
        let period = *period;
        let findings: Vec<_> = outcome
            .findings
            .iter()
            .filter(|f| f.file.as_deref() == Some(input.rel.as_str()))
            .collect();
        errors |= findings.iter().any(|f| f.severity == Severity::Error);
        let file = outcome.files.iter().find(|f| f.rel == input.rel);
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
fn period_for(cfg: &Config, inspected: &Inspected) -> Period {
    if cfg.period_given {
        return cfg.period;
    }
    inspected
        .period()
        .filter(|p| cfg.plan.covers_year(p.year))
        .unwrap_or(cfg.period)
}
