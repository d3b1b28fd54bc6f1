//! Problems with the input, typed until the command line prints them: what is
//! wrong, where (file, line, column or row and field) and how bad.
//!
//! [`Problem::render`] is the one place a problem becomes text, and
//! [`escape`] (which it uses) the one place input that could drive a
//! terminal or hide itself is made visible.

use std::borrow::Cow;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The value cannot be printed: nothing is made until it is fixed.
    Error,
    /// The value prints, but may well be wrong: worth a second look.
    Warning,
}

/// One thing wrong with the input, located for the person who has to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file it is in, as the person named it; `None` when the caller
    /// names it at render time (see [`Problem::render`]).
    pub file: Option<String>,
    /// The workbook sheet it is in: `line` is then the sheet's row and
    /// `column` its column, shown as Excel names cells (`Sheet1!C12`).
    pub sheet: Option<String>,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when it is about the whole line (a CSV row).
    pub column: usize,
    /// `account.email` (a CSV column name in a batch, `block[3].text` in a
    /// template), or the section or key as written when it is unknown.
    pub field: String,
    pub message: String,
    /// How to fix it, when that is not already in the message.
    pub hint: Option<String>,
    /// The offending value as written, so reports that must not carry personal
    /// data (a batch manifest) can leave it out.
    pub value: Option<String>,
}

impl Problem {
    pub fn error(line: usize, column: usize, field: impl Into<String>, message: String) -> Self {
        Problem {
            severity: Severity::Error,
            file: None,
            sheet: None,
            line,
            column,
            field: field.into(),
            message,
            hint: None,
            value: None,
        }
    }

    pub fn warning(line: usize, column: usize, field: impl Into<String>, message: String) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(line, column, field, message)
        }
    }

    /// The same problem, said to be in `file`.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same problem, said to be on `sheet` of a workbook.
    pub fn on_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Where it is: `file:line:col`, `file:line` or `file`; in a workbook
    /// `file:Sheet1!C12` or `file:Sheet1!12:12` (a whole row, as Excel says it).
    pub fn location(&self, origin: &str) -> String {
        let file = self.file.as_deref().unwrap_or(origin);
        if let Some(sheet) = &self.sheet {
            return match (self.line, self.column) {
                (0, _) => format!("{file}:{sheet}"),
                (row, 0) => format!("{file}:{sheet}!{row}:{row}"),
                (row, column) => format!("{file}:{sheet}!{}{row}", column_letters(column)),
            };
        }
        match (self.line, self.column) {
            (0, _) => file.to_string(),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// What is wrong, after the location and severity: `field: message; hint`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.field.is_empty() {
            let _ = write!(out, "{}: ", shorten(&self.field, LONGEST_ECHO));
        }
        out.push_str(&self.message);
        if let Some(hint) = &self.hint {
            let _ = write!(out, "; {hint}");
        }
        out
    }

    /// One line for a person, escaped: `file:line:col: warning: field: message`.
    /// `origin` names the file when the problem does not.
    pub fn render(&self, origin: &str) -> String {
        self.render_with(origin, |label| label.to_string())
    }

    /// [`Problem::render`], with `mark` dressing the "warning:" label (a
    /// terminal's colour): the one place a problem becomes text.
    pub fn render_with(&self, origin: &str, mark: impl Fn(&str) -> String) -> String {
        let kind = match self.severity {
            Severity::Error => String::new(),
            Severity::Warning => format!("{} ", mark("warning:")),
        };
        format!(
            "{}: {kind}{}",
            escape(&self.location(origin)),
            escape(&self.text())
        )
    }

    /// The message with the offending value left out, for reports that must
    /// not carry personal data: the value in every form it is quoted in,
    /// then anything else in double quotes (messages quote whatever they
    /// echo of the input: a character of it, a key, a number reformatted).
    pub fn redacted(&self) -> String {
        let message = match &self.value {
            // Messages quote the value they are about: replacing the quoted
            // form leaves the rest of the sentence alone even for a value "a".
            Some(v) if !v.trim().is_empty() => {
                let clean = v.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut out = self.message.clone();
                for form in [v.as_str(), v.trim(), clean.as_str()] {
                    out = out.replace(&format!("\"{form}\""), "(value)");
                }
                out
            }
            _ => self.message.clone(),
        };
        escape(&unquoted(&message)).into_owned()
    }
}

/// `A` for 1, `Z` for 26, `AA` for 27: a spreadsheet's names for columns.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        letters.push(b'A' + ((column - 1) % 26) as u8);
        column = (column - 1) / 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// `text` with every double-quoted span on a line replaced by "(value)".
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        let after = &rest[open + 1..];
        match after.find(['"', '\n']) {
            Some(close) if after[close..].starts_with('"') => {
                out.push_str(&rest[..open]);
                out.push_str("(value)");
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Characters that print nothing, or that a terminal or a reader's eye would
/// take for something else: controls (ESC starts terminal commands), the
/// Unicode Default_Ignorable_Code_Point class (zero-width characters,
/// direction marks, Hangul fillers, variation selectors, tags) and blank
/// "letters" such as U+2800.
pub fn is_invisible(c: char) -> bool {
    c.is_control() || is_default_ignorable(c) || matches!(c, '\u{2800}' | '\u{FFFC}')
}

/// Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt,
/// Unicode 15.1; stable since 2008 apart from new unassigned ranges).
/// Written out because the crates that carry it bring megabytes of tables.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A person reads the first screenful of problems and fixes those first; a
/// hostile file must not make a million lines of them.
pub const MAX_SHOWN: usize = 100;

/// Keeps the first [`MAX_SHOWN`] problems and, past them, one that says how
/// many more there are (in the file the others share, if they do). Lists
/// collapsed before (one per file) are counted together, not shown twice.
/// Returns how many were left out.
pub fn collapse(problems: &mut Vec<Problem>) -> usize {
    let mut untold = 0;
    problems.retain(|p| match left_out(p) {
        Some(n) => {
            untold += n;
            false
        }
        None => true,
    });
    untold += problems.len().saturating_sub(MAX_SHOWN);
    if untold > 0 {
        let file = problems.first().and_then(|p| p.file.clone());
        let shared = problems.iter().all(|p| p.file == file);
        problems.truncate(MAX_SHOWN);
        let mut last = Problem::error(0, 0, "", format!("and {untold}{LEFT_OUT}"));
        last.file = file.filter(|_| shared);
        problems.push(last);
    }
    untold
}

const LEFT_OUT: &str = " more problems not shown; fix these first";

/// How many problems a problem made by [`collapse`] stands for.
fn left_out(p: &Problem) -> Option<usize> {
    if p.line != 0 || !p.field.is_empty() {
        return None;
    }
    p.message
        .strip_prefix("and ")?
        .strip_suffix(LEFT_OUT)?
        .parse()
        .ok()
}

/// How much of a name from the input (a key, a column) a message repeats: a
/// hostile key of a million characters must not become a million-character line.
pub const LONGEST_ECHO: usize = 64;

/// The first `n` characters of `text`, and "…" when there were more.
pub fn shorten(text: &str, n: usize) -> Cow<'_, str> {
    match text.char_indices().nth(n) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// `text` with every invisible character written as `\u{...}`, so nothing
/// from the input reaches a terminal as a command or hides in a message.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// "1 error", "2 errors": a count and its noun, in the messages' English.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_commands_and_invisible_letters() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}b"), "a\\u{1B}]0;x\\u{7}b");
        assert_eq!(escape("\u{3164}"), "\\u{3164}");
        assert_eq!(escape("Zoë 王"), "Zoë 王");
    }

    #[test]
    fn redaction_leaves_out_every_quoted_piece_of_the_input() {
        let mut p = Problem::error(
            3,
            0,
            "phone",
            "\"+91 9x\" is not a phone number: \"x\" does not belong in one".into(),
        );
        p.value = Some("+91 9x".into());
        assert_eq!(
            p.redacted(),
            "(value) is not a phone number: (value) does not belong in one"
        );
        let p = Problem::error(1, 1, "created", "\"2020-01-01T10:00:00\" has a time".into());
        assert_eq!(p.redacted(), "(value) has a time");
        let p = Problem::error(1, 1, "name", "a \"dangling quote".into());
        assert_eq!(p.redacted(), "a \"dangling quote");
    }

    #[test]
    fn renders_location_severity_field_and_hint() {
        let p = Problem::warning(3, 7, "account.phone", "odd".into()).with_hint("check it");
        assert_eq!(
            p.render("d.toml"),
            "d.toml:3:7: warning: account.phone: odd; check it"
        );
        let p = Problem::error(4, 0, "", "bad row".into()).in_file("c.csv");
        assert_eq!(p.render("ignored"), "c.csv:4: bad row");
        let p = Problem::error(12, 3, "email", "no @".into()).on_sheet("Sheet1");
        assert_eq!(p.render("c.xlsx"), "c.xlsx:Sheet1!C12: email: no @");
        let p = Problem::error(12, 0, "", "too long".into()).on_sheet("Sheet1");
        assert_eq!(p.render("c.xlsx"), "c.xlsx:Sheet1!12:12: too long");
        assert_eq!(column_letters(16384), "XFD");
        assert_eq!(column_letters(27), "AA");
    }
}
