//! Pages -> PDF bytes, through printpdf, reproducibly.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color, ColorArray, DictItem, FontId, Greyscale, Line,
    LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Rect, TextItem, TextMatrix, TextRenderingMode, WindingOrder,
};

use std::sync::Arc;

use flate2::Compression;

use super::fonts::{Overlay, Subset, subsets};
use super::trailer;
use crate::error::{Error, Result};
use crate::fonts::{FaceId, Fonts};
use crate::layout::{Item, Page};
use crate::shape::GlyphRun;
use crate::units::Pt;

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
        glyphs
            .entry(run.face)
            .or_default()
            .extend(run.glyphs.iter().map(|g| g.id));
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
    let pdf_pages = pages
        .iter()
        .map(|p| page_ops(p, &font_ids, fonts))
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
    put_fonts(&mut lo, &overlays(pages, &font_ids), &font_ids)?;
    compress_streams(&mut lo)?;
    Ok(lo)
}

/// Serialises a built PDF, its trailer /ID a digest of its content.
pub fn to_bytes(mut lo: lopdf::Document) -> Result<Vec<u8>> {
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
        let overlay = overlays.get(face).cloned().unwrap_or_default();
        let to_unicode = super::fonts::to_unicode(subset, overlay)?;
        entries.push((id.0.clone(), font_objects(lo, subset, &to_unicode)));
    }
    let dict = lo
        .get_dictionary_mut(resources)
        .map_err(|e| fail(&e.to_string()))?;
    for (name, font) in entries {
        dict.set(name, Object::Reference(font));
    }
    Ok(())
}

/// The text runs of `pages`, in the order they are drawn.
fn runs(pages: &[Page]) -> impl Iterator<Item = &GlyphRun> {
    pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
        Item::Text { run, .. } => Some(&**run),
        _ => None,
    })
}

/// Per face, the glyphs whose text in this document differs from their
/// subset's own: what the document's ToUnicode map must say besides. A
/// font has one entry per glyph: the last text a glyph is drawn with wins.
fn overlays(pages: &[Page], fonts: &PageFonts) -> BTreeMap<FaceId, Overlay> {
    let mut last: BTreeMap<FaceId, Vec<Option<&str>>> = BTreeMap::new();
    for run in runs(pages) {
        let subset = &fonts[&run.face].1;
        let seen = last
            .entry(run.face)
            .or_insert_with(|| vec![None; subset.gids.len()]);
        for (i, g) in run.glyphs.iter().enumerate() {
            if let Some(slot) = seen.get_mut(usize::from(subset.glyph(g.id))) {
                *slot = Some(run.glyph_text(i));
            }
        }
    }
    last.into_iter()
        .map(|(face, seen)| {
            let subset = &fonts[&face].1;
            let overlay = seen
                .iter()
                .enumerate()
                .filter_map(|(gid, text)| {
                    let text = (*text)?;
                    let own = subset.text[gid];
                    let mut chars = text.chars();
                    let same = own.is_some() && chars.next() == own && chars.next().is_none();
                    (!same).then(|| (gid as u16, text.to_string()))
                })
                .collect();
            (face, overlay)
        })
        .collect()
}

/// One subset's objects, as printpdf writes an embedded TrueType face
/// (serialize.rs, `add_subset_font_to_pdf`); returns the Type0 font's id.
fn font_objects(lo: &mut lopdf::Document, subset: &Subset, to_unicode: &[u8]) -> lopdf::ObjectId {
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
        ("W", Object::Array(subset.widths.clone())),
        ("DW", Object::Integer(1000)),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("CIDToGIDMap", name("Identity")),
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

fn black() -> Color {
    Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    })
}

/// A page's font resources: the resource name and the subset it draws from.
type PageFonts = BTreeMap<FaceId, (FontId, Arc<Subset>)>;

fn page_ops(page: &Page, font_ids: &PageFonts, fonts: &Fonts) -> PdfPage {
    let h = page.height;
    // PDF's y grows upwards from the bottom edge; the layout's grows down from the top.
    let flip = |y: Pt| printpdf::Pt(h.0 - y.0);
    let pt = |v: Pt| printpdf::Pt(v.0);
    let mut ops = vec![
        Op::SetFillColor { col: black() },
        Op::SetOutlineColor { col: black() },
    ];
    let mut line_width = -1.0f32;
    let mut set_width = |ops: &mut Vec<Op>, w: Pt| {
        if (w.0 - line_width).abs() > f32::EPSILON {
            ops.push(Op::SetOutlineThickness { pt: pt(w) });
            line_width = w.0;
        }
    };
    // Lines and boxes first, then all text in one text object that sets a
    // font only when it changes: nothing overlaps, and the page stream is
    // a fraction of the size.
    for item in &page.items {
        match item {
            Item::Text { .. } => {}
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                set_width(&mut ops, *width);
                let p = |x: Pt, y: Pt| LinePoint {
                    p: Point {
                        x: pt(x),
                        y: flip(y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![p(*x1, *y1), p(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h: rh,
                stroke,
            } => {
                if let Some(sw) = stroke {
                    set_width(&mut ops, *sw);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: flip(*y + *rh),
                        width: pt(*w),
                        height: pt(*rh),
                        mode: Some(if stroke.is_some() {
                            PaintMode::Stroke
                        } else {
                            PaintMode::Fill
                        }),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
            Item::Link {
                x,
                y,
                w,
                h: lh,
                url,
            } => {
                let rect = Rect {
                    x: pt(*x),
                    y: flip(*y + *lh),
                    width: pt(*w),
                    height: pt(*lh),
                    mode: None,
                    winding_order: None,
                };
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        Actions::Uri(url.clone()),
                        // No border: printpdf's default is a 1 pt cyan frame.
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        None,
                    ),
                });
            }
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(FaceId, f32)> = None;
    let mut outlined = false;
    for item in &page.items {
        let Item::Text {
            x,
            y,
            size,
            synthetic_bold,
            run,
            ..
        } = item
        else {
            continue;
        };
        let face = run.face;
        let (font_id, subset) = &font_ids[&face];
        if font != Some((face, size.0)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id.clone()),
                size: pt(*size),
            });
            font = Some((face, size.0));
        }
        if *synthetic_bold != outlined {
            if *synthetic_bold {
                set_width(&mut ops, *size * 0.03);
            }
            let mode = if *synthetic_bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            };
            ops.push(Op::SetTextRenderingMode { mode });
            outlined = *synthetic_bold;
        }
        glyph_ops(
            &mut ops,
            run,
            (subset, fonts.face(face)),
            *size,
            (x.0, h.0 - y.0),
        );
    }
    ops.push(Op::EndTextSection);
    let bounds = Rect::from_wh(pt(page.width), pt(page.height));
    PdfPage {
        media_box: bounds.clone(),
        trim_box: bounds.clone(),
        crop_box: bounds,
        ops,
    }
}

/// Draws shaped glyphs as `TJ` arrays: each glyph is followed by the
/// difference between its width in the font (the PDF's /W) and its shaped
/// advance, so kerning and joined forms sit where the shaper put them. A
/// glyph moved off the pen (a mark above a letter) gets a position of its
/// own. Each glyph carries its ToUnicode text, and clusters that text cannot
/// tell are wrapped in `/ActualText` spans.
fn glyph_ops(
    ops: &mut Vec<Op>,
    run: &GlyphRun,
    (subset, face): (&Subset, &crate::fonts::Face),
    size: Pt,
    (x, baseline): (f32, f32),
) {
    let upem = f32::from(run.units_per_em);
    let scale = size.0 / upem;
    let at = |pen: i32, dx: i32, dy: i32| Op::SetTextMatrix {
        matrix: TextMatrix::Translate(
            printpdf::Pt(x + (pen + dx) as f32 * scale),
            printpdf::Pt(baseline + dy as f32 * scale),
        ),
    };
    let show = |ops: &mut Vec<Op>, glyphs: &mut Vec<Codepoint>| {
        if !glyphs.is_empty() {
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(std::mem::take(glyphs))],
            });
        }
    };
    // The text each glyph stands for goes into the font's ToUnicode map
    // (see `overlays`), not through printpdf.
    let codepoint = |i: usize, offset: f32| Codepoint {
        gid: subset.glyph(run.glyphs[i].id),
        offset,
        cid: None,
    };
    // Pen position before each glyph, in font units.
    let pens: Vec<i32> = run
        .glyphs
        .iter()
        .scan(0, |pen, g| {
            let before = *pen;
            *pen += g.advance;
            Some(before)
        })
        .collect();
    let mut pending: Vec<Codepoint> = Vec::new();
    let mut spans = run.actual_text().iter().peekable();
    ops.push(at(0, 0, 0));
    let mut i = 0;
    while i < run.glyphs.len() {
        if let Some(span) = spans.next_if(|s| s.glyphs.start == i) {
            show(ops, &mut pending);
            ops.push(actual_text(&span.text));
            span_ops(
                ops,
                run,
                span.glyphs.clone(),
                &pens,
                face,
                scale,
                &at,
                &codepoint,
            );
            ops.push(Op::EndMarkedContent);
            i = span.glyphs.end.max(i + 1);
            ops.push(at(
                pens.get(i).copied().unwrap_or_else(|| run.advance()),
                0,
                0,
            ));
            continue;
        }
        let g = run.glyphs[i];
        // The same arithmetic as printpdf's /W entry.
        let width = (f32::from(face.glyph_advance(g.id)) * 1000.0 / upem) as i64 as f32;
        let advance = g.advance as f32 * 1000.0 / upem;
        if g.y_offset != 0 {
            show(ops, &mut pending);
            ops.push(at(pens[i], g.x_offset, g.y_offset));
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![codepoint(i, 0.0)])],
            });
            ops.push(at(pens[i] + g.advance, 0, 0));
        } else if g.x_offset != 0 {
            // Moved along the line only: a number before the glyph moves it,
            // the one after brings the pen to the shaped advance.
            let dx = g.x_offset as f32 * 1000.0 / upem;
            show(ops, &mut pending);
            let after = ((width - advance + dx) * 100.0).round() / 100.0;
            ops.push(Op::ShowText {
                items: vec![
                    TextItem::Offset(-dx),
                    TextItem::GlyphIds(vec![codepoint(i, after)]),
                ],
            });
        } else {
            pending.push(codepoint(i, ((width - advance) * 100.0).round() / 100.0));
        }
        i += 1;
    }
    show(ops, &mut pending);
}

/// The glyphs of an /ActualText span, each at its place. Readers take the
/// span's box from where its first glyph starts to where its last one ends,
/// and read a gap on either side as a space; so the glyphs go from the
/// leftmost start, and the last one is stretched by character spacing to
/// the cluster's right edge (a mark over its letter ends mid-letter).
#[allow(clippy::too_many_arguments)]
fn span_ops(
    ops: &mut Vec<Op>,
    run: &GlyphRun,
    glyphs: std::ops::Range<usize>,
    pens: &[i32],
    face: &crate::fonts::Face,
    scale: f32,
    at: &dyn Fn(i32, i32, i32) -> Op,
    codepoint: &dyn Fn(usize, f32) -> Codepoint,
) {
    let start = |j: usize| pens[j] + run.glyphs[j].x_offset;
    let end = |j: usize| start(j) + i32::from(face.glyph_advance(run.glyphs[j].id));
    let mut order: Vec<usize> = glyphs.clone().collect();
    order.sort_by_key(|&j| start(j));
    let right = glyphs
        .clone()
        .map(|j| end(j).max(pens[j] + run.glyphs[j].advance))
        .max()
        .unwrap_or(0);
    for (k, &j) in order.iter().enumerate() {
        let g = run.glyphs[j];
        ops.push(at(pens[j], g.x_offset, g.y_offset));
        let short = right - end(j);
        let stretch = k + 1 == order.len() && short > 0;
        if stretch {
            ops.push(Op::SetCharacterSpacing {
                multiplier: short as f32 * scale,
            });
        }
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![codepoint(j, 0.0)])],
        });
        if stretch {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
    }
}

/// `/Span << /ActualText <FEFF...> >> BDC`: the text a reader should take
/// for the glyphs up to the matching EMC.
fn actual_text(text: &str) -> Op {
    let mut data = vec![0xFE, 0xFF];
    data.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut map = BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        DictItem::String {
            data,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict { map },
    }
}
