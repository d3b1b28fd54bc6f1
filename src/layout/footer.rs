//! The line at the foot of every page: what the document is and whose, and
//! the page number.

use super::geometry::{PageFrame, Pt};
use super::page::Item;
use super::style;
use super::text::{Span, measure, shorten, wrap};
use super::{LayoutError, bounds};
use crate::content::Document;
use crate::fonts::Fonts;

/// Between the document's name and the owner's.
const SEPARATOR: &str = "  ·  ";

pub fn footer(
    doc: &Document,
    page: usize,
    total: usize,
    frame: &PageFrame,
    fonts: &Fonts,
) -> Result<Vec<Item>, LayoutError> {
    let size = style::SMALL;
    let y = frame.footer_baseline;
    let right_text = doc
        .page_label
        .replace("{pages}", &total.to_string())
        .replace("{page}", &page.to_string());
    let room = frame.content_width() * 0.5;
    let right_text = shorten(&right_text, false, size, room, fonts)?;
    // Laid out like any text, so a page label in Chinese takes the CJK face.
    let direction = doc.lang.direction();
    let right = one_line(&right_text, size, fonts, direction)?;
    let right_w = right.width;
    let room = frame.content_width() - right_w - Pt(18.0);
    let left_text = left_text(doc, room, fonts)?;
    let left = one_line(&left_text, size, fonts, direction)?;
    let mut items = vec![Item::Line {
        x1: frame.left,
        y1: y - Pt(13.0),
        x2: frame.right,
        y2: y - Pt(13.0),
        width: style::HAIRLINE,
    }];
    let left = left.frags.into_iter().map(|f| (frame.left, f));
    let right = right.frags.into_iter().map(|f| (frame.right - right_w, f));
    for (origin, frag) in left.chain(right) {
        items.push(Item::Text {
            x: origin + frag.x,
            y,
            size,
            face: frag.face,
            text: frag.text,
            synthetic_bold: frag.synthetic_bold,
            width: frag.width,
            glyphs: frag.glyphs,
        });
    }
    bounds::check_footer(&items, frame, page, fonts)?;
    Ok(items)
}

/// The document's name and the owner's, within `room`: a long owner's name
/// is shortened with "…" at a character boundary rather than cut anywhere.
fn left_text(doc: &Document, room: Pt, fonts: &Fonts) -> Result<String, LayoutError> {
    let size = style::SMALL;
    let Some(owner) = &doc.owner else {
        return Ok(shorten(&doc.footer, false, size, room, fonts)?);
    };
    let lead = format!("{}{SEPARATOR}", doc.footer);
    let lead_w = measure(&lead, false, size, fonts)?;
    // Room for at least a few letters of the name, else the document's
    // name alone.
    let least = measure("Mmmm…", false, size, fonts)?;
    if (lead_w + least).0 > room.0 {
        return Ok(shorten(&doc.footer, false, size, room, fonts)?);
    }
    let name = shorten(owner, false, size, room - lead_w, fonts)?;
    if doc.lang.direction().is_rtl() {
        // "Priya Nair" after "… Xiaomi ·" would join the Latin run before it.
        return Ok(format!("{lead}{}", crate::shape::isolate(&name)));
    }
    Ok(format!("{lead}{name}"))
}

fn one_line(
    text: &str,
    size: Pt,
    fonts: &Fonts,
    direction: crate::shape::Direction,
) -> Result<super::text::Line, LayoutError> {
    let line = wrap(&[Span::plain(text)], size, Pt(f32::MAX), fonts, direction)?
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(line)
}
