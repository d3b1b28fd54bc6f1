//! The file rules on Windows: access lists, reparse points, file indexes
//! and owner SIDs.

use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::os::windows::fs::{MetadataExt, OpenOptionsExt};
use std::os::windows::io::AsRawHandle;
use std::path::Path;

use windows_sys::Win32::Foundation::{
    ERROR_INVALID_FUNCTION, ERROR_NOT_SUPPORTED, ERROR_SUCCESS, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{GetSecurityInfo, SE_FILE_OBJECT};
use windows_sys::Win32::Security::{
    EqualSid, OWNER_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
};
use windows_sys::Win32::Storage::FileSystem::{
    FILE_ATTRIBUTE_REPARSE_POINT, FILE_FLAG_OPEN_REPARSE_POINT,
};

/// A new folder takes its parent's access list, as every Windows program's
/// does: inside the user's own folders that is the user (and the system and
/// administrators) only. Nothing to set here.
pub fn private_dir(_builder: &mut DirBuilder) {}

fn refuse_reparse_point(file: File) -> io::Result<File> {
    if file.metadata()?.file_attributes() & FILE_ATTRIBUTE_REPARSE_POINT != 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a link (a reparse point), which mikit does not follow",
        ));
    }
    Ok(file)
}

/// Opens (creating if missing) the lock file at `path`, never through a
/// symbolic link or junction: the link itself is opened, and refused.
pub fn open_lock(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)?;
    refuse_reparse_point(file)
}

/// Opens an existing file to read, never through a link.
pub fn open_no_follow(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)?;
    refuse_reparse_point(file)
}

fn handle_of(file: &File) -> Option<same_file::Handle> {
    same_file::Handle::from_file(file.try_clone().ok()?).ok()
}

/// Whether the directory entry `path` (not followed) is the file `held`:
/// the same volume serial number and file index.
pub fn is_entry_of(path: &Path, held: &File) -> bool {
    let Ok(entry) = open_no_follow(path) else {
        return false;
    };
    match (handle_of(&entry), handle_of(held)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Whether two paths name the same existing file (through links or not).
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Whether the file at `path` has the owner of `mine` (a file this run
/// made, so its owner is whoever Windows makes this user's files belong to:
/// the user, or the Administrators group for an elevated administrator).
pub fn same_owner(_meta: &Metadata, path: &Path, mine: &File) -> bool {
    let Ok(theirs) = open_no_follow(path) else {
        return false;
    };
    let (Some(a), Some(b)) = (Owner::of(&theirs), Owner::of(mine)) else {
        return false;
    };
    // SAFETY: both SIDs point into security descriptors that live as long as `a` and `b`.
    unsafe { EqualSid(a.sid, b.sid) != 0 }
}

/// A file's owner SID, inside the security descriptor Windows allocated.
struct Owner {
    sid: PSID,
    descriptor: PSECURITY_DESCRIPTOR,
}

impl Owner {
    fn of(file: &File) -> Option<Owner> {
        let mut sid: PSID = std::ptr::null_mut();
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: the handle is open for as long as `file` lives; the out
        // pointers are valid, and the descriptor is freed in `drop`.
        let status = unsafe {
            GetSecurityInfo(
                file.as_raw_handle() as _,
                SE_FILE_OBJECT,
                OWNER_SECURITY_INFORMATION,
                &mut sid,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                &mut descriptor,
            )
        };
        let owner = Owner { sid, descriptor };
        (status == ERROR_SUCCESS && !sid.is_null()).then_some(owner)
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        if !self.descriptor.is_null() {
            // SAFETY: allocated by GetSecurityInfo, freed once.
            unsafe { LocalFree(self.descriptor as _) };
        }
    }
}

/// Errors that mean the file system cannot lock at all (some network
/// shares), rather than that someone else holds the lock.
pub fn cannot_lock(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(
            e.raw_os_error().map(|c| c as u32),
            Some(ERROR_INVALID_FUNCTION | ERROR_NOT_SUPPORTED)
        )
}

/// What a file that is neither a folder, a regular file nor a link is:
/// Windows has no devices, FIFOs or sockets in a folder to tell apart.
pub fn special_kind(_kind: &std::fs::FileType) -> &'static str {
    "not a regular file"
}
