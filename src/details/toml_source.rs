//! Walking a TOML details table: keys to fields, spans to lines and columns.

use std::cell::{Cell, RefCell};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::collect::{Collector, Location};
use super::rules;
use super::schema::{Field, FieldKind, SCHEMA, Section};
use crate::problem::Problem;

/// Where each line of a text starts, so that a byte offset's line is a
/// binary search and its column a count from the line's start: finding every
/// value of a file is linear in its size, not quadratic.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Starts,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        LineIndex {
            text,
            starts: Starts::new(text),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> Location {
        self.starts.position(self.text, offset)
    }
}

struct Starts {
    starts: Vec<usize>,
    /// The last line, offset and column asked for: values come in file
    /// order, so a long line (a 100k-item array) is counted once, not once
    /// per item.
    last: Cell<(usize, usize, usize)>,
}

impl Starts {
    fn new(text: &str) -> Starts {
        let breaks = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1);
        Starts {
            starts: std::iter::once(0).chain(breaks).collect(),
            last: Cell::new((0, 0, 0)),
        }
    }

    fn position(&self, text: &str, offset: usize) -> Location {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let (last_line, last_offset, last_column) = self.last.get();
        let column = if last_line == line && last_offset <= offset {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[start..offset].chars().count() + 1
        };
        self.last.set((line, offset, column));
        Location { line, column }
    }
}

/// The problem a file that cannot be read as TOML (or into the shape
/// expected) has: where the parser stopped, its words on one line after
/// `lead`. Details files, templates and shop files all report it this way.
pub fn toml_problem(lines: &LineIndex<'_>, error: &toml::de::Error, lead: &str) -> Problem {
    let at = lines.position(error.span().map(|s| s.start).unwrap_or(0));
    let words = error.message().trim().replace('\n', " ");
    Problem::error(at.line, at.column, "", format!("{lead}{words}"))
}

/// [`toml_problem`] for an error in the part of the text from `start` on,
/// parsed on its own.
pub fn toml_problem_at(
    lines: &LineIndex<'_>,
    start: usize,
    error: &toml::de::Error,
    lead: &str,
) -> Problem {
    let at = lines.position(start + error.span().map(|s| s.start).unwrap_or(0));
    let words = error.message().trim().replace('\n', " ");
    Problem::error(at.line, at.column, "", format!("{lead}{words}"))
}

/// What a TOML syntax error's words follow.
pub const NOT_TOML: &str = "this is not valid TOML: ";

/// 1-based line and column (in characters) of a byte offset in `text`.
///
/// Callers asking about many offsets should hold a [`LineIndex`]. This one
/// keeps the index of the last text it was asked about, so that a loop over
/// one file (a customer list) stays linear too; a copy of that text makes
/// sure the index is only reused for the same words at the same address.
pub fn position(text: &str, offset: usize) -> Location {
    thread_local! {
        static LAST: RefCell<Option<(usize, String, Starts)>> = const { RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        let same = last.as_ref().is_some_and(|(ptr, copy, _)| {
            *ptr == text.as_ptr() as usize && same_text(copy, text, offset)
        });
        if !same {
            *last = Some((text.as_ptr() as usize, text.to_owned(), Starts::new(text)));
        }
        let (_, _, starts) = last.as_ref().expect("just set");
        starts.position(text, offset)
    })
}

/// Whether `text` is still the `copy` the index was made from, checked where
/// a mistake would show: the length, the line asked about and a sample of
/// the rest (a whole comparison per call would make a loop quadratic again).
fn same_text(copy: &str, text: &str, offset: usize) -> bool {
    if copy.len() != text.len() {
        return false;
    }
    let (a, b) = (copy.as_bytes(), text.as_bytes());
    let around = offset.saturating_sub(256)..(offset + 256).min(a.len());
    let step = (a.len() / 64).max(1);
    a[around.clone()] == b[around] && (0..a.len()).step_by(step).all(|i| a[i] == b[i])
}
/// Feeds the `[owner]`, `[account]` and `[device]` sections of `root` to `out`.
pub fn details(text: &str, root: &DeTable<'_>, out: &mut Collector) {
    details_at(&|offset| position(text, offset), root, out);
}

/// [`details`], with positions from an index the caller holds.
pub fn details_indexed(lines: &LineIndex<'_>, root: &DeTable<'_>, out: &mut Collector) {
    details_at(&|offset| lines.position(offset), root, out);
}

/// [`details_indexed`] for a table parsed from the part of the text that
/// starts at byte `start`.
pub fn details_offset(
    lines: &LineIndex<'_>,
    start: usize,
    root: &DeTable<'_>,
    out: &mut Collector,
) {
    details_at(&|offset| lines.position(start + offset), root, out);
}

/// Where a byte offset of the source is.
type At<'a> = &'a dyn Fn(usize) -> Location;

fn details_at(at: At<'_>, root: &DeTable<'_>, out: &mut Collector) {
    for (key, value) in root.iter() {
        let name = key.get_ref().as_ref();
        let Some(section) = SCHEMA.iter().find(|s| s.name == name) else {
            out.error(
                at(key.span().start),
                name,
                rules::unknown_key(name, None),
                None,
            );
            continue;
        };
        match value.get_ref() {
            DeValue::Table(table) => self::section(at, section, table, out),
            other => {
                let message = format!(
                    "[{name}] must be a section of keys, not a {}",
                    other.type_str()
                );
                out.error(at(value.span().start), name, message, None);
            }
        }
    }
}

fn section(at: At<'_>, section: &Section, table: &DeTable<'_>, out: &mut Collector) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let path = format!("{}.{name}", section.name);
        let Some(&(_, field)) = section.fields.iter().find(|(k, _)| *k == name) else {
            let message = rules::unknown_key(name, Some(section));
            out.error(at(key.span().start), &path, message, None);
            continue;
        };
        self::field(at, field, &path, value, out);
    }
}

fn field(at: At<'_>, field: Field, path: &str, value: &Spanned<DeValue<'_>>, out: &mut Collector) {
    let here = at(value.span().start);
    match field.kind() {
        FieldKind::Text => {
            if let Some(s) = string(path, value, here, out) {
                out.text(field, path, &s, here);
            }
        }
        FieldKind::List => {
            let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => vec![value],
            };
            // One problem for the whole list, before any item is looked at:
            // a hostile file of 100k items costs one line, not 100k.
            if items.len() > field.max_items() {
                let message = rules::too_many(field, Some(items.len()));
                out.error(here, path, message, None);
                return;
            }
            for item in items {
                let item_at = at(item.span().start);
                if let Some(s) = string(path, item, item_at, out) {
                    out.item(field, path, &s, item_at);
                }
            }
        }
        FieldKind::Date => match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                out.date(field, path, &dt.to_string(), here);
            }
            DeValue::Datetime(dt) => {
                let message = format!(
                    "\"{dt}\" has a time of day; {}",
                    super::date::ACCEPTED_FORMS
                );
                out.error(here, path, message, Some(&dt.to_string()));
            }
            _ => {
                if let Some(s) = string(path, value, here, out) {
                    out.date(field, path, &s, here);
                }
            }
        },
    }
}

/// The string inside a value, or a problem saying what was expected.
fn string(
    path: &str,
    value: &Spanned<DeValue<'_>>,
    at: Location,
    out: &mut Collector,
) -> Option<String> {
    match value.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        // Digits typed without quotes (account IDs, IMEIs) are what the owner meant.
        DeValue::Integer(i) if i.radix() == 10 => Some(i.as_str().to_string()),
        other => {
            let message = format!(
                "expected text in quotes, found a {}; write it as {path} = \"...\"",
                other.type_str()
            );
            out.error(at, path, message, None);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let text = "a = 1\nnäme = \"王\"\n\nlast";
        let lines = LineIndex::new(text);
        let at = |o| {
            let p = lines.position(o);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(4), (1, 5));
        assert_eq!(at(6), (2, 1));
        // After "näme = \"": 8 characters, 9 bytes.
        assert_eq!(at(6 + 9), (2, 9));
        assert_eq!(at(6 + 9 + 3), (2, 10));
        assert_eq!(at(text.len()), (4, 5));
        // Backwards, after the cache moved on.
        assert_eq!(at(2), (1, 3));
        // Inside a character: its start.
        assert_eq!(at(7 + 1), (2, 2));
        assert_eq!(at(usize::MAX), (4, 5));
    }

    #[test]
    fn the_shared_position_is_right_for_each_text_it_is_given() {
        let a = "x\ny\nz".to_string();
        assert_eq!(position(&a, 4).line, 3);
        let b = "xy\nz\n".to_string();
        assert_eq!(position(&b, 4).line, 2);
        // Same address and length, other words: the index is not reused.
        let mut c = a.clone();
        assert_eq!(position(&c, 4).line, 3);
        c.replace_range(.., "xyz\n\n");
        assert_eq!(position(&c, 4).line, 2);
        assert_eq!(position(&c, 5).line, 3);
    }
}
