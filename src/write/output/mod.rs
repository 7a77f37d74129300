//! Writing a run's output set into `out/<ky>/` so that an interrupted run
//! never leaves a half-written file under an output's name, keeping every
//! earlier set in `lich-su/<n>/`, with one run per period at a time.
//!
//! # The switch
//!
//! 1. **Stage.** Every file is written and synced in `out/<ky>/.tmp-<pid>/`;
//!    then the marker `.xong` is written there: the staged set is complete.
//!    A file byte-identical to the current set's file of the same path is
//!    not written again: the staged name becomes a second name (a hard
//!    link) of that file, which is on disk already. A rerun where one report
//!    changed thus creates a handful of files, not thousands (creating a
//!    file costs far more than naming one, most of all on a filesystem that
//!    has just deleted many). Where links cannot be made (FAT, some network
//!    drives), the bytes are written.
//! 2. **Keep the previous set.** The entries of the previous set (the names
//!    the new set has, `manifest.json`, and the top-level names of the
//!    previous manifest's `dau_ra`) move into `lich-su/<n>/`, `n` = the
//!    highest number there + 1, never reused; except the files
//!    byte-identical to the staged file of the same path: they stay where
//!    they are and the identical new file replaces them, so an identical
//!    rerun keeps only its manifest in `lich-su/<n>/` (which records every
//!    file's hash), never a second full copy. A file's bytes are thus kept
//!    once, in the newest set that has them: in `out/<ky>/` or a later
//!    `lich-su/<m>/`. The history never shares a file with the current set:
//!    once the switch is done each file has one name again (an edit through
//!    a shared name would change the history). First
//!    `lich-su/<n>/.dang-chuyen` is written, listing the paths that move;
//!    `manifest.json` moves first; the marker is removed when all have
//!    moved. Then `.xong` is renamed `.vao`: the previous set is safe.
//! 3. **Move in.** Every staged entry is renamed into `out/<ky>/`,
//!    `manifest.json` last; a folder still at that name (the previous
//!    set's, whose files all stayed, or one made by hand) is first renamed
//!    into the staging folder. Then the staging folder is removed.
//!
//! Every step is a rename within one folder tree, so each name holds either
//! a complete old file or a complete new one. `out/<ky>/manifest.json`
//! exists only when the set beside it is complete. Other entries of
//! `out/<ky>/` (the forms of `bieu-mau/`, anything a person put there) are
//! never touched.
//!
//! # Recovery
//!
//! [`OutputDir::open`] takes the lock and then repairs what a killed run
//! left, before anything else:
//! - a staging folder without `.xong` is incomplete: removed (the previous
//!   set never moved);
//! - a staging folder with `.xong`: the switch is finished from step 2 (a
//!   `lich-su/<n>/` holding `.dang-chuyen` is completed with the names it
//!   lists); with `.vao`: from step 3;
//! - a `lich-su/<n>/` with `.dang-chuyen` and no complete staging folder
//!   (not produced by the steps above, but possible after a manual clean):
//!   its entries move back;
//! - an empty `lich-su/<n>/` (a crash between creating it and writing its
//!   marker) is removed.
//!
//! # The lock
//!
//! `out/<ky>/.khoa` is locked with [`std::fs::File::try_lock`] for the whole
//! run; a second run of the same period is refused ([`Error::Busy`]). The
//! operating system releases the lock when the process ends, however it
//! ends, so a crashed run never leaves it stuck. The file itself stays.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod files;
use files::checked_rel;
mod recover;
mod staging;
mod switch;
pub use staging::Staging;
#[cfg(test)]
mod tests;

use crate::messages;
use crate::Error;

/// The lock file inside `out/<ky>/`.
pub const LOCK: &str = ".khoa";
/// The history folder inside `out/<ky>/`.
pub const HISTORY: &str = "lich-su";
/// The manifest, moved out first and in last.
pub const MANIFEST: &str = "manifest.json";
const STAGING_PREFIX: &str = ".tmp-";
const COMPLETE: &str = ".xong";
const MOVING_IN: &str = ".vao";
const MOVING_OUT: &str = ".dang-chuyen";

/// A step of the switch, for tests that simulate a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// After writing this many staged files.
    Staged(usize),
    /// After moving this many previous entries to the history.
    MovedOut(usize),
    /// After marking the previous set safe.
    PreviousSafe,
    /// After moving this many new entries in.
    MovedIn(usize),
}

/// `out/<ky>/`, locked for this run.
#[derive(Debug)]
pub struct OutputDir {
    dir: PathBuf,
    _lock: Option<File>,
    /// What the recovery repaired, for the run to print.
    pub recovered: Vec<String>,
}

/// The result of writing a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where the previous set went (`lich-su/<n>`), when there was one.
    pub history: Option<String>,
}

fn out_err(path: &Path, source: io::Error) -> Error {
    Error::Output {
        path: path.to_path_buf(),
        source,
    }
}

impl OutputDir {
    /// Creates `dir` (`out/<ky>/`) when needed, takes its lock and repairs
    /// what an interrupted run left.
    ///
    /// # Errors
    /// [`Error::Output`] when the folder cannot be created or written (for
    /// example `out/` is a file); [`Error::Busy`] when another run holds the
    /// lock.
    pub fn open(dir: &Path) -> Result<OutputDir, Error> {
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            if parent.exists() && !parent.is_dir() {
                return Err(out_err(
                    parent,
                    io::Error::other(messages::not_a_folder(parent)),
                ));
            }
        }
        if dir.exists() && !dir.is_dir() {
            return Err(out_err(dir, io::Error::other(messages::not_a_folder(dir))));
        }
        fs::create_dir_all(dir).map_err(|e| out_err(dir, e))?;
        let lock_path = dir.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| out_err(&lock_path, e))?;
        let lock = match file.try_lock() {
            Ok(()) => Some(file),
            Err(fs::TryLockError::WouldBlock) => return Err(Error::Busy(messages::busy(dir))),
            // A file system without locks: run unlocked rather than not at all.
            Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => None,
            Err(fs::TryLockError::Error(e)) => return Err(out_err(&lock_path, e)),
        };
        let mut out = OutputDir {
            dir: dir.to_path_buf(),
            _lock: lock,
            recovered: Vec::new(),
        };
        out.recover().map_err(|e| out_err(dir, e))?;
        Ok(out)
    }

    /// The folder, `out/<ky>/`.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Where the current set would go if a set were written now
    /// (`lich-su/<n>`), when there is a current set.
    pub fn next_history(&self) -> Option<String> {
        if self.current_names(&BTreeSet::new()).is_empty() {
            return None;
        }
        Some(format!("{HISTORY}/{}", self.next_number()))
    }

    /// Writes `files` (path relative to `out/<ky>/` with `/` → bytes) as the
    /// new set, moving the current one to `lich-su/<n>/`.
    ///
    /// # Errors
    /// [`Error::Output`] when a file cannot be written or moved. Before the
    /// switch starts the staging folder is removed and the current set is
    /// untouched; during it, the next run's recovery finishes it.
    pub fn write_set(&self, files: &BTreeMap<String, Vec<u8>>) -> Result<Written, Error> {
        self.write_set_with(files, &mut |_| Ok(()))
    }

    /// Writes `files` (path relative to `out/<ky>/` with `/` → bytes) beside
    /// the set, each to a temporary name in its folder, synced, then renamed
    /// over the old one: for the outputs that are not part of the set and
    /// never move to the history (the forms in `bieu-mau/`, the drafts of
    /// `status`). Returns the paths written, in the order of `files`.
    ///
    /// # Errors
    /// [`Error::Output`] naming the file or folder that could not be
    /// written; the files written before it stay.
    pub fn write_beside(&self, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
        let mut written = Vec::with_capacity(files.len());
        for (rel, bytes) in files {
            let path = self
                .dir
                .join(checked_rel(rel).map_err(|e| out_err(&self.dir.join(rel), e))?);
            let dir = path.parent().unwrap_or(&self.dir);
            fs::create_dir_all(dir).map_err(|e| out_err(dir, e))?;
            let fail = |e: io::Error| out_err(&path, e);
            let mut tmp = tempfile::Builder::new()
                .prefix(".tonghop-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(fail)?;
            tmp.write_all(bytes).map_err(fail)?;
            tmp.as_file().sync_all().map_err(fail)?;
            tmp.persist(&path).map_err(|e| fail(e.error))?;
            written.push(path);
        }
        Ok(written)
    }
}
