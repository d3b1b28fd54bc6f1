//! A shop's whole customer list in the page: what `mikit batch --merge`
//! writes into a folder, made in memory (the page has no folders): every
//! customer's two PDFs, manifest.csv, and the merged PDF to print duplex.
//!
//! The CLI's reader (src/batch/source.rs) streams the list from a file,
//! twice, and is not compiled for the browser. This reads the list's text
//! with the same csv crate and the same rules: a byte-order mark skipped,
//! comma or semicolon (whichever the header has more of), the header's
//! columns named after the details keys (`account_id` for the ID), blank rows
//! skipped, a row numbered by the line it starts on, each row checked by the
//! library's own `Collector` as `Customer::check` does, `[[customer]]` tables
//! for a TOML list, the same bounds and the same messages. `mikit batch`
//! itself is the judge: a native test here and web/test.py compare the bytes.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use mikit::content::{DocKind, Lang};
use mikit::details::toml_source::{self, LineIndex};
use mikit::details::{Collector, Field, FieldKind, Location, Parsed, column_name, columns};
use mikit::layout::Paper;
use mikit::manifest_cells::{cell, problems_cell};
use mikit::problem::{LONGEST_ECHO, Problem, shorten};
use mikit::render::merge::Merge;
use mikit::shop::Shop;

/// The title of the merged PDF (src/batch/mod.rs MERGED_TITLE).
const MERGED_TITLE: &str = "Xiaomi Account recovery kits";
/// Problems listed; manifest.csv has every customer (src/batch MAX_PROBLEMS).
pub const MAX_PROBLEMS: usize = 200;
/// The CLI's bounds (src/batch/source.rs).
const MAX_CELL_BYTES: usize = 64 * 1024;
const MAX_ROW_BYTES: usize = 1024 * 1024;
const MAX_CELLS: usize = 256;
const MAX_TOML_BYTES: usize = 16 * 1024 * 1024;
const MAX_TOML_CUSTOMERS: usize = 10_000;
/// The page holds the list, every PDF and the merged file in memory: a
/// list beyond this is for the CLI, which streams it.
pub const MAX_LIST_BYTES: usize = 32 * 1024 * 1024;
const MAX_SHOWN: usize = 20;

/// Why the list could not be read at all: nothing is made.
#[derive(Debug)]
pub struct Refused {
    /// Each problem as the CLI prints it (`file:line: message`).
    pub problems: Vec<String>,
    pub message: String,
}

impl Refused {
    fn new(message: String) -> Refused {
        Refused {
            problems: Vec::new(),
            message,
        }
    }
}

enum Data {
    Cells(Vec<(Field, String)>),
    Checked(Box<Parsed>),
}

struct Customer {
    line: usize,
    data: Data,
}

impl Customer {
    fn check(self, today: NaiveDate) -> Parsed {
        match self.data {
            Data::Checked(parsed) => *parsed,
            Data::Cells(cells) => {
                let mut out = Collector::new(today);
                let at = Location {
                    line: self.line,
                    column: 0,
                };
                for (field, raw) in &cells {
                    let label = column_name(*field);
                    let raw = &raw.replace("\r\n", "\n").replace('\r', "\n");
                    match field.kind() {
                        FieldKind::Text => out.text(*field, label, raw, at),
                        FieldKind::Date => out.date(*field, label, raw, at),
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

    /// The language the customer asks for, if any.
    fn language(&self) -> Option<Lang> {
        match &self.data {
            Data::Checked(parsed) => parsed.details.language,
            Data::Cells(cells) => cells
                .iter()
                .find(|(f, _)| *f == Field::Language)
                .and_then(|(_, v)| Lang::parse(v.trim()).ok()),
        }
    }
}

/// Counts lines as spreadsheets end them: "\r\n", "\n" or a lone "\r".
#[derive(Clone, Copy)]
struct Lines {
    line: usize,
    after_cr: bool,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            line: 1,
            after_cr: false,
        }
    }

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
}

/// The line of the first byte at or after an offset that is not a line
/// break (a record's position can point at the break before it), moving
/// forward only.
struct LineCursor<'a> {
    bytes: &'a [u8],
    at: usize,
    lines: Lines,
}

impl LineCursor<'_> {
    fn line_at(&mut self, offset: usize) -> usize {
        while self.at < offset.min(self.bytes.len()) {
            self.lines.feed(self.bytes[self.at]);
            self.at += 1;
        }
        while let Some(&b @ (b'\r' | b'\n')) = self.bytes.get(self.at) {
            self.lines.feed(b);
            self.at += 1;
        }
        self.lines.line
    }
}

/// The list, read and checked in shape, ready to make kits from.
pub struct List {
    customers: Vec<Customer>,
    /// The highest line a customer can have: file names are padded to it.
    last_line: usize,
}

/// Reads a customer list: TOML when its name ends in .toml, else CSV.
pub fn read(origin: &str, bytes: &[u8], today: NaiveDate) -> Result<List, Refused> {
    if bytes.len() > MAX_LIST_BYTES {
        return Err(Refused::new(format!(
            "{origin}: more than {} MB: too large to make in a browser; use mikit batch, which streams any size",
            MAX_LIST_BYTES / (1024 * 1024)
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let mut lines = Lines::new();
        bytes[..e.valid_up_to()].iter().for_each(|&b| lines.feed(b));
        Refused::new(format!(
            "{origin}:{}: not UTF-8 text; export the spreadsheet as \"CSV UTF-8\" and try again. Nothing was written",
            lines.line
        ))
    })?;
    let is_toml = origin
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("toml"));
    if is_toml {
        if text.len() > MAX_TOML_BYTES {
            return Err(Refused::new(format!(
                "{origin}: a TOML customer list may be at most {} MB; split it, or export the customers as CSV, \
                 which has no limit. Nothing was written",
                MAX_TOML_BYTES / (1024 * 1024)
            )));
        }
        return toml_list(origin, text, today);
    }
    csv_list(origin, text)
}

/// Comma or semicolon: whichever the header line has more of outside quotes.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in text.as_bytes().iter().take(MAX_ROW_BYTES) {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Where a quote that is never closed was opened, reading cells as the CSV
/// reader splits them (RFC 4180: a quote opens a cell only at its start;
/// `""` inside quotes is a quote).
fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let (mut lines, mut quoted, mut after_quote, mut at_start, mut opened) =
        (Lines::new(), false, false, true, 0);
    for &b in text.as_bytes() {
        if quoted {
            if b == b'"' {
                quoted = false;
                after_quote = true;
            }
        } else if after_quote && b == b'"' {
            quoted = true;
            after_quote = false;
        } else {
            after_quote = false;
            if b == delimiter || b == b'\r' || b == b'\n' {
                at_start = true;
            } else if b == b'"' && at_start {
                quoted = true;
                opened = lines.line;
                at_start = false;
            } else {
                at_start = false;
            }
        }
        lines.feed(b);
    }
    quoted.then_some(opened)
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

/// A cell echoed in a message: cut short, control characters escaped.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).flat_map(char::escape_debug).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

fn thousands(n: usize) -> String {
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

fn header(origin: &str, record: Option<&csv::StringRecord>) -> Result<Vec<Field>, Refused> {
    let Some(record) = record.filter(|r| !r.iter().all(|h| h.trim().is_empty())) else {
        return Err(Refused::new(format!(
            "{origin}:1: no header row; the first row must name the columns, e.g. name,email,phone. Nothing was written"
        )));
    };
    let mut fields = Vec::new();
    let mut problems = Vec::new();
    let at_header = |message: String| Problem::error(1, 0, "", message).in_file(origin);
    for header in record.iter() {
        let name = header.trim().to_lowercase();
        match columns().find(|(n, _)| *n == name) {
            Some((_, field)) if fields.contains(&field) => {
                problems.push(at_header(format!(
                    "column \"{}\" appears twice",
                    shown(header)
                )));
            }
            Some((_, field)) => fields.push(field),
            None => problems.push(at_header(unknown_column(header))),
        }
    }
    if problems.is_empty() {
        return Ok(fields);
    }
    let more = problems.len().saturating_sub(MAX_SHOWN);
    problems.truncate(MAX_SHOWN);
    if more > 0 {
        problems.push(at_header(format!(
            "and {} more wrong column{}",
            thousands(more),
            if more == 1 { "" } else { "s" }
        )));
    }
    Err(Refused {
        problems: problems.iter().map(|p| p.render(origin)).collect(),
        message: "the header row is wrong; nothing was written".into(),
    })
}

/// The bounds the CLI's reader holds a row to, with its messages.
fn row_bounds(record: &csv::StringRecord) -> Result<(), String> {
    if record.len() > MAX_CELLS {
        return Err(format!(
            "the row has more than {MAX_CELLS} cells; a customer list has at most {} columns, \
             so check the delimiters on this row",
            columns().count()
        ));
    }
    if record.iter().any(|c| c.len() > MAX_CELL_BYTES) {
        return Err(format!(
            "a cell is longer than {} KB, which no customer's detail is; check the row",
            MAX_CELL_BYTES / 1024
        ));
    }
    if record.as_slice().len() > MAX_ROW_BYTES {
        return Err(format!(
            "the row is longer than {} KB, which no customer's details are; check the row",
            MAX_ROW_BYTES / 1024
        ));
    }
    Ok(())
}

fn csv_list(origin: &str, text: &str) -> Result<List, Refused> {
    let delimiter = sniff_delimiter(text);
    if let Some(opened) = unclosed_quote(text, delimiter) {
        return Err(Refused::new(format!(
            "{origin}:{opened}: a quote opened on this line is never closed, so the rest of the file would read \
             as one cell; check the quotes on this row. Nothing was written"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut cursor = LineCursor {
        bytes: text.as_bytes(),
        at: 0,
        lines: Lines::new(),
    };
    let mut records = reader.records();
    let first = records.next().transpose().map_err(|e| {
        Refused::new(format!(
            "{origin}: cannot read it as CSV: {e}. Nothing was written"
        ))
    })?;
    let fields = header(origin, first.as_ref())?;
    let mut customers = Vec::new();
    let mut last_line = 1;
    for record in records {
        let record = record.map_err(|e| {
            Refused::new(format!(
                "{origin}: cannot read it as CSV: {e}. Nothing was written"
            ))
        })?;
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let line = cursor.line_at(at);
        row_bounds(&record).map_err(|message| {
            Refused::new(format!("{origin}:{line}: {message}. Nothing was written"))
        })?;
        let spans = 1 + record
            .iter()
            .flat_map(str::bytes)
            .fold((0, false), |(n, cr), b| match b {
                b'\r' => (n + 1, true),
                b'\n' if !cr => (n + 1, false),
                _ => (n, false),
            })
            .0;
        if record.len() != fields.len() && spans > 2 {
            return Err(Refused::new(format!(
                "{origin}:{line}: a quote opened on this line is not closed where expected, so the rest of \
                 the file reads wrongly; check the quotes on this row. Nothing was written"
            )));
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        last_line = line;
        let extra = record
            .iter()
            .skip(fields.len())
            .any(|c| !c.trim().is_empty());
        let data = if extra {
            let mut out = Collector::new(NaiveDate::MAX);
            let message = format!(
                "the row has {} cells but the header names {} columns; check for a stray comma or semicolon",
                record.len(),
                fields.len()
            );
            out.error(Location { line, column: 0 }, "row", message, None);
            Data::Checked(Box::new(out.finish()))
        } else {
            Data::Cells(
                fields
                    .iter()
                    .copied()
                    .zip(record.iter().map(str::to_string))
                    .collect(),
            )
        };
        customers.push(Customer { line, data });
    }
    // The file's last line that holds anything: a trailing line break ends
    // the line before it.
    let mut lines = Lines::new();
    text.bytes().for_each(|b| lines.feed(b));
    let file_lines = lines.line - usize::from(text.ends_with(['\r', '\n']));
    Ok(List {
        customers,
        last_line: last_line.max(file_lines),
    })
}

fn toml_list(origin: &str, text: &str, today: NaiveDate) -> Result<List, Refused> {
    let lines = LineIndex::new(text);
    let root = DeTable::parse(text).map_err(|e| {
        let problem = toml_source::toml_problem(&lines, &e, toml_source::NOT_TOML).in_file(origin);
        Refused {
            problems: vec![problem.render(origin)],
            message: format!("1 error in {origin}; nothing was written"),
        }
    })?;
    let mut customers = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let at = lines.position(key.span().start);
        let (name, items) = match (key.get_ref().as_ref(), value.get_ref()) {
            ("customer", DeValue::Array(items)) => ("customer", items),
            (name, _) => {
                return Err(Refused::new(format!(
                    "{origin}:{}:{}: \"{}\": a customer list holds only [[customer]] tables, each shaped like a \
                     details file. Nothing was written",
                    at.line,
                    at.column,
                    shorten(name, LONGEST_ECHO)
                )));
            }
        };
        if items.len() > MAX_TOML_CUSTOMERS {
            let at = items
                .get(MAX_TOML_CUSTOMERS)
                .map_or(at, |item| lines.position(item.span().start));
            return Err(Refused::new(format!(
                "{origin}:{}: a TOML customer list may hold at most {} customers; split it, or export the \
                 customers as CSV, which has no limit. Nothing was written",
                at.line,
                thousands(MAX_TOML_CUSTOMERS)
            )));
        }
        for item in items.iter() {
            let at = lines.position(item.span().start);
            let DeValue::Table(table) = item.get_ref() else {
                return Err(Refused::new(format!(
                    "{origin}:{}: {name} must be a table. Nothing was written",
                    at.line
                )));
            };
            let mut out = Collector::new(today);
            toml_source::details_indexed(&lines, table, &mut out);
            customers.push(Customer {
                line: at.line,
                data: Data::Checked(Box::new(out.finish())),
            });
        }
    }
    Ok(List {
        customers,
        last_line: text.lines().count().max(1),
    })
}

/// What the run made, in the CLI's words and files.
pub struct Done {
    /// `(file name, bytes)` of every PDF, then manifest.csv.
    pub files: Vec<(String, Vec<u8>)>,
    /// The merged PDF and its pages; none when no customer's kit was made.
    pub merged: Option<(Vec<u8>, usize)>,
    pub written: usize,
    pub failed: usize,
    /// Problems as the CLI prints them, the first [`MAX_PROBLEMS`].
    pub problems: Vec<String>,
    pub problems_left_out: usize,
}

/// A run over a list, a few customers at a time so the page can show
/// progress and stop it.
pub struct Run {
    origin: String,
    customers: std::vec::IntoIter<Customer>,
    total: usize,
    width: usize,
    today: NaiveDate,
    lang: Lang,
    paper: Option<Paper>,
    shop: Option<Shop>,
    merge: Merge<Vec<u8>>,
    manifest: csv::Writer<Vec<u8>>,
    done: Done,
}

impl Run {
    pub fn new(
        origin: &str,
        list: List,
        today: NaiveDate,
        lang: Lang,
        paper: Option<Paper>,
        shop: Option<Shop>,
    ) -> Run {
        let mut manifest = csv::Writer::from_writer(Vec::new());
        let _ = manifest.write_record(["line", "status", "files", "error"]);
        Run {
            origin: origin.to_string(),
            total: list.customers.len(),
            width: list.last_line.to_string().len().max(4),
            customers: list.customers.into_iter(),
            today,
            lang,
            paper,
            shop,
            merge: Merge::new(Vec::new(), MERGED_TITLE, today).expect("writing into memory"),
            manifest,
            done: Done {
                files: Vec::new(),
                merged: None,
                written: 0,
                failed: 0,
                problems: Vec::new(),
                problems_left_out: 0,
            },
        }
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn finished(&self) -> usize {
        self.done.written + self.done.failed
    }

    /// Every character the kits may print, for the fonts to fetch first:
    /// the list's and the shop's text, and the templates of every language
    /// the customers ask for.
    pub fn chars(list_text: &str, shop: &str, list: &List, lang: Lang) -> BTreeSet<char> {
        let mut langs: BTreeSet<Lang> = list
            .customers
            .iter()
            .filter_map(Customer::language)
            .collect();
        langs.insert(lang);
        let templates = mikit::content::TemplateSet::builtin();
        let mut chars: BTreeSet<char> = list_text.chars().chain(shop.chars()).collect();
        for lang in langs {
            for kind in DocKind::ALL {
                chars.extend(templates.get(lang, kind).alphabet.iter().copied());
            }
        }
        chars
    }

    fn problem(&mut self, problem: Problem) {
        if self.done.problems.len() < MAX_PROBLEMS {
            self.done.problems.push(problem.render(&self.origin));
        } else {
            self.done.problems_left_out += 1;
        }
    }

    /// Makes the next `n` customers' kits; false when none are left.
    pub fn step(&mut self, n: usize) -> bool {
        for _ in 0..n {
            let Some(customer) = self.customers.next() else {
                return false;
            };
            self.one(customer);
        }
        self.customers.len() > 0
    }

    fn one(&mut self, customer: Customer) {
        let line = customer.line;
        let stem = format!("{line:0width$}", width = self.width);
        let parsed = customer.check(self.today);
        if !parsed.is_valid() {
            self.done.failed += 1;
            for p in &parsed.problems {
                self.problem(p.clone().in_file(&self.origin));
            }
            let cell = problems_cell(parsed.errors(), "");
            self.record(line, "failed", &[], &cell);
            return;
        }
        let settings = mikit::Settings {
            templates: mikit::content::TemplateSet::builtin(),
            lang: self.lang,
            shop: self.shop.as_ref(),
        };
        let paper = mikit::paper_for(&parsed.details, self.paper);
        let made: mikit::Result<Vec<_>> = DocKind::ALL
            .iter()
            .map(|&kind| {
                let doc = mikit::document_with(kind, &parsed.details, self.today, &settings)?;
                let objects = mikit::pdf_objects(&doc, paper, self.today)?;
                let bytes = objects.clone().to_bytes()?;
                Ok((format!("{stem}-{}.pdf", kind.stem()), bytes, objects))
            })
            .collect();
        let made = match made {
            Ok(made) => made,
            Err(e) => {
                self.done.failed += 1;
                for p in parsed.warnings() {
                    self.problem(p.clone().in_file(&self.origin));
                }
                let origin = self.origin.clone();
                self.problem(Problem::error(line, 0, "", e.message).in_file(origin));
                self.record(
                    line,
                    "failed",
                    &[],
                    "the documents could not be laid out; see the run's messages",
                );
                return;
            }
        };
        for (_, _, objects) in &made {
            self.merge.append(objects).expect("writing into memory");
        }
        self.done.written += 1;
        for p in parsed.warnings() {
            self.problem(p.clone().in_file(&self.origin));
        }
        let warnings = problems_cell(parsed.warnings(), "warning: ");
        let names: Vec<String> = made.iter().map(|(n, _, _)| n.clone()).collect();
        self.record(line, "ok", &names, &warnings);
        self.done
            .files
            .extend(made.into_iter().map(|(name, bytes, _)| (name, bytes)));
    }

    fn record(&mut self, line: usize, status: &str, files: &[String], error: &str) {
        let cells = [
            line.to_string(),
            status.to_string(),
            cell(&files.join(" ")),
            cell(error),
        ];
        let _ = self.manifest.write_record(&cells);
    }

    /// Every file of the run: the PDFs, manifest.csv and the merged PDF.
    pub fn finish(mut self) -> Done {
        let pages = self.merge.pages();
        if pages > 0 {
            let merged = self.merge.finish().expect("writing into memory");
            self.done.merged = Some((merged, pages));
        }
        let manifest = self.manifest.into_inner().unwrap_or_default();
        self.done.files.push(("manifest.csv".into(), manifest));
        self.done
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
    }

    /// The page's run and `mikit batch --merge` on the same list: the same
    /// files, byte for byte, and the same problems.
    fn same_as_the_cli(name: &str, list: &str, shop: Option<&str>) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join(name);
        std::fs::write(&input, list).unwrap();
        let out = dir.path().join("out");
        let merged_path = out.join("all-kits.pdf");
        let shop = shop.map(|s| mikit::shop::parse(s).unwrap());
        let stop = AtomicBool::new(false);
        let summary = mikit::batch::run(&mikit::batch::Options {
            input: &input,
            reading: Default::default(),
            out_dir: &out,
            today: day(),
            paper: None,
            settings: mikit::Settings {
                templates: mikit::content::TemplateSet::builtin(),
                lang: Lang::En,
                shop: shop.as_ref(),
            },
            name: None,
            merge: Some(&merged_path),
            reads: &[],
            jobs: 2,
            force: false,
            stop: &stop,
            progress: &|_, _| {},
        })
        .unwrap();

        let origin = input.display().to_string();
        let read = super::read(&origin, list.as_bytes(), day()).unwrap();
        let mut run = Run::new(&origin, read, day(), Lang::En, None, shop);
        assert_eq!(run.total(), summary.customers);
        while run.step(7) {}
        let done = run.finish();
        assert_eq!(done.written, summary.written, "{name}");
        assert_eq!(done.failed, summary.failed, "{name}");
        let cli_problems: Vec<String> = summary.problems.iter().map(|p| p.render("")).collect();
        assert_eq!(done.problems, cli_problems, "{name}");
        for (file, bytes) in &done.files {
            let cli =
                std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
            assert!(cli == *bytes, "{name}: {file} differs from the CLI's");
        }
        let pdfs = std::fs::read_dir(&out)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".pdf")
            })
            .count();
        assert_eq!(
            done.files.len() - 1,
            pdfs - usize::from(done.merged.is_some()),
            "{name}"
        );
        match (&done.merged, &summary.merged) {
            (Some((bytes, pages)), Some((path, cli_pages))) => {
                assert_eq!(pages, cli_pages);
                assert!(
                    *bytes == std::fs::read(path).unwrap(),
                    "{name}: merged PDF differs"
                );
            }
            (None, None) => {}
            other => panic!(
                "{name}: merged {:?}",
                (other.0.is_some(), other.1.is_some())
            ),
        }
    }

    #[test]
    fn the_example_list_is_the_clis() {
        same_as_the_cli(
            "shop-customers.csv",
            include_str!("../../examples/shop-customers.csv"),
            Some(include_str!("../../examples/shop.toml")),
        );
    }

    #[test]
    fn semicolons_crlf_quotes_blank_and_bad_rows_are_the_clis() {
        let list = "\u{FEFF}name;email;imei;region;purchased\r\n\
                    \"Nair; Priya\";priya@example.com;356938035643809;IN;2023-11-04\r\n\
                    \r\n\
                    ;;;;\r\n\
                    \"Line\r\nbreak\";bad.example.com;;IN;\r\n\
                    Ana;ana@example.com;;ES;2030-01-01\r\n\
                    Too;many;cells;here;x;y\r\n\
                    =cmd;x@example.com;;;\r\n";
        same_as_the_cli("list.csv", list, None);
    }

    #[test]
    fn a_toml_list_is_the_clis() {
        let list = "[[customer]]\n[customer.owner]\nname = \"王芳\"\nlanguage = \"zh-CN\"\n\
                    [customer.account]\nemail = \"wang@example.com\"\n\n\
                    [[customer]]\n[customer.owner]\nnmae = \"x\"\n";
        same_as_the_cli("list.toml", list, None);
    }

    #[test]
    fn a_wrong_header_refuses_the_list() {
        let refused = read("c.csv", b"name,emial\nPriya,x\n", day())
            .err()
            .unwrap();
        assert!(
            refused.problems[0].contains("did you mean email?"),
            "{refused:?}"
        );
        let refused = read("c.csv", b"name\n\"Priya\n", day()).err().unwrap();
        assert!(
            refused.message.starts_with("c.csv:2: a quote"),
            "{refused:?}"
        );
    }
}
