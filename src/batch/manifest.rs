//! manifest.csv: what happened to every customer, written as the run goes so
//! that even an interrupted run leaves an account of what was done. Rows go
//! in a chunk at a time, after the chunk's files are on disk; a chunk whose
//! rows cannot be written is cut off again, so the manifest never claims a
//! file that is not there.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::details::SCHEMA;
use crate::error::{Error, Result};
use crate::output::{self, Staged};
use crate::problem::Problem;

pub struct Manifest {
    path: PathBuf,
    file: File,
    /// Bytes of the file that hold whole, committed rows.
    committed: u64,
    pending: csv::Writer<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Failed,
    /// The run was interrupted (or the disk filled up) before this
    /// customer's files were written.
    NotDone,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed => "failed",
            Status::NotDone => "not done",
        }
    }
}

impl Manifest {
    /// Puts a manifest of just the header row in place at `path`.
    pub fn create(path: &Path, force: bool) -> Result<Manifest> {
        let mut header = csv::Writer::from_writer(Vec::new());
        let fail = |e: &std::io::Error| {
            Error::cant_create(format!(
                "cannot write {}: {}",
                path.display(),
                output::reason(e)
            ))
        };
        header
            .write_record(["line", "status", "files", "error"])
            .map_err(|e| fail(&e.into()))?;
        let header = header.into_inner().map_err(|e| fail(e.error()))?;
        let mut staged = Staged::new(path)?;
        staged.write_all(&header).map_err(|e| fail(&e))?;
        let file = staged.commit_open(force)?;
        Ok(Manifest {
            path: path.to_path_buf(),
            file,
            committed: header.len() as u64,
            pending: csv::Writer::from_writer(Vec::new()),
        })
    }

    /// One customer's line. `error` must not carry personal data: callers pass
    /// messages with the offending values left out.
    pub fn record(&mut self, line: usize, status: Status, files: &[String], error: &str) {
        let cells = [
            line.to_string(),
            status.as_str().to_string(),
            cell(&files.join(" ")),
            cell(error),
        ];
        // Into memory: cannot fail.
        let _ = self.pending.write_record(&cells);
    }

    /// Writes the rows recorded since the last commit to disk, all or none:
    /// on failure the file is cut back to its last whole chunk.
    pub fn commit(&mut self) -> Result<()> {
        let pending = std::mem::replace(&mut self.pending, csv::Writer::from_writer(Vec::new()));
        // Writing into memory cannot fail.
        let rows = pending.into_inner().ok().unwrap_or_default();
        if rows.is_empty() {
            return Ok(());
        }
        match self.file.write_all(&rows).and_then(|_| self.file.flush()) {
            Ok(()) => {
                self.committed += rows.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Shrinking a file needs no space, so this works on a full disk.
                let _ = self.file.set_len(self.committed);
                Err(Error::cant_create(format!(
                    "cannot write {}: {}",
                    self.path.display(),
                    output::reason(&e)
                )))
            }
        }
    }
}

/// Problems one row's error cell lists, and the most characters it holds:
/// a row of ten thousand unknown keys must not make a manifest of megabytes.
const MAX_CELL_PROBLEMS: usize = 5;
const MAX_CELL_CHARS: usize = 1_000;

/// The error cell for a row's problems, each after `prefix`: its field and
/// what is wrong with every quoted value left out, at most
/// [`MAX_CELL_PROBLEMS`] of them. Nothing in it comes from the input: a
/// field the schema does not know (a key the row made up, which may be an
/// email address) is named only by where it is.
pub fn problems_cell<'a>(problems: impl IntoIterator<Item = &'a Problem>, prefix: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut left = 0;
    let mut chars = 0;
    for p in problems {
        if parts.len() == MAX_CELL_PROBLEMS || chars >= MAX_CELL_CHARS {
            left += 1;
            continue;
        }
        let part = describe(p, prefix);
        let part = crate::problem::shorten(&part, MAX_CELL_CHARS - chars).into_owned();
        chars += part.chars().count() + 2;
        parts.push(part);
    }
    if left > 0 {
        parts.push(format!("and {left} more; see the run's messages"));
    }
    parts.join("; ")
}

fn describe(p: &Problem, prefix: &str) -> String {
    if !is_known_label(&p.field) {
        return format!(
            "{prefix}an unknown key or section (line {}, column {})",
            p.line, p.column
        );
    }
    if p.field.is_empty() {
        format!("{prefix}{}", p.redacted())
    } else {
        format!("{prefix}{}: {}", p.field, p.redacted())
    }
}

/// Whether `field` is a name mikit made: a section, a field's path, a CSV
/// column, the row itself, or none.
fn is_known_label(field: &str) -> bool {
    field.is_empty()
        || field == "row"
        || SCHEMA.iter().any(|s| {
            s.name == field
                || s.fields
                    .iter()
                    .any(|(k, f)| f.path() == field || *k == field)
        })
        || super::source::columns().any(|(name, _)| name == field)
}

/// A cell that a spreadsheet shows as text: never a formula (a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe, as OWASP
/// advises for CSV injection), and no control or text-direction character
/// raw, shown as `\u{..}` instead.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if c.is_control() || is_direction_mark(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.insert(0, '\'');
    }
    out
}

/// Characters that reorder the text around them without showing themselves.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_problems_are_bounded_and_carry_no_key_of_the_input() {
        let unknown: Vec<Problem> = (0..1000)
            .map(|i| {
                Problem::error(
                    i + 2,
                    1,
                    format!("owner.k{i}@example.com"),
                    format!("unknown key \"k{i}@example.com\"; the keys of [owner] are name"),
                )
            })
            .collect();
        let text = problems_cell(&unknown, "");
        assert!(!text.contains("example.com"), "{text}");
        assert!(
            text.contains("unknown key or section (line 2, column 1)"),
            "{text}"
        );
        assert!(
            text.ends_with("and 995 more; see the run's messages"),
            "{text}"
        );
        assert!(
            text.chars().count() < MAX_CELL_CHARS + 100,
            "{}",
            text.len()
        );
        let mut email = Problem::error(3, 0, "email", "\"x\" is not an email address".into());
        email.value = Some("x".into());
        assert_eq!(
            problems_cell([&email], "warning: "),
            "warning: email: (value) is not an email address"
        );
    }

    #[test]
    fn formulas_and_control_characters_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1 555"), "'+1 555");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(cell("\tx"), "\\u{9}x");
        assert_eq!(cell("\u{202E}gpj"), "\\u{202e}gpj");
        assert_eq!(cell("email: not an email"), "email: not an email");
        assert_eq!(cell(""), "");
    }
}
