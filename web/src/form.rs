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
    /// Every problem of the file as `mikit check` finds it, at its line.
    problems: Vec<crate::Shown>,
    /// The file has errors the form could not show (a key it has no field
    /// for, such as a misspelt or secret one, or a line that is not TOML):
    /// nothing of it is loaded, as `mikit build` would use nothing of it.
    refused: bool,
}

/// A details file for the form: checked as `mikit check` checks it
/// (mikit::api::check), and its values as written. Errors in values the
/// form shows are left for the owner to fix there; any other error refuses
/// the whole file.
#[wasm_bindgen]
pub fn read_details_file(text: &str, date: &str) -> Result<String, JsError> {
    let today = crate::parse_date(date)?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (_, checked) = crate::checked(text, today);
    let refused = checked
        .problems
        .iter()
        .any(|p| p.severity == "error" && p.input.is_empty());
    let values = match text.parse::<toml::Table>() {
        Ok(table) if !refused => from_table(&table),
        _ => BTreeMap::new(),
    };
    let loaded = Loaded {
        values,
        problems: checked.problems,
        refused,
    };
    Ok(serde_json::to_string(&loaded).expect("plain data serialises"))
}

fn from_table(table: &toml::Table) -> BTreeMap<String, String> {
    let kinds: BTreeMap<String, FieldKind> = crate::schema_fields().collect();
    let mut values = BTreeMap::new();
    for (name, value) in table {
        let toml::Value::Table(section) = value else {
            continue;
        };
        for (key, value) in section {
            let path = format!("{name}.{key}");
            if !kinds.contains_key(&path) {
                continue;
            }
            let text = match value {
                toml::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("\n"),
                other => plain(other),
            };
            values.insert(path, text);
        }
    }
    values
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
        let loaded: serde_json::Value =
            serde_json::from_str(&read_details_file(&text, "2026-01-15").unwrap()).unwrap();
        assert_eq!(
            loaded["values"]["device.imei"],
            "356938035643809\n356938035643817"
        );
        assert_eq!(loaded["values"]["account.email"], "");
        assert_eq!(loaded["refused"], false);
    }

    #[test]
    fn a_misspelt_or_secret_key_refuses_the_file() {
        let text = "[owner]\nnmae = \"Priya\"\npassword = \"hunter2\"\n[account]\nemail = \"x@example.com\"\n";
        let loaded: serde_json::Value =
            serde_json::from_str(&read_details_file(text, "2026-01-15").unwrap()).unwrap();
        assert_eq!(loaded["refused"], true);
        assert_eq!(loaded["values"], serde_json::json!({}));
        let problems = loaded["problems"].as_array().unwrap();
        let said = |needle: &str| {
            problems
                .iter()
                .any(|p| p["message"].as_str().unwrap().contains(needle))
        };
        assert!(said("did you mean name?"), "{problems:?}");
        assert!(said("looks like a password"), "{problems:?}");
        assert!(!said("hunter2"), "the password is echoed: {problems:?}");
        assert_eq!(problems[0]["line"], 2);
    }

    #[test]
    fn a_bad_value_loads_and_is_marked_on_its_field() {
        let text = "[account]\nemail = \"x.example.com\"\n";
        let loaded: serde_json::Value =
            serde_json::from_str(&read_details_file(text, "2026-01-15").unwrap()).unwrap();
        assert_eq!(loaded["refused"], false);
        assert_eq!(loaded["values"]["account.email"], "x.example.com");
        assert_eq!(loaded["problems"][0]["input"], "account.email");
    }
}
