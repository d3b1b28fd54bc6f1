//! The account region: an ISO 3166-1 country, given by code or English name.

use isocountry::CountryCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(pub CountryCode);

/// Countries whose offices print on US Letter rather than A4.
const LETTER_COUNTRIES: [&str; 14] = [
    "US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "DO", "GT", "PA", "PR", "SV", "NI",
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
        short_name(self.0.name())
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
        assert!(Region::parse("US").unwrap().uses_letter_paper());
        assert!(!Region::parse("DE").unwrap().uses_letter_paper());
    }

    #[test]
    fn unknown_lists_closest() {
        let err = Region::parse("Indai").unwrap_err();
        assert!(err.contains("India"), "{err}");
    }
}
