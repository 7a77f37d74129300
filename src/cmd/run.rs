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
use tonghop::write::output::{OutputDir, MANIFEST};
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

    // Two branches share the cores: what needs the consolidated data (the
    // workbook, the draft báo cáo, the comparison with the previous set),
    // and what needs each unit's findings only (its feedback workbook and
    // email draft), which starts while the data is being consolidated.
    let (merged, per_unit) = rayon::join(
        || {
            let c = consolidate::consolidate(&cfg.plan, cfg.period, &outcome, last_year.as_ref());
            let (whole, changes) = rayon::join(
                || whole_outputs(&cfg, &c, &outcome),
                || changes(&cfg, &out, &outcome, &c),
            );
            whole.map(|w| (c, w, changes))
        },
        || unit_outputs(&cfg, &outcome),
    );
    let (c, mut outputs, changes) = merged?;
    let (feedback, mut drafts) = per_unit?;
    outputs.extend(feedback);
    outputs.extend(std::mem::take(&mut drafts.files));
    if let Some(ch) = &changes {
        outputs.insert(THAY_DOI.to_string(), manifest::thay_doi_csv(ch));
    }
    clock.mark("dau-ra");
    let run = RunInfo {
        plan: &cfg.plan,
        plan_sha256: manifest::plan_sha256(&cfg.plan),
        period: cfg.period,
        date: cfg.date,
    };
    let m = manifest::manifest(&run, &outcome, &outputs, changes.clone());
    outputs.insert(MANIFEST.to_string(), manifest::manifest_json(&m));
    let written = out.write_set(&outputs)?;
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
        if !drafts.no_address.is_empty() {
            let names = unit_names(&cfg.plan, &drafts.no_address);
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
    // The process ends here: freeing the merged data, the findings and the
    // set's bytes one allocation at a time would only delay the exit (a
    // tenth of a second at a thousand reports). The lock is released as
    // usual when `out` drops.
    std::mem::forget((outputs, outcome, c, drafts));
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

/// The outputs built from the consolidated data, by path relative to
/// `out/<ky>/`: the consolidated workbook (on one core) beside the data
/// exports, `kiem-tra.csv`, `phan-hoi/chua-nop.csv` and the draft báo cáo
/// (on the other).
fn whole_outputs(
    cfg: &Config,
    c: &Consolidated,
    outcome: &Outcome,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let book_name = format!("tong-hop-{}.xlsx", cfg.period.code());
    let draft = format!("bao-cao-{}.docx", cfg.period.code());
    let (book, rest) = rayon::join(
        || workbook::tong_hop_xlsx(&cfg.plan, c, &outcome.findings, cfg.date),
        || {
            let docx = tonghop::write::bao_cao::bao_cao_docx(&cfg.plan, c, cfg.date);
            let csvs = [
                ("du-lieu/nhiem-vu.csv", data::nhiem_vu_csv(outcome)),
                ("du-lieu/chi-tieu.csv", data::chi_tieu_csv(outcome, c)),
                ("kiem-tra.csv", feedback::kiem_tra_csv(&outcome.findings)),
                (
                    "phan-hoi/chua-nop.csv",
                    feedback::chua_nop_csv(&cfg.plan, outcome),
                ),
            ];
            (docx, csvs)
        },
    );
    let (docx, csvs) = rest;
    let mut files = BTreeMap::new();
    files.insert(
        book_name.clone(),
        fit(book.map_err(|e| xlsx_err(cfg, &book_name, e))?),
    );
    let docx = docx.map_err(|e| Error::Output {
        path: cfg.out.join(&draft),
        source: std::io::Error::other(e),
    })?;
    files.insert(draft, fit(docx));
    for (name, bytes) in csvs {
        files.insert(name.to_string(), fit(bytes));
    }
    Ok(files)
}

/// Each unit's outputs: `phan-hoi/<ma-don-vi>.xlsx` for each unit that
/// sent a file (counted, superseded or excluded: each needs to know what
/// happened to its file), built on all cores, then the email drafts that
/// carry them.
fn unit_outputs(
    cfg: &Config,
    outcome: &Outcome,
) -> Result<(BTreeMap<String, Vec<u8>>, mail::Drafts), Error> {
    let senders: BTreeSet<&str> = outcome
        .files
        .iter()
        .filter_map(|f| f.unit.as_deref())
        .chain(outcome.unusable.iter().map(String::as_str))
        .collect();
    let senders: Vec<&str> = senders.into_iter().collect();
    let books: Vec<(String, Result<Vec<u8>, rust_xlsxwriter::XlsxError>)> = senders
        .par_iter()
        .map(|unit| {
            (
                format!("phan-hoi/{unit}.xlsx"),
                feedback::feedback_xlsx(&cfg.plan, cfg.period, cfg.date, unit, outcome).map(fit),
            )
        })
        .collect();
    let mut files = BTreeMap::new();
    for (name, book) in books {
        let book = book.map_err(|e| xlsx_err(cfg, &name, e))?;
        files.insert(name, book);
    }
    let drafts = mail::run_drafts(&cfg.plan, cfg.period, cfg.date, outcome, &files)
        .map_err(|e| xlsx_err(cfg, mail::DIR, e))?;
    Ok((files, drafts))
}

/// What changed since the set now in `out/<ky>/`, when there is one (the
/// previous manifest and exports are streamed, not held).
fn changes(
    cfg: &Config,
    out: &OutputDir,
    outcome: &Outcome,
    c: &Consolidated,
) -> Option<tonghop::model::Changes> {
    let previous = Previous::read(out.path());
    match (previous.exists(), out.next_history()) {
        (true, Some(h)) => Some(manifest::changes(&cfg.plan, &previous, outcome, c, h)),
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

/// An output's bytes without the spare room left by growing the buffer
/// (up to as much again): the whole set is held until it is written.
fn fit(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.shrink_to_fit();
    bytes
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
                .map_or(String::new(), |ticks| format!(" cpu={:.2}", ticks as f64 / 100.0));
            eprintln!(
                "thoi-gian {stage} {:.3}{}{}{}",
                t.elapsed().as_secs_f64(),
                cpu,
                mib("rss", "VmRSS:"),
                mib("peak", "VmHWM:")
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
        .map(|c| plan.unit(c).map_or_else(|| c.clone(), |u| u.name.clone()))
        .collect()
}

fn print_summary(
    cfg: &Config,
    c: &Consolidated,
    files: usize,
    outputs: &BTreeMap<String, Vec<u8>>,
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
