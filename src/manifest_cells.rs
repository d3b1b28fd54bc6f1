//! The cells of a batch's manifest.csv, the command line's and the page's
//! alike: what a row's problems say without a byte of the input, and text a
//! spreadsheet shows as text.

use crate::details::SCHEMA;
use crate::problem::Problem;

/// Problems one row's error cell lists, and the most characters it holds:
/// a row of ten thousand unknown keys must not make a manifest of megabytes.
const MAX_CELL_PROBLEMS: usize = 5;
const MAX_CELL_CHARS: usize = 1_000;

/// The error cell for a row's problems, each after `prefix`: its field and
/// what is wrong with every quoted value left out, at most
/// [`MAX_CELL_PROBLEMS`] of them. Nothing in it comes from the input: a
/// field the schema does not know (a key the row made up, which may be an
/// email address) is named only by where it is.
pub fn problems_cell<'a>(problems: impl IntoIterator<Item = &'a Problem>, prefix: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut left = 0;
    let mut chars = 0;
    for p in problems {
        if parts.len() == MAX_CELL_PROBLEMS || chars >= MAX_CELL_CHARS {
            left += 1;
            continue;
        }
        let part = describe(p, prefix);
        let part = crate::problem::shorten(&part, MAX_CELL_CHARS - chars).into_owned();
        chars += part.chars().count() + 2;
        parts.push(part);
    }
    if left > 0 {
        parts.push(format!("and {left} more; see the run's messages"));
    }
    parts.join("; ")
}

fn describe(p: &Problem, prefix: &str) -> String {
    if !is_known_label(&p.field) {
        return format!(
            "{prefix}an unknown key or section (line {}, column {})",
            p.line, p.column
        );
    }
    if p.field.is_empty() {
        format!("{prefix}{}", p.redacted())
    } else {
        format!("{prefix}{}: {}", p.field, p.redacted())
    }
}

/// Whether `field` is a name mikit made: a section, a field's path, a CSV
/// column, the row itself, or none.
fn is_known_label(field: &str) -> bool {
    field.is_empty()
        || field == "row"
        || SCHEMA.iter().any(|s| {
            s.name == field
                || s.fields
                    .iter()
                    .any(|(k, f)| f.path() == field || *k == field)
        })
        || crate::details::columns().any(|(name, _)| name == field)
}

/// A cell that a spreadsheet shows as text: never a formula (a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe, as OWASP
/// advises for CSV injection), and no control or text-direction character
/// raw, shown as `\u{..}` instead.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if c.is_control() || is_direction_mark(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.insert(0, '\'');
    }
    out
}

/// Characters that reorder the text around them without showing themselves.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rows_problems_are_bounded_and_carry_no_key_of_the_input() {
        let unknown: Vec<Problem> = (0..1000)
            .map(|i| {
                Problem::error(
                    i + 2,
                    1,
                    format!("owner.k{i}@example.com"),
                    format!("unknown key \"k{i}@example.com\"; the keys of [owner] are name"),
                )
            })
            .collect();
        let text = problems_cell(&unknown, "");
        assert!(!text.contains("example.com"), "{text}");
        assert!(
            text.contains("unknown key or section (line 2, column 1)"),
            "{text}"
        );
        assert!(
            text.ends_with("and 995 more; see the run's messages"),
            "{text}"
        );
        assert!(
            text.chars().count() < MAX_CELL_CHARS + 100,
            "{}",
            text.len()
        );
        let mut email = Problem::error(3, 0, "email", "\"x\" is not an email address".into());
        email.value = Some("x".into());
        assert_eq!(
            problems_cell([&email], "warning: "),
            "warning: email: (value) is not an email address"
        );
    }

    #[test]
    fn formulas_and_control_characters_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1 555"), "'+1 555");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(cell("\tx"), "\\u{9}x");
        assert_eq!(cell("\u{202E}gpj"), "\\u{202e}gpj");
        assert_eq!(cell("email: not an email"), "email: not an email");
        assert_eq!(cell(""), "");
    }
}
