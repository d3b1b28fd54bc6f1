//! `mikit check`: what a details file holds, what it lacks and what that costs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use mikit::details::{Field, SCHEMA};
use mikit::error::{Error, Result};
use mikit::input::{count, origin};
use mikit::problem::escape;

use crate::cli::CheckArgs;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckTemplate {
    /// Field path -> what its absence costs in a recovery.
    missing: BTreeMap<String, String>,
}

fn costs() -> &'static BTreeMap<String, String> {
    static COSTS: OnceLock<CheckTemplate> = OnceLock::new();
    &COSTS
        .get_or_init(|| {
            toml::from_str(include_str!("../../templates/check.toml"))
                .expect("built-in templates/check.toml parses")
        })
        .missing
}

pub fn check(args: &CheckArgs) -> Result<()> {
    let today = super::today(args.date.as_deref())?;
    let origin = origin(&args.file);
    // The file's name is printed too: a name with control characters in it
    // must not drive the terminal.
    let shown = escape(&origin).into_owned();
    let parsed = mikit::input::read(&args.file, today)?;
    for problem in &parsed.problems {
        super::report_problem(&problem.clone().in_file(&origin));
    }
    // A field with an error is neither set nor missing: it is reported above.
    let broken: Vec<&str> = parsed.errors().map(|p| p.field.as_str()).collect();
    // The language is a preference, not a fact the recovery needs.
    let fields: Vec<Field> = SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(_, f)| *f))
        .filter(|f| *f != Field::Language)
        .collect();
    let set: Vec<Field> = fields
        .iter()
        .copied()
        .filter(|f| parsed.details.value(*f).is_some())
        .collect();
    let missing: Vec<(Field, String)> = fields
        .iter()
        .copied()
        .filter(|f| !set.contains(f))
        .map(|f| (f, f.path()))
        .filter(|(_, path)| !broken.contains(&path.as_str()))
        .collect();
    // Values themselves are not echoed: this report may end up in a shop's logs.
    let mut report = format!("{shown}: {} of {} values set\n", set.len(), fields.len());
    if !set.is_empty() {
        let names: Vec<String> = set.iter().map(|f| f.path()).collect();
        report.push_str(&format!("  set: {}\n", names.join(", ")));
    }
    let language = match parsed.details.language {
        Some(lang) => format!("  language: {} ({})\n", lang.code(), lang.name()),
        None => format!("  language: not set: {}\n", costs()["owner.language"]),
    };
    report.push_str(&language);
    for (_, path) in &missing {
        let cost = costs().get(path).map(String::as_str).unwrap_or("");
        report.push_str(&format!("  missing {path}: {cost}\n"));
    }
    let errors = parsed.error_count();
    let warnings = parsed.warnings().count();
    if errors == 0 {
        let note = if warnings > 0 {
            format!(" ({} to look at)", count(warnings, "warning"))
        } else {
            String::new()
        };
        report.push_str(&format!("{shown}: valid, ready for `mikit build`{note}\n"));
    }
    super::print_out(report.as_bytes())?;
    if errors > 0 {
        return Err(Error::data(format!(
            "{origin}: {}{}; fix {}, then run `mikit check` again",
            count(errors, "error"),
            if warnings > 0 {
                format!(" and {}", count(warnings, "warning"))
            } else {
                String::new()
            },
            if errors == 1 { "it" } else { "them" }
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_cost() {
        for section in &SCHEMA {
            for (_, field) in section.fields {
                assert!(costs().contains_key(&field.path()), "{}", field.path());
            }
        }
        assert_eq!(
            costs().len(),
            SCHEMA.iter().map(|s| s.fields.len()).sum::<usize>()
        );
    }
}
