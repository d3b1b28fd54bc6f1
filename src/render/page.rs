//! One page's content stream: rules and boxes first, then all text in one
//! text object that sets a font only when it changes.

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Greyscale, Line, LinePoint, LinkAnnotation, Op,
    PaintMode, PdfFontHandle, PdfPage, Point, Rect, TextRenderingMode, WindingOrder,
};

use super::aliases::Aliases;
use super::fonts::PageFonts;
use super::glyphs::glyph_ops;
use crate::fonts::{FaceId, Fonts};
use crate::layout::{Item, Page};
use crate::units::Pt;

fn black() -> Color {
    Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    })
}

/// A page's content stream; the aliases its /ActualText spans draw go into
/// `aliases`.
pub(super) fn page_ops(
    page: &Page,
    font_ids: &PageFonts,
    fonts: &Fonts,
    aliases: &mut Aliases,
) -> PdfPage {
    let h = page.height;
    // PDF's y grows upwards from the bottom edge; the layout's grows down from the top.
    let flip = |y: Pt| printpdf::Pt(h.0 - y.0);
    let pt = |v: Pt| printpdf::Pt(v.0);
    let mut ops = vec![
        Op::SetFillColor { col: black() },
        Op::SetOutlineColor { col: black() },
    ];
    let mut line_width = -1.0f32;
    let mut set_width = |ops: &mut Vec<Op>, w: Pt| {
        if (w.0 - line_width).abs() > f32::EPSILON {
            ops.push(Op::SetOutlineThickness { pt: pt(w) });
            line_width = w.0;
        }
    };
    // Lines and boxes first, then all text in one text object that sets a
    // font only when it changes: nothing overlaps, and the page stream is
    // a fraction of the size.
    for item in &page.items {
        match item {
            Item::Text { .. } => {}
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                set_width(&mut ops, *width);
                let p = |x: Pt, y: Pt| LinePoint {
                    p: Point {
                        x: pt(x),
                        y: flip(y),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![p(*x1, *y1), p(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Item::Rect {
                x,
                y,
                w,
                h: rh,
                stroke,
            } => {
                if let Some(sw) = stroke {
                    set_width(&mut ops, *sw);
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: flip(*y + *rh),
                        width: pt(*w),
                        height: pt(*rh),
                        mode: Some(if stroke.is_some() {
                            PaintMode::Stroke
                        } else {
                            PaintMode::Fill
                        }),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
            Item::Link {
                x,
                y,
                w,
                h: lh,
                url,
            } => {
                let rect = Rect {
                    x: pt(*x),
                    y: flip(*y + *lh),
                    width: pt(*w),
                    height: pt(*lh),
                    mode: None,
                    winding_order: None,
                };
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        rect,
                        Actions::Uri(url.clone()),
                        // No border: printpdf's default is a 1 pt cyan frame.
                        Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                        Some(ColorArray::Transparent),
                        None,
                    ),
                });
            }
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(FaceId, f32)> = None;
    let mut outlined = false;
    for item in &page.items {
        let Item::Text {
            x,
            y,
            size,
            synthetic_bold,
            run,
            ..
        } = item
        else {
            continue;
        };
        let face = run.face;
        let (font_id, subset) = &font_ids[&face];
        if font != Some((face, size.0)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font_id.clone()),
                size: pt(*size),
            });
            font = Some((face, size.0));
        }
        if *synthetic_bold != outlined {
            if *synthetic_bold {
                set_width(&mut ops, *size * 0.03);
            }
            let mode = if *synthetic_bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            };
            ops.push(Op::SetTextRenderingMode { mode });
            outlined = *synthetic_bold;
        }
        glyph_ops(
            &mut ops,
            run,
            (subset, fonts.face(face)),
            *size,
            (x.0, h.0 - y.0),
            aliases,
        );
    }
    ops.push(Op::EndTextSection);
    let bounds = Rect::from_wh(pt(page.width), pt(page.height));
    PdfPage {
        media_box: bounds.clone(),
        trim_box: bounds.clone(),
        crop_box: bounds,
        ops,
    }
}
