//! A customer list as TOML: `[[customer]]` tables, each shaped like a
//! details file, parsed whole (and so bounded in bytes and in count).

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::csv::Lines;
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
             which has no limit. Nothing was written",
            MAX_TOML_BYTES / (1024 * 1024)
        )));
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

/// The most customers a TOML list may hold: it is parsed whole, so it is
/// bounded in count as well as in bytes (CSV streams, and has no such limit).
pub const MAX_TOML_CUSTOMERS: usize = 10_000;

/// Reads `[[customer]]` tables, each shaped like a details file. One line
/// index serves every customer: the work is linear in the file's size.
fn toml_customers(origin: &str, text: &str, today: NaiveDate) -> Result<Vec<Customer>> {
    let lines = LineIndex::new(text);
    let root = DeTable::parse(text).map_err(|e| {
        let problem = toml_source::toml_problem(&lines, &e, toml_source::NOT_TOML).in_file(origin);
        Error::problems(
            ExitCode::DataErr,
            vec![problem],
            format!("1 error in {origin}; nothing was written"),
        )
    })?;
    let mut customers = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let at = lines.position(key.span().start);
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
        if items.len() > MAX_TOML_CUSTOMERS {
            let at = items
                .get(MAX_TOML_CUSTOMERS)
                .map_or(at, |item| lines.position(item.span().start));
            return Err(Error::data(format!(
                "{origin}:{}: a TOML customer list may hold at most {} customers; split it, or export the \
                 customers as CSV, which has no limit. Nothing was written",
                at.line,
                thousands(MAX_TOML_CUSTOMERS)
            )));
        }
        for item in items.iter() {
            let at = lines.position(item.span().start);
            let DeValue::Table(table) = item.get_ref() else {
                return Err(Error::data(format!(
                    "{origin}:{}: {name} must be a table. Nothing was written",
                    at.line
                )));
            };
            let mut out = Collector::new(today);
            toml_source::details_indexed(&lines, table, &mut out);
            customers.push(Customer {
                line: at.line,
                data: CustomerData::Checked(Box::new(out.finish())),
                columns: Vec::new(),
                unusable: Vec::new(),
                dates: crate::details::date::DayMonth::IsoOnly,
            });
        }
    }
    Ok(customers)
}
