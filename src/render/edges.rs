//! The marks drawn where a run meets text of the other direction on a line
//! of a right-to-left page (why each: `layout::edges`).

use printpdf::{Codepoint, Op, TextItem, TextMatrix};

use super::aliases::{Alias, Aliases};
use super::glyphs::{Pen, fresh_text_object};
use crate::fonts::Face;
use crate::shape::GlyphRun;

/// The space and the marks `run.edges` asks for. A mark is the face's
/// space drawn as an alias of no width that reads U+200E or U+200F: the
/// fonts' own glyphs for the marks are visible, where they have one.
pub(super) fn edge_ops(ops: &mut Vec<Op>, pen: &Pen<'_>, aliases: &mut Aliases) {
    let (x, baseline) = pen.origin;
    let draw = |ops: &mut Vec<Op>, cid: u16, at: f32| {
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(printpdf::Pt(x + at), printpdf::Pt(baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint {
                gid: cid,
                offset: 0.0,
                cid: None,
            }])],
        });
    };
    let Some(space) = edge_glyph(pen.run, pen.face).map(|g| pen.subset.glyph(g)) else {
        return;
    };
    let edges = &pen.run.edges;
    if edges.space_after {
        fresh_text_object(ops);
        draw(ops, space, pen.run.advance() as f32 * pen.scale);
    }
    let mut mark = |c: char| {
        let alias = Alias {
            glyph: space,
            width: 0,
            text: c.into(),
        };
        aliases.cid(pen.subset, alias)
    };
    if edges.ltr_mark {
        draw(ops, mark('\u{200E}'), pen.run.advance() as f32 * pen.scale);
    }
    if let Some(at) = edges.rtl_mark_at {
        draw(ops, mark('\u{200F}'), at);
        // The mark is right to left to MuPDF too: the spaces that start the
        // right-to-left run after must not take its direction. (A
        // left-to-right run after starts a text object of its own where
        // it needs one.)
        if !pen.run.direction.is_rtl() {
            fresh_text_object(ops);
        }
    }
}

/// The glyph of `face` that `run.edges` draws with, its space; none where
/// it draws nothing (or the face has no space).
pub(super) fn edge_glyph(run: &GlyphRun, face: &Face) -> Option<u16> {
    let edges = &run.edges;
    (edges.space_after || edges.ltr_mark || edges.rtl_mark_at.is_some())
        .then(|| face.glyph(' '))
        .flatten()
}
