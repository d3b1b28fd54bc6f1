//! Complex-script text: bidi order, script fonts, shaping, break opportunities
//! and the text a PDF reader should extract.
//!
//! Pure functions over a string and font bytes; no layout or PDF types, so
//! layout can measure with it and render can draw with it (see docs/shaping.md).
//!
//! A paragraph goes: [`Paragraph::new`] (bidi levels, break opportunities) ->
//! [`Paragraph::wrap`] (lines, measured by shaped advances) -> [`Paragraph::line`]
//! (runs in visual order, shaped) -> [`text_plan::plan_runs`] (ToUnicode text per
//! glyph and the clusters that need /ActualText).

mod bidi;
mod breaks;
mod font;
mod itemize;
mod paragraph;
mod run;
pub mod text_plan;

pub use bidi::{Direction, isolate};
pub use breaks::{Break, break_opportunities, grapheme_boundaries, needs_dictionary};
pub use font::{Font, FontSet};
pub use itemize::{Item, itemize};
pub use paragraph::{Paragraph, ShapedLine};
pub use run::{Cluster, Glyph, ShapedRun, shape_face, shape_run};

/// Characters that steer or join but print nothing of their own: bidi
/// controls, joiners, the soft hyphen, variation selectors.
pub fn is_format_control(c: char) -> bool {
    bidi::is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}'
        )
}

use std::fmt;

/// What can go wrong turning text into glyphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    /// The bytes given as a font are not an OpenType/TrueType font.
    BadFont,
    /// No font of the set has a glyph for this character; `at` is its byte offset.
    NoFont { ch: char, at: usize },
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::BadFont => f.write_str("the font data is not a TrueType/OpenType font"),
            ShapeError::NoFont { ch, at } => write!(
                f,
                "no bundled font can print {:?} (U+{:04X}) at byte {at}",
                ch, *ch as u32
            ),
        }
    }
}

impl std::error::Error for ShapeError {}
