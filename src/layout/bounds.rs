//! The promise that nothing is drawn outside the margins, checked on every
//! page before it is drawn: a page that breaks it is an error, never paper
//! with a value printed over the footer or off the edge.

use super::geometry::{PageFrame, Pt};
use super::page::Item;
use super::qr::QrError;
use super::style::{ASCENT, DESCENT};
use crate::fonts::Unprintable;

/// How far a mark may stray over a limit: a stroke's half width.
const TOLERANCE: f32 = 1.0;

/// Why a document cannot be laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutError {
    Unprintable(Unprintable),
    /// An address too long for the QR code printed for it.
    Qr(QrError),
    /// Something would be drawn outside the page's margins.
    Outside {
        page: usize,
        /// The text (shortened) or the kind of mark.
        what: String,
    },
}

impl From<Unprintable> for LayoutError {
    fn from(e: Unprintable) -> Self {
        LayoutError::Unprintable(e)
    }
}

impl From<QrError> for LayoutError {
    fn from(e: QrError) -> Self {
        LayoutError::Qr(e)
    }
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::Unprintable(e) => e.fmt(f),
            LayoutError::Qr(e) => e.fmt(f),
            LayoutError::Outside { page, what } => write!(
                f,
                "page {page}: {what} does not fit inside the page's margins; a block that \
                 cannot be cut between lines (one very long word, a box or a heading taller \
                 than a page) cannot be printed: shorten it"
            ),
        }
    }
}

/// Checks that every mark of a page's body lies inside the margins and above
/// the footer.
pub(crate) fn check_body(
    items: &[Item],
    frame: &PageFrame,
    page: usize,
) -> Result<(), LayoutError> {
    check(items, frame, frame.body_bottom, page)
}

/// Checks that every mark of the footer lies inside the page's margins.
pub(crate) fn check_footer(
    items: &[Item],
    frame: &PageFrame,
    page: usize,
) -> Result<(), LayoutError> {
    check(items, frame, frame.height - frame.margin_bottom(), page)
}

fn check(items: &[Item], frame: &PageFrame, bottom: Pt, page: usize) -> Result<(), LayoutError> {
    let inside = |x0: Pt, y0: Pt, x1: Pt, y1: Pt| {
        x0.0 >= frame.left.0 - TOLERANCE
            && x1.0 <= frame.right.0 + TOLERANCE
            && y0.0 >= frame.top.0 - TOLERANCE
            && y1.0 <= bottom.0 + TOLERANCE
    };
    for item in items {
        let (ok, what) = match item {
            Item::Text {
                x,
                y,
                size,
                run,
                width,
                ..
            } => {
                let ok = inside(*x, *y - *size * ASCENT, *x + *width, *y + *size * DESCENT);
                (ok, quoted(&run.text))
            }
            Item::Line { x1, y1, x2, y2, .. } => (
                inside(x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2)),
                "a rule".to_string(),
            ),
            Item::Rect { x, y, w, h, .. } => {
                (inside(*x, *y, *x + *w, *y + *h), "a box".to_string())
            }
            Item::Link { x, y, w, h, .. } => {
                (inside(*x, *y, *x + *w, *y + *h), "a link".to_string())
            }
        };
        if !ok {
            return Err(LayoutError::Outside { page, what });
        }
    }
    Ok(())
}

/// Text for a message: its first words, control characters escaped.
fn quoted(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!("the text \"{}\"", short.escape_debug())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FaceId;
    use crate::layout::Paper;

    fn text_at(x: f32, y: f32) -> Item {
        Item::Text {
            x: Pt(x),
            y: Pt(y),
            size: Pt(10.0),
            synthetic_bold: false,
            width: Pt(80.0),
            run: std::sync::Arc::new(crate::shape::GlyphRun {
                face: FaceId::Regular,
                text: "+91 91234 56789".into(),
                glyphs: Vec::new(),
                direction: Default::default(),
                units_per_em: 1000,
                extraction: Default::default(),
            }),
        }
    }

    #[test]
    fn marks_outside_the_margins_are_refused() {
        let frame = PageFrame::new(Paper::Letter);
        let inside = text_at(frame.left.0, frame.top.0 + 20.0);
        assert_eq!(check_body(&[inside], &frame, 1), Ok(()));
        for outside in [
            text_at(frame.left.0, frame.body_bottom.0 + 5.0),
            text_at(frame.left.0, frame.height.0 + 40.0),
            text_at(frame.right.0 - 20.0, frame.top.0 + 20.0),
            text_at(frame.left.0 - 20.0, frame.top.0 + 20.0),
            text_at(frame.left.0, frame.top.0),
        ] {
            let err = check_body(&[outside], &frame, 3).unwrap_err();
            assert!(
                err.to_string().starts_with("page 3: the text \"+91"),
                "{err}"
            );
        }
        let rule = Item::Line {
            x1: frame.left,
            y1: frame.body_bottom + Pt(30.0),
            x2: frame.right,
            y2: frame.body_bottom + Pt(30.0),
            width: Pt(0.5),
        };
        assert!(check_body(&[rule], &frame, 1).is_err());
    }
}
