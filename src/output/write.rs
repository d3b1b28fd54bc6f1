//! Files written whole or not at all: staged beside their target, then renamed.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::{PART_PREFIX, PART_SUFFIX, folder_of, reason};
use crate::error::{Error, NextStep, Result};

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
            "{} already exist{}",
            taken.join(" and "),
            if taken.len() == 1 { "s" } else { "" }
        ))
        .nothing_written()
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
        // `Plan::check` refused these before anything was written; this is
        // for whatever appeared since.
        if force
            && let Ok(meta) = target.symlink_metadata()
            && !super::plan::replaceable(&meta)
        {
            return Err(super::plan::not_replaceable(&target, &meta));
        }
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
