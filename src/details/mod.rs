//! The details file: what the owner wrote, read with every value's position so
//! that each problem can be reported at its line and column, all in one run.

mod date;
mod phone;
mod region;
mod rules;
mod schema;

pub use date::{PartialDate, format_day};
pub use region::Region;
pub use schema::{Field, FieldKind, SCHEMA};

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::fonts::Fonts;

/// A validated details file, every value normalised for print.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    pub name: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The value cannot be printed: nothing is made until it is fixed.
    Error,
    /// The value prints, but may well be wrong: worth a second look.
    Warning,
}

/// One thing wrong with the input, located for the person who has to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    /// `account.email`, or the section or key as written when it is unknown.
    pub field: String,
    pub message: String,
}

impl Problem {
    pub fn render(&self, origin: &str) -> String {
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        let field = if self.field.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.field)
        };
        format!(
            "{origin}:{}:{}: {kind}{field}{}",
            self.line, self.column, self.message
        )
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What reading a details file found: the values, and every problem with them.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub details: Details,
    /// Errors and warnings, in file order.
    pub problems: Vec<Problem>,
}

impl Parsed {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
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
    let mut reader = Reader {
        text,
        today,
        problems: Vec::new(),
        details: Details::default(),
        phones: Vec::new(),
    };
    match DeTable::parse(text) {
        Ok(root) => {
            reader.root(root.get_ref());
            reader.check_phones();
        }
        Err(err) => {
            let offset = err.span().map(|s| s.start).unwrap_or(0);
            let (line, column) = position(text, offset);
            reader.problems.push(Problem {
                severity: Severity::Error,
                line,
                column,
                field: String::new(),
                message: format!(
                    "this is not valid TOML: {}",
                    err.message().trim_end().replace('\n', " ")
                ),
            });
        }
    }
    reader.problems.sort_by_key(|p| (p.line, p.column));
    Parsed {
        details: reader.details,
        problems: reader.problems,
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

struct Reader<'t> {
    text: &'t str,
    today: NaiveDate,
    problems: Vec<Problem>,
    details: Details,
    /// Phone numbers wait for the whole file: the region may come after them.
    phones: Vec<PendingPhone>,
}

struct PendingPhone {
    field: Field,
    path: String,
    offset: usize,
    text: String,
}

impl Reader<'_> {
    fn problem(&mut self, offset: usize, field: &str, message: String) {
        self.report(Severity::Error, offset, field, message);
    }

    fn report(&mut self, severity: Severity, offset: usize, field: &str, message: String) {
        let (line, column) = position(self.text, offset);
        self.problems.push(Problem {
            severity,
            line,
            column,
            field: field.to_string(),
            message,
        });
    }

    fn root(&mut self, root: &DeTable<'_>) {
        for (key, value) in root.iter() {
            let name = key.get_ref().as_ref();
            let Some(section) = SCHEMA.iter().find(|s| s.name == name) else {
                let message = rules::unknown_key(name, None);
                self.problem(key.span().start, name, message);
                continue;
            };
            match value.get_ref() {
                DeValue::Table(table) => self.section(section, table),
                other => {
                    let message = format!(
                        "[{name}] must be a section of keys, not a {}",
                        other.type_str()
                    );
                    self.problem(value.span().start, name, message);
                }
            }
        }
    }

    fn section(&mut self, section: &schema::Section, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let path = format!("{}.{name}", section.name);
            let Some(&(_, field)) = section.fields.iter().find(|(k, _)| *k == name) else {
                let message = rules::unknown_key(name, Some(section));
                self.problem(key.span().start, &path, message);
                continue;
            };
            self.field(field, &path, value);
        }
    }

    fn field(&mut self, field: Field, path: &str, value: &Spanned<DeValue<'_>>) {
        let start = value.span().start;
        match field.kind() {
            FieldKind::Text => {
                if let Some(text) = self.text_value(path, value) {
                    match rules::check_text(field, &text) {
                        Ok(Some(clean)) if field == Field::Phone => {
                            self.phones.push(PendingPhone {
                                field,
                                path: path.to_string(),
                                offset: start,
                                text: clean,
                            })
                        }
                        Ok(clean) => self.store_text(field, clean),
                        Err(message) => self.problem(start, path, message),
                    }
                }
            }
            FieldKind::List => {
                let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
                    DeValue::Array(items) => items.iter().collect(),
                    _ => vec![value],
                };
                let mut clean = Vec::new();
                for item in items {
                    if let Some(text) = self.text_value(path, item) {
                        match rules::check_text(field, &text) {
                            Ok(Some(v)) if field == Field::PreviousPhones => {
                                self.phones.push(PendingPhone {
                                    field,
                                    path: path.to_string(),
                                    offset: item.span().start,
                                    text: v,
                                })
                            }
                            Ok(Some(v)) => clean.push(v),
                            Ok(None) => {}
                            Err(message) => self.problem(item.span().start, path, message),
                        }
                    }
                }
                if let Err(message) = rules::check_list(field, &clean) {
                    self.problem(start, path, message);
                }
                self.store_list(field, clean);
            }
            FieldKind::Date => {
                let text = match value.get_ref() {
                    DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                        Some(dt.to_string())
                    }
                    DeValue::Datetime(dt) => {
                        let message = format!("{dt} has a time of day; {}", date::ACCEPTED_FORMS);
                        self.problem(start, path, message);
                        None
                    }
                    _ => self.text_value(path, value),
                };
                let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
                    return;
                };
                match PartialDate::parse(&text) {
                    Ok(d) if d.first_day() > self.today => {
                        let message = format!(
                            "\"{text}\" is in the future (today is {}); check the year",
                            self.today
                        );
                        self.problem(start, path, message);
                    }
                    Ok(d) => self.store_date(field, d),
                    Err(message) => self.problem(start, path, message),
                }
            }
        }
    }

    fn check_phones(&mut self) {
        let region = self.details.region;
        for pending in std::mem::take(&mut self.phones) {
            match phone::check(&pending.text, region) {
                Ok(checked) => {
                    for w in checked.warnings {
                        self.report(Severity::Warning, pending.offset, &pending.path, w);
                    }
                    match pending.field {
                        Field::Phone => self.details.phone = Some(checked.international),
                        _ => self.details.previous_phones.push(checked.international),
                    }
                }
                Err(message) => self.problem(pending.offset, &pending.path, message),
            }
        }
    }

    /// The string inside a value, or a problem saying what was expected.
    fn text_value(&mut self, path: &str, value: &Spanned<DeValue<'_>>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            // Digits typed without quotes (account IDs, IMEIs) are what the owner meant.
            DeValue::Integer(i) if i.radix() == 10 => Some(i.as_str().to_string()),
            other => {
                let message = format!(
                    "expected text in quotes, found a {}; write it as {path} = \"...\"",
                    other.type_str()
                );
                self.problem(value.span().start, path, message);
                None
            }
        }
    }

    fn store_text(&mut self, field: Field, value: Option<String>) {
        let d = &mut self.details;
        let slot = match field {
            Field::Name => &mut d.name,
            Field::Email => &mut d.email,
            Field::Phone => &mut d.phone,
            Field::AccountId => &mut d.account_id,
            Field::Model => &mut d.model,
            Field::Serial => &mut d.serial,
            Field::Store => &mut d.store,
            Field::Invoice => &mut d.invoice,
            Field::ReceiptLocation => &mut d.receipt_location,
            Field::Region => {
                self.details.region = value.map(|v| Region::parse(&v).expect("checked"));
                return;
            }
            _ => unreachable!("not a text field: {field:?}"),
        };
        *slot = value;
    }

    fn store_list(&mut self, field: Field, values: Vec<String>) {
        match field {
            // Previous phones arrive through `check_phones`.
            Field::PreviousPhones => {}
            Field::Imei => self.details.imei = values,
            _ => unreachable!("not a list field: {field:?}"),
        }
    }

    fn store_date(&mut self, field: Field, value: PartialDate) {
        match field {
            Field::Created => self.details.created = Some(value),
            Field::Purchased => self.details.purchased = Some(value),
            _ => unreachable!("not a date field: {field:?}"),
        }
    }
}

/// Checks that a value prints faithfully with the bundled fonts.
pub(crate) fn printable(text: &str) -> Result<(), String> {
    Fonts::bundled().check(text).map_err(|e| e.to_string())
}
