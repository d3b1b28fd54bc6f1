//! manifest.csv: what happened to every customer, written as the run goes so
//! that even an interrupted run leaves an account of what was done.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub struct Manifest {
    path: PathBuf,
    writer: csv::Writer<File>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    /// The run was interrupted before this customer's turn.
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
    pub fn create(path: &Path, force: bool) -> Result<Manifest> {
        let mut options = OpenOptions::new();
        options.write(true);
        if force {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(path)
            .map_err(|e| Error::cant_create(format!("cannot write {}: {e}", path.display())))?;
        let mut manifest = Manifest {
            path: path.to_path_buf(),
            writer: csv::Writer::from_writer(file),
        };
        manifest.row(&["line", "status", "files", "error"])?;
        Ok(manifest)
    }

    /// One customer's line. `error` must not carry personal data: callers pass
    /// messages with the offending values left out.
    pub fn record(
        &mut self,
        line: usize,
        status: Status,
        files: &[String],
        error: &str,
    ) -> Result<()> {
        self.row(&[&line.to_string(), status.as_str(), &files.join(" "), error])
    }

    fn row(&mut self, cells: &[&str]) -> Result<()> {
        self.writer
            .write_record(cells)
            .map_err(|e| Error::cant_create(format!("cannot write {}: {e}", self.path.display())))
    }

    /// Pushes what has been recorded to disk, so a killed run still has it.
    pub fn flush(&mut self) -> Result<()> {
        self.writer
            .flush()
            .map_err(|e| Error::cant_create(format!("cannot write {}: {e}", self.path.display())))
    }
}
