//! What a customer list's own cells say about how to read them: the order
//! of day and month in its dates, and numbers a spreadsheet has shortened.

use crate::details::Field;
use crate::details::date::{self, DateOrder, DayMonth};

use super::{CustomerData, Source, Survey};

/// The first line of a date that can only be day first, and of one that can
/// only be month first.
#[derive(Debug, Default, Clone, Copy)]
pub struct Evidence {
    dmy: Option<(usize, usize)>,
    mdy: Option<(usize, usize)>,
}

impl Evidence {
    /// Looks at one date cell, at `line` (and sheet column, or 0).
    pub fn see(&mut self, line: usize, column: usize, text: &str) {
        match date::evidence(text) {
            Some(DateOrder::Dmy) => {
                self.dmy.get_or_insert((line, column));
            }
            Some(DateOrder::Mdy) => {
                self.mdy.get_or_insert((line, column));
            }
            None => {}
        }
    }

    fn order(&self, said: Option<DateOrder>) -> DayMonth {
        match (said, self.dmy, self.mdy) {
            (Some(order), _, _) => DayMonth::Known(order),
            (None, Some((d, _)), Some((m, _))) => DayMonth::Conflict(d, m),
            (None, Some(_), None) => DayMonth::Known(DateOrder::Dmy),
            (None, None, Some(_)) => DayMonth::Known(DateOrder::Mdy),
            (None, None, None) => DayMonth::Unknown,
        }
    }
}

/// Decides how the survey's dates are read: as `said` (`--date-order`), or
/// as the file's own dates show, saying so in a note.
pub fn settle(origin: &str, mut survey: Survey, said: Option<DateOrder>) -> Survey {
    let evidence = match &mut survey.source {
        Source::Csv(csv) => csv.evidence,
        Source::Sheet(sheet) => {
            let mut evidence = Evidence::default();
            for customer in &sheet.customers {
                if let CustomerData::Cells(cells) = &customer.data {
                    for (i, (field, text)) in cells.iter().enumerate() {
                        if field.kind() == crate::details::FieldKind::Date {
                            let column = customer.columns.get(i).copied().unwrap_or(0);
                            evidence.see(customer.line, column, text);
                        }
                    }
                }
            }
            evidence
        }
        Source::Toml(_) => return survey,
    };
    let order = evidence.order(said);
    match &mut survey.source {
        Source::Csv(csv) => csv.dates = order,
        Source::Sheet(sheet) => sheet.customers.iter_mut().for_each(|c| c.dates = order),
        Source::Toml(_) => {}
    }
    if said.is_none()
        && let DayMonth::Known(order) = order
    {
        let (line, first) = match order {
            DateOrder::Dmy => (evidence.dmy, "day"),
            DateOrder::Mdy => (evidence.mdy, "month"),
        };
        let (line, _) = line.unwrap_or((0, 0));
        let (flag, other) = match order {
            DateOrder::Dmy => ("dmy", "mdy"),
            DateOrder::Mdy => ("mdy", "dmy"),
        };
        survey.notes.push(format!(
            "{origin}: dates such as 12/05/2019 are read {first} first (--date-order {flag}), the only way \
             the date on line {line} reads; say --date-order {other} if that is wrong"
        ));
    }
    survey
}

/// A cell that a spreadsheet showed in scientific notation and exported as
/// shown ("9.19877E+11"): the digits are gone, and no check can bring them
/// back. `None` for anything else.
pub fn shortened_number(field: Field, text: &str) -> Option<String> {
    if !matches!(
        field,
        Field::Phone | Field::PreviousPhones | Field::Imei | Field::AccountId
    ) {
        return None;
    }
    let t = text.trim();
    let (mantissa, exponent) = t.split_once(['E', 'e'])?;
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once(['.', ',']) {
        Some((whole, fraction)) => digits_only(whole) && digits_only(fraction),
        None => digits_only(mantissa),
    };
    (mantissa_ok && digits_only(exponent)).then(|| {
        format!(
            "\"{t}\" is a number the spreadsheet shortened, and its last digits are lost; format the \
             column as Text in the spreadsheet and type the numbers again, or give mikit the workbook \
             itself (.xlsx, .ods or .xls), which keeps every digit"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_numbers_are_caught_only_where_digits_matter() {
        assert!(shortened_number(Field::Phone, "9.19877E+11").is_some());
        assert!(shortened_number(Field::Imei, "3,56938E+14").is_some());
        assert!(shortened_number(Field::Name, "9.19877E+11").is_none());
        assert!(shortened_number(Field::Phone, "+91 98765 43210").is_none());
    }
}
