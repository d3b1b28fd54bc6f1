//! The pipeline as a library call: details and templates in, a Document,
//! then PDF bytes out. What every command of the CLI runs.

use chrono::NaiveDate;

use crate::content::{Context, DocKind, Document, Lang, TemplateSet};
use crate::details::Details;
use crate::error::{Error, Result};
use crate::fonts::Fonts;
use crate::layout::{self, Paper};

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
    pub shop: Option<&'a crate::shop::Shop>,
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

/// Starts loading what the documents will need (the bundled Latin faces,
/// the built-in templates of `lang`) on a second thread, so that it overlaps
/// reading the owner's details, whose phone numbers load their own data.
/// Whoever needs them first waits for the one load; nothing is loaded twice.
#[cfg(not(target_arch = "wasm32"))]
pub fn warm_up(fonts: bool, lang: Option<Lang>) {
    std::thread::spawn(move || {
        if let Some(lang) = lang {
            for kind in DocKind::ALL {
                TemplateSet::builtin().get(lang, kind);
            }
        }
        if fonts {
            // The faces of every document; a script's own faces are parsed
            // when its text first asks for them.
            let fonts = Fonts::bundled();
            fonts.face(crate::fonts::FaceId::Regular);
            fonts.face(crate::fonts::FaceId::Bold);
        }
    });
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
    crate::content::build(
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
    pdf_objects(doc, paper, today)?.to_bytes()
}

/// Lays out and renders a document as PDF objects, not yet serialised.
pub fn pdf_objects(
    doc: &Document,
    paper: Paper,
    today: NaiveDate,
) -> Result<crate::render::Objects> {
    let fonts = Fonts::bundled();
    let pages =
        layout::layout(doc, paper, fonts).map_err(|e| Error::data(format!("{}: {e}", doc.stem)))?;
    crate::render::build(
        &pages,
        &crate::render::Meta {
            title: &doc.title,
            subject: &doc.subject,
            lang: doc.lang.code(),
            date: today,
            alphabet: &doc.alphabet,
        },
        fonts,
    )
}
