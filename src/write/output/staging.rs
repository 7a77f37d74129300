//! Step 1: staging a new set, each output written (or linked) as soon as it
//! is made, then made durable and marked complete.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::files::{checked_rel, sync_dir, sync_staged, write_new, write_synced};
use super::{out_err, OutputDir, Step, Written, COMPLETE, STAGING_PREFIX};
use crate::Error;

/// A new set being staged in `out/<ky>/.tmp-<pid>/` (step 1): each output
/// goes to disk as soon as it is made, so a run never holds the whole set
/// (at 5,000 units, 166 MB). [`Staging::finish`] makes it durable, marks it
/// complete and switches it in; dropped before that, the folder is removed
/// and the current set is untouched.
#[derive(Debug)]
pub struct Staging<'o> {
    out: &'o OutputDir,
    dir: PathBuf,
    /// What has been staged.
    staged: Mutex<Staged>,
    /// The folders made so far.
    dirs: Mutex<BTreeSet<PathBuf>>,
    done: bool,
}

/// The staged outputs: their paths in one string and their hashes in one
/// list. A run stages thousands of outputs while it builds the others; a
/// small allocation kept for each (a path, a hex string) sat between the
/// freed buffers of the builds and kept them from being reused: at 5,000
/// units the peak grew by 300 MB, depending on the length of the output
/// folder's path.
#[derive(Debug, Default)]
struct Staged {
    names: String,
    /// (start, end) of each path in `names`, and its SHA-256.
    entries: Vec<(usize, usize, [u8; 32])>,
    /// A hash of each path, to tell a new path at once.
    seen: std::collections::HashSet<u64>,
}

impl Staged {
    fn key(rel: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        rel.hash(&mut h);
        h.finish()
    }

    fn position(&self, rel: &str) -> Option<usize> {
        if !self.seen.contains(&Self::key(rel)) {
            return None;
        }
        self.entries
            .iter()
            .position(|&(a, b, _)| &self.names[a..b] == rel)
    }

    fn contains(&self, rel: &str) -> bool {
        self.position(rel).is_some()
    }

    fn insert(&mut self, rel: &str, sha: [u8; 32]) {
        match self.position(rel) {
            Some(i) => self.entries[i].2 = sha,
            None => {
                let start = self.names.len();
                self.names.push_str(rel);
                self.entries.push((start, self.names.len(), sha));
                self.seen.insert(Self::key(rel));
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, [u8; 32])> {
        self.entries
            .iter()
            .map(|&(a, b, sha)| (&self.names[a..b], sha))
    }
}

impl OutputDir {
    /// Starts staging a new set.
    ///
    /// # Errors
    /// [`Error::Output`] when the staging folder cannot be made.
    pub fn staging(&self) -> Result<Staging<'_>, Error> {
        let dir = self
            .dir
            .join(format!("{STAGING_PREFIX}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| out_err(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| out_err(&dir, e))?;
        Ok(Staging {
            out: self,
            dirs: Mutex::new(BTreeSet::from([dir.clone()])),
            dir,
            staged: Mutex::new(Staged::default()),
            done: false,
        })
    }

    pub(crate) fn write_set_with(
        &self,
        files: &BTreeMap<String, Vec<u8>>,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Written, Error> {
        let staging = self.staging()?;
        use rayon::prelude::*;
        files
            .par_iter()
            .try_for_each(|(rel, bytes)| staging.put(rel, bytes))?;
        staging.finish_with(crash)
    }
}

impl Staging<'_> {
    /// Stages the output at `rel` (relative to `out/<ky>/`, with `/`), not
    /// yet synced; a second output at the same path replaces the first. May
    /// be called from several threads at once.
    ///
    /// # Errors
    /// [`Error::Output`] naming the file when it cannot be written.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.out.dir.join(rel);
        let path = self.prepare(rel, &target)?;
        if !self.out.link_identical(rel, &path, bytes) {
            write_new(&path, bytes).map_err(|e| out_err(&target, e))?;
        }
        self.record(rel, crate::write::manifest::sha256(bytes));
        Ok(())
    }

    /// Stages the output at `rel` that `write` writes as it makes it, for
    /// the long ones (the data exports, the consolidated workbook): never
    /// held whole. Once written, it is compared with the current set's file
    /// and replaced by a link to it when they have the same bytes.
    ///
    /// # Errors
    /// [`Error::Output`] naming the file when it cannot be written, or the
    /// error `write` returns.
    pub fn put_streamed(
        &self,
        rel: &str,
        write: impl FnOnce(&mut (dyn io::Write + Send)) -> io::Result<()>,
    ) -> Result<(), Error> {
        let target = self.out.dir.join(rel);
        let path = self.prepare(rel, &target)?;
        let file = fs::File::create(&path).map_err(|e| out_err(&target, e))?;
        let mut w = crate::write::manifest::HashingWriter::new(file);
        write(&mut w).map_err(|e| out_err(&target, e))?;
        let (_, sha) = w.finish();
        self.out.link_if_identical(rel, &path);
        self.record(rel, sha);
        Ok(())
    }

    /// Stages the output at `rel` that `write` writes into its file, for a
    /// package whose writer seeks back to complete its headers (the draft
    /// báo cáo): never held whole. Hashed from the file once written, then
    /// linked like [`Staging::put_streamed`].
    ///
    /// # Errors
    /// As [`Staging::put_streamed`].
    pub fn put_file(
        &self,
        rel: &str,
        write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
    ) -> Result<(), Error> {
        use io::{Seek, Write};
        let target = self.out.dir.join(rel);
        let path = self.prepare(rel, &target)?;
        let err = |e| out_err(&target, e);
        let file = fs::File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .map_err(err)?;
        let mut w = io::BufWriter::with_capacity(1 << 16, file);
        write(&mut w).map_err(err)?;
        w.flush().map_err(err)?;
        let mut file = w.into_inner().map_err(|e| err(e.into_error()))?;
        file.rewind().map_err(err)?;
        let mut h = crate::write::manifest::HashingWriter::new(io::sink());
        io::copy(&mut file, &mut h).map_err(err)?;
        let (_, sha) = h.finish();
        drop(file);
        self.out.link_if_identical(rel, &path);
        self.record(rel, sha);
        Ok(())
    }

    /// The staged name of `rel`, its folder made and any earlier output
    /// at that path removed.
    fn prepare(&self, rel: &str, target: &Path) -> Result<PathBuf, Error> {
        let path = self
            .dir
            .join(checked_rel(rel).map_err(|e| out_err(target, e))?);
        if let Some(parent) = path.parent() {
            let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
            if !dirs.contains(parent) {
                fs::create_dir_all(parent).map_err(|e| out_err(parent, e))?;
                dirs.insert(parent.to_path_buf());
            }
        }
        let again = self
            .staged
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(rel);
        if again {
            // Never write through the name: it may be a link to the current
            // set's file.
            fs::remove_file(&path).map_err(|e| out_err(target, e))?;
        }
        Ok(path)
    }

    fn record(&self, rel: &str, sha: [u8; 32]) {
        self.staged
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel, sha);
    }

    /// Each staged output's SHA-256 (hex), by path: the manifest's `dau_ra`.
    pub fn hashes(&self) -> BTreeMap<String, String> {
        let staged = self.staged.lock().unwrap_or_else(|p| p.into_inner());
        staged
            .iter()
            .map(|(rel, sha)| (rel.to_string(), crate::write::manifest::hex(&sha)))
            .collect()
    }

    /// Makes the staged set durable, marks it complete and switches it in,
    /// moving the current set to `lich-su/<n>/` (steps 1 to 3).
    ///
    /// # Errors
    /// [`Error::Output`] when a file cannot be synced or moved. Before the
    /// switch starts the staging folder is removed and the current set is
    /// untouched; during it, the next run's recovery finishes it.
    pub fn finish(self) -> Result<Written, Error> {
        self.finish_with(&mut |_| Ok(()))
    }

    fn finish_with(
        mut self,
        crash: &mut dyn FnMut(Step) -> io::Result<()>,
    ) -> Result<Written, Error> {
        self.seal(crash)?;
        // From here on the folder is complete: the next run's recovery
        // finishes a switch cut short, so it is never removed.
        self.done = true;
        self.out.switch(&self.dir, crash)
    }

    /// The end of step 1: every staged file and folder on disk, then the
    /// mark that the set is complete.
    fn seal(&self, crash: &mut dyn FnMut(Step) -> io::Result<()>) -> Result<(), Error> {
        let staged = self.staged.lock().unwrap_or_else(|p| p.into_inner());
        let mut rels: Vec<&str> = staged.iter().map(|(rel, _)| rel).collect();
        rels.sort_unstable();
        let paths: Vec<PathBuf> = rels.iter().map(|rel| self.dir.join(rel)).collect();
        // A crash while staging leaves a folder without its completion mark,
        // which the next run removes, however many files were written.
        for (i, path) in paths.iter().enumerate() {
            crash(Step::Staged(i + 1)).map_err(|e| out_err(path, e))?;
        }
        // The whole set is flushed to disk at once: a thousand feedback
        // workbooks and drafts synced one by one cost seconds.
        let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
        sync_staged(&self.dir, &paths).map_err(|e| out_err(&self.dir, e))?;
        write_synced(&self.dir.join(COMPLETE), b"").map_err(|e| out_err(&self.dir, e))?;
        sync_dir(&self.dir);
        Ok(())
    }
}

impl Drop for Staging<'_> {
    /// A set that was not finished is not a crash: its folder is removed,
    /// and the current set never moved.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
