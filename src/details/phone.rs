//! Phone numbers, checked and formatted with libphonenumber's data.

use phonenumber::country::Id;
use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, PhoneNumber};

use super::region::Region;

/// A number fit to print, and what may still be wrong with it.
#[derive(Debug)]
pub struct Checked {
    pub international: String,
    pub warnings: Vec<String>,
}

pub fn check(text: &str, region: Option<Region>) -> Result<Checked, String> {
    let example = "e.g. +91 98765 43210";
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_digit() || " -().+/".contains(*c)))
    {
        return Err(format!(
            "\"{text}\" is not a phone number: \"{c}\" does not belong in one; write digits with + and the country code, {example}"
        ));
    }
    // 00 is the international call prefix in most of the world: 0091 is +91.
    let normalised = match text.trim_start().strip_prefix("00") {
        Some(rest) => format!("+{rest}"),
        None => text.trim_start().to_string(),
    };
    let international = normalised.starts_with('+');
    let home: Option<Id> = region.and_then(|r| r.code().parse().ok());
    if !international && home.is_none() {
        return Err(format!(
            "\"{text}\" has no country code; write it with + and the country code ({example}), or set account.region so mikit knows the country"
        ));
    }
    let country = if international { None } else { home };
    let number = phonenumber::parse(country, &normalised).map_err(|e| {
        format!("\"{text}\" is not a phone number ({e}); write it with + and the country code, {example}")
    })?;
    let code = number.code().value();
    let national = national_digits(&number);
    if let Some(lengths) = possible_lengths(&number)
        && !lengths.contains(&(national.len() as u16))
    {
        let lengths: Vec<String> = lengths.iter().map(u16::to_string).collect();
        return Err(format!(
            "\"{text}\" has {} digits after the country code +{code}, but numbers there have {}; check for a missing or extra digit",
            national.len(),
            lengths.join(" or ")
        ));
    }
    let international = number.format().mode(Mode::International).to_string();
    let mut warnings = Vec::new();
    if !number.is_valid() {
        warnings.push(format!(
            "\"{international}\" is not in any number range mikit's phone data knows; check it (the data can lag behind new ranges)"
        ));
    }
    if let (Some(region), Some(home)) = (region, home) {
        let theirs = number.country().id();
        if theirs != Some(home) {
            let why = if region.code() == "CN" {
                "mainland-China (CN) accounts accept only +86 numbers, so check that this is the number on the account".to_string()
            } else {
                format!(
                    "the account region is {}; fine if the account really uses a foreign number",
                    region.name()
                )
            };
            warnings.push(format!(
                "\"{international}\" is not a number from {}: {why}",
                region.name()
            ));
        }
    }
    Ok(Checked {
        international,
        warnings,
    })
}

fn national_digits(number: &PhoneNumber) -> String {
    let n = number.national();
    format!("{}{}", "0".repeat(usize::from(n.zeros())), n.value())
}

/// The lengths a mobile or landline number may have in the number's country
/// (an account's number receives SMS, so other kinds do not count).
fn possible_lengths(number: &PhoneNumber) -> Option<Vec<u16>> {
    let d = number.metadata(&DATABASE)?.descriptors();
    let mut lengths: Vec<u16> = [d.mobile(), d.fixed_line(), Some(d.general())]
        .into_iter()
        .flatten()
        .flat_map(|x| x.possible_length().iter().copied())
        .collect();
    lengths.sort_unstable();
    lengths.dedup();
    (!lengths.is_empty()).then_some(lengths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn india() -> Option<Region> {
        Some(Region::parse("IN").unwrap())
    }

    #[test]
    fn normalises_to_international_format() {
        assert_eq!(
            check("+919876543210", None).unwrap().international,
            "+91 98765 43210"
        );
        assert_eq!(
            check("098765 43210", india()).unwrap().international,
            "+91 98765 43210"
        );
        assert_eq!(
            check("0091 98765 43210", None).unwrap().international,
            "+91 98765 43210"
        );
    }

    #[test]
    fn needs_a_country() {
        assert!(
            check("98765 43210", None)
                .unwrap_err()
                .contains("no country code")
        );
    }

    #[test]
    fn impossible_length_is_an_error() {
        let err = check("+91 98765 4321099", None).unwrap_err();
        assert!(err.contains("digits after the country code +91"), "{err}");
    }

    #[test]
    fn foreign_number_is_a_warning() {
        let cn = Some(Region::parse("CN").unwrap());
        let c = check("+91 98765 43210", cn).unwrap();
        assert!(
            c.warnings.iter().any(|w| w.contains("only +86")),
            "{:?}",
            c.warnings
        );
    }
}
