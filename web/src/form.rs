//! The form and the details file: one from the other, both ways, so a details
//! file saved from the page is the file `mikit init` writes, filled in.

use std::collections::BTreeMap;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use mikit::details::FieldKind;

/// `mikit init`'s file: every field explained, no value filled in.
const DETAILS_TEMPLATE: &str = include_str!("../../templates/details.toml");

/// The details file for the form's values (`{"account.email": "...", ...}`;
/// a list field holds one item per line). Fields not given stay empty.
#[wasm_bindgen]
pub fn details_toml(values: &str) -> Result<String, JsError> {
    let values: BTreeMap<String, String> = serde_json::from_str(values)
        .map_err(|e| JsError::new(&format!("the form's values: {e}")))?;
    let kinds: BTreeMap<String, FieldKind> = crate::schema_fields().collect();
    let mut out = String::with_capacity(DETAILS_TEMPLATE.len() + 1024);
    let mut section = "";
    for line in DETAILS_TEMPLATE.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
        }
        let filled = line.split_once(" = ").and_then(|(key, _)| {
            let path = format!("{section}.{key}");
            let kind = kinds.get(&path)?;
            let value = values.get(&path)?;
            Some(format!("{key} = {}", toml_value(*kind, value)))
        });
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    Ok(out)
}

fn toml_value(kind: FieldKind, value: &str) -> String {
    match kind {
        FieldKind::List => {
            let items: Vec<toml::Value> = value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| toml::Value::String(l.to_string()))
                .collect();
            toml::Value::Array(items).to_string()
        }
        FieldKind::Text | FieldKind::Date => toml::Value::String(value.to_string()).to_string(),
    }
}

/// A shop file for the form's shop box (`{"name": "...", ...}`); empty when
/// every value is, which means no shop.
#[wasm_bindgen]
pub fn shop_toml(values: &str) -> Result<String, JsError> {
    let values: BTreeMap<String, String> = serde_json::from_str(values)
        .map_err(|e| JsError::new(&format!("the shop's values: {e}")))?;
    let table: toml::Table = values
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, toml::Value::String(v)))
        .collect();
    Ok(if table.is_empty() {
        String::new()
    } else {
        table.to_string()
    })
}

#[derive(Serialize, Default)]
struct Loaded {
    /// The form's values, lists one item per line.
    values: BTreeMap<String, String>,
    /// Keys the form has no field for, left out.
    ignored: Vec<String>,
    /// Why the file could not be read, located as `mikit check` does.
    error: Option<String>,
}

/// A details file's values for the form. Problems with the values are left
/// to `check`: the form shows the file as written.
#[wasm_bindgen]
pub fn read_details_file(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let loaded = match text.parse::<toml::Table>() {
        Ok(table) => from_table(&table),
        Err(_) => Loaded {
            error: Some(syntax_error(text)),
            ..Loaded::default()
        },
    };
    serde_json::to_string(&loaded).expect("plain data serialises")
}

/// The library's own message for a file that is not TOML, with its line.
fn syntax_error(text: &str) -> String {
    let far = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    mikit::details::read(text, far)
        .problems
        .iter()
        .find(|p| p.is_error())
        .map(|p| format!("line {}, column {}: {}", p.line, p.column, p.message))
        .unwrap_or_else(|| "this is not a details file".to_string())
}

fn from_table(table: &toml::Table) -> Loaded {
    let kinds: BTreeMap<String, FieldKind> = crate::schema_fields().collect();
    let mut loaded = Loaded::default();
    for (name, value) in table {
        let toml::Value::Table(section) = value else {
            loaded.ignored.push(name.clone());
            continue;
        };
        for (key, value) in section {
            let path = format!("{name}.{key}");
            if !kinds.contains_key(&path) {
                loaded.ignored.push(path);
                continue;
            }
            let text = match value {
                toml::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("\n"),
                other => plain(other),
            };
            loaded.values.insert(path, text);
        }
    }
    loaded
}

/// A value as the owner wrote it: strings without quotes, dates and numbers
/// as TOML shows them.
fn plain(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_template_reads_back() {
        let values = r#"{"owner.name": "Anna \"Ana\" Li", "device.imei": "356938035643809\n\n 356938035643817 ", "device.purchased": "2023-11-04"}"#;
        let text = details_toml(values).unwrap();
        let table: toml::Table = text.parse().unwrap();
        assert_eq!(table["owner"]["name"].as_str(), Some("Anna \"Ana\" Li"));
        assert_eq!(
            table["device"]["imei"].as_array().unwrap().len(),
            2,
            "{text}"
        );
        // The explanations of `mikit init` are kept.
        assert!(text.contains("Dial *#06#"));
        let loaded: serde_json::Value = serde_json::from_str(&read_details_file(&text)).unwrap();
        assert_eq!(
            loaded["values"]["device.imei"],
            "356938035643809\n356938035643817"
        );
        assert_eq!(loaded["values"]["account.email"], "");
    }
}
