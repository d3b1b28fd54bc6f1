//! Pages -> PDF bytes, through printpdf, reproducibly.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use flate2::Compression;
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{FontId, PdfDocument, PdfSaveOptions};

use super::aliases::{self, Alias, Aliases};
use super::fonts::PageFonts;
use super::fonts::{Overlay, Subset, subsets};
use super::glyphs::{overlays, runs};
use super::page::page_ops;
use super::trailer;
use crate::error::{Error, Result};
use crate::fonts::{FaceId, Fonts};
use crate::layout::Page;

/// What the PDF says about itself: the document, never its owner.
pub struct Meta<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    /// BCP 47 tag of the document's language, e.g. `pt-BR`.
    pub lang: &'a str,
    pub date: NaiveDate,
    /// Characters worth keeping in every font subset (see `fonts::subsets`).
    pub alphabet: &'a BTreeSet<char>,
}

/// The PDF as objects, before serialisation: what a merged PDF is made from.
pub fn build(pages: &[Page], meta: &Meta<'_>, fonts: &Fonts) -> Result<lopdf::Document> {
    let mut glyphs: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for run in runs(pages) {
        // A glyph the face lacks would print as an empty box: refuse.
        if let Some(g) = run.glyphs.iter().find(|g| g.id == 0) {
            let c = run.text[g.cluster..].chars().next().unwrap_or(' ');
            return Err(Error::internal(format!(
                "\"{}\" was laid out in {}, which has no glyph for {c:?} (U+{:04X})",
                run.text.escape_debug(),
                fonts.face(run.face).postscript_name,
                c as u32
            )));
        }
        let edge = super::edges::edge_glyph(run, fonts.face(run.face));
        glyphs
            .entry(run.face)
            .or_default()
            .extend(run.glyphs.iter().map(|g| g.id).chain(edge));
    }
    let mut doc = PdfDocument::new(meta.title);
    let subsets = subsets(&glyphs, meta.alphabet, fonts)?;
    // Fixed resource names: printpdf's own come from a process-wide counter.
    // The fonts are not given to printpdf: it would rebuild their widths,
    // ToUnicode maps and descriptors for every document (and copy each
    // parsed face); `put_fonts` adds the objects made once per run instead,
    // and text goes to printpdf as the subsets' glyph ids, which it writes
    // as given.
    let font_ids: BTreeMap<FaceId, (FontId, Arc<Subset>)> = subsets
        .iter()
        .enumerate()
        .map(|(i, s)| (s.face, (FontId(format!("F{}", i + 1)), s.clone())))
        .collect();
    let mut aliases = Aliases::default();
    let pdf_pages = pages
        .iter()
        .map(|p| page_ops(p, &font_ids, fonts, &mut aliases))
        .collect();
    doc.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut warnings);
    trailer::set_info(
        &mut lo,
        trailer::info(meta.title, Some(meta.subject), meta.date),
    );
    set_catalog(&mut lo, meta)?;
    put_fonts(&mut lo, &overlays(pages, &font_ids), &aliases, &font_ids)?;
    compress_streams(&mut lo)?;
    Ok(lo)
}

/// Serialises a built PDF, its trailer /ID a digest of its content.
pub(crate) fn to_bytes(mut lo: lopdf::Document) -> Result<Vec<u8>> {
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(trailer::ID_PLACEHOLDER.into(), StringFormat::Literal),
            Object::String(trailer::ID_PLACEHOLDER.into(), StringFormat::Literal),
        ]),
    );
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::internal(format!("cannot serialise the PDF: {e}")))?;
    trailer::stamp_id(&mut bytes);
    Ok(bytes)
}

/// Adds each subset's font objects (Type0, CIDFont, descriptor, widths,
/// ToUnicode and the font program compressed once per run) to the font
/// resources printpdf left empty, under the names the pages use.
fn put_fonts(
    lo: &mut lopdf::Document,
    overlays: &BTreeMap<FaceId, Overlay>,
    aliases: &Aliases,
    fonts: &PageFonts,
) -> Result<()> {
    let fail = |what: &str| Error::internal(format!("cannot add the fonts: {what}"));
    let resources = lo
        .get_pages()
        .values()
        .next()
        .and_then(|&page| lo.get_dictionary(page).ok())
        .and_then(|page| page.get(b"Resources").and_then(Object::as_reference).ok())
        .and_then(|r| lo.get_dictionary(r).ok())
        .and_then(|r| r.get(b"Font").and_then(Object::as_reference).ok())
        .ok_or_else(|| fail("the pages have no font resources"))?;
    let mut entries = Vec::new();
    for (face, (id, subset)) in fonts {
        let aliases = aliases.of(*face);
        let mut overlay = overlays.get(face).cloned().unwrap_or_default();
        overlay.extend(aliases::texts(subset, aliases));
        let to_unicode = super::fonts::to_unicode(subset, overlay)?;
        entries.push((id.0.clone(), font_objects(lo, subset, aliases, &to_unicode)));
    }
    let dict = lo
        .get_dictionary_mut(resources)
        .map_err(|e| fail(&e.to_string()))?;
    for (name, font) in entries {
        dict.set(name, Object::Reference(font));
    }
    Ok(())
}

/// One subset's objects, as printpdf writes an embedded TrueType face
/// (serialize.rs, `add_subset_font_to_pdf`); returns the Type0 font's id.
fn font_objects(
    lo: &mut lopdf::Document,
    subset: &Subset,
    aliases: &[Alias],
    to_unicode: &[u8],
) -> lopdf::ObjectId {
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let flate = || ("Filter", name("FlateDecode"));
    let mut program = Dictionary::from_iter(vec![flate()]);
    program.set("Length1", Object::Integer(subset.program_len as i64));
    let program = lo.add_object(lopdf::Stream::new(program, subset.deflated.clone()));
    let mut descriptor = subset.descriptor.clone();
    descriptor.set("FontFile2", Object::Reference(program));
    let descriptor = lo.add_object(descriptor);
    let cmap = lo.add_object(lopdf::Stream::new(
        Dictionary::from_iter(vec![flate()]),
        to_unicode.to_vec(),
    ));
    let cid_to_gid = aliases::cid_to_gid_map(lo, subset, aliases);
    let cid_font = Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("BaseFont", name(&subset.name)),
        ("Subtype", name("CIDFontType2")),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("W", Object::Array(aliases::widths(subset, aliases))),
        ("DW", Object::Integer(1000)),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("CIDToGIDMap", cid_to_gid),
    ]);
    lo.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&subset.name)),
        ("Encoding", name("Identity-H")),
        ("ToUnicode", Object::Reference(cmap)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
    ]))
}

/// Deflates the streams still raw (page contents, ToUnicode maps) at the
/// fastest level: text-drawing operators compress well at any level, and
/// lopdf's own pass uses the slowest.
fn compress_streams(lo: &mut lopdf::Document) -> Result<()> {
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
            && stream.allows_compression
        {
            let deflated = deflate_fast(&stream.content)?;
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(deflated);
        }
    }
    Ok(())
}

/// zlib at the fastest level, with one compressor per thread: a fresh one
/// allocates and zeroes ~300 KB of tables, more work than a page's stream.
/// A reset compressor writes the same bytes as a fresh one.
fn deflate_fast(data: &[u8]) -> Result<Vec<u8>> {
    use flate2::{Compress, FlushCompress, Status};
    thread_local! {
        static FAST: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), true));
    }
    let fail =
        |e: &dyn std::fmt::Display| Error::internal(format!("cannot compress a PDF stream: {e}"));
    FAST.with_borrow_mut(|c| {
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let read = usize::try_from(c.total_in()).map_err(|e| fail(&e))?;
            match c
                .compress_vec(&data[read..], &mut out, FlushCompress::Finish)
                .map_err(|e| fail(&e))?
            {
                Status::StreamEnd => return Ok(out),
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

/// The catalog declares the language (screen readers, hyphenation, search)
/// and asks viewers to show the title rather than the file name.
fn set_catalog(lo: &mut lopdf::Document, meta: &Meta<'_>) -> Result<()> {
    let catalog = lo
        .catalog_mut()
        .map_err(|e| Error::internal(format!("the PDF has no catalog: {e}")))?;
    catalog.set(
        "Lang",
        Object::String(meta.lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}
