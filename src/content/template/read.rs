//! Reading a template: its TOML parsed, then checked, then the characters
//! its documents will need gathered.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::check;
use super::{DateStyle, MAX_FILE_BYTES, Template};
use crate::details::toml_source::{LineIndex, toml_problem};
use crate::lang::Lang;
use crate::problem::Problem;

/// Where a bad condition is written. Inside a block the parser only knows
/// the block's span, so the condition the message quotes is looked up from
/// there; any other error stays at `start`.
fn condition_at(source: &str, start: usize, message: &str) -> usize {
    // The last one: an explanation may show the syntax first.
    let quoted = message
        .rsplit_once("only_if = \"")
        .and_then(|(_, rest)| rest.split('"').next());
    let Some(condition) = quoted else {
        return start;
    };
    // Conditions are compared with their spaces collapsed; find the one
    // written with the same words.
    let words: Vec<&str> = condition.split_whitespace().collect();
    source[start..]
        .match_indices("only_if")
        .find(|(i, _)| {
            let line = source[start + i..].lines().next().unwrap_or_default();
            let value = line.split('"').nth(1).unwrap_or_default();
            value.split_whitespace().eq(words.iter().copied())
        })
        .map_or(start, |(i, _)| start + i)
}

impl Template {
    /// Parses and checks a template written in `lang`. Errors start with
    /// `line N:`, one per line.
    pub fn parse(source: &str, lang: Lang) -> Result<Template, String> {
        Template::read(source, lang).map_err(|problems| {
            problems
                .iter()
                .map(|p| format!("line {}: {}", p.line, p.text()))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Parses and checks a template written in `lang`: every problem at its
    /// line, found now rather than when a document is made from it.
    pub fn read(source: &str, lang: Lang) -> Result<Template, Vec<Problem>> {
        if source.len() > MAX_FILE_BYTES {
            return Err(vec![Problem::error(
                0,
                0,
                "",
                format!(
                    "{} KB; a template is at most {} KB",
                    source.len() / 1024,
                    MAX_FILE_BYTES / 1024
                ),
            )]);
        }
        let mut template: Template = toml::from_str(source).map_err(|e| {
            let lines = LineIndex::new(source);
            let mut problem = toml_problem(&lines, &e, "");
            // Inside a block the parser knows only the block's span: point
            // at the condition the message is about.
            if let Some(span) = e.span() {
                let at = lines.position(condition_at(source, span.start, e.message()));
                problem.line = at.line;
                problem.column = at.column;
            }
            vec![problem]
        })?;
        template.lang = lang;
        let problems = check::check(source, &template);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(template.with_alphabet())
    }

    /// A built-in template, parsed without the checks an edited one gets:
    /// the tests make them on every built-in template (they are most of a
    /// run's start-up), and the binary cannot change after.
    pub(crate) fn built_in(source: &str, lang: Lang) -> Result<Template, String> {
        let mut template: Template = toml::from_str(source).map_err(|e| e.to_string())?;
        template.lang = lang;
        Ok(template.with_alphabet())
    }

    /// The template with the characters its documents print, besides the
    /// owner's values.
    fn with_alphabet(mut self) -> Template {
        let mut alphabet: BTreeSet<char> = (' '..='~').collect();
        for s in self.strings() {
            alphabet.extend(s.chars().filter(|c| !c.is_control()));
        }
        // Month names come from the language's locale, not the template.
        for month in 1..=12 {
            let style = DateStyle::of(&self);
            let day = chrono::NaiveDate::from_ymd_opt(2000, month, 1).expect("a real date");
            alphabet.extend(style.format(day, &self.document.date_day).chars());
            alphabet.extend(style.format(day, &self.document.date_month).chars());
        }
        self.alphabet = Arc::new(alphabet);
        self
    }
}
