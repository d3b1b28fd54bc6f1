//! A customer list as TOML: `[[customer]]` tables, each shaped like a
//! details file, parsed one table at a time (and bounded in bytes, per
//! table and in count).

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::lines::Lines;
use super::{Customer, CustomerData, Source, Survey, not_utf8, open_text, thousands};
use crate::details::Collector;
use crate::details::toml_source::{self, LineIndex};
use crate::error::{Error, ExitCode, Result};
use crate::problem::{LONGEST_ECHO, shorten};

/// A TOML list is parsed whole, so it is bounded as a whole; CSV streams.
pub const MAX_TOML_BYTES: u64 = 16 * 1024 * 1024;

pub(super) fn open(origin: &str, path: &Path, today: NaiveDate) -> Result<Survey> {
    let mut bytes = Vec::new();
    open_text(path)?
        .take(MAX_TOML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::no_input(format!("{origin}: cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_TOML_BYTES {
        return Err(Error::data(format!(
            "{origin}: a TOML customer list may be at most {} MB; split it, or export the customers as CSV, \
             which has no limit.",
            MAX_TOML_BYTES / (1024 * 1024)
        )).nothing_written());
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let mut lines = Lines::default();
        bytes[..e.valid_up_to()].iter().for_each(|&b| lines.feed(b));
        not_utf8(origin, lines.line)
    })?;
    let last_line = text.lines().count().max(1);
    let customers = toml_customers(origin, text, today)?;
    Ok(Survey {
        customers: customers.len(),
        source: Source::Toml(customers),
        last_line,
        notes: Vec::new(),
    })
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
                 do; check this table.",
                at.line,
                MAX_TOML_CUSTOMER_BYTES / 1024
            ))
            .nothing_written());
        }
        let root = DeTable::parse(&text[piece.clone()]).map_err(|e| {
            let problem =
                toml_source::toml_problem_at(&lines, piece.start, &e, toml_source::NOT_TOML)
                    .in_file(origin);
            Error::problems(
                ExitCode::DataErr,
                vec![problem],
                format!("1 error in {origin}"),
            )
            .nothing_written()
        })?;
        for (key, value) in root.get_ref().iter() {
            let at = lines.position(piece.start + key.span().start);
            let (name, items) = match (key.get_ref().as_ref(), value.get_ref()) {
                ("customer", DeValue::Array(items)) => ("customer", items),
                (name, _) => {
                    return Err(Error::data(format!(
                        "{origin}:{}:{}: \"{}\": a customer list holds only [[customer]] tables, each shaped like a \
                         details file.",
                        at.line,
                        at.column,
                        shorten(name, LONGEST_ECHO)
                    )).nothing_written());
                }
            };
            for item in items.iter() {
                let at = lines.position(piece.start + item.span().start);
                if customers.len() == MAX_TOML_CUSTOMERS {
                    return Err(Error::data(format!(
                        "{origin}:{}: a TOML customer list may hold at most {} customers; split it, or export the \
                         customers as CSV, which has no limit.",
                        at.line,
                        thousands(MAX_TOML_CUSTOMERS)
                    )).nothing_written());
                }
                let DeValue::Table(table) = item.get_ref() else {
                    return Err(Error::data(format!(
                        "{origin}:{}: {name} must be a table.",
                        at.line
                    ))
                    .nothing_written());
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
                    columns: Vec::new(),
                    unusable: Vec::new(),
                    dates: crate::details::date::DayMonth::IsoOnly,
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
