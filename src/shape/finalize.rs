//! Phase 4, finalize: a line's atoms become fragments in visual order, each
//! one face's glyphs with the text they came from. A shaped paragraph's line
//! is ordered by UAX #9 (per line) and each piece shaped again in its own
//! direction; any other line is its characters' own glyphs, in order.

use std::sync::Arc;

use unicode_bidi::ParagraphBidiInfo;

use super::bidi::Direction;
use super::collect::Atom;
use super::glyphs::{Extraction, Glyph, GlyphRun};
use super::prepare::{Prepared, ShapedText};
use super::shaper::shape;
use crate::fonts::Fonts;
use crate::units::Pt;

/// A piece of a line. `x` is measured from the line's start edge: the left
/// for left-to-right text, the right (as the page is mirrored at the end)
/// for right-to-left.
#[derive(Debug, Clone, PartialEq)]
pub enum Frag {
    /// A write-in blank: a line to write on.
    Blank { x: Pt, width: Pt },
    Text {
        x: Pt,
        width: Pt,
        /// Bold wanted but the face has no bold: drawn with a thin outline.
        synthetic_bold: bool,
        run: Arc<GlyphRun>,
    },
}

impl Frag {
    pub fn x(&self) -> Pt {
        match self {
            Frag::Blank { x, .. } | Frag::Text { x, .. } => *x,
        }
    }

    pub fn width(&self) -> Pt {
        match self {
            Frag::Blank { width, .. } | Frag::Text { width, .. } => *width,
        }
    }

    /// The text it prints; empty for a blank.
    pub fn text(&self) -> &str {
        match self {
            Frag::Blank { .. } => "",
            Frag::Text { run, .. } => &run.text,
        }
    }

    fn set_x(&mut self, to: Pt) {
        match self {
            Frag::Blank { x, .. } | Frag::Text { x, .. } => *x = to,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub frags: Vec<Frag>,
    pub width: Pt,
}

/// Every line of a prepared paragraph, as fragments.
pub(super) fn lines(lines: Vec<Vec<Atom>>, para: &Prepared, fonts: &Fonts) -> Vec<Line> {
    let bidi = para.shaped.as_ref().map(|s| {
        (
            s,
            ParagraphBidiInfo::new(&s.text, Some(s.direction.level())),
        )
    });
    lines
        .into_iter()
        .map(|atoms| match &bidi {
            None => plain(atoms, fonts),
            Some((shaped, bidi)) => shaped_line(atoms, shaped, bidi, fonts),
        })
        .collect()
}

/// Atoms of one style that print as one fragment.
fn same_piece(a: &Atom, b: &Atom) -> bool {
    !a.blank && !b.blank && a.face == b.face && a.synthetic_bold == b.synthetic_bold
}

fn trim_end(atoms: &mut Vec<Atom>) {
    while atoms.last().is_some_and(|a| a.ch.is_whitespace()) {
        atoms.pop();
    }
}

/// A line of text that needed no shaping: left to right, each character
/// its face's own glyph at its own advance.
fn plain(mut atoms: Vec<Atom>, fonts: &Fonts) -> Line {
    trim_end(&mut atoms);
    let mut line = Line::default();
    let mut x = Pt(0.0);
    for piece in atoms.chunk_by(same_piece) {
        let head = piece[0];
        if head.blank {
            line.frags.push(Frag::Blank {
                x,
                width: head.width,
            });
            x += head.width;
            continue;
        }
        let face = fonts.face(head.face);
        let mut text = String::with_capacity(piece.len());
        let mut glyphs = Vec::with_capacity(piece.len());
        let start = x;
        let mut width = Pt(0.0);
        for atom in piece {
            let id = face.glyph(atom.ch).unwrap_or(0);
            glyphs.push(Glyph {
                id,
                advance: i32::from(face.glyph_advance(id)),
                x_offset: 0,
                y_offset: 0,
                cluster: text.len(),
            });
            text.push(atom.ch);
            // Summed atom by atom, as they were measured.
            width += atom.width;
            x += atom.width;
        }
        line.frags.push(Frag::Text {
            x: start,
            width,
            synthetic_bold: head.synthetic_bold,
            run: Arc::new(GlyphRun {
                face: head.face,
                text,
                glyphs,
                direction: Direction::Ltr,
                units_per_em: face.units_per_em,
                extraction: Extraction::OneToOne,
                edges: Default::default(),
            }),
        });
    }
    line.width = x;
    line
}

/// A shaped line: its pieces in visual order (UAX #9 per line), each piece
/// one face at one embedding level, shaped again with the paragraph around
/// it as context so letters join across a change of weight.
fn shaped_line(
    mut atoms: Vec<Atom>,
    shaped: &ShapedText,
    bidi: &ParagraphBidiInfo<'_>,
    fonts: &Fonts,
) -> Line {
    trim_end(&mut atoms);
    let (Some(first), Some(last)) = (atoms.first(), atoms.last()) else {
        return Line::default();
    };
    let text = &shaped.text;
    let range = first.at..last.at + last.ch.len_utf8();
    let (levels, runs) = bidi.visual_runs(range);
    let mut line = Line::default();
    let mut x = Pt(0.0);
    for run in runs {
        let direction = Direction::of_level(levels[run.start]);
        let lo = atoms.partition_point(|a| a.at < run.start);
        let hi = atoms.partition_point(|a| a.at < run.end);
        let mut pieces: Vec<&[Atom]> = atoms[lo..hi].chunk_by(same_piece).collect();
        if direction.is_rtl() {
            pieces.reverse();
        }
        for piece in pieces {
            let head = piece[0];
            if head.blank {
                line.frags.push(Frag::Blank {
                    x,
                    width: head.width,
                });
                x += head.width;
                continue;
            }
            let end = piece[piece.len() - 1].at + piece[piece.len() - 1].ch.len_utf8();
            let mut glyphs = shape(text, head.at..end, head.face, direction, fonts);
            if glyphs.glyphs.is_empty() {
                continue;
            }
            // Offsets from here on point into the piece's own text.
            for g in &mut glyphs.glyphs {
                g.cluster -= head.at;
            }
            let run = GlyphRun {
                face: head.face,
                text: text[head.at..end].to_string(),
                glyphs: glyphs.glyphs,
                direction,
                units_per_em: glyphs.units_per_em,
                extraction: Extraction::Shaped(Default::default()),
                edges: Default::default(),
            };
            let width = run.width(shaped.size * head.face.optical_scale());
            line.frags.push(Frag::Text {
                x,
                width,
                synthetic_bold: head.synthetic_bold,
                run: Arc::new(run),
            });
            x += width;
        }
    }
    line.width = x;
    if shaped.direction.is_rtl() {
        // Measured from the right edge: the page is mirrored at the end.
        for frag in &mut line.frags {
            let mirrored = line.width - frag.x() - frag.width();
            frag.set_x(mirrored);
        }
    }
    line
}
