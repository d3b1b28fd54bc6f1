//! Months in templates: the month a template's steps were checked against
//! Xiaomi's screens, and month names standing alone.

use std::borrow::Cow;

use chrono::{Datelike, Locale, NaiveDate};
use serde::{Deserialize, Deserializer};

/// `document.checked = "2026-11"`: when someone last compared the steps with
/// Xiaomi's screens. One value per template, so a re-check changes one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked(pub NaiveDate);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .ok()
            .filter(|_| text.trim().len() == 7)
            .map(Checked)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "checked = \"{text}\" is not a month; write the year and month the steps \
                     were compared with Xiaomi's screens, e.g. checked = \"2026-11\""
                ))
            })
    }
}

/// The code for a month's name standing alone, as glibc's strftime has it:
/// Russian says "май 2019 г." but "15 мая 2019 г.", and chrono's `%B` only
/// knows the second form.
pub(crate) const STANDALONE: &str = "%OB";

/// `format` with every `%OB` replaced by the name of `day`'s month standing
/// alone, in lower case as in running text; `%%OB` stays as written.
pub(crate) fn expand(format: &str, locale: Locale, day: NaiveDate) -> Cow<'_, str> {
    if !format.contains(STANDALONE) {
        return Cow::Borrowed(format);
    }
    let names = pure_rust_locales::locale_match!(locale => LC_TIME::ALT_MON)
        .unwrap_or(pure_rust_locales::locale_match!(locale => LC_TIME::MON));
    let name = names[day.month0() as usize].to_lowercase();
    let mut out = String::with_capacity(format.len() + name.len());
    let mut rest = format;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(next) = after.strip_prefix("%%") {
            out.push_str("%%");
            rest = next;
        } else if let Some(next) = after.strip_prefix(STANDALONE) {
            out.push_str(&name);
            rest = next;
        } else {
            out.push('%');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
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
}
