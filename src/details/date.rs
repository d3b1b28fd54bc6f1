//! Dates the owner may know only partly: a year, a month, or a day.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

pub const ACCEPTED_FORMS: &str =
    "write it as YYYY-MM-DD (2019-05-12), YYYY-MM (2019-05) or YYYY (2019)";

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; anything else is ambiguous or wrong.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let shape_ok = match parts.as_slice() {
            [y] => all_digits(y, 4),
            [y, m] => all_digits(y, 4) && all_digits(m, 2),
            [y, m, d] => all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2),
            _ => false,
        };
        if !shape_ok {
            return Err(format!(
                "\"{text}\" is not a date mikit understands; {ACCEPTED_FORMS}"
            ));
        }
        let year: i32 = parts[0].parse().map_err(|_| "year".to_string())?;
        if year < 1990 {
            return Err(format!(
                "\"{text}\" is too early for a Xiaomi account or phone (before 1990); {ACCEPTED_FORMS}"
            ));
        }
        match parts.as_slice() {
            [_] => Ok(PartialDate::Year(year)),
            [_, m] => {
                let month: u32 = m.parse().unwrap_or(0);
                if (1..=12).contains(&month) {
                    Ok(PartialDate::Month(year, month))
                } else {
                    Err(format!(
                        "\"{text}\" has no such month; months run from 01 to 12"
                    ))
                }
            }
            [_, m, d] => {
                let month: u32 = m.parse().unwrap_or(0);
                let day: u32 = d.parse().unwrap_or(0);
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PartialDate::Day)
                    .ok_or_else(|| {
                        format!("\"{text}\" is not a real date; check the day and month")
                    })
            }
            _ => unreachable!("shape checked above"),
        }
    }

    /// The earliest day the date can mean, to compare against today.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
            PartialDate::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            PartialDate::Day(d) => Some(d),
        }
        .expect("validated on parse")
    }

    /// "12 May 2019", "May 2019" or "2019": only as precise as the owner was.
    pub fn display(&self) -> String {
        match *self {
            PartialDate::Year(y) => y.to_string(),
            PartialDate::Month(y, m) => {
                let d = NaiveDate::from_ymd_opt(y, m, 1).expect("validated");
                d.format("%B %Y").to_string()
            }
            PartialDate::Day(d) => format_day(d),
        }
    }
}

pub fn format_day(d: NaiveDate) -> String {
    format!("{} {}", d.day(), d.format("%B %Y"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_kept() {
        assert_eq!(PartialDate::parse("2019").unwrap().display(), "2019");
        assert_eq!(PartialDate::parse("2019-05").unwrap().display(), "May 2019");
        assert_eq!(
            PartialDate::parse("2019-05-12").unwrap().display(),
            "12 May 2019"
        );
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_refused() {
        assert!(PartialDate::parse("2020-02-30").is_err());
        assert!(
            PartialDate::parse("12/05/2019")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(PartialDate::parse("2019-13").is_err());
        assert!(PartialDate::parse("19").is_err());
    }
}
