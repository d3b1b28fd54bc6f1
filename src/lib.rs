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
pub mod layout;
pub mod output;
pub mod render;
pub mod shop;

use chrono::NaiveDate;

use content::{Context, DocKind, Document};
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

/// Fills the built-in template of `kind` with the owner's details.
pub fn document(kind: DocKind, details: &Details, today: NaiveDate) -> Result<Document> {
    document_for_shop(kind, details, today, None)
}

/// Like `document`, with the shop that prepared it printed on it.
pub fn document_for_shop(
    kind: DocKind,
    details: &Details,
    today: NaiveDate,
    shop: Option<&shop::Shop>,
) -> Result<Document> {
    content::build(
        kind,
        kind.builtin(),
        &Context {
            details,
            today,
            shop,
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
        },
        fonts,
    )
}
