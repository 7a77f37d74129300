//! `tonghop status`: who has sent, who is late, who is missing, without
//! writing anything. Reads and validates the inbox exactly as `run` does
//! (the same [`Inspector`]).

use std::io::Write;

use tonghop::ingest::Inspector;
use tonghop::messages;
use tonghop::validate::{FileStatus, Outcome};
use tonghop::{discover, Error, ExitCode};

use crate::cli::Common;
use crate::config::Config;

/// Prints the submission status of the period.
pub fn run(args: &Common) -> Result<ExitCode, Error> {
    let cfg = Config::new(args)?;
    cfg.plan.eprint_notes();
    let files = discover::discover(&cfg.inbox);
    let out_root = cfg.out.parent().unwrap_or(std::path::Path::new("."));
    let outcome = Inspector::new(&cfg.plan, cfg.period, out_root).inspect_all(&files, &|_| {});
    let mut out = std::io::stdout().lock();
    if !cfg.inbox.is_dir() {
        let _ = writeln!(
            out,
            "{}",
            tonghop::messages::status_inbox_missing(&cfg.inbox)
        );
    }
    for line in lines(&cfg, &outcome, files.len()) {
        if writeln!(out, "{line}").is_err() {
            break; // a closed pipe: nothing more to say
        }
    }
    Ok(ExitCode::Done)
}

/// The report, one line a string.
fn lines(cfg: &Config, o: &Outcome, n_files: usize) -> Vec<String> {
    let plan = &cfg.plan;
    let name = |code: &str| plan.unit(code).map_or(String::new(), |u| u.name.clone());
    let mut v = Vec::new();
    let on_time: Vec<_> = o.counted.values().filter(|r| !r.late).collect();
    let late: Vec<_> = o.counted.values().filter(|r| r.late).collect();
    let excluded: Vec<_> = o
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Excluded)
        .collect();
    let summary = messages::status_summary(
        o.expected.len(),
        o.counted.len(),
        on_time.len(),
        late.len(),
        o.missing.len(),
        excluded.len(),
    );
    if cfg.quiet {
        return vec![summary];
    }
    v.push(messages::status_heading(
        &messages::plan_ref(&plan.info.number, &plan.info.name),
        &cfg.period.label(),
        &cfg.period.code(),
        o.expected.len(),
        n_files,
    ));
    // Counted reports in plan order of their unit.
    let in_plan_order = |reports: &[&tonghop::validate::CountedReport]| -> Vec<String> {
        let mut rs = reports.to_vec();
        rs.sort_by_key(|r| plan.units.iter().position(|u| u.code == r.unit));
        rs.iter()
            .map(|r| messages::status_sent_line(&r.unit, &name(&r.unit), &r.rel, r.report_date))
            .collect()
    };
    v.push(messages::status_group(
        messages::STATUS_ON_TIME,
        on_time.len(),
    ));
    v.extend(in_plan_order(&on_time));
    v.push(messages::status_group(messages::STATUS_LATE, late.len()));
    v.extend(in_plan_order(&late));
    v.push(messages::status_group(
        messages::STATUS_MISSING,
        o.missing.len(),
    ));
    v.extend(
        o.missing
            .iter()
            .map(|c| messages::status_missing_line(c, &name(c))),
    );
    for (title, status) in [
        (messages::STATUS_EXCLUDED, FileStatus::Excluded),
        (messages::STATUS_SUPERSEDED, FileStatus::Superseded),
        (messages::STATUS_SKIPPED, FileStatus::Skipped),
    ] {
        let group: Vec<_> = o.files.iter().filter(|f| f.status == status).collect();
        if group.is_empty() {
            continue;
        }
        v.push(messages::status_group(title, group.len()));
        for f in group {
            let message = o
                .findings
                .iter()
                .find(|x| x.file.as_deref() == Some(f.rel.as_str()) && Some(x.rule) == f.rule)
                .map_or("", |x| x.message.as_str());
            v.push(messages::status_file_line(
                &f.rel,
                f.unit.as_deref(),
                f.rule.map_or("", |r| r.code()),
                message,
            ));
        }
    }
    v.push(summary);
    v
}
