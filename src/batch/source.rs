//! Where customers come from: a CSV export of a spreadsheet, or a TOML file of
//! `[[customer]]` tables. Either way each customer arrives with the line it
//! starts on, and is checked by the same rules as a details file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use crate::details::toml_source::{self, LineIndex};
use crate::details::{Collector, Field, FieldKind, Location, Parsed, SCHEMA};
use crate::error::{Error, ExitCode, Result};
use crate::problem::{LONGEST_ECHO, Problem, shorten};

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
                let mut out = Collector::for_row(today);
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

/// The most a CSV cell, a row and a row's cell count may be: far beyond any
/// shop's spreadsheet, small enough that a hostile file cannot exhaust memory.
pub const MAX_CELL_BYTES: usize = 64 * 1024;
pub const MAX_ROW_BYTES: usize = 1024 * 1024;
pub const MAX_CELLS: usize = 256;
/// A TOML list is parsed whole, so it is bounded as a whole; CSV streams.
pub const MAX_TOML_BYTES: u64 = 16 * 1024 * 1024;
/// Header problems listed before the rest are counted instead.
const MAX_SHOWN: usize = 20;

/// A source of customers, read once to check its shape and count, then streamed.
pub enum Source {
    Csv(CsvSource),
    Toml(Vec<Customer>),
}

pub struct CsvSource {
    path: std::path::PathBuf,
    delimiter: u8,
    columns: Vec<Field>,
}

/// What the first read of the file found.
pub struct Survey {
    pub source: Source,
    pub customers: usize,
    /// The highest line number a customer can have, for zero-padding.
    pub last_line: usize,
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
        "{origin}:{line}: not UTF-8 text; export the spreadsheet as \"CSV UTF-8\" and try again. Nothing was written"
    ))
}

/// Checks the whole file and counts its customers, reading it once without
/// keeping it. `None` when `stop` was set before the end.
pub fn open(path: &Path, today: NaiveDate, stop: &AtomicBool) -> Result<Option<Survey>> {
    let origin = path.display().to_string();
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_toml {
        let mut bytes = Vec::new();
        open_text(path)?
            .take(MAX_TOML_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::no_input(format!("{origin}: cannot read it: {e}")))?;
        if bytes.len() as u64 > MAX_TOML_BYTES {
            return Err(Error::data(format!(
                "{origin}: a TOML customer list may be at most {} MB; split it, or export the customers as CSV, \
                 which has no limit. Nothing was written",
                MAX_TOML_BYTES / (1024 * 1024)
            )));
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let mut lines = Lines::default();
            bytes[..e.valid_up_to()].iter().for_each(|&b| lines.feed(b));
            not_utf8(&origin, lines.line)
        })?;
        let last_line = text.lines().count().max(1);
        let customers = toml_customers(&origin, text, today)?;
        return Ok(Some(Survey {
            customers: customers.len(),
            source: Source::Toml(customers),
            last_line,
        }));
    }
    let delimiter = sniff_delimiter(&origin, path)?;
    let mut rows = Rows::new(&origin, path, delimiter)?;
    let columns = header(&origin, &mut rows)?;
    let (mut records, mut customers, mut last_line) = (0usize, 0, 1);
    let mut record = csv::ByteRecord::new();
    while let Some(line) = rows.next(&mut record)? {
        records += 1;
        if records.is_multiple_of(4096) && stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some((at, _)) = first_non_utf8(&record) {
            return Err(not_utf8(&origin, line + at));
        }
        if record.len() != columns.len() && spans_lines(&record) > 2 {
            if let Some(opened) = rows.unclosed_quote() {
                return Err(unclosed(&origin, opened));
            }
            return Err(Error::data(format!(
                "{origin}:{line}: a quote opened on this line is not closed where expected, so the rest of \
                 the file reads wrongly; check the quotes on this row. Nothing was written"
            )));
        }
        if !is_blank(&record) {
            customers += 1;
            last_line = line;
        }
    }
    if let Some(opened) = rows.unclosed_quote() {
        return Err(unclosed(&origin, opened));
    }
    Ok(Some(Survey {
        customers,
        source: Source::Csv(CsvSource {
            path: path.to_path_buf(),
            delimiter,
            columns,
        }),
        last_line: last_line.max(rows.lines()),
    }))
}

fn unclosed(origin: &str, line: usize) -> Error {
    Error::data(format!(
        "{origin}:{line}: a quote opened on this line is never closed, so the rest of the file would read \
         as one cell; check the quotes on this row. Nothing was written"
    ))
}

/// Comma or semicolon (what spreadsheets in comma-decimal countries export):
/// whichever the header line has more of outside quotes.
fn sniff_delimiter(origin: &str, path: &Path) -> Result<u8> {
    let mut input = open_text(path)?.take(MAX_ROW_BYTES as u64);
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    let mut buf = [0u8; 8192];
    loop {
        let n = input
            .read(&mut buf)
            .map_err(|e| Error::no_input(format!("{origin}: cannot read it: {e}")))?;
        for &b in &buf[..n] {
            match b {
                b'"' => quoted = !quoted,
                b'\r' | b'\n' if !quoted => {
                    return Ok(if semicolons > commas { b';' } else { b',' });
                }
                b',' if !quoted => commas += 1,
                b';' if !quoted => semicolons += 1,
                _ => {}
            }
        }
        if n == 0 {
            return Ok(if semicolons > commas { b';' } else { b',' });
        }
    }
}

/// Reads and checks the header row; returns the field of each column.
fn header(origin: &str, rows: &mut Rows) -> Result<Vec<Field>> {
    let mut record = csv::ByteRecord::new();
    if rows.next(&mut record)?.is_none() || record.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Error::data(format!(
            "{origin}:1: no header row; the first row must name the columns, e.g. name,email,phone. Nothing was written"
        )));
    }
    if let Some((at, _)) = first_non_utf8(&record) {
        return Err(not_utf8(origin, 1 + at));
    }
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    let at_header = |message: String| Problem::error(1, 0, "", message).in_file(origin);
    for header in record.iter() {
        let header = String::from_utf8_lossy(header);
        let name = header.trim().to_lowercase();
        match self::columns().find(|(n, _)| *n == name) {
            Some((_, field)) if columns.contains(&field) => {
                problems.push(at_header(format!(
                    "column \"{}\" appears twice",
                    shown(&header)
                )));
            }
            Some((_, field)) => columns.push(field),
            None => problems.push(at_header(unknown_column(&header))),
        }
    }
    if !problems.is_empty() {
        let more = problems.len().saturating_sub(MAX_SHOWN);
        problems.truncate(MAX_SHOWN);
        if more > 0 {
            problems.push(at_header(format!(
                "and {} more wrong column{}",
                thousands(more),
                if more == 1 { "" } else { "s" }
            )));
        }
        return Err(Error::problems(
            ExitCode::DataErr,
            problems,
            "the header row is wrong; nothing was written",
        ));
    }
    Ok(columns)
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

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|c| c.trim_ascii().is_empty())
}

/// The line offset within the record and the cell of the first byte that
/// is not UTF-8, if any.
fn first_non_utf8(record: &csv::ByteRecord) -> Option<(usize, usize)> {
    let (bad, e) = record
        .iter()
        .enumerate()
        .find_map(|(i, cell)| std::str::from_utf8(cell).err().map(|e| (i, e)))?;
    let mut lines = Lines::default();
    record
        .iter()
        .take(bad)
        .for_each(|cell| lines.feed_all(cell));
    lines.feed_all(&record[bad][..e.valid_up_to()]);
    Some((lines.line - 1, bad))
}

fn spans_lines(record: &csv::ByteRecord) -> usize {
    let mut lines = Lines::default();
    record.iter().for_each(|cell| lines.feed_all(cell));
    lines.line
}

/// Counts lines as spreadsheets end them: "\r\n", "\n", or a lone "\r" (old
/// Mac exports). `line` is the line of the next byte.
#[derive(Debug, Clone, Copy)]
struct Lines {
    line: usize,
    after_cr: bool,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            line: 1,
            after_cr: false,
        }
    }
}

impl Lines {
    fn feed(&mut self, b: u8) {
        match b {
            b'\r' => {
                self.line += 1;
                self.after_cr = true;
            }
            b'\n' => {
                if !self.after_cr {
                    self.line += 1;
                }
                self.after_cr = false;
            }
            _ => self.after_cr = false,
        }
    }

    /// [`Lines::feed`] for every byte of `bytes`, looking only at the breaks.
    fn feed_all(&mut self, bytes: &[u8]) {
        let mut next = 0;
        for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            if i > next {
                self.after_cr = false;
            }
            self.feed(bytes[i]);
            next = i + 1;
        }
        if bytes.len() > next {
            self.after_cr = false;
        }
    }
}

/// A CSV file's records, streamed, each with the file line it starts on.
struct Rows {
    reader: csv::Reader<Guard<BufReader<File>>>,
    /// A second read of the same bytes, following the records to turn their
    /// byte positions into lines: memory stays flat and the work linear.
    cursor: LineCursor,
    origin: String,
}

impl Rows {
    fn new(origin: &str, path: &Path, delimiter: u8) -> Result<Rows> {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(Guard::new(open_text(path)?, delimiter));
        Ok(Rows {
            reader,
            cursor: LineCursor {
                input: open_text(path)?,
                at: 0,
                lines: Lines::default(),
            },
            origin: origin.to_string(),
        })
    }

    /// The next record into `record`, and its line; `None` at the end.
    fn next(&mut self, record: &mut csv::ByteRecord) -> Result<Option<usize>> {
        match self.reader.read_byte_record(record) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let at = record.position().map(|p| p.byte()).unwrap_or(0);
                Ok(Some(self.cursor.line_at(at)))
            }
            Err(e) => {
                let origin = &self.origin;
                if let csv::ErrorKind::Io(io) = e.kind()
                    && let Some(limit) = io.get_ref().and_then(|i| i.downcast_ref::<Limit>())
                {
                    return Err(Error::data(format!(
                        "{origin}:{limit}. Nothing was written"
                    )));
                }
                Err(Error::data(format!(
                    "{origin}: cannot read it as CSV: {e}. Nothing was written"
                )))
            }
        }
    }

    /// The line of a quote still open at the end of the file, once read.
    fn unclosed_quote(&self) -> Option<usize> {
        let guard = self.reader.get_ref();
        (guard.ended && guard.quoted).then_some(guard.opened_on)
    }

    /// The file's line count, once read.
    fn lines(&self) -> usize {
        let guard = self.reader.get_ref();
        guard.lines.line - usize::from(guard.last_was_break)
    }
}

/// Byte offsets to lines, moving forward only.
struct LineCursor {
    input: BufReader<File>,
    at: u64,
    lines: Lines,
}

impl LineCursor {
    /// The line of the first byte at or after `offset` that is not a line
    /// break: a record's position can point at the break before it.
    fn line_at(&mut self, offset: u64) -> usize {
        while self.at < offset {
            let Ok(buf) = self.input.fill_buf() else {
                break;
            };
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min((offset - self.at) as usize);
            self.lines.feed_all(&buf[..n]);
            self.input.consume(n);
            self.at += n as u64;
        }
        while let Ok(&[b @ (b'\r' | b'\n'), ..]) = self.input.fill_buf() {
            self.lines.feed(b);
            self.input.consume(1);
            self.at += 1;
        }
        self.lines.line
    }
}

/// A bound a CSV file went past, and where.
#[derive(Debug)]
struct Limit {
    line: usize,
    message: String,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

impl std::error::Error for Limit {}

/// Watches the bytes on their way to the CSV reader, which would otherwise
/// gather a cell or a row of any size in memory: it tracks cells and rows
/// as the reader will split them (RFC 4180 quoting, "" inside quotes) and
/// stops the read at the first one beyond its bound.
struct Guard<R> {
    inner: R,
    delimiter: u8,
    lines: Lines,
    quoted: bool,
    /// Just after a quote that closed a quoted part: another quote escapes.
    after_quote: bool,
    at_cell_start: bool,
    cell: usize,
    cells: usize,
    row: usize,
    row_line: usize,
    opened_on: usize,
    last_was_break: bool,
    ended: bool,
}

impl<R: Read> Guard<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        Guard {
            inner,
            delimiter,
            lines: Lines::default(),
            quoted: false,
            after_quote: false,
            at_cell_start: true,
            cell: 0,
            cells: 1,
            row: 0,
            row_line: 1,
            opened_on: 0,
            last_was_break: true,
            ended: false,
        }
    }

    /// How many bytes from the start of `bytes` are neither a delimiter, a
    /// quote nor a line break (inside quotes, only a quote counts).
    fn ordinary(&self, bytes: &[u8]) -> usize {
        if self.quoted {
            memchr::memchr(b'"', bytes).unwrap_or(bytes.len())
        } else {
            let end = memchr::memchr3(self.delimiter, b'"', b'\n', bytes).unwrap_or(bytes.len());
            memchr::memchr(b'\r', &bytes[..end]).unwrap_or(end)
        }
    }

    /// Ordinary bytes: what [`Guard::watch`] does for each, at once.
    fn plain(&mut self, bytes: &[u8]) -> std::result::Result<(), Limit> {
        let n = bytes.len();
        if n == 0 {
            return Ok(());
        }
        if self.quoted {
            // Line breaks inside quotes are part of the cell.
            self.lines.feed_all(bytes);
            self.cell += n;
            self.row += n;
            self.last_was_break = false;
            return self.check();
        }
        if self.last_was_break {
            self.row_line = self.lines.line;
        }
        self.after_quote = false;
        self.at_cell_start = false;
        self.last_was_break = false;
        self.lines.after_cr = false;
        self.cell += n;
        self.row += n;
        self.check()
    }

    fn watch(&mut self, b: u8) -> std::result::Result<(), Limit> {
        let is_break = matches!(b, b'\r' | b'\n');
        if self.last_was_break && !is_break && !self.quoted {
            self.row_line = self.lines.line;
        }
        if self.quoted {
            if b == b'"' {
                self.quoted = false;
                self.after_quote = true;
            } else {
                self.cell += 1;
            }
        } else if self.after_quote && b == b'"' {
            self.quoted = true;
            self.after_quote = false;
            self.cell += 1;
        } else {
            self.after_quote = false;
            if b == self.delimiter {
                self.cells += 1;
                self.cell = 0;
                self.at_cell_start = true;
            } else if is_break {
                self.cells = 1;
                self.cell = 0;
                self.row = 0;
                self.at_cell_start = true;
            } else if b == b'"' && self.at_cell_start {
                self.quoted = true;
                self.opened_on = self.lines.line;
                self.at_cell_start = false;
            } else {
                self.cell += 1;
                self.at_cell_start = false;
            }
        }
        self.last_was_break = is_break && !self.quoted;
        self.lines.feed(b);
        if !is_break || self.quoted {
            self.row += 1;
        }
        self.check()
    }

    fn check(&self) -> std::result::Result<(), Limit> {
        let line = self.row_line;
        if self.cell > MAX_CELL_BYTES {
            let message = if self.quoted {
                format!(
                    "a quoted cell runs on for more than {} KB: a quote opened on line {} is probably never \
                     closed; check the quotes on that row",
                    MAX_CELL_BYTES / 1024,
                    self.opened_on
                )
            } else {
                format!(
                    "a cell is longer than {} KB, which no customer's detail is; check the row",
                    MAX_CELL_BYTES / 1024
                )
            };
            return Err(Limit { line, message });
        }
        if self.cells > MAX_CELLS {
            return Err(Limit {
                line,
                message: format!(
                    "the row has more than {MAX_CELLS} cells; a customer list has at most {} columns, \
                     so check the delimiters on this row",
                    columns().count()
                ),
            });
        }
        if self.row > MAX_ROW_BYTES {
            return Err(Limit {
                line,
                message: format!(
                    "the row is longer than {} KB, which no customer's details are; check the row",
                    MAX_ROW_BYTES / 1024
                ),
            });
        }
        Ok(())
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.ended = true;
        }
        let mut i = 0;
        while i < n {
            // Runs of ordinary bytes in one step: this sees every byte of the file.
            let run = self.ordinary(&buf[i..n]);
            self.plain(&buf[i..i + run])
                .map_err(std::io::Error::other)?;
            i += run;
            if i < n {
                self.watch(buf[i]).map_err(std::io::Error::other)?;
                i += 1;
            }
        }
        Ok(n)
    }
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
    let header = shown(header);
    match best {
        Some((d, k)) if d <= 3 => format!("unknown column \"{header}\": did you mean {k}?"),
        _ => format!(
            "unknown column \"{header}\"; the columns are {}",
            known.join(", ")
        ),
    }
}

impl CsvSource {
    /// Streams the customers; the file was checked by `open`. An error means
    /// the file changed since.
    pub fn customers(self) -> Result<impl Iterator<Item = Result<Customer>>> {
        let origin = self.path.display().to_string();
        let mut rows = Rows::new(&origin, &self.path, self.delimiter)?;
        let mut record = csv::ByteRecord::new();
        // The header, checked by `open`.
        rows.next(&mut record)?;
        let columns = self.columns;
        let changed = move |what: String| {
            Error::data(format!(
                "{origin} changed while the kits were being made ({what}); run again on a copy that nobody edits"
            ))
        };
        let mut done = false;
        Ok(std::iter::from_fn(move || {
            if done {
                return None;
            }
            loop {
                let line = match rows.next(&mut record) {
                    Ok(Some(line)) => line,
                    Ok(None) => return None,
                    Err(e) => {
                        done = true;
                        return Some(Err(changed(e.message)));
                    }
                };
                if is_blank(&record) {
                    continue;
                }
                let Ok(record) = csv::StringRecord::from_byte_record(record.clone()) else {
                    done = true;
                    return Some(Err(changed(format!("line {line} is no longer UTF-8"))));
                };
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
                return Some(Ok(Customer { line, data }));
            }
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

/// The most customers a TOML list may hold: each is kept, checked, until
/// its turn, so the list is bounded in count (CSV streams, and has no such limit).
pub const MAX_TOML_CUSTOMERS: usize = 10_000;
/// The most one `[[customer]]` table may take in a TOML list: a details file's
/// bound. Each table is parsed on its own, so this, not the file's size,
/// bounds the memory parsing takes (about 40 times the text parsed at once).
pub const MAX_TOML_CUSTOMER_BYTES: usize = crate::input::MAX_DETAILS_BYTES as usize;

/// What a customer whose check panicked is told.
const CHECK_CRASHED: &str = "mikit failed inside while checking this customer (an internal error, \
                             not a mistake in the list); the other customers are not affected. \
                             Please report it";

/// Reads `[[customer]]` tables, each shaped like a details file, one table
/// at a time. One line index serves every customer: the work is linear in
/// the file's size.
fn toml_customers(origin: &str, text: &str, today: NaiveDate) -> Result<Vec<Customer>> {
    let lines = LineIndex::new(text);
    let mut customers = Vec::new();
    for piece in tables(text) {
        let at = lines.position(piece.start);
        if piece.len() > MAX_TOML_CUSTOMER_BYTES {
            return Err(Error::data(format!(
                "{origin}:{}: a customer takes more than {} KB here, which no customer's details \
                 do; check this table. Nothing was written",
                at.line,
                MAX_TOML_CUSTOMER_BYTES / 1024
            )));
        }
        let root = DeTable::parse(&text[piece.clone()]).map_err(|e| {
            let problem =
                toml_source::toml_problem_at(&lines, piece.start, &e, toml_source::NOT_TOML)
                    .in_file(origin);
            Error::problems(
                ExitCode::DataErr,
                vec![problem],
                format!("1 error in {origin}; nothing was written"),
            )
        })?;
        for (key, value) in root.get_ref().iter() {
            let at = lines.position(piece.start + key.span().start);
            let (name, items) = match (key.get_ref().as_ref(), value.get_ref()) {
                ("customer", DeValue::Array(items)) => ("customer", items),
                (name, _) => {
                    return Err(Error::data(format!(
                        "{origin}:{}:{}: \"{}\": a customer list holds only [[customer]] tables, each shaped like a \
                         details file. Nothing was written",
                        at.line,
                        at.column,
                        shorten(name, LONGEST_ECHO)
                    )));
                }
            };
            for item in items.iter() {
                let at = lines.position(piece.start + item.span().start);
                if customers.len() == MAX_TOML_CUSTOMERS {
                    return Err(Error::data(format!(
                        "{origin}:{}: a TOML customer list may hold at most {} customers; split it, or export the \
                         customers as CSV, which has no limit. Nothing was written",
                        at.line,
                        thousands(MAX_TOML_CUSTOMERS)
                    )));
                }
                let DeValue::Table(table) = item.get_ref() else {
                    return Err(Error::data(format!(
                        "{origin}:{}: {name} must be a table. Nothing was written",
                        at.line
                    )));
                };
                // Checked here, not on a worker: a panic while checking is
                // still this customer's failure alone.
                let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let mut out = Collector::for_row(today);
                    toml_source::details_offset(&lines, piece.start, table, &mut out);
                    out.finish()
                }))
                .unwrap_or_else(|_| {
                    let mut out = Collector::for_row(today);
                    out.error(at, "", CHECK_CRASHED.to_string(), None);
                    out.finish()
                });
                customers.push(Customer {
                    line: at.line,
                    data: CustomerData::Checked(Box::new(checked)),
                });
            }
        }
    }
    Ok(customers)
}

/// The byte ranges of `text` that start at a `[[customer]]` header (the
/// first also holds whatever comes before one), found by reading TOML's
/// strings and comments just far enough to see which lines are headers.
/// A range is valid TOML on its own whenever the whole text is.
fn tables(text: &str) -> Vec<std::ops::Range<usize>> {
    #[derive(PartialEq)]
    enum In {
        Code,
        Basic,
        Literal,
        LongBasic,
        LongLiteral,
        Comment,
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut state = In::Code;
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &bytes[i..];
        match state {
            In::Code => {
                if i > 0
                    && line_start
                    && rest.starts_with(b"[[")
                    && is_customer_header(&text[i + 2..])
                {
                    starts.push(i);
                }
                match b {
                    b'#' => state = In::Comment,
                    b'"' if rest.starts_with(b"\"\"\"") => {
                        state = In::LongBasic;
                        i += 2;
                    }
                    b'"' => state = In::Basic,
                    b'\'' if rest.starts_with(b"'''") => {
                        state = In::LongLiteral;
                        i += 2;
                    }
                    b'\'' => state = In::Literal,
                    _ => {}
                }
            }
            In::Basic => match b {
                b'\\' => i += 1,
                b'"' | b'\n' => state = In::Code,
                _ => {}
            },
            In::Literal => {
                if matches!(b, b'\'' | b'\n') {
                    state = In::Code;
                }
            }
            In::LongBasic => match b {
                b'\\' => i += 1,
                b'"' if rest.starts_with(b"\"\"\"") => {
                    // Up to two more quotes belong to the string.
                    let quotes = rest.iter().take_while(|&&q| q == b'"').count().min(5);
                    i += quotes - 1;
                    state = In::Code;
                }
                _ => {}
            },
            In::LongLiteral => {
                if rest.starts_with(b"'''") {
                    let quotes = rest.iter().take_while(|&&q| q == b'\'').count().min(5);
                    i += quotes - 1;
                    state = In::Code;
                }
            }
            In::Comment => {
                if b == b'\n' {
                    state = In::Code;
                }
            }
        }
        // A header starts a line, after any indentation.
        line_start = match b {
            b'\n' => true,
            b' ' | b'\t' => line_start,
            _ => false,
        };
        i += 1;
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain(std::iter::once(&text.len())))
        .map(|(&a, &b)| a..b)
        .collect()
}

/// Whether `after` (what follows a line's `[[`) names the customer array.
fn is_customer_header(after: &str) -> bool {
    let line = after.split('\n').next().unwrap_or("");
    let Some((key, _)) = line.split_once("]]") else {
        return false;
    };
    matches!(key.trim(), "customer" | "\"customer\"" | "'customer'")
}
