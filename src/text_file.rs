//! Reading an input file as text: bounded in size, UTF-8, a byte-order mark
//! dropped, and one clear reason for every way it can fail. Every file
//! mikit reads (details, shop, templates) comes through here.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, ExitCode};

/// Why an input file gave no text.
#[derive(Debug)]
pub enum Unread {
    Missing,
    Folder,
    /// More bytes than the limit the caller gave.
    TooBig(u64),
    /// The byte offset where UTF-8 stops.
    NotUtf8(usize),
    Io(std::io::Error),
}

impl Unread {
    /// EX_NOINPUT when the file could not be read, EX_DATAERR when what was
    /// read is not the text it should be.
    pub fn code(&self) -> ExitCode {
        match self {
            Unread::TooBig(_) | Unread::NotUtf8(_) => ExitCode::DataErr,
            _ => ExitCode::NoInput,
        }
    }

    /// What is wrong, after the file's name.
    pub fn message(&self) -> String {
        match self {
            Unread::Missing => "no such file; check the name".into(),
            Unread::Folder => "is a folder, not a file".into(),
            Unread::TooBig(limit) => format!(
                "more than {} KB, far more than this kind of file holds, so it is not one",
                limit / 1024
            ),
            Unread::NotUtf8(at) => {
                format!("not UTF-8 text (bad byte at offset {at}); save it as UTF-8 in your editor")
            }
            Unread::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "permission denied; check who owns the file".into()
            }
            Unread::Io(e) => format!("cannot read it: {e}"),
        }
    }

    /// The error for `origin`, the file as the person named it.
    pub fn error(&self, origin: &str) -> Error {
        Error::new(self.code(), format!("{origin}: {}", self.message()))
    }
}

/// Reads a text file (`-`: standard input) of at most `limit` bytes: the one
/// way every input file is read, so every one fails the same clear way.
/// A byte-order mark (Windows editors write one) is not content.
pub fn read_bounded(path: &Path, limit: u64) -> std::result::Result<String, Unread> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Unread::Io)?;
    } else {
        if path.is_dir() {
            return Err(Unread::Folder);
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Unread::Missing,
                _ => Unread::Io(e),
            })?;
    }
    if bytes.len() as u64 > limit {
        return Err(Unread::TooBig(limit));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| Unread::NotUtf8(e.utf8_error().valid_up_to()))?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}
