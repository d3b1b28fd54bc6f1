//! An edited template is untrusted input: everything that could go wrong
//! when a document is made from it (a date format chrono cannot follow, a
//! link too long for a QR code, a glyph no font has, a count that would
//! allocate gigabytes, a placeholder that would never be filled) is found
//! when it is loaded, each at its own line.

use std::fmt::Write as _;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::walk::{Step, Use, path_text, strings};
use super::{
    BlockTemplate, MAX_BLOCKS, MAX_CHARS, MAX_COLUMNS, MAX_ITEMS, MAX_LINES, Template, tokens,
};
use crate::details::toml_source::LineIndex;
use crate::fonts::Unprintable;
use crate::problem::{Problem, collapse, is_invisible};

/// The source of a template with its parsed tree, to point at any value.
struct Source<'s> {
    lines: LineIndex<'s>,
    root: Option<DeTable<'s>>,
}

impl<'s> Source<'s> {
    fn new(text: &'s str) -> Source<'s> {
        Source {
            lines: LineIndex::new(text),
            root: DeTable::parse(text).ok().map(|t| t.into_inner()),
        }
    }

    /// Where the value at `path` is written, or the nearest table holding it.
    fn span(&self, path: &[Step]) -> Option<Range<usize>> {
        let mut table = self.root.as_ref()?;
        let mut found: Option<Range<usize>> = None;
        let mut value: Option<&DeValue<'_>> = None;
        for step in path {
            let next = match (step, value) {
                (Step::Key(k), None) => table.get(*k),
                (Step::Key(k), Some(DeValue::Table(t))) => t.get(*k),
                (Step::Index(i), Some(DeValue::Array(a))) => a.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            found = Some(next.span());
            value = Some(next.get_ref());
            if let DeValue::Table(t) = next.get_ref() {
                table = t;
            }
        }
        found
    }

    /// A problem at `path`; `inside` is a byte offset into a string value
    /// written on several lines, so a bad placeholder gets its own line.
    fn problem(&self, path: &[Step], inside: Option<usize>, message: String) -> Problem {
        let (line, column) = match self.span(path) {
            Some(span) => {
                let mut at = span.start;
                if let Some(offset) = inside {
                    // Offsets inside the value match the source only where
                    // no escape sequence came before: then point there. After
                    // an escape the offset may fall inside a character of
                    // the source, which also means "not there".
                    let raw = self.lines.text().get(span.clone()).unwrap_or("");
                    let opening = raw.find(['"', '\'']).map(|q| {
                        if raw[q..].starts_with("\"\"\"") || raw[q..].starts_with("'''") {
                            q + 3 + usize::from(raw[q + 3..].starts_with('\n'))
                        } else {
                            q + 1
                        }
                    });
                    if let Some(open) = opening
                        && raw
                            .get(..(open + offset).min(raw.len()))
                            .is_some_and(|before| !before.contains('\\'))
                    {
                        at = span.start + open + offset;
                    }
                }
                let p = self.lines.position(at);
                (p.line, p.column)
            }
            None => (1, 0),
        };
        Problem::error(line, column, path_text(path), message)
    }
}

/// Every problem with `template`, parsed from `source`, in file order.
pub fn check(source: &str, template: &Template) -> Vec<Problem> {
    let src = Source::new(source);
    let mut problems = Vec::new();
    let mut report = |path: &[Step], inside: Option<usize>, message: String| {
        problems.push(src.problem(path, inside, message));
    };
    counts(template, &mut report);
    for (path, text, usage) in strings(template) {
        string(template, &path, text, usage, &mut report);
    }
    problems.sort_by_key(|p| (p.line, p.column));
    collapse(&mut problems);
    problems
}

/// Every string of an edited template whose shaped ink would leave its line
/// (the check the layout's fit check makes, asked when the template is
/// loaded rather than when a document is half made). The built-in
/// templates are tested instead: shaping every string of a Hindi template
/// on each run would cost more than laying the document out.
pub fn ink(source: &str, template: &Template) -> Vec<Problem> {
    let src = Source::new(source);
    let fonts = crate::fonts::Fonts::bundled();
    let mut problems = Vec::new();
    for (path, text, usage) in strings(template) {
        if matches!(usage, Use::Url | Use::DateFormat) {
            continue;
        }
        if let Err(overflow) = crate::layout::ink::value_fits(text, fonts) {
            problems.push(src.problem(&path, None, overflow.to_string()));
        }
    }
    collapse(&mut problems);
    problems
}

type Report<'a> = dyn FnMut(&[Step], Option<usize>, String) + 'a;

/// Counts and sizes a document is made with, bounded before anything is
/// allocated from them.
fn counts(template: &Template, report: &mut Report<'_>) {
    if template.blocks.len() > MAX_BLOCKS {
        report(
            &[Step::Key("block"), Step::Index(MAX_BLOCKS)],
            None,
            format!(
                "{} blocks; a document has at most {MAX_BLOCKS}",
                template.blocks.len()
            ),
        );
    }
    for (i, block) in template.blocks.iter().enumerate().take(MAX_BLOCKS) {
        let at = |key: &'static str| vec![Step::Key("block"), Step::Index(i), Step::Key(key)];
        let lists: Vec<(&'static str, usize)> = match block {
            BlockTemplate::Title { lines, .. } => vec![("lines", lines.len())],
            BlockTemplate::Checklist { items, .. } => vec![("items", items.len())],
            BlockTemplate::Fields { rows } => vec![("rows", rows.len())],
            BlockTemplate::Choices { rows } => vec![("rows", rows.len())],
            BlockTemplate::Callout { body, .. } | BlockTemplate::Link { body, .. } => {
                vec![("body", body.len())]
            }
            BlockTemplate::Shop { details, .. } => vec![("details", details.len())],
            _ => Vec::new(),
        };
        for (key, n) in lists {
            if n > MAX_ITEMS {
                report(
                    &at(key),
                    None,
                    format!("{n} items; a block holds at most {MAX_ITEMS}"),
                );
            }
        }
        let (key, n, what) = match block {
            BlockTemplate::WriteBox { lines, .. } => ("lines", *lines, "write-in lines"),
            BlockTemplate::Log { rows, .. } => ("rows", *rows, "rows"),
            _ => continue,
        };
        if n > MAX_LINES {
            report(
                &at(key),
                None,
                format!("{n} {what}; a page holds at most {MAX_LINES}"),
            );
        }
        if let BlockTemplate::Log { columns, .. } = block
            && !(1..=MAX_COLUMNS).contains(&columns.len())
        {
            report(
                &at("columns"),
                None,
                format!(
                    "{} columns; a log has 1 to {MAX_COLUMNS}, each wide enough to write in",
                    columns.len()
                ),
            );
        }
    }
}

/// The checks one string gets, by how it is used.
fn string(template: &Template, path: &[Step], text: &str, usage: Use, report: &mut Report<'_>) {
    // An address is bounded by what its QR code holds.
    if usage == Use::Url
        && let Err(message) = crate::layout::qr::fits(text).map_err(|e| e.to_string())
    {
        return report(path, None, message);
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        return report(
            path,
            None,
            format!("{chars} characters; a template's text is at most {MAX_CHARS} per value"),
        );
    }
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| is_invisible(c) && c != '\n')
    {
        return report(
            path,
            Some(i),
            format!(
                "an invisible character (U+{:04X}) that prints nothing or changes what prints; delete it",
                c as u32
            ),
        );
    }
    match usage {
        Use::Filled => {
            if let Err((at, message)) = placeholders(text) {
                return report(path, Some(at), message);
            }
        }
        Use::Literal | Use::Metadata | Use::Url => {
            if let Some(at) = text.find('{') {
                let message = match usage {
                    Use::Metadata => "the PDF's title and subject never carry an owner's details, \
                                      so placeholders are not filled here; write it without { }"
                        .to_string(),
                    _ => "placeholders are not filled here, so this would print as written; \
                          write it without { }"
                        .to_string(),
                };
                return report(path, Some(at), message);
            }
        }
        Use::PageLabel => {
            let stripped = text.replace("{page}", "").replace("{pages}", "");
            if stripped.contains(['{', '}']) {
                return report(
                    path,
                    None,
                    "only {page} and {pages} are filled in the page label".into(),
                );
            }
            if !text.contains("{page}") || !text.contains("{pages}") {
                return report(
                    path,
                    None,
                    "the page label must contain {page} and {pages}".into(),
                );
            }
        }
        Use::DateFormat => {
            if let Err(message) = date_format(template, text) {
                return report(path, None, message);
            }
        }
    }
    let printed = match usage {
        Use::PageLabel => text.replace("{page}", "1").replace("{pages}", "2"),
        // What a date format prints is checked with the month names.
        Use::DateFormat => return,
        _ => text.to_string(),
    };
    if let Err(e) = fonts_print(&printed) {
        let at = text.find(unprintable_char(&e));
        return report(path, at, unprintable(&e));
    }
    // Bounded before the text ever reaches the shaper.
    if let Err(stack) = crate::details::clusters::check(&printed) {
        report(path, None, stack.to_string());
    }
}

/// `{placeholders}` and `**strong**` words that parse, each placeholder one
/// mikit knows; errs with where the bad one starts.
fn placeholders(text: &str) -> Result<(), (usize, String)> {
    tokens(text).map(|_| ()).map_err(|message| {
        // Point at the first "{" that does not make a placeholder, else the
        // "**" left open.
        let mut at = None;
        for (i, _) in text.match_indices('{') {
            let end = text[i..].find('}').map(|e| i + e + 1).unwrap_or(text.len());
            if tokens(&text[i..end]).is_err() {
                at = Some(i);
                break;
            }
        }
        let at = at.or_else(|| text.rfind("**")).unwrap_or(0);
        (at, message)
    })
}

fn unprintable_char(e: &Unprintable) -> char {
    match e {
        Unprintable::NoGlyph { ch } => *ch,
    }
}

/// What is wrong with a template's character, for the person editing it.
/// Whether the bundled fonts print `text`. The browser is given a font only
/// when a kit needs it, and uses only the built-in templates, which the
/// native tests check: there, rendering is the check.
fn fonts_print(text: &str) -> Result<(), Unprintable> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = text;
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    crate::fonts::Fonts::bundled().check(text)
}

fn unprintable(e: &Unprintable) -> String {
    match e {
        Unprintable::NoGlyph { ch } => format!(
            "\"{ch}\" (U+{:04X}) is in none of mikit's fonts, so it cannot print; use another character",
            *ch as u32
        ),
    }
}

/// A date format must print every date without failing, and in the fonts.
fn date_format(template: &Template, format: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    // `%OB` (a month's name standing alone) is mikit's own: expanded first.
    let probe = super::month::expand(format, template.lang.locale(), template.document.checked.0);
    let broken = StrftimeItems::new_with_locale(&probe, template.lang.locale())
        .any(|i| matches!(i, Item::Error));
    if broken || format.trim().is_empty() {
        return Err(format!(
            "\"{format}\" is not a date format; use chrono's strftime codes, e.g. \"%-d %B %Y\""
        ));
    }
    for month in 1..=12 {
        let day = chrono::NaiveDate::from_ymd_opt(2000, month, 28).expect("a real date");
        let at = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        let mut printed = String::new();
        // Some codes parse but cannot print a date (a time zone's "%#z"):
        // formatting is the only test chrono offers.
        if write!(
            printed,
            "{}",
            at.format_localized(
                &super::month::expand(format, template.lang.locale(), day),
                template.lang.locale()
            )
        )
        .is_err()
        {
            return Err(format!(
                "\"{format}\" cannot print a date; use chrono's date codes, e.g. \"%-d %B %Y\""
            ));
        }
        if printed.chars().count() > MAX_CHARS {
            return Err(format!("\"{format}\" prints a date too long for a page"));
        }
        if let Err(e) = fonts_print(&printed) {
            return Err(unprintable(&e));
        }
    }
    Ok(())
}
