//! The history numbers and the repair of what an interrupted run left.

use std::fs;
use std::io;
use std::path::PathBuf;

use super::files::{checked_rel, entries};
use super::{OutputDir, COMPLETE, HISTORY, MOVING_IN, MOVING_OUT, STAGING_PREFIX};
use crate::messages;

impl OutputDir {
    pub(super) fn history_dir(&self, n: u64) -> PathBuf {
        self.dir.join(HISTORY).join(n.to_string())
    }

    /// The history numbers in use.
    pub(super) fn history_numbers(&self) -> Vec<u64> {
        let mut v: Vec<u64> = entries(&self.dir.join(HISTORY))
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.parse::<u64>().ok())
            .collect();
        v.sort_unstable();
        v
    }

    pub(super) fn next_number(&self) -> u64 {
        self.history_numbers().last().map_or(1, |n| n + 1)
    }

    /// A `lich-su/<n>/` whose move was interrupted, with the names it lists.
    pub(super) fn pending_history(&self) -> io::Result<Option<(u64, Vec<String>)>> {
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

    pub(super) fn recover(&mut self) -> io::Result<()> {
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
