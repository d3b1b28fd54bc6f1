//! Writing files safely. Every file mikit writes goes through here: it is
//! made as a fresh `.mikit-*.part` file (mode 0600, created exclusively, so
//! nothing pre-placed is ever opened or followed) in the target's folder and
//! renamed into place, which replaces a symlink rather than writing through
//! it. Files that belong together are renamed together or not at all, and a
//! folder is locked while a run writes into it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, NextStep, Result};
use crate::platform;

/// What an unfinished file is called until it is renamed into place; a run
/// removes the ones an earlier, killed run left behind.
const PART_PREFIX: &str = ".mikit-";
const PART_SUFFIX: &str = ".part";
/// Held while a run writes into a folder, and removed when it ends.
pub const LOCK_NAME: &str = ".mikit.lock";

/// Creates `dir` (and its parents) if missing, readable by the owner only.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    platform::private_dir(&mut builder);
    builder.create(dir).map_err(|e| {
        Error::cant_create(format!(
            "cannot create the folder {}: {}",
            dir.display(),
            reason(&e)
        ))
    })
}

/// Refuses, before anything is written, when a target exists and `force` is off.
pub fn check_free(paths: &[PathBuf], force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    let taken: Vec<String> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    if taken.is_empty() {
        Ok(())
    } else {
        Err(Error::cant_create(format!(
            "{} already exist{}; nothing was written",
            taken.join(" and "),
            if taken.len() == 1 { "s" } else { "" }
        ))
        .with_next(NextStep::ReplaceOrElsewhere))
    }
}

/// Writes one file whole or not at all (see [`write_together`]).
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_together(&[(path, bytes)], force)
}

/// Writes several files that belong together (a customer's kit and prep
/// sheet): each is written in full beside its target first, then all are
/// renamed into place. When any write or rename fails, none of them is left.
pub fn write_together(files: &[(&Path, &[u8])], force: bool) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let mut part = Staged::new(path)?;
        part.write_all(bytes).map_err(|e| part.fail(&e))?;
        staged.push(part);
    }
    let mut placed: Vec<PathBuf> = Vec::with_capacity(staged.len());
    for part in staged {
        let target = part.target.clone();
        if let Err(e) = part.commit(force) {
            for path in &placed {
                let _ = fs::remove_file(path);
            }
            return Err(e);
        }
        placed.push(target);
    }
    Ok(())
}

/// A file being written beside its target, as `.mikit-*.part`, until
/// [`Staged::commit`] renames it into place. Dropped uncommitted, it is removed.
pub struct Staged {
    target: PathBuf,
    tmp: NamedTempFile,
}

impl Staged {
    pub fn new(target: &Path) -> Result<Staged> {
        let tmp = tempfile::Builder::new()
            .prefix(PART_PREFIX)
            .suffix(PART_SUFFIX)
            .tempfile_in(folder_of(target))
            .map_err(|e| {
                Error::cant_create(format!("cannot write {}: {}", target.display(), reason(&e)))
            })?;
        // Held until this process ends: a run cleaning up after a killed one
        // can tell that this file is still being written.
        let _ = tmp.as_file().try_lock();
        Ok(Staged {
            target: target.to_path_buf(),
            tmp,
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The error for a failed write, naming the target (never the .part file).
    pub fn fail(&self, e: &io::Error) -> Error {
        Error::cant_create(format!(
            "cannot write {}: {}",
            self.target.display(),
            reason(e)
        ))
    }

    /// Renames the file into place; without `force`, never over an existing one.
    pub fn commit(self, force: bool) -> Result<()> {
        self.commit_open(force).map(drop)
    }

    /// [`Staged::commit`], keeping the file open to write on (the manifest
    /// grows in place after it is renamed, so an interrupted run still has one).
    pub fn commit_open(self, force: bool) -> Result<File> {
        let target = self.target;
        let persisted = if force {
            self.tmp.persist(&target)
        } else {
            self.tmp.persist_noclobber(&target)
        };
        persisted.map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                Error::cant_create(format!("{} already exists", target.display()))
                    .with_next(NextStep::Replace)
            } else {
                Error::cant_create(format!(
                    "cannot write {}: {}",
                    target.display(),
                    reason(&e.error)
                ))
            }
        })
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

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
                        "another mikit run is writing into {}; nothing was written",
                        dir.display()
                    ))
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

/// The folder a file is written in: its parent, or "." for a bare name.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `path` made absolute with every symlink resolved, as far as it exists:
/// for comparing paths that may not exist yet.
pub fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) if parent != absolute => resolved(parent).join(name),
        _ => absolute,
    }
}

/// Whether two paths name the same existing file (through links or not).
pub fn same_file(a: &Path, b: &Path) -> bool {
    platform::same_file(a, b)
}

pub fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "the folder does not exist".into(),
        io::ErrorKind::StorageFull => "no space left on the disk".into(),
        _ => e.to_string(),
    }
}
