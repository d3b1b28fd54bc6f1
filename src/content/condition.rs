//! Conditions on the owner's details: a template block, checklist item,
//! fields row or decision row printed only when its `only_if` holds.
//!
//! The syntax is small on purpose, so that a shop editing a template cannot
//! write something that means more than it says:
//!
//! ```text
//! only_if = "account.email missing"        the owner left it out
//! only_if = "account.id given"             the owner gave it
//! only_if = "account.region == CN"         the region is CN (an ISO code)
//! only_if = "account.region != CN"         any other region, or none given
//! only_if = "account.region == CN and account.email missing"
//! ```
//!
//! Conditions are parsed when the template is loaded: an unknown field,
//! test or region is a template error, never a surprise at print time.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::details::{Details, Field, Region};

/// What one clause asks of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    Missing,
    Given,
    /// Only the region has a closed set of values to compare with.
    RegionIs(Region),
    RegionIsNot(Region),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    field: Field,
    test: Test,
}

/// Clauses joined by `and`, with the text they were written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    clauses: Vec<Clause>,
    source: String,
}

/// A condition longer than this is not a condition a template needs.
const MAX_CLAUSES: usize = 4;
/// Four clauses of the longest field name and test fit in well under this.
const MAX_CHARS: usize = 200;

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        // Bounded before it is split, compared or echoed.
        let chars = text.chars().count();
        if chars > MAX_CHARS {
            return Err(format!(
                "only_if is {chars} characters long; a condition is at most {MAX_CHARS}: {SYNTAX}"
            ));
        }
        let source = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if source.is_empty() {
            return Err(format!("only_if is empty; {}", SYNTAX));
        }
        let parts: Vec<&str> = source.split(" and ").collect();
        if parts.len() > MAX_CLAUSES {
            return Err(format!(
                "only_if = \"{source}\" has {} clauses; at most {MAX_CLAUSES}",
                parts.len()
            ));
        }
        let clauses = parts
            .into_iter()
            .map(|part| Clause::parse(part).map_err(|why| format!("only_if = \"{source}\": {why}")))
            .collect::<Result<_, _>>()?;
        Ok(Condition { clauses, source })
    }

    pub fn holds(&self, details: &Details) -> bool {
        self.clauses.iter().all(|c| c.holds(details))
    }
}

const SYNTAX: &str = "write \"<field> missing\", \"<field> given\", \"account.region == XX\" or \
                      \"account.region != XX\", joined by \"and\"";

impl Clause {
    fn parse(text: &str) -> Result<Clause, String> {
        let words: Vec<&str> = text.split(' ').collect();
        let field_name = words.first().copied().unwrap_or_default();
        let field = Field::from_path(field_name).ok_or_else(|| {
            format!(
                "unknown field \"{field_name}\"; known: {}",
                crate::details::SCHEMA
                    .iter()
                    .flat_map(|s| s.fields.iter().map(|(_, f)| f.path()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })?;
        let test = match words[1..] {
            ["missing"] => Test::Missing,
            ["given"] => Test::Given,
            [op @ ("==" | "!="), value] => {
                if field != Field::Region {
                    return Err(format!(
                        "\"{op}\" compares only account.region; for {field_name} use \
                         \"missing\" or \"given\""
                    ));
                }
                let region = region_code(value)?;
                if op == "==" {
                    Test::RegionIs(region)
                } else {
                    Test::RegionIsNot(region)
                }
            }
            _ => return Err(format!("\"{text}\" is not a test; {SYNTAX}")),
        };
        Ok(Clause { field, test })
    }

    fn holds(&self, details: &Details) -> bool {
        match &self.test {
            Test::Missing => details.value(self.field).is_none(),
            Test::Given => details.value(self.field).is_some(),
            Test::RegionIs(r) => details.region.as_ref() == Some(r),
            Test::RegionIsNot(r) => details.region.as_ref() != Some(r),
        }
    }
}

/// Only a two-letter code: a name could be read more than one way.
fn region_code(value: &str) -> Result<Region, String> {
    let code = value.trim_matches('"');
    if code.len() == 2
        && code.chars().all(|c| c.is_ascii_uppercase())
        && let Ok(region) = Region::parse(code)
    {
        return Ok(region);
    }
    Err(format!(
        "\"{value}\" is not a region code; write an ISO 3166-1 two-letter code in capitals, e.g. CN"
    ))
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Condition::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A checklist item: its words, and when to print it. Written as a plain
/// string, or as `{ text = "...", only_if = "..." }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistItem {
    pub text: String,
    pub only_if: Option<Condition>,
}

impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Conditional {
            text: String,
            only_if: Condition,
        }
        // Read as a value first, so that each form's error names that form
        // (serde's untagged enums only say "did not match any variant").
        let value = toml::Value::deserialize(deserializer)?;
        match value {
            toml::Value::String(text) => Ok(ChecklistItem {
                text,
                only_if: None,
            }),
            toml::Value::Table(table) => {
                let c: Conditional = table.try_into().map_err(|e: toml::de::Error| {
                    serde::de::Error::custom(format!(
                        "a checklist item is text, or {{ text = \"...\", only_if = \"...\" }}: {}",
                        e.message().trim()
                    ))
                })?;
                Ok(ChecklistItem {
                    text: c.text,
                    only_if: Some(c.only_if),
                })
            }
            other => Err(serde::de::Error::custom(format!(
                "a checklist item is text, or {{ text = \"...\", only_if = \"...\" }}, not a {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details(region: Option<&str>, email: Option<&str>) -> Details {
        Details {
            region: region.map(|r| Region::parse(r).unwrap()),
            email: email.map(String::from),
            ..Details::default()
        }
    }

    #[test]
    fn region_tests_and_missing_values() {
        let cn = Condition::parse("account.region == CN").unwrap();
        assert!(cn.holds(&details(Some("CN"), None)));
        assert!(!cn.holds(&details(Some("IN"), None)));
        assert!(!cn.holds(&details(None, None)));
        let not_cn = Condition::parse("account.region  !=  CN").unwrap();
        assert!(not_cn.holds(&details(None, None)));
        assert_eq!(not_cn.to_string(), "account.region != CN");
        let both = Condition::parse("account.region == CN and account.email missing").unwrap();
        assert!(both.holds(&details(Some("CN"), None)));
        assert!(!both.holds(&details(Some("CN"), Some("a@example.com"))));
        assert!(
            Condition::parse("account.email given")
                .unwrap()
                .holds(&details(None, Some("a@b.c")))
        );
    }

    #[test]
    fn mistakes_name_what_is_wrong() {
        for (text, want) in [
            ("account.emial missing", "unknown field \"account.emial\""),
            ("account.email absent", "is not a test"),
            ("account.email == x", "compares only account.region"),
            ("account.region == China", "not a region code"),
            ("account.region == XZ", "not a region code"),
            ("", "empty"),
            (
                "account.email missing ".repeat(20_000).as_str(),
                "at most 200",
            ),
        ] {
            let err = Condition::parse(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
