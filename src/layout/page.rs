//! A laid-out page: positioned text, lines and boxes, nothing else.

use std::sync::Arc;

use super::geometry::Pt;
use crate::shape::GlyphRun;

/// One mark on a page. `y` grows down from the top edge; text `y` is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Glyphs of one face from (x, y), with the text they came from.
    Text {
        x: Pt,
        y: Pt,
        size: Pt,
        /// The advance of the whole run.
        width: Pt,
        /// Bold wanted but the face has no bold: drawn with a thin outline.
        synthetic_bold: bool,
        run: Arc<GlyphRun>,
    },
    Line {
        x1: Pt,
        y1: Pt,
        x2: Pt,
        y2: Pt,
        width: Pt,
    },
    /// A rectangle with its top-left corner at (x, y): stroked, or filled black.
    Rect {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        stroke: Option<Pt>,
    },
    /// A clickable area opening `url`.
    Link {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        url: String,
    },
}

impl Item {
    /// The item reflected about the vertical line `x = axis / 2`: a page of a
    /// right-to-left document is laid out from its start edge and mirrored
    /// once, so blocks are written once for both directions.
    pub fn mirrored(&mut self, axis: Pt) {
        match self {
            Item::Text { x, width: w, .. } | Item::Rect { x, w, .. } | Item::Link { x, w, .. } => {
                *x = axis - *x - *w
            }
            Item::Line { x1, x2, .. } => {
                *x1 = axis - *x1;
                *x2 = axis - *x2;
            }
        }
    }

    pub(crate) fn shifted(&self, dx: Pt, dy: Pt) -> Item {
        let mut item = self.clone();
        match &mut item {
            Item::Text { x, y, .. } | Item::Rect { x, y, .. } | Item::Link { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
        item
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: Pt,
    pub height: Pt,
    pub items: Vec<Item>,
}
