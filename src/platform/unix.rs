//! The file rules on Unix: modes, `O_NOFOLLOW`, inodes and uids.

use std::fs::{self, DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

/// A folder mikit creates is readable by its owner only.
pub fn private_dir(builder: &mut DirBuilder) {
    builder.mode(0o700);
}

/// Opens (creating if missing) the lock file at `path`, owner-only, never
/// through a symbolic link.
pub fn open_lock(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Opens an existing file to read, never through a symbolic link and never
/// waiting (a FIFO planted under a `.part` name would block).
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Whether the directory entry `path` (not followed) is the file `held`.
pub fn is_entry_of(path: &Path, held: &File) -> bool {
    match (path.symlink_metadata(), held.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether two paths name the same existing file (through links or not).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the file `meta` describes belongs to the owner of `mine`.
pub fn same_owner(meta: &Metadata, _path: &Path, mine: &File) -> bool {
    mine.metadata().is_ok_and(|m| m.uid() == meta.uid())
}

/// Errors that mean the file system cannot lock at all (a few FUSE and
/// network ones), rather than that someone else holds the lock.
pub fn cannot_lock(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::ENOSYS)
        )
}

/// What a file that is neither a folder, a regular file nor a link is.
pub fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}
