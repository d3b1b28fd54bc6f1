//! The account region: an ISO 3166-1 country, given by code or English name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

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
        match cldr_names(lang).get(self.code()) {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Borrowed(self.name()),
        }
    }

    pub fn uses_letter_paper(&self) -> bool {
        LETTER_COUNTRIES.contains(&self.code())
    }
}

/// CLDR's name of every region in each of mikit's languages, as ICU4X's
/// display names give them (a test compares the two): the few kilobytes
/// mikit prints, not CLDR's names in some 700 locales, which are megabytes
/// in the browser's download.
const CLDR_NAMES: &str = include_str!("../../data/region-names.tsv");

/// CLDR's region names in `lang`, by ISO code: read from the table on first
/// use, one language at a time (a run prints in one or two).
fn cldr_names(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static NAMES: [OnceLock<HashMap<&str, &str>>; Lang::ALL.len()] =
        [const { OnceLock::new() }; Lang::ALL.len()];
    let index = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    NAMES[index].get_or_init(|| {
        let prefix = format!("{}\t", lang.code());
        CLDR_NAMES
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('\t'))
            .collect()
    })
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

    /// data/region-names.tsv is CLDR's, as ICU4X says it: every region, in
    /// every language. With MIKIT_WRITE_REGION_NAMES=1 this writes the file
    /// anew (after an ICU4X update).
    #[test]
    fn region_names_are_cldrs() {
        use icu_experimental::displaynames::DisplayNamesOptions;
        use icu_experimental::displaynames::multi::RegionDisplayNames;
        let mut table = String::from(
            "# CLDR's region names in mikit's languages (language, ISO 3166-1 code, name), from\n\
             # ICU4X's display names; src/details/region.rs checks them. A region CLDR does not\n\
             # name in a language prints its English name.\n",
        );
        for lang in Lang::ALL {
            let locale: icu_locale_core::Locale = lang.code().parse().unwrap();
            let names =
                RegionDisplayNames::try_new(locale.into(), DisplayNamesOptions::default()).unwrap();
            for country in CountryCode::iter() {
                let region =
                    icu_locale_core::subtags::Region::try_from_str(country.alpha2()).unwrap();
                if let Some(name) = names.of(region) {
                    table.push_str(&format!("{}\t{}\t{name}\n", lang.code(), country.alpha2()));
                }
            }
        }
        if std::env::var_os("MIKIT_WRITE_REGION_NAMES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/region-names.tsv");
            std::fs::write(path, &table).unwrap();
        }
        assert!(
            table == CLDR_NAMES,
            "data/region-names.tsv is not ICU4X's CLDR; run MIKIT_WRITE_REGION_NAMES=1 cargo test --lib region_names"
        );
    }

    #[test]
    fn unknown_lists_closest() {
        let err = Region::parse("Indai").unwrap_err();
        assert!(err.contains("India"), "{err}");
    }
}
