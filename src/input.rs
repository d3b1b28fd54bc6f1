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

/// Reads and validates a details file; any error refuses the whole file.
pub fn read_details(path: &Path, today: NaiveDate) -> Result<Loaded> {
    let origin = origin(path);
    let parsed = read(path, today)?;
    let problems: Vec<Problem> = parsed
        .problems
        .into_iter()
        .map(|p| p.in_file(&origin))
        .collect();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        return Ok(Loaded {
            details: parsed.details,
            warnings: problems,
        });
    }
    let warnings = problems.len() - errors;
    let summary = format!(
        "{}{} in {origin}; nothing was written",
        count(errors, "error"),
        if warnings > 0 {
            format!(" and {}", count(warnings, "warning"))
        } else {
            String::new()
        },
    );
    Err(Error::problems(ExitCode::DataErr, problems, summary))
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

fn read_text(path: &Path) -> Result<String> {
    let origin = origin(path);
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(MAX_DETAILS_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::no_input(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        if path.is_dir() {
            return Err(Error::no_input(format!(
                "{origin} is a folder; give the details file inside it"
            )));
        }
        let mut buf = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_DETAILS_BYTES + 1).read_to_end(&mut buf))
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => {
                    Error::no_input(format!("{origin}: no such file; check the name"))
                        .with_next(NextStep::CreateDetails(origin.clone()))
                }
                std::io::ErrorKind::PermissionDenied => Error::no_input(format!(
                    "{origin}: permission denied; check who owns the file"
                )),
                _ => Error::no_input(format!("{origin}: cannot read it: {e}")),
            })?;
        buf
    };
    if bytes.len() as u64 > MAX_DETAILS_BYTES {
        return Err(Error::data(format!(
            "{origin}: more than {} KB; a details file is a few lines of text, so this is not one",
            MAX_DETAILS_BYTES / 1024
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::data(format!(
            "{origin}: not UTF-8 text (bad byte at offset {}); save it as UTF-8 in your editor",
            e.utf8_error().valid_up_to()
        ))
    })?;
    // Windows editors start UTF-8 files with a byte-order mark; it is not content.
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}
