//! Reading the details: from a file or standard input, with one clear line
//! for every way that can fail.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use crate::details::{self, Details};
use crate::error::{Error, Result};

/// Reads and validates a details file; `-` reads standard input.
pub fn read_details(path: &Path, today: NaiveDate) -> Result<Details> {
    let origin = path.display().to_string();
    let text = read_text(path)?;
    if text.trim().is_empty() {
        return Err(Error::data(format!(
            "{origin}: the file is empty; run `mikit init` to get a details file to fill in"
        )));
    }
    details::parse(&text, today).map_err(|problems| {
        let mut lines: Vec<String> = problems.iter().map(|p| p.render(&origin)).collect();
        lines.push(format!(
            "{} problem{} in {origin}; nothing was written",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        ));
        Error::data(lines.join("\n"))
    })
}

fn read_text(path: &Path) -> Result<String> {
    let origin = path.display();
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Error::no_input(format!("cannot read standard input: {e}")))?;
        buf
    } else {
        if path.is_dir() {
            return Err(Error::no_input(format!(
                "{origin} is a folder; give the details file inside it"
            )));
        }
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::no_input(format!(
                "{origin}: no such file; check the name, or run `mikit init {origin}` to create it"
            )),
            std::io::ErrorKind::PermissionDenied => Error::no_input(format!(
                "{origin}: permission denied; check who owns the file"
            )),
            _ => Error::no_input(format!("{origin}: cannot read it: {e}")),
        })?
    };
    String::from_utf8(bytes).map_err(|e| {
        Error::data(format!(
            "{origin}: not UTF-8 text (bad byte at offset {}); save it as UTF-8 in your editor",
            e.utf8_error().valid_up_to()
        ))
    })
}
