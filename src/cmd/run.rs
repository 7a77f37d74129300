//! `tonghop run`: the batch job. Plan → discover → read (in parallel) →
//! validate → consolidate → build every output's bytes → write the set
//! atomically into `out/<ky>/` (see [`tonghop::write::output`]) → summary.
//!
//! The lock on `out/<ky>/` is taken first, so a second run of the period is
//! refused before it reads anything. Files are read and checked by
//! [`Inspector::inspect_all`], the loop `check` and `status` use too.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tonghop::consolidate::{self, Consolidated};
use tonghop::discover;
use tonghop::history;
use tonghop::ingest::Inspector;
use tonghop::plan::Plan;
use tonghop::validate::Outcome;
use tonghop::write::manifest::{self, Previous, RunInfo};
use tonghop::write::output::{OutputDir, Staging, MANIFEST};
use tonghop::write::{data, feedback, mail, workbook};
use tonghop::{messages, Error, ExitCode};

use crate::cli::RunArgs;
use crate::config::Config;

/// Runs the batch for one period.
pub fn run(args: &RunArgs) -> Result<ExitCode, Error> {
    let clock = Phases::start();
    let cfg = Config::new(&args.common)?;
    clock.mark("ke-hoach");
    cfg.plan.eprint_notes();
    // A missing folder is a mistyped period or path, not "nobody sent":
    // writing a set of 38 missing units over a good one would mislead.
    if !cfg.inbox.is_dir() {
        return Err(Error::InboxMissing {
            path: cfg.inbox.clone(),
            existing: period_folders(cfg.inbox.parent().unwrap_or(Path::new("."))),
        });
    }
    let out = OutputDir::open(&cfg.out)?;
    let out_root = cfg.out.parent().unwrap_or(Path::new(".")).to_path_buf();
    if !cfg.quiet {
        for r in &out.recovered {
            eprintln!("tonghop: {r}");
        }
    }

    let files = discover::discover(&cfg.inbox);
    let inspector = Inspector::new(&cfg.plan, cfg.period, &out_root);
    let progress = Progress::new(files.len(), cfg.quiet);
    let outcome = inspector.inspect_all(&files, &|f| progress.tick(&f.rel));
    progress.finish();
    clock.mark("doc-va-kiem-tra");
    let working = progress.stage(messages::PROGRESS_OUTPUTS);
    let last_year = history::last_year_totals(&out_root, cfg.period);

    // Every output goes to the staging folder as soon as it is made, so the
    // run never holds the whole set. Two branches share the cores: what
    // needs the consolidated data (the workbook, the draft báo cáo, the
    // comparison with the previous set), and what needs each unit's
    // findings only (its feedback workbook and email draft), which starts
    // while the data is being consolidated.
    let staging = out.staging()?;
    let (merged, no_address) = rayon::join(
        || {
            let c = consolidate::consolidate(&cfg.plan, cfg.period, &outcome, last_year.as_ref());
            let (whole, changes) = rayon::join(
                || whole_outputs(&cfg, &c, &outcome, &staging),
                || changes(&cfg, &out, &outcome, &c),
            );
            whole.map(|()| (c, changes))
        },
        || unit_outputs(&cfg, &outcome, &staging),
    );
    let (c, changes) = merged?;
    let no_address = no_address?;
    if let Some(ch) = &changes {
        staging.put(THAY_DOI, &manifest::thay_doi_csv(ch))?;
    }
    clock.mark("dau-ra");
    let run = RunInfo {
        plan: &cfg.plan,
        plan_sha256: manifest::plan_sha256(&cfg.plan),
        period: cfg.period,
        date: cfg.date,
    };
    let m = manifest::manifest(&run, &outcome, &staging.hashes(), changes.clone());
    staging.put(MANIFEST, &manifest::manifest_json(&m))?;
    let outputs = staging.hashes();
    let written = staging.finish()?;
    clock.mark("ghi");
    if let Some(s) = working {
        s.finish_and_clear();
    }

    if !cfg.quiet {
        print_summary(&cfg, &c, files.len(), &outputs, written.history.as_deref());
        let mut o = std::io::stdout().lock();
        if !outcome.unusable.is_empty() {
            let names = unit_names(&cfg.plan, &outcome.unusable);
            let _ = writeln!(o, "  {}: {}", messages::STATUS_UNUSABLE, names.join("; "));
        }
        if !no_address.is_empty() {
            let names = unit_names(&cfg.plan, &no_address);
            let _ = writeln!(o, "{}", messages::mail_no_address(&names));
        }
        if let Some(ch) = &changes {
            let mut o = std::io::stdout().lock();
            let _ = write!(o, "{}", messages::changes(ch));
        }
    }
    let code = if args.strict && c.submission.errors > 0 {
        ExitCode::StrictErrors
    } else {
        ExitCode::Done
    };
    // The process ends here: freeing the merged data and the findings one
    // allocation at a time would only delay the exit (a tenth of a second at
    // a thousand reports). The lock is released as usual when `out` drops.
    std::mem::forget(c);
    std::mem::forget(outcome);
    clock.mark("xong");
    Ok(code)
}

/// A workbook that could not be built is an output that cannot be written.
fn xlsx_err(cfg: &Config, path: &str, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Output {
        path: cfg.out.join(path),
        source: std::io::Error::other(e),
    }
}

/// The outputs built from the consolidated data, staged as each is made:
/// the consolidated workbook (on one core) beside the data exports,
/// `kiem-tra.csv`, `phan-hoi/chua-nop.csv` and the draft báo cáo (on the
/// other).
fn whole_outputs(
    cfg: &Config,
    c: &Consolidated,
    outcome: &Outcome,
    staging: &Staging<'_>,
) -> Result<(), Error> {
    let (book, rest) = rayon::join(
        || {
            let name = format!("tong-hop-{}.xlsx", cfg.period.code());
            staging.put_streamed(&name, |w| {
                let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
                workbook::write_tong_hop_xlsx(&cfg.plan, c, &outcome.findings, cfg.date, &mut w)
                    .map_err(std::io::Error::other)?;
                std::io::Write::flush(&mut w)
            })
        },
        || {
            let name = format!("bao-cao-{}.docx", cfg.period.code());
            staging.put_file(&name, |w| {
                tonghop::write::bao_cao::write_bao_cao_docx(&cfg.plan, c, cfg.date, w)
                    .map_err(std::io::Error::other)
            })?;
            staging.put_streamed("du-lieu/nhiem-vu.csv", |w| {
                data::write_nhiem_vu_csv(w, outcome)
            })?;
            staging.put_streamed("du-lieu/chi-tieu.csv", |w| {
                data::write_chi_tieu_csv(w, outcome, c)
            })?;
            staging.put("kiem-tra.csv", &feedback::kiem_tra_csv(&outcome.findings))?;
            staging.put(
                "phan-hoi/chua-nop.csv",
                &feedback::chua_nop_csv(&cfg.plan, outcome),
            )
        },
    );
    book.and(rest)
}

/// Each unit's outputs, on all cores, staged as they are made:
/// `phan-hoi/<ma-don-vi>.xlsx` for each unit that sent a file (counted,
/// superseded or excluded: each needs to know what happened to its file),
/// and `thu/<ma>.eml` for each expected unit, which may carry that
/// workbook. Returns the units whose draft has no address, plan order.
fn unit_outputs(
    cfg: &Config,
    outcome: &Outcome,
    staging: &Staging<'_>,
) -> Result<Vec<String>, Error> {
    let senders: BTreeSet<&str> = outcome
        .files
        .iter()
        .filter_map(|f| f.unit.as_deref())
        .chain(outcome.unusable.iter().map(String::as_str))
        .collect();
    let expected: BTreeSet<&str> = outcome.expected.iter().map(String::as_str).collect();
    let units: Vec<&str> = senders.union(&expected).copied().collect();
    let no_address: Vec<Option<&str>> = units
        .par_iter()
        .map(|&unit| {
            let feedback = if senders.contains(unit) {
                let name = format!("phan-hoi/{unit}.xlsx");
                let book = feedback::feedback_xlsx(&cfg.plan, cfg.period, cfg.date, unit, outcome)
                    .map_err(|e| xlsx_err(cfg, &name, e))?;
                staging.put(&name, &book)?;
                Some(book)
            } else {
                None
            };
            if !expected.contains(unit) {
                return Ok(None);
            }
            let d = mail::run_draft(
                &cfg.plan,
                cfg.period,
                cfg.date,
                outcome,
                unit,
                feedback.as_deref(),
            )
            .map_err(|e| xlsx_err(cfg, mail::DIR, e))?;
            staging.put(&d.path, &d.bytes)?;
            Ok(d.no_address.then_some(unit))
        })
        .collect::<Result<_, Error>>()?;
    let no_address: BTreeSet<&str> = no_address.into_iter().flatten().collect();
    Ok(outcome
        .expected
        .iter()
        .filter(|u| no_address.contains(u.as_str()))
        .cloned()
        .collect())
}

/// What changed since the set now in `out/<ky>/`, when there is one (the
/// previous manifest and exports are streamed, not held).
fn changes(
    cfg: &Config,
    out: &OutputDir,
    outcome: &Outcome,
    c: &Consolidated,
) -> Option<tonghop::model::Changes> {
    let mut tasks = manifest::TaskMoves::new(&cfg.plan, outcome);
    let previous = Previous::read_with(out.path(), |row| tasks.visit(row));
    match (previous.exists(), out.next_history()) {
        (true, Some(h)) => Some(manifest::changes(
            &cfg.plan, &previous, tasks, outcome, c, h,
        )),
        _ => None,
    }
}

/// The sub-folders of the inbox root, sorted.
pub(crate) fn period_folders(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The time each stage of a run took, on stderr when the environment
/// variable `TONGHOP_THOI_GIAN` is set (for the benchmark, `bench/`):
/// one line `thoi-gian <stage> <seconds since the start>` per stage, and on
/// Linux the process's resident memory then and at its peak so far
/// (`rss=<MiB> peak=<MiB>`, from `/proc/self/status`) and the CPU time of
/// all its threads so far (`cpu=<s>`, from `/proc/self/stat`).
struct Phases(Option<std::time::Instant>);

impl Phases {
    fn start() -> Phases {
        Phases(std::env::var_os("TONGHOP_THOI_GIAN").map(|_| std::time::Instant::now()))
    }

    fn mark(&self, stage: &str) {
        if let Some(t) = self.0 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let mib = |label: &str, key: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                    .map_or(String::new(), |kb| format!(" {label}={}", kb / 1024))
            };
            // utime and stime, fields 14 and 15 of /proc/self/stat, in ticks
            // of 1/100 s: the CPU time of all threads so far.
            let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
            let cpu = stat
                .rsplit_once(')')
                .map(|(_, rest)| rest.split_whitespace().skip(11).take(2))
                .map(|f| f.filter_map(|v| v.parse::<u64>().ok()).sum::<u64>())
                .map_or(String::new(), |ticks| {
                    format!(" cpu={:.2}", ticks as f64 / 100.0)
                });
            eprintln!(
                "thoi-gian {stage} {:.3}{}{}{}{}{}",
                t.elapsed().as_secs_f64(),
                cpu,
                mib("rss", "VmRSS:"),
                mib("peak", "VmHWM:"),
                mib("anon", "RssAnon:"),
                mib("file", "RssFile:")
            );
        }
    }
}

/// What changed since the previous run, when this is a rerun.
const THAY_DOI: &str = "thay-doi.csv";

/// How progress is shown.
enum Progress {
    Bar(ProgressBar),
    Lines { total: usize, done: AtomicUsize },
    Quiet,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        if quiet || total == 0 {
            Progress::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            if let Ok(s) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
                bar.set_style(s.progress_chars("=> "));
            }
            bar.set_message(messages::PROGRESS_READING);
            Progress::Bar(bar)
        } else {
            Progress::Lines {
                total,
                done: AtomicUsize::new(0),
            }
        }
    }

    fn tick(&self, rel: &str) {
        match self {
            Progress::Bar(b) => b.inc(1),
            Progress::Lines { total, done } => {
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                let mut e = std::io::stderr().lock();
                let _ = writeln!(e, "{}", messages::progress_line(n, *total, rel));
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(b) = self {
            b.finish_and_clear();
        }
    }

    /// Says that the next stage has begun: a spinner on a terminal (the
    /// caller clears it when the stage ends), a line otherwise.
    fn stage(&self, what: &str) -> Option<ProgressBar> {
        match self {
            Progress::Bar(_) => {
                let s = ProgressBar::new_spinner();
                s.set_message(what.to_string());
                s.enable_steady_tick(std::time::Duration::from_millis(120));
                Some(s)
            }
            Progress::Lines { .. } => {
                let _ = writeln!(std::io::stderr().lock(), "{what}…");
                None
            }
            Progress::Quiet => None,
        }
    }
}

fn unit_names(plan: &Plan, codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|c| plan.unit_name(c).to_string())
        .collect()
}

fn print_summary(
    cfg: &Config,
    c: &Consolidated,
    files: usize,
    outputs: &BTreeMap<String, String>,
    history: Option<&str>,
) {
    let mut shown: Vec<String> = Vec::new();
    let mut feedback = 0usize;
    let mut letters = 0usize;
    for k in outputs.keys() {
        if k.starts_with("phan-hoi/") && k.ends_with(".xlsx") {
            feedback += 1;
        } else if k.starts_with("thu/") {
            letters += 1;
        } else {
            shown.push(k.clone());
        }
    }
    if feedback > 0 {
        shown.push(messages::feedback_count(feedback));
    }
    if letters > 0 {
        shown.push(messages::letters_count(letters));
    }
    if let Some(h) = history {
        shown.push(messages::history_moved(h));
    }
    let s = messages::Summary {
        plan: &cfg.plan.info.number,
        period: &cfg.period.label(),
        submission: &c.submission,
        files,
        missing: unit_names(&cfg.plan, &c.submission.missing_units),
        late: unit_names(&cfg.plan, &c.submission.late_units),
        twice: unit_names(&cfg.plan, &c.submission.twice_sent),
        out: &cfg.out,
        outputs: shown,
    };
    let mut o = std::io::stdout().lock();
    let _ = write!(o, "{}", messages::summary(&s));
}
