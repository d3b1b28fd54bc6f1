//! Reading the details: from a file or standard input, with one clear line
//! for every way that can fail.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use crate::details::{self, Details, Parsed};
use crate::error::{Error, ExitCode, NextStep, Result};
use crate::problem::Problem;

/// A details file that passed validation, and the warnings worth showing.
pub struct Loaded {
    pub details: Details,
    /// Each naming its file.
    pub warnings: Vec<Problem>,
}

/// Reads a details file (`-` reads standard input) without judging it.
pub fn read(path: &Path, today: NaiveDate) -> Result<Parsed> {
    let origin = origin(path);
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(Error::data(format!("{origin}: the file is empty"))
            .with_next(NextStep::CreateDetails(origin)));
    }
    Ok(details::read(&text, today))
}

/// `mikit check` on a details file (`-` reads standard input): see
/// [`crate::api::check`].
pub fn check(path: &Path, today: NaiveDate) -> Result<crate::api::Checked> {
    let origin = origin(path);
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(Error::data(format!("{origin}: the file is empty"))
            .with_next(NextStep::CreateDetails(origin)));
    }
    Ok(crate::api::check(&text, today))
}

/// Reads and validates a details file; any error refuses the whole file.
pub fn read_details(path: &Path, today: NaiveDate) -> Result<Loaded> {
    let origin = origin(path);
    let parsed = read(path, today)?;
    let errors = parsed.error_count();
    let warnings = parsed.warnings().count();
    let problems: Vec<Problem> = parsed
        .problems
        .into_iter()
        .map(|p| p.in_file(&origin))
        .collect();
    if errors == 0 {
        return Ok(Loaded {
            details: parsed.details,
            warnings: problems,
        });
    }
    let summary = format!(
        "{}{} in {origin}",
        count(errors, "error"),
        if warnings > 0 {
            format!(" and {}", count(warnings, "warning"))
        } else {
            String::new()
        },
    );
    Err(Error::problems(ExitCode::DataErr, problems, summary).nothing_written())
}

/// How a file is named in messages: `<stdin>` for standard input.
pub fn origin(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A details file is a few kilobytes; anything past this is not one, and is
/// refused before it costs memory or time.
pub const MAX_DETAILS_BYTES: u64 = 1024 * 1024;

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

fn read_text(path: &Path) -> Result<String> {
    let origin = origin(path);
    read_bounded(path, MAX_DETAILS_BYTES).map_err(|unread| match unread {
        Unread::Missing => unread
            .error(&origin)
            .with_next(NextStep::CreateDetails(origin.clone())),
        Unread::Folder => Error::no_input(format!(
            "{origin} is a folder; give the details file inside it"
        )),
        Unread::Io(e) if path.as_os_str() == "-" => {
            Error::no_input(format!("cannot read standard input: {e}"))
        }
        _ => unread.error(&origin),
    })
}
