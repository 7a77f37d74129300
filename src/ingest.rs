//! The one read-and-check loop every command uses (`run`, `check`,
//! `status`), so that they all judge a file the same way: each file read
//! once (its bytes hashed and handed to the reader), checked with the same
//! context (the first half's outputs for I04), and the files given together
//! decided together (F06, F07, R01 in [`validate::finish`]).
//!
//! ```no_run
//! use tonghop::ingest::Inspector;
//! # fn demo(plan: &tonghop::plan::Plan, files: &[tonghop::discover::InputFile]) {
//! let period = "2020".parse().expect("a period");
//! let inspector = Inspector::new(plan, period, "out".as_ref());
//! let outcome = inspector.inspect_all(files, &|f| eprintln!("{}", f.rel));
//! println!("{} reports counted", outcome.counted.len());
//! # }
//! ```

use std::path::Path;

use rayon::prelude::*;

use crate::discover::InputFile;
use crate::plan::{Period, Plan};
use crate::read::{self, Limits, ReadError, Report};
use crate::validate::{self, Candidate, Context, Outcome};

/// One input file as read: its content's hash and what the reader made of
/// it (`None` for a file discovery skipped, F11).
#[derive(Debug)]
pub struct Inspected {
    /// SHA-256 of the content (hex), empty when it could not be read.
    pub sha256: String,
    /// The report, or why it could not be read.
    pub read: Option<Result<Report, ReadError>>,
}

impl Inspected {
    /// The period the report names in "Kỳ báo cáo", when it is an accepted
    /// spelling.
    pub fn period(&self) -> Option<Period> {
        let report = self.read.as_ref()?.as_ref().ok()?;
        validate::period_of(&report.info.period.as_ref()?.value)
    }
}

/// Reads one input file: its bytes once, hashed, then handed to the
/// reader, so the recorded hash describes the bytes that were validated. A
/// file discovery skipped (F11) and a file over the size limit are hashed
/// as they stream, never held whole.
pub fn read(input: &InputFile, limits: &Limits) -> Inspected {
    if input.kind.is_err() {
        return Inspected {
            sha256: sha256_file(&input.path).unwrap_or_default(),
            read: None,
        };
    }
    match read::file_bytes(&input.path, limits) {
        Ok(bytes) => Inspected {
            sha256: crate::write::manifest::sha256_hex(bytes.as_ref()),
            read: Some(read::read_bytes_with_timeout(
                bytes,
                limits,
                read::READ_TIME_LIMIT,
            )),
        },
        Err(e) => Inspected {
            sha256: sha256_file(&input.path).unwrap_or_default(),
            read: Some(Err(e)),
        },
    }
}

/// Checks the files of one period against a plan, with the context the
/// batch uses.
#[derive(Debug)]
pub struct Inspector<'p> {
    plan: &'p Plan,
    period: Period,
    ctx: Context,
    limits: Limits,
}

impl<'p> Inspector<'p> {
    /// An inspector for `period`; `out_root` is the folder that holds the
    /// outputs of every period (`out/`), where the first half's values for
    /// I04 are read back when `period` is a year.
    pub fn new(plan: &'p Plan, period: Period, out_root: &Path) -> Inspector<'p> {
        Inspector {
            plan,
            period,
            ctx: context(out_root, period),
            limits: Limits::default(),
        }
    }

    /// The period checked.
    pub fn period(&self) -> Period {
        self.period
    }

    /// Checks a file already read.
    pub fn check(&self, input: &InputFile, inspected: Inspected) -> Candidate {
        validate::check_file(
            self.plan,
            self.period,
            &self.ctx,
            input,
            inspected.sha256,
            inspected.read,
        )
    }

    /// Reads and checks one file on its own.
    pub fn inspect(&self, input: &InputFile) -> Candidate {
        self.check(input, read(input, &self.limits))
    }

    /// Decides across the candidates given together (F06, F07, R01). They
    /// are sorted by path first, so the outcome does not depend on the
    /// order they came in.
    pub fn finish(&self, mut candidates: Vec<Candidate>) -> Outcome {
        candidates.sort_by(|a, b| a.outcome.rel.as_bytes().cmp(b.outcome.rel.as_bytes()));
        validate::finish(self.plan, self.period, candidates)
    }

    /// Reads and checks every file on all cores, calling `on_progress`
    /// after each, then decides across them.
    pub fn inspect_all(
        &self,
        files: &[InputFile],
        on_progress: &(dyn Fn(&InputFile) + Sync),
    ) -> Outcome {
        let candidates: Vec<Candidate> = files
            .par_iter()
            .map(|f| {
                let c = self.inspect(f);
                on_progress(f);
                c
            })
            .collect();
        self.finish(candidates)
    }
}

/// I04 needs the first half's unit values when the period is a year.
fn context(out_root: &Path, period: Period) -> Context {
    Context {
        first_half: crate::history::first_half_values(out_root, period),
    }
}

/// SHA-256 of a file's content, hex.
fn sha256_file(path: &Path) -> std::io::Result<String> {
    crate::write::manifest::sha256_file(path)
}
