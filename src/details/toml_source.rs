//! Walking a TOML details table: keys to fields, spans to lines and columns.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::collect::{Collector, Location};
use super::rules;
use super::schema::{Field, FieldKind, SCHEMA, Section};

/// 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> Location {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Location { line, column }
}

/// Feeds the `[owner]`, `[account]` and `[device]` sections of `root` to `out`.
pub fn details(text: &str, root: &DeTable<'_>, out: &mut Collector) {
    let at = |offset: usize| position(text, offset);
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
            DeValue::Table(table) => self::section(text, section, table, out),
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

fn section(text: &str, section: &Section, table: &DeTable<'_>, out: &mut Collector) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let path = format!("{}.{name}", section.name);
        let Some(&(_, field)) = section.fields.iter().find(|(k, _)| *k == name) else {
            let message = rules::unknown_key(name, Some(section));
            out.error(position(text, key.span().start), &path, message, None);
            continue;
        };
        self::field(text, field, &path, value, out);
    }
}

fn field(text: &str, field: Field, path: &str, value: &Spanned<DeValue<'_>>, out: &mut Collector) {
    let at = position(text, value.span().start);
    match field.kind() {
        FieldKind::Text => {
            if let Some(s) = string(path, value, at, out) {
                out.text(field, path, &s, at);
            }
        }
        FieldKind::List => {
            let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => vec![value],
            };
            for item in items {
                let item_at = position(text, item.span().start);
                if let Some(s) = string(path, item, item_at, out) {
                    out.item(field, path, &s, item_at);
                }
            }
        }
        FieldKind::Date => match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
                out.date(field, path, &dt.to_string(), at);
            }
            DeValue::Datetime(dt) => {
                let message = format!("{dt} has a time of day; {}", super::date::ACCEPTED_FORMS);
                out.error(at, path, message, None);
            }
            _ => {
                if let Some(s) = string(path, value, at, out) {
                    out.date(field, path, &s, at);
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
