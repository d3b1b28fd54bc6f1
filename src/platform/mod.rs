//! What the file rules of `output.rs` mean on each system: a private folder,
//! a file opened without following a link, telling two names of one file
//! apart, whose a file is, and which lock failures mean "cannot lock here".
//!
//! On Unix these are modes, `O_NOFOLLOW`, device and inode numbers and uids.
//! On Windows: the folder's inherited access list (a user's own folders are
//! private to them), `FILE_FLAG_OPEN_REPARSE_POINT` with a refusal of any
//! reparse point (symbolic link or junction), the volume serial number and
//! file index of an open handle, and the owner SID against the current
//! user's. The README says what the Windows build promises.

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;
