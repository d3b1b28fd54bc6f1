//! The details file: what the owner wrote, read with every value's position so
//! that each problem can be reported at its line and column, all in one run.

pub mod clusters;
mod collect;
pub mod date;
mod phone;
mod region;
mod rules;
mod schema;
pub mod toml_source;

pub use collect::{Collector, Location};
pub use date::{PartialDate, format_day};
pub use region::Region;
pub use schema::{Field, FieldKind, SCHEMA, column_name, columns};

use chrono::NaiveDate;
use toml::de::DeTable;

use crate::fonts::Fonts;
use crate::lang::Lang;

/// A validated details file, every value normalised for print.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub name: Option<String>,
    /// The language the owner reads best; the run's default when absent.
    pub language: Option<Lang>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub previous_phones: Vec<String>,
    pub region: Option<Region>,
    pub created: Option<PartialDate>,
    pub account_id: Option<String>,
    pub model: Option<String>,
    pub imei: Vec<String>,
    pub serial: Option<String>,
    pub purchased: Option<PartialDate>,
    pub store: Option<String>,
    pub invoice: Option<String>,
    pub receipt_location: Option<String>,
}

impl Details {
    /// The printable value of a schema field, `None` when the owner left it out.
    pub fn value(&self, field: Field) -> Option<String> {
        let text = |v: &Option<String>| v.clone();
        let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.join(", "));
        match field {
            Field::Name => text(&self.name),
            Field::Language => self.language.map(|l| l.code().to_string()),
            Field::Email => text(&self.email),
            Field::Phone => text(&self.phone),
            Field::PreviousPhones => list(&self.previous_phones),
            Field::Region => self.region.map(|r| r.name().to_string()),
            Field::Created => self.created.map(|d| d.display()),
            Field::AccountId => text(&self.account_id),
            Field::Model => text(&self.model),
            Field::Imei => list(&self.imei),
            Field::Serial => text(&self.serial),
            Field::Purchased => self.purchased.map(|d| d.display()),
            Field::Store => text(&self.store),
            Field::Invoice => text(&self.invoice),
            Field::ReceiptLocation => text(&self.receipt_location),
        }
    }
}

pub use crate::problem::{Problem, Severity};

/// What reading a details file found: the values, and every problem with them.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub details: Details,
    /// Errors and warnings, in file order; past the first 100,
    /// one last problem says how many more there are.
    pub problems: Vec<Problem>,
    /// How many problems were found but not kept.
    pub untold: usize,
}

impl Parsed {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// How many errors were found, those not kept included.
    pub fn error_count(&self) -> usize {
        self.errors().count() - usize::from(self.untold > 0) + self.untold
    }

    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }
}

/// Reads a details file. `today` bounds dates: nothing can happen in the future.
pub fn parse(text: &str, today: NaiveDate) -> Result<Details, Vec<Problem>> {
    let parsed = read(text, today);
    if parsed.is_valid() {
        Ok(parsed.details)
    } else {
        Err(parsed.problems)
    }
}

/// Reads a details file and keeps warnings alongside the values.
pub fn read(text: &str, today: NaiveDate) -> Parsed {
    let mut collector = Collector::new(today);
    let lines = toml_source::LineIndex::new(text);
    match DeTable::parse(text) {
        Ok(root) => toml_source::details_indexed(&lines, root.get_ref(), &mut collector),
        Err(err) => collector.push(toml_source::toml_problem(
            &lines,
            &err,
            toml_source::NOT_TOML,
        )),
    }
    collector.finish()
}

pub use rules::luhn_digit;

/// The file `mikit init` writes (and the browser page saves, filled in):
/// every field explained, no value given.
const INIT_FILE: &str = include_str!("../../templates/details.toml");

/// The line of [`INIT_FILE`] that lists the languages, up to the list.
const LANGUAGES_LINE: &str = "# The language to print the kit in: ";

/// [`INIT_FILE`] with its list of languages made from the program's own
/// (the file as written carries the same list, tested, for readers that
/// take it as it is).
pub fn init_file() -> String {
    let mut out = String::with_capacity(INIT_FILE.len() + 64);
    for line in INIT_FILE.split_inclusive('\n') {
        if line.starts_with(LANGUAGES_LINE) {
            out.push_str(&format!("{LANGUAGES_LINE}{}.\n", Lang::choices()));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The checks every text value gets, and the rules of `field` on top.
pub fn check_text(field: Field, raw: &str) -> std::result::Result<Option<String>, String> {
    rules::check_text(field, raw)
}

/// A phone number with its country code, in international format.
pub fn check_phone(text: &str) -> std::result::Result<String, String> {
    phone::check(text, None).map(|c| c.international)
}

/// Checks that a value prints faithfully with the bundled fonts, and inside
/// its line: every letter within the marks and cluster sizes the shaper is
/// given (see [`clusters`]), and its shaped ink inside the band the fit
/// check holds every line to, so that `build` never refuses what `check` passed.
pub(crate) fn printable(text: &str) -> Result<(), String> {
    let fonts = Fonts::bundled();
    fonts.check(text).map_err(|e| e.to_string())?;
    clusters::check(text).map_err(|e| e.to_string())?;
    crate::layout::ink::value_fits(text, fonts).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_init_file_lists_the_programs_languages() {
        assert_eq!(
            init_file(),
            INIT_FILE,
            "templates/details.toml lists other languages"
        );
        assert!(INIT_FILE.contains(&format!("{LANGUAGES_LINE}en, es, ")));
    }
}
