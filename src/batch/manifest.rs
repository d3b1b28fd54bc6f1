//! manifest.csv: what happened to every customer, written as the run goes so
//! that even an interrupted run leaves an account of what was done. Rows go
//! in a chunk at a time, after the chunk's files are on disk; a chunk whose
//! rows cannot be written is cut off again, so the manifest never claims a
//! file that is not there.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{self, Staged};

pub struct Manifest {
    path: PathBuf,
    file: File,
    /// Bytes of the file that hold whole, committed rows.
    committed: u64,
    pending: csv::Writer<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    /// The run was interrupted (or the disk filled up) before this
    /// customer's files were written.
    NotDone,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::NotDone => "not done",
        }
    }
}

impl Manifest {
    /// Puts a manifest of just the header row in place at `path`.
    pub fn create(path: &Path, force: bool) -> Result<Manifest> {
        let mut header = csv::Writer::from_writer(Vec::new());
        let fail = |e: &std::io::Error| {
            Error::cant_create(format!(
                "cannot write {}: {}",
                path.display(),
                output::reason(e)
            ))
        };
        header
            .write_record(["line", "status", "files", "error"])
            .map_err(|e| fail(&e.into()))?;
        let header = header.into_inner().map_err(|e| fail(e.error()))?;
        let mut staged = Staged::new(path)?;
        staged.write_all(&header).map_err(|e| fail(&e))?;
        let file = staged.commit_open(force)?;
        Ok(Manifest {
            path: path.to_path_buf(),
            file,
            committed: header.len() as u64,
            pending: csv::Writer::from_writer(Vec::new()),
        })
    }

    /// One customer's line. `error` must not carry personal data: callers pass
    /// messages with the offending values left out.
    pub fn record(&mut self, line: usize, status: Status, files: &[String], error: &str) {
        let cells = [
            line.to_string(),
            status.as_str().to_string(),
            cell(&files.join(" ")),
            cell(error),
        ];
        // Into memory: cannot fail.
        let _ = self.pending.write_record(&cells);
    }

    /// Writes the rows recorded since the last commit to disk, all or none:
    /// on failure the file is cut back to its last whole chunk.
    pub fn commit(&mut self) -> Result<()> {
        let pending = std::mem::replace(&mut self.pending, csv::Writer::from_writer(Vec::new()));
        // Writing into memory cannot fail.
        let rows = pending.into_inner().ok().unwrap_or_default();
        if rows.is_empty() {
            return Ok(());
        }
        match self.file.write_all(&rows).and_then(|_| self.file.flush()) {
            Ok(()) => {
                self.committed += rows.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Shrinking a file needs no space, so this works on a full disk.
                let _ = self.file.set_len(self.committed);
                Err(Error::cant_create(format!(
                    "cannot write {}: {}",
                    self.path.display(),
                    output::reason(&e)
                )))
            }
        }
    }
}

pub use crate::manifest_cells::{cell, problems_cell};
