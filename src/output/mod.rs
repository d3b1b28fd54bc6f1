//! Writing files safely. Every file mikit writes goes through here: it is
//! made as a fresh `.mikit-*.part` file (mode 0600, created exclusively, so
//! nothing pre-placed is ever opened or followed) in the target's folder and
//! renamed into place, which replaces a symlink rather than writing through
//! it. Files that belong together are renamed together or not at all, and a
//! folder is locked while a run writes into it. What a run may write at all,
//! given what it reads, is decided once, in [`Plan`], for `build` and `batch`.

mod lock;
mod plan;
mod write;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::platform;

pub use lock::{FolderLock, LOCK_NAME};
pub use plan::{Plan, Writing};
pub use write::{Staged, check_free, write_atomic, write_together};

/// What an unfinished file is called until it is renamed into place; a run
/// removes the ones an earlier, killed run left behind.
const PART_PREFIX: &str = ".mikit-";
const PART_SUFFIX: &str = ".part";

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
