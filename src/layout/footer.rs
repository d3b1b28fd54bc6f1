//! The line at the foot of every page: what the document is and whose, and
//! the page number.

use super::blocks::place;
use super::geometry::{PageFrame, Pt};
use super::page::Item;
use super::style;
use super::{LayoutError, bounds};
use crate::document::Document;
use crate::fonts::Fonts;
use crate::shape::{Direction, Line, Span, measure, shorten, wrap};

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
    let right = one_line(&[right_text], size, fonts, direction)?;
    let right_w = right.width;
    let room = frame.content_width() - right_w - Pt(18.0);
    let left = one_line(&left_text(doc, room, fonts)?, size, fonts, direction)?;
    let mut items = vec![Item::Line {
        x1: frame.left,
        y1: y - Pt(13.0),
        x2: frame.right,
        y2: y - Pt(13.0),
        width: style::HAIRLINE,
    }];
    let left = left.frags.iter().map(|f| place(f, frame.left, y, size));
    let right = right
        .frags
        .iter()
        .map(|f| place(f, frame.right - right_w, y, size));
    items.extend(left.chain(right));
    bounds::check_footer(&items, frame, page, fonts)?;
    Ok(items)
}

/// The document's name and the owner's, within `room`: a long owner's name
/// is shortened with "…" at a character boundary rather than cut anywhere.
/// The name is a value of its own, so the engine isolates it: "Priya Nair"
/// after "… Xiaomi ·" in an Arabic footer would join the Latin run before it.
fn left_text(doc: &Document, room: Pt, fonts: &Fonts) -> Result<Vec<String>, LayoutError> {
    let size = style::SMALL;
    let Some(owner) = &doc.owner else {
        return Ok(vec![shorten(&doc.footer, false, size, room, fonts)?]);
    };
    let lead = format!("{}{SEPARATOR}", doc.footer);
    let lead_w = measure(&lead, false, size, fonts)?;
    // Room for at least a few letters of the name, else the document's
    // name alone.
    let least = measure("Mmmm…", false, size, fonts)?;
    if (lead_w + least).0 > room.0 {
        return Ok(vec![shorten(&doc.footer, false, size, room, fonts)?]);
    }
    let name = shorten(owner, false, size, room - lead_w, fonts)?;
    Ok(vec![lead, name])
}

/// Text on one line: its first piece plain, the next (the owner's name) a
/// value in the same weight.
fn one_line(
    texts: &[String],
    size: Pt,
    fonts: &Fonts,
    direction: Direction,
) -> Result<Line, LayoutError> {
    let spans: Vec<Span<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Span {
            value: i > 0,
            ..Span::plain(t)
        })
        .collect();
    let line = wrap(&spans, size, Pt(f32::MAX), fonts, direction)?
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok(line)
}
