//! A CSV export of a shop's spreadsheet, streamed: checked and counted in a
//! first read, then read again customer by customer, memory flat.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use encoding_rs::Encoding;

use super::dates::Evidence;
use super::encoding::{self, Chosen, Decoded, Malformed};
use super::lines::Lines;
use super::{
    Customer, CustomerData, MAX_CELL_BYTES, MAX_CELLS, MAX_ROW_BYTES, Source, Survey, not_utf8,
    shown, thousands, unknown_column,
};
use crate::details::date::{DateOrder, DayMonth};
use crate::details::{Collector, Field, FieldKind, Location, Parsed};
use crate::error::{Error, ExitCode, Result};
use crate::problem::Problem;

/// Header problems listed before the rest are counted instead.
const MAX_SHOWN: usize = 20;

pub struct CsvSource {
    path: std::path::PathBuf,
    chosen: Chosen,
    delimiter: u8,
    columns: Vec<Field>,
    /// What the file's own dates say about the order of day and month.
    pub(super) evidence: Evidence,
    pub(super) dates: DayMonth,
}

type Text = Decoded<BufReader<File>>;

pub(super) fn open(
    origin: &str,
    path: &Path,
    named: Option<&'static Encoding>,
    _said: Option<DateOrder>,
    stop: &AtomicBool,
) -> Result<Option<Survey>> {
    let chosen = encoding::choose(origin, path, named, || region_hints(origin, path))?;
    let delimiter = sniff_delimiter(origin, path, &chosen)?;
    let mut rows = Rows::new(origin, path, &chosen, delimiter)?;
    let columns = header(origin, &mut rows)?;
    let date_columns: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].kind() == FieldKind::Date)
        .collect();
    let mut evidence = Evidence::default();
    let (mut records, mut customers, mut last_line) = (0usize, 0, 1);
    let mut record = csv::ByteRecord::new();
    while let Some(line) = rows.next(&mut record)? {
        records += 1;
        if records.is_multiple_of(4096) && stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if let Some((at, _)) = first_non_utf8(&record) {
            return Err(not_utf8(origin, line + at));
        }
        if record.len() != columns.len() && spans_lines(&record) > 2 {
            if let Some(opened) = rows.unclosed_quote() {
                return Err(unclosed(origin, opened));
            }
            return Err(Error::data(format!(
                "{origin}:{line}: a quote opened on this line is not closed where expected, so the rest of \
                 the file reads wrongly; check the quotes on this row."
            )).nothing_written());
        }
        if !is_blank(&record) {
            customers += 1;
            last_line = line;
            for &i in &date_columns {
                if let Some(Ok(text)) = record.get(i).map(std::str::from_utf8) {
                    evidence.see(line, 0, text);
                }
            }
        }
    }
    if let Some(opened) = rows.unclosed_quote() {
        return Err(unclosed(origin, opened));
    }
    Ok(Some(Survey {
        customers,
        source: Source::Csv(CsvSource {
            path: path.to_path_buf(),
            chosen,
            delimiter,
            columns,
            evidence,
            dates: DayMonth::Unknown,
        }),
        last_line: last_line.max(rows.lines()),
        notes: chosen.note(origin).into_iter().collect(),
    }))
}
/// The account regions of the file's customers as country codes ("ru"),
/// read from its raw bytes (every code page Excel writes keeps ASCII where
/// it is): the encoding detector's hint of where the file comes from.
fn region_hints(origin: &str, path: &Path) -> Vec<String> {
    let raw = Chosen::raw();
    let Ok(delimiter) = sniff_delimiter(origin, path, &raw) else {
        return Vec::new();
    };
    let Ok(file) = encoding::open_decoded(path, &raw) else {
        return Vec::new();
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(Guard::new(file, delimiter));
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).unwrap_or(false) {
        return Vec::new();
    }
    let Some(at) = record
        .iter()
        .position(|h| h.trim_ascii().eq_ignore_ascii_case(b"region"))
    else {
        return Vec::new();
    };
    let mut codes: Vec<String> = Vec::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let Some(Ok(text)) = record.get(at).map(std::str::from_utf8) else {
            continue;
        };
        if let Ok(region) = crate::details::Region::parse(text.trim()) {
            let code = region.code().to_ascii_lowercase();
            if !codes.contains(&code) {
                codes.push(code);
                // Every script region chardetng knows, many times over.
                if codes.len() >= 64 {
                    break;
                }
            }
        }
    }
    codes
}

/// A read that failed: a byte the file's encoding cannot read, or the disk.
fn read_error(origin: &str, e: &std::io::Error) -> Error {
    if let Some(bad) = e.get_ref().and_then(|i| i.downcast_ref::<Malformed>()) {
        return Error::data(format!(
            "{origin}:{}: a byte that is not {} text, so the file is in another encoding: name it with \
             --encoding, or export the sheet as \"CSV UTF-8\".",
            bad.line,
            bad.encoding.name()
        )).nothing_written();
    }
    Error::no_input(format!("{origin}: cannot read it: {e}"))
}

fn unclosed(origin: &str, line: usize) -> Error {
    Error::data(format!(
        "{origin}:{line}: a quote opened on this line is never closed, so the rest of the file would read \
         as one cell; check the quotes on this row."
    )).nothing_written()
}

/// Comma, semicolon (what spreadsheets in comma-decimal countries export) or
/// tab (Excel's "Unicode text"): whichever the header line has most of
/// outside quotes, commas winning a tie.
fn sniff_delimiter(origin: &str, path: &Path, chosen: &Chosen) -> Result<u8> {
    let mut input = encoding::open_decoded(path, chosen)?.take(MAX_ROW_BYTES as u64);
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    let pick = |commas: usize, semicolons: usize, tabs: usize| {
        if tabs > commas && tabs > semicolons {
            b'\t'
        } else if semicolons > commas {
            b';'
        } else {
            b','
        }
    };
    let mut buf = [0u8; 8192];
    loop {
        let n = input.read(&mut buf).map_err(|e| read_error(origin, &e))?;
        for &b in &buf[..n] {
            match b {
                b'"' => quoted = !quoted,
                b'\r' | b'\n' if !quoted => return Ok(pick(commas, semicolons, tabs)),
                b',' if !quoted => commas += 1,
                b';' if !quoted => semicolons += 1,
                b'\t' if !quoted => tabs += 1,
                _ => {}
            }
        }
        if n == 0 {
            return Ok(pick(commas, semicolons, tabs));
        }
    }
}

/// Reads and checks the header row; returns the field of each column.
fn header(origin: &str, rows: &mut Rows) -> Result<Vec<Field>> {
    let mut record = csv::ByteRecord::new();
    if rows.next(&mut record)?.is_none() || record.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Error::data(format!(
            "{origin}:1: no header row; the first row must name the columns, e.g. name,email,phone."
        ))
        .nothing_written());
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
        match super::columns().find(|(n, _)| *n == name) {
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
        return Err(
            Error::problems(ExitCode::DataErr, problems, "the header row is wrong")
                .nothing_written(),
        );
    }
    Ok(columns)
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

/// A CSV file's records, streamed, each with the file line it starts on.
struct Rows {
    reader: csv::Reader<Guard<Text>>,
    /// A second read of the same bytes, following the records to turn their
    /// byte positions into lines: memory stays flat and the work linear.
    cursor: LineCursor,
    origin: String,
}

impl Rows {
    fn new(origin: &str, path: &Path, chosen: &Chosen, delimiter: u8) -> Result<Rows> {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(Guard::new(encoding::open_decoded(path, chosen)?, delimiter));
        Ok(Rows {
            reader,
            cursor: LineCursor {
                input: BufReader::new(encoding::open_decoded(path, chosen)?),
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
                    return Err(Error::data(format!("{origin}:{limit}.")).nothing_written());
                }
                if let csv::ErrorKind::Io(io) = e.kind()
                    && io.get_ref().is_some_and(|i| i.is::<Malformed>())
                {
                    return Err(read_error(origin, io));
                }
                Err(Error::data(format!("{origin}: cannot read it as CSV: {e}.")).nothing_written())
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
    input: BufReader<Text>,
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
                    super::columns().count()
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

impl CsvSource {
    /// Streams the customers; the file was checked by `open`. An error means
    /// the file changed since.
    pub fn customers(self) -> Result<impl Iterator<Item = Result<Customer>>> {
        let origin = self.path.display().to_string();
        let mut rows = Rows::new(&origin, &self.path, &self.chosen, self.delimiter)?;
        let mut record = csv::ByteRecord::new();
        // The header, checked by `open`.
        rows.next(&mut record)?;
        let columns = self.columns;
        let dates = self.dates;
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
                return Some(Ok(Customer {
                    line,
                    data,
                    columns: Vec::new(),
                    unusable: Vec::new(),
                    dates,
                }));
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
