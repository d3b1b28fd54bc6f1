//! mikit: printable Xiaomi Account recovery kits and ID-verification prep sheets.
//!
//! details file -> `details` -> `content` (Document) -> `layout` (pages) ->
//! `render` (PDF bytes or text) -> `output` (files).

pub mod batch;
pub mod content;
pub mod details;
pub mod error;
pub mod fonts;
pub mod input;
pub mod lang;
pub mod layout;
pub mod output;
pub mod render;
pub mod shape;
pub mod shop;

use chrono::NaiveDate;

use content::{Context, DocKind, Document, Lang, TemplateSet};
use details::Details;
use error::{Error, Result};
use fonts::Fonts;
use layout::Paper;

/// The paper a kit prints on: what the user asked for, else what the account
/// region's offices use.
pub fn paper_for(details: &Details, requested: Option<Paper>) -> Paper {
    requested.unwrap_or_else(|| match details.region {
        Some(r) if r.uses_letter_paper() => Paper::Letter,
        _ => Paper::A4,
    })
}

/// What every document of a run shares: the templates, the language for
/// owners who did not choose one, and the shop that prepares the kits.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    pub templates: &'a TemplateSet,
    pub lang: Lang,
    pub shop: Option<&'a shop::Shop>,
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            templates: TemplateSet::builtin(),
            lang: Lang::En,
            shop: None,
        }
    }
}

/// Fills the built-in English template of `kind` with the owner's details.
pub fn document(kind: DocKind, details: &Details, today: NaiveDate) -> Result<Document> {
    document_with(kind, details, today, &Settings::default())
}

/// Fills the template of `kind` in the owner's language (or the run's).
pub fn document_with(
    kind: DocKind,
    details: &Details,
    today: NaiveDate,
    settings: &Settings<'_>,
) -> Result<Document> {
    let lang = details.language.unwrap_or(settings.lang);
    let template = settings.templates.get(lang, kind);
    content::build(
        kind,
        template,
        &Context {
            details,
            today,
            shop: settings.shop,
        },
    )
}

/// Lays out and renders a document as PDF bytes.
pub fn pdf(doc: &Document, paper: Paper, today: NaiveDate) -> Result<Vec<u8>> {
    render::pdf::to_bytes(pdf_objects(doc, paper, today)?)
}

/// Lays out and renders a document as PDF objects, not yet serialised.
pub fn pdf_objects(doc: &Document, paper: Paper, today: NaiveDate) -> Result<lopdf::Document> {
    let fonts = Fonts::bundled();
    let pages =
        layout::layout(doc, paper, fonts).map_err(|e| Error::data(format!("{}: {e}", doc.stem)))?;
    render::pdf::build(
        &pages,
        &render::pdf::Meta {
            title: &doc.title,
            subject: &doc.subject,
            date: today,
            alphabet: &doc.alphabet,
        },
        fonts,
    )
}
