//! Months and years in templates: the month a template was last reviewed,
//! month names standing alone and years in the language's own era.

use std::borrow::Cow;

use chrono::{Datelike, Locale, NaiveDate};
use serde::{Deserialize, Deserializer};

/// `document.checked = "2026-11"`: when someone last reviewed the template
/// against Xiaomi's help pages and public guides. One value per template, so
/// a review changes one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked(pub NaiveDate);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Checked::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Xiaomi Accounts (Mi Accounts) date from 2010: an earlier review is a typo.
const FIRST_YEAR: i32 = 2010;

impl Checked {
    /// `"YYYY-MM"`, a real month from 2010 up to this month: a review cannot
    /// have happened in the future.
    pub fn parse(text: &str) -> Result<Checked, String> {
        let trimmed = text.trim();
        let well_formed = trimmed.len() == 7
            && trimmed.as_bytes()[4] == b'-'
            && trimmed
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || b.is_ascii_digit());
        let month = well_formed
            .then(|| NaiveDate::parse_from_str(&format!("{trimmed}-01"), "%Y-%m-%d").ok())
            .flatten()
            .filter(|d| d.year() >= FIRST_YEAR);
        let Some(month) = month else {
            return Err(format!(
                "checked = \"{text}\" is not a month; write the year and month the template \
                 was last reviewed as YYYY-MM, from {FIRST_YEAR} on, e.g. checked = \"2026-11\""
            ));
        };
        if let Some(now) = this_month()
            && month > now
        {
            return Err(format!(
                "checked = \"{text}\" is in the future; write the month the template was \
                 last reviewed, this month ({}) or earlier",
                now.format("%Y-%m")
            ));
        }
        Ok(Checked(month))
    }

    /// The month to print on a document made on `today`: never later than
    /// `today`, so a kit dated before the review does not claim it.
    pub fn as_of(self, today: NaiveDate) -> NaiveDate {
        let today_month = today.with_day(1).unwrap_or(today);
        self.0.min(today_month)
    }
}

/// The first day of the real current month, from the system clock. The
/// browser build has no clock to ask: its templates are the built-in ones,
/// which the native tests check.
fn this_month() -> Option<NaiveDate> {
    #[cfg(target_arch = "wasm32")]
    {
        None
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let now = chrono::Utc::now().date_naive();
        now.with_day(1)
    }
}

/// The code for a month's name standing alone, as glibc's strftime has it:
/// Russian says "май 2019 г." but "15 мая 2019 г.", and chrono's `%B` only
/// knows the second form.
pub(crate) const STANDALONE: &str = "%OB";

/// The code for the year in the language's own era, as glibc's strftime has
/// it: Thai readers count years in the Buddhist era (2026 is 2569), the
/// default calendar CLDR gives Thai. Every other language prints `%Y`.
pub(crate) const ERA_YEAR: &str = "%EY";

/// The Buddhist era starts 543 years before the common era.
const BUDDHIST_ERA_OFFSET: i32 = 543;

/// `format` with mikit's own codes replaced: every `%OB` by the name of
/// `day`'s month standing alone, every `%EY` by the year in the locale's era;
/// `%%` stays as written.
pub(crate) fn expand(format: &str, locale: Locale, day: NaiveDate) -> Cow<'_, str> {
    if !format.contains(STANDALONE) && !format.contains(ERA_YEAR) {
        return Cow::Borrowed(format);
    }
    let month = standalone_month(locale, day);
    let year = era_year(locale, day).to_string();
    let mut out = String::with_capacity(format.len() + month.len());
    let mut rest = format;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(next) = after.strip_prefix("%%") {
            out.push_str("%%");
            rest = next;
        } else if let Some(next) = after.strip_prefix(STANDALONE) {
            out.push_str(&month);
            rest = next;
        } else if let Some(next) = after.strip_prefix(ERA_YEAR) {
            out.push_str(&year);
            rest = next;
        } else {
            out.push('%');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The month's name standing alone, in the case the language writes month
/// names in running text: "май" in Russian, "November" in English.
fn standalone_month(locale: Locale, day: NaiveDate) -> String {
    let inflected = pure_rust_locales::locale_match!(locale => LC_TIME::MON);
    let names = pure_rust_locales::locale_match!(locale => LC_TIME::ALT_MON).unwrap_or(inflected);
    let name = names[day.month0() as usize];
    let lower_case_language = inflected[day.month0() as usize]
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if lower_case_language {
        name.to_lowercase()
    } else {
        name.to_string()
    }
}

fn era_year(locale: Locale, day: NaiveDate) -> i32 {
    match locale {
        Locale::th_TH => day.year() + BUDDHIST_ERA_OFFSET,
        _ => day.year(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_months_stand_alone_in_the_nominative() {
        let may = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        assert_eq!(expand("%OB %Y г.", Locale::ru_RU, may), "май %Y г.");
        assert_eq!(expand("%%OB %OB", Locale::ru_RU, may), "%%OB май");
        assert_eq!(expand("%B %Y", Locale::ru_RU, may), "%B %Y");
    }

    #[test]
    fn standalone_months_keep_the_case_of_running_text() {
        let nov = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(expand("%OB", Locale::en_GB, nov), "November");
        assert_eq!(expand("%OB", Locale::de_DE, nov), "November");
        assert_eq!(expand("%OB", Locale::tr_TR, nov), "Kasım");
        assert_eq!(expand("%OB", Locale::id_ID, nov), "November");
        assert_eq!(expand("%OB", Locale::pl_PL, nov), "listopad");
        assert_eq!(expand("%OB", Locale::uk_UA, nov), "листопад");
    }

    #[test]
    fn thai_years_count_in_the_buddhist_era_and_others_do_not() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(expand("%-d %B %EY", Locale::th_TH, day), "%-d %B 2569");
        assert_eq!(expand("%EY", Locale::en_GB, day), "2026");
        assert_eq!(expand("%%EY", Locale::th_TH, day), "%%EY");
    }

    #[test]
    fn a_checked_month_is_a_real_past_month() {
        assert!(Checked::parse("2026-11").is_ok());
        for bad in [
            "-999-01", "0001-01", "9999-12", "+2026-1", "2026-13", "2026-1", "26-11-", "",
        ] {
            assert!(Checked::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_kit_made_before_the_review_prints_its_own_month() {
        let checked = Checked(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        let before = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let after = NaiveDate::from_ymd_opt(2027, 3, 2).unwrap();
        assert_eq!(
            checked.as_of(before),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
        assert_eq!(checked.as_of(after), checked.0);
    }
}
