//! Where customers come from: a CSV export of a spreadsheet, or a TOML file of
//! `[[customer]]` tables. Either way each customer arrives with the line it
//! starts on, and is checked by the same rules as a details file.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use crate::details::{Collector, Field, FieldKind, Location, Parsed, SCHEMA, toml_source};
use crate::error::{Error, Result};

/// A CSV column is named after its field's key in a details file, except the
/// account ID: a bare "id" column would be read as the row's number.
pub fn column_name(field: Field) -> &'static str {
    if field == Field::AccountId {
        "account_id"
    } else {
        field.key()
    }
}

/// The columns a shop's spreadsheet may have, and the field each one fills.
pub fn columns() -> impl Iterator<Item = (&'static str, Field)> {
    SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|&(_, f)| (column_name(f), f)))
}

/// One customer, not yet checked (CSV) or already checked (TOML).
pub struct Customer {
    /// The line of the file the customer starts on: their number in file names.
    pub line: usize,
    pub data: CustomerData,
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
                let mut out = Collector::new(today);
                let at = Location {
                    line: self.line,
                    column: 0,
                };
                for (field, raw) in &cells {
                    let label = column_name(*field);
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

/// A source of customers, read once to check its shape and count, then streamed.
pub enum Source {
    Csv(CsvSource),
    Toml(Vec<Customer>),
}

pub struct CsvSource {
    path: std::path::PathBuf,
    delimiter: u8,
    columns: Vec<Field>,
    /// Each record's line, found by the survey: the csv reader's own count
    /// is off by one around blank lines and CRLF line ends.
    rows: Vec<Row>,
}

/// What the first read of the file found.
pub struct Survey {
    pub source: Source,
    pub customers: usize,
    /// The highest line number a customer can have, for zero-padding.
    pub last_line: usize,
}

pub fn open(path: &Path, today: NaiveDate) -> Result<Survey> {
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::no_input(format!("{origin}: no such file")),
        _ if path.is_dir() => Error::no_input(format!(
            "{origin} is a folder; give the customer list inside it"
        )),
        _ => Error::no_input(format!("{origin}: cannot read it: {e}")),
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::data(format!(
            "{origin}:{line}: not UTF-8 text; export the spreadsheet as \"CSV UTF-8\" and try again. Nothing was written"
        ))
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let last_line = text.lines().count().max(1);
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        let customers = toml_customers(&origin, text, today)?;
        return Ok(Survey {
            customers: customers.len(),
            source: Source::Toml(customers),
            last_line,
        });
    }
    let delimiter = sniff_delimiter(text);
    let (columns, rows) = survey_csv(&origin, text, delimiter)?;
    Ok(Survey {
        customers: rows.iter().filter(|r| !r.blank).count(),
        source: Source::Csv(CsvSource {
            path: path.to_path_buf(),
            delimiter,
            columns,
            rows,
        }),
        last_line,
    })
}

/// Comma or semicolon (what spreadsheets in comma-decimal countries export):
/// whichever the header line has more of outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn reader(input: impl Read, delimiter: u8) -> csv::Reader<impl Read> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(input)
}

/// Checks the header and that every row splits into the header's cells;
/// returns the columns and the number of customers.
fn survey_csv(origin: &str, text: &str, delimiter: u8) -> Result<(Vec<Field>, Vec<Row>)> {
    let mut rdr = reader(text.as_bytes(), delimiter);
    let headers = rdr
        .headers()
        .map_err(|e| {
            Error::data(format!(
                "{origin}: cannot read the header row: {e}. Nothing was written"
            ))
        })?
        .clone();
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::data(format!(
            "{origin}:1: no header row; the first row must name the columns, e.g. name,email,phone. Nothing was written"
        )));
    }
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    for header in headers.iter() {
        let name = header.trim().to_lowercase();
        match self::columns().find(|(n, _)| *n == name) {
            Some((_, field)) if columns.contains(&field) => {
                problems.push(format!("{origin}:1: column \"{header}\" appears twice"));
            }
            Some((_, field)) => columns.push(field),
            None => problems.push(format!("{origin}:1: {}", unknown_column(header))),
        }
    }
    if !problems.is_empty() {
        problems.push("the header row is wrong; nothing was written".into());
        return Err(Error::data(problems.join("\n")));
    }
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(Error::data(format!(
            "{origin}:{line}: a quote opened on this line is never closed, so the rest of the file would read \
             as one cell; check the quotes on this row. Nothing was written"
        )));
    }
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text);
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let start =
                    lines.line_at(record.position().map(|p| p.byte() as usize).unwrap_or(0));
                if record.len() != columns.len() && spans_lines(&record) > 2 {
                    return Err(Error::data(format!(
                        "{origin}:{start}: a quote opened on this line is not closed where expected, so the rest of \
                         the file reads wrongly; check the quotes on this row. Nothing was written"
                    )));
                }
                rows.push(Row {
                    line: start,
                    blank: record.iter().all(|c| c.trim().is_empty()),
                });
            }
            Err(e) => {
                return Err(Error::data(format!(
                    "{origin}: cannot read it as CSV: {e}. Nothing was written"
                )));
            }
        }
    }
    Ok((columns, rows))
}

/// Where each CSV record really starts, and whether it is an empty row that a
/// spreadsheet exported (",,,,"), which is no customer.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub line: usize,
    pub blank: bool,
}

/// File lines of byte offsets, counted forward as records go by.
struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after `offset` that is not a
    /// line break: a record's position can point at the break before it.
    fn line_at(&mut self, offset: usize) -> usize {
        let mut at = offset.min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        if at < self.offset {
            return self.line;
        }
        self.line += self.text[self.offset..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = at;
        self.line
    }
}

/// The line of a quote that is still open at the end of the file, if any
/// (RFC 4180: a quote opens a cell only at its start; "" inside is a quote).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut opened_on) = (1, 0);
    let (mut quoted, mut cell_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && cell_start {
            quoted = true;
            opened_on = line;
        }
        if b == b'\n' {
            line += 1;
        }
        cell_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    quoted.then_some(opened_on)
}

fn spans_lines(record: &csv::StringRecord) -> usize {
    record
        .iter()
        .map(|cell| cell.matches('\n').count())
        .sum::<usize>()
        + 1
}

fn unknown_column(header: &str) -> String {
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
    match best {
        Some((d, k)) if d <= 3 => format!("unknown column \"{header}\": did you mean {k}?"),
        _ => format!(
            "unknown column \"{header}\"; the columns are {}",
            known.join(", ")
        ),
    }
}

impl CsvSource {
    /// Streams the customers; the file was checked by `open`.
    pub fn customers(self) -> Result<impl Iterator<Item = Customer>> {
        use std::io::BufRead;
        let file = File::open(&self.path).map_err(|e| {
            Error::no_input(format!("{}: cannot read it: {e}", self.path.display()))
        })?;
        let mut input = BufReader::new(file);
        // The survey saw the byte-order mark; it is not part of the first header.
        let has_bom = input
            .fill_buf()
            .map(|b| b.starts_with(&[0xEF, 0xBB, 0xBF]))
            .unwrap_or(false);
        if has_bom {
            input.consume(3);
        }
        let columns = self.columns.clone();
        let records = reader(input, self.delimiter)
            .into_records()
            .filter_map(Result::ok);
        let rows = self.rows;
        Ok(records
            .zip(rows)
            .filter(|(_, row)| !row.blank)
            .map(move |(record, row)| {
                let line = row.line;
                let extra = record
                    .iter()
                    .skip(columns.len())
                    .any(|c| !c.trim().is_empty());
                let data = if extra {
                    CustomerData::Checked(Box::new(too_many_cells(
                        line,
                        record.len(),
                        columns.len(),
                    )))
                } else {
                    CustomerData::Cells(
                        columns
                            .iter()
                            .copied()
                            .zip(record.iter().map(str::to_string))
                            .collect(),
                    )
                };
                Customer { line, data }
            }))
    }
}

fn too_many_cells(line: usize, cells: usize, columns: usize) -> Parsed {
    let mut out = Collector::new(NaiveDate::MAX);
    let message = format!(
        "the row has {cells} cells but the header names {columns} columns; check for a stray comma or semicolon"
    );
    out.error(Location { line, column: 0 }, "row", message, None);
    out.finish()
}

/// Reads `[[customer]]` tables, each shaped like a details file.
fn toml_customers(origin: &str, text: &str, today: NaiveDate) -> Result<Vec<Customer>> {
    let root = DeTable::parse(text).map_err(|e| {
        let at = toml_source::position(text, e.span().map(|s| s.start).unwrap_or(0));
        Error::data(format!(
            "{origin}:{}:{}: this is not valid TOML: {}. Nothing was written",
            at.line,
            at.column,
            e.message().trim()
        ))
    })?;
    let mut customers = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let at = toml_source::position(text, key.span().start);
        let (name, items) = match (key.get_ref().as_ref(), value.get_ref()) {
            ("customer", DeValue::Array(items)) => ("customer", items),
            (name, _) => {
                return Err(Error::data(format!(
                    "{origin}:{}:{}: \"{name}\": a customer list holds only [[customer]] tables, each shaped like a \
                     details file. Nothing was written",
                    at.line, at.column
                )));
            }
        };
        for item in items.iter() {
            let at = toml_source::position(text, item.span().start);
            let DeValue::Table(table) = item.get_ref() else {
                return Err(Error::data(format!(
                    "{origin}:{}: {name} must be a table. Nothing was written",
                    at.line
                )));
            };
            let mut out = Collector::new(today);
            toml_source::details(text, table, &mut out);
            customers.push(Customer {
                line: at.line,
                data: CustomerData::Checked(Box::new(out.finish())),
            });
        }
    }
    Ok(customers)
}
