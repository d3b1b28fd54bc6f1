//! Checking values one by one, whatever file they came from: a details file,
//! a row of a shop's spreadsheet or a `[[customer]]` table.

use chrono::NaiveDate;

use super::date::{DayMonth, PartialDate};
use super::region::Region;
use super::schema::Field;
use super::{Details, Parsed, Problem, Severity, phone, rules};
use crate::lang::Lang;

/// Where a value sits in its source. Column 0 means the whole line (a CSV row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// Gathers checked values into `Details` and every problem on the way.
pub struct Collector {
    today: NaiveDate,
    details: Details,
    problems: Vec<Problem>,
    /// Phone numbers wait for everything else: the region may come after them.
    phones: Vec<Pending>,
    /// List fields already reported as too long, so the rest of their items
    /// are not reported one by one.
    overflowing: Vec<Field>,
    /// Problems beyond `limit`, counted rather than kept.
    untold: usize,
    /// How dates with slashes or dots are read: ISO only, but for a shop's list.
    day_month: DayMonth,
    limit: usize,
}

/// Problems kept for one details file (see [`crate::problem::MAX_SHOWN`]).
pub const MAX_PROBLEMS: usize = crate::problem::MAX_SHOWN;
/// Problems kept for one customer of a shop's list: each is held until the
/// run reports it, for up to ten thousand customers at once.
pub const MAX_ROW_PROBLEMS: usize = 10;

struct Pending {
    field: Field,
    label: String,
    at: Location,
    text: String,
}

impl Collector {
    pub fn new(today: NaiveDate) -> Collector {
        Collector {
            today,
            details: Details::default(),
            problems: Vec::new(),
            phones: Vec::new(),
            overflowing: Vec::new(),
            untold: 0,
            limit: MAX_PROBLEMS,
            day_month: DayMonth::IsoOnly,
        }
    }

    /// A collector for one customer of a shop's list, keeping fewer problems.
    pub fn for_row(today: NaiveDate) -> Collector {
        Collector {
            limit: MAX_ROW_PROBLEMS,
            ..Collector::new(today)
        }
    }

    /// Reads dates as a shop's spreadsheet writes them (`12/05/2019`), in `order`.
    pub fn with_day_month(mut self, order: DayMonth) -> Collector {
        self.day_month = order;
        self
    }

    /// A problem found outside the collector (the file is not TOML).
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn error(&mut self, at: Location, label: &str, message: String, value: Option<&str>) {
        self.report(Severity::Error, at, label, message, value);
    }

    fn report(
        &mut self,
        severity: Severity,
        at: Location,
        label: &str,
        message: String,
        value: Option<&str>,
    ) {
        if self.problems.len() >= self.limit {
            self.untold += 1;
            return;
        }
        self.problems.push(Problem {
            severity,
            file: None,
            sheet: None,
            line: at.line,
            column: at.column,
            field: label.to_string(),
            message,
            hint: None,
            value: value.map(str::to_string),
        });
    }

    /// A single text value (`FieldKind::Text`).
    pub fn text(&mut self, field: Field, label: &str, raw: &str, at: Location) {
        match rules::check_text(field, raw) {
            Ok(None) => {}
            Ok(Some(clean)) => match field {
                Field::Phone => self.phones.push(Pending {
                    field,
                    label: label.into(),
                    at,
                    text: clean,
                }),
                Field::Region => {
                    self.details.region = Some(Region::parse(&clean).expect("checked"))
                }
                Field::Language => {
                    self.details.language = Some(Lang::parse(&clean).expect("checked"))
                }
                _ => *self.slot(field) = Some(clean),
            },
            Err(message) => self.error(at, label, message, Some(raw)),
        }
    }

    /// One item of a list value (`FieldKind::List`).
    pub fn item(&mut self, field: Field, label: &str, raw: &str, at: Location) {
        if self.overflowing.contains(&field) {
            return;
        }
        let held = match field {
            Field::Imei => self.details.imei.len(),
            _ => self.phones.iter().filter(|p| p.field == field).count(),
        };
        if held >= field.max_items() {
            self.overflowing.push(field);
            let message = rules::too_many(field, None);
            return self.error(at, label, message, Some(raw));
        }
        match rules::check_text(field, raw) {
            Ok(None) => {}
            Ok(Some(clean)) => match field {
                Field::PreviousPhones => self.phones.push(Pending {
                    field,
                    label: label.into(),
                    at,
                    text: clean,
                }),
                Field::Imei => self.details.imei.push(clean),
                _ => unreachable!("not a list field: {field:?}"),
            },
            Err(message) => self.error(at, label, message, Some(raw)),
        }
    }

    /// A date value (`FieldKind::Date`), already turned into text if it was a TOML date.
    pub fn date(&mut self, field: Field, label: &str, raw: &str, at: Location) {
        // The checks every text gets (control characters, length, ...) first.
        let text = match rules::check_text(field, raw) {
            Ok(Some(clean)) => clean,
            Ok(None) => return,
            Err(message) => return self.error(at, label, message, Some(raw)),
        };
        let text = text.as_str();
        match PartialDate::parse_shop(text, self.day_month) {
            Ok(d) if d.first_day() > self.today => {
                let message = format!(
                    "\"{text}\" is in the future (today is {}); check the year",
                    self.today
                );
                self.error(at, label, message, Some(raw));
            }
            Ok(d) => match field {
                Field::Created => self.details.created = Some(d),
                Field::Purchased => self.details.purchased = Some(d),
                _ => unreachable!("not a date field: {field:?}"),
            },
            Err(message) => self.error(at, label, message, Some(raw)),
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<String> {
        let d = &mut self.details;
        match field {
            Field::Name => &mut d.name,
            Field::Email => &mut d.email,
            Field::AccountId => &mut d.account_id,
            Field::Model => &mut d.model,
            Field::Serial => &mut d.serial,
            Field::Store => &mut d.store,
            Field::Invoice => &mut d.invoice,
            Field::ReceiptLocation => &mut d.receipt_location,
            _ => unreachable!("not a plain text field: {field:?}"),
        }
    }

    /// Checks the phone numbers against the region and hands over the result.
    pub fn finish(mut self) -> Parsed {
        let region = self.details.region;
        for pending in std::mem::take(&mut self.phones) {
            match phone::check(&pending.text, region) {
                Ok(checked) => {
                    for w in checked.warnings {
                        let shown = checked.international.clone();
                        self.report(
                            Severity::Warning,
                            pending.at,
                            &pending.label,
                            w,
                            Some(&shown),
                        );
                    }
                    match pending.field {
                        Field::Phone => self.details.phone = Some(checked.international),
                        _ => self.details.previous_phones.push(checked.international),
                    }
                }
                Err(message) => {
                    self.error(pending.at, &pending.label, message, Some(&pending.text))
                }
            }
        }
        self.problems.sort_by_key(|p| (p.line, p.column));
        if self.untold > 0 {
            let message = format!(
                "and {} more problems not shown; fix these first",
                self.untold
            );
            self.problems.push(Problem::error(0, 0, "", message));
        }
        Parsed {
            details: self.details,
            problems: self.problems,
            untold: self.untold,
        }
    }
}
