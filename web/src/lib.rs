//! mikit in the browser: the CLI's library behind a few functions the page
//! calls. Everything happens in the page; nothing is sent anywhere.
//!
//! Answers that are more than bytes come back as JSON text, parsed once on
//! the JavaScript side.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use mikit::content::{DocKind, Lang, TemplateSet};
use mikit::details::{Field, FieldKind, Problem, SCHEMA, Severity};
use mikit::layout::Paper;

// What the page calls to hand fonts over is wasm32 only; natively the module
// is built for its tests.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod fonts;
mod form;

#[cfg(target_arch = "wasm32")]
pub use fonts::{fonts_needed, provide_font};
pub use form::{details_toml, read_details_file, shop_toml};

/// The words of `mikit check` about a missing value: what it costs.
const CHECK_TEMPLATE: &str = include_str!("../../templates/check.toml");

/// One problem, tied to the form field it is about.
#[derive(Serialize)]
struct Shown {
    /// `account.email`, `device.imei` (a list's item points at the list), or
    /// `shop.email`; empty when it is about the whole file.
    field: String,
    message: String,
    severity: &'static str,
    line: usize,
    column: usize,
}

impl Shown {
    fn from_problem(p: &Problem) -> Shown {
        Shown {
            field: form_field(&p.field),
            message: p.message.clone(),
            severity: match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            line: p.line,
            column: p.column,
        }
    }
}

/// The form field a problem's field names: `device.imei[2]` is the IMEI list.
fn form_field(field: &str) -> String {
    let end = field.find('[').unwrap_or(field.len());
    field[..end].to_string()
}

#[derive(Serialize)]
struct Missing {
    field: String,
    cost: String,
}

#[derive(Serialize)]
struct Checked {
    problems: Vec<Shown>,
    /// Values left out and what that costs, as `mikit check` lists them.
    missing: Vec<Missing>,
    set: usize,
    total: usize,
    errors: usize,
    warnings: usize,
}

/// The date the documents are made on, as `--date` takes it.
fn parse_date(text: &str) -> Result<NaiveDate, JsError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        JsError::new(&format!(
            "date printed: \"{}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15",
            text.trim()
        ))
    })
}

fn costs() -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct CheckTemplate {
        missing: BTreeMap<String, String>,
    }
    toml::from_str::<CheckTemplate>(CHECK_TEMPLATE)
        .map(|t| t.missing)
        .unwrap_or_default()
}

/// `mikit check` on a details file's text: every problem with the same
/// rules and messages, and what each missing value costs.
#[wasm_bindgen]
pub fn check(details: &str, date: &str) -> Result<String, JsError> {
    let today = parse_date(date)?;
    let parsed = mikit::details::read(details, today);
    let problems: Vec<Shown> = parsed.problems.iter().map(Shown::from_problem).collect();
    // As in `mikit check`: a field with an error is neither set nor missing,
    // and the language is a preference, not a fact the recovery needs.
    let broken: Vec<&str> = parsed.errors().map(|p| p.field.as_str()).collect();
    let fields: Vec<Field> = SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(_, f)| *f))
        .filter(|f| *f != Field::Language)
        .collect();
    let set = fields
        .iter()
        .filter(|f| parsed.details.value(**f).is_some())
        .count();
    let costs = costs();
    let missing = fields
        .iter()
        .filter(|f| parsed.details.value(**f).is_none())
        .map(|f| f.path())
        .filter(|path| !broken.contains(&path.as_str()))
        .map(|path| Missing {
            cost: costs.get(&path).cloned().unwrap_or_default(),
            field: path,
        })
        .collect();
    let checked = Checked {
        errors: parsed.errors().count(),
        warnings: parsed.warnings().count(),
        problems,
        missing,
        set,
        total: fields.len(),
    };
    Ok(serde_json::to_string(&checked).expect("plain data serialises"))
}

/// A shop file's problems, each tied to its `shop.<key>` field.
#[wasm_bindgen]
pub fn check_shop(shop: &str) -> String {
    let problems = match shop_problems(shop) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    };
    serde_json::to_string(&problems).expect("plain data serialises")
}

/// The shop, or its problems. Empty text is no shop at all.
fn shop_problems(shop: &str) -> Result<Option<mikit::shop::Shop>, Vec<Shown>> {
    if shop.trim().is_empty() {
        return Ok(None);
    }
    mikit::shop::parse(shop).map(Some).map_err(|problems| {
        problems
            .iter()
            .map(|p| {
                let mut shown = Shown::from_problem(p);
                // The shop's keys sit under `shop.` in the form.
                if !shown.field.is_empty() {
                    shown.field = format!("shop.{}", shown.field);
                }
                shown
            })
            .collect::<Vec<_>>()
    })
}

/// The two PDFs of a kit, and what the page shows about them.
#[wasm_bindgen]
pub struct Kit {
    kit: Vec<u8>,
    prep: Vec<u8>,
    paper: &'static str,
}

#[wasm_bindgen]
impl Kit {
    /// recovery-kit.pdf
    #[wasm_bindgen(getter)]
    pub fn kit(&self) -> Vec<u8> {
        self.kit.clone()
    }

    /// id-verification-prep.pdf
    #[wasm_bindgen(getter)]
    pub fn prep(&self) -> Vec<u8> {
        self.prep.clone()
    }

    /// `a4` or `letter`: the paper asked for, else the region's.
    #[wasm_bindgen(getter)]
    pub fn paper(&self) -> String {
        self.paper.to_string()
    }
}

/// `mikit build` on a details file's text: the recovery kit and the prep
/// sheet, byte for byte what the CLI makes from the same file and `--date`.
/// `lang` and `paper` are `--lang` and `--paper` (empty for the default);
/// `shop` is a shop file's text, empty for none.
#[wasm_bindgen]
pub fn make(
    details: &str,
    lang: &str,
    paper: &str,
    date: &str,
    shop: &str,
) -> Result<Kit, JsError> {
    let today = parse_date(date)?;
    let parsed = mikit::details::read(details, today);
    if !parsed.is_valid() {
        let lines: Vec<String> = parsed
            .errors()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        return Err(JsError::new(&lines.join("\n")));
    }
    let lang = match lang.trim() {
        "" => Lang::En,
        code => Lang::parse(code).map_err(|e| JsError::new(&format!("language: {e}")))?,
    };
    let paper = match paper.trim() {
        "" => None,
        "a4" => Some(Paper::A4),
        "letter" => Some(Paper::Letter),
        other => {
            return Err(JsError::new(&format!(
                "paper: \"{other}\" is not a paper size; choose a4 or letter"
            )));
        }
    };
    let shop = shop_problems(shop).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        JsError::new(&lines.join("\n"))
    })?;
    let settings = mikit::Settings {
        templates: TemplateSet::builtin(),
        lang,
        shop: shop.as_ref(),
    };
    let details = parsed.details;
    let paper = mikit::paper_for(&details, paper);
    let mut pdfs = DocKind::ALL.iter().map(|&kind| {
        mikit::document_with(kind, &details, today, &settings)
            .and_then(|doc| mikit::pdf(&doc, paper, today))
            .map_err(|e| JsError::new(&e.message))
    });
    let (Some(kit), Some(prep)) = (pdfs.next(), pdfs.next()) else {
        unreachable!("DocKind::ALL is the kit and the prep sheet");
    };
    Ok(Kit {
        kit: kit?,
        prep: prep?,
        paper: paper.name(),
    })
}

/// The language a details file asks for, else the page's.
fn effective_lang(details: &str, lang: &str) -> Lang {
    // A date far ahead: only the language matters here, not date bounds.
    let far = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");
    mikit::details::read(details, far)
        .details
        .language
        .or_else(|| Lang::parse(lang).ok())
        .unwrap_or_default()
}

/// Every text field of the form, in the details file's order, with its kind.
fn schema_fields() -> impl Iterator<Item = (String, FieldKind)> {
    SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|(_, f)| (f.path(), f.kind())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop_problem(text: &str) -> Shown {
        let Err(problems) = shop_problems(text) else {
            panic!("no problem in {text:?}");
        };
        assert_eq!(problems.len(), 1, "{text}");
        problems.into_iter().next().unwrap()
    }

    #[test]
    fn shop_problems_point_at_their_key() {
        let p = shop_problem("name = \"Phones & Co\"\n\nemail = \"x\"\n");
        assert_eq!(p.field, "shop.email");
        assert!(p.message.contains("\"x\""), "{}", p.message);
        assert_eq!(p.line, 3);
        let p = shop_problem("name = ");
        assert_eq!(p.field, "");
    }

    #[test]
    fn list_items_point_at_their_list() {
        assert_eq!(form_field("device.imei[2]"), "device.imei");
        assert_eq!(form_field("account.email"), "account.email");
    }
}
