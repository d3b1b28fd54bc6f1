//! Paper and the frame of a page: where the body, the margins and the footer go.

pub use crate::units::{Mm, Pt};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn size(self) -> (Pt, Pt) {
        match self {
            Paper::A4 => (Mm(210.0).into(), Mm(297.0).into()),
            Paper::Letter => (Pt(612.0), Pt(792.0)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

const MARGIN_BOTTOM_MM: f32 = 15.0;

/// Where things may go on a page. Coordinates grow down from the top edge.
#[derive(Debug, Clone, Copy)]
pub struct PageFrame {
    pub width: Pt,
    pub height: Pt,
    pub left: Pt,
    pub right: Pt,
    pub top: Pt,
    /// The lowest y the body may reach; the footer lives below it.
    pub body_bottom: Pt,
    /// Baseline of the footer line.
    pub footer_baseline: Pt,
}

impl PageFrame {
    pub fn new(paper: Paper) -> PageFrame {
        let (width, height) = paper.size();
        let margin_x: Pt = Mm(18.0).into();
        let margin_top: Pt = Mm(16.0).into();
        let margin_bottom: Pt = Mm(MARGIN_BOTTOM_MM).into();
        // The footer's descenders (g, p, y) must stay above the 15 mm margin too.
        let footer_baseline = height - margin_bottom - Pt(3.0);
        PageFrame {
            width,
            height,
            left: margin_x,
            right: width - margin_x,
            top: margin_top,
            body_bottom: footer_baseline - Pt(22.0),
            footer_baseline,
        }
    }

    pub fn content_width(&self) -> Pt {
        self.right - self.left
    }

    /// The blank strip at the bottom of the page, below the footer.
    pub(crate) fn margin_bottom(&self) -> Pt {
        Mm(MARGIN_BOTTOM_MM).into()
    }

    pub fn body_height(&self) -> Pt {
        self.body_bottom - self.top
    }
}
