//! File names for a batch: the customer's line number by default, so no name,
//! email or phone number ends up in a file name unless the shop asks for it.

use std::collections::HashSet;

use crate::details::Field;
use crate::error::{Error, Result, Setting};

pub struct Namer {
    pattern: Option<Vec<Piece>>,
    width: usize,
    used: HashSet<String>,
}

enum Piece {
    Text(String),
    Value(Field),
    Line,
}

impl Namer {
    /// `pattern` names the files, e.g. `{invoice}` or `kit-{line}`; `last_line` sets
    /// the zero-padding so names sort in file order.
    pub fn new(pattern: Option<&str>, last_line: usize) -> Result<Namer> {
        let pattern = pattern.map(parse).transpose()?;
        let width = last_line.to_string().len().max(4);
        Ok(Namer {
            pattern,
            width,
            used: HashSet::new(),
        })
    }

    /// The stem for the customer on `line`: unique within the run. `value`
    /// gives the customer's value of a field, as written.
    pub fn stem(&mut self, line: usize, value: impl Fn(Field) -> Option<String>) -> String {
        let number = format!("{line:0width$}", width = self.width);
        let wanted = match &self.pattern {
            None => number.clone(),
            Some(pieces) => {
                let raw: String = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.clone(),
                        Piece::Line => number.clone(),
                        Piece::Value(f) => value(*f).unwrap_or_default(),
                    })
                    .collect();
                let clean = sanitise(&raw);
                if clean.is_empty() {
                    number.clone()
                } else {
                    clean
                }
            }
        };
        if self.pattern.is_none() {
            // Line numbers are unique: nothing to remember.
            return wanted;
        }
        // Compared without case: on FAT and exFAT (USB sticks) "A" is "a".
        let mut stem = wanted.clone();
        let mut n = 2;
        while !self.used.insert(stem.to_lowercase()) {
            stem = format!("{wanted}-{n}");
            n += 1;
        }
        stem
    }
}

fn parse(pattern: &str) -> Result<Vec<Piece>> {
    // The command line names the setting before the message.
    let about = || Setting::FileNames(pattern.to_string());
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| Error::usage("a \"{\" is not closed").about(about()))?;
        let name = &rest[open + 1..open + close];
        let piece = if name == "line" {
            Piece::Line
        } else {
            let field = super::source::columns()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| f)
                .or_else(|| Field::from_path(name))
                .ok_or_else(|| {
                    let known: Vec<&str> = super::source::columns().map(|(n, _)| n).collect();
                    let name: String = name.chars().flat_map(char::escape_debug).collect();
                    Error::usage(format!(
                        "{{{name}}} is not a column; use {{line}} or one of {}",
                        known.join(", ")
                    ))
                    .about(about())
                })?;
            Piece::Value(field)
        };
        pieces.push(piece);
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

/// Letters, digits, dot, dash and underscore; anything else becomes one "_".
/// Non-ASCII letters are kept out too: not every file system or USB stick
/// a shop uses handles them. A name never starts with "-" (a command would
/// read it as an option) or ".", and never is a name Windows reserves.
fn sanitise(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out: String = out
        .trim_start_matches(['_', '.', '-'])
        .chars()
        .take(80)
        .collect();
    let out = out.trim_end_matches(['_', '.']).to_string();
    // Windows reads "CON.x-recovery-kit.pdf" as the device CON: the part
    // before the first dot must not be a device name.
    let Some((base, _)) = out.split_once('.') else {
        return out;
    };
    let upper = base.to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        format!("{base}_{}", &out[base.len()..])
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_line_numbers() {
        let mut n = Namer::new(None, 120).unwrap();
        assert_eq!(n.stem(7, |_| None), "0007");
        let mut n = Namer::new(None, 123_456).unwrap();
        assert_eq!(n.stem(7, |_| None), "000007");
    }

    #[test]
    fn names_from_a_column_are_sanitised_and_unique() {
        let mut n = Namer::new(Some("{invoice}"), 10).unwrap();
        let invoice = |f: Field| (f == Field::Invoice).then(|| "SM/23 118842".to_string());
        assert_eq!(n.stem(2, invoice), "SM_23_118842");
        assert_eq!(n.stem(3, invoice), "SM_23_118842-2");
        assert_eq!(n.stem(4, |_| None), "0004");
        assert!(Namer::new(Some("{invoce}"), 10).is_err());
    }

    #[test]
    fn names_never_start_with_a_dash_nor_differ_only_in_case() {
        let mut n = Namer::new(Some("{invoice}"), 10).unwrap();
        let of = |v: &'static str| move |f: Field| (f == Field::Invoice).then(|| v.to_string());
        assert_eq!(n.stem(2, of("--force")), "force");
        assert_eq!(n.stem(3, of("-rf")), "rf");
        assert_eq!(n.stem(4, of("-")), "0004");
        assert_eq!(n.stem(5, of("Force")), "Force-2");
        assert_eq!(n.stem(6, of("FORCE")), "FORCE-3");
        assert_eq!(n.stem(7, of("force-2")), "force-2-2");
        assert_eq!(n.stem(8, of("con.x")), "con_.x");
        assert_eq!(n.stem(9, of("LPT1.x")), "LPT1_.x");
        assert_eq!(n.stem(10, of("console")), "console");
    }
}
