//! Writing a run's output set into `out/<ky>/` so that an interrupted run
//! never leaves a half-written file under an output's name, keeping every
//! earlier set in `lich-su/<n>/`, with one run per period at a time.
//!
//! # The switch
//!
//! 1. **Stage.** Every file is written and synced in `out/<ky>/.tmp-<pid>/`;
//!    then the marker `.xong` is written there: the staged set is complete.
//! 2. **Keep the previous set.** The entries of the previous set (the names
//!    the new set has, `manifest.json`, and the top-level names of the
//!    previous manifest's `dau_ra`) move into `lich-su/<n>/`, `n` = the
//!    highest number there + 1, never reused; except the files
//!    byte-identical to the staged file of the same path: they stay where
//!    they are and the identical new file replaces them, so an identical
//!    rerun keeps only its manifest in `lich-su/<n>/` (which records every
//!    file's hash), never a second full copy. A file's bytes are thus kept
//!    once, in the newest set that has them: in `out/<ky>/` or a later
//!    `lich-su/<m>/`. No hard links (they fail on network and FAT drives,
//!    and an edit through one would change the history). First
//!    `lich-su/<n>/.dang-chuyen` is written, listing the paths that move;
//!    `manifest.json` moves first; the marker is removed when all have
//!    moved. Then `.xong` is renamed `.vao`: the previous set is safe.
//! 3. **Move in.** Every staged entry is renamed into `out/<ky>/`,
//!    `manifest.json` last; then the staging folder is removed.
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
use std::path::{Component, Path, PathBuf};

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

    pub(crate) fn write_set_with(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Written, Error> {
        let staging = self
            .dir
            .join(format!("{STAGING_PREFIX}{}", std::process::id()));
        if let Err(e) = self.stage(&staging, files, crash) {
            // Not a crash: clean up; the current set never moved.
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        self.switch(&staging, crash)
    }

    fn stage(
        &self,
        staging: &Path,
        files: &BTreeMap<String, Vec<u8>>,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<(), Error> {
        if staging.exists() {
            fs::remove_dir_all(staging).map_err(|e| out_err(staging, e))?;
        }
        fs::create_dir_all(staging).map_err(|e| out_err(staging, e))?;
        for (i, (rel, bytes)) in files.iter().enumerate() {
            let path = staging.join(checked_rel(rel).map_err(|e| out_err(&self.dir.join(rel), e))?);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(|e| out_err(p, e))?;
            }
            fs::write(&path, bytes).map_err(|e| out_err(&self.dir.join(rel), e))?;
            crash(Step::Staged(i + 1)).map_err(|e| out_err(&path, e))?;
        }
        // One flush to disk for the whole set, many files at a time: a
        // thousand feedback workbooks synced one by one cost seconds. The set
        // is not marked complete until every file is on disk.
        use rayon::prelude::*;
        files.par_iter().try_for_each(|(rel, _)| {
            let path = staging.join(checked_rel(rel).map_err(|e| out_err(&self.dir.join(rel), e))?);
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| out_err(&self.dir.join(rel), e))
        })?;
        sync_dirs(staging);
        write_synced(&staging.join(COMPLETE), b"").map_err(|e| out_err(staging, e))?;
        sync_dir(staging);
        Ok(())
    }

    /// Steps 2 and 3 for a complete staging folder.
    fn switch(
        &self,
        staging: &Path,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Written, Error> {
        let err = |e| out_err(&self.dir, e);
        let mut history = None;
        if staging.join(COMPLETE).exists() {
            history = self.move_out(staging, crash).map_err(err)?;
            fs::rename(staging.join(COMPLETE), staging.join(MOVING_IN)).map_err(err)?;
            sync_dir(staging);
            crash(Step::PreviousSafe).map_err(err)?;
        }
        self.move_in(staging, crash).map_err(err)?;
        Ok(Written { history })
    }

    /// Step 2: the current set to `lich-su/<n>/` (or finishing a
    /// half-moved one).
    fn move_out(
        &self,
        staging: &Path,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> io::Result<Option<String>> {
        let (n, names) = match self.pending_history()? {
            Some((n, names)) => (n, names),
            None => {
                let new: BTreeSet<String> = entries(staging)?
                    .into_iter()
                    .filter(|n| !n.starts_with('.'))
                    .collect();
                let names = self.current_names(&new);
                if names.is_empty() {
                    return Ok(None);
                }
                let moves = self.changed_paths(staging, &names)?;
                let n = self.next_number();
                let h = self.history_dir(n);
                fs::create_dir_all(&h)?;
                write_synced(&h.join(MOVING_OUT), moves.join("\n").as_bytes())?;
                sync_dir(&h);
                (n, moves)
            }
        };
        let h = self.history_dir(n);
        for (i, name) in names.iter().enumerate() {
            let from = self.dir.join(name);
            if from.symlink_metadata().is_ok() {
                let to = h.join(name);
                if let Some(p) = to.parent() {
                    fs::create_dir_all(p)?;
                }
                fs::rename(&from, to)?;
            }
            crash(Step::MovedOut(i + 1))?;
        }
        sync_dirs(&h);
        sync_dir(&self.dir);
        fs::remove_file(h.join(MOVING_OUT))?;
        sync_dir(&h);
        Ok(Some(format!("{HISTORY}/{n}")))
    }

    /// The paths of the current set's entries `names` that must move to
    /// the history: every file, except those byte-identical to the staged
    /// file of the same path (they stay, the identical new file replaces
    /// them, and the kept manifest records their hash). A folder is listed
    /// whole when none of its files is kept, else file by file. The
    /// manifest first.
    fn changed_paths(&self, staging: &Path, names: &[String]) -> io::Result<Vec<String>> {
        let mut out = Vec::new();
        for name in names {
            let path = self.dir.join(name);
            let meta = path.symlink_metadata()?;
            if !meta.is_dir() {
                if name == MANIFEST || !same_file(&path, &staging.join(name)) {
                    out.push(name.clone());
                }
                continue;
            }
            let mut files = Vec::new();
            let mut kept = false;
            for e in walkdir::WalkDir::new(&path).follow_links(false) {
                let e = e.map_err(io::Error::other)?;
                if e.file_type().is_dir() {
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(&self.dir)
                    .map_err(io::Error::other)?
                    .to_string_lossy()
                    .replace('\\', "/");
                if same_file(e.path(), &staging.join(&rel)) {
                    kept = true;
                } else {
                    files.push(rel);
                }
            }
            if kept {
                files.sort();
                out.extend(files);
            } else {
                out.push(name.clone());
            }
        }
        Ok(out)
    }

    /// Step 3: the staged entries into `out/<ky>/`, `manifest.json` last.
    fn move_in(
        &self,
        staging: &Path,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut names: Vec<String> = entries(staging)?
            .into_iter()
            .filter(|n| !n.starts_with('.'))
            .collect();
        // The manifest last: it exists only beside a complete set.
        names.sort_by_key(|n| (n == MANIFEST, n.clone()));
        for (i, name) in names.iter().enumerate() {
            let to = self.dir.join(name);
            if to.is_dir() {
                // Left by hand where the set goes; the set wins.
                fs::remove_dir_all(&to)?;
            }
            fs::rename(staging.join(name), &to)?;
            crash(Step::MovedIn(i + 1))?;
        }
        sync_dir(&self.dir);
        fs::remove_dir_all(staging)?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// The entries of the current set: `manifest.json`, the names `also`
    /// (the new set's), and the top-level names of the current manifest's
    /// `dau_ra`; only those that exist, `manifest.json` first.
    fn current_names(&self, also: &BTreeSet<String>) -> Vec<String> {
        let mut want: BTreeSet<String> = also.clone();
        want.insert(MANIFEST.to_string());
        if let Some(m) = fs::read(self.dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice::<super::manifest::Manifest>(&b).ok())
        {
            for k in m.dau_ra.keys() {
                if let Some(first) = k.split('/').next().filter(|s| !s.is_empty()) {
                    want.insert(first.to_string());
                }
            }
        }
        want.retain(|n| {
            !n.starts_with('.')
                && n != HISTORY
                && checked_rel(n).is_ok()
                && self.dir.join(n).symlink_metadata().is_ok()
        });
        let mut names: Vec<String> = want.into_iter().collect();
        names.sort_by_key(|n| (n != MANIFEST, n.clone()));
        names
    }

    fn history_dir(&self, n: u64) -> PathBuf {
        self.dir.join(HISTORY).join(n.to_string())
    }

    /// The history numbers in use.
    fn history_numbers(&self) -> Vec<u64> {
        let mut v: Vec<u64> = entries(&self.dir.join(HISTORY))
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.parse::<u64>().ok())
            .collect();
        v.sort_unstable();
        v
    }

    fn next_number(&self) -> u64 {
        self.history_numbers().last().map_or(1, |n| n + 1)
    }

    /// A `lich-su/<n>/` whose move was interrupted, with the names it lists.
    fn pending_history(&self) -> io::Result<Option<(u64, Vec<String>)>> {
        for n in self.history_numbers() {
            let marker = self.history_dir(n).join(MOVING_OUT);
            if let Ok(text) = fs::read_to_string(&marker) {
                let names = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && checked_rel(l).is_ok())
                    .map(str::to_string)
                    .collect();
                return Ok(Some((n, names)));
            }
        }
        Ok(None)
    }

    fn recover(&mut self) -> io::Result<()> {
        let mut staged: Vec<PathBuf> = entries(&self.dir)?
            .into_iter()
            .filter(|n| n.starts_with(STAGING_PREFIX))
            .map(|n| self.dir.join(n))
            .collect();
        staged.sort();
        let mut finished = false;
        for s in staged {
            let complete = s.join(COMPLETE).exists() || s.join(MOVING_IN).exists();
            if complete && !finished {
                self.switch(&s, &mut |_| Ok(()))
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.recovered.push(messages::recovered_set());
                finished = true;
            } else {
                fs::remove_dir_all(&s)?;
                self.recovered.push(messages::recovered_staging());
            }
        }
        // A half-moved previous set with nothing to replace it: move it back.
        if let Some((n, names)) = self.pending_history()? {
            let h = self.history_dir(n);
            for name in &names {
                let from = h.join(name);
                let to = self.dir.join(name);
                if from.symlink_metadata().is_ok() && to.symlink_metadata().is_err() {
                    if let Some(p) = to.parent() {
                        fs::create_dir_all(p)?;
                    }
                    fs::rename(&from, &to)?;
                }
            }
            fs::remove_file(h.join(MOVING_OUT))?;
            if entries(&h)?.is_empty() {
                fs::remove_dir(&h)?;
            }
            self.recovered.push(messages::recovered_previous());
        }
        for n in self.history_numbers() {
            let h = self.history_dir(n);
            if entries(&h).is_ok_and(|e| e.is_empty()) {
                fs::remove_dir(&h)?;
            }
        }
        Ok(())
    }
}

impl OutputDir {
    /// Writes a few files into the current set, each to a temporary name
    /// beside it and renamed over it (no history, no switch): what
    /// `status --thu` writes. Returns how many were written.
    ///
    /// # Errors
    /// [`Error::Output`] naming the file that could not be written.
    pub fn write_files(&self, files: &BTreeMap<String, Vec<u8>>) -> Result<usize, Error> {
        for (rel, bytes) in files {
            let target = self.dir.join(rel);
            let path = checked_rel(rel)
                .map(|p| self.dir.join(p))
                .map_err(|e| out_err(&target, e))?;
            let parent = path.parent().unwrap_or(&self.dir).to_path_buf();
            fs::create_dir_all(&parent).map_err(|e| out_err(&parent, e))?;
            let tmp = parent.join(format!("{STAGING_PREFIX}{}.tmp", std::process::id()));
            write_synced(&tmp, bytes)
                .and_then(|()| fs::rename(&tmp, &path))
                .map_err(|e| {
                    let _ = fs::remove_file(&tmp);
                    out_err(&target, e)
                })?;
            sync_dir(&parent);
        }
        Ok(files.len())
    }
}

/// Whether two files have the same bytes (false when either cannot be
/// read), compared block by block.
fn same_file(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (a.symlink_metadata(), b.symlink_metadata()) else {
        return false;
    };
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    let (Ok(fa), Ok(fb)) = (File::open(a), File::open(b)) else {
        return false;
    };
    let (mut ra, mut rb) = (io::BufReader::new(fa), io::BufReader::new(fb));
    let (mut xa, mut xb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let Ok(n) = ra.read(&mut xa) else {
            return false;
        };
        if n == 0 {
            return true;
        }
        if rb.read_exact(&mut xb[..n]).is_err() || xa[..n] != xb[..n] {
            return false;
        }
    }
}

/// A relative path of plain components, as a path.
fn checked_rel(rel: &str) -> io::Result<PathBuf> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("'{rel}'"),
        ))
    }
}

/// The names in a folder, sorted; empty when it does not exist.
fn entries(dir: &Path) -> io::Result<Vec<String>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut v = Vec::new();
    for e in rd {
        v.push(e?.file_name().to_string_lossy().into_owned());
    }
    v.sort();
    Ok(v)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in `dir` durable (best effort; not every system can).
fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

fn sync_dirs(root: &Path) {
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_dir() {
            sync_dir(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(tag: &str) -> BTreeMap<String, Vec<u8>> {
        [
            "tong-hop-2020-H1.xlsx",
            "kiem-tra.csv",
            "du-lieu/nhiem-vu.csv",
            "du-lieu/chi-tieu.csv",
            "phan-hoi/SCT.xlsx",
            MANIFEST,
        ]
        .iter()
        .map(|p| (p.to_string(), format!("{tag}:{p}").into_bytes()))
        .collect()
    }

    /// The set in `dir` (or None when any file is missing) as its tag; panics
    /// when files of different sets are mixed.
    fn tag_of(dir: &Path) -> Option<String> {
        let mut tags = BTreeSet::new();
        for p in set("x").keys() {
            let b = fs::read(dir.join(p)).ok()?;
            let s = String::from_utf8(b).unwrap();
            tags.insert(s.split(':').next().unwrap().to_string());
        }
        assert_eq!(tags.len(), 1, "mixed set in {}", dir.display());
        tags.into_iter().next()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn identical_rerun_keeps_only_its_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out/2020-H1");
        let mut first = set("a");
        first.insert(MANIFEST.into(), b"manifest 1".to_vec());
        OutputDir::open(&dir).unwrap().write_set(&first).unwrap();
        // The same files, a new manifest (it names the previous set).
        let mut second = first.clone();
        second.insert(MANIFEST.into(), b"manifest 2".to_vec());
        let w = OutputDir::open(&dir).unwrap().write_set(&second).unwrap();
        assert_eq!(w.history.as_deref(), Some("lich-su/1"));
        assert_eq!(listing(&dir.join("lich-su/1")), [MANIFEST]);
        assert_eq!(
            fs::read(dir.join("lich-su/1").join(MANIFEST)).unwrap(),
            b"manifest 1"
        );
        for (k, v) in &second {
            assert_eq!(&fs::read(dir.join(k)).unwrap(), v, "{k}");
        }
        // One file changed: only it (and the manifest) goes to the history.
        let mut third = second.clone();
        third.insert("phan-hoi/SCT.xlsx".into(), b"sct v2".to_vec());
        third.insert(MANIFEST.into(), b"manifest 3".to_vec());
        OutputDir::open(&dir).unwrap().write_set(&third).unwrap();
        assert_eq!(
            listing(&dir.join("lich-su/2")),
            [MANIFEST, "phan-hoi/SCT.xlsx"]
        );
        assert_eq!(
            fs::read(dir.join("lich-su/2/phan-hoi/SCT.xlsx")).unwrap(),
            b"a:phan-hoi/SCT.xlsx"
        );
        for (k, v) in &third {
            assert_eq!(&fs::read(dir.join(k)).unwrap(), v, "{k}");
        }
    }

    #[test]
    fn rerun_moves_previous_sets_to_history() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out/2020-H1");
        fs::create_dir_all(dir.join("bieu-mau")).unwrap();
        fs::write(dir.join("bieu-mau/SCT.xlsx"), b"form").unwrap();
        for (i, tag) in ["a", "b", "c"].iter().enumerate() {
            let out = OutputDir::open(&dir).unwrap();
            let expect = (i > 0).then(|| format!("lich-su/{i}"));
            assert_eq!(out.next_history(), expect);
            let w = out.write_set(&set(tag)).unwrap();
            assert_eq!(w.history, expect);
        }
        assert_eq!(tag_of(&dir).as_deref(), Some("c"));
        assert_eq!(tag_of(&dir.join("lich-su/1")).as_deref(), Some("a"));
        assert_eq!(tag_of(&dir.join("lich-su/2")).as_deref(), Some("b"));
        // The forms are not part of a run's set.
        assert_eq!(fs::read(dir.join("bieu-mau/SCT.xlsx")).unwrap(), b"form");
        assert!(!dir.join("lich-su/1/bieu-mau").exists());
        let l = listing(&dir);
        assert!(l.iter().all(|p| !p.contains(".tmp-")), "{l:?}");
    }

    #[test]
    fn second_run_is_refused_while_the_first_holds_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2020");
        let first = OutputDir::open(&dir).unwrap();
        match OutputDir::open(&dir) {
            Err(Error::Busy(msg)) => assert!(msg.contains("đang có một lần chạy khác")),
            other => panic!("{other:?}"),
        }
        drop(first);
        OutputDir::open(&dir).unwrap();
    }

    #[test]
    fn out_that_is_a_file_is_an_output_error() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::write(&out, b"not a folder").unwrap();
        match OutputDir::open(&out.join("2020-H1")) {
            Err(Error::Output { path, .. }) => assert_eq!(path, out),
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(&out).unwrap(), b"not a folder");
    }

    #[test]
    fn bad_relative_paths_are_refused_before_anything_moves() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("k");
        let out = OutputDir::open(&dir).unwrap();
        out.write_set(&set("a")).unwrap();
        let mut bad = set("b");
        bad.insert("../escape.csv".into(), b"x".to_vec());
        assert!(matches!(out.write_set(&bad), Err(Error::Output { .. })));
        assert_eq!(tag_of(&dir).as_deref(), Some("a"));
        assert!(!tmp.path().join("escape.csv").exists());
        assert!(listing(&dir).iter().all(|p| !p.contains(".tmp-")));
    }

    /// Simulates a crash at every step of a rerun; after the next open, the
    /// folder holds one complete set and every earlier complete set is in
    /// place or in the history, never mixed.
    #[test]
    fn a_crash_at_any_step_leaves_complete_sets() {
        let steps = {
            let mut v: Vec<Step> = (1..=6).map(Step::Staged).collect();
            v.extend((1..=5).map(Step::MovedOut));
            v.push(Step::PreviousSafe);
            v.extend((1..=5).map(Step::MovedIn));
            v
        };
        for step in steps {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("2020-H1");
            OutputDir::open(&dir)
                .unwrap()
                .write_set(&set("old"))
                .unwrap();
            {
                let out = OutputDir::open(&dir).unwrap();
                let r = out.write_set_with(&set("new"), &mut |s| {
                    if s == step {
                        Err(io::Error::other("crash"))
                    } else {
                        Ok(())
                    }
                });
                assert!(r.is_err(), "{step:?}");
                // Every name holds a whole file of one set or another.
                for p in listing(&dir) {
                    let b = fs::read_to_string(dir.join(&p)).unwrap();
                    assert!(
                        b.is_empty()
                            || b.starts_with("old:")
                            || b.starts_with("new:")
                            || p.ends_with(MOVING_OUT),
                        "{step:?}: {p} = {b}"
                    );
                }
            }
            let out = OutputDir::open(&dir).unwrap();
            let now = tag_of(&dir);
            let hist = tag_of(&dir.join("lich-su/1"));
            match step {
                Step::Staged(_) => {
                    // Staging was incomplete: thrown away; nothing moved.
                    assert_eq!(now.as_deref(), Some("old"), "{step:?}");
                    assert!(!dir.join("lich-su/1").exists(), "{step:?}");
                }
                _ => {
                    // The staged set was complete: the switch is finished.
                    assert_eq!(now.as_deref(), Some("new"), "{step:?}");
                    assert_eq!(hist.as_deref(), Some("old"), "{step:?}");
                    assert!(!out.recovered.is_empty());
                }
            }
            assert!(
                listing(&dir)
                    .iter()
                    .all(|p| !p.contains(".tmp-") && !p.contains(MOVING_OUT)),
                "{step:?}: {:?}",
                listing(&dir)
            );
            // And a further run works normally.
            let w = out.write_set(&set("next")).unwrap();
            assert_eq!(tag_of(&dir).as_deref(), Some("next"));
            assert!(w.history.is_some());
        }
    }

    #[test]
    fn a_half_moved_set_without_replacement_moves_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2020-H1");
        OutputDir::open(&dir)
            .unwrap()
            .write_set(&set("old"))
            .unwrap();
        let h = dir.join("lich-su/1");
        fs::create_dir_all(&h).unwrap();
        fs::rename(dir.join(MANIFEST), h.join(MANIFEST)).unwrap();
        fs::write(h.join(MOVING_OUT), "manifest.json\nkiem-tra.csv\n").unwrap();
        fs::create_dir_all(dir.join("lich-su/2")).unwrap();
        let out = OutputDir::open(&dir).unwrap();
        assert_eq!(tag_of(&dir).as_deref(), Some("old"));
        assert!(!dir.join("lich-su/2").exists(), "empty history folders go");
        assert_eq!(out.recovered.len(), 1);
    }
}
