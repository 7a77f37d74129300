//! `tonghop run`: the batch job. Plan → discover → read (in parallel) →
//! validate → consolidate → build every output's bytes → write the set
//! atomically into `out/<ky>/` (see [`tonghop::write::output`]) → summary.
//!
//! The lock on `out/<ky>/` is taken first, so a second run of the period is
//! refused before it reads anything. Files are read on every core with
//! rayon; each file becomes its small [`Candidate`] at once, so no more
//! workbooks are in memory than there are threads. Candidates are sorted by
//! path before [`validate::finish`], so the outputs do not depend on the
//! order the threads finish in.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tonghop::consolidate::{self, Consolidated};
use tonghop::discover::{self, InputFile};
use tonghop::plan::{Period, PeriodKind, Plan};
use tonghop::read::{self, Limits};
use tonghop::validate::{self, Candidate, Context, Outcome};
use tonghop::write::manifest::{self, Previous, RunInfo};
use tonghop::write::output::{OutputDir, MANIFEST};
use tonghop::write::{data, feedback, workbook};
use tonghop::{messages, Error, ExitCode};

use crate::cli::RunArgs;
use crate::config::Config;

/// Runs the batch for one period.
pub fn run(args: &RunArgs) -> Result<ExitCode, Error> {
    let cfg = Config::new(&args.common)?;
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
    let ctx = context(&out_root, cfg.period);
    let candidates = read_all(&cfg, &ctx, &files);
    let outcome = validate::finish(&cfg.plan, cfg.period, candidates);
    let last_year = read_csv(&chi_tieu_path(&out_root, cfg.period.previous_year()))
        .map(|b| data::read_totals(&b));
    let c = consolidate::consolidate(&cfg.plan, cfg.period, &outcome, last_year.as_ref());

    let mut outputs = build_outputs(&cfg, &c, &outcome)?;
    let previous = Previous::read(out.path());
    let changes = match (previous.exists(), out.next_history()) {
        (true, Some(h)) => Some(manifest::changes(&previous, &outcome, h)),
        _ => None,
    };
    let run = RunInfo {
        plan: &cfg.plan,
        plan_sha256: manifest::plan_sha256(&cfg.plan),
        period: cfg.period,
        date: cfg.date,
    };
    let m = manifest::manifest(&run, &outcome, &outputs, changes.clone());
    outputs.insert(MANIFEST.to_string(), manifest::manifest_json(&m));
    let written = out.write_set(&outputs)?;

    if !cfg.quiet {
        print_summary(&cfg, &c, files.len(), &outputs, written.history.as_deref());
        if let Some(ch) = &changes {
            let mut o = std::io::stdout().lock();
            let _ = write!(o, "{}", messages::changes(ch));
        }
    }
    if args.strict && c.submission.errors > 0 {
        return Ok(ExitCode::StrictErrors);
    }
    Ok(ExitCode::Done)
}

/// A workbook that could not be built is an output that cannot be written.
fn xlsx_err(cfg: &Config, path: &str, e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Output {
        path: cfg.out.join(path),
        source: std::io::Error::other(e),
    }
}

/// Every output of the set but the manifest, by path relative to
/// `out/<ky>/`: the consolidated workbook, the data exports, `kiem-tra.csv`,
/// `phan-hoi/chua-nop.csv` and `phan-hoi/<ma-don-vi>.xlsx` for each unit
/// that sent a file (counted, superseded or excluded: each needs to know what
/// happened to its file). The workbooks are built on all cores.
fn build_outputs(
    cfg: &Config,
    c: &Consolidated,
    outcome: &Outcome,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let senders: BTreeSet<&str> = outcome
        .files
        .iter()
        .filter_map(|f| f.unit.as_deref())
        .collect();
    // None: the consolidated workbook; Some(unit): that unit's feedback.
    let jobs: Vec<Option<&str>> = std::iter::once(None)
        .chain(senders.into_iter().map(Some))
        .collect();
    let books: Vec<(String, Result<Vec<u8>, rust_xlsxwriter::XlsxError>)> = jobs
        .par_iter()
        .map(|job| match job {
            None => (
                format!("tong-hop-{}.xlsx", cfg.period.code()),
                workbook::tong_hop_xlsx(&cfg.plan, c, &outcome.findings, cfg.date).map(fit),
            ),
            Some(unit) => (
                format!("phan-hoi/{unit}.xlsx"),
                feedback::feedback_xlsx(&cfg.plan, cfg.period, cfg.date, unit, outcome).map(fit),
            ),
        })
        .collect();
    let mut files = BTreeMap::new();
    for (name, book) in books {
        let book = book.map_err(|e| xlsx_err(cfg, &name, e))?;
        files.insert(name, book);
    }
    files.insert(
        "du-lieu/nhiem-vu.csv".into(),
        fit(data::nhiem_vu_csv(outcome)),
    );
    files.insert(
        "du-lieu/chi-tieu.csv".into(),
        fit(data::chi_tieu_csv(outcome, c)),
    );
    let draft = format!("bao-cao-{}.docx", cfg.period.code());
    let docx = tonghop::write::bao_cao::bao_cao_docx(&cfg.plan, c, cfg.date).map_err(|e| {
        Error::Output {
            path: cfg.out.join(&draft),
            source: std::io::Error::other(e),
        }
    })?;
    files.insert(draft, fit(docx));
    files.insert(
        "kiem-tra.csv".into(),
        fit(feedback::kiem_tra_csv(&outcome.findings)),
    );
    files.insert(
        "phan-hoi/chua-nop.csv".into(),
        fit(feedback::chua_nop_csv(&cfg.plan, outcome)),
    );
    Ok(files)
}

/// The sub-folders of the inbox root, sorted.
fn period_folders(root: &Path) -> Vec<String> {
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

fn chi_tieu_path(out_root: &Path, p: Period) -> PathBuf {
    out_root.join(p.code()).join("du-lieu").join("chi-tieu.csv")
}

fn read_csv(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

/// I04 needs the first half's unit values when the period is a year.
fn context(out_root: &Path, period: Period) -> Context {
    let first_half = match period.kind {
        PeriodKind::Year => read_csv(&chi_tieu_path(out_root, Period::first_half(period.year)))
            .map(|b| data::read_unit_values(&b)),
        PeriodKind::FirstHalf => None,
    };
    Context { first_half }
}

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
}

/// Reads and checks every file on all cores; candidates sorted by path.
fn read_all(cfg: &Config, ctx: &Context, files: &[InputFile]) -> Vec<Candidate> {
    let progress = Progress::new(files.len(), cfg.quiet);
    let limits = Limits::default();
    let mut out: Vec<Candidate> = files
        .par_iter()
        .map(|f| {
            let c = check_one(cfg, ctx, &limits, f);
            progress.tick(&f.rel);
            c
        })
        .collect();
    progress.finish();
    out.sort_by(|a, b| a.outcome.rel.as_bytes().cmp(b.outcome.rel.as_bytes()));
    out
}

fn check_one(cfg: &Config, ctx: &Context, limits: &Limits, f: &InputFile) -> Candidate {
    let sha = manifest::sha256_file(&f.path).unwrap_or_default();
    let read = read::read_input(f, limits);
    validate::check_file(&cfg.plan, cfg.period, ctx, f, sha, read)
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
    for k in outputs.keys() {
        if k.starts_with("phan-hoi/") && k.ends_with(".xlsx") {
            feedback += 1;
        } else {
            shown.push(k.clone());
        }
    }
    if feedback > 0 {
        shown.push(messages::feedback_count(feedback));
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
