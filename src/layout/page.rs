//! A laid-out page: positioned text, lines and boxes, nothing else.

use super::geometry::Pt;
use crate::fonts::FaceId;

/// One mark on a page. `y` grows down from the top edge; text `y` is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: Pt,
        y: Pt,
        size: Pt,
        face: FaceId,
        text: String,
        /// Bold wanted but the face has no bold: drawn with a thin outline.
        synthetic_bold: bool,
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
    pub fn shifted(&self, dx: Pt, dy: Pt) -> Item {
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
