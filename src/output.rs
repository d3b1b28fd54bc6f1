//! Writing files safely: all or nothing, owner-only, never over an existing
//! file unless asked.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Creates `dir` (and its parents) if missing, readable by the owner only.
pub fn ensure_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
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
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if taken.is_empty() {
        Ok(())
    } else {
        Err(Error::cant_create(format!(
            "{} already exist{}; nothing was written. Use --force to replace, or -o to write elsewhere",
            taken.join(" and "),
            if taken.len() == 1 { "s" } else { "" }
        )))
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees half a file. The file is mode 0600.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: &std::io::Error| {
        Error::cant_create(format!("cannot write {}: {}", path.display(), reason(e)))
    };
    // tempfile creates the file with mode 0600, which the rename keeps.
    let mut tmp = tempfile::Builder::new()
        .prefix(".mikit-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::cant_create(format!(
                "{} already exists; use --force to replace it",
                path.display()
            ))
        } else {
            fail(&e.error)
        }
    })?;
    Ok(())
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "the folder does not exist".into(),
        _ => e.to_string(),
    }
}
