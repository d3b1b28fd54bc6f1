//! Text as glyphs: `TJ` arrays of a run's glyph ids (/ActualText spans in
//! `spans`, the marks at a change of direction in `edges`), and the
//! ToUnicode entries a document's runs need besides their fonts'.

use std::collections::BTreeMap;

use printpdf::{Codepoint, Op, TextItem, TextMatrix};

use super::aliases::Aliases;
use super::fonts::{Overlay, PageFonts, Subset};
use crate::chars::takes_direction_before;
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

/// Where a run is drawn: what its glyphs' ops need to place them.
pub(super) struct Pen<'a> {
    pub run: &'a GlyphRun,
    pub subset: &'a Subset,
    pub face: &'a crate::fonts::Face,
    /// Points per font unit.
    pub scale: f32,
    /// The run's origin, in points.
    pub origin: (f32, f32),
    /// Pen position before each glyph, in font units.
    pub pens: Vec<i32>,
}

impl Pen<'_> {
    /// Sets the text matrix `dx`, `dy` font units off pen position `pen`.
    pub fn at(&self, pen: i32, dx: i32, dy: i32) -> Op {
        let (x, baseline) = self.origin;
        Op::SetTextMatrix {
            matrix: TextMatrix::Translate(
                printpdf::Pt(x + (pen + dx) as f32 * self.scale),
                printpdf::Pt(baseline + dy as f32 * self.scale),
            ),
        }
    }

    /// Glyph `i` in the subset, followed by `offset` thousandths of an em.
    /// The text it stands for goes into the font's ToUnicode map (see
    /// `overlays`), not through printpdf.
    pub fn codepoint(&self, i: usize, offset: f32) -> Codepoint {
        Codepoint {
            gid: self.subset.glyph(self.run.glyphs[i].id),
            offset,
            cid: None,
        }
    }

    /// Glyph `i`'s width in the font (/W), in font units.
    pub fn width(&self, i: usize) -> i32 {
        i32::from(self.face.glyph_advance(self.run.glyphs[i].id))
    }
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
    origin: (f32, f32),
    aliases: &mut Aliases,
) {
    let upem = f32::from(run.units_per_em);
    let pens: Vec<i32> = run
        .glyphs
        .iter()
        .scan(0, |pen, g| {
            let before = *pen;
            *pen += g.advance;
            Some(before)
        })
        .collect();
    let pen = Pen {
        run,
        subset,
        face,
        scale: size.0 / upem,
        origin,
        pens,
    };
    let show = |ops: &mut Vec<Op>, glyphs: &mut Vec<Codepoint>| {
        if !glyphs.is_empty() {
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(std::mem::take(glyphs))],
            });
        }
    };
    let mut pending: Vec<Codepoint> = Vec::new();
    let mut spans = run.actual_text().iter().peekable();
    ops.push(pen.at(0, 0, 0));
    let mut i = 0;
    while i < run.glyphs.len() {
        // MuPDF takes the direction of a space, a comma or a mark from the
        // glyph drawn before it; from here on, not from the text before.
        if run.edges.fresh_from == Some(i) {
            let first = match spans.peek().filter(|s| s.glyphs.start == i) {
                Some(span) => super::spans::first_read(&pen, span),
                None => run.glyph_text(i).chars().next(),
            };
            if first.is_none_or(takes_direction_before) {
                show(ops, &mut pending);
                fresh_text_object(ops);
                ops.push(pen.at(pen.pens[i], 0, 0));
            }
        }
        if let Some(span) = spans.next_if(|s| s.glyphs.start == i) {
            show(ops, &mut pending);
            super::spans::span_ops(ops, &pen, span, aliases);
            i = span.glyphs.end.max(i + 1);
            ops.push(pen.at(
                pen.pens.get(i).copied().unwrap_or_else(|| run.advance()),
                0,
                0,
            ));
            continue;
        }
        let g = run.glyphs[i];
        // The same arithmetic as printpdf's /W entry.
        let width = (pen.width(i) as f32 * 1000.0 / upem) as i64 as f32;
        let advance = g.advance as f32 * 1000.0 / upem;
        if g.y_offset != 0 {
            show(ops, &mut pending);
            ops.push(pen.at(pen.pens[i], g.x_offset, g.y_offset));
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![pen.codepoint(i, 0.0)])],
            });
            ops.push(pen.at(pen.pens[i] + g.advance, 0, 0));
        } else if g.x_offset != 0 {
            // Moved along the line only: a number before the glyph moves it,
            // the one after brings the pen to the shaped advance.
            let dx = g.x_offset as f32 * 1000.0 / upem;
            show(ops, &mut pending);
            let after = ((width - advance + dx) * 100.0).round() / 100.0;
            ops.push(Op::ShowText {
                items: vec![
                    TextItem::Offset(-dx),
                    TextItem::GlyphIds(vec![pen.codepoint(i, after)]),
                ],
            });
        } else {
            pending.push(pen.codepoint(i, ((width - advance) * 100.0).round() / 100.0));
        }
        i += 1;
    }
    show(ops, &mut pending);
    super::edges::edge_ops(ops, &pen, aliases);
}

/// Ends the text object and begins another, where MuPDF starts guessing
/// each glyph's direction afresh; the font and its size carry over.
pub(super) fn fresh_text_object(ops: &mut Vec<Op>) {
    ops.push(Op::EndTextSection);
    ops.push(Op::StartTextSection);
}
