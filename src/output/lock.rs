//! One run at a time in a folder, and what a killed run left behind.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::{PART_PREFIX, PART_SUFFIX, reason};
use crate::error::{Error, NextStep, Result};
use crate::platform;

/// Held while a run writes into a folder, and removed when it ends.
pub const LOCK_NAME: &str = ".mikit.lock";

/// A folder a run is writing into. While one run holds it, another is
/// refused rather than interleaving its files and manifest with the first.
pub struct FolderLock {
    path: PathBuf,
    file: File,
}

impl FolderLock {
    /// Locks `dir` (which must exist) for this process.
    pub fn acquire(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK_NAME);
        let fail = |e: &io::Error| {
            Error::cant_create(format!(
                "cannot lock the folder {} ({}): {}",
                dir.display(),
                LOCK_NAME,
                reason(e)
            ))
        };
        // A lock file removed by the run that held it between our open and
        // our lock is no lock: try again on the new one.
        for _ in 0..100 {
            let file = platform::open_lock(&path).map_err(|e| fail(&e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::cant_create(format!(
                        "another mikit run is writing into {}",
                        dir.display()
                    ))
                    .nothing_written()
                    .with_next(NextStep::WaitOrElsewhere));
                }
                // Some file systems (a few FUSE and network ones) cannot
                // lock at all: write without the guard rather than not at all.
                Err(fs::TryLockError::Error(e)) if cannot_lock(&e) => {
                    return Ok(FolderLock { path, file });
                }
                Err(fs::TryLockError::Error(e)) => return Err(fail(&e)),
            }
            if platform::is_entry_of(&path, &file) {
                return Ok(FolderLock { path, file });
            }
        }
        Err(fail(&io::Error::other("it keeps changing")))
    }

    /// Removes the `.mikit-*.part` files that a killed run left in the
    /// folder: only regular files of ours that no live process holds.
    /// Returns how many were removed.
    pub fn remove_stale_parts(&self) -> usize {
        let Some(dir) = self.path.parent() else {
            return 0;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(PART_PREFIX) && name.ends_with(PART_SUFFIX)) {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = path.symlink_metadata() else {
                continue;
            };
            if !meta.file_type().is_file() || !platform::same_owner(&meta, &path, &self.file) {
                continue;
            }
            let Ok(part) = platform::open_no_follow(&path) else {
                continue;
            };
            // Its writer holds a lock on it while it lives.
            if part.try_lock().is_err() {
                continue;
            }
            if platform::is_entry_of(&path, &part) && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still held, so that no other run can lock the old file.
        let _ = fs::remove_file(&self.path);
    }
}

fn cannot_lock(e: &io::Error) -> bool {
    platform::cannot_lock(e)
}
