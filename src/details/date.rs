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

/// Which comes first in a date written `12/05/2019`: a PC's locale decides
/// what Excel writes, and the text alone cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 12/05/2019 is 12 May (most of the world).
    Dmy,
    /// 12/05/2019 is 5 December (the United States, the Philippines).
    Mdy,
}

/// How a customer list's dates with slashes or dots are read: ISO dates
/// (YYYY-MM-DD) are read the same whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonth {
    /// A details file: ISO dates only.
    IsoOnly,
    /// Neither said nor shown by the file: only dates that read the same
    /// either way are accepted.
    Unknown,
    Known(DateOrder),
    /// The file has dates that can only be day first (on the first line) and
    /// others that can only be month first (on the second).
    Conflict(usize, usize),
}

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

    /// [`PartialDate::parse`], and the forms a shop's PC writes: `12/05/2019`,
    /// `12.05.2019` or `12-05-2019` read as `order` says, `2019/05/12` and
    /// `05/2019`, each perhaps followed by a time of day, which is dropped.
    pub fn parse_shop(text: &str, order: DayMonth) -> Result<PartialDate, String> {
        let iso = PartialDate::parse(text);
        if iso.is_ok() || order == DayMonth::IsoOnly {
            return iso;
        }
        let text = text.trim();
        let mut words = text.split_whitespace();
        let day = words.next().unwrap_or("");
        let rest: Vec<&str> = words.collect();
        if !rest.is_empty() && !is_time(&rest) {
            return iso;
        }
        let Some(parts) = numeric_parts(day) else {
            return iso;
        };
        let int = |s: &str| s.parse::<u32>().unwrap_or(0);
        // Through the ISO parser too, for its checks (no year before 1990).
        let real = |y: u32, m: u32, d: u32| match NaiveDate::from_ymd_opt(y as i32, m, d) {
            Some(_) => PartialDate::parse(&format!("{y:04}-{m:02}-{d:02}")),
            None => Err(format!(
                "\"{text}\" is not a real date; check the day and month"
            )),
        };
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
                real(int(y), int(m), int(d))
            }
            [y, m] | [m, y] if y.len() == 4 && m.len() <= 2 => {
                PartialDate::parse(&format!("{y}-{m:0>2}"))
            }
            [a, b, y] if a.len() <= 2 && b.len() <= 2 && y.len() == 2 => Err(format!(
                "\"{text}\" has a two-digit year; write the year in full ({a}/{b}/20{y} or 19{y}), \
                 or as YYYY-MM-DD"
            )),
            [a, b, y] if a.len() <= 2 && b.len() <= 2 && y.len() == 4 => {
                let (a, b, y) = (int(a), int(b), int(y));
                match order {
                    DayMonth::Known(DateOrder::Dmy) => real(y, b, a)
                        .map_err(|e| format!("{e} (read day first, as --date-order dmy says)")),
                    DayMonth::Known(DateOrder::Mdy) => real(y, a, b)
                        .map_err(|e| format!("{e} (read month first, as --date-order mdy says)")),
                    _ if a == b => real(y, a, b),
                    DayMonth::Conflict(dmy, mdy) => Err(format!(
                        "\"{text}\" could be day or month first, and this file has both: line {dmy} has a \
                         date that can only be day first, line {mdy} one that can only be month first. \
                         Check those rows, then say which with --date-order dmy or --date-order mdy"
                    )),
                    _ => match (real(y, b, a), real(y, a, b)) {
                        (Ok(d), Ok(m)) => Err(format!(
                            "\"{text}\" could be {} or {}; say which with --date-order dmy (day first) or \
                             --date-order mdy (month first), or write it as YYYY-MM-DD",
                            d.display(),
                            m.display()
                        )),
                        (Ok(d), Err(_)) | (Err(_), Ok(d)) => Ok(d),
                        (Err(e), Err(_)) => Err(e),
                    },
                }
            }
            _ => iso,
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

/// Which order a date such as `25/05/2019` must be in, when only one fits.
pub fn evidence(text: &str) -> Option<DateOrder> {
    let day = text.split_whitespace().next()?;
    let parts = numeric_parts(day)?;
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
    match (a > 12, b > 12) {
        (true, false) if a <= 31 => Some(DateOrder::Dmy),
        (false, true) if b <= 31 => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// `12/05/2019`, `12.05.2019` or `12-05-2019` in parts: digits between one
/// kind of separator.
fn numeric_parts(text: &str) -> Option<Vec<&str>> {
    let sep = text.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '/' | '.' | '-') {
        return None;
    }
    let parts: Vec<&str> = text.split(sep).collect();
    let ok = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then_some(parts)
}

/// `14:30`, `14:30:00` or `2:30 PM`: a time of day Excel writes after a date.
fn is_time(words: &[&str]) -> bool {
    let (clock, rest) = match words {
        [clock] => (*clock, None),
        [clock, ampm] => (*clock, Some(*ampm)),
        _ => return false,
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let clock_ok = (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    clock_ok && rest.is_none_or(|r| r.eq_ignore_ascii_case("am") || r.eq_ignore_ascii_case("pm"))
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
