//! The two calls every front end makes: check a details file as `mikit check`
//! reports it, and make its PDFs as `mikit build` writes them. The CLI's
//! commands and the browser page (web/) both go through here, so the rules,
//! the messages and the bytes are the same in both.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::content::DocKind;
use crate::details::{self, Details, Field, Parsed, SCHEMA};
use crate::error::Result;
use crate::layout::Paper;
use crate::pipeline::Settings;

/// What a details file holds and lacks, with every problem at its place.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The values and every problem, in file order.
    pub parsed: Parsed,
    /// Fields with a value, in the details file's order.
    pub set: Vec<Field>,
    /// Fields left out, in the same order. A field with an error is neither
    /// set nor missing: its problem says what is wrong.
    pub missing: Vec<Field>,
}

impl Checked {
    /// How many fields a check counts: every one but the language, which is
    /// a preference, not a fact the recovery needs.
    pub fn total(&self) -> usize {
        counted_fields().count()
    }

    pub fn error_count(&self) -> usize {
        self.parsed.error_count()
    }

    pub fn warning_count(&self) -> usize {
        self.parsed.warnings().count()
    }
}

/// The fields a check counts as set or missing, in the file's order.
fn counted_fields() -> impl Iterator<Item = Field> {
    SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(_, f)| *f))
        .filter(|f| *f != Field::Language)
}

/// `mikit check` on a details file's text: every problem with its line,
/// column and field, what is set, and what is missing.
pub fn check(text: &str, today: NaiveDate) -> Checked {
    let parsed = details::read(text, today);
    let broken: Vec<String> = parsed.errors().map(|p| p.field.clone()).collect();
    let (set, missing) = counted_fields()
        .filter(|f| parsed.details.value(*f).is_some() || !broken.contains(&f.path()))
        .partition(|f| parsed.details.value(*f).is_some());
    Checked {
        parsed,
        set,
        missing,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckTemplate {
    /// Field path -> what its absence costs in a recovery.
    missing: BTreeMap<String, String>,
}

/// What leaving `field` out costs in a recovery, in `mikit check`'s words
/// (templates/check.toml).
pub fn cost(field: Field) -> &'static str {
    static COSTS: OnceLock<CheckTemplate> = OnceLock::new();
    COSTS
        .get_or_init(|| {
            toml::from_str(include_str!("../templates/check.toml"))
                .expect("built-in templates/check.toml parses")
        })
        .missing
        .get(&field.path())
        .map_or("", String::as_str)
}

/// The PDFs of a kit, and the paper they are laid out on.
#[derive(Debug, Clone)]
pub struct Made {
    pub paper: Paper,
    /// One per kind asked for, in that order.
    pub pdfs: Vec<(DocKind, Vec<u8>)>,
}

/// `mikit build`'s PDFs for checked details: each of `kinds` in the owner's
/// language (else the settings'), on `paper` or the region's. Every PDF is
/// made before any is returned: one that fails fails them all.
pub fn make(
    details: &Details,
    kinds: &[DocKind],
    today: NaiveDate,
    settings: &Settings<'_>,
    paper: Option<Paper>,
) -> Result<Made> {
    let paper = crate::paper_for(details, paper);
    let pdfs = kinds
        .iter()
        .map(|&kind| {
            let doc = crate::document_with(kind, details, today, settings)?;
            Ok((kind, crate::pdf(&doc, paper, today)?))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Made { paper, pdfs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
    }

    #[test]
    fn every_field_has_a_cost() {
        for section in &SCHEMA {
            for (_, field) in section.fields {
                assert!(!cost(*field).is_empty(), "{}", field.path());
            }
        }
    }

    #[test]
    fn a_field_with_an_error_is_neither_set_nor_missing() {
        let checked = check(
            "[owner]\nname = \"Priya\"\n[account]\nemail = \"x.example.com\"\n",
            day(),
        );
        assert!(checked.set.contains(&Field::Name));
        assert!(!checked.set.contains(&Field::Email));
        assert!(!checked.missing.contains(&Field::Email));
        assert!(checked.missing.contains(&Field::Phone));
        assert_eq!(checked.total(), 14);
        assert_eq!(checked.error_count(), 1);
    }

    #[test]
    fn misspelt_and_secret_keys_are_errors() {
        let checked = check("[owner]\nnmae = \"Priya\"\npassword = \"x\"\n", day());
        let messages: Vec<&str> = checked
            .parsed
            .errors()
            .map(|p| p.message.as_str())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("did you mean name?")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("looks like a password")),
            "{messages:?}"
        );
        // The secret itself is never echoed.
        assert!(
            !messages.iter().any(|m| m.contains("\"x\"")),
            "{messages:?}"
        );
    }

    #[test]
    fn makes_both_documents_on_the_regions_paper() {
        let checked = check(
            "[owner]\nname = \"Ann Lee\"\n[account]\nregion = \"US\"\n",
            day(),
        );
        let made = make(
            &checked.parsed.details,
            &DocKind::ALL,
            day(),
            &Settings::default(),
            None,
        )
        .unwrap();
        assert_eq!(made.paper, Paper::Letter);
        assert_eq!(made.pdfs.len(), 2);
        assert!(made.pdfs.iter().all(|(_, pdf)| pdf.starts_with(b"%PDF-")));
    }
}
