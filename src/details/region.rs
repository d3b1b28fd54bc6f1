//! The account region: an ISO 3166-1 country, given by code or English name.

use std::borrow::Cow;

use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use isocountry::CountryCode;

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(pub CountryCode);

/// Countries whose offices print on US Letter rather than A4.
const LETTER_COUNTRIES: [&str; 14] = [
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "DO", "GT", "PA", "PR", "SV", "NI",
];

/// Names people use where ISO's formal one differs: (code, printed name, other names).
const COMMON_NAMES: &[(&str, &str, &[&str])] = &[
    ("US", "United States", &["usa", "america", "united states"]),
    (
        "GB",
        "United Kingdom",
        &[
            "uk",
            "great britain",
            "britain",
            "england",
            "scotland",
            "wales",
        ],
    ),
    ("RU", "Russia", &["russia"]),
    (
        "KR",
        "South Korea",
        &["south korea", "korea", "republic of korea"],
    ),
    ("KP", "North Korea", &["north korea"]),
    ("VN", "Vietnam", &["vietnam"]),
    ("TW", "Taiwan", &["taiwan"]),
    ("IR", "Iran", &["iran"]),
    ("LA", "Laos", &["laos"]),
    ("SY", "Syria", &["syria"]),
    ("BO", "Bolivia", &["bolivia"]),
    ("VE", "Venezuela", &["venezuela"]),
    ("TZ", "Tanzania", &["tanzania"]),
    ("MD", "Moldova", &["moldova"]),
    ("CZ", "Czechia", &["czech republic"]),
    ("TR", "Türkiye", &["turkey", "turkiye"]),
    ("HK", "Hong Kong", &["hong kong"]),
    ("MO", "Macao", &["macau"]),
    ("AE", "United Arab Emirates", &["uae"]),
    ("CD", "DR Congo", &["dr congo", "drc"]),
    ("CI", "Côte d'Ivoire", &["ivory coast", "cote d'ivoire"]),
    ("PS", "Palestine", &["palestine"]),
    ("BN", "Brunei", &["brunei"]),
];

impl Region {
    pub fn parse(text: &str) -> Result<Region, String> {
        let wanted = text.trim();
        if let Ok(code) = CountryCode::for_alpha2_caseless(wanted) {
            return Ok(Region(code));
        }
        if let Ok(code) = CountryCode::for_alpha3_caseless(wanted) {
            return Ok(Region(code));
        }
        let folded = wanted.to_lowercase();
        let common = COMMON_NAMES.iter().find(|(_, name, others)| {
            name.to_lowercase() == folded || others.contains(&folded.as_str())
        });
        if let Some((code, _, _)) = common {
            return CountryCode::for_alpha2(code)
                .map(Region)
                .map_err(|_| "table".into());
        }
        let by_name = CountryCode::iter().find(|c| {
            let name = c.name().to_lowercase();
            name == folded || short_name(&name) == folded
        });
        if let Some(code) = by_name {
            return Ok(Region(*code));
        }
        let mut ranked: Vec<(f64, &CountryCode)> = CountryCode::iter()
            .map(|c| (strsim::jaro_winkler(&folded, &c.name().to_lowercase()), c))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let closest: Vec<String> = ranked
            .iter()
            .take(3)
            .map(|(_, c)| format!("{} ({})", c.name(), c.alpha2()))
            .collect();
        Err(format!(
            "\"{wanted}\" is not a country mikit knows; use a two-letter ISO code or the English \
             name. Closest: {}",
            closest.join(", ")
        ))
    }

    pub fn code(&self) -> &'static str {
        self.0.alpha2()
    }

    pub fn name(&self) -> &'static str {
        COMMON_NAMES
            .iter()
            .find(|(code, _, _)| *code == self.code())
            .map(|(_, name, _)| *name)
            .unwrap_or_else(|| short_name(self.0.name()))
    }

    /// The region's name in `lang`, from CLDR ("Reino Unido", "Великобритания",
    /// "英国"); the English name where CLDR has none.
    pub fn name_in(&self, lang: Lang) -> Cow<'static, str> {
        let cldr = lang
            .code()
            .parse::<icu_locale_core::Locale>()
            .ok()
            .and_then(|locale| {
                RegionDisplayNames::try_new(locale.into(), DisplayNamesOptions::default()).ok()
            })
            .and_then(|names| {
                let region = icu_locale_core::subtags::Region::try_from_str(self.code()).ok()?;
                names.of(region).map(str::to_string)
            });
        match cldr {
            Some(name) => Cow::Owned(name),
            None => Cow::Borrowed(self.name()),
        }
    }

    pub fn uses_letter_paper(&self) -> bool {
        LETTER_COUNTRIES.contains(&self.code())
    }
}

/// ISO's long forms ("Korea, Republic of") read oddly on a kit; keep the part
/// before the comma or bracket, which is the name people use.
fn short_name(name: &str) -> &str {
    name.split([',', '(']).next().unwrap_or(name).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_in_any_case() {
        assert_eq!(Region::parse("in").unwrap().code(), "IN");
        assert_eq!(Region::parse("India").unwrap().name(), "India");
        assert_eq!(Region::parse("CHN").unwrap().code(), "CN");
        assert_eq!(
            Region::parse("united states").unwrap().name(),
            "United States"
        );
        assert_eq!(Region::parse("KR").unwrap().name(), "South Korea");
        assert_eq!(Region::parse("Russia").unwrap().code(), "RU");
        assert!(Region::parse("US").unwrap().uses_letter_paper());
        assert!(!Region::parse("DE").unwrap().uses_letter_paper());
    }

    #[test]
    fn names_in_each_language_come_from_cldr() {
        let gb = Region::parse("GB").unwrap();
        assert_eq!(gb.name_in(Lang::En), "United Kingdom");
        assert_eq!(gb.name_in(Lang::Es), "Reino Unido");
        assert_eq!(gb.name_in(Lang::PtBr), "Reino Unido");
        assert_eq!(gb.name_in(Lang::Ru), "Великобритания");
        assert_eq!(gb.name_in(Lang::ZhCn), "英国");
        assert_eq!(Region::parse("IN").unwrap().name_in(Lang::Id), "India");
        assert_eq!(Region::parse("CN").unwrap().name_in(Lang::ZhCn), "中国");
    }

    #[test]
    fn unknown_lists_closest() {
        let err = Region::parse("Indai").unwrap_err();
        assert!(err.contains("India"), "{err}");
    }
}
