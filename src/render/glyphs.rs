//! Text as glyphs: `TJ` arrays of a run's glyph ids, /ActualText spans,
//! and the ToUnicode entries a document's runs need besides their fonts'.

use std::collections::BTreeMap;

use printpdf::{Codepoint, DictItem, Op, TextItem, TextMatrix};

use super::fonts::{Overlay, PageFonts, Subset};
use crate::fonts::FaceId;
use crate::layout::{Item, Page};
use crate::shape::GlyphRun;
use crate::units::Pt;

/// The text runs of `pages`, in the order they are drawn.
pub(super) fn runs(pages: &[Page]) -> impl Iterator<Item = &GlyphRun> {
    pages.iter().flat_map(|p| &p.items).filter_map(|i| match i {
        Item::Text { run, .. } => Some(&**run),
        _ => None,
    })
}

/// Per face, the glyphs whose text in this document differs from their
/// subset's own: what the document's ToUnicode map must say besides. A
/// font has one entry per glyph: the last text a glyph is drawn with wins.
pub(super) fn overlays(pages: &[Page], fonts: &PageFonts) -> BTreeMap<FaceId, Overlay> {
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

/// Draws shaped glyphs as `TJ` arrays: each glyph is followed by the
/// difference between its width in the font (the PDF's /W) and its shaped
/// advance, so kerning and joined forms sit where the shaper put them. A
/// glyph moved off the pen (a mark above a letter) gets a position of its
/// own. Each glyph carries its ToUnicode text, and clusters that text cannot
/// tell are wrapped in `/ActualText` spans.
pub(super) fn glyph_ops(
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
