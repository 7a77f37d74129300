//! The switch: moving the previous set to the history, moving the new one
//! in (the module's steps 2 and 3), and linking a staged output to the
//! current set's identical file.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::files::{checked_rel, entries, file_has, same_file, sync_dir, sync_dirs, write_synced};
use super::{
    out_err, OutputDir, Step, Written, COMPLETE, HISTORY, MANIFEST, MOVING_IN, MOVING_OUT,
};
use crate::Error;

impl OutputDir {
    /// Stages the current set's file at `rel` under `to` when it has exactly
    /// `bytes`: a second name of the same file (step 1). False when there is
    /// no such file or it cannot be linked; the bytes are then written.
    pub(super) fn link_identical(&self, rel: &str, to: &Path, bytes: &[u8]) -> bool {
        let from = self.dir.join(rel);
        file_has(&from, bytes) && fs::hard_link(&from, to).is_ok()
    }

    /// Replaces the staged file `staged` by a link to the current set's file
    /// at `rel` when both have the same bytes (compared block by block, the
    /// way [`Self::link_identical`] does before writing). The link is made
    /// beside it and renamed over it, so the staged output is never lost.
    pub(super) fn link_if_identical(&self, rel: &str, staged: &Path) {
        let from = self.dir.join(rel);
        if !same_file(&from, staged) {
            return;
        }
        let mut beside = staged.as_os_str().to_owned();
        beside.push(".lien-ket");
        let beside = PathBuf::from(beside);
        if fs::hard_link(&from, &beside).is_ok() && fs::rename(&beside, staged).is_err() {
            let _ = fs::remove_file(&beside);
        }
    }

    /// Steps 2 and 3 for a complete staging folder.
    pub(super) fn switch(
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
    pub(super) fn move_out(
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
    pub(super) fn changed_paths(
        &self,
        staging: &Path,
        names: &[String],
    ) -> io::Result<Vec<String>> {
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
    pub(super) fn move_in(
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
                // The previous set's folder whose files all stayed (each is
                // identical to its staged file), or one left by hand where
                // the set goes: the set wins. It is renamed into the staging
                // folder and removed with it once the set is in, so the
                // name is without a folder only between two renames, never
                // while a thousand files are deleted.
                let aside = staging.join(format!(".cu-{name}"));
                if aside.symlink_metadata().is_ok() {
                    fs::remove_dir_all(&aside)?;
                }
                fs::rename(&to, &aside)?;
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
    pub(super) fn current_names(&self, also: &BTreeSet<String>) -> Vec<String> {
        let mut want: BTreeSet<String> = also.clone();
        want.insert(MANIFEST.to_string());
        if let Some(m) = fs::read(self.dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice::<crate::write::manifest::Manifest>(&b).ok())
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
}
