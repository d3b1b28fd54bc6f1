//! Where customers come from: a CSV export of a spreadsheet in any of the
//! encodings Excel writes (csv.rs, encoding.rs), the workbook itself
//! (sheet.rs), or a TOML file of `[[customer]]` tables (toml_list.rs). Either
//! way each customer arrives with the line (or sheet row) it starts on, and
//! is checked by the same rules as a details file.

mod csv;
mod dates;
pub mod encoding;
mod lines;
pub mod sheet;
mod toml_list;

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

use crate::details::date::DayMonth;
use crate::details::{Collector, Field, FieldKind, Location, Parsed};
use crate::error::{Error, Result};

pub use self::csv::CsvSource;
pub use self::toml_list::{MAX_TOML_BYTES, MAX_TOML_CUSTOMERS};

pub use crate::details::{column_name, columns};

/// How to read a customer list, as the person running the batch said.
#[derive(Debug, Default, Clone, Copy)]
pub struct Reading<'a> {
    /// The sheet of a workbook to read; the first when `None`.
    pub sheet: Option<&'a str>,
    /// The encoding of a CSV file, by name (`--encoding`); detected when `None`.
    pub encoding: Option<&'a str>,
    /// How `12/05/2019` is read; from the file's own unambiguous dates when `None`.
    pub date_order: Option<crate::details::date::DateOrder>,
}

/// One customer, not yet checked (CSV, sheet) or already checked (TOML).
pub struct Customer {
    /// The line of the file (or the row of the sheet) the customer starts
    /// on: their number in file names.
    pub line: usize,
    pub data: CustomerData,
    /// For a sheet, the column (1-based) of each of `data`'s cells, so a
    /// problem names its cell; empty for a file of lines.
    pub columns: Vec<usize>,
    /// Cells of a sheet that hold no value mikit can read (an Excel error,
    /// a date in a phone column): column, column name and what is wrong.
    pub unusable: Vec<(usize, &'static str, String)>,
    /// How this file's dates with slashes or dots are read.
    pub dates: DayMonth,
}

pub enum CustomerData {
    /// Cells by field, as written.
    Cells(Vec<(Field, String)>),
    Checked(Box<Parsed>),
}

impl Customer {
    /// The customer's value of `field` as written (checked, for TOML lists).
    pub fn raw(&self, field: Field) -> Option<String> {
        match &self.data {
            CustomerData::Cells(cells) => cells
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, v)| v.trim().to_string()),
            CustomerData::Checked(parsed) => parsed.details.value(field),
        }
    }

    /// Checks the customer's values (for CSV rows: the work a worker thread does).
    pub fn check(self, today: NaiveDate) -> Parsed {
        match self.data {
            CustomerData::Checked(parsed) => *parsed,
            CustomerData::Cells(cells) => {
                let mut out = Collector::for_row(today).with_day_month(self.dates);
                for (column, label, message) in self.unusable {
                    let at = Location {
                        line: self.line,
                        column,
                    };
                    out.error(at, label, message, None);
                }
                for (i, (field, raw)) in cells.iter().enumerate() {
                    let at = Location {
                        line: self.line,
                        column: self.columns.get(i).copied().unwrap_or(0),
                    };
                    let label = column_name(*field);
                    if let Some(message) = dates::shortened_number(*field, raw) {
                        out.error(at, label, message, Some(raw));
                        continue;
                    }
                    // A line break inside a cell, as Windows spreadsheets write it.
                    let raw = &raw.replace("\r\n", "\n").replace('\r', "\n");
                    match field.kind() {
                        FieldKind::Text => out.text(*field, label, raw, at),
                        FieldKind::Date => out.date(*field, label, raw, at),
                        // Several values in one cell: separated by ';' or line breaks.
                        FieldKind::List => {
                            for item in raw.split([';', '\n']) {
                                out.item(*field, label, item, at);
                            }
                        }
                    }
                }
                out.finish()
            }
        }
    }
}

/// The most a CSV cell, a row and a row's cell count may be: far beyond any
/// shop's spreadsheet, small enough that a hostile file cannot exhaust memory.
pub const MAX_CELL_BYTES: usize = 64 * 1024;
pub const MAX_ROW_BYTES: usize = 1024 * 1024;
pub const MAX_CELLS: usize = 256;

/// A source of customers, read once to check its shape and count, then streamed.
pub enum Source {
    Csv(CsvSource),
    Toml(Vec<Customer>),
    /// A workbook's sheet, read whole.
    Sheet(sheet::Sheet),
}

/// What the first read of the file found.
pub struct Survey {
    pub source: Source,
    pub customers: usize,
    /// The highest line number a customer can have, for zero-padding.
    pub last_line: usize,
    /// How the file was read where mikit had to decide (its encoding, the
    /// order of day and month), for the run's messages: never silent.
    pub notes: Vec<String>,
}

fn open_file(path: &Path) -> Result<File> {
    let origin = path.display();
    if path.is_dir() {
        return Err(Error::no_input(format!(
            "{origin} is a folder; give the customer list inside it"
        )));
    }
    File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::no_input(format!("{origin}: no such file")),
        _ => Error::no_input(format!("{origin}: cannot read it: {e}")),
    })
}

/// The file, buffered, past a UTF-8 byte-order mark if it starts with one.
fn open_text(path: &Path) -> Result<BufReader<File>> {
    let mut input = BufReader::new(open_file(path)?);
    let has_bom = input
        .fill_buf()
        .map(|b| b.starts_with(&[0xEF, 0xBB, 0xBF]))
        .unwrap_or(false);
    if has_bom {
        input.consume(3);
    }
    Ok(input)
}

fn not_utf8(origin: &str, line: usize) -> Error {
    Error::data(format!(
        "{origin}:{line}: not UTF-8 text; export the spreadsheet as \"CSV UTF-8\" and try again."
    ))
    .nothing_written()
}

/// Checks the whole file and counts its customers, reading it once without
/// keeping it. `None` when `stop` was set before the end.
pub fn open(path: &Path, today: NaiveDate, stop: &AtomicBool) -> Result<Option<Survey>> {
    open_with(path, today, stop, &Reading::default())
}

/// [`open`], read as `reading` says.
pub fn open_with(
    path: &Path,
    today: NaiveDate,
    stop: &AtomicBool,
    reading: &Reading<'_>,
) -> Result<Option<Survey>> {
    let origin = path.display().to_string();
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let encoding = reading
        .encoding
        .map(encoding::by_name)
        .transpose()
        .map_err(Error::usage)?;
    let workbook = sheet::is_workbook(path);
    if reading.sheet.is_some() && !workbook {
        return Err(Error::usage(format!(
            "--sheet is for workbooks (.xlsx, .ods, .xls); {origin} is not one"
        )));
    }
    if encoding.is_some() && (workbook || is_toml) {
        return Err(Error::usage(format!(
            "--encoding is for CSV files; {origin} is not one"
        )));
    }
    if is_toml {
        return toml_list::open(&origin, path, today).map(Some);
    }
    let survey = if workbook {
        sheet::open(&origin, path, reading.sheet, stop)?
    } else {
        self::csv::open(&origin, path, encoding, reading.date_order, stop)?
    };
    Ok(survey.map(|s| dates::settle(&origin, s, reading.date_order)))
}

/// A column name no field has, and the likely one.
pub(super) fn unknown_column(header: &str) -> String {
    let known: Vec<&str> = columns().map(|(n, _)| n).collect();
    let best = known
        .iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(&header.trim().to_lowercase(), k),
                *k,
            )
        })
        .min_by_key(|(d, _)| *d);
    let header = shown(header);
    match best {
        Some((d, k)) if d <= 3 => format!("unknown column \"{header}\": did you mean {k}?"),
        _ => format!(
            "unknown column \"{header}\"; the columns are {}",
            known.join(", ")
        ),
    }
}

/// A cell of the input echoed in a message: cut short, and with control
/// characters escaped so that none reaches the terminal.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).flat_map(char::escape_debug).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// 1234567 as "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
