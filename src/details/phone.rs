//! Phone numbers, checked and formatted with libphonenumber's data.
//!
//! The phonenumber crate's built-in database compiles-checks every pattern of
//! every region at first use (~85 ms, most of a one-kit run), so the data is
//! split by country calling code at build time (build.rs) and a number is
//! checked against a database of just its calling code's regions, built once
//! per run and per code. A database of every code, from the same split data, is
//! the fallback for the rare number dialled with a region's own international
//! prefix (e.g. 011 44 ...). The crate's own database serves the tests only:
//! referenced, it would carry a second copy of the metadata into the browser's
//! download.

use std::sync::{LazyLock, OnceLock};

#[cfg(test)]
use phonenumber::Mode;
use phonenumber::country::Id;
#[cfg(test)]
use phonenumber::metadata::DATABASE;
use phonenumber::metadata::{Database, loader};
use phonenumber::{ParseError, PhoneNumber};
use serde::Deserialize;

use super::region::Region;

/// libphonenumber's metadata by calling code, as build.rs wrote it.
static SPLIT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/phone-metadata.bin"));

#[derive(Deserialize)]
struct CallingCode<'a> {
    code: u16,
    #[serde(borrow)]
    regions: Vec<&'a str>,
    metadata: &'a [u8],
}

static CODES: LazyLock<Vec<CallingCode<'static>>> =
    LazyLock::new(|| postcard::from_bytes(SPLIT).expect("build.rs wrote the phone metadata table"));

/// One database per calling code, built when a number first needs it.
static DATABASES: LazyLock<Vec<OnceLock<Database>>> =
    LazyLock::new(|| CODES.iter().map(|_| OnceLock::new()).collect());

static NO_CODES: LazyLock<Database> =
    LazyLock::new(|| Database::from(Vec::new()).expect("an empty database"));

fn database(index: usize) -> &'static Database {
    DATABASES[index].get_or_init(|| database_of(&[index]))
}

/// Every calling code's regions in one database, built when a number first
/// needs it (a region's own international prefix, a region without a code).
static ALL: LazyLock<Database> =
    LazyLock::new(|| database_of(&(0..CODES.len()).collect::<Vec<_>>()));

fn database_of(indices: &[usize]) -> Database {
    let mut metadata: Vec<loader::Metadata> = Vec::new();
    for &index in indices {
        let code: Vec<loader::Metadata> = postcard::from_bytes(CODES[index].metadata)
            .expect("build.rs wrote the phone metadata table");
        metadata.extend(code);
    }
    metadata.iter_mut().for_each(|m| {
        drop_unread(m);
        ascii_digits(m);
    });
    Database::from(metadata).expect("libphonenumber's patterns are valid")
}

/// Drops the patterns nothing mikit calls reads, each of which building the
/// database would syntax-check: the kinds of number the crate's parser and
/// validity never consult (emergency, short codes, standard rate, carrier
/// specific, no international dialling) and every leading-digits pattern of a
/// format but the last, the only one formatting reads (formatter.rs, as
/// `international_format` here).
fn drop_unread(meta: &mut loader::Metadata) {
    meta.emergency = None;
    meta.short_code = None;
    meta.standard_rate = None;
    meta.carrier = None;
    meta.no_international = None;
    for f in meta
        .formats
        .iter_mut()
        .chain(meta.international_formats.iter_mut())
    {
        let keep = f.leading_digits.len().saturating_sub(1);
        f.leading_digits.drain(..keep);
    }
}

/// libphonenumber writes a digit as `\d`, which the regex crate reads as any
/// Unicode digit (dozens of ranges), and building the database syntax-checks
/// every pattern and then compiles the ones a number meets. Numbers reach
/// the patterns as ASCII digits only (`check_with` refuses anything else),
/// where `[0-9]` matches exactly what `\d` does, at a fraction of the cost.
/// Only the fields the crate reads as patterns are rewritten; a test checks
/// every region's examples against the crate's own database.
fn ascii_digits(meta: &mut loader::Metadata) {
    let rewrite = |p: &mut String| {
        if p.contains("\\d") {
            *p = p.replace("\\d", "[0-9]");
        }
    };
    let descriptors = [
        &mut meta.general,
        &mut meta.fixed_line,
        &mut meta.mobile,
        &mut meta.toll_free,
        &mut meta.premium_rate,
        &mut meta.shared_cost,
        &mut meta.personal_number,
        &mut meta.voip,
        &mut meta.pager,
        &mut meta.uan,
        &mut meta.emergency,
        &mut meta.voicemail,
        &mut meta.short_code,
        &mut meta.standard_rate,
        &mut meta.carrier,
        &mut meta.no_international,
    ];
    for d in descriptors.into_iter().flatten() {
        d.national_number.iter_mut().for_each(rewrite);
    }
    [
        &mut meta.international_prefix,
        &mut meta.national_prefix_for_parsing,
        &mut meta.leading_digits,
    ]
    .into_iter()
    .flatten()
    .for_each(rewrite);
    for f in meta
        .formats
        .iter_mut()
        .chain(meta.international_formats.iter_mut())
    {
        f.pattern.iter_mut().for_each(rewrite);
        f.leading_digits.iter_mut().for_each(rewrite);
    }
}

/// The calling code a region dials with (`GB` -> 44, `US` and `CA` -> 1).
fn code_of_region(id: &str) -> Option<usize> {
    CODES.iter().position(|c| c.regions.contains(&id))
}

/// The calling code an international number starts with: calling codes are a
/// prefix code (no code begins another), so at most one of 1 to 3 digits fits.
fn code_of_digits(digits: &str) -> Option<usize> {
    (1..=3.min(digits.len())).find_map(|n| {
        let code: u16 = digits[..n].parse().ok()?;
        CODES.iter().position(|c| c.code == code)
    })
}

/// Which database to check with: only what the number needs, or everything.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Data {
    Needed,
    /// The crate's own database, which the tests compare with.
    #[cfg(test)]
    All,
}

/// A number fit to print, and what may still be wrong with it.
#[derive(Debug)]
pub struct Checked {
    pub international: String,
    pub warnings: Vec<String>,
}

pub fn check(text: &str, region: Option<Region>) -> Result<Checked, String> {
    check_with(text, region, Data::Needed)
}

fn check_with(text: &str, region: Option<Region>, data: Data) -> Result<Checked, String> {
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
    let needed = match (data, international) {
        #[cfg(test)]
        (Data::All, _) => &*DATABASE,
        (Data::Needed, true) => {
            let digits: String = normalised.chars().filter(char::is_ascii_digit).collect();
            code_of_digits(&digits).map_or_else(|| &*NO_CODES, database)
        }
        (Data::Needed, false) => home
            .and_then(|id| code_of_region(id.as_ref()))
            .map_or_else(|| &*ALL, database),
    };
    let parsed = match phonenumber::parse_with(needed, country, &normalised) {
        // Dialled with the region's international prefix: another code's data.
        Err(ParseError::InvalidCountryCode) if !international => {
            phonenumber::parse_with(&ALL, country, &normalised).map(|n| (n, &*ALL))
        }
        other => other.map(|n| (n, needed)),
    };
    let (number, db) = parsed.map_err(|e| {
        format!("\"{text}\" is not a phone number ({e}); write it with + and the country code, {example}")
    })?;
    let code = number.code().value();
    let national = national_digits(&number);
    if let Some(lengths) = possible_lengths(&number, db)
        && !lengths.contains(&(national.len() as u16))
    {
        let lengths: Vec<String> = lengths.iter().map(u16::to_string).collect();
        return Err(format!(
            "\"{text}\" has {} digits after the country code +{code}, but numbers there have {}; check for a missing or extra digit",
            national.len(),
            lengths.join(" or ")
        ));
    }
    let international = match data {
        Data::Needed => international_format(&number, db),
        #[cfg(test)]
        Data::All => number.format().mode(Mode::International).to_string(),
    };
    let mut warnings = Vec::new();
    let valid = match data {
        Data::Needed => is_valid(&number, db),
        #[cfg(test)]
        Data::All => number.is_valid_with(db),
    };
    if !valid {
        warnings.push(format!(
            "\"{international}\" does not look like a number in use in its country; check it (very new numbers may not be listed yet)"
        ));
    }
    // Compare calling codes, not regions: libphonenumber files some +44 mobiles
    // under Guernsey and +1 416 under Canada, and neither is foreign to a UK or
    // US account as far as Xiaomi's SMS is concerned.
    let home_code = home.and_then(|id| code_of_region(id.as_ref()));
    if let (Some(region), Some(home_code)) = (region, home_code.map(|i| CODES[i].code))
        && home_code != code
    {
        let why = if region.code() == "CN" {
            "mainland-China (CN) accounts accept only +86 numbers, so check that this is the number on the account".to_string()
        } else {
            format!(
                "the account region is {}; fine if the account really uses a foreign number",
                region.name()
            )
        };
        warnings.push(format!(
            "\"{international}\" is not a number from {} (+{home_code}): {why}",
            region.name()
        ));
    }
    Ok(Checked {
        international,
        warnings,
    })
}

/// The number in libphonenumber's international format, from `db` alone: the
/// crate's own formatter always builds its full database, even when given
/// another (formatter.rs: `self.database.unwrap_or(&DATABASE)`). Same rules
/// as that formatter; a test compares the two on every region's examples.
fn international_format(number: &PhoneNumber, db: &Database) -> String {
    let code = number.code().value();
    let national = number.national().to_string();
    let Some(meta) = db.by_code(&code).and_then(|m| m.into_iter().next()) else {
        return format!("+{code} {national}");
    };
    let formats = if meta.international_formats().is_empty() {
        meta.formats()
    } else {
        meta.international_formats()
    };
    let chosen = formats.iter().find(|f| match f.leading_digits().last() {
        None => true,
        Some(leading) => {
            leading.find(&national).is_some_and(|m| m.start() == 0)
                && (f.pattern().find(&national))
                    .is_some_and(|m| m.start() == 0 && m.end() == national.len())
        }
    });
    let grouped = match chosen {
        Some(f) => f.pattern().replace(&national, f.format()).into_owned(),
        None => national,
    };
    let extension = number.extension().map_or(String::new(), |ext| {
        format!(
            "{}{ext}",
            meta.preferred_extension_prefix().unwrap_or(" ext. ")
        )
    });
    format!("+{code} {grouped}{extension}")
}

/// libphonenumber's validity (the number's national part matches one of its
/// region's kinds of number), testing mobile and landline patterns first:
/// each pattern is compiled on first use, and the crate's own order compiles
/// every kind's pattern (India's landline one is large) before it gets to
/// mobiles. The crate decides when the national number has leading zeros,
/// where its region lookup and its validity check read the number differently.
fn is_valid(number: &PhoneNumber, db: &Database) -> bool {
    if number.national().zeros() > 0 {
        return number.is_valid_with(db);
    }
    let Some(meta) = number.metadata(db) else {
        return false;
    };
    let national = number.national().value().to_string();
    let d = meta.descriptors();
    d.general().is_match(&national)
        && [
            d.mobile(),
            d.fixed_line(),
            d.premium_rate(),
            d.toll_free(),
            d.shared_cost(),
            d.voip(),
            d.personal_number(),
            d.pager(),
            d.uan(),
            d.voicemail(),
        ]
        .into_iter()
        .flatten()
        .any(|kind| kind.is_match(&national))
}

fn national_digits(number: &PhoneNumber) -> String {
    let n = number.national();
    format!("{}{}", "0".repeat(usize::from(n.zeros())), n.value())
}

/// The lengths a mobile or landline number may have in the number's country
/// (an account's number receives SMS, so other kinds do not count).
fn possible_lengths(number: &PhoneNumber, db: &Database) -> Option<Vec<u16>> {
    let d = number.metadata(db)?.descriptors();
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

    /// The split data must say what the crate's full database says: same
    /// errors, formatting, validity and warnings for every example number of
    /// every region and kind, dialled internationally and nationally.
    #[test]
    fn split_data_agrees_with_the_full_database() {
        use phonenumber::Type;
        let kinds = [
            Type::Unknown,
            Type::FixedLine,
            Type::Mobile,
            Type::TollFree,
            Type::PremiumRate,
            Type::SharedCost,
            Type::PersonalNumber,
            Type::Voip,
            Type::Pager,
            Type::Uan,
            Type::Voicemail,
        ];
        let mut compared = 0;
        for meta in DATABASE.iter() {
            let region = Region::parse(meta.id()).ok();
            for kind in kinds {
                let Some(example) = meta.descriptors().get(kind).and_then(|d| d.example()) else {
                    continue;
                };
                let international = format!("+{} {example}", meta.country_code());
                // The same with its first digit changed: mostly not a valid number.
                let shifted: String = example
                    .chars()
                    .enumerate()
                    .map(|(i, c)| match c.to_digit(10) {
                        Some(d) if i == 0 => char::from_digit((d + 1) % 10, 10).unwrap_or(c),
                        _ => c,
                    })
                    .collect();
                let mut cases = vec![
                    (international.clone(), region),
                    (international, None),
                    (format!("+{} {shifted}", meta.country_code()), region),
                ];
                if region.is_some() {
                    cases.push((example.to_string(), region));
                }
                for (text, region) in cases {
                    let split = check_with(&text, region, Data::Needed);
                    let full = check_with(&text, region, Data::All);
                    let show = |c: &Result<Checked, String>| match c {
                        Ok(c) => format!("{} {:?}", c.international, c.warnings),
                        Err(e) => e.clone(),
                    };
                    assert_eq!(show(&split), show(&full), "{text} in {}", meta.id());
                    compared += 1;
                }
            }
        }
        assert!(compared > 2500, "only {compared} numbers compared");
    }

    fn in_region(code: &str) -> Option<Region> {
        Some(Region::parse(code).unwrap())
    }

    #[test]
    fn same_calling_code_is_not_foreign() {
        // libphonenumber files +44 7911 1... under Guernsey and +1 416 under Canada.
        for (number, region) in [
            ("+44 7911 123456", "GB"),
            ("+1 416 555 0199", "US"),
            ("+1 212 555 0199", "CA"),
            ("+7 701 123 4567", "RU"),
        ] {
            let c = check(number, in_region(region)).unwrap();
            assert!(
                !c.warnings.iter().any(|w| w.contains("not a number from")),
                "{number} in {region}: {:?}",
                c.warnings
            );
        }
    }

    #[test]
    fn another_calling_code_is_foreign_and_says_which() {
        let c = check("+44 7911 123456", in_region("IN")).unwrap();
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(
            c.warnings[0].contains("not a number from India (+91)"),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn dialled_with_the_regions_international_prefix() {
        // 011 is how the US dials out: the number is British, found through the full data.
        let c = check("011 44 20 7946 0958", in_region("US")).unwrap();
        assert_eq!(c.international, "+44 20 7946 0958");
        assert!(
            c.warnings
                .iter()
                .any(|w| w.contains("not a number from United States (+1)"))
        );
    }

    #[test]
    fn unknown_calling_code_is_an_error() {
        let err = check("+999 1234 5678", None).unwrap_err();
        assert!(err.contains("is not a phone number"), "{err}");
    }
}
