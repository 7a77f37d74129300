//! `tonghop status`: who has sent, who is late, who is missing. Reads and
//! validates the inbox exactly as `run` does (the same [`Inspector`]). It
//! writes nothing, except,
//! with `--thu`, the reminder drafts of the missing units into
//! `out/<ky>/thu/`, under the period's lock. It names the units whose
//! draft in `thu/` was written before they sent (a reminder that must not
//! go out). A period whose inbox folder
//! does not exist yet (the reminder case, before anyone sent) lists every
//! unit as not yet sent and names the period folders that do exist.

use std::io::Write;

use tonghop::ingest::Inspector;
use tonghop::messages;
use tonghop::validate::{FileStatus, Outcome};
use tonghop::write::mail;
use tonghop::write::output::OutputDir;
use tonghop::{discover, Error, ExitCode};

use crate::cli::StatusArgs;
use crate::config::Config;

/// Prints the submission status of the period (and writes the reminders
/// with `--thu`).
pub fn run(args: &StatusArgs) -> Result<ExitCode, Error> {
    let cfg = Config::new(&args.common)?;
    cfg.plan.eprint_notes();
    let files = discover::discover(&cfg.inbox);
    let out_root = cfg.out.parent().unwrap_or(std::path::Path::new("."));
    let outcome = Inspector::new(&cfg.plan, cfg.period, out_root).inspect_all(&files, &|_| {});
    let mut out = std::io::stdout().lock();
    if !cfg.inbox.is_dir() {
        let root = cfg.inbox.parent().unwrap_or(std::path::Path::new("."));
        let _ = writeln!(
            out,
            "{}",
            tonghop::messages::status_inbox_missing(&cfg.inbox, &super::run::period_folders(root))
        );
    }
    for line in lines(&cfg, &outcome, files.len()) {
        if writeln!(out, "{line}").is_err() {
            break; // a closed pipe: nothing more to say
        }
    }
    if args.letters {
        drop(out);
        write_reminders(&cfg, &outcome)?;
    }
    if !cfg.quiet {
        if let Some(line) = stale_drafts(&cfg, &outcome) {
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }
    }
    Ok(ExitCode::Done)
}

/// The units whose draft in `thu/` was written before the report counted
/// now was sent: by `status --thu`, or by the last run, which credited the
/// unit no file or another one (a reminder, a request to send again, the
/// feedback on a report since replaced). Those drafts must not go out.
fn stale_drafts(cfg: &Config, outcome: &Outcome) -> Option<String> {
    let manifest = tonghop::history::Manifest::read(&cfg.out);
    let credited: std::collections::BTreeSet<(&str, &str)> = manifest
        .iter()
        .flat_map(|m| m.credited())
        .map(|(u, f)| (u, f.sha256.as_str()))
        .collect();
    let sha: std::collections::BTreeMap<&str, &str> = outcome
        .files
        .iter()
        .map(|f| (f.rel.as_str(), f.sha256.as_str()))
        .collect();
    let sha_of = |rel: &str| sha.get(rel).copied().unwrap_or_default();
    let (names, files): (Vec<String>, Vec<String>) = cfg
        .plan
        .units
        .iter()
        .filter_map(|u| outcome.counted.get(&u.code))
        .filter(|r| !credited.contains(&(r.unit.as_str(), sha_of(&r.rel))))
        .map(|r| (r.unit.as_str(), mail::draft_path(&r.unit)))
        .filter(|(_, path)| cfg.out.join(path).is_file())
        .map(|(c, path)| (cfg.plan.unit_name(c).to_string(), path))
        .unzip();
    (!names.is_empty()).then(|| messages::stale_drafts(&names, &files))
}

/// `--thu`: the reminder drafts into `out/<ky>/thu/`, under the period's
/// lock (a run of the period at the same time is refused, and refuses).
fn write_reminders(cfg: &Config, outcome: &Outcome) -> Result<(), Error> {
    let dir = OutputDir::open(&cfg.out)?;
    let drafts =
        mail::reminders(&cfg.plan, cfg.period, cfg.date, outcome).map_err(|e| Error::Output {
            path: cfg.out.join(mail::DIR),
            source: std::io::Error::other(e),
        })?;
    let files: Vec<(String, Vec<u8>)> = drafts.files.into_iter().collect();
    let written = dir.write_beside(&files)?.len();
    if !cfg.quiet {
        let mut o = std::io::stdout().lock();
        let _ = writeln!(
            o,
            "{}",
            messages::reminders_written(written, &cfg.out.join(mail::DIR))
        );
        if !drafts.no_address.is_empty() {
            let names: Vec<String> = drafts
                .no_address
                .iter()
                .map(|c| cfg.plan.unit_name(c).to_string())
                .collect();
            let _ = writeln!(o, "{}", messages::mail_no_address(&names));
        }
    }
    Ok(())
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
    if !o.unusable.is_empty() {
        v.push(messages::status_group(
            messages::STATUS_UNUSABLE,
            o.unusable.len(),
        ));
        v.extend(
            o.unusable
                .iter()
                .map(|c| messages::status_missing_line(c, &name(c))),
        );
    }
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
    if !o.unusable.is_empty() {
        v.push(format!(
            "{}: {}",
            messages::STATUS_UNUSABLE,
            o.unusable.len()
        ));
    }
    v
}
