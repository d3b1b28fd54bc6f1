//! Where a line of text really puts ink: each glyph's outline box, moved by
//! the offsets the shaper gave it. A mark stacked on a mark sits above the
//! text's nominal height, so the fit check measures this rather than
//! trusting the font size.

use super::geometry::Pt;
use crate::fonts::Face;
use crate::shape::{Extraction, Frag, GlyphRun};

/// The box the glyphs' outlines cover, on the page (y grows down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub left: Pt,
    pub top: Pt,
    pub right: Pt,
    pub bottom: Pt,
}

impl Ink {
    fn add(&mut self, other: Ink) {
        self.left = self.left.min(other.left);
        self.top = self.top.min(other.top);
        self.right = self.right.max(other.right);
        self.bottom = self.bottom.max(other.bottom);
    }
}

/// The ink of a run of glyphs drawn in `face` at `size` from (x, baseline),
/// each glyph moved by the offsets the shaper gave it. `None` when nothing
/// inks (spaces only), or when the face has no outlines to read (a browser
/// face not yet provided).
pub fn of_run(face: &Face, size: Pt, (x, baseline): (Pt, Pt), run: &GlyphRun) -> Option<Ink> {
    face.shaper()?;
    let scale = size.0 / f32::from(run.units_per_em.max(1));
    let at = |units: i32| units as f32 * scale;
    let mut ink: Option<Ink> = None;
    let mut pen = 0;
    for g in &run.glyphs {
        if let Some(b) = face.ink_box(g.id) {
            let glyph = Ink {
                left: Pt(x.0 + at(pen + g.x_offset + i32::from(b.x_min))),
                right: Pt(x.0 + at(pen + g.x_offset + i32::from(b.x_max))),
                top: Pt(baseline.0 - at(g.y_offset + i32::from(b.y_max))),
                bottom: Pt(baseline.0 - at(g.y_offset + i32::from(b.y_min))),
            };
            match ink.as_mut() {
                Some(ink) => ink.add(glyph),
                None => ink = Some(glyph),
            }
        }
        pen += g.advance;
    }
    ink
}

/// Whether a run was shaped: only shaped glyphs are moved by offsets and
/// stacked; a run of characters' own glyphs keeps inside its line by the
/// fonts' design.
pub fn is_shaped(run: &GlyphRun) -> bool {
    matches!(run.extraction, Extraction::Shaped(_))
}

/// How far a line's ink may reach above its baseline and below it, in ems:
/// the tallest line box the bundled fonts are designed with (Noto Sans
/// Arabic's ascender and descender). Real text stays inside: an alef with
/// hamza and damma, the tallest, reaches 1.30 em in bold, Thai with a vowel
/// and a tone mark 1.1 em; a stack of marks that climbs past this is drawn
/// through the lines above it, so it is refused.
pub const ABOVE: f32 = 1.374;
pub const BELOW: f32 = 0.738;
/// How far a glyph may reach past either end of its text, in ems: a mark
/// hanging off the last letter, a swash. Real text stays within 0.1 em.
pub const BESIDE: f32 = 0.25;
/// What `value_fits` keeps in hand: a value is shaped alone there, and its
/// letters may take slightly other forms next to a document's words.
const IN_HAND: f32 = 0.05;

/// Which way a value's ink leaves its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    Above,
    Below,
    Beside,
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let way = match self {
            Overflow::Above => "above",
            Overflow::Below => "below",
            Overflow::Beside => "beside",
        };
        write!(
            f,
            "its marks would print {way} its line, over the text around it (too many accents or \
             vowel signs on one letter); retype the value"
        )
    }
}

/// Whether `text`, printed as an owner's value in any document, keeps its
/// ink inside its line, with room to spare: what the fit check demands of
/// every line, asked before a document is made. Only text with marks or in
/// a script that is shaped can leave its line (the other faces' glyphs all
/// lie inside the band), so only that text is shaped here.
pub fn value_fits(text: &str, fonts: &crate::fonts::Fonts) -> Result<(), Overflow> {
    use crate::shape::{Direction, Span, wrap};
    let shaped = text.chars().any(|c| {
        unicode_normalization::char::is_combining_mark(c) || crate::chars::needs_shaping(c)
    });
    if !shaped {
        return Ok(());
    }
    let size = Pt(100.0);
    for direction in [Direction::Ltr, Direction::Rtl] {
        for bold in [false, true] {
            let span = Span {
                text,
                bold,
                blank: false,
                value: true,
            };
            // A character no font has is reported by the caller's own check.
            let Ok(lines) = wrap(&[span], size, Pt(f32::MAX), fonts, direction) else {
                return Ok(());
            };
            for line in &lines {
                // As the fit check: text that is not shaped keeps inside
                // its line by the fonts' design.
                for frag in &line.frags {
                    let Frag::Text { x, width, run, .. } = frag else {
                        continue;
                    };
                    if !is_shaped(run) {
                        continue;
                    }
                    let face = fonts.face(run.face);
                    let size = size * run.face.optical_scale();
                    let Some(ink) = of_run(face, size, (*x, Pt(0.0)), run) else {
                        continue;
                    };
                    let room = |ems: f32| (ems - IN_HAND) * size.0;
                    if -ink.top.0 > room(ABOVE) {
                        return Err(Overflow::Above);
                    }
                    if ink.bottom.0 > room(BELOW) {
                        return Err(Overflow::Below);
                    }
                    let (left, right) = (x.0, x.0 + width.0);
                    if left - ink.left.0 > room(BESIDE) || ink.right.0 - right > room(BESIDE) {
                        return Err(Overflow::Beside);
                    }
                }
            }
        }
    }
    Ok(())
}
