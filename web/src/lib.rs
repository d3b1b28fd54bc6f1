//! mikit in the browser: the CLI's library behind a few functions the page
//! calls. Everything happens in the page; nothing is sent anywhere.
//!
//! Answers that are more than bytes come back as JSON text, parsed once on
//! the JavaScript side.

use chrono::NaiveDate;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use mikit::content::{DocKind, Lang, TemplateSet};
use mikit::details::{FieldKind, Problem, SCHEMA, Severity};
use mikit::layout::Paper;

// What the page calls to hand fonts over is wasm32 only; natively the module
// is built for its tests.
mod batch;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod fonts;
mod form;
mod shop_list;

#[cfg(target_arch = "wasm32")]
pub use fonts::{fonts_needed, provide_font};
pub use form::{details_toml, read_details_file, shop_toml};
pub use shop_list::{ShopDone, ShopRun};

/// One problem, tied to the form field it is about.
#[derive(Serialize)]
struct Shown {
    /// `account.email`, `device.imei[2]`, `owner.nmae` or `shop.email`, as
    /// `mikit check` names it; empty when it is about the whole file.
    field: String,
    /// The form's field it is about (`device.imei[2]` is the IMEI list);
    /// empty for a key the form has no field for.
    input: String,
    message: String,
    severity: &'static str,
    line: usize,
    column: usize,
}

impl Shown {
    fn from_problem(p: &Problem) -> Shown {
        let input = form_field(&p.field);
        Shown {
            input: if is_form_field(&input) {
                input
            } else {
                String::new()
            },
            field: p.field.clone(),
            message: match &p.hint {
                Some(hint) => format!("{}; {hint}", p.message),
                None => p.message.clone(),
            },
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

/// Whether the form has an input for `path` (a details or shop key).
fn is_form_field(path: &str) -> bool {
    schema_fields().any(|(p, _)| p == path)
        || path
            .strip_prefix("shop.")
            .is_some_and(|k| mikit::shop::ShopField::from_key(k).is_some())
}

#[derive(Serialize)]
struct Missing {
    field: String,
    cost: &'static str,
}

#[derive(Serialize)]
struct Checked {
    problems: Vec<Shown>,
    /// Fields with a value, and values left out with what that costs, as
    /// `mikit check` lists them.
    set: Vec<String>,
    missing: Vec<Missing>,
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

fn checked(text: &str, today: NaiveDate) -> (mikit::api::Checked, Checked) {
    let checked = mikit::api::check(text, today);
    let shown = Checked {
        problems: checked
            .parsed
            .problems
            .iter()
            .map(Shown::from_problem)
            .collect(),
        set: checked.set.iter().map(|f| f.path()).collect(),
        missing: checked
            .missing
            .iter()
            .map(|f| Missing {
                field: f.path(),
                cost: mikit::api::cost(*f),
            })
            .collect(),
        total: checked.total(),
        errors: checked.error_count(),
        warnings: checked.warning_count(),
    };
    (checked, shown)
}

/// `mikit check` on a details file's text (mikit::api::check): every
/// problem with the same rules and messages, and what each missing value
/// costs.
#[wasm_bindgen]
pub fn check(details: &str, date: &str) -> Result<String, JsError> {
    let (_, shown) = checked(details, parse_date(date)?);
    Ok(serde_json::to_string(&shown).expect("plain data serialises"))
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
                // The shop's keys sit under `shop.` in the form.
                let mut p = p.clone();
                if !p.field.is_empty() {
                    p.field = format!("shop.{}", p.field);
                }
                Shown::from_problem(&p)
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
    warnings: usize,
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

    /// How many warnings the details had: the kit is made, but they are
    /// worth a look.
    #[wasm_bindgen(getter)]
    pub fn warnings(&self) -> usize {
        self.warnings
    }
}

/// Each problem as `field: message`, one a line: what the page says when
/// it was asked to make a kit from details it should have checked first.
fn problem_lines<'a>(problems: impl Iterator<Item = &'a Problem>) -> JsError {
    let lines: Vec<String> = problems.map(Problem::text).collect();
    JsError::new(&lines.join("\n"))
}

/// `mikit build` on a details file's text: the recovery kit and the prep
/// sheet, byte for byte what the CLI makes from the same file and `--date`
/// (mikit::api::check, then mikit::api::make, as the CLI calls them).
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
    let checked = mikit::api::check(details, today);
    if checked.error_count() > 0 {
        return Err(problem_lines(checked.parsed.errors()));
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
    let made = mikit::api::make(
        &checked.parsed.details,
        &DocKind::ALL,
        today,
        &settings,
        paper,
    )
    .map_err(|e| JsError::new(&e.message))?;
    let mut pdfs = made.pdfs.into_iter().map(|(_, pdf)| pdf);
    let (Some(kit), Some(prep)) = (pdfs.next(), pdfs.next()) else {
        unreachable!("DocKind::ALL is the kit and the prep sheet");
    };
    Ok(Kit {
        kit,
        prep,
        paper: made.paper.name(),
        warnings: checked.warning_count(),
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
