//! The shop that prepared a kit: printed on it so the customer knows where
//! to ask for help.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::details::toml_source::LineIndex;
use crate::details::{self, Field, Location, toml_source};
use crate::error::{Error, ExitCode, Result};
use crate::problem::Problem;
use crate::text_file::{Unread, read_bounded};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shop {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShopField {
    Name,
    Address,
    Phone,
    Email,
    Note,
}

const KEYS: [(&str, ShopField); 5] = [
    ("name", ShopField::Name),
    ("address", ShopField::Address),
    ("phone", ShopField::Phone),
    ("email", ShopField::Email),
    ("note", ShopField::Note),
];

impl ShopField {
    pub fn from_key(key: &str) -> Option<ShopField> {
        KEYS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f)
    }
}

impl Shop {
    pub fn value(&self, field: ShopField) -> Option<String> {
        match field {
            ShopField::Name => Some(self.name.clone()),
            ShopField::Address => self.address.clone(),
            ShopField::Phone => self.phone.clone(),
            ShopField::Email => self.email.clone(),
            ShopField::Note => self.note.clone(),
        }
    }

    /// Reads and checks a shop file; every problem is reported at once.
    pub fn load(path: &Path) -> Result<Shop> {
        let origin = path.display().to_string();
        let text = read_bounded(path, MAX_SHOP_BYTES).map_err(|unread| match unread {
            Unread::Missing => Error::no_input(format!("{origin}: no such shop file")),
            _ => unread.error(&origin),
        })?;
        parse(&text).map_err(|problems| {
            let problems: Vec<Problem> = problems.into_iter().map(|p| p.in_file(&origin)).collect();
            let summary = format!(
                "{} in the shop file {origin}",
                crate::problem::count(problems.len(), "problem")
            );
            Error::problems(ExitCode::DataErr, problems, summary).nothing_written()
        })
    }
}

/// A shop file is five short lines.
pub const MAX_SHOP_BYTES: u64 = 64 * 1024;

/// Parses a shop file: `name` (required), `address`, `phone`, `email` and
/// `note`, as top-level keys or inside a `[shop]` table. Every problem at its
/// line and column.
pub fn parse(text: &str) -> std::result::Result<Shop, Vec<Problem>> {
    let lines = LineIndex::new(text);
    let root = DeTable::parse(text)
        .map_err(|e| vec![toml_source::toml_problem(&lines, &e, toml_source::NOT_TOML)])?;
    let mut shop = Shop::default();
    let mut problems = Vec::new();
    let mut name_seen = false;
    let keys = match shop_table(&lines, root.get_ref()) {
        Ok(keys) => keys,
        Err(problem) => return Err(vec![*problem]),
    };
    for (key, value) in keys.iter() {
        let name = key.get_ref().as_ref();
        let at = lines.position(value.span().start);
        let report = |problems: &mut Vec<Problem>, at: Location, message: String| {
            problems.push(Problem::error(at.line, at.column, name, message));
        };
        let Some(field) = ShopField::from_key(name) else {
            let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            let at = lines.position(key.span().start);
            report(
                &mut problems,
                at,
                format!("unknown key; a shop file has {}", known.join(", ")),
            );
            continue;
        };
        let DeValue::String(raw) = value.get_ref() else {
            report(&mut problems, at, "expected text in quotes".to_string());
            continue;
        };
        // The same checks a customer's values get.
        let as_detail = match field {
            ShopField::Email => Field::Email,
            _ => Field::Store,
        };
        let clean = match details::check_text(as_detail, raw) {
            Ok(v) => v,
            Err(message) => {
                report(&mut problems, at, message);
                continue;
            }
        };
        let clean = match (field, clean) {
            (ShopField::Phone, Some(p)) => match details::check_phone(&p) {
                Ok(p) => Some(p),
                Err(message) => {
                    report(&mut problems, at, message);
                    continue;
                }
            },
            (_, v) => v,
        };
        match field {
            ShopField::Name => {
                name_seen = clean.is_some();
                shop.name = clean.unwrap_or_default();
            }
            ShopField::Address => shop.address = clean,
            ShopField::Phone => shop.phone = clean,
            ShopField::Email => shop.email = clean,
            ShopField::Note => shop.note = clean,
        }
    }
    if !name_seen && problems.is_empty() {
        problems.push(Problem::error(
            1,
            1,
            "name",
            "missing; the shop's name is what the kit prints, e.g. name = \"Sangeetha Mobiles\""
                .into(),
        ));
    }
    if problems.is_empty() {
        Ok(shop)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// The table that holds the shop's keys: a `[shop]` table when the file has
/// one (people write it like a details file's sections), else the file itself.
fn shop_table<'a>(
    lines: &LineIndex,
    root: &'a DeTable<'a>,
) -> std::result::Result<&'a DeTable<'a>, Box<Problem>> {
    let Some((key, value)) = root.iter().find(|(k, _)| k.get_ref().as_ref() == "shop") else {
        return Ok(root);
    };
    let at = lines.position(key.span().start);
    match value.get_ref() {
        DeValue::Table(table) if root.len() == 1 => Ok(table),
        DeValue::Table(_) => Err(Box::new(Problem::error(
            at.line,
            at.column,
            "shop",
            "the file has a [shop] table and other keys; put every key inside [shop], or write them all without it".into(),
        ))),
        _ => Err(Box::new(Problem::error(
            at.line,
            at.column,
            "shop",
            "expected a [shop] table holding name, address, phone, email and note".into(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_at_the_top_or_in_a_shop_table_read_the_same() {
        let flat = parse("name = \"Kedai Maju\"\nphone = \"+62 21 5550 1234\"\n").unwrap();
        let table = parse("[shop]\nname = \"Kedai Maju\"\nphone = \"+62 21 5550 1234\"\n").unwrap();
        assert_eq!(flat, table);
        assert_eq!(table.name, "Kedai Maju");
    }

    #[test]
    fn problems_inside_a_shop_table_keep_their_lines() {
        let err = parse("[shop]\nname = \"Kedai Maju\"\nfax = \"1\"\n").unwrap_err();
        assert!(
            err[0].render("s").starts_with("s:3:1: fax: unknown key"),
            "{err:?}"
        );
        let err = parse("[shop]\naddress = \"Jl. Sudirman 1\"\n").unwrap_err();
        assert!(err[0].render("s").contains("name: missing"), "{err:?}");
        let err = parse("note = \"x\"\n[shop]\nname = \"Kedai Maju\"\n").unwrap_err();
        assert!(err[0].render("s").starts_with("s:2:2: shop:"), "{err:?}");
        let err = parse("shop = \"Kedai Maju\"\n").unwrap_err();
        assert!(
            err[0].render("s").contains("expected a [shop] table"),
            "{err:?}"
        );
    }
}
