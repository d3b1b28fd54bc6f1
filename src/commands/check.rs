//! `mikit check`: what a details file holds, what it lacks and what that costs.

use mikit::api::cost;
use mikit::details::Field;
use mikit::error::{Error, Result};
use mikit::input::{count, origin};
use mikit::problem::escape;

use crate::cli::CheckArgs;

pub fn check(args: &CheckArgs) -> Result<()> {
    let today = super::today(args.date.as_deref())?;
    let origin = origin(&args.file);
    // The file's name is printed too: a name with control characters in it
    // must not drive the terminal.
    let shown = escape(&origin).into_owned();
    // The same check the browser page runs (mikit::api::check).
    let checked = mikit::input::check(&args.file, today)?;
    let parsed = &checked.parsed;
    for problem in &parsed.problems {
        super::report_problem(&problem.clone().in_file(&origin));
    }
    let set = &checked.set;
    // Values themselves are not echoed: this report may end up in a shop's logs.
    let mut report = format!("{shown}: {} of {} values set\n", set.len(), checked.total());
    if !set.is_empty() {
        let names: Vec<String> = set.iter().map(|f| f.path()).collect();
        report.push_str(&format!("  set: {}\n", names.join(", ")));
    }
    let language = match parsed.details.language {
        Some(lang) => format!("  language: {} ({})\n", lang.code(), lang.name()),
        None => format!("  language: not set: {}\n", cost(Field::Language)),
    };
    report.push_str(&language);
    for field in &checked.missing {
        report.push_str(&format!("  missing {}: {}\n", field.path(), cost(*field)));
    }
    let errors = checked.error_count();
    let warnings = checked.warning_count();
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
