//! `manifest.json`: what a run read and wrote (OUTPUTS.md), and what changed
//! since the previous run of the same period.
//!
//! `ke_hoach.sha256` is one SHA-256 over the four plan files concatenated in
//! the order `ke-hoach.csv`, `don-vi.csv`, `nhiem-vu.csv`, `chi-tieu.csv`
//! (one value to compare; the generator of the test corpora uses the same
//! definition), and `ke_hoach.tep` gives each file's own hash. `dau_ra` maps
//! every other output of the set (path relative to `out/<ky>/`, with `/`) to
//! its SHA-256; the manifest cannot list its own hash. Keys are sorted and
//! the JSON is pretty-printed, so the same run gives the same bytes.
//!
//! `thay_doi` is present on a rerun ([`changes`]): reports new and replaced,
//! units newly counted (and no longer counted), consolidated values that
//! moved, findings resolved and new, and task statuses and shares that
//! moved, each compared with the set moved to `lich-su/<n>/`. What the
//! previous run left is read by [`crate::history::Previous`]; findings are
//! matched by [`FindingRef::key`] (rule, unit, task or indicator code; not
//! the cell). The same changes are listed in `thay-doi.csv`
//! ([`thay_doi_csv`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use crate::history::{
    Changes, FileEntry, FindingRef, Manifest, Move, NewReport, PlanRef, Previous, TaskRow, UnitRef,
    ValueChange,
};
use crate::plan::{Period, Plan};
use crate::validate::Outcome;

/// The status recorded in a move for a task row that one of the two runs
/// does not have.
pub use crate::model::NO_REPORT;

mod changes;
#[cfg(test)]
mod tests;
mod thay_doi;

pub use changes::{changes, TaskMoves};
pub use thay_doi::{thay_doi_csv, THAY_DOI_COLUMNS};

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// SHA-256 of a byte slice, raw.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// SHA-256 of a file, read in blocks.
///
/// # Errors
/// The I/O error when the file cannot be read.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

/// A writer that hashes what passes through it: the SHA-256 of an output
/// written as it is made, never held whole.
#[derive(Debug)]
pub struct HashingWriter<W> {
    inner: W,
    hash: Sha256,
}

impl<W: std::io::Write> HashingWriter<W> {
    /// Hashes what is written to `inner`.
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter {
            inner,
            hash: Sha256::new(),
        }
    }

    /// The writer back, and the SHA-256 of everything written.
    pub fn finish(self) -> (W, [u8; 32]) {
        (self.inner, self.hash.finalize().into())
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Bytes as lower-case hex.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// The combined SHA-256 of the plan files (see the module docs), as the
/// plan loader computed it over the bytes it parsed.
pub fn plan_sha256(plan: &Plan) -> String {
    plan.sha256_combined.clone()
}

/// Everything [`manifest_json`] needs besides the outcome.
pub struct RunInfo<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Its combined hash ([`plan_sha256`]).
    pub plan_sha256: String,
    /// The period.
    pub period: Period,
    /// The date printed.
    pub date: chrono::NaiveDate,
}

/// Builds the manifest of a run.
///
/// `outputs`: the SHA-256 (hex) of every other file of the set, by path
/// relative to `out/<ky>/` ([`crate::write::output::Staging::hashes`]).
pub fn manifest(
    run: &RunInfo<'_>,
    outcome: &Outcome,
    outputs: &BTreeMap<String, String>,
    changes: Option<Changes>,
) -> Manifest {
    let mut dem_loi = BTreeMap::new();
    for f in &outcome.findings {
        *dem_loi.entry(f.rule.code().to_string()).or_insert(0) += 1;
    }
    Manifest {
        cong_cu: format!("tonghop {}", env!("CARGO_PKG_VERSION")),
        ke_hoach: PlanRef {
            ma: run.plan.info.id.clone(),
            sha256: run.plan_sha256.clone(),
            tep: run.plan.sha256.clone(),
        },
        ky: run.period.code(),
        ngay: run.date.format("%Y-%m-%d").to_string(),
        tep: outcome
            .files
            .iter()
            .map(|f| FileEntry {
                duong_dan: f.rel.clone(),
                kich_thuoc: f.size,
                sha256: f.sha256.clone(),
                ma_don_vi: f.unit.clone(),
                trang_thai: f.status.code().to_string(),
                ma_loi: f.rule.map(|r| r.code().to_string()),
                ngay_bao_cao: f.report_date.map(|d| d.format("%Y-%m-%d").to_string()),
            })
            .collect(),
        khong_su_dung_duoc: outcome.unusable.clone(),
        dem_loi,
        dau_ra: outputs.clone(),
        thay_doi: changes,
    }
}

/// The manifest as pretty JSON with a final newline.
pub fn manifest_json(m: &Manifest) -> Vec<u8> {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut b = serde_json::to_vec_pretty(m).unwrap_or_default();
    b.push(b'\n');
    b
}
