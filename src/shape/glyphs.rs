//! What the engine hands on: runs of glyphs in one face, in the order they
//! are drawn, each glyph pointing at the text it came from.

use std::ops::Range;

use crate::fonts::FaceId;
use crate::units::Pt;

use super::bidi::Direction;

/// One positioned glyph. Advances and offsets are in font units; `cluster`
/// is the byte offset, in its run's text, where its cluster starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// The face's own glyph id (not a subset's).
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: usize,
}

impl Glyph {
    pub fn advance_at(&self, size: Pt, units_per_em: u16) -> Pt {
        Pt(self.advance as f32 * size.0 / f32::from(units_per_em))
    }
}

/// Glyphs of one face, left to right as drawn (a right-to-left run's come
/// out reversed), with the text they were made from and what a PDF reader
/// should extract from them.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: FaceId,
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub direction: Direction,
    pub units_per_em: u16,
    pub extraction: Extraction,
    /// What readers need drawn where the run meets text of the other
    /// direction on its line; none until the page is placed.
    pub edges: Edges,
}

/// Marks drawn at a run's edges on a line of a right-to-left page, for
/// readers that rebuild a line's order from its glyphs (see `layout::edges`
/// for why each is needed). Offsets are in points from the run's start.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Edges {
    /// The glyph from which MuPDF must guess directions afresh, if it would
    /// take the direction of the glyph drawn before it: a new text object
    /// before it.
    pub fresh_from: Option<usize>,
    /// Draw a left-to-right mark after the run, which ends in a mark.
    pub ltr_mark: bool,
    /// Where to draw a right-to-left mark: between this run and the next
    /// one's first letter or digit.
    pub rtl_mark_at: Option<f32>,
    /// Draw a space after the run, in a text object of its own.
    pub space_after: bool,
}

/// What a reader extracts from a run's glyphs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Extraction {
    /// One glyph per character, each its character's own glyph: text that
    /// needed no shaping reads as it is written.
    #[default]
    OneToOne,
    /// Shaped text: its plan is made for a whole document at once, once its
    /// pages are laid out (see `plan`), as a glyph has one ToUnicode text in
    /// a font; empty until then.
    Shaped(Plan),
}

/// The extraction of a shaped run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// The ToUnicode text of each glyph, in the run's glyph order. The same
    /// glyph id always gets the same text, because a font has one ToUnicode
    /// entry per glyph. Empty means no entry.
    pub texts: Vec<String>,
    /// Glyph ranges to wrap in `/Span << /ActualText (text) >> BDC ... EMC`.
    pub actual_text: Vec<ActualText>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualText {
    pub glyphs: Range<usize>,
    pub text: String,
}

/// The smallest unit text extraction can map: consecutive glyphs (in the
/// run's visual order) made from one piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub glyphs: Range<usize>,
    pub text: Range<usize>,
}

impl GlyphRun {
    /// Total advance in font units.
    pub fn advance(&self) -> i32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    pub fn width(&self, size: Pt) -> Pt {
        Pt(self.advance() as f32 * size.0 / f32::from(self.units_per_em))
    }

    /// The ToUnicode text of glyph `i`.
    pub fn glyph_text(&self, i: usize) -> &str {
        match &self.extraction {
            Extraction::OneToOne => {
                let at = self.glyphs[i].cluster;
                let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
                &self.text[at..at + len]
            }
            Extraction::Shaped(plan) => plan.texts.get(i).map_or("", String::as_str),
        }
    }

    /// The /ActualText spans, in glyph order.
    pub fn actual_text(&self) -> &[ActualText] {
        match &self.extraction {
            Extraction::OneToOne => &[],
            Extraction::Shaped(plan) => &plan.actual_text,
        }
    }

    /// Clusters in visual order. A cluster's text runs from its start to the
    /// next larger cluster start of the run (or the run's end), so together
    /// they cover the run's text exactly once.
    pub fn clusters(&self) -> Vec<Cluster> {
        let mut starts: Vec<usize> = self.glyphs.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |start: usize| {
            let i = starts.partition_point(|&s| s <= start);
            starts.get(i).copied().unwrap_or(self.text.len())
        };
        let mut out: Vec<Cluster> = Vec::new();
        for (i, g) in self.glyphs.iter().enumerate() {
            match out.last_mut() {
                Some(c) if c.text.start == g.cluster => c.glyphs.end = i + 1,
                _ => out.push(Cluster {
                    glyphs: i..i + 1,
                    text: g.cluster..end_of(g.cluster),
                }),
            }
        }
        out
    }
}
