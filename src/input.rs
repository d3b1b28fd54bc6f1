//! Reading the details: from a file or standard input, with one clear line
//! for every way that can fail.

use std::path::Path;

use chrono::NaiveDate;

use crate::details::{self, Details, Parsed};
use crate::error::{Error, ExitCode, NextStep, Result};
use crate::problem::Problem;
pub use crate::problem::count;
pub use crate::text_file::{Unread, read_bounded};

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

/// A details file is a few kilobytes; anything past this is not one, and is
/// refused before it costs memory or time.
pub const MAX_DETAILS_BYTES: u64 = 1024 * 1024;

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
