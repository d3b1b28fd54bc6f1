//! The promise that nothing is drawn outside the margins, checked on every
//! page before it is drawn: a page that breaks it is an error, never paper
//! with a value printed over the footer or off the edge.

use super::geometry::{PageFrame, Pt};
use super::ink;
use super::page::Item;
use super::qr::QrError;
use super::style::{ASCENT, DESCENT};
use crate::fonts::{Fonts, Unprintable};

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
    /// A text's glyphs (marks stacked by the shaper) would be drawn outside
    /// its line.
    Ink {
        page: usize,
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
            LayoutError::Ink { page, what } => write!(
                f,
                "page {page}: the marks of {what} would print outside its line, over the text \
                 around it (too many accents or vowel signs on one letter): retype it"
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
    fonts: &Fonts,
) -> Result<(), LayoutError> {
    check(items, frame, frame.body_bottom, page)?;
    check_ink(items, page, fonts)
}

/// Checks that every mark of the footer lies inside the page's margins.
pub(crate) fn check_footer(
    items: &[Item],
    frame: &PageFrame,
    page: usize,
    fonts: &Fonts,
) -> Result<(), LayoutError> {
    check(items, frame, frame.height - frame.margin_bottom(), page)?;
    check_ink(items, page, fonts)
}

/// Checks that the ink of every shaped text stays in its line: within
/// [`ink::ABOVE`] and [`ink::BELOW`] of its baseline and [`ink::BESIDE`] of
/// its ends. Text that is not shaped cannot leave it (no face it is drawn
/// in has a glyph reaching past those bounds), so only shaped text is measured.
fn check_ink(items: &[Item], page: usize, fonts: &Fonts) -> Result<(), LayoutError> {
    for item in items {
        let Item::Text {
            x,
            y,
            size,
            width,
            run,
            ..
        } = item
        else {
            continue;
        };
        if !ink::is_shaped(run) {
            continue;
        }
        let Some(ink) = ink::of_run(fonts.face(run.face), *size, (*x, *y), run) else {
            continue;
        };
        let inside = ink.top.0 >= y.0 - ink::ABOVE * size.0 - TOLERANCE
            && ink.bottom.0 <= y.0 + ink::BELOW * size.0 + TOLERANCE
            && ink.left.0 >= x.0 - ink::BESIDE * size.0 - TOLERANCE
            && ink.right.0 <= x.0 + width.0 + ink::BESIDE * size.0 + TOLERANCE;
        if !inside {
            return Err(LayoutError::Ink {
                page,
                what: quoted(&run.text),
            });
        }
    }
    Ok(())
}

fn check(items: &[Item], frame: &PageFrame, bottom: Pt, page: usize) -> Result<(), LayoutError> {
    let inside = |x0: Pt, y0: Pt, x1: Pt, y1: Pt| {
        x0.0 >= frame.left.0 - TOLERANCE
            && x1.0 <= frame.right.0 + TOLERANCE
            && y0.0 >= frame.top.0 - TOLERANCE
            && y1.0 <= bottom.0 + TOLERANCE
    };
    for item in items {
        let ok = match item {
            Item::Text {
                x,
                y,
                size,
                width,
                run,
                ..
            } => {
                // A face drawn larger (`FaceId::optical_scale`) shares the
                // line box of the text it stands in.
                let line = *size * (1.0 / run.face.optical_scale());
                inside(*x, *y - line * ASCENT, *x + *width, *y + line * DESCENT)
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                inside(x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2))
            }
            Item::Rect { x, y, w, h, .. } | Item::Link { x, y, w, h, .. } => {
                inside(*x, *y, *x + *w, *y + *h)
            }
        };
        if !ok {
            let what = match item {
                Item::Text { run, .. } => quoted(&run.text),
                Item::Line { .. } => "a rule".to_string(),
                Item::Rect { .. } => "a box".to_string(),
                Item::Link { .. } => "a link".to_string(),
            };
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
                edges: Default::default(),
            }),
        }
    }

    #[test]
    fn marks_outside_the_margins_are_refused() {
        let frame = PageFrame::new(Paper::Letter);
        let inside = text_at(frame.left.0, frame.top.0 + 20.0);
        assert_eq!(check_body(&[inside], &frame, 1, Fonts::bundled()), Ok(()));
        for outside in [
            text_at(frame.left.0, frame.body_bottom.0 + 5.0),
            text_at(frame.left.0, frame.height.0 + 40.0),
            text_at(frame.right.0 - 20.0, frame.top.0 + 20.0),
            text_at(frame.left.0 - 20.0, frame.top.0 + 20.0),
            text_at(frame.left.0, frame.top.0),
        ] {
            let err = check_body(&[outside], &frame, 3, Fonts::bundled()).unwrap_err();
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
        assert!(check_body(&[rule], &frame, 1, Fonts::bundled()).is_err());
    }

    /// A shaped line at the body's top, as the layout places one.
    fn shaped(text: &str, frame: &PageFrame) -> Vec<Item> {
        let fonts = Fonts::bundled();
        let size = Pt(10.0);
        let lines = crate::shape::wrap(
            &[crate::shape::Span::value(text)],
            size,
            frame.content_width(),
            fonts,
            crate::shape::Direction::Ltr,
        )
        .unwrap();
        let baseline = frame.top + Pt(30.0);
        lines[0]
            .frags
            .iter()
            .filter_map(|f| match f {
                crate::shape::Frag::Text {
                    x,
                    width,
                    synthetic_bold,
                    run,
                } => Some(Item::Text {
                    x: frame.left + *x,
                    y: baseline,
                    size: size * run.face.optical_scale(),
                    width: *width,
                    synthetic_bold: *synthetic_bold,
                    run: run.clone(),
                }),
                crate::shape::Frag::Blank { .. } => None,
            })
            .collect()
    }

    #[test]
    fn marks_stacked_outside_their_line_are_refused() {
        let frame = PageFrame::new(Paper::A4);
        let fonts = Fonts::bundled();
        for fine in ["مُحَمَّد", "น้ำ กั้", "प्रिया र्त्स्न्य"]
        {
            assert_eq!(
                check_body(&shaped(fine, &frame), &frame, 1, fonts),
                Ok(()),
                "{fine}"
            );
        }
        for stack in [
            format!("Ali م{}", "\u{064B}".repeat(20)),
            format!("ก{}", "\u{0E48}".repeat(40)),
            format!("ก{}", "\u{0E48}".repeat(5)),
        ] {
            let err = check_body(&shaped(&stack, &frame), &frame, 2, fonts).unwrap_err();
            assert!(matches!(err, LayoutError::Ink { page: 2, .. }), "{err}");
            assert!(err.to_string().contains("outside its line"), "{err}");
        }
    }

    /// Text that is not shaped is not measured: every glyph of the faces
    /// that draw it must lie inside the band by design.
    #[test]
    fn unshaped_faces_keep_inside_the_band() {
        let fonts = Fonts::bundled();
        for id in FaceId::ALL.into_iter().filter(|f| !f.is_shaped()) {
            let face = fonts.face(id).shaper().unwrap();
            let em = face.units_per_em() as f32;
            let b = face.global_bounding_box();
            assert!(f32::from(b.y_max) / em <= ink::ABOVE, "{id:?}");
            assert!(-f32::from(b.y_min) / em <= ink::BELOW, "{id:?}");
        }
    }

    /// The band is the tallest line box of the bundled fonts' designs.
    #[test]
    fn the_band_is_the_tallest_design() {
        let fonts = Fonts::bundled();
        let (mut above, mut below) = (0f32, 0f32);
        for id in FaceId::ALL {
            let face = fonts.face(id).shaper().unwrap();
            let em = face.units_per_em() as f32;
            above = above.max(f32::from(face.ascender()) / em);
            below = below.max(-f32::from(face.descender()) / em);
        }
        assert!((above - ink::ABOVE).abs() < 0.001, "{above}");
        assert!((below - ink::BELOW).abs() < 0.001, "{below}");
    }
}
